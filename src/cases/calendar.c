/* The working-day calendar (calendar.h): a per-day table over the known
 * years, loaded from the database, the statutory fallback for the years
 * after them, and the import of holiday files. */
#include "cases/calendar.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "cases/statutory.h"
#include "io/table.h"
#include "store/casestore.h"

enum { DAY_USUAL = 0, DAY_HOLIDAY = 1, DAY_WORKDAY = 2 };
enum { YEAR_UNKNOWN = 0, YEAR_OFFICIAL, YEAR_STATUTORY };

struct cal {
    int first_year, last_year; /* imported years */
    int end_year;              /* last year of the table: last_year + CAL_FALLBACK_YEARS */
    unsigned char *year;       /* [end_year - first_year + 1]: YEAR_* */
    mz_date base;              /* first_year-01-01 */
    int ndays;
    unsigned char *kind; /* [ndays]: DAY_* */
};

void cal_free(struct cal *cal)
{
    if (!cal)
        return;
    mz_free(cal->year);
    mz_free(cal->kind);
    mz_free(cal);
}

int cal_first_year(const struct cal *cal)
{
    return cal->first_year;
}

int cal_last_year(const struct cal *cal)
{
    return cal->last_year;
}

static int year_of(mz_date day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return y;
}

static int year_state(const struct cal *cal, int y)
{
    if (!cal->first_year || y < cal->first_year || y > cal->end_year)
        return YEAR_UNKNOWN;
    return cal->year[y - cal->first_year];
}

/* Index of day in cal->kind, or -1 with a message if its year is unknown. */
static int day_index(const struct cal *cal, mz_date day, struct mz_err *err)
{
    int y = year_of(day);
    if (year_state(cal, y) != YEAR_UNKNOWN)
        return day - cal->base;
    char text[11];
    date_format(day, text);
    if (!cal->first_year)
        return mz_fail(err, "calendar_unknown_year",
                       "工作日历为空：无法计算 %s 的工作日（请先 mz calendar import 节假日安排文件）",
                       text);
    return mz_fail(err, "calendar_unknown_year",
                   "工作日历不含 %d 年（已导入 %d–%d 年，按法定节假日推算至多到 %d 年），"
                   "无法计算 %s 是否为工作日；"
                   "请用 mz calendar import 导入国务院办公厅公布的 %d 年节假日安排",
                   y, cal->first_year, cal->last_year, cal->end_year, text, y);
}

bool cal_provisional(const struct cal *cal, mz_date from, mz_date to)
{
    if (from == MZ_DATE_NONE || to == MZ_DATE_NONE)
        return false;
    int lo = year_of(from < to ? from : to), hi = year_of(from < to ? to : from);
    for (int y = lo; y <= hi; y++)
        if (year_state(cal, y) == YEAR_STATUTORY)
            return true;
    return false;
}

static bool kind_is_working(const struct cal *cal, mz_date day, int i)
{
    if (cal->kind[i] == DAY_HOLIDAY)
        return false;
    return cal->kind[i] == DAY_WORKDAY || date_weekday(day) <= 5;
}

int cal_is_working_day(const struct cal *cal, mz_date day, bool *out, struct mz_err *err)
{
    int i = day_index(cal, day, err);
    if (i < 0)
        return -1;
    *out = kind_is_working(cal, day, i);
    return 0;
}

int cal_add_working_days(const struct cal *cal, mz_date from, int n, mz_date *out,
                         struct mz_err *err)
{
    mz_date d = from;
    for (int left = n; left > 0;) {
        d++;
        int i = day_index(cal, d, err);
        if (i < 0)
            return -1;
        left -= kind_is_working(cal, d, i);
    }
    *out = d;
    return 0;
}

int cal_working_days_between(const struct cal *cal, mz_date from, mz_date to, int *out,
                             struct mz_err *err)
{
    mz_date lo = from < to ? from : to, hi = from < to ? to : from;
    int n = 0;
    for (mz_date d = lo + 1; d <= hi; d++) {
        int i = day_index(cal, d, err);
        if (i < 0)
            return -1;
        n += kind_is_working(cal, d, i);
    }
    *out = from <= to ? n : -n;
    return 0;
}

/* ---- loading ----------------------------------------------------------- */

struct load_state {
    struct cal *cal;
    int *years;
    size_t nyears, cap;
    bool failed;
};

static int load_year(void *ctx, int year)
{
    struct load_state *ls = ctx;
    if (mz_grow(&ls->years, &ls->cap, ls->nyears + 1, sizeof *ls->years) < 0)
        return ls->failed = true, -1;
    ls->years[ls->nyears++] = year;
    return 0;
}

/* Sizes the day table for the years read (ordered) once they are known:
 * the imported years and the fallback years after them. */
static int load_alloc(struct load_state *ls)
{
    struct cal *cal = ls->cal;
    if (cal->kind || !ls->nyears)
        return 0;
    cal->first_year = ls->years[0];
    cal->last_year = ls->years[ls->nyears - 1];
    cal->end_year = cal->last_year + CAL_FALLBACK_YEARS;
    cal->base = date_from_ymd(cal->first_year, 1, 1);
    cal->ndays = date_from_ymd(cal->end_year + 1, 1, 1) - cal->base;
    cal->year = mz_calloc((size_t)(cal->end_year - cal->first_year + 1), sizeof *cal->year);
    cal->kind = mz_calloc((size_t)cal->ndays, 1);
    if (!cal->year || !cal->kind)
        return ls->failed = true, -1;
    for (size_t i = 0; i < ls->nyears; i++)
        cal->year[ls->years[i] - cal->first_year] = YEAR_OFFICIAL;
    return 0;
}

/* Marks the statutory holidays of every year of the table that has no
 * imported arrangement and is governed by the current rules. */
static int fill_statutory(struct cal *cal, struct mz_err *err)
{
    if (!cal->first_year)
        return 0;
    for (int y = cal->first_year; y <= cal->end_year; y++) {
        if (cal->year[y - cal->first_year] != YEAR_UNKNOWN || y < STATUTORY_FIRST_YEAR)
            continue;
        struct statutory_day days[STATUTORY_NDAYS];
        if (statutory_holidays(y, days, err) < 0)
            return -1;
        for (int i = 0; i < STATUTORY_NDAYS; i++)
            cal->kind[days[i].day - cal->base] = DAY_HOLIDAY;
        cal->year[y - cal->first_year] = YEAR_STATUTORY;
    }
    return 0;
}

static int load_day(void *ctx, mz_date day, bool is_workday)
{
    struct load_state *ls = ctx;
    if (load_alloc(ls) < 0)
        return -1;
    int i = day - ls->cal->base;
    if (i >= 0 && i < ls->cal->ndays)
        ls->cal->kind[i] = is_workday ? DAY_WORKDAY : DAY_HOLIDAY;
    return 0;
}

static int load_from_db(struct db *db, struct cal **out, struct mz_err *err)
{
    struct load_state ls = {.cal = mz_calloc(1, sizeof(struct cal))};
    if (!ls.cal)
        return mz_fail(err, "out_of_memory", "内存不足");
    int rc = cs_cal_scan(db, load_year, load_day, &ls, err);
    if (rc == 0)
        rc = load_alloc(&ls);
    if (ls.failed)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0)
        rc = fill_statutory(ls.cal, err);
    mz_free(ls.years);
    if (rc != 0) {
        cal_free(ls.cal);
        return -1;
    }
    *out = ls.cal;
    return 0;
}

int cal_load(struct db *db, const struct vault *v, const char *actor, const char *shipped,
             struct cal **out, struct mz_err *err)
{
    *out = NULL;
    struct cal *cal;
    if (load_from_db(db, &cal, err) < 0)
        return -1;
    if (cal->first_year || !shipped) {
        *out = cal;
        return 0;
    }
    cal_free(cal);
    if (cal_import(db, v, actor, shipped, NULL, NULL, err) < 0)
        return -1;
    return load_from_db(db, out, err);
}

/* ---- import ------------------------------------------------------------ */

struct listed_day {
    mz_date day;
    bool is_workday;
    char name[64];
};

struct import_rows {
    struct listed_day *days;
    size_t n, cap;
    int years[64];
    int nyears;
};

static int note_year(struct import_rows *rows, int year, const char *path, long line,
                     struct mz_err *err)
{
    for (int i = 0; i < rows->nyears; i++)
        if (rows->years[i] == year)
            return 0;
    if (rows->nyears == (int)(sizeof rows->years / sizeof rows->years[0]))
        return mz_fail(err, "calendar_file", "%s:%ld: 文件涉及的年份过多（至多 64 个）", path,
                       line);
    rows->years[rows->nyears++] = year;
    return 0;
}

/* Checks one record `date,kind,name` and appends it. */
static int read_row(struct table *t, struct import_rows *rows, const char *path,
                    struct mz_err *err)
{
    long line = table_line(t);
    const char *text = table_field(t, 0), *kind = table_field(t, 1);
    mz_date day = date_parse(text);
    if (day == MZ_DATE_NONE)
        return mz_fail_field(err, "date", "calendar_file", "%s:%ld: 日期“%s”无效，应为 YYYY-MM-DD",
                             path, line, text);
    bool is_workday = strcmp(kind, "workday") == 0;
    if (!is_workday && strcmp(kind, "holiday") != 0)
        return mz_fail_field(err, "kind", "calendar_file",
                             "%s:%ld: 类别“%s”无效，应为 holiday（放假）或 workday（调休上班）",
                             path, line, kind);
    if (is_workday && date_weekday(day) <= 5)
        return mz_fail_field(err, "kind", "calendar_file",
                             "%s:%ld: %s 是星期%s，本就是工作日，不能列为调休上班日", path,
                             line, text, (const char *[]){"一", "二", "三", "四", "五"}[date_weekday(day) - 1]);
    for (size_t i = 0; i < rows->n; i++)
        if (rows->days[i].day == day)
            return mz_fail_field(err, "date", "calendar_file", "%s:%ld: 日期 %s 重复出现", path,
                                 line, text);
    int y, m, d, this_year;
    date_to_ymd(day, &y, &m, &d);
    date_to_ymd(date_today(), &this_year, &m, &d);
    if (y < CAL_FIRST_YEAR || y > this_year + 1)
        return mz_fail_field(err, "date", "calendar_file",
                             "%s:%ld: 日期 %s 的年份超出范围：节假日安排自 %d 年起每年公布，"
                             "至多提前一年（%d–%d）",
                             path, line, text, CAL_FIRST_YEAR, CAL_FIRST_YEAR, this_year + 1);
    if (note_year(rows, y, path, line, err) < 0)
        return -1;
    if (mz_grow(&rows->days, &rows->cap, rows->n + 1, sizeof *rows->days) < 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    struct listed_day *ld = &rows->days[rows->n++];
    ld->day = day;
    ld->is_workday = is_workday;
    snprintf(ld->name, sizeof ld->name, "%s", table_field(t, 2));
    return 0;
}

static int read_file(const char *path, struct import_rows *rows, struct mz_err *err)
{
    struct table *t;
    if (table_open(path, &t, err) < 0)
        return -1;
    bool header = false;
    int rc;
    while ((rc = table_read(t, err)) == 1) {
        const char *first = table_field(t, 0);
        if (first[0] == '#' || (table_nfields(t) == 1 && !first[0]))
            continue;
        if (!header) {
            if (strcmp(first, "date") != 0 || strcmp(table_field(t, 1), "kind") != 0) {
                rc = mz_fail(err, "calendar_file",
                             "%s:%ld: 表头应为 date,kind,name，实为“%s,%s”", path,
                             table_line(t), first, table_field(t, 1));
                break;
            }
            header = true;
            continue;
        }
        if ((rc = read_row(t, rows, path, err)) < 0)
            break;
    }
    table_close(t);
    if (rc < 0)
        return -1;
    if (!rows->n)
        return mz_fail(err, "calendar_file", "%s: 没有任何节假日记录", path);
    return 0;
}

static int store_rows(struct db *db, const struct vault *v, const char *actor, const char *path,
                      const struct import_rows *rows, struct mz_err *err)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char years[64 * 6] = "";
    for (int i = 0; i < rows->nyears; i++) {
        if (cs_cal_year_reset(db, rows->years[i], base, err) < 0)
            return -1;
        snprintf(years + strlen(years), sizeof years - strlen(years), "%s%d", i ? "," : "",
                 rows->years[i]);
    }
    for (size_t i = 0; i < rows->n; i++)
        if (cs_cal_day_put(db, rows->days[i].day, rows->days[i].is_workday ? "workday" : "holiday",
                           rows->days[i].name, err) < 0)
            return -1;
    char detail[512];
    snprintf(detail, sizeof detail, "%s: %zu 天", base, rows->n);
    struct audit_event ev = {actor, "calendar.import", "calendar", years, NULL, NULL, detail};
    return audit_append(db, v, &ev, err);
}

int cal_import_tx(struct db *db, const struct vault *v, const char *actor, const char *path,
                  int *nyears, int *ndays, struct mz_err *err)
{
    struct import_rows rows = {0};
    int rc = read_file(path, &rows, err);
    if (rc == 0)
        rc = store_rows(db, v, actor, path, &rows, err);
    if (rc == 0 && nyears)
        *nyears = rows.nyears;
    if (rc == 0 && ndays)
        *ndays = (int)rows.n;
    mz_free(rows.days);
    return rc;
}

int cal_import(struct db *db, const struct vault *v, const char *actor, const char *path,
               int *nyears, int *ndays, struct mz_err *err)
{
    if (db_begin(db, err) < 0)
        return -1;
    if (cal_import_tx(db, v, actor, path, nyears, ndays, err) < 0 || db_commit(db, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}
