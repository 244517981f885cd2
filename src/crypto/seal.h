/* The bureau's electronic seal (电子签章) on decision notices and audit
 * checkpoints: SM2 signatures (GB/T 32918) with
 * SM3 and the default signer ID "1234567812345678" (GM/T 0009), over
 * OpenSSL 3's EVP interface.
 *
 * Keys are PEM files: the private key as PKCS#8 ("PRIVATE KEY", written
 * with mode 0600), the public key as SubjectPublicKeyInfo ("PUBLIC KEY").
 * A signature is the DER-encoded SM2 signature (SEQUENCE of r and s),
 * written as one line of base64 (see docs/notices.md).
 * Every function fails with -1 and a Chinese message on err (codes
 * "key_file", "bad_key", "crypto", "out_of_memory"). */
#ifndef MZ_CRYPTO_SEAL_H
#define MZ_CRYPTO_SEAL_H

#include <stddef.h>
#include <time.h>

#include "base/err.h"

/* The signer ID every minzheng signature uses. */
#define SEAL_SM2_ID "1234567812345678"

/* Creates a new SM2 key pair: the private key at priv_path (created with
 * O_EXCL and mode 0600, so an existing key is never overwritten) and the
 * public key at pub_path (mode 0644, replaced if it exists). */
int seal_keygen(const char *priv_path, const char *pub_path, struct mz_err *err);

/* Signs data[0..n) with the private key at priv_path. On success *sig is a
 * new NUL-terminated base64 string the caller frees with mz_free. */
int seal_sign(const char *priv_path, const void *data, size_t n, char **sig,
                struct mz_err *err);

/* The same signature as DER bytes: *der (mz_free) of *len bytes. */
int seal_sign_der(const char *priv_path, const void *data, size_t n, unsigned char **der,
                  size_t *len, struct mz_err *err);

/* Checks the base64 signature sig over data[0..n) with the public key at
 * pub_path. Returns 1 if it is valid, 0 if it is not (err then says why:
 * code "bad_signature_format" when sig is not a well-formed SM2 signature,
 * "signature_mismatch" when it does not match the data and key), or -1 on
 * a key or OpenSSL failure. */
int seal_verify(const char *pub_path, const void *data, size_t n, const char *sig,
                  struct mz_err *err);

/* The seal's certificate (印章证书): an X.509 v3 certificate of the key at
 * priv_path for `holder` (C=CN, O and CN the holder, e.g. the bureau),
 * valid from not_before to not_after, self-issued and signed SM2 with SM3.
 * *der (mz_free) of *len bytes. */
int seal_cert_create(const char *priv_path, const char *holder, long serial, time_t not_before,
                     time_t not_after, unsigned char **der, size_t *len, struct mz_err *err);

/* Checks the DER SM2 signature sig over data with the certificate's key:
 * 1 valid, 0 not (err says why: "bad_certificate", "signature_mismatch"),
 * -1 on an OpenSSL failure. */
int seal_verify_cert(const unsigned char *cert, size_t cert_len, const void *data, size_t n,
                     const unsigned char *sig, size_t sig_len, struct mz_err *err);

/* Whether the certificate holds the key at key_path (a public or private
 * key PEM): 1, 0 (err "foreign_certificate" or "bad_certificate"), -1 if
 * the key is unreadable. */
int seal_cert_matches(const unsigned char *cert, size_t cert_len, const char *key_path,
                      struct mz_err *err);

/* The certificate's holder (subject CN) into holder. 0 or -1. */
int seal_cert_holder(const unsigned char *cert, size_t cert_len, char *holder, size_t cap,
                     struct mz_err *err);

#endif
