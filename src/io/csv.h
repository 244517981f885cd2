/* CSV writing, the counterpart of table.h's reader: reject files, exports.
 * Lines end in LF (not CRLF): every tool we feed, Excel included, accepts
 * it, and it keeps files byte-identical across our own round trips. */
#ifndef MZ_CSV_H
#define MZ_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Whether a field must be quoted: it contains a comma, a quote, CR or LF,
 * or starts or ends with a space or tab (which spreadsheets would strip). */
bool csv_needs_quotes(const char *s, size_t n);

/* Writes one record of n NUL-terminated fields and its LF, quoting only the
 * fields that need it (inner quotes doubled). A field that would be a
 * formula (cell_is_formula) is written with a leading apostrophe, so that
 * a spreadsheet shows it as text (=HYPERLINK(…) in a name stays inert):
 * every CSV minzheng writes goes through here. Returns 0, or -1 when the
 * stream reports an error (errno set by stdio). */
int csv_write_row(FILE *f, const char *const *fields, size_t n);

/* Writes the UTF-8 byte order mark Excel needs to recognise a UTF-8 CSV;
 * call it first, on an empty file. Returns 0 or -1 like csv_write_row. */
int csv_write_bom(FILE *f);

#endif
