/* Rows of the audit log (store side; the chain itself is computed in
 * src/audit/). Text fields are borrowed from the caller on write, and
 * valid until the next row on read. */
#ifndef MZ_AUDITSTORE_H
#define MZ_AUDITSTORE_H

#include <stdint.h>

#include "store/db.h"

struct audit_row {
    int64_t seq;
    const char *at, *actor, *action, *entity, *entity_id;
    const char *before_digest, *after_digest, *detail, *prev, *mac;
};

/* The last entry's seq and mac (char[65]): 1, or 0 for an empty log. */
int as_head(struct db *db, int64_t *seq, char mac[65], struct mz_err *err);
int as_insert(struct db *db, const struct audit_row *row, struct mz_err *err);
/* Calls fn for every entry in seq order; stops on a non-zero return. */
int as_scan(struct db *db, int (*fn)(void *ctx, const struct audit_row *row), void *ctx,
            struct mz_err *err);

#endif
