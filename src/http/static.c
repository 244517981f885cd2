/* The built web console (build/web, made by Vite from web/ during `make`):
 * GET / is its index.html, GET /assets/{file} one of its files. The file
 * names under assets/ carry a hash of their content, so they are cached for
 * a year; index.html is revalidated. Names are one path segment of
 * [A-Za-z0-9._-] not starting with a dot, with a known extension, so no
 * request reaches outside the folder (.., %2e%2e, symlinks). The console
 * routes by the URL's hash (/#/cases/12), so a page reloaded in the
 * browser is always GET /. The build writes FILE.gz beside each text file:
 * a browser that accepts gzip gets it (Content-Encoding: gzip), the others
 * the file itself; both answers say Vary: Accept-Encoding. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "http/handlers.h"
#include "http/json.h"

#define STATIC_MAX_BYTES (4u << 20)

/* Set once by http_static_root before the server starts, read-only after. */
static char web_root[1024];

int http_static_root(const char *dir, struct mz_err *err)
{
    if (!dir) {
        web_root[0] = '\0';
        return 0;
    }
    if (strlen(dir) >= sizeof web_root - 16)
        return mz_fail(err, "invalid_value", "网页目录路径过长：%s", dir);
    snprintf(web_root, sizeof web_root, "%s", dir);
    return 0;
}

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
};

static bool safe_name(const char *name)
{
    if (!name[0] || name[0] == '.')
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
            return false;
    return true;
}

/* Reads root/name into resp; false if it is not a readable regular file
 * (a symlink included) within the size limit. */
static bool load(const char *root, const char *name, struct http_resp *resp)
{
    char path[sizeof web_root + 64];
    if (snprintf(path, sizeof path, "%s/%s", root, name) >= (int)sizeof path)
        return false;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= STATIC_MAX_BYTES;
    size_t len = ok ? (size_t)st.st_size : 0, got = 0;
    char *buf = ok ? mz_malloc(len + 1) : NULL;
    while (buf && got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!buf || got != len) {
        mz_free(buf);
        return false;
    }
    resp->body = buf;
    resp->len = len;
    return true;
}

/* Whether an Accept-Encoding value lists gzip with a weight above 0
 * ("gzip", "deflate, gzip;q=0.8"; not "gzip;q=0", not "x-gzip"). */
static bool accepts_gzip(const char *accept)
{
    for (const char *p = accept; p && *p; p += *p == ',') {
        char item[64];
        size_t n = strcspn(p, ",");
        snprintf(item, sizeof item, "%.*s", (int)(n < sizeof item ? n : sizeof item - 1), p);
        p += n;
        char *name = item + strspn(item, " \t"), *params = strchr(name, ';');
        if (params)
            *params++ = '\0';
        name[strcspn(name, " \t")] = '\0';
        if (strcasecmp(name, "gzip") != 0)
            continue;
        const char *q = params ? strcasestr(params, "q=") : NULL;
        return !q || strtod(q + 2, NULL) > 0;
    }
    return false;
}

void h_static(struct http_req *req, struct http_resp *resp)
{
    bool home = strcmp(req->path, "/") == 0;
    const char *name = home ? "index.html" : req->params[0];
    const char *ext = strrchr(name, '.');
    char root[sizeof web_root + 8];
    snprintf(root, sizeof root, "%s%s", web_root, home ? "" : "/assets");
    size_t t = 0;
    while (ext && t < sizeof types / sizeof types[0] && strcmp(types[t].ext, ext) != 0)
        t++;
    bool known = web_root[0] && safe_name(name) && ext && t < sizeof types / sizeof types[0];
    char gz[256];
    if (known && accepts_gzip(http_header(req, "Accept-Encoding")) &&
        snprintf(gz, sizeof gz, "%s.gz", name) < (int)sizeof gz && load(root, gz, resp))
        resp->encoding = "gzip";
    if (!known || (!resp->encoding && !load(root, name, resp))) {
        http_problem(resp, 404, "not_found",
                     home ? "网页控制台尚未构建（运行 make 生成 build/web）" : "没有这个页面",
                     NULL);
        return;
    }
    resp->status = 200;
    resp->type = types[t].type;
    resp->vary_encoding = true;
    resp->cache_control = home ? "no-cache" : "public, max-age=31536000, immutable";
}
