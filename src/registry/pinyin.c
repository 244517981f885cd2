/* Place-name romanization over ICU (GB/T 16159-2012 rules, simplified to
 * what divisions need: 专名 + 通名, capitalization, apostrophes). */
#include "registry/pinyin.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "base/mem.h"

/* The CJK Unified Ideographs block, whose initials are cached. */
#define HAN_FIRST 0x4E00
#define HAN_LAST 0x9FFF

struct pinyin {
    UTransliterator *han_latin;
    UTransliterator *ascii; /* Latin-ASCII, strips tone marks */
    char initial[HAN_LAST - HAN_FIRST + 1]; /* initial of each character, 0 = not yet */
};

/* Place-name readings that differ from ICU's default reading. */
static const char *const readings[][2] = {
    {"长寿", "cháng shòu"}, {"长安", "cháng ān"}, {"长沙", "cháng shā"},
    {"长春", "cháng chūn"}, {"长江", "cháng jiāng"}, {"六安", "lù ān"},
    {"丽水", "lí shuǐ"},    {"蚌埠", "bèng bù"},     {"番禺", "pān yú"},
    {"洪洞", "hóng tóng"},  {"铅山", "yán shān"},    {"乐亭", "lào tíng"},
};

/* Generic parts (通名), longest first. */
static const char *const generics[] = {
    "社区居民委员会", "村民委员会", "居民委员会", "社区居委会", "街道办事处", "自治县",
    "自治州",         "居委会",     "村委会",     "市辖区",     "街道",       "社区",
    "省",             "市",         "区",         "县",         "镇",         "乡",
    "村",
};

/* Ethnic groups that appear in autonomous division names. */
static const char *const ethnic_groups[] = {
    "土家族", "苗族",   "彝族",   "藏族",   "回族",   "蒙古族", "壮族",   "侗族",
    "瑶族",   "白族",   "哈尼族", "傣族",   "黎族",   "傈僳族", "佤族",   "畲族",
    "拉祜族", "水族",   "纳西族", "羌族",   "仡佬族", "布依族", "满族",   "朝鲜族",
    "哈萨克族", "锡伯族", "达斡尔族", "鄂温克族", "鄂伦春族", "毛南族", "仫佬族", "各族",
    "维吾尔族", "景颇族", "普米族", "怒族", "独龙族", "撒拉族", "土族", "保安族", "东乡族",
};

static UTransliterator *open_trans(const char *id, struct mz_err *err)
{
    UChar uid[32];
    u_uastrcpy(uid, id);
    UErrorCode e = U_ZERO_ERROR;
    UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    if (U_FAILURE(e)) {
        mz_fail(err, "icu_error", "无法打开 ICU 转写器 %s：%s", id, u_errorName(e));
        return NULL;
    }
    return t;
}

int pinyin_open(struct pinyin **out, struct mz_err *err)
{
    struct pinyin *p = mz_calloc(1, sizeof *p);
    if (!p)
        return mz_fail(err, "out_of_memory", "内存不足");
    if (!(p->han_latin = open_trans("Han-Latin", err)) ||
        !(p->ascii = open_trans("Latin-ASCII", err))) {
        pinyin_close(p);
        return -1;
    }
    *out = p;
    return 0;
}

void pinyin_close(struct pinyin *p)
{
    if (!p)
        return;
    if (p->han_latin)
        utrans_close(p->han_latin);
    if (p->ascii)
        utrans_close(p->ascii);
    mz_free(p);
}

/* Transliterates UTF-8 text into space-separated syllables in buf (UTF-16). */
static int syllables(UTransliterator *t, const char *text, UChar *buf, int32_t cap,
                     int32_t *len)
{
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(buf, cap, len, text, -1, &e);
    if (U_FAILURE(e) || *len >= cap)
        return -1;
    int32_t limit = *len;
    utrans_transUChars(t, buf, len, cap, 0, &limit, &e);
    return U_FAILURE(e) || *len >= cap ? -1 : 0;
}

static bool starts_with_aoe(UChar c)
{
    UChar base = (UChar)u_tolower(c);
    static const UChar aoe[] = u"aāáǎàoōóǒòeēéěè";
    return u_strchr(aoe, base) != NULL;
}

/* Appends the syllables of one word to out: joined, apostrophes added,
 * first letter capitalized. */
static void append_word(const UChar *syl, int32_t n, UChar *out, int32_t *pos, int32_t cap)
{
    bool first = true, word_start = true;
    for (int32_t i = 0; i < n && *pos < cap - 2; i++) {
        if (syl[i] == ' ') {
            word_start = true;
            continue;
        }
        if (word_start && !first && starts_with_aoe(syl[i]))
            out[(*pos)++] = '\'';
        out[(*pos)++] = first ? (UChar)u_toupper(syl[i]) : syl[i];
        first = word_start = false;
    }
}

/* Romanizes one word (UTF-8 Han text) and appends it, preceded by a space
 * unless it is the first. */
static int add_word(struct pinyin *p, const char *word, UChar *out, int32_t *pos, int32_t cap)
{
    char text[512] = "";
    /* Substitute place-name readings before ICU sees the characters. */
    for (const char *s = word; *s;) {
        bool hit = false;
        for (size_t i = 0; i < sizeof readings / sizeof readings[0]; i++) {
            size_t k = strlen(readings[i][0]);
            if (strncmp(s, readings[i][0], k) == 0) {
                strncat(text, " ", sizeof text - strlen(text) - 1);
                strncat(text, readings[i][1], sizeof text - strlen(text) - 1);
                strncat(text, " ", sizeof text - strlen(text) - 1);
                s += k;
                hit = true;
                break;
            }
        }
        if (!hit) {
            size_t k = 1;
            while (((unsigned char)s[k] & 0xC0) == 0x80)
                k++;
            strncat(text, s, k < sizeof text - strlen(text) - 1 ? k : 0);
            s += k;
        }
    }
    UChar syl[512];
    int32_t n;
    if (syllables(p->han_latin, text, syl, 512, &n) < 0)
        return -1;
    if (*pos > 0 && *pos < cap - 1)
        out[(*pos)++] = ' ';
    append_word(syl, n, out, pos, cap);
    return 0;
}

int pinyin_place_name(struct pinyin *p, const char *name, char *out, size_t cap)
{
    size_t len = strlen(name);
    if (len >= 256)
        return -1;
    size_t generic = len;
    for (size_t i = 0; i < sizeof generics / sizeof generics[0]; i++) {
        size_t k = strlen(generics[i]);
        if (k < len && strcmp(name + len - k, generics[i]) == 0) {
            generic = len - k;
            break;
        }
    }
    UChar buf[1024];
    int32_t pos = 0;
    char part[256];
    /* Specific part, then ethnic names (ending in 族) and the generic part,
     * each a word of its own. */
    size_t start = 0;
    size_t ethnic_end = generic;
    const char *zu = "族";
    size_t spec_end = generic;
    for (size_t i = 0; i < sizeof ethnic_groups / sizeof ethnic_groups[0]; i++) {
        const char *hit = strstr(name, ethnic_groups[i]);
        if (hit && (size_t)(hit - name) < spec_end)
            spec_end = (size_t)(hit - name);
    }
    memcpy(part, name, spec_end);
    part[spec_end] = '\0';
    if (spec_end > 0 && add_word(p, part, buf, &pos, 1024) < 0)
        return -1;
    start = spec_end;
    for (size_t i = start; i + 3 <= ethnic_end; i++)
        if (memcmp(name + i, zu, 3) == 0) {
            memcpy(part, name + start, i + 3 - start);
            part[i + 3 - start] = '\0';
            if (add_word(p, part, buf, &pos, 1024) < 0)
                return -1;
            start = i + 3;
        }
    if (start < len) {
        memcpy(part, name + start, len - start);
        part[len - start] = '\0';
        if (add_word(p, part, buf, &pos, 1024) < 0)
            return -1;
    }
    UErrorCode e = U_ZERO_ERROR;
    u_strToUTF8(out, (int32_t)cap, NULL, buf, pos, &e);
    return U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING ? -1 : 0;
}

/* The initials through both transliterators, for any text. */
static int initials_of_text(struct pinyin *p, const char *name, char *out, size_t cap)
{
    UChar syl[512], plain[512];
    int32_t n;
    if (syllables(p->han_latin, name, syl, 512, &n) < 0)
        return -1;
    u_memcpy(plain, syl, n);
    int32_t limit = n;
    UErrorCode e = U_ZERO_ERROR;
    utrans_transUChars(p->ascii, plain, &n, 512, 0, &limit, &e);
    if (U_FAILURE(e))
        return -1;
    size_t k = 0;
    bool start = true;
    for (int32_t i = 0; i < n && k + 1 < cap; i++) {
        if (plain[i] == ' ') {
            start = true;
        } else if (start) {
            out[k++] = (char)u_tolower(plain[i] < 128 ? plain[i] : '?');
            start = false;
        }
    }
    out[k] = '\0';
    return 0;
}

/* Names are short runs of common characters: each character's initial is
 * transliterated once and cached; other text takes the long way. */
int pinyin_initials(struct pinyin *p, const char *name, char *out, size_t cap)
{
    UChar text[64];
    int32_t n;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(text, 64, &n, name, -1, &e);
    bool han = U_SUCCESS(e) && n < 64 && (size_t)n < cap;
    for (int32_t i = 0; han && i < n; i++)
        han = text[i] >= HAN_FIRST && text[i] <= HAN_LAST;
    if (!han)
        return initials_of_text(p, name, out, cap);
    for (int32_t i = 0; i < n; i++) {
        char *c = &p->initial[text[i] - HAN_FIRST];
        if (!*c) {
            char one[8], got[8];
            int32_t len;
            e = U_ZERO_ERROR;
            u_strToUTF8(one, sizeof one, &len, &text[i], 1, &e);
            if (U_FAILURE(e) || initials_of_text(p, one, got, sizeof got) < 0)
                return -1;
            *c = got[0] ? got[0] : '?';
        }
        out[i] = *c;
    }
    out[n] = '\0';
    return 0;
}
