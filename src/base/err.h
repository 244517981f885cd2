/* Error context passed down by functions that can fail on user input: the
 * first failure writes a human-readable message (Chinese or English, saying
 * what is wrong first, with the offending value) and a stable machine code. */
#ifndef MZ_ERR_H
#define MZ_ERR_H

#include <stdarg.h>

struct mz_err {
    char code[32];  /* stable machine code, e.g. "invalid_id_number" */
    char msg[512];  /* message for a person */
    char field[48]; /* the input field at fault, or "" */
};

/* Records code and a printf-style message on err (if err is not NULL) and
 * returns -1, so callers can write `return mz_fail(err, ...)`. */
int mz_fail(struct mz_err *err, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As mz_fail, and names the input field at fault (a column or JSON member). */
int mz_fail_field(struct mz_err *err, const char *field, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Clears err to "no error". */
void mz_err_clear(struct mz_err *err);

#endif
