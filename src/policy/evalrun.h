/* Evaluating every program over the registry and storing the outcome: one
 * run per (as-of day, known-at time, policy version), with the totals per
 * program and every eligible household or person with its amount. */
#ifndef MZ_EVALRUN_H
#define MZ_EVALRUN_H

#include <stdint.h>

#include "policy/policy.h"
#include "policy/snapload.h"

struct eval_total {
    int64_t eligible, amount; /* count and monthly amount in fen */
};

struct eval_summary {
    int64_t run_id, households, persons;
    double load_seconds, eval_seconds, store_seconds;
    int nprograms;
    struct eval_total *totals; /* [nprograms], in program order; free with mz_free */
};

/* Loads the snapshot, evaluates with nthreads threads and stores the run
 * in one transaction. */
int eval_run(struct db *db, const struct pol_set *set, const struct snap_request *req,
             int nthreads, struct eval_summary *out, struct mz_err *err);

#endif
