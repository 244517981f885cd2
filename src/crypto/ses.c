/* GB/T 38540 seals and seal signatures: a small DER writer for the two
 * structures and a strict reader for checking them (see ses.h). */
#include "crypto/ses.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/seal.h"
#include "crypto/sm.h"

enum {
    T_INT = 0x02, T_BITS = 0x03, T_OCTETS = 0x04, T_OID = 0x06, T_UTF8 = 0x0c,
    T_IA5 = 0x16, T_GTIME = 0x18, T_SEQ = 0x30
};

/* ---- writing ---- */

struct der {
    unsigned char *p;
    size_t len, cap;
    int failed;
};

static void put(struct der *d, const void *b, size_t n)
{
    if (d->failed || mz_grow(&d->p, &d->cap, d->len + n, 1) < 0) {
        d->failed = 1;
        return;
    }
    memcpy(d->p + d->len, b, n);
    d->len += n;
}

static void tlv(struct der *d, unsigned char tag, const void *v, size_t n)
{
    unsigned char h[6] = {tag};
    size_t hl = 2;
    if (n < 0x80) {
        h[1] = (unsigned char)n;
    } else {
        int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
        h[1] = (unsigned char)(0x80 | bytes);
        for (int i = 0; i < bytes; i++)
            h[2 + i] = (unsigned char)(n >> (8 * (bytes - 1 - i)));
        hl = 2 + (size_t)bytes;
    }
    put(d, h, hl);
    put(d, v, n);
}

/* A non-negative INTEGER, minimally encoded. */
static void der_int(struct der *d, unsigned long v)
{
    unsigned char b[9];
    int n = 0;
    for (int i = 7; i >= 0; i--)
        if (n || (v >> (8 * i)) & 0xff || i == 0) {
            if (n == 0 && ((v >> (8 * i)) & 0x80))
                b[n++] = 0; /* keep it positive */
            b[n++] = (unsigned char)(v >> (8 * i));
        }
    tlv(d, T_INT, b, (size_t)n);
}

static void der_str(struct der *d, unsigned char tag, const char *s)
{
    tlv(d, tag, s, strlen(s));
}

static void der_time(struct der *d, time_t t)
{
    struct tm tm;
    char s[32];
    gmtime_r(&t, &tm);
    strftime(s, sizeof s, "%Y%m%d%H%M%SZ", &tm);
    der_str(d, T_GTIME, s);
}

static void der_bits(struct der *d, const unsigned char *v, size_t n)
{
    struct der c = {0};
    put(&c, "", 1); /* no unused bits */
    put(&c, v, n);
    d->failed |= c.failed;
    tlv(d, T_BITS, c.p, c.len);
    mz_free(c.p);
}

static void der_oid(struct der *d, const char *dotted)
{
    unsigned long arc[16] = {0};
    int n = 0;
    for (const char *p = dotted; *p && n < 16; p += *p == '.')
        arc[n++] = strtoul(p, (char **)&p, 10);
    unsigned char b[64];
    size_t len = 0;
    b[len++] = (unsigned char)(arc[0] * 40 + arc[1]);
    for (int i = 2; i < n; i++) {
        unsigned char tmp[8];
        int k = 0;
        unsigned long v = arc[i];
        do
            tmp[k++] = (unsigned char)(v & 0x7f);
        while ((v >>= 7) && k < 8);
        while (k > 0) {
            k--;
            b[len++] = (unsigned char)(tmp[k] | (k ? 0x80 : 0));
        }
    }
    tlv(d, T_OID, b, len);
}

/* Writes inner as the content of a tag-constructed element; frees inner. */
static void wrap(struct der *d, unsigned char tag, struct der *inner)
{
    d->failed |= inner->failed;
    tlv(d, tag, inner->p, inner->len);
    mz_free(inner->p);
    *inner = (struct der){0};
}

/* Hands the written bytes over, or fails for lack of memory. */
static int finish(struct der *d, unsigned char **der, size_t *len, struct mz_err *err)
{
    if (d->failed) {
        mz_free(d->p);
        return mz_fail(err, "out_of_memory", "生成电子签章数据时内存不足");
    }
    *der = d->p;
    *len = d->len;
    return 0;
}

int ses_seal_make(const struct ses_seal_in *in, const char *key_path, unsigned char **der,
                  size_t *len, struct mz_err *err)
{
    struct der info = {0}, x = {0}, y = {0};
    /* header */
    der_str(&x, T_IA5, "ES");
    der_int(&x, 4);
    der_str(&x, T_IA5, "minzheng");
    wrap(&info, T_SEQ, &x);
    der_str(&info, T_IA5, in->esid);
    /* property: an organisation's seal (1) whose signer certificates are listed (1) */
    der_int(&x, 1);
    der_str(&x, T_UTF8, in->name);
    der_int(&x, 1);
    tlv(&y, T_OCTETS, in->cert, in->cert_len);
    wrap(&x, T_SEQ, &y);
    der_time(&x, in->created);
    der_time(&x, in->valid_from);
    der_time(&x, in->valid_to);
    wrap(&info, T_SEQ, &x);
    /* picture */
    der_str(&x, T_IA5, "PNG");
    tlv(&x, T_OCTETS, in->png, in->png_len);
    der_int(&x, (unsigned long)in->width_mm);
    der_int(&x, (unsigned long)in->height_mm);
    wrap(&info, T_SEQ, &x);

    struct der seal = {0}, tmp = {0};
    wrap(&tmp, T_SEQ, &info); /* DER(esealInfo), the maker's signed data */
    if (tmp.failed) {
        mz_free(tmp.p);
        return mz_fail(err, "out_of_memory", "生成电子印章时内存不足");
    }
    unsigned char *sig;
    size_t sig_len;
    if (seal_sign_der(key_path, tmp.p, tmp.len, &sig, &sig_len, err) < 0) {
        mz_free(tmp.p);
        return -1;
    }
    put(&x, tmp.p, tmp.len);
    mz_free(tmp.p);
    tlv(&x, T_OCTETS, in->cert, in->cert_len);
    der_oid(&x, SES_SM2_SM3_OID);
    der_bits(&x, sig, sig_len);
    mz_free(sig);
    wrap(&seal, T_SEQ, &x);
    return finish(&seal, der, len, err);
}

int ses_sign(const unsigned char *seal, size_t seal_len, const unsigned char *cert,
             size_t cert_len, const char *key_path, time_t when, const char *property,
             const void *data, size_t n, unsigned char **der, size_t *len, struct mz_err *err)
{
    unsigned char hash[SM3_LEN];
    if (sm3_digest(data, n, hash) < 0)
        return mz_fail(err, "crypto", "计算 SM3 摘要失败");
    struct der x = {0}, tbs = {0};
    der_int(&x, 4);
    put(&x, seal, seal_len);
    der_time(&x, when);
    der_bits(&x, hash, sizeof hash);
    der_str(&x, T_IA5, property);
    wrap(&tbs, T_SEQ, &x);
    if (tbs.failed) {
        mz_free(tbs.p);
        return mz_fail(err, "out_of_memory", "生成电子签章时内存不足");
    }
    unsigned char *sig;
    size_t sig_len;
    if (seal_sign_der(key_path, tbs.p, tbs.len, &sig, &sig_len, err) < 0) {
        mz_free(tbs.p);
        return -1;
    }
    put(&x, tbs.p, tbs.len);
    mz_free(tbs.p);
    tlv(&x, T_OCTETS, cert, cert_len);
    der_oid(&x, SES_SM2_SM3_OID);
    der_bits(&x, sig, sig_len);
    mz_free(sig);
    struct der out = {0};
    wrap(&out, T_SEQ, &x);
    return finish(&out, der, len, err);
}

/* ---- reading ---- */

struct tlv {
    unsigned char tag;
    const unsigned char *start, *val; /* the whole element, its content */
    size_t len, total;                /* content length, element length */
};

/* Reads the element at *p (before end) with the tag wanted and moves past
 * it: 0, or -1 if it is malformed or another element. */
static int rd(const unsigned char **p, const unsigned char *end, unsigned char want,
              struct tlv *t)
{
    const unsigned char *q = *p;
    if (end - q < 2 || q[0] != want)
        return -1;
    t->tag = q[0];
    t->start = q;
    size_t n = q[1];
    q += 2;
    if (n & 0x80) {
        int bytes = (int)(n & 0x7f);
        if (bytes < 1 || bytes > 4 || end - q < bytes)
            return -1;
        n = 0;
        for (int i = 0; i < bytes; i++)
            n = (n << 8) | *q++;
    }
    if ((size_t)(end - q) < n)
        return -1;
    t->val = q;
    t->len = n;
    t->total = (size_t)(q + n - t->start);
    *p = q + n;
    return 0;
}

/* Copies a string element into out (cap bytes, NUL-terminated, cut). */
static void copy_str(const struct tlv *t, char *out, size_t cap)
{
    size_t n = t->len < cap - 1 ? t->len : cap - 1;
    memcpy(out, t->val, n);
    out[n] = '\0';
}

static int bad(struct ses_check *out, const char *code, const char *msg)
{
    mz_fail(&out->why, code, "%s", msg);
    return 0;
}

/* The content of a BIT STRING without its unused-bits byte (which must
 * be 0). */
static int bits(const struct tlv *t, const unsigned char **v, size_t *n)
{
    if (t->len < 1 || t->val[0] != 0)
        return -1;
    *v = t->val + 1;
    *n = t->len - 1;
    return 0;
}

int ses_verify(const unsigned char *der, size_t len, const void *data, size_t n,
               struct ses_check *out)
{
    *out = (struct ses_check){0};
    const unsigned char *end = der + len, *p = der;
    struct tlv sig, tbs, cert, alg, value, ver, seal, when, hash, prop;
    const char *format = "电子签章数据格式无效（不是 GB/T 38540 第 4 版的 SES_Signature）";
    if (rd(&p, end, T_SEQ, &sig) < 0 || p != end)
        return bad(out, "bad_ses_format", format);
    p = sig.val;
    end = sig.val + sig.len;
    if (rd(&p, end, T_SEQ, &tbs) < 0 || rd(&p, end, T_OCTETS, &cert) < 0 ||
        rd(&p, end, T_OID, &alg) < 0 || rd(&p, end, T_BITS, &value) < 0)
        return bad(out, "bad_ses_format", format);
    out->cert = cert.val;
    out->cert_len = cert.len;
    p = tbs.val;
    end = tbs.val + tbs.len;
    if (rd(&p, end, T_INT, &ver) < 0 || ver.len != 1 || ver.val[0] != 4 ||
        rd(&p, end, T_SEQ, &seal) < 0 || rd(&p, end, T_GTIME, &when) < 0 ||
        rd(&p, end, T_BITS, &hash) < 0 || rd(&p, end, T_IA5, &prop) < 0)
        return bad(out, "bad_ses_format", format);
    copy_str(&when, out->signed_at, sizeof out->signed_at);

    /* the seal: info, maker's certificate, algorithm, maker's signature */
    struct tlv info, mcert, malg, mvalue, header, esid, property, picture, x;
    p = seal.val;
    end = seal.val + seal.len;
    if (rd(&p, end, T_SEQ, &info) < 0 || rd(&p, end, T_OCTETS, &mcert) < 0 ||
        rd(&p, end, T_OID, &malg) < 0 || rd(&p, end, T_BITS, &mvalue) < 0)
        return bad(out, "bad_ses_format", "电子印章数据格式无效");
    p = info.val;
    end = info.val + info.len;
    if (rd(&p, end, T_SEQ, &header) < 0 || rd(&p, end, T_IA5, &esid) < 0 ||
        rd(&p, end, T_SEQ, &property) < 0 || rd(&p, end, T_SEQ, &picture) < 0)
        return bad(out, "bad_ses_format", "电子印章信息格式无效");
    copy_str(&esid, out->esid, sizeof out->esid);
    struct tlv type, name, list_type, list, created, from, to;
    p = property.val;
    end = property.val + property.len;
    if (rd(&p, end, T_INT, &type) < 0 || rd(&p, end, T_UTF8, &name) < 0 ||
        rd(&p, end, T_INT, &list_type) < 0 || rd(&p, end, T_SEQ, &list) < 0 ||
        rd(&p, end, T_GTIME, &created) < 0 || rd(&p, end, T_GTIME, &from) < 0 ||
        rd(&p, end, T_GTIME, &to) < 0)
        return bad(out, "bad_ses_format", "电子印章属性格式无效");
    copy_str(&name, out->name, sizeof out->name);
    p = picture.val;
    end = picture.val + picture.len;
    if (rd(&p, end, T_IA5, &x) < 0 || rd(&p, end, T_OCTETS, &x) < 0)
        return bad(out, "bad_ses_format", "电子印章图片格式无效");
    out->png = x.val;
    out->png_len = x.len;

    /* the signer's signature over toSign */
    const unsigned char *v;
    size_t vn;
    struct mz_err e = {0};
    if (bits(&value, &v, &vn) < 0 || seal_verify_cert(cert.val, cert.len, tbs.start, tbs.total,
                                                      v, vn, &e) != 1) {
        mz_fail(&out->why, e.code[0] ? e.code : "bad_ses_format", "签章签名无效：%s",
                e.msg[0] ? e.msg : "签名值格式无效");
        return 0;
    }
    /* the signer listed in the seal */
    int listed = 0;
    p = list.val;
    end = list.val + list.len;
    while (p < end && rd(&p, end, T_OCTETS, &x) == 0)
        listed |= x.len == cert.len && memcmp(x.val, cert.val, cert.len) == 0;
    if (!listed)
        return bad(out, "signer_not_in_seal", "签章人证书不在电子印章的证书列表中");
    /* the maker's signature over esealInfo */
    e = (struct mz_err){0};
    if (bits(&mvalue, &v, &vn) < 0 ||
        seal_verify_cert(mcert.val, mcert.len, info.start, info.total, v, vn, &e) != 1) {
        mz_fail(&out->why, e.code[0] ? e.code : "bad_ses_format", "电子印章的制章签名无效：%s",
                e.msg[0] ? e.msg : "签名值格式无效");
        return 0;
    }
    /* the seal valid when used (GeneralizedTime of one form compares as text) */
    if (from.len != when.len || to.len != when.len || memcmp(when.val, from.val, when.len) < 0 ||
        memcmp(when.val, to.val, when.len) > 0)
        return bad(out, "seal_expired", "签章时电子印章不在有效期内");
    /* the data signed */
    unsigned char want[SM3_LEN];
    if (bits(&hash, &v, &vn) < 0 || vn != SM3_LEN || sm3_digest(data, n, want) < 0 ||
        !sm_equal(v, want, SM3_LEN))
        return bad(out, "data_changed", "签章保护的内容已被改动（SM3 摘要不符）");
    out->ok = 1;
    return 0;
}
