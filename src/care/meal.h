/* Meal help (老年助餐): the meals a canteen served each day — who ate (a
 * registry person found by ID number; a diner not found goes to the reject
 * queue with the reason), the price, the subsidy the policy grants
 * (meal_subsidy in care_services.pol, as of the day, at most
 * meal_subsidy_daily a person a day over all canteens) and what the diner
 * paid; a canteen's month (cost, revenue, subsidy, break-even); and the
 * communities outside the meal-service circle (straight-line distance
 * from the community's derived position, place.h, to the nearest canteen
 * or provider offering 助餐, over meal_walk_metres).
 * Functions return 0, or -1 with a Chinese message on err; writes are one
 * transaction with their audit entry (actor from reg_set_actor). */
#ifndef MZ_CARE_MEAL_H
#define MZ_CARE_MEAL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "registry/registry.h"
#include "store/mealstore.h"

struct pol_set;

/* One meal as text: the diner's ID number, the meal (午餐, 晚餐, 早餐;
 * default 午餐), the price in yuan (default: the canteen's 助餐 price), and
 * the line it came from (for the reject queue; 0 for none). */
struct care_meal_in {
    const char *id_number, *meal, *price;
    long line;
};
struct care_meal_stats {
    long rows, added, unchanged, rejected;
    int64_t subsidy; /* fen granted by these rows */
};
/* Records n meals of canteen on day (not after today). Bad values (meal,
 * price) fail the whole batch naming the line; diners not found are
 * rejected (queue) and the rest recorded. Codes: not_found, not_canteen,
 * invalid_value, provider_closed (the canteen closed on or before day). */
int care_meals_record(struct registry *r, const struct pol_set *set, int64_t canteen_id,
                      const char *day, const struct care_meal_in *in, size_t n, const char *source,
                      struct care_meal_stats *st, struct mz_err *err);
/* The same from a CSV or XLSX file with the header 身份证号, 餐次, 价格
 * (餐次 and 价格 optional; English id_number, meal, price). */
int care_meals_import(struct registry *r, const struct pol_set *set, int64_t canteen_id,
                      const char *day, const char *path, struct care_meal_stats *st,
                      struct mz_err *err);

/* Sets a canteen's running cost (yuan text) of month "YYYY-MM". */
int care_canteen_cost(struct registry *r, int64_t canteen_id, const char *month, const char *amount,
                      struct mz_err *err);

/* A canteen's month: the meals' figures, its running cost (if recorded),
 * its revenue (paid by diners plus subsidy), the balance and whether it
 * breaks even (revenue ≥ cost; unknown without a cost). */
struct care_canteen_report {
    struct meal_month m;
    bool has_cost;
    int64_t cost, revenue, balance;
    bool break_even;
};
int care_canteen_report(struct registry *r, int64_t canteen_id, const char *month,
                        struct care_canteen_report *out, struct mz_err *err);

/* The communities (12-digit divisions) under prefix with their nearest
 * meal point and whether it lies within the circle; fn gets each. A
 * community of a county without any provider has no known position: no
 * nearest point, outside. */
struct care_coverage {
    char code[13], name[TEXT_BYTES(30)];
    int64_t nearest_id; /* 0: no meal point at all */
    char nearest_name[TEXT_BYTES(60)];
    int64_t distance, limit; /* metres, straight line */
    bool covered;
};
int care_meal_coverage(struct registry *r, const struct pol_set *set, const char *prefix,
                       int (*fn)(void *ctx, const struct care_coverage *c), void *ctx,
                       struct mz_err *err);

#endif
