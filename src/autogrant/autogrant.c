/* 免申即享 (autogrant.h): consents, the sweep's findings, their
 * confirmation into enrolments with a decision notice, and the enrolment
 * of the consenting from the data alone. */
#include "autogrant/autogrant.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "notice/issue.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/regstore.h"

#define SOURCE "免申即享"

static int audit(struct registry *reg, const char *actor, const char *action, const char *kind,
                 int64_t id, const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, kind, key, NULL, NULL, detail};
    return audit_append(reg_db(reg), reg_vault(reg), &ev, err);
}

int ag_consent(struct registry *reg, int64_t person_id, const char *given_on,
               const char *given_by, const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct person_row p;
    int found = person_id > 0 ? rs_person_get(db, person_id, &p, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "person", "unknown_person",
                                         "没有这个人员（人员编号 %" PRId64 "）", person_id);
    mz_date day = given_on ? date_parse(given_on) : MZ_DATE_NONE;
    if (day == MZ_DATE_NONE)
        return mz_fail_field(err, "given_on", "invalid_value", "授权日期应为 YYYY-MM-DD，实为“%.20s”",
                             given_on ? given_on : "");
    if (date_check(day, date_today(), "given_on", "授权日期", err) < 0) return -1;
    if (!given_by || (strcmp(given_by, "本人") != 0 && strcmp(given_by, "监护人") != 0))
        return mz_fail_field(err, "given_by", "invalid_value", "授权人应为“本人”或“监护人”，实为“%.20s”",
                             given_by ? given_by : "");
    char detail[64];
    snprintf(detail, sizeof detail, "%s %s授权核对（免申即享）", given_on, given_by);
    int rc = db_begin(db, err);
    if (rc == 0) rc = ags_consent_put(db, person_id, given_on, given_by, actor, err);
    if (rc == 0) rc = audit(reg, actor, "autogrant.consent", "person", person_id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- the engine's verdict on one household ------------------------------ */

/* Whether programs prog[0..n) are granted on day to household (household
 * programs) or to its member person (person programs): eligible[i], and
 * amount[i] (fen per month; amount may be NULL). */
static int verdict(struct registry *reg, const struct pol_set *set, int64_t household,
                   int64_t person, mz_date day, const int *prog, int n, bool *eligible,
                   int64_t *amount, struct mz_err *err)
{
    struct snap_request req = {.as_of = day, .household_id = household};
    int64_t *pids = NULL;
    struct pol_results *res = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(reg), set, &req, &pids, err);
    int rc = snap && (res = pol_eval(set, snap, day, 1, err)) ? 0 : -1;
    for (int i = 0; i < n; i++) {
        eligible[i] = false;
        if (amount) amount[i] = 0;
        if (rc < 0 || snap->nhouseholds == 0) continue;
        size_t row = 0;
        if (pol_program_entity(set, prog[i]) == POL_PERSON)
            while (row < snap->npersons && pids[row] != person) row++;
        if (pol_program_entity(set, prog[i]) == POL_PERSON && row == snap->npersons) continue;
        eligible[i] = pol_results_eligible(res, prog[i])[row] != 0;
        if (amount) amount[i] = pol_results_amount(res, prog[i])[row];
    }
    pol_results_free(res);
    if (snap) pol_snapshot_free(snap);
    mz_free(pids);
    return rc;
}

/* The programs granted without application in mode, into prog (at most
 * cap); their number. */
static int programs_of(const struct pol_set *set, enum pol_no_application mode, int *prog,
                       int cap)
{
    int n = 0;
    for (int p = 0; p < pol_program_count(set) && n < cap; p++)
        if (pol_program_no_application(set, p) == mode) prog[n++] = p;
    return n;
}

/* ---- enrolment of the consenting (`without application`) ---------------- */

#define MAX_PROGRAMS 16

struct consents {
    struct consent_row *v;
    size_t n, cap;
};

static int collect(void *ctx, const struct consent_row *c)
{
    struct consents *l = ctx;
    if (mz_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0) return -1;
    l->v[l->n++] = *c;
    return 0;
}

/* Enrols one consent's person (or household): for each program still
 * granted on as_of, from the first month from the consent's on whose
 * first day it was granted. */
static int enrol_consent(struct registry *reg, const struct pol_set *set, const int *prog, int n,
                         const struct consent_row *c, mz_date as_of, const char *actor,
                         size_t *added, struct mz_err *err)
{
    int64_t household = 0;
    mz_date joined;
    char relation[32];
    if (rs_membership_current(reg_db(reg), c->person_id, &household, relation, &joined, err) < 0)
        return -1;
    if (household <= 0) return 0;
    bool now[MAX_PROGRAMS], then[MAX_PROGRAMS], found[MAX_PROGRAMS] = {false};
    pay_month start[MAX_PROGRAMS] = {0};
    if (verdict(reg, set, household, c->person_id, as_of, prog, n, now, NULL, err) < 0) return -1;
    pay_month last = pay_month_of(as_of);
    for (pay_month m = pay_month_of(date_parse(c->given_on)); m <= last; m++) {
        if (verdict(reg, set, household, c->person_id, pay_month_first(m), prog, n, then, NULL,
                    err) < 0)
            return -1;
        for (int i = 0; i < n; i++) {
            if (now[i] && then[i] && !found[i]) start[i] = m;
            found[i] |= now[i] && then[i];
        }
    }
    struct db *db = reg_db(reg);
    int rc = db_begin(db, err);
    for (int i = 0; rc == 0 && i < n; i++) {
        if (!now[i]) continue;
        int64_t id;
        bool new_one;
        int64_t person = pol_program_entity(set, prog[i]) == POL_PERSON ? c->person_id : 0;
        rc = pay_enrol_tx(reg, set, pol_program_name(set, prog[i]), household, person,
                          found[i] ? start[i] : last, SOURCE, actor, &id, &new_one, err);
        *added += rc == 0 && new_one;
    }
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

int ag_enrol_consented(struct registry *reg, const struct pol_set *set, mz_date as_of,
                       const char *actor, size_t *added, struct mz_err *err)
{
    *added = 0;
    int prog[MAX_PROGRAMS];
    int n = programs_of(set, POL_NOAPP_AUTO, prog, MAX_PROGRAMS);
    if (n == 0) return 0;
    struct consents l = {0};
    int rc = ags_consents(reg_db(reg), collect, &l, err);
    if (rc > 0) rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < l.n; i++)
        rc = enrol_consent(reg, set, prog, n, &l.v[i], as_of, actor, added, err);
    mz_free(l.v);
    return rc;
}

/* ---- the sweep's findings (`without application confirmed`) -------------- */

/* Whether the sorted pairs (household, person) hold this one. */
static bool enrolled(const int64_t *pairs, size_t n, int64_t household, int64_t person)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int64_t h = pairs[2 * mid], p = pairs[2 * mid + 1];
        if (h == household && p == person) return true;
        if (h < household || (h == household && p < person))
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static int find_program(struct registry *reg, const struct pol_set *set, int prog,
                        const struct pol_snapshot *snap, const struct pol_results *res,
                        const int64_t *pids, mz_date as_of, const char *actor, size_t *found,
                        struct mz_err *err)
{
    char month[8];
    pay_month_format(pay_month_of(as_of), month);
    int64_t *pairs;
    size_t npairs;
    const char *name = pol_program_name(set, prog);
    if (ags_enrolled(reg_db(reg), name, month, &pairs, &npairs, err) < 0) return -1;
    bool per_person = pol_program_entity(set, prog) == POL_PERSON;
    const int64_t *elig = pol_results_eligible(res, prog), *amount = pol_results_amount(res, prog);
    int rc = 0;
    for (size_t h = 0; rc == 0 && h < snap->nhouseholds; h++) {
        size_t from = per_person ? snap->member_start[h] : h;
        size_t to = per_person ? snap->member_start[h + 1] : h + 1;
        for (size_t row = from; rc == 0 && row < to; row++) {
            int64_t person = per_person ? pids[row] : 0;
            if (!elig[row] || enrolled(pairs, npairs, snap->household_id[h], person)) continue;
            struct finding_row f = {.household_id = snap->household_id[h],
                                    .person_id = person,
                                    .amount = amount[row]};
            snprintf(f.program, sizeof f.program, "%s", name);
            snprintf(f.office, sizeof f.office, "%.9s", snap->division[h]);
            date_format(as_of, f.found_on);
            bool added;
            rc = ags_finding_insert(reg_db(reg), &f, actor, &added, err);
            if (rc == 0 && added) {
                char detail[96];
                snprintf(detail, sizeof detail, "%s 发现符合%s条件、未纳入", f.found_on,
                         pol_program_label(set, prog));
                rc = audit(reg, actor, "autogrant.find", "household", f.household_id, detail, err);
                *found += rc == 0;
            }
        }
    }
    mz_free(pairs);
    return rc;
}

int ag_find_tx(struct registry *reg, const struct pol_set *set,
               const struct pol_snapshot *snap, const int64_t *person_ids,
               const struct pol_results *res, mz_date as_of, const char *actor, size_t *found,
               struct mz_err *err)
{
    int prog[MAX_PROGRAMS];
    int n = programs_of(set, POL_NOAPP_CONFIRMED, prog, MAX_PROGRAMS);
    for (int i = 0; i < n; i++)
        if (find_program(reg, set, prog[i], snap, res, person_ids, as_of, actor, found, err) < 0)
            return -1;
    return 0;
}

/* ---- confirmation ------------------------------------------------------- */

static int open_finding(struct db *db, int64_t id, struct finding_row *f, struct mz_err *err)
{
    int found = ags_finding_get(db, id, f, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "id", "not_found",
                                         "没有编号为 %" PRId64 " 的免申即享发现", id);
    if (strcmp(f->state, "found") != 0)
        return mz_fail(err, "not_open", "免申即享发现 %" PRId64 " 已办结（%s）", id,
                       ag_state_label(f->state));
    return 0;
}

/* The enrolment, the notice and the settled finding, inside a transaction. */
static int confirm_tx(struct registry *reg, const struct pol_set *set, struct finding_row *f,
                      mz_date day, const struct ag_notice *notice, const char *actor,
                      struct notice_files *files, struct mz_err *err)
{
    pay_month from = pay_month_of(day) + 1;
    bool added;
    if (pay_enrol_tx(reg, set, f->program, f->household_id, f->person_id, from, SOURCE, actor,
                     &f->enrolment_id, &added, err) < 0)
        return -1;
    struct notice_request req = {.hh_no = f->hh_no,
                                 .program = f->program,
                                 .decision = NOTICE_APPROVE,
                                 .as_of = day,
                                 .issued = day,
                                 .effective = pay_month_first(from),
                                 .previous_amount = -1,
                                 .verify_base = notice->verify_base};
    struct notice_row row;
    struct notice_outcome out;
    if (notice_issue_tx(reg, set, &req, notice->key_path, notice->out_pdf, actor, &row, &out,
                        files, err) < 0)
        return -1;
    snprintf(f->state, sizeof f->state, "enrolled");
    date_format(day, f->decided_on);
    snprintf(f->decided_by, sizeof f->decided_by, "%s", actor);
    pay_month_format(from, f->start_month);
    snprintf(f->notice_number, sizeof f->notice_number, "%s", row.number);
    char detail[320];
    snprintf(detail, sizeof detail, "%s 经核对纳入%s，自 %s 起；决定书 %s",
             f->decided_on, pol_program_label(set, pol_program_find(set, f->program)),
             f->start_month, row.number);
    int settled = ags_finding_decide(reg_db(reg), f, err);
    if (settled == 0) mz_fail(err, "not_open", "免申即享发现 %" PRId64 " 已办结", f->id);
    if (settled <= 0 ||
        audit(reg, actor, "autogrant.confirm", "household", f->household_id, detail, err) < 0) {
        notice_files_remove(files);
        return -1;
    }
    return 0;
}

int ag_confirm(struct registry *reg, const struct pol_set *set, int64_t id, mz_date day,
               const struct ag_notice *notice, const char *actor, struct finding_row *out,
               struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct finding_row f;
    if (open_finding(db, id, &f, err) < 0) return -1;
    int prog = pol_program_find(set, f.program);
    if (prog < 0)
        return mz_fail(err, "no_program", "政策中没有项目 %s", f.program);
    if (date_check(day, date_today(), "date", "确认日期", err) < 0) return -1;
    if (!f.consent[0])
        return mz_fail(err, "no_consent",
                       "户 %s 尚未授权核对：请先登记家庭成员的授权（本人或监护人，注明日期）", f.hh_no);
    bool eligible;
    int64_t amount;
    if (verdict(reg, set, f.household_id, f.person_id, day, &prog, 1, &eligible, &amount, err) < 0)
        return -1;
    char on[11];
    date_format(day, on);
    if (!eligible)
        return mz_fail(err, "not_eligible",
                       "经核对，户 %s 于 %s 已不符合“%s”的条件，不能纳入；请核实后以“不予纳入”办结",
                       f.hh_no, on, pol_program_label(set, prog));
    struct notice_files files;
    int rc = db_begin(db, err);
    if (rc == 0) rc = confirm_tx(reg, set, &f, day, notice, actor, &files, err);
    if (rc == 0 && (rc = db_commit(db, err)) < 0) notice_files_remove(&files);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    return ags_finding_get(db, id, out, err) < 0 ? -1 : 0;
}

int ag_refuse(struct registry *reg, int64_t id, mz_date day, const char *reason,
              const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct finding_row f;
    if (open_finding(db, id, &f, err) < 0) return -1;
    if (!reason || !*reason)
        return mz_fail_field(err, "reason", "reason_required", "不予纳入须写明理由");
    if (text_check(reason, "reason", "理由", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0) return -1;
    if (date_check(day, date_today(), "date", "办结日期", err) < 0) return -1;
    snprintf(f.state, sizeof f.state, "refused");
    date_format(day, f.decided_on);
    snprintf(f.decided_by, sizeof f.decided_by, "%s", actor);
    snprintf(f.reason, sizeof f.reason, "%s", reason);
    int rc = db_begin(db, err);
    int settled = rc == 0 ? ags_finding_decide(db, &f, err) : -1;
    if (settled == 0) rc = mz_fail(err, "not_open", "免申即享发现 %" PRId64 " 已办结", id);
    if (settled < 0) rc = -1;
    if (rc == 0) rc = audit(reg, actor, "autogrant.refuse", "household", f.household_id, reason, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

const char *ag_state_label(const char *state)
{
    if (strcmp(state, "found") == 0) return "待确认";
    if (strcmp(state, "enrolled") == 0) return "已纳入";
    if (strcmp(state, "refused") == 0) return "不予纳入";
    return state;
}
