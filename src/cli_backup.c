/* `mz backup FILE` and `mz restore FILE`: the database copied while it
 * serves and writes (SQLite's online backup), and put back. A copy is
 * trusted only once it is proven whole: integrity and foreign keys, the
 * audit chain checked under the master key, and its main tables counted. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli.h"
#include "crypto/vault.h"
#include "registry/registry.h"

/* The tables whose rows a backup report counts. */
static const char *const counted[] = {"persons", "households", "facts",    "cases", "enrolments",
                                      "rolls",   "roll_lines", "warnings", "users", "audit_log"};

/* Checks the database file at path under the vault (migrating it to the
 * current schema first: a backup of an older mz is upgraded like any
 * database) and prints what it holds, naming it `what`. 0, or 1 after
 * printing why. */
static int verify_copy(const char *path, const struct vault *v, const char *what)
{
    struct mz_err err = {0};
    struct db *db;
    struct audit_report rep;
    if (db_open(path, &db, &err) < 0 || db_check(db, &err) < 0 ||
        audit_verify(db, v, &rep, &err) < 0) {
        fprintf(stderr, "mz: %s未通过校验：%s\n", what, err.msg);
        db_close(db);
        return 1;
    }
    printf("%s：结构版本 %d，完整性与外键检查通过，审计链完整（%" PRId64 " 条，链头 %.16s…）\n",
           what, db_schema_version(db), rep.entries, rep.head);
    for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++) {
        int64_t n;
        if (db_count_rows(db, counted[i], &n, &err) < 0) {
            db_close(db);
            return cli_fail(&err);
        }
        printf("  %-12s %" PRId64 "\n", counted[i], n);
    }
    db_close(db);
    return 0;
}

/* Appends one audit entry for a backup or restore to the database at r. */
static int audit_copy(struct registry *r, const char *action, const char *file)
{
    struct mz_err err = {0};
    struct audit_event ev = {.actor = reg_actor(r),
                             .action = action,
                             .entity = "database",
                             .entity_id = db_path(reg_db(r)),
                             .detail = file};
    if (db_begin(reg_db(r), &err) < 0 || audit_append(reg_db(r), reg_vault(r), &ev, &err) < 0 ||
        db_commit(reg_db(r), &err) < 0) {
        db_rollback(reg_db(r));
        return cli_fail(&err);
    }
    return 0;
}

/* A new file name beside path for a copy in progress (0600, unique). */
static int temp_beside(const char *path, char *buf, size_t cap)
{
    if (snprintf(buf, cap, "%s.tmp-XXXXXX", path) >= (int)cap) return -1;
    int fd = mkstemp(buf);
    if (fd < 0) return -1;
    close(fd);
    unlink(buf); /* db_copy creates it anew, exclusively */
    return 0;
}

static void remove_db_files(const char *path)
{
    static const char *const sides[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        char file[4300];
        if (snprintf(file, sizeof file, "%s%s", path, sides[i]) < (int)sizeof file)
            unlink(file);
    }
}

int cmd_backup(struct cli *c)
{
    if (c->nargs != 1) {
        fputs("用法：mz backup FILE   在线备份数据库（服务运行、写入时均可），并校验备份\n",
              stderr);
        return 2;
    }
    const char *file = c->args[0];
    int rc = cli_unused(c);
    struct registry *r;
    if (rc || (rc = cli_open_registry(c, &r))) return rc;
    struct mz_err err = {0};
    char tmp[4200], key[4096];
    if (access(file, F_OK) == 0) {
        fprintf(stderr, "mz backup: %s 已存在，不覆盖（请换一个文件名）\n", file);
        rc = 1;
    } else if (temp_beside(file, tmp, sizeof tmp) < 0) {
        fprintf(stderr, "mz backup: 无法在 %s 旁创建临时文件\n", file);
        rc = 1;
    } else if (db_copy(db_path(reg_db(r)), tmp, true, &err) < 0) {
        rc = cli_fail(&err);
    } else if ((rc = verify_copy(tmp, reg_vault(r), "备份"))) {
        remove_db_files(tmp);
    } else if (rename(tmp, file) != 0) {
        fprintf(stderr, "mz backup: 无法把备份改名为 %s\n", file);
        remove_db_files(tmp);
        rc = 1;
    } else {
        remove_db_files(tmp); /* the -wal/-shm left by the check (empty) */
        rc = audit_copy(r, "database.backup", file);
        const char *kp =
            reg_key_path(db_path(reg_db(r)), cli_setting(c, "key-file", NULL, 0), key, sizeof key);
        printf(
            "已备份到 %s。主密钥 %s 不在备份中，请另行妥善保管：没有它，备份中的身份证号等无法读取，"
            "审计链也无法校验。\n",
            file,
            getenv("MZ_KEY") ? "（环境变量 MZ_KEY）"
            : kp             ? kp
                             : "");
    }
    reg_close(r);
    return rc;
}

int cmd_restore(struct cli *c)
{
    if (c->nargs != 1) {
        fputs("用法：mz restore FILE [--force]   用备份恢复数据库（先校验备份；"
              "目标已存在时须 --force，并应先停止服务）\n",
              stderr);
        return 2;
    }
    const char *file = c->args[0];
    const char *target = cli_setting(c, "db", NULL, 0);
    bool force = cli_flag(c, "force");
    int rc = cli_unused(c);
    if (rc) return rc;
    char key[4096], tmp[4200];
    struct mz_err err = {0};
    struct vault *v = NULL;
    bool exists = access(target, F_OK) == 0;
    if (!reg_key_path(target, cli_setting(c, "key-file", NULL, 0), key, sizeof key)) {
        fputs("mz restore: 密钥文件路径过长\n", stderr);
        return 1;
    }
    if (access(file, R_OK) != 0) {
        fprintf(stderr, "mz restore: 无法读取备份文件 %s\n", file);
        return 1;
    }
    if (exists && !force) {
        fprintf(stderr, "mz restore: 数据库 %s 已存在；恢复会替换其全部内容，确认请加 --force\n",
                target);
        return 1;
    }
    if (!getenv("MZ_KEY") && access(key, R_OK) != 0) {
        fprintf(stderr,
                "mz restore: 找不到主密钥 %s：请先放回与备份同时保管的密钥文件（或设置 MZ_KEY、"
                "--key-file）\n",
                key);
        return 1;
    }
    if (vault_load(key, &v, &err) < 0) return cli_fail(&err);
    if (temp_beside(target, tmp, sizeof tmp) < 0) {
        fprintf(stderr, "mz restore: 无法在 %s 旁创建临时文件\n", target);
        rc = 1;
    } else if (db_copy(file, tmp, true, &err) < 0) {
        rc = cli_fail(&err);
    } else if (!(rc = verify_copy(tmp, v, "备份文件"))) {
        /* A new database takes the checked copy's place; an existing one
         * has its whole content replaced in one step. */
        if (exists ? db_copy(tmp, target, false, &err) < 0 : rename(tmp, target) != 0)
            rc = err.msg[0] ? cli_fail(&err) : (perror("mz restore"), 1);
    }
    remove_db_files(tmp);
    struct registry *r;
    if (!rc && !(rc = cli_open_registry(c, &r))) {
        rc = audit_copy(r, "database.restore", file);
        reg_close(r);
    }
    if (!rc && !(rc = verify_copy(target, v, "恢复后的数据库")))
        printf("已用 %s 恢复数据库 %s\n", file, target);
    char cp[4200];
    if (!rc && snprintf(cp, sizeof cp, "%s.audit", target) < (int)sizeof cp && access(cp, F_OK) == 0)
        printf("注意：审计检查点 %s 记录的是恢复前的链头，mz audit verify 会据此报告记录缺失。"
               "请把它另存为恢复前状态的证据，再用 mz audit checkpoint 签署新的检查点。\n",
               cp);
    vault_free(v);
    return rc;
}
