/* OFD packages over libzip, entirely in memory (see ofdpkg.h). */
#include "notice/ofdpkg.h"

#include <stdio.h>
#include <string.h>

#include <zip.h>

#include "base/mem.h"

#define MAX_FILE_BYTES (64u << 20)

void ofd_pkg_add(struct ofd_pkg *p, const char *name, unsigned char *data, size_t len)
{
    if (p->failed || strlen(name) >= sizeof p->files[0].name ||
        mz_grow(&p->files, &p->cap, p->n + 1, sizeof *p->files) < 0) {
        mz_free(data);
        p->failed = 1;
        return;
    }
    struct ofd_file *f = &p->files[p->n++];
    snprintf(f->name, sizeof f->name, "%s", name);
    f->data = data;
    f->len = len;
}

const struct ofd_file *ofd_pkg_find(const struct ofd_pkg *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->files[i].name, name) == 0)
            return &p->files[i];
    return NULL;
}

void ofd_pkg_free(struct ofd_pkg *p)
{
    for (size_t i = 0; i < p->n; i++)
        mz_free(p->files[i].data);
    mz_free(p->files);
    *p = (struct ofd_pkg){0};
}

static int zip_fail(zip_error_t *ze, const char *what, struct mz_err *err)
{
    int rc = mz_fail(err, "bad_ofd", "%s：%s", what, zip_error_strerror(ze));
    zip_error_fini(ze);
    return rc;
}

int ofd_pkg_zip(const struct ofd_pkg *p, mz_date date, unsigned char **out, size_t *len,
                struct mz_err *err)
{
    *out = NULL;
    if (p->failed)
        return mz_fail(err, "out_of_memory", "生成 OFD 时内存不足");
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (!za) {
        zip_source_free(src);
        return zip_fail(&ze, "无法生成 OFD 压缩包", err);
    }
    zip_source_keep(src);
    time_t mtime = (time_t)date * 86400; /* noon in Beijing keeps the DOS date the notice's */
    mtime += 4 * 3600;
    for (size_t i = 0; i < p->n; i++) {
        zip_source_t *fs = zip_source_buffer(za, p->files[i].data, p->files[i].len, 0);
        zip_int64_t idx = fs ? zip_file_add(za, p->files[i].name, fs, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(fs);
            zip_discard(za);
            zip_source_free(src);
            return mz_fail(err, "bad_ofd", "无法写入 %s", p->files[i].name);
        }
        zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0);
    }
    if (zip_close(za) < 0) {
        int rc = mz_fail(err, "bad_ofd", "无法生成 OFD 压缩包：%s", zip_strerror(za));
        zip_discard(za);
        zip_source_free(src);
        return rc;
    }
    zip_stat_t st;
    int rc = -1;
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        *out = mz_malloc(st.size ? st.size : 1);
        if (*out && zip_source_read(src, *out, st.size) == (zip_int64_t)st.size) {
            *len = st.size;
            rc = 0;
        }
        zip_source_close(src);
    }
    zip_source_free(src);
    if (rc < 0) {
        mz_free(*out);
        *out = NULL;
        return mz_fail(err, "out_of_memory", "读取 OFD 压缩包失败");
    }
    return 0;
}

int ofd_pkg_unzip(const unsigned char *zip, size_t len, struct ofd_pkg *p, struct mz_err *err)
{
    *p = (struct ofd_pkg){0};
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!za) {
        zip_source_free(src);
        return zip_fail(&ze, "不是有效的 OFD 文件（ZIP 压缩包）", err);
    }
    zip_int64_t n = zip_get_num_entries(za, 0);
    int rc = 0;
    if (n < 0 || n > OFD_MAX_FILES)
        rc = mz_fail(err, "bad_ofd", "OFD 文件中的文件数不对（%lld 个）", (long long)n);
    for (zip_int64_t i = 0; rc == 0 && i < n; i++) {
        zip_stat_t st;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
            !(st.valid & ZIP_STAT_NAME)) {
            rc = mz_fail(err, "bad_ofd", "OFD 文件第 %lld 项损坏", (long long)i + 1);
            break;
        }
        if (st.size > MAX_FILE_BYTES || strlen(st.name) >= sizeof p->files[0].name) {
            rc = mz_fail(err, "bad_ofd", "OFD 文件中的 %.80s 过大或名称过长", st.name);
            break;
        }
        unsigned char *data = mz_malloc(st.size ? st.size : 1);
        zip_file_t *f = data ? zip_fopen_index(za, (zip_uint64_t)i, 0) : NULL;
        zip_int64_t got = f ? zip_fread(f, data, st.size) : -1;
        if (f)
            zip_fclose(f);
        if (got != (zip_int64_t)st.size) {
            mz_free(data);
            rc = mz_fail(err, "bad_ofd", "无法读取 OFD 文件中的 %.80s（数据损坏）", st.name);
            break;
        }
        ofd_pkg_add(p, st.name, data, st.size);
        if (p->failed)
            rc = mz_fail(err, "out_of_memory", "内存不足");
    }
    zip_discard(za);
    if (rc < 0)
        ofd_pkg_free(p);
    return rc;
}
