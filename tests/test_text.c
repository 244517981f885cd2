/* Text fields: UTF-8 validity, cuts on character boundaries (error
 * messages, the problems the API answers), and the field check every
 * stored text goes through (length limits, control characters,
 * bidirectional overrides, blank names). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"

/* n copies of the three-byte character 王. */
static void wang(char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(out, "王");
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(text_utf8_valid("王小明 abc"));
    assert_false(text_utf8_valid("\xe7\x8e"));         /* cut */
    assert_false(text_utf8_valid("\xc0\xaf"));         /* overlong */
    assert_false(text_utf8_valid("\xed\xa0\x80"));     /* surrogate */
    assert_false(text_utf8_valid("\xf4\x90\x80\x80")); /* past U+10FFFF */
}

static void test_cuts(void **state)
{
    (void)state;
    char s[64];
    snprintf(s, sizeof s, "ab王");
    s[4] = '\0'; /* "ab" and the first two bytes of 王 */
    text_utf8_trim(s);
    assert_string_equal(s, "ab");
    snprintf(s, sizeof s, "ab王");
    text_utf8_trim(s);
    assert_string_equal(s, "ab王");
    memcpy(s, "政策", 4); /* 政 and the first byte of 策 */
    s[4] = '\0';
    text_utf8_trim(s);
    assert_string_equal(s, "政");
    assert_int_equal(text_utf8_prefix("王王", 4), 3);
    assert_int_equal(text_utf8_prefix("王王", 6), 6);
    snprintf(s, sizeof s, "“%.4s”", "王王"); /* a quoted value cut inside 王 */
    assert_false(text_utf8_valid(s));
    text_utf8_clean(s);
    assert_string_equal(s, "“王”");
}

/* A message longer than its buffer is cut before a character, so it stays
 * valid text (the API answered 500 when a cut landed inside one). */
static void test_error_message_cut(void **state)
{
    (void)state;
    char name[600];
    wang(name, 166);
    struct mz_err err = {0};
    for (int pad = 0; pad < 3; pad++) {
        mz_fail_field(&err, "name", "invalid_value", "%.*s姓名过长：%s", pad, "xx", name);
        assert_true(strlen(err.msg) < sizeof err.msg);
        assert_true(text_utf8_valid(err.msg));
    }
}

static void test_check(void **state)
{
    (void)state;
    struct mz_err err = {0};
    char s[400];
    wang(s, TEXT_MAX_NAME);
    assert_int_equal(text_check(s, "name", "姓名", TEXT_MAX_NAME, TEXT_NAME, &err), 0);
    wang(s, TEXT_MAX_NAME + 1);
    assert_int_equal(text_check(s, "name", "姓名", TEXT_MAX_NAME, TEXT_NAME, &err), -1);
    assert_string_equal(err.field, "name");
    assert_string_equal(err.code, "invalid_value");
    assert_non_null(strstr(err.msg, "最多 30 个字符，实为 31 个"));
    assert_int_equal(text_check("王\a明", "name", "姓名", 30, TEXT_NAME, &err), -1);
    assert_non_null(strstr(err.msg, "U+0007"));
    assert_int_equal(text_check("王\xe2\x80\xae明", "name", "姓名", 30, TEXT_NAME, &err), -1);
    assert_non_null(strstr(err.msg, "U+202E"));
    assert_int_equal(text_check(" \xe3\x80\x80 ", "name", "姓名", 30, TEXT_NAME, &err), -1);
    assert_non_null(strstr(err.msg, "空白"));
    assert_int_equal(text_check("第一行\n第二行\t", "note", "备注", 30, TEXT_NOTE, &err), 0);
    assert_int_equal(text_check("第一行\n第二行", "address", "地址", 30, TEXT_LINE, &err), -1);
    assert_int_equal(text_check("\xe7\x8e", "address", "地址", 30, TEXT_LINE, &err), -1);
    assert_int_equal(text_check(NULL, "note", "备注", 30, TEXT_NOTE, &err), 0);
    assert_int_equal(text_check("", "note", "备注", 30, TEXT_NOTE, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_cuts),
        cmocka_unit_test(test_error_message_cut),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
