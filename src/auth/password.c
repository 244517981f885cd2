/* scrypt password hashes over OpenSSL 3's EVP_KDF. */
#include "auth/password.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/sm.h"

#define SALT_LEN 16
#define KEY_LEN 32
#define DEFAULT_LOG2N 14
#define DEFAULT_R 8
#define DEFAULT_P 1

int auth_password_check(const char *pw, struct mz_err *err)
{
    size_t n = strlen(pw);
    if (n < AUTH_PASSWORD_MIN)
        return mz_fail_field(err, "password", "weak_password", "密码太短：至少 %d 个字符，实为 %zu 个",
                             AUTH_PASSWORD_MIN, n);
    if (n > AUTH_PASSWORD_MAX)
        return mz_fail_field(err, "password", "weak_password", "密码太长：至多 %d 个字节",
                             AUTH_PASSWORD_MAX);
    return 0;
}

static int scrypt(const char *pw, const unsigned char *salt, unsigned log2n, uint32_t r,
                  uint32_t p, unsigned char out[KEY_LEN])
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
    EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    EVP_KDF_free(kdf);
    if (!ctx)
        return -1;
    uint64_t n = (uint64_t)1 << log2n;
    uint64_t maxmem = (uint64_t)256 << 20;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)pw, strlen(pw)),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, SALT_LEN),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    int rc = EVP_KDF_derive(ctx, out, KEY_LEN, params) == 1 ? 0 : -1;
    EVP_KDF_CTX_free(ctx);
    return rc;
}

static void hex(const unsigned char *b, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Decodes exactly 2n lowercase hex digits; -1 otherwise. */
static int unhex(const char *s, size_t len, unsigned char *out, size_t n)
{
    if (len != 2 * n)
        return -1;
    for (size_t i = 0; i < 2 * n; i++) {
        char c = s[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0)
            return -1;
        out[i / 2] = (unsigned char)(i % 2 ? out[i / 2] | v : v << 4);
    }
    return 0;
}

int auth_password_hash(const char *pw, char out[AUTH_HASH_MAX], struct mz_err *err)
{
    unsigned char salt[SALT_LEN], key[KEY_LEN];
    if (sm_random(salt, sizeof salt) < 0 ||
        scrypt(pw, salt, DEFAULT_LOG2N, DEFAULT_R, DEFAULT_P, key) < 0)
        return mz_fail(err, "crypto", "计算密码散列失败（OpenSSL scrypt）");
    char salt_hex[2 * SALT_LEN + 1], key_hex[2 * KEY_LEN + 1];
    hex(salt, sizeof salt, salt_hex);
    hex(key, sizeof key, key_hex);
    snprintf(out, AUTH_HASH_MAX, "scrypt$%d$%d$%d$%s$%s", DEFAULT_LOG2N, DEFAULT_R, DEFAULT_P,
             salt_hex, key_hex);
    return 0;
}

int auth_password_verify(const char *pw, const char *stored)
{
    unsigned log2n, r, p;
    int head = 0;
    if (sscanf(stored, "scrypt$%2u$%2u$%2u$%n", &log2n, &r, &p, &head) != 3 || head == 0)
        return -1;
    if (log2n < 10 || log2n > 20 || r < 1 || r > 32 || p < 1 || p > 16)
        return -1;
    const char *salt_hex = stored + head, *dollar = strchr(salt_hex, '$');
    unsigned char salt[SALT_LEN], want[KEY_LEN], got[KEY_LEN];
    if (!dollar || unhex(salt_hex, (size_t)(dollar - salt_hex), salt, SALT_LEN) < 0 ||
        unhex(dollar + 1, strlen(dollar + 1), want, KEY_LEN) < 0)
        return -1;
    if (scrypt(pw, salt, log2n, r, p, got) < 0)
        return -1;
    return sm_equal(got, want, KEY_LEN);
}

int auth_password_generate(char *out, size_t n)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const unsigned limit = 256 - 256 % (sizeof alphabet - 1);
    size_t i = 0;
    while (i + 1 < n) {
        unsigned char b[32];
        if (sm_random(b, sizeof b) < 0)
            return -1;
        for (size_t k = 0; k < sizeof b && i + 1 < n; k++)
            if (b[k] < limit)
                out[i++] = alphabet[b[k] % (sizeof alphabet - 1)];
    }
    out[i] = '\0';
    return 0;
}
