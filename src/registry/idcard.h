/* Resident identity card numbers (GB 11643-1999): 6-digit address code,
 * 8-digit birth date, 3-digit sequence (odd = male, even = female) and a
 * check character computed with weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2
 * (sum mod 11 indexes "10X98765432"). */
#ifndef MZ_IDCARD_H
#define MZ_IDCARD_H

#include "base/date.h"
#include "base/err.h"

enum { SEX_MALE = 1, SEX_FEMALE = 2 };

struct idcard {
    char number[19]; /* normalised: upper-case X */
    char address[7];
    mz_date birth;
    int sex; /* SEX_MALE or SEX_FEMALE */
};

/* Validates an 18-character ID number (a lower-case x is accepted and
 * normalised) and fills *out. On failure writes a Chinese message naming
 * the problem (length, characters, birth date, check digit) to err. */
int idcard_parse(const char *s, struct idcard *out, struct mz_err *err);

/* The check character for the first 17 digits of an ID number. */
char idcard_check_char(const char *first17);

/* Writes a masked form for lists and messages: first 6 and last 4
 * characters kept, "500103********123X"; anything but 18 ASCII characters
 * becomes "******" (out needs 19 bytes). */
void idcard_mask(const char *number, char *out);

#endif
