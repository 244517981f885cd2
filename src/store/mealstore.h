/* Persistence of meal help (src/care/meal.c): meals served by canteens,
 * the reject queue of diners not found, canteens' monthly running costs.
 * Functions return 0 or -1 (err filled); look-ups 1/0/-1; scans call fn
 * per row while the statement runs (fn must not use the database). */
#ifndef MZ_MEALSTORE_H
#define MZ_MEALSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

struct meal_row {
    int64_t id, canteen_id, person_id, household_id;
    char day[11];
    char division[13];
    char meal[16];
    int64_t price, paid, subsidy; /* fen: paid + subsidy = price */
    char source[80];
    /* mls_meals only: the diner */
    char name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19];
};

/* Inserts m unless the diner already has that meal that day at that
 * canteen (*added false). */
int mls_meal_insert(struct db *db, const struct meal_row *m, bool *added, struct mz_err *err);
/* The subsidy already granted to person on day (all canteens). */
int mls_subsidy_of_day(struct db *db, int64_t person_id, const char *day, int64_t *sum,
                       struct mz_err *err);
/* Records a diner not found (id_masked: the ID number masked). */
int mls_reject(struct db *db, int64_t canteen_id, const char *day, long line, const char *id_masked,
               const char *reason, const char *source, struct mz_err *err);
/* The meals of a canteen on days starting with day_prefix ("2026-03",
 * "2026-03-20"), newest first, at most 500. */
int mls_meals(struct db *db, int64_t canteen_id, const char *day_prefix,
              int (*fn)(void *ctx, const struct meal_row *m), void *ctx, struct mz_err *err);
/* The reject queue of a canteen, newest first, at most 500. */
int mls_rejects(struct db *db, int64_t canteen_id,
                int (*fn)(void *ctx, const char *day, long line, const char *id_masked,
                          const char *reason, const char *at),
                void *ctx, struct mz_err *err);

/* A canteen's month: meals, diners, days open, price, paid and subsidy
 * (fen), diners subsidised. */
struct meal_month {
    int64_t meals, diners, days, price, paid, subsidy, subsidised;
};
int mls_month(struct db *db, int64_t canteen_id, const char *month, struct meal_month *out,
              struct mz_err *err);
/* A canteen's running cost of a month (fen): set; get (1/0/-1). */
int mls_cost_put(struct db *db, int64_t canteen_id, const char *month, int64_t amount,
                 struct mz_err *err);
int mls_cost_get(struct db *db, int64_t canteen_id, const char *month, int64_t *amount,
                 struct mz_err *err);

#endif
