/* libFuzzer target for department feed definitions (feeds/NAME.feed, read
 * by feed_def_load): any bytes as a definition file, loaded and freed; a
 * refusal always says why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_file.h"
#include "monitor/monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("feed", "feed", data, size);
    if (!path)
        return 0;
    struct mz_err err = {0};
    struct feed_def *d = feed_def_load(path, &err);
    if (!d && !err.msg[0])
        __builtin_trap();
    feed_def_free(d);
    return 0;
}
