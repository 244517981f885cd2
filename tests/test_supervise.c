/* The supervision summary and the integrity report (supervise/summary.h)
 * on a small planted city: findings of the supervision rules tallied by
 * rule and county with the days to resolve them (other warnings and other
 * periods left out), a scope narrowed to one county, confirmed and
 * dismissed findings with their handling from the audit log, the
 * approvals-against list, staff relatives filed or not, a spot check with
 * results recorded (bad ones refused); the report's workbook and its audit
 * entry. Uses policies/chongqing and tests/data/divisions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

#include "audit/audit.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "store/sqlite.h"
#include "supervise/spotcheck.h"
#include "supervise/staff.h"
#include "supervise/summary.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
};

static void sql(struct fixture *f, const char *text)
{
    char *msg = NULL;
    if (sqlite3_exec(db_conn(reg_db(f->reg)), text, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", text, msg);
}

/* Household no under division, headed by a new person (id digits seq). */
static int64_t head(struct fixture *f, const char *no, const char *division, int seq)
{
    char first17[18], id[19];
    snprintf(first17, sizeof first17, "50010319700101%03d", seq);
    snprintf(id, sizeof id, "%s%c", first17, idcard_check_char(first17));
    struct reg_household_in h = {no, division, "", "城镇"};
    struct reg_person_in p = {.id_number = id, .name = "测试", .hukou = "城镇",
                              .division = division, .household_no = no, .relation = "户主"};
    enum put_result res;
    struct mz_err err = {0};
    int64_t pid = 0;
    if (reg_household_put(f->reg, &h, date_parse("2024-01-01"), &res, &err) < 0 ||
        reg_person_put(f->reg, &p, date_parse("2024-01-01"), &res, &err) < 0 ||
        reg_person_find(f->reg, id, &pid, &err) != 1)
        fail_msg("%s", err.msg);
    return pid;
}

/* A warning of rule for household no in office, raised on a day, in
 * state, last changed at (ISO time). */
static void warning(struct fixture *f, int id, const char *rule, const char *no,
                    const char *office, const char *raised, const char *state, const char *at,
                    const char *reason)
{
    char text[1024];
    snprintf(text, sizeof text,
             "INSERT INTO warnings(id, rule, label, severity, program, household_id, person_id, "
             "cond_key, value, office, evidence, raised_by, raised_on, due, state, reason, "
             "created_at, updated_at) SELECT %d, '%s', '标签', 'high', '', id, 0, 'k%d', 'v', "
             "'%s', '证据%d', 'sweep', '%s', '%s', '%s', %s, '%s', '%s' FROM households "
             "WHERE hh_no = '%s'",
             id, rule, id, office, id, raised, raised, state, reason, at, at, no);
    sql(f, text);
}

static void enrol(struct fixture *f, const char *no)
{
    char text[256];
    snprintf(text, sizeof text,
             "INSERT INTO enrolments(program, household_id, start_month, source, created_at) "
             "SELECT 'dibao', id, '2025-01', 'test', '2025-01-01' FROM households WHERE hh_no = '%s'",
             no);
    sql(f, text);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)))
        fail_msg("%s", err.msg);
    head(f, "A1", "500103001003", 1);
    head(f, "A2", "500112002004", 2);
    int64_t k1 = head(f, "K1", "500103001003", 3), k2 = head(f, "K2", "500103001003", 4);
    head(f, "N1", "500112002004", 5);
    for (const char *const *no = (const char *const[]){"A1", "A2", "K1", "K2", NULL}; *no; no++)
        enrol(f, *no);
    int64_t sid;
    if (staff_add(f->reg, k1, "village", "村委会委员", "500103001003", date_parse("2024-01-01"),
                  "test", &sid, &err) < 0 ||
        staff_add(f->reg, k2, "village", "村委会主任", "500103001003", date_parse("2024-01-01"),
                  "test", &sid, &err) < 0)
        fail_msg("%s", err.msg);
    sql(f, "INSERT INTO cases(type, household_id, applicant_id, division, state, staff_relative, "
           "opened_on, state_since, created_at) SELECT 'dibao', h.id, m.person_id, h.division, "
           "'approved', 1, '2025-01-10', '2025-01-10', '2025-01-10' FROM households h JOIN "
           "memberships m ON m.household_id = h.id WHERE h.hh_no = 'K2'");
    warning(f, 1, "assets_over_limit", "A1", "500103", "2025-03-01", "closed",
            "2025-03-11T02:00:00Z", "NULL");
    warning(f, 2, "assets_over_limit", "A2", "500112", "2025-03-05", "dismissed",
            "2025-03-09T02:00:00Z", "'车辆已过户'");
    warning(f, 3, "staff_relative_unfiled", "K1", "500103", "2025-03-02", "open",
            "2025-03-02T02:00:00Z", "NULL");
    warning(f, 4, "large_medical", "A1", "500103001", "2025-03-02", "closed",
            "2025-03-03T02:00:00Z", "NULL"); /* not a supervision rule */
    warning(f, 5, "one_hand_case", "A1", "500103", "2025-02-01", "verified",
            "2025-02-03T02:00:00Z", "NULL");
    warning(f, 6, "assets_over_limit", "A2", "500112", "2024-12-31", "open",
            "2024-12-31T02:00:00Z", "NULL"); /* before the period */
    struct audit_event ev = {"user:zhang", "warning.step", "warning", "1", "assigned", "verified",
                             "verify"};
    if (audit_append(reg_db(f->reg), reg_vault(f->reg), &ev, &err) < 0)
        fail_msg("%s", err.msg);
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

static json_t *find(json_t *rows, const char *key, const char *value)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) if (strcmp(json_string_value(json_object_get(r, key)), value) ==
                                       0) return r;
    fail_msg("no row with %s = %s", key, value);
    return NULL;
}

static json_int_t num(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static json_t *summary(struct fixture *f, const char *scope, bool details)
{
    char codes[1][13];
    snprintf(codes[0], sizeof codes[0], "%s", scope);
    struct sup_query q = {(const char(*)[13])codes, 1, "2025-01-01", "2025-12-31"};
    struct mz_err err = {0};
    json_t *s = sup_summary(f->reg, f->set, &q, details, &err);
    if (!s)
        fail_msg("%s", err.msg);
    return s;
}

static void test_findings_by_rule_and_county(void **state)
{
    struct fixture *f = *state;
    json_t *s = summary(f, "50", false);
    json_t *rules = json_object_get(s, "rules");
    json_t *a = find(rules, "rule", "assets_over_limit");
    assert_string_equal(json_string_value(json_object_get(a, "label")), "低保家庭资产超过限额");
    assert_int_equal(num(a, "raised"), 2);
    assert_int_equal(num(a, "open"), 0);
    assert_int_equal(num(a, "confirmed"), 1);
    assert_int_equal(num(a, "dismissed"), 1);
    assert_int_equal(num(a, "resolved"), 2);
    assert_true(json_number_value(json_object_get(a, "median_days")) == 7.0); /* 10 and 4 */
    assert_int_equal(num(a, "slowest_days"), 10);
    json_t *o = find(rules, "rule", "one_hand_case");
    assert_int_equal(num(o, "confirmed"), 1);
    assert_true(json_is_null(json_object_get(o, "median_days")));
    assert_int_equal(num(find(rules, "rule", "staff_relative_unfiled"), "open"), 1);
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r) assert_string_not_equal(
        json_string_value(json_object_get(r, "rule")), "large_medical");
    json_t *counties = json_object_get(s, "counties");
    assert_int_equal(json_array_size(counties), 2);
    json_t *c = find(counties, "county", "500103");
    assert_string_equal(json_string_value(json_object_get(c, "county_name")), "渝中区");
    assert_int_equal(num(c, "raised"), 3);
    assert_int_equal(num(find(counties, "county", "500112"), "raised"), 1);
    assert_null(json_object_get(s, "findings"));
    json_decref(s);
    /* one county's scope */
    s = summary(f, "500112", false);
    assert_int_equal(num(find(json_object_get(s, "rules"), "rule", "assets_over_limit"), "raised"), 1);
    assert_int_equal(json_array_size(json_object_get(s, "counties")), 1);
    assert_int_equal(json_array_size(json_object_get(s, "staff_relatives")), 0);
    json_decref(s);
}

static void test_details_and_staff_relatives(void **state)
{
    struct fixture *f = *state;
    json_t *s = summary(f, "50", true);
    json_t *findings = json_object_get(s, "findings"), *against = json_object_get(s, "against");
    assert_int_equal(json_array_size(findings), 3); /* closed, dismissed, verified */
    json_t *w1 = json_array_get(findings, 0);
    assert_int_equal(num(w1, "id"), 1);
    assert_string_equal(json_string_value(json_object_get(w1, "resolved_on")), "2025-03-11");
    json_t *step = json_array_get(json_object_get(w1, "handling"), 0);
    assert_string_equal(json_string_value(json_object_get(step, "by")), "zhang");
    assert_string_equal(json_string_value(json_object_get(step, "step")), "核实");
    assert_string_equal(json_string_value(json_object_get(json_array_get(findings, 1), "reason")),
                        "车辆已过户");
    assert_int_equal(json_array_size(against), 1);
    assert_int_equal(num(json_array_get(against, 0), "id"), 5);
    json_t *kin = json_object_get(s, "staff_relatives");
    assert_int_equal(json_array_size(kin), 2);
    assert_false(json_is_true(json_object_get(find(kin, "household", "K1"), "filed")));
    assert_true(json_is_true(json_object_get(find(kin, "household", "K2"), "filed")));
    assert_string_equal(json_string_value(json_object_get(find(kin, "household", "K2"), "programs")),
                        "城乡居民最低生活保障");
    assert_int_equal(num(s, "staff_relatives_filed"), 1);
    assert_int_equal(num(s, "staff_relatives_unfiled"), 1);
    json_decref(s);
}

static void test_spot_check_results(void **state)
{
    struct fixture *f = *state;
    struct spotcheck_request req = {"dibao", "500103", 100, "t1", date_parse("2025-03-10")};
    struct spotcheck sc;
    struct mz_err err = {0};
    assert_int_equal(spotcheck_draw(f->reg, &req, "cli:test", &sc, &err), 0);
    assert_int_equal(sc.sample, 3); /* A1, K1, K2 */
    assert_int_equal(spotcheck_result(f->reg, sc.id, "A1", "合格", "", "user:li", &err), 0);
    assert_int_equal(spotcheck_result(f->reg, sc.id, "K1", "合格", "", "user:li", &err), 0);
    assert_int_equal(spotcheck_result(f->reg, sc.id, "K1", "不合格", "人口不符", "user:li", &err), 0);
    assert_int_equal(spotcheck_result(f->reg, sc.id, "K2", "好", "", "user:li", &err), -1);
    assert_string_equal(err.field, "result");
    assert_int_equal(spotcheck_result(f->reg, sc.id, "A2", "合格", "", "user:li", &err), -1);
    assert_string_equal(err.code, "not_found");
    assert_int_equal(spotcheck_result(f->reg, 99, "A1", "合格", "", "user:li", &err), -1);
    char division[13];
    assert_int_equal(spotcheck_item_division(f->reg, sc.id, "K1", division, &err), 1);
    assert_string_equal(division, "500103001003");
    json_t *s = summary(f, "50", false);
    json_t *spot = json_array_get(json_object_get(s, "spot_checks"), 0);
    assert_int_equal(num(spot, "passed"), 1);
    assert_int_equal(num(spot, "failed"), 1);
    assert_int_equal(num(spot, "pending"), 1);
    assert_string_equal(json_string_value(json_object_get(spot, "division_name")), "渝中区");
    assert_string_equal(json_string_value(json_object_get(spot, "drawn_by")), "命令行（test）");
    json_decref(s);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_conn(reg_db(f->reg)),
                       "SELECT count(*) FROM audit_log WHERE action = 'spotcheck.result'", -1, &st,
                       NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 3);
    sqlite3_finalize(st);
}

static void test_report_workbook(void **state)
{
    struct fixture *f = *state;
    char path[128], cmd[256], text[65536] = "";
    snprintf(path, sizeof path, "%s/r.xlsx", f->dir);
    const char codes[1][13] = {"50"};
    struct sup_query q = {codes, 1, "2025-01-01", "2025-12-31"};
    struct sup_audit audit = {NULL, NULL};
    struct mz_err err = {0};
    assert_int_equal(sup_report(f->reg, f->set, &q, "重庆市", &audit, "user:aud", path, &err), 0);
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml xl/workbook.xml", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(text, 1, sizeof text - 1, p);
    text[n] = '\0';
    assert_int_equal(pclose(p), 0);
    for (const char *const *want = (const char *const[]){"封面", "重庆市", "完整：已校验",
                                                         "车辆已过户", "zhang", "核实", "未备案",
                                                         "已按近亲属备案", "证据1", NULL};
         *want; want++)
        if (!strstr(text, *want))
            fail_msg("the report lacks %s", *want);
    /* a file that cannot be written fails, and is not audited */
    assert_int_equal(sup_report(f->reg, f->set, &q, "重庆市", &audit, "user:aud",
                                "/nonexistent/r.xlsx", &err),
                     -1);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_conn(reg_db(f->reg)),
                       "SELECT group_concat(actor) FROM audit_log WHERE action = 'supervise.report'",
                       -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "user:aud");
    sqlite3_finalize(st);
}

static void test_actor_labels(void **state)
{
    (void)state;
    char out[96];
    sup_actor_label("user:zhang", out, sizeof out);
    assert_string_equal(out, "zhang");
    sup_actor_label("cli:root", out, sizeof out);
    assert_string_equal(out, "命令行（root）");
    sup_actor_label("sweep", out, sizeof out);
    assert_string_equal(out, "全市复核");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_findings_by_rule_and_county, setup, teardown),
        cmocka_unit_test_setup_teardown(test_details_and_staff_relatives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spot_check_results, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_workbook, setup, teardown),
        cmocka_unit_test(test_actor_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
