/* The bank file's detached SM2 signature (pay.h): written beside the file
 * at export, checked with the public key and against the SM3 digest the
 * roll recorded. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "crypto/seal.h"
#include "crypto/sm.h"
#include "io/file.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/paystore.h"

static void sig_path(const char *path, char *out, size_t cap)
{
    snprintf(out, cap, "%s.sig", path);
}

int pay_bank_file_sign(const char *path, const char *key_path, struct mz_err *err)
{
    char *data, *sig = NULL, spath[4096];
    size_t len;
    if (io_read_file(path, "代发文件", &data, &len, err) < 0)
        return -1;
    int rc = seal_sign(key_path, data, len, &sig, err);
    mz_free(data);
    if (rc < 0)
        return -1;
    sig_path(path, spath, sizeof spath);
    FILE *f = fopen(spath, "w");
    if (!f || fprintf(f, "%s\n", sig) < 0 || fclose(f) != 0) {
        mz_free(sig);
        return mz_fail(err, "io", "写入签名文件 %s 失败", spath);
    }
    mz_free(sig);
    return 0;
}

int pay_bank_file_seal(struct registry *r, const struct roll_row *roll, const char *path,
                       const char *key_path, char **sig, struct mz_err *err)
{
    char *data, sm3[65];
    size_t len;
    *sig = NULL;
    if (io_read_file(path, "代发文件", &data, &len, err) < 0)
        return -1;
    int rc = sm3_hex(data, len, sm3) < 0 ? mz_fail(err, "sm3", "SM3 计算失败") : 0;
    if (rc == 0 && strcmp(sm3, roll->bank_sm3) != 0)
        rc = mz_fail(err, "io", "代发文件与名册记录的 SM3 不符");
    if (rc == 0)
        rc = seal_sign(key_path, data, len, sig, err);
    mz_free(data);
    struct db *db = reg_db(r);
    char id[24], detail[160];
    snprintf(id, sizeof id, "%" PRId64, roll->id);
    snprintf(detail, sizeof detail, "代发文件 SM3 %s 已用签章私钥签名", sm3);
    struct audit_event ev = {reg_actor(r), "roll.sign", "roll", id, NULL, NULL, detail};
    if (rc == 0 && (rc = db_begin(db, err)) == 0) {
        rc = ps_bank_sig_put(db, roll->id, sm3, *sig, err);
        if (rc == 0)
            rc = audit_append(db, reg_vault(r), &ev, err);
        if (rc == 0)
            rc = db_commit(db, err);
        if (rc < 0)
            db_rollback(db);
    }
    if (rc < 0) {
        mz_free(*sig);
        *sig = NULL;
    }
    return rc;
}

int pay_bank_file_sig(struct registry *r, const struct roll_row *roll, char **sig,
                      struct mz_err *err)
{
    *sig = NULL;
    return roll->bank_sm3[0] ? ps_bank_sig_get(reg_db(r), roll->id, roll->bank_sm3, sig, err) : 0;
}

int pay_bank_file_verify(struct registry *r, const char *path, const char *pub_path,
                         struct roll_row *roll, int *found, struct mz_err *err)
{
    char *data, *sig, spath[4096], sm3[65];
    size_t len, slen;
    *found = 0;
    sig_path(path, spath, sizeof spath);
    if (io_read_file(path, "代发文件", &data, &len, err) < 0)
        return -1;
    if (io_read_file(spath, "签名文件", &sig, &slen, err) < 0) {
        mz_free(data);
        return 0;
    }
    sig[strcspn(sig, "\r\n")] = '\0';
    int ok = seal_verify(pub_path, data, len, sig, err);
    sm3_hex(data, len, sm3);
    mz_free(data);
    mz_free(sig);
    if (ok == 1) {
        int f = ps_roll_by_bank_sm3(reg_db(r), sm3, roll, err);
        if (f < 0)
            return -1;
        *found = f;
    }
    return ok;
}
