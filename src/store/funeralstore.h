/* Persistence of 殡葬 (src/funeral/): deaths cascaded and every report of
 * one, funeral homes, cemeteries and columbaria with their price lists and
 * complaints, cremations and where the ashes went. Rows in, rows out; the
 * rules live in src/funeral. Look-ups return 1 (found), 0 (not found) or
 * -1; scans call fn per row while the statement runs (fn must not use the
 * database) and stop on a non-zero return, which they return. Lists take
 * the caller's scope as division code prefixes (n 0: everywhere). */
#ifndef MZ_FUNERALSTORE_H
#define MZ_FUNERALSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

/* ---- deaths ---- */

#define FS_SUMMARY_MAX 8192

struct death_row {
    int64_t person_id;
    char died_on[11];
    char source[TEXT_BYTES(TEXT_MAX_SOURCE)]; /* the first report's */
    int64_t household_id;                     /* 0 if the person had none */
    char division[13];                        /* the household's (scope) */
    char summary[FS_SUMMARY_MAX];             /* 身后一件事: JSON array of items */
    char cascaded_by[80], cascaded_at[32];
    /* read only */
    char name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19], birth[11];
    int sex;
};
/* Inserts d (summary empty) unless the person's death was cascaded
 * already: *inserted says which. The one place a death is taken once. */
int fs_death_insert(struct db *db, const struct death_row *d, bool *inserted,
                    struct mz_err *err);
int fs_death_summary(struct db *db, int64_t person_id, const char *summary, struct mz_err *err);
int fs_death_get(struct db *db, int64_t person_id, struct death_row *out, struct mz_err *err);
int fs_death_list(struct db *db, const char (*prefixes)[13], int n, const char *name, long page,
                  long per_page, int (*fn)(void *ctx, const struct death_row *d), void *ctx,
                  int64_t *total, struct mz_err *err);

/* A death recorded in the registry and not yet cascaded. */
struct pending_death {
    int64_t person_id;
    char value[16];                           /* the day of death */
    char source[TEXT_BYTES(TEXT_MAX_SOURCE)]; /* the fact's source */
};
/* At most limit of them, by person id, into a new array (*out, *n; the
 * caller frees with mz_free). */
int fs_deaths_pending(struct db *db, long limit, struct pending_death **out, size_t *n,
                      struct mz_err *err);

struct death_report_row {
    int64_t id;
    char died_on[11];
    char source[TEXT_BYTES(TEXT_MAX_SOURCE)];
    char certificate_no[64]; /* 死亡医学证明编号, "" */
    char place[TEXT_BYTES(TEXT_MAX_ADDRESS)];
    bool first; /* the report that cascaded */
    char reported_by[80], reported_at[32];
};
int fs_report_insert(struct db *db, int64_t person_id, struct death_report_row *r,
                     struct mz_err *err);
int fs_reports_of(struct db *db, int64_t person_id,
                  int (*fn)(void *ctx, const struct death_report_row *r), void *ctx,
                  struct mz_err *err);

/* The open cases whose applicant is person_id, in id order (*ids, *n; the
 * caller frees with mz_free). */
int fs_open_cases_of(struct db *db, int64_t person_id, int64_t **ids, size_t *n,
                     struct mz_err *err);
/* What approved or paid rolls paid on enrolment_id for months after
 * `after` (YYYY-MM): *fen and *lines. */
int fs_overpaid(struct db *db, int64_t enrolment_id, const char *after, int64_t *fen,
                int64_t *lines, struct mz_err *err);

/* The unfinished warning of cond_key (rule|household|person): its id and
 * due day (11 bytes). */
int fs_open_warning(struct db *db, const char *cond_key, int64_t *id, char due[11],
                    struct mz_err *err);

/* ---- facilities ---- */

struct facility_row {
    int64_t id;
    char code[32];
    char name[TEXT_BYTES(60)];
    char kind[16]; /* funeral_home, cemetery, columbarium */
    char division[13];
    char address[TEXT_BYTES(TEXT_MAX_ADDRESS)];
    char licence_no[64], licence_until[11]; /* "" if none / open-ended */
    char approved_by[TEXT_BYTES(60)];
    int64_t capacity; /* cemetery plots or niches; 0 for a funeral home */
    char created_at[32];
    /* read only */
    int64_t cremations, placements, open_complaints;
};
/* Adds or updates (by code) f; sets f->id. */
int fs_facility_put(struct db *db, struct facility_row *f, struct mz_err *err);
int fs_facility_get(struct db *db, int64_t id, struct facility_row *out, struct mz_err *err);
int fs_facility_by_code(struct db *db, const char *code, int64_t *id, struct mz_err *err);
int fs_facility_list(struct db *db, const char (*prefixes)[13], int n, const char *kind,
                     int (*fn)(void *ctx, const struct facility_row *f), void *ctx,
                     struct mz_err *err);

struct price_row {
    char service[TEXT_BYTES(30)];
    int64_t price; /* fen per unit */
    char unit[TEXT_BYTES(8)];
    bool basic; /* a basic funeral service (基本殡葬服务) */
};
int fs_price_put(struct db *db, int64_t facility_id, const struct price_row *p,
                 struct mz_err *err);
int fs_prices_of(struct db *db, int64_t facility_id,
                 int (*fn)(void *ctx, const struct price_row *p), void *ctx, struct mz_err *err);

struct complaint_row {
    int64_t id, facility_id;
    char received_on[11];
    char complainant[TEXT_BYTES(TEXT_MAX_NAME)];
    char text[TEXT_BYTES(TEXT_MAX_NOTE)];
    char state[8]; /* open, closed */
    char outcome[TEXT_BYTES(TEXT_MAX_NOTE)];
    char office[13]; /* the county office that handles it */
    char recorded_by[80], recorded_at[32], closed_by[80], closed_at[32];
    char facility_name[TEXT_BYTES(60)];
};
int fs_complaint_insert(struct db *db, struct complaint_row *c, struct mz_err *err);
int fs_complaint_get(struct db *db, int64_t id, struct complaint_row *out, struct mz_err *err);
int fs_complaint_close(struct db *db, int64_t id, const char *outcome, const char *by,
                       bool *changed, struct mz_err *err);
/* Complaints of the scope's facilities (facility_id 0: all), open first. */
int fs_complaint_list(struct db *db, const char (*prefixes)[13], int n, int64_t facility_id,
                      int (*fn)(void *ctx, const struct complaint_row *c), void *ctx,
                      struct mz_err *err);

/* ---- cremations and placements ---- */

struct cremation_row {
    int64_t id, person_id, facility_id;
    char cremated_on[11], cert_no[48];
    char services[400];        /* "service×qty=fen;…" as charged */
    int64_t fees, waived;      /* fen */
    char waiver_basis[400];    /* why (not) waived, with the policy's label */
    char policy_version[65];
    char recorded_by[80];
};
/* The next cremation number of facility in year (gapless per facility and
 * year, inside the inserting transaction). */
int fs_cremation_next(struct db *db, int64_t facility_id, int year, int *seq,
                      struct mz_err *err);
int fs_cremation_insert(struct db *db, struct cremation_row *c, struct mz_err *err);

struct placement_row {
    int64_t id, person_id, facility_id; /* facility 0: none (海葬) */
    char placed_on[11], method[24], plot[64];
    int64_t reward; /* fen */
    char policy_version[65];
    char recorded_by[80];
};
int fs_placement_insert(struct db *db, struct placement_row *p, struct mz_err *err);

/* A deceased person's funeral record: cremation and placement (ids 0 when
 * not yet recorded). */
struct burial_row {
    int64_t person_id;
    char name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19], died_on[11];
    int64_t cremation_id, cremation_facility;
    char cremation_facility_name[TEXT_BYTES(60)], cremated_on[11], cert_no[48], services[400];
    int64_t fees, waived;
    char waiver_basis[400];
    int64_t placement_id, placement_facility;
    char placement_facility_name[TEXT_BYTES(60)], placed_on[11], method[24], plot[64];
    int64_t reward;
};
int fs_burial_of(struct db *db, int64_t person_id, struct burial_row *out, struct mz_err *err);
/* The records of the scope (facility_id 0: every facility), latest first. */
int fs_burial_list(struct db *db, const char (*prefixes)[13], int n, int64_t facility_id,
                   int (*fn)(void *ctx, const struct burial_row *b), void *ctx,
                   struct mz_err *err);

#endif
