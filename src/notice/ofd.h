/* Notices as OFD documents (GB/T 33190-2016), the format of Chinese
 * government e-documents, sealed per GB/T 38540 and GM/T 0099:
 *
 *   OFD.xml                          the entry: document info, the root, the signatures
 *   Doc_0/Document.xml               page size (A4, millimetres), resources, pages
 *   Doc_0/PublicRes.xml, Res/font_N.ttf   the font, embedded as a subset of the glyphs used
 *   Doc_0/Pages/Page_N/Content.xml   the typeset text (notice/layout.h) and the QR code
 *   Doc_0/Signs/Signatures.xml       the list of signatures
 *   Doc_0/Signs/Sign_0/Signature.xml the SM3 of every other file, the stamp annotation
 *                                    (the seal over the bureau's name) and
 *   Doc_0/Signs/Sign_0/SignedValue.dat  the SES_Signature over Signature.xml
 *
 * Unsealed, the same notice renders to the same bytes (files in a fixed
 * order, dated the notice's date); the seal's SM2 signature is randomised.
 * notice_ofd_check proves a file is intact and sealed. */
#ifndef MZ_NOTICE_OFD_H
#define MZ_NOTICE_OFD_H

#include <stddef.h>

#include "base/err.h"
#include "crypto/ses.h"
#include "notice/layout.h"
#include "notice/notice.h"
#include "store/noticestore.h"

/* Renders n with the QR code of art->qr_text (art may be NULL) and seals
 * it with `seal` (NULL: unsealed), signing with the key at key_path whose
 * certificate the seal lists. *ofd (mz_free) of *len bytes. */
int notice_ofd_render(const struct notice *n, const struct notice_art *art,
                      const struct seal_row *seal, const char *key_path, unsigned char **ofd,
                      size_t *len, struct mz_err *err);

/* What checking an OFD found. */
struct ofd_check {
    int ok;              /* every check passed */
    struct mz_err why;   /* the first that failed */
    int files;           /* files whose SM3 the signature lists and that match */
    struct ses_check ses;
};

/* Checks an OFD: a zip with the files above; every file but the signature
 * files listed in Signature.xml with its SM3 and matching it; nothing in
 * the package that is not listed; the SES_Signature valid over
 * Signature.xml (crypto/ses.h); and, unless key_path is NULL, the signer's
 * certificate holding that key (public or private PEM). Returns 0 when
 * the checks ran (see *out), -1 when memory is short or the key cannot
 * be read. */
int notice_ofd_check(const unsigned char *ofd, size_t len, const char *key_path,
                     struct ofd_check *out, struct mz_err *err);

#endif
