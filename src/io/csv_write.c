/* CSV writer: minimal quoting, LF line ends (see csv.h). */
#include "io/csv.h"

#include <string.h>

#include "io/cell.h"

bool csv_needs_quotes(const char *s, size_t n)
{
    if (n == 0)
        return false;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return false;
}

static int write_field(FILE *f, const char *s)
{
    size_t n = strlen(s);
    const char *prefix = cell_is_formula(s) ? "'" : "";
    if (!csv_needs_quotes(s, n))
        return fputs(prefix, f) == EOF || fwrite(s, 1, n, f) != n ? -1 : 0;
    if (putc('"', f) == EOF || fputs(prefix, f) == EOF)
        return -1;
    for (const char *q; (q = memchr(s, '"', n)) != NULL; n -= (size_t)(q + 1 - s), s = q + 1)
        if (fwrite(s, 1, (size_t)(q + 1 - s), f) != (size_t)(q + 1 - s) || putc('"', f) == EOF)
            return -1;
    if (fwrite(s, 1, n, f) != n || putc('"', f) == EOF)
        return -1;
    return 0;
}

int csv_write_row(FILE *f, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && putc(',', f) == EOF)
            return -1;
        if (write_field(f, fields[i]) < 0)
            return -1;
    }
    return putc('\n', f) == EOF || ferror(f) ? -1 : 0;
}

int csv_write_bom(FILE *f)
{
    return fwrite("\xEF\xBB\xBF", 1, 3, f) == 3 ? 0 : -1;
}
