/* 渝悦救助通: residents' sign-in by one-time code (sent only when the ID
 * number, name and phone match; the same answer otherwise; six digits,
 * five minutes, five tries, used once; throttled per ID number and source;
 * at most five codes per ID number per window), the SMS outbox, and the
 * checks of a case file (type by magic bytes, extension, size, name) and
 * of multipart/form-data bodies, on a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four above first */
#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/resident.h"
#include "auth/sms.h"
#include "cases/attachment.h"
#include "http/multipart.h"
#include "registry/registry.h"

#define ID "50011219731024001X"
#define NAME "袁强俊"
#define PHONE "13800001111"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    enum put_result res;
    struct reg_household_in h = {"H-1", "500103001003", "解放碑1号", "城镇"};
    struct reg_person_in p = {ID, NAME, NULL, NULL, "城镇", "500103001003", "H-1", "户主", PHONE};
    if (reg_household_put(f->reg, &h, date_parse("2025-01-01"), &res, &err) < 0 ||
        reg_person_put(f->reg, &p, date_parse("2025-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
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

struct box {
    int n;
    char code[8];
    char phone[32];
};

static int read_message(void *ctx, const struct sms_message *m)
{
    struct box *b = ctx;
    b->n++;
    const char *c = strstr(m->text, "验证码为 ");
    if (c) snprintf(b->code, sizeof b->code, "%.6s", c + strlen("验证码为 "));
    snprintf(b->phone, sizeof b->phone, "%s", m->phone);
    return 0;
}

static struct box outbox(struct fixture *f)
{
    struct box b = {0};
    struct mz_err err = {0};
    if (sms_outbox(f->reg, false, true, "test", read_message, &b, &err) < 0)
        fail_msg("%s", err.msg);
    return b;
}

static int code_for(struct fixture *f, const char *id, const char *name, const char *phone,
                    const char *source, time_t now, struct mz_err *err)
{
    return auth_resident_code(f->reg, id, name, phone, source, now, err);
}

static void test_code_only_when_all_match(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    time_t now = 1770000000;
    /* a wrong phone, a wrong name, an unknown person: answered alike, nothing sent */
    assert_int_equal(code_for(f, ID, NAME, "13800009999", "a", now, &err), 0);
    assert_int_equal(code_for(f, ID, "袁强", PHONE, "b", now, &err), 0);
    assert_int_equal(code_for(f, "11010519491231002X", NAME, PHONE, "c", now, &err), 0);
    assert_int_equal(outbox(f).n, 0);
    /* a malformed number is said to be malformed (that tells nothing of anyone) */
    assert_int_equal(code_for(f, "500112197310240011", NAME, PHONE, "d", now, &err), -1);
    assert_string_equal(err.code, "invalid_id_number");
    assert_int_equal(code_for(f, ID, NAME, "138 0000-1111", "e", now, &err), 0);
    struct box b = outbox(f);
    assert_int_equal(b.n, 1);
    assert_string_equal(b.phone, PHONE);
    assert_int_equal(strlen(b.code), RESIDENT_CODE_DIGITS);
    assert_int_equal(strspn(b.code, "0123456789"), RESIDENT_CODE_DIGITS);
    /* drained: the gateway took it */
    assert_int_equal(outbox(f).n, 0);
}

static void test_login_once_and_no_oracle(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0}, never = {0};
    char token[AUTH_TOKEN_HEX];
    struct auth_resident r;
    time_t now = 1770000000;
    /* no code was ever sent: the same answer as a wrong code */
    assert_int_equal(auth_resident_login(f->reg, ID, "123456", "s0", now, token, &r, &never), -1);
    assert_int_equal(code_for(f, ID, NAME, PHONE, "s1", now, &err), 0);
    struct box b = outbox(f);
    char wrong[8];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(b.code) + 1) % 1000000);
    assert_int_equal(auth_resident_login(f->reg, ID, wrong, "s1", now, token, &r, &err), -1);
    assert_string_equal(err.code, never.code);
    assert_string_equal(err.msg, never.msg);
    assert_string_equal(err.code, "bad_code");
    assert_int_equal(auth_resident_login(f->reg, ID, b.code, "s1", now + 10, token, &r, &err), 0);
    assert_string_equal(r.name, NAME);
    assert_string_equal(r.hh_no, "H-1");
    struct auth_resident back;
    assert_int_equal(auth_resident_session(f->reg, token, now + 20, &back, &err), 1);
    assert_int_equal(back.person_id, r.person_id);
    assert_int_equal(
        auth_resident_session(f->reg, token, now + 10 + AUTH_SESSION_SECONDS, &back, &err), 0);
    /* used once */
    assert_int_equal(auth_resident_login(f->reg, ID, b.code, "s1", now + 30, token, &r, &err), -1);
    assert_string_equal(err.code, "bad_code");
    assert_int_equal(auth_resident_logout(f->reg, token, &err), 0);
}

static void test_code_expires(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX];
    struct auth_resident r;
    time_t now = 1770000000;
    assert_int_equal(code_for(f, ID, NAME, PHONE, "s", now, &err), 0);
    struct box b = outbox(f);
    assert_int_equal(
        auth_resident_login(f->reg, ID, b.code, "s", now + RESIDENT_CODE_SECONDS, token, &r, &err),
        -1);
    assert_string_equal(err.code, "bad_code");
}

static void test_five_tries(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX], source[16];
    struct auth_resident r;
    time_t now = 1770000000;
    assert_int_equal(code_for(f, ID, NAME, PHONE, "s", now, &err), 0);
    struct box b = outbox(f);
    char wrong[8];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(b.code) + 7) % 1000000);
    for (int i = 0; i < RESIDENT_CODE_TRIES; i++) { /* from five addresses: not throttled */
        snprintf(source, sizeof source, "t%d", i);
        assert_int_equal(auth_resident_login(f->reg, ID, wrong, source, now, token, &r, &err), -1);
        assert_string_equal(err.code, "bad_code");
    }
    /* the right code no longer works */
    assert_int_equal(auth_resident_login(f->reg, ID, b.code, "t9", now, token, &r, &err), -1);
    assert_string_equal(err.code, "bad_code");
}

static void test_throttled_per_id_and_source(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX];
    struct auth_resident r;
    time_t now = 1770000000;
    assert_int_equal(code_for(f, ID, NAME, PHONE, "x", now, &err), 0);
    struct box b = outbox(f);
    for (int i = 0; i < 4; i++)
        assert_int_equal(auth_resident_login(f->reg, ID, "000000", "x", now, token, &r, &err), -1);
    /* the sixth attempt from x is throttled, the right code too */
    assert_int_equal(auth_resident_login(f->reg, ID, b.code, "x", now, token, &r, &err), -1);
    assert_string_equal(err.code, "throttled");
    /* another ID number from x is not */
    assert_int_equal(code_for(f, "11010519491231002X", "某人", PHONE, "x", now, &err), 0);
    /* after the window, x may try again */
    assert_int_equal(auth_resident_login(f->reg, ID, "000000", "x", now + AUTH_THROTTLE_SECONDS + 1,
                                         token, &r, &err),
                     -1);
    assert_string_equal(err.code, "bad_code");
}

static void test_codes_per_window(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    time_t now = 1770000000;
    char source[16];
    for (int i = 0; i < RESIDENT_CODES_PER_WINDOW + 2; i++) {
        snprintf(source, sizeof source, "w%d", i);
        assert_int_equal(code_for(f, ID, NAME, PHONE, source, now + i, &err), 0);
    }
    assert_int_equal(outbox(f).n, RESIDENT_CODES_PER_WINDOW);
}

static void test_file_checks(void **state)
{
    (void)state;
    struct mz_err err = {0};
    const char *mime;
    static const char pdf[] = "%PDF-1.7\n", png[] = "\x89PNG\r\n\x1a\n....",
                      jpg[] = "\xff\xd8\xff\xe0..", exe[] = "MZ\x90\x00\x03";
    assert_int_equal(case_attach_check("证明.pdf", pdf, sizeof pdf - 1, &mime, &err), 0);
    assert_string_equal(mime, "application/pdf");
    assert_int_equal(case_attach_check("户口本.PNG", png, sizeof png - 1, &mime, &err), 0);
    assert_string_equal(mime, "image/png");
    assert_int_equal(case_attach_check("photo.jpeg", jpg, sizeof jpg - 1, &mime, &err), 0);
    assert_string_equal(mime, "image/jpeg");
    /* an .exe renamed .pdf; a PNG named .pdf */
    assert_int_equal(case_attach_check("证明.pdf", exe, sizeof exe - 1, &mime, &err), -1);
    assert_string_equal(err.code, "unsupported_type");
    assert_int_equal(case_attach_check("证明.pdf", png, sizeof png - 1, &mime, &err), -1);
    assert_string_equal(err.code, "unsupported_type");
    /* size, emptiness and names */
    assert_int_equal(case_attach_check("a.pdf", pdf, (size_t)CASE_ATTACH_MAX + 1, &mime, &err), -1);
    assert_string_equal(err.code, "too_large");
    assert_int_equal(case_attach_check("a.pdf", pdf, 0, &mime, &err), -1);
    assert_int_equal(case_attach_check("../a.pdf", pdf, sizeof pdf - 1, &mime, &err), -1);
    assert_string_equal(err.code, "invalid_value");
    assert_int_equal(case_attach_check("", pdf, sizeof pdf - 1, &mime, &err), -1);
    assert_int_equal(case_attach_check("a\n.pdf", pdf, sizeof pdf - 1, &mime, &err), -1);
}

static void test_multipart(void **state)
{
    (void)state;
    struct mz_err err = {0};
    char name[256];
    const char *data;
    size_t n;
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
        "hello\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"证明.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n"
        "%PDF-1\r\n--Xy\r\n"
        "--XyZ--\r\n";
    assert_int_equal(multipart_file("multipart/form-data; boundary=XyZ", body, sizeof body - 1,
                                    "file", name, sizeof name, &data, &n, &err),
                     0);
    assert_string_equal(name, "证明.pdf");
    assert_int_equal(n, strlen("%PDF-1\r\n--Xy"));
    assert_memory_equal(data, "%PDF-1\r\n--Xy", n);
    assert_int_equal(multipart_file("multipart/form-data; boundary=\"XyZ\"", body, sizeof body - 1,
                                    "note", name, sizeof name, &data, &n, &err),
                     0);
    assert_int_equal(n, 5);
    assert_int_equal(multipart_file("multipart/form-data; boundary=XyZ", body, sizeof body - 1,
                                    "other", name, sizeof name, &data, &n, &err),
                     -1);
    assert_string_equal(err.code, "missing_field");
    assert_int_equal(multipart_file("application/json", body, sizeof body - 1, "file", name,
                                    sizeof name, &data, &n, &err),
                     -1);
    assert_string_equal(err.code, "unsupported_media_type");
    assert_int_equal(multipart_file("multipart/form-data", body, sizeof body - 1, "file", name,
                                    sizeof name, &data, &n, &err),
                     -1);
    assert_string_equal(err.code, "unsupported_media_type");
    /* every cut of the body is refused or parsed, never read past its end */
    for (size_t cut = 0; cut < sizeof body - 1; cut++) {
        char *copy = malloc(cut ? cut : 1);
        memcpy(copy, body, cut);
        int rc = multipart_file("multipart/form-data; boundary=XyZ", copy, cut, "file", name,
                                sizeof name, &data, &n, &err);
        assert_true(rc == 0 || rc == -1);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_code_only_when_all_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_once_and_no_oracle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_expires, setup, teardown),
        cmocka_unit_test_setup_teardown(test_five_tries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttled_per_id_and_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_codes_per_window, setup, teardown),
        cmocka_unit_test(test_file_checks),
        cmocka_unit_test(test_multipart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
