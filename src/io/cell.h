/* Spreadsheet cells of text from people and files: the one rule every CSV
 * and XLSX export uses to keep a value inert, whatever a spreadsheet
 * would otherwise make of it (=HYPERLINK(…) in a name). */
#ifndef MZ_CELL_H
#define MZ_CELL_H

#include <stdbool.h>
#include <xlsxwriter.h>

/* Whether a spreadsheet would take a cell as a formula: it starts with
 * = + - @, a tab or CR, and is not a plain number such as -12.50. */
bool cell_is_formula(const char *s);

/* The format that keeps an XLSX cell text even when someone edits it
 * (number format "@"); made once per workbook, owned by it. NULL when
 * memory runs out. */
lxw_format *cell_text_format(lxw_workbook *wb);

/* Writes text into an XLSX cell: a string cell, with text_format when
 * cell_is_formula, else with format (may be NULL). */
lxw_error cell_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                          lxw_format *format, lxw_format *text_format);

#endif
