/* Monthly settlement of subsidised home-service orders with the providers
 * (服务补贴结算), through the payment rolls of src/pay: one roll per month
 * and paying unit (county) for the program that grants the subsidy
 * (care_voucher in policies/chongqing/care_services.pol), payee
 * "provider", one line per provider; approved by a second person of the
 * unit (pay_roll_approve, four eyes) and marked paid (pay_roll_mark_paid).
 *
 * A run for month M takes every completed order of the unit's providers
 * done before the first day of M+1 and not taken by the previous month's
 * settlement (done in its month or before and completed — checked out —
 * by the moment it ran), so an order completed late goes into the next
 * run; settlements go month by month, each approved before the next is
 * made. It gives each order the subsidy the
 * policy grants: for a person eligible for care_voucher on the first day
 * of the order's service month, price × care_voucher_rate, at most what is
 * left of care_voucher_monthly for that person and month after the orders
 * settled before (earlier runs, earlier orders of the month). An order of
 * a person not eligible is settled with 0 (the person paid the price).
 * Each order is settled once: rerunning a draft rebuilds it from the same
 * orders plus any newly completed; rerunning an approved or paid month
 * changes nothing. Only subsidised orders are written (their subsidy and
 * settle_roll); the window is kept per roll (care_settlements). One
 * transaction, audited (settle.build). */
#ifndef MZ_CARE_SETTLE_H
#define MZ_CARE_SETTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "pay/pay.h"

struct registry;
struct pol_set;

#define CARE_SETTLE_PROGRAM "care_voucher"

struct care_settle_summary {
    struct roll_row roll;
    bool rebuilt; /* a draft was rebuilt */
    bool closed;  /* the month's roll was already approved or paid: nothing done */
    int64_t orders, subsidised, total, providers; /* total in fen */
    double seconds;
};

/* Settles month for the providers of county unit (6 digits), prepared by
 * actor. Fails with roll_kind if a roll of another kind holds the key. */
int care_settle(struct registry *r, const struct pol_set *set, pay_month month, const char *unit,
                const char *actor, struct care_settle_summary *out, struct mz_err *err);

#endif
