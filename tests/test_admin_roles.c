/* 三权分立: the three administrator roles (names, labels, no business
 * rights), the holders of their accounts (required, checked, kept sealed,
 * one person never holding two administrator roles or an administrator and
 * a business account), and the security administrator's unlock and end of
 * sessions, audited. The routes' refusals are walked by
 * tests/e2e/admin_roles.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "store/sqlite.h"

#define HOLDER_A "500103198001010016"
#define HOLDER_B "500103198502020028"
#define HOLDER_C "500103199003030015"
#define PW "pw-adm-12345"

struct fix {
    char dir[64], db[128];
    struct registry *r;
};

static int setup(void **state)
{
    struct fix *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->r, true);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fix *f = *state;
    test_registry_close(f->dir, f->r);
    free(f);
    return 0;
}

static void test_roles(void **state)
{
    (void)state;
    static const struct {
        const char *name, *label;
    } admins[] = {{"sys_admin", "系统管理员"}, {"sec_admin", "安全管理员"},
                  {"audit_admin", "审计管理员"}};
    for (size_t i = 0; i < 3; i++) {
        enum auth_role role;
        assert_int_equal(auth_role_parse(admins[i].name, &role, NULL), 0);
        assert_string_equal(auth_role_name(role), admins[i].name);
        assert_string_equal(auth_role_label(role), admins[i].label);
        assert_true(auth_role_is_admin(role));
        assert_false(auth_role_can_write(role));
        assert_false(auth_role_sees_full(role));
        assert_null(auth_role_case_role(role));
    }
    /* the business roles, the business auditor among them, are none of them */
    for (int r = ROLE_CITY_ADMIN; r <= ROLE_CHILD_INSTITUTION; r++)
        assert_false(auth_role_is_admin((enum auth_role)r));
    struct mz_err err = {0};
    enum auth_role role;
    assert_int_equal(auth_role_parse("admin", &role, &err), -1);
    assert_non_null(strstr(err.msg, "audit_admin"));
}

static void expect_fail(int rc, const struct mz_err *err, const char *code, const char *field)
{
    assert_int_equal(rc, -1);
    assert_string_equal(err->code, code);
    assert_string_equal(err->field, field);
}

static void test_separation(void **state)
{
    struct fix *f = *state;
    struct registry *r = f->r;
    struct mz_err err = {0};
    /* administrators need a holder; a wrong ID number names the field */
    expect_fail(auth_user_add(r, "t", "sys", ROLE_SYS_ADMIN, "50", PW, &err), &err,
                "holder_required", "holder");
    expect_fail(auth_admin_add(r, "t", "sys", ROLE_SYS_ADMIN, "50", "500103198001010017", PW,
                               &err),
                &err, "invalid_id_number", "holder");
    expect_fail(auth_admin_add(r, "t", "sys", ROLE_SYS_ADMIN, "500103", HOLDER_A, PW, &err),
                &err, "invalid_scope", "division");
    assert_int_equal(auth_admin_add(r, "t", "sys", ROLE_SYS_ADMIN, "50", HOLDER_A, PW, &err), 0);
    assert_int_equal(auth_admin_add(r, "t", "sec", ROLE_SEC_ADMIN, "50", HOLDER_B, PW, &err), 0);
    /* a second account of the same role for one holder is allowed */
    assert_int_equal(auth_admin_add(r, "t", "sys2", ROLE_SYS_ADMIN, "50", HOLDER_A, PW, &err), 0);
    /* another administrator role for one holder is not, naming the role held */
    memset(&err, 0, sizeof err);
    expect_fail(auth_admin_add(r, "t", "aa", ROLE_AUDIT_ADMIN, "50", HOLDER_A, PW, &err), &err,
                "separation_of_duties", "holder");
    assert_non_null(strstr(err.msg, "系统管理员账户“sys"));
    assert_non_null(strstr(err.msg, "审计管理员"));
    expect_fail(auth_admin_add(r, "t", "aa", ROLE_AUDIT_ADMIN, "50", HOLDER_B, PW, &err), &err,
                "separation_of_duties", "holder");
    /* nor an administrator and a business account, either way round */
    expect_fail(auth_admin_add(r, "t", "st", ROLE_STREET, "500103001", HOLDER_B, PW, &err), &err,
                "separation_of_duties", "holder");
    assert_int_equal(auth_admin_add(r, "t", "st", ROLE_STREET, "500103001", HOLDER_C, PW, &err), 0);
    assert_int_equal(
        auth_admin_add(r, "t", "st2", ROLE_COMMUNITY, "500103001003", HOLDER_C, PW, &err), 0);
    expect_fail(auth_admin_add(r, "t", "aa", ROLE_AUDIT_ADMIN, "50", HOLDER_C, PW, &err), &err,
                "separation_of_duties", "holder");
    /* a refused account is not left behind */
    long n;
    assert_int_equal(auth_user_count(r, &n, &err), 0);
    assert_int_equal(n, 5);
    /* the ID number is kept sealed, never in clear */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_conn(reg_db(r)),
                                        "SELECT count(*), sum(instr(holder_sealed, ?1) > 0), "
                                        "sum(length(holder_sealed)) FROM users "
                                        "WHERE holder_index IS NOT NULL",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_blob(st, 1, HOLDER_A, 18, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 5);
    assert_int_equal(sqlite3_column_int(st, 1), 0);
    assert_int_equal(sqlite3_column_int(st, 2), 5 * 67);
    sqlite3_finalize(st);
}

static void test_unlock_and_end_sessions(void **state)
{
    struct fix *f = *state;
    struct registry *r = f->r;
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX];
    struct auth_user u;
    time_t now = time(NULL);
    assert_int_equal(auth_user_add(r, "t", "st", ROLE_STREET, "500103001", PW, &err), 0);
    for (int i = 0; i < AUTH_THROTTLE_FAILURES; i++)
        assert_int_equal(auth_login(r, "st", "wrong", NULL, "1.2.3.4", now, token, &u, &err), -1);
    assert_int_equal(auth_login(r, "st", PW, NULL, "1.2.3.4", now, token, &u, &err), -1);
    assert_string_equal(err.code, "throttled");
    assert_int_equal(auth_user_unlock(r, "user:sec", "st", &err), 0);
    assert_int_equal(auth_login(r, "st", PW, NULL, "1.2.3.4", now, token, &u, &err), 0);
    assert_int_equal(auth_session_user(r, token, now, &u, &err), 1);
    assert_int_equal(auth_user_end_sessions(r, "user:sec", "st", &err), 0);
    assert_int_equal(auth_session_user(r, token, now, &u, &err), 0);
    expect_fail(auth_user_unlock(r, "user:sec", "nobody", &err), &err, "unknown_user", "name");
    enum auth_role role;
    assert_int_equal(auth_user_role(r, "st", &role, &err), 0);
    assert_int_equal(role, ROLE_STREET);
    /* both audited under the security administrator */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_conn(reg_db(r)),
                                        "SELECT group_concat(action, ' ') FROM audit_log "
                                        "WHERE actor = 'user:sec'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0),
                        "user.unlock user.sessions_end");
    sqlite3_finalize(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        cmocka_unit_test_setup_teardown(test_separation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unlock_and_end_sessions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
