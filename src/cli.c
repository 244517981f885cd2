/* Command-line dispatch. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0) {
        puts("mz — minzheng 数字民政平台");
        return argc < 2 ? 2 : 0;
    }
    fprintf(stderr, "mz: 未知命令 %s\n", argv[1]);
    return 2;
}
