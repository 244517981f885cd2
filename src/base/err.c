/* Error context; messages cut to their buffer end on a UTF-8 character
 * boundary, so they stay valid text for JSON. */
#include "base/err.h"

#include "base/text.h"

#include <stdio.h>
#include <string.h>

static void record(struct mz_err *err, const char *field, const char *code, const char *fmt,
                   va_list ap)
{
    snprintf(err->code, sizeof err->code, "%s", code);
    snprintf(err->field, sizeof err->field, "%s", field);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    text_utf8_trim(err->msg); /* a long message is cut on a character boundary */
}

int mz_fail(struct mz_err *err, const char *code, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    record(err, "", code, fmt, ap);
    va_end(ap);
    return -1;
}

int mz_fail_field(struct mz_err *err, const char *field, const char *code, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    record(err, field, code, fmt, ap);
    va_end(ap);
    return -1;
}

void mz_err_clear(struct mz_err *err)
{
    err->code[0] = '\0';
    err->msg[0] = '\0';
    err->field[0] = '\0';
}
