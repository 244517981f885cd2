/* The whole city's snapshot on disk (snapfile.h). Layout: a fixed header,
 * then the arrays household_id, member_start, division, person ids and
 * one per column, each as [width u8][base i64][rows × width bytes]: value
 * = base + the unsigned number in width bytes (width 0: every value is
 * base). The checksum covers everything after the header. */
#include "policy/snapfile.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "crypto/sm.h"
#include "policy/internal.h"

#define SNAPFILE_FORMAT 1
static const char magic[8] = {'M', 'Z', 'S', 'N', 'A', 'P', '\0', '\1'};

struct header {
    char magic[8];
    uint32_t format, ncolumns;
    int32_t as_of;
    char instance[33];
    unsigned char layout[SNAPFILE_LAYOUT_LEN];
    int64_t gen;
    uint64_t npersons, nhouseholds;
    uint64_t checksum;
};

int snapfile_layout(const struct pol_set *set, unsigned char out[SNAPFILE_LAYOUT_LEN])
{
    size_t cap = 256, len = 0;
    char *text = mz_malloc(cap);
    if (!text)
        return -1;
    len = (size_t)snprintf(text, cap, "snapfile %d;", SNAPFILE_FORMAT);
    for (int i = 0; i < set->ninputs; i++) {
        const struct pol_input *in = &set->inputs[i];
        char one[512];
        int n = snprintf(one, sizeof one, "%d|%s|%s|%d|%lld|", in->entity, in->name,
                         in->fact ? in->fact : "", (int)in->type, (long long)in->dflt);
        for (int e = 0; e < in->nenum && n > 0 && (size_t)n < sizeof one; e++)
            n += snprintf(one + n, sizeof one - (size_t)n, "%s,", in->enum_labels[e]);
        if (n < 0 || (size_t)n >= sizeof one)
            n = (int)sizeof one - 1; /* long label lists: the prefix and the count below */
        if (mz_grow(&text, &cap, len + (size_t)n + 32, 1) < 0) {
            mz_free(text);
            return -1;
        }
        len += (size_t)snprintf(text + len, cap - len, "%s%d;", one, in->nenum);
    }
    int rc = sm3_digest(text, len, out);
    mz_free(text);
    return rc;
}

/* ---- checksummed stream -------------------------------------------------- */

struct stream {
    FILE *f;
    uint64_t sum;
    bool failed;
};

/* A fast non-cryptographic checksum (the file is a cache, not evidence):
 * 64-bit words mixed by multiply and rotate; the same chunks on writing
 * and reading give the same sum. */
static void sum_update(uint64_t *h, const unsigned char *p, size_t n)
{
    uint64_t x = *h;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        x = (x ^ w) * 0x9e3779b97f4a7c15ULL;
        x = (x << 31) | (x >> 33);
    }
    for (; i < n; i++)
        x = (x ^ p[i]) * 0x100000001b3ULL;
    *h = x ^ n;
}

static void put(struct stream *s, const void *p, size_t n)
{
    if (!s->failed && n && fwrite(p, 1, n, s->f) != n)
        s->failed = true;
    sum_update(&s->sum, p, n);
}

static bool get(struct stream *s, void *p, size_t n)
{
    if (s->failed || (n && fread(p, 1, n, s->f) != n)) {
        s->failed = true;
        return false;
    }
    sum_update(&s->sum, p, n);
    return true;
}

/* ---- one array ---------------------------------------------------------- */

static int width_for(uint64_t span)
{
    return span == 0 ? 0 : span <= 0xff ? 1 : span <= 0xffff ? 2 : span <= 0xffffffffULL ? 4 : 8;
}

static int put_array(struct stream *s, const int64_t *v, size_t n)
{
    int64_t lo = n ? v[0] : 0, hi = lo;
    for (size_t i = 1; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    unsigned char w = (unsigned char)width_for((uint64_t)hi - (uint64_t)lo);
    unsigned char head[9];
    head[0] = w;
    memcpy(head + 1, &lo, 8);
    put(s, head, sizeof head);
    if (w == 0)
        return 0;
    unsigned char *buf = mz_malloc(n * w);
    if (!buf)
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint64_t d = (uint64_t)v[i] - (uint64_t)lo;
        memcpy(buf + i * w, &d, w); /* little-endian: the low bytes */
    }
    put(s, buf, n * w);
    mz_free(buf);
    return 0;
}

/* 1 read, 0 damaged, -1 out of memory. */
static int get_array(struct stream *s, int64_t *v, size_t n)
{
    unsigned char head[9];
    if (!get(s, head, sizeof head))
        return 0;
    unsigned char w = head[0];
    int64_t lo;
    memcpy(&lo, head + 1, 8);
    if (w != 0 && w != 1 && w != 2 && w != 4 && w != 8)
        return 0;
    if (w == 0) {
        for (size_t i = 0; i < n; i++)
            v[i] = lo;
        return 1;
    }
    unsigned char *buf = mz_malloc(n > 0 ? n * w : 1);
    if (!buf)
        return -1;
    int rc = get(s, buf, n * w) ? 1 : 0;
    for (size_t i = 0; rc == 1 && i < n; i++) {
        uint64_t d = 0;
        memcpy(&d, buf + i * w, w);
        v[i] = (int64_t)((uint64_t)lo + d);
    }
    mz_free(buf);
    return rc;
}

static size_t column_rows(const struct pol_set *set, int i, size_t np, size_t nh)
{
    return set->inputs[i].entity == POL_PERSON ? np : nh;
}

/* ---- the file ----------------------------------------------------------- */

int snapfile_write(const char *path, const struct pol_set *set, const struct snapfile_key *key,
                   const struct pol_snapshot *s, const int64_t *person_ids, struct mz_err *err)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid()) >= (int)sizeof tmp)
        return mz_fail(err, "io_error", "快照文件路径过长");
    /* readable by the database's owner only, like the database */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    struct stream st = {.f = fd >= 0 ? fdopen(fd, "wb") : NULL};
    if (!st.f) {
        if (fd >= 0)
            close(fd);
        return mz_fail(err, "io_error", "无法写快照文件 %s", tmp);
    }
    struct header h = {.format = SNAPFILE_FORMAT,
                       .ncolumns = (uint32_t)s->ncolumns,
                       .as_of = key->as_of,
                       .gen = key->gen,
                       .npersons = s->npersons,
                       .nhouseholds = s->nhouseholds};
    memcpy(h.magic, magic, sizeof magic);
    memcpy(h.instance, key->instance, sizeof h.instance);
    memcpy(h.layout, key->layout, sizeof h.layout);
    /* the header first as a placeholder; rewritten with the checksum */
    st.failed = fwrite(&h, sizeof h, 1, st.f) != 1;
    int rc = 0;
    int64_t *starts = mz_malloc((s->nhouseholds + 1) * sizeof *starts);
    if (!starts)
        rc = -1;
    for (size_t i = 0; rc == 0 && i <= s->nhouseholds; i++)
        starts[i] = (int64_t)s->member_start[i];
    if (rc == 0)
        rc = put_array(&st, s->household_id, s->nhouseholds);
    if (rc == 0)
        rc = put_array(&st, starts, s->nhouseholds + 1);
    if (rc == 0)
        put(&st, s->division, s->nhouseholds * sizeof *s->division);
    if (rc == 0)
        rc = put_array(&st, person_ids, s->npersons);
    for (int i = 0; rc == 0 && i < s->ncolumns; i++)
        rc = put_array(&st, s->columns[i], column_rows(set, i, s->npersons, s->nhouseholds));
    mz_free(starts);
    h.checksum = st.sum;
    if (rc == 0 && !st.failed &&
        (fseek(st.f, 0, SEEK_SET) != 0 || fwrite(&h, sizeof h, 1, st.f) != 1))
        st.failed = true;
    if (fclose(st.f) != 0)
        st.failed = true;
    if (rc == 0 && !st.failed && rename(tmp, path) == 0)
        return 0;
    unlink(tmp);
    return rc < 0 ? mz_fail(err, "out_of_memory", "内存不足")
                  : mz_fail(err, "io_error", "写快照文件 %s 失败", path);
}

int snapfile_read(const char *path, const struct pol_set *set, struct snapfile_key *key,
                  struct pol_snapshot **out, int64_t **person_ids, struct mz_err *err)
{
    *out = NULL;
    *person_ids = NULL;
    struct stream st = {.f = fopen(path, "rb")};
    if (!st.f)
        return 0;
    struct header h;
    if (fread(&h, sizeof h, 1, st.f) != 1 || memcmp(h.magic, magic, sizeof magic) != 0 ||
        h.format != SNAPFILE_FORMAT || h.ncolumns != (uint32_t)set->ninputs ||
        h.as_of != key->as_of || memcmp(h.instance, key->instance, sizeof h.instance) != 0 ||
        memcmp(h.layout, key->layout, sizeof h.layout) != 0 || h.npersons > INT32_MAX ||
        h.nhouseholds > h.npersons) {
        fclose(st.f);
        return 0;
    }
    struct pol_snapshot *s = pol_snapshot_new(set, h.npersons, h.nhouseholds, err);
    int64_t *pids = mz_malloc((h.npersons ? h.npersons : 1) * sizeof *pids);
    int64_t *starts = mz_malloc((h.nhouseholds + 1) * sizeof *starts);
    int rc = s && pids && starts ? 1 : -1;
    if (rc == 1)
        rc = get_array(&st, s->household_id, s->nhouseholds);
    if (rc == 1)
        rc = get_array(&st, starts, s->nhouseholds + 1);
    if (rc == 1)
        rc = get(&st, s->division, s->nhouseholds * sizeof *s->division) ? 1 : 0;
    if (rc == 1)
        rc = get_array(&st, pids, s->npersons);
    for (int i = 0; rc == 1 && i < s->ncolumns; i++)
        rc = get_array(&st, s->columns[i], column_rows(set, i, s->npersons, s->nhouseholds));
    char extra;
    if (rc == 1 && (st.sum != h.checksum || fread(&extra, 1, 1, st.f) != 0))
        rc = 0; /* damaged, or longer than its header says */
    for (size_t i = 0; rc == 1 && i <= s->nhouseholds; i++)
        s->member_start[i] = (size_t)starts[i];
    struct mz_err shape = {0};
    if (rc == 1 && pol_snapshot_validate(s, &shape) < 0)
        rc = 0;
    fclose(st.f);
    mz_free(starts);
    if (rc == 1) {
        key->gen = h.gen;
        *out = s;
        *person_ids = pids;
        return 1;
    }
    pol_snapshot_free(s);
    mz_free(pids);
    if (rc < 0 && !err->msg[0])
        mz_fail(err, "out_of_memory", "内存不足");
    return rc;
}

int snapfile_path(const char *db_path, mz_date as_of, char *out, size_t cap)
{
    char day[11];
    date_format(as_of, day);
    int n = snprintf(out, cap, "%s-snapshot-%s", db_path, day);
    return n >= 0 && (size_t)n < cap ? 0 : -1;
}

struct aged {
    char name[256];
    time_t mtime;
};

static int newest_first(const void *a, const void *b)
{
    time_t x = ((const struct aged *)a)->mtime, y = ((const struct aged *)b)->mtime;
    return x < y ? 1 : x > y ? -1 : 0;
}

int snapfile_prune(const char *db_path, int keep, struct mz_err *err)
{
    char dir[4096], prefix[300];
    const char *slash = strrchr(db_path, '/');
    const char *base = slash ? slash + 1 : db_path;
    if (snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - db_path) : 1,
                 slash ? db_path : ".") >= (int)sizeof dir ||
        snprintf(prefix, sizeof prefix, "%s-snapshot-", base) >= (int)sizeof prefix)
        return 0;
    if (!dir[0])
        snprintf(dir, sizeof dir, "/");
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct aged *files = NULL;
    size_t n = 0, cap = 0;
    size_t plen = strlen(prefix);
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        /* DB-snapshot-YYYY-MM-DD exactly: not the temporaries being written */
        if (strncmp(e->d_name, prefix, plen) != 0 || len != plen + 10 || len >= sizeof files->name)
            continue;
        char path[4400];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &sb) != 0)
            continue;
        if (mz_grow(&files, &cap, n + 1, sizeof *files) < 0) {
            rc = mz_fail(err, "out_of_memory", "内存不足");
            break;
        }
        snprintf(files[n].name, sizeof files[n].name, "%s", e->d_name);
        files[n++].mtime = sb.st_mtime;
    }
    closedir(d);
    if (rc == 0 && n > (size_t)keep) {
        qsort(files, n, sizeof *files, newest_first);
        for (size_t i = (size_t)keep; i < n; i++) {
            char path[4400];
            snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
            unlink(path);
        }
    }
    mz_free(files);
    return rc;
}
