/* The statutory public holidays (statutory.h): ICU's Chinese calendar for
 * the lunar months, and the Sun and the new moon from Meeus's series. */
#include "cases/statutory.h"

#include <math.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#define DEG (M_PI / 180.0)
#define UNIX_JD 2440587.5         /* Julian day of 1970-01-01 00:00 UTC */
#define CHINA_OFFSET (8.0 / 24.0) /* UTC+8, in days */
#define DELTA_T (69.0 / 86400.0)  /* TT − UT in the 2020s, in days */
#define MS_DAY 86400000.0

/* Julian day (UT) of 00:00 China time on day d. */
static double china_midnight(mz_date d)
{
    return UNIX_JD + d - CHINA_OFFSET;
}

/* China-time day of the moment jd (UT). */
static mz_date china_day(double jd)
{
    return (mz_date)floor(jd - UNIX_JD + CHINA_OFFSET);
}

/* The Sun's apparent longitude in degrees at jd (UT); Meeus ch. 25,
 * accurate to about 0.01°. */
static double sun_longitude(double jd)
{
    double t = (jd + DELTA_T - 2451545.0) / 36525.0;
    double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    double m = (357.52911 + 35999.05029 * t - 0.0001537 * t * t) * DEG;
    double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) +
               (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m);
    double omega = (125.04 - 1934.136 * t) * DEG;
    double l = fmod(l0 + c - 0.00569 - 0.00478 * sin(omega), 360.0);
    return l < 0 ? l + 360.0 : l;
}

/* The day of 清明 in year: the Sun's longitude reaches 15° during it. */
static mz_date qingming(int year)
{
    mz_date d = date_from_ymd(year, 4, 1);
    while (sun_longitude(china_midnight(d + 1)) < 15.0)
        d++;
    return d;
}

/* The moment (UT) of new moon number k (k = 0 in January 2000); Meeus
 * ch. 49, accurate to well under a minute. */
static double new_moon(double k)
{
    double t = k / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
    double jde =
        2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
    double e = 1 - 0.002516 * t - 0.0000074 * t2;
    double m = (2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3) * DEG;
    double mp =
        (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4) * DEG;
    double f =
        (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4) * DEG;
    double om = (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3) * DEG;
    jde += -0.40720 * sin(mp) + 0.17241 * e * sin(m) + 0.01608 * sin(2 * mp) +
           0.01039 * sin(2 * f) + 0.00739 * e * sin(mp - m) - 0.00514 * e * sin(mp + m) +
           0.00208 * e * e * sin(2 * m) - 0.00111 * sin(mp - 2 * f) - 0.00057 * sin(mp + 2 * f) +
           0.00056 * e * sin(2 * mp + m) - 0.00042 * sin(3 * mp) + 0.00042 * e * sin(m + 2 * f) +
           0.00038 * e * sin(m - 2 * f) - 0.00024 * e * sin(2 * mp - m) - 0.00017 * sin(om) -
           0.00007 * sin(mp + 2 * m) + 0.00004 * sin(2 * mp - 2 * f) + 0.00004 * sin(3 * m) +
           0.00003 * sin(mp + m - 2 * f) + 0.00003 * sin(2 * mp + 2 * f) -
           0.00003 * sin(mp + m + 2 * f) + 0.00003 * sin(mp - m + 2 * f) -
           0.00002 * sin(mp - m - 2 * f) - 0.00002 * sin(3 * mp + m) + 0.00002 * sin(4 * mp);
    static const double planet[14][3] = {
        {299.77, 0.107408, 0.000325},  {251.88, 0.016321, 0.000165}, {251.83, 26.651886, 0.000164},
        {349.42, 36.412478, 0.000126}, {84.66, 18.206239, 0.000110}, {141.74, 53.303771, 0.000062},
        {207.14, 2.453732, 0.000060},  {154.84, 7.306860, 0.000056}, {34.52, 27.261239, 0.000047},
        {207.19, 0.121824, 0.000042},  {291.34, 1.844379, 0.000040}, {161.72, 24.198154, 0.000037},
        {239.56, 25.513099, 0.000035}, {331.55, 3.592518, 0.000023},
    };
    for (int i = 0; i < 14; i++) {
        double a = planet[i][0] + planet[i][1] * k - (i == 0 ? 0.009173 * t2 : 0);
        jde += planet[i][2] * sin(a * DEG);
    }
    return jde - DELTA_T;
}

/* The first day (初一) of the lunation that contains day d. */
static mz_date lunation_start(mz_date d)
{
    double k = floor((china_midnight(d + 1) - 2451550.09766) / 29.530588861) + 1;
    while (china_day(new_moon(k)) > d)
        k--;
    return china_day(new_moon(k));
}

/* Day `day` of lunar month `month` (not leap) of the Chinese year that
 * begins in Gregorian year `year`. ICU places the middle of the month,
 * which is never at stake; the new moon fixes its first day. */
static int lunar_day(UCalendar *cal, int year, int month, int day, mz_date *out, struct mz_err *err)
{
    UErrorCode e = U_ZERO_ERROR;
    ucal_setMillis(cal, (date_from_ymd(year, 3, 1) + 0.5 - CHINA_OFFSET) * MS_DAY, &e);
    ucal_set(cal, UCAL_MONTH, month - 1);
    ucal_set(cal, UCAL_IS_LEAP_MONTH, 0);
    ucal_set(cal, UCAL_DATE, 15);
    double ms = ucal_getMillis(cal, &e);
    if (U_FAILURE(e))
        return mz_fail(err, "icu_error", "ICU 农历计算失败（%d 年农历%d月）：%s", year, month,
                       u_errorName(e));
    *out = lunation_start(china_day(UNIX_JD + ms / MS_DAY)) + day - 1;
    return 0;
}

int statutory_holidays(int year, struct statutory_day out[STATUTORY_NDAYS], struct mz_err *err)
{
    if (year < STATUTORY_FIRST_YEAR)
        return mz_fail(err, "calendar_unknown_year",
                       "%d 年适用修订前的放假办法，无法按现行法定节假日推算", year);
    UErrorCode e = U_ZERO_ERROR;
    UChar zone[16];
    u_uastrcpy(zone, "Asia/Shanghai");
    UCalendar *cal = ucal_open(zone, -1, "@calendar=chinese", UCAL_DEFAULT, &e);
    if (U_FAILURE(e)) return mz_fail(err, "icu_error", "无法打开 ICU 农历：%s", u_errorName(e));
    mz_date spring, dragon, autumn;
    int rc = 0;
    if (lunar_day(cal, year, 1, 1, &spring, err) < 0 ||
        lunar_day(cal, year, 5, 5, &dragon, err) < 0 ||
        lunar_day(cal, year, 8, 15, &autumn, err) < 0)
        rc = -1;
    ucal_close(cal);
    if (rc < 0) return -1;
    int n = 0;
    out[n++] = (struct statutory_day){date_from_ymd(year, 1, 1), "元旦"};
    for (int i = -1; i <= 2; i++)
        out[n++] = (struct statutory_day){spring + i, "春节"};
    out[n++] = (struct statutory_day){qingming(year), "清明节"};
    for (int i = 1; i <= 2; i++)
        out[n++] = (struct statutory_day){date_from_ymd(year, 5, i), "劳动节"};
    out[n++] = (struct statutory_day){dragon, "端午节"};
    out[n++] = (struct statutory_day){autumn, "中秋节"};
    for (int i = 1; i <= 3; i++)
        out[n++] = (struct statutory_day){date_from_ymd(year, 10, i), "国庆节"};
    return 0;
}
