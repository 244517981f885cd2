/* The fuzz targets without libFuzzer: each file named on the command line
 * (or each file of each folder named) is given once to the target's
 * LLVMFuzzerTestOneInput. Linked with every fuzz_NAME.c by the sanitizer
 * build, so that `make test` replays the committed corpora
 * (tests/e2e/fuzz_corpus.sh): a crash or sanitizer report on any input
 * that once passed fails the suite, without clang or time spent fuzzing. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feeds the file at path to the target; -1 if it cannot be read. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    uint8_t *data = NULL;
    size_t size = 0, cap = 0, n;
    do {
        if (size == cap) {
            cap = cap ? 2 * cap : 65536;
            uint8_t *p = realloc(data, cap);
            if (!p) {
                free(data);
                fclose(f);
                return -1;
            }
            data = p;
        }
        n = fread(data + size, 1, cap - size, f);
        size += n;
    } while (n > 0);
    int bad = ferror(f);
    fclose(f);
    if (!bad) LLVMFuzzerTestOneInput(data, size);
    free(data);
    return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
    long inputs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (replay_file(argv[i]) < 0) {
                perror(argv[i]);
                return 1;
            }
            inputs++;
            continue;
        }
        struct dirent **names;
        int n = scandir(argv[i], &names, NULL, alphasort);
        if (n < 0) {
            perror(argv[i]);
            return 1;
        }
        int status = 0;
        for (int k = 0; k < n; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
            if (!status && names[k]->d_name[0] != '.' && stat(path, &st) == 0 &&
                S_ISREG(st.st_mode)) {
                if (replay_file(path) < 0) {
                    perror(path);
                    status = 1;
                }
                inputs++;
            }
            free(names[k]);
        }
        free(names);
        if (status) return 1;
    }
    printf("%ld inputs replayed\n", inputs);
    return 0;
}
