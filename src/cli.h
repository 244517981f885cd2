/* The command-line interface: parses `mz SUBCOMMAND ...` and dispatches to
 * the parts. Returns the process exit status (0 ok, 1 failure, 2 usage). */
#ifndef MZ_CLI_H
#define MZ_CLI_H

int cli_main(int argc, char **argv);

#endif
