/* PDF rendering of notices: cairo's PDF surface written to memory, drawing
 * what notice/layout.c typesets, with the seal's picture and the QR code. */
#include "notice/pdf.h"

#include <string.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "base/mem.h"

struct buf {
    unsigned char *data;
    const unsigned char *in; /* reading: the PNG given */
    size_t len, cap, pos;
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

static cairo_status_t read_buf(void *closure, unsigned char *data, unsigned int n)
{
    struct buf *b = closure;
    if (b->len - b->pos < n)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, b->in + b->pos, n);
    b->pos += n;
    return CAIRO_STATUS_SUCCESS;
}

struct pdf {
    cairo_t *cr;
    cairo_surface_t *seal; /* the seal's picture, NULL if none */
    unsigned char *qr;     /* QR modules, NULL if none */
    int qr_size;
    struct notice_marks marks;
};

static void text(void *ctx, int page, double x, double y, PangoLayout *l)
{
    struct pdf *p = ctx;
    (void)page;
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

/* The seal and the QR code, on the page of the bureau's name. */
static void art(struct pdf *p)
{
    const struct notice_box *s = &p->marks.seal, *q = &p->marks.qr;
    if (p->seal) {
        double w = cairo_image_surface_get_width(p->seal);
        cairo_save(p->cr);
        cairo_translate(p->cr, s->x, s->y);
        cairo_scale(p->cr, s->w / w, s->h / w);
        cairo_set_source_surface(p->cr, p->seal, 0, 0);
        cairo_paint(p->cr);
        cairo_restore(p->cr);
    }
    if (p->qr) {
        double m = q->w / p->qr_size;
        for (int r = 0; r < p->qr_size; r++)
            for (int c = 0; c < p->qr_size; c++)
                if (p->qr[r * p->qr_size + c])
                    cairo_rectangle(p->cr, q->x + c * m, q->y + r * m, m, m);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        cairo_fill(p->cr);
    }
}

static void page_end(void *ctx, int page, int last)
{
    struct pdf *p = ctx;
    if (page == p->marks.seal.page)
        art(p);
    if (!last)
        cairo_show_page(p->cr);
}

/* ISO-8601 creation date: midnight of the notice's date, Beijing time. */
static void create_date(const struct notice *n, char out[32])
{
    char day[11];
    date_format(notice_issued(n), day);
    snprintf(out, 32, "%sT00:00:00+08:00", day);
}

int notice_pdf_render(const struct notice *n, const struct notice_art *a, unsigned char **pdf,
                      size_t *len, struct mz_err *err)
{
    *pdf = NULL;
    *len = 0;
    struct pdf p = {0};
    if (a && a->seal_png) {
        struct buf in = {.in = a->seal_png, .len = a->seal_png_len};
        p.seal = cairo_image_surface_create_from_png_stream(read_buf, &in);
        if (cairo_surface_status(p.seal) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(p.seal);
            return mz_fail(err, "bad_picture", "印章图片不是有效的 PNG");
        }
    }
    if (a && a->qr_text && !(p.qr = notice_qr(a->qr_text, &p.qr_size))) {
        cairo_surface_destroy(p.seal);
        return mz_fail(err, "out_of_memory", "生成二维码失败：%s", a->qr_text);
    }
    struct buf b = {0};
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(write_buf, &b, NOTICE_PAGE_W, NOTICE_PAGE_H);
    char date[32];
    create_date(n, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, notice_title(n));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, notice_number(n));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "minzheng");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    p.cr = cairo_create(s);
    PangoFontMap *fm;
    PangoContext *ctx = notice_pango_context(&fm);
    pango_cairo_update_context(p.cr, ctx);
    cairo_set_source_rgb(p.cr, 0, 0, 0);
    struct notice_sink sink = {&p, text, page_end};
    int rc = notice_typeset(n, ctx, &sink, &p.marks, err);
    g_object_unref(ctx);
    g_object_unref(fm);
    cairo_destroy(p.cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    cairo_surface_destroy(p.seal);
    mz_free(p.qr);
    if (rc == 0 && st != CAIRO_STATUS_SUCCESS)
        rc = st == CAIRO_STATUS_WRITE_ERROR || st == CAIRO_STATUS_NO_MEMORY
                 ? mz_fail(err, "out_of_memory", "生成 PDF 时内存不足")
                 : mz_fail(err, "pdf", "生成 PDF 失败：%s", cairo_status_to_string(st));
    if (rc < 0) {
        mz_free(b.data);
        return -1;
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
