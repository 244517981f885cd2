/* The statutory public holidays of 《全国年节及纪念日放假办法》 as revised in
 * 2024 (in force from 2025-01-01), computed for a year: 元旦 1 January;
 * 春节 除夕 and 正月初一 to 初三; 清明节 the day of the 清明 solar term;
 * 劳动节 1–2 May; 端午节 五月初五; 中秋节 八月十五; 国庆节 1–3 October.
 * These are the days the law fixes; the State Council's yearly notice adds
 * the moved weekends and adjusted working days (调休), which cannot be
 * computed. The working-day calendar (calendar.h) falls back to these days
 * for a year whose notice has not been imported.
 *
 * Lunar dates are China-time days (UTC+8): ICU's Chinese calendar says
 * which lunation is 正月, 五月 or 八月 (its leap-month rules), and the day
 * the lunation begins is the day of its new moon computed to within a
 * minute (Meeus, Astronomical Algorithms ch. 49), since ICU's own new
 * moon can be minutes late and fall on the next day (2027-02-06 23:56 is
 * 正月初一, ICU 72 says 2027-02-07). 清明 is the day the Sun's apparent
 * longitude reaches 15° (Meeus ch. 25, within about 15 minutes; ICU does
 * not expose solar terms). */
#ifndef MZ_STATUTORY_H
#define MZ_STATUTORY_H

#include "base/date.h"
#include "base/err.h"

/* The first year the 2024 revision governs; earlier years had other rules
 * (春节 初一 to 初三 only, 劳动节 one day). */
#define STATUTORY_FIRST_YEAR 2025

/* Statutory holidays a year (13 days; 中秋 may coincide with 国庆). */
#define STATUTORY_NDAYS 13

struct statutory_day {
    mz_date day;
    const char *name; /* "元旦", "春节", ... */
};

/* The statutory holidays of year (>= STATUTORY_FIRST_YEAR), in the order
 * of the law. Fails if ICU cannot compute the lunar dates. */
int statutory_holidays(int year, struct statutory_day out[STATUTORY_NDAYS], struct mz_err *err);

#endif
