/* The cascade of a death (funeral.h), taken once per person: benefits
 * stopped from the next month, applications closed or handed on, orders
 * cancelled, a marriage ended, the household's re-check opened — each
 * step written with the death, and the 身后一件事 summary of all of it. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "care/order.h"
#include "cases/case.h"
#include "cases/procedure.h"
#include "funeral/funeral.h"
#include "marriage/marriage.h"
#include "monitor/monitor.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/funeralstore.h"
#include "store/orderstore.h"
#include "store/paystore.h"
#include "store/regstore.h"

/* Adds {kind, label, detail} to the summary. */
static void item(json_t *items, const char *kind, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void item(json_t *items, const char *kind, const char *label, const char *fmt, ...)
{
    char detail[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    json_array_append_new(items,
                          json_pack("{s:s, s:s, s:s}", "kind", kind, "label", label, "detail", detail));
}

/* ---- the household as it was on the day ---------------------------------- */

struct member {
    int64_t id;
    mz_date birth;
    char relation[16];
};

struct members {
    int64_t dead;
    struct member *v;
    size_t n, cap;
};

static int take_member(void *ctx, const struct member_row *m)
{
    struct members *x = ctx;
    if (m->person_id == x->dead)
        return 0;
    if (mz_grow(&x->v, &x->cap, x->n + 1, sizeof *x->v) < 0)
        return 1;
    struct member *k = &x->v[x->n++];
    k->id = m->person_id;
    k->birth = m->birth;
    snprintf(k->relation, sizeof k->relation, "%s", m->relation);
    return 0;
}

/* The other members of household hh alive on day (no death on record by
 * then), into x (cleared of the dead). */
static int living_members(struct db *db, int64_t hh, mz_date day, struct members *x,
                          struct mz_err *err)
{
    int rc = rs_scan_members(db, day, hh, take_member, x, err);
    if (rc > 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    if (rc < 0)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < x->n; i++) {
        char died[32];
        int found = rs_fact_asof(db, "person", x->v[i].id, "death", day, NULL, died, sizeof died,
                                 err);
        if (found < 0)
            return -1;
        if (!found)
            x->v[k++] = x->v[i];
    }
    x->n = k;
    return 0;
}

/* Who takes over a household's application: the head if alive, else the
 * oldest living adult; 0 if none. */
static int64_t successor(const struct members *x, mz_date day)
{
    int64_t best = 0;
    mz_date oldest = 0;
    for (size_t i = 0; i < x->n; i++) {
        if (date_age(x->v[i].birth, day) < 18)
            continue;
        if (strcmp(x->v[i].relation, "户主") == 0)
            return x->v[i].id;
        if (!best || x->v[i].birth < oldest)
            best = x->v[i].id, oldest = x->v[i].birth;
    }
    return best;
}

/* ---- the steps --------------------------------------------------------- */

struct enrols {
    struct enrol_row *v;
    size_t n, cap;
};

static int take_enrol(void *ctx, const struct enrol_row *e)
{
    struct enrols *x = ctx;
    if (mz_grow(&x->v, &x->cap, x->n + 1, sizeof *x->v) < 0)
        return 1;
    x->v[x->n++] = *e;
    return 0;
}

static const char *program_label(const struct funeral_env *env, const char *program)
{
    int p = env->set ? pol_program_find(env->set, program) : -1;
    return p >= 0 ? pol_program_label(env->set, p) : program;
}

/* Benefits: the person's stop after the month of death; the household's
 * too when nobody is left alive, else they go on and are re-checked
 * (*kept lists them). */
static int stop_benefits(const struct funeral_env *env, int64_t person, int64_t hh, mz_date died,
                         bool household_left, const char *actor, json_t *items,
                         struct enrols *kept, struct fun_cascade_out *out, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct enrols all = {0};
    int rc = ps_enrol_of(db, hh, take_enrol, &all, err);
    if (rc > 0)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    pay_month dm = pay_month_of(died);
    char month[8], next[8], day[11];
    pay_month_format(dm, month);
    pay_month_format(dm + 1, next);
    date_format(died, day);
    for (size_t i = 0; rc == 0 && i < all.n; i++) {
        const struct enrol_row *e = &all.v[i];
        if (e->end_month[0] || (e->person_id && e->person_id != person))
            continue;
        const char *label = program_label(env, e->program);
        if (!e->person_id && household_left) {
            if (mz_grow(&kept->v, &kept->cap, kept->n + 1, sizeof *kept->v) < 0) {
                rc = mz_fail(err, "out_of_memory", "内存不足");
                break;
            }
            kept->v[kept->n++] = *e;
            continue;
        }
        char reason[160];
        snprintf(reason, sizeof reason, "%s于 %s 死亡，自 %s 起停发（身后一件事）",
                 e->person_id ? "享受人" : "户内最后一位成员", day, next);
        if ((rc = pay_enrol_stop_tx(env->reg, e, dm, reason, actor, err)) < 0)
            break;
        if (strcmp(e->start_month, month) > 0)
            item(items, "benefit_stopped", label, "登记号 %" PRId64 "：尚未开始发放，终止，不再发放",
                 e->id);
        else
            item(items, "benefit_stopped", label, "登记号 %" PRId64 "：发放至 %s，自 %s 起停发",
                 e->id, month, next);
        out->benefits_stopped++;
        int64_t fen = 0, lines = 0;
        if ((rc = fs_overpaid(db, e->id, month, &fen, &lines, err)) == 0 && fen > 0) {
            char yuan[32];
            pay_yuan(fen, yuan);
            item(items, "overpaid", label,
                 "登记号 %" PRId64 "：%s 之后的月份已发放 %s 元（%" PRId64 " 笔），须追缴"
                 "（mz roll arrears，下月名册）",
                 e->id, month, yuan, lines);
        }
    }
    mz_free(all.v);
    return rc;
}

/* Applications whose applicant died: a household's goes on with a living
 * adult of the household, any other is closed. Each in a savepoint: one
 * that cannot be closed here is left to a caseworker, said in the summary. */
static int handle_cases(const struct funeral_env *env, int64_t person, const struct members *x,
                        mz_date died, json_t *items, struct fun_cascade_out *out,
                        struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    int64_t *ids;
    size_t n;
    if (fs_open_cases_of(db, person, &ids, &n, err) < 0)
        return -1;
    struct case_env cenv = {env->reg, env->cal, env->set};
    char day[11];
    date_format(died, day);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct case_row c;
        if ((rc = case_get(&cenv, ids[i], &c, err) < 0 ? -1 : 0) < 0)
            break;
        const struct procedure *p = proc_find(c.type);
        char first[32] = "";
        snprintf(first, sizeof first, "%s", p && p->programs ? p->programs : "");
        first[strcspn(first, ",")] = '\0';
        int prog = env->set && *first ? pol_program_find(env->set, first) : -1;
        bool household = prog >= 0 && pol_program_entity(env->set, prog) == POL_HOUSEHOLD &&
                         p && !p->is_contest;
        int64_t heir = household ? successor(x, died) : 0;
        mz_date today = date_today();
        mz_date on = today < c.state_since ? c.state_since : today;
        char reason[200];
        struct mz_err cerr = {0};
        if ((rc = db_savepoint(db, err)) < 0)
            break;
        int done;
        if (heir) {
            struct person_row h;
            snprintf(reason, sizeof reason, "原申请人于 %s 死亡，由家庭成员继续申请（身后一件事）", day);
            done = rs_person_get(db, heir, &h, &cerr) > 0 &&
                   case_reassign_tx(&cenv, c.id, heir, FUN_ACTOR, reason, on, &cerr) == 0;
            if (done) {
                item(items, "case_reassigned", p->label, "案件 %" PRId64 "：申请人变更为%s（%s），继续办理",
                     c.id, h.name, h.id_masked);
                out->cases_reassigned++;
            }
        } else {
            snprintf(reason, sizeof reason, "申请人于 %s 死亡，终止办理（身后一件事）", day);
            struct case_step_in in = {.action = "close", .actor = FUN_ACTOR, .reason = reason,
                                      .day = on, .role = "street"};
            done = case_step_tx(&cenv, c.id, &in, &cerr) == 0;
            if (done) {
                item(items, "case_closed", p ? p->label : c.type, "案件 %" PRId64 "：已终止", c.id);
                out->cases_closed++;
            }
        }
        if (done) {
            rc = db_release(db, err);
        } else if (db_failed(&cerr)) {
            *err = cerr;
            rc = -1;
        } else {
            db_rollback_savepoint(db);
            rc = db_release(db, err);
            item(items, "case_open", p ? p->label : c.type,
                 "案件 %" PRId64 "：未能自动处理，请经办人办理（%s）", c.id, cerr.msg);
        }
    }
    mz_free(ids);
    return rc;
}

static int cancel_orders(const struct funeral_env *env, int64_t person, mz_date died,
                         json_t *items, struct fun_cascade_out *out, struct mz_err *err)
{
    char reason[96], day[11];
    date_format(died, day);
    snprintf(reason, sizeof reason, "服务对象于 %s 死亡，订单取消（身后一件事）", day);
    struct order_row *orders;
    size_t n;
    if (care_orders_cancel_of_tx(env->reg, person, reason, &orders, &n, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        item(items, "order_cancelled", "居家养老服务订单", "订单 %" PRId64 "（%s，%.10s）：已取消",
             orders[i].id, orders[i].service, orders[i].slot);
    out->orders_cancelled = (int)n;
    mz_free(orders);
    return 0;
}

/* The household goes on: its benefits re-checked within three months of
 * the death, and the monitor's member_died warning raised for its office. */
static int recheck(const struct funeral_env *env, int64_t person, int64_t hh, mz_date died,
                   const struct enrols *kept, json_t *items, struct fun_cascade_out *out,
                   struct mz_err *err)
{
    pay_month due = pay_month_of(died) + 3;
    char month[8];
    pay_month_format(due, month);
    for (size_t i = 0; i < kept->n; i++) {
        item(items, "recheck", program_label(env, kept->v[i].program),
             "登记号 %" PRId64 "：家庭成员减少，已列入动态管理复核，须于 %s 底前复核", kept->v[i].id,
             month);
        out->recheck_opened = true;
    }
    if (!env->set || !env->cal)
        return 0;
    struct mon_env menv = {env->reg, env->set, env->cal};
    struct mon_counts counts = {0};
    if (mon_households(&menv, &hh, NULL, 1, date_today(), "death", &counts, err) < 0)
        return -1;
    char cond[96];
    snprintf(cond, sizeof cond, "member_died|%" PRId64 "|%" PRId64, hh, person);
    int64_t wid = 0;
    char wdue[11] = "";
    int found = fs_open_warning(reg_db(env->reg), cond, &wid, wdue, err);
    if (found < 0)
        return -1;
    if (found) {
        item(items, "warning", "家庭成员死亡预警",
             "预警 %" PRId64 "：已交街道（乡镇）复核家庭救助资格，处理期限 %s", wid, wdue);
        out->recheck_opened = true;
    }
    return 0;
}

int fun_cascade_tx(const struct funeral_env *env, int64_t person_id, mz_date died,
                   const char *source, const char *actor, struct fun_cascade_out *out,
                   struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct db *db = reg_db(env->reg);
    struct person_row p;
    int found = rs_person_get(db, person_id, &p, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "unknown_person", "人员 %" PRId64 " 不存在", person_id);
    int64_t hh = 0;
    char relation[32] = "";
    mz_date since;
    struct household_row h = {0};
    if ((found = rs_membership_current(db, person_id, &hh, relation, &since, err)) < 0 ||
        (found && rs_household_get(db, hh, &h, err) < 0))
        return -1;
    struct death_row d = {.person_id = person_id, .household_id = hh};
    date_format(died, d.died_on);
    snprintf(d.source, sizeof d.source, "%s", source ? source : "");
    snprintf(d.division, sizeof d.division, "%s", hh ? h.division : p.division);
    snprintf(d.cascaded_by, sizeof d.cascaded_by, "%s", actor);
    bool inserted = false;
    if (fs_death_insert(db, &d, &inserted, err) < 0)
        return -1;
    if (!inserted)
        return 0; /* cascaded before: a second report changes nothing */
    out->cascaded = true;

    json_t *items = json_array();
    struct members x = {.dead = person_id};
    struct enrols kept = {0};
    int rc = items ? 0 : mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0 && hh)
        rc = living_members(db, hh, died, &x, err);
    bool left = x.n > 0;
    if (rc == 0 && hh)
        rc = stop_benefits(env, person_id, hh, died, left, actor, items, &kept, out, err);
    if (rc == 0)
        rc = handle_cases(env, person_id, &x, died, items, out, err);
    if (rc == 0)
        rc = cancel_orders(env, person_id, died, items, out, err);
    int64_t marriage = 0;
    char survivor[128];
    struct marriage_env menv = {env->reg, env->set, env->cal, NULL};
    if (rc == 0)
        rc = mar_on_death(&menv, person_id, died, &marriage, survivor, err);
    if (rc == 0 && marriage) {
        item(items, "marriage_ended", "婚姻登记", "婚姻关系因一方死亡终止；配偶%s的婚姻状况记为丧偶",
             survivor);
        out->marriage_ended = true;
    }
    if (rc == 0 && hh && left)
        rc = recheck(env, person_id, hh, died, &kept, items, out, err);
    else if (rc == 0 && hh)
        item(items, "household_ended", "家庭", "户内已无在世成员，家庭待遇一并停发");
    bool eligible = false;
    char basis[400];
    if (rc == 0 && env->set && hh)
        rc = fun_waiver_eligible(env, person_id, died, &eligible, basis, err);
    if (rc == 0 && env->set && hh)
        item(items, "waiver", "惠民殡葬", "%s", basis);
    if (rc == 0 && json_array_size(items) == 0)
        item(items, "none", "无在办事项", "没有正在享受的待遇、在办的申请或服务订单");
    char text[FS_SUMMARY_MAX];
    size_t n = rc == 0 ? json_dumpb(items, text, sizeof text - 1, JSON_COMPACT) : 0;
    if (rc == 0 && (n == 0 || n >= sizeof text - 1))
        rc = mz_fail(err, "too_large", "身后一件事清单过长");
    if (rc == 0) {
        text[n] = '\0';
        rc = fs_death_summary(db, person_id, text, err);
    }
    char key[24], detail[480];
    snprintf(key, sizeof key, "%" PRId64, person_id);
    snprintf(detail, sizeof detail, "死亡 %s（%s）：停发 %d 项，终止案件 %d 件，转交 %d 件，取消订单 %d 个",
             d.died_on, d.source, out->benefits_stopped, out->cases_closed, out->cases_reassigned,
             out->orders_cancelled);
    struct audit_event ev = {actor, "death.cascade", "person", key, NULL, NULL, detail};
    if (rc == 0)
        rc = audit_append(db, reg_vault(env->reg), &ev, err);
    json_decref(items);
    mz_free(x.v);
    mz_free(kept.v);
    return rc;
}

/* ---- the hook and the sweep ------------------------------------------ */

static int on_death(void *ctx, struct registry *r, int64_t person_id, mz_date died,
                    const char *source, struct mz_err *err)
{
    struct fun_hook *h = ctx;
    struct funeral_env env = {r, h->set, h->cal};
    struct fun_cascade_out out;
    if (fun_cascade_tx(&env, person_id, died, source, reg_actor(r), &out, err) < 0)
        return -1;
    struct death_report_row rep = {.first = out.cascaded};
    date_format(died, rep.died_on);
    snprintf(rep.source, sizeof rep.source, "%s", source ? source : "");
    snprintf(rep.reported_by, sizeof rep.reported_by, "%s", reg_actor(r));
    return fs_report_insert(reg_db(r), person_id, &rep, err);
}

void fun_hook_install(struct registry *r, struct fun_hook *hook, const struct pol_set *set,
                      const struct cal *cal)
{
    hook->set = set;
    hook->cal = cal;
    reg_on_death(r, on_death, hook);
}

int fun_sweep(const struct funeral_env *env, const char *actor, int64_t *n, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    *n = 0;
    for (;;) {
        struct pending_death *v;
        size_t k;
        if (fs_deaths_pending(db, 200, &v, &k, err) < 0)
            return -1;
        if (k == 0)
            return 0;
        int rc = db_begin(db, err);
        for (size_t i = 0; rc == 0 && i < k; i++) {
            mz_date died = date_parse(v[i].value);
            struct fun_cascade_out out;
            struct death_report_row rep = {.first = true};
            date_format(died == MZ_DATE_NONE ? 0 : died, rep.died_on);
            snprintf(rep.source, sizeof rep.source, "%s", v[i].source);
            snprintf(rep.reported_by, sizeof rep.reported_by, "%s", actor);
            rc = died == MZ_DATE_NONE
                     ? mz_fail(err, "invalid_value", "人员 %" PRId64 " 的死亡日期“%s”无效",
                               v[i].person_id, v[i].value)
                     : fun_cascade_tx(env, v[i].person_id, died, v[i].source, actor, &out, err);
            if (rc == 0)
                rc = fs_report_insert(db, v[i].person_id, &rep, err);
            *n += rc == 0;
        }
        mz_free(v);
        if (rc == 0)
            rc = db_commit(db, err);
        if (rc < 0) {
            db_rollback(db);
            return -1;
        }
    }
}
