/* PDF rendering of notices over cairo (PDF surface written to memory) and
 * pango (line breaking, font fallback for CJK and symbols). Units are PDF
 * points: the pango context runs at 72 dpi so a font size is in points. */
#include "notice/pdf.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "base/mem.h"

#define PAGE_W 595.276 /* A4 */
#define PAGE_H 841.890
#define MARGIN 64.0
#define FOOT_Y (PAGE_H - 40.0)

/* Font size, space before and after, by block kind. */
static const struct {
    double size, before, after;
    int bold;
} styles[] = {
    [NB_TITLE] = {17, 0, 6, 1},  [NB_NUMBER] = {11, 2, 16, 0}, [NB_LINE] = {11, 4, 4, 0},
    [NB_HEADING] = {12, 10, 4, 1}, [NB_PARA] = {11, 0, 4, 0},  [NB_DETAIL] = {9, 0, 1.5, 0},
    [NB_SIGN] = {11, 8, 0, 0},
};

struct buf {
    unsigned char *data;
    size_t len, cap;
};

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int n)
{
    struct buf *b = closure;
    if (mz_grow(&b->data, &b->cap, b->len + n, 1) < 0)
        return CAIRO_STATUS_WRITE_ERROR;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

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

/* ---- layout ---- */

struct page {
    cairo_t *cr;
    PangoContext *ctx;
    const struct notice *n;
    int pageno;
    double y;
};

static PangoLayout *layout(struct page *pg, const char *text, double size, int bold,
                           double width)
{
    PangoLayout *l = pango_layout_new(pg->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(NOTICE_PDF_FONTS);
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

static void footer(struct page *pg)
{
    char text[160];
    snprintf(text, sizeof text, "决定书编号 %s　　第 %d 页", notice_number(pg->n), pg->pageno);
    PangoLayout *l = layout(pg, text, 8, 0, PAGE_W - 2 * MARGIN);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    cairo_move_to(pg->cr, MARGIN, FOOT_Y);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
}

static void new_page(struct page *pg)
{
    footer(pg);
    cairo_show_page(pg->cr);
    pg->pageno++;
    pg->y = MARGIN;
}

static void draw_block(struct page *pg, const struct notice_block *b)
{
    double size = styles[b->kind].size, x = MARGIN, width = PAGE_W - 2 * MARGIN;
    const char *text = b->text;
    if (b->kind == NB_DETAIL) { /* keep the explanation's indentation */
        size_t spaces = strspn(text, " ");
        x += (double)spaces * size * 0.6;
        width -= (double)spaces * size * 0.6;
        text += spaces;
    }
    PangoLayout *l = layout(pg, text, size, styles[b->kind].bold, width);
    if (b->kind == NB_TITLE || b->kind == NB_NUMBER)
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    else if (b->kind == NB_SIGN)
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    else if (b->kind == NB_PARA)
        pango_layout_set_indent(l, (int)(2 * size * PANGO_SCALE));
    int w, h;
    pango_layout_get_size(l, &w, &h);
    double height = (double)h / PANGO_SCALE;
    pg->y += styles[b->kind].before;
    if (pg->y + height > FOOT_Y - 12)
        new_page(pg);
    cairo_move_to(pg->cr, x, pg->y);
    pango_cairo_show_layout(pg->cr, l);
    pg->y += height + styles[b->kind].after;
    g_object_unref(l);
}

/* ISO-8601 creation date: midnight of the notice's date, Beijing time. */
static void create_date(const struct notice *n, char out[32])
{
    char day[11];
    date_format(notice_issued(n), day);
    snprintf(out, 32, "%sT00:00:00+08:00", day);
}

int notice_pdf_render(const struct notice *n, unsigned char **pdf, size_t *len,
                      struct mz_err *err)
{
    *pdf = NULL;
    *len = 0;
    if (!have_cjk_font())
        return mz_fail(err, "no_cjk_font",
                       "没有可用的中文字体：请安装 fonts-wqy-microhei 或 fonts-noto-cjk");
    struct buf b = {0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_buf, &b, PAGE_W, PAGE_H);
    char date[32];
    create_date(n, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, notice_title(n));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, notice_number(n));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "minzheng");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    struct page pg = {.cr = cairo_create(s), .n = n, .pageno = 1, .y = MARGIN};
    PangoFontMap *fm = pango_cairo_font_map_new();
    pg.ctx = pango_font_map_create_context(fm);
    pango_cairo_context_set_resolution(pg.ctx, 72);
    pango_cairo_update_context(pg.cr, pg.ctx);
    cairo_set_source_rgb(pg.cr, 0, 0, 0);
    size_t nb;
    const struct notice_block *blocks = notice_blocks(n, &nb);
    for (size_t i = 0; i < nb; i++)
        draw_block(&pg, &blocks[i]);
    footer(&pg);
    g_object_unref(pg.ctx);
    g_object_unref(fm);
    cairo_destroy(pg.cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        mz_free(b.data);
        return st == CAIRO_STATUS_WRITE_ERROR || st == CAIRO_STATUS_NO_MEMORY
                   ? mz_fail(err, "out_of_memory", "生成 PDF 时内存不足")
                   : mz_fail(err, "pdf", "生成 PDF 失败：%s", cairo_status_to_string(st));
    }
    *pdf = b.data;
    *len = b.len;
    return 0;
}

void notice_pdf_cleanup(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
