/* Smart alarms on a hand-made station and centre: a smoke alarm not
 * acknowledged escalates to the centre after 3 minutes and to the family
 * after 6, each step logged at its time, and stops once acknowledged;
 * closing needs an outcome; an unknown device, a kind that does not match
 * and a bad time go to the reject queue; a replay opens nothing; bad
 * devices are refused naming the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "care/alarm.h"
#include "policy/policy.h"
#include "store/alarmstore.h"
#include "store/monitorstore.h"
#include "store/providerstore.h"

#define ELDER "500103195001010012"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    int64_t person;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err))) fail_msg("%s", err.msg);
    enum put_result res;
    struct reg_household_in h = {"H1", "500103001003", "解放碑路1号", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &h, date_parse("2024-01-01"), &res, &err), 0);
    struct reg_person_in p = {.id_number = ELDER,
                              .name = "周大爷",
                              .hukou = "城镇",
                              .division = "500103001003",
                              .household_no = "H1",
                              .relation = "户主"};
    if (reg_person_put(f->reg, &p, date_parse("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(reg_person_find(f->reg, ELDER, &f->person, &err), 1);
    struct provider_row centre = {.code = "ZX-1",
                                  .name = "解放碑街道养老服务中心",
                                  .kind = "centre",
                                  .division = "500103001000"};
    assert_int_equal(pvs_provider_insert(reg_db(f->reg), &centre, &err), 0);
    struct provider_row station = {.code = "ZD-1",
                                   .name = "十八梯社区养老服务站",
                                   .kind = "station",
                                   .division = "500103001003",
                                   .parent_id = centre.id};
    assert_int_equal(pvs_provider_insert(reg_db(f->reg), &station, &err), 0);
    struct alarm_device_in d = {"SG-1", "烟感", f->person, "ZD-1", "王小明", "13812345678"};
    int64_t id;
    if (alarm_device_add(f->reg, &d, "user:zhang", &id, &err) < 0) fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pol_set_free(f->set);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

static struct alarm_event_stats send(struct fixture *f, const struct alarm_event_in *ev, size_t n)
{
    struct alarm_event_stats st;
    struct mz_err err = {0};
    if (alarm_events(f->reg, ev, n, "test", "machine:iot", NULL, &st, &err) < 0)
        fail_msg("%s", err.msg);
    return st;
}

static int first(void *ctx, const struct alarm_row *a)
{
    *(struct alarm_row *)ctx = *a;
    return 1;
}

static struct alarm_row *alarm(struct fixture *f, int64_t id)
{
    static struct alarm_row a;
    struct mz_err err = {0};
    assert_int_equal(as_alarms(reg_db(f->reg), id, NULL, NULL, 1, first, &a, &err), 1);
    return &a;
}

static int escalate(struct fixture *f, const char *now)
{
    int steps;
    struct mz_err err = {0};
    if (alarm_escalate(f->reg, f->set, now, "system:alarm", &steps, &err) < 0)
        fail_msg("%s", err.msg);
    return steps;
}

struct log {
    char text[2048];
};

static int log_step(void *ctx, const char *at, const char *step, int tier, const char *actor,
                    const char *note)
{
    struct log *l = ctx;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%s %s %d %s|", at, step, tier, note);
    (void)actor;
    return 0;
}

static void smoke_alarm_escalates_until_acknowledged(void **state)
{
    struct fixture *f = *state;
    struct alarm_event_in ev[] = {{"SG-1", "E1", "烟感", "2025-07-20 10:00:30", 1}};
    assert_int_equal(send(f, ev, 1).opened, 1);
    assert_int_equal(alarm(f, 1)->tier, 1);
    assert_int_equal(escalate(f, "2025-07-20 10:02"), 0);
    assert_int_equal(escalate(f, "2025-07-20 10:03"), 1);
    assert_int_equal(alarm(f, 1)->tier, 2);
    assert_string_equal(alarm(f, 1)->tier_since, "2025-07-20 10:03");
    assert_int_equal(escalate(f, "2025-07-20 10:05"), 0);
    assert_int_equal(escalate(f, "2025-07-20 10:06"), 1);
    assert_int_equal(alarm(f, 1)->tier, 3);
    assert_int_equal(escalate(f, "2025-07-20 10:30"), 0);
    struct log l = {""};
    struct mz_err err = {0};
    assert_int_equal(as_steps(reg_db(f->reg), 1, log_step, &l, &err), 0);
    assert_non_null(strstr(
        l.text,
        "2025-07-20 10:00 报警 1 烟感报警（设备 SG-1），通知服务站点：十八梯社区养老服务站|"));
    assert_non_null(strstr(
        l.text, "2025-07-20 10:03 升级 2 3分钟内未确认，升级到第2级：通知解放碑街道养老服务中心|"));
    assert_non_null(strstr(
        l.text,
        "2025-07-20 10:06 升级 3 3分钟内未确认，升级到第3级：通知家属 王小明（138****5678）|"));

    /* acknowledged at the station within 3 minutes: it stays at tier 1 */
    struct alarm_event_in ev2[] = {{"SG-1", "E2", "烟感", "2025-07-20 11:00", 1}};
    assert_int_equal(send(f, ev2, 1).opened, 1);
    assert_int_equal(alarm_acknowledge(f->reg, 2, "2025-07-20 11:02", "user:sta", &err), 0);
    assert_int_equal(escalate(f, "2025-07-20 11:30"), 0);
    struct alarm_row *a = alarm(f, 2);
    assert_int_equal(a->tier, 1);
    assert_string_equal(a->state, "acknowledged");
    assert_string_equal(a->acknowledged_by, "user:sta");
    assert_string_equal(a->acknowledged_at, "2025-07-20 11:02");
    assert_int_equal(alarm_acknowledge(f->reg, 2, "2025-07-20 11:03", "user:sta", &err), -1);
    assert_string_equal(err.code, "bad_state");
    /* closing needs an outcome */
    assert_int_equal(alarm_close(f->reg, 2, "", "2025-07-20 11:20", "user:sta", &err), -1);
    assert_string_equal(err.field, "outcome");
    assert_int_equal(
        alarm_close(f->reg, 2, "厨房油烟，已排除险情", "2025-07-20 11:20", "user:sta", &err), 0);
    assert_string_equal(alarm(f, 2)->state, "closed");
    assert_int_equal(alarm_close(f->reg, 2, "再次", "2025-07-20 11:21", "user:sta", &err), -1);
    assert_string_equal(err.code, "bad_state");

    /* a late run escalates through both tiers at their times */
    struct alarm_event_in ev3[] = {{"SG-1", "E3", "烟感", "2025-07-20 12:00", 1}};
    send(f, ev3, 1);
    assert_int_equal(escalate(f, "2025-07-20 12:10"), 2);
    assert_int_equal(alarm(f, 3)->tier, 3);
    assert_string_equal(alarm(f, 3)->tier_since, "2025-07-20 12:06");
    assert_int_equal(alarm_acknowledge(f->reg, 99, "2025-07-20 12:10", "user:sta", &err), -1);
    assert_string_equal(err.code, "not_found");
}

struct rejects {
    int n;
    char text[1024];
};

static int keep_reject(void *ctx, const struct ms_reject *r)
{
    struct rejects *x = ctx;
    size_t n = strlen(x->text);
    snprintf(x->text + n, sizeof x->text - n, "%ld:%s:%s|", r->line, r->key, r->reason);
    x->n++;
    return 0;
}

static void unknown_device_rejected_and_replay_idempotent(void **state)
{
    struct fixture *f = *state;
    struct alarm_event_in ev[] = {
        {"NO-SUCH", "E1", "烟感", "2025-07-20 10:00", 1},
        {"SG-1", "E2", "燃气", "2025-07-20 10:00", 2},
        {"SG-1", "E3", "烟感", "2025-07-20 25:00", 3},
        {"SG-1", "E4", "烟感", "2025-07-20 10:00", 4},
    };
    struct alarm_event_stats st = send(f, ev, 4);
    assert_int_equal(st.events, 4);
    assert_int_equal(st.opened, 1);
    assert_int_equal(st.rejected, 3);
    st = send(f, ev, 4);
    assert_int_equal(st.opened, 0);
    assert_int_equal(st.unchanged, 1);
    int64_t n;
    struct mz_err err = {0};
    assert_int_equal(db_count_rows(reg_db(f->reg), "alarms", &n, &err), 0);
    assert_int_equal(n, 1);
    struct rejects r = {0, ""};
    assert_int_equal(ms_rejects(reg_db(f->reg), "alarm", keep_reject, &r, &err), 0);
    assert_int_equal(r.n, 3); /* the replay queued nothing twice */
    assert_non_null(strstr(r.text, "1:NO-SUCH/E1:未登记的设备“NO-SUCH”|"));
    assert_non_null(strstr(r.text, "2:SG-1/E2:事件类型“燃气”与设备 SG-1 的类型“烟感”不符|"));
    assert_non_null(strstr(r.text, "3:SG-1/E3:发生时间应为"));
}

static void bad_devices_refused(void **state)
{
    struct fixture *f = *state;
    struct {
        struct alarm_device_in in;
        const char *field;
    } bad[] = {
        {{"SG 2", "烟感", 0, "ZD-1", "王小明", "13812345678"}, "device_no"},
        {{"SG-1", "烟感", 0, "ZD-1", "王小明", "13812345678"}, "device_no"}, /* taken */
        {{"SG-2", "烟雾", 0, "ZD-1", "王小明", "13812345678"}, "kind"},
        {{"SG-2", "烟感", 999, "ZD-1", "王小明", "13812345678"}, "person"},
        {{"SG-2", "烟感", 0, "NOPE", "王小明", "13812345678"}, "station"},
        {{"SG-2", "烟感", 0, "ZD-1", "", "13812345678"}, "contact_name"},
        {{"SG-2", "烟感", 0, "ZD-1", "王小明", "电话"}, "contact_phone"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct mz_err err = {0};
        int64_t id;
        if (!bad[i].in.person_id) bad[i].in.person_id = f->person;
        assert_int_equal(alarm_device_add(f->reg, &bad[i].in, "user:zhang", &id, &err), -1);
        assert_string_equal(err.field, bad[i].field);
    }
    int64_t n;
    struct mz_err err = {0};
    assert_int_equal(db_count_rows(reg_db(f->reg), "devices", &n, &err), 0);
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(smoke_alarm_escalates_until_acknowledged, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_device_rejected_and_replay_idempotent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(bad_devices_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
