/* Payments: enrolments, monthly payment rolls and retroactive
 * recalculation (docs/payments.md).
 *
 * An enrolment puts a household (household programs) or a person (person
 * programs) on a program from a start month — the month after the
 * decision was confirmed — until an end month (exit or death) or open.
 * A roll is one program and one month: for each enrolment in force, the
 * policy engine's amount as of the first day of the month, with the
 * registry as known now; no line for anyone twice, nothing for a program
 * excluded by one the household (or person) is also enrolled in, a line of
 * 0 flagged for re-check where the engine no longer finds the household
 * eligible — unless a member found work: then the amount of before the
 * job is paid for the taper period (渐退) the policy sets, and payment
 * stops after it — and payment stopping the month after death. A roll is built
 * and rebuilt (as a draft) in one transaction, approved by someone other
 * than its preparer, exported as a bank file (CSV with BOM, XLSX) and
 * marked paid; approved and paid rolls never change.
 *
 * Every change is written with its audit entry in the same transaction.
 * Functions return 0, or -1 with a Chinese message on err. All pointers
 * are borrowed. */
#ifndef MZ_PAY_H
#define MZ_PAY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/paystore.h"

struct registry;
struct pol_set;
struct case_row;

/* Months as year * 12 + (month - 1). */
typedef int pay_month;
/* No benefit month lies before this year (the national 低保 system dates
 * from 1999; nothing the registry pays is older). */
#define PAY_FIRST_YEAR 2000
/* Parses "YYYY-MM" (PAY_FIRST_YEAR–2199); -1 with a message naming the
 * text. */
int pay_month_parse(const char *text, pay_month *out, struct mz_err *err);
void pay_month_format(pay_month m, char out[8]);
mz_date pay_month_first(pay_month m);
pay_month pay_month_of(mz_date d);
/* Formats fen as yuan "1234.50", "-50.00" (out >= 32 bytes). */
void pay_yuan(int64_t fen, char *out);

/* ---- enrolments (enrol.c) ---- */

struct pay_enrol_in {
    const char *program;      /* policy program name ("dibao", "tekun") */
    const char *household_no; /* 户编号 */
    const char *id_number;    /* the person, for person programs; NULL otherwise */
    pay_month from;
    const char *source; /* "manual", "case:ID" */
    const char *actor;
};
/* Enrols one household or person; *added is false if an open enrolment
 * of the program already covers it (nothing is written then). */
int pay_enrol(struct registry *r, const struct pol_set *set, const struct pay_enrol_in *in,
              int64_t *id, bool *added, struct mz_err *err);

/* Enrols household household_id (household programs) or its member
 * person_id (person programs; 0 for household programs) in program from
 * month from, with source (e.g. "免申即享"), inside the caller's
 * transaction; *added is false if an open enrolment already covers them.
 * For services that found the household or person themselves. */
int pay_enrol_tx(struct registry *r, const struct pol_set *set, const char *program,
                 int64_t household_id, int64_t person_id, pay_month from, const char *source,
                 const char *actor, int64_t *id, bool *added, struct mz_err *err);

/* Enrols case c's household (household programs) or applicant (person
 * programs) in program from the month after approved_on, with source
 * "case:ID", inside the caller's transaction (the case engine calls it in
 * the transaction of the approval). *added is false if an open enrolment
 * already covers it. */
int pay_enrol_approved(struct registry *r, const struct pol_set *set, const struct case_row *c,
                       const char *program, mz_date approved_on, const char *actor, int64_t *id,
                       bool *added, struct mz_err *err);

/* A payment made once (临时救助): case c's household (or applicant, for
 * person programs) is paid amount (fen) once, in the roll of program for
 * the month after approved_on — an enrolment of that one month carrying
 * the amount, with source "case:ID" — inside the caller's transaction. */
int pay_enrol_once(struct registry *r, const struct pol_set *set, const struct case_row *c,
                   const char *program, mz_date approved_on, int64_t amount, const char *actor,
                   int64_t *id, struct mz_err *err);

/* Enrols from an approved case: program (NULL = the first program its
 * procedure decides), the household or the applicant, from the month after
 * the approval step. Fails if the case was not approved. */
int pay_enrol_case(struct registry *r, const struct pol_set *set, int64_t case_id,
                   const char *program, const char *actor, int64_t *id, bool *added,
                   struct mz_err *err);

/* Enrols every household (or person) the engine finds eligible for program
 * as of the first day of month from (taking over an existing caseload), in
 * one transaction; *added counts the new enrolments. */
int pay_enrol_eligible(struct registry *r, const struct pol_set *set, const char *program,
                       pay_month from, const char *actor, int64_t *added, struct mz_err *err);

/* Ends open enrolment id (an exit other than death: moved away, refused
 * work, …): `last` is the last month paid (not before its start), the
 * reason is required and stored; audited (enrolment.end). Later rolls
 * have no line for it. */
int pay_enrol_stop(struct registry *r, int64_t enrolment_id, pay_month last, const char *reason,
                   const char *actor, struct mz_err *err);
/* Ends open enrolment e inside the caller's transaction (a death: the
 * cascade of src/funeral): `last` is the last month paid; an enrolment
 * not yet started by then ends in its start month, for which the roll
 * pays nothing after a death (dues.c). reason stored, audited
 * (enrolment.end). */
int pay_enrol_stop_tx(struct registry *r, const struct enrol_row *e, pay_month last,
                      const char *reason, const char *actor, struct mz_err *err);
/* Ends, inside the caller's transaction, the open enrolments that a
 * decision of case c not to grant `programs` (comma-separated) takes away
 * (a contest ruling that corrects an approval into a refusal): the
 * household's, or c's applicant's for person programs, paid up to the
 * month of decided_on (an enrolment not yet started is left alone).
 * Audited (enrolment.end) with reason. */
int pay_enrol_stop_decided(struct registry *r, const struct case_row *c, const char *programs,
                           mz_date decided_on, const char *reason, const char *actor,
                           struct mz_err *err);

/* ---- bank accounts (account.c) ---- */

/* Checks an account number: digits only, 12 to 19 of them, and for 16–19
 * digits (bank cards, ISO/IEC 7812) the Luhn check digit. 0 or -1 with a
 * message (code bad_account). */
int pay_account_check(const char *number, struct mz_err *err);
/* "6222 **** **** 1234": the first and last four digits. */
void pay_account_mask(const char *number, char out[24]);
/* Sets the payee's bank and account number of open enrolment id: checked,
 * sealed (vault.h) and masked; audited with the masked number only. The
 * full number leaves the database only in the bank file. */
int pay_enrol_account(struct registry *r, int64_t enrolment_id, const char *bank,
                      const char *account, const char *actor, struct mz_err *err);
/* The same inside the caller's transaction (a file of accounts, all or
 * nothing). */
int pay_enrol_account_tx(struct registry *r, int64_t enrolment_id, const char *bank,
                         const char *account, const char *actor, struct mz_err *err);

/* ---- rolls (roll.c) ---- */

/* A paying unit: the county (区县) that builds, approves and pays a roll,
 * and the division code prefixes of its households — its own code, and
 * the codes of divisions merged into it (auth_scope_load computes them). */
#define PAY_UNIT_PREFIXES 64 /* AUTH_SCOPE_MAX */
struct pay_unit {
    char code[13]; /* 6 digits */
    char prefixes[PAY_UNIT_PREFIXES][13];
    int nprefixes;
};
/* Whether division lies in unit. */
bool pay_unit_has(const struct pay_unit *unit, const char *division);

struct pay_roll_summary {
    struct roll_row roll;
    bool rebuilt;                           /* a draft was replaced */
    int64_t paying, recheck, withheld, stopped; /* lines by status */
    int64_t total;                          /* fen, regular lines */
    int64_t gained, changed, ended; /* vs last month: new, amount changed, no longer paid */
    double seconds;
    int64_t tapering; /* lines paid in a taper period (渐退, status "taper") */
    int64_t recomputed; /* households changed between plan and write, computed again
                           (-1: all of them, after a bulk load) */
};

/* Builds (or rebuilds, if still a draft) the roll of program for month
 * and paying unit — the enrolments of the unit's households — prepared by
 * actor. Refused (code roll_overlap) while another roll of the program and
 * month covers some of the same divisions (a city-wide roll of before, or
 * a unit merged into this one). Arrears and recovery lines already in a
 * draft are kept. */
int pay_roll_build(struct registry *r, const struct pol_set *set, const char *program,
                   pay_month month, const struct pay_unit *unit, const char *actor,
                   struct pay_roll_summary *out, struct mz_err *err);

/* pay_roll_build in two steps, so that a server computes a roll without
 * holding the write lock. pay_roll_plan (outside any transaction) refuses
 * what pay_roll_build refuses up front, advances the registry's change
 * journal (store/snapstore.h) and computes every line from one read
 * snapshot: the long part, taking no lock. pay_roll_write, in one short
 * write transaction, computes again the households changed since (the
 * journal's stamps, or enrolments in force that differ), refuses a roll
 * approved or paid meanwhile (roll_closed), and writes the roll all or
 * nothing. The plan is freed with pay_roll_plan_free (NULL is fine). */
struct pay_roll_plan;
int pay_roll_plan(struct registry *r, const struct pol_set *set, const char *program,
                  pay_month month, const struct pay_unit *unit, const char *actor,
                  struct pay_roll_plan **out, struct mz_err *err);
int pay_roll_write(struct registry *r, struct pay_roll_plan *plan, struct pay_roll_summary *out,
                   struct mz_err *err);
void pay_roll_plan_free(struct pay_roll_plan *plan);

/* Four eyes: refuses an approver who prepared the roll (four_eyes), or a
 * roll that is not a draft (roll_state). approver_unit, when not NULL, is
 * the county the approver works for: it must be the roll's paying unit
 * (other_unit) — two people of the unit that pays. */
int pay_roll_approve(struct registry *r, int64_t roll_id, const char *approver,
                     const char *approver_unit, struct mz_err *err);
/* approved → paid. */
int pay_roll_mark_paid(struct registry *r, int64_t roll_id, const char *actor,
                       struct mz_err *err);

/* The bank file's detached signature (docs/payments.md): the SM2
 * signature (crypto/seal.h, base64 of the DER, one line) of the file's
 * bytes with the bureau's seal key at key_path, written to path + ".sig",
 * so the bank can check with the seal's public key or certificate that the
 * file comes from the bureau unchanged. */
int pay_bank_file_sign(const char *path, const char *key_path, struct mz_err *err);

/* The console's signed download (docs/supervision.md): signs the bank
 * file at path, the one roll's last export recorded (its SM3 must be
 * roll->bank_sm3), with the seal key at key_path, and records the
 * signature by the file's SM3 (audited roll.sign); *sig (mz_free) is the
 * base64 of the DER. pay_bank_file_sig reads the signature of the roll's
 * last exported file: 1 and *sig, 0 if it was not signed. */
int pay_bank_file_seal(struct registry *r, const struct roll_row *roll, const char *path,
                       const char *key_path, char **sig, struct mz_err *err);
int pay_bank_file_sig(struct registry *r, const struct roll_row *roll, char **sig,
                      struct mz_err *err);

/* Checks a bank file: its signature path + ".sig" with the public key at
 * pub_path, and the roll that recorded its SM3 digest (*roll; found 0 if
 * none did). 1 when the signature holds, 0 when it does not (err says
 * why: no signature file, signature_mismatch), -1 on a read failure. */
int pay_bank_file_verify(struct registry *r, const char *path, const char *pub_path,
                         struct roll_row *roll, int *found, struct mz_err *err);

/* The bank transfers of an export. */
struct pay_bank_file {
    int64_t rows, total; /* transfers and their sum (fen) */
    char batch_ref[64];  /* 批次号: "MZ-UNIT-PROGRAM-YYYYMM-ROLL" */
    char sm3[65];        /* SM3 of the file written (the CSV when both are) */
};

/* Writes the bank file of an approved or paid roll, from which a bank can
 * pay: one row per household (or person) with a positive net amount —
 * 批次号, 序号, 收款人姓名 (the person; household programs: the head),
 * 收款账号 (in full, unsealed), 开户银行, 金额（元）, 户编号, 证件号码（脱敏）,
 * 项目, 月份. Refused (code missing_account, nothing written) while a
 * transfer has no account, naming the 户编号 and 登记号 of each (up to 20).
 * csv_path or xlsx_path may be NULL. The batch reference, the SM3 digest
 * of the file and its time are recorded on the roll, and the export is
 * audited (roll.export, with the digest, by the registry's actor,
 * reg_set_actor), in one transaction; if that fails the files are removed.
 * Only households whose division starts with one of the nscope prefixes
 * of scope are written (scope NULL: the whole roll). */
int pay_roll_export(struct registry *r, const struct pol_set *set, int64_t roll_id,
                    const char (*scope)[13], int nscope, const char *csv_path,
                    const char *xlsx_path, struct pay_bank_file *out, struct mz_err *err);

/* ---- periodic review 动态管理 (review.c) ---- */

/* One enrolment due for review: its interval follows the household's
 * situation as of the month's first day — monthly (urban) or quarterly
 * (rural) where an able-bodied member (16–59, not severely disabled) is
 * unemployed (登记失业/无业), yearly where a member is seriously ill or
 * severely disabled, every six months otherwise — counted from the last
 * review, or from the start month if none. A member's death (not of the
 * enrolled person, with members left) not yet followed by a review calls
 * for a re-check within 3 months: listed at once, due the third month
 * after the death's (unless the regular review is due sooner). */
struct pay_review {
    int64_t enrolment_id, household_id, person_id;
    char program[32];
    char hh_no[64];
    pay_month since, due; /* last review (or start) and the month it is due */
    int months;           /* the interval */
    const char *why;      /* static Chinese text: the household type */
    mz_date died;         /* the death calling for a re-check, or MZ_DATE_NONE */
};

/* The reviews due in or before month, and the re-checks after a death
 * known by then, of households whose division starts with one of the
 * nscope prefixes of scope (NULL: everywhere), soonest due first. Reads
 * only the enrolled households. *out is the caller's (mz_free). */
int pay_reviews_due(struct registry *r, const struct pol_set *set, pay_month month,
                    const char (*scope)[13], int nscope, struct pay_review **out, size_t *n,
                    struct mz_err *err);
/* Records that open enrolment id was reviewed in month (audited). */
int pay_review_done(struct registry *r, int64_t enrolment_id, pay_month month,
                    const char *actor, struct mz_err *err);

/* ---- retroactive recalculation (arrears.c) ---- */

struct pay_arrears_summary {
    int64_t arrears, arrears_total;     /* lines and fen to pay back (补发) */
    int64_t recovery, recovery_total;   /* lines and fen recovered this month (追缴, < 0) */
    int64_t recovery_left;              /* fen still owed after this month's cap */
};

/* Recomputes what was due for program to the households of unit in each
 * month from `from` to the month before `month` (as of each month's first
 * day, with the registry as known now and set's standards), compares with
 * what approved or paid rolls paid, and puts the differences into the
 * draft roll of `month` and unit as lines
 * keyed by household, person and month of origin (replacing any from an
 * earlier run): arrears in full, recoveries up to max_recovery fen per
 * household (or person) in this roll (< 0: no limit), oldest month first. */
int pay_arrears(struct registry *r, const struct pol_set *set, const char *program, pay_month month,
                const struct pay_unit *unit, pay_month from, int64_t max_recovery,
                const char *actor, struct pay_arrears_summary *out, struct mz_err *err);

#endif
