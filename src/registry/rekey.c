/* Key rotation (see rekey.h). */
#include "registry/rekey.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "registry/registry.h"
#include "store/casestore.h"
#include "store/rekeystore.h"

/* The pause between two batches. */
#define REKEY_PAUSE_MS 150

static int note(struct registry *r, const char *action, const char *detail, struct mz_err *err)
{
    struct audit_event ev = {reg_actor(r), action, "key", "", NULL, NULL, detail};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

static int put_meta_int(struct registry *r, const char *key, int v, struct mz_err *err)
{
    char text[16];
    snprintf(text, sizeof text, "%d", v);
    return cs_meta_put(reg_db(r), key, text, err);
}

int reg_key_add(struct registry *r, const char *key_file, int *epoch, struct mz_err *err)
{
    if (vault_add_key(key_file, epoch, err) < 0)
        return -1;
    struct db *db = reg_db(r);
    char detail[96];
    snprintf(detail, sizeof detail, "新增第 %d 把主密钥", *epoch);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = put_meta_int(r, "key_epoch", *epoch, err);
    if (rc == 0)
        rc = note(r, "key.add", detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

/* One batch being re-sealed: at most `batch` values and about
 * REKEY_BATCH_BYTES of them (files run to megabytes each). */
struct batch {
    const struct vault *v;
    const struct sealed_column *col;
    struct rk_value *values;
    size_t n, bytes;
    bool full; /* stopped by the byte budget, more may follow */
    int64_t last;
    struct mz_err *err;
};

#define REKEY_BATCH_BYTES (64 << 20)

static int reseal(void *ctx, int64_t rowid, const unsigned char *sealed, int len)
{
    struct batch *b = ctx;
    if (b->bytes >= REKEY_BATCH_BYTES) { /* this row starts the next batch */
        b->full = true;
        return 1;
    }
    struct rk_value *out = &b->values[b->n];
    b->last = rowid;
    b->bytes += (size_t)len;
    size_t cap = (size_t)len + 1, n; /* the plaintext is shorter than its sealed form */
    char *plain = mz_malloc(cap);
    if (!plain)
        return mz_fail(b->err, "out_of_memory", "内存不足");
    int rc = 0;
    if (vault_unseal(b->v, sealed, (size_t)len, plain, cap, &n, b->err) < 0) {
        char why[sizeof b->err->msg], code[sizeof b->err->code];
        snprintf(why, sizeof why, "%s", b->err->msg);
        snprintf(code, sizeof code, "%s", b->err->code);
        rc = mz_fail(b->err, code, "%s 第 %" PRId64 " 行的%s无法解密：%s", b->col->table, rowid,
                     b->col->label, why);
    } else if (!(out->sealed = mz_malloc(vault_sealed_len(n)))) {
        rc = mz_fail(b->err, "out_of_memory", "内存不足");
    } else if (vault_seal(b->v, plain, n, out->sealed) < 0 ||
               (b->col->index[0] && vault_blind_index(b->v, plain, n, out->index) < 0)) {
        mz_free(out->sealed);
        rc = mz_fail(b->err, "crypto", "以新密钥加密 %s 第 %" PRId64 " 行的%s失败",
                     b->col->table, rowid, b->col->label);
    }
    OPENSSL_cleanse(plain, cap);
    mz_free(plain);
    if (rc == 0) {
        out->rowid = rowid;
        out->len = (int)vault_sealed_len(n);
        b->n++;
    }
    return rc;
}

/* Frees the n sealed values of a batch. */
static void free_values(struct rk_value *values, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mz_free(values[i].sealed);
        values[i].sealed = NULL;
    }
}

/* Re-seals the values of column c not under the current key, batch a
 * transaction; adds to st. */
static int rekey_column(struct registry *r, size_t c, long batch, struct rk_value *values,
                        struct rekey_stats *st, struct mz_err *err)
{
    size_t ncols;
    const struct sealed_column *col = &rk_columns(&ncols)[c];
    struct db *db = reg_db(r);
    int64_t after = 0;
    for (;;) {
        struct batch b = {reg_vault(r), col, values, 0, 0, false, after, err};
        int rc = db_begin(db, err);
        if (rc == 0 && (rc = rk_stale(db, c, st->epoch, after, batch, reseal, &b, err)) == 1)
            rc = 0; /* the byte budget is spent */
        if (rc == 0 && b.n)
            rc = rk_put(db, c, values, b.n, err);
        char detail[160];
        snprintf(detail, sizeof detail, "%s.%s：%zu 个值改以第 %d 把主密钥加密", col->table,
                 col->label, b.n, st->epoch);
        if (rc == 0 && b.n)
            rc = note(r, "key.rotate", detail, err);
        if (rc == 0)
            rc = db_commit(db, err);
        free_values(values, b.n);
        if (rc != 0) {
            db_rollback(db);
            return -1;
        }
        st->resealed += (int64_t)b.n;
        st->batches += b.n > 0;
        after = b.last;
        if (!b.full && (long)b.n < batch)
            return 0;
        /* Let waiting writers in: SQLite's busy handler sleeps at most
         * 100 ms between tries, so each finds the lock free in this pause
         * instead of losing it to the next batch until it times out. */
        usleep(REKEY_PAUSE_MS * 1000);
    }
}

int reg_rekey(struct registry *r, long batch, struct rekey_stats *st, struct mz_err *err)
{
    memset(st, 0, sizeof *st);
    st->epoch = vault_epoch(reg_vault(r));
    struct db *db = reg_db(r);
    int floor;
    if (batch < 1 || batch > 100000)
        return mz_fail_field(err, "batch", "invalid_value", "每批数量应在 1–100000 之间");
    if (reg_key_epochs(r, &floor, err) < 0)
        return -1;
    struct rk_value *values = mz_calloc((size_t)batch, sizeof *values);
    if (!values)
        return mz_fail(err, "out_of_memory", "内存不足");
    size_t ncols;
    rk_columns(&ncols);
    int rc = 0;
    /* Writers still holding the old ring may seal a value meanwhile: go
     * round again until a round finds none. */
    for (int round = 0; rc == 0; round++) {
        int64_t before = st->resealed;
        for (size_t c = 0; rc == 0 && c < ncols; c++)
            rc = rekey_column(r, c, batch, values, st, err);
        if (rc == 0 && st->resealed == before)
            break;
        if (rc == 0 && round == 9)
            rc = mz_fail(err, "key_busy", "仍有进程以旧密钥写入，请确认各服务已载入新的密钥文件后重试");
    }
    mz_free(values);
    char detail[96];
    snprintf(detail, sizeof detail, "全部密文已改以第 %d 把主密钥加密（共 %" PRId64 " 个）",
             st->epoch, st->resealed);
    if (rc == 0 && (rc = db_begin(db, err)) == 0) {
        if ((rc = put_meta_int(r, "key_floor", st->epoch, err)) == 0 &&
            (rc = put_meta_int(r, "key_epoch", st->epoch, err)) == 0 &&
            (rc = note(r, "key.rotated", detail, err)) == 0)
            rc = db_commit(db, err);
        if (rc < 0)
            db_rollback(db);
    }
    return rc;
}

int reg_key_status(struct registry *r,
                   int (*fn)(void *ctx, const char *table, const char *label,
                             const int64_t counts[VAULT_MAX_EPOCHS + 1]),
                   void *ctx, struct mz_err *err)
{
    size_t ncols;
    const struct sealed_column *cols = rk_columns(&ncols);
    for (size_t c = 0; c < ncols; c++) {
        int64_t counts[VAULT_MAX_EPOCHS + 1];
        if (rk_epoch_counts(reg_db(r), c, counts, VAULT_MAX_EPOCHS + 1, err) < 0)
            return -1;
        for (int e = vault_epoch(reg_vault(r)) + 1; e <= VAULT_MAX_EPOCHS; e++) {
            counts[0] += counts[e]; /* under a key this ring lacks */
            counts[e] = 0;
        }
        int stop = fn(ctx, cols[c].table, cols[c].label, counts);
        if (stop)
            return stop;
    }
    return 0;
}
