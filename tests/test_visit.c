/* 探访关爱 on hand-made households: who the policy makes a visit target
 * and why (独居, 空巢, 失能; not an elder living with a working son); a
 * recorded visit writes last_contact and shows on the month's schedule;
 * a target not visited for more than the interval raises visit_missed
 * through the monitor's sweep, and a visit ends it; bad input is refused
 * naming the field, with nothing written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "care/visit.h"
#include "cases/calendar.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "store/monitorstore.h"
#include "store/regstore.h"
#include "store/visitstore.h"

#define ALONE "500103195001010012"   /* 75, lives alone */
#define HUSBAND "500103195202020014" /* 73, with his wife: 空巢 */
#define WIFE "500103195403030024"
#define SON "500103198004040018"    /* 45 */
#define MOTHER "500103194505050021" /* 80, 重度失能, lives with her son */
#define FATHER "500103194306060016" /* 82, lives with his son: not a target */

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct mon_env env;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static void person(struct fixture *f, const char *hh, const char *id, const char *name,
                   const char *relation)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_person_in p = {.id_number = id,
                              .name = name,
                              .hukou = "城镇",
                              .division = "500103001003",
                              .household_no = hh,
                              .relation = relation};
    if (reg_person_put(f->reg, &p, D("2024-01-01"), &res, &err) < 0) fail_msg("%s", err.msg);
}

static int64_t pid(struct fixture *f, const char *id)
{
    int64_t p = 0;
    struct mz_err err = {0};
    assert_int_equal(reg_person_find(f->reg, id, &p, &err), 1);
    return p;
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
    f->env = (struct mon_env){f->reg, f->set, f->cal};
    enum put_result res;
    const char *hhs[] = {"H1", "H2", "H3"};
    for (int i = 0; i < 3; i++) {
        struct reg_household_in h = {hhs[i], "500103001003", "解放碑路1号", "城镇"};
        assert_int_equal(reg_household_put(f->reg, &h, D("2024-01-01"), &res, &err), 0);
    }
    person(f, "H1", ALONE, "周大爷", "户主");
    person(f, "H2", HUSBAND, "吴大爷", "户主");
    person(f, "H2", WIFE, "郑大妈", "配偶");
    person(f, "H3", SON, "李强", "户主");
    person(f, "H3", MOTHER, "李大妈", "父母");
    person(f, "H3", FATHER, "李大爷", "父母");
    struct reg_fact_in in = {MOTHER, NULL, "ability_level", "重度失能", "2024-06-01", "test"};
    if (reg_fact_put(f->reg, &in, &res, &err) < 0) fail_msg("%s", err.msg);
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

static const struct visit_target *target(const struct visit_schedule *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->targets[i].name, name) == 0) return &s->targets[i];
    return NULL;
}

static const char everywhere[1][13] = {""};

static void visit(struct fixture *f, const char *id, const char *day)
{
    struct mz_err err = {0};
    struct visit_in in = {pid(f, id), day, "上门", "社工小张", "精神尚可", false, 0};
    int64_t vid;
    if (visit_record(&f->env, &in, "user:zhang", &vid, &err) < 0) fail_msg("%s", err.msg);
}

static void schedule_names_targets_and_visits(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2025-07-20", 1);
    struct mz_err err = {0};
    struct visit_schedule s;
    assert_int_equal(visit_schedule(f->reg, f->set, everywhere, 1, "2025-07", &s, &err), 0);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.visited, 0);
    assert_int_equal(s.as_of, D("2025-07-20"));
    assert_string_equal(target(&s, "周大爷")->reasons, "独居");
    assert_string_equal(target(&s, "吴大爷")->reasons, "空巢");
    assert_string_equal(target(&s, "郑大妈")->reasons, "空巢");
    assert_string_equal(target(&s, "李大妈")->reasons, "失能");
    assert_string_equal(target(&s, "李大妈")->id_masked, "500103********0021");
    assert_string_equal(target(&s, "李大妈")->address, "解放碑路1号");
    assert_int_equal(target(&s, "李大妈")->age, 80);
    assert_null(target(&s, "李大爷"));
    assert_null(target(&s, "李强"));
    assert_int_equal(target(&s, "周大爷")->last_contact, MZ_DATE_NONE);
    visit_schedule_free(&s);

    visit(f, ALONE, "2025-07-05");
    assert_int_equal(visit_schedule(f->reg, f->set, everywhere, 1, "2025-07", &s, &err), 0);
    assert_int_equal(s.visited, 1);
    assert_true(target(&s, "周大爷")->visited);
    assert_int_equal(target(&s, "周大爷")->last_contact, D("2025-07-05"));
    assert_false(target(&s, "吴大爷")->visited);
    visit_schedule_free(&s);
    /* June's schedule does not count a July visit */
    assert_int_equal(visit_schedule(f->reg, f->set, everywhere, 1, "2025-06", &s, &err), 0);
    assert_int_equal(s.visited, 0);
    assert_int_equal(s.as_of, D("2025-06-30"));
    visit_schedule_free(&s);
    /* another district's scope sees none */
    const char other[1][13] = {"500112"};
    assert_int_equal(visit_schedule(f->reg, f->set, other, 1, "2025-07", &s, &err), 0);
    assert_int_equal(s.n, 0);
    visit_schedule_free(&s);

    /* the fact the policies read, and the audit entry */
    char text[64];
    assert_int_equal(rs_fact_asof(reg_db(f->reg), "person", pid(f, ALONE), "last_contact",
                                  D("2025-07-20"), NULL, text, sizeof text, &err),
                     1);
    assert_string_equal(text, "2025-07-05");
    int64_t n;
    assert_int_equal(db_count_rows(reg_db(f->reg), "visits", &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(visit_schedule(f->reg, f->set, everywhere, 1, "2025-7", &s, &err), -1);
    assert_string_equal(err.field, "month");
}

/* The visit_missed warnings of the sweeps so far. */
static size_t missed(struct fixture *f, struct ms_warning *w)
{
    int64_t *ids;
    size_t n;
    struct mz_err err = {0};
    assert_int_equal(ms_warning_ids(reg_db(f->reg), "", "", "", "visit_missed", &ids, &n, &err), 0);
    if (n) assert_int_equal(ms_warning_get(reg_db(f->reg), ids[n - 1], w, &err), 1);
    mz_free(ids);
    return n;
}

static void missed_visit_raises_warning(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct mon_counts n = {0};
    setenv("MZ_TODAY", "2025-06-10", 1);
    /* the registry's first sweep records that nobody was ever visited */
    assert_int_equal(mon_sweep(&f->env, D("2025-06-10"), true, &n, &err), 0);
    visit(f, ALONE, "2025-06-10");
    visit(f, HUSBAND, "2025-06-10");
    visit(f, WIFE, "2025-06-10");
    visit(f, MOTHER, "2025-06-10");
    struct ms_warning *w = malloc(sizeof *w);
    /* 31 days after the visit: within the interval */
    assert_int_equal(mon_sweep(&f->env, D("2025-07-11"), false, &n, &err), 0);
    assert_int_equal(missed(f, w), 0);
    /* the wife and the mother are visited again; 32 days: the other two */
    setenv("MZ_TODAY", "2025-07-08", 1);
    visit(f, WIFE, "2025-07-08");
    visit(f, MOTHER, "2025-07-08");
    assert_int_equal(mon_sweep(&f->env, D("2025-07-12"), false, &n, &err), 0);
    assert_int_equal(missed(f, w), 2);
    assert_string_equal(w->severity, "medium");
    assert_string_equal(w->raised_by, "sweep");
    assert_string_equal(w->office, "500103001");
    assert_non_null(strstr(w->evidence, "2025-06-10"));
    /* not raised twice */
    assert_int_equal(mon_sweep(&f->env, D("2025-07-13"), false, &n, &err), 0);
    assert_int_equal(missed(f, w), 2);
    /* a visit ends the condition (re-evaluated when recorded) */
    setenv("MZ_TODAY", "2025-07-14", 1);
    visit(f, ALONE, "2025-07-14");
    visit(f, HUSBAND, "2025-07-14");
    for (int i = 0; i < 2; i++) {
        int64_t *ids;
        size_t k;
        assert_int_equal(ms_warning_ids(reg_db(f->reg), "", "", "", "visit_missed", &ids, &k, &err),
                         0);
        assert_int_equal(
            mon_warning_step(f->reg, ids[i], "dismiss", "已上门探访", "user:zhang", &err), 0);
        mz_free(ids);
    }
    assert_int_equal(mon_sweep(&f->env, D("2025-07-20"), false, &n, &err), 0);
    assert_int_equal(missed(f, w), 2);
    free(w);
}

static void bad_input_refused(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2025-07-20", 1);
    struct mz_err err;
    int64_t id;
    struct {
        struct visit_in in;
        const char *field;
    } bad[] = {
        {{999999, "2025-07-01", "上门", "小张", NULL, false, 0}, "person"},
        {{0, "2025-07-21", "上门", "小张", NULL, false, 0}, "visited_on"}, /* tomorrow */
        {{0, "1949-12-31", "电话", "小张", NULL, false, 0}, "visited_on"}, /* before birth */
        {{0, "2025-02-30", "电话", "小张", NULL, false, 0}, "visited_on"}, /* no such day */
        {{0, "2025-07-01", "走访", "小张", NULL, false, 0}, "method"},
        {{0, "2025-07-01", NULL, "小张", NULL, false, 0}, "method"},
        {{0, "2025-07-01", "视频", "", NULL, false, 0}, "visitor"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (!bad[i].in.person_id) bad[i].in.person_id = pid(f, ALONE);
        memset(&err, 0, sizeof err);
        assert_int_equal(visit_record(&f->env, &bad[i].in, "user:zhang", &id, &err), -1);
        assert_string_equal(err.field, bad[i].field);
        assert_true(err.msg[0] != '\0');
    }
    int64_t n;
    assert_int_equal(db_count_rows(reg_db(f->reg), "visits", &n, &err), 0);
    assert_int_equal(n, 0);
    char text[64];
    assert_int_equal(rs_fact_asof(reg_db(f->reg), "person", pid(f, ALONE), "last_contact",
                                  D("2025-07-20"), NULL, text, sizeof text, &err),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(schedule_names_targets_and_visits, setup, teardown),
        cmocka_unit_test_setup_teardown(missed_visit_raises_warning, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
