/* Enrolments: by hand, from an approved case, or every eligible household
 * of a program at once (taking over an existing caseload). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "cases/procedure.h"
#include "pay/internal.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/casestore.h"
#include "store/regstore.h"

/* Inserts e with its audit entry (inside the caller's transaction). */
static int enrol_put(struct registry *r, struct enrol_row *e, const char *actor, bool *added,
                     struct mz_err *err)
{
    if (ps_enrol_insert(reg_db(r), e, added, err) < 0)
        return -1;
    if (!*added)
        return 0;
    char id[24], detail[160];
    snprintf(id, sizeof id, "%" PRId64, e->id);
    snprintf(detail, sizeof detail, "%s 自 %s 起（%s）", e->program, e->start_month, e->source);
    struct audit_event ev = {actor, "enrolment.add", "enrolment", id, NULL, NULL, detail};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

/* One enrolment in its own transaction. */
static int enrol_one(struct registry *r, struct enrol_row *e, const char *actor, bool *added,
                     struct mz_err *err)
{
    struct db *db = reg_db(r);
    if (db_begin(db, err) < 0)
        return -1;
    if (enrol_put(r, e, actor, added, err) < 0 || db_commit(db, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

int pay_enrol(struct registry *r, const struct pol_set *set, const struct pay_enrol_in *in,
              int64_t *id, bool *added, struct mz_err *err)
{
    int prog = pay_program(set, in->program, err);
    if (prog < 0)
        return -1;
    struct enrol_row e = {0};
    struct household_row h;
    int found = rs_household_by_no(reg_db(r), in->household_no ? in->household_no : "", &h, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "household", "no_household", "没有户编号为“%s”的家庭",
                                         in->household_no ? in->household_no : "");
    e.household_id = h.id;
    if (pol_program_entity(set, prog) == POL_PERSON) {
        if (!in->id_number)
            return mz_fail_field(err, "person", "no_person",
                                 "“%s”按人发放，须指定享受人的身份证号（--person）",
                                 pol_program_label(set, prog));
        found = reg_person_find(r, in->id_number, &e.person_id, err);
        char masked[19];
        idcard_mask(in->id_number, masked);
        if (found <= 0)
            return found < 0 ? -1 : mz_fail_field(err, "person", "no_person",
                                                   "没有身份证号为“%s”的人员", masked);
    }
    snprintf(e.program, sizeof e.program, "%s", in->program);
    pay_month_format(in->from, e.start_month);
    snprintf(e.source, sizeof e.source, "%s", in->source ? in->source : "manual");
    if (enrol_one(r, &e, in->actor, added, err) < 0)
        return -1;
    *id = e.id;
    return 0;
}

/* The enrolment of a person in person program program, checked. */
static int person_enrolment(const struct pol_set *set, const char *program, int64_t household_id,
                            int64_t person_id, pay_month from, const char *source,
                            struct enrol_row *e, struct mz_err *err)
{
    int prog = pay_program(set, program, err);
    if (prog < 0)
        return -1;
    if (pol_program_entity(set, prog) != POL_PERSON)
        return mz_fail(err, "not_person_program", "“%s”按户发放，不能按人登记",
                       pol_program_label(set, prog));
    *e = (struct enrol_row){.household_id = household_id, .person_id = person_id};
    snprintf(e->program, sizeof e->program, "%s", program);
    pay_month_format(from, e->start_month);
    snprintf(e->source, sizeof e->source, "%s", source);
    return 0;
}

int pay_enrol_person(struct registry *r, const struct pol_set *set, const char *program,
                     int64_t household_id, int64_t person_id, pay_month from, const char *source,
                     const char *actor, int64_t *id, bool *added, struct mz_err *err)
{
    struct enrol_row e;
    if (person_enrolment(set, program, household_id, person_id, from, source, &e, err) < 0 ||
        enrol_one(r, &e, actor, added, err) < 0)
        return -1;
    *id = e.id;
    return 0;
}

int pay_enrol_person_in(struct registry *r, const struct pol_set *set, const char *program,
                        int64_t household_id, int64_t person_id, pay_month from,
                        const char *source, const char *actor, int64_t *id, bool *added,
                        struct mz_err *err)
{
    struct enrol_row e;
    if (person_enrolment(set, program, household_id, person_id, from, source, &e, err) < 0 ||
        enrol_put(r, &e, actor, added, err) < 0)
        return -1;
    *id = e.id;
    return 0;
}

/* Finds the approval step of a case: its day. */
struct approval {
    struct db *db;
    mz_date day;
    struct mz_err *err;
    int failed;
};

static int approval_fn(void *ctx, const struct step_row *s)
{
    struct approval *a = ctx;
    struct decision_row d = {0};
    int found = cs_decision_get(a->db, s->id, &d, a->err);
    if (found < 0)
        return a->failed = 1;
    if (found == 1 && strcmp(d.outcome, "approve") == 0)
        a->day = s->day;
    mz_free(d.explanation);
    return 0;
}

int pay_enrol_approved(struct registry *r, const struct pol_set *set, const struct case_row *c,
                       const char *program, mz_date approved_on, const char *actor, int64_t *id,
                       bool *added, struct mz_err *err)
{
    int prog = pay_program(set, program, err);
    if (prog < 0)
        return -1;
    struct enrol_row e = {.household_id = c->household_id,
                          .person_id = pol_program_entity(set, prog) == POL_PERSON
                                           ? c->applicant_id
                                           : 0};
    snprintf(e.program, sizeof e.program, "%s", program);
    pay_month_format(pay_month_of(approved_on) + 1, e.start_month);
    snprintf(e.source, sizeof e.source, "case:%" PRId64, c->id);
    if (enrol_put(r, &e, actor, added, err) < 0)
        return -1;
    *id = e.id;
    return 0;
}

int pay_enrol_once(struct registry *r, const struct pol_set *set, const struct case_row *c,
                   const char *program, mz_date approved_on, int64_t amount, const char *actor,
                   int64_t *id, struct mz_err *err)
{
    int prog = pay_program(set, program, err);
    if (prog < 0)
        return -1;
    struct enrol_row e = {.household_id = c->household_id,
                          .person_id =
                              pol_program_entity(set, prog) == POL_PERSON ? c->applicant_id : 0,
                          .once = true,
                          .once_amount = amount};
    snprintf(e.program, sizeof e.program, "%s", program);
    pay_month_format(pay_month_of(approved_on) + 1, e.start_month);
    snprintf(e.end_month, sizeof e.end_month, "%s", e.start_month);
    snprintf(e.source, sizeof e.source, "case:%" PRId64, c->id);
    bool added;
    if (enrol_put(r, &e, actor, &added, err) < 0)
        return -1;
    *id = e.id;
    return 0;
}

int pay_enrol_case(struct registry *r, const struct pol_set *set, int64_t case_id,
                   const char *program, const char *actor, int64_t *id, bool *added,
                   struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct case_row c;
    int found = cs_case_get(db, case_id, &c, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "no_case", "没有编号为 %" PRId64 " 的案件", case_id);
    struct approval a = {.db = db, .day = MZ_DATE_NONE, .err = err};
    if (cs_steps(db, case_id, approval_fn, &a, err) < 0 || a.failed)
        return -1;
    if (a.day == MZ_DATE_NONE)
        return mz_fail(err, "not_approved", "案件 %" PRId64 " 尚未审核确认（状态：%s），不能纳入发放",
                       case_id, c.state);
    char first[32] = "";
    if (!program) {
        const struct procedure *p = proc_find(c.type);
        snprintf(first, sizeof first, "%s", p ? p->programs : "");
        first[strcspn(first, ",")] = 0;
        program = first;
    }
    if (db_begin(db, err) < 0)
        return -1;
    if (pay_enrol_approved(r, set, &c, program, a.day, actor, id, added, err) < 0 ||
        db_commit(db, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

int pay_enrol_eligible(struct registry *r, const struct pol_set *set, const char *program,
                       pay_month from, const char *actor, int64_t *added, struct mz_err *err)
{
    *added = 0;
    int prog = pay_program(set, program, err);
    if (prog < 0)
        return -1;
    struct db *db = reg_db(r);
    mz_date first = pay_month_first(from);
    int64_t *pids = NULL;
    struct snap_request req = {.as_of = first};
    struct pol_snapshot *snap = snap_load(db, set, &req, &pids, err);
    struct pol_results *res = snap ? pol_eval(set, snap, first, 2, err) : NULL;
    int rc = res ? db_begin(db, err) : -1;
    bool person = pol_program_entity(set, prog) == POL_PERSON;
    const int64_t *elig = res ? pol_results_eligible(res, prog) : NULL;
    for (size_t h = 0; rc == 0 && h < snap->nhouseholds; h++) {
        size_t lo = person ? snap->member_start[h] : h;
        size_t hi = person ? snap->member_start[h + 1] : h + 1;
        for (size_t i = lo; rc == 0 && i < hi; i++) {
            if (!elig[i])
                continue;
            struct enrol_row e = {.household_id = snap->household_id[h],
                                  .person_id = person ? pids[i] : 0};
            snprintf(e.program, sizeof e.program, "%s", program);
            pay_month_format(from, e.start_month);
            snprintf(e.source, sizeof e.source, "manual");
            bool was_added;
            rc = enrol_put(r, &e, actor, &was_added, err);
            *added += was_added;
        }
    }
    if (rc == 0 && res)
        rc = db_commit(db, err);
    else if (res)
        db_rollback(db);
    pol_results_free(res);
    pol_snapshot_free(snap);
    mz_free(pids);
    return rc;
}

/* Ends open enrolment e with last month `month` for reason, audited
 * (inside the caller's transaction). */
static int stop_put(struct registry *r, const struct enrol_row *e, const char *month,
                    const char *reason, const char *actor, struct mz_err *err)
{
    char id[24], detail[TEXT_BYTES(TEXT_MAX_NOTE) + 64];
    bool changed = false;
    snprintf(id, sizeof id, "%" PRId64, e->id);
    snprintf(detail, sizeof detail, "最后发放月份 %s：%s", month, reason);
    struct audit_event ev = {actor, "enrolment.end", "enrolment", id, NULL, NULL, detail};
    if (ps_enrol_stop(reg_db(r), e->id, month, reason, &changed, err) < 0)
        return -1;
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

int pay_enrol_stop_tx(struct registry *r, const struct enrol_row *e, pay_month last,
                      const char *reason, const char *actor, struct mz_err *err)
{
    pay_month start;
    if (pay_month_parse(e->start_month, &start, err) < 0)
        return -1;
    char month[8];
    pay_month_format(last < start ? start : last, month);
    return stop_put(r, e, month, reason, actor, err);
}

int pay_enrol_stop(struct registry *r, int64_t enrolment_id, pay_month last, const char *reason,
                   const char *actor, struct mz_err *err)
{
    if (!reason || !reason[0])
        return mz_fail_field(err, "reason", "reason_required", "停发须写明理由（--reason）");
    if (text_check(reason, "reason", "停发理由", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    struct db *db = reg_db(r);
    char month[8];
    pay_month_format(last, month);
    if (db_begin(db, err) < 0)
        return -1;
    struct enrol_row e;
    int found = ps_enrol_get(db, enrolment_id, &e, err);
    int rc = found < 0 ? -1 : 0;
    if (found == 0)
        rc = mz_fail(err, "no_enrolment", "没有编号为 %" PRId64 " 的享受登记", enrolment_id);
    else if (rc == 0 && e.end_month[0])
        rc = mz_fail(err, "enrolment_ended", "享受登记 %" PRId64 " 已于 %s 终止", enrolment_id,
                     e.end_month);
    else if (rc == 0 && strcmp(month, e.start_month) < 0)
        rc = mz_fail_field(err, "month", "month_order",
                           "最后发放月份 %s 早于享受登记 %" PRId64 " 的起始月份 %s", month,
                           enrolment_id, e.start_month);
    if (rc == 0)
        rc = stop_put(r, &e, month, reason, actor, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

struct open_of {
    const char *programs; /* "dibao,edge" */
    int64_t person_id;
    struct enrol_row *rows;
    size_t n, cap;
};

/* Collects the open enrolments of the listed programs (household ones, or
 * the person's). */
static int collect_open(void *ctx, const struct enrol_row *e)
{
    struct open_of *o = ctx;
    size_t len = strlen(e->program);
    const char *at = strstr(o->programs, e->program);
    bool listed = false;
    for (; at && !listed; at = strstr(at + 1, e->program))
        listed = (at == o->programs || at[-1] == ',') && (at[len] == ',' || at[len] == '\0');
    if (e->end_month[0] || !listed || (e->person_id && e->person_id != o->person_id))
        return 0;
    if (mz_grow(&o->rows, &o->cap, o->n + 1, sizeof *o->rows) < 0)
        return 1; /* stops the scan: out of memory */
    o->rows[o->n++] = *e;
    return 0;
}

int pay_enrol_stop_decided(struct registry *r, const struct case_row *c, const char *programs,
                           mz_date decided_on, const char *reason, const char *actor,
                           struct mz_err *err)
{
    struct open_of o = {.programs = programs, .person_id = c->applicant_id};
    char month[8];
    pay_month_format(pay_month_of(decided_on), month);
    int rc = ps_enrol_of(reg_db(r), c->household_id, collect_open, &o, err);
    if (rc > 0)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc >= 0 && i < o.n; i++)
        if (strcmp(month, o.rows[i].start_month) >= 0)
            rc = stop_put(r, &o.rows[i], month, reason, actor, err);
    mz_free(o.rows);
    return rc < 0 ? -1 : 0;
}
