/* TOTP codes with OpenSSL's HMAC (see totp.h). */
#include "auth/totp.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/sm.h"

int totp_secret_new(unsigned char secret[TOTP_SECRET_LEN])
{
    return sm_random(secret, TOTP_SECRET_LEN);
}

void totp_base32(const unsigned char secret[TOTP_SECRET_LEN], char out[TOTP_BASE32_LEN])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    size_t o = 0;
    unsigned buf = 0;
    int bits = 0;
    for (size_t i = 0; i < TOTP_SECRET_LEN; i++) {
        buf = (buf << 8) | secret[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = alphabet[(buf >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = alphabet[(buf << (5 - bits)) & 31];
    out[o] = '\0';
}

int totp_code(const unsigned char secret[TOTP_SECRET_LEN], uint64_t step)
{
    unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    for (int i = 7; i >= 0; i--, step >>= 8)
        msg[i] = (unsigned char)(step & 0xff);
    if (!HMAC(EVP_sha1(), secret, TOTP_SECRET_LEN, msg, sizeof msg, mac, &len) || len < 20)
        return -1;
    int off = mac[len - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
                   ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
    return (int)(bin % 1000000);
}

int totp_check(const unsigned char secret[TOTP_SECRET_LEN], const char *otp, time_t now,
               int64_t last_step, int64_t *step)
{
    if (!otp || strlen(otp) != 6 || strspn(otp, "0123456789") != 6)
        return 0;
    int want = (otp[0] - '0') * 100000 + (otp[1] - '0') * 10000 + (otp[2] - '0') * 1000 +
               (otp[3] - '0') * 100 + (otp[4] - '0') * 10 + (otp[5] - '0');
    int64_t cur = (int64_t)now / TOTP_STEP, found = 0;
    for (int64_t s = cur - 1; s <= cur + 1; s++) /* compare all three: no early exit */
        if (s > last_step && totp_code(secret, (uint64_t)s) == want && !found)
            found = s;
    if (!found)
        return 0;
    *step = found;
    return 1;
}

void totp_uri(const char *name, const char *base32, char *out, size_t cap)
{
    snprintf(out, cap,
             "otpauth://totp/minzheng:%s?secret=%s&issuer=minzheng&algorithm=SHA1&digits=6&period=%d",
             name, base32, TOTP_STEP);
}
