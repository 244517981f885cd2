/* The commercial-cryptography (国密) primitives minzheng uses — SM3 (GB/T
 * 32905), HMAC-SM3 (GM/T 0042) and SM4 (GB/T 32907) — over OpenSSL 3's EVP
 * interface. Every function is thread-safe: each call works on its own
 * OpenSSL context. All return 0 on success and -1 on failure (an OpenSSL
 * error, or lengths the mode cannot take); none allocates through mz_malloc. */
#ifndef MZ_CRYPTO_SM_H
#define MZ_CRYPTO_SM_H

#include <stddef.h>

#define SM3_LEN 32 /* digest and HMAC length */
#define SM4_KEY_LEN 16
#define SM4_BLOCK_LEN 16

enum sm4_mode {
    SM4_ECB, /* no IV */
    SM4_CBC, /* 16-byte IV */
    SM4_CTR  /* 16-byte initial counter block, big-endian increment */
};

/* out = SM3(data[0..n)). */
int sm3_digest(const void *data, size_t n, unsigned char out[SM3_LEN]);
/* The same as 64 lower-case hex digits and a NUL in hex. */
int sm3_hex(const void *data, size_t n, char hex[2 * SM3_LEN + 1]);

/* SM3 over data given in pieces: sm3_stream_new, any number of
 * sm3_stream_add, then sm3_stream_end (which frees the stream, also on
 * failure; NULL is taken and fails). */
struct sm3_stream;
struct sm3_stream *sm3_stream_new(void);
int sm3_stream_add(struct sm3_stream *s, const void *data, size_t n);
int sm3_stream_end(struct sm3_stream *s, unsigned char out[SM3_LEN]);

/* out = HMAC-SM3(key, data[0..n)); any key length. */
int sm3_hmac(const unsigned char *key, size_t keylen, const void *data, size_t n,
             unsigned char out[SM3_LEN]);

/* Encrypts (encrypt != 0) or decrypts n bytes from in to out (which may be
 * the same buffer) with SM4 in `mode`, without padding: for ECB and CBC, n
 * must be a multiple of 16; CTR takes any n. iv is ignored for ECB (may be
 * NULL) and required otherwise. */
int sm4_crypt(enum sm4_mode mode, int encrypt, const unsigned char key[SM4_KEY_LEN],
              const unsigned char *iv, const void *in, size_t n, unsigned char *out);

/* Fills buf with n bytes from OpenSSL's CSPRNG. */
int sm_random(void *buf, size_t n);

/* Returns 1 if a and b hold the same n bytes, else 0, in time that depends
 * only on n (for comparing MACs). */
int sm_equal(const void *a, const void *b, size_t n);

#endif
