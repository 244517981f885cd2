/* Civil date arithmetic on day numbers (Howard Hinnant's days_from_civil
 * algorithm), valid for the proleptic Gregorian calendar. */
#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

mz_date date_from_ymd(int y, int m, int d)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
        return MZ_DATE_NONE;
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(mz_date z, int *year, int *month, int *day)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (m <= 2);
    *month = m;
    *day = d;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

mz_date date_parse(const char *s)
{
    size_t len = strlen(s);
    int y, m, d;
    if (len == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    } else if (len == 8) {
        y = digits(s, 4), m = digits(s + 4, 2), d = digits(s + 6, 2);
    } else {
        return MZ_DATE_NONE;
    }
    if (y < 0 || m < 0 || d < 0)
        return MZ_DATE_NONE;
    return date_from_ymd(y, m, d);
}

void date_format(mz_date d, char *out)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
}

int date_age(mz_date birth, mz_date at)
{
    int by, bm, bd, ay, am, ad;
    date_to_ymd(birth, &by, &bm, &bd);
    date_to_ymd(at, &ay, &am, &ad);
    int age = ay - by;
    if (am < bm || (am == bm && ad < bd))
        age--;
    return age;
}

int date_weekday(mz_date d)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (d % 7 + 7 + 3) % 7;
    return w + 1;
}

mz_date date_today(void)
{
    const char *set = getenv("MZ_TODAY");
    mz_date d = set ? date_parse(set) : MZ_DATE_NONE;
    if (d != MZ_DATE_NONE)
        return d;
    time_t now = time(NULL) + 8 * 3600;
    return (mz_date)(now / 86400);
}

int date_check(mz_date d, mz_date latest, const char *field, const char *label,
               struct mz_err *err)
{
    char text[11], bound[11];
    date_format(d, text);
    if (d < date_from_ymd(DATE_FIRST_YEAR, 1, 1))
        return mz_fail_field(err, field, "invalid_value", "%s %s 早于 %d 年，不是可能的日期", label,
                             text, DATE_FIRST_YEAR);
    date_format(latest, bound);
    if (d > latest)
        return mz_fail_field(err, field, "invalid_value", "%s %s 晚于 %s%s", label, text, bound,
                             latest == date_today() ? "（今天）" : "");
    return 0;
}
