/* 统一社会信用代码 (GB 32100-2015): 18 characters of
 * "0123456789ABCDEFGHJKLMNPQRTUWXY"; 1 the registering department (5 民政),
 * 2 the type (for 民政: 1 社会团体, 2 民办非企业单位, 3 基金会, 9 other),
 * 3–8 the division, 9–17 the organization code, 18 a check character
 * (weights 3^(i−1) mod 31, C18 = 31 − (Σ mod 31), 31 → 0). */
#ifndef MZ_ORG_USCC_H
#define MZ_ORG_USCC_H

#include "base/err.h"

/* Checks code; when type is not 0 the code must also be a 民政 code
 * (first character 5) of that type character ('1', '2', '3').
 * Fails on field "uscc" with a Chinese message naming the position and
 * character at fault: invalid_value (length, a character outside the
 * set), wrong_check (the check character, naming the expected one),
 * wrong_type (the department or type digit). */
int uscc_check(const char *code, char type, struct mz_err *err);

/* The check character of the first 17 characters of code ('?' if one of
 * them is outside the set). */
char uscc_check_char(const char *code17);

#endif
