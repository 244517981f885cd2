/* Loading a gazetteer file (pn_import, placename.h): one transaction, each
 * row through the checks of a new standard name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "io/table.h"
#include "placename/internal.h"
#include "registry/pinyin.h"
#include "registry/registry.h"

enum col { C_NAME, C_CLASS, C_DIVISION, C_LON, C_LAT, C_MEANING, C_HISTORY, C_NAMED_ON,
           C_APPROVED_BY, C_DOCUMENT, C_CULTURE, C_PRODUCTS, NCOLS };

static const char *const headers[NCOLS][2] = {
    {"name", "标准名称"},      {"class", "类别"},      {"division", "所在区划"},
    {"lon", "经度"},           {"lat", "纬度"},        {"meaning", "含义"},
    {"history", "历史沿革"},   {"named_on", "命名日期"}, {"approved_by", "批准机关"},
    {"document", "批准文号"},  {"culture", "地名文化"}, {"products", "特色物产"},
};

/* Column of each field from the header row, -1 if absent. */
static int map_header(struct table *t, const char *path, int cols[NCOLS], struct mz_err *err)
{
    for (int i = 0; i < NCOLS; i++)
        cols[i] = -1;
    for (size_t k = 0; k < table_nfields(t); k++)
        for (int i = 0; i < NCOLS; i++)
            if (strcmp(table_field(t, k), headers[i][0]) == 0 ||
                strcmp(table_field(t, k), headers[i][1]) == 0)
                cols[i] = (int)k;
    for (int i = 0; i <= C_DIVISION; i++)
        if (cols[i] < 0)
            return mz_fail(err, "bad_header", "%s:1: 缺少列“%s”（%s）", path, headers[i][1],
                           headers[i][0]);
    return 0;
}

static const char *cell(struct table *t, const int cols[NCOLS], int i)
{
    return cols[i] < 0 ? "" : table_field(t, (size_t)cols[i]);
}

static int parse_coord(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return *s && !*end ? 0 : -1;
}

/* The header of the field err names, for "列 …". */
static const char *label_of(const char *field)
{
    for (int i = 0; i < NCOLS; i++)
        if (strcmp(field, headers[i][0]) == 0)
            return headers[i][1];
    return field;
}

int pn_import(const struct pn_env *env, const char *path, long *added, struct mz_err *err)
{
    struct table *t;
    struct pinyin *py;
    struct db *db = reg_db(env->reg);
    *added = 0;
    if (table_open(path, &t, err) < 0)
        return -1;
    if (pinyin_open(&py, err) < 0) {
        table_close(t);
        return -1;
    }
    int cols[NCOLS], rc = table_read(t, err);
    if (rc <= 0) {
        if (rc == 0)
            mz_fail(err, "bad_header", "%s: 文件是空的", path);
        goto out_close;
    }
    if (map_header(t, path, cols, err) < 0 || db_begin(db, err) < 0) {
        rc = -1;
        goto out_close;
    }
    while ((rc = table_read(t, err)) == 1) {
        struct pn_input in = {
            .name = cell(t, cols, C_NAME), .class_ = cell(t, cols, C_CLASS),
            .division = cell(t, cols, C_DIVISION), .meaning = cell(t, cols, C_MEANING),
            .history = cell(t, cols, C_HISTORY), .named_on = cell(t, cols, C_NAMED_ON),
            .approved_by = cell(t, cols, C_APPROVED_BY), .document = cell(t, cols, C_DOCUMENT),
            .culture = cell(t, cols, C_CULTURE), .products = cell(t, cols, C_PRODUCTS)};
        const char *lon = cell(t, cols, C_LON), *lat = cell(t, cols, C_LAT);
        int64_t id;
        if (*lon || *lat) {
            in.located = true;
            if (parse_coord(lon, &in.lon) < 0 || parse_coord(lat, &in.lat) < 0) {
                mz_fail_field(err, parse_coord(lon, &in.lon) < 0 ? "lon" : "lat",
                              "invalid_value", "坐标应为十进制度数（CGCS2000）");
                rc = -1;
            }
        }
        if (rc < 0 || pn_add_tx(env, py, &in, &id, err) < 0) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%.80s:%ld: 列 %.30s：%.380s", path, table_line(t),
                     err->field[0] ? label_of(err->field) : "?", err->msg);
            snprintf(err->msg, sizeof err->msg, "%s", msg);
            text_utf8_trim(err->msg);
            err->field[0] = '\0'; /* named in the message as its column */
            rc = -1;
            break;
        }
        ++*added;
    }
    if (rc < 0 || db_commit(db, err) < 0) {
        db_rollback(db);
        *added = 0;
        rc = -1;
    }
out_close:
    pinyin_close(py);
    table_close(t);
    return rc < 0 ? -1 : 0;
}
