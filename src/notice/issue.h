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
    /* the address of the public verification page (setting public-url);
     * notice_issue gives each notice a code and prints <url>/#/verify/<code>
     * and its QR code on it */
    const char *verify_base;
};

/* What the registry says about the request, for the caller to report. */
struct notice_outcome {
    int64_t household_id;
    int eligible;   /* the policy engine's verdict as of as_of */
    int64_t amount; /* fen per month stated by the notice */
};

/* Composes the notice numbered `number` (verify_url: its verification
 * page, NULL before it is issued) without recording anything. Fails
 * (NULL, message on err) if the household or program is unknown, if the
 * decision contradicts the policy engine (approving or changing for an
 * ineligible household, rejecting or stopping an eligible one), or if a
 * change has no previous amount. The caller frees with notice_free. */
struct notice *notice_compose(struct db *db, const struct pol_set *set,
                              const struct notice_request *req, const char *number,
                              const char *verify_url, struct notice_outcome *out,
                              struct mz_err *err);

/* The signed PDF of an issued notice (by the SM3 of its PDF), as kept
 * sealed when it was issued, checked against that SM3: *pdf (the caller
 * mz_frees it) of *len bytes. not_found when it was not kept (a notice
 * issued before minzheng kept them), tampered on a mismatch. Each reading
 * is audited (notice.read) under actor. */
int notice_pdf_read(struct registry *r, const char *sm3, const char *actor, char **pdf,
                    size_t *len, struct mz_err *err);

/* The files of an issued document and their SM3s. */
struct notice_files {
    char pdf[4200], sig[4200], ofd[4200];
    char sm3[65], ofd_sm3[65];
};

/* Issues a notice: numbers it (next of the issue year), composes, renders,
 * seals and signs with the SM2 private key at key_path (the bureau's seal
 * made on first use, notice/stamp.h), writes out_pdf with the seal's
 * picture and QR code, out_pdf + ".sig" (SM2 over the PDF) and the sealed
 * OFD beside it (out_pdf with .ofd for .pdf), records it and appends an
 * audit entry ("notice.issue", by actor). Nothing is recorded and no file
 * is left if a step fails. row receives the number, the SM3 of the PDF
 * and OFD, the verification code and the amount. */
int notice_issue(struct registry *r, const struct pol_set *set, const struct notice_request *req,
                 const char *key_path, const char *out_pdf, const char *actor,
                 struct notice_row *row, struct notice_outcome *out, struct mz_err *err);
/* The same inside the caller's transaction (a decision that issues its
 * notice, such as a 免申即享 confirmation): files receives the paths
 * written; if the caller's transaction fails afterwards it removes them
 * (notice_files_remove). On failure nothing is left. */
int notice_issue_tx(struct registry *r, const struct pol_set *set,
                    const struct notice_request *req, const char *key_path, const char *out_pdf,
                    const char *actor, struct notice_row *row, struct notice_outcome *out,
                    struct notice_files *files, struct mz_err *err);


/* The civil-affairs bureau of the county of division as of day `at`, by
 * name ("重庆市渝中区民政局"), into out. */
int notice_bureau_of(struct db *db, const char *division, mz_date at, char *out, size_t cap,
                     struct mz_err *err);

/* Writes any document built as a struct notice — a decision notice, a
 * service's certificate — as the bureau issues it: the bureau's seal (made
 * and recorded on first use, notice/stamp.h), the PDF at out_pdf with the
 * seal's picture and, if verify_url is not NULL, the QR code of that
 * address, its SM2 signature (out_pdf + ".sig") and the sealed OFD beside
 * it. Call inside the caller's transaction; if a step fails no file is
 * left. */
int notice_write(struct registry *r, const struct notice *n, const char *key_path,
                 const char *verify_url, const char *out_pdf, const char *actor,
                 struct notice_files *files, struct mz_err *err);
/* Removes the files notice_write wrote (when the caller's transaction
 * fails after it). */
void notice_files_remove(const struct notice_files *f);

/* The file name of the OFD issued beside a PDF: .pdf replaced by .ofd,
 * else .ofd appended. */
void notice_ofd_path(const char *pdf_path, char *out, size_t cap);

/* The result of checking a notice file. */
struct notice_check {
    int ofd;           /* 1: the file is an OFD, 0: a PDF */
    int signature_ok;  /* 1: PDF: the SM2 signature matches the PDF and key; OFD: the
                        * seal signature is valid, every file intact, and the seal's
                        * certificate holds the key */
    struct mz_err why; /* when it is not: a stable code and a Chinese message */
    int files;         /* OFD: the files its signature protects */
    char seal[256];    /* OFD: the seal's name */
    int registered;    /* 1: the file's SM3 is recorded; 0: not; -1: no db given */
    char sm3[65];
    struct notice_row row; /* when registered */
};

/* Checks a notice: an OFD (by its content) against its seal signature and
 * the public key at pub_path, a PDF against path + ".sig" and the key;
 * and, if db is not NULL, looks its SM3 up among the issued notices.
 * Returns 0 when the checks ran (see *out), -1 with err if a file or the
 * key cannot be read. */
int notice_check(const char *path, const char *pub_path, struct db *db, struct notice_check *out,
                 struct mz_err *err);

#endif
