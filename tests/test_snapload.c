/* The registry → policy engine path: facts recorded in SQLite become the
 * snapshot the policies read, as of a day and as known at a time, and
 * `eval` stores what the programs decided. Uses policies/chongqing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "policy/evalrun.h"
#include "policy/policy.h"
#include "pay/pay.h"
#include "policy/reform.h"
#include "policy/snapload.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/regstore.h"


struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static void put_fact(struct fixture *f, const char *id, const char *var, const char *value,
                     const char *effective)
{
    struct reg_fact_in in = {id, NULL, var, value, effective, "测试"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_fact_put(f->reg, &in, &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    f->set = pol_compile_dir("policies/chongqing", &err);
    if (!f->set)
        fail_msg("%s", err.msg);
    /* An urban household of two: the head earns 1000 yuan a month, the
     * spouse nothing; deposits 5000. */
    enum put_result res;
    struct reg_household_in h = {"H1", "500103001003", "", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &h, D("2024-01-01"), &res, &err), 0);
    struct reg_person_in head = {.id_number = "11010519491231002X", .name = "张三",
                                 .hukou = "城镇", .division = "500103001003",
                                 .household_no = "H1", .relation = "户主"};
    struct reg_person_in spouse = head;
    spouse.id_number = "440524188001010014";
    spouse.name = "李四";
    spouse.relation = "配偶";
    assert_int_equal(reg_person_put(f->reg, &head, D("2024-01-01"), &res, &err), 0);
    assert_int_equal(reg_person_put(f->reg, &spouse, D("2024-01-01"), &res, &err), 0);
    put_fact(f, "11010519491231002X", "wage_income", "1000", "2024-01-01");
    put_fact(f, "11010519491231002X", "deposits", "5000", "2024-01-01");
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

/* Eligibility and amount of the household's 低保 as of a day. */
static int dibao(struct fixture *f, const char *as_of, const char *known_at, int64_t *amount)
{
    struct mz_err err = {0};
    struct snap_request req = {.as_of = D(as_of), .known_at = known_at};
    struct pol_snapshot *snap = snap_load(reg_db(f->reg), f->set, &req, NULL, &err);
    if (!snap)
        fail_msg("%s", err.msg);
    assert_int_equal(snap->nhouseholds, 1);
    struct pol_results *res = pol_eval(f->set, snap, req.as_of, 2, &err);
    assert_non_null(res);
    int p = pol_program_find(f->set, "dibao");
    int eligible = (int)pol_results_eligible(res, p)[0];
    *amount = pol_results_amount(res, p)[0];
    pol_results_free(res);
    pol_snapshot_free(snap);
    return eligible;
}

static void facts_reach_the_policy_in_fen(void **state)
{
    struct fixture *f = *state;
    int64_t amount;
    /* Per capita 500 < 770 (from 2025-07-01): (770 - 500) * 2 = 540 yuan,
     * plus 60 for each member aged 70 or more (born 1949 and 1880). */
    assert_int_equal(dibao(f, "2025-07-01", NULL, &amount), 1);
    assert_int_equal(amount, 66000);
    /* Standard 750 the day before. */
    assert_int_equal(dibao(f, "2025-06-30", NULL, &amount), 1);
    assert_int_equal(amount, 62000);
    /* Before the household existed there is nothing to evaluate. */
    struct mz_err err = {0};
    struct snap_request req = {.as_of = D("2023-12-31")};
    struct pol_snapshot *snap = snap_load(reg_db(f->reg), f->set, &req, NULL, &err);
    assert_non_null(snap);
    assert_int_equal(snap->nhouseholds, 0);
    pol_snapshot_free(snap);
}

static void decisions_reproduce_as_known_at_a_time(void **state)
{
    struct fixture *f = *state;
    char before[40];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%S.999999Z", &tm);
    sleep(1);
    /* A late record: from 2025-03-01 the head earns 2000. */
    put_fact(f, "11010519491231002X", "wage_income", "2000", "2025-03-01");
    int64_t amount;
    assert_int_equal(dibao(f, "2025-07-01", NULL, &amount), 0);
    assert_int_equal(dibao(f, "2025-07-01", before, &amount), 1);
    assert_int_equal(amount, 66000);
    /* Effective dates still apply: on 2025-02-28 the old wage held. */
    assert_int_equal(dibao(f, "2025-02-28", NULL, &amount), 1);
}

static void a_death_removes_the_member(void **state)
{
    struct fixture *f = *state;
    /* The spouse dies: the household is one person with 1000 > 770. */
    put_fact(f, "440524188001010014", "death", "2025-05-10", "2025-05-10");
    int64_t amount;
    assert_int_equal(dibao(f, "2025-07-01", NULL, &amount), 0);
    assert_int_equal(dibao(f, "2025-05-09", NULL, &amount), 1);
}

static void eval_run_stores_results(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct snap_request req = {.as_of = D("2025-07-01")};
    struct eval_summary s;
    assert_int_equal(eval_run(reg_db(f->reg), f->set, &req, 2, &s, &err), 0);
    assert_int_equal(s.households, 1);
    assert_int_equal(s.persons, 2);
    int p = pol_program_find(f->set, "dibao");
    assert_int_equal(s.totals[p].eligible, 1);
    assert_int_equal(s.totals[p].amount, 66000);
    mz_free(s.totals);
    char cmd[300];
    snprintf(cmd, sizeof cmd,
             "test \"$(sqlite3 %s \"select count(*) from eval_results r join eval_runs e on "
             "e.id = r.run_id where program = 'dibao' and amount = 66000 and policy_version = '%s'\")\" = 1",
             f->db, pol_version(f->set));
    assert_int_equal(system(cmd), 0);
}

static void explanation_names_the_numbers(void **state)
{
    struct fixture *f = *state;
    put_fact(f, "11010519491231002X", "deposits", "40000", "2025-01-01");
    struct mz_err err = {0};
    struct household_row h;
    assert_int_equal(rs_household_by_no(reg_db(f->reg), "H1", &h, &err), 1);
    struct snap_request req = {.as_of = D("2025-07-01"), .household_id = h.id};
    struct pol_snapshot *snap = snap_load(reg_db(f->reg), f->set, &req, NULL, &err);
    assert_non_null(snap);
    int p = pol_program_find(f->set, "dibao");
    struct pol_explanation *ex = pol_explain(f->set, snap, 0, p, req.as_of, &err);
    assert_non_null(ex);
    assert_int_equal(pol_explanation_eligible(ex, p, 0), 0);
    const char *text = pol_explanation_text(ex);
    assert_non_null(strstr(text, "40000.00"));
    assert_non_null(strstr(text, "不成立"));
    pol_explanation_free(ex);
    pol_snapshot_free(snap);
}

/* A list of households loads those households alone, in the order asked,
 * with the same rows as the whole-city snapshot (facts by id list: the
 * value in force, a correction over the first recording, nothing effective
 * later); one without members on the day is left out. */
static void household_list_loads_those_households(void **state)
{
    struct fixture *f = *state;
    enum put_result res;
    struct mz_err err = {0};
    struct reg_household_in h = {"H2", "500103001003", "", "农村"};
    assert_int_equal(reg_household_put(f->reg, &h, D("2024-01-01"), &res, &err), 0);
    struct reg_person_in p = {.id_number = "500103199001010010", .name = "王五", .hukou = "农村",
                              .division = "500103001003", .household_no = "H2",
                              .relation = "户主"};
    assert_int_equal(reg_person_put(f->reg, &p, D("2024-01-01"), &res, &err), 0);
    put_fact(f, "500103199001010010", "wage_income", "1800", "2024-01-01");
    put_fact(f, "11010519491231002X", "wage_income", "1200", "2024-01-01"); /* correction */
    put_fact(f, "11010519491231002X", "wage_income", "9000", "2026-01-01"); /* not yet */
    struct snap_request all = {.as_of = D("2025-07-01")};
    int64_t *all_pids, *pids;
    struct pol_snapshot *whole = snap_load(reg_db(f->reg), f->set, &all, &all_pids, &err);
    assert_non_null(whole);
    assert_int_equal(whole->nhouseholds, 2);
    int64_t ids[] = {whole->household_id[1], 999999, whole->household_id[0]};
    struct snap_request some = {.as_of = D("2025-07-01"), .household_ids = ids, .nhouseholds = 3};
    struct pol_snapshot *snap = snap_load(reg_db(f->reg), f->set, &some, &pids, &err);
    assert_non_null(snap);
    assert_int_equal(snap->nhouseholds, 2);
    assert_int_equal(snap->npersons, 3);
    assert_int_equal(snap->household_id[0], ids[0]);
    assert_int_equal(snap->household_id[1], ids[2]);
    /* row p of the list is row q of the whole snapshot */
    size_t start[2] = {whole->member_start[1], whole->member_start[0]};
    for (size_t k = 0; k < 2; k++)
        for (size_t p2 = snap->member_start[k]; p2 < snap->member_start[k + 1]; p2++) {
            size_t q = start[k] + (p2 - snap->member_start[k]);
            assert_int_equal(pids[p2], all_pids[q]);
            for (int c = 0; c < snap->ncolumns; c++)
                if (pol_inputs(f->set, &(int){0})[c].entity == POL_PERSON)
                    assert_int_equal(snap->columns[c][p2], whole->columns[c][q]);
        }
    int wage = pol_input_find(f->set, "wage_income");
    size_t head = snap->member_start[1]; /* H1's head: the household asked second */
    assert_int_equal(pids[head], all_pids[whole->member_start[0]]);
    assert_int_equal(snap->columns[wage][head], 120000);
    mz_free(pids);
    mz_free(all_pids);
    pol_snapshot_free(snap);
    pol_snapshot_free(whole);
}

static void reform_names_who_loses_and_why(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct pol_set *reformed = pol_compile_dir("policies/chongqing", &err);
    assert_non_null(reformed);
    assert_int_equal(pol_param_override(reformed, "dibao_standard.urban=400", D("2026-01-01"),
                                        &err), 0);
    assert_int_equal(pol_param_override(reformed, "nosuch=1", D("2026-01-01"), &err), -1);
    assert_int_equal(pol_param_override(reformed, "dibao_standard.urban=-5", D("2026-01-01"), &err),
                     -1); /* a negative standard */
    assert_string_equal(err.code, "invalid_reform");
    assert_int_equal(reform_from_check(D("0001-01-01"), &err), -1);
    assert_string_equal(err.field, "from");
    assert_int_equal(reform_from_check(D("2026-01-01"), &err), 0);
    assert_int_equal(pol_param_override(reformed, "dibao_standard.city=1", D("2026-01-01"), &err),
                     -1);
    assert_int_equal(pol_param_override(reformed, "dibao_standard=abc", D("2026-01-01"), &err),
                     -1);
    struct snap_request req = {.as_of = D("2026-01-01")};
    struct pol_snapshot *snap = snap_load(reg_db(f->reg), f->set, &req, NULL, &err);
    assert_non_null(snap);
    struct reform_report rep;
    assert_int_equal(reform_compare(f->set, reformed, snap, req.as_of, 2, &rep, &err), 0);
    int p = pol_program_find(f->set, "dibao");
    bool found = false;
    for (size_t i = 0; i < rep.nchanges; i++)
        if (rep.changes[i].program == p) {
            found = true;
            assert_int_equal(rep.changes[i].eligible_before, 1);
            assert_int_equal(rep.changes[i].eligible_after, 0);
            assert_int_equal(rep.changes[i].before, 66000);
            assert_string_equal(rep.changes[i].criterion, "家庭月人均收入低于当地低保标准");
        }
    assert_true(found);
    bool cell = false;
    for (size_t i = 0; i < rep.ncells; i++)
        if (rep.cells[i].program == p) {
            cell = true;
            assert_string_equal(rep.cells[i].county, "500103");
            assert_int_equal(rep.cells[i].lose, 1);
            assert_int_equal(rep.cells[i].cost_after, 0);
        }
    assert_true(cell);
    /* Before the reform's date nothing changes. */
    reform_report_free(&rep);
    assert_int_equal(reform_compare(f->set, reformed, snap, D("2025-12-31"), 2, &rep, &err), 0);
    assert_int_equal(rep.nchanges, 0);
    reform_report_free(&rep);
    pol_snapshot_free(snap);
    pol_set_free(reformed);
}

/* A set of policy inputs (sources in memory); the caller frees it. */
static struct pol_set *inputs_set(const char *text)
{
    const char *paths[] = {"r.pol"}, *texts[] = {text};
    struct mz_err err = {0};
    struct pol_set *set = pol_compile_sources(paths, texts, 1, &err);
    if (!set)
        fail_msg("%s", err.msg);
    return set;
}

/* Inputs `from record` (store/recordsql.h): the enrolment reaches every
 * member from its first month, an entity without a row keeps the default,
 * and an unknown record or a wrong type is refused naming the input. */
static void records_reach_the_policy(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    pay_month july;
    int64_t added;
    assert_int_equal(pay_month_parse("2025-07", &july, &err), 0);
    assert_int_equal(pay_enrol_eligible(f->reg, f->set, "dibao", july, "测试", &added, &err), 0);
    assert_int_equal(added, 1);
    struct pol_set *set = inputs_set("input person e \"E\" bool from record enrolled \"dibao\"\n"
                                     "input person t \"T\" bool from record enrolled \"tekun\"\n"
                                     "input household n \"N\" int from record enrolments default 7\n");
    int e = pol_input_find(set, "e"), t = pol_input_find(set, "t"), n = pol_input_find(set, "n");
    const char *days[] = {"2025-07-15", "2025-06-30"};
    for (int k = 0; k < 2; k++) {
        struct snap_request req = {.as_of = D(days[k])};
        struct pol_snapshot *snap = snap_load(reg_db(f->reg), set, &req, NULL, &err);
        if (!snap)
            fail_msg("%s", err.msg);
        assert_int_equal(snap->npersons, 2);
        for (size_t p = 0; p < 2; p++) {
            assert_int_equal(snap->columns[e][p], k == 0);
            assert_int_equal(snap->columns[t][p], 0);
        }
        assert_int_equal(snap->columns[n][0], k == 0 ? 1 : 7);
        pol_snapshot_free(snap);
    }
    pol_set_free(set);
    const char *bad[] = {"input person e \"E\" money from record enrolled \"dibao\"\n",
                         "input person q \"Q\" int from record nosuch\n",
                         "input household e \"E\" int from record enrolled \"dibao\"\n"};
    const char *why[] = {"政策输入 e 与登记记录 enrolled 的类型不一致", "登记记录 nosuch 没有定义",
                         "登记记录 enrolled 属于另一类对象"};
    for (int k = 0; k < 3; k++) {
        set = inputs_set(bad[k]);
        struct snap_request req = {.as_of = D("2025-07-15")};
        assert_null(snap_load(reg_db(f->reg), set, &req, NULL, &err));
        if (!strstr(err.msg, why[k]))
            fail_msg("case %d: %s", k, err.msg);
        pol_set_free(set);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(facts_reach_the_policy_in_fen, setup, teardown),
        cmocka_unit_test_setup_teardown(decisions_reproduce_as_known_at_a_time, setup, teardown),
        cmocka_unit_test_setup_teardown(a_death_removes_the_member, setup, teardown),
        cmocka_unit_test_setup_teardown(eval_run_stores_results, setup, teardown),
        cmocka_unit_test_setup_teardown(explanation_names_the_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(reform_names_who_loses_and_why, setup, teardown),
        cmocka_unit_test_setup_teardown(household_list_loads_those_households, setup, teardown),
        cmocka_unit_test_setup_teardown(records_reach_the_policy, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
