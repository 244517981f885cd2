/* The web UI's static files (web/: HTML, CSS, JavaScript modules, images)
 * served from one flat folder: GET / is web/index.html, GET /web/{file} is
 * web/FILE. Names are one path segment of [A-Za-z0-9._-] not starting with a
 * dot, so no request reaches outside the folder (.., %2e%2e, symlinks).
 * Browser libraries from npm are served by fixed routes, each naming one
 * file of node_modules (GET /web/vendor/echarts.min.js): no part of their
 * path comes from the request. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "http/handlers.h"
#include "http/json.h"

#define STATIC_MAX_BYTES (4u << 20)

/* Set once by http_static_root and http_vendor_root before the server
 * starts, read-only after. */
static char web_root[1024], vendor_root[1024];

int http_static_root(const char *dir, struct mz_err *err)
{
    if (!dir) {
        web_root[0] = '\0';
        return 0;
    }
    if (strlen(dir) >= sizeof web_root)
        return mz_fail(err, "invalid_value", "网页目录路径过长：%s", dir);
    snprintf(web_root, sizeof web_root, "%s", dir);
    return 0;
}

int http_vendor_root(const char *dir, struct mz_err *err)
{
    if (dir && strlen(dir) >= sizeof vendor_root)
        return mz_fail(err, "invalid_value", "node_modules 路径过长：%s", dir);
    snprintf(vendor_root, sizeof vendor_root, "%s", dir ? dir : "");
    return 0;
}

static const struct {
    const char *ext, *type, *cache;
} types[] = {
    {".html", "text/html; charset=utf-8", "no-cache"},
    {".css", "text/css; charset=utf-8", "no-cache"},
    {".js", "text/javascript; charset=utf-8", "no-cache"},
    {".json", "application/json; charset=utf-8", "no-cache"},
    {".svg", "image/svg+xml", "public, max-age=86400"},
    {".png", "image/png", "public, max-age=86400"},
    {".ico", "image/x-icon", "public, max-age=86400"},
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

void h_static(struct http_req *req, struct http_resp *resp)
{
    const char *name = strcmp(req->path, "/") == 0 ? "index.html" : req->params[0];
    const char *ext = strrchr(name, '.');
    size_t t = 0;
    while (ext && t < sizeof types / sizeof types[0] && strcmp(types[t].ext, ext) != 0)
        t++;
    if (!web_root[0] || !safe_name(name) || !ext || t == sizeof types / sizeof types[0] ||
        !load(web_root, name, resp)) {
        http_problem(resp, 404, "not_found", "没有这个页面", NULL);
        return;
    }
    resp->status = 200;
    resp->type = types[t].type;
    resp->cache_control = types[t].cache;
}

void h_vendor(struct http_req *req, struct http_resp *resp)
{
    static const struct {
        const char *path, *file;
    } files[] = {
        {"/web/vendor/echarts.min.js", "echarts/dist/echarts.min.js"},
    };
    size_t i = 0;
    while (i < sizeof files / sizeof files[0] && strcmp(files[i].path, req->path) != 0)
        i++;
    if (i == sizeof files / sizeof files[0] || !vendor_root[0] ||
        !load(vendor_root, files[i].file, resp)) {
        http_problem(resp, 404, "not_found", "没有这个文件（node_modules 未安装？）", NULL);
        return;
    }
    resp->status = 200;
    resp->type = "text/javascript; charset=utf-8";
    resp->cache_control = "public, max-age=86400";
}
