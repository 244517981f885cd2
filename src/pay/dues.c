/* The amount due to each enrolment of a program in one month (internal.h):
 * the registry as of the month's first day, evaluated by the policy
 * engine, with death, precedence between programs and eligibility applied
 * in that order. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "pay/internal.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "store/paystore.h"

int pay_month_parse(const char *text, pay_month *out, struct mz_err *err)
{
    int y, m, used = 0;
    if (!text || sscanf(text, "%4d-%2d%n", &y, &m, &used) != 2 || text[used] || used != 7 ||
        y < PAY_FIRST_YEAR || y > 2199 || m < 1 || m > 12)
        return mz_fail(err, "bad_month", "月份应为 YYYY-MM（%d 年以后），如 2025-09，实为“%s”",
                       PAY_FIRST_YEAR, text ? text : "");
    *out = y * 12 + m - 1;
    return 0;
}

void pay_month_format(pay_month m, char out[8])
{
    unsigned u = (unsigned)m;
    snprintf(out, 8, "%04u-%02u", u / 12 % 10000, u % 12 + 1);
}

mz_date pay_month_first(pay_month m)
{
    return date_from_ymd(m / 12, m % 12 + 1, 1);
}

pay_month pay_month_of(mz_date d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    return y * 12 + m - 1;
}

void pay_yuan(int64_t fen, char *out)
{
    int64_t a = fen < 0 ? -fen : fen;
    snprintf(out, 32, "%s%lld.%02d", fen < 0 ? "-" : "", (long long)(a / 100), (int)(a % 100));
}

int pay_program(const struct pol_set *set, const char *name, struct mz_err *err)
{
    int p = name ? pol_program_find(set, name) : -1;
    if (p < 0)
        return mz_fail(err, "no_program", "政策文件中没有项目“%s”", name ? name : "");
    return p;
}

void pay_dues_free(struct pay_dues *d)
{
    mz_free(d->items);
    memset(d, 0, sizeof *d);
}

/* An id with a value: sorted arrays searched by id. */
struct idval {
    int64_t id, val;
};

static int idval_cmp(const void *a, const void *b)
{
    const struct idval *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static const struct idval *idval_find(const struct idval *v, size_t n, int64_t id)
{
    struct idval key = {id, 0};
    return n ? bsearch(&key, v, n, sizeof *v, idval_cmp) : NULL;
}

struct idvals {
    struct idval *v;
    size_t n, cap;
};

static int idvals_add(struct idvals *s, int64_t id, int64_t val)
{
    if (mz_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v) < 0)
        return -1;
    s->v[s->n++] = (struct idval){id, val};
    return 0;
}

/* Everything one month's computation reads. */
struct month_ctx {
    const struct pol_set *set;
    int program, entity;
    struct pol_snapshot *snap;
    int64_t *pids;
    struct pol_results *res;
    struct idvals households; /* household id → snapshot row */
    struct idvals persons;    /* person id → snapshot row */
    struct idvals deaths;     /* person id → death day */
    struct idvals excl_hh, excl_person; /* id → excluding program */
    struct enrol_row *mine;   /* enrolments of the program */
    size_t nmine, capmine;
    const int64_t *only;      /* these households only (ascending), unless NULL */
    size_t nonly;
    int oom;
};

static int id_cmp(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return *x < *y ? -1 : *x > *y;
}

static int death_fn(void *ctx, int64_t person_id, const char *value)
{
    struct month_ctx *m = ctx;
    mz_date d = date_parse(value);
    if (d == MZ_DATE_NONE)
        return 0;
    /* rows come by person and recording time: a later record replaces */
    if (m->deaths.n && m->deaths.v[m->deaths.n - 1].id == person_id) {
        m->deaths.v[m->deaths.n - 1].val = d;
        return 0;
    }
    return idvals_add(&m->deaths, person_id, d) < 0 ? (m->oom = 1) : 0;
}

static int enrol_fn(void *ctx, const struct enrol_row *e)
{
    struct month_ctx *m = ctx;
    if (m->only && !(m->nonly && bsearch(&e->household_id, m->only, m->nonly, sizeof *m->only,
                                         id_cmp)))
        return 0;
    int q = pol_program_find(m->set, e->program);
    if (q == m->program) {
        if (mz_grow(&m->mine, &m->capmine, m->nmine + 1, sizeof *m->mine) < 0)
            return m->oom = 1;
        m->mine[m->nmine++] = *e;
        return 0;
    }
    if (q < 0 || !pol_program_after(m->set, m->program, q))
        return 0;
    /* q takes precedence: a person enrolment of q excludes a person program
     * for that person, and a household program for the whole household */
    bool by_person = pol_program_entity(m->set, q) == POL_PERSON && m->entity == POL_PERSON;
    int rc = by_person ? idvals_add(&m->excl_person, e->person_id, q)
                       : idvals_add(&m->excl_hh, e->household_id, q);
    return rc < 0 ? (m->oom = 1) : 0;
}

static int enrol_cmp(const void *a, const void *b)
{
    const struct enrol_row *x = a, *y = b;
    if (x->household_id != y->household_id)
        return x->household_id < y->household_id ? -1 : 1;
    if (x->person_id != y->person_id)
        return x->person_id < y->person_id ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The deaths of the members of the snapshot and of the enrolled persons. */
static int load_deaths(struct db *db, struct month_ctx *m, struct mz_err *err)
{
    size_t n = 0, cap = m->persons.n + m->nmine;
    int64_t *ids = mz_malloc((cap ? cap : 1) * sizeof *ids);
    if (!ids)
        return mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; i < m->persons.n; i++)
        ids[n++] = m->persons.v[i].id;
    for (size_t i = 0; i < m->nmine; i++)
        if (m->mine[i].person_id > 0)
            ids[n++] = m->mine[i].person_id;
    int rc = ps_deaths(db, ids, n, death_fn, m, err);
    mz_free(ids);
    if (rc == 0 && m->oom)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    return rc;
}

static int load(struct db *db, struct month_ctx *m, pay_month month, const struct pay_unit *unit,
                struct mz_err *err)
{
    char text[8];
    pay_month_format(month, text);
    if (ps_enrol_in_force(db, text, unit ? unit->prefixes : NULL, unit ? unit->nprefixes : 0,
                          enrol_fn, m, err) < 0)
        return -1;
    if (m->oom)
        return mz_fail(err, "out_of_memory", "内存不足");
    if (m->excl_hh.n)
        qsort(m->excl_hh.v, m->excl_hh.n, sizeof *m->excl_hh.v, idval_cmp);
    if (m->excl_person.n)
        qsort(m->excl_person.v, m->excl_person.n, sizeof *m->excl_person.v, idval_cmp);
    if (m->nmine == 0)
        return 0;
    qsort(m->mine, m->nmine, sizeof *m->mine, enrol_cmp);
    /* the registry of the enrolled households only, as of the first day */
    int64_t *ids = mz_malloc(m->nmine * sizeof *ids);
    if (!ids)
        return mz_fail(err, "out_of_memory", "内存不足");
    size_t nids = 0;
    for (size_t i = 0; i < m->nmine; i++)
        if (nids == 0 || ids[nids - 1] != m->mine[i].household_id)
            ids[nids++] = m->mine[i].household_id;
    mz_date first = pay_month_first(month);
    struct snap_request req = {.as_of = first, .household_ids = ids, .nhouseholds = nids};
    m->snap = snap_load(db, m->set, &req, &m->pids, err);
    mz_free(ids);
    if (!m->snap)
        return -1;
    if (!(m->res = pol_eval(m->set, m->snap, first, 2, err)))
        return -1;
    for (size_t h = 0; h < m->snap->nhouseholds; h++) {
        if (idvals_add(&m->households, m->snap->household_id[h], (int64_t)h) < 0)
            return mz_fail(err, "out_of_memory", "内存不足");
        for (size_t i = m->snap->member_start[h]; i < m->snap->member_start[h + 1]; i++)
            if (idvals_add(&m->persons, m->pids[i], (int64_t)i) < 0)
                return mz_fail(err, "out_of_memory", "内存不足");
    }
    if (m->households.n)
        qsort(m->households.v, m->households.n, sizeof *m->households.v, idval_cmp);
    if (m->persons.n)
        qsort(m->persons.v, m->persons.n, sizeof *m->persons.v, idval_cmp);
    return load_deaths(db, m, err);
}

static void month_free(struct month_ctx *m)
{
    if (m->res)
        pol_results_free(m->res);
    if (m->snap)
        pol_snapshot_free(m->snap);
    mz_free(m->pids);
    mz_free(m->households.v);
    mz_free(m->persons.v);
    mz_free(m->deaths.v);
    mz_free(m->excl_hh.v);
    mz_free(m->excl_person.v);
    mz_free(m->mine);
}

/* The death day of person id before `first`, or MZ_DATE_NONE. */
static mz_date died_before(const struct month_ctx *m, int64_t person, mz_date first)
{
    const struct idval *d = idval_find(m->deaths.v, m->deaths.n, person);
    return d && d->val < first ? (mz_date)d->val : MZ_DATE_NONE;
}

/* For a household: the last death day if every member died before first. */
static mz_date all_died_before(const struct month_ctx *m, size_t h, mz_date first)
{
    mz_date last = MZ_DATE_NONE;
    for (size_t i = m->snap->member_start[h]; i < m->snap->member_start[h + 1]; i++) {
        mz_date d = died_before(m, m->pids[i], first);
        if (d == MZ_DATE_NONE)
            return MZ_DATE_NONE;
        if (last == MZ_DATE_NONE || d > last)
            last = d;
    }
    return last;
}

/* The due of one enrolment; true if the engine finds it no longer
 * eligible (a re-check, or a taper: pay_taper). */
static bool due_of(const struct month_ctx *m, const struct enrol_row *e, pay_month month,
                   struct pay_due *d)
{
    mz_date first = pay_month_first(month);
    char day[11];
    *d = (struct pay_due){.household_id = e->household_id, .person_id = e->person_id,
                          .enrolment_id = e->id, .end = -1};
    const struct idval *hrow = idval_find(m->households.v, m->households.n, e->household_id);
    const struct idval *prow = idval_find(m->persons.v, m->persons.n, e->person_id);
    mz_date died = MZ_DATE_NONE;
    if (m->entity == POL_PERSON)
        died = died_before(m, e->person_id, first);
    else if (hrow)
        died = all_died_before(m, (size_t)hrow->val, first);
    if (died != MZ_DATE_NONE) {
        date_format(died, day);
        snprintf(d->status, sizeof d->status, "stopped");
        snprintf(d->reason, sizeof d->reason, "%s于 %s 死亡，次月起停发",
                 m->entity == POL_PERSON ? "本人" : "全户成员均已", day);
        d->end = pay_month_of(died);
        return false;
    }
    const struct idval *ex = idval_find(m->excl_hh.v, m->excl_hh.n, e->household_id);
    if (!ex)
        ex = idval_find(m->excl_person.v, m->excl_person.n, e->person_id);
    if (ex) {
        snprintf(d->status, sizeof d->status, "withheld");
        snprintf(d->reason, sizeof d->reason, "已享受优先项目“%s”，与本项目互斥，不予发放",
                 pol_program_label(m->set, (int)ex->val));
        return false;
    }
    if (e->once) {
        snprintf(d->status, sizeof d->status, "pay");
        snprintf(d->reason, sizeof d->reason, "一次性救助（%s 决定）", e->source);
        d->amount = e->once_amount;
        return false;
    }
    date_format(first, day);
    int64_t row = m->entity == POL_PERSON ? (prow ? prow->val : -1) : (hrow ? hrow->val : -1);
    if (row < 0) {
        snprintf(d->status, sizeof d->status, "recheck");
        snprintf(d->reason, sizeof d->reason, "%s 登记在册的家庭或人员中找不到享受对象，请复核",
                 day);
        return false;
    }
    if (!pol_results_eligible(m->res, m->program)[row]) {
        snprintf(d->status, sizeof d->status, "recheck");
        snprintf(d->reason, sizeof d->reason, "按 %s 的数据已不符合“%s”条件，本月暂按 0 元，请复核",
                 day, pol_program_label(m->set, m->program));
        return true;
    }
    snprintf(d->status, sizeof d->status, "pay");
    d->amount = pol_results_amount(m->res, m->program)[row];
    return false;
}

int pay_dues_compute(struct db *db, const struct pol_set *set, int program, pay_month month,
                     const struct pay_unit *unit, const int64_t *only, size_t nonly,
                     struct pay_dues *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct month_ctx m = {.set = set, .program = program,
                          .entity = pol_program_entity(set, program), .only = only,
                          .nonly = nonly};
    int rc = load(db, &m, month, unit, err);
    for (size_t i = 0; rc == 0 && i < m.nmine; i++) {
        const struct enrol_row *e = &m.mine[i];
        /* one line per household (person) even if enrolled twice */
        if (i && e->household_id == m.mine[i - 1].household_id &&
            e->person_id == m.mine[i - 1].person_id)
            continue;
        if (mz_grow(&out->items, &out->cap, out->n + 1, sizeof *out->items) < 0) {
            rc = mz_fail(err, "out_of_memory", "内存不足");
            break;
        }
        struct pay_due *d = &out->items[out->n++];
        if (due_of(&m, e, month, d))
            rc = pay_taper(db, set, program, e, month, d, err);
    }
    month_free(&m);
    if (rc < 0)
        pay_dues_free(out);
    return rc;
}
