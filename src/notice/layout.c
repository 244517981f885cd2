/* Typesetting notices with pango (see layout.h), and their QR codes with
 * libqrencode. */
#include "notice/layout.h"

#include <stdio.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "base/mem.h"

#define MARGIN 64.0
#define FOOT_Y (NOTICE_PAGE_H - 40.0)

/* Font size, space before and after, by block kind. */
static const struct {
    double size, before, after;
    int bold;
} styles[] = {
    [NB_TITLE] = {17, 0, 6, 1},  [NB_NUMBER] = {11, 2, 16, 0}, [NB_LINE] = {11, 4, 4, 0},
    [NB_HEADING] = {12, 10, 4, 1}, [NB_PARA] = {11, 0, 4, 0},  [NB_DETAIL] = {9, 0, 1.5, 0},
    [NB_SIGN] = {11, 8, 0, 0},
};

/* Whether fontconfig knows a font that covers Chinese. */
static int have_cjk_font(void)
{
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)0);
    FcLangSet *ls = FcLangSetCreate();
    int n = 0;
    if (pat && os && ls && FcLangSetAdd(ls, (const FcChar8 *)"zh-cn") &&
        FcPatternAddLangSet(pat, FC_LANG, ls)) {
        FcFontSet *fs = FcFontList(NULL, pat, os);
        n = fs ? fs->nfont : 0;
        FcFontSetDestroy(fs);
    }
    FcLangSetDestroy(ls);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    return n > 0;
}

PangoContext *notice_pango_context(PangoFontMap **fm)
{
    *fm = pango_cairo_font_map_new();
    PangoContext *ctx = pango_font_map_create_context(*fm);
    pango_cairo_context_set_resolution(ctx, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    return ctx;
}

struct typesetter {
    PangoContext *ctx;
    const struct notice_sink *sink;
    const struct notice *n;
    int page;
    double y;
};

static PangoLayout *layout(PangoContext *ctx, const char *text, double size, int bold,
                           double width)
{
    PangoLayout *l = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_from_string(NOTICE_FONTS);
    pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    return l;
}

static void end_page(struct typesetter *t, int last)
{
    char text[240];
    snprintf(text, sizeof text, "决定书编号 %s　　第 %d 页", notice_number(t->n), t->page);
    PangoLayout *l = layout(t->ctx, text, 8, 0, NOTICE_PAGE_W - 2 * MARGIN);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    t->sink->text(t->sink->ctx, t->page, MARGIN, FOOT_Y, l);
    g_object_unref(l);
    t->sink->page_end(t->sink->ctx, t->page, last);
    if (!last) {
        t->page++;
        t->y = MARGIN;
    }
}

/* Lays out one block; room = the height it needs at least on its page,
 * extra = space above it besides its style's (kept on a new page). */
static void block(struct typesetter *t, const struct notice_block *b, double room, double extra)
{
    double size = styles[b->kind].size, x = MARGIN, width = NOTICE_PAGE_W - 2 * MARGIN;
    const char *text = b->text;
    if (b->kind == NB_DETAIL) { /* keep the explanation's indentation */
        size_t spaces = strspn(text, " ");
        x += (double)spaces * size * 0.6;
        width -= (double)spaces * size * 0.6;
        text += spaces;
    }
    PangoLayout *l = layout(t->ctx, text, size, styles[b->kind].bold, width);
    if (b->kind == NB_TITLE || b->kind == NB_NUMBER)
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    else if (b->kind == NB_SIGN)
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    else if (b->kind == NB_PARA)
        pango_layout_set_indent(l, (int)(2 * size * PANGO_SCALE));
    int w, h;
    pango_layout_get_size(l, &w, &h);
    double height = (double)h / PANGO_SCALE;
    t->y += styles[b->kind].before + extra;
    if (t->y + (height > room ? height : room) > FOOT_Y - 12) {
        end_page(t, 0);
        t->y += extra;
    }
    t->sink->text(t->sink->ctx, t->page, x, t->y, l);
    t->y += height + styles[b->kind].after;
    g_object_unref(l);
}

int notice_typeset(const struct notice *n, PangoContext *ctx, const struct notice_sink *sink,
                   struct notice_marks *marks, struct mz_err *err)
{
    if (!have_cjk_font())
        return mz_fail(err, "no_cjk_font",
                       "没有可用的中文字体：请安装 fonts-wqy-microhei 或 fonts-noto-cjk");
    memset(marks, 0, sizeof *marks);
    struct typesetter t = {.ctx = ctx, .sink = sink, .n = n, .page = 1, .y = MARGIN};
    size_t nb;
    const struct notice_block *blocks = notice_blocks(n, &nb);
    double seal = NOTICE_SEAL_MM * NOTICE_MM, qr = NOTICE_QR_MM * NOTICE_MM, below = 0;
    for (size_t i = 0; i < nb; i++) {
        int first_sign = blocks[i].kind == NB_SIGN && !marks->seal.page;
        if (below > 0 && blocks[i].kind != NB_SIGN) { /* what follows clears the art */
            t.y = below > t.y ? below : t.y;
            below = 0;
        }
        /* the seal's upper half clear of the text above */
        block(&t, &blocks[i], first_sign ? seal * 0.7 : 0,
              first_sign ? seal / 2 - 2 * styles[NB_SIGN].size : 0);
        if (first_sign) {
            /* the seal centred between the bureau's name and the date
             * below it, the QR code level with it at the left margin */
            double mid = t.y + styles[NB_SIGN].before / 2;
            marks->seal = (struct notice_box){t.page, NOTICE_PAGE_W - MARGIN - seal + 12,
                                              mid - seal / 2, seal, seal};
            marks->qr = (struct notice_box){t.page, MARGIN, mid - qr / 2, qr, qr};
            below = mid + seal / 2;
        }
    }
    marks->pages = t.page;
    end_page(&t, 1);
    return 0;
}

unsigned char *notice_qr(const char *text, int *size)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return NULL;
    unsigned char *m = mz_malloc((size_t)q->width * (size_t)q->width);
    if (m) {
        for (int i = 0; i < q->width * q->width; i++)
            m[i] = q->data[i] & 1;
        *size = q->width;
    }
    QRcode_free(q);
    return m;
}
