/* The vault: field encryption for personal data at rest (ID numbers), as
 * GB/T 39786-2021 expects — SM4 for confidentiality, HMAC-SM3 for integrity,
 * and a keyed blind index for exact look-up without decrypting.
 *
 * Keys: a key ring of 32-byte master keys, oldest first, the last one
 * current — from the environment variable MZ_KEY (64 hex digits a key,
 * separated by commas) or else from a key file (64 hex digits a line, mode
 * 0600, created with one key on first use). Key k of the ring is "key epoch"
 * k. New values are sealed, indexed and audited under the current key; a
 * value sealed under an older key still opens (docs/crypto.md: rotation).
 * Sub-keys are HMAC-SM3(master, label): "minzheng/enc" (first 16 bytes: the
 * SM4 key), "minzheng/mac", and "minzheng/index", "minzheng/audit". The
 * master keys are not kept in memory.
 *
 * Sealed value (vault_sealed_len(n) bytes for n bytes of plaintext):
 *     epoch (1 byte) || IV (16, random) || SM4-CTR(enc key, IV, plaintext)
 *     || HMAC-SM3(mac key, epoch || IV || ciphertext)
 * (the first byte was a version number, 0x01, before key rotation: values
 * sealed then are epoch 1.)
 *
 * A vault is immutable once loaded: every function taking a const vault is
 * thread-safe. See docs/crypto.md. */
#ifndef MZ_CRYPTO_VAULT_H
#define MZ_CRYPTO_VAULT_H

#include <stddef.h>

#include "base/err.h"

struct vault;

#define VAULT_MAX_EPOCHS 32
#define VAULT_IV_LEN 16
#define VAULT_MAC_LEN 32
#define VAULT_INDEX_LEN 16

/* Loads the master key from MZ_KEY if set, else from keyfile, generating the
 * file (32 random bytes, hex, mode 0600, fsynced) if it does not exist, and
 * derives the sub-keys. On success *out is a new vault the caller frees with
 * vault_free. Fails with -1 and a message on err (code "invalid_key" for a
 * malformed MZ_KEY or key file or one readable by group or others,
 * "key_file" for an I/O error, "out_of_memory", "crypto" for an OpenSSL
 * failure); *out is then NULL. */
int vault_load(const char *keyfile, struct vault **out, struct mz_err *err);

/* Frees v and erases its keys; v may be NULL. */
void vault_free(struct vault *v);

/* Appends a new random master key to the key file's ring (written in full
 * to keyfile.new, fsynced, renamed over keyfile): from then on every vault
 * loaded from it seals under the new key. *epoch receives its number. */
int vault_add_key(const char *keyfile, int *epoch, struct mz_err *err);

/* The current key epoch (the number of keys in the ring). */
int vault_epoch(const struct vault *v);

/* The key epoch a sealed value was sealed under, or 0 if it is too short. */
int vault_sealed_epoch(const unsigned char *sealed, size_t n);

/* Length of the sealed form of plain_len bytes: 1 + 16 + plain_len + 32. */
size_t vault_sealed_len(size_t plain_len);

/* Encrypts and authenticates plain[0..n) into out, which must hold
 * vault_sealed_len(n) bytes and not overlap plain. Returns 0, or -1 if
 * OpenSSL fails (out is then garbage). */
int vault_seal(const struct vault *v, const void *plain, size_t n, unsigned char *out);

/* Checks and decrypts sealed[0..n) into out (cap bytes), writes the plaintext
 * length to *outlen and a terminating NUL after the plaintext, so cap must
 * exceed the plaintext length. The MAC is verified in constant time before
 * anything is decrypted. Fails with -1 and a message on err: code "tampered"
 * if the value is too short, of an unknown version or fails the MAC (altered,
 * or sealed under another key, or under a key epoch the ring does not hold
 * yet: the message says which), "buffer_too_small", or "crypto". */
int vault_unseal(const struct vault *v, const unsigned char *sealed, size_t n, char *out,
                 size_t cap, size_t *outlen, struct mz_err *err);

/* out = the first 16 bytes of HMAC-SM3(index key, plain[0..n)) under the
 * current key: equal plaintexts give equal indexes under one master key, so
 * an ID number can be found by its index without decrypting. Returns 0, or
 * -1 if OpenSSL fails. _at: under key epoch (1..vault_epoch; -1 otherwise),
 * for look-ups of values indexed before a rotation finished. */
int vault_blind_index(const struct vault *v, const void *plain, size_t n,
                      unsigned char out[VAULT_INDEX_LEN]);
int vault_blind_index_at(const struct vault *v, int epoch, const void *plain, size_t n,
                         unsigned char out[VAULT_INDEX_LEN]);

/* out = HMAC-SM3(audit key of epoch, data[0..n)): the link of the audit
 * log's hash chain, each entry under the key current when it was written.
 * Returns 0, or -1 if OpenSSL fails or the ring has no such epoch. */
int vault_audit_mac(const struct vault *v, int epoch, const void *data, size_t n,
                    unsigned char out[VAULT_MAC_LEN]);

#endif
