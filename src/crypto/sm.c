/* SM3, HMAC-SM3 and SM4 over OpenSSL 3's EVP interface (sm.h), built on the
 * keyed-context helpers of sm_evp.h that the vault also uses. */
#include "crypto/sm.h"

#include <limits.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "crypto/sm_evp.h"

/* EVP update functions take int lengths: feed them at most this many bytes at
 * a time (a multiple of the block length). */
#define CHUNK_MAX ((size_t)1 << 30)

int sm3_digest(const void *data, size_t n, unsigned char out[SM3_LEN])
{
    EVP_MD *md = EVP_MD_fetch(NULL, "SM3", NULL);
    if (!md) return -1;
    int ok = EVP_Digest(data, n, out, NULL, md, NULL);
    EVP_MD_free(md);
    return ok ? 0 : -1;
}

struct sm3_stream *sm3_stream_new(void)
{
    EVP_MD *md = EVP_MD_fetch(NULL, "SM3", NULL);
    EVP_MD_CTX *ctx = md ? EVP_MD_CTX_new() : NULL;
    if (ctx && !EVP_DigestInit_ex2(ctx, md, NULL)) {
        EVP_MD_CTX_free(ctx);
        ctx = NULL;
    }
    EVP_MD_free(md);
    return (struct sm3_stream *)ctx;
}

int sm3_stream_add(struct sm3_stream *s, const void *data, size_t n)
{
    return s && EVP_DigestUpdate((EVP_MD_CTX *)s, data, n) ? 0 : -1;
}

int sm3_stream_end(struct sm3_stream *s, unsigned char out[SM3_LEN])
{
    int ok = s && EVP_DigestFinal_ex((EVP_MD_CTX *)s, out, NULL);
    EVP_MD_CTX_free((EVP_MD_CTX *)s);
    return ok ? 0 : -1;
}

/* ---- HMAC-SM3 ---------------------------------------------------------- */

EVP_MAC_CTX *sm_hmac_keyed(const unsigned char *key, size_t keylen)
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (!mac) return NULL;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* ctx holds its own reference */
    if (!ctx) return NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SM3", 0),
        OSSL_PARAM_construct_end(),
    };
    /* A NULL key would mean "keep the previous key": pass "" for no key. */
    if (!EVP_MAC_init(ctx, key ? key : (const unsigned char *)"", keylen, params)) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

int sm_hmac_run(const EVP_MAC_CTX *keyed, const void *data, size_t n, unsigned char out[SM3_LEN])
{
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(keyed);
    if (!ctx) return -1;
    size_t outlen = 0;
    int ok = EVP_MAC_init(ctx, NULL, 0, NULL) && EVP_MAC_update(ctx, data, n) &&
             EVP_MAC_final(ctx, out, &outlen, SM3_LEN) && outlen == SM3_LEN;
    EVP_MAC_CTX_free(ctx);
    return ok ? 0 : -1;
}

int sm3_hmac(const unsigned char *key, size_t keylen, const void *data, size_t n,
             unsigned char out[SM3_LEN])
{
    EVP_MAC_CTX *keyed = sm_hmac_keyed(key, keylen);
    if (!keyed) return -1;
    int rc = sm_hmac_run(keyed, data, n, out);
    EVP_MAC_CTX_free(keyed);
    return rc;
}

/* ---- SM4 --------------------------------------------------------------- */

EVP_CIPHER_CTX *sm4_keyed(enum sm4_mode mode, int encrypt, const unsigned char key[SM4_KEY_LEN])
{
    static const char *const names[] = {
        [SM4_ECB] = "SM4-ECB", [SM4_CBC] = "SM4-CBC", [SM4_CTR] = "SM4-CTR"};
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, names[mode], NULL);
    if (!cipher) return NULL;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int ok = ctx && EVP_CipherInit_ex2(ctx, cipher, key, NULL, encrypt != 0, NULL) &&
             EVP_CIPHER_CTX_set_padding(ctx, 0);
    EVP_CIPHER_free(cipher); /* ctx holds its own reference */
    if (!ok) {
        EVP_CIPHER_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

int sm4_run(const EVP_CIPHER_CTX *keyed, const unsigned char *iv, const void *in, size_t n,
            unsigned char *out)
{
    if (n % (size_t)EVP_CIPHER_CTX_get_block_size(keyed) != 0) return -1;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx) return -1;
    int ok = EVP_CIPHER_CTX_copy(ctx, keyed) && EVP_CipherInit_ex2(ctx, NULL, NULL, iv, -1, NULL);
    const unsigned char *src = in;
    size_t done = 0;
    while (ok && done < n) {
        size_t len = n - done < CHUNK_MAX ? n - done : CHUNK_MAX;
        int outl = 0;
        ok = EVP_CipherUpdate(ctx, out + done, &outl, src + done, (int)len) && (size_t)outl == len;
        done += len;
    }
    int tail = 0;
    ok = ok && EVP_CipherFinal_ex(ctx, out + n, &tail) && tail == 0;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : -1;
}

int sm4_crypt(enum sm4_mode mode, int encrypt, const unsigned char key[SM4_KEY_LEN],
              const unsigned char *iv, const void *in, size_t n, unsigned char *out)
{
    if (mode != SM4_ECB && !iv) return -1;
    EVP_CIPHER_CTX *keyed = sm4_keyed(mode, encrypt, key);
    if (!keyed) return -1;
    int rc = sm4_run(keyed, iv, in, n, out);
    EVP_CIPHER_CTX_free(keyed);
    return rc;
}

/* ---- randomness and comparison ----------------------------------------- */

int sm_random(void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n > 0) {
        size_t len = n < CHUNK_MAX ? n : CHUNK_MAX;
        if (RAND_bytes(p, (int)len) != 1) return -1;
        p += len;
        n -= len;
    }
    return 0;
}

int sm_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

int sm3_hex(const void *data, size_t n, char hex[2 * SM3_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char dg[SM3_LEN];
    if (sm3_digest(data, n, dg) < 0)
        return -1;
    for (int i = 0; i < SM3_LEN; i++) {
        hex[2 * i] = digits[dg[i] >> 4];
        hex[2 * i + 1] = digits[dg[i] & 15];
    }
    hex[2 * SM3_LEN] = '\0';
    return 0;
}
