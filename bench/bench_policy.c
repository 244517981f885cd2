/* Policy engine benchmark: a synthetic city of 1,000,000 persons (random
 * households) in memory, every Chongqing program evaluated on both cores,
 * and the interpretive overhead measured against a hand-written C loop
 * computing 低保 eligibility and amount over the same columns, and against
 * the same rule written as one SQL query run by SQLite and in NumPy
 * (bench/dibao_numpy.py, as OpenFisca and PolicyEngine compute).
 * Usage: bench_policy [persons] [policy dir] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "aim.h"
#include "base/mem.h"
#include "policy/policy.h"
#include "policy/snapshot.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int64_t below(int64_t n)
{
    return (int64_t)(next_rand() % (uint64_t)n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int64_t *col(const struct pol_set *set, struct pol_snapshot *s, const char *name)
{
    int i = pol_input_find(set, name);
    if (i < 0) {
        fprintf(stderr, "bench_policy: no input %s\n", name);
        exit(1);
    }
    return s->columns[i];
}

/* Random households of 1-6 persons; incomes, ages and facts spread so
 * that every program finds someone. */
static struct pol_snapshot *synthetic_city(const struct pol_set *set, size_t np, mz_date as_of)
{
    struct mz_err err;
    size_t nh = 0, cap = np, *sizes = malloc(cap * sizeof *sizes), total = 0;
    while (total < np) {
        size_t k = (size_t)(1 + below(6));
        if (total + k > np)
            k = np - total;
        sizes[nh++] = k;
        total += k;
    }
    struct pol_snapshot *s = pol_snapshot_new(set, np, nh, &err);
    if (!s) {
        fprintf(stderr, "bench_policy: %s\n", err.msg);
        exit(1);
    }
    int64_t *rural = col(set, s, "rural");
    for (size_t h = 0, p = 0; h < nh; h++) {
        s->household_id[h] = (int64_t)h + 1;
        s->member_start[h] = p;
        /* households come village by village, as a registry lists them */
        size_t village = h * 22800 / nh;
        rural[h] = village % 3 == 0;
        snprintf(s->division[h], sizeof s->division[h], "5001%02d%03d%03d",
                 (int)(1 + village / 600), (int)(1 + village / 20 % 30), (int)(1 + village % 20));
        p += sizes[h];
    }
    s->member_start[nh] = np;
    free(sizes);
    int64_t *birth = col(set, s, "birth_date"), *wage = col(set, s, "wage_income"),
            *pension = col(set, s, "pension_income"), *basic = col(set, s, "basic_pension"),
            *dep = col(set, s, "deposits"), *grade = col(set, s, "disability_grade"),
            *dtype = col(set, s, "disability_type"), *ill = col(set, s, "serious_illness"),
            *emp = col(set, s, "employment"), *sup = col(set, s, "has_supporter"),
            *dead = col(set, s, "is_dead"), *death = col(set, s, "death_date"),
            *orphan = col(set, s, "orphan"), *med = col(set, s, "medical_spending_12m"),
            *self = col(set, s, "selfcare_failed"), *rel = col(set, s, "relation");
    for (size_t p = 0; p < np; p++) {
        birth[p] = as_of - below(95 * 365);
        wage[p] = below(3) ? below(400000) : 0;
        pension[p] = below(5) == 0 ? below(300000) : 0;
        basic[p] = pension[p] ? pension[p] / 5 : 0;
        dep[p] = below(2) ? below(5000000) : 0;
        grade[p] = below(12) == 0 ? 1 + below(4) : 0;
        dtype[p] = grade[p] ? 1 + below(7) : 0;
        ill[p] = below(30) == 0;
        emp[p] = below(8);
        sup[p] = below(10) != 0;
        dead[p] = below(100) == 0;
        death[p] = dead[p] ? as_of - below(400) : MZ_DATE_NONE;
        orphan[p] = below(500) == 0;
        med[p] = below(10) == 0 ? below(5000000) : 0;
        self[p] = below(4) == 0 ? below(7) : 0;
        rel[p] = 1 + below(7);
    }
    return s;
}

/* 低保 written by hand over the same columns, as a C programmer would:
 * the standard by urban/rural flag on 2025-07-01, supplements inline. */
static void dibao_by_hand(const struct pol_set *set, struct pol_snapshot *s, mz_date as_of,
                          int64_t *elig, int64_t *amount)
{
    const int64_t *wage = col(set, s, "wage_income"), *bus = col(set, s, "business_income"),
                  *oth = col(set, s, "other_income"), *pen = col(set, s, "pension_income"),
                  *basic = col(set, s, "basic_pension"), *excl = col(set, s, "excluded_income"),
                  *dep = col(set, s, "deposits"), *dead = col(set, s, "is_dead"),
                  *death = col(set, s, "death_date"), *birth = col(set, s, "birth_date"),
                  *grade = col(set, s, "disability_grade"), *ill = col(set, s, "serious_illness"),
                  *emp = col(set, s, "employment"), *school = col(set, s, "schooling"),
                  *rural = col(set, s, "rural");
    for (size_t h = 0; h < s->nhouseholds; h++) {
        int64_t std = rural[h] ? 63000 : 77000, n = 0, inc = 0, deposits = 0, supp = 0;
        for (size_t p = s->member_start[h]; p < s->member_start[h + 1]; p++) {
            if (dead[p] && (death[p] == MZ_DATE_NONE || death[p] <= as_of))
                continue;
            int64_t pension = pen[p] - basic[p] > 0 ? pen[p] - basic[p] : 0;
            int64_t ci = wage[p] + bus[p] + oth[p] + pension - excl[p];
            n++;
            inc += ci > 0 ? ci : 0;
            deposits += dep[p];
            int child = emp[p] == 6 || emp[p] == 7 || school[p] != 0;
            int severe = (grade[p] >= 1 && grade[p] <= 2) || ill[p] ||
                         date_age((mz_date)birth[p], as_of) >= 70;
            supp += (child ? 10000 : severe ? 6000 : 0) + (grade[p] >= 1 ? 4000 : 0);
        }
        int64_t pci = n ? inc / n : 0;
        elig[h] = n >= 1 && pci < std && deposits <= std * 24 * n;
        int64_t a = (std - pci) * n + supp, q = a / 100, r = a % 100;
        if (r < 0) {
            q--;
            r += 100;
        }
        amount[h] = elig[h] ? (q + (r >= 50)) * 100 : 0;
    }
}

/* The same 低保 rule as one SQL query run by SQLite over the same columns
 * (loaded into an in-memory database first; only the query is timed).
 * Returns the best time of `runs` and fills elig/amount by household. */
static double dibao_by_sql(const struct pol_set *set, struct pol_snapshot *s, mz_date as_of,
                           int runs, int64_t *elig, int64_t *amount)
{
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db,
                 "CREATE TABLE hh(h INTEGER PRIMARY KEY, rural INTEGER);"
                 "CREATE TABLE p(h INTEGER, wage, bus, oth, pen, basic, excl, dep, dead, death,"
                 " birth, grade, ill, emp, school);"
                 "BEGIN",
                 NULL, NULL, NULL);
    const int64_t *c[14];
    const char *names[] = {"wage_income",    "business_income", "other_income", "pension_income",
                           "basic_pension",  "excluded_income", "deposits",     "is_dead",
                           "death_date",     "birth_date",      "disability_grade",
                           "serious_illness", "employment",     "schooling"};
    for (int i = 0; i < 14; i++)
        c[i] = col(set, s, names[i]);
    const int64_t *rural = col(set, s, "rural");
    sqlite3_stmt *ih, *ip;
    sqlite3_prepare_v2(db, "INSERT INTO hh VALUES(?1, ?2)", -1, &ih, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO p VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                       -1, &ip, NULL);
    for (size_t h = 0; h < s->nhouseholds; h++) {
        sqlite3_bind_int64(ih, 1, (int64_t)h);
        sqlite3_bind_int64(ih, 2, rural[h]);
        sqlite3_step(ih);
        sqlite3_reset(ih);
        for (size_t q = s->member_start[h]; q < s->member_start[h + 1]; q++) {
            sqlite3_bind_int64(ip, 1, (int64_t)h);
            for (int i = 0; i < 14; i++)
                sqlite3_bind_int64(ip, i + 2, c[i][q]);
            sqlite3_step(ip);
            sqlite3_reset(ip);
        }
    }
    sqlite3_finalize(ih);
    sqlite3_finalize(ip);
    sqlite3_exec(db, "COMMIT; CREATE INDEX p_h ON p(h)", NULL, NULL, NULL);
    int y, m, d;
    date_to_ymd(as_of, &y, &m, &d);
    /* Aged 70 or more on as_of: born on or before this day. */
    mz_date cutoff = date_from_ymd(y - 70, m, m == 2 && d == 29 ? 28 : d);
    const char *sql =
        "SELECT h, n >= 1 AND inc / n < std AND dep <= std * 24 * n,"
        "       ((std - inc / n) * n + supp + 50) / 100 * 100"
        " FROM (SELECT p.h AS h, CASE WHEN hh.rural THEN 63000 ELSE 77000 END AS std,"
        "         count(*) AS n, sum(dep) AS dep,"
        "         sum(max(wage + bus + oth + max(pen - basic, 0) - excl, 0)) AS inc,"
        "         sum(CASE WHEN emp IN (6, 7) OR school <> 0 THEN 10000"
        "                  WHEN grade BETWEEN 1 AND 2 OR ill OR birth <= ?2 THEN 6000 ELSE 0 END"
        "             + CASE WHEN grade >= 1 THEN 4000 ELSE 0 END) AS supp"
        "       FROM p JOIN hh ON hh.h = p.h"
        "       WHERE NOT (dead AND (death = ?3 OR death <= ?1)) GROUP BY p.h)";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_policy: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    double best = 1e30;
    for (int r = 0; r < runs; r++) {
        memset(elig, 0, s->nhouseholds * sizeof *elig);
        memset(amount, 0, s->nhouseholds * sizeof *amount);
        sqlite3_bind_int64(q, 1, as_of);
        sqlite3_bind_int64(q, 2, cutoff);
        sqlite3_bind_int64(q, 3, MZ_DATE_NONE);
        double t0 = now();
        while (sqlite3_step(q) == SQLITE_ROW) {
            int64_t h = sqlite3_column_int64(q, 0);
            elig[h] = sqlite3_column_int64(q, 1);
            amount[h] = elig[h] ? sqlite3_column_int64(q, 2) : 0;
        }
        double t = now() - t0;
        sqlite3_reset(q);
        best = t < best ? t : best;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return best;
}

static void write_column(const char *dir, const char *name, const int64_t *v, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s.bin", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(v, sizeof *v, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static void read_column(const char *dir, const char *name, int64_t *v, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s.bin", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f || fread(v, sizeof *v, n, f) != n) {
        perror(path);
        exit(1);
    }
    fclose(f);
}

/* The same 低保 rule in NumPy (bench/dibao_numpy.py, run by Debian's
 * python3 with python3-numpy) over the same columns written to files; only
 * the rule is timed (best of `runs`). Returns the time, or -1 if python3
 * or NumPy is missing. */
static double dibao_by_numpy(const struct pol_set *set, struct pol_snapshot *s, mz_date as_of,
                             int runs, int64_t *elig, int64_t *amount)
{
    char dir[] = "/tmp/mz-numpy-XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    const char *names[] = {"wage_income",    "business_income", "other_income", "pension_income",
                           "basic_pension",  "excluded_income", "deposits",     "is_dead",
                           "death_date",     "birth_date",      "disability_grade",
                           "serious_illness", "employment",     "schooling"};
    for (int i = 0; i < 14; i++)
        write_column(dir, names[i], col(set, s, names[i]), s->npersons);
    write_column(dir, "rural", col(set, s, "rural"), s->nhouseholds);
    int64_t *start = malloc((s->nhouseholds + 1) * sizeof *start);
    for (size_t h = 0; h <= s->nhouseholds; h++)
        start[h] = (int64_t)s->member_start[h];
    write_column(dir, "member_start", start, s->nhouseholds + 1);
    free(start);
    int y, m, d;
    date_to_ymd(as_of, &y, &m, &d);
    mz_date cutoff = date_from_ymd(y - 70, m, m == 2 && d == 29 ? 28 : d);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 bench/dibao_numpy.py %s %d %d %d %d 2>&1", dir,
             (int)as_of, (int)cutoff, (int)MZ_DATE_NONE, runs);
    FILE *p = popen(cmd, "r");
    char out[256] = "";
    double t = -1;
    if (p && fgets(out, sizeof out, p) && sscanf(out, "%lf", &t) == 1) {
        read_column(dir, "elig", elig, s->nhouseholds);
        read_column(dir, "amount", amount, s->nhouseholds);
    } else {
        fprintf(stderr, "bench_policy: NumPy comparison not run: %s", out[0] ? out : "no output\n");
        t = -1;
    }
    if (p)
        pclose(p);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_policy: could not remove %s\n", dir);
    return t;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n)
        exit(1);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* The 低保 program alone (no precedence), from the same policy files:
 * the inputs, the parameters they and 低保 read, and 低保; tests cut. */
static struct pol_set *dibao_only(const char *dir)
{
    enum { NFILES = 4 };
    const char *names[NFILES] = {"00-inputs.pol", "01-params.pol", "charity.pol", "dibao.pol"};
    char paths[NFILES][512], *texts[NFILES];
    const char *p[NFILES], *t[NFILES];
    for (int i = 0; i < NFILES; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
        texts[i] = read_text(paths[i]);
        char *after = strstr(texts[i], "group \"基本生活救助\" after tekun");
        if (after)
            memset(after, ' ', strlen("group \"基本生活救助\" after tekun"));
        char *test = strstr(texts[i], "\ntest ");
        if (test)
            test[1] = 0;
        p[i] = paths[i];
        t[i] = texts[i];
    }
    struct mz_err err;
    struct pol_set *set = pol_compile_sources(p, t, NFILES, &err);
    if (!set) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    for (int i = 0; i < NFILES; i++)
        free(texts[i]);
    return set;
}

/* Best of `runs` evaluations into the same results (the first run
 * allocates them; the timing is of evaluation, not of page faults). */
static double best_eval(const struct pol_set *set, const struct pol_snapshot *s, mz_date as_of,
                        int threads, int runs)
{
    double best = 1e30;
    struct mz_err err;
    struct pol_results *res = pol_eval(set, s, as_of, threads, &err);
    for (int r = 0; r < runs && res; r++) {
        double t0 = now();
        if (pol_reeval(res, set, s, as_of, threads, &err) < 0)
            break;
        double t = now() - t0;
        best = t < best ? t : best;
    }
    if (!res || best > 1e29) {
        fprintf(stderr, "bench_policy: %s\n", err.msg);
        exit(1);
    }
    pol_results_free(res);
    return best;
}

int main(int argc, char **argv)
{
    size_t np = argc > 1 ? (size_t)atol(argv[1]) : 1000000;
    const char *dir = argc > 2 ? argv[2] : "policies/chongqing";
    mz_date as_of = date_from_ymd(2025, 7, 1);
    struct mz_err err;
    struct pol_set *set = pol_compile_dir(dir, &err);
    if (!set) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    struct pol_snapshot *s = synthetic_city(set, np, as_of);
    int nprog = pol_program_count(set);
    double t2 = best_eval(set, s, as_of, 2, 3), t1 = best_eval(set, s, as_of, 1, 2);
    printf("persons: %zu\n", s->npersons);
    printf("households: %zu\n", s->nhouseholds);
    printf("programs: %d\n", nprog);
    printf("all programs, 2 threads: %.1f ms\n", t2 * 1e3);
    printf("persons/s (2 threads): %.0f\n", (double)np / t2);
    printf("ns per person per program (2 threads): %.2f\n", t2 * 1e9 / (double)np / nprog);
    printf("all programs, 1 thread: %.1f ms\n", t1 * 1e3);
    /* the engine's snapshot and results, before the comparisons copy the
     * columns elsewhere: per person, at Chongqing's 32 M */
    struct rusage engine_ru;
    getrusage(RUSAGE_SELF, &engine_ru);
    printf("peak RSS, snapshot and every program evaluated: %.1f MB\n",
           (double)engine_ru.ru_maxrss / 1024.0);
    char what[96];
    snprintf(what, sizeof what, "snapshot memory at 32 M persons (%s %zu)",
             np >= 32000000 ? "measured at" : "projected from", np);
    aim(what, (double)engine_ru.ru_maxrss * 1024.0 / (double)np * 32e6 / 1e9, 7, "GB", true);
    printf("ns per person per program (1 thread): %.2f\n", t1 * 1e9 / (double)np / nprog);

    /* 低保 alone: the VM against the hand-written loop, one thread each */
    struct pol_set *dibao = dibao_only(dir);
    struct pol_snapshot *sd = pol_snapshot_new(dibao, s->npersons, s->nhouseholds, &err);
    memcpy(sd->member_start, s->member_start, (s->nhouseholds + 1) * sizeof *s->member_start);
    memcpy(sd->division, s->division, s->nhouseholds * sizeof *s->division);
    int n;
    const struct pol_input *in = pol_inputs(dibao, &n);
    for (int i = 0; i < n; i++) {
        size_t rows = in[i].entity == POL_PERSON ? s->npersons : s->nhouseholds;
        memcpy(sd->columns[i], col(set, s, in[i].name), rows * sizeof(int64_t));
    }
    double tvm = best_eval(dibao, sd, as_of, 1, 5);
    int64_t *elig = malloc(s->nhouseholds * sizeof *elig), *amt = malloc(s->nhouseholds * sizeof *amt);
    double thand = 1e30;
    for (int r = 0; r < 5; r++) {
        double t0 = now();
        dibao_by_hand(dibao, sd, as_of, elig, amt);
        double t = now() - t0;
        thand = t < thand ? t : thand;
    }
    struct pol_results *res = pol_eval(dibao, sd, as_of, 1, &err);
    size_t differ = 0, granted = 0;
    for (size_t h = 0; h < s->nhouseholds; h++) {
        differ += elig[h] != pol_results_eligible(res, 0)[h] || amt[h] != pol_results_amount(res, 0)[h];
        granted += (size_t)elig[h];
    }
    printf("dibao households eligible: %zu\n", granted);
    printf("dibao VM vs hand-written results differing: %zu\n", differ);
    printf("dibao only, VM, 1 thread: %.1f ms\n", tvm * 1e3);
    printf("dibao only, hand-written C, 1 thread: %.1f ms\n", thand * 1e3);
    printf("ratio VM / hand-written C: %.2f\n", tvm / thand);
    aim("engine / hand-written C loop (低保, 1 thread)", tvm / thand, 1.5, "x", true);
    /* The SQL comparison copies the city into an in-memory database: above
     * a few million persons that copy alone would not fit beside it. */
    if (np <= 4000000) {
        int64_t *selig = malloc(s->nhouseholds * sizeof *selig),
                *samt = malloc(s->nhouseholds * sizeof *samt);
        double tsql = dibao_by_sql(dibao, sd, as_of, 2, selig, samt);
        size_t sql_differ = 0;
        for (size_t h = 0; h < s->nhouseholds; h++)
            sql_differ += selig[h] != elig[h] || samt[h] != amt[h];
        printf("dibao only, one SQL query in SQLite: %.1f ms\n", tsql * 1e3);
        printf("dibao SQL vs hand-written results differing: %zu\n", sql_differ);
        printf("ratio SQLite query / VM: %.1f\n", tsql / tvm);
        aim("same rule in SQL / engine", tsql / tvm, 40, "x", false);
        differ += sql_differ;
        free(selig);
        free(samt);
    } else {
        printf("dibao SQL comparison: skipped above 4,000,000 persons\n");
    }
    /* NumPy holds the columns and its temporaries beside the snapshot. */
    if (np <= 8000000) {
        int64_t *nelig = malloc(s->nhouseholds * sizeof *nelig),
                *namt = malloc(s->nhouseholds * sizeof *namt);
        double tnp = dibao_by_numpy(dibao, sd, as_of, 5, nelig, namt);
        if (tnp >= 0) {
            size_t np_differ = 0;
            for (size_t h = 0; h < s->nhouseholds; h++)
                np_differ += nelig[h] != elig[h] || namt[h] != amt[h];
            printf("dibao only, NumPy (python3-numpy), 1 thread: %.1f ms\n", tnp * 1e3);
            printf("dibao NumPy vs hand-written results differing: %zu\n", np_differ);
            printf("ratio NumPy / VM: %.2f\n", tnp / tvm);
            aim("same rule in NumPy / engine", tnp / tvm, 5, "x", false);
            differ += np_differ;
        } else {
            differ++; /* the comparison the bench promises could not run */
        }
        free(nelig);
        free(namt);
    } else {
        printf("dibao NumPy comparison: skipped above 8,000,000 persons\n");
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS with the comparisons: %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    pol_results_free(res);
    free(elig);
    free(amt);
    pol_snapshot_free(sd);
    pol_set_free(dibao);
    pol_snapshot_free(s);
    pol_set_free(set);
    return differ != 0;
}
