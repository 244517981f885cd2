/* Periodic review (动态管理): when each enrolment is next due for review,
 * from the household's situation, and recording that it was reviewed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "pay/internal.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/regstore.h"

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

/* The latest death on or before `first` of a member of snapshot household
 * h other than the enrolled person, if members are left alive; else
 * MZ_DATE_NONE (nobody died, or the roll stops the enrolment). */
static mz_date member_death(const struct pol_snapshot *snap, const struct review_cols *c,
                            const int64_t *pids, size_t h, int64_t enrolled, mz_date first)
{
    mz_date last = MZ_DATE_NONE;
    bool alive = false;
    for (size_t i = snap->member_start[h]; i < snap->member_start[h + 1]; i++) {
        if (!col(snap, c->is_dead, i)) {
            alive = true;
            continue;
        }
        mz_date d = c->death_date >= 0 ? (mz_date)col(snap, c->death_date, i) : MZ_DATE_NONE;
        if (pids[i] == enrolled)
            return MZ_DATE_NONE;
        if (d != MZ_DATE_NONE && d <= first && (last == MZ_DATE_NONE || d > last))
            last = d;
    }
    return alive ? last : MZ_DATE_NONE;
}

static int64_t enum_code(const struct pol_set *set, int input, const char *label)
{
    int64_t v = 0;
    struct mz_err ignored = {0};
    if (input < 0 || pol_value_parse(set, input, label, &v, &ignored) < 0)
        return -1;
    return v;
}

struct review_ctx {
    struct review_ctx_rows {
        struct enrol_row *v;
        size_t n, cap;
    } rows;
    int oom;
};

static int collect(void *ctx, const struct enrol_row *e)
{
    struct review_ctx *k = ctx;
    if (e->once) /* paid once: nothing to review */
        return 0;
    if (mz_grow(&k->rows.v, &k->rows.cap, k->rows.n + 1, sizeof *k->rows.v) < 0)
        return k->oom = 1;
    k->rows.v[k->rows.n++] = *e;
    return 0;
}

/* Household id and snapshot row, sorted by id. */
struct hrow {
    int64_t id;
    size_t row;
};

static int hrow_cmp(const void *a, const void *b)
{
    const struct hrow *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int by_due(const void *a, const void *b)
{
    const struct pay_review *x = a, *y = b;
    if (x->due != y->due)
        return x->due < y->due ? -1 : 1;
    return x->enrolment_id < y->enrolment_id ? -1 : x->enrolment_id > y->enrolment_id;
}

/* The distinct households of the enrolments, sorted; NULL (and oom set)
 * when memory runs out. */
static int64_t *enrolled_households(const struct review_ctx *k, size_t *n)
{
    int64_t *ids = mz_malloc((k->rows.n ? k->rows.n : 1) * sizeof *ids);
    *n = 0;
    if (!ids)
        return NULL;
    for (size_t i = 0; i < k->rows.n; i++)
        ids[i] = k->rows.v[i].household_id;
    qsort(ids, k->rows.n, sizeof *ids, id_cmp);
    for (size_t i = 0; i < k->rows.n; i++)
        if (*n == 0 || ids[*n - 1] != ids[i])
            ids[(*n)++] = ids[i];
    return ids;
}

int pay_reviews_due(struct registry *r, const struct pol_set *set, pay_month month,
                    const char (*scope)[13], int nscope, struct pay_review **out, size_t *n,
                    struct mz_err *err)
{
    *out = NULL;
    *n = 0;
    struct db *db = reg_db(r);
    mz_date first = pay_month_first(month);
    char text[8];
    pay_month_format(month, text);
    struct review_ctx k = {0};
    if (ps_enrol_in_force(db, text, scope, nscope, collect, &k, err) < 0)
        return -1;
    /* only the enrolled households are read, not the whole city */
    size_t nhouseholds = 0;
    int64_t *households = k.oom ? NULL : enrolled_households(&k, &nhouseholds);
    if (!households) {
        mz_free(k.rows.v);
        return mz_fail(err, "out_of_memory", "内存不足");
    }
    struct snap_request req = {.as_of = first, .household_ids = households,
                               .nhouseholds = nhouseholds};
    int64_t *pids = NULL;
    struct pol_snapshot *snap = k.rows.n ? snap_load(db, set, &req, &pids, err) : NULL;
    mz_free(households);
    int rc = k.rows.n && !snap ? -1 : 0;
    int emp = pol_input_find(set, "employment");
    struct review_cols c = {pol_input_find(set, "birth_date"), emp,
                            pol_input_find(set, "serious_illness"),
                            pol_input_find(set, "disability_grade"), pol_input_find(set, "rural"),
                            pol_input_find(set, "is_dead"), pol_input_find(set, "death_date"),
                            enum_code(set, emp, "登记失业"), enum_code(set, emp, "无业")};
    size_t nrows = snap ? snap->nhouseholds : 0, cap = 0;
    struct hrow *rows = nrows ? mz_malloc(nrows * sizeof *rows) : NULL;
    if (nrows && !rows)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t h = 0; rc == 0 && h < nrows; h++)
        rows[h] = (struct hrow){snap->household_id[h], h};
    if (rc == 0 && nrows)
        qsort(rows, nrows, sizeof *rows, hrow_cmp);
    for (size_t i = 0; rc == 0 && i < k.rows.n; i++) {
        const struct enrol_row *e = &k.rows.v[i];
        struct hrow key = {e->household_id, 0};
        const struct hrow *found = nrows ? bsearch(&key, rows, nrows, sizeof key, hrow_cmp) : NULL;
        if (!found)
            continue; /* no member left: the roll flags it for re-check */
        size_t h = found->row;
        struct pay_review v = {.enrolment_id = e->id, .household_id = e->household_id,
                               .person_id = e->person_id, .died = MZ_DATE_NONE};
        struct mz_err ignored = {0};
        if (pay_month_parse(e->last_review[0] ? e->last_review : e->start_month, &v.since,
                            &ignored) < 0)
            continue;
        v.months = interval(snap, &c, h, first, &v.why);
        v.due = v.since + v.months;
        /* a death not yet followed by a review: re-check within 3 months */
        mz_date died = member_death(snap, &c, pids, h, e->person_id, first);
        pay_month dm = died == MZ_DATE_NONE ? 0 : pay_month_of(died);
        if (died != MZ_DATE_NONE && (e->last_review[0] ? v.since < dm : v.since <= dm) &&
            dm + 3 <= v.due) {
            v.died = died;
            v.months = 3;
            v.due = dm + 3;
            v.why = "家庭成员死亡：3个月内复核";
        } else if (v.due > month) {
            continue;
        }
        snprintf(v.program, sizeof v.program, "%s", e->program);
        struct household_row hr;
        if (rs_household_get(db, e->household_id, &hr, err) < 0) {
            rc = -1;
            break;
        }
        snprintf(v.hh_no, sizeof v.hh_no, "%s", hr.hh_no);
        if (mz_grow(out, &cap, *n + 1, sizeof **out) < 0) {
            rc = mz_fail(err, "out_of_memory", "内存不足");
            break;
        }
        (*out)[(*n)++] = v;
    }
    mz_free(rows);
    mz_free(pids);
    pol_snapshot_free(snap);
    mz_free(k.rows.v);
    if (rc < 0) {
        mz_free(*out);
        *out = NULL;
        *n = 0;
    } else if (*n) {
        qsort(*out, *n, sizeof **out, by_due);
    }
    return rc;
}

int pay_review_done(struct registry *r, int64_t enrolment_id, pay_month month,
                    const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(r);
    char text[8], id[24];
    pay_month_format(month, text);
    snprintf(id, sizeof id, "%" PRId64, enrolment_id);
    if (db_begin(db, err) < 0)
        return -1;
    bool changed = false;
    int rc = ps_enrol_reviewed(db, enrolment_id, text, &changed, err);
    if (rc == 0 && !changed)
        rc = mz_fail(err, "no_enrolment", "没有编号为 %" PRId64 " 的在享登记", enrolment_id);
    struct audit_event ev = {actor, "enrolment.review", "enrolment", id, NULL, NULL, text};
    if (rc == 0)
        rc = audit_append(db, reg_vault(r), &ev, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}
