/* CSV reader behind table.h. Input bytes (the file, or the caller's memory)
 * reach a window of UTF-8 text, through an ICU GB18030 -> UTF-8 converter
 * when the file is GBK; the record parser works on that window and simply
 * starts the record again when it runs past the end of what is loaded. */
#include "io/table_impl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/ucnv.h>

#include "base/mem.h"

enum {
    SAMPLE_SIZE = 64 * 1024,  /* bytes examined to choose the encoding */
    WINDOW_SIZE = 256 * 1024, /* initial size of the text window */
    RAW_SIZE = 64 * 1024,     /* GBK bytes read per conversion step */
    PIVOT_SIZE = 1024,        /* UTF-16 pivot of the converter */
};

/* A record longer than this is refused rather than buffered: it is almost
 * always a quote that never closes, swallowing the rest of a huge file. */
#define MAX_RECORD (64u << 20)

/* parse() results besides 1 (a record) and 0 (end of input). */
enum { NEED_MORE = 2, OUT_OF_MEMORY, BAD_ROW, BAD_UTF8, UNTERMINATED };

struct csv {
    /* Where the input bytes come from: the file (borrowed) or memory. */
    int fd;
    const unsigned char *mem;
    size_t mem_len;

    /* The text window, UTF-8: text[pos] starts the current record, on line
     * `line`. Over memory in UTF-8 the window is the memory itself. */
    unsigned char *text;
    size_t pos, len, cap;
    bool owns_text;
    bool at_eof;        /* no more text will come into the window */
    uint64_t text_base; /* input offset of text[0] (UTF-8 only) */
    long line;

    /* GBK input (gb != NULL): raw[raw_pos..raw_len) is not converted yet. */
    UConverter *gb, *utf8;
    UChar pivot[PIVOT_SIZE], *pivot_src, *pivot_dst;
    const unsigned char *raw;
    unsigned char *raw_buf; /* raw over a file */
    size_t raw_pos, raw_len;
    uint64_t raw_base; /* input offset of raw[0] */
    bool raw_eof;
    bool bad_gbk; /* conversion stopped at bytes that are not GB18030 */

    bool seen_non_ascii; /* a BOM, or non-ASCII text in a record returned */

    /* Set by parse() on a bad record: offset of the offending byte from the
     * record start, line ends before it, its kind of trouble. */
    size_t bad_off;
    long bad_lines;
    bool bad_after_non_ascii;
    const char *bad_why;
};

/* Bytes that end a run of ordinary text in an unquoted / a quoted field. */
static const unsigned char stop_plain[256] = {
    [0] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1, [0x80 ... 0xff] = 1,
};
static const unsigned char stop_quoted[256] = {
    [0] = 1, ['\n'] = 1, ['"'] = 1, [0x80 ... 0xff] = 1,
};

/* ---- input: UTF-8 check, GBK conversion, the window ------------------------ */

/* Length of the UTF-8 sequence at p (p[0] >= 0x80): > 0; 0 when it runs
 * past end and more text may follow (!eof); -1 when invalid. */
static int utf8_seq(const unsigned char *p, const unsigned char *end, bool eof)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xbf;
    int n;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
    else
        return -1;
    for (int k = 1; k < n; k++) {
        if (p + k == end)
            return eof ? -1 : 0;
        if (p[k] < lo || p[k] > hi)
            return -1;
        lo = 0x80, hi = 0xbf;
    }
    return n;
}

/* Offset of the first invalid UTF-8 byte in p[0..n), or n if none (an
 * incomplete sequence at the end counts as valid unless whole). */
static size_t utf8_invalid_at(const unsigned char *p, size_t n, bool whole)
{
    const unsigned char *s = p, *end = p + n;
    while (s < end) {
        if (*s < 0x80) {
            s++;
            continue;
        }
        int k = utf8_seq(s, end, whole);
        if (k < 0)
            return (size_t)(s - p);
        if (k == 0)
            break;
        s += k;
    }
    return n;
}

/* Whether p[0..n) decodes as GB18030 (GBK is a subset); an incomplete
 * character at the end is accepted unless whole. */
static bool is_gb18030(const unsigned char *p, size_t n, bool whole)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open("GB18030", &st);
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    const char *src = (const char *)p, *lim = src + n;
    UChar buf[2048];
    while (U_SUCCESS(st)) {
        UChar *dst = buf;
        ucnv_toUnicode(cnv, &dst, buf + 2048, &src, lim, NULL, whole, &st);
        if (st != U_BUFFER_OVERFLOW_ERROR)
            break;
        st = U_ZERO_ERROR;
    }
    ucnv_close(cnv);
    return U_SUCCESS(st);
}

/* Physical line of the end of the window. */
static long window_end_line(const struct csv *c)
{
    long line = c->line;
    for (const unsigned char *p = c->text + c->pos, *end = c->text + c->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        line++;
    return line;
}

static int read_fd(struct table *t, int fd, void *buf, size_t n, size_t *got,
                   struct mz_err *err)
{
    ssize_t r;
    do
        r = read(fd, buf, n);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return table_fail(t, err, "table_io", 0, "读取失败：%s", strerror(errno));
    *got = (size_t)r;
    return 0;
}

/* Converts more GBK input into the window; 1 = text added, 0 = end. */
static int convert(struct table *t, struct csv *c, struct mz_err *err)
{
    for (;;) {
        if (c->bad_gbk && c->pivot_src < c->pivot_dst) {
            /* ICU stops at the bad bytes with text still in the pivot. */
            char *dst = (char *)c->text + c->len;
            UErrorCode st = U_ZERO_ERROR;
            ucnv_fromUnicode(c->utf8, &dst, (char *)c->text + c->cap,
                             (const UChar **)&c->pivot_src, c->pivot_dst, NULL, false, &st);
            size_t made = (size_t)(dst - ((char *)c->text + c->len));
            c->len += made;
            if (made > 0)
                return 1;
        }
        if (c->bad_gbk) {
            char bad[8];
            int8_t n = sizeof bad;
            UErrorCode st = U_ZERO_ERROR;
            ucnv_getInvalidChars(c->gb, bad, &n, &st);
            return table_fail(t, err, "table_encoding", window_end_line(c),
                              "按 GBK/GB18030 读取时遇到无法识别的字节 0x%02X；文件既不是 UTF-8 "
                              "也不是 GBK 编码，或已损坏",
                              n > 0 ? (unsigned char)bad[0] : 0);
        }
        if (c->raw_pos == c->raw_len && !c->raw_eof) {
            size_t got = 0;
            if (read_fd(t, c->fd, c->raw_buf, RAW_SIZE, &got, err) < 0)
                return -1;
            c->raw_base += c->raw_len;
            c->raw_pos = 0;
            c->raw_len = got;
            c->raw_eof = got == 0;
        }
        char *dst = (char *)c->text + c->len;
        const char *src = (const char *)c->raw + c->raw_pos;
        UErrorCode st = U_ZERO_ERROR;
        ucnv_convertEx(c->utf8, c->gb, &dst, (char *)c->text + c->cap, &src,
                       (const char *)c->raw + c->raw_len, c->pivot, &c->pivot_src,
                       &c->pivot_dst, c->pivot + PIVOT_SIZE, false, c->raw_eof, &st);
        size_t made = (size_t)(dst - ((char *)c->text + c->len));
        c->len += made;
        c->raw_pos = (size_t)(src - (const char *)c->raw);
        if (U_FAILURE(st) && st != U_BUFFER_OVERFLOW_ERROR)
            c->bad_gbk = true;
        if (made > 0)
            return 1;
        if (!c->bad_gbk && c->raw_eof && c->raw_pos == c->raw_len) {
            c->at_eof = true;
            return 0;
        }
    }
}

/* Brings more text into the window, keeping text[pos..len) (moved to the
 * front). 1 = text added, 0 = end of input, -1 = error. */
static int fill(struct table *t, struct csv *c, struct mz_err *err)
{
    if (c->at_eof)
        return 0;
    if (c->pos > 0) {
        memmove(c->text, c->text + c->pos, c->len - c->pos);
        c->len -= c->pos;
        c->text_base += c->pos;
        c->pos = 0;
    }
    if (c->len >= MAX_RECORD)
        return table_fail(t, err, "table_syntax", c->line,
                          "记录超过 %u MiB 仍未结束，多半是这一行起的引号没有闭合",
                          MAX_RECORD >> 20);
    if (c->cap - c->len < c->cap / 4 + 16 && mz_grow(&c->text, &c->cap, c->cap + 16, 1) < 0)
        return table_oom(t, err);
    if (c->gb)
        return convert(t, c, err);
    size_t got = 0;
    if (read_fd(t, c->fd, c->text + c->len, c->cap - c->len, &got, err) < 0)
        return -1;
    c->len += got;
    c->at_eof = got == 0;
    return got > 0;
}

/* From here on, input from byte `offset` on is GBK converted to UTF-8. */
static int switch_to_gbk(struct table *t, struct csv *c, uint64_t offset, struct mz_err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    c->gb = ucnv_open("GB18030", &st);
    c->utf8 = ucnv_open("UTF-8", &st);
    ucnv_setToUCallBack(c->gb, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    if (U_FAILURE(st))
        return table_fail(t, err, "out_of_memory", 0, "无法加载 GB18030 转换器（%s）", u_errorName(st));
    c->pivot_src = c->pivot_dst = c->pivot;
    if (!c->owns_text) {
        c->text = NULL;
        c->cap = 0;
        c->owns_text = true;
    }
    if (mz_grow(&c->text, &c->cap, WINDOW_SIZE, 1) < 0)
        return table_oom(t, err);
    c->pos = c->len = 0;
    c->at_eof = false;
    c->raw_base = offset;
    c->raw_pos = 0;
    if (c->fd >= 0) {
        if (!c->raw_buf && !(c->raw_buf = mz_malloc(RAW_SIZE)))
            return table_oom(t, err);
        if (lseek(c->fd, (off_t)offset, SEEK_SET) < 0)
            return table_fail(t, err, "table_io", 0, "无法定位文件：%s", strerror(errno));
        c->raw = c->raw_buf;
        c->raw_len = 0;
        c->raw_eof = false;
    } else {
        c->raw = c->mem + offset;
        c->raw_len = c->mem_len - offset;
        c->raw_eof = true;
    }
    t->encoding = "GB18030";
    return 0;
}

/* ---- the record parser ----------------------------------------------------- */

/* Skips ordinary bytes (those not in stop) and valid UTF-8 sequences from p
 * and returns where it stopped: at end, at a stop byte below 0x80, or at an
 * invalid (or, before eof, incomplete) UTF-8 sequence. */
static inline const unsigned char *skip_text(const unsigned char *p, const unsigned char *end,
                                             const unsigned char *stop, bool eof,
                                             bool *non_ascii)
{
    for (;;) {
        while (p < end && !stop[*p])
            p++;
        if (p == end || *p < 0x80)
            return p;
        int n = utf8_seq(p, end, eof);
        if (n <= 0)
            return p;
        *non_ascii = true;
        p += n;
    }
}

/* Parses the record at text[pos] into t's row. Returns 1 with the record
 * complete (pos, line advanced), 0 at the end of input, NEED_MORE when the
 * record runs past the window, or one of the error kinds (details in
 * c->bad_*). */
static int parse(struct table *t, struct csv *c)
{
    const unsigned char *start = c->text + c->pos, *p = start, *end = c->text + c->len;
    const bool eof = c->at_eof;
    long lines = 0; /* line ends passed inside the record */
    bool non_ascii = false;

    table_row_reset(t);
    if (p == end)
        return eof ? 0 : NEED_MORE;
    for (;;) {
        if (p < end && *p == '"') {
            long open_lines = lines;
            p++;
            for (;;) {
                const unsigned char *q = skip_text(p, end, stop_quoted, eof, &non_ascii);
                if (table_row_append(t, p, (size_t)(q - p)) < 0)
                    return OUT_OF_MEMORY;
                p = q;
                if (p == end) {
                    if (!eof)
                        return NEED_MORE;
                    c->bad_lines = open_lines;
                    return UNTERMINATED;
                }
                if (*p == '"') {
                    if (p + 1 == end && !eof)
                        return NEED_MORE;
                    if (p + 1 == end || p[1] != '"') {
                        p++;
                        break;
                    }
                    p++; /* keep one quote of the pair */
                } else if (*p == '\n') {
                    lines++;
                } else if (*p == '\0') {
                    c->bad_why = "含有 NUL 空字节（0x00），这不是文本文件应有的内容";
                    goto bad_row;
                } else if (utf8_seq(p, end, eof) == 0) {
                    return NEED_MORE;
                } else {
                    goto bad_utf8;
                }
                if (table_row_append(t, p, 1) < 0)
                    return OUT_OF_MEMORY;
                p++;
            }
            if (p == end && !eof)
                return NEED_MORE;
            if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
                c->bad_why = "右引号后还有其他字符；带引号的字段结束后应紧跟逗号或换行";
                goto bad_row;
            }
        } else {
            const unsigned char *q = skip_text(p, end, stop_plain, eof, &non_ascii);
            if (table_row_append(t, p, (size_t)(q - p)) < 0)
                return OUT_OF_MEMORY;
            p = q;
            if (p == end) {
                if (!eof)
                    return NEED_MORE;
            } else if (*p == '"') {
                c->bad_why = "未加引号的字段中出现引号（\"）；含引号的字段须整体加引号，"
                             "其中的引号写成两个（\"\"）";
                goto bad_row;
            } else if (*p == '\0') {
                c->bad_why = "含有 NUL 空字节（0x00），这不是文本文件应有的内容";
                goto bad_row;
            } else if (*p >= 0x80) {
                if (utf8_seq(p, end, eof) == 0)
                    return NEED_MORE;
                goto bad_utf8;
            }
        }
        if (p < end && *p == '\r') {
            if (p + 1 == end && !eof)
                return NEED_MORE;
            if (p + 1 == end || p[1] != '\n') {
                c->bad_why = "单独的回车符（CR）不是有效的行尾，行尾应为 CRLF 或 LF";
                goto bad_row;
            }
        }
        if (table_row_end_field(t) < 0)
            return OUT_OF_MEMORY;
        if (p == end)
            break; /* the last record has no line end */
        if (*p == ',') {
            p++;
            continue;
        }
        break;
    }
    /* p is at the line end ("\r\n" or "\n") or at the end of input. */
    t->raw = (const char *)start;
    t->raw_len = (size_t)(p - start);
    t->line = c->line;
    if (p < end) {
        p += *p == '\r' ? 2 : 1;
        lines++;
    }
    c->line += lines;
    c->pos = (size_t)(p - c->text);
    c->seen_non_ascii |= non_ascii;
    return 1;

bad_utf8:
    c->bad_why = NULL;
    c->bad_after_non_ascii = non_ascii;
    c->bad_off = (size_t)(p - start);
    c->bad_lines = lines;
    return BAD_UTF8;
bad_row:
    c->bad_off = (size_t)(p - start);
    c->bad_lines = lines;
    return BAD_ROW;
}

/* Input bytes consumed up to the current position. */
static uint64_t bytes_done(const struct csv *c)
{
    return c->gb ? c->raw_base + c->raw_pos : c->text_base + c->pos;
}

/* Reports the bad record found by parse() and skips to the line after the
 * offending byte, so that reading can go on. */
static int bad_row(struct table *t, struct csv *c, struct mz_err *err)
{
    char col[8], why[200];
    long at = c->line + c->bad_lines;
    table_column_name(t->nfields, col);
    if (c->bad_why)
        snprintf(why, sizeof why, "%s", c->bad_why);
    else
        snprintf(why, sizeof why, "不是有效的 UTF-8 编码（字节 0x%02X）",
                 c->text[c->pos + c->bad_off]);
    size_t from = c->pos + c->bad_off;
    const unsigned char *nl;
    while (!(nl = memchr(c->text + from, '\n', c->len - from)) && !c->at_eof) {
        size_t scanned = c->len - c->pos;
        if (fill(t, c, err) < 0)
            return -1;
        from = c->pos + scanned;
    }
    size_t stop = nl ? (size_t)(nl - c->text) : c->len;
    t->raw = (const char *)c->text + c->pos;
    t->raw_len = stop - c->pos - (stop > c->pos && c->text[stop - 1] == '\r');
    t->line = c->line;
    table_row_reset(t);
    c->pos = nl ? stop + 1 : stop;
    c->line = at + 1;
    t->done = bytes_done(c);
    if (at != t->line)
        return table_fail(t, err, "table_row", t->line, "%s列（第%ld行）：%s", col, at, why);
    return table_fail(t, err, "table_row", t->line, "%s列：%s", col, why);
}

/* Whether the physical line holding the bad byte parse() found decodes as
 * GB18030 (judged on what the window holds of it). */
static bool bad_line_is_gbk(const struct csv *c)
{
    const unsigned char *from = c->text + c->pos + c->bad_off, *end = c->text + c->len;
    const unsigned char *nl = memchr(from, '\n', (size_t)(end - from));
    return is_gb18030(from, (size_t)((nl ? nl : end) - from), nl || c->at_eof);
}

static int csv_read(struct table *t, struct mz_err *err)
{
    struct csv *c = t->impl;
    for (;;) {
        int rc = parse(t, c);
        switch (rc) {
        case 0:
        case 1:
            t->done = bytes_done(c);
            return rc;
        case NEED_MORE:
            if (fill(t, c, err) < 0)
                return -1;
            break;
        case OUT_OF_MEMORY:
            return table_oom(t, err);
        case UNTERMINATED:
            t->raw = (const char *)c->text + c->pos;
            t->raw_len = c->len - c->pos;
            t->line = c->line + c->bad_lines;
            return table_fail(t, err, "table_syntax", t->line,
                              "引号未闭合：从这一行开始的带引号字段直到文件末尾都没有结束");
        case BAD_UTF8:
            /* All text so far was ASCII, which GBK shares: the file may be GBK
             * whose first non-ASCII byte came after the sample. */
            if (!c->gb && !c->seen_non_ascii && !c->bad_after_non_ascii &&
                bad_line_is_gbk(c)) {
                if (switch_to_gbk(t, c, c->text_base + c->pos, err) < 0)
                    return -1;
                break;
            }
            return bad_row(t, c, err);
        default:
            return bad_row(t, c, err);
        }
    }
}

static void csv_close(void *impl)
{
    struct csv *c = impl;
    if (!c)
        return;
    if (c->owns_text)
        mz_free(c->text);
    mz_free(c->raw_buf);
    ucnv_close(c->gb);
    ucnv_close(c->utf8);
    mz_free(c);
}

static const struct table_ops csv_ops = {csv_read, csv_close};

/* ---- opening: choosing the encoding ---------------------------------------- */

int csv_reader_open(struct table *t, int fd, const char *data, size_t n, struct mz_err *err)
{
    struct csv *c = mz_calloc(1, sizeof *c);
    if (!c)
        return table_oom(t, err);
    t->ops = &csv_ops;
    t->impl = c;
    t->encoding = "UTF-8";
    c->fd = fd;
    c->line = 1;
    if (fd >= 0) {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
            t->total = (uint64_t)st.st_size;
        c->owns_text = true;
        if (mz_grow(&c->text, &c->cap, WINDOW_SIZE, 1) < 0)
            return table_oom(t, err);
        while (c->len < SAMPLE_SIZE && !c->at_eof)
            if (fill(t, c, err) < 0)
                return -1;
    } else {
        c->mem = (const unsigned char *)data;
        c->mem_len = n;
        c->text = (unsigned char *)data;
        c->len = c->cap = n;
        c->at_eof = true;
        t->total = n;
    }
    const unsigned char *s = c->text;
    size_t m = c->len < SAMPLE_SIZE ? c->len : SAMPLE_SIZE;
    bool whole = c->at_eof && c->len <= SAMPLE_SIZE;
    if (m >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        c->pos = 3;
        c->seen_non_ascii = true;
        return 0;
    }
    if (m >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return table_fail(t, err, "table_encoding", 0,
                          "文件是 UTF-16 编码（Excel 的“Unicode 文本”），无法读取；"
                          "请另存为“CSV UTF-8（逗号分隔）”");
    size_t bad = utf8_invalid_at(s, m, whole);
    if (bad == m)
        return 0;
    if (is_gb18030(s, m, whole))
        return switch_to_gbk(t, c, 0, err);
    long line = 1;
    for (size_t i = 0; i < bad; i++)
        line += s[i] == '\n';
    return table_fail(t, err, "table_encoding", 0,
                      "既不是 UTF-8 也不是 GBK/GB18030 编码（第%ld行有无法识别的字节 0x%02X）；"
                      "请另存为 UTF-8 编码的 CSV",
                      line, s[bad]);
}
