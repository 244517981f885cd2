/* The vault (vault.h): the key ring from MZ_KEY or a key file, sub-keys by
 * HMAC-SM3 per key, and SM4-CTR + HMAC-SM3 encrypt-then-MAC sealing of
 * fields. The keyed OpenSSL contexts are built once at load and only copied
 * afterwards, which keeps sealing cheap and thread-safe. */
#include "crypto/vault.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "base/mem.h"
#include "crypto/sm.h"
#include "crypto/sm_evp.h"

#define MASTER_LEN 32
#define MASTER_HEX_LEN (2 * MASTER_LEN)
#define HEADER_LEN (1 + VAULT_IV_LEN)
/* The longest key ring text: VAULT_MAX_EPOCHS keys and their separators. */
#define RING_TEXT_MAX ((MASTER_HEX_LEN + 1) * VAULT_MAX_EPOCHS)

/* The sub-keys of one master key. */
struct epoch {
    EVP_CIPHER_CTX *enc; /* SM4-CTR keyed with the encryption sub-key */
    EVP_MAC_CTX *mac;    /* HMAC-SM3 keyed with the MAC sub-key */
    EVP_MAC_CTX *index;  /* HMAC-SM3 keyed with the blind-index sub-key */
    EVP_MAC_CTX *audit;  /* HMAC-SM3 keyed with the audit-chain sub-key */
};

struct vault {
    int n;                             /* keys in the ring; the last is current */
    struct epoch e[VAULT_MAX_EPOCHS]; /* e[k - 1]: key epoch k */
};

/* The master keys of a ring, as read. */
struct ring {
    int n;
    unsigned char key[VAULT_MAX_EPOCHS][MASTER_LEN];
};

/* ---- master key --------------------------------------------------------- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes the 64 hex digits s[0..len) into key. `what` names the source in
 * messages, which never quote the key itself. */
static int parse_master(const char *s, size_t len, const char *what, unsigned char key[MASTER_LEN],
                        struct mz_err *err)
{
    if (len != MASTER_HEX_LEN)
        return mz_fail(err, "invalid_key",
                       "%s长度不对：主密钥应为64位十六进制数字（32字节），实为%zu个字符", what,
                       len);
    for (size_t i = 0; i < MASTER_LEN; i++) {
        int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return mz_fail(err, "invalid_key", "%s格式不对：第%zu个字符不是十六进制数字", what,
                           2 * i + (hi < 0 ? 1 : 2));
        key[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

/* Decodes a key ring: keys of 64 hex digits separated by a newline or a
 * comma, oldest first. `what` names the source; a key after the first is
 * named by its place in messages. */
static int parse_ring(const char *s, size_t len, const char *what, struct ring *ring,
                      struct mz_err *err)
{
    ring->n = 0;
    size_t start = 0;
    do {
        size_t end = start;
        while (end < len && s[end] != '\n' && s[end] != ',')
            end++;
        if (ring->n == VAULT_MAX_EPOCHS)
            return mz_fail(err, "invalid_key", "%s中的密钥超过 %d 把", what, VAULT_MAX_EPOCHS);
        char which[PATH_MAX + 64];
        if (ring->n == 0 && end == len)
            snprintf(which, sizeof which, "%s", what);
        else
            snprintf(which, sizeof which, "%s第 %d 把密钥", what, ring->n + 1);
        if (parse_master(s + start, end - start, which, ring->key[ring->n], err) < 0)
            return -1;
        ring->n++;
        start = end + 1;
    } while (start <= len);
    return 0;
}

/* Reads the key file into ring. Returns 1 (without touching err) if the
 * file does not exist. */
static int read_key_file(const char *path, struct ring *ring, struct mz_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return 1;
        return mz_fail(err, "key_file", "无法打开密钥文件 %s：%s", path, strerror(errno));
    }
    char buf[RING_TEXT_MAX + 1]; /* one byte more than the longest valid file */
    size_t len = 0;
    ssize_t got;
    struct stat st;
    int rc = -1;
    if (fstat(fd, &st) != 0) {
        mz_fail(err, "key_file", "无法读取密钥文件 %s：%s", path, strerror(errno));
        goto out_close;
    }
    if (!S_ISREG(st.st_mode)) {
        mz_fail(err, "invalid_key", "密钥文件 %s 不是普通文件", path);
        goto out_close;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        mz_fail(err, "invalid_key",
                "密钥文件 %s 的权限为 %04o，组用户或其他用户可以访问；请执行 chmod 600 %s", path,
                (unsigned)(st.st_mode & 07777), path);
        goto out_close;
    }
    while (len < sizeof buf && ((got = read(fd, buf + len, sizeof buf - len)) != 0)) {
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            mz_fail(err, "key_file", "无法读取密钥文件 %s：%s", path, strerror(errno));
            goto out_wipe;
        }
        len += (size_t)got;
    }
    char what[PATH_MAX + 32];
    snprintf(what, sizeof what, "密钥文件 %s ", path);
    if (len == sizeof buf) { /* too long: report the real size, not what we read */
        mz_fail(err, "invalid_key", "%s过长（%lld 字节）：至多 %d 把64位十六进制的密钥", what,
                (long long)st.st_size, VAULT_MAX_EPOCHS);
        goto out_wipe;
    }
    if (len > 0 && buf[len - 1] == '\n') /* a file may end with a newline */
        len--;
    rc = parse_ring(buf, len, what, ring, err);
out_wipe:
    OPENSSL_cleanse(buf, sizeof buf);
out_close:
    close(fd);
    return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t put = write(fd, p, n);
        if (put < 0 && errno == EINTR) continue;
        if (put < 0) return -1;
        p += put;
        n -= (size_t)put;
    }
    return 0;
}

/* fsyncs the directory holding path, so that a new file's name is durable. */
static int sync_parent_dir(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t len = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
    if (len >= sizeof dir) return -1;
    if (len == 0)
        strcpy(dir, ".");
    else {
        memcpy(dir, path, len);
        dir[len] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Writes ring to a new file at path (mode 0600, fsynced, one key a line).
 * Returns 1 (without touching err) if the file exists. */
static int write_ring_file(const char *path, const struct ring *ring, struct mz_err *err)
{
    static const char digits[] = "0123456789abcdef";
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return 1;
        return mz_fail(err, "key_file", "无法创建密钥文件 %s：%s", path, strerror(errno));
    }
    char hex[RING_TEXT_MAX];
    size_t len = 0;
    for (int k = 0; k < ring->n; k++) {
        for (size_t i = 0; i < MASTER_LEN; i++) {
            hex[len++] = digits[ring->key[k][i] >> 4];
            hex[len++] = digits[ring->key[k][i] & 15];
        }
        hex[len++] = '\n';
    }
    int ok = write_all(fd, hex, len) == 0 && fsync(fd) == 0;
    int saved = errno;
    OPENSSL_cleanse(hex, sizeof hex);
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        unlink(path);
        return mz_fail(err, "key_file", "无法写入密钥文件 %s：%s", path, strerror(saved));
    }
    if (sync_parent_dir(path) != 0)
        return mz_fail(err, "key_file", "已写入密钥文件 %s，但无法同步其所在目录：%s", path,
                       strerror(errno));
    return 0;
}

/* Generates a master key into ring (a ring of one) and writes it to a new
 * file at path. Returns 1 (without touching err) if the file appeared in
 * the meantime. */
static int create_key_file(const char *path, struct ring *ring, struct mz_err *err)
{
    ring->n = 1;
    if (sm_random(ring->key[0], MASTER_LEN) != 0)
        return mz_fail(err, "crypto", "无法生成随机主密钥（OpenSSL RAND_bytes 失败）");
    return write_ring_file(path, ring, err);
}

static int load_ring(const char *keyfile, struct ring *ring, struct mz_err *err)
{
    const char *env = getenv("MZ_KEY");
    if (env) return parse_ring(env, strlen(env), "环境变量 MZ_KEY ", ring, err);
    if (!keyfile)
        return mz_fail(err, "invalid_key", "没有主密钥：未设置环境变量 MZ_KEY，也未指定密钥文件");
    int rc = read_key_file(keyfile, ring, err);
    if (rc == 1) rc = create_key_file(keyfile, ring, err);
    if (rc == 1) /* another process created it first: use theirs */
        rc = read_key_file(keyfile, ring, err);
    if (rc == 1) rc = mz_fail(err, "key_file", "密钥文件 %s 刚创建又消失了", keyfile);
    return rc;
}

/* ---- loading ------------------------------------------------------------ */

static int derive_keys(struct epoch *v, const unsigned char master[MASTER_LEN])
{
    unsigned char enc[SM3_LEN], mac[SM3_LEN], index[SM3_LEN], audit[SM3_LEN];
    int ok = sm3_hmac(master, MASTER_LEN, "minzheng/enc", 12, enc) == 0 &&
             sm3_hmac(master, MASTER_LEN, "minzheng/mac", 12, mac) == 0 &&
             sm3_hmac(master, MASTER_LEN, "minzheng/index", 14, index) == 0 &&
             sm3_hmac(master, MASTER_LEN, "minzheng/audit", 14, audit) == 0 &&
             (v->enc = sm4_keyed(SM4_CTR, 1, enc)) != NULL &&
             (v->mac = sm_hmac_keyed(mac, sizeof mac)) != NULL &&
             (v->index = sm_hmac_keyed(index, sizeof index)) != NULL &&
             (v->audit = sm_hmac_keyed(audit, sizeof audit)) != NULL;
    OPENSSL_cleanse(audit, sizeof audit);
    OPENSSL_cleanse(enc, sizeof enc);
    OPENSSL_cleanse(mac, sizeof mac);
    OPENSSL_cleanse(index, sizeof index);
    return ok ? 0 : -1;
}

int vault_load(const char *keyfile, struct vault **out, struct mz_err *err)
{
    struct ring ring;
    struct vault *v = NULL;
    *out = NULL;
    int rc = load_ring(keyfile, &ring, err);
    if (rc != 0) goto out_wipe;
    v = mz_calloc(1, sizeof *v);
    if (!v) {
        rc = mz_fail(err, "out_of_memory", "内存不足：无法分配密钥库");
        goto out_wipe;
    }
    for (v->n = 0; v->n < ring.n; v->n++)
        if (derive_keys(&v->e[v->n], ring.key[v->n]) != 0) {
            v->n++; /* free what was made of this one too */
            vault_free(v);
            rc = mz_fail(err, "crypto", "无法派生子密钥：OpenSSL 的 SM3/SM4 不可用或内存不足");
            goto out_wipe;
        }
    *out = v;
out_wipe:
    OPENSSL_cleanse(&ring, sizeof ring);
    return rc;
}

int vault_add_key(const char *keyfile, int *epoch, struct mz_err *err)
{
    struct ring ring;
    int rc = read_key_file(keyfile, &ring, err);
    if (rc == 1)
        rc = mz_fail(err, "key_file", "密钥文件 %s 不存在", keyfile);
    else if (rc == 0 && ring.n == VAULT_MAX_EPOCHS)
        rc = mz_fail(err, "invalid_key", "密钥文件 %s 已有 %d 把密钥，不能再增加", keyfile,
                     VAULT_MAX_EPOCHS);
    else if (rc == 0 && sm_random(ring.key[ring.n++], MASTER_LEN) != 0)
        rc = mz_fail(err, "crypto", "无法生成随机主密钥（OpenSSL RAND_bytes 失败）");
    /* the new ring in full beside the old file, then renamed over it */
    char tmp[PATH_MAX];
    if (rc == 0 && snprintf(tmp, sizeof tmp, "%s.new", keyfile) >= (int)sizeof tmp)
        rc = mz_fail(err, "key_file", "密钥文件路径过长");
    if (rc == 0) {
        unlink(tmp);
        rc = write_ring_file(tmp, &ring, err);
        if (rc == 1)
            rc = mz_fail(err, "key_file", "无法创建 %s：文件已存在", tmp);
    }
    if (rc == 0 && rename(tmp, keyfile) != 0) {
        rc = mz_fail(err, "key_file", "无法以 %s 替换密钥文件 %s：%s", tmp, keyfile,
                     strerror(errno));
        unlink(tmp);
    }
    if (rc == 0 && sync_parent_dir(keyfile) != 0)
        rc = mz_fail(err, "key_file", "已写入密钥文件 %s，但无法同步其所在目录：%s", keyfile,
                     strerror(errno));
    if (rc == 0)
        *epoch = ring.n;
    OPENSSL_cleanse(&ring, sizeof ring);
    return rc;
}

void vault_free(struct vault *v)
{
    if (!v) return;
    for (int k = 0; k < v->n; k++) {
        EVP_CIPHER_CTX_free(v->e[k].enc); /* OpenSSL erases key schedules on free */
        EVP_MAC_CTX_free(v->e[k].mac);
        EVP_MAC_CTX_free(v->e[k].index);
        EVP_MAC_CTX_free(v->e[k].audit);
    }
    mz_free(v);
}

int vault_epoch(const struct vault *v)
{
    return v->n;
}

int vault_sealed_epoch(const unsigned char *sealed, size_t n)
{
    return n >= vault_sealed_len(0) ? sealed[0] : 0;
}

/* ---- sealing ------------------------------------------------------------ */

size_t vault_sealed_len(size_t plain_len)
{
    return HEADER_LEN + plain_len + VAULT_MAC_LEN;
}

int vault_seal(const struct vault *v, const void *plain, size_t n, unsigned char *out)
{
    const struct epoch *e = &v->e[v->n - 1];
    out[0] = (unsigned char)v->n;
    if (sm_random(out + 1, VAULT_IV_LEN) != 0 ||
        sm4_run(e->enc, out + 1, plain, n, out + HEADER_LEN) != 0)
        return -1;
    return sm_hmac_run(e->mac, out, HEADER_LEN + n, out + HEADER_LEN + n);
}

int vault_unseal(const struct vault *v, const unsigned char *sealed, size_t n, char *out,
                 size_t cap, size_t *outlen, struct mz_err *err)
{
    if (n < vault_sealed_len(0))
        return mz_fail(err, "tampered", "密文只有%zu字节，短于最小长度%zu字节：数据已损坏", n,
                       vault_sealed_len(0));
    if (sealed[0] == 0 || sealed[0] > VAULT_MAX_EPOCHS)
        return mz_fail(err, "tampered",
                       "密文版本号 0x%02x 不受支持：数据被篡改，或由更新的版本写入", sealed[0]);
    if (sealed[0] > v->n) /* a newer key than this ring holds, or a flipped byte */
        return mz_fail(err, "tampered",
                       "密文标明由第 %d 把主密钥加密，而本机的密钥环只有 %d 把：请使用轮换后的密钥文件"
                       "（若未轮换过密钥，则数据已被篡改）",
                       sealed[0], v->n);
    const struct epoch *e = &v->e[sealed[0] - 1];
    size_t body = n - VAULT_MAC_LEN, plain_len = body - HEADER_LEN;
    unsigned char mac[VAULT_MAC_LEN];
    if (sm_hmac_run(e->mac, sealed, body, mac) != 0)
        return mz_fail(err, "crypto", "无法计算 HMAC-SM3：OpenSSL 失败");
    if (!sm_equal(mac, sealed + body, VAULT_MAC_LEN))
        return mz_fail(err, "tampered",
                       "密文完整性校验失败（HMAC-SM3 不符）：数据被篡改，或由另一把主密钥加密");
    if (cap <= plain_len)
        return mz_fail(err, "buffer_too_small", "明文有%zu字节，缓冲区只有%zu字节", plain_len, cap);
    if (sm4_run(e->enc, sealed + 1, sealed + HEADER_LEN, plain_len, (unsigned char *)out) != 0)
        return mz_fail(err, "crypto", "SM4 解密失败：OpenSSL 失败");
    out[plain_len] = '\0';
    *outlen = plain_len;
    return 0;
}

int vault_blind_index_at(const struct vault *v, int epoch, const void *plain, size_t n,
                         unsigned char out[VAULT_INDEX_LEN])
{
    unsigned char full[SM3_LEN];
    if (epoch < 1 || epoch > v->n || sm_hmac_run(v->e[epoch - 1].index, plain, n, full) != 0)
        return -1;
    memcpy(out, full, VAULT_INDEX_LEN);
    return 0;
}

int vault_blind_index(const struct vault *v, const void *plain, size_t n,
                      unsigned char out[VAULT_INDEX_LEN])
{
    return vault_blind_index_at(v, v->n, plain, n, out);
}

int vault_audit_mac(const struct vault *v, int epoch, const void *data, size_t n,
                    unsigned char out[VAULT_MAC_LEN])
{
    if (epoch < 1 || epoch > v->n)
        return -1;
    return sm_hmac_run(v->e[epoch - 1].audit, data, n, out);
}
