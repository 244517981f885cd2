/* The working-day calendar: the shipped 2024–2026 arrangements loaded on
 * first use, N working days after a day (inside and across the 2025
 * Spring Festival break, an adjusted working Sunday, the year end), the
 * provisional count on the statutory holidays for 2027 and 2028 (元旦,
 * 春节, 清明), the refusal of years beyond it and before the present rules,
 * and importing a later year, which makes it official. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases/calendar.h"
#include "registry/registry.h"

#define KEY "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct cal *cal;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/mz-cal-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
    setenv("MZ_KEY", KEY, 1);
    struct mz_err err = {0};
    assert_int_equal(reg_open(f->db, NULL, &f->reg, &err), 0);
    if (cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal,
                 &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    cal_free(f->cal);
    reg_close(f->reg);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* The n-th working day after `from`, as text. */
static const char *after(const struct cal *cal, const char *from, int n)
{
    static char out[11];
    struct mz_err err = {0};
    mz_date d;
    if (cal_add_working_days(cal, D(from), n, &d, &err) < 0)
        fail_msg("%s", err.msg);
    date_format(d, out);
    return out;
}

static bool working(const struct cal *cal, const char *day)
{
    struct mz_err err = {0};
    bool w;
    if (cal_is_working_day(cal, D(day), &w, &err) < 0)
        fail_msg("%s", err.msg);
    return w;
}

static void test_known_years(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(cal_first_year(f->cal), 2024);
    assert_int_equal(cal_last_year(f->cal), 2026);
    /* Loading again reads the database: the file is not imported twice. */
    struct cal *again;
    struct mz_err err = {0};
    assert_int_equal(cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "/nonexistent.csv",
                              &again, &err),
                     0);
    assert_int_equal(cal_last_year(again), 2026);
    cal_free(again);
}

static void test_working_days(void **state)
{
    struct fixture *f = *state;
    assert_true(working(f->cal, "2025-01-27"));  /* Monday */
    assert_false(working(f->cal, "2025-01-25")); /* Saturday */
    assert_true(working(f->cal, "2025-01-26"));  /* Sunday worked (调休) */
    assert_true(working(f->cal, "2025-02-08"));  /* Saturday worked (调休) */
    assert_false(working(f->cal, "2025-01-29")); /* 春节 */
    assert_false(working(f->cal, "2025-10-08")); /* Wednesday in the National Day break */
    assert_false(working(f->cal, "2024-01-01"));
}

static void test_inside_spring_festival(void **state)
{
    struct fixture *f = *state;
    /* Accepted on the third day of the break: counting starts after it. */
    assert_string_equal(after(f->cal, "2025-01-30", 1), "2025-02-05");
    assert_string_equal(after(f->cal, "2025-01-30", 3), "2025-02-07");
    assert_string_equal(after(f->cal, "2025-01-30", 4), "2025-02-08"); /* the worked Saturday */
    assert_string_equal(after(f->cal, "2025-01-30", 5), "2025-02-10");
    assert_string_equal(after(f->cal, "2025-01-30", 0), "2025-01-30");
}

static void test_across_spring_festival(void **state)
{
    struct fixture *f = *state;
    /* Friday before the break: the worked Sunday counts, then Monday, then
     * the first day after the break. */
    assert_string_equal(after(f->cal, "2025-01-24", 1), "2025-01-26");
    assert_string_equal(after(f->cal, "2025-01-24", 2), "2025-01-27");
    assert_string_equal(after(f->cal, "2025-01-24", 3), "2025-02-05");
    /* 30 working days from 2025-01-20. */
    assert_string_equal(after(f->cal, "2025-01-20", 30), "2025-03-07");
    struct mz_err err = {0};
    int n;
    assert_int_equal(cal_working_days_between(f->cal, D("2025-01-24"), D("2025-02-05"), &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(cal_working_days_between(f->cal, D("2025-02-05"), D("2025-01-24"), &n, &err), 0);
    assert_int_equal(n, -3);
    assert_int_equal(cal_working_days_between(f->cal, D("2025-02-05"), D("2025-02-05"), &n, &err), 0);
    assert_int_equal(n, 0);
}

static void test_year_end(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(after(f->cal, "2024-12-31", 1), "2025-01-02");
    /* 2026-01-01..03 off, Sunday 2026-01-04 worked. */
    assert_string_equal(after(f->cal, "2025-12-31", 1), "2026-01-04");
    assert_string_equal(after(f->cal, "2025-12-31", 2), "2026-01-05");
}

static bool provisional(const struct cal *cal, const char *from, const char *to)
{
    return cal_provisional(cal, D(from), D(to));
}

static void test_statutory_fallback(void **state)
{
    struct fixture *f = *state;
    /* Accepted 2026-12-15 (Tuesday): 12 working days in 2026, then 元旦
     * 2027-01-01 (Friday) is skipped, the 30th is Wednesday 27 January. */
    assert_string_equal(after(f->cal, "2026-12-15", 30), "2027-01-27");
    assert_true(provisional(f->cal, "2026-12-15", "2027-01-27"));
    assert_false(provisional(f->cal, "2026-12-15", "2026-12-31"));
    assert_false(provisional(f->cal, "2024-01-02", "2026-12-31"));
    assert_false(working(f->cal, "2027-01-01"));
    /* 春节 2027: 除夕 Friday 5 February to 初三 Monday 8 February; no 调休. */
    assert_string_equal(after(f->cal, "2027-02-03", 1), "2027-02-04");
    assert_string_equal(after(f->cal, "2027-02-03", 2), "2027-02-09");
    assert_false(working(f->cal, "2027-02-05"));
    assert_false(working(f->cal, "2027-02-08"));
    assert_false(working(f->cal, "2027-02-06")); /* Saturday, not worked: no notice yet */
    /* 清明 2027 is Monday 5 April; 2028 is counted the same way. */
    assert_string_equal(after(f->cal, "2027-04-02", 1), "2027-04-06");
    assert_false(working(f->cal, "2028-01-26")); /* 正月初一 2028 */
    assert_true(provisional(f->cal, "2028-12-31", "2028-12-31"));
    int n;
    struct mz_err err = {0};
    assert_int_equal(cal_working_days_between(f->cal, D("2026-12-31"), D("2027-01-05"), &n, &err), 0);
    assert_int_equal(n, 2); /* Monday 4 and Tuesday 5 January */
}

static void test_refuses_unknown_year(void **state)
{
    struct fixture *f = *state;
    /* Two years after the last imported one (2026) are counted; 2029 is not. */
    assert_string_equal(after(f->cal, "2028-12-28", 1), "2028-12-29");
    struct mz_err err = {0};
    mz_date d;
    assert_int_equal(cal_add_working_days(f->cal, D("2028-12-28"), 3, &d, &err), -1);
    assert_string_equal(err.code, "calendar_unknown_year");
    assert_non_null(strstr(err.msg, "2029"));
    assert_non_null(strstr(err.msg, "mz calendar import"));
    bool w;
    assert_int_equal(cal_is_working_day(f->cal, D("2023-06-01"), &w, &err), -1);
    assert_non_null(strstr(err.msg, "2023"));
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_import_later_year(void **state)
{
    struct fixture *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/2027.csv", f->dir);
    struct mz_err err = {0};
    /* A "workday" on a Monday is refused with the line, and nothing is stored. */
    write_file(path, "# test\ndate,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,workday,元旦\n");
    assert_int_equal(cal_import(reg_db(f->reg), reg_vault(f->reg), "test", path, NULL, NULL, &err),
                     -1);
    assert_non_null(strstr(err.msg, ":4:"));
    assert_non_null(strstr(err.msg, "星期一"));
    write_file(path, "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-07,workday,春节\n"
                     "2027-02-08,holiday,春节\n");
    int years, days;
    assert_int_equal(cal_import(reg_db(f->reg), reg_vault(f->reg), "test", path, &years, &days, &err),
                     0);
    assert_int_equal(years, 1);
    assert_int_equal(days, 3);
    struct cal *cal;
    assert_int_equal(cal_load(reg_db(f->reg), reg_vault(f->reg), "test", NULL, &cal, &err), 0);
    assert_int_equal(cal_last_year(cal), 2027);
    /* The imported year replaces the statutory count: official now, and
     * 2029 is the last year counted on the statutory holidays. */
    assert_true(provisional(f->cal, "2027-01-04", "2027-01-04"));
    assert_false(provisional(cal, "2026-12-15", "2027-12-31"));
    assert_true(provisional(cal, "2027-12-31", "2028-01-03"));
    assert_true(working(cal, "2027-02-05")); /* the test file leaves out 除夕 */
    assert_string_equal(after(cal, "2029-12-28", 1), "2029-12-31");
    assert_string_equal(after(cal, "2026-12-30", 2), "2027-01-04");
    assert_string_equal(after(cal, "2027-02-05", 1), "2027-02-07"); /* worked Sunday */
    assert_string_equal(after(cal, "2027-02-05", 2), "2027-02-09");
    /* Reimporting a year replaces it: 2027-02-08 is an ordinary Monday again. */
    write_file(path, "date,kind,name\n2027-01-01,holiday,元旦\n");
    assert_int_equal(cal_import(reg_db(f->reg), reg_vault(f->reg), "test", path, NULL, NULL, &err), 0);
    cal_free(cal);
    assert_int_equal(cal_load(reg_db(f->reg), reg_vault(f->reg), "test", NULL, &cal, &err), 0);
    assert_string_equal(after(cal, "2027-02-05", 1), "2027-02-08");
    cal_free(cal);
}

/* A year the State Council has not published (before 2000, or more than a
 * year ahead) is refused naming the line: a file reaching back centuries
 * once made every load count the lunar holidays of each year in between. */
static void test_import_year_range(void **state)
{
    struct fixture *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/far.csv", f->dir);
    struct mz_err err = {0};
    setenv("MZ_TODAY", "2026-12-03", 1);
    write_file(path, "date,kind,name\n1099-01-01,holiday,元旦\n");
    assert_int_equal(cal_import(reg_db(f->reg), reg_vault(f->reg), "test", path, NULL, NULL, &err),
                     -1);
    assert_non_null(strstr(err.msg, ":2:"));
    assert_non_null(strstr(err.msg, "2000–2027"));
    assert_string_equal(err.field, "date");
    write_file(path, "date,kind,name\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n");
    assert_int_equal(cal_import(reg_db(f->reg), reg_vault(f->reg), "test", path, NULL, NULL, &err),
                     -1);
    assert_non_null(strstr(err.msg, ":3:"));
    struct cal *cal;
    assert_int_equal(cal_load(reg_db(f->reg), reg_vault(f->reg), "test", NULL, &cal, &err), 0);
    assert_int_equal(cal_first_year(cal), 2024);
    assert_int_equal(cal_last_year(cal), 2026);
    cal_free(cal);
    unsetenv("MZ_TODAY");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_known_years, setup, teardown),
        cmocka_unit_test_setup_teardown(test_working_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inside_spring_festival, setup, teardown),
        cmocka_unit_test_setup_teardown(test_across_spring_festival, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statutory_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_unknown_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_later_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_year_range, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
