/* libFuzzer target for the holiday file (data/holidays-cn.csv, read by
 * cal_import): any bytes as the file, imported into a real database. A
 * refusal always says why, and leaves the calendar as it was: every year
 * the database knew before still loads afterwards. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/err.h"
#include "cases/calendar.h"
#include "fuzz_file.h"
#include "registry/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct registry *reg;

/* A registry in /tmp with the shipped calendar, made on the first input. */
static int setup(void)
{
    char db[64];
    snprintf(db, sizeof db, "/tmp/mz-fuzz-holidays-%d.db", (int)getpid());
    unlink(db);
    setenv("MZ_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    struct mz_err err = {0};
    struct cal *cal = NULL;
    if (reg_open(db, NULL, &reg, &err) < 0 ||
        cal_load(reg_db(reg), reg_vault(reg), "fuzz", "data/holidays-cn.csv", &cal, &err) < 0) {
        fprintf(stderr, "fuzz_holidays: %s (run from the repository root)\n", err.msg);
        exit(1);
    }
    cal_free(cal);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!reg)
        setup();
    const char *path = fuzz_file("holidays", "csv", data, size);
    if (!path)
        return 0;
    struct mz_err err = {0};
    int years, days;
    if (cal_import(reg_db(reg), reg_vault(reg), "fuzz", path, &years, &days, &err) < 0 &&
        !err.msg[0])
        __builtin_trap();
    struct cal *cal = NULL;
    err = (struct mz_err){0};
    if (cal_load(reg_db(reg), reg_vault(reg), "fuzz", NULL, &cal, &err) < 0 ||
        cal_first_year(cal) > 2024)
        __builtin_trap();
    cal_free(cal);
    return 0;
}
