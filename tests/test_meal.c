/* Meal help on a hand-made community: a canteen month reconciled (every
 * meal's price = paid + subsidy, the subsidy by eligibility and at most the
 * daily limit a person a day, the month's figures equal to the sum of its
 * days, a file recorded twice counted once), diners not found in the
 * reject queue with the reason, a bad meal refusing its batch, the
 * break-even, and the communities outside the meal-service circle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"

#include "care/meal.h"
#include "care/provider.h"
#include "policy/policy.h"
#include "store/mealstore.h"

#define POOR "500103194003010011"     /* 低保: subsidised */
#define YOUNG "500103195601010059"    /* 70, well off, able: not subsidised */
#define OLD "50010319420505002X"      /* 84, well off: 高龄, subsidised */
#define STRANGER "500103193808080047" /* a valid number not in the registry */

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    int64_t canteen;
};

static void person(struct fixture *f, const char *hh, const char *id, const char *pension,
                   const char *level)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_household_in h = {hh, "500103001003", "华一坡", "城镇"};
    struct reg_person_in p = {.id_number = id,
                              .name = "刘老",
                              .hukou = "城镇",
                              .division = "500103001003",
                              .household_no = hh,
                              .relation = "户主"};
    struct reg_fact_in a = {id, NULL, "pension_income", pension, "2024-01-01", "test"};
    struct reg_fact_in b = {id, NULL, "ability_level", level, "2024-01-01", "test"};
    if (reg_household_put(f->reg, &h, date_parse("2024-01-01"), &res, &err) < 0 ||
        reg_person_put(f->reg, &p, date_parse("2024-01-01"), &res, &err) < 0 ||
        reg_fact_put(f->reg, &a, &res, &err) < 0 || reg_fact_put(f->reg, &b, &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct mz_err err = {0};
    test_registry_open(f->dir, f->db, &f->reg, true);
    reg_set_actor(f->reg, "test");
    setenv("MZ_TODAY", "2026-03-31", 1);
    if (!(f->set = pol_compile_dir("policies/chongqing", &err))) fail_msg("%s", err.msg);
    person(f, "H1", POOR, "300", "能力完好");
    person(f, "H2", YOUNG, "6000", "能力完好");
    person(f, "H3", OLD, "6000", "能力完好");
    struct care_provider_in in = {"ST-1",     "华一坡老年食堂",
                                  "老年食堂", "500103001003",
                                  "",         "106.5700",
                                  "29.5600",  "60",
                                  "0",        "0",
                                  NULL};
    enum put_result res;
    if (care_provider_put(f->reg, &in, &f->canteen, &res, &err) < 0 ||
        care_service_set(f->reg, f->canteen, "助餐", "12", &err) < 0)
        fail_msg("%s", err.msg);
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

static int64_t rows(struct fixture *f, const char *table)
{
    int64_t n = 0;
    struct mz_err err = {0};
    assert_int_equal(db_count_rows(reg_db(f->reg), table, &n, &err), 0);
    return n;
}

static void record(struct fixture *f, const char *day, const struct care_meal_in *in, size_t n,
                   struct care_meal_stats *st)
{
    struct mz_err err = {0};
    if (care_meals_record(f->reg, f->set, f->canteen, day, in, n, "test", st, &err) < 0)
        fail_msg("%s", err.msg);
}

struct sums {
    int64_t meals, price, paid, subsidy;
    bool balanced;
};

static int add(void *ctx, const struct meal_row *m)
{
    struct sums *s = ctx;
    s->meals++;
    s->price += m->price;
    s->paid += m->paid;
    s->subsidy += m->subsidy;
    s->balanced = s->balanced && m->paid + m->subsidy == m->price && m->subsidy <= 700;
    return 0;
}

static void month_reconciled(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct care_meal_stats st;
    const struct care_meal_in day1[] = {
        {POOR, "午餐", NULL, 2},     /* 12: subsidy 7, paid 5 */
        {POOR, "晚餐", NULL, 3},     /* the day's 7 used: paid 12 */
        {YOUNG, "午餐", NULL, 4},    /* not eligible: paid 12 */
        {OLD, "午餐", "5", 5},       /* 5: all subsidised */
        {STRANGER, "午餐", NULL, 6}, /* not registered: reject queue */
        {"123", "午餐", NULL, 7},    /* not an ID number: reject queue */
    };
    record(f, "2026-03-02", day1, 6, &st);
    assert_int_equal(st.added, 4);
    assert_int_equal(st.rejected, 2);
    assert_int_equal(st.subsidy, 1200);
    const struct care_meal_in day2[] = {{POOR, NULL, NULL, 2}, {OLD, "午餐", NULL, 3}};
    record(f, "2026-03-03", day2, 2, &st);
    assert_int_equal(st.subsidy, 1400);
    /* the same file again changes nothing */
    record(f, "2026-03-03", day2, 2, &st);
    assert_int_equal(st.added, 0);
    assert_int_equal(st.unchanged, 2);
    assert_int_equal(rows(f, "meals"), 6);
    assert_int_equal(rows(f, "meal_rejects"), 2 + 0);

    /* a bad meal refuses its batch, naming the line; nothing written */
    const struct care_meal_in bad[] = {{POOR, "午餐", NULL, 2}, {OLD, "夜宵", NULL, 3}};
    assert_int_equal(
        care_meals_record(f->reg, f->set, f->canteen, "2026-03-04", bad, 2, "test", &st, &err), -1);
    assert_string_equal(err.field, "meal");
    assert_non_null(strstr(err.msg, "第 3 行"));
    assert_int_equal(rows(f, "meals"), 6);
    /* not a canteen, a day ahead */
    assert_int_equal(
        care_meals_record(f->reg, f->set, f->canteen, "2026-04-01", day2, 2, "test", &st, &err),
        -1);
    assert_string_equal(err.field, "day");

    /* the month: its figures are the sum of its meals, and add up */
    struct sums s = {.balanced = true};
    assert_int_equal(mls_meals(reg_db(f->reg), f->canteen, "2026-03", add, &s, &err), 0);
    struct care_canteen_report rep;
    assert_int_equal(care_canteen_report(f->reg, f->canteen, "2026-03", &rep, &err), 0);
    assert_true(s.balanced);
    assert_int_equal(rep.m.meals, 6);
    assert_int_equal(rep.m.meals, s.meals);
    assert_int_equal(rep.m.diners, 3);
    assert_int_equal(rep.m.days, 2);
    assert_int_equal(rep.m.subsidised, 2);
    assert_int_equal(rep.m.price, 6500);
    assert_int_equal(rep.m.price, s.price);
    assert_int_equal(rep.m.subsidy, 700 + 500 + 700 + 700);
    assert_int_equal(rep.m.subsidy, s.subsidy);
    assert_int_equal(rep.m.paid, s.paid);
    assert_int_equal(rep.m.paid + rep.m.subsidy, rep.m.price);
    assert_false(rep.has_cost);
    assert_false(rep.break_even);
    assert_int_equal(care_canteen_cost(f->reg, f->canteen, "2026-03", "50", &err), 0);
    assert_int_equal(care_canteen_report(f->reg, f->canteen, "2026-03", &rep, &err), 0);
    assert_int_equal(rep.revenue, 6500);
    assert_int_equal(rep.balance, 1500);
    assert_true(rep.break_even);
    assert_int_equal(care_canteen_cost(f->reg, f->canteen, "2026-03", "70.5", &err), 0);
    assert_int_equal(care_canteen_report(f->reg, f->canteen, "2026-03", &rep, &err), 0);
    assert_int_equal(rep.balance, -550);
    assert_false(rep.break_even);
    /* April has nothing */
    assert_int_equal(care_canteen_report(f->reg, f->canteen, "2026-04", &rep, &err), 0);
    assert_int_equal(rep.m.meals, 0);
    /* closed from the 4th: the 3rd's meals still recorded, the 4th's refused */
    assert_int_equal(care_provider_close(f->reg, f->canteen, "2026-03-04", "停业", &err), 0);
    record(f, "2026-03-03", day2, 2, &st);
    assert_int_equal(st.unchanged, 2);
    assert_int_equal(
        care_meals_record(f->reg, f->set, f->canteen, "2026-03-04", day2, 2, "test", &st, &err), -1);
    assert_string_equal(err.code, "provider_closed");
    assert_int_equal(rows(f, "meals"), 6);
}

static int count_outside(void *ctx, const struct care_coverage *c)
{
    int *n = ctx;
    n[0]++;
    n[1] += !c->covered;
    assert_int_equal(c->limit, 1000);
    return 0;
}

static void coverage(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    int near[2] = {0, 0}, far[2] = {0, 0};
    /* the canteen's own community lies within the circle; 长寿区, 60 km away, outside */
    assert_int_equal(care_meal_coverage(f->reg, f->set, "500103", count_outside, near, &err), 0);
    assert_int_equal(near[0], 1);
    assert_int_equal(near[1], 0);
    assert_int_equal(care_meal_coverage(f->reg, f->set, "500115", count_outside, far, &err), 0);
    assert_true(far[0] > 5);
    assert_int_equal(far[1], far[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(month_reconciled, setup, teardown),
        cmocka_unit_test_setup_teardown(coverage, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
