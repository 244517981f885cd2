/* Issuing and checking decision notices against the live registry: a
 * notice is composed from the household's data and the policy engine's
 * explanation, numbered, rendered to PDF, signed with the bureau's SM2 key
 * and recorded (number, SM3 of the PDF, text) with an audit entry, all in
 * one transaction; `check` proves a PDF is one the bureau issued. */
#ifndef MZ_NOTICE_ISSUE_H
#define MZ_NOTICE_ISSUE_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "notice/notice.h"
#include "policy/policy.h"
#include "store/db.h"
#include "store/noticestore.h"

struct registry;

struct notice_request {
    const char *hh_no;       /* 户编号 */
    const char *program;     /* program name in the policy set, e.g. "dibao" */
    enum notice_decision decision;
    mz_date as_of;           /* the day the data describe */
    mz_date issued;          /* the notice's date; MZ_DATE_NONE = as_of */
    mz_date effective;       /* MZ_DATE_NONE = the first day of the month after issued */
    int64_t previous_amount; /* fen, for change/stop; < 0 = from the latest notice */
    /* NULL = from the household's county: "<省><县>民政局", "…人民政府",
     * "…人民法院", number prefix "<县简称>民决". */
    const char *bureau, *review_authority, *court, *number_prefix;
};

/* What the registry says about the request, for the caller to report. */
struct notice_outcome {
    int64_t household_id;
    int eligible;   /* the policy engine's verdict as of as_of */
    int64_t amount; /* fen per month stated by the notice */
};

/* Composes the notice numbered `number` without recording anything. Fails
 * (NULL, message on err) if the household or program is unknown, if the
 * decision contradicts the policy engine (approving or changing for an
 * ineligible household, rejecting or stopping an eligible one), or if a
 * change has no previous amount. The caller frees with notice_free. */
struct notice *notice_compose(struct db *db, const struct pol_set *set,
                              const struct notice_request *req, const char *number,
                              struct notice_outcome *out, struct mz_err *err);

/* Issues a notice: numbers it (next of the issue year), composes, renders,
 * signs with the SM2 private key at key_path, writes out_pdf and
 * out_pdf + ".sig", records it and appends an audit entry ("notice.issue",
 * by actor). Nothing is recorded and no file is left if a step fails.
 * row receives the number, SM3 and amount. */
int notice_issue(struct registry *r, const struct pol_set *set, const struct notice_request *req,
                 const char *key_path, const char *out_pdf, const char *actor,
                 struct notice_row *row, struct notice_outcome *out, struct mz_err *err);

/* Renders document n (notice_document) to out_pdf, signed with the SM2
 * private key at key_path into out_pdf + ".sig", like a notice; sm3
 * receives the SM3 of the PDF. Records nothing: the caller keeps the
 * digest with its own record. No file is left if a step fails. */
int notice_sign_pdf(const struct notice *n, const char *key_path, const char *out_pdf,
                    char sm3[65], struct mz_err *err);

/* The result of checking a notice PDF. */
struct notice_check {
    int signature_ok;  /* 1: the SM2 signature matches the PDF and key */
    struct mz_err why; /* when it does not: code "bad_signature_format" or
                        * "signature_mismatch" and a Chinese message */
    int registered;    /* 1: the PDF's SM3 is recorded; 0: not; -1: no db given */
    char sm3[65];
    struct notice_row row; /* when registered */
};

/* Checks pdf_path against pdf_path + ".sig" and the public key at pub_path,
 * and, if db is not NULL, looks its SM3 up among the issued notices.
 * Returns 0 when the checks ran (see *out), -1 with err if a file or the
 * key cannot be read. */
int notice_check(const char *pdf_path, const char *pub_path, struct db *db,
                 struct notice_check *out, struct mz_err *err);

#endif
