/* GB 11643 ID numbers and civil dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/date.h"
#include "registry/idcard.h"

static void valid_numbers(void **state)
{
    struct idcard id;
    struct mz_err err;
    assert_int_equal(idcard_parse("11010519491231002X", &id, &err), 0);
    assert_string_equal(id.address, "110105");
    assert_int_equal(id.birth, date_from_ymd(1949, 12, 31));
    assert_int_equal(id.sex, SEX_FEMALE);
    assert_int_equal(idcard_parse("440524188001010014", &id, &err), 0);
    assert_int_equal(id.sex, SEX_MALE);
    assert_int_equal(idcard_parse("11010519491231002x", &id, &err), 0);
    assert_string_equal(id.number, "11010519491231002X");
}

static void bad_checksum(void **state)
{
    struct idcard id;
    struct mz_err err;
    assert_int_equal(idcard_parse("110105194912310021", &id, &err), -1);
    assert_string_equal(err.code, "invalid_id_number");
    assert_non_null(strstr(err.msg, "校验码"));
    /* the message keeps only the masked number, and not the right check
     * character (it would complete a guessed number) */
    assert_int_equal(idcard_parse("500154196805200018", &id, &err), -1);
    assert_null(strstr(err.msg, "500154196805200018"));
    assert_non_null(strstr(err.msg, "500154********0018"));
    assert_null(strstr(err.msg, "应为"));
    assert_int_equal(idcard_parse("50015419680520001", &id, &err), -1); /* 17 digits */
    assert_null(strstr(err.msg, "5001541968052"));
    assert_int_equal(idcard_parse("5001541968023X0018", &id, &err), -1); /* a bad birth date */
    assert_null(strstr(err.msg, "1968023X"));
}

static void impossible_date(void **state)
{
    struct idcard id;
    struct mz_err err;
    char n[19] = "50010319990230001";
    n[17] = idcard_check_char(n);
    n[18] = 0;
    assert_int_equal(idcard_parse(n, &id, &err), -1);
    assert_non_null(strstr(err.msg, "出生日期"));
    strcpy(n, "50010320000229001");
    n[17] = idcard_check_char(n);
    assert_int_equal(idcard_parse(n, &id, &err), 0);
}

static void wrong_length_and_chars(void **state)
{
    struct idcard id;
    struct mz_err err;
    assert_int_equal(idcard_parse("1101051949123100", &id, &err), -1);
    assert_non_null(strstr(err.msg, "18位"));
    assert_int_equal(idcard_parse("", &id, &err), -1);
    assert_int_equal(idcard_parse("11010519491231002X1", &id, &err), -1);
    assert_int_equal(idcard_parse("1101051949123100AX", &id, &err), -1);
    assert_int_equal(idcard_parse("11010519491231002Y", &id, &err), -1);
}

static void masking(void **state)
{
    char out[19];
    idcard_mask("11010519491231002X", out);
    assert_string_equal(out, "110105********002X");
}

static void dates(void **state)
{
    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_parse("2024-02-29"), date_from_ymd(2024, 2, 29));
    assert_int_equal(date_parse("2023-02-29"), MZ_DATE_NONE);
    assert_int_equal(date_parse("2023-13-01"), MZ_DATE_NONE);
    assert_int_equal(date_parse("2023-1-01"), MZ_DATE_NONE);
    char buf[11];
    for (int d = -1000; d < 40000; d += 37) {
        date_format(d, buf);
        assert_int_equal(date_parse(buf), d);
    }
    /* A birthday on the as-of date counts. */
    assert_int_equal(date_age(date_from_ymd(1966, 7, 1), date_from_ymd(2026, 7, 1)), 60);
    assert_int_equal(date_age(date_from_ymd(1966, 7, 1), date_from_ymd(2026, 6, 30)), 59);
    assert_int_equal(date_weekday(date_from_ymd(2026, 11, 29)), 7);
    assert_int_equal(date_weekday(date_from_ymd(2024, 2, 4)), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_numbers),   cmocka_unit_test(bad_checksum),
        cmocka_unit_test(impossible_date), cmocka_unit_test(wrong_length_and_chars),
        cmocka_unit_test(masking),         cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
