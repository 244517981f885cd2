/* One-time passwords for the staff's second factor (等保 level 3): TOTP
 * (RFC 6238) over HOTP (RFC 4226) with HMAC-SHA1, 30-second steps and six
 * digits — what every authenticator app (and the 政务 apps that embed one)
 * reads from an otpauth:// address. A code is accepted for the step before,
 * the current step and the step after (clock drift), and never twice: the
 * caller keeps the last step accepted. */
#ifndef MZ_AUTH_TOTP_H
#define MZ_AUTH_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TOTP_SECRET_LEN 20 /* bytes (160 bits, RFC 4226's recommendation) */
#define TOTP_STEP 30       /* seconds */
#define TOTP_BASE32_LEN 33 /* 32 characters and a NUL for 20 bytes */

/* A new random secret. 0, or -1 if the random source fails. */
int totp_secret_new(unsigned char secret[TOTP_SECRET_LEN]);
/* The secret in base32 (RFC 4648, no padding), as apps take it. */
void totp_base32(const unsigned char secret[TOTP_SECRET_LEN], char out[TOTP_BASE32_LEN]);
/* The otpauth:// address an authenticator app reads (from its QR code) for
 * account name and the base32 secret. */
void totp_uri(const char *name, const char *base32, char *out, size_t cap);
/* The six-digit code of a step (HOTP with the step as counter). */
int totp_code(const unsigned char secret[TOTP_SECRET_LEN], uint64_t step);
/* Whether otp (six digits) is the code of a step within one of now's and
 * after last_step: 1 with *step set to it, else 0. */
int totp_check(const unsigned char secret[TOTP_SECRET_LEN], const char *otp, time_t now,
               int64_t last_step, int64_t *step);

#endif
