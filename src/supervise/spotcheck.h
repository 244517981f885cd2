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
#include "store/spotstore.h"

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

/* Calls fn with each sampled household of check id (户编号, its SM3 rank
 * value in hex, its result once recorded), in sample order. Returns fn's
 * non-zero value, 0, or -1. */
int spotcheck_items(struct registry *r, int64_t id,
                    int (*fn)(void *ctx, const struct spot_item *it), void *ctx,
                    struct mz_err *err);

/* Calls fn with check id: 1, 0 when there is none, or -1. */
int spotcheck_get(struct registry *r, int64_t id,
                  int (*fn)(void *ctx, const struct spot_check_row *c), void *ctx,
                  struct mz_err *err);

/* The results a sampled household can get. */
#define SPOTCHECK_RESULTS "合格、不合格或未核查"

/* The division of sampled household hh_no of check id (13 bytes): 1, or
 * 0 when the check has no such household (so a caller can check scope
 * before recording). */
int spotcheck_item_division(struct registry *r, int64_t id, const char *hh_no, char *division,
                            struct mz_err *err);

/* Records the result (合格, 不合格 or 未核查) of sampled household hh_no
 * of check id, with a note (may be ""), by actor; audited
 * "spotcheck.result" with the result before and after. A result recorded
 * again replaces the earlier one (both stay in the audit log). Fails with
 * "not_found" for a check or household not in it, a field named for a bad
 * result or note. */
int spotcheck_result(struct registry *r, int64_t id, const char *hh_no, const char *result,
                     const char *note, const char *actor, struct mz_err *err);

#endif
