/* Row-by-row reader for the tables other departments send us: CSV (UTF-8 or
 * GBK/GB18030, converted) and XLSX (the first worksheet). One interface for
 * both, so the importer never cares which it got. Streams: memory use is
 * bounded by the longest record, not by the file (XLSX shared strings are
 * the exception: they are held in memory).
 *
 * CSV: RFC 4180 with comma separators, CRLF or LF line ends, quoted fields
 * with "" escapes and embedded newlines; a UTF-8 BOM is skipped. A blank line
 * is a record of one empty field (callers usually skip it). Ragged rows are
 * not an error here: compare table_nfields with the header. A record over
 * 64 MiB is refused (a quote that never closes would otherwise swallow the
 * rest of the file into memory).
 *
 * XLSX: the first worksheet in workbook order. Shared and inline strings,
 * numbers as written in the file ("42", "1.5", "1E-3"), booleans as "1"/"0",
 * formula results, error values ("#N/A"). Dates are NOT converted: Excel
 * stores them as serial day numbers and so does this reader ("45292" is
 * 2024-01-01). Gaps between cells (r="C5" after "A5") become empty fields;
 * every row is padded with empty fields to the width of the first row read
 * (the header) and trailing empty cells beyond it are dropped, so rows look
 * like a CSV export of the sheet. Rows without any cell are skipped; the
 * line of a row is its sheet row number (the r attribute).
 *
 * Errors go to err as "FILE:LINE: reason" in Chinese. err->code is
 * "table_row" when only the current record is bad: the reader has skipped to
 * the next physical line and table_read may be called again. Any other code
 * (table_open, table_encoding, table_syntax, table_io, table_xlsx, oom)
 * ends the table: later calls to table_read return 0. */
#ifndef MZ_TABLE_H
#define MZ_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct table;

/* Opens a file; XLSX if it starts with a zip signature ("PK\3\4"), CSV
 * otherwise (encoding detected from the first 64 KiB). On success *out is
 * a table the caller closes with table_close; on failure -1 with a Chinese
 * message naming the file. */
int table_open(const char *path, struct table **out, struct mz_err *err);

/* Same over n bytes of memory; name is used in messages. data is borrowed:
 * it must stay valid and unchanged until table_close. */
int table_open_mem(const char *name, const char *data, size_t n, struct table **out,
                   struct mz_err *err);

/* Advances to the next record: 1 = a record is ready, 0 = end of table,
 * -1 = error (see the top of this file for which errors allow going on). */
int table_read(struct table *t, struct mz_err *err);

/* Fields of the current record: NUL-terminated UTF-8, owned by the table,
 * valid until the next table_read. An index >= table_nfields gives "" (and
 * length 0), so a short row reads as empty trailing fields. */
size_t table_nfields(const struct table *t);
const char *table_field(const struct table *t, size_t i);
size_t table_field_len(const struct table *t, size_t i);

/* Physical line where the current record starts (CSV, 1-based) or its sheet
 * row number (XLSX). After a "table_row" error, the line of the bad record. */
long table_line(const struct table *t);

/* The current record as it appears in the file, without its line end, for
 * writing rejected rows aside; valid until the next table_read. For a GBK
 * file these are the bytes converted to UTF-8; for XLSX a CSV rendering of
 * the row. After a "table_row" error, the bad physical line(s). */
const char *table_raw(const struct table *t, size_t *len);

/* Progress: input bytes consumed so far and the total size (for XLSX, of
 * the uncompressed worksheet). */
uint64_t table_bytes_done(const struct table *t);
uint64_t table_bytes_total(const struct table *t);

/* "UTF-8" or "GB18030" (the file was GBK/GB18030 and is being converted). */
const char *table_encoding(const struct table *t);

/* Frees the table; NULL is allowed. */
void table_close(struct table *t);

/* Excel column letters for 0-based column i: 0 -> "A", 25 -> "Z",
 * 26 -> "AA" (out needs 8 bytes). */
void table_column_name(size_t i, char out[8]);

#endif
