/* Persistence of division changes (src/registry/divchange.c, divisions.c):
 * change events and their steps, the displaced divisions (whose parent is
 * not the prefix of their code: moved by a change), the re-routing of open
 * warnings, and the counts of a report by division. Functions return 0 (or
 * a count) or -1 (err filled). */
#ifndef MZ_DIVSTORE_H
#define MZ_DIVSTORE_H

#include <stdint.h>

#include "base/date.h"
#include "base/text.h"
#include "store/db.h"
#include "store/regstore.h"

struct div_event_row {
    int64_t id;
    char effective[11];
    char title[TEXT_BYTES(TEXT_MAX_NOTE)];
    char document[TEXT_BYTES(TEXT_MAX_NOTE)];
    char approved_by[TEXT_BYTES(TEXT_MAX_NOTE)];
    char recorded_by[80], recorded_at[32];
    int nsteps;
};

/* Stores a new event (id, recorded_at and nsteps ignored) with the text of
 * its script; sets *id. */
int ds_event_add(struct db *db, const struct div_event_row *e, const char *script, int64_t *id,
                 struct mz_err *err);
int ds_event_step_add(struct db *db, int64_t event_id, int seq, const char *op,
                      const char *code, const char *arg, struct mz_err *err);
/* Calls fn for each event by date; a non-zero return stops and is returned. */
int ds_events(struct db *db, int (*fn)(void *ctx, const struct div_event_row *e), void *ctx,
              struct mz_err *err);
/* Calls fn for each step of an event in order. */
int ds_event_steps(struct db *db, int64_t event_id,
                   int (*fn)(void *ctx, int seq, const char *op, const char *code,
                             const char *arg),
                   void *ctx, struct mz_err *err);

/* Replaces the version of d->code that starts on d->valid_from (name,
 * parent, pinyin): a change on the day a version began revises it. */
int ds_division_revise(struct db *db, const struct division_row *d, struct mz_err *err);

/* The codes of the divisions valid on day `at` whose parent is not the
 * prefix of their code, in code order, into a new array (*codes, *n; the
 * caller frees with mz_free). */
int ds_displaced(struct db *db, mz_date at, char (**codes)[13], size_t *n, struct mz_err *err);

/* Moves the open warnings of the households under `prefix` to `office`;
 * returns how many moved. */
int ds_reroute_warnings(struct db *db, const char *prefix, const char *office,
                        struct mz_err *err);

/* The households and their current members under the n code prefixes. */
int ds_count_under(struct db *db, const char (*prefixes)[13], int n, int64_t *households,
                   int64_t *persons, struct mz_err *err);

#endif
