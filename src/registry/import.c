/* Registry file import: header mapping, per-row validation through the
 * registry, transactions, reject files, progress. */
#include "registry/import.h"

#include <string.h>

#include "base/mem.h"
#include "io/csv.h"
#include "io/progress.h"
#include "io/table.h"
#include "registry/idcard.h"

/* A column of an import file: field name (as in err->field), the Chinese
 * header, the English header, and whether it is required. */
struct column {
    const char *field, *zh, *en;
    bool required;
};

#define MAX_COLUMNS 10

static const struct column household_columns[] = {
    {"household_no", "户编号", "household_no", true},
    {"division", "区划代码", "division", true},
    {"address", "地址", "address", false},
    {"rural", "城乡类别", "rural", true},
    {NULL, NULL, NULL, false},
};

static const struct column person_columns[] = {
    {"id_number", "身份证号", "id_number", true},
    {"name", "姓名", "name", true},
    {"sex", "性别", "sex", false},
    {"birth_date", "出生日期", "birth_date", false},
    {"hukou", "户籍性质", "hukou", true},
    {"division", "区划代码", "division", true},
    {"household_no", "户编号", "household_no", true},
    {"relation", "与户主关系", "relation", true},
    {"phone", "联系电话", "phone", false},
    {"member_since", "入户日期", "member_since", false},
    {NULL, NULL, NULL, false},
};

static const struct column fact_columns[] = {
    {"id_number", "身份证号", "id_number", false},
    {"household_no", "户编号", "household_no", false},
    {"variable", "指标", "variable", true},
    {"value", "值", "value", true},
    {"effective", "生效日期", "effective", true},
    {"source", "来源", "source", true},
    {NULL, NULL, NULL, false},
};

static const struct column *columns_of(enum import_kind kind)
{
    switch (kind) {
    case IMPORT_HOUSEHOLDS: return household_columns;
    case IMPORT_PERSONS: return person_columns;
    case IMPORT_FACTS: return fact_columns;
    }
    return NULL;
}

int import_kind_parse(const char *s, enum import_kind *kind)
{
    if (strcmp(s, "households") == 0)
        *kind = IMPORT_HOUSEHOLDS;
    else if (strcmp(s, "persons") == 0)
        *kind = IMPORT_PERSONS;
    else if (strcmp(s, "facts") == 0)
        *kind = IMPORT_FACTS;
    else
        return -1;
    return 0;
}

/* The keys of the rows taken so far (household numbers, ID numbers) and
 * their lines: open addressing, keys owned. */
struct seen {
    char **keys;
    long *lines;
    size_t n, cap; /* cap is 0 or a power of two */
};

static size_t seen_slot(const struct seen *s, const char *key)
{
    size_t h = 5381;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = h * 33 + *p;
    size_t i = h & (s->cap - 1);
    while (s->keys[i] && strcmp(s->keys[i], key) != 0)
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* The line key was first taken on (0 if new, then recorded at line);
 * -1 when memory runs out. */
static long seen_add(struct seen *s, const char *key, long line)
{
    if (2 * (s->n + 1) > s->cap) {
        struct seen g = {.cap = s->cap ? 2 * s->cap : 1024};
        g.keys = mz_calloc(g.cap, sizeof *g.keys);
        g.lines = mz_calloc(g.cap, sizeof *g.lines);
        if (!g.keys || !g.lines) {
            mz_free(g.keys);
            mz_free(g.lines);
            return -1;
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->keys[i]) {
                size_t j = seen_slot(&g, s->keys[i]);
                g.keys[j] = s->keys[i];
                g.lines[j] = s->lines[i];
            }
        g.n = s->n;
        mz_free(s->keys);
        mz_free(s->lines);
        *s = g;
    }
    size_t i = seen_slot(s, key);
    if (s->keys[i])
        return s->lines[i];
    if (!(s->keys[i] = mz_strdup(key)))
        return -1;
    s->lines[i] = line;
    s->n++;
    return 0;
}

static void seen_free(struct seen *s)
{
    for (size_t i = 0; i < s->cap; i++)
        mz_free(s->keys[i]);
    mz_free(s->keys);
    mz_free(s->lines);
}

struct importer {
    struct registry *reg;
    const struct import_options *opts;
    struct table *table;
    const struct column *cols;
    int index[MAX_COLUMNS]; /* file column of each known column, or -1 */
    size_t nheader;
    FILE *rejects;
    struct import_stats *st;
    int reported;
    struct seen seen; /* households and persons: one row each per file */
};

/* Maps the header row onto the known columns. */
static int map_header(struct importer *im, struct mz_err *err)
{
    struct table *t = im->table;
    im->nheader = table_nfields(t);
    for (int c = 0; im->cols[c].field; c++)
        im->index[c] = -1;
    for (size_t i = 0; i < im->nheader; i++) {
        const char *h = table_field(t, i);
        int hit = -1;
        for (int c = 0; im->cols[c].field; c++)
            if (strcmp(h, im->cols[c].zh) == 0 || strcmp(h, im->cols[c].en) == 0)
                hit = c;
        char col[8];
        table_column_name(i, col);
        if (hit < 0)
            return mz_fail(err, "unknown_column", "%s:%ld: 列 %s 的表头“%s”无法识别", im->opts->path,
                           table_line(t), col, h);
        if (im->index[hit] >= 0)
            return mz_fail(err, "duplicate_column", "%s:%ld: 表头“%s”重复出现", im->opts->path,
                           table_line(t), h);
        im->index[hit] = (int)i;
    }
    for (int c = 0; im->cols[c].field; c++)
        if (im->cols[c].required && im->index[c] < 0)
            return mz_fail(err, "missing_column", "%s: 缺少必需的列“%s”（%s）", im->opts->path,
                           im->cols[c].zh, im->cols[c].en);
    return 0;
}

static const char *field(struct importer *im, const char *name)
{
    for (int c = 0; im->cols[c].field; c++)
        if (strcmp(im->cols[c].field, name) == 0)
            return im->index[c] >= 0 ? table_field(im->table, (size_t)im->index[c]) : NULL;
    return NULL;
}

/* Describes a bad row: FILE:LINE: 列 C（表头）: message (a reader error
 * already carries FILE:LINE). */
static void report_row(struct importer *im, const struct mz_err *rerr)
{
    bool located = strcmp(rerr->code, "table_row") == 0;
    im->st->rejected++;
    char where[96] = "";
    for (int c = 0; rerr->field[0] && im->cols[c].field; c++)
        if (strcmp(im->cols[c].field, rerr->field) == 0 && im->index[c] >= 0) {
            char col[8];
            table_column_name((size_t)im->index[c], col);
            snprintf(where, sizeof where, " 列 %s（%s）:", col, im->cols[c].zh);
        }
    int limit = im->opts->max_reported > 0 ? im->opts->max_reported : 50;
    if (im->opts->report && im->reported++ < limit) {
        if (located)
            fprintf(im->opts->report, "%s\n", rerr->msg);
        else
            fprintf(im->opts->report, "%s:%ld:%s %s\n", im->opts->path, table_line(im->table),
                    where, rerr->msg);
    }
    if (im->rejects && located) {
        size_t len;
        const char *raw = table_raw(im->table, &len);
        char line[24];
        snprintf(line, sizeof line, "%ld", table_line(im->table));
        char *text = mz_malloc(len + 1);
        if (text) {
            memcpy(text, raw, len);
            text[len] = '\0';
            const char *fields[] = {text, line, rerr->msg};
            csv_write_row(im->rejects, fields, 3);
            mz_free(text);
        }
    } else if (im->rejects) {
        size_t n = table_nfields(im->table);
        const char *fields[MAX_COLUMNS + 8];
        if (n > MAX_COLUMNS + 6)
            n = MAX_COLUMNS + 6;
        for (size_t i = 0; i < n; i++)
            fields[i] = table_field(im->table, i);
        char line[24];
        snprintf(line, sizeof line, "%ld", table_line(im->table));
        fields[n] = line;
        fields[n + 1] = rerr->msg;
        csv_write_row(im->rejects, fields, n + 2);
    }
}

static int put_row(struct importer *im, enum put_result *res, struct mz_err *rerr)
{
    switch (im->opts->kind) {
    case IMPORT_HOUSEHOLDS: {
        struct reg_household_in in = {field(im, "household_no"), field(im, "division"),
                                      field(im, "address"), field(im, "rural")};
        /* the division must be current on --date, else today */
        mz_date on = im->opts->on != MZ_DATE_NONE ? im->opts->on : date_today();
        return reg_household_put(im->reg, &in, on, res, rerr);
    }
    case IMPORT_PERSONS: {
        struct reg_person_in in = {field(im, "id_number"), field(im, "name"),
                                   field(im, "sex"),       field(im, "birth_date"),
                                   field(im, "hukou"),     field(im, "division"),
                                   field(im, "household_no"), field(im, "relation"),
                                   field(im, "phone")};
        /* the membership starts on the row's 入户日期, else on --date */
        const char *since = field(im, "member_since");
        mz_date on = since && *since ? date_parse(since) : im->opts->on;
        if (since && *since && on == MZ_DATE_NONE)
            return mz_fail_field(rerr, "member_since", "invalid_value",
                                 "入户日期应为 YYYY-MM-DD，实为“%s”", since);
        if (on == MZ_DATE_NONE)
            return mz_fail_field(rerr, "member_since", "missing_value",
                                 "入户日期为空，且导入时没有给出 --date");
        return reg_person_put(im->reg, &in, on, res, rerr);
    }
    case IMPORT_FACTS: {
        struct reg_fact_in in = {field(im, "id_number"), field(im, "household_no"),
                                 field(im, "variable"),  field(im, "value"),
                                 field(im, "effective"), field(im, "source")};
        return reg_fact_put(im->reg, &in, res, rerr);
    }
    }
    return -1;
}

/* A second row for the same household or person in one file would
 * silently replace the first: it is rejected (rerr names the first line).
 * Called once a row is taken, so a rejected row does not count. 0, 1 for
 * a repeat, -1 when memory runs out. */
static int check_repeat(struct importer *im, struct mz_err *rerr)
{
    bool persons = im->opts->kind == IMPORT_PERSONS;
    if (im->opts->kind == IMPORT_FACTS)
        return 0;
    const char *key = field(im, persons ? "id_number" : "household_no");
    if (!key || !*key)
        return 0;
    char upper[24];
    if (persons && strlen(key) < sizeof upper) { /* 11010519491231002x is …002X */
        for (size_t i = 0; (upper[i] = key[i]); i++)
            upper[i] = upper[i] == 'x' ? 'X' : upper[i];
        key = upper;
    }
    long first = seen_add(&im->seen, key, table_line(im->table));
    if (first < 0) {
        mz_fail(rerr, "out_of_memory", "内存不足");
        return -1;
    }
    if (first == 0)
        return 0;
    if (persons) {
        char masked[19];
        idcard_mask(key, masked);
        mz_fail_field(rerr, "id_number", "duplicate_row",
                      "身份证号 %s 在本文件第 %ld 行已出现：同一人只能有一行", masked, first);
    } else {
        mz_fail_field(rerr, "household_no", "duplicate_row",
                      "户编号“%s”在本文件第 %ld 行已出现：同一户只能有一行", key, first);
    }
    return 1;
}

/* One data row inside its own savepoint, so a bad row leaves nothing. */
static int import_row(struct importer *im, struct mz_err *err)
{
    struct db *db = reg_db(im->reg);
    struct mz_err rerr;
    mz_err_clear(&rerr);
    im->st->rows++;
    if (table_nfields(im->table) != im->nheader) {
        mz_fail(&rerr, "ragged_row", "此行有 %zu 列，表头有 %zu 列", table_nfields(im->table),
                im->nheader);
        report_row(im, &rerr);
        return 0;
    }
    if (db_savepoint(db, err) < 0)
        return -1;
    enum put_result res = PUT_UNCHANGED;
    int repeat = 0;
    if (put_row(im, &res, &rerr) < 0 || (repeat = check_repeat(im, &rerr)) != 0) {
        db_rollback_savepoint(db);
        if (db_failed(&rerr) || strcmp(rerr.code, "out_of_memory") == 0) {
            *err = rerr;
            return -1;
        }
        report_row(im, &rerr);
        return 0;
    }
    if (db_release(db, err) < 0)
        return -1;
    if (res == PUT_ADDED)
        im->st->added++;
    else if (res == PUT_UPDATED)
        im->st->updated++;
    else
        im->st->unchanged++;
    return 0;
}

int import_run(struct registry *reg, const struct import_options *opts, struct import_stats *st,
               struct mz_err *err)
{
    memset(st, 0, sizeof *st);
    struct importer im = {.reg = reg, .opts = opts, .cols = columns_of(opts->kind), .st = st};
    struct db *db = reg_db(reg);
    if (table_open(opts->path, &im.table, err) < 0)
        return -1;
    int rc = table_read(im.table, err);
    if (rc == 0)
        rc = mz_fail(err, "empty_file", "%s: 文件为空，缺少表头", opts->path);
    if (rc < 0 || (rc = map_header(&im, err)) < 0)
        goto out_close;
    if (opts->kind == IMPORT_PERSONS && opts->on == MZ_DATE_NONE && !field(&im, "member_since")) {
        rc = mz_fail(err, "missing_date",
                     "%s: 没有“入户日期”列（member_since），须用 --date 给出成员关系的起始日：按过去"
                     "某日评估时，只计当时已在户的成员",
                     opts->path);
        goto out_close;
    }
    if (opts->reject_path) {
        if (!(im.rejects = fopen(opts->reject_path, "w"))) {
            rc = mz_fail(err, "io_error", "无法写入拒收文件 %s", opts->reject_path);
            goto out_close;
        }
        csv_write_bom(im.rejects);
        const char *head[MAX_COLUMNS + 2];
        size_t n = im.nheader;
        for (size_t i = 0; i < n; i++)
            head[i] = table_field(im.table, i);
        head[n] = "原行号";
        head[n + 1] = "拒收原因";
        csv_write_row(im.rejects, head, n + 2);
    }
    if ((rc = db_begin(db, err)) < 0)
        goto out_close;
    char label[160];
    const char *base = strrchr(opts->path, '/');
    snprintf(label, sizeof label, "import %s", base ? base + 1 : opts->path);
    if ((rc = reg_batch_begin(reg, label, err)) < 0) {
        db_rollback(db);
        goto out_close;
    }
    struct progress bar;
    progress_start(&bar, opts->path, table_bytes_total(im.table));
    for (;;) {
        struct mz_err rerr = {0};
        rc = table_read(im.table, &rerr);
        if (rc == 0)
            break;
        if (rc < 0 && strcmp(rerr.code, "table_row") == 0) {
            st->rows++;
            report_row(&im, &rerr); /* one malformed record: go on */
            continue;
        }
        if (rc < 0) {
            *err = rerr;
            break;
        }
        if (table_nfields(im.table) == 1 && table_field_len(im.table, 0) == 0)
            continue; /* blank line */
        if ((rc = import_row(&im, err)) < 0)
            break;
        progress_update(&bar, table_bytes_done(im.table), (uint64_t)st->rows);
    }
    progress_finish(&bar);
    if (rc == 0 && st->rejected > 0 && !im.rejects)
        rc = mz_fail(err, "rejected_rows", "%s: %ld 行有错误，未导入任何数据", opts->path,
                     st->rejected);
    if (rc == 0)
        rc = reg_batch_end(reg, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        reg_batch_abort(reg);
        db_rollback(db);
        st->added = st->updated = st->unchanged = 0;
    }
out_close:
    if (im.rejects && fclose(im.rejects) != 0 && rc == 0)
        rc = mz_fail(err, "io_error", "写入拒收文件 %s 失败", opts->reject_path);
    table_close(im.table);
    seen_free(&im.seen);
    return rc < 0 ? -1 : 0;
}
