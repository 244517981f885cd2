/* Persistence of child welfare (src/children/): the dated records of the
 * categories a child in difficulty (困境儿童) falls in, and the visits of
 * 儿童主任. Functions return 0 or -1 (err filled); scans call fn per row
 * while the statement runs (fn must not use the database), a non-zero
 * return stops the scan and is returned. */
#ifndef MZ_CHILDSTORE_H
#define MZ_CHILDSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/text.h"
#include "store/db.h"

struct child_record_row {
    int64_t id, person_id;
    char as_of[11];
    char reasons[256]; /* the categories' labels, "孤儿；残疾儿童"; "" = no longer one */
    char recorded_by[80], recorded_at[32];
};

struct child_visit_row {
    int64_t id, person_id;
    char visited_on[11];
    char kind[32]; /* 入户探访, 电话联系, 监护指导, 心理健康转介 */
    char visitor[TEXT_BYTES(TEXT_MAX_NAME)];
    char findings[TEXT_BYTES(TEXT_MAX_NOTE)];
    char recorded_by[80], recorded_at[32];
};

/* Inserts r (id and recorded_at ignored) recorded now; sets *id. */
int chs_record_add(struct db *db, const struct child_record_row *r, int64_t *id,
                   struct mz_err *err);
/* A child's records, newest first, at most limit. */
int chs_records_of(struct db *db, int64_t person_id, int limit,
                   int (*fn)(void *ctx, const struct child_record_row *r), void *ctx,
                   struct mz_err *err);
/* Inserts v (id and recorded_at ignored) recorded now; sets *id. */
int chs_visit_add(struct db *db, const struct child_visit_row *v, int64_t *id,
                  struct mz_err *err);
/* A child's visits, newest first, at most limit. */
int chs_visits_of(struct db *db, int64_t person_id, int limit,
                  int (*fn)(void *ctx, const struct child_visit_row *v), void *ctx,
                  struct mz_err *err);
/* The households under one of the division code prefixes with a member on
 * day born after born_after (the minors), in id order, into a new array
 * (*ids, *n; the caller frees with mz_free). */
int chs_child_households(struct db *db, const char (*prefixes)[13], int nprefixes,
                         mz_date born_after, mz_date day, int64_t **ids, size_t *n,
                         struct mz_err *err);

/* The consents of the persons under one of the division prefixes, with
 * the person, newest first. */
struct consent_list_row {
    int64_t person_id;
    char name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19], division[13];
    char given_on[11], given_by[16];
};
int chs_consent_list(struct db *db, const char (*prefixes)[13], int nprefixes,
                     int (*fn)(void *ctx, const struct consent_list_row *c), void *ctx,
                     struct mz_err *err);
/* 精康融合行动: a referral to a community rehabilitation service. */
struct rehab_row {
    int64_t id, person_id;
    char name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19], division[13];
    char referred_on[11];
    char service[TEXT_BYTES(TEXT_MAX_NAME)];
    char state[12];       /* referred, received, in_rehab, closed */
    char last_update[11]; /* the latest progress's day, "" if none */
};
/* Inserts a referral in state referred; sets *id. */
int chs_rehab_add(struct db *db, int64_t person_id, const char *referred_on, const char *service,
                  const char *referred_by, int64_t *id, struct mz_err *err);
/* How many referrals of person_id are not closed. */
int chs_rehab_open(struct db *db, int64_t person_id, int64_t *n, struct mz_err *err);
/* Referral id: 1 found, 0 not. */
int chs_rehab_get(struct db *db, int64_t id, struct rehab_row *out, struct mz_err *err);
/* Sets the state of referral id and appends its progress entry. */
int chs_rehab_progress(struct db *db, int64_t id, const char *on_day, const char *state,
                       const char *note, const char *recorded_by, struct mz_err *err);
/* The referrals of the persons under one of the division prefixes. */
int chs_rehab_list(struct db *db, const char (*prefixes)[13], int nprefixes,
                   int (*fn)(void *ctx, const struct rehab_row *r), void *ctx, struct mz_err *err);
struct rehab_progress_row {
    char on_day[11], state[12], note[TEXT_BYTES(TEXT_MAX_NOTE)], recorded_by[80];
};
/* Up to limit persons ever recorded as 精神 disabled or with a serious
 * mental disorder (candidates for a referral; the policy decides), in id
 * order, into a new array (*ids, *n; the caller frees with mz_free). */
int chs_rehab_candidates(struct db *db, int limit, int64_t **ids, size_t *n, struct mz_err *err);
/* The progress of referral id, oldest first. */
int chs_rehab_progress_of(struct db *db, int64_t id,
                          int (*fn)(void *ctx, const struct rehab_progress_row *p), void *ctx,
                          struct mz_err *err);

/* 重度残疾人托养 (src/disability/tuoyang.c): a placement with a provider. */
struct tuoyang_row {
    int64_t id, person_id, provider_id;
    char name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19], division[13];
    char provider[TEXT_BYTES(TEXT_MAX_NAME)];
    char mode[8]; /* 寄宿, 日间 */
    char start_on[11], end_on[11]; /* end_on "" while open */
};
/* Inserts an open placement; a second open one of the person fails with
 * already_in_care on person. Sets *id. */
int chs_tuoyang_add(struct db *db, int64_t person_id, int64_t provider_id, const char *mode,
                    const char *start_on, const char *recorded_by, int64_t *id,
                    struct mz_err *err);
/* The open placement of person_id: 1, 0 if none. */
int chs_tuoyang_open(struct db *db, int64_t person_id, struct tuoyang_row *out,
                     struct mz_err *err);
/* Ends placement id on end_on. */
int chs_tuoyang_end(struct db *db, int64_t id, const char *end_on, struct mz_err *err);
/* The placements of the persons under one of the division prefixes, open
 * ones first, then by start. */
int chs_tuoyang_list(struct db *db, const char (*prefixes)[13], int nprefixes,
                     int (*fn)(void *ctx, const struct tuoyang_row *t), void *ctx,
                     struct mz_err *err);

/* Orphans' entitlements (src/children/entitle.c): dated periods. */
struct entitlement_row {
    int64_t id, person_id;
    char kind[32];        /* the policy variable, ent_medical … */
    char start_on[11];
    char end_on[11];      /* "" while open */
    char checked_on[11];  /* the last day a run found it held */
};
/* Opens a period; sets *id. */
int chs_ent_open(struct db *db, int64_t person_id, const char *kind, const char *start_on,
                 const char *checked_on, const char *recorded_by, int64_t *id,
                 struct mz_err *err);
/* Sets the last day a run found period id held. */
int chs_ent_checked(struct db *db, int64_t id, const char *checked_on, struct mz_err *err);
/* Closes period id on end_on (its last day). */
int chs_ent_close(struct db *db, int64_t id, const char *end_on, struct mz_err *err);
/* A person's periods, newest first. */
int chs_ents_of(struct db *db, int64_t person_id,
                int (*fn)(void *ctx, const struct entitlement_row *e), void *ctx,
                struct mz_err *err);
/* The households under one of the prefixes with a member on day who is
 * recorded as an orphan or 事实无人抚养 child, or holds an open
 * entitlement, in id order, into a new array (the caller frees). */
int chs_ent_households(struct db *db, const char (*prefixes)[13], int nprefixes, mz_date day,
                       int64_t **ids, size_t *n, struct mz_err *err);

#endif
