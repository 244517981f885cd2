/* Home-service orders and their settlement on a hand-made street: an
 * order dispatched to the nearest provider with room, a full slot refused
 * with the next free one, check-in and check-out (far check-in flagged),
 * rating and complaint; the month settled once however often the
 * settlement reruns, the voucher's monthly limit, four eyes, and an order
 * completed late going into the next month's run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"

#include "care/order.h"
#include "care/provider.h"
#include "care/settle.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "store/orderstore.h"

#define POOR "500103194003010011" /* 中度失能, 低保 household: voucher */
#define RICH "500103195001010039" /* 中度失能, high pension: no voucher */

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    int64_t centre, station, worker, poor, rich;
};

static void household(struct fixture *f, const char *no)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_household_in h = {no, "500103001003", "七星岗路", "城镇"};
    if (reg_household_put(f->reg, &h, date_parse("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static int64_t person(struct fixture *f, const char *hh, const char *id, const char *level,
                      const char *pension)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_person_in p = {.id_number = id,
                              .name = "王老",
                              .hukou = "城镇",
                              .division = "500103001003",
                              .household_no = hh,
                              .relation = "户主"};
    if (reg_person_put(f->reg, &p, date_parse("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
    struct reg_fact_in a = {id, NULL, "ability_level", level, "2024-01-01", "test"};
    struct reg_fact_in b = {id, NULL, "pension_income", pension, "2024-01-01", "test"};
    if (reg_fact_put(f->reg, &a, &res, &err) < 0 || reg_fact_put(f->reg, &b, &res, &err) < 0)
        fail_msg("%s", err.msg);
    int64_t pid;
    assert_int_equal(reg_person_find(f->reg, id, &pid, &err), 1);
    return pid;
}

static int64_t provider(struct fixture *f, const char *code, const char *kind, const char *division,
                        const char *lon, const char *slots, const char *parent)
{
    struct care_provider_in in = {code,      code, kind, division, "",    lon,
                                  "29.5600", "20", "0",  slots,    parent};
    int64_t id;
    enum put_result res;
    struct mz_err err = {0};
    if (care_provider_put(f->reg, &in, &id, &res, &err) < 0) fail_msg("%s", err.msg);
    return id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct mz_err err = {0};
    test_registry_open(f->dir, f->db, &f->reg, true);
    reg_set_actor(f->reg, "test");
    setenv("MZ_TODAY", "2026-03-20", 1);
    if (!(f->set = pol_compile_dir("policies/chongqing", &err))) fail_msg("%s", err.msg);
    household(f, "H1");
    household(f, "H2");
    f->poor = person(f, "H1", POOR, "中度失能", "300");
    f->rich = person(f, "H2", RICH, "中度失能", "6000");
    f->centre = provider(f, "ZX", "centre", "500103001", "106.5700", "1", NULL);
    f->station = provider(f, "ZD", "station", "500103001003", "106.5720", "1", "ZX");
    assert_int_equal(care_service_set(f->reg, f->centre, "助浴", "60", &err), 0);
    assert_int_equal(care_service_set(f->reg, f->station, "助浴", "80", &err), 0);
    assert_int_equal(care_service_set(f->reg, f->station, "康复护理", "1000", &err), 0);
    assert_int_equal(care_worker_add(f->reg, f->station, "李护理", &f->worker, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unsetenv("MZ_TODAY");
    pol_set_free(f->set);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

static struct care_order_out order(struct fixture *f, int64_t person, const char *service,
                                   const char *slot, int64_t provider, const char *code)
{
    struct care_order_in in = {person, service, slot, "家属", "王小", provider, 0};
    struct care_order_out out;
    struct mz_err err = {0};
    int rc = care_order_place(f->reg, &in, &out, &err);
    if (code) {
        assert_int_equal(rc, -1);
        assert_string_equal(err.code, code);
    } else if (rc < 0) {
        fail_msg("%s", err.msg);
    }
    return out;
}

/* The worker serves order id at the home's street and completes it at `at`. */
static void serve(struct fixture *f, int64_t id, const char *in_at, const char *out_at)
{
    struct mz_err err = {0};
    struct order_row o;
    assert_int_equal(ors_order_get(reg_db(f->reg), id, &o, &err), 1);
    if (o.provider_id != f->station) return;
    if (care_order_checkin(f->reg, f->set, id, f->worker, "106.5710", "29.5600", in_at, &err) < 0 ||
        care_order_checkout(f->reg, id, "106.5710", "29.5600", out_at, &err) < 0)
        fail_msg("%s", err.msg);
}

static void dispatch_and_capacity(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    /* one order a slot at each: the first goes to the nearer, the second to
     * the other, the third is refused naming the next slot */
    struct care_order_out a = order(f, f->poor, "助浴", "2026-03-20 08:00", 0, NULL);
    struct care_order_out b = order(f, f->rich, "助浴", "2026-03-20T08", 0, NULL);
    assert_true(a.provider_id != b.provider_id);
    assert_true(a.distance <= b.distance);
    assert_true(a.derived);
    struct care_order_out c = order(f, f->poor, "助浴", "2026-03-20 08:00", 0, "no_capacity");
    assert_string_equal(c.next_slot, "2026-03-20T10");
    /* a provider asked for by name: its own next slot */
    c = order(f, f->poor, "助浴", "2026-03-20 08:00", f->station, "no_capacity");
    assert_string_equal(c.next_slot, "2026-03-20T10");
    assert_int_equal(c.next_provider, f->station);
    /* cancelling frees the slot */
    int64_t at_station = a.provider_id == f->station ? a.id : b.id;
    assert_int_equal(care_order_cancel(f->reg, at_station, &err), 0);
    order(f, f->poor, "助浴", "2026-03-20 08:00", f->station, NULL);
    /* bad input names the field */
    struct care_order_in bad = {f->poor, "助浴", "2026-03-20 09:00", "本人", NULL, 0, 0};
    struct care_order_out out;
    assert_int_equal(care_order_place(f->reg, &bad, &out, &err), -1);
    assert_string_equal(err.field, "slot");
    bad.slot = "2026-03-19 08:00";
    assert_int_equal(care_order_place(f->reg, &bad, &out, &err), -1);
    assert_string_equal(err.field, "slot");
    bad.slot = "2026-03-21 08:00";
    bad.orderer = "家属";
    assert_int_equal(care_order_place(f->reg, &bad, &out, &err), -1);
    assert_string_equal(err.field, "orderer_name");
    bad.orderer = "本人";
    bad.service = "助餐";
    assert_int_equal(care_order_place(f->reg, &bad, &out, &err), -1);
    assert_string_equal(err.code, "no_provider");
    bad.service = "助浴";
    bad.person_id = 99999;
    assert_int_equal(care_order_place(f->reg, &bad, &out, &err), -1);
    assert_string_equal(err.code, "unknown_person");
}

/* A provider closed from a day: refused by name for an order from that
 * day, skipped by the nearest-provider search, its held order not checked
 * in; closing is audited, checked and done once. */
static void closed_provider(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct care_order_out held = order(f, f->poor, "助浴", "2026-03-20 10:00", f->station, NULL);
    assert_int_equal(care_provider_close(f->reg, f->station, "2026-02-30", "停业", &err), -1);
    assert_string_equal(err.field, "date");
    assert_int_equal(care_provider_close(f->reg, f->station, "2026-03-20", "", &err), -1);
    assert_string_equal(err.field, "reason");
    assert_int_equal(care_provider_close(f->reg, 999, "2026-03-20", "停业", &err), -1);
    assert_string_equal(err.code, "not_found");
    int64_t before = 0, after = 0;
    assert_int_equal(db_count_rows(reg_db(f->reg), "audit_log", &before, &err), 0);
    assert_int_equal(care_provider_close(f->reg, f->station, "2026-03-20", "停业整顿", &err), 0);
    assert_int_equal(care_provider_close(f->reg, f->station, "2026-03-23", "撤销", &err), -1);
    assert_string_equal(err.code, "provider_closed");
    assert_int_equal(db_count_rows(reg_db(f->reg), "audit_log", &after, &err), 0);
    assert_int_equal(after, before + 1);
    struct provider_row p;
    assert_int_equal(pvs_provider_get(reg_db(f->reg), f->station, &p, &err), 1);
    assert_string_equal(p.closed_on, "2026-03-20");
    assert_string_equal(p.closed_reason, "停业整顿");
    /* asked for by name: refused */
    order(f, f->poor, "康复护理", "2026-03-22 10:00", f->station, "provider_closed");
    /* the search goes to the centre, the only one open */
    struct care_order_out c = order(f, f->rich, "助浴", "2026-03-23 08:00", 0, NULL);
    assert_int_equal(c.provider_id, f->centre);
    assert_int_equal(care_order_checkin(f->reg, f->set, held.id, f->worker, "106.5710", "29.5600",
                                        "2026-03-20 10:05", &err),
                     -1);
    assert_string_equal(err.code, "provider_closed");
}

static void serve_rate_complain(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct care_order_out a = order(f, f->poor, "康复护理", "2026-03-20 14:00", 0, NULL);
    assert_int_equal(a.provider_id, f->station);
    /* checkout before check-in, a worker of another provider, a far check-in */
    assert_int_equal(care_order_checkout(f->reg, a.id, "106.57", "29.56", NULL, &err), -1);
    assert_string_equal(err.code, "bad_state");
    int64_t other;
    assert_int_equal(care_worker_add(f->reg, f->centre, "张", &other, &err), 0);
    assert_int_equal(care_order_checkin(f->reg, f->set, a.id, other, "106.57", "29.56", NULL, &err),
                     -1);
    assert_string_equal(err.code, "wrong_worker");
    assert_int_equal(care_order_checkin(f->reg, f->set, a.id, f->worker, "106.70", "29.56",
                                        "2026-03-20 14:05", &err),
                     0);
    struct order_row o;
    assert_int_equal(ors_order_get(reg_db(f->reg), a.id, &o, &err), 1);
    assert_true(o.checkin_far);
    assert_true(o.checkin_distance > 10000);
    assert_string_equal(o.state, "serving");
    assert_int_equal(care_order_rate(f->reg, a.id, 5, NULL, &err), -1);
    assert_string_equal(err.code, "bad_state");
    assert_int_equal(care_order_checkout(f->reg, a.id, "106.57", "29.56", "2026-03-20 15:30", &err),
                     0);
    assert_int_equal(care_order_rate(f->reg, a.id, 6, NULL, &err), -1);
    assert_string_equal(err.field, "rating");
    assert_int_equal(care_order_rate(f->reg, a.id, 2, "迟到半小时", &err), 0);
    assert_int_equal(care_order_rate(f->reg, a.id, 3, NULL, &err), -1);
    assert_string_equal(err.code, "already_rated");
    assert_int_equal(ors_order_get(reg_db(f->reg), a.id, &o, &err), 1);
    assert_string_equal(o.done_on, "2026-03-20");
    assert_string_equal(o.complaint_office, "500103");
    assert_int_equal(o.rating, 2);
}

static int64_t settle(struct fixture *f, const char *month, struct care_settle_summary *s)
{
    pay_month m;
    struct mz_err err = {0};
    assert_int_equal(pay_month_parse(month, &m, &err), 0);
    if (care_settle(f->reg, f->set, m, "500103", "prep", s, &err) < 0) fail_msg("%s", err.msg);
    return s->total;
}

static void settled_once(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    /* the poor person: 助浴 (80 → 40 subsidy) and two 康复护理 of 1000 yuan
     * (500, then 260 left of the 800 voucher); the rich person: none */
    int64_t ids[4];
    ids[0] = order(f, f->poor, "助浴", "2026-03-20 08:00", f->station, NULL).id;
    ids[1] = order(f, f->poor, "康复护理", "2026-03-20 10:00", f->station, NULL).id;
    ids[2] = order(f, f->poor, "康复护理", "2026-03-20 14:00", f->station, NULL).id;
    ids[3] = order(f, f->rich, "助浴", "2026-03-20 16:00", f->station, NULL).id;
    int64_t late = order(f, f->poor, "助浴", "2026-03-31 16:00", f->station, NULL).id;
    int64_t open = order(f, f->poor, "助浴", "2026-03-21 08:00", f->station, NULL).id;
    serve(f, ids[0], "2026-03-20 08:05", "2026-03-20 09:00");
    serve(f, ids[1], "2026-03-20 10:05", "2026-03-20 11:00");
    serve(f, ids[2], "2026-03-20 14:05", "2026-03-20 15:00");
    serve(f, ids[3], "2026-03-20 16:05", "2026-03-20 17:00");
    (void)open; /* never served: not settled */

    struct care_settle_summary s;
    assert_int_equal(settle(f, "2026-03", &s), 4000 + 50000 + 26000);
    assert_int_equal(s.orders, 4);
    assert_int_equal(s.subsidised, 3);
    assert_int_equal(s.providers, 1);
    assert_false(s.rebuilt);
    int64_t roll = s.roll.id;
    /* rerun: the same draft rebuilt, nothing twice */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(settle(f, "2026-03", &s), 80000);
        assert_true(s.rebuilt);
        assert_int_equal(s.roll.id, roll);
        assert_int_equal(s.orders, 4);
    }
    struct order_row o;
    assert_int_equal(ors_order_get(reg_db(f->reg), ids[2], &o, &err), 1);
    assert_int_equal(o.subsidy, 26000);
    assert_int_equal(o.settle_roll, roll);
    assert_int_equal(ors_order_get(reg_db(f->reg), ids[3], &o, &err), 1);
    assert_int_equal(o.subsidy, 0);

    /* four eyes through the payment rolls, then rerunning changes nothing */
    assert_int_equal(pay_roll_approve(f->reg, roll, "prep", "500103", &err), -1);
    assert_string_equal(err.code, "four_eyes");
    assert_int_equal(pay_roll_approve(f->reg, roll, "second", "500103", &err), 0);
    settle(f, "2026-03", &s);
    assert_true(s.closed);
    /* a cash roll of the same program cannot replace it */
    struct pay_unit unit = {.code = "500103", .prefixes = {"500103"}, .nprefixes = 1};
    struct pay_roll_summary ps;
    pay_month march;
    assert_int_equal(pay_month_parse("2026-03", &march, &err), 0);
    assert_int_equal(pay_roll_build(f->reg, f->set, "care_voucher", march, &unit, "x", &ps, &err),
                     -1);
    assert_string_equal(err.code, "roll_kind");

    /* served on 31 March, recorded on 2 April: into April's run, against
     * March's voucher (already used up: 0 for the 40 it would get) */
    setenv("MZ_TODAY", "2026-04-02", 1);
    serve(f, late, "2026-03-31 16:05", "2026-03-31 17:00");
    settle(f, "2026-03", &s);
    assert_true(s.closed);
    assert_int_equal(settle(f, "2026-04", &s), 0);
    assert_int_equal(s.orders, 1);
    assert_int_equal(ors_order_get(reg_db(f->reg), late, &o, &err), 1);
    assert_int_equal(o.subsidy, 0);
    /* March again: closed; May before April is approved: refused */
    settle(f, "2026-03", &s);
    assert_true(s.closed);
    pay_month may;
    assert_int_equal(pay_month_parse("2026-05", &may, &err), 0);
    assert_int_equal(care_settle(f->reg, f->set, may, "500103", "prep", &s, &err), -1);
    assert_string_equal(err.code, "roll_state");
    assert_int_equal(settle(f, "2026-04", &s), 0);
    assert_int_equal(s.orders, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(dispatch_and_capacity, setup, teardown),
        cmocka_unit_test_setup_teardown(closed_provider, setup, teardown),
        cmocka_unit_test_setup_teardown(serve_rate_complain, setup, teardown),
        cmocka_unit_test_setup_teardown(settled_once, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
