/* Persistence of payment enrolments, rolls and roll lines. The rules live
 * above, in src/pay/; these functions store and fetch rows and report
 * database errors. Months are "YYYY-MM" text; amounts are fen. Look-ups
 * return 1 (found), 0 (not found) or -1 (error, err filled); other
 * functions 0 or -1. Scans call fn for each row while the statement runs:
 * fn must not use the database; a non-zero return of fn stops the scan and
 * is returned. */
#ifndef MZ_PAYSTORE_H
#define MZ_PAYSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

struct enrol_row {
    int64_t id;
    char program[32];
    int64_t household_id;
    int64_t person_id; /* 0 for a household program */
    char start_month[8], end_month[8]; /* end "" while open */
    char source[48];                   /* "case:12" or "manual" */
    char last_review[8];               /* month of the last periodic review, "" if none */
    bool once;           /* paid once (临时救助): once_amount in start_month (= end_month) */
    int64_t once_amount; /* fen; ps_enrol_in_force reads it, insert writes it */
    /* ps_enrol_get and ps_enrol_of only ("" otherwise or when not set): */
    char bank[TEXT_BYTES(TEXT_MAX_BANK)];           /* the payee's bank */
    char account_masked[24]; /* "6222 **** **** 1234" */
};

/* Inserts e (unless an open enrolment of the same program and entity
 * exists: then *added is false and e->id is that one's id). */
int ps_enrol_insert(struct db *db, struct enrol_row *e, bool *added, struct mz_err *err);
/* Calls fn for every enrolment in force in month (start ≤ month ≤ end) of
 * a household whose division starts with one of the nscope prefixes of
 * scope (NULL: every household). */
int ps_enrol_in_force(struct db *db, const char *month, const char (*scope)[13], int nscope,
                      int (*fn)(void *ctx, const struct enrol_row *e), void *ctx,
                      struct mz_err *err);
/* The counties (first 6 digits of the household's division) of the
 * enrolments of program in force in month, in code order. *units is the
 * caller's (mz_free). */
int ps_enrol_units(struct db *db, const char *program, const char *month, char (**units)[13],
                   size_t *n, struct mz_err *err);
/* Records a periodic review of open enrolment id in month; *changed is
 * false if there is no such open enrolment. */
int ps_enrol_reviewed(struct db *db, int64_t id, const char *month, bool *changed,
                      struct mz_err *err);
/* Ends open enrolment id with last month `month` (not before its start)
 * for reason; *changed is false if it is not open or starts later. */
int ps_enrol_stop(struct db *db, int64_t id, const char *month, const char *reason,
                  bool *changed, struct mz_err *err);
/* Sets the bank and the sealed, masked and blind-indexed account number of
 * open enrolment id; *changed is false if it is not open. */
int ps_enrol_account(struct db *db, int64_t id, const char *bank, const unsigned char *sealed,
                     size_t sealed_len, const char *masked, const unsigned char *index,
                     size_t index_len, bool *changed, struct mz_err *err);
/* Calls fn for every enrolment of a household, in id order. */
int ps_enrol_of(struct db *db, int64_t household_id,
                int (*fn)(void *ctx, const struct enrol_row *e), void *ctx, struct mz_err *err);
/* Enrolment id: 1, 0 if none, -1 on error. */
int ps_enrol_get(struct db *db, int64_t id, struct enrol_row *out, struct mz_err *err);
/* Sets the last month of enrolment id. */
int ps_enrol_end(struct db *db, int64_t id, const char *month, struct mz_err *err);

/* Calls fn for every person of the n ids with a recorded death, by
 * person and recording time (the last is the latest-recorded "death"
 * fact, a date). By the persons' ids: a scan of every death read all
 * the persons' facts, seconds on a city of a million. */
int ps_deaths(struct db *db, const int64_t *ids, size_t n,
              int (*fn)(void *ctx, int64_t person_id, const char *value), void *ctx,
              struct mz_err *err);

struct roll_row {
    int64_t id;
    char program[32], month[8];
    char state[12]; /* "draft", "approved", "paid" */
    char policy_version[65];
    char prepared_by[64], prepared_at[32];
    char approved_by[64], approved_at[32], paid_at[32]; /* "" until then */
    int64_t lines, total;
    char unit[13];        /* the paying county (6 digits); "" for a city-wide roll of before */
    char unit_scope[64 * 13]; /* its division prefixes (PAY_UNIT_PREFIXES), separated by spaces */
    /* the bank file as last exported ("" until then) */
    char batch_ref[64], bank_format[8], bank_sm3[65], bank_at[32];
    /* who is paid: "household" (enrolled households and persons, lines in
     * roll_lines) or "provider" (a settlement with service providers, whose
     * lines the service keeps, e.g. care/settle.c); insert: "" = household */
    char payee[12];
};

int ps_roll_by_key(struct db *db, const char *program, const char *month, const char *unit,
                   struct roll_row *out, struct mz_err *err);
int ps_roll_by_id(struct db *db, int64_t id, struct roll_row *out, struct mz_err *err);
/* The roll whose bank file last exported has the SM3 digest sm3 (hex):
 * 1 found, 0 none, -1. */
int ps_roll_by_bank_sm3(struct db *db, const char *sm3, struct roll_row *out, struct mz_err *err);
/* The SM2 signature (base64) of the bank file of roll_id whose SM3 is sm3:
 * recorded (replacing one of the same file), or read (1 and *sig, which
 * the caller frees with mz_free; 0 if that file was not signed). */
int ps_bank_sig_put(struct db *db, int64_t roll_id, const char *sm3, const char *sig,
                    struct mz_err *err);
int ps_bank_sig_get(struct db *db, int64_t roll_id, const char *sm3, char **sig,
                    struct mz_err *err);
/* Ids of the rolls of program and month ("" = any), latest month first.
 * *ids is the caller's (mz_free). */
int ps_roll_ids(struct db *db, const char *program, const char *month, int64_t **ids, size_t *n,
                struct mz_err *err);
/* Inserts a draft roll (program, month, unit, unit_scope, policy_version,
 * prepared_by) and sets r->id and r->prepared_at. */
int ps_roll_insert(struct db *db, struct roll_row *r, struct mz_err *err);
/* Sets the line count and total of roll id (a settlement, whose lines
 * are not in roll_lines). */
int ps_roll_set_totals(struct db *db, int64_t id, int64_t lines, int64_t total,
                       struct mz_err *err);
/* Records a new preparation of draft roll r (version, preparer, time now). */
int ps_roll_prepared(struct db *db, struct roll_row *r, struct mz_err *err);
/* Records the bank file of roll r->id: batch_ref, bank_format, bank_sm3,
 * and the time now (set into r->bank_at). */
int ps_roll_bank(struct db *db, struct roll_row *r, struct mz_err *err);
/* Recounts the lines and total of roll id from its lines. */
int ps_roll_totals(struct db *db, int64_t id, struct mz_err *err);
/* draft → approved by approver; approved → paid. *changed is false when
 * the roll was not in the expected state. */
int ps_roll_approve(struct db *db, int64_t id, const char *approver, bool *changed,
                    struct mz_err *err);
int ps_roll_paid(struct db *db, int64_t id, bool *changed, struct mz_err *err);

struct line_row {
    int64_t household_id, person_id;
    char origin_month[8];
    int64_t enrolment_id;
    char kind[12];   /* "regular", "arrears", "recovery" */
    char status[12]; /* "pay", "recheck", "withheld", "stopped" */
    int64_t due, paid_before, amount;
    char change[12]; /* regular lines: "new", "changed", "same"; else "" */
    char reason[640];
};

/* Deletes the lines of roll id whose month of origin is in [from, to]. */
int ps_lines_delete(struct db *db, int64_t roll_id, const char *from, const char *to,
                    struct mz_err *err);
int ps_line_insert(struct db *db, int64_t roll_id, const struct line_row *l, struct mz_err *err);
/* The lines of roll id by household, person, month of origin. */
int ps_lines(struct db *db, int64_t roll_id, int (*fn)(void *ctx, const struct line_row *l),
             void *ctx, struct mz_err *err);
/* What approved or paid rolls of program paid for month origin, summed per
 * household and person, with the (latest) enrolment it was paid under;
 * households of scope only (NULL: all). */
struct paid_sum {
    int64_t household_id, person_id, amount, enrolment_id;
};
int ps_paid_sums(struct db *db, const char *program, const char *origin, const char (*scope)[13],
                 int nscope, int (*fn)(void *ctx, const struct paid_sum *p), void *ctx,
                 struct mz_err *err);

/* One transfer of a bank file: the net positive amount of a household (or
 * person) in a roll, with the 户编号, the name and masked ID number of the
 * person (household programs: the head) and the bank account of the
 * (latest) enrolment paid. */
struct bank_row {
    char hh_no[64], name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19];
    int64_t amount;
    char bank[TEXT_BYTES(TEXT_MAX_BANK)];                   /* of the enrolment paid, "" if not set */
    unsigned char account_sealed[96]; /* sealed account number (vault.h) */
    int account_sealed_len;          /* 0 if not set */
    int64_t enrolment_id;            /* the enrolment paid (登记号) */
};
/* The bank transfers of roll_id, of households whose division starts with
 * one of the nscope prefixes (scope NULL: all). */
int ps_bank_rows(struct db *db, int64_t roll_id, const char (*scope)[13], int nscope,
                 int (*fn)(void *ctx, const struct bank_row *b), void *ctx, struct mz_err *err);

#endif
