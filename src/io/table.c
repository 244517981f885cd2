/* The table handle: opening (CSV or XLSX by content), the current-row
 * buffer the readers fill, accessors and messages. The parsing itself is in
 * csv_read.c and xlsx.c. */
#include "io/table_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"

static const char zip_magic[4] = {'P', 'K', 3, 4};

/* ---- row buffer ---------------------------------------------------------- */

void table_row_reset(struct table *t)
{
    t->len = 0;
    t->nfields = 0;
}

int table_row_append(struct table *t, const void *p, size_t n)
{
    if (t->len + n + 1 > t->cap && mz_grow(&t->buf, &t->cap, t->len + n + 1, 1) < 0)
        return -1;
    memcpy(t->buf + t->len, p, n);
    t->len += n;
    return 0;
}

int table_row_end_field(struct table *t)
{
    if (t->len + 1 > t->cap && mz_grow(&t->buf, &t->cap, t->len + 1, 1) < 0)
        return -1;
    if (t->nfields + 1 > t->cap_fields &&
        mz_grow(&t->ends, &t->cap_fields, t->nfields + 1, sizeof *t->ends) < 0)
        return -1;
    t->buf[t->len++] = '\0';
    t->ends[t->nfields++] = t->len;
    return 0;
}

/* ---- messages ------------------------------------------------------------ */

int table_fail(struct table *t, struct mz_err *err, const char *code, long line,
               const char *fmt, ...)
{
    if (strcmp(code, "table_row") != 0)
        t->is_over = true;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        return mz_fail(err, code, "%s:%ld: %s", t->name, line, msg);
    return mz_fail(err, code, "%s: %s", t->name, msg);
}

int table_oom(struct table *t, struct mz_err *err)
{
    return table_fail(t, err, "out_of_memory", 0, "内存不足，无法继续读取");
}

/* ---- open and close ------------------------------------------------------ */

static struct table *table_new(const char *name)
{
    struct table *t = mz_calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fd = -1;
    t->name = mz_strdup(name);
    if (!t->name) {
        mz_free(t);
        return NULL;
    }
    return t;
}

int table_open_mem(const char *name, const char *data, size_t n, struct table **out,
                   struct mz_err *err)
{
    *out = NULL;
    struct table *t = table_new(name);
    if (!t)
        return mz_fail(err, "out_of_memory", "%s: 内存不足，无法打开", name);
    int rc = n >= sizeof zip_magic && memcmp(data, zip_magic, sizeof zip_magic) == 0
                 ? xlsx_reader_open(t, NULL, data, n, err)
                 : csv_reader_open(t, -1, data, n, err);
    if (rc < 0) {
        table_close(t);
        return -1;
    }
    *out = t;
    return 0;
}

/* Reads up to n bytes at the start of fd (retrying short reads); returns the
 * count, or -1 with errno set. */
static ssize_t read_head(int fd, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

int table_open(const char *path, struct table **out, struct mz_err *err)
{
    *out = NULL;
    struct table *t = table_new(path);
    if (!t)
        return mz_fail(err, "out_of_memory", "%s: 内存不足，无法打开", path);
    t->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (t->fd < 0) {
        table_fail(t, err, "table_open", 0, "无法打开文件：%s", strerror(errno));
        goto out_close;
    }
    struct stat st;
    if (fstat(t->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        table_fail(t, err, "table_open", 0, "这是一个目录，不是文件");
        goto out_close;
    }
    char head[sizeof zip_magic];
    ssize_t n = read_head(t->fd, head, sizeof head);
    if (n < 0 || lseek(t->fd, 0, SEEK_SET) != 0) {
        table_fail(t, err, "table_io", 0, "读取失败：%s", strerror(errno));
        goto out_close;
    }
    int rc = (size_t)n == sizeof head && memcmp(head, zip_magic, sizeof head) == 0
                 ? xlsx_reader_open(t, path, NULL, 0, err)
                 : csv_reader_open(t, t->fd, NULL, 0, err);
    if (rc < 0)
        goto out_close;
    *out = t;
    return 0;
out_close:
    table_close(t);
    return -1;
}

void table_close(struct table *t)
{
    if (!t)
        return;
    if (t->ops)
        t->ops->close(t->impl);
    if (t->fd >= 0)
        close(t->fd);
    mz_free(t->buf);
    mz_free(t->ends);
    mz_free(t->name);
    mz_free(t);
}

/* ---- reading and accessors ----------------------------------------------- */

int table_read(struct table *t, struct mz_err *err)
{
    if (t->is_over)
        return 0;
    int rc = t->ops->read(t, err);
    if (rc == 0)
        t->is_over = true;
    return rc;
}

size_t table_nfields(const struct table *t)
{
    return t->nfields;
}

const char *table_field(const struct table *t, size_t i)
{
    if (i >= t->nfields)
        return "";
    return t->buf + (i ? t->ends[i - 1] : 0);
}

size_t table_field_len(const struct table *t, size_t i)
{
    if (i >= t->nfields)
        return 0;
    return t->ends[i] - (i ? t->ends[i - 1] : 0) - 1;
}

long table_line(const struct table *t)
{
    return t->line;
}

const char *table_raw(const struct table *t, size_t *len)
{
    *len = t->raw_len;
    return t->raw ? t->raw : "";
}

uint64_t table_bytes_done(const struct table *t)
{
    return t->done;
}

uint64_t table_bytes_total(const struct table *t)
{
    return t->total;
}

const char *table_encoding(const struct table *t)
{
    return t->encoding;
}

void table_column_name(size_t i, char out[8])
{
    char tmp[8];
    size_t n = 0;
    i++; /* bijective base 26: A = 1 */
    while (i > 0 && n < 7) {
        tmp[n++] = (char)('A' + (i - 1) % 26);
        i = (i - 1) / 26;
    }
    for (size_t k = 0; k < n; k++)
        out[k] = tmp[n - 1 - k];
    out[n] = '\0';
}
