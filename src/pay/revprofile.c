/* What the periodic review schedule reads of an enrolled household as of
 * a month's first day (review.c): the review interval and why, and its
 * members' deaths. Read from a snapshot of those households; kept in
 * memory between calls (per database, day and policy layout) and brought
 * up to date from the registry's change journal (store/snapstore.h), so a
 * city-wide work queue reads again only the households changed since. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "pay/internal.h"
#include "policy/policy.h"
#include "policy/snapfile.h"
#include "policy/snapload.h"
#include "store/regstore.h"
#include "store/snapstore.h"

/* The snapshot columns the review rule reads (-1 if the set lacks one). */
struct review_cols {
    int birth, employment, illness, grade, rural, is_dead, death_date;
    int64_t unemployed, jobless; /* enum codes of 登记失业, 无业 */
};

static int64_t col(const struct pol_snapshot *snap, int input, size_t row)
{
    return input >= 0 ? snap->columns[input][row] : 0;
}

/* The interval in months and why, for snapshot household h. */
static int interval(const struct pol_snapshot *snap, const struct review_cols *c, size_t h,
                    mz_date first, const char **why)
{
    bool unemployed = false, fragile = false;
    for (size_t i = snap->member_start[h]; i < snap->member_start[h + 1]; i++) {
        int64_t grade = col(snap, c->grade, i), emp = col(snap, c->employment, i);
        mz_date birth = c->birth >= 0 ? (mz_date)col(snap, c->birth, i) : MZ_DATE_NONE;
        int age = birth == MZ_DATE_NONE ? -1 : date_age(birth, first);
        bool severe = grade >= 1 && grade <= 2;
        fragile |= severe || col(snap, c->illness, i) != 0;
        unemployed |= age >= 16 && age < 60 && !severe && emp &&
                      (emp == c->unemployed || emp == c->jobless);
    }
    bool rural = col(snap, c->rural, h) != 0;
    if (unemployed) {
        *why = rural ? "农村家庭有劳动能力成员未就业：按季度复核" : "城市家庭有劳动能力成员未就业：按月复核";
        return rural ? 3 : 1;
    }
    if (fragile) {
        *why = "有重病或重度残疾成员：每年复核";
        return 12;
    }
    *why = "收入基本稳定：每半年复核";
    return 6;
}

static int64_t enum_code(const struct pol_set *set, int input, const char *label)
{
    int64_t v = 0;
    struct mz_err ignored = {0};
    if (input < 0 || pol_value_parse(set, input, label, &v, &ignored) < 0)
        return -1;
    return v;
}

/* A household's profile with its dead members in its own allocation. */
struct entry {
    struct review_profile p;
    struct review_dead *dead;
    size_t cap_dead;
};

static int entry_cmp(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    return (x->p.household_id > y->p.household_id) - (x->p.household_id < y->p.household_id);
}

static void entries_free(struct entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mz_free(v[i].dead);
    mz_free(v);
}

/* The profiles of households ids[0..n) (distinct), in that order, read
 * from the registry as of first; those without members then are absent. */
static int profiles_load(struct db *db, const struct pol_set *set, mz_date first,
                         const int64_t *ids, size_t n, struct entry **out, struct mz_err *err)
{
    *out = n ? mz_calloc(n, sizeof **out) : NULL;
    if (n && !*out)
        return mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; i < n; i++)
        (*out)[i].p.household_id = ids[i];
    if (!n)
        return 0;
    struct snap_request req = {.as_of = first, .household_ids = ids, .nhouseholds = n};
    int64_t *pids = NULL;
    struct pol_snapshot *snap = snap_load(db, set, &req, &pids, err);
    if (!snap) {
        entries_free(*out, n);
        *out = NULL;
        return -1;
    }
    int emp = pol_input_find(set, "employment");
    struct review_cols c = {pol_input_find(set, "birth_date"), emp,
                            pol_input_find(set, "serious_illness"),
                            pol_input_find(set, "disability_grade"), pol_input_find(set, "rural"),
                            pol_input_find(set, "is_dead"), pol_input_find(set, "death_date"),
                            enum_code(set, emp, "登记失业"), enum_code(set, emp, "无业")};
    int rc = 0;
    /* snapshot households come in the order asked, those without members left out */
    size_t k = 0;
    for (size_t h = 0; rc == 0 && h < snap->nhouseholds; h++) {
        while (k < n && ids[k] != snap->household_id[h])
            k++;
        if (k == n)
            break;
        struct entry *e = &(*out)[k];
        e->p.present = true;
        e->p.months = interval(snap, &c, h, first, &e->p.why);
        for (size_t i = snap->member_start[h]; i < snap->member_start[h + 1]; i++) {
            if (!col(snap, c.is_dead, i)) {
                e->p.alive = true;
                continue;
            }
            if (mz_grow(&e->dead, &e->cap_dead, e->p.ndead + 1, sizeof *e->dead) < 0) {
                rc = mz_fail(err, "out_of_memory", "内存不足");
                break;
            }
            e->dead[e->p.ndead++] = (struct review_dead){
                pids[i], c.death_date >= 0 ? (mz_date)col(snap, c.death_date, i) : MZ_DATE_NONE};
        }
        e->p.dead = e->dead;
        struct household_row hr;
        if (rc == 0 && rs_household_get(db, ids[k], &hr, err) < 0)
            rc = -1;
        else if (rc == 0) {
            snprintf(e->p.hh_no, sizeof e->p.hh_no, "%s", hr.hh_no);
            snprintf(e->p.division, sizeof e->p.division, "%s", hr.division);
        }
    }
    pol_snapshot_free(snap);
    mz_free(pids);
    if (rc < 0) {
        entries_free(*out, n);
        *out = NULL;
    }
    return rc;
}

/* ---- kept between calls ------------------------------------------------ */

/* One database, day and policy layout at a time; entries sorted by
 * household id; every registry change stamped after generation gen is
 * still to be read. */
static struct {
    pthread_mutex_t lock;
    bool valid;
    char instance[33];
    mz_date as_of;
    unsigned char layout[SNAPFILE_LAYOUT_LEN];
    int64_t gen;
    struct entry *v;
    size_t n, cap;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void cache_clear(void)
{
    entries_free(cache.v, cache.n);
    cache.v = NULL;
    cache.n = cache.cap = 0;
    cache.valid = false;
}

static struct entry *cache_find(int64_t id)
{
    struct entry key = {.p.household_id = id};
    return cache.n ? bsearch(&key, cache.v, cache.n, sizeof key, entry_cmp) : NULL;
}

/* Drops the households changed (ascending ids) from the cache. */
static void cache_drop(const int64_t *changed, size_t nchanged)
{
    size_t k = 0, j = 0;
    for (size_t i = 0; i < cache.n; i++) {
        while (j < nchanged && changed[j] < cache.v[i].p.household_id)
            j++;
        if (j < nchanged && changed[j] == cache.v[i].p.household_id)
            mz_free(cache.v[i].dead);
        else
            cache.v[k++] = cache.v[i];
    }
    cache.n = k;
}

/* Makes the cache fit this database, day and set, with every household
 * changed since it was filled dropped. With advance (outside any
 * transaction) the journal's generation is advanced, so those changes are
 * not read again next time; without (inside a read transaction, which
 * cannot write), they are dropped and read again on every call until a
 * call or a snapshot build advances it. */
static int cache_follow(struct db *db, const struct pol_set *set, mz_date first, bool advance,
                        struct mz_err *err)
{
    unsigned char layout[SNAPFILE_LAYOUT_LEN];
    struct ss_state now;
    if (snapfile_layout(set, layout) < 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    if (ss_peek(db, &now, err) < 0)
        return -1;
    if (now.bulk) /* a bulk load stamps nothing: its changes cannot be followed */
        return mz_fail(err, "bulk_load", "登记库正在批量导入");
    bool same = cache.valid && cache.as_of == first && strcmp(cache.instance, now.instance) == 0 &&
                memcmp(cache.layout, layout, sizeof layout) == 0 && cache.gen >= now.floor;
    int64_t *changed = NULL;
    size_t nchanged = 0;
    if (same && ss_changed_since(db, cache.gen, &changed, &nchanged, err) < 0)
        return -1;
    if (same && (nchanged == 0 || !advance)) {
        cache_drop(changed, nchanged);
        mz_free(changed);
        return 0;
    }
    mz_free(changed);
    struct ss_state build = now;
    /* changes stamped now.gen may come before or after this reading: with
     * no advance they are read again each time */
    build.gen = now.gen - 1;
    if (advance && ss_build_start(db, same ? cache.gen : -1, &build, &changed, &nchanged, err) < 0)
        return -1;
    if (same) {
        cache_drop(changed, nchanged);
    } else {
        cache_clear();
        memcpy(cache.instance, build.instance, sizeof cache.instance);
        memcpy(cache.layout, layout, sizeof layout);
        cache.as_of = first;
    }
    mz_free(changed);
    cache.gen = build.gen;
    cache.valid = true;
    return 0;
}

/* Reads the households of ids[0..n) (ascending) not in the cache into it. */
static int cache_fill(struct db *db, const struct pol_set *set, mz_date first, const int64_t *ids,
                      size_t n, struct mz_err *err)
{
    int64_t *missing = mz_malloc((n ? n : 1) * sizeof *missing);
    if (!missing)
        return mz_fail(err, "out_of_memory", "内存不足");
    size_t nmissing = 0;
    for (size_t i = 0; i < n; i++)
        if (!cache_find(ids[i]))
            missing[nmissing++] = ids[i];
    struct entry *fresh = NULL;
    int rc = profiles_load(db, set, first, missing, nmissing, &fresh, err);
    mz_free(missing);
    if (rc < 0)
        return -1;
    if (nmissing && mz_grow(&cache.v, &cache.cap, cache.n + nmissing, sizeof *cache.v) < 0) {
        entries_free(fresh, nmissing);
        return mz_fail(err, "out_of_memory", "内存不足");
    }
    if (nmissing) {
        memcpy(cache.v + cache.n, fresh, nmissing * sizeof *fresh);
        cache.n += nmissing;
        qsort(cache.v, cache.n, sizeof *cache.v, entry_cmp);
    }
    mz_free(fresh);
    return 0;
}

/* Copies entries src[0..n) into out (profiles) and one block of their dead
 * members (*dead, which the profiles point into). */
static int copy_out(const struct entry *const *src, size_t n, struct review_profile *out,
                    struct review_dead **dead, struct mz_err *err)
{
    size_t ndead = 0;
    for (size_t i = 0; i < n; i++)
        ndead += src[i]->p.ndead;
    *dead = mz_malloc((ndead ? ndead : 1) * sizeof **dead);
    if (!*dead)
        return mz_fail(err, "out_of_memory", "内存不足");
    ndead = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = src[i]->p;
        out[i].dead = *dead + ndead;
        if (src[i]->p.ndead)
            memcpy(*dead + ndead, src[i]->dead, src[i]->p.ndead * sizeof **dead);
        ndead += src[i]->p.ndead;
    }
    return 0;
}

/* From the cache, with the journal followed (not in a write transaction:
 * what it reads there could be rolled back). */
static int profiles_cached(struct db *db, const struct pol_set *set, mz_date first,
                           const int64_t *ids, size_t n, struct review_profile *out,
                           struct review_dead **dead, struct mz_err *err)
{
    const struct entry **src = mz_malloc((n ? n : 1) * sizeof *src);
    if (!src)
        return mz_fail(err, "out_of_memory", "内存不足");
    pthread_mutex_lock(&cache.lock);
    int rc = cache_follow(db, set, first, !db_in_transaction(db), err) < 0 ||
                     cache_fill(db, set, first, ids, n, err) < 0
                 ? -1
                 : 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        src[i] = cache_find(ids[i]);
    if (rc == 0)
        rc = copy_out(src, n, out, dead, err);
    if (rc < 0)
        cache_clear();
    pthread_mutex_unlock(&cache.lock);
    mz_free(src);
    return rc;
}

int review_profiles(struct db *db, const struct pol_set *set, mz_date first, const int64_t *ids,
                    size_t n, struct review_profile **out, struct review_dead **dead,
                    struct mz_err *err)
{
    *dead = NULL;
    *out = mz_malloc((n ? n : 1) * sizeof **out);
    if (!*out)
        return mz_fail(err, "out_of_memory", "内存不足");
    if (n == 0)
        return 0;
    struct mz_err ignored = {0};
    if (!db_writing(db) && profiles_cached(db, set, first, ids, n, *out, dead, &ignored) == 0)
        return 0;
    /* read them afresh (in a write transaction, during a bulk load, or when
     * the journal could not be followed) */
    struct entry *fresh = NULL;
    int rc = profiles_load(db, set, first, ids, n, &fresh, err);
    const struct entry **src = rc == 0 ? mz_malloc((n ? n : 1) * sizeof *src) : NULL;
    if (rc == 0 && !src)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < n; i++)
        src[i] = &fresh[i];
    if (rc == 0)
        rc = copy_out(src, n, *out, dead, err);
    mz_free(src);
    entries_free(fresh, n);
    if (rc < 0) {
        mz_free(*out);
        *out = NULL;
    }
    return rc;
}
