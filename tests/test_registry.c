/* Registry on a real SQLite file: divisions and their changes, households,
 * persons (ID validation, sealing, blind index), facts (canonical values,
 * history, bitemporal reads) and file import (all or nothing, reject
 * files, idempotence). */
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

#include <sqlite3.h>
#include <xlsxwriter.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "registry/divisions.h"
#include "registry/idcard.h"
#include "registry/import.h"
#include "registry/registry.h"
#include "store/regstore.h"


struct fixture {
    char dir[64];
    char db[128];
    struct registry *reg;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static int add_household(struct fixture *f, const char *no, const char *division, mz_date on,
                         struct mz_err *err)
{
    struct reg_household_in in = {no, division, "测试地址", "城镇"};
    enum put_result res;
    return reg_household_put(f->reg, &in, on, &res, err);
}

static int add_person(struct fixture *f, const char *id, const char *name, const char *hh,
                      enum put_result *res, struct mz_err *err)
{
    struct reg_person_in in = {.id_number = id,
                               .name = name,
                               .hukou = "城镇",
                               .division = "500103001003",
                               .household_no = hh,
                               .relation = "户主"};
    return reg_person_put(f->reg, &in, D("2026-01-05"), res, err);
}

static void divisions_loaded_with_pinyin(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct division_row d;
    assert_int_equal(rs_division_at(reg_db(f->reg), "500115", D("2026-01-01"), &d, &err), 1);
    assert_string_equal(d.name, "长寿区");
    assert_string_equal(d.pinyin, "Chángshòu Qū");
    assert_string_equal(d.parent, "5001");
    assert_int_equal(d.level, DIV_COUNTY);
    /* Re-importing adds nothing. */
    struct div_import_stats st;
    assert_int_equal(div_import(reg_db(f->reg), "tests/data/divisions", "50", &st, &err), 0);
    assert_int_equal(st.added, 0);
    /* A bad province code is refused. */
    assert_int_equal(div_import(reg_db(f->reg), "tests/data/divisions", "5", &st, &err), -1);
}

static void household_validation(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    mz_date on = D("2026-01-05");
    assert_int_equal(add_household(f, "H1", "500103001003", on, &err), 0);
    assert_int_equal(add_household(f, "H2", "500199001001", on, &err), -1);
    assert_string_equal(err.field, "division");
    assert_string_equal(err.code, "unknown_division");
    assert_int_equal(add_household(f, "H3", "50010x", on, &err), -1);
    assert_string_equal(err.code, "invalid_division");
    struct reg_household_in bad = {"H4", "500103001003", "", "郊区"};
    enum put_result res;
    assert_int_equal(reg_household_put(f->reg, &bad, on, &res, &err), -1);
    assert_string_equal(err.field, "rural");
    struct reg_household_in missing = {"", "500103001003", "", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &missing, on, &res, &err), -1);
    assert_string_equal(err.field, "household_no");
    /* one vocabulary: 城镇/农村 in and out; the undocumented 城市 is refused */
    struct reg_household_in city = {"H5", "500103001003", "", "城市"};
    assert_int_equal(reg_household_put(f->reg, &city, on, &res, &err), -1);
    assert_string_equal(err.field, "rural");
    assert_non_null(strstr(err.msg, "城乡类别应为“城镇”或“农村”，实为“城市”"));
}

/* Every fault of a row is reported at once, the first naming the field
 * (issue #12: only the first was). */
static void person_all_faults_at_once(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    mz_date on = D("2026-01-05");
    assert_int_equal(add_household(f, "H1", "500103001003", on, &err), 0);
    struct reg_person_in p = {.id_number = "11010519491231002X", .name = "张三", .sex = "男",
                              .hukou = "非农业", .division = "500103001003",
                              .household_no = "H1", .relation = "邻居"};
    enum put_result res;
    assert_int_equal(reg_person_put(f->reg, &p, on, &res, &err), -1);
    assert_string_equal(err.field, "sex");
    assert_non_null(strstr(err.msg, "性别“男”与身份证号（第17位）不符"));
    assert_non_null(strstr(err.msg, "；另：户籍性质应为“城镇”或“农村”，实为“非农业”"));
    assert_non_null(strstr(err.msg, "邻居"));
}

static void person_validation_and_sealing(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    enum put_result res;
    assert_int_equal(add_household(f, "H1", "500103001003", D("2026-01-05"), &err), 0);
    assert_int_equal(add_person(f, "11010519491231002X", "张三", "H1", &res, &err), 0);
    assert_int_equal(res, PUT_ADDED);
    assert_int_equal(add_person(f, "11010519491231002X", "张三", "H1", &res, &err), 0);
    assert_int_equal(res, PUT_UNCHANGED);
    assert_int_equal(add_person(f, "11010519491231002x", "张叁", "H1", &res, &err), 0);
    assert_int_equal(res, PUT_UPDATED);

    assert_int_equal(add_person(f, "110105194912310021", "李四", "H1", &res, &err), -1);
    assert_string_equal(err.field, "id_number");
    assert_int_equal(add_person(f, "440524188001010014", "王五", "H9", &res, &err), -1);
    assert_string_equal(err.code, "unknown_household");

    struct reg_person_in in = {.id_number = "440524188001010014", .name = "王五", .sex = "女",
                               .hukou = "城镇", .division = "500103001003",
                               .household_no = "H1", .relation = "配偶"};
    assert_int_equal(reg_person_put(f->reg, &in, D("2026-01-05"), &res, &err), -1);
    assert_string_equal(err.field, "sex");
    in.sex = "男";
    in.birth_date = "1880-01-02";
    assert_int_equal(reg_person_put(f->reg, &in, D("2026-01-05"), &res, &err), -1);
    assert_string_equal(err.field, "birth_date");
    in.birth_date = "1880-01-01";
    in.relation = "邻居";
    assert_int_equal(reg_person_put(f->reg, &in, D("2026-01-05"), &res, &err), -1);
    assert_string_equal(err.field, "relation");
    in.relation = "配偶";
    in.phone = "abc";
    assert_int_equal(reg_person_put(f->reg, &in, D("2026-01-05"), &res, &err), -1);
    assert_string_equal(err.field, "phone");
    in.phone = "13800138000";
    assert_int_equal(reg_person_put(f->reg, &in, D("2026-01-05"), &res, &err), 0);
    assert_int_equal(reg_person_put(f->reg, &in, D("2026-01-05"), &res, &err), 0);
    assert_int_equal(res, PUT_UNCHANGED);

    /* Blind-index look-up and decryption. */
    int64_t id;
    assert_int_equal(reg_person_find(f->reg, "11010519491231002X", &id, &err), 1);
    char number[19];
    assert_int_equal(reg_person_id_number(f->reg, id, number, &err), 0);
    assert_string_equal(number, "11010519491231002X");
    struct person_row p;
    assert_int_equal(rs_person_get(reg_db(f->reg), id, &p, &err), 1);
    assert_string_equal(p.id_masked, "110105********002X");
    assert_string_equal(p.name, "张叁");
    /* A valid number that is not registered is not found. */
    char other[19] = "50010319800101001";
    other[17] = idcard_check_char(other);
    other[18] = '\0';
    assert_int_equal(reg_person_find(f->reg, "440524188001010014", &id, &err), 1);
    assert_int_equal(reg_person_find(f->reg, other, &id, &err), 0);

    /* The ID number is not stored in clear anywhere in the file. */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "sqlite3 %s 'PRAGMA wal_checkpoint(FULL)' >/dev/null; "
                              "grep -c 11010519491231002X %s %s-wal >/dev/null 2>&1",
             f->db, f->db, f->db);
    assert_int_not_equal(system(cmd), 0);
}

static void membership_moves(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    enum put_result res;
    assert_int_equal(add_household(f, "H1", "500103001003", D("2026-01-05"), &err), 0);
    assert_int_equal(add_household(f, "H2", "500115001002", D("2026-01-05"), &err), 0);
    assert_int_equal(add_person(f, "11010519491231002X", "张三", "H1", &res, &err), 0);
    struct reg_person_in in = {.id_number = "11010519491231002X", .name = "张三",
                               .hukou = "城镇", .division = "500103001003",
                               .household_no = "H2", .relation = "父母"};
    assert_int_equal(reg_person_put(f->reg, &in, D("2026-03-01"), &res, &err), 0);
    assert_int_equal(res, PUT_UPDATED);
    int64_t id, hh;
    char rel[32];
    mz_date from;
    assert_int_equal(reg_person_find(f->reg, "11010519491231002X", &id, &err), 1);
    assert_int_equal(rs_membership_current(reg_db(f->reg), id, &hh, rel, &from, &err), 1);
    struct household_row h;
    assert_int_equal(rs_household_get(reg_db(f->reg), hh, &h, &err), 1);
    assert_string_equal(h.hh_no, "H2");
    assert_string_equal(rel, "父母");
    assert_int_equal(from, D("2026-03-01"));
}

static void facts_history_and_bitemporal(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    enum put_result res;
    assert_int_equal(add_household(f, "H1", "500103001003", D("2026-01-05"), &err), 0);
    assert_int_equal(add_person(f, "11010519491231002X", "张三", "H1", &res, &err), 0);
    struct reg_fact_in in = {"11010519491231002X", NULL, "wage_income", "1200", "2025-01-01",
                             "人社"};
    assert_int_equal(reg_fact_put(f->reg, &in, &res, &err), 0);
    assert_int_equal(res, PUT_ADDED);
    in.value = "1200.00";
    assert_int_equal(reg_fact_put(f->reg, &in, &res, &err), 0);
    assert_int_equal(res, PUT_UNCHANGED);
    in.value = "1500.5";
    in.effective = "2025-07-01";
    assert_int_equal(reg_fact_put(f->reg, &in, &res, &err), 0);
    int64_t id;
    assert_int_equal(reg_person_find(f->reg, "11010519491231002X", &id, &err), 1);
    char v[64];
    struct db *db = reg_db(f->reg);
    assert_int_equal(rs_fact_asof(db, "person", id, "wage_income", D("2025-06-30"), NULL, v,
                                  sizeof v, &err), 1);
    assert_string_equal(v, "120000");
    assert_int_equal(rs_fact_asof(db, "person", id, "wage_income", D("2025-07-01"), NULL, v,
                                  sizeof v, &err), 1);
    assert_string_equal(v, "150050");
    assert_int_equal(rs_fact_asof(db, "person", id, "wage_income", D("2024-12-31"), NULL, v,
                                  sizeof v, &err), 0);
    /* A late correction for January: the old value stays readable as known
     * before the correction was recorded. */
    char before[32];
    snprintf(before, sizeof before, "9999");
    usleep(2000);
    {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%S.999999Z", &tm);
    }
    sleep(1);
    in.value = "1100";
    in.effective = "2025-01-01";
    assert_int_equal(reg_fact_put(f->reg, &in, &res, &err), 0);
    assert_int_equal(res, PUT_ADDED);
    assert_int_equal(rs_fact_asof(db, "person", id, "wage_income", D("2025-03-01"), NULL, v,
                                  sizeof v, &err), 1);
    assert_string_equal(v, "110000");
    assert_int_equal(rs_fact_asof(db, "person", id, "wage_income", D("2025-03-01"), before, v,
                                  sizeof v, &err), 1);
    assert_string_equal(v, "120000");

    /* A fact of nobody names the number masked only. */
    char nobody[19] = "50010519800101123";
    nobody[17] = idcard_check_char(nobody);
    nobody[18] = '\0';
    struct reg_fact_in none = {nobody, NULL, "wage_income", "1", "2025-01-01", "x"};
    assert_int_equal(reg_fact_put(f->reg, &none, &res, &err), -1);
    assert_string_equal(err.code, "unknown_person");
    assert_null(strstr(err.msg, nobody));
    assert_non_null(strstr(err.msg, "500105********"));

    /* Bad facts name their field. */
    struct reg_fact_in bad = {"11010519491231002X", NULL, "wage", "1", "2025-01-01", "x"};
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), -1);
    assert_string_equal(err.code, "unknown_variable");
    bad.variable = "disability_grade";
    bad.value = "5";
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), -1);
    assert_string_equal(err.field, "value");
    bad.variable = "wage_income";
    bad.value = "12.345";
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), -1);
    bad.value = "12";
    bad.effective = "2025-02-30";
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), -1);
    assert_string_equal(err.field, "effective");
    /* effective from 1900 to today plus the margin for announced changes */
    setenv("MZ_TODAY", "2025-03-01", 1);
    bad.effective = "2025-06-01"; /* 92 days ahead: in */
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), 0);
    bad.effective = "2025-06-02";
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), -1);
    assert_string_equal(err.field, "effective");
    bad.effective = "1899-12-31";
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), -1);
    assert_string_equal(err.field, "effective");
    unsetenv("MZ_TODAY");
    /* a value over its limit names the field and the limit */
    char longer[2000];
    memset(longer, '9', 1000);
    longer[1000] = '\0';
    bad.effective = "2025-02-28";
    bad.value = longer;
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), -1);
    assert_string_equal(err.field, "value");
    assert_non_null(strstr(err.msg, "最多 64 个字符"));
    bad.value = "12";
    bad.variable = "housing_count";
    assert_int_equal(reg_fact_put(f->reg, &bad, &res, &err), -1);
    assert_string_equal(err.code, "wrong_entity");
}

/* A fact of a person already found (the feed path) is checked and written
 * like one named by ID number: the same row, one audit entry, the same
 * errors. */
static void person_fact_put_checks_alike(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    enum put_result res;
    assert_int_equal(add_household(f, "H1", "500103001003", D("2026-01-05"), &err), 0);
    assert_int_equal(add_person(f, "11010519491231002X", "张三", "H1", &res, &err), 0);
    int64_t id;
    assert_int_equal(reg_person_find(f->reg, "11010519491231002X", &id, &err), 1);
    struct audit_report before, after;
    assert_int_equal(audit_verify(reg_db(f->reg), reg_vault(f->reg), &before, &err), 0);
    struct reg_fact_in in = {NULL, NULL, "wage_income", "1200", "2025-01-01", "人社"};
    assert_int_equal(reg_person_fact_put(f->reg, id, &in, &res, &err), 0);
    assert_int_equal(res, PUT_ADDED);
    in.id_number = "11010519491231002X";
    in.value = "1200.00";
    assert_int_equal(reg_fact_put(f->reg, &in, &res, &err), 0);
    assert_int_equal(res, PUT_UNCHANGED);
    assert_int_equal(reg_person_fact_put(f->reg, id, &in, &res, &err), 0);
    assert_int_equal(res, PUT_UNCHANGED);
    assert_int_equal(audit_verify(reg_db(f->reg), reg_vault(f->reg), &after, &err), 0);
    assert_int_equal(after.entries, before.entries + 1);
    char v[64];
    assert_int_equal(rs_fact_asof(reg_db(f->reg), "person", id, "wage_income", D("2025-06-30"),
                                  NULL, v, sizeof v, &err), 1);
    assert_string_equal(v, "120000");
    struct reg_fact_in bad = {NULL, NULL, "disability_grade", "5", "2025-01-01", "残联"};
    assert_int_equal(reg_person_fact_put(f->reg, id, &bad, &res, &err), -1);
    assert_string_equal(err.field, "value");
    bad.value = "2";
    bad.effective = "2025-02-30";
    assert_int_equal(reg_person_fact_put(f->reg, id, &bad, &res, &err), -1);
    assert_string_equal(err.field, "effective");
    bad.effective = "2025-02-28";
    bad.variable = "housing_count";
    assert_int_equal(reg_person_fact_put(f->reg, id, &bad, &res, &err), -1);
    assert_string_equal(err.code, "wrong_entity");
}

static void division_change(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct db *db = reg_db(f->reg);
    mz_date before = D("2025-11-05"), after = D("2025-11-06");
    /* A household recorded in 渝北区 before the change keeps its code. */
    assert_int_equal(add_household(f, "OLD", "500112002", before, &err), 0);
    const char *olds[] = {"500105", "500112"};
    /* 500198 is a test code; the real code of 两江新区 is set by the bureau. */
    assert_int_equal(div_change(db, after, olds, 2, "500198", "两江新区", "测试", &err), 0);
    /* Codes under the old districts stay valid, now under the new one. */
    assert_int_equal(div_check_current(db, "500112002", after, "division", &err), 0);
    assert_int_equal(div_is_under(db, "500112002", "500198", after, &err), 1);
    assert_int_equal(div_is_under(db, "500112002", "500198", before, &err), 0);
    assert_int_equal(div_is_under(db, "500112002", "500112", before, &err), 1);
    assert_int_equal(div_is_under(db, "500105001001", "500198", after, &err), 1);
    /* The abolished district itself is refused for new records, naming its
     * successor; it remains valid for dates before the change. */
    assert_int_equal(add_household(f, "NEW", "500112", after, &err), -1);
    assert_string_equal(err.code, "retired_division");
    assert_non_null(strstr(err.msg, "两江新区"));
    assert_non_null(strstr(err.msg, "2025-11-06"));
    assert_int_equal(div_check_current(db, "500112", before, "division", &err), 0);
    assert_int_equal(div_check_current(db, "500198", before, "division", &err), -1);
    assert_int_equal(div_check_current(db, "500198", after, "division", &err), 0);
    struct household_row h;
    assert_int_equal(rs_household_by_no(db, "OLD", &h, &err), 1);
    assert_string_equal(h.division, "500112002");
    /* A retired code is not reused; a change is all or nothing. */
    assert_int_equal(div_change(db, after, olds, 2, "500112", "X", "", &err), -1);
    assert_int_equal(div_change(db, after, olds, 2, "500196", "新区\u202e", "", &err), -1);
    assert_string_equal(err.field, "name"); /* a bidirectional override in a name */
    const char *mixed[] = {"500103", "500199"};
    assert_int_equal(div_change(db, after, mixed, 2, "500197", "Y", "", &err), -1);
    assert_int_equal(div_check_current(db, "500103", after, "division", &err), 0);
    assert_int_equal(div_check_current(db, "500197", after, "division", &err), -1);
}

static long persons(struct fixture *f)
{
    struct registry_counts n;
    struct mz_err err = {0};
    assert_int_equal(rs_counts(reg_db(f->reg), &n, &err), 0);
    return n.persons;
}

static void import_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    char hh[160], pp[160], rej[160], report_path[160];
    snprintf(hh, sizeof hh, "%s/hh.csv", f->dir);
    snprintf(pp, sizeof pp, "%s/p.csv", f->dir);
    snprintf(rej, sizeof rej, "%s/rej.csv", f->dir);
    snprintf(report_path, sizeof report_path, "%s/report.txt", f->dir);
    write_file(hh, "\xEF\xBB\xBF户编号,区划代码,地址,城乡类别\n"
                   "H1,500103001003,\"解放碑, 1号\",城镇\nH2,500115001200,,农村\n");
    write_file(pp, "身份证号,姓名,性别,户籍性质,区划代码,户编号,与户主关系\n"
                   "11010519491231002X,张三,女,城镇,500103001003,H1,户主\n"
                   "110105194912310021,李四,男,城镇,500103001003,H1,配偶\n"
                   "440524188001010014,王五,男,农村,500115001200,H2,户主\n"
                   "440524188001010014,王五,男,农村,500115001200\n");
    struct import_options o = {.kind = IMPORT_HOUSEHOLDS, .path = hh, .on = D("2026-01-05")};
    struct import_stats st;
    struct mz_err err = {0};
    assert_int_equal(import_run(f->reg, &o, &st, &err), 0);
    assert_int_equal(st.added, 2);
    FILE *report = fopen(report_path, "w");
    o.kind = IMPORT_PERSONS;
    o.path = pp;
    o.report = report;
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
    fclose(report);
    assert_string_equal(err.code, "rejected_rows");
    assert_int_equal(st.rejected, 2);
    assert_int_equal(persons(f), 0);
    /* The report names file, line, column and header. */
    char text[2048] = "";
    FILE *rf = fopen(report_path, "r");
    size_t n = fread(text, 1, sizeof text - 1, rf);
    text[n] = '\0';
    fclose(rf);
    char want[256];
    snprintf(want, sizeof want, "%s:3: 列 A（身份证号）:", pp);
    assert_non_null(strstr(text, want));
    snprintf(want, sizeof want, "%s:5:", pp);
    assert_non_null(strstr(text, want));
    assert_non_null(strstr(text, "此行有 5 列，表头有 7 列"));

    /* With a reject file the good rows load and the bad ones are set aside. */
    o.reject_path = rej;
    o.report = NULL;
    assert_int_equal(import_run(f->reg, &o, &st, &err), 0);
    assert_int_equal(st.added, 2);
    assert_int_equal(st.rejected, 2);
    assert_int_equal(persons(f), 2);
    rf = fopen(rej, "r");
    n = fread(text, 1, sizeof text - 1, rf);
    text[n] = '\0';
    fclose(rf);
    assert_non_null(strstr(text, "拒收原因"));
    assert_non_null(strstr(text, "110105194912310021"));
    assert_null(strstr(text, "11010519491231002X,"));

    /* Importing the same file again changes nothing. */
    assert_int_equal(import_run(f->reg, &o, &st, &err), 0);
    assert_int_equal(st.added, 0);
    assert_int_equal(st.updated, 0);
    assert_int_equal(st.unchanged, 2);
}

/* The count of audit entries of `action`, and the detail of the last. */
static int audit_entries(struct fixture *f, const char *action, char *detail, size_t cap)
{
    sqlite3 *c;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->db, &c), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(c,
                                        "SELECT count(*), ifnull(max(detail), '') FROM audit_log "
                                        "WHERE action = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    if (detail)
        snprintf(detail, cap, "%s", (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(c);
    return n;
}

/* An import is audited as one entry for what it added, with the counts,
 * the ids and a digest; a failed import leaves none; the chain verifies. */
static void import_audited_as_one_batch(void **state)
{
    struct fixture *f = *state;
    char hh[160], pp[160], detail[400];
    snprintf(hh, sizeof hh, "%s/hh.csv", f->dir);
    snprintf(pp, sizeof pp, "%s/p.csv", f->dir);
    write_file(hh, "户编号,区划代码,地址,城乡类别\nH1,500103001003,,城镇\nH2,500115001200,,农村\n");
    write_file(pp, "身份证号,姓名,户籍性质,区划代码,户编号,与户主关系\n"
                   "11010519491231002X,张三,城镇,500103001003,H1,户主\n"
                   "440524188001010014,王五,农村,500115001200,H9,户主\n");
    struct import_options o = {.kind = IMPORT_HOUSEHOLDS, .path = hh, .on = D("2026-01-05")};
    struct import_stats st;
    struct mz_err err = {0};
    assert_int_equal(import_run(f->reg, &o, &st, &err), 0);
    assert_int_equal(audit_entries(f, "registry.batch", detail, sizeof detail), 1);
    assert_non_null(strstr(detail, "家庭 2 条"));
    assert_int_equal(audit_entries(f, "household.add", NULL, 0), 0);
    /* H9 does not exist: nothing imported, no entry */
    o.kind = IMPORT_PERSONS;
    o.path = pp;
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
    assert_int_equal(audit_entries(f, "registry.batch", NULL, 0), 1);
    /* the same file again adds nothing and writes no entry */
    o.kind = IMPORT_HOUSEHOLDS;
    o.path = hh;
    assert_int_equal(import_run(f->reg, &o, &st, &err), 0);
    assert_int_equal(st.unchanged, 2);
    assert_int_equal(audit_entries(f, "registry.batch", NULL, 0), 1);
    /* an address changed: an update, audited on its own with the record before */
    write_file(hh, "户编号,区划代码,地址,城乡类别\nH1,500103001003,解放碑 1 号,城镇\n");
    assert_int_equal(import_run(f->reg, &o, &st, &err), 0);
    assert_int_equal(st.updated, 1);
    assert_int_equal(audit_entries(f, "household.update", NULL, 0), 1);
    assert_int_equal(audit_entries(f, "registry.batch", NULL, 0), 1);
    struct audit_report rep;
    assert_int_equal(audit_verify(reg_db(f->reg), reg_vault(f->reg), &rep, &err), 0);
}

/* A household or person twice in one file: the second row is rejected,
 * naming the first (it used to replace it silently). */
static void import_repeated_rows(void **state)
{
    struct fixture *f = *state;
    char hh[160], pp[160], report_path[160];
    snprintf(hh, sizeof hh, "%s/hh.csv", f->dir);
    snprintf(pp, sizeof pp, "%s/p.csv", f->dir);
    snprintf(report_path, sizeof report_path, "%s/report.txt", f->dir);
    write_file(hh, "户编号,区划代码,地址,城乡类别\n"
                   "H9,500103001003,,农村\nH1,500103001003,一号,城镇\n"
                   "H1,500103001003,二号,城镇\n");
    write_file(pp, "身份证号,姓名,户籍性质,区划代码,户编号,与户主关系\n"
                   "11010519491231002X,张三,城镇,500103001003,H9,户主\n"
                   "11010519491231002x,张三,城镇,500103001003,H9,户主\n");
    FILE *report = fopen(report_path, "w");
    struct import_options o = {
        .kind = IMPORT_HOUSEHOLDS, .path = hh, .on = D("2026-01-05"), .report = report};
    struct import_stats st;
    struct mz_err err = {0};
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
    assert_int_equal(st.rejected, 1);
    o.report = NULL;
    write_file(hh, "户编号,区划代码,地址,城乡类别\nH9,500103001003,,农村\n");
    assert_int_equal(import_run(f->reg, &o, &st, &err), 0);
    o.kind = IMPORT_PERSONS;
    o.path = pp;
    o.report = report;
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
    assert_int_equal(st.rejected, 1);
    fclose(report);
    char text[2048] = "";
    FILE *rf = fopen(report_path, "r");
    size_t n = fread(text, 1, sizeof text - 1, rf);
    text[n] = '\0';
    fclose(rf);
    assert_non_null(strstr(text, "户编号“H1”在本文件第 3 行已出现"));
    assert_non_null(strstr(text, "身份证号 110105********002X 在本文件第 2 行已出现"));
    assert_null(strstr(text, "11010519491231002"));
}

/* A spreadsheet saved by Excel imports like a CSV file; errors name the
 * sheet row and the column letter. */
static void import_xlsx(void **state)
{
    struct fixture *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/hh.xlsx", f->dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    const char *rows[3][4] = {{"户编号", "区划代码", "地址", "城乡类别"},
                              {"X1", "500103001003", "解放碑", "城镇"},
                              {"X2", "500103001003", "", "郊区"}};
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 4; c++)
            if (rows[r][c][0])
                worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, rows[r][c], NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    char report_path[160];
    snprintf(report_path, sizeof report_path, "%s/r.txt", f->dir);
    FILE *report = fopen(report_path, "w");
    struct import_options o = {.kind = IMPORT_HOUSEHOLDS, .path = path, .on = D("2026-01-05"),
                               .report = report};
    struct import_stats st;
    struct mz_err err = {0};
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
    fclose(report);
    assert_int_equal(st.rejected, 1);
    char text[1024] = "";
    FILE *rf = fopen(report_path, "r");
    size_t n = fread(text, 1, sizeof text - 1, rf);
    text[n] = '\0';
    fclose(rf);
    assert_non_null(strstr(text, ":3: 列 D（城乡类别）:"));
    o.report = NULL;
    o.reject_path = report_path;
    assert_int_equal(import_run(f->reg, &o, &st, &err), 0);
    assert_int_equal(st.added, 1);
    struct household_row h;
    assert_int_equal(rs_household_by_no(reg_db(f->reg), "X1", &h, &err), 1);
    assert_string_equal(h.address, "解放碑");
}

static void import_header_errors(void **state)
{
    struct fixture *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/bad.csv", f->dir);
    struct import_options o = {.kind = IMPORT_HOUSEHOLDS, .path = path, .on = D("2026-01-05")};
    struct import_stats st;
    struct mz_err err = {0};
    write_file(path, "户编号,区划代码,颜色\n");
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
    assert_string_equal(err.code, "unknown_column");
    assert_non_null(strstr(err.msg, "颜色"));
    write_file(path, "户编号,地址\n");
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
    assert_string_equal(err.code, "missing_column");
    write_file(path, "");
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
    assert_string_equal(err.code, "empty_file");
    o.path = "/nonexistent/file.csv";
    assert_int_equal(import_run(f->reg, &o, &st, &err), -1);
}

static void open_fails_cleanly_without_memory(void **state)
{
    struct fixture *f = *state;
    for (long n = 0; n < 8; n++) {
        struct registry *r = NULL;
        struct mz_err err = {0};
        mem_fail_after(n);
        int rc = reg_open(f->db, NULL, &r, &err);
        mem_fail_reset();
        if (rc == 0)
            reg_close(r);
        else
            assert_null(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(divisions_loaded_with_pinyin, setup, teardown),
        cmocka_unit_test_setup_teardown(household_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(person_validation_and_sealing, setup, teardown),
        cmocka_unit_test_setup_teardown(person_all_faults_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(membership_moves, setup, teardown),
        cmocka_unit_test_setup_teardown(facts_history_and_bitemporal, setup, teardown),
        cmocka_unit_test_setup_teardown(person_fact_put_checks_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(division_change, setup, teardown),
        cmocka_unit_test_setup_teardown(import_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(import_repeated_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(import_audited_as_one_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(import_xlsx, setup, teardown),
        cmocka_unit_test_setup_teardown(import_header_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(open_fails_cleanly_without_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
