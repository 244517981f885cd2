/* UTF-8 text checks and boundary-safe cuts (see text.h). */
#include "base/text.h"

#include <string.h>

/* Decodes the character at s: its length in bytes (1–4) and code point,
 * or 0 if the bytes there are not a valid UTF-8 character. */
static size_t decode(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    size_t n = c < 0x80             ? 0
               : (c & 0xE0) == 0xC0 ? 1
               : (c & 0xF0) == 0xE0 ? 2
               : (c & 0xF8) == 0xF0 ? 3
                                    : 9;
    if (n == 9) return 0;
    unsigned v = n == 0 ? c : c & (0x3Fu >> n);
    for (size_t i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    static const unsigned min[] = {0, 0x80, 0x800, 0x10000};
    if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n + 1;
}

bool text_utf8_valid(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned cp;
    for (size_t n; *s; s += n)
        if (!(n = decode(s, &cp))) return false;
    return true;
}

size_t text_utf8_prefix(const char *s, size_t max_bytes)
{
    size_t n = strnlen(s, max_bytes + 1);
    if (n <= max_bytes) return n;
    n = max_bytes;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void text_utf8_trim(char *s)
{
    size_t n = strlen(s), start = n;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80 && n - start < 3)
        start--;
    if (start > 0 && (unsigned char)s[start - 1] >= 0xC0) start--;
    unsigned cp;
    if (start < n && decode((const unsigned char *)s + start, &cp) != n - start) s[start] = '\0';
}

void text_utf8_clean(char *text)
{
    unsigned char *s = (unsigned char *)text, *out = s;
    unsigned cp;
    while (*s) {
        size_t n = decode(s, &cp);
        if (!n) {
            s++;
            continue;
        }
        memmove(out, s, n);
        out += n;
        s += n;
    }
    *out = '\0';
}

/* Marks and overrides that reorder how text is shown (Trojan Source):
 * LRM, RLM, ALM, LRE…RLO, LRI…PDI. */
static bool is_bidi(unsigned cp)
{
    return cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static bool is_space(unsigned cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0xFEFF;
}

int text_check(const char *value, const char *field, const char *label, size_t max_chars,
               enum text_kind kind, struct mz_err *err)
{
    if (!value || !*value) return 0;
    const unsigned char *s = (const unsigned char *)value;
    size_t chars = 0;
    bool blank = true;
    unsigned cp;
    for (size_t n; *s; s += n, chars++) {
        if (!(n = decode(s, &cp)))
            return mz_fail_field(err, field, "invalid_value", "%s（%s）不是合法的 UTF-8 文本",
                                 label, field);
        bool note_space = kind == TEXT_NOTE && (cp == '\n' || cp == '\r' || cp == '\t');
        if ((cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) && !note_space)
            return mz_fail_field(err, field, "invalid_value",
                                 "%s（%s）含控制字符 U+%04X（第 %zu 个字符）", label, field, cp,
                                 chars + 1);
        if (kind == TEXT_NAME && is_bidi(cp))
            return mz_fail_field(err, field, "invalid_value",
                                 "%s（%s）含改变文字方向的控制符 U+%04X（第 %zu 个字符）", label,
                                 field, cp, chars + 1);
        blank = blank && (is_space(cp) || note_space);
    }
    if (chars > max_chars)
        return mz_fail_field(err, field, "invalid_value",
                             "%s（%s）过长：最多 %zu 个字符，实为 %zu 个", label, field, max_chars,
                             chars);
    if (kind == TEXT_NAME && blank)
        return mz_fail_field(err, field, "invalid_value", "%s（%s）不能只有空白", label, field);
    return 0;
}
