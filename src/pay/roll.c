/* Monthly payment rolls per paying unit (the county that pays): build,
 * four-eyes approval by two people of the unit, the bank file with its
 * batch reference and SM3 digest, paid. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "crypto/sm.h"
#include "crypto/vault.h"
#include "io/cell.h"
#include "io/csv.h"
#include "io/file.h"
#include "pay/internal.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/snapstore.h"

/* Last month's regular amounts, by household and person. */
struct prev_line {
    int64_t household_id, person_id, amount;
};
struct prev {
    struct prev_line *v;
    size_t n, cap;
    const char *origin;
    int oom;
};

static int prev_fn(void *ctx, const struct line_row *l)
{
    struct prev *p = ctx;
    if (strcmp(l->origin_month, p->origin) != 0)
        return 0;
    if (mz_grow(&p->v, &p->cap, p->n + 1, sizeof *p->v) < 0)
        return p->oom = 1;
    p->v[p->n++] = (struct prev_line){l->household_id, l->person_id, l->amount};
    return 0;
}

static int prev_cmp(const void *a, const void *b)
{
    const struct prev_line *x = a, *y = b;
    if (x->household_id != y->household_id)
        return x->household_id < y->household_id ? -1 : 1;
    return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

static int audit(struct registry *r, const char *actor, const char *action, int64_t id,
                 const char *detail, struct mz_err *err)
{
    char text[24];
    snprintf(text, sizeof text, "%" PRId64, id);
    struct audit_event ev = {actor, action, "roll", text, NULL, NULL, detail};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

bool pay_unit_has(const struct pay_unit *unit, const char *division)
{
    for (int i = 0; i < unit->nprefixes; i++)
        if (strncmp(division, unit->prefixes[i], strlen(unit->prefixes[i])) == 0)
            return true;
    return false;
}

/* "500103 500105": the prefixes of unit, as stored with a roll. */
static void unit_scope_text(const struct pay_unit *unit, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < unit->nprefixes && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " " : "", unit->prefixes[i]);
}

/* Whether two rolls' prefix lists (texts separated by spaces; "" = the
 * whole city) share a division: one prefix starts the other. */
static bool scopes_overlap(const char *a, const char *b)
{
    if (!*a || !*b)
        return true;
    for (const char *p = a; *p;) {
        size_t n = strcspn(p, " ");
        for (const char *q = b; *q;) {
            size_t m = strcspn(q, " ");
            if (strncmp(p, q, n < m ? n : m) == 0)
                return true;
            q += m + (q[m] == ' ');
        }
        p += n + (p[n] == ' ');
    }
    return false;
}

/* Refuses a roll of unit when another roll of program and month covers
 * some of its divisions (no one paid twice for one month). */
static int check_overlap(struct db *db, const char *program, const char *month,
                         const struct roll_row *mine, struct mz_err *err)
{
    int64_t *ids;
    size_t n;
    if (ps_roll_ids(db, program, month, &ids, &n, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct roll_row other;
        int found = ps_roll_by_id(db, ids[i], &other, err);
        if (found < 0)
            rc = -1;
        else if (found && strcmp(other.unit, mine->unit) != 0 &&
                 scopes_overlap(other.unit_scope, mine->unit_scope))
            rc = mz_fail(err, "roll_overlap",
                         "%s 年月 %s 已有名册（编号 %" PRId64
                         "，发放单位 %s）覆盖发放单位 %s 的部分区划，"
                         "同一月份不能重复发放",
                         program, month, other.id, other.unit[0] ? other.unit : "全市", mine->unit);
    }
    mz_free(ids);
    return rc;
}

/* The roll of program for month and unit if it may be (re)built: 1 a draft
 * exists, 0 none, -1 approved or paid (err says so) or error. */
static int roll_open(struct db *db, const char *program, const char *month, const char *unit,
                     struct roll_row *roll, struct mz_err *err)
{
    int found = ps_roll_by_key(db, program, month, unit, roll, err);
    if (found == 1 && strcmp(roll->payee, "provider") == 0)
        return mz_fail(err, "roll_kind",
                       "%s 年月 %s 发放单位 %s 的名册（编号 %" PRId64 "）是服务机构结算单，不能按享受登记生成",
                       program, month, unit, roll->id);
    if (found == 1 && strcmp(roll->state, "draft") != 0)
        return mz_fail(err, "roll_closed",
                       "%s 年月 %s 发放单位 %s 的名册（编号 %" PRId64 "）已%s，不能重新生成",
                       program, month, unit, roll->id,
                       strcmp(roll->state, "paid") == 0 ? "发放" : "审核");
    return found;
}

/* Writes the regular lines of roll out->roll, inside the caller's
 * transaction. */
static int write_roll(struct registry *r, const struct pay_dues *dues, struct prev *prev,
                      const char *month, struct pay_roll_summary *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct roll_row *roll = &out->roll;
    struct roll_row existing;
    int found = roll_open(db, roll->program, month, roll->unit, &existing, err);
    int rc = found < 0 ? -1 : check_overlap(db, roll->program, month, roll, err);
    if (rc == 0 && found == 1) {
        roll->id = existing.id;
        out->rebuilt = true;
        rc = ps_roll_prepared(db, roll, err);
        if (rc == 0)
            rc = ps_lines_delete(db, roll->id, month, month, err);
    } else if (rc == 0) {
        rc = ps_roll_insert(db, roll, err);
    }
    size_t matched = 0;
    for (size_t i = 0; rc == 0 && i < dues->n; i++) {
        const struct pay_due *d = &dues->items[i];
        struct line_row l = {.household_id = d->household_id, .person_id = d->person_id,
                             .enrolment_id = d->enrolment_id, .due = d->amount,
                             .amount = d->amount};
        snprintf(l.origin_month, sizeof l.origin_month, "%s", month);
        snprintf(l.kind, sizeof l.kind, "regular");
        snprintf(l.status, sizeof l.status, "%s", d->status);
        snprintf(l.reason, sizeof l.reason, "%s", d->reason);
        struct prev_line key = {d->household_id, d->person_id, 0};
        const struct prev_line *p =
            prev->n ? bsearch(&key, prev->v, prev->n, sizeof *prev->v, prev_cmp) : NULL;
        int64_t before = p ? p->amount : 0;
        matched += p && p->amount > 0;
        l.paid_before = before;
        const char *change = before == d->amount ? "same" : before == 0 ? "new"
                             : d->amount == 0    ? "stopped"
                                                 : "changed";
        snprintf(l.change, sizeof l.change, "%s", change);
        out->gained += strcmp(change, "new") == 0;
        out->changed += strcmp(change, "changed") == 0;
        out->ended += strcmp(change, "stopped") == 0;
        out->paying += strcmp(d->status, "pay") == 0;
        out->tapering += strcmp(d->status, "taper") == 0;
        out->recheck += strcmp(d->status, "recheck") == 0;
        out->withheld += strcmp(d->status, "withheld") == 0;
        out->stopped += strcmp(d->status, "stopped") == 0;
        out->total += d->amount;
        rc = ps_line_insert(db, roll->id, &l, err);
        if (rc == 0 && d->end >= 0) {
            char end[8];
            pay_month_format(d->end, end);
            rc = ps_enrol_end(db, d->enrolment_id, end, err);
            char id[24];
            snprintf(id, sizeof id, "%" PRId64, d->enrolment_id);
            struct audit_event ev = {roll->prepared_by, "enrolment.end", "enrolment", id,
                                     NULL, NULL, d->reason};
            if (rc == 0)
                rc = audit_append(db, reg_vault(r), &ev, err);
        }
    }
    /* paid last month, no line now (enrolment ended) */
    for (size_t i = 0; i < prev->n; i++)
        out->ended += prev->v[i].amount > 0;
    out->ended -= (int64_t)matched;
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s 发放单位 %s：%zu 行 合计 %" PRId64 " 分", roll->program,
             month, roll->unit, dues->n, out->total);
    if (rc == 0)
        rc = ps_roll_totals(db, roll->id, err);
    if (rc == 0)
        rc = audit(r, roll->prepared_by, out->rebuilt ? "roll.rebuild" : "roll.build", roll->id,
                   detail, err);
    if (rc == 0 && ps_roll_by_id(db, roll->id, roll, err) != 1)
        rc = -1;
    return rc;
}

/* The enrolments in force in a unit for a month, as one read saw them. */
struct enrols {
    struct enrol_row *v; /* by id */
    size_t n, cap;
    int oom;
};

static int enrols_fn(void *ctx, const struct enrol_row *e)
{
    struct enrols *s = ctx;
    if (mz_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v) < 0)
        return s->oom = 1;
    s->v[s->n++] = *e;
    return 0;
}

static int enrols_read(struct db *db, pay_month month, const struct pay_unit *unit,
                       struct enrols *out, struct mz_err *err)
{
    char text[8];
    pay_month_format(month, text);
    if (ps_enrol_in_force(db, text, unit->prefixes, unit->nprefixes, enrols_fn, out, err) < 0)
        return -1;
    return out->oom ? mz_fail(err, "out_of_memory", "内存不足") : 0;
}

/* Whether two reads of an enrolment agree on everything the dues read. */
static bool enrol_same(const struct enrol_row *a, const struct enrol_row *b)
{
    return a->id == b->id && a->household_id == b->household_id && a->person_id == b->person_id &&
           a->once == b->once && a->once_amount == b->once_amount &&
           strcmp(a->program, b->program) == 0 && strcmp(a->start_month, b->start_month) == 0 &&
           strcmp(a->end_month, b->end_month) == 0 && strcmp(a->source, b->source) == 0 &&
           strcmp(a->last_review, b->last_review) == 0;
}

struct pay_roll_plan {
    const struct pol_set *set;
    int program;
    pay_month month;
    struct pay_unit unit;
    struct roll_row roll;  /* the header to write */
    struct pay_dues dues;  /* as of generation gen of the registry's change journal */
    int64_t gen;
    struct enrols seen;    /* the enrolments in force the dues were computed from */
    struct timespec t0;
};

void pay_roll_plan_free(struct pay_roll_plan *p)
{
    if (!p)
        return;
    pay_dues_free(&p->dues);
    mz_free(p->seen.v);
    mz_free(p);
}

int pay_roll_plan(struct registry *r, const struct pol_set *set, const char *program,
                  pay_month month, const struct pay_unit *unit, const char *actor,
                  struct pay_roll_plan **out, struct mz_err *err)
{
    *out = NULL;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int prog = pay_program(set, program, err);
    if (prog < 0)
        return -1;
    struct db *db = reg_db(r);
    char text[8];
    pay_month_format(month, text);
    if (month > pay_month_of(date_today()) + 1)
        return mz_fail(err, "bad_month", "名册月份 %s 晚于下月：名册最早在上月末编制", text);
    if (strlen(unit->code) != 6 || unit->nprefixes < 1)
        return mz_fail(err, "bad_unit", "发放单位应为区县（6 位区划代码），实为“%s”", unit->code);
    struct roll_row existing;
    if (roll_open(db, program, text, unit->code, &existing, err) < 0)
        return -1;
    struct pay_roll_plan *p = mz_calloc(1, sizeof *p);
    if (!p)
        return mz_fail(err, "out_of_memory", "内存不足");
    *p = (struct pay_roll_plan){.set = set, .program = prog, .month = month, .unit = *unit,
                                .t0 = t0};
    struct roll_row *roll = &p->roll;
    snprintf(roll->program, sizeof roll->program, "%s", program);
    snprintf(roll->unit, sizeof roll->unit, "%s", unit->code);
    unit_scope_text(unit, roll->unit_scope, sizeof roll->unit_scope);
    snprintf(roll->month, sizeof roll->month, "%s", text);
    snprintf(roll->policy_version, sizeof roll->policy_version, "%s", pol_version(set));
    snprintf(roll->prepared_by, sizeof roll->prepared_by, "%s", actor);
    /* every change committed from here on is stamped after p->gen; the
     * read that follows sees every change stamped up to it */
    struct ss_state st;
    int rc = ss_build_start(db, -1, &st, NULL, NULL, err);
    p->gen = st.gen;
    if (rc == 0)
        rc = db_read_begin(db, err);
    if (rc == 0)
        rc = enrols_read(db, month, unit, &p->seen, err);
    if (rc == 0)
        rc = pay_dues_compute(db, set, prog, month, unit, NULL, 0, &p->dues, err);
    db_read_end(db);
    if (rc < 0) {
        pay_roll_plan_free(p);
        return -1;
    }
    *out = p;
    return 0;
}

static bool ids_add(int64_t **ids, size_t *n, size_t *cap, int64_t id)
{
    if (mz_grow(ids, cap, *n + 1, sizeof **ids) < 0)
        return false;
    (*ids)[(*n)++] = id;
    return true;
}

static int id_cmp(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return *x < *y ? -1 : *x > *y;
}

static int due_cmp(const void *a, const void *b)
{
    const struct pay_due *x = a, *y = b;
    if (x->household_id != y->household_id)
        return x->household_id < y->household_id ? -1 : 1;
    return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

/* The households whose enrolments in force differ between two reads
 * (appended to *ids). */
static int enrols_diff(const struct enrols *a, const struct enrols *b, int64_t **ids, size_t *n,
                       size_t *cap)
{
    size_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        const struct enrol_row *x = i < a->n ? &a->v[i] : NULL, *y = j < b->n ? &b->v[j] : NULL;
        if (x && y && x->id == y->id) {
            if (!enrol_same(x, y) && (!ids_add(ids, n, cap, x->household_id) ||
                                      !ids_add(ids, n, cap, y->household_id)))
                return -1;
            i++, j++;
        } else if (x && (!y || x->id < y->id)) {
            if (!ids_add(ids, n, cap, x->household_id))
                return -1;
            i++;
        } else {
            if (!ids_add(ids, n, cap, y->household_id))
                return -1;
            j++;
        }
    }
    return 0;
}

/* Inside the write transaction: computes again the dues of the households
 * changed since the plan — stamped later in the registry's change journal,
 * or with enrolments in force that differ — and puts them in place of the
 * planned ones (every household after a bulk load). *redone receives how
 * many households were computed again. */
static int catch_up(struct db *db, struct pay_roll_plan *p, int64_t *redone, struct mz_err *err)
{
    struct ss_state st;
    if (ss_peek(db, &st, err) < 0)
        return -1;
    if (st.bulk || st.floor > p->gen) {
        pay_dues_free(&p->dues);
        *redone = -1;
        return pay_dues_compute(db, p->set, p->program, p->month, &p->unit, NULL, 0, &p->dues,
                                err);
    }
    int64_t *ids;
    size_t n, cap;
    struct enrols now = {0};
    if (ss_changed_since(db, p->gen, &ids, &n, err) < 0)
        return -1;
    cap = n;
    int rc = enrols_read(db, p->month, &p->unit, &now, err);
    if (rc == 0 && enrols_diff(&p->seen, &now, &ids, &n, &cap) < 0)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    mz_free(now.v);
    size_t kept = 0;
    if (rc == 0 && n)
        qsort(ids, n, sizeof *ids, id_cmp);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (kept == 0 || ids[kept - 1] != ids[i])
            ids[kept++] = ids[i];
    struct pay_dues fresh = {0};
    if (rc == 0 && kept)
        rc = pay_dues_compute(db, p->set, p->program, p->month, &p->unit, ids, kept, &fresh, err);
    if (rc == 0 && kept) {
        struct pay_dues *d = &p->dues;
        size_t m = 0;
        for (size_t i = 0; i < d->n; i++)
            if (!bsearch(&d->items[i].household_id, ids, kept, sizeof *ids, id_cmp))
                d->items[m++] = d->items[i];
        d->n = m;
        if (mz_grow(&d->items, &d->cap, d->n + fresh.n, sizeof *d->items) < 0)
            rc = mz_fail(err, "out_of_memory", "内存不足");
        else if (fresh.n) {
            memcpy(d->items + d->n, fresh.items, fresh.n * sizeof *fresh.items);
            d->n += fresh.n;
            qsort(d->items, d->n, sizeof *d->items, due_cmp);
        }
    }
    pay_dues_free(&fresh);
    mz_free(ids);
    *redone = (int64_t)kept;
    return rc;
}

int pay_roll_write(struct registry *r, struct pay_roll_plan *p, struct pay_roll_summary *out,
                   struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct db *db = reg_db(r);
    char text[8], last[8];
    pay_month_format(p->month, text);
    pay_month_format(p->month - 1, last);
    if (db_begin(db, err) < 0)
        return -1;
    struct prev prev = {.origin = last};
    struct roll_row before;
    int rc = catch_up(db, p, &out->recomputed, err);
    int found = rc < 0 ? -1 : ps_roll_by_key(db, p->roll.program, last, p->unit.code, &before, err);
    if (found < 0 || (found == 1 && ps_lines(db, before.id, prev_fn, &prev, err) < 0))
        rc = -1;
    if (rc == 0 && prev.oom)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0 && prev.n)
        qsort(prev.v, prev.n, sizeof *prev.v, prev_cmp);
    out->roll = p->roll;
    if (rc == 0)
        rc = write_roll(r, &p->dues, &prev, text, out, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    mz_free(prev.v);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds =
        (double)(t1.tv_sec - p->t0.tv_sec) + (double)(t1.tv_nsec - p->t0.tv_nsec) / 1e9;
    return rc;
}

int pay_roll_build(struct registry *r, const struct pol_set *set, const char *program,
                   pay_month month, const struct pay_unit *unit, const char *actor,
                   struct pay_roll_summary *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct pay_roll_plan *p;
    if (pay_roll_plan(r, set, program, month, unit, actor, &p, err) < 0)
        return -1;
    int rc = pay_roll_write(r, p, out, err);
    pay_roll_plan_free(p);
    return rc;
}

static int roll_load(struct db *db, int64_t id, struct roll_row *roll, struct mz_err *err)
{
    int found = ps_roll_by_id(db, id, roll, err);
    if (found == 0)
        return mz_fail(err, "no_roll", "没有编号为 %" PRId64 " 的发放名册", id);
    return found < 0 ? -1 : 0;
}

static const char *state_label(const char *state)
{
    return strcmp(state, "draft") == 0      ? "待审核"
           : strcmp(state, "approved") == 0 ? "已审核"
                                            : "已发放";
}

int pay_roll_approve(struct registry *r, int64_t roll_id, const char *approver,
                     const char *approver_unit, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct roll_row roll;
    if (!approver || !*approver)
        return mz_fail(err, "no_approver", "审核须写明审核人（--as 用户）");
    if (db_begin(db, err) < 0)
        return -1;
    bool changed = false;
    int rc = roll_load(db, roll_id, &roll, err);
    if (rc == 0 && approver_unit && (!roll.unit[0] || strcmp(roll.unit, approver_unit) != 0))
        rc = mz_fail(err, "other_unit",
                     "名册 %" PRId64
                     " 由发放单位 %s 发放，须由该单位的另一名人员审核（审核人属于 %s）",
                     roll_id, roll.unit[0] ? roll.unit : "全市", approver_unit);
    if (rc == 0 && strcmp(roll.prepared_by, approver) == 0)
        rc = mz_fail(err, "four_eyes", "审核人“%s”就是制表人，须由另一人审核（双人复核）",
                     approver);
    if (rc == 0 && strcmp(roll.state, "draft") != 0)
        rc = mz_fail(err, "roll_state", "名册 %" PRId64 " 状态为“%s”，只能审核待审核的名册",
                     roll_id, state_label(roll.state));
    if (rc == 0)
        rc = ps_roll_approve(db, roll_id, approver, &changed, err);
    if (rc == 0)
        rc = audit(r, approver, "roll.approve", roll_id, roll.month, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

int pay_roll_mark_paid(struct registry *r, int64_t roll_id, const char *actor,
                       struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct roll_row roll;
    if (db_begin(db, err) < 0)
        return -1;
    bool changed = false;
    int rc = roll_load(db, roll_id, &roll, err);
    if (rc == 0)
        rc = ps_roll_paid(db, roll_id, &changed, err);
    if (rc == 0 && !changed)
        rc = mz_fail(err, "roll_state", "名册 %" PRId64 " 状态为“%s”，只有已审核的名册可标记为已发放",
                     roll_id, state_label(roll.state));
    if (rc == 0)
        rc = audit(r, actor, "roll.paid", roll_id, roll.month, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

/* ---- bank file ---- */

static const char *const bank_headers[] = {
    "批次号",     "序号",   "收款人姓名",       "收款账号", "开户银行",
    "金额（元）", "户编号", "证件号码（脱敏）", "项目",     "月份"};
#define BANK_COLS 10
#define BANK_MISSING_LISTED 20

/* First pass: the transfers without an account. */
struct missing_ctx {
    int64_t n;
    char list[BANK_MISSING_LISTED * 48];
    size_t len;
};

static int missing_fn(void *ctx, const struct bank_row *b)
{
    struct missing_ctx *m = ctx;
    if (b->account_sealed_len)
        return 0;
    if (m->n++ < BANK_MISSING_LISTED)
        m->len += (size_t)snprintf(m->list + m->len, sizeof m->list - m->len,
                                   "%s%s（登记号 %" PRId64 "）", m->len ? "、" : "", b->hh_no,
                                   b->enrolment_id);
    return 0;
}

struct bank_ctx {
    FILE *csv;
    lxw_worksheet *ws;
    lxw_format *text; /* keeps a cell text (cell_text_format) */
    const struct vault *vault;
    uint32_t row;
    int64_t total;
    const char *month, *label, *batch;
    int failed;
    struct mz_err *err; /* an account that does not unseal */
};

static int bank_fn(void *ctx, const struct bank_row *b)
{
    struct bank_ctx *k = ctx;
    char yuan[32], account[32] = "", seq[16];
    size_t n;
    pay_yuan(b->amount, yuan);
    if (vault_unseal(k->vault, b->account_sealed, (size_t)b->account_sealed_len, account,
                     sizeof account, &n, k->err) < 0)
        return -1;
    k->row++;
    k->total += b->amount;
    snprintf(seq, sizeof seq, "%u", k->row);
    const char *fields[BANK_COLS] = {k->batch, seq,      b->name,      account,  b->bank,
                                     yuan,     b->hh_no, b->id_masked, k->label, k->month};
    if (k->csv && csv_write_row(k->csv, fields, BANK_COLS) < 0)
        return k->failed = 1;
    for (int c = 0; k->ws && c < BANK_COLS; c++) {
        lxw_error e =
            c == 5 ? worksheet_write_number(k->ws, k->row, 5, (double)b->amount / 100.0, NULL)
                   : cell_write_text(k->ws, k->row, (lxw_col_t)c, fields[c], NULL, k->text);
        if (e != LXW_NO_ERROR)
            return k->failed = 1;
    }
    return 0;
}

/* The SM3 digest of a file, in hex. */
static int file_sm3(const char *path, char out[65], struct mz_err *err)
{
    char *data;
    size_t n;
    if (io_read_file(path, "银行代发文件", &data, &n, err) < 0)
        return -1;
    int rc = sm3_hex(data, n, out) < 0 ? mz_fail(err, "sm3", "SM3 计算失败") : 0;
    mz_free(data);
    return rc;
}

/* Records the file on the roll and audits the export, in one transaction. */
static int record_export(struct registry *r, struct roll_row *roll, const char *format,
                         const struct pay_bank_file *f, bool scoped, struct mz_err *err)
{
    struct db *db = reg_db(r);
    snprintf(roll->batch_ref, sizeof roll->batch_ref, "%s", f->batch_ref);
    snprintf(roll->bank_format, sizeof roll->bank_format, "%s", format);
    snprintf(roll->bank_sm3, sizeof roll->bank_sm3, "%s", f->sm3);
    char total[32], detail[256];
    pay_yuan(f->total, total);
    snprintf(detail, sizeof detail,
             "银行代发文件 %s：%" PRId64 " 笔 %s 元（含完整银行账号）%s SM3 %s", f->batch_ref,
             f->rows, total, scoped ? "，限管辖区划" : "", f->sm3);
    if (db_begin(db, err) < 0)
        return -1;
    int rc = ps_roll_bank(db, roll, err);
    if (rc == 0)
        rc = audit(r, reg_actor(r), "roll.export", roll->id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

int pay_roll_export(struct registry *r, const struct pol_set *set, int64_t roll_id,
                    const char (*scope)[13], int nscope, const char *csv_path,
                    const char *xlsx_path, struct pay_bank_file *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct roll_row roll;
    memset(out, 0, sizeof *out);
    if (roll_load(db, roll_id, &roll, err) < 0)
        return -1;
    if (strcmp(roll.state, "draft") == 0)
        return mz_fail(err, "roll_state", "名册 %" PRId64 " 尚未审核，不能导出银行代发文件", roll_id);
    struct missing_ctx *miss = mz_calloc(1, sizeof *miss);
    if (!miss)
        return mz_fail(err, "out_of_memory", "内存不足");
    int rc = ps_bank_rows(db, roll_id, scope, nscope, missing_fn, miss, err);
    if (rc == 0 && miss->n)
        rc =
            mz_fail(err, "missing_account",
                    "%" PRId64 " 笔没有收款账号，不能导出银行代发文件：%s%s。请先登记账号（mz roll "
                    "account 登记号 --bank 银行 --account 账号）",
                    miss->n, miss->list, miss->n > BANK_MISSING_LISTED ? " 等" : "");
    mz_free(miss);
    if (rc < 0)
        return -1;
    char month[8];
    snprintf(month, sizeof month, "%.4s%.2s", roll.month, roll.month + 5);
    snprintf(out->batch_ref, sizeof out->batch_ref, "MZ-%s-%s-%s-%" PRId64,
             roll.unit[0] ? roll.unit : "city", roll.program, month, roll.id);
    int prog = pol_program_find(set, roll.program);
    struct bank_ctx k = {.month = roll.month,
                         .label = prog >= 0 ? pol_program_label(set, prog) : roll.program,
                         .batch = out->batch_ref,
                         .vault = reg_vault(r),
                         .err = err};
    lxw_workbook *wb = NULL;
    if (csv_path && !(k.csv = fopen(csv_path, "wb")))
        return mz_fail(err, "io", "无法写入文件“%s”", csv_path);
    if (k.csv && (csv_write_bom(k.csv) < 0 || csv_write_row(k.csv, bank_headers, BANK_COLS) < 0))
        k.failed = 1;
    if (xlsx_path) {
        if (!(wb = workbook_new(xlsx_path)) || !(k.ws = workbook_add_worksheet(wb, "代发明细")) ||
            !(k.text = cell_text_format(wb)))
            k.failed = 1;
        for (int c = 0; k.ws && c < BANK_COLS; c++)
            worksheet_write_string(k.ws, 0, (lxw_col_t)c, bank_headers[c], NULL);
    }
    rc = k.failed ? 0 : ps_bank_rows(db, roll_id, scope, nscope, bank_fn, &k, err);
    if (k.csv && fclose(k.csv) != 0)
        k.failed = 1;
    if (wb && workbook_close(wb) != LXW_NO_ERROR)
        k.failed = 1;
    if (rc == 0 && k.failed)
        rc = mz_fail(err, "io", "写入银行代发文件失败（%s）", xlsx_path ? xlsx_path : csv_path);
    out->rows = k.row;
    out->total = k.total;
    /* the bank checks the file it received against the digest on the roll */
    if (rc == 0)
        rc = file_sm3(csv_path ? csv_path : xlsx_path, out->sm3, err);
    if (rc == 0)
        rc = record_export(r, &roll, csv_path ? "csv" : "xlsx", out, scope != NULL, err);
    if (rc < 0) {
        if (csv_path)
            remove(csv_path);
        if (xlsx_path)
            remove(xlsx_path);
        return -1;
    }
    return 0;
}
