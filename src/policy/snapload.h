/* Builds the policy engine's snapshot from the registry: every household
 * (or one, or a list) with its members as of a day, and every input of a compiled
 * policy set from the facts in force on that day as recorded by a given
 * time (bitemporal: "as of" an effective date, "as known at" a recording
 * time), so a decision can be reproduced exactly as it was made. */
#ifndef MZ_SNAPLOAD_H
#define MZ_SNAPLOAD_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "policy/snapshot.h"
#include "store/db.h"

struct snap_request {
    mz_date as_of;
    const char *known_at;  /* ISO-8601 time, NULL = everything recorded so far */
    int64_t household_id;  /* > 0: only this household */
    /* Or, with nhouseholds > 0: only these distinct households, in this
     * order (those without members on the day are left out). */
    const int64_t *household_ids;
    size_t nhouseholds;
};

/* Loads the snapshot for set. The whole city as known now is read from
 * the snapshot file beside the database (DB-snapshot-DAY) when it is current,
 * with only the households changed since read again, and the file is
 * rewritten; it is never used for another database, as-of day or input
 * layout, or inside a transaction. Fails if a policy input reads a fact the
 * registry does not define, or a stored value does not parse (naming the
 * person or household and the fact). The caller frees with
 * pol_snapshot_free. If person_ids is not NULL it receives the registry id
 * of each snapshot person row (the caller frees it with mz_free). */
struct pol_snapshot *snap_load(struct db *db, const struct pol_set *set,
                               const struct snap_request *req, int64_t **person_ids,
                               struct mz_err *err);

/* For a whole-city job that must see the rows as they are inside its own
 * transaction (the sweep), yet read the city from the snapshot file:
 * snap_load_ahead, before the transaction, reads the city and notes the
 * generation it covers; snap_catch_up, inside the transaction, reads again
 * the households changed since and the registry records (or everything,
 * when the file could not be used). snap_ahead_free releases it. */
struct snap_ahead {
    struct pol_snapshot *snap;
    int64_t *person_ids;
    int64_t gen; /* the generation covered; -1: not from the file */
};
int snap_load_ahead(struct db *db, const struct pol_set *set, mz_date as_of,
                    struct snap_ahead *out, struct mz_err *err);
int snap_catch_up(struct db *db, const struct pol_set *set, mz_date as_of,
                  struct snap_ahead *a, struct mz_err *err);
void snap_ahead_free(struct snap_ahead *a);

/* The same, always from the registry's rows (no snapshot file). */
struct pol_snapshot *snap_load_fresh(struct db *db, const struct pol_set *set,
                                     const struct snap_request *req, int64_t **person_ids,
                                     struct mz_err *err);
/* The value of person variable name for person_id as a member of
 * household_id on day, over that day's facts, into *out (0 if they are no
 * member of it that day). -1 with the error of snap_load or
 * pol_person_values (unknown_variable). */
int snap_person_value(struct db *db, const struct pol_set *set, int64_t household_id,
                      int64_t person_id, mz_date day, const char *name, int64_t *out,
                      struct mz_err *err);

#endif
