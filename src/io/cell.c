/* Inert spreadsheet cells (see cell.h). */
#include "io/cell.h"

#include <string.h>

bool cell_is_formula(const char *s)
{
    if (s[0] == '\0' || !strchr("=+-@\t\r", s[0])) return false;
    size_t i = s[0] == '-' || s[0] == '+', digits = strspn(s + i, "0123456789");
    if (digits && s[i + digits] == '.') digits += 1 + strspn(s + i + digits + 1, "0123456789");
    return digits == 0 || s[i + digits] != '\0';
}

lxw_format *cell_text_format(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    if (f) format_set_num_format_index(f, 49); /* the built-in "@": text */
    return f;
}

lxw_error cell_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                          lxw_format *format, lxw_format *text_format)
{
    return worksheet_write_string(ws, row, col, text, cell_is_formula(text) ? text_format : format);
}
