/* The provider network (provider.h): kinds and who may run whom, checks of
 * a provider's fields, add/update by code with audit, bulk import from a
 * table file, the service catalogue, staff and provider accounts. */
#include "care/provider.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/date.h"
#include "base/text.h"
#include "io/table.h"
#include "registry/divisions.h"

/* ---- kinds ---- */

static const struct {
    const char *kind, *label;
    const char *parents; /* kinds that may run it, space-separated */
    bool needs_parent;
} kinds[] = {
    {"institution", "养老机构", "", false},
    {"centre", "街道养老服务中心", "institution", false},
    {"station", "社区养老服务站", "centre", true},
    {"home_bed", "家庭养老床位", "station centre", true},
    {"canteen", "老年食堂/助餐点", "centre station", false},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static int kind_index(const char *kind)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(kinds[i].kind, kind) == 0) return (int)i;
    return -1;
}

const char *care_kind_label(const char *kind)
{
    int k = kind_index(kind);
    return k < 0 ? NULL : kinds[k].label;
}

int care_kind_parse(const char *text, const char **kind, struct mz_err *err)
{
    for (size_t i = 0; text && i < NKINDS; i++)
        if (strcmp(kinds[i].kind, text) == 0 || strcmp(kinds[i].label, text) == 0 ||
            (strcmp(kinds[i].kind, "canteen") == 0 &&
             (strcmp(text, "老年食堂") == 0 || strcmp(text, "助餐点") == 0))) {
            *kind = kinds[i].kind;
            return 0;
        }
    return mz_fail_field(err, "kind", "invalid_value",
                         "机构类型应为 养老机构、街道养老服务中心、社区养老服务站、家庭养老床位 或 "
                         "老年食堂/助餐点，实为“%.40s”",
                         text ? text : "");
}

/* Whether a provider of kind `parent` may run one of kind `child`. */
static bool may_run(const char *parent, const char *child)
{
    const char *p = kinds[kind_index(child)].parents;
    size_t n = strlen(parent);
    while (*p) {
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, parent, n) == 0) return true;
        p += w + (p[w] == ' ');
    }
    return false;
}

const char *const care_services[] = {"助餐",     "助浴",     "助洁",     "助行",     "助医",
                                     "生活照料", "康复护理", "精神慰藉", "代办服务", NULL};

bool care_service_known(const char *service)
{
    for (int i = 0; care_services[i]; i++)
        if (strcmp(care_services[i], service) == 0) return true;
    return false;
}

/* ---- field checks ---- */

int care_yuan_parse(const char *text, const char *field, int64_t *fen, struct mz_err *err)
{
    const char *p = text ? text : "";
    int64_t yuan = 0, cents = 0;
    int digits = 0, decimals = 0;
    for (; *p >= '0' && *p <= '9' && digits < 8; p++, digits++)
        yuan = yuan * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && decimals < 2; p++, decimals++)
            cents = cents * 10 + (*p - '0');
    if (decimals == 1) cents *= 10;
    if (!digits || *p || yuan > 1000000)
        return mz_fail_field(err, field, "invalid_value",
                             "金额应为 0 至 1000000 元，最多两位小数，实为“%.40s”",
                             text ? text : "");
    *fen = yuan * 100 + cents;
    return 0;
}

/* A whole number 0..max into *out. */
static int count_parse(const char *text, const char *field, const char *label, int64_t max,
                       int64_t *out, struct mz_err *err)
{
    char *end;
    errno = 0;
    long long v = text && *text ? strtoll(text, &end, 10) : -1;
    if (!text || !*text || *end || errno || v < 0 || v > max)
        return mz_fail_field(err, field, "invalid_value",
                             "%s应为 0 至 %" PRId64 " 的整数，实为“%.40s”", label, max,
                             text ? text : "");
    *out = v;
    return 0;
}

/* A coordinate in degrees within [lo, hi]. */
static int degrees_parse(const char *text, const char *field, const char *label, double lo,
                         double hi, const char *where, double *out, struct mz_err *err)
{
    char *end;
    double v = text && *text ? strtod(text, &end) : NAN;
    if (!text || !*text || *end || !isfinite(v) || v < lo || v > hi)
        return mz_fail_field(err, field, "invalid_value",
                             "%s应在%s范围内（%.2f 至 %.2f 度），实为“%.40s”", label, where, lo, hi,
                             text ? text : "");
    *out = v;
    return 0;
}

int care_coords_parse(const char *lon, const char *lat, const char *division, double *lonv,
                      double *latv, struct mz_err *err)
{
    bool cq = division && strncmp(division, "50", 2) == 0;
    const char *where = cq ? "重庆市" : "我国";
    if (degrees_parse(lon, "lon", "经度", cq ? 105.17 : 73.5, cq ? 110.20 : 135.1, where, lonv,
                      err) < 0 ||
        degrees_parse(lat, "lat", "纬度", cq ? 28.15 : 3.8, cq ? 32.21 : 53.6, where, latv, err) <
            0)
        return -1;
    return 0;
}

double care_distance_m(double lon1, double lat1, double lon2, double lat2)
{
    const double rad = M_PI / 180.0, earth = 6371008.8;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * earth * asin(fmin(1.0, sqrt(a)));
}

/* Checks in and fills p (all but id); the parent must exist, be of a kind
 * that may run p's kind and lie in the same county. */
static int provider_check(struct registry *r, const struct care_provider_in *in,
                          struct provider_row *p, struct mz_err *err)
{
    struct db *db = reg_db(r);
    const char *kind;
    size_t n = in->code ? strlen(in->code) : 0;
    if (!n || n > PROVIDER_MAX_CODE ||
        strspn(in->code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != n ||
        in->code[0] == '-')
        return mz_fail_field(err, "code", "invalid_value",
                             "机构编码应为 1-%d 个字母、数字或“-”（不以“-”开头），实为“%.40s”",
                             PROVIDER_MAX_CODE, in->code ? in->code : "");
    if (!in->name || !*in->name) return mz_fail_field(err, "name", "missing_field", "缺少机构名称");
    if (text_check(in->name, "name", "机构名称", PROVIDER_MAX_NAME, TEXT_NAME, err) < 0 ||
        text_check(in->address, "address", "地址", TEXT_MAX_ADDRESS, TEXT_LINE, err) < 0 ||
        care_kind_parse(in->kind, &kind, err) < 0)
        return -1;
    if (!in->division || !*in->division)
        return mz_fail_field(err, "division", "missing_field", "缺少区划代码");
    if (div_check_current(db, in->division, date_today(), "division", err) < 0) return -1;
    if (div_level_of(in->division) < 4)
        return mz_fail_field(err, "division", "invalid_value",
                             "机构所在区划应为街道/乡镇（9位）或社区/村（12位）代码，实为“%s”",
                             in->division);
    memset(p, 0, sizeof *p);
    snprintf(p->code, sizeof p->code, "%s", in->code);
    snprintf(p->name, sizeof p->name, "%s", in->name);
    snprintf(p->kind, sizeof p->kind, "%s", kind);
    snprintf(p->division, sizeof p->division, "%s", in->division);
    snprintf(p->address, sizeof p->address, "%s", in->address ? in->address : "");
    if (care_coords_parse(in->lon, in->lat, in->division, &p->lon, &p->lat, err) < 0 ||
        count_parse(in->capacity, "capacity", "床位或座位数", 100000, &p->capacity, err) < 0 ||
        count_parse(in->occupancy && *in->occupancy ? in->occupancy : "0", "occupancy", "已入住",
                    100000, &p->occupancy, err) < 0 ||
        count_parse(in->slot_capacity && *in->slot_capacity ? in->slot_capacity : "0",
                    "slot_capacity", "每时段接单数", 1000, &p->slot_capacity, err) < 0)
        return -1;
    if (p->occupancy > p->capacity)
        return mz_fail_field(err, "occupancy", "inconsistent",
                             "已入住 %" PRId64 " 超过床位或座位数 %" PRId64, p->occupancy,
                             p->capacity);
    int k = kind_index(kind);
    if (!in->parent || !*in->parent) {
        if (kinds[k].needs_parent)
            return mz_fail_field(err, "parent", "missing_field", "%s须写明运营它的上级机构编码",
                                 kinds[k].label);
        return 0;
    }
    struct provider_row parent;
    int found = pvs_provider_by_code(db, in->parent, &parent, err);
    if (found < 0) return -1;
    if (!found)
        return mz_fail_field(err, "parent", "unknown_provider", "上级机构编码“%.40s”不存在",
                             in->parent);
    if (strcmp(parent.code, p->code) == 0 || !may_run(parent.kind, kind))
        return mz_fail_field(err, "parent", "inconsistent", "%s不能由%s“%s”运营（可由：%s）",
                             kinds[k].label, care_kind_label(parent.kind), parent.name,
                             *kinds[k].parents ? kinds[k].parents : "无");
    if (strncmp(parent.division, p->division, 6) != 0)
        return mz_fail_field(err, "parent", "inconsistent", "上级机构“%s”不在同一区县",
                             parent.name);
    p->parent_id = parent.id;
    return 0;
}

/* Canonical text of a provider for audit digests. */
static void provider_text(const struct provider_row *p, char *out, size_t cap)
{
    snprintf(out, cap, "%s|%s|%s|%s|%s|%.6f|%.6f|%" PRId64 "|%" PRId64 "|%" PRId64 "|%" PRId64,
             p->code, p->name, p->kind, p->division, p->address, p->lon, p->lat, p->capacity,
             p->occupancy, p->slot_capacity, p->parent_id);
}

static int audit(struct registry *r, const char *action, int64_t id, const char *before,
                 const char *after, const char *detail, struct mz_err *err)
{
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%" PRId64, id);
    struct audit_event ev = {reg_actor(r), action, "provider", idtext, before, after, detail};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

/* Adds or updates inside the caller's transaction. */
static int provider_put_tx(struct registry *r, const struct care_provider_in *in, int64_t *id,
                           enum put_result *res, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct provider_row p, old;
    if (provider_check(r, in, &p, err) < 0) return -1;
    int found = pvs_provider_by_code(db, p.code, &old, err);
    if (found < 0)
        return -1;
    char before[1400], after[1400];
    if (!found) {
        if (pvs_provider_insert(db, &p, err) < 0) return -1;
        provider_text(&p, after, sizeof after);
        *id = p.id;
        *res = PUT_ADDED;
        return audit(r, "provider.add", p.id, NULL, after, NULL, err);
    }
    p.id = old.id;
    *id = p.id;
    provider_text(&old, before, sizeof before);
    provider_text(&p, after, sizeof after);
    if (strcmp(before, after) == 0) {
        *res = PUT_UNCHANGED;
        return 0;
    }
    int64_t children = 0;
    if (strcmp(old.kind, p.kind) != 0 && pvs_provider_children(db, p.id, &children, err) < 0)
        return -1;
    if (children)
        return mz_fail_field(err, "kind", "inconsistent",
                             "“%s”运营着 %" PRId64 " 个下属机构，不能改为%s", old.name, children,
                             care_kind_label(p.kind));
    *res = PUT_UPDATED;
    if (pvs_provider_update(db, &p, err) < 0) return -1;
    return audit(r, "provider.update", p.id, before, after, NULL, err);
}

/* Commits, or rolls back and returns -1 if rc failed. */
static int finish(struct registry *r, int rc, struct mz_err *err)
{
    if (rc == 0 && db_commit(reg_db(r), err) == 0) return 0;
    db_rollback(reg_db(r));
    return -1;
}

int care_provider_put(struct registry *r, const struct care_provider_in *in, int64_t *id,
                      enum put_result *res, struct mz_err *err)
{
    if (db_begin(reg_db(r), err) < 0) return -1;
    return finish(r, provider_put_tx(r, in, id, res, err), err);
}

/* ---- import ---- */

static const char *const columns[][2] = {
    {"code", "机构编码"},
    {"name", "机构名称"},
    {"kind", "类型"},
    {"division", "区划代码"},
    {"address", "地址"},
    {"lon", "经度"},
    {"lat", "纬度"},
    {"capacity", "床位或座位数"},
    {"occupancy", "已入住"},
    {"slot_capacity", "每时段接单数"},
    {"parent", "上级机构编码"},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])
static const bool required[NCOLUMNS] = {true, true, true,  true,  false, true,
                                        true, true, false, false, false};

/* Maps the header row onto columns (where[c] = field index or -1). */
static int read_header(struct table *t, const char *path, int where[NCOLUMNS], struct mz_err *err)
{
    for (size_t c = 0; c < NCOLUMNS; c++) {
        where[c] = -1;
        for (size_t i = 0; i < table_nfields(t); i++)
            if (strcmp(table_field(t, i), columns[c][0]) == 0 ||
                strcmp(table_field(t, i), columns[c][1]) == 0)
                where[c] = (int)i;
        if (where[c] < 0 && required[c])
            return mz_fail(err, "missing_column", "%s:%ld: 表头缺少列“%s”（%s）", path,
                           table_line(t), columns[c][1], columns[c][0]);
    }
    return 0;
}

int care_provider_import(struct registry *r, const char *path, FILE *report,
                         struct care_import_stats *st, struct mz_err *err)
{
    memset(st, 0, sizeof *st);
    struct table *t;
    if (table_open(path, &t, err) < 0) return -1;
    int where[NCOLUMNS];
    int got = table_read(t, err), rc = 0;
    long bad = 0;
    if (got <= 0) {
        table_close(t);
        return got < 0 ? -1 : mz_fail(err, "empty_file", "%s: 文件为空", path);
    }
    if (read_header(t, path, where, err) < 0 || db_begin(reg_db(r), err) < 0) {
        table_close(t);
        return -1;
    }
    while (rc == 0 && (got = table_read(t, err)) == 1) {
        if (table_nfields(t) == 1 && !*table_field(t, 0)) continue;
        const char *v[NCOLUMNS];
        for (size_t c = 0; c < NCOLUMNS; c++)
            v[c] = where[c] >= 0 ? table_field(t, (size_t)where[c]) : NULL;
        struct care_provider_in in = {v[0], v[1], v[2], v[3], v[4], v[5],
                                      v[6], v[7], v[8], v[9], v[10]};
        struct mz_err rowerr = {0};
        enum put_result res;
        int64_t id;
        st->rows++;
        if ((rc = db_savepoint(reg_db(r), err)) < 0) break;
        if (provider_put_tx(r, &in, &id, &res, &rowerr) < 0) {
            db_rollback_savepoint(reg_db(r));
            size_t c = 0;
            while (c < NCOLUMNS && strcmp(columns[c][0], rowerr.field) != 0)
                c++;
            char col[8] = "?";
            if (c < NCOLUMNS && where[c] >= 0) table_column_name((size_t)where[c], col);
            fprintf(report, "%s:%ld: 列 %s（%s）: %s\n", path, table_line(t), col,
                    c < NCOLUMNS ? columns[c][1] : "", rowerr.msg);
            bad++;
            continue;
        }
        rc = db_release(reg_db(r), err);
        st->added += res == PUT_ADDED;
        st->updated += res == PUT_UPDATED;
        st->unchanged += res == PUT_UNCHANGED;
    }
    table_close(t);
    if (rc == 0 && got < 0) rc = -1;
    if (rc == 0 && bad) rc = mz_fail(err, "bad_rows", "%s: %ld 行有误，未导入任何机构", path, bad);
    return finish(r, rc, err);
}

/* ---- catalogue, staff, accounts ---- */

/* Fails with not_found unless provider id exists; fills *p. */
static int provider_must(struct registry *r, int64_t id, struct provider_row *p, struct mz_err *err)
{
    int found = pvs_provider_get(reg_db(r), id, p, err);
    if (found == 0)
        return mz_fail_field(err, "provider", "not_found", "养老服务机构 %" PRId64 " 不存在", id);
    return found < 0 ? -1 : 0;
}

int care_service_set(struct registry *r, int64_t provider_id, const char *service,
                     const char *price, struct mz_err *err)
{
    int64_t fen, old = -1;
    struct provider_row p;
    if (!service || !care_service_known(service))
        return mz_fail_field(err, "service", "invalid_value",
                             "服务项目应为 助餐、助浴、助洁、助行、助医、生活照料、康复护理、"
                             "精神慰藉 或 代办服务，实为“%.40s”",
                             service ? service : "");
    if (care_yuan_parse(price, "price", &fen, err) < 0 || db_begin(reg_db(r), err) < 0) return -1;
    int rc = provider_must(r, provider_id, &p, err);
    if (rc == 0) rc = pvs_service_price(reg_db(r), provider_id, service, &old, err) < 0 ? -1 : 0;
    if (rc == 0 && old != fen) {
        char before[96], after[96];
        snprintf(before, sizeof before, "%s|%" PRId64, service, old);
        snprintf(after, sizeof after, "%s|%" PRId64, service, fen);
        rc = pvs_service_put(reg_db(r), provider_id, service, fen, err);
        if (rc == 0)
            rc = audit(r, "provider.service", provider_id, old < 0 ? NULL : before, after, service,
                       err);
    }
    return finish(r, rc, err);
}

int care_service_remove(struct registry *r, int64_t provider_id, const char *service,
                        struct mz_err *err)
{
    bool removed = false;
    if (db_begin(reg_db(r), err) < 0) return -1;
    int rc = pvs_service_remove(reg_db(r), provider_id, service ? service : "", &removed, err);
    if (rc == 0 && !removed)
        rc = mz_fail_field(err, "service", "not_found", "机构 %" PRId64 " 没有服务项目“%.40s”",
                           provider_id, service ? service : "");
    if (rc == 0) rc = audit(r, "provider.service_remove", provider_id, service, NULL, service, err);
    return finish(r, rc, err);
}

int care_worker_add(struct registry *r, int64_t provider_id, const char *name, int64_t *worker_id,
                    struct mz_err *err)
{
    if (!name || !*name) return mz_fail_field(err, "name", "missing_field", "缺少服务人员姓名");
    if (text_check(name, "name", "服务人员姓名", TEXT_MAX_NAME, TEXT_NAME, err) < 0 ||
        db_begin(reg_db(r), err) < 0)
        return -1;
    struct provider_row p;
    bool added = false;
    int rc = provider_must(r, provider_id, &p, err);
    if (rc == 0) rc = pvs_worker_add(reg_db(r), provider_id, name, worker_id, &added, err);
    if (rc == 0 && added) rc = audit(r, "provider.worker", provider_id, NULL, name, NULL, err);
    return finish(r, rc, err);
}

int care_provider_open(const struct provider_row *p, const char *day, const char *field,
                       struct mz_err *err)
{
    if (!p->closed_on[0] || strcmp(day, p->closed_on) < 0) return 0;
    return mz_fail_field(err, field, "provider_closed",
                         "“%s”已于 %s 关闭（%s），不再接单、签到或供餐", p->name, p->closed_on,
                         p->closed_reason);
}

int care_provider_close(struct registry *r, int64_t provider_id, const char *day,
                        const char *reason, struct mz_err *err)
{
    if (!day || date_parse(day) == MZ_DATE_NONE || strlen(day) != 10)
        return mz_fail_field(err, "date", "invalid_date", "关闭日期应为 YYYY-MM-DD，实为“%.20s”",
                             day ? day : "");
    if (!reason || !*reason) return mz_fail_field(err, "reason", "missing_field", "缺少关闭原因");
    if (text_check(reason, "reason", "关闭原因", TEXT_MAX_NOTE, TEXT_LINE, err) < 0 ||
        db_begin(reg_db(r), err) < 0)
        return -1;
    struct provider_row p;
    bool closed = false;
    int rc = provider_must(r, provider_id, &p, err);
    if (rc == 0) rc = care_provider_open(&p, "9999-12-31", "provider", err);
    if (rc == 0) rc = pvs_provider_close(reg_db(r), provider_id, day, reason, &closed, err);
    if (rc == 0 && !closed)
        rc = mz_fail_field(err, "provider", "provider_closed", "“%s”已关闭", p.name);
    char after[TEXT_BYTES(TEXT_MAX_NOTE) + 16];
    snprintf(after, sizeof after, "%s|%s", day, reason);
    if (rc == 0) rc = audit(r, "provider.close", provider_id, NULL, after, reason, err);
    return finish(r, rc, err);
}

int care_provider_bind(struct registry *r, const char *account, int64_t provider_id,
                       struct mz_err *err)
{
    struct provider_row p;
    if (provider_must(r, provider_id, &p, err) < 0) return -1;
    return auth_user_bind_provider(r, reg_actor(r), account, provider_id, err);
}
