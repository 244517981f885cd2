/* mz — the minzheng command. Everything is in cli.c; this is the entry. */
#include "cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
