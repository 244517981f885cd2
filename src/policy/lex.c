/* Lexer for policy files: identifiers (ASCII or UTF-8, so enum labels may
 * be Chinese), "strings", integers, decimals, dates YYYY-MM-DD and
 * punctuation. `#` starts a comment. Columns count characters. */
#include <string.h>

#include "policy/internal.h"

static int is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int run_digits(const char *s, size_t i, size_t len)
{
    size_t j = i;
    while (j < len && is_digit((unsigned char)s[j]))
        j++;
    return (int)(j - i);
}

/* Two-character then one-character punctuation. */
static int punct_len(const char *s, size_t left)
{
    static const char *two[] = {"==", "!=", "<=", ">="};
    if (left >= 2)
        for (size_t k = 0; k < sizeof two / sizeof *two; k++)
            if (s[0] == two[k][0] && s[1] == two[k][1])
                return 2;
    return strchr("()[],:=<>+-*/.|", s[0]) && s[0] ? 1 : 0;
}

int pol_lex(struct pol_set *set, int file, struct token **toks, int *ntoks, struct mz_err *err)
{
    const char *s = set->srcs[file].text;
    size_t len = set->srcs[file].len, i = 0;
    int line = 1, col = 1, n = 0;
    struct token *out = NULL;
    while (1) {
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' ||
                           s[i] == '#')) {
            if (s[i] == '#') {
                while (i < len && s[i] != '\n')
                    i++;
                continue;
            }
            if (s[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            i++;
        }
        struct token t = {.kind = T_EOF, .text = s + i, .loc = {file, line, col}};
        if (i >= len) {
            out = arena_push(&set->arena, out, &n, sizeof *out);
            out[n - 1] = t;
            break;
        }
        unsigned char c = (unsigned char)s[i];
        size_t start = i;
        int chars = 0;
        if (c == '\0')
            return pol_diag(set, err, "policy_syntax", t.loc, "源文件中有空字符");
        if (c == '"') {
            i++;
            while (i < len && s[i] != '"' && s[i] != '\n') {
                if ((unsigned char)s[i] < 0x80 || ((unsigned char)s[i] & 0xC0) == 0xC0)
                    chars++;
                i++;
            }
            if (i >= len || s[i] != '"')
                return pol_diag(set, err, "policy_syntax", t.loc, "字符串缺少结束的引号");
            t.kind = T_STRING;
            t.text = s + start + 1;
            t.len = (int)(i - start - 1);
            i++;
            col += chars + 2;
        } else if (is_digit(c)) {
            int d = run_digits(s, i, len);
            if (d == 4 && i + 10 <= len && s[i + 4] == '-' && run_digits(s, i + 5, len) == 2 &&
                s[i + 7] == '-' && run_digits(s, i + 8, len) == 2) {
                t.kind = T_DATE;
                i += 10;
            } else if (i + d + 1 < len && s[i + d] == '.' && is_digit((unsigned char)s[i + d + 1])) {
                t.kind = T_DECIMAL;
                i += d + 1;
                i += run_digits(s, i, len);
            } else {
                t.kind = T_INT;
                i += d;
            }
            t.len = (int)(i - start);
            col += t.len;
        } else if (is_ident_start(c)) {
            while (i < len && (is_ident_start((unsigned char)s[i]) || is_digit((unsigned char)s[i]))) {
                if ((unsigned char)s[i] < 0x80 || ((unsigned char)s[i] & 0xC0) == 0xC0)
                    chars++;
                i++;
            }
            t.kind = T_IDENT;
            t.len = (int)(i - start);
            col += chars;
        } else {
            int p = punct_len(s + i, len - i);
            if (!p)
                return pol_diag(set, err, "policy_syntax", t.loc, "无法识别的字符 '%c'", c);
            t.kind = T_PUNCT;
            t.len = p;
            i += p;
            col += p;
        }
        out = arena_push(&set->arena, out, &n, sizeof *out);
        out[n - 1] = t;
    }
    *toks = out;
    *ntoks = n;
    return 0;
}
