/* Persistence of the working-day calendar and of case files: cases, their
 * steps, attachments (file name + SM3) and decisions. The rules live above,
 * in src/cases/; these functions store and fetch rows and report database
 * errors. Look-ups return 1 (found), 0 (not found) or -1 (error, err
 * filled); other functions 0 or -1. Dates absent are MZ_DATE_NONE. */
#ifndef MZ_CASESTORE_H
#define MZ_CASESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/text.h"
#include "store/db.h"

/* ---- calendar ---- */

/* Marks year as known (its arrangement came from source) and removes the
 * days stored for it, so that an import replaces the year as a whole. */
int cs_cal_year_reset(struct db *db, int year, const char *source, struct mz_err *err);
/* Stores one listed day: kind "holiday" or "workday". */
int cs_cal_day_put(struct db *db, mz_date day, const char *kind, const char *name,
                   struct mz_err *err);
/* Calls year_fn for every known year, then day_fn for every listed day in
 * date order (is_workday: 调休 working day, else holiday); stops on a
 * non-zero return. */
int cs_cal_scan(struct db *db, int (*year_fn)(void *ctx, int year),
                int (*day_fn)(void *ctx, mz_date day, bool is_workday), void *ctx,
                struct mz_err *err);

/* ---- cases ---- */

struct case_row {
    int64_t id;
    char type[24];
    int64_t household_id, applicant_id;
    char division[13];
    char state[32];
    bool staff_relative;
    int spot_checked;     /* -1 not drawn (yet), 0 no, 1 yes */
    int64_t spot_ordinal; /* position in the county's draw sequence, -1 if none */
    mz_date opened_on, accepted_on, deadline, state_since, state_due, closed_on;
    char extend_reason[TEXT_BYTES(TEXT_MAX_NOTE)]; /* "" while not extended */
};

/* Inserts c (type, household, applicant, division, state, staff_relative,
 * opened_on) and sets c->id. */
int cs_case_insert(struct db *db, struct case_row *c, struct mz_err *err);
int cs_case_get(struct db *db, int64_t id, struct case_row *out, struct mz_err *err);
/* Writes the mutable fields of c (state, spot draw, dates, extension). */
int cs_case_update(struct db *db, const struct case_row *c, struct mz_err *err);
/* Sets the applicant of case id (a reassignment). */
int cs_case_set_applicant(struct db *db, int64_t id, int64_t applicant, struct mz_err *err);
/* Ids of the cases whose division starts with prefix ("" = all), only
 * open ones if open_only, in id order. *ids is the caller's (mz_free). */
int cs_case_ids(struct db *db, const char *prefix, bool open_only, int64_t **ids, size_t *n,
                struct mz_err *err);
/* How many cases of type in a county (6-digit code) have been drawn for
 * the spot check so far. */
int cs_spot_count(struct db *db, const char *type, const char *county, int64_t *n,
                  struct mz_err *err);

/* A meta value (text up to cap bytes): 1 found, 0 absent, -1 error. */
int cs_meta_get(struct db *db, const char *key, char *value, size_t cap, struct mz_err *err);
int cs_meta_put(struct db *db, const char *key, const char *value, struct mz_err *err);

struct step_row {
    int64_t id;
    char action[32], from_state[32], to_state[32];
    mz_date day;
    char at[32]; /* recording time, ISO-8601 UTC */
    char actor[64];
    char reason[TEXT_BYTES(TEXT_MAX_NOTE)];
    char note[TEXT_BYTES(TEXT_MAX_NOTE) + 256]; /* room for what the procedure puts before it */
    int late_days; /* working days past the step's time limit, 0 if on time */
};

/* Inserts s for case_id, sets s->id and s->at (now). */
int cs_step_insert(struct db *db, int64_t case_id, struct step_row *s, struct mz_err *err);
/* Calls fn for each step of the case in order (rows are read first, so fn
 * may run other look-ups); stops on a non-zero return. */
int cs_steps(struct db *db, int64_t case_id, int (*fn)(void *ctx, const struct step_row *s),
             void *ctx, struct mz_err *err);

/* A file on a case: uploaded (its content kept sealed by the vault, the
 * step that used it set once one does) or recorded by `mz case step
 * --attach` (name and SM3 only, the step set). */
struct attach_row {
    int64_t id, case_id;
    int64_t step_id; /* 0 while no step has used it */
    char name[256];
    char mime[48]; /* "" for a file recorded by name and SM3 only */
    char sm3[65];  /* hex, of the plain file */
    int64_t bytes;
    bool stored; /* the sealed content is kept */
    char uploaded_by[80], uploaded_at[32];
};
/* Inserts a (case_id, step_id or 0, name, mime, sm3, bytes, uploaded_by)
 * with the sealed content (NULL, 0 for none); sets a->id and
 * a->uploaded_at. */
int cs_attach_insert(struct db *db, struct attach_row *a, const unsigned char *sealed,
                     size_t sealed_len, struct mz_err *err);
/* Calls fn for each file of step_id (or, cs_case_attachments, of the
 * case) in order; stops on a non-zero return. */
int cs_attachments(struct db *db, int64_t step_id,
                   int (*fn)(void *ctx, const struct attach_row *a), void *ctx,
                   struct mz_err *err);
int cs_case_attachments(struct db *db, int64_t case_id,
                        int (*fn)(void *ctx, const struct attach_row *a), void *ctx,
                        struct mz_err *err);
/* The sealed content of file id of case_id: 1 (*sealed is the caller's,
 * mz_free), 0 when there is no such file or its content is not kept. */
int cs_attach_content(struct db *db, int64_t id, int64_t case_id, unsigned char **sealed,
                      size_t *n, struct mz_err *err);
/* Gives the case's uploads no step has used yet to step_id; *n how many. */
int cs_attach_bind(struct db *db, int64_t case_id, int64_t step_id, int *n, struct mz_err *err);

/* How a case was applied for, when not at the window: channel "online"
 * (网上申请) or "proxy" (代办), who applied (an actor), the consent to data
 * checks as given (its version, the SM3 of its text, when, and for 代办 the
 * reference of the form the resident signed). */
struct application_row {
    char channel[8];
    char applied_by[80];
    char consent_version[16];
    char consent_sm3[65];
    char consent_at[32]; /* set by cs_application_insert */
    char consent_ref[TEXT_BYTES(100)];
};
int cs_application_insert(struct db *db, int64_t case_id, struct application_row *a,
                          struct mz_err *err);
int cs_application_get(struct db *db, int64_t case_id, struct application_row *out,
                       struct mz_err *err);
/* Ids of the cases of a household, newest first (*ids: mz_free). */
int cs_case_ids_of_household(struct db *db, int64_t household_id, int64_t **ids, size_t *n,
                             struct mz_err *err);

struct decision_row {
    char outcome[16]; /* "approve" or "reject" */
    char policy_version[65];
    mz_date as_of;
    int engine_eligible; /* what the policy engine said: 1, 0 */
    int64_t engine_amount; /* fen per month */
    char *explanation;   /* cs_decision_get: the caller frees with mz_free */
};
int cs_decision_insert(struct db *db, int64_t step_id, int64_t case_id,
                       const struct decision_row *d, struct mz_err *err);
int cs_decision_get(struct db *db, int64_t step_id, struct decision_row *out,
                    struct mz_err *err);

/* A contest (异议, 行政复议) of a decision and the reproduction of that
 * decision made when the contest was opened. */
struct contest_row {
    int64_t case_id;       /* the contest case */
    int64_t of_case;       /* the contested case */
    int64_t decision_step; /* the step that recorded the contested decision */
    char known_at[32];     /* the registry as known then (the step's time) */
    bool matches;          /* verdict, amount, policy version and explanation all equal */
    int engine_eligible;
    int64_t engine_amount; /* fen per month */
    char policy_version[65];
    char differences[1024]; /* Chinese, "" when it matches */
    char *explanation;      /* cs_contest_get: the caller frees with mz_free */
};
int cs_contest_insert(struct db *db, const struct contest_row *c, struct mz_err *err);
int cs_contest_get(struct db *db, int64_t case_id, struct contest_row *out, struct mz_err *err);

#endif
