/* multipart/form-data parsing (multipart.h). */
#include "http/multipart.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define BOUNDARY_MAX 70 /* RFC 2046 */

static int malformed(struct mz_err *err, const char *what)
{
    return mz_fail(err, "malformed_multipart", "上传内容格式错误（multipart/form-data）：%s", what);
}

/* The boundary parameter of a multipart/form-data content type. */
static int boundary_of(const char *ctype, char out[BOUNDARY_MAX + 1], struct mz_err *err)
{
    static const char kind[] = "multipart/form-data";
    if (!ctype || strncasecmp(ctype, kind, sizeof kind - 1) != 0)
        return mz_fail(err, "unsupported_media_type",
                       "上传文件须用 multipart/form-data（表单字段 file）");
    const char *b = strcasestr(ctype, "boundary=");
    if (!b) return mz_fail(err, "unsupported_media_type", "multipart/form-data 缺少 boundary 参数");
    b += strlen("boundary=");
    bool quoted = *b == '"';
    b += quoted;
    size_t n = strcspn(b, quoted ? "\"" : "; \t");
    if (n == 0 || n > BOUNDARY_MAX)
        return mz_fail(err, "unsupported_media_type", "multipart/form-data 的 boundary 无效");
    memcpy(out, b, n);
    out[n] = '\0';
    return 0;
}

/* The value of parameter `name="…"` in a Content-Disposition header line
 * [h, end), into out (cap bytes): 1 found, 0 not. */
static int param(const char *h, const char *end, const char *name, char *out, size_t cap)
{
    size_t nlen = strlen(name);
    for (const char *p = h; p + nlen + 2 < end; p++) {
        if ((p == h || p[-1] == ' ' || p[-1] == ';') && strncasecmp(p, name, nlen) == 0 &&
            p[nlen] == '=' && p[nlen + 1] == '"') {
            const char *v = p + nlen + 2;
            const char *q = memchr(v, '"', (size_t)(end - v));
            if (!q) return 0;
            snprintf(out, cap, "%.*s", (int)(q - v), v);
            return 1;
        }
    }
    return 0;
}

int multipart_file(const char *ctype, const char *body, size_t len, const char *field,
                   char *filename, size_t cap, const char **data, size_t *n, struct mz_err *err)
{
    char boundary[BOUNDARY_MAX + 1], delim[BOUNDARY_MAX + 5];
    if (boundary_of(ctype, boundary, err) < 0) return -1;
    int dlen = snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    const char *end = body + len;
    /* the first delimiter may open the body without the CRLF before it */
    const char *p;
    if (len >= (size_t)dlen - 2 && memcmp(body, delim + 2, (size_t)dlen - 2) == 0) {
        p = body + dlen - 2;
    } else {
        p = memmem(body, len, delim, (size_t)dlen);
        if (!p) return malformed(err, "找不到分隔符");
        p += dlen;
    }
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') break; /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return malformed(err, "分隔符后缺少换行");
        p += 2;
        const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend) return malformed(err, "部分的头没有结束");
        char name[64] = "", fname[256] = "";
        for (const char *h = p; h < hend;) {
            const char *eol = memmem(h, (size_t)(hend + 2 - h), "\r\n", 2);
            if (!eol) eol = hend;
            if ((size_t)(eol - h) > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
                param(h, eol, "name", name, sizeof name);
                param(h, eol, "filename", fname, sizeof fname);
            }
            h = eol + 2;
        }
        const char *content = hend + 4;
        const char *stop = memmem(content, (size_t)(end - content), delim, (size_t)dlen);
        if (!stop) return malformed(err, "部分没有结束分隔符");
        if (strcmp(name, field) == 0) {
            snprintf(filename, cap, "%s", fname);
            *data = content;
            *n = (size_t)(stop - content);
            return 0;
        }
        p = stop + dlen;
    }
    return mz_fail_field(err, field, "missing_field", "缺少上传的文件（表单字段 %s）", field);
}
