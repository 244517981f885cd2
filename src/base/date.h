/* Civil dates (Asia/Shanghai calendar days) as a count of days since
 * 1970-01-01, so that date arithmetic is integer arithmetic. Months are
 * the unit of benefit periods. */
#ifndef MZ_DATE_H
#define MZ_DATE_H

#include <stdbool.h>

#include "base/err.h"

typedef int mz_date; /* days since 1970-01-01; MZ_DATE_NONE if absent */
#define MZ_DATE_NONE (-2147483647 - 1)

/* The day number of year-month-day, or MZ_DATE_NONE if no such day exists. */
mz_date date_from_ymd(int year, int month, int day);

/* Splits a day number into year, month (1-12) and day (1-31). */
void date_to_ymd(mz_date d, int *year, int *month, int *day);

/* Parses "YYYY-MM-DD" (exactly) or "YYYYMMDD"; returns MZ_DATE_NONE if the
 * text is not a real calendar date. */
mz_date date_parse(const char *s);

/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(mz_date d, char *out);

/* Whole years of age on day `at` for someone born on `birth`: the birthday
 * itself counts (born 2000-03-01 is 10 on 2010-03-01). 29 February birthdays
 * are reached on 1 March in common years. */
int date_age(mz_date birth, mz_date at);

/* 1 = Monday ... 7 = Sunday. */
int date_weekday(mz_date d);

/* Today in Asia/Shanghai (UTC+8, no daylight saving), or the day in
 * MZ_TODAY (YYYY-MM-DD) when it is set: rehearsals and tests that replay
 * dated work set the clock there. */
mz_date date_today(void);

/* No date the system records lies before this year. */
#define DATE_FIRST_YEAR 1900

/* Facts may take effect up to this many days after today: changes
 * announced in advance (a pension rise from next month, a disability
 * certificate dated from its issue). */
#define DATE_FACT_AHEAD_DAYS 92

/* Checks a date given as input: not before DATE_FIRST_YEAR-01-01 and not
 * after latest. Fails (-1) with invalid_value on field, the label and the
 * bound in the message. */
int date_check(mz_date d, mz_date latest, const char *field, const char *label,
               struct mz_err *err);

bool date_is_leap(int year);

#endif
