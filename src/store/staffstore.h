/* The staff register in SQLite (supervise/staff.h). */
#ifndef MZ_STAFFSTORE_H
#define MZ_STAFFSTORE_H

#include <stdint.h>

#include "store/db.h"

struct staff_row {
    int64_t id;
    const char *name, *id_masked, *kind, *post, *division, *since, *until; /* until: "" = serving */
};

/* Records a post (person_id, kind, post, division, since, recorded_by);
 * *id gets its id. Fails (constraint) if the person holds an open post. */
int sts_add(struct db *db, int64_t person_id, const char *kind, const char *post,
            const char *division, const char *since, const char *by, int64_t *id,
            struct mz_err *err);
/* Ends the person's open post on day: 1 ended, 0 none open since before. */
int sts_end(struct db *db, int64_t person_id, const char *day, struct mz_err *err);
/* The posts under division (a code prefix, "" = all); stops on fn's
 * non-zero return. Rows are borrowed for the call. */
int sts_list(struct db *db, const char *division,
             int (*fn)(void *ctx, const struct staff_row *r), void *ctx, struct mz_err *err);

#endif
