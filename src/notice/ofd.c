/* Writing notices as sealed OFD packages (see ofd.h): the XML by a small
 * builder, the font subset by harfbuzz, the package by libzip. */
#include "notice/ofd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <openssl/evp.h>
#include <pango/pangocairo.h>
#include <zip.h>

#include "base/mem.h"
#include "crypto/sm.h"
#include "notice/ofdpkg.h"

#define NS "xmlns:ofd=\"http://www.ofdspec.org/2016\""
#define FONT_ID 1
#define MAX_PAGES 64

/* ---- XML text ---- */

struct xb {
    char *p;
    size_t len, cap;
    int failed;
};

static void xb_add(struct xb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void xb_add(struct xb *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (mz_grow(&b->p, &b->cap, b->len + (size_t)n + 1, 1) < 0) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Appends n bytes of text with &, <, > and " escaped. */
static void xb_esc(struct xb *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': xb_add(b, "&amp;"); break;
        case '<': xb_add(b, "&lt;"); break;
        case '>': xb_add(b, "&gt;"); break;
        case '"': xb_add(b, "&quot;"); break;
        default: xb_add(b, "%c", s[i]);
        }
    }
}

/* ---- typesetting into page contents ---- */

struct ofd {
    struct xb pages[MAX_PAGES];
    int npages, next_id, too_many;
    int first_page_id, first_layer_id;
    hb_set_t *chars; /* every character drawn, for the font subset */
    struct notice_marks marks;
};

static double mm(double pt)
{
    return pt / NOTICE_MM;
}

/* One line of a layout as a TextObject: its box, and each character's
 * place from pango so the reader draws exactly what was typeset. */
static void text_line(struct ofd *o, struct xb *b, PangoLayout *l, PangoLayoutIter *it, double x,
                      double y, double size, int bold)
{
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    const char *text = pango_layout_get_text(l) + line->start_index;
    int n = line->length;
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
        n--;
    if (n <= 0)
        return;
    PangoRectangle box;
    pango_layout_iter_get_line_extents(it, NULL, &box);
    double bx = x + (double)box.x / PANGO_SCALE, by = y + (double)box.y / PANGO_SCALE;
    double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE - box.y / PANGO_SCALE;
    xb_add(b, "<ofd:TextObject ID=\"%d\" Boundary=\"%.3f %.3f %.3f %.3f\" Font=\"%d\" Size=\"%.3f\"%s>",
           o->next_id++, mm(bx), mm(by), mm((double)box.width / PANGO_SCALE),
           mm((double)box.height / PANGO_SCALE), FONT_ID, mm(size), bold ? " Weight=\"700\"" : "");
    xb_add(b, "<ofd:FillColor Value=\"0 0 0\"/>");
    double first = 0, prev = 0;
    struct xb delta = {0};
    for (const char *p = text; p < text + n; p = g_utf8_next_char(p)) {
        PangoRectangle pos;
        pango_layout_index_to_pos(l, (int)(p - pango_layout_get_text(l)), &pos);
        double cx = mm((double)pos.x / PANGO_SCALE - box.x / (double)PANGO_SCALE);
        if (p == text)
            first = cx;
        else
            xb_add(&delta, "%s%.3f", delta.len ? " " : "", cx - prev);
        prev = cx;
        hb_set_add(o->chars, g_utf8_get_char(p));
    }
    xb_add(b, "<ofd:TextCode X=\"%.3f\" Y=\"%.3f\"", first, mm(base));
    if (delta.len)
        xb_add(b, " DeltaX=\"%s\"", delta.p);
    xb_add(b, ">");
    xb_esc(b, text, (size_t)n);
    xb_add(b, "</ofd:TextCode></ofd:TextObject>");
    b->failed |= delta.failed;
    mz_free(delta.p);
}

static void sink_text(void *ctx, int page, double x, double y, PangoLayout *l)
{
    struct ofd *o = ctx;
    if (page > MAX_PAGES) {
        o->too_many = 1;
        return;
    }
    if (page > o->npages)
        o->npages = page;
    const PangoFontDescription *fd = pango_layout_get_font_description(l);
    double size = (double)pango_font_description_get_size(fd) / PANGO_SCALE;
    int bold = pango_font_description_get_weight(fd) >= PANGO_WEIGHT_BOLD;
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do
        text_line(o, &o->pages[page - 1], l, it, x, y, size, bold);
    while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void sink_page_end(void *ctx, int page, int last)
{
    (void)ctx, (void)page, (void)last;
}

/* The QR code as one filled path of squares. */
static void qr_path(struct ofd *o, const char *text, struct mz_err *err)
{
    int size;
    unsigned char *m = notice_qr(text, &size);
    if (!m) {
        mz_fail(err, "out_of_memory", "生成二维码失败");
        o->pages[0].failed = 1;
        return;
    }
    const struct notice_box *q = &o->marks.qr;
    struct xb *b = &o->pages[q->page - 1];
    double w = mm(q->w), cell = w / size;
    xb_add(b, "<ofd:PathObject ID=\"%d\" Boundary=\"%.3f %.3f %.3f %.3f\" Stroke=\"false\" "
              "Fill=\"true\"><ofd:FillColor Value=\"0 0 0\"/><ofd:AbbreviatedData>",
           o->next_id++, mm(q->x), mm(q->y), w, w);
    for (int r = 0; r < size; r++)
        for (int c = 0; c < size; c++)
            if (m[r * size + c])
                xb_add(b, "M %.3f %.3f L %.3f %.3f L %.3f %.3f L %.3f %.3f C ", c * cell, r * cell,
                       (c + 1) * cell, r * cell, (c + 1) * cell, (r + 1) * cell, c * cell,
                       (r + 1) * cell);
    xb_add(b, "</ofd:AbbreviatedData></ofd:PathObject>");
    mz_free(m);
}

/* ---- the font ---- */

/* The file and family of the first font of NOTICE_FONTS fontconfig has
 * for Chinese, subset to the characters drawn. */
static int font_subset(hb_set_t *chars, struct ofd_file *f, char *family, size_t cap,
                       struct mz_err *err)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)NOTICE_FONTS);
    FcResult res;
    FcChar8 *file = NULL, *fam = NULL;
    int index = 0;
    FcPattern *match = NULL;
    if (pat) {
        FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
        FcConfigSubstitute(NULL, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        match = FcFontMatch(NULL, pat, &res);
    }
    if (!match || FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch ||
        FcPatternGetString(match, FC_FAMILY, 0, &fam) != FcResultMatch) {
        FcPatternDestroy(match);
        FcPatternDestroy(pat);
        return mz_fail(err, "no_cjk_font", "没有可用的中文字体：请安装 fonts-wqy-microhei");
    }
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    snprintf(family, cap, "%s", (const char *)fam);
    hb_blob_t *blob = hb_blob_create_from_file_or_fail((const char *)file);
    FcPatternDestroy(match);
    FcPatternDestroy(pat);
    if (!blob)
        return mz_fail(err, "no_cjk_font", "无法读取字体文件");
    hb_face_t *face = hb_face_create(blob, (unsigned)index);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    hb_face_t *sub = NULL;
    if (in) {
        hb_set_union(hb_subset_input_unicode_set(in), chars);
        sub = hb_subset_or_fail(face, in);
    }
    int rc = -1;
    if (sub) {
        hb_blob_t *out = hb_face_reference_blob(sub);
        unsigned n;
        const char *data = hb_blob_get_data(out, &n);
        if (n && (f->data = mz_malloc(n))) {
            memcpy(f->data, data, n);
            f->len = n;
            rc = 0;
        }
        hb_blob_destroy(out);
        hb_face_destroy(sub);
    }
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return rc < 0 ? mz_fail(err, "out_of_memory", "嵌入字体失败") : 0;
}

/* ---- the package ---- */

/* Adds a file whose text is b's (taken over). */
static void add_xml(struct ofd_pkg *pkg, const char *name, struct xb *b)
{
    if (b->failed) {
        mz_free(b->p);
        pkg->failed = 1;
    } else {
        ofd_pkg_add(pkg, name, (unsigned char *)b->p, b->len);
    }
    *b = (struct xb){0};
}

static void doc_files(struct ofd_pkg *pkg, const struct notice *n, struct ofd *o,
                      const char *family, int sealed)
{
    char day[11];
    date_format(notice_issued(n), day);
    struct xb b = {0};
    xb_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:OFD " NS
               " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>");
    char sm3[65];
    sm3_hex(notice_number(n), strlen(notice_number(n)), sm3);
    xb_add(&b, "%.32s</ofd:DocID><ofd:Title>", sm3);
    xb_esc(&b, notice_title(n), strlen(notice_title(n)));
    xb_add(&b, "</ofd:Title><ofd:Subject>");
    xb_esc(&b, notice_number(n), strlen(notice_number(n)));
    xb_add(&b, "</ofd:Subject><ofd:CreationDate>%s</ofd:CreationDate>"
               "<ofd:Creator>minzheng</ofd:Creator></ofd:DocInfo>"
               "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>",
           day);
    if (sealed)
        xb_add(&b, "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>");
    xb_add(&b, "</ofd:DocBody></ofd:OFD>\n");
    add_xml(pkg, "OFD.xml", &b);

    int first_page = o->next_id;
    o->first_layer_id = first_page + o->npages;
    o->next_id += 2 * o->npages; /* each page and its layer */
    xb_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Document " NS
               "><ofd:CommonData><ofd:MaxUnitID>%d</ofd:MaxUnitID><ofd:PageArea>"
               "<ofd:PhysicalBox>0 0 %.3f %.3f</ofd:PhysicalBox></ofd:PageArea>"
               "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>",
           o->next_id - 1, mm(NOTICE_PAGE_W), mm(NOTICE_PAGE_H));
    for (int i = 0; i < o->npages; i++)
        xb_add(&b, "<ofd:Page ID=\"%d\" BaseLoc=\"Pages/Page_%d/Content.xml\"/>", first_page + i, i);
    xb_add(&b, "</ofd:Pages></ofd:Document>\n");
    add_xml(pkg, "Doc_0/Document.xml", &b);

    xb_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Res " NS
               " BaseLoc=\"Res\"><ofd:Fonts><ofd:Font ID=\"%d\" FontName=\"", FONT_ID);
    xb_esc(&b, family, strlen(family));
    xb_add(&b, "\" FamilyName=\"");
    xb_esc(&b, family, strlen(family));
    xb_add(&b, "\"><ofd:FontFile>font_%d.ttf</ofd:FontFile></ofd:Font></ofd:Fonts></ofd:Res>\n",
           FONT_ID);
    add_xml(pkg, "Doc_0/PublicRes.xml", &b);
    o->first_page_id = first_page;
}

static int seal_files(struct ofd_pkg *pkg, const struct notice *n, const struct ofd *o,
                      const struct seal_row *seal, const char *key_path, struct mz_err *err)
{
    struct xb b = {0};
    xb_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signatures " NS
               "><ofd:MaxSignId>1</ofd:MaxSignId><ofd:Signature ID=\"1\" Type=\"Seal\" "
               "BaseLoc=\"/Doc_0/Signs/Sign_0/Signature.xml\"/></ofd:Signatures>\n");
    add_xml(pkg, "Doc_0/Signs/Signatures.xml", &b);
    time_t when = (time_t)notice_issued(n) * 86400 - 8 * 3600;
    struct tm tm;
    char stamp_time[32];
    gmtime_r(&when, &tm);
    strftime(stamp_time, sizeof stamp_time, "%Y%m%d%H%M%SZ", &tm);
    xb_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signature " NS
               "><ofd:SignedInfo><ofd:Provider ProviderName=\"minzheng\" Version=\"1.0\"/>"
               "<ofd:SignatureMethod>" SES_SM2_SM3_OID "</ofd:SignatureMethod>"
               "<ofd:SignatureDateTime>%s</ofd:SignatureDateTime>"
               "<ofd:References CheckMethod=\"" SES_SM3_OID "\">",
           stamp_time);
    for (size_t i = 0; i < pkg->n; i++) {
        unsigned char h[SM3_LEN];
        char b64[48];
        sm3_digest(pkg->files[i].data, pkg->files[i].len, h);
        EVP_EncodeBlock((unsigned char *)b64, h, SM3_LEN);
        xb_add(&b, "<ofd:Reference FileRef=\"/%s\"><ofd:CheckValue>%s</ofd:CheckValue>"
                   "</ofd:Reference>", pkg->files[i].name, b64);
    }
    const struct notice_box *s = &o->marks.seal;
    xb_add(&b, "</ofd:References><ofd:StampAnnot ID=\"1\" PageRef=\"%d\" "
               "Boundary=\"%.3f %.3f %.3f %.3f\"/></ofd:SignedInfo>"
               "<ofd:SignedValue>/Doc_0/Signs/Sign_0/SignedValue.dat</ofd:SignedValue>"
               "</ofd:Signature>\n",
           o->first_page_id + s->page - 1, mm(s->x), mm(s->y), mm(s->w), mm(s->h));
    if (b.failed) {
        mz_free(b.p);
        return mz_fail(err, "out_of_memory", "生成 OFD 时内存不足");
    }
    unsigned char *sig;
    size_t sig_len;
    if (ses_sign(seal->seal, seal->seal_len, seal->cert, seal->cert_len, key_path, when,
                 "/Doc_0/Signs/Sign_0/Signature.xml", b.p, b.len, &sig, &sig_len, err) < 0) {
        mz_free(b.p);
        return -1;
    }
    add_xml(pkg, "Doc_0/Signs/Sign_0/Signature.xml", &b);
    ofd_pkg_add(pkg, "Doc_0/Signs/Sign_0/SignedValue.dat", sig, sig_len);
    return 0;
}

int notice_ofd_render(const struct notice *n, const struct notice_art *art,
                      const struct seal_row *seal, const char *key_path, unsigned char **out,
                      size_t *out_len, struct mz_err *err)
{
    *out = NULL;
    struct ofd o = {.next_id = FONT_ID + 1, .chars = hb_set_create()};
    PangoFontMap *fm;
    PangoContext *ctx = notice_pango_context(&fm);
    struct notice_sink sink = {&o, sink_text, sink_page_end};
    int rc = notice_typeset(n, ctx, &sink, &o.marks, err);
    g_object_unref(ctx);
    g_object_unref(fm);
    struct ofd_pkg pkg = {0};
    char family[256];
    struct ofd_file font = {0};
    if (rc == 0 && o.too_many)
        rc = mz_fail(err, "too_long", "决定书超过 %d 页", MAX_PAGES);
    if (rc == 0 && art && art->qr_text)
        qr_path(&o, art->qr_text, err);
    if (rc == 0 && font_subset(o.chars, &font, family, sizeof family, err) < 0)
        rc = -1;
    if (rc == 0) {
        doc_files(&pkg, n, &o, family, seal != NULL);
        ofd_pkg_add(&pkg, "Doc_0/Res/font_1.ttf", font.data, font.len);
        font.data = NULL;
        for (int i = 0; i < o.npages; i++) {
            char name[64];
            struct xb b = {0};
            xb_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page " NS
                       "><ofd:Content><ofd:Layer ID=\"%d\">", o.first_layer_id + i);
            xb_add(&b, "%s", o.pages[i].p ? o.pages[i].p : "");
            b.failed |= o.pages[i].failed;
            xb_add(&b, "</ofd:Layer></ofd:Content></ofd:Page>\n");
            snprintf(name, sizeof name, "Doc_0/Pages/Page_%d/Content.xml", i);
            add_xml(&pkg, name, &b);
        }
        if (pkg.failed)
            rc = mz_fail(err, "out_of_memory", "生成 OFD 时内存不足");
    }
    if (rc == 0 && seal && seal_files(&pkg, n, &o, seal, key_path, err) < 0)
        rc = -1;
    if (rc == 0)
        rc = ofd_pkg_zip(&pkg, notice_issued(n), out, out_len, err);
    ofd_pkg_free(&pkg);
    mz_free(font.data);
    for (int i = 0; i < MAX_PAGES; i++)
        mz_free(o.pages[i].p);
    hb_set_destroy(o.chars);
    return rc;
}
