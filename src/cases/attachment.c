/* Files on a case (attachment.h): type by magic bytes, sealed storage,
 * audited upload and download. */
#include "cases/attachment.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "crypto/sm.h"
#include "crypto/vault.h"
#include "registry/registry.h"

static const struct {
    const char *mime, *magic;
    size_t magic_len;
    const char *exts; /* allowed name endings, space-separated */
} kinds[] = {
    {"application/pdf", "%PDF-", 5, ".pdf"},
    {"image/jpeg", "\xff\xd8\xff", 3, ".jpg .jpeg"},
    {"image/png", "\x89PNG\r\n\x1a\n", 8, ".png"},
};

const char *case_attach_type(const void *data, size_t n)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (n >= kinds[i].magic_len && memcmp(data, kinds[i].magic, kinds[i].magic_len) == 0)
            return kinds[i].mime;
    return NULL;
}

/* Whether name ends with one of the extensions of mime (any case). */
static bool ext_fits(const char *name, const char *mime)
{
    const char *dot = strrchr(name, '.');
    if (!dot) return false;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kinds[i].mime, mime) != 0) continue;
        for (const char *e = kinds[i].exts; *e;) {
            size_t len = strcspn(e, " ");
            if (strlen(dot) == len && strncasecmp(dot, e, len) == 0) return true;
            e += len + (e[len] == ' ');
        }
    }
    return false;
}

int case_attach_check(const char *name, const void *data, size_t n, const char **mime,
                      struct mz_err *err)
{
    if (!name || !name[0]) return mz_fail_field(err, "file", "missing_field", "缺少文件名");
    if (text_check(name, "file", "文件名", CASE_ATTACH_NAME_MAX, TEXT_NAME, err) < 0) return -1;
    if (strpbrk(name, "/\\"))
        return mz_fail_field(err, "file", "invalid_value", "文件名不能含有“/”或“\\”");
    if (n == 0) return mz_fail_field(err, "file", "invalid_value", "文件是空的");
    if (n > CASE_ATTACH_MAX)
        return mz_fail_field(err, "file", "too_large", "文件超过 %d MB（实为 %.1f MB）",
                             CASE_ATTACH_MAX / (1024 * 1024), (double)n / (1024 * 1024));
    *mime = case_attach_type(data, n);
    if (!*mime)
        return mz_fail_field(err, "file", "unsupported_type",
                             "只接受 PDF、JPEG、PNG 文件；“%s”的内容不是其中之一", name);
    if (!ext_fits(name, *mime))
        return mz_fail_field(err, "file", "unsupported_type", "文件名“%s”的扩展名与内容（%s）不符",
                             name, *mime);
    return 0;
}

static int audit_file(const struct case_env *env, const char *actor, const char *action,
                      const struct attach_row *a, struct mz_err *err)
{
    char id[24], detail[160];
    snprintf(id, sizeof id, "%" PRId64, a->case_id);
    snprintf(detail, sizeof detail, "attachment=%" PRId64 " sm3=%.16s bytes=%" PRId64, a->id,
             a->sm3, a->bytes);
    struct audit_event ev = {actor, action, "case", id, NULL, NULL, detail};
    return audit_append(reg_db(env->reg), reg_vault(env->reg), &ev, err);
}

int case_attach_add(const struct case_env *env, int64_t case_id, const char *name, const void *data,
                    size_t n, const char *actor, struct attach_row *out, struct mz_err *err)
{
    const char *mime;
    struct case_row c;
    if (case_attach_check(name, data, n, &mime, err) < 0 || case_get(env, case_id, &c, err) <= 0)
        return -1;
    if (c.closed_on != MZ_DATE_NONE)
        return mz_fail(err, "case_closed", "案件 %" PRId64 " 已办结，不能再添加材料", case_id);
    *out = (struct attach_row){.case_id = case_id, .bytes = (int64_t)n, .stored = true};
    snprintf(out->name, sizeof out->name, "%s", name);
    snprintf(out->mime, sizeof out->mime, "%s", mime);
    snprintf(out->uploaded_by, sizeof out->uploaded_by, "%s", actor);
    if (sm3_hex(data, n, out->sm3) < 0) return mz_fail(err, "sm3", "SM3 计算失败");
    size_t sealed_len = vault_sealed_len(n);
    unsigned char *sealed = mz_malloc(sealed_len);
    if (!sealed) return mz_fail(err, "out_of_memory", "内存不足");
    struct db *db = reg_db(env->reg);
    int rc = vault_seal(reg_vault(env->reg), data, n, sealed) < 0
                 ? mz_fail(err, "crypto", "加密材料失败")
                 : db_begin(db, err);
    if (rc == 0) {
        rc = cs_attach_insert(db, out, sealed, sealed_len, err);
        if (rc == 0) rc = audit_file(env, actor, "case.attach", out, err);
        if (rc == 0) rc = db_commit(db, err);
        if (rc < 0) db_rollback(db);
    }
    mz_free(sealed);
    return rc;
}

struct find {
    int64_t id;
    struct attach_row *row;
    bool found;
};

static int find_row(void *ctx, const struct attach_row *a)
{
    struct find *f = ctx;
    if (a->id != f->id) return 0;
    *f->row = *a;
    f->found = true;
    return 1;
}

int case_attach_read(const struct case_env *env, int64_t case_id, int64_t id, const char *actor,
                     struct attach_row *row, char **data, size_t *n, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct find f = {id, row, false};
    *data = NULL;
    if (cs_case_attachments(db, case_id, find_row, &f, err) < 0) return -1;
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    int found = f.found ? cs_attach_content(db, id, case_id, &sealed, &sealed_len, err) : 0;
    if (found <= 0)
        return found < 0
                   ? -1
                   : mz_fail(err, "not_found",
                             "案件 %" PRId64 " 没有材料 %" PRId64 "（或只登记了摘要，未存文件）",
                             case_id, id);
    char *plain = mz_malloc(sealed_len + 1);
    char sm3[65];
    int rc = plain ? 0 : mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0)
        rc = vault_unseal(reg_vault(env->reg), sealed, sealed_len, plain, sealed_len + 1, n, err);
    if (rc == 0 && (sm3_hex(plain, *n, sm3) < 0 || strcmp(sm3, row->sm3) != 0))
        rc = mz_fail(err, "tampered", "材料 %" PRId64 " 与登记的 SM3 摘要不符", id);
    if (rc == 0 && (rc = db_begin(db, err)) == 0) {
        rc = audit_file(env, actor, "case.attach_read", row, err);
        if (rc == 0) rc = db_commit(db, err);
        if (rc < 0) db_rollback(db);
    }
    mz_free(sealed);
    if (rc < 0) {
        mz_free(plain);
        return -1;
    }
    *data = plain;
    return 0;
}
