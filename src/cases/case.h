/* Cases: an application moving through its procedure (procedure.h) with
 * its legal deadline counted on the working-day calendar (calendar.h).
 * Every change — opening, each step, an extension — is one transaction
 * with its audit entry. A step checks, in order: the action is allowed
 * from the current state (else the message lists the allowed ones), the
 * actor has the required role, the required reason/attachments are there,
 * the day is not before the last step, a minimum period (公示) has passed,
 * and the applicant is alive (registry fact "death") unless the step may
 * follow a death (close, notify). Decisions store the policy engine's
 * explanation and policy version at decision time.
 * Functions return 0, or -1 with a Chinese message on err. */
#ifndef MZ_CASE_H
#define MZ_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "cases/calendar.h"
#include "cases/procedure.h"
#include "store/casestore.h"

struct registry;
struct pol_set;

/* What the case functions work with (all borrowed). policies may be NULL
 * only for reading: decisions and every time limit (the policy files'
 * dated parameters, case_limit) need them. */
struct case_env {
    struct registry *reg;
    const struct cal *cal;
    const struct pol_set *policies;
};

/* Applications made other than at the office's window (docs/portal.md):
 * 网上申请 by the resident, or 代办 by a worker on the resident's behalf,
 * each with the consent to data checks (授权核对家庭经济状况) of version
 * CASE_CONSENT_VERSION, recorded with the SM3 of its text and the time in
 * the transaction that opens the case (cs_application_get reads it). */
#define CASE_CONSENT_VERSION "2026-01"
/* The consent text the applicant agrees to (static, Chinese). */
const char *case_consent_text(void);
struct case_application {
    const char *channel;     /* "online" (网上申请) or "proxy" (代办) */
    const char *consent_ref; /* 代办: reference of the consent form the resident signed
                                for the worker (required); NULL online */
};
/* "网上申请", "代办", or "窗口受理" for NULL / unknown. */
const char *case_channel_label(const char *channel);

struct case_open_in {
    const char *type;         /* "dibao", "tekun", ... (proc_find) */
    const char *household_no; /* 户编号 */
    const char *applicant;    /* ID number of the applicant; NULL = the head */
    bool staff_relative;      /* 近亲属备案: forces a county home visit */
    const char *actor;        /* "street:zhang" */
    const char *note;         /* may be NULL */
    mz_date day;              /* day of application */
};

/* Opens a case in the procedure's initial state; sets *id. */
int case_open(const struct case_env *env, const struct case_open_in *in, int64_t *id,
              struct mz_err *err);
/* Opens a case applied for online or by 代办 (app: recorded with the
 * consent in the same transaction); applicant_person, when not 0, is the
 * applicant (a signed-in resident, who must belong to the household)
 * instead of in->applicant. */
int case_apply(const struct case_env *env, const struct case_open_in *in,
               const struct case_application *app, int64_t applicant_person, int64_t *id,
               struct mz_err *err);
/* Same, inside the caller's transaction (for a case opened together with
 * other changes, such as from a warning). */
int case_open_tx(const struct case_env *env, const struct case_open_in *in, int64_t *id,
                 struct mz_err *err);

struct case_step_in {
    const char *action;
    const char *actor;  /* "ROLE:name" (proc_role_of) */
    const char *reason; /* may be NULL unless the step requires one */
    const char *note;   /* may be NULL */
    const char *const *attachments; /* file paths: name and SM3 are recorded */
    int nattachments;
    mz_date day; /* day the step was taken */
    const char *role; /* the role acted in ("county", "street", "community") when actor
                         is not written "ROLE:name" (e.g. "user:NAME"); NULL: from actor */
};

/* Takes one step of case id. */
int case_step(const struct case_env *env, int64_t id, const struct case_step_in *in,
              struct mz_err *err);
/* The same inside the caller's transaction (a step taken with other
 * changes, such as closing the cases of someone who died). */
int case_step_tx(const struct case_env *env, int64_t id, const struct case_step_in *in,
                 struct mz_err *err);
/* Makes person applicant (a living member of the household) the applicant
 * of open case id, inside the caller's transaction: a step "reassign"
 * (变更申请人) in the current state with the reason, audited (case.reassign),
 * on day (not before the case's last step). For a household's application
 * that goes on after its applicant died. */
int case_reassign_tx(const struct case_env *env, int64_t id, int64_t applicant, const char *actor,
                     const char *reason, mz_date day, struct mz_err *err);

/* The policy engine's verdict on case id as a decision on day would store
 * it (verdict, monthly amount in fen, explanation, policy version), for the
 * decider to see before 审核确认. Approving against a negative verdict
 * requires a reason (code against_engine), is kept with the decision and
 * raises the policies' `approved against engine` warning for supervision.
 * The caller frees out->explanation (mz_free). Fails with no_programs for
 * a procedure no policy decides (contests). */
int case_assess(const struct case_env *env, int64_t id, mz_date day, struct decision_row *out,
                struct mz_err *err);
/* Whether 审核确认 may be taken on c now (the decision is next). */
bool case_awaits_decision(const struct case_row *c);

/* The figure of time limit l (policy parameter l->param, dated and per
 * division: the bureau may shorten a limit from a day) in force on day
 * `on` in division: *n, 0 when l has none. Fails without policies or
 * without a value in force (code no_limit, naming the parameter). */
int case_limit(const struct case_env *env, const struct proc_limit *l, const char *division,
               mz_date on, int *n, struct mz_err *err);

/* The day limit l runs out when it starts on `from` (the day itself not
 * counted; working days on env->cal, or calendar days) in division:
 * *out, MZ_DATE_NONE when l has none. Used by services whose steps have
 * limits but are not cases of this engine (place-name filing). */
int case_limit_end(const struct case_env *env, const struct proc_limit *l, const char *division,
                   mz_date from, mz_date *out, struct mz_err *err);

/* Extends the legal deadline once, from the whole-process limit to the
 * extended one (30 → 45 working days after acceptance), with a reason. */
int case_extend(const struct case_env *env, int64_t id, const char *actor, const char *reason,
                mz_date day, struct mz_err *err);

/* ---- recounting after a holiday file is imported (recount.c) ---- */

/* One open case whose stored dates the calendar moved. */
struct case_recounted {
    int64_t id;
    mz_date deadline_was, deadline; /* the legal deadline; equal if it did not move */
    mz_date due_was, due;           /* the current state's due date; likewise */
};

/* Counts again, on env->cal, the working-day dates stored in every open
 * case: the legal deadline from acceptance (the whole-process limit, or
 * the extended one) until a decision has met it, and the current state's
 * due date from the day the state was entered. Limits in calendar days
 * (行政复议) do not move; closed cases are not read. Each case whose dates
 * change is updated with an audit entry (case.recount, old and new dates)
 * under actor, inside the caller's transaction. *out lists those cases in
 * id order (*n of them; the caller frees with mz_free). */
int case_recount_tx(const struct case_env *env, const char *actor, struct case_recounted **out,
                    size_t *n, struct mz_err *err);

/* "法定期限 A → B；本环节时限 C → D", naming only the dates that moved. */
void case_recounted_text(const struct case_recounted *r, char *buf, size_t cap);

/* Imports a holiday file (cal_import) and recounts the open cases on the
 * calendar it gives (case_recount_tx) with the time limits of set, in one
 * transaction: a case is never left with a date of the replaced count.
 * *nyears, *ndays (may be NULL), *out and *n as for those two functions;
 * on failure nothing is stored. */
int case_calendar_import(struct registry *reg, const struct pol_set *set, const char *actor,
                         const char *path, int *nyears, int *ndays, struct case_recounted **out,
                         size_t *n, struct mz_err *err);

/* Whether c needs a county home visit before its decision (近亲属备案, or
 * drawn for the county spot check): the guard of proc_transition. */
bool case_needs_county_visit(const struct case_row *c);

/* ---- contests of a decision: 异议, 行政复议 (contest.c) ---- */

struct case_contest_in {
    const char *type;   /* a contest procedure: "objection" (异议), "appeal" (行政复议) */
    int64_t of_case;    /* the decided case contested */
    const char *reason; /* the grounds, required */
    const char *actor;
    const char *note; /* may be NULL */
    mz_date day;      /* day the contest was received */
};

/* Opens a contest of the latest decision (approve or reject) of case
 * of_case, for the same household and applicant, and reproduces that
 * decision as it was made: the household evaluated as of the decision's
 * day with the registry as known when the decision was recorded and the
 * policies of env (identified by their version). Whether verdict, amount,
 * policy version and explanation all match the stored decision, and what
 * differs if not, is stored with the link (cs_contest_get), in the same
 * transaction as the case. Refuses a case without a decision (code
 * not_decided). Sets *id. */
int case_contest_open(const struct case_env *env, const struct case_contest_in *in, int64_t *id,
                      struct mz_err *err);

/* The rulings (steps of a contest procedure): `uphold` records the
 * contested decision again; `change` records the corrected decision — the
 * household evaluated as of the contested decision's day with the registry
 * as known now (late corrections included) — and is refused when that
 * decides the same as before (code no_change). Both store the evaluation
 * as the step's decision (case_decisions). */

/* What a `change` ruling decided, for the notice the household receives
 * (notice/issue.h): decision "approve" (was rejected), "change" (another
 * amount) or "stop" (was approved, now not eligible). */
struct case_correction {
    char hh_no[64];
    char program[32]; /* the first program of the contested case's procedure */
    char decision[8];
    mz_date as_of;  /* the contested decision's day: the data the notice speaks of */
    mz_date ruled;  /* the day of the ruling */
    int64_t previous_amount, amount; /* fen per month, before and after */
};
/* The correction of contest case id: 1, 0 (with a message) if the case is
 * not a contest ruled `change`, -1 on error. */
int case_correction_get(const struct case_env *env, int64_t id, struct case_correction *out,
                        struct mz_err *err);

/* The case (1), 0 with a message if there is no such case, -1 on error. */
int case_get(const struct case_env *env, int64_t id, struct case_row *out, struct mz_err *err);

/* Working days before a deadline at which a case is flagged as near. */
#define CASE_NEAR_DAYS 3

enum case_flag { CASE_NO_DEADLINE, CASE_ON_TIME, CASE_NEAR, CASE_OVERDUE };

struct case_status {
    enum case_flag flag; /* of the legal deadline of the whole case, until decided */
    int days_left; /* days (in the unit of the procedure's limit) from `today` to the
                    * deadline; < 0 past it */
    enum case_flag step_flag; /* of the current state's own time limit */
    int step_left;            /* in the state limit's unit */
    enum proc_unit step_unit;
    bool provisional;      /* deadline or days left counted on the statutory fallback */
    bool step_provisional; /* the same for the state's own limit (cal_provisional) */
};

/* Deadline status of c on day today. */
int case_status(const struct cal *cal, const struct case_row *c, mz_date today,
                struct case_status *out, struct mz_err *err);
/* "正常", "临近期限", "已逾期", "—". */
const char *case_flag_label(enum case_flag flag);

#endif
