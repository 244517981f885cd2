/* libFuzzer target for division change scripts (registry/divchange.h,
 * `mz divisions change --file`): any bytes as the script, applied to a real
 * registry holding the test divisions. A refusal always says why and
 * leaves the divisions, the change events and the audit log as they were;
 * after a script that applied, the registry is put back to its start so
 * that every input meets the same divisions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/mem.h"
#include "registry/divchange.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct registry *reg;
static char db[64], pristine[64];

static void open_copy(void)
{
    struct mz_err err = {0};
    if (db_copy(pristine, db, true, &err) < 0 || reg_open(db, NULL, &reg, &err) < 0) {
        fprintf(stderr, "fuzz_divchange: %s\n", err.msg);
        exit(1);
    }
    reg_set_actor(reg, "fuzz");
}

/* The test divisions in a registry kept as the start (made on the first
 * input; run from the repository root). */
static void setup(void)
{
    snprintf(db, sizeof db, "/tmp/mz-fuzz-divchange-%d.db", (int)getpid());
    snprintf(pristine, sizeof pristine, "/tmp/mz-fuzz-divchange-%d.start.db", (int)getpid());
    unlink(pristine);
    setenv("MZ_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    struct mz_err err = {0};
    struct div_import_stats st;
    struct registry *r;
    if (reg_open(pristine, NULL, &r, &err) < 0 ||
        div_import(reg_db(r), "tests/data/divisions", "50", &st, &err) < 0) {
        fprintf(stderr, "fuzz_divchange: %s (run from the repository root)\n", err.msg);
        exit(1);
    }
    reg_close(r);
    unlink(db);
    open_copy();
}

/* Rows of the tables a change writes, summed. */
static int64_t rows(void)
{
    static const char *const tables[] = {"divisions", "division_events", "division_event_steps",
                                         "audit_log"};
    int64_t total = 0, n;
    struct mz_err err = {0};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        if (db_count_rows(reg_db(reg), tables[i], &n, &err) < 0) __builtin_trap();
        total += n;
    }
    return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!reg) setup();
    char *text = mz_malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    int64_t before = rows();
    struct div_event_result res;
    struct mz_err err = {0};
    if (div_event_apply(reg, "fuzz.txt", text, &res, &err) < 0) {
        if (!err.msg[0] || rows() != before) __builtin_trap();
    } else {
        reg_close(reg);
        unlink(db);
        open_copy();
    }
    mz_free(text);
    return 0;
}
