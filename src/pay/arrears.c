/* Retroactive recalculation: what was due for each past month, recomputed
 * with the data known now, against what was paid; differences become
 * arrears (补发) or capped recovery (追缴) lines of the current roll. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "pay/internal.h"
#include "policy/policy.h"
#include "registry/registry.h"

/* A difference for one household (person) and month of origin. */
struct diff {
    int64_t household_id, person_id, enrolment_id;
    pay_month origin;
    int64_t due, paid;
    char why[256]; /* the due's reason when it is not a payment */
};
struct diffs {
    struct diff *v;
    size_t n, cap;
    pay_month origin;
    int oom;
};

static struct diff *diff_add(struct diffs *d)
{
    if (mz_grow(&d->v, &d->cap, d->n + 1, sizeof *d->v) < 0) {
        d->oom = 1;
        return NULL;
    }
    struct diff *x = &d->v[d->n++];
    memset(x, 0, sizeof *x);
    x->origin = d->origin;
    return x;
}

static int diff_cmp(const void *a, const void *b)
{
    const struct diff *x = a, *y = b;
    if (x->household_id != y->household_id)
        return x->household_id < y->household_id ? -1 : 1;
    if (x->person_id != y->person_id)
        return x->person_id < y->person_id ? -1 : 1;
    return (x->origin > y->origin) - (x->origin < y->origin);
}

/* Paid sums of one month, merged into that month's dues (sorted). */
struct merge {
    struct diffs *d;
    size_t lo, hi; /* this month's entries in d */
};

static int paid_fn(void *ctx, const struct paid_sum *p)
{
    struct merge *m = ctx;
    struct diff key = {.household_id = p->household_id, .person_id = p->person_id,
                       .origin = m->d->origin};
    struct diff *x = m->hi > m->lo ? bsearch(&key, m->d->v + m->lo, m->hi - m->lo,
                                             sizeof key, diff_cmp)
                                   : NULL;
    if (!x) {
        if (!(x = diff_add(m->d)))
            return 1;
        x->household_id = p->household_id;
        x->person_id = p->person_id;
        x->enrolment_id = p->enrolment_id;
        snprintf(x->why, sizeof x->why, "该月已不在享受期内");
    }
    x->paid += p->amount;
    return 0;
}

/* Adds the differences of one past month to d. */
static int month_diffs(struct db *db, const struct pol_set *set, int prog, const char *program,
                       pay_month origin, const struct pay_unit *unit, struct diffs *d,
                       struct mz_err *err)
{
    struct pay_dues dues;
    if (pay_dues_compute(db, set, prog, origin, unit, NULL, 0, &dues, err) < 0)
        return -1;
    d->origin = origin;
    size_t lo = d->n;
    for (size_t i = 0; i < dues.n; i++) {
        struct diff *x = diff_add(d);
        if (!x)
            break;
        const struct pay_due *u = &dues.items[i];
        x->household_id = u->household_id;
        x->person_id = u->person_id;
        x->enrolment_id = u->enrolment_id;
        x->due = u->amount;
        if (strcmp(u->status, "pay") != 0)
            snprintf(x->why, sizeof x->why, "%s", u->reason);
    }
    pay_dues_free(&dues);
    struct merge m = {d, lo, d->n};
    char text[8];
    pay_month_format(origin, text);
    if (!d->oom &&
        ps_paid_sums(db, program, text, unit->prefixes, unit->nprefixes, paid_fn, &m, err) < 0)
        return -1;
    return d->oom ? mz_fail(err, "out_of_memory", "内存不足") : 0;
}

/* The line for one difference; *owed_left is what the household still
 * may be recovered this month (< 0: no limit). */
static void diff_line(const struct diff *x, int64_t *cap_left, struct line_row *l,
                      struct pay_arrears_summary *s)
{
    char due[32], paid[32], delta[32], origin[8];
    pay_month_format(x->origin, origin);
    pay_yuan(x->due, due);
    pay_yuan(x->paid, paid);
    *l = (struct line_row){.household_id = x->household_id, .person_id = x->person_id,
                           .enrolment_id = x->enrolment_id, .due = x->due,
                           .paid_before = x->paid};
    snprintf(l->origin_month, sizeof l->origin_month, "%s", origin);
    int64_t d = x->due - x->paid;
    const char *why = x->why[0] ? x->why : "标准或数据追溯调整";
    if (d > 0) {
        l->amount = d;
        pay_yuan(d, delta);
        snprintf(l->kind, sizeof l->kind, "arrears");
        snprintf(l->status, sizeof l->status, "pay");
        snprintf(l->reason, sizeof l->reason, "补发 %s：按现有数据应发 %s 元，已发 %s 元，补发 %s 元（%s）",
                 origin, due, paid, delta, why);
        s->arrears++;
        s->arrears_total += d;
        return;
    }
    int64_t owed = -d, take = *cap_left < 0 || *cap_left > owed ? owed : *cap_left;
    if (*cap_left >= 0)
        *cap_left -= take;
    l->amount = -take;
    char took[32], left[32];
    pay_yuan(owed, delta);
    pay_yuan(take, took);
    pay_yuan(owed - take, left);
    snprintf(l->kind, sizeof l->kind, "recovery");
    snprintf(l->status, sizeof l->status, take ? "pay" : "deferred");
    snprintf(l->reason, sizeof l->reason,
             "追缴 %s：按现有数据应发 %s 元，已发 %s 元，多发 %s 元；本月扣回 %s 元，余 %s 元以后各月扣回（%s）",
             origin, due, paid, delta, took, left, why);
    s->recovery++;
    s->recovery_total -= take;
    s->recovery_left += owed - take;
}

static int write_lines(struct registry *r, const struct diffs *d, const char *program,
                       const char *month, const char *unit, const char *from, const char *to,
                       int64_t max_recovery, const char *actor, struct pay_arrears_summary *s,
                       struct mz_err *err)
{
    struct db *db = reg_db(r);
    if (db_begin(db, err) < 0)
        return -1;
    struct roll_row roll;
    int found = ps_roll_by_key(db, program, month, unit, &roll, err);
    int rc = found < 0 ? -1 : 0;
    if (found == 0)
        rc =
            mz_fail(err, "no_roll", "没有 %s 年月 %s 发放单位 %s 的名册，请先生成（mz roll build）",
                    program, month, unit);
    else if (found == 1 && strcmp(roll.payee, "provider") == 0)
        rc = mz_fail(err, "roll_kind", "名册（编号 %" PRId64 "）是服务机构结算单，不能加入补发或追缴",
                     roll.id);
    else if (found == 1 && strcmp(roll.state, "draft") != 0)
        rc = mz_fail(err, "roll_closed", "%s 的名册（编号 %" PRId64 "）已审核，不能再加入补发或追缴",
                     month, roll.id);
    if (rc == 0)
        rc = ps_lines_delete(db, roll.id, from, to, err);
    int64_t cap_left = max_recovery;
    for (size_t i = 0; rc == 0 && i < d->n; i++) {
        const struct diff *x = &d->v[i];
        if (i == 0 || x->household_id != d->v[i - 1].household_id ||
            x->person_id != d->v[i - 1].person_id)
            cap_left = max_recovery;
        if (x->due == x->paid)
            continue;
        struct line_row l;
        diff_line(x, &cap_left, &l, s);
        rc = ps_line_insert(db, roll.id, &l, err);
    }
    char detail[200], id[24];
    snprintf(detail, sizeof detail, "%s %s 追溯 %s 至 %s：补发 %" PRId64 " 行，追缴 %" PRId64 " 行",
             program, month, from, to, s->arrears, s->recovery);
    snprintf(id, sizeof id, "%" PRId64, roll.id);
    struct audit_event ev = {actor, "roll.arrears", "roll", id, NULL, NULL, detail};
    if (rc == 0)
        rc = ps_roll_totals(db, roll.id, err);
    if (rc == 0)
        rc = audit_append(db, reg_vault(r), &ev, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

int pay_arrears(struct registry *r, const struct pol_set *set, const char *program, pay_month month,
                const struct pay_unit *unit, pay_month from, int64_t max_recovery,
                const char *actor, struct pay_arrears_summary *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    int prog = pay_program(set, program, err);
    if (prog < 0)
        return -1;
    char text[8], first[8], last[8];
    pay_month_format(month, text);
    pay_month_format(from, first);
    pay_month_format(month - 1, last);
    if (from >= month)
        return mz_fail(err, "bad_month", "追溯起始月 %s 应早于名册月份 %s", first, text);
    struct diffs d = {0};
    int rc = 0;
    for (pay_month m = from; rc == 0 && m < month; m++)
        rc = month_diffs(reg_db(r), set, prog, program, m, unit, &d, err);
    if (rc == 0) {
        if (d.n)
            qsort(d.v, d.n, sizeof *d.v, diff_cmp);
        rc = write_lines(r, &d, program, text, unit->code, first, last, max_recovery, actor, out,
                         err);
    }
    mz_free(d.v);
    return rc;
}
