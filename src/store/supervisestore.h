/* The supervision dashboards' and integrity report's reads in SQLite
 * (supervise/summary.h): findings with their handling, the staff's near
 * relatives enrolled. Strings are borrowed during the callback; a
 * callback's non-zero return stops the walk and is returned. */
#ifndef MZ_SUPERVISESTORE_H
#define MZ_SUPERVISESTORE_H

#include <stdint.h>

#include "store/db.h"

/* A warning: resolved_on is the day it was closed or dismissed ("" while
 * it is open, assigned or verified). */
struct sv_finding {
    int64_t id;
    const char *rule, *label, *office, *state, *raised_on, *resolved_on, *evidence, *outcome,
        *reason, *hh_no;
};
/* The warnings raised in [from, to] for an office or a household under
 * prefix, by id. */
int sv_findings(struct db *db, const char *prefix, const char *from, const char *to,
                int (*fn)(void *ctx, const struct sv_finding *f), void *ctx,
                struct mz_err *err);

/* The steps taken on warning id, from the audit log: when (ISO time), by
 * whom (the audit actor) and which (assign, verify, close, dismiss). */
int sv_steps(struct db *db, int64_t id,
             int (*fn)(void *ctx, const char *at, const char *actor, const char *step),
             void *ctx, struct mz_err *err);

/* A household enrolled on a day with members who are on the staff
 * register or near relatives of staff: programs comma-separated. */
struct sv_kin {
    const char *hh_no, *county, *programs;
    int64_t members, filed;
};
int sv_staff_kin(struct db *db, const char *prefix, const char *day,
                 int (*fn)(void *ctx, const struct sv_kin *k), void *ctx, struct mz_err *err);

#endif
