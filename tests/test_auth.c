/* Accounts: scrypt password hashes (format, salt, verification, malformed
 * hashes), session tokens (random, digest, validation), roles and scope,
 * user commands with their audit entries, logins, throttling, expiry,
 * disabling and logout, machine tokens, on a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/totp.h"
#include "store/sqlite.h"
#include "auth/password.h"
#include "registry/divisions.h"
#include "registry/registry.h"


static void test_password_hash_and_verify(void **state)
{
    (void)state;
    char a[AUTH_HASH_MAX], b[AUTH_HASH_MAX];
    struct mz_err err = {0};
    assert_int_equal(auth_password_hash("correct horse", a, &err), 0);
    assert_int_equal(auth_password_hash("correct horse", b, &err), 0);
    assert_int_equal(strncmp(a, "scrypt$14$8$1$", 14), 0);
    assert_int_equal(strlen(a), 14 + 32 + 1 + 64);
    assert_string_not_equal(a, b); /* fresh salt each time */
    assert_int_equal(auth_password_verify("correct horse", a), 1);
    assert_int_equal(auth_password_verify("correct horse", b), 1);
    assert_int_equal(auth_password_verify("correct horsf", a), 0);
    assert_int_equal(auth_password_verify("", a), 0);
}

static void test_password_malformed_hash(void **state)
{
    (void)state;
    char h[AUTH_HASH_MAX];
    assert_int_equal(auth_password_hash("pa55word!", h, NULL), 0);
    char bad[AUTH_HASH_MAX];
    /* a flipped hash digit no longer verifies */
    snprintf(bad, sizeof bad, "%s", h);
    bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
    assert_int_equal(auth_password_verify("pa55word!", bad), 0);
    /* parameters out of bounds, truncated or foreign hashes are refused */
    snprintf(bad, sizeof bad, "scrypt$30$8$1$%s", h + 14);
    assert_int_equal(auth_password_verify("pa55word!", bad), -1);
    snprintf(bad, sizeof bad, "%.*s", (int)strlen(h) - 2, h);
    assert_int_equal(auth_password_verify("pa55word!", bad), -1);
    assert_int_equal(auth_password_verify("pa55word!", "$2b$12$abcdefgh"), -1);
    assert_int_equal(auth_password_verify("pa55word!", ""), -1);
}

static void test_password_policy_and_generate(void **state)
{
    (void)state;
    struct mz_err err = {0};
    assert_int_equal(auth_password_check("short", &err), -1);
    assert_string_equal(err.code, "weak_password");
    assert_non_null(strstr(err.msg, "至少 8"));
    assert_int_equal(auth_password_check("long enough", &err), 0);
    char p1[17], p2[17];
    assert_int_equal(auth_password_generate(p1, sizeof p1), 0);
    assert_int_equal(auth_password_generate(p2, sizeof p2), 0);
    assert_int_equal(strlen(p1), 16);
    assert_string_not_equal(p1, p2);
    assert_null(strpbrk(p1, "0O1lI"));
}

static void test_tokens(void **state)
{
    (void)state;
    char t1[AUTH_TOKEN_HEX], t2[AUTH_TOKEN_HEX], d1[AUTH_TOKEN_HEX], d2[AUTH_TOKEN_HEX];
    assert_int_equal(auth_token_new(t1), 0);
    assert_int_equal(auth_token_new(t2), 0);
    assert_int_equal(strlen(t1), 64);
    assert_int_equal(strspn(t1, "0123456789abcdef"), 64);
    assert_string_not_equal(t1, t2);
    assert_int_equal(auth_token_digest(t1, d1), 0);
    assert_int_equal(auth_token_digest(t1, d2), 0);
    assert_string_equal(d1, d2);
    assert_string_not_equal(d1, t1); /* stored form is not the token */
    assert_int_equal(auth_token_digest(t2, d2), 0);
    assert_string_not_equal(d1, d2);
    /* known answer: SM3 of the 64 characters (openssl dgst -sm3) */
    const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
    assert_int_equal(auth_token_digest(zeros, d1), 0);
    assert_string_equal(d1, "cd4aaa5958b6b4c16918b157c2721a7267e95b99f7199fb591549211a55e3725");
    assert_int_equal(auth_token_digest("abc", d1), -1);
    t1[10] = 'G';
    assert_int_equal(auth_token_digest(t1, d1), -1);
}

static void test_roles_and_scope(void **state)
{
    (void)state;
    enum auth_role role;
    struct mz_err err = {0};
    assert_int_equal(auth_role_parse("street", &role, &err), 0);
    assert_int_equal(role, ROLE_STREET);
    assert_string_equal(auth_role_label(role), "街道/乡镇经办");
    assert_int_equal(auth_role_parse("boss", &role, &err), -1);
    assert_string_equal(err.code, "invalid_role");
    assert_non_null(strstr(err.msg, "boss"));
    assert_false(auth_role_can_write(ROLE_AUDITOR));
    assert_true(auth_role_sees_full(ROLE_AUDITOR));
    assert_true(auth_role_can_write(ROLE_COMMUNITY));
    assert_false(auth_role_sees_full(ROLE_COMMUNITY));
    struct auth_user u = {.role = ROLE_STREET, .division = "500105001"};
    assert_true(auth_in_scope(&u, "500105001002"));
    assert_false(auth_in_scope(&u, "500105002001"));
    assert_false(auth_in_scope(&u, "500105"));
}

/* ---- accounts on a database ------------------------------------------- */

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
};

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

static int count_user(void *ctx, const struct auth_user *u)
{
    (void)u;
    ++*(int *)ctx;
    return 0;
}

static void test_user_add_validation(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "li.si", ROLE_STREET, "500105001", "secret-pw", &err), 0);
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "li.si", ROLE_STREET, "500105001", "secret-pw", &err), -1);
    assert_string_equal(err.code, "user_exists");
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "wang", ROLE_STREET, "500105", "secret-pw", &err), -1);
    assert_string_equal(err.code, "invalid_scope");
    assert_non_null(strstr(err.msg, "9位"));
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "wang", ROLE_DISTRICT, "509999", "secret-pw", &err), -1);
    assert_string_equal(err.field, "division");
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "wang wu", ROLE_AUDITOR, "50", "secret-pw", &err), -1);
    assert_string_equal(err.field, "name");
    assert_int_equal(auth_user_add(f->reg, "cli:t", "wang", ROLE_AUDITOR, "50", "pw", &err), -1);
    assert_string_equal(err.code, "weak_password");
    int n = 0;
    assert_int_equal(auth_user_scan(f->reg, count_user, &n, &err), 0);
    assert_int_equal(n, 1);
    /* one audit entry (the add), and the chain verifies */
    struct audit_report rep;
    assert_int_equal(audit_verify(reg_db(f->reg), reg_vault(f->reg), &rep, &err), 0);
    assert_int_equal(rep.entries, 1);
}

/* RFC 6238's SHA-1 test vectors (secret "12345678901234567890"), six digits. */
static void test_totp_vectors(void **state)
{
    (void)state;
    const unsigned char *secret = (const unsigned char *)"12345678901234567890";
    assert_int_equal(totp_code(secret, 59 / TOTP_STEP), 287082);
    assert_int_equal(totp_code(secret, 1111111109 / TOTP_STEP), 81804);
    assert_int_equal(totp_code(secret, 1234567890 / TOTP_STEP), 5924);
    assert_int_equal(totp_code(secret, 2000000000 / TOTP_STEP), 279037);
    char b32[TOTP_BASE32_LEN];
    totp_base32(secret, b32);
    assert_string_equal(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    int64_t step;
    assert_int_equal(totp_check(secret, "287082", 59, 0, &step), 1);
    assert_int_equal(step, 1);
    assert_int_equal(totp_check(secret, "287082", 59, 1, &step), 0); /* used */
    assert_int_equal(totp_check(secret, "287082", 59 + 3 * TOTP_STEP, 0, &step), 0); /* too late */
    assert_int_equal(totp_check(secret, "28708", 59, 0, &step), 0);
    assert_int_equal(totp_check(secret, "28708x", 59, 0, &step), 0);
}

/* Decodes the base32 the enrolment prints (as the authenticator app does). */
static void base32_decode(const char *s, unsigned char out[TOTP_SECRET_LEN])
{
    unsigned buf = 0;
    int bits = 0;
    size_t o = 0;
    for (; *s && o < TOTP_SECRET_LEN; s++) {
        const char *p = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", *s);
        assert_non_null(p);
        buf = (buf << 5) | (unsigned)(p - "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        bits += 5;
        if (bits >= 8) {
            out[o++] = (unsigned char)(buf >> (bits - 8));
            bits -= 8;
        }
    }
    assert_int_equal(o, TOTP_SECRET_LEN);
}

/* The second factor: a password alone no longer opens a session; a wrong
 * or replayed code is refused and audited; each step's code works once. */
static void test_login_with_second_factor(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "qian", ROLE_STREET, "500105001", "pw-qian-123", &err), 0);
    char b32[TOTP_BASE32_LEN], token[AUTH_TOKEN_HEX], code[8];
    assert_int_equal(auth_totp_enroll(f->reg, "cli:t", "qian", b32, &err), 0);
    unsigned char secret[TOTP_SECRET_LEN];
    base32_decode(b32, secret);
    struct auth_user u;
    time_t now = 1767225600;
    assert_int_equal(auth_login(f->reg, "qian", "pw-qian-123", NULL, "", now, token, &u, &err), -1);
    assert_string_equal(err.code, "otp_required");
    assert_string_equal(err.field, "otp");
    snprintf(code, sizeof code, "%06d", (totp_code(secret, (uint64_t)(now / TOTP_STEP)) + 1) % 1000000);
    assert_int_equal(auth_login(f->reg, "qian", "pw-qian-123", code, "", now, token, &u, &err), -1);
    assert_string_equal(err.code, "bad_otp");
    snprintf(code, sizeof code, "%06d", totp_code(secret, (uint64_t)(now / TOTP_STEP)));
    /* a right code with a wrong password is still refused */
    assert_int_equal(auth_login(f->reg, "qian", "pw-wrong-1", code, "", now, token, &u, &err), -1);
    assert_string_equal(err.code, "bad_credentials");
    assert_int_equal(auth_login(f->reg, "qian", "pw-qian-123", code, "", now, token, &u, &err), 0);
    assert_string_equal(u.name, "qian");
    /* the same code again, even within its step: refused */
    assert_int_equal(auth_login(f->reg, "qian", "pw-qian-123", code, "", now + 5, token, &u, &err), -1);
    assert_string_equal(err.code, "bad_otp");
    /* the next step's code works */
    snprintf(code, sizeof code, "%06d", totp_code(secret, (uint64_t)(now / TOTP_STEP) + 1));
    assert_int_equal(
        auth_login(f->reg, "qian", "pw-qian-123", code, "", now + TOTP_STEP, token, &u, &err), 0);
    /* the failures are security events in the audit log */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_conn(reg_db(f->reg)),
                                        "SELECT group_concat(detail) FROM audit_log WHERE action = "
                                        "'user.login_failed'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0),
                        "otp_required,bad_otp,bad_credentials,bad_otp");
    sqlite3_finalize(st);
    /* removed: the password alone again */
    assert_int_equal(auth_totp_remove(f->reg, "cli:t", "qian", &err), 0);
    assert_int_equal(auth_login(f->reg, "qian", "pw-qian-123", NULL, "", now + 99, token, &u, &err), 0);
}

static void test_login_session_logout(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "zhang", ROLE_COMMUNITY, "500105001002", "pw-12345", &err),
        0);
    char token[AUTH_TOKEN_HEX];
    struct auth_user u, s;
    time_t now = 1767225600;
    assert_int_equal(auth_login(f->reg, "zhang", "pw-12345", NULL, "", now, token, &u, &err), 0);
    assert_string_equal(u.name, "zhang");
    assert_int_equal(u.role, ROLE_COMMUNITY);
    assert_string_equal(u.division, "500105001002");
    assert_int_equal(auth_session_user(f->reg, token, now + 60, &s, &err), 1);
    assert_int_equal(s.id, u.id);
    assert_true(s.touch_due); /* a minute after the last use: record it */
    assert_int_equal(auth_session_user(f->reg, token, now + 30, &s, &err), 1);
    assert_false(s.touch_due); /* half a minute: not yet */
    /* idle: ended AUTH_IDLE_SECONDS after its last recorded use … */
    assert_int_equal(auth_session_user(f->reg, token, now + AUTH_IDLE_SECONDS, &s, &err), 0);
    /* … which each use at least AUTH_TOUCH_SECONDS later moves on */
    time_t t = now;
    for (int i = 0; i < 4; i++) {
        t += AUTH_IDLE_SECONDS - 10;
        assert_int_equal(auth_session_user(f->reg, token, t, &s, &err), 1);
        assert_true(s.touch_due);
        assert_int_equal(auth_session_touch(f->reg, token, t, &err), 0);
    }
    /* expired at the end of the session's life, however busy */
    for (t += AUTH_IDLE_SECONDS - 10; t < now + AUTH_SESSION_SECONDS; t += AUTH_IDLE_SECONDS - 10)
        assert_int_equal(auth_session_touch(f->reg, token, t, &err), 0);
    assert_int_equal(auth_session_user(f->reg, token, now + AUTH_SESSION_SECONDS, &s, &err), 0);
    /* malformed and unknown tokens */
    assert_int_equal(auth_session_user(f->reg, "nope", now, &s, &err), 0);
    char other[AUTH_TOKEN_HEX];
    assert_int_equal(auth_token_new(other), 0);
    assert_int_equal(auth_session_user(f->reg, other, now, &s, &err), 0);
    assert_int_equal(auth_logout(f->reg, token, &err), 0);
    assert_int_equal(auth_session_user(f->reg, token, now + 60, &s, &err), 0);
    /* wrong password and unknown user fail alike */
    assert_int_equal(auth_login(f->reg, "zhang", "wrong-pw", NULL, "", now, token, &u, &err), -1);
    assert_string_equal(err.code, "bad_credentials");
    char msg[512];
    snprintf(msg, sizeof msg, "%s", err.msg);
    assert_int_equal(auth_login(f->reg, "nobody", "wrong-pw", NULL, "", now, token, &u, &err), -1);
    assert_string_equal(err.code, "bad_credentials");
    assert_string_equal(err.msg, msg);
    struct audit_report rep;
    assert_int_equal(audit_verify(reg_db(f->reg), reg_vault(f->reg), &rep, &err), 0);
    assert_int_equal(rep.entries, 4); /* add, login, logout, the wrong password of zhang */
}

static int count_machine(void *ctx, const struct auth_machine *m)
{
    (*(int *)ctx) += m->revoked ? 100 : 1;
    return 0;
}

static void test_machine_tokens(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX], again[AUTH_TOKEN_HEX];
    const char *feeds[] = {"yibao", "gongan"};
    assert_int_equal(auth_machine_add(f->reg, "cli:t", "yb-sys", feeds, 2, token, &err), 0);
    struct auth_machine m;
    assert_int_equal(auth_machine_find(f->reg, token, &m, &err), 1);
    assert_string_equal(m.name, "yb-sys");
    assert_true(auth_machine_may(&m, "yibao"));
    assert_true(auth_machine_may(&m, "gongan"));
    assert_false(auth_machine_may(&m, "yi"));
    assert_false(auth_machine_may(&m, "renshe"));
    /* a machine token is no session, and a session lookup finds nothing */
    struct auth_user u;
    assert_int_equal(auth_session_user(f->reg, token, time(NULL), &u, &err), 0);
    /* only the digest is stored */
    char digest[AUTH_TOKEN_HEX];
    assert_int_equal(auth_token_digest(token, digest), 0);
    assert_int_equal(auth_machine_find(f->reg, digest, &m, &err), 0);
    /* names are unique among valid tokens; bad feed names are refused */
    assert_int_equal(auth_machine_add(f->reg, "cli:t", "yb-sys", feeds, 1, again, &err), -1);
    assert_string_equal(err.code, "machine_exists");
    const char *bad[] = {"Yi Bao"};
    assert_int_equal(auth_machine_add(f->reg, "cli:t", "x", bad, 1, again, &err), -1);
    assert_string_equal(err.field, "feed");
    assert_int_equal(auth_machine_add(f->reg, "cli:t", "x", feeds, 0, again, &err), -1);
    /* revoked: refused, listed as revoked, the name free again */
    assert_int_equal(auth_machine_revoke(f->reg, "cli:t", "yb-sys", &err), 0);
    assert_int_equal(auth_machine_find(f->reg, token, &m, &err), 0);
    assert_int_equal(auth_machine_revoke(f->reg, "cli:t", "yb-sys", &err), -1);
    assert_string_equal(err.code, "unknown_machine");
    assert_int_equal(auth_machine_add(f->reg, "cli:t", "yb-sys", feeds, 1, again, &err), 0);
    int seen = 0;
    assert_int_equal(auth_machine_scan(f->reg, count_machine, &seen, &err), 0);
    assert_int_equal(seen, 101);
    struct audit_report rep;
    assert_int_equal(audit_verify(reg_db(f->reg), reg_vault(f->reg), &rep, &err), 0);
    assert_int_equal(rep.entries, 3); /* add, revoke, add */
}

static void test_throttling(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "zhao", ROLE_AUDITOR, "50", "right-pw1", &err), 0);
    char token[AUTH_TOKEN_HEX];
    struct auth_user u;
    time_t now = 1767225600;
    for (int i = 0; i < AUTH_THROTTLE_FAILURES; i++) {
        assert_int_equal(auth_login(f->reg, "zhao", "bad-pw-xx", NULL, "", now + i, token, &u, &err), -1);
        assert_string_equal(err.code, "bad_credentials");
    }
    /* even the right password is refused while throttled */
    assert_int_equal(auth_login(f->reg, "zhao", "right-pw1", NULL, "", now + 10, token, &u, &err), -1);
    assert_string_equal(err.code, "throttled");
    /* after the window it works again, and the count starts over */
    time_t later = now + AUTH_THROTTLE_SECONDS + 10;
    assert_int_equal(auth_login(f->reg, "zhao", "right-pw1", NULL, "", later, token, &u, &err), 0);
    assert_int_equal(auth_login(f->reg, "zhao", "bad-pw-xx", NULL, "", later, token, &u, &err), -1);
    assert_string_equal(err.code, "bad_credentials");
}

/* Guesses from one address do not lock the account out for another. */
static void test_throttling_by_source(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "admin1", ROLE_CITY_ADMIN, "50", "right-pw1", &err), 0);
    char token[AUTH_TOKEN_HEX];
    struct auth_user u;
    time_t now = 1767225600;
    for (int i = 0; i <= AUTH_THROTTLE_FAILURES; i++)
        assert_int_equal(
            auth_login(f->reg, "admin1", "bad-pw-xx", NULL, "203.0.113.9", now + i, token, &u, &err), -1);
    assert_string_equal(err.code, "throttled");
    assert_int_equal(
        auth_login(f->reg, "admin1", "right-pw1", NULL, "203.0.113.9", now + 10, token, &u, &err), -1);
    assert_string_equal(err.code, "throttled");
    assert_int_equal(
        auth_login(f->reg, "admin1", "right-pw1", NULL, "10.0.0.7", now + 10, token, &u, &err), 0);
}

/* Parallel wrong guesses, each on its own connection: exactly
 * AUTH_THROTTLE_FAILURES of them are checked, the rest are throttled. */
struct guess {
    const char *db;
    int result; /* 1 bad_credentials, 2 throttled, 0 other */
};

static void *guess(void *arg)
{
    struct guess *g = arg;
    struct registry *r;
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX];
    struct auth_user u;
    if (reg_open(g->db, NULL, &r, &err) < 0)
        return NULL;
    if (auth_login(r, "sun", "bad-pw-xx", NULL, "198.51.100.4", 1767225600, token, &u, &err) < 0)
        g->result = strcmp(err.code, "bad_credentials") == 0 ? 1
                    : strcmp(err.code, "throttled") == 0     ? 2
                                                             : 0;
    reg_close(r);
    return NULL;
}

static void test_throttling_is_atomic(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "sun", ROLE_AUDITOR, "50", "right-pw1", &err), 0);
    enum { N = 16 };
    pthread_t t[N];
    struct guess g[N];
    for (int i = 0; i < N; i++) {
        g[i] = (struct guess){f->db, 0};
        assert_int_equal(pthread_create(&t[i], NULL, guess, &g[i]), 0);
    }
    int checked = 0, throttled = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        checked += g[i].result == 1;
        throttled += g[i].result == 2;
    }
    assert_int_equal(checked, AUTH_THROTTLE_FAILURES);
    assert_int_equal(throttled, N - AUTH_THROTTLE_FAILURES);
}

/* The command line acts for an account only with its password or a
 * delegation it gave; a new password ends the delegations. */
static void test_cli_proof_and_delegation(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct auth_user u;
    time_t now = 1767225600;
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "zhou", ROLE_STREET, "500103001", "right-pw1", &err), 0);
    assert_int_equal(auth_cli_user(f->reg, "zhou", NULL, "ops", now, &u, &err), -1);
    assert_string_equal(err.code, "not_delegated");
    assert_int_equal(auth_cli_user(f->reg, "zhou", "bad-pw-xx", "ops", now, &u, &err), -1);
    assert_string_equal(err.code, "bad_credentials");
    assert_int_equal(auth_cli_user(f->reg, "zhou", "right-pw1", "ops", now, &u, &err), 0);
    assert_string_equal(u.name, "zhou");
    assert_string_equal(auth_role_case_role(u.role), "street");
    assert_int_equal(auth_delegate(f->reg, "zhou", "bad-pw-xx", "ops", now, &err), -1);
    assert_int_equal(auth_delegate(f->reg, "zhou", "right-pw1", "ops", now, &err), 0);
    assert_int_equal(auth_cli_user(f->reg, "zhou", NULL, "ops", now, &u, &err), 0);
    assert_int_equal(auth_cli_user(f->reg, "zhou", NULL, "mallory", now, &u, &err), -1);
    assert_int_equal(auth_user_passwd(f->reg, "cli:t", "zhou", "second-pw", &err), 0);
    assert_int_equal(auth_cli_user(f->reg, "zhou", NULL, "ops", now, &u, &err), -1);
    assert_string_equal(err.code, "not_delegated");
    assert_int_equal(auth_undelegate(f->reg, "cli:t", "zhou", "ops", &err), -1);
}

static void test_disable_and_passwd_end_sessions(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    assert_int_equal(
        auth_user_add(f->reg, "cli:t", "qian", ROLE_DISTRICT, "500105", "first-pw1", &err), 0);
    char token[AUTH_TOKEN_HEX];
    struct auth_user u;
    time_t now = 1767225600;
    assert_int_equal(auth_login(f->reg, "qian", "first-pw1", NULL, "", now, token, &u, &err), 0);
    assert_int_equal(auth_user_passwd(f->reg, "cli:t", "qian", "second-pw", &err), 0);
    assert_int_equal(auth_session_user(f->reg, token, now + 1, &u, &err), 0);
    assert_int_equal(auth_login(f->reg, "qian", "first-pw1", NULL, "", now, token, &u, &err), -1);
    assert_int_equal(auth_login(f->reg, "qian", "second-pw", NULL, "", now, token, &u, &err), 0);
    assert_int_equal(auth_user_disable(f->reg, "cli:t", "qian", &err), 0);
    assert_int_equal(auth_session_user(f->reg, token, now + 1, &u, &err), 0);
    assert_int_equal(auth_login(f->reg, "qian", "second-pw", NULL, "", now, token, &u, &err), -1);
    assert_string_equal(err.code, "bad_credentials");
    assert_int_equal(auth_user_disable(f->reg, "cli:t", "nobody", &err), -1);
    assert_string_equal(err.code, "unknown_user");
    struct audit_report rep;
    assert_int_equal(audit_verify(reg_db(f->reg), reg_vault(f->reg), &rep, &err), 0);
    /* add, login, passwd, the old password refused, login, disable, the
     * disabled account's attempt refused */
    assert_int_equal(rep.entries, 7);
}

/* Logs in name and returns the session's user. */
static struct auth_user session_of(struct fixture *f, const char *name)
{
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX];
    struct auth_user u, s;
    time_t now = time(NULL);
    assert_int_equal(auth_login(f->reg, name, "pw-12345", NULL, "", now, token, &u, &err), 0);
    assert_int_equal(auth_session_user(f->reg, token, now + 1, &s, &err), 1);
    return s;
}

static void test_scope_follows_division_changes(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct db *db = reg_db(f->reg);
    /* 江北区 and 渝北区 become 两江新区 (500198, a test code); later 两江新区
     * and 长寿区 merge again (500197). */
    const char *first[] = {"500105", "500112"}, *second[] = {"500198", "500115"};
    assert_int_equal(div_change(db, date_parse("2025-11-06"), first, 2, "500198", "两江新区",
                                "测试", &err), 0);
    assert_int_equal(div_change(db, date_parse("2026-01-01"), second, 2, "500197", "合并区",
                                "测试", &err), 0);
    assert_int_equal(auth_user_add(f->reg, "cli:t", "old", ROLE_DISTRICT, "500103", "pw-12345",
                                   &err), 0);
    assert_int_equal(auth_user_add(f->reg, "cli:t", "new", ROLE_DISTRICT, "500197", "pw-12345",
                                   &err), 0);
    struct auth_user old = session_of(f, "old"), merged = session_of(f, "new");
    /* An unaffected scope stays one prefix. */
    assert_int_equal(old.nscope, 1);
    assert_true(auth_in_scope(&old, "500103001001"));
    assert_false(auth_in_scope(&old, "500105001002"));
    /* Records keeping the retired codes lie in the successor's scope,
     * through both changes: its own code and the three retired counties
     * whose units all moved into it (500198 held none of its own). */
    assert_int_equal(merged.nscope, 4);
    assert_true(auth_in_scope(&merged, "500197001"));
    assert_true(auth_in_scope(&merged, "500115001001"));
    assert_true(auth_in_scope(&merged, "500105001002"));
    assert_true(auth_in_scope(&merged, "500112002"));
    assert_false(auth_in_scope(&merged, "500103001001"));
    assert_false(auth_in_scope(&merged, "50"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_hash_and_verify),
        cmocka_unit_test(test_password_malformed_hash),
        cmocka_unit_test(test_password_policy_and_generate),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_roles_and_scope),
        cmocka_unit_test_setup_teardown(test_user_add_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_session_logout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_machine_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttling, setup, teardown),
        cmocka_unit_test(test_totp_vectors),
        cmocka_unit_test_setup_teardown(test_login_with_second_factor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttling_by_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttling_is_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_proof_and_delegation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disable_and_passwd_end_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope_follows_division_changes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
