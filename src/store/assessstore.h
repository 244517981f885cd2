/* Persistence of 老年人能力评估 records (src/care/assess.c): rows in, rows
 * out. Functions return 0 or -1 (err filled); look-ups return 1 (found) or
 * 0; scans call fn per row while the statement runs (fn must not use the
 * database), a non-zero return stops the scan and is returned. */
#ifndef MZ_ASSESSSTORE_H
#define MZ_ASSESSSTORE_H

#include <stdint.h>

#include "store/db.h"

struct assessment_row {
    int64_t id, person_id;
    char division[13]; /* the person's household division when assessed */
    char assessed_on[11], reason[16];
    char assessor1[64], assessor2[64];
    char scores[1024];    /* "name=score …" in the scale's item order */
    char conditions[256]; /* "name=value …" in the scale's order */
    int total;
    char preliminary[32], final_level[32];
    char reasons[1024]; /* the adjustments that held, one per line; "" if none */
    char next_due[11];
    char policy_version[65];
    char recorded_by[80], recorded_at[32];
    /* read back only: the person's name and masked ID number */
    char name[64], id_masked[19];
};

/* Inserts r (r->id and the read-back fields ignored) and sets r->id. */
int ast_assessment_insert(struct db *db, struct assessment_row *r, struct mz_err *err);
int ast_assessment_get(struct db *db, int64_t id, struct assessment_row *out, struct mz_err *err);
/* A person's assessments, newest first. */
int ast_assessments_of_person(struct db *db, int64_t person_id,
                              int (*fn)(void *ctx, const struct assessment_row *r), void *ctx,
                              struct mz_err *err);
/* The newest `limit` assessments of persons under any of the n division
 * code prefixes, newest first. */
int ast_assessments_in_scope(struct db *db, const char (*prefixes)[13], int n, int limit,
                             int (*fn)(void *ctx, const struct assessment_row *r), void *ctx,
                             struct mz_err *err);

#endif
