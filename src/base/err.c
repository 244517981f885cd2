/* Error context. */
#include "base/err.h"

#include <stdio.h>
#include <string.h>

int mz_fail(struct mz_err *err, const char *code, const char *fmt, ...)
{
    if (!err)
        return -1;
    snprintf(err->code, sizeof err->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

void mz_err_clear(struct mz_err *err)
{
    err->code[0] = '\0';
    err->msg[0] = '\0';
}
