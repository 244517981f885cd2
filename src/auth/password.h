/* Password hashing with scrypt (OpenSSL 3's EVP_KDF "SCRYPT"), memory-hard
 * so that a stolen users table is slow to attack. A stored hash carries its
 * parameters and salt:
 *     scrypt$LOG2N$R$P$SALT(32 hex)$HASH(64 hex)
 * so parameters can be raised later without invalidating old hashes.
 * Nothing here allocates through mz_malloc (OpenSSL allocates itself). */
#ifndef MZ_AUTH_PASSWORD_H
#define MZ_AUTH_PASSWORD_H

#include <stddef.h>

#include "base/err.h"

#define AUTH_HASH_MAX 160   /* bytes for a stored hash, with the NUL */
#define AUTH_PASSWORD_MIN 8 /* characters (bytes) */
#define AUTH_PASSWORD_MAX 256

/* Fails (code "weak_password", field "password") unless pw has between
 * AUTH_PASSWORD_MIN and AUTH_PASSWORD_MAX bytes. */
int auth_password_check(const char *pw, struct mz_err *err);

/* Hashes pw with a fresh random salt and the default parameters (N = 2^14,
 * r = 8, p = 1: 16 MiB, tens of milliseconds) into out. Returns 0, or -1
 * with code "crypto" if OpenSSL fails. */
int auth_password_hash(const char *pw, char out[AUTH_HASH_MAX], struct mz_err *err);

/* 1 if pw matches the stored hash, 0 if not, -1 if `stored` is not a hash
 * this module wrote (or has parameters out of bounds) or OpenSSL fails.
 * The comparison takes constant time. */
int auth_password_verify(const char *pw, const char *stored);

/* A random password of n - 1 characters from an alphabet without look-alike
 * characters (0/O, 1/l/I), NUL-terminated in out[n]. Returns 0 or -1. */
int auth_password_generate(char *out, size_t n);

#endif
