/* Persistence of social organizations (src/org): organizations, their
 * events (procedures and status changes), annual reports and credit-list
 * entries. Rows in, rows out. Functions return 0 or -1 (err filled); gets
 * return 1 (found), 0 or -1; scans call fn per row while the statement
 * runs (fn must not use the database), a non-zero return stops the scan
 * and is returned. */
#ifndef MZ_ORGSTORE_H
#define MZ_ORGSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

#define ORG_MAX_NAME 50  /* an organization's name (characters) */
#define ORG_MAX_FIELD 20 /* a field of activity, a supervising unit's short name */

struct org_row {
    int64_t id, legal_rep;
    char uscc[19], name[TEXT_BYTES(ORG_MAX_NAME)], kind[12], field[TEXT_BYTES(ORG_MAX_FIELD)];
    char supervisor[TEXT_BYTES(ORG_MAX_NAME)], division[13], address[TEXT_BYTES(TEXT_MAX_ADDRESS)];
    int64_t funds; /* fen */
    bool public_fundraising;
    int64_t members_individual, members_unit;
    char status[14], registered_on[11], charity_on[11], fundraising_on[11];
    char legal_rep_name[TEXT_BYTES(TEXT_MAX_NAME)]; /* filled by reads */
};

/* Inserts o (id ignored); sets *id. */
int os_org_add(struct db *db, const struct org_row *o, int64_t *id, struct mz_err *err);
/* Writes back status, registered_on, charity_on, fundraising_on,
 * supervisor, address, legal_rep, funds, members of o->id. */
int os_org_update(struct db *db, const struct org_row *o, struct mz_err *err);
int os_org_get(struct db *db, int64_t id, struct org_row *o, struct mz_err *err);
/* By exact name or USCC. */
int os_org_find(struct db *db, const char *name_or_uscc, struct org_row *o, struct mz_err *err);
/* Organizations under one of the division prefixes (NULL: all) whose
 * name contains q ("" any), of kind ("" any), by name; at most limit. */
int os_orgs(struct db *db, const char (*prefixes)[13], int nprefixes, const char *q,
            const char *kind, int limit, int (*fn)(void *ctx, const struct org_row *o),
            void *ctx, struct mz_err *err);

/* An event: a procedure filed with its day due (establishment, change,
 * deregistration, charity recognition, fundraising qualification) or a
 * status change, and its outcome. */
struct org_event_row {
    int64_t id, org_id;
    char kind[16], filed_on[11], due_on[11], done_on[11], outcome[16];
    char note[TEXT_BYTES(TEXT_MAX_NOTE)], recorded_by[80], recorded_at[32];
};
int os_event_add(struct db *db, const struct org_event_row *e, int64_t *id, struct mz_err *err);
/* Sets done_on and outcome of the open event of kind (the latest). */
int os_event_close(struct db *db, int64_t org_id, const char *kind, const char *done_on,
                   const char *outcome, struct mz_err *err);
int os_events(struct db *db, int64_t org_id, int (*fn)(void *ctx, const struct org_event_row *e),
              void *ctx, struct mz_err *err);

/* An annual report's figures (fen) and its review. */
struct org_report_row {
    int64_t id, org_id;
    int year;
    char due_on[11], submitted_on[11];
    int64_t income, prev_income, charitable, admin, other_spending, spending, net_assets,
        prev_net_assets;
    char result[16], findings[TEXT_BYTES(TEXT_MAX_NOTE)], rectify_by[11], reviewed_by[80];
    char recorded_by[80];
};
int os_report_add(struct db *db, const struct org_report_row *r, int64_t *id,
                  struct mz_err *err);
/* Writes back result, findings, rectify_by, reviewed_by of r->id. */
int os_report_review(struct db *db, const struct org_report_row *r, struct mz_err *err);
int os_report_get(struct db *db, int64_t org_id, int year, struct org_report_row *r,
                  struct mz_err *err);
/* Reports of org_id (0: of every organization), newest year first. */
int os_reports(struct db *db, int64_t org_id, int (*fn)(void *ctx, const struct org_report_row *r),
               void *ctx, struct mz_err *err);

/* A credit-list entry. exit_on is the computed day it leaves (abnormal
 * list after a verified fix) or may leave (serious list), "" if none yet. */
struct org_credit_row {
    int64_t id, org_id;
    char list[10], cause[TEXT_BYTES(80)], entered_on[11], exit_on[11], exited_on[11];
    char exit_reason[TEXT_BYTES(80)], recorded_by[80];
    char org_name[TEXT_BYTES(ORG_MAX_NAME)], uscc[19]; /* filled by reads */
};
int os_credit_add(struct db *db, const struct org_credit_row *c, int64_t *id,
                  struct mz_err *err);
/* Writes back exit_on, exited_on, exit_reason of c->id. */
int os_credit_update(struct db *db, const struct org_credit_row *c, struct mz_err *err);
/* Entries of org_id (0: all), open ones only if open_only; newest first. */
int os_credits(struct db *db, int64_t org_id, bool open_only,
               int (*fn)(void *ctx, const struct org_credit_row *c), void *ctx,
               struct mz_err *err);

#endif
