/* Persistence of family relations (src/registry/kin.c): parent links
 * recorded from documents, and the memberships whose relation to the head
 * of the household says how its members are related. Scans call fn per
 * row while the statement runs (fn must not use the database); a non-zero
 * return stops the scan and is returned. -1 on error (err filled). */
#ifndef MZ_KINSTORE_H
#define MZ_KINSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "store/db.h"

/* Records that parent_id is a parent of person_id (source: the document),
 * unless it is on record already (*added false). */
int ks_parent_add(struct db *db, int64_t person_id, int64_t parent_id, const char *source,
                  const char *actor, bool *added, struct mz_err *err);
/* The recorded parents of person_id (children: the persons whose parent
 * it is), in id order. */
int ks_parents(struct db *db, int64_t person_id,
               int (*fn)(void *ctx, int64_t parent_id, const char *source), void *ctx,
               struct mz_err *err);
int ks_children(struct db *db, int64_t person_id,
                int (*fn)(void *ctx, int64_t child_id, const char *source), void *ctx,
                struct mz_err *err);
/* Every membership of person_id, past and present, oldest first: the
 * household, its 户编号, the relation to its head and the period [from,
 * to) (to MZ_DATE_NONE while open). */
int ks_memberships(struct db *db, int64_t person_id,
                   int (*fn)(void *ctx, int64_t household_id, const char *hh_no,
                             const char *relation, mz_date from, mz_date to),
                   void *ctx, struct mz_err *err);
/* The members of household_id, past and present, with relation. */
int ks_household_relation(struct db *db, int64_t household_id, const char *relation,
                          int (*fn)(void *ctx, int64_t person_id, mz_date from, mz_date to),
                          void *ctx, struct mz_err *err);

#endif
