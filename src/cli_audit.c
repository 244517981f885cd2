/* `mz audit verify | checkpoint | purge`: walks the audit log's hash chain
 * and checks it against the newest signed checkpoint and purge anchor;
 * writes a checkpoint; purges entries past their retention into an
 * archive. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli.h"
#include "registry/registry.h"
#include "store/db.h"

#define AUDIT_USAGE                                                                                \
    "用法：mz audit verify [--checkpoint 文件] [--pubkey 公钥.pem]\n"                       \
    "      mz audit checkpoint [--checkpoint 文件] [--key 私钥.pem]\n"                         \
    "      mz audit purge --archive 归档文件 [--keep-months 月数（至少 6）] [--key 私钥.pem]\n" \
    "      （检查点文件默认为 $MZ_AUDIT_CHECKPOINT，否则为 数据库路径.audit）\n"

const char *cli_audit_checkpoint(struct cli *c, char *buf, size_t cap)
{
    const char *given = cli_setting(c, "audit-checkpoint", NULL, 0);
    if (given)
        return given;
    snprintf(buf, cap, "%s.audit", cli_setting(c, "db", NULL, 0));
    return buf;
}

/* mz audit purge: entries older than the kept months to the archive. */
static int purge(struct cli *c)
{
    const char *archive = cli_opt(c, "archive", NULL), *months = cli_opt(c, "keep-months", "6");
    const char *key = cli_seal_key(c);
    char *end;
    long keep = strtol(months, &end, 10);
    int bad = cli_unused(c);
    if (bad)
        return bad;
    if (!archive || *end || keep < 1 || keep > 1200) {
        fputs(AUDIT_USAGE, stderr);
        return 2;
    }
    FILE *f = fopen(archive, "wx");
    if (!f) {
        fprintf(stderr, "mz audit purge: 无法新建归档文件 %s：%s（不会覆盖已有文件）\n", archive,
                strerror(errno));
        return 1;
    }
    struct registry *r;
    if ((bad = cli_open_registry(c, &r))) {
        fclose(f);
        remove(archive);
        return bad;
    }
    char actor[64];
    cli_actor(actor);
    struct mz_err err = {0};
    struct audit_purge_report rep;
    int rc = audit_purge(reg_db(r), reg_vault(r), key, (int)keep, date_today(), f, actor, &rep, &err);
    reg_close(r);
    if (fclose(f) != 0 && rc == 0)
        rc = mz_fail(&err, "io", "写入归档文件 %s 失败", archive);
    if (rc < 0 || rep.purged == 0)
        remove(archive);
    if (rc < 0)
        return cli_fail(&err);
    if (rep.purged == 0)
        printf("没有早于保存期限（%ld 个月）的审计记录，未清理\n", keep);
    else
        printf("已将 %" PRId64 " 条早于 %ld 个月的审计记录（至第 %" PRId64
               " 条）归档到 %s 并清理；链从签名的清理记录继续可校验\n",
               rep.purged, keep, rep.upto, archive);
    return 0;
}

int cmd_audit(struct cli *c)
{
    const char *sub = c->nargs == 1 ? c->args[0] : "";
    if (strcmp(sub, "purge") == 0)
        return purge(c);
    bool add = strcmp(sub, "checkpoint") == 0;
    if (!add && strcmp(sub, "verify") != 0) {
        fputs(AUDIT_USAGE, stderr);
        return 2;
    }
    char buf[1100];
    bool named = cli_opt(c, "checkpoint", NULL) || getenv("MZ_AUDIT_CHECKPOINT");
    const char *path = cli_audit_checkpoint(c, buf, sizeof buf);
    const char *pub = cli_seal_pubkey(c), *key = add ? cli_seal_key(c) : NULL;
    int bad = cli_unused(c);
    struct registry *r;
    if (bad || (bad = cli_open_registry(c, &r))) return bad;
    struct mz_err err = {0};
    struct audit_report rep;
    struct audit_checkpoint cp;
    int found = 0, rc = 0;
    if (audit_verify_all(reg_db(r), reg_vault(r), path, pub, &rep, &cp, &found, &err) < 0 ||
        (add && audit_checkpoint_add(path, key, &rep, &err) < 0)) {
        fprintf(stderr, "mz: 审计日志校验失败：%s\n", err.msg);
        rc = 1;
    } else if (add) {
        printf("已写入签名检查点：%" PRId64 " 条，链头 %s（%s）\n", rep.entries, rep.head, path);
    } else if (found) {
        printf("审计日志完整：%" PRId64 " 条，链头 %s\n与签名检查点一致：%s 时的 %" PRId64
               " 条（%s）\n",
               rep.entries, rep.head, cp.at, cp.entries, path);
        if (rep.purged)
            printf("第 1 至 %" PRId64 " 条已按保存期限归档清理（清理记录签名有效）\n", rep.purged);
    } else {
        printf("审计日志完整：%" PRId64 " 条，链头 %s\n", rep.entries, rep.head);
        fprintf(stderr,
                "mz: 没有签名检查点“%s”：日志被清空或末尾被截断将无法发现；"
                "请定期运行 mz audit checkpoint 并另行保存该文件\n",
                path);
        rc = named ? 1 : 0;
    }
    reg_close(r);
    return rc;
}
