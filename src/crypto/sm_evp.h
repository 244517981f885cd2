/* Internal to src/crypto: the primitives of sm.h split into "key once" and
 * "run on a copy", so that hot paths (the vault seals millions of ID
 * numbers) pay OpenSSL's algorithm fetch and key schedule once. A keyed
 * context is only read by the *_run functions, which work on a private copy,
 * so one keyed context may be shared by any number of threads. */
#ifndef MZ_CRYPTO_SM_EVP_H
#define MZ_CRYPTO_SM_EVP_H

#include <openssl/evp.h>

#include "crypto/sm.h"

/* Returns an HMAC-SM3 context keyed with key[0..keylen), or NULL on failure.
 * The caller frees it with EVP_MAC_CTX_free. */
EVP_MAC_CTX *sm_hmac_keyed(const unsigned char *key, size_t keylen);

/* out = HMAC(keyed's key, data[0..n)); keyed is left untouched. */
int sm_hmac_run(const EVP_MAC_CTX *keyed, const void *data, size_t n, unsigned char out[SM3_LEN]);

/* Returns an SM4 context in `mode`, keyed for encryption (encrypt != 0) or
 * decryption, padding off; NULL on failure. The caller frees it with
 * EVP_CIPHER_CTX_free. */
EVP_CIPHER_CTX *sm4_keyed(enum sm4_mode mode, int encrypt, const unsigned char key[SM4_KEY_LEN]);

/* Runs keyed's cipher over in[0..n) into out, starting from iv (NULL for
 * ECB); keyed is left untouched. Fails if n is not a whole number of blocks
 * for a block mode. */
int sm4_run(const EVP_CIPHER_CTX *keyed, const unsigned char *iv, const void *in, size_t n,
            unsigned char *out);

#endif
