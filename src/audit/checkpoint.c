/* Signed checkpoints of the audit chain's head, one line each in a file
 * outside the database:
 *   v1 entries=N head=HEX at=YYYY-MM-DDTHH:MM:SSZ sig=BASE64
 * where sig is the bureau's SM2 signature over the text before " sig=". */
#include "audit/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "crypto/seal.h"
#include "store/auditstore.h"

int audit_checkpoint_add(const char *path, const char *key_path, const struct audit_report *rep,
                         struct mz_err *err)
{
    char text[160], at[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    int n = snprintf(text, sizeof text, "v1 entries=%" PRId64 " head=%s at=%s", rep->entries,
                     rep->head, at);
    char *sig;
    if (seal_sign(key_path, text, (size_t)n, &sig, err) < 0) return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "a");
    bool ok = f && fprintf(f, "%s sig=%s\n", text, sig) > 0 && fflush(f) == 0 && fsync(fd) == 0;
    if (f ? fclose(f) != 0 : fd >= 0 && close(fd) != 0) ok = false;
    mz_free(sig);
    if (!ok) return mz_fail(err, "io", "无法写入审计检查点文件“%s”：%s", path, strerror(errno));
    return 0;
}

/* Parses and verifies one line (without its newline) into cp. */
static int read_line(char *line, const char *pub_path, struct audit_checkpoint *cp,
                     struct mz_err *err)
{
    char *sig = strstr(line, " sig=");
    int used = 0;
    if (!sig ||
        sscanf(line, "v1 entries=%" SCNd64 " head=%64[0-9a-f] at=%31[0-9TZ:-]%n", &cp->entries,
               cp->head, cp->at, &used) != 3 ||
        line + used != sig || strlen(cp->head) != 64 || cp->entries < 0)
        return mz_fail(err, "audit_checkpoint", "格式不对");
    *sig = '\0';
    int ok = seal_verify(pub_path, line, (size_t)(sig - line), sig + 5, err);
    if (ok < 0) return -1;
    if (!ok) return mz_fail(err, "audit_checkpoint", "签名不符（被改写，或不是本局的密钥所签）");
    return 0;
}

int audit_checkpoint_last(const char *path, const char *pub_path, struct audit_checkpoint *last,
                          struct mz_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT) return 0;
        return mz_fail(err, "io", "无法读取审计检查点文件“%s”：%s", path, strerror(errno));
    }
    char line[1024];
    int rc = 0, lineno = 0;
    int64_t entries = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        struct audit_checkpoint cp = {0};
        struct mz_err why = {0};
        if (read_line(line, pub_path, &cp, &why) < 0)
            rc = mz_fail(err, "audit_checkpoint", "审计检查点文件“%s”第 %d 行：%s", path, lineno,
                         why.msg);
        else if (cp.entries < entries)
            rc = mz_fail(err, "audit_checkpoint",
                         "审计检查点文件“%s”第 %d 行的条数 %" PRId64 " 少于前一行的 %" PRId64, path,
                         lineno, cp.entries, entries);
        else
            *last = cp, entries = cp.entries;
    }
    fclose(f);
    if (rc == 0 && lineno == 0)
        rc = mz_fail(err, "audit_checkpoint", "审计检查点文件“%s”是空的", path);
    return rc < 0 ? -1 : 1;
}

int audit_checkpoint_check(struct db *db, const struct audit_report *rep,
                           const struct audit_checkpoint *cp, struct mz_err *err)
{
    if (rep->entries < cp->entries)
        return mz_fail(err, "audit_truncated",
                       "审计日志只有 %" PRId64 " 条，少于 %s 签名检查点记录的 %" PRId64
                       " 条：记录被删除或截断",
                       rep->entries, cp->at, cp->entries);
    if (cp->entries == 0 || cp->entries <= rep->purged) /* purged since: the anchor vouches */
        return 0;
    unsigned char mac[AUDIT_MAC_LEN];
    char hex[2 * AUDIT_MAC_LEN + 1];
    int found = as_mac_at(db, cp->entries, mac, err);
    if (found < 0) return -1;
    for (int i = 0; i < AUDIT_MAC_LEN; i++)
        sprintf(hex + 2 * i, "%02x", mac[i]);
    if (!found || strcmp(hex, cp->head) != 0)
        return mz_fail(err, "audit_diverged",
                       "审计日志第 %" PRId64 " 条与 %s 签名检查点记录的链头不符：日志被整体改写",
                       cp->entries, cp->at);
    return 0;
}

int audit_verify_all(struct db *db, const struct vault *v, const char *checkpoint_path,
                     const char *pub_path, struct audit_report *rep, struct audit_checkpoint *cp,
                     int *found, struct mz_err *err)
{
    *found = 0;
    if (audit_verify(db, v, rep, err) < 0 ||
        (rep->purged && audit_anchor_check(db, pub_path, err) < 0))
        return -1;
    int got = checkpoint_path ? audit_checkpoint_last(checkpoint_path, pub_path, cp, err) : 0;
    if (got < 0 || (got && audit_checkpoint_check(db, rep, cp, err) < 0))
        return -1;
    *found = got;
    return 0;
}
