/* Renders a decision notice as an A4 PDF with cairo (the typesetting is
 * notice/layout.h's): CJK text in an embedded subset of a Chinese font found
 * through fontconfig, the bureau's seal over its name and date, the QR code
 * of the verification page, each page footed with the notice number and
 * page number. The PDF's creation date is the notice's date and nothing
 * else varies, so the same notice renders to the same bytes. */
#ifndef MZ_NOTICE_PDF_H
#define MZ_NOTICE_PDF_H

#include <stddef.h>

#include "base/err.h"
#include "notice/layout.h"
#include "notice/notice.h"

/* Renders n with art (NULL: text only). On success *pdf is a new buffer of
 * *len bytes the caller frees with mz_free. Fails with -1 and a message on
 * err: code "no_cjk_font" when fontconfig knows no font for Chinese
 * (install fonts-wqy-microhei), "bad_picture" when the seal's picture is
 * not a PNG, "pdf" when cairo fails, "out_of_memory". */
int notice_pdf_render(const struct notice *n, const struct notice_art *art, unsigned char **pdf,
                      size_t *len, struct mz_err *err);

/* Releases the caches cairo and fontconfig keep for the life of the
 * process, so that a leak checker sees none. Call once, at exit, after the
 * last render. */
void notice_pdf_cleanup(void);

#endif
