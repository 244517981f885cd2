/* Persistence of home-service orders and their monthly settlement
 * (src/care/order.c, src/care/settle.c). Look-ups return 1 (found), 0 (not
 * found) or -1 (error, err filled); other functions 0 or -1. Scans call fn
 * per row while the statement runs: fn must not use the database; a
 * non-zero return stops the scan and is returned. */
#ifndef MZ_ORDERSTORE_H
#define MZ_ORDERSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

struct order_row {
    int64_t id, person_id, household_id, provider_id;
    char division[13]; /* the household's, when ordered */
    char service[32];
    int64_t price;    /* fen */
    char slot[16];    /* "YYYY-MM-DDTHH" */
    char orderer[12]; /* "caseworker", "resident", "family" */
    char orderer_name[TEXT_BYTES(TEXT_MAX_NAME)];
    char ordered_by[80]; /* the audit actor who entered it */
    int64_t distance;    /* metres, home to provider */
    char located[12];    /* "derived" */
    char state[12];      /* "dispatched", "serving", "done", "cancelled" */
    int64_t worker_id;   /* 0 until check-in */
    char checkin_at[32];
    double checkin_lon, checkin_lat;
    int64_t checkin_distance;
    bool checkin_far;
    char checkout_at[32];
    char done_on[11]; /* the day of completion, "" until done */
    int64_t rating;   /* 0 until rated */
    char complaint[TEXT_BYTES(TEXT_MAX_NOTE)], complaint_office[13];
    int64_t subsidy, settle_roll; /* settle_roll 0 until settled */
    char created_at[32];
};

/* Inserts o (state dispatched) and sets o->id and o->created_at. */
int ors_order_insert(struct db *db, struct order_row *o, struct mz_err *err);
int ors_order_get(struct db *db, int64_t id, struct order_row *out, struct mz_err *err);
/* The orders of person_id not done nor cancelled, in id order (*ids, *n;
 * the caller frees with mz_free). */
int ors_open_of_person(struct db *db, int64_t person_id, int64_t **ids, size_t *n,
                       struct mz_err *err);
/* Orders of provider in slot that are not cancelled. */
int ors_slot_taken(struct db *db, int64_t provider_id, const char *slot, int64_t *n,
                   struct mz_err *err);
/* Writes the state and the check-in, check-out, rating and complaint
 * fields of o->id. */
int ors_order_update(struct db *db, const struct order_row *o, struct mz_err *err);

/* What to list: orders of households under one of the prefixes (n 0:
 * all), of provider_id (> 0), in state (NULL: any), with a complaint. */
struct order_filter {
    const char (*prefixes)[13];
    int nprefixes;
    int64_t provider_id;
    const char *state;
    bool complaints;
};
/* Calls fn for the page-th page (from 1) of per_page orders, newest slot
 * first; *total counts them all. */
int ors_order_list(struct db *db, const struct order_filter *f, int page, int per_page,
                   int (*fn)(void *ctx, const struct order_row *o), void *ctx, int64_t *total,
                   struct mz_err *err);
/* Orders by state of the filter (counts indexed dispatched, serving,
 * done, cancelled). */
int ors_order_counts(struct db *db, const struct order_filter *f, int64_t counts[4],
                     struct mz_err *err);
/* The persons provider serves (orders not cancelled, meals), by person id, at
 * most 1,000: fn(person, household, services separated by commas). */
int ors_clients(struct db *db, int64_t provider_id,
                int (*fn)(void *ctx, int64_t person_id, int64_t household_id, const char *services),
                void *ctx, struct mz_err *err);

/* ---- settlement ---- */

/* A completed order not yet settled. */
struct settle_order {
    int64_t id, person_id, household_id, provider_id, price;
    int month;         /* the service month (slot) as year * 12 + month - 1 */
    char division[13]; /* the household's, when ordered */
    bool rural;        /* the household is rural */
};
/* A settlement's window: its roll and month, the first day after its
 * month (before) and the moment through which it took completed orders. */
struct settle_window {
    int64_t roll;
    char month[8], before[11], through[32];
};
/* The completed orders of providers under prefix that a settlement
 * through `through` takes: done before day `before` (exclusive),
 * completed by `through`, and not taken by the previous settlement prev
 * (NULL: none) — done before prev->before and completed by
 * prev->through. In no particular order; *out is the caller's (mz_free). */
int ors_settle_candidates(struct db *db, const char *prefix, const char *before,
                          const struct settle_window *prev, const char *through,
                          struct settle_order **out, size_t *n, struct mz_err *err);
/* Records (or moves) the window of settlement roll of unit and month to
 * now, into through. */
int ors_settlement_put(struct db *db, int64_t roll, const char *unit, const char *month,
                       char through[32], struct mz_err *err);
/* The latest settlement of unit before month (roll, month, through; its
 * before is left to the caller): 1, 0 if none, -1. */
int ors_settlement_prev(struct db *db, const char *unit, const char *month,
                        struct settle_window *out, struct mz_err *err);
/* How many settlements of unit are of a month after month. */
int ors_settlement_later(struct db *db, const char *unit, const char *month, int64_t *n,
                         struct mz_err *err);
/* The subsidy already settled for person's orders served in month
 * ("YYYY-MM"). */
int ors_settled_sum(struct db *db, int64_t person_id, const char *month, int64_t *sum,
                    struct mz_err *err);
/* Records the subsidy of order id, settled by roll. */
int ors_order_settle(struct db *db, int64_t id, int64_t roll, int64_t subsidy, struct mz_err *err);
/* Undoes the subsidies of roll's orders and deletes its lines (a draft
 * rebuilt). */
int ors_settle_release(struct db *db, int64_t roll, struct mz_err *err);
int ors_settle_line_insert(struct db *db, int64_t roll, int64_t provider_id, int64_t orders,
                           int64_t subsidised, int64_t amount, struct mz_err *err);
/* The lines of roll by provider: fn(provider_id, orders, subsidised, amount). */
int ors_settle_lines(struct db *db, int64_t roll,
                     int (*fn)(void *ctx, int64_t provider_id, int64_t orders, int64_t subsidised,
                               int64_t amount),
                     void *ctx, struct mz_err *err);

#endif
