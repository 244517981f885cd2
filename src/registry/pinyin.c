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

enum py_kind { PY_CHAR, PY_WORD, PY_SUFFIX, PY_GENERIC, PY_JOINED, PY_ETHNIC };

/* The table of data/place-pinyin.tsv: readings that differ from ICU's and
 * the parts (通名, suffixes, ethnic groups) a name splits into. */
static const struct entry {
    enum py_kind kind;
    const char *text, *reading;
} table[] = {
#include "../../build/gen/place_pinyin.h"
};
#define NTABLE (sizeof table / sizeof table[0])

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

/* The longest reading (word or character) that text starts with, or NULL. */
static const struct entry *reading_at(const char *text)
{
    const struct entry *best = NULL;
    for (size_t i = 0; i < NTABLE; i++) {
        const struct entry *e = &table[i];
        if (e->kind != PY_CHAR && e->kind != PY_WORD)
            continue;
        size_t k = strlen(e->text);
        if (strncmp(text, e->text, k) == 0 && (!best || k > strlen(best->text)))
            best = e;
    }
    return best;
}

/* The longest entry of kind `kind` that text[0, len) ends with, leaving
 * something before it, or NULL. */
static const struct entry *ending(const char *text, size_t len, enum py_kind kind)
{
    const struct entry *best = NULL;
    for (size_t i = 0; i < NTABLE; i++) {
        const struct entry *e = &table[i];
        size_t k = strlen(e->text);
        if (e->kind == kind && k < len && memcmp(text + len - k, e->text, k) == 0 &&
            (!best || k > strlen(best->text)))
            best = e;
    }
    return best;
}

/* The syllables of Han text (len bytes) in buf (UTF-16, separated by
 * spaces), place-name readings substituted before ICU sees the characters. */
static int word_syllables(struct pinyin *p, const char *word, size_t len, UChar *buf,
                          int32_t cap, int32_t *n)
{
    char text[512];
    size_t t = 0;
    for (size_t i = 0; i < len;) {
        const struct entry *e = reading_at(word + i);
        const char *src = e ? e->reading : word + i;
        size_t k = e ? strlen(e->reading) : 1, skip = e ? strlen(e->text) : 1;
        if (!e)
            while (i + k < len && ((unsigned char)word[i + k] & 0xC0) == 0x80)
                k++;
        if (t + k + 3 >= sizeof text)
            return -1;
        /* a reading stands apart; ICU sees runs of other characters whole */
        if (e)
            text[t++] = ' ';
        memcpy(text + t, src, k);
        t += k;
        if (e)
            text[t++] = ' ';
        i += e ? skip : k;
    }
    text[t] = '\0';
    return syllables(p->han_latin, text, buf, cap, n);
}

/* Romanizes the specific part (one word, capitalized) and appends it,
 * followed by the joined generic if any. */
static int add_specific(struct pinyin *p, const char *word, size_t len, const char *joined,
                        UChar *out, int32_t *pos, int32_t cap)
{
    UChar syl[512];
    int32_t n;
    if (word_syllables(p, word, len, syl, 512, &n) < 0)
        return -1;
    if (joined) {
        UChar more[64];
        int32_t m;
        UErrorCode e = U_ZERO_ERROR;
        u_strFromUTF8(more, 64, &m, joined, -1, &e);
        if (U_FAILURE(e) || n + m + 1 >= 512)
            return -1;
        syl[n++] = ' ';
        u_memcpy(syl + n, more, m);
        n += m;
    }
    append_word(syl, n, out, pos, cap);
    return 0;
}

/* Appends an already romanized part, preceded by a space. */
static int add_written(const char *written, UChar *out, int32_t *pos, int32_t cap)
{
    int32_t m;
    UErrorCode e = U_ZERO_ERROR;
    if (*pos + 1 >= cap)
        return -1;
    out[(*pos)++] = ' ';
    u_strFromUTF8(out + *pos, cap - *pos, &m, written, -1, &e);
    if (U_FAILURE(e) || *pos + m >= cap)
        return -1;
    *pos += m;
    return 0;
}

/* The parts of a name, peeled from the end: an organization suffix, one
 * generic part (written apart or joined), then ethnic groups; the first
 * spec_len bytes are the 专名. */
struct parts {
    const struct entry *suffix, *generic, *joined, *ethnic[8];
    int nethnic;
    size_t spec_len;
};

static void peel(const char *name, struct parts *pt)
{
    size_t len = strlen(name);
    memset(pt, 0, sizeof *pt);
    if ((pt->suffix = ending(name, len, PY_SUFFIX)))
        len -= strlen(pt->suffix->text);
    pt->generic = ending(name, len, PY_GENERIC);
    pt->joined = ending(name, len, PY_JOINED);
    if (pt->joined && pt->generic && strlen(pt->generic->text) >= strlen(pt->joined->text))
        pt->joined = NULL;
    else if (pt->joined)
        pt->generic = NULL;
    if (pt->generic)
        len -= strlen(pt->generic->text);
    if (pt->joined)
        len -= strlen(pt->joined->text);
    const struct entry *e;
    while (pt->nethnic < 8 && (e = ending(name, len, PY_ETHNIC))) {
        pt->ethnic[pt->nethnic++] = e;
        len -= strlen(e->text);
    }
    pt->spec_len = len;
}

size_t pinyin_specific_len(const char *name)
{
    struct parts pt;
    peel(name, &pt);
    return pt.spec_len;
}

int pinyin_place_name(struct pinyin *p, const char *name, char *out, size_t cap)
{
    if (strlen(name) >= 256)
        return -1;
    struct parts pt;
    peel(name, &pt);
    UChar buf[1024];
    int32_t pos = 0;
    if (add_specific(p, name, pt.spec_len, pt.joined ? pt.joined->reading : NULL, buf, &pos,
                     1024) < 0)
        return -1;
    while (pt.nethnic > 0)
        if (add_written(pt.ethnic[--pt.nethnic]->reading, buf, &pos, 1024) < 0)
            return -1;
    if ((pt.generic && add_written(pt.generic->reading, buf, &pos, 1024) < 0) ||
        (pt.suffix && add_written(pt.suffix->reading, buf, &pos, 1024) < 0))
        return -1;
    UErrorCode ue = U_ZERO_ERROR;
    u_strToUTF8(out, (int32_t)cap, NULL, buf, pos, &ue);
    return U_FAILURE(ue) || ue == U_STRING_NOT_TERMINATED_WARNING ? -1 : 0;
}

int pinyin_place_search(struct pinyin *p, const char *name, char *letters, size_t lcap,
                        char *initials, size_t icap)
{
    UChar syl[512];
    int32_t n;
    if (word_syllables(p, name, strlen(name), syl, 512, &n) < 0)
        return -1;
    int32_t limit = n;
    UErrorCode e = U_ZERO_ERROR;
    utrans_transUChars(p->ascii, syl, &n, 512, 0, &limit, &e);
    if (U_FAILURE(e))
        return -1;
    size_t nl = 0, ni = 0;
    bool start = true;
    for (int32_t i = 0; i < n; i++) {
        if (syl[i] == ' ') {
            start = true;
            continue;
        }
        char c = (char)u_tolower(syl[i] < 128 ? syl[i] : '?');
        if (nl + 1 < lcap)
            letters[nl++] = c;
        if (start && ni + 1 < icap)
            initials[ni++] = c;
        start = false;
    }
    letters[nl] = initials[ni] = '\0';
    return 0;
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
