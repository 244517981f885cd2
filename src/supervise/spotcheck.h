/* Spot checks (随机抽查): a random, reproducible sample of the households
 * enrolled in a program in a division, for the yearly review of 特困 (at
 * least 30 %) and for auditors' plans. The sample is the `share` percent
 * (rounded up) of the enrolled households with the smallest
 * SM3("<seed>|<户编号>"): anyone holding the seed and the list of enrolled
 * households can draw it again with any SM3 tool, and nobody can choose
 * which households fall in it once the seed is fixed (publish or record it
 * before drawing, e.g. a lottery number; by default 16 random hex digits).
 * A draw is recorded (table spot_checks and its items) and audited. */
#ifndef MZ_SUPERVISE_SPOTCHECK_H
#define MZ_SUPERVISE_SPOTCHECK_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

struct registry;

#define SPOTCHECK_SEED_MAX 64

struct spotcheck_request {
    const char *program;  /* as in the policies, e.g. "tekun" */
    const char *division; /* the households under this division code */
    int share;            /* percent, 1..100 */
    const char *seed;     /* NULL: 16 random hex digits */
    mz_date as_of;        /* enrolled in this day's month */
};

struct spotcheck {
    int64_t id;
    char seed[SPOTCHECK_SEED_MAX + 1];
    int64_t population, sample;
};

/* Draws and records a sample (audited "spotcheck.draw" by actor): out gets
 * its id, seed and sizes. Fails with a field named for a bad program,
 * division, share or seed. */
int spotcheck_draw(struct registry *r, const struct spotcheck_request *req, const char *actor,
                   struct spotcheck *out, struct mz_err *err);

/* Calls fn with each sampled household of check id (户编号 and its SM3
 * rank value, hex), in sample order. Returns fn's non-zero value, 0, or -1. */
int spotcheck_items(struct registry *r, int64_t id,
                    int (*fn)(void *ctx, const char *hh_no, const char *rank), void *ctx,
                    struct mz_err *err);

#endif
