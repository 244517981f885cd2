/* Text fields from people and files: UTF-8 cut only on character
 * boundaries, and the one check every stored free-text field goes through
 * (a maximum length in characters, no control characters or bidirectional
 * overrides, names not blank). The limits are listed here and in
 * docs/security.md; the API documents them as maxLength. */
#ifndef MZ_TEXT_H
#define MZ_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* Maximum lengths, in characters (Unicode code points). */
#define TEXT_MAX_NAME 30         /* a person's name (姓名) */
#define TEXT_MAX_ADDRESS 200     /* a household's address */
#define TEXT_MAX_HOUSEHOLD_NO 32 /* 户编号, see reg_household_no_check */
#define TEXT_MAX_WORD 20   /* an enumerated word: 户籍, 城乡类别, 与户主关系, 性别 */
#define TEXT_MAX_VALUE 64  /* a fact's value */
#define TEXT_MAX_SOURCE 64 /* a fact's source */
#define TEXT_MAX_BANK 20   /* a payee's bank (开户银行) */
#define TEXT_MAX_DIVISION_NAME 30 /* a new division's name (mz divisions change) */
#define TEXT_MAX_NOTE 500  /* case notes and reasons, warning texts */

/* Bytes a buffer needs for a field of n characters and its NUL. */
#define TEXT_BYTES(n) ((n)*4 + 1)

/* Whether s is strict UTF-8: no overlong forms, surrogates or code points
 * past U+10FFFF. */
bool text_utf8_valid(const char *s);

/* The number of bytes of s that end on a character boundary and fit in
 * max_bytes (s is valid UTF-8 up to its NUL). */
size_t text_utf8_prefix(const char *s, size_t max_bytes);

/* Cuts s in place before a last, incomplete UTF-8 character (the tail
 * left by a byte-limited snprintf). */
void text_utf8_trim(char *s);

/* Removes, in place, every byte of s that is not part of a valid UTF-8
 * character (a value cut inside a character by "%.40s"). */
void text_utf8_clean(char *s);

/* What a field may hold besides printable text. */
enum text_kind {
    TEXT_LINE, /* one line: no control characters at all */
    TEXT_NAME, /* one line, not blank, no bidirectional marks or overrides */
    TEXT_NOTE, /* several lines: LF, CR and tab allowed */
};

/* Checks a text field: valid UTF-8, at most max_chars characters, the
 * characters kind allows. NULL or "" passes (required fields are checked
 * by their owner). On failure sets err (code invalid_value, field named,
 * message with the label and the limit, never the whole value) and
 * returns -1. */
int text_check(const char *value, const char *field, const char *label, size_t max_chars,
               enum text_kind kind, struct mz_err *err);

#endif
