/* The working-day calendar: official holidays and adjusted working days
 * (调休) as data, per year, kept in the database so later years can be
 * added (`mz calendar import FILE`). A day is a working day when it is
 * Monday to Friday and not a listed holiday, or when it is listed as a
 * working day.
 *
 * A year whose arrangement has not been imported yet (the State Council
 * publishes it in November or December) is counted on the statutory
 * holidays alone (statutory.h: 元旦, 春节 4 days, 清明, 劳动节 2 days,
 * 端午, 中秋, 国庆 3 days), without the moved weekends and adjusted
 * working days the notice will add. Such a count is provisional, and
 * says so: cal_provisional tells whether a span touches such a year.
 * Importing the year's file replaces the fallback. The fallback covers
 * the years from STATUTORY_FIRST_YEAR (2025, when the present rules took
 * effect) up to CAL_FALLBACK_YEARS after the last imported year; any
 * other year without an imported arrangement is refused, naming the year
 * to import.
 *
 * File format (data/holidays-cn.csv): lines starting with '#' are
 * comments; header `date,kind,name`; kind is `holiday` (a day off) or
 * `workday` (a Saturday or Sunday that is worked). Every year that occurs
 * in a file is known afterwards, and importing a year replaces it. */
#ifndef MZ_CALENDAR_H
#define MZ_CALENDAR_H

#include <stdbool.h>

#include "base/date.h"
#include "base/err.h"
#include "store/db.h"

struct cal;
struct vault;

/* Reads a holiday file and stores it, replacing the years it covers, with
 * one audit entry, in one transaction. *nyears and *ndays (may be NULL)
 * receive what was stored. Fails naming the file, line and value at fault;
 * nothing is stored then. */
int cal_import(struct db *db, const struct vault *v, const char *actor, const char *path,
               int *nyears, int *ndays, struct mz_err *err);
/* The same inside the caller's transaction, for an import that changes
 * other records with it (case_calendar_import recounts the deadlines of
 * open cases); on failure the caller rolls back. */
int cal_import_tx(struct db *db, const struct vault *v, const char *actor, const char *path,
                  int *nyears, int *ndays, struct mz_err *err);

/* Loads the calendar from the database. If it knows no year yet and
 * shipped is not NULL, imports that file first (first use). The caller
 * frees with cal_free. */
int cal_load(struct db *db, const struct vault *v, const char *actor, const char *shipped,
             struct cal **out, struct mz_err *err);
void cal_free(struct cal *cal);

/* The first year of a holiday file: the State Council has published the
 * year's arrangement since 2000 (全国年节及纪念日放假办法, 1999). A file
 * may reach at most one year past today's. */
#define CAL_FIRST_YEAR 2000

/* Years counted on the statutory holidays after the last imported year. */
#define CAL_FALLBACK_YEARS 2

/* First and last imported year (a year in between may be missing: it is
 * then counted like any other year without an arrangement). */
int cal_first_year(const struct cal *cal);
int cal_last_year(const struct cal *cal);

/* Whether any day from `from` to `to` (in either order) lies in a year
 * counted on the statutory holidays alone: a deadline or a count over
 * that span is provisional and may move when the year's arrangement is
 * imported. False if either day is MZ_DATE_NONE. */
bool cal_provisional(const struct cal *cal, mz_date from, mz_date to);

/* How a provisional count is marked for people. */
#define CAL_PROVISIONAL_NOTE "按法定节假日推算，未含调休"

/* Whether day is a working day; fails if its year is unknown. */
int cal_is_working_day(const struct cal *cal, mz_date day, bool *out, struct mz_err *err);

/* The n-th working day after `from` (from itself does not count; n >= 0,
 * n = 0 gives from): the deadline day of "within n working days". */
int cal_add_working_days(const struct cal *cal, mz_date from, int n, mz_date *out,
                         struct mz_err *err);

/* Working days after `from` up to and including `to`; negative (the count
 * from `to` to `from`, negated) when to is before from. */
int cal_working_days_between(const struct cal *cal, mz_date from, mz_date to, int *out,
                             struct mz_err *err);

#endif
