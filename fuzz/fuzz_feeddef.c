/* libFuzzer target for department feed definitions (feeds/NAME.feed, read
 * by feed_def_load): any bytes as a definition file, loaded and freed; a
 * refusal always says why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "monitor/monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/mz-fuzz-feed-%d.feed", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    struct mz_err err = {0};
    struct feed_def *d = feed_def_load(path, &err);
    if (!d && !err.msg[0])
        __builtin_trap();
    feed_def_free(d);
    return 0;
}
