/* Accounts, sessions and failed logins in SQLite. */
#include "store/authstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

static void read_user(struct dbst *st, struct user_row *u)
{
    u->id = db_col_int64(st, 0);
    snprintf(u->name, sizeof u->name, "%s", db_col_text(st, 1));
    snprintf(u->role, sizeof u->role, "%s", db_col_text(st, 2));
    snprintf(u->division, sizeof u->division, "%s", db_col_text(st, 3));
    snprintf(u->pw_hash, sizeof u->pw_hash, "%s", db_col_text(st, 4));
    u->disabled = db_col_int(st, 5) != 0;
    u->provider_id = db_col_int64(st, 6);
    u->org_id = db_col_int64(st, 7);
    u->institution_id = db_col_int64(st, 8);
}

/* Steps a user look-up: 1 with the row in out (statement left on the row
 * for further columns), 0 (reset), or -1. */
static int step_user(struct db *db, struct dbst *st, struct user_row *out, struct mz_err *err)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_user(st, out);
        return 1;
    }
    db_reset(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "查询账户");
}

int as_user_insert(struct db *db, struct user_row *u, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, u->name);
    db_bind_text(st, 2, u->role);
    db_bind_text(st, 3, u->division);
    db_bind_text(st, 4, u->pw_hash);
    db_bind_text(st, 5, now);
    int rc = db_step(st);
    if (rc == DB_ROW)
        u->id = db_col_int64(st, 0);
    db_reset(st);
    if (rc == DB_UNIQUE)
        return mz_fail_field(err, "name", "user_exists", "账户“%s”已存在", u->name);
    return rc == DB_ROW ? 0 : db_error(db, err, "新增账户");
}

int as_user_by_name(struct db *db, const char *name, struct user_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_BY_NAME, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, name);
    int rc = step_user(db, st, out, err);
    if (rc == 1)
        db_reset(st);
    return rc;
}

int as_user_scan(struct db *db, int (*fn)(void *ctx, const struct user_row *u), void *ctx,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_LIST, err);
    if (!st)
        return -1;
    struct user_row u;
    int rc, result = 0;
    while (result == 0 && (rc = step_user(db, st, &u, err)) == 1)
        result = fn(ctx, &u);
    db_reset(st);
    return result ? result : rc;
}

static int exec_id_int(struct db *db, enum sql_id id, int64_t a, int64_t b, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, a);
    db_bind_int64(st, 2, b);
    return db_exec_stmt(db, st, err);
}

int as_user_set_disabled(struct db *db, int64_t id, bool disabled, struct mz_err *err)
{
    return exec_id_int(db, SQL_U_SET_DISABLED, id, disabled, err);
}

int as_user_set_org(struct db *db, int64_t id, int64_t org_id, struct mz_err *err)
{
    return exec_id_int(db, SQL_U_SET_ORG, id, org_id, err);
}

int as_user_set_institution(struct db *db, int64_t id, int64_t institution_id,
                            struct mz_err *err)
{
    return exec_id_int(db, SQL_U_SET_INSTITUTION, id, institution_id, err);
}

int as_user_set_provider(struct db *db, int64_t id, int64_t provider_id, struct mz_err *err)
{
    return exec_id_int(db, SQL_U_SET_PROVIDER, id, provider_id, err);
}

int as_user_totp(struct db *db, int64_t id, unsigned char *sealed, size_t cap, size_t *len,
                 int64_t *step, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_TOTP_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st), found = 0;
    if (rc == DB_ROW && db_col_type(st, 0) == DB_BLOB) {
        size_t n = (size_t)db_col_bytes(st, 0);
        if (n <= cap) {
            memcpy(sealed, db_col_blob(st, 0), n);
            *len = n;
            *step = db_col_int64(st, 1);
            found = 1;
        }
    }
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return db_error(db, err, "读取动态口令设置");
    return found;
}

int as_user_totp_set(struct db *db, int64_t id, const unsigned char *sealed, size_t len,
                     struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_TOTP_SET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    if (sealed)
        db_bind_blob_static(st, 2, sealed, len);
    else
        db_bind_null(st, 2);
    return db_exec_stmt(db, st, err);
}

int as_user_totp_use(struct db *db, int64_t id, int64_t step, struct mz_err *err)
{
    if (exec_id_int(db, SQL_U_TOTP_STEP, id, step, err) < 0)
        return -1;
    return db_changes(db) > 0;
}

int as_user_set_password(struct db *db, int64_t id, const char *pw_hash, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_SET_PASSWORD, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, pw_hash);
    return db_exec_stmt(db, st, err);
}

/* Steps a prepared count(*) statement into *n. */
static int count_rows(struct db *db, struct dbst *st, long *n, struct mz_err *err)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        *n = (long)db_col_int64(st, 0);
    db_reset(st);
    return rc == DB_ROW ? 0 : db_error(db, err, "计数");
}

int as_user_count(struct db *db, long *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_COUNT, err);
    return st ? count_rows(db, st, n, err) : -1;
}

int as_session_insert(struct db *db, const char *token_hash, int64_t user_id, int64_t created,
                      int64_t expires, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SES_INSERT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, token_hash);
    db_bind_int64(st, 2, user_id);
    db_bind_int64(st, 3, created);
    db_bind_int64(st, 4, expires);
    return db_exec_stmt(db, st, err);
}

int as_session_user(struct db *db, const char *token_hash, struct user_row *out,
                    int64_t *expires, int64_t *last_seen, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SES_USER, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, token_hash);
    int rc = step_user(db, st, out, err);
    if (rc == 1) {
        *expires = db_col_int64(st, 9);
        *last_seen = db_col_int64(st, 10);
        db_reset(st);
    }
    return rc;
}

static int exec_text(struct db *db, enum sql_id id, const char *text, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, text);
    return db_exec_stmt(db, st, err);
}

int as_session_touch(struct db *db, const char *token_hash, int64_t at, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SES_TOUCH, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, token_hash);
    db_bind_int64(st, 2, at);
    return db_exec_stmt(db, st, err);
}

int as_session_delete(struct db *db, const char *token_hash, struct mz_err *err)
{
    return exec_text(db, SQL_SES_DELETE, token_hash, err);
}

int as_session_delete_user(struct db *db, int64_t user_id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SES_DELETE_USER, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, user_id);
    return db_exec_stmt(db, st, err);
}

int as_session_purge(struct db *db, int64_t now, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SES_PURGE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, now);
    return db_exec_stmt(db, st, err);
}

/* Runs statement id over (user_name, source, t); a count fills *n. */
static int login_failures_stmt(struct db *db, enum sql_id id, const char *user_name,
                               const char *source, int64_t t, long *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, user_name);
    db_bind_text(st, 2, source);
    db_bind_int64(st, 3, t);
    return n ? count_rows(db, st, n, err) : db_exec_stmt(db, st, err);
}

int as_login_failure_add(struct db *db, const char *user_name, const char *source, int64_t at,
                         struct mz_err *err)
{
    return login_failures_stmt(db, SQL_LF_INSERT, user_name, source, at, NULL, err);
}

int as_login_failures(struct db *db, const char *user_name, const char *source, int64_t since,
                      long *n, struct mz_err *err)
{
    return login_failures_stmt(db, SQL_LF_COUNT, user_name, source, since, n, err);
}

int as_login_failures_clear(struct db *db, const char *user_name, const char *source,
                            int64_t before, struct mz_err *err)
{
    return login_failures_stmt(db, SQL_LF_CLEAR, user_name, source, before, NULL, err);
}

int as_login_failures_clear_name(struct db *db, const char *user_name, struct mz_err *err)
{
    return exec_text(db, SQL_LF_CLEAR_NAME, user_name, err);
}

/* ---- holders and the administrators' view -------------------------------- */

int as_user_set_holder(struct db *db, int64_t id, const unsigned char *sealed, size_t len,
                       const unsigned char index[16], struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_SET_HOLDER, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_blob_static(st, 2, sealed, len);
    db_bind_blob_static(st, 3, index, 16);
    return db_exec_stmt(db, st, err);
}

int as_user_by_holder(struct db *db, const unsigned char index[16],
                      int (*fn)(void *ctx, const char *role, const char *name), void *ctx,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_BY_HOLDER, err);
    if (!st)
        return -1;
    db_bind_blob_static(st, 1, index, 16);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = fn(ctx, db_col_text(st, 0), db_col_text(st, 1));
    db_reset(st);
    if (result)
        return result;
    return rc == DB_DONE ? 0 : db_error(db, err, "按持有人查询账户");
}

int as_user_set_login(struct db *db, int64_t id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_SET_LOGIN, err);
    if (!st)
        return -1;
    char at[32];
    db_now(at);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, at);
    return db_exec_stmt(db, st, err);
}

int as_account_scan(struct db *db, int64_t now, int64_t since,
                    int (*fn)(void *ctx, const struct account_row *a), void *ctx,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_U_ADMIN_LIST, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, now);
    db_bind_int64(st, 2, since);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct account_row a;
        snprintf(a.name, sizeof a.name, "%s", db_col_text(st, 0));
        snprintf(a.role, sizeof a.role, "%s", db_col_text(st, 1));
        snprintf(a.division, sizeof a.division, "%s", db_col_text(st, 2));
        a.disabled = db_col_int(st, 3) != 0;
        snprintf(a.last_login, sizeof a.last_login, "%s", db_col_text(st, 4));
        a.totp = db_col_int(st, 5) != 0;
        a.holder = db_col_int(st, 6) != 0;
        a.sessions = (long)db_col_int64(st, 7);
        a.failures = (long)db_col_int64(st, 8);
        result = fn(ctx, &a);
    }
    db_reset(st);
    if (result)
        return result;
    return rc == DB_DONE ? 0 : db_error(db, err, "列出账户");
}

/* ---- delegations -------------------------------------------------------- */

int as_delegation_add(struct db *db, int64_t user_id, const char *os_user, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DG_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, os_user);
    db_bind_text(st, 3, now);
    return db_exec_stmt(db, st, err);
}

int as_delegation_live(struct db *db, int64_t user_id, const char *os_user, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DG_LIVE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, os_user);
    long n = 0;
    return count_rows(db, st, &n, err) < 0 ? -1 : n > 0;
}

int as_delegation_revoke(struct db *db, int64_t user_id, const char *os_user, int *n,
                         struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DG_REVOKE, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, user_id);
    if (os_user)
        db_bind_text(st, 2, os_user);
    db_bind_text(st, 3, now);
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    *n = db_changes(db);
    return 0;
}

static void read_machine(struct dbst *st, struct machine_row *m)
{
    m->id = db_col_int64(st, 0);
    snprintf(m->name, sizeof m->name, "%s", db_col_text(st, 1));
    snprintf(m->feeds, sizeof m->feeds, "%s", db_col_text(st, 2));
    snprintf(m->created, sizeof m->created, "%s", db_col_text(st, 3));
    snprintf(m->revoked, sizeof m->revoked, "%s", db_col_text(st, 4));
}

int as_machine_insert(struct db *db, struct machine_row *m, const char *token_hash,
                      const char *created_by, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MT_INSERT, err);
    if (!st)
        return -1;
    db_now(m->created);
    db_bind_text(st, 1, m->name);
    db_bind_text(st, 2, token_hash);
    db_bind_text(st, 3, m->feeds);
    db_bind_text(st, 4, m->created);
    db_bind_text(st, 5, created_by);
    int rc = db_step(st);
    if (rc == DB_ROW)
        m->id = db_col_int64(st, 0);
    db_reset(st);
    if (rc == DB_UNIQUE)
        return mz_fail_field(err, "name", "machine_exists", "机器令牌“%s”已存在（先吊销）",
                             m->name);
    return rc == DB_ROW ? 0 : db_error(db, err, "新增机器令牌");
}

int as_machine_by_hash(struct db *db, const char *token_hash, struct machine_row *out,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MT_BY_HASH, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, token_hash);
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_machine(st, out);
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "查询机器令牌");
}

int as_machine_scan(struct db *db, int (*fn)(void *ctx, const struct machine_row *m), void *ctx,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MT_LIST, err);
    if (!st)
        return -1;
    int rc, stop = 0;
    struct machine_row m;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        read_machine(st, &m);
        stop = fn(ctx, &m);
    }
    db_reset(st);
    return stop || rc == DB_DONE ? 0 : db_error(db, err, "列出机器令牌");
}

int as_machine_revoke(struct db *db, const char *name, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MT_REVOKE, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, now);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int64(st, 0);
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "吊销机器令牌");
}
