/* SQLite adapter: open with the pragmas minzheng relies on, migrate, run
 * transactions, and prepare the statements of store/sql.h on first use
 * (sqlite.c implements the statement interface of stmt.h). */
#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "store/migrations.h"
#include "store/sqlite.h"

struct db {
    sqlite3 *conn;
    char *path;
    sqlite3_stmt *stmts[SQL_COUNT];
    struct db_cache cache; /* valid only inside our own write transaction */
};

void db_memory_limit(int64_t bytes)
{
    sqlite3_soft_heap_limit64(bytes);
}

int64_t db_memory_used(void)
{
    return sqlite3_memory_used();
}

sqlite3 *db_conn(struct db *db)
{
    return db->conn;
}

struct db_cache *db_tx_cache(struct db *db)
{
    return db->cache.valid && !sqlite3_get_autocommit(db->conn) ? &db->cache : NULL;
}

static const char *const sql_text[SQL_COUNT] = {
#define X(name, sql) sql,
    SQL_STATEMENTS(X)
#undef X
};

/* The failures a person can act on, by SQLite's result code rc: a stable
 * code and what to do, or NULL for the others (SQLite's own text). */
static const char *cause_of(int rc, const char **code)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
        *code = "disk_full";
        return "写入失败：磁盘已满、超出文件大小限制或存储设备出错；本次操作的改动均未保存，"
               "请腾出空间后重试";
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        *code = "db_readonly";
        return "数据库文件或所在目录不可写，请检查文件权限";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        *code = "db_corrupt";
        return "数据库文件已损坏，请停止写入并从备份恢复（mz restore）";
    default:
        *code = "db_error";
        return NULL;
    }
}

bool db_failed(const struct mz_err *err)
{
    static const char *const codes[] = {"db_error", "disk_full", "db_readonly", "db_corrupt"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (strcmp(err->code, codes[i]) == 0)
            return true;
    return false;
}

static const char *db_cause(struct db *db, const char **code)
{
    return cause_of(sqlite3_errcode(db->conn), code);
}

int db_error(struct db *db, struct mz_err *err, const char *what)
{
    const char *code, *cause = db_cause(db, &code);
    return mz_fail(err, code, "数据库错误（%s）：%s", what,
                   cause ? cause : sqlite3_errmsg(db->conn));
}

static int exec(struct db *db, const char *sql, struct mz_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        const char *code, *cause = db_cause(db, &code);
        mz_fail(err, code, "数据库错误：%s", cause ? cause : msg ? msg : sqlite3_errmsg(db->conn));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int user_version(struct db *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db->conn, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* Fails if migration n left a row whose foreign key points nowhere. */
static int fk_check(struct db *db, int n, struct mz_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->conn, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, "检查外键");
    int rc = sqlite3_step(st);
    char table[64] = "";
    if (rc == SQLITE_ROW)
        snprintf(table, sizeof table, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return mz_fail(err, "db_migration", "数据库结构升级 %d 后表 %s 有外键指向不存在的记录", n,
                       table);
    return rc == SQLITE_DONE ? 0 : db_error(db, err, "检查外键");
}

static int migrate(struct db *db, struct mz_err *err)
{
    int have = user_version(db);
    if (have < 0)
        return db_error(db, err, "读取 user_version");
    if (have > migrations_count())
        return mz_fail(err, "db_too_new",
                       "数据库 %s 的结构版本 %d 比本程序支持的 %d 新，请升级 mz", db->path, have,
                       migrations_count());
    for (int n = have + 1; n <= migrations_count(); n++) {
        char pragma[48];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", n);
        if (exec(db, "BEGIN IMMEDIATE", err) < 0)
            return -1;
        if (exec(db, migration_sql(n), err) < 0 || fk_check(db, n, err) < 0 ||
            exec(db, pragma, err) < 0) {
            exec(db, "ROLLBACK", NULL);
            return -1;
        }
        if (exec(db, "COMMIT", err) < 0)
            return -1;
    }
    return 0;
}

/* Waits for a lock another process holds (a command beside the server),
 * trying again every millisecond for up to 5 s. SQLite's own busy timeout
 * backs off to 100 ms between tries: a waiting server request then lost
 * the lock again and again to a feed batch committing every 100 records,
 * and stood for seconds (the soak). */
static int busy_wait(void *ctx, int tries)
{
    (void)ctx;
    if (tries >= 5000)
        return 0;
    usleep(1000);
    return 1;
}

int db_open(const char *path, struct db **out, struct mz_err *err)
{
    *out = NULL;
    struct db *db = mz_calloc(1, sizeof *db);
    if (!db || !(db->path = mz_strdup(path))) {
        mz_free(db);
        return mz_fail(err, "out_of_memory", "内存不足");
    }
    int rc = sqlite3_open_v2(path, &db->conn,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        mz_fail(err, "db_open", "无法打开数据库 %s：%s", path,
                db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
        goto out_close;
    }
    sqlite3_busy_handler(db->conn, busy_wait, NULL);
    sqlite3_extended_result_codes(db->conn, 1);
    /* The WAL is copied back into the database every 10,000 pages (about
     * 40 MB) rather than SQLite's 1,000: feed batches change index pages
     * scattered over the file, and a page changed by many transactions is
     * then written back once; single-record transactions (the feed API)
     * meet a checkpoint ten times less often (a longer one). */
    /* Migrations run before foreign keys are switched on, so that one may
     * rebuild a referenced table (SQLite's "making other kinds of table
     * schema changes"); each is checked with foreign_key_check. */
    /* secure_delete: deleted records (purged audit entries, ended
     * sessions, replaced sealed values) are overwritten with zeros in the
     * file and the WAL, not left in free pages (等保 level 3, 剩余信息保护). */
    if (exec(db,
             "PRAGMA journal_mode = WAL; PRAGMA secure_delete = ON;"
             "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;"
             "PRAGMA wal_autocheckpoint = 10000;",
             err) < 0)
        goto out_close;
    /* Every commit reaches the disk before it is reported (payments,
     * decisions and their audit entries survive a power failure):
     * synchronous = FULL syncs the WAL at each commit. MZ_SYNCHRONOUS=normal
     * syncs only at checkpoints, for a bulk load that can be run again
     * (docs/security.md, measured by bench_durability). */
    const char *sync = getenv("MZ_SYNCHRONOUS");
    if (exec(db,
             sync && strcmp(sync, "normal") == 0 ? "PRAGMA synchronous = NORMAL"
                                                 : "PRAGMA synchronous = FULL",
             err) < 0)
        goto out_close;
    if (migrate(db, err) < 0 || exec(db, "PRAGMA foreign_keys = ON;", err) < 0)
        goto out_close;
    *out = db;
    return 0;
out_close:
    db_close(db);
    return -1;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < SQL_COUNT; i++)
        sqlite3_finalize(db->stmts[i]);
    sqlite3_close(db->conn);
    mz_free(db->path);
    mz_free(db);
}

int db_schema_version(struct db *db)
{
    return user_version(db);
}

const char *db_path(const struct db *db)
{
    return db->path;
}

bool db_in_transaction(const struct db *db)
{
    return !sqlite3_get_autocommit(db->conn);
}

bool db_writing(const struct db *db)
{
    return sqlite3_txn_state(db->conn, NULL) == SQLITE_TXN_WRITE;
}

int db_begin(struct db *db, struct mz_err *err)
{
    memset(&db->cache, 0, sizeof db->cache);
    if (exec(db, "BEGIN IMMEDIATE", err) < 0)
        return -1;
    db->cache.valid = true; /* we hold the write lock until commit */
    return 0;
}

int db_commit(struct db *db, struct mz_err *err)
{
    db->cache.valid = false;
    return exec(db, "COMMIT", err);
}

int db_read_begin(struct db *db, struct mz_err *err)
{
    return sqlite3_exec(db->conn, "BEGIN DEFERRED", NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : db_error(db, err, "开始读事务");
}

void db_read_end(struct db *db)
{
    if (!sqlite3_get_autocommit(db->conn))
        sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
}

void db_rollback(struct db *db)
{
    db->cache.valid = false;
    if (!sqlite3_get_autocommit(db->conn))
        exec(db, "ROLLBACK", NULL);
}

int db_savepoint(struct db *db, struct mz_err *err)
{
    return exec(db, "SAVEPOINT unit", err);
}

int db_release(struct db *db, struct mz_err *err)
{
    return exec(db, "RELEASE unit", err);
}

void db_rollback_savepoint(struct db *db)
{
    /* What was cached may have been undone. */
    db->cache.audit_known = false;
    exec(db, "ROLLBACK TO unit; RELEASE unit", NULL);
}

struct dbst *db_stmt(struct db *db, enum sql_id id, struct mz_err *err)
{
    sqlite3_stmt *st = db->stmts[id];
    if (!st) {
        if (sqlite3_prepare_v3(db->conn, sql_text[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
                               NULL) != SQLITE_OK) {
            db_error(db, err, "准备语句");
            return NULL;
        }
        db->stmts[id] = st;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return (struct dbst *)st;
}

int db_check(struct db *db, struct mz_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->conn, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, "integrity_check");
    const char *result = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0)
                                                        : NULL;
    int ok = result && strcmp(result, "ok") == 0;
    if (!ok)
        mz_fail(err, "db_corrupt", "数据库完整性检查失败：%s", result ? result : "");
    sqlite3_finalize(st);
    if (!ok)
        return -1;
    if (sqlite3_prepare_v2(db->conn, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, "foreign_key_check");
    ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok ? 0 : mz_fail(err, "db_corrupt", "数据库外键检查失败");
}

int db_copy(const char *src, const char *dest, bool create, struct mz_err *err)
{
    if (create) {
        int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0)
            return mz_fail(err, errno == EEXIST ? "file_exists" : "io_error", "无法创建 %s：%s",
                           dest, errno == EEXIST ? "文件已存在" : strerror(errno));
        close(fd);
    }
    sqlite3 *from = NULL, *to = NULL;
    int rc = sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        mz_fail(err, "db_open", "无法打开数据库 %s：%s", src,
                from ? sqlite3_errmsg(from) : sqlite3_errstr(rc));
        goto out_close;
    }
    if ((rc = sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE, NULL)) != SQLITE_OK) {
        mz_fail(err, "db_open", "无法打开数据库 %s：%s", dest,
                to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
        goto out_close;
    }
    sqlite3_busy_timeout(from, 5000);
    sqlite3_busy_timeout(to, 5000);
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) {
        mz_fail(err, "db_error", "无法开始复制 %s：%s", src, sqlite3_errmsg(to));
        rc = SQLITE_ERROR;
        goto out_close;
    }
    /* All pages in one step: one read transaction on src, so the copy is
     * one snapshot and a concurrent writer never restarts it. A busy
     * destination is waited for, as the busy timeout would. */
    for (int tries = 0; (rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED;
         tries++) {
        if (tries == 50) break;
        usleep(100000);
    }
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        const char *code, *cause = cause_of(rc, &code);
        mz_fail(err, code, "复制 %s 到 %s 失败：%s", src, dest, cause ? cause : sqlite3_errstr(rc));
    }
out_close:
    sqlite3_close(from);
    sqlite3_close(to);
    if (rc != SQLITE_DONE && create) {
        /* nothing of a failed copy stays: the file nor its rollback journal */
        char journal[4096];
        unlink(dest);
        if (snprintf(journal, sizeof journal, "%s-journal", dest) < (int)sizeof journal)
            unlink(journal);
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

int db_count_rows(struct db *db, const char *table, int64_t *n, struct mz_err *err)
{
    char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
    sqlite3_stmt *st = NULL;
    int ok = sql && sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *n = sqlite3_column_int64(st, 0);
    else
        db_error(db, err, table);
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return ok ? 0 : -1;
}
