/* Electronic seals (电子印章, SESeal) and seal signatures (电子签章,
 * SES_Signature) in the DER forms of GB/T 38540-2020, version 4, with SM2
 * and SM3 (OID 1.2.156.10197.1.501):
 *
 *   SESeal        = { esealInfo { header {"ES", 4, vid}, esID, property {type,
 *                     name, certListType 1, certList {signer certs},
 *                     createDate, validStart, validEnd}, picture {"PNG",
 *                     data, width mm, height mm} }, cert (maker), signAlgID,
 *                     signedValue (maker's SM2 over DER(esealInfo)) }
 *   SES_Signature = { toSign {4, eseal, timeInfo, dataHash (SM3 of the
 *                     signed data), propertyInfo}, cert (signer), signAlgID,
 *                     signature (signer's SM2 over DER(toSign)) }
 *
 * minzheng's bureau key both makes the seal and signs with it (one key per
 * installation; a 制章 authority's own key would replace the maker's part).
 * Every function fails with -1 and a Chinese message on err. */
#ifndef MZ_CRYPTO_SES_H
#define MZ_CRYPTO_SES_H

#include <stddef.h>
#include <time.h>

#include "base/err.h"

#define SES_SM2_SM3_OID "1.2.156.10197.1.501"
#define SES_SM3_OID "1.2.156.10197.1.401"

struct ses_seal_in {
    const char *esid;          /* the seal's code (IA5), unique per bureau */
    const char *name;          /* the seal's name, e.g. "重庆市万州区民政局" */
    const unsigned char *cert; /* the signer's (= maker's) certificate, DER */
    size_t cert_len;
    const unsigned char *png;  /* the seal's picture */
    size_t png_len;
    int width_mm, height_mm;
    time_t created, valid_from, valid_to;
};

/* Makes the seal, signed with the maker's key at key_path. *der (mz_free)
 * of *len bytes. */
int ses_seal_make(const struct ses_seal_in *in, const char *key_path, unsigned char **der,
                  size_t *len, struct mz_err *err);

/* Signs data[0..n) with the seal: an SES_Signature whose dataHash is its
 * SM3, dated `when`, with `property` (IA5, e.g. the document's path),
 * signed with the key at key_path whose certificate is cert. */
int ses_sign(const unsigned char *seal, size_t seal_len, const unsigned char *cert,
             size_t cert_len, const char *key_path, time_t when, const char *property,
             const void *data, size_t n, unsigned char **der, size_t *len, struct mz_err *err);

/* What checking an SES_Signature found. Pointers point into the checked
 * DER. */
struct ses_check {
    int ok;                 /* 1: every check passed */
    struct mz_err why;      /* the first check that failed */
    char name[256];         /* the seal's name */
    char esid[64];
    char signed_at[16];     /* timeInfo, YYYYMMDDhhmmssZ */
    const unsigned char *png, *cert;
    size_t png_len, cert_len;
};

/* Checks der as the SES_Signature of data[0..n): its structure, the
 * signer's signature, the signer's certificate in the seal's list, the
 * seal's maker signature, the seal valid at the signing time and the
 * dataHash. Returns 0 when the checks ran (see out->ok and out->why). */
int ses_verify(const unsigned char *der, size_t len, const void *data, size_t n,
               struct ses_check *out);

#endif
