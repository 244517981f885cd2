/* Typesetting a notice on A4 pages with pango, once for every renderer:
 * the PDF (cairo) and the OFD (XML) draw the same lines at the same places,
 * break pages at the same blocks, and put the seal and the QR code at the
 * same spot. Units are points (1/72 inch) from a page's top-left corner;
 * the pango context runs at 72 dpi so a font size is in points. */
#ifndef MZ_NOTICE_LAYOUT_H
#define MZ_NOTICE_LAYOUT_H

#include <pango/pango.h>

#include "base/err.h"
#include "notice/notice.h"

#define NOTICE_PAGE_W 595.276 /* A4 */
#define NOTICE_PAGE_H 841.890
#define NOTICE_MM 2.8346457 /* points per millimetre */
#define NOTICE_SEAL_MM 42   /* a bureau's round seal: 42 mm across */
#define NOTICE_QR_MM 24

/* The font families asked for, in order of preference. */
#define NOTICE_FONTS "WenQuanYi Micro Hei,Noto Sans CJK SC,Noto Serif CJK SC"

struct notice_box {
    int page; /* 1-based */
    double x, y, w, h;
};

/* Receives what the typesetter lays out. */
struct notice_sink {
    void *ctx;
    /* a block's lines (or the footer's), its top-left corner at x, y */
    void (*text)(void *ctx, int page, double x, double y, PangoLayout *l);
    /* page `page` is done; `last` if no page follows */
    void (*page_end)(void *ctx, int page, int last);
};

/* Where the seal (over the bureau's name and date) and the QR code (at
 * the left of them) go, and how many pages there are. Filled before the
 * last page_end call. */
struct notice_marks {
    struct notice_box seal, qr;
    int pages;
};

/* What is drawn over the text: the seal's picture (PNG) over the
 * bureau's name and date, and the QR code of the verification address.
 * Either may be absent (NULL). */
struct notice_art {
    const unsigned char *seal_png;
    size_t seal_png_len;
    const char *qr_text;
};

/* A pango context for typesetting at 72 dpi without hinting (the same
 * metrics on any surface); *fm is its font map. Unref both after use. */
PangoContext *notice_pango_context(PangoFontMap **fm);

/* Lays n out: every block, then the footer of each page ("决定书编号 …　
 * 第 N 页"), calling the sink in page order. Fails with "no_cjk_font" when
 * fontconfig knows no font for Chinese. */
int notice_typeset(const struct notice *n, PangoContext *ctx, const struct notice_sink *sink,
                   struct notice_marks *marks, struct mz_err *err);

/* The QR code of text as a square of modules (1 = dark), row by row:
 * *size modules a side; mz_free the result. NULL when text cannot be
 * encoded or memory is short. */
unsigned char *notice_qr(const char *text, int *size);

#endif
