/* libFuzzer target for department feed records as the API and
 * `mz feed ingest --json` read them: any bytes as a JSON body (an array of
 * records, or one record) and then as JSON lines, ingested into a real
 * registry of two households under the 医保 feed (feeds/yibao.feed) with
 * the Chongqing policies. A failure always says why; whatever the input,
 * every record read is counted exactly once as applied, unchanged or
 * rejected, and the database stays intact. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/date.h"
#include "base/err.h"
#include "cases/calendar.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/divisions.h"
#include "registry/idcard.h"
#include "registry/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct registry *reg;
static struct pol_set *set;
static struct cal *cal;
static struct feed_def *def;

static void die(const struct mz_err *err)
{
    fprintf(stderr, "fuzz_feedrecords: %s (run from the repository root)\n", err->msg);
    exit(1);
}

/* Two households: 500103… with one person, 500112… with two. */
static void setup(void)
{
    char db[64];
    snprintf(db, sizeof db, "/tmp/mz-fuzz-feedrecords-%d.db", (int)getpid());
    unlink(db);
    setenv("MZ_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    struct mz_err err = {0};
    struct div_import_stats st;
    if (reg_open(db, NULL, &reg, &err) < 0 ||
        div_import(reg_db(reg), "tests/data/divisions", "50", &st, &err) < 0 ||
        !(set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(reg), reg_vault(reg), "fuzz", "data/holidays-cn.csv", &cal, &err) < 0 ||
        !(def = feed_def_load("feeds/yibao.feed", &err)))
        die(&err);
    reg_set_actor(reg, "fuzz");
    static const char *const people[][4] = {
        {"50010319700101001", "刘峰", "H1", "户主"},
        {"50011219600202003", "王建", "H2", "户主"},
        {"50011219620303002", "赵丽", "H2", "配偶"},
    };
    enum put_result res;
    struct reg_household_in h1 = {"H1", "500103001003", "", "城镇"},
                            h2 = {"H2", "500112002004", "", "城镇"};
    if (reg_household_put(reg, &h1, date_parse("2024-01-01"), &res, &err) < 0 ||
        reg_household_put(reg, &h2, date_parse("2024-01-01"), &res, &err) < 0)
        die(&err);
    for (size_t i = 0; i < 3; i++) {
        char id[19];
        snprintf(id, sizeof id, "%s%c", people[i][0], idcard_check_char(people[i][0]));
        struct reg_person_in p = {.id_number = id, .name = people[i][1], .hukou = "城镇",
                                  .division = people[i][2][1] == '1' ? "500103001003"
                                                                     : "500112002004",
                                  .household_no = people[i][2], .relation = people[i][3]};
        if (reg_person_put(reg, &p, date_parse("2024-01-01"), &res, &err) < 0)
            die(&err);
    }
}

static void check(int rc, const struct mz_err *err, const struct feed_stats *st)
{
    if (rc < 0 && !err->msg[0])
        __builtin_trap();
    if (rc == 0 && st->applied + st->unchanged + st->rejected != st->records)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!reg)
        setup();
    struct mon_env env = {reg, set, cal};
    struct feed_run run = {.source = "fuzz", .as_of = date_parse("2026-01-05"), .batch = 50};
    struct feed_stats st = {0};
    struct mz_err err = {0};
    check(feed_ingest_json(&env, def, (const char *)data, size, &run, &st, &err), &err, &st);
    FILE *f = fmemopen((void *)data, size, "r");
    if (f) {
        st = (struct feed_stats){0};
        err = (struct mz_err){0};
        check(feed_ingest_jsonl(&env, def, f, &run, &st, &err), &err, &st);
        fclose(f);
    }
    return 0;
}
