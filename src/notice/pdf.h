/* Renders a decision notice as an A4 PDF with cairo and pango (the thin
 * adapter over both): CJK text in an embedded subset of a Chinese font
 * found through fontconfig (WenQuanYi Micro Hei, or Noto Sans/Serif CJK),
 * pages broken between blocks, each page footed with the notice number and
 * page number. The PDF's creation date is the notice's date and nothing
 * else varies, so the same notice renders to the same bytes. */
#ifndef MZ_NOTICE_PDF_H
#define MZ_NOTICE_PDF_H

#include <stddef.h>

#include "base/err.h"
#include "notice/notice.h"

/* The font families asked for, in order of preference. */
#define NOTICE_PDF_FONTS "WenQuanYi Micro Hei,Noto Sans CJK SC,Noto Serif CJK SC"

/* Renders n. On success *pdf is a new buffer of *len bytes the caller frees
 * with mz_free. Fails with -1 and a message on err: code "no_cjk_font" when
 * fontconfig knows no font for Chinese (install fonts-wqy-microhei),
 * "pdf" when cairo fails, "out_of_memory". */
int notice_pdf_render(const struct notice *n, unsigned char **pdf, size_t *len,
                      struct mz_err *err);

/* Releases the caches cairo and fontconfig keep for the life of the
 * process, so that a leak checker sees none. Call once, at exit, after the
 * last render. */
void notice_pdf_cleanup(void);

#endif
