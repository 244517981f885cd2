/* libFuzzer target for the policy compiler: any input must compile or be
 * rejected with a diagnostic, never crash. What compiles is also dumped
 * and its tests run, so the VM and the explainer see fuzzed programs too.
 * Build: clang -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_policy.c
 *        src/policy/ *.c src/base/ *.c -lcrypto -lm -pthread */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    const char *paths[] = {"fuzz.pol"};
    const char *texts[] = {text};
    struct mz_err err;
    struct pol_set *set = pol_compile_sources(paths, texts, 1, &err);
    if (set) {
        pol_dump(set, NULL, sink);
        pol_run_tests(set, sink, 1);
        pol_set_free(set);
    } else if (!strstr(err.msg, "错误") && !strstr(err.msg, "内存")) {
        abort(); /* every rejection carries a diagnostic */
    }
    free(text);
    return 0;
}
