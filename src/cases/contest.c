/* Contests of a decision (异议, 行政复议): a case of a contest procedure
 * linked to a decided case. Opening it reproduces the contested decision
 * as it was made (the registry as known when the decision was recorded);
 * its ruling upholds the decision or corrects it with the registry as
 * known now (case.h). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cases/internal.h"
#include "registry/registry.h"
#include "store/regstore.h"

/* ---- the contested decision -------------------------------------------- */

/* The latest decision (approve or reject) of a case and its step. */
struct contested {
    struct db *db;
    struct mz_err *err;
    int found;
    struct step_row step;
    struct decision_row d; /* d.explanation is owned */
};

static int decision_fn(void *ctx, const struct step_row *s)
{
    struct contested *k = ctx;
    struct decision_row d = {0};
    int found = cs_decision_get(k->db, s->id, &d, k->err);
    if (found < 0)
        return -1;
    if (!found || (strcmp(d.outcome, "approve") != 0 && strcmp(d.outcome, "reject") != 0)) {
        mz_free(d.explanation);
        return 0;
    }
    mz_free(k->d.explanation);
    k->d = d;
    k->step = *s;
    k->found = 1;
    return 0;
}

/* Fills k with the latest decision of case_id (k->found 0 if none); the
 * caller frees k->d.explanation. */
static int latest_decision(struct db *db, int64_t case_id, struct contested *k,
                           struct mz_err *err)
{
    *k = (struct contested){.db = db, .err = err};
    return cs_steps(db, case_id, decision_fn, k, err) < 0 ? -1 : 0;
}

static void yuan(int64_t fen, char out[32])
{
    snprintf(out, 32, "%" PRId64 ".%02d", fen / 100, (int)(fen % 100));
}

static const char *verdict(int eligible)
{
    return eligible ? "符合" : "不符合";
}

/* Appends "；"-separated text to buf, truncating at cap. */
static void add(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len && len + 4 < cap) {
        memcpy(buf + len, "；", 4);
        len += 3;
    }
    va_list ap;
    va_start(ap, fmt);
    if (len < cap)
        vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

/* Writes into out->differences what differs between the stored decision
 * and its reproduction; sets out->matches. */
static void compare(const struct decision_row *was, const struct decision_row *now,
                    struct contest_row *out)
{
    char *buf = out->differences;
    size_t cap = sizeof out->differences;
    buf[0] = '\0';
    if (strcmp(was->policy_version, now->policy_version) != 0)
        add(buf, cap, "政策版本：决定时 %.16s…，现为 %.16s…", was->policy_version,
            now->policy_version);
    if (was->engine_eligible != now->engine_eligible)
        add(buf, cap, "系统评估：决定时%s，重现%s", verdict(was->engine_eligible),
            verdict(now->engine_eligible));
    if (was->engine_amount != now->engine_amount) {
        char a[32], b[32];
        yuan(was->engine_amount, a);
        yuan(now->engine_amount, b);
        add(buf, cap, "月金额：决定时 %s 元，重现 %s 元", a, b);
    }
    const char *a = was->explanation ? was->explanation : "";
    const char *b = now->explanation ? now->explanation : "";
    for (int line = 1; *a || *b; line++) {
        size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");
        if (na != nb || memcmp(a, b, na) != 0) {
            add(buf, cap, "解释第 %d 行：决定时“%.*s”，重现“%.*s”", line, (int)na, a, (int)nb, b);
            break;
        }
        a += na + (a[na] == '\n');
        b += nb + (b[nb] == '\n');
    }
    out->matches = buf[0] == '\0';
}

/* ---- opening ------------------------------------------------------------ */

int case_contest_open(const struct case_env *env, const struct case_contest_in *in, int64_t *id,
                      struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    const struct procedure *p = in->type ? proc_find(in->type) : NULL;
    if (!p || !p->is_contest)
        return mz_fail_field(err, "type", "unknown_type",
                             "未知的异议类型“%s”；可选：objection（对救助决定的异议）、"
                             "appeal（行政复议）",
                             in->type ? in->type : "");
    if (!in->reason || !in->reason[0])
        return mz_fail_field(err, "reason", "reason_required", "提出%s须写明理由",
                             p->label);
    if (case_input_check(in->day, in->reason, in->note, err) < 0)
        return -1;
    struct case_row orig;
    if (case_get(env, in->of_case, &orig, err) <= 0)
        return -1;
    const struct procedure *op = proc_find(orig.type);
    if (!op)
        return mz_fail(err, "unknown_type", "案件 %" PRId64 " 的类型 %s 没有办理程序", orig.id,
                       orig.type);
    if (op->is_contest)
        return mz_fail_field(err, "of", "contest_of_contest",
                             "案件 %" PRId64 " 本身是%s案件；请针对原决定所在的案件提出", orig.id,
                             op->label);
    struct contested k;
    if (latest_decision(db, orig.id, &k, err) < 0)
        return -1;
    if (!k.found) {
        const struct proc_state *s = proc_state(op, orig.state);
        return mz_fail_field(err, "of", "not_decided",
                             "案件 %" PRId64 "（%s）尚未作出审核确认或不予确认决定（当前状态“%s”），"
                             "不能对其提出%s",
                             orig.id, op->label, s ? s->label : orig.state, p->label);
    }
    char decided[11], day[11];
    date_format(k.step.day, decided);
    date_format(in->day, day);
    struct decision_row now = {0};
    int rc = 0;
    if (in->day < k.step.day)
        rc = mz_fail_field(err, "date", "date_order", "提出日期 %s 早于原决定日期 %s", day,
                           decided);
    /* the decision as it was made: its day, the registry as known when
     * its step was recorded */
    if (rc == 0)
        rc = case_explain(env, op, &orig, k.d.as_of, k.step.at, &now, NULL, err);
    struct contest_row row = {.of_case = orig.id,
                              .decision_step = k.step.id,
                              .engine_eligible = now.engine_eligible,
                              .engine_amount = now.engine_amount,
                              .explanation = now.explanation};
    snprintf(row.known_at, sizeof row.known_at, "%s", k.step.at);
    snprintf(row.policy_version, sizeof row.policy_version, "%s", now.policy_version);
    if (rc == 0)
        compare(&k.d, &now, &row);
    struct case_row c;
    struct step_row s;
    case_new(p, orig.household_id, orig.applicant_id, orig.division, in->actor, in->day, &c, &s);
    snprintf(s.reason, sizeof s.reason, "%s", in->reason);
    snprintf(s.note, sizeof s.note, "针对案件 %" PRId64 " 于 %s 作出的%s决定；决定重现%s%s%s",
             orig.id, decided, strcmp(k.d.outcome, "approve") == 0 ? "审核确认" : "不予确认",
             row.matches ? "一致" : "不一致", in->note ? "；" : "", in->note ? in->note : "");
    char detail[160];
    snprintf(detail, sizeof detail, "%s：针对案件 %" PRId64, p->label, orig.id);
    if (rc == 0 && (rc = db_begin(db, err)) == 0) {
        rc = cs_case_insert(db, &c, err);
        row.case_id = c.id;
        if (rc == 0)
            rc = cs_step_insert(db, c.id, &s, err);
        if (rc == 0)
            rc = cs_contest_insert(db, &row, err);
        if (rc == 0)
            rc = case_audit(env, in->actor, "case.open", NULL, &c, detail, err);
        if (rc == 0)
            rc = db_commit(db, err);
        if (rc < 0)
            db_rollback(db);
    }
    mz_free(k.d.explanation);
    mz_free(now.explanation);
    if (rc == 0)
        *id = c.id;
    return rc;
}

/* ---- rulings ------------------------------------------------------------ */

/* The contest of case id, the contested case and its decision (the caller
 * frees was->explanation). */
static int contest_load(const struct case_env *env, int64_t id, struct contest_row *k,
                        struct case_row *orig, struct decision_row *was, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    int found = cs_contest_get(db, id, k, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail(err, "not_contest", "案件 %" PRId64 " 不是异议或行政复议案件",
                                   id);
    mz_free(k->explanation);
    k->explanation = NULL;
    if (case_get(env, k->of_case, orig, err) <= 0)
        return -1;
    found = cs_decision_get(db, k->decision_step, was, err);
    if (found == 0)
        mz_fail(err, "not_found", "案件 %" PRId64 " 的原决定记录不存在", k->of_case);
    return found == 1 ? 0 : -1;
}

int contest_ruling(const struct case_env *env, const struct case_row *c,
                   const struct proc_transition *t, struct decision_row *d,
                   const struct procedure **decided, unsigned *eligible, struct mz_err *err)
{
    struct contest_row k;
    struct case_row orig;
    struct decision_row was = {0};
    if (contest_load(env, c->id, &k, &orig, &was, err) < 0) {
        mz_free(was.explanation);
        return -1;
    }
    /* the household as of the contested decision's day, as known now */
    *decided = proc_find(orig.type);
    int rc = case_explain(env, *decided, &orig, was.as_of, NULL, d, eligible, err);
    if (rc == 0 && (t->flags & PF_UPHOLD)) {
        snprintf(d->outcome, sizeof d->outcome, "%s", was.outcome);
    } else if (rc == 0) {
        snprintf(d->outcome, sizeof d->outcome, "%s", d->engine_eligible ? "approve" : "reject");
        if (strcmp(d->outcome, was.outcome) == 0 &&
            (!d->engine_eligible || d->engine_amount == was.engine_amount)) {
            char day[11], amount[32];
            date_format(was.as_of, day);
            yuan(d->engine_amount, amount);
            rc = mz_fail(err, "no_change",
                         "按原决定日 %s 的现有登记数据重新评估，结论与原决定相同（%s%s%s）；"
                         "无从变更，应维持原决定（uphold），或先更正登记数据",
                         day, verdict(d->engine_eligible), d->engine_eligible ? "，月金额 " : "",
                         d->engine_eligible ? amount : "");
        }
    }
    mz_free(was.explanation);
    return rc;
}

int case_correction_get(const struct case_env *env, int64_t id, struct case_correction *out,
                        struct mz_err *err)
{
    struct case_row c;
    if (case_get(env, id, &c, err) <= 0)
        return -1;
    if (strcmp(c.state, "changed") != 0) {
        mz_fail(err, "not_changed", "案件 %" PRId64 " 不是已变更原决定的异议或行政复议案件", id);
        return 0;
    }
    struct db *db = reg_db(env->reg);
    struct contest_row k;
    struct case_row orig;
    struct decision_row was = {0};
    struct contested now = {0};
    struct household_row h;
    int rc = contest_load(env, id, &k, &orig, &was, err);
    if (rc == 0)
        rc = latest_decision(db, id, &now, err);
    if (rc == 0 && !now.found)
        rc = mz_fail(err, "not_found", "案件 %" PRId64 " 没有变更决定的记录", id);
    if (rc == 0 && rs_household_get(db, orig.household_id, &h, err) <= 0)
        rc = -1;
    if (rc == 0) {
        memset(out, 0, sizeof *out);
        snprintf(out->hh_no, sizeof out->hh_no, "%s", h.hh_no);
        snprintf(out->program, sizeof out->program, "%s", proc_find(orig.type)->programs);
        out->program[strcspn(out->program, ",")] = '\0';
        bool was_approved = strcmp(was.outcome, "approve") == 0;
        snprintf(out->decision, sizeof out->decision, "%s",
                 !was_approved                          ? "approve"
                 : strcmp(now.d.outcome, "approve") == 0 ? "change"
                                                          : "stop");
        out->as_of = was.as_of;
        out->ruled = now.step.day;
        out->previous_amount = was_approved ? was.engine_amount : 0;
        out->amount = strcmp(now.d.outcome, "approve") == 0 ? now.d.engine_amount : 0;
    }
    mz_free(was.explanation);
    mz_free(now.d.explanation);
    return rc < 0 ? -1 : 1;
}
