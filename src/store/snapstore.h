/* The registry's change journal (migration 29): a generation number that
 * every build of the whole city's snapshot advances, and the households
 * changed at each generation (stamped by triggers on households,
 * memberships, persons and facts). What policy/snapload.c needs to keep an
 * on-disk snapshot current without ever using a stale one. */
#ifndef MZ_SNAPSTORE_H
#define MZ_SNAPSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/db.h"

/* The journal as one snapshot build sees it. */
struct ss_state {
    int64_t gen;       /* the generation the build covers: every change stamped <= gen */
    int64_t floor;     /* no snapshot built before this generation may be used */
    bool bulk;         /* a bulk load is writing without stamping */
    char instance[33]; /* this database's random identity */
};

/* Reads the current generation and identity without changing anything:
 * a snapshot built at generation g is current for this database only if
 * st->floor <= g < st->gen (each build advances gen) and no bulk load is
 * under way. */
int ss_peek(struct db *db, struct ss_state *st, struct mz_err *err);

/* Starts a build, in a short write transaction of its own: st receives the
 * generation the build covers and the generation is advanced, so every
 * change from now on is stamped later; with since >= 0, *ids and *n receive
 * the households changed after generation since (ascending; the caller
 * frees *ids with mz_free). Must not be called inside a transaction. */
int ss_build_start(struct db *db, int64_t since, struct ss_state *st, int64_t **ids, size_t *n,
                   struct mz_err *err);

/* The households changed after generation since, ascending, without
 * starting a build (for catching up inside a transaction). */
int ss_changed_since(struct db *db, int64_t since, int64_t **ids, size_t *n, struct mz_err *err);

/* A bulk load, inside its transaction: from ss_bulk_begin to ss_bulk_end
 * the triggers stamp nothing; the end makes every snapshot built before it
 * unusable (floor), which is cheaper than stamping every household. */
int ss_bulk_begin(struct db *db, struct mz_err *err);
int ss_bulk_end(struct db *db, struct mz_err *err);

#endif
