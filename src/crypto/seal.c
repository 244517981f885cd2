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
#include <openssl/x509.h>

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

/* Signs with an SM2 key: *der (mz_malloc'd, *len bytes) is the DER SM2
 * signature of data[0..n). */
static int sign_with(EVP_PKEY *k, const void *data, size_t n, unsigned char **der, size_t *len,
                     struct mz_err *err)
{
    *der = NULL;
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *md = sm2_ctx(k, 1, &pctx, err);
    int rc = -1;
    if (!md)
        return -1;
    if (EVP_DigestSign(md, NULL, len, data, n) != 1) {
        ssl_fail(err, "crypto", "SM2 签名失败");
        goto out;
    }
    if (!(*der = mz_malloc(*len))) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out;
    }
    if (EVP_DigestSign(md, *der, len, data, n) != 1) {
        ssl_fail(err, "crypto", "SM2 签名失败");
        mz_free(*der);
        *der = NULL;
        goto out;
    }
    rc = 0;
out:
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
    return rc;
}

int seal_sign_der(const char *priv_path, const void *data, size_t n, unsigned char **der,
                  size_t *len, struct mz_err *err)
{
    *der = NULL;
    EVP_PKEY *k = load_key(priv_path, 1, err);
    if (!k)
        return -1;
    int rc = sign_with(k, data, n, der, len, err);
    EVP_PKEY_free(k);
    return rc;
}

int seal_sign(const char *priv_path, const void *data, size_t n, char **sig,
                struct mz_err *err)
{
    unsigned char *der;
    size_t len;
    *sig = NULL;
    if (seal_sign_der(priv_path, data, n, &der, &len, err) < 0)
        return -1;
    int rc = -1;
    if (!(*sig = mz_malloc(4 * ((len + 2) / 3) + 1))) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out;
    }
    EVP_EncodeBlock((unsigned char *)*sig, der, (int)len);
    rc = 0;
out:
    mz_free(der);
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

/* 1 if der[0..len) is k's SM2 signature of data[0..n), 0 if not, -1 on
 * an OpenSSL failure. */
static int verify_with(EVP_PKEY *k, const void *data, size_t n, const unsigned char *der,
                       size_t len, struct mz_err *err)
{
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *md = sm2_ctx(k, 0, &pctx, err);
    if (!md)
        return -1;
    int rc = EVP_DigestVerify(md, der, len, data, n) == 1;
    ERR_clear_error();
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
    return rc;
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
    int rc = verify_with(k, data, n, der, len, err);
    if (rc == 0)
        mz_fail(err, "signature_mismatch",
                "SM2 签名不匹配：文件内容与签名不符，或签名不是由公钥 %s 对应的私钥作出", pub_path);
    EVP_PKEY_free(k);
    return rc;
}

/* ---- certificates ---- */

/* Appends an entry of the subject name. */
static int name_add(X509_NAME *name, const char *field, const char *value)
{
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, (const unsigned char *)value,
                                      -1, -1, 0) == 1;
}

int seal_cert_create(const char *priv_path, const char *holder, long serial, time_t not_before,
                     time_t not_after, unsigned char **der, size_t *len, struct mz_err *err)
{
    *der = NULL;
    EVP_PKEY *k = load_key(priv_path, 1, err);
    if (!k)
        return -1;
    int rc = -1;
    X509 *x = X509_new();
    EVP_MD_CTX *md = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    X509_NAME *name = x ? X509_get_subject_name(x) : NULL;
    if (!x || X509_set_version(x, X509_VERSION_3) != 1 ||
        ASN1_INTEGER_set(X509_get_serialNumber(x), serial) != 1 ||
        !X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &not_before) ||
        !X509_time_adj_ex(X509_getm_notAfter(x), 0, 0, &not_after) || !name_add(name, "C", "CN") ||
        !name_add(name, "O", holder) || !name_add(name, "CN", holder) ||
        X509_set_issuer_name(x, name) != 1 || X509_set_pubkey(x, k) != 1) {
        ssl_fail(err, "crypto", "生成印章证书失败");
        goto out;
    }
    if (!(md = sm2_ctx(k, 1, &pctx, err)))
        goto out;
    if (X509_sign_ctx(x, md) <= 0) {
        ssl_fail(err, "crypto", "印章证书签名失败");
        goto out;
    }
    int n = i2d_X509(x, NULL);
    if (n <= 0 || !(*der = mz_malloc((size_t)n))) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out;
    }
    unsigned char *p = *der;
    *len = (size_t)i2d_X509(x, &p);
    rc = 0;
out:
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
    X509_free(x);
    EVP_PKEY_free(k);
    return rc;
}

/* The SM2 key of a DER certificate, or NULL with a message. */
static EVP_PKEY *cert_key(const unsigned char *cert, size_t cert_len, X509 **out,
                          struct mz_err *err)
{
    const unsigned char *p = cert;
    X509 *x = d2i_X509(NULL, &p, (long)cert_len);
    EVP_PKEY *k = x && p == cert + cert_len ? X509_get_pubkey(x) : NULL;
    ERR_clear_error();
    if (!k || !EVP_PKEY_is_a(k, "SM2")) {
        mz_fail(err, "bad_certificate", "印章证书不是有效的 SM2 证书（X.509 DER）");
        EVP_PKEY_free(k);
        X509_free(x);
        return NULL;
    }
    *out = x;
    return k;
}

int seal_verify_cert(const unsigned char *cert, size_t cert_len, const void *data, size_t n,
                     const unsigned char *sig, size_t sig_len, struct mz_err *err)
{
    X509 *x;
    EVP_PKEY *k = cert_key(cert, cert_len, &x, err);
    if (!k)
        return 0;
    int rc = verify_with(k, data, n, sig, sig_len, err);
    if (rc == 0)
        mz_fail(err, "signature_mismatch", "SM2 签名不匹配：签名不是由印章证书的密钥对该内容作出");
    EVP_PKEY_free(k);
    X509_free(x);
    return rc;
}

int seal_cert_matches(const unsigned char *cert, size_t cert_len, const char *key_path,
                      struct mz_err *err)
{
    X509 *x;
    EVP_PKEY *k = cert_key(cert, cert_len, &x, err);
    if (!k)
        return 0;
    /* a public key file, else a private one (whose public part is compared) */
    EVP_PKEY *pub = load_key(key_path, 0, err);
    if (!pub) {
        struct mz_err e2 = {0};
        if ((pub = load_key(key_path, 1, &e2)))
            *err = (struct mz_err){0};
    }
    int rc = -1;
    if (pub) {
        rc = EVP_PKEY_eq(k, pub) == 1;
        if (!rc)
            mz_fail(err, "foreign_certificate", "印章证书的公钥不是 %s：不是本机关的印章", key_path);
        EVP_PKEY_free(pub);
    }
    EVP_PKEY_free(k);
    X509_free(x);
    return rc;
}

int seal_cert_holder(const unsigned char *cert, size_t cert_len, char *holder, size_t cap,
                     struct mz_err *err)
{
    X509 *x;
    EVP_PKEY *k = cert_key(cert, cert_len, &x, err);
    if (!k)
        return -1;
    int n = X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, holder, (int)cap);
    EVP_PKEY_free(k);
    X509_free(x);
    if (n < 0)
        return mz_fail(err, "bad_certificate", "印章证书没有持有者名称");
    return 0;
}
