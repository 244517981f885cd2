/* Evaluation runs in the database: one row per run (as-of day, known-at
 * time, policy version), totals per program, and the eligible entities. */
#ifndef MZ_EVALSTORE_H
#define MZ_EVALSTORE_H

#include <stdint.h>

#include "base/date.h"
#include "store/db.h"

int es_run_add(struct db *db, mz_date as_of, const char *known_at, const char *policy_version,
               int64_t households, int64_t persons, int64_t *run_id, struct mz_err *err);
int es_total_add(struct db *db, int64_t run_id, const char *program, const char *label,
                 const char *entity, int64_t eligible, int64_t amount, struct mz_err *err);
int es_result_add(struct db *db, int64_t run_id, const char *program, int64_t entity_id,
                  int64_t household_id, int64_t amount, struct mz_err *err);

#endif
