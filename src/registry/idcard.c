/* GB 11643-1999 resident ID numbers. */
#include "registry/idcard.h"

#include <stdbool.h>
#include <string.h>

char idcard_check_char(const char *first17)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * weights[i];
    return "10X98765432"[sum % 11];
}

/* Messages show the number masked, and never the check character it
 * should have had: a rejected number is still somebody's personal data,
 * and the right check digit would complete a guessed one. */
int idcard_parse(const char *s, struct idcard *out, struct mz_err *err)
{
    size_t len = strlen(s);
    char masked[19];
    idcard_mask(s, masked);
    if (len != 18)
        return mz_fail(err, "invalid_id_number", "身份证号码应为18位，实际为%zu位：%s", len,
                       masked);
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return mz_fail(err, "invalid_id_number", "身份证号码前17位应全为数字，第%d位不是：%s",
                           i + 1, masked);
    char last = s[17] == 'x' ? 'X' : s[17];
    if (!(last == 'X' || (last >= '0' && last <= '9')))
        return mz_fail(err, "invalid_id_number", "身份证号码第18位应为数字或X：%s", masked);
    char birth[9];
    memcpy(birth, s + 6, 8);
    birth[8] = '\0';
    mz_date b = date_parse(birth);
    if (b == MZ_DATE_NONE)
        return mz_fail(err, "invalid_id_number", "身份证号码中的出生日期不是有效日期：%s", masked);
    if (idcard_check_char(s) != last)
        return mz_fail(err, "invalid_id_number", "身份证号码校验码错误：%s", masked);
    memcpy(out->number, s, 17);
    out->number[17] = last;
    out->number[18] = '\0';
    memcpy(out->address, s, 6);
    out->address[6] = '\0';
    out->birth = b;
    out->sex = (s[16] - '0') % 2 ? SEX_MALE : SEX_FEMALE;
    return 0;
}

void idcard_mask(const char *number, char *out)
{
    size_t len = strlen(number);
    bool ascii = len == 18;
    for (size_t i = 0; ascii && i < len; i++)
        ascii = (unsigned char)number[i] < 0x80;
    if (!ascii) {
        strcpy(out, "******");
        return;
    }
    memcpy(out, number, 6);
    memset(out + 6, '*', 8);
    memcpy(out + 14, number + 14, 4);
    out[18] = '\0';
}
