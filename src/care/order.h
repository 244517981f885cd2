/* Home-service orders (居家上门服务): an order from a caseworker, the
 * elderly person or a family member names a service of the catalogue, a
 * two-hour time slot and the elderly person (a registry person); it is
 * dispatched to the nearest provider in the person's county that offers
 * the service and has room in that slot (straight-line distance from the
 * home, place.h), or to the provider asked for. Without room the order is
 * refused naming the next free slot. A worker of the provider checks in
 * and out with time and place (a check-in far from the home is flagged,
 * the limit from policy: care_checkin_far_metres); check-out completes the
 * order; the person may rate it 1–5 and complain (routed to the county
 * office). Subsidies are settled monthly (settle.h).
 *
 * Every change is one transaction with its audit entry (actor from
 * reg_set_actor). Functions return 0, or -1 with a Chinese message on err
 * (field set for bad input; codes below). */
#ifndef MZ_CARE_ORDER_H
#define MZ_CARE_ORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "registry/registry.h"
#include "store/orderstore.h"

struct pol_set;

/* Slots: four a day, 08:00, 10:00, 14:00 and 16:00, two hours each,
 * stored as "YYYY-MM-DDTHH". care_slot_parse accepts that form or
 * "YYYY-MM-DD HH:MM" (the start of a slot); care_slot_label gives
 * "2026-12-04 08:00–10:00". */
#define CARE_SLOTS_PER_DAY 4
#define CARE_SLOT_AHEAD_DAYS 60 /* orders are taken up to this far ahead */
int care_slot_parse(const char *text, char out[16], struct mz_err *err);
void care_slot_label(const char *slot, char out[40]);

/* The Chinese names of an order's state and of who ordered it. */
const char *care_order_state_label(const char *state);
const char *care_orderer_label(const char *orderer);

struct care_order_in {
    int64_t person_id;
    const char *service; /* one of care_services */
    const char *slot;    /* see care_slot_parse */
    const char *orderer; /* caseworker (NULL) | resident | family (经办人, 本人, 家属) */
    const char *orderer_name; /* required for family: who ordered */
    int64_t provider_id;      /* 0: the nearest with room */
    mz_date taken;            /* the day the order was taken (paper orders entered
                                 late, the demo); 0: today */
};
struct care_order_out {
    int64_t id, provider_id, distance; /* metres */
    bool derived;                      /* the home's position was derived (place.h) */
    /* no_capacity: the next slot with room and the provider that has it */
    char next_slot[16];
    int64_t next_provider;
};
/* Places an order. Codes: invalid_value/missing_field (field named),
 * unknown_person (no such person or no household), not_offered (the
 * provider asked for does not offer the service), no_provider (no provider
 * in the county offers it), no_capacity (no room in the slot; out has the
 * next free slot within CARE_SLOT_AHEAD_DAYS, or none). */
int care_order_place(struct registry *r, const struct care_order_in *in, struct care_order_out *out,
                     struct mz_err *err);

/* A worker of the order's provider checks in at lon/lat (degrees, text) at
 * time `at` ("YYYY-MM-DD HH:MM", China time; NULL: now): dispatched →
 * serving; the distance from the home is recorded and flagged when over
 * the policy's limit. Codes: not_found, bad_state, wrong_worker. */
int care_order_checkin(struct registry *r, const struct pol_set *set, int64_t id, int64_t worker_id,
                       const char *lon, const char *lat, const char *at, struct mz_err *err);
/* Checks out (serving → done, completed on the day of `at`). */
int care_order_checkout(struct registry *r, int64_t id, const char *lon, const char *lat,
                        const char *at, struct mz_err *err);
/* Rates a done order 1–5 once, with an optional complaint (routed to the
 * county office of the person's household). Codes: bad_state,
 * already_rated. */
int care_order_rate(struct registry *r, int64_t id, int rating, const char *complaint,
                    struct mz_err *err);
/* Cancels a dispatched order (its slot is free again). */
int care_order_cancel(struct registry *r, int64_t id, struct mz_err *err);
/* Cancels, inside the caller's transaction, every order of person_id not
 * yet done (dispatched or being served), each audited (order.cancel) with
 * reason: after the person's death. *out lists them (now cancelled)
 * (*n; the caller frees with mz_free). */
struct order_row;
int care_orders_cancel_of_tx(struct registry *r, int64_t person_id, const char *reason,
                             struct order_row **out, size_t *n, struct mz_err *err);

#endif
