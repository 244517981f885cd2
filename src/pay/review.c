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
#include "registry/registry.h"

/* The latest death on or before `first` of a member of household p other
 * than the enrolled person, if members are left alive; else MZ_DATE_NONE
 * (nobody died, or the roll stops the enrolment). */
static mz_date member_death(const struct review_profile *p, int64_t enrolled, mz_date first)
{
    mz_date last = MZ_DATE_NONE;
    for (size_t i = 0; i < p->ndead; i++) {
        mz_date d = p->dead[i].date;
        if (p->dead[i].person_id == enrolled)
            return MZ_DATE_NONE;
        if (d != MZ_DATE_NONE && d <= first && (last == MZ_DATE_NONE || d > last))
            last = d;
    }
    return p->alive ? last : MZ_DATE_NONE;
}

/* What the schedule needs of an enrolment in force. */
struct enrolled {
    int64_t id, household_id, person_id;
    char program[32];
    pay_month since; /* the last review, else the start */
    bool reviewed;   /* since is a review */
};

struct review_ctx {
    struct review_ctx_rows {
        struct enrolled *v;
        size_t n, cap;
    } rows;
    int oom;
};

static int collect(void *ctx, const struct enrol_row *e)
{
    struct review_ctx *k = ctx;
    struct enrolled x = {e->id, e->household_id, e->person_id, "", 0, e->last_review[0] != 0};
    struct mz_err ignored = {0};
    if (e->once || /* paid once: nothing to review */
        pay_month_parse(x.reviewed ? e->last_review : e->start_month, &x.since, &ignored) < 0)
        return 0;
    if (mz_grow(&k->rows.v, &k->rows.cap, k->rows.n + 1, sizeof *k->rows.v) < 0)
        return k->oom = 1;
    snprintf(x.program, sizeof x.program, "%s", e->program);
    k->rows.v[k->rows.n++] = x;
    return 0;
}

/* Whether division starts with one of the nscope prefixes of scope. */
static bool in_scope(const char *division, const char (*scope)[13], int nscope)
{
    for (int i = 0; i < nscope; i++)
        if (strncmp(division, scope[i], strlen(scope[i])) == 0)
            return true;
    return false;
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
    /* A county or narrower: its enrolments through its households; a wider
     * scope: every enrolment (one scan), kept by the household's division
     * (which the profile carries). */
    bool narrow = !scope || db_scope_narrow(scope, nscope);
    if (ps_enrol_in_force(db, text, narrow ? scope : NULL, narrow ? nscope : 0, collect, &k,
                          err) < 0)
        return -1;
    /* only the enrolled households are read, not the whole city */
    size_t nhouseholds = 0;
    int64_t *households = k.oom ? NULL : enrolled_households(&k, &nhouseholds);
    if (!households) {
        mz_free(k.rows.v);
        return mz_fail(err, "out_of_memory", "内存不足");
    }
    struct review_profile *prof = NULL;
    struct review_dead *dead = NULL;
    int rc = review_profiles(db, set, first, households, nhouseholds, &prof, &dead, err);
    size_t cap = 0;
    for (size_t i = 0; rc == 0 && i < k.rows.n; i++) {
        const struct enrolled *e = &k.rows.v[i];
        const int64_t *at = bsearch(&e->household_id, households, nhouseholds, sizeof *households,
                                    id_cmp);
        const struct review_profile *p = &prof[at - households];
        if (!p->present)
            continue; /* no member left: the roll flags it for re-check */
        if (!narrow && !in_scope(p->division, scope, nscope))
            continue;
        struct pay_review v = {.enrolment_id = e->id, .household_id = e->household_id,
                               .person_id = e->person_id, .since = e->since,
                               .died = MZ_DATE_NONE};
        v.months = p->months;
        v.why = p->why;
        v.due = v.since + v.months;
        /* a death not yet followed by a review: re-check within 3 months */
        mz_date died = member_death(p, e->person_id, first);
        pay_month dm = died == MZ_DATE_NONE ? 0 : pay_month_of(died);
        if (died != MZ_DATE_NONE && (e->reviewed ? v.since < dm : v.since <= dm) &&
            dm + 3 <= v.due) {
            v.died = died;
            v.months = 3;
            v.due = dm + 3;
            v.why = "家庭成员死亡：3个月内复核";
        } else if (v.due > month) {
            continue;
        }
        snprintf(v.program, sizeof v.program, "%s", e->program);
        snprintf(v.hh_no, sizeof v.hh_no, "%s", p->hh_no);
        if (mz_grow(out, &cap, *n + 1, sizeof **out) < 0) {
            rc = mz_fail(err, "out_of_memory", "内存不足");
            break;
        }
        (*out)[(*n)++] = v;
    }
    mz_free(households);
    mz_free(prof);
    mz_free(dead);
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
