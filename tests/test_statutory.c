/* The statutory holidays of the 2024 revision of 《全国年节及纪念日放假办法》:
 * every day computed for 2025 and 2026 is a holiday of the State
 * Council's notice shipped in data/holidays-cn.csv; the lunar dates and 清明
 * of 2027 and the Spring Festivals of later years; 2024, under the old
 * rules, is not computed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/statutory.h"

static void holidays(int year, struct statutory_day out[STATUTORY_NDAYS])
{
    struct mz_err err = {0};
    if (statutory_holidays(year, out, &err) < 0) fail_msg("%s", err.msg);
}

/* The day named `name`, the i-th of that name (0-based), as text. */
static const char *day_of(const struct statutory_day *days, const char *name, int i)
{
    static char out[11];
    for (int k = 0; k < STATUTORY_NDAYS; k++)
        if (strcmp(days[k].name, name) == 0 && i-- == 0) {
            date_format(days[k].day, out);
            return out;
        }
    fail_msg("no %s", name);
    return NULL;
}

/* Whether data/holidays-cn.csv lists day as a holiday. */
static bool listed_holiday(const char *day)
{
    FILE *fp = fopen("data/holidays-cn.csv", "r");
    assert_non_null(fp);
    char line[256], want[32];
    snprintf(want, sizeof want, "%s,holiday,", day);
    bool found = false;
    while (!found && fgets(line, sizeof line, fp))
        found = strncmp(line, want, strlen(want)) == 0;
    fclose(fp);
    return found;
}

static void test_official_years_contain_statutory_days(void **state)
{
    for (int year = 2025; year <= 2026; year++) {
        struct statutory_day days[STATUTORY_NDAYS];
        holidays(year, days);
        for (int i = 0; i < STATUTORY_NDAYS; i++) {
            char text[11];
            date_format(days[i].day, text);
            if (!listed_holiday(text))
                fail_msg("%s %s is not a holiday of the %d notice", text, days[i].name, year);
        }
    }
    struct statutory_day days[STATUTORY_NDAYS];
    holidays(2025, days);
    assert_string_equal(day_of(days, "春节", 0), "2025-01-28"); /* 除夕 */
    assert_string_equal(day_of(days, "中秋节", 0), "2025-10-06");
    holidays(2026, days);
    assert_string_equal(day_of(days, "清明节", 0), "2026-04-05");
    assert_string_equal(day_of(days, "端午节", 0), "2026-06-19");
}

static void test_2027(void **state)
{
    struct statutory_day days[STATUTORY_NDAYS];
    holidays(2027, days);
    assert_string_equal(day_of(days, "元旦", 0), "2027-01-01");
    /* 正月初一 is 6 February: the new moon is at 23:56 China time on the
     * 6th (ICU alone puts it on the 7th). 除夕 is the day before. */
    assert_string_equal(day_of(days, "春节", 0), "2027-02-05");
    assert_string_equal(day_of(days, "春节", 1), "2027-02-06");
    assert_string_equal(day_of(days, "春节", 3), "2027-02-08");
    assert_string_equal(day_of(days, "清明节", 0), "2027-04-05");
    assert_string_equal(day_of(days, "劳动节", 1), "2027-05-02");
    assert_string_equal(day_of(days, "端午节", 0), "2027-06-09");
    assert_string_equal(day_of(days, "中秋节", 0), "2027-09-15");
    assert_string_equal(day_of(days, "国庆节", 2), "2027-10-03");
}

static void test_later_years(void **state)
{
    /* 正月初一 of later years, and one 中秋 that falls on 国庆 (2028-10-03). */
    static const char *const new_year[][2] = {
        {"2028", "2028-01-26"}, {"2029", "2029-02-13"}, {"2030", "2030-02-03"},
        {"2031", "2031-01-23"}, {"2033", "2033-01-31"}, {"2035", "2035-02-08"},
    };
    struct statutory_day days[STATUTORY_NDAYS];
    for (size_t i = 0; i < sizeof new_year / sizeof new_year[0]; i++) {
        holidays(atoi(new_year[i][0]), days);
        assert_string_equal(day_of(days, "春节", 1), new_year[i][1]);
    }
    holidays(2028, days);
    assert_string_equal(day_of(days, "中秋节", 0), "2028-10-03");
    assert_string_equal(day_of(days, "清明节", 0), "2028-04-04");
}

static void test_old_rules_not_computed(void **state)
{
    /* 2024 had 3 days of 春节 from 初一: 除夕 2024-02-09 was not a holiday. The
     * 2024 revision is applied from 2025 only. */
    assert_false(listed_holiday("2024-02-09"));
    assert_true(listed_holiday("2024-02-10"));
    struct statutory_day days[STATUTORY_NDAYS];
    struct mz_err err = {0};
    assert_int_equal(statutory_holidays(2024, days, &err), -1);
    assert_string_equal(err.code, "calendar_unknown_year");
    assert_non_null(strstr(err.msg, "2024"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_official_years_contain_statutory_days),
        cmocka_unit_test(test_2027),
        cmocka_unit_test(test_later_years),
        cmocka_unit_test(test_old_rules_not_computed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
