/* 银龄 volunteers on hand-made households: the age bounds of the policy;
 * visit targets paired with a volunteer of their own community who has
 * the skill 探访, fewest pairs first and no more than the cap; a visit by
 * a volunteer credits the time bank; hours refused naming the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "care/visit.h"
#include "care/volunteer.h"
#include "cases/calendar.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "store/volunteerstore.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
};

/* A valid ID number of division 500103, born on birth (YYYYMMDD), with
 * sequence seq. */
static void make_id(char out[19], const char *birth, int seq)
{
    static const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    snprintf(out, 19, "500103%s%03d", birth, seq);
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (out[i] - '0') * w[i];
    out[17] = "10X98765432"[sum % 11];
    out[18] = '\0';
}

/* One person alone in household no of division, born on birth; its id. */
static int64_t alone(struct fixture *f, const char *no, const char *division, const char *birth,
                     int seq)
{
    struct mz_err err = {0};
    enum put_result res;
    struct reg_household_in h = {no, division, "", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &h, date_parse("2024-01-01"), &res, &err), 0);
    char id[19];
    make_id(id, birth, seq);
    struct reg_person_in p = {.id_number = id,
                              .name = no,
                              .hukou = "城镇",
                              .division = division,
                              .household_no = no,
                              .relation = "户主"};
    if (reg_person_put(f->reg, &p, date_parse("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
    int64_t pid;
    assert_int_equal(reg_person_find(f->reg, id, &pid, &err), 1);
    return pid;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal, &err) <
            0)
        fail_msg("%s", err.msg);
    setenv("MZ_TODAY", "2025-07-20", 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unsetenv("MZ_TODAY");
    pol_set_free(f->set);
    cal_free(f->cal);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

struct found {
    struct volunteer_row v[8];
    int n;
};

static int keep(void *ctx, const struct volunteer_row *v)
{
    struct found *x = ctx;
    x->v[x->n++] = *v;
    return 0;
}

static struct found volunteers(struct fixture *f)
{
    struct found x = {.n = 0};
    const char all[1][13] = {""};
    struct mz_err err = {0};
    assert_int_equal(vls_volunteers(reg_db(f->reg), 0, all, 1, keep, &x, &err), 0);
    return x;
}

static void ages_skills_and_pairs(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    int64_t id;
    int64_t young = alone(f, "V1", "500103001003", "19620301", 11); /* 63 */
    int64_t other = alone(f, "V2", "500103001003", "19640301", 12); /* 61, no 探访 */
    int64_t away = alone(f, "V3", "500105001001", "19630301", 13);  /* another community */
    int64_t old = alone(f, "V4", "500103001003", "19500301", 14);   /* 75: too old */
    int64_t kid = alone(f, "V5", "500103001003", "19800301", 15);   /* 45: too young */
    assert_int_equal(volunteer_add(f->reg, f->set, old, "探访", "user:zhang", &id, &err), -1);
    assert_string_equal(err.field, "person");
    assert_int_equal(volunteer_add(f->reg, f->set, kid, "探访", "user:zhang", &id, &err), -1);
    assert_int_equal(volunteer_add(f->reg, f->set, young, "跳舞", "user:zhang", &id, &err), -1);
    assert_string_equal(err.field, "skills");
    assert_int_equal(
        volunteer_add(f->reg, f->set, young, "探访、助餐,探访", "user:zhang", &id, &err), 0);
    assert_int_equal(volunteer_add(f->reg, f->set, young, "探访", "user:zhang", &id, &err), -1);
    assert_string_equal(err.code, "conflict");
    assert_int_equal(volunteer_add(f->reg, f->set, other, "助餐", "user:zhang", &id, &err), 0);
    assert_int_equal(volunteer_add(f->reg, f->set, away, "探访", "user:zhang", &id, &err), 0);
    assert_string_equal(volunteers(f).v[0].skills, "探访、助餐");

    /* five elders living alone in the first community: V1 (and V4, 75, who
     * is a target too) take pairs up to the cap of 3 */
    for (int i = 0; i < 4; i++) {
        char no[16];
        snprintf(no, sizeof no, "T%d", i);
        alone(f, no, "500103001003", "19400101", 20 + i);
    }
    const char all[1][13] = {""};
    long paired;
    assert_int_equal(
        volunteer_match(f->reg, f->set, all, 1, "2025-07", "user:zhang", &paired, &err), 0);
    assert_int_equal(paired, 3);
    struct found x = volunteers(f);
    assert_int_equal(x.v[0].pairs, 3); /* V1 */
    assert_int_equal(x.v[1].pairs, 0); /* V2 has no 探访 */
    assert_int_equal(x.v[2].pairs, 0); /* V3 lives elsewhere */
    assert_int_equal(
        volunteer_match(f->reg, f->set, all, 1, "2025-07", "user:zhang", &paired, &err), 0);
    assert_int_equal(paired, 0);
    struct visit_schedule s;
    assert_int_equal(visit_schedule(f->reg, f->set, all, 1, "2025-07", &s, &err), 0);
    int with = 0;
    int64_t paired_target = 0;
    for (size_t i = 0; i < s.n; i++)
        if (s.targets[i].volunteer == young) {
            with++;
            paired_target = s.targets[i].person_id;
            assert_string_equal(s.targets[i].volunteer_name, "V1");
        }
    assert_int_equal(with, 3);

    /* a visit by the volunteer: the visitor is the volunteer, 60 minutes credited */
    struct mon_env env = {f->reg, f->set, f->cal};
    struct visit_in in = {paired_target, "2025-07-19", "上门", "某人", NULL, false, young};
    assert_int_equal(visit_record(&env, &in, "user:zhang", &id, &err), 0);
    in.volunteer = other + 1000;
    assert_int_equal(visit_record(&env, &in, "user:zhang", &id, &err), -1);
    assert_string_equal(err.field, "volunteer_id");
    visit_schedule_free(&s);
    assert_int_equal(volunteer_hours(f->reg, young, "2025-07-18", "助餐", "45", "user:zhang", &err),
                     0);
    assert_int_equal(volunteers(f).v[0].minutes, 105);
    assert_int_equal(volunteer_hours(f->reg, young, "2025-07-21", "助餐", "45", "u", &err), -1);
    assert_string_equal(err.field, "date");
    assert_int_equal(volunteer_hours(f->reg, young, "2025-07-18", "跳舞", "45", "u", &err), -1);
    assert_string_equal(err.field, "activity");
    assert_int_equal(volunteer_hours(f->reg, young, "2025-07-18", "助餐", "0", "u", &err), -1);
    assert_string_equal(err.field, "minutes");
    assert_int_equal(volunteer_hours(f->reg, kid, "2025-07-18", "助餐", "30", "u", &err), -1);
    assert_string_equal(err.field, "person");
    assert_int_equal(volunteers(f).v[0].minutes, 105);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ages_skills_and_pairs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
