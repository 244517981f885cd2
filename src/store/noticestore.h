/* Decision notices in the database: each issued notice with its number,
 * decision, amount, the SM3 of the signed PDF and its text. Look-ups return
 * 1 (found), 0 (not found) or -1 (error, err filled). */
#ifndef MZ_NOTICESTORE_H
#define MZ_NOTICESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "store/db.h"

struct notice_row {
    char number[192];
    int year, seq;
    int64_t household_id;
    char hh_no[64];          /* filled by ns_by_sm3 */
    char program[64];
    char decision[16];       /* "approve", "reject", "stop", "change" */
    int64_t amount;          /* fen per month */
    mz_date as_of, effective, issued;
    const char *policy_version; /* borrowed for ns_add */
    char sm3[65];            /* hex, of the PDF */
    char ofd_sm3[65];        /* hex, of the OFD; "" for a notice issued before OFD */
    char verify_code[33];    /* the code of its QR code (public verification) */
    bool pdf_online;         /* ns_of_household: its signed PDF is kept (notice_pdfs) */
    const char *text;        /* borrowed for ns_add */
};

/* What the public verification page states of a notice. */
struct notice_public {
    char number[192], issuer[200], title[200];
    mz_date issued;
    char sm3[65], ofd_sm3[65];
    char superseded_by[192]; /* the number of a later decision, "" if in force */
};

/* The next sequence number of year (1 for the first notice of a year). */
int ns_next_seq(struct db *db, int year, int *seq, struct mz_err *err);
/* Records an issued notice; fails on a duplicate number or hash. */
int ns_add(struct db *db, const struct notice_row *n, struct mz_err *err);
/* The notice whose PDF or OFD has this SM3 (hex): fills number, hh_no,
 * program, decision, amount, issued, sm3 and ofd_sm3. */
int ns_by_sm3(struct db *db, const char *sm3, struct notice_row *out, struct mz_err *err);
/* The notice whose QR code carries code. */
int ns_by_code(struct db *db, const char *code, struct notice_public *out, struct mz_err *err);

/* A bureau's seal as recorded (blobs owned; free with ns_seal_free). */
struct seal_row {
    int64_t id;
    char esid[64];
    unsigned char *cert, *picture, *seal;
    size_t cert_len, picture_len, seal_len;
};
/* Calls fn for each seal of `name` valid on day `on`, newest first, until
 * fn returns non-zero (1: take this one — its row is kept in *out). */
int ns_seal_find(struct db *db, const char *name, mz_date on,
                 int (*fn)(void *ctx, const struct seal_row *s), void *ctx, struct seal_row *out,
                 struct mz_err *err);
/* The next seal's ordinal (for its code). */
int ns_seal_next(struct db *db, int64_t *n, struct mz_err *err);
/* Records a seal valid from..to, made by actor. */
int ns_seal_add(struct db *db, const struct seal_row *s, const char *name, mz_date from, mz_date to,
                const char *actor, struct mz_err *err);
void ns_seal_free(struct seal_row *s);

/* The monthly amount the household receives from program by the latest
 * notice: 1 with *amount if that notice approved or changed it, 0 if there
 * is none or it stopped the program. */
int ns_current_amount(struct db *db, int64_t household_id, const char *program,
                      int64_t *amount, struct mz_err *err);

/* Calls fn for each notice of household_id in issue order (its text
 * borrowed until fn returns); stops on a non-zero return. */
int ns_of_household(struct db *db, int64_t household_id,
                    int (*fn)(void *ctx, const struct notice_row *n), void *ctx,
                    struct mz_err *err);

/* The signed PDF of the notice whose PDF has this SM3, sealed by the
 * vault: kept when it is issued (ns_pdf_put), read back (1, *sealed owned
 * by the caller, mz_free; 0 if not kept). */
int ns_pdf_put(struct db *db, const char *sm3, const unsigned char *sealed, size_t n,
               struct mz_err *err);
int ns_pdf_get(struct db *db, const char *sm3, unsigned char **sealed, size_t *n,
               struct mz_err *err);

#endif
