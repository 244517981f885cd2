/* SM2 signing and verification (notices, audit checkpoints) over OpenSSL 3
 * (EVP), with the signature kept as base64 of its DER form. */
#include "crypto/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "base/mem.h"

/* Fails with code and the text of OpenSSL's oldest queued error. */
static int ssl_fail(struct mz_err *err, const char *code, const char *what)
{
    char buf[256] = "";
    unsigned long e = ERR_get_error();
    if (e)
        ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    return mz_fail(err, code, "%s（OpenSSL：%s）", what, e ? buf : "未知错误");
}

/* ---- keys ---- */

/* Loads an SM2 key from a PEM file: private if priv, else public. */
static EVP_PKEY *load_key(const char *path, int priv, struct mz_err *err)
{
    BIO *in = BIO_new_file(path, "r");
    if (!in) {
        ERR_clear_error();
        mz_fail(err, "key_file", "无法读取%s密钥文件 %s：%s", priv ? "私" : "公", path,
                strerror(errno));
        return NULL;
    }
    EVP_PKEY *k = priv ? PEM_read_bio_PrivateKey(in, NULL, NULL, NULL)
                       : PEM_read_bio_PUBKEY(in, NULL, NULL, NULL);
    BIO_free(in);
    if (!k) {
        char what[1200];
        snprintf(what, sizeof what, "%s 不是 PEM 格式的%s钥", path, priv ? "私" : "公");
        ssl_fail(err, "bad_key", what);
        return NULL;
    }
    if (!EVP_PKEY_is_a(k, "SM2")) {
        mz_fail(err, "bad_key", "%s 中的密钥类型是 %s，应为 SM2", path, EVP_PKEY_get0_type_name(k));
        EVP_PKEY_free(k);
        return NULL;
    }
    return k;
}

int seal_keygen(const char *priv_path, const char *pub_path, struct mz_err *err)
{
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    if (!k)
        return ssl_fail(err, "crypto", "生成 SM2 密钥失败");
    int rc = -1;
    int fd = open(priv_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        mz_fail(err, "key_file", "无法创建私钥文件 %s：%s%s", priv_path, strerror(errno),
                errno == EEXIST ? "（不会覆盖已有私钥）" : "");
        goto out_free_key;
    }
    BIO *out = BIO_new_fd(fd, BIO_CLOSE);
    if (!out) {
        close(fd);
        ssl_fail(err, "crypto", "无法写入私钥");
        goto out_unlink;
    }
    int ok = PEM_write_bio_PrivateKey(out, k, NULL, NULL, 0, NULL, NULL) == 1 &&
             BIO_flush(out) == 1 && fsync(fd) == 0;
    BIO_free(out);
    if (!ok) {
        ssl_fail(err, "key_file", "写入私钥文件失败");
        goto out_unlink;
    }
    out = BIO_new_file(pub_path, "w");
    if (!out) {
        ERR_clear_error();
        mz_fail(err, "key_file", "无法创建公钥文件 %s：%s", pub_path, strerror(errno));
        goto out_unlink;
    }
    ok = PEM_write_bio_PUBKEY(out, k) == 1 && BIO_flush(out) == 1;
    BIO_free(out);
    if (!ok) {
        ssl_fail(err, "key_file", "写入公钥文件失败");
        goto out_unlink;
    }
    rc = 0;
    goto out_free_key;
out_unlink:
    unlink(priv_path);
out_free_key:
    EVP_PKEY_free(k);
    return rc;
}

/* ---- signatures ---- */

/* A digest context for SM2 with SM3 and the standard signer ID; *pctx is
 * the key context the caller frees after the digest context. */
static EVP_MD_CTX *sm2_ctx(EVP_PKEY *k, int sign, EVP_PKEY_CTX **pctx, struct mz_err *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    *pctx = EVP_PKEY_CTX_new(k, NULL);
    if (!md || !*pctx ||
        EVP_PKEY_CTX_set1_id(*pctx, SEAL_SM2_ID, strlen(SEAL_SM2_ID)) <= 0)
        goto fail;
    EVP_MD_CTX_set_pkey_ctx(md, *pctx);
    if ((sign ? EVP_DigestSignInit(md, NULL, EVP_sm3(), NULL, k)
              : EVP_DigestVerifyInit(md, NULL, EVP_sm3(), NULL, k)) != 1)
        goto fail;
    return md;
fail:
    ssl_fail(err, "crypto", "初始化 SM2 签名失败");
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(*pctx);
    *pctx = NULL;
    return NULL;
}

int seal_sign(const char *priv_path, const void *data, size_t n, char **sig,
                struct mz_err *err)
{
    *sig = NULL;
    EVP_PKEY *k = load_key(priv_path, 1, err);
    if (!k)
        return -1;
    int rc = -1;
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *md = sm2_ctx(k, 1, &pctx, err);
    unsigned char *der = NULL;
    size_t len = 0;
    if (!md)
        goto out_free_key;
    if (EVP_DigestSign(md, NULL, &len, data, n) != 1) {
        ssl_fail(err, "crypto", "SM2 签名失败");
        goto out_free_ctx;
    }
    der = mz_malloc(len);
    if (!der) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out_free_ctx;
    }
    if (EVP_DigestSign(md, der, &len, data, n) != 1) {
        ssl_fail(err, "crypto", "SM2 签名失败");
        goto out_free_der;
    }
    *sig = mz_malloc(4 * ((len + 2) / 3) + 1);
    if (!*sig) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out_free_der;
    }
    EVP_EncodeBlock((unsigned char *)*sig, der, (int)len);
    rc = 0;
out_free_der:
    mz_free(der);
out_free_ctx:
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
out_free_key:
    EVP_PKEY_free(k);
    return rc;
}

/* Decodes base64 text (surrounding white space allowed) into a strict DER
 * SM2 signature. Returns its length, or 0 if the text is not one. */
static size_t decode_sig(const char *sig, unsigned char *der, size_t cap)
{
    while (*sig == ' ' || *sig == '\n' || *sig == '\r' || *sig == '\t')
        sig++;
    size_t n = strcspn(sig, " \r\n\t");
    if (sig[n + strspn(sig + n, " \r\n\t")] != '\0' || n == 0 || n % 4 || n / 4 * 3 > cap)
        return 0;
    int len = EVP_DecodeBlock(der, (const unsigned char *)sig, (int)n);
    if (len < 0)
        return 0;
    len -= (sig[n - 1] == '=') + (sig[n - 2] == '=');
    const unsigned char *p = der;
    ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, len);
    if (!s)
        return 0;
    unsigned char *again = NULL;
    int relen = i2d_ECDSA_SIG(s, &again);
    int strict = relen == len && p == der + len && memcmp(again, der, (size_t)len) == 0;
    OPENSSL_free(again);
    ECDSA_SIG_free(s);
    return strict ? (size_t)len : 0;
}

int seal_verify(const char *pub_path, const void *data, size_t n, const char *sig,
                  struct mz_err *err)
{
    unsigned char der[160];
    size_t len = decode_sig(sig, der, sizeof der);
    ERR_clear_error();
    if (!len) {
        mz_fail(err, "bad_signature_format",
                "签名文件格式无效：应为一行 base64 编码的 SM2 签名（DER），签名文件已损坏或被改动");
        return 0;
    }
    EVP_PKEY *k = load_key(pub_path, 0, err);
    if (!k)
        return -1;
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *md = sm2_ctx(k, 0, &pctx, err);
    int rc = -1;
    if (md) {
        rc = EVP_DigestVerify(md, der, len, data, n) == 1;
        ERR_clear_error();
        if (!rc)
            mz_fail(err, "signature_mismatch",
                    "SM2 签名不匹配：文件内容与签名不符，或签名不是由公钥 %s 对应的私钥作出",
                    pub_path);
        EVP_MD_CTX_free(md);
        EVP_PKEY_CTX_free(pctx);
    }
    EVP_PKEY_free(k);
    return rc;
}
