/* The bureaus' seals: the picture (cairo + pango), the certificate and
 * SESeal (crypto/), the record (store/noticestore). */
#include "notice/stamp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "crypto/seal.h"
#include "crypto/ses.h"
#include "notice/layout.h"
#include "registry/registry.h"

#define PX_PER_MM 12.0
#define SEAL_RED 0.85, 0.05, 0.05

struct png {
    unsigned char *data;
    size_t len, cap;
};

static cairo_status_t write_png(void *closure, const unsigned char *data, unsigned int n)
{
    struct png *b = closure;
    if (mz_grow(&b->data, &b->cap, b->len + n, 1) < 0)
        return CAIRO_STATUS_WRITE_ERROR;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

/* A five-pointed star of outer radius r centred on the origin, point up. */
static void star(cairo_t *cr, double r)
{
    for (int i = 0; i < 10; i++) {
        double a = -M_PI / 2 + i * M_PI / 5, rr = i % 2 ? r * 0.382 : r;
        if (i == 0)
            cairo_move_to(cr, rr * cos(a), rr * sin(a));
        else
            cairo_line_to(cr, rr * cos(a), rr * sin(a));
    }
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* The characters of name around the upper arc, each upright towards the
 * centre, from lower left over the top to lower right. */
static void ring_text(cairo_t *cr, PangoContext *ctx, const char *name, double radius,
                      double size_px)
{
    size_t n = 0;
    for (const char *p = name; *p; p = g_utf8_next_char(p))
        n++;
    if (n == 0)
        return;
    double span = n > 4 ? 1.35 * M_PI : 0.3 * M_PI * (double)n; /* radians covered */
    if (span > 1.35 * M_PI)
        span = 1.35 * M_PI;
    PangoFontDescription *fd = pango_font_description_from_string(NOTICE_FONTS);
    pango_font_description_set_absolute_size(fd, size_px * PANGO_SCALE);
    pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    size_t i = 0;
    for (const char *p = name; *p; p = g_utf8_next_char(p), i++) {
        double a = -M_PI / 2 - span / 2 + span * ((double)i + 0.5) / (double)n;
        PangoLayout *l = pango_layout_new(ctx);
        pango_layout_set_font_description(l, fd);
        pango_layout_set_text(l, p, (int)(g_utf8_next_char(p) - p));
        int w, h;
        pango_layout_get_pixel_size(l, &w, &h);
        cairo_save(cr);
        cairo_rotate(cr, a + M_PI / 2);
        cairo_move_to(cr, -w / 2.0, -radius);
        pango_cairo_show_layout(cr, l);
        cairo_restore(cr);
        g_object_unref(l);
    }
    pango_font_description_free(fd);
}

int stamp_picture(const char *name, unsigned char **png, size_t *len, struct mz_err *err)
{
    *png = NULL;
    int side = (int)(NOTICE_SEAL_MM * PX_PER_MM);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, side, side);
    cairo_t *cr = cairo_create(s);
    double c = side / 2.0, ring = 1.2 * PX_PER_MM;
    cairo_translate(cr, c, c);
    cairo_set_source_rgba(cr, SEAL_RED, 0.9);
    cairo_set_line_width(cr, ring);
    cairo_arc(cr, 0, 0, c - ring / 2 - 1, 0, 2 * M_PI);
    cairo_stroke(cr);
    star(cr, 7.0 * PX_PER_MM);
    /* its own font map, released here (the default one would outlive
     * notice_pdf_cleanup) */
    PangoFontMap *fm;
    PangoContext *ctx = notice_pango_context(&fm);
    pango_cairo_update_context(cr, ctx);
    ring_text(cr, ctx, name, c - ring - 1.0 * PX_PER_MM, 5.2 * PX_PER_MM);
    g_object_unref(ctx);
    g_object_unref(fm);
    cairo_destroy(cr);
    struct png b = {0};
    cairo_status_t st = cairo_surface_write_to_png_stream(s, write_png, &b);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        mz_free(b.data);
        return mz_fail(err, "out_of_memory", "绘制印章图片失败：%s", cairo_status_to_string(st));
    }
    *png = b.data;
    *len = b.len;
    return 0;
}

/* Takes the first seal whose certificate holds the key. */
static int holds_key(void *ctx, const struct seal_row *s)
{
    struct mz_err e = {0};
    return seal_cert_matches(s->cert, s->cert_len, ctx, &e) == 1;
}

/* Midnight (Beijing time) of a day as a time_t. */
static time_t day_start(mz_date d)
{
    return (time_t)d * 86400 - 8 * 3600;
}

int stamp_for(struct registry *r, const char *bureau, const char *key_path, mz_date on,
              const char *actor, struct seal_row *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    memset(out, 0, sizeof *out);
    int found = ns_seal_find(db, bureau, on, holds_key, (void *)key_path, out, err);
    if (found != 0)
        return found < 0 ? -1 : 0;
    int y, m, d;
    date_to_ymd(on, &y, &m, &d);
    mz_date to = date_from_ymd(y + STAMP_YEARS, m, d > 28 ? 28 : d) - 1;
    int64_t seq;
    if (ns_seal_next(db, &seq, err) < 0)
        return -1;
    snprintf(out->esid, sizeof out->esid, "MZ%04d%06lld", y, (long long)seq);
    time_t from_t = day_start(on), to_t = day_start(to + 1) - 1;
    if (seal_cert_create(key_path, bureau, (long)seq, from_t, to_t, &out->cert, &out->cert_len,
                         err) < 0 ||
        stamp_picture(bureau, &out->picture, &out->picture_len, err) < 0)
        goto fail;
    struct ses_seal_in in = {
        .esid = out->esid, .name = bureau, .cert = out->cert, .cert_len = out->cert_len,
        .png = out->picture, .png_len = out->picture_len, .width_mm = NOTICE_SEAL_MM,
        .height_mm = NOTICE_SEAL_MM, .created = from_t, .valid_from = from_t, .valid_to = to_t};
    if (ses_seal_make(&in, key_path, &out->seal, &out->seal_len, err) < 0 ||
        ns_seal_add(db, out, bureau, on, to, actor, err) < 0)
        goto fail;
    char day[11];
    date_format(on, day);
    struct audit_event ev = {actor, "seal.make", "seal", out->esid, NULL, NULL, day};
    if (audit_append(db, reg_vault(r), &ev, err) < 0)
        goto fail;
    return 0;
fail:
    ns_seal_free(out);
    return -1;
}
