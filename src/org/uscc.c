/* 统一社会信用代码 checks (uscc.h). */
#include "org/uscc.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int value_of(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

char uscc_check_char(const char *code17)
{
    int sum = 0, weight = 1;
    for (int i = 0; i < 17; i++, weight = weight * 3 % 31) {
        int v = value_of(code17[i]);
        if (v < 0) return '?';
        sum += v * weight;
    }
    int c = 31 - sum % 31;
    return alphabet[c == 31 ? 0 : c];
}

static const char *type_label(char type)
{
    return type == '1' ? "社会团体" : type == '2' ? "民办非企业单位（社会服务机构）" : "基金会";
}

int uscc_check(const char *code, char type, struct mz_err *err)
{
    size_t n = code ? strlen(code) : 0;
    if (n != 18)
        return mz_fail_field(err, "uscc", "invalid_value",
                             "统一社会信用代码应为18位，实为 %zu 位", n);
    for (int i = 0; i < 18; i++)
        if (value_of(code[i]) < 0)
            return mz_fail_field(err, "uscc", "invalid_value",
                                 "统一社会信用代码第 %d 位“%c”不是允许的字符（数字或除 I、O、Z、S、V 外的大写字母）",
                                 i + 1, code[i]);
    char want = uscc_check_char(code);
    if (code[17] != want)
        return mz_fail_field(err, "uscc", "wrong_check",
                             "统一社会信用代码第18位（校验码）应为“%c”，实为“%c”", want,
                             code[17]);
    if (type && code[0] != '5')
        return mz_fail_field(err, "uscc", "wrong_type",
                             "统一社会信用代码第1位（登记管理部门）应为“5”（民政），实为“%c”",
                             code[0]);
    if (type && code[1] != type)
        return mz_fail_field(err, "uscc", "wrong_type",
                             "统一社会信用代码第2位（机构类别）应为“%c”（%s），实为“%c”", type,
                             type_label(type), code[1]);
    return 0;
}
