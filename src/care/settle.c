/* Monthly settlement of home-service subsidies with providers (settle.h):
 * the candidates, who is eligible in each service month (the policy engine
 * over the households concerned), the subsidy per order within the monthly
 * voucher, the lines per provider, the roll. */
#include "care/settle.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/orderstore.h"
#include "store/paystore.h"

/* A person in one service month: eligible or not, and the voucher left. */
struct entitlement {
    int64_t person_id;
    bool eligible;
    bool counted;       /* the subsidy settled before (earlier runs) is taken off left */
    int64_t left, rate; /* fen; ratio × 10000 */
};

/* Takes what earlier runs settled for e's person in month off e->left. */
static int used_before(struct registry *r, struct entitlement *e, pay_month month,
                       struct mz_err *err)
{
    char m[8];
    int64_t used;
    pay_month_format(month, m);
    if (ors_settled_sum(reg_db(r), e->person_id, m, &used, err) < 0) return -1;
    e->left = e->left > used ? e->left - used : 0;
    e->counted = true;
    return 0;
}

static int by_person(const void *a, const void *b)
{
    const struct entitlement *x = a, *y = b;
    return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

struct month_ents {
    struct entitlement *v;
    size_t n;
};

static struct entitlement *find(const struct month_ents *m, int64_t person_id)
{
    struct entitlement key = {.person_id = person_id};
    return bsearch(&key, m->v, m->n, sizeof *m->v, by_person);
}

/* The entitlements of the persons of the households of orders[from, to)
 * (all of service month `month`) as of its first day. */
static int entitlements(struct registry *r, const struct pol_set *set,
                        const struct settle_order *orders, size_t from, size_t to, pay_month month,
                        struct month_ents *out, struct mz_err *err)
{
    size_t nh = 0;
    int64_t *hh = mz_malloc((to - from) * sizeof *hh);
    if (!hh) return mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = from; i < to; i++)
        hh[nh++] = orders[i].household_id;
    qsort(hh, nh, sizeof *hh, cmp_id);
    size_t k = 0;
    for (size_t i = 0; i < nh; i++)
        if (!k || hh[k - 1] != hh[i]) hh[k++] = hh[i];
    mz_date as_of = pay_month_first(month);
    struct snap_request req = {.as_of = as_of, .household_ids = hh, .nhouseholds = k};
    int64_t *person_ids = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(r), set, &req, &person_ids, err);
    mz_free(hh);
    if (!snap) return -1;
    struct pol_results *res = pol_eval(set, snap, as_of, 2, err);
    int p = pol_program_find(set, CARE_SETTLE_PROGRAM);
    int rural = pol_input_find(set, "rural");
    out->n = 0;
    out->v = res && p >= 0 ? mz_malloc((snap->npersons + 1) * sizeof *out->v) : NULL;
    int rc = 0;
    if (p < 0)
        rc = mz_fail(err, "no_program", "政策中没有服务补贴项目 %s", CARE_SETTLE_PROGRAM);
    else if (!res)
        rc = -1;
    else if (!out->v)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t h = 0; rc == 0 && h < snap->nhouseholds; h++) {
        int is_rural = rural >= 0 && snap->columns[rural][h] != 0;
        int64_t cap = 0, rate = 0;
        char cap_name[64], rate_name[64];
        snprintf(cap_name, sizeof cap_name, "%s_monthly", CARE_SETTLE_PROGRAM);
        snprintf(rate_name, sizeof rate_name, "%s_rate", CARE_SETTLE_PROGRAM);
        pol_param_lookup(set, cap_name, snap->division[h], is_rural, as_of, &cap);
        pol_param_lookup(set, rate_name, snap->division[h], is_rural, as_of, &rate);
        for (size_t i = snap->member_start[h]; i < snap->member_start[h + 1]; i++)
            out->v[out->n++] = (struct entitlement){
                person_ids[i], pol_results_eligible(res, p)[i] != 0, false, cap, rate};
    }
    pol_results_free(res);
    pol_snapshot_free(snap);
    mz_free(person_ids);
    if (rc < 0) return -1;
    qsort(out->v, out->n, sizeof *out->v, by_person);
    return 0;
}

static int by_month_person(const void *a, const void *b)
{
    const struct settle_order *x = a, *y = b;
    if (x->month != y->month) return x->month - y->month;
    if (x->person_id != y->person_id) return x->person_id < y->person_id ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Per provider: orders, subsidised orders, amount. */
struct provider_sum {
    int64_t orders, subsidised, amount;
};

/* Settles the candidates into roll: subsidy per order, sums per provider
 * (indexed by provider id, up to max_provider). */
static int settle_orders(struct registry *r, const struct pol_set *set, int64_t roll,
                         struct settle_order *orders, size_t n, struct provider_sum *sums,
                         struct care_settle_summary *out, struct mz_err *err)
{
    qsort(orders, n, sizeof *orders, by_month_person);
    for (size_t from = 0; from < n;) {
        size_t to = from;
        while (to < n && orders[to].month == orders[from].month)
            to++;
        struct month_ents ents = {0};
        if (entitlements(r, set, orders, from, to, orders[from].month, &ents, err) < 0) {
            mz_free(ents.v);
            return -1;
        }
        for (size_t i = from; i < to; i++) {
            const struct settle_order *o = &orders[i];
            struct entitlement *e = find(&ents, o->person_id);
            int64_t subsidy = 0;
            if (e && e->eligible && !e->counted && used_before(r, e, o->month, err) < 0) {
                mz_free(ents.v);
                return -1;
            }
            if (e && e->eligible) {
                subsidy = o->price * e->rate / 10000;
                if (subsidy > e->left) subsidy = e->left;
                e->left -= subsidy;
            }
            if (subsidy > 0 && ors_order_settle(reg_db(r), o->id, roll, subsidy, err) < 0) {
                mz_free(ents.v);
                return -1;
            }
            struct provider_sum *s = &sums[o->provider_id];
            s->orders++;
            s->subsidised += subsidy > 0;
            s->amount += subsidy;
            out->orders++;
            out->subsidised += subsidy > 0;
            out->total += subsidy;
        }
        mz_free(ents.v);
        from = to;
    }
    return 0;
}

/* Opens the roll to (re)build inside the transaction: 1 ready, 0 closed
 * (approved or paid), -1 error. */
static int roll_for(struct registry *r, const struct pol_set *set, const char *month,
                    const char *unit, const char *actor, struct care_settle_summary *out,
                    struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct roll_row *roll = &out->roll;
    int found = ps_roll_by_key(db, CARE_SETTLE_PROGRAM, month, unit, roll, err);
    if (found < 0) return -1;
    if (found && strcmp(roll->payee, "provider") != 0)
        return mz_fail(err, "roll_kind",
                       "%s 年月 %s 发放单位 %s 已有按享受登记发放的名册（编号 %" PRId64 "）",
                       CARE_SETTLE_PROGRAM, month, unit, roll->id);
    if (found && strcmp(roll->state, "draft") != 0) return 0;
    snprintf(roll->policy_version, sizeof roll->policy_version, "%s", pol_version(set));
    snprintf(roll->prepared_by, sizeof roll->prepared_by, "%s", actor);
    if (found) {
        out->rebuilt = true;
        return ors_settle_release(db, roll->id, err) < 0 || ps_roll_prepared(db, roll, err) < 0 ? -1
                                                                                                : 1;
    }
    snprintf(roll->program, sizeof roll->program, "%s", CARE_SETTLE_PROGRAM);
    snprintf(roll->month, sizeof roll->month, "%s", month);
    snprintf(roll->unit, sizeof roll->unit, "%s", unit);
    snprintf(roll->unit_scope, sizeof roll->unit_scope, "%s", unit);
    snprintf(roll->payee, sizeof roll->payee, "provider");
    snprintf(roll->state, sizeof roll->state, "draft");
    return ps_roll_insert(db, roll, err) < 0 ? -1 : 1;
}

/* The window of the unit's settlement before month: 1 (filled), 0 if
 * none, -1 — also when a later settlement exists or the previous one is
 * still a draft (code roll_state): settlements go month by month, each
 * approved before the next, so every order is taken once. */
static int window_before(struct db *db, const char *unit, const char *month,
                         struct settle_window *prev, struct mz_err *err)
{
    int64_t later = 0;
    struct roll_row roll;
    pay_month m;
    if (ors_settlement_later(db, unit, month, &later, err) < 0)
        return -1;
    if (later)
        return mz_fail(err, "roll_state", "%s 已有 %s 以后月份的结算单，不能再结算 %s", unit, month,
                       month);
    int found = ors_settlement_prev(db, unit, month, prev, err);
    if (found <= 0)
        return found;
    if (ps_roll_by_id(db, prev->roll, &roll, err) < 0 || pay_month_parse(prev->month, &m, err) < 0)
        return -1;
    if (strcmp(roll.state, "draft") == 0)
        return mz_fail(err, "roll_state", "须先审核 %s 的结算单（编号 %" PRId64 "），再结算 %s",
                       prev->month, prev->roll, month);
    date_format(pay_month_first(m + 1), prev->before);
    return 1;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int care_settle(struct registry *r, const struct pol_set *set, pay_month month, const char *unit,
                const char *actor, struct care_settle_summary *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    memset(out, 0, sizeof *out);
    double t0 = now_s();
    if (!unit || strlen(unit) != 6 || strspn(unit, "0123456789") != 6)
        return mz_fail_field(err, "unit", "invalid_value", "结算单位应为6位区县代码，实为“%.20s”",
                             unit ? unit : "");
    char m[8], before[11];
    pay_month_format(month, m);
    date_format(pay_month_first(month + 1), before);
    if (db_begin(db, err) < 0) return -1;
    int rc = roll_for(r, set, m, unit, actor, out, err);
    if (rc == 0) {
        out->closed = true;
        db_rollback(db);
        return 0;
    }
    struct settle_order *orders = NULL;
    size_t n = 0;
    struct provider_sum *sums = NULL;
    int64_t max_provider = 0;
    struct settle_window prev;
    char through[32];
    int has_prev = rc > 0 ? window_before(db, unit, m, &prev, err) : 0;
    if (has_prev < 0)
        rc = -1;
    if (rc > 0)
        rc = ors_settlement_put(db, out->roll.id, unit, m, through, err) < 0 ? -1 : 1;
    if (rc > 0)
        rc = ors_settle_candidates(db, unit, before, has_prev ? &prev : NULL, through, &orders, &n,
                                   err);
    for (size_t i = 0; rc >= 0 && i < n; i++)
        if (orders[i].provider_id > max_provider) max_provider = orders[i].provider_id;
    if (rc >= 0 && !(sums = mz_calloc((size_t)max_provider + 1, sizeof *sums)))
        rc = mz_fail(err, "out_of_memory", "内存不足");
    if (rc >= 0) rc = settle_orders(r, set, out->roll.id, orders, n, sums, out, err);
    for (int64_t p = 1; rc >= 0 && p <= max_provider; p++)
        if (sums[p].orders) {
            out->providers++;
            rc = ors_settle_line_insert(db, out->roll.id, p, sums[p].orders, sums[p].subsidised,
                                        sums[p].amount, err);
        }
    if (rc >= 0) rc = ps_roll_set_totals(db, out->roll.id, out->providers, out->total, err);
    if (rc >= 0) {
        char id[24], detail[160];
        snprintf(id, sizeof id, "%" PRId64, out->roll.id);
        snprintf(detail, sizeof detail, "%s %s: %" PRId64 " orders, %" PRId64 " fen", unit, m,
                 out->orders, out->total);
        struct audit_event ev = {actor, "settle.build", "roll", id, NULL, NULL, detail};
        rc = audit_append(db, reg_vault(r), &ev, err);
    }
    mz_free(orders);
    mz_free(sums);
    if (rc < 0 || db_commit(db, err) < 0) {
        db_rollback(db);
        return -1;
    }
    out->roll.lines = out->providers;
    out->roll.total = out->total;
    out->seconds = now_s() - t0;
    return 0;
}
