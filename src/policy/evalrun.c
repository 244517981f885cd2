/* Whole-registry evaluation runs. */
#include "policy/evalrun.h"

#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "store/evalstore.h"

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Household row of each person row. */
static size_t *household_of(const struct pol_snapshot *snap)
{
    size_t *h = mz_malloc((snap->npersons ? snap->npersons : 1) * sizeof *h);
    if (!h)
        return NULL;
    for (size_t k = 0; k < snap->nhouseholds; k++)
        for (size_t i = snap->member_start[k]; i < snap->member_start[k + 1]; i++)
            h[i] = k;
    return h;
}

static int store_run(struct db *db, const struct pol_set *set, const struct snap_request *req,
                     const struct pol_snapshot *snap, const int64_t *person_ids,
                     const struct pol_results *res, struct eval_summary *out, struct mz_err *err)
{
    size_t *hh = household_of(snap);
    if (!hh)
        return mz_fail(err, "out_of_memory", "内存不足");
    int rc = es_run_add(db, req->as_of, req->known_at, pol_version(set), out->households,
                        out->persons, &out->run_id, err);
    for (int p = 0; rc == 0 && p < out->nprograms; p++) {
        const char *name = pol_program_name(set, p);
        bool person = pol_program_entity(set, p) == POL_PERSON;
        size_t rows = person ? snap->npersons : snap->nhouseholds;
        const int64_t *eligible = pol_results_eligible(res, p);
        const int64_t *amount = pol_results_amount(res, p);
        struct eval_total *t = &out->totals[p];
        for (size_t r = 0; rc == 0 && r < rows; r++) {
            if (!eligible[r])
                continue;
            t->eligible++;
            t->amount += amount[r];
            int64_t hid = snap->household_id[person ? hh[r] : r];
            rc = es_result_add(db, out->run_id, name, person ? person_ids[r] : hid, hid,
                               amount[r], err);
        }
        if (rc == 0)
            rc = es_total_add(db, out->run_id, name, pol_program_label(set, p),
                              person ? "person" : "household", t->eligible, t->amount, err);
    }
    mz_free(hh);
    return rc;
}

int eval_run(struct db *db, const struct pol_set *set, const struct snap_request *req,
             int nthreads, struct eval_summary *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    double t0 = seconds();
    int64_t *person_ids = NULL;
    struct pol_snapshot *snap = snap_load(db, set, req, &person_ids, err);
    if (!snap)
        return -1;
    double t1 = seconds();
    struct pol_results *res = pol_eval(set, snap, req->as_of, nthreads, err);
    double t2 = seconds();
    int rc = -1;
    out->households = (int64_t)snap->nhouseholds;
    out->persons = (int64_t)snap->npersons;
    out->nprograms = pol_program_count(set);
    if (!res)
        goto out_free;
    if (!(out->totals = mz_calloc((size_t)out->nprograms, sizeof *out->totals))) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out_free;
    }
    if (db_begin(db, err) < 0)
        goto out_free;
    if (store_run(db, set, req, snap, person_ids, res, out, err) < 0 ||
        db_commit(db, err) < 0) {
        db_rollback(db);
        goto out_free;
    }
    out->load_seconds = t1 - t0;
    out->eval_seconds = t2 - t1;
    out->store_seconds = seconds() - t2;
    rc = 0;
out_free:
    if (rc < 0) {
        mz_free(out->totals);
        out->totals = NULL;
    }
    pol_results_free(res);
    pol_snapshot_free(snap);
    mz_free(person_ids);
    return rc;
}
