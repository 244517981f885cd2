/* The catalogue of fact variables the registry accepts: name, entity, type
 * and Chinese label. A fact's value is checked against its type and stored
 * in one canonical text form, so that "770", "770.0" and "770.00" are the
 * same record:
 *   money  yuan with at most 2 decimals  -> integer fen ("77000")
 *   int    integer within [min, max]     -> decimal integer
 *   bool   是/否/true/false/1/0/Y/N       -> "1" / "0"
 *   date   YYYY-MM-DD or YYYYMMDD         -> "YYYY-MM-DD"
 *   enum   one of the listed labels       -> the label */
#ifndef MZ_VARS_H
#define MZ_VARS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum var_type { VAR_MONEY, VAR_INT, VAR_BOOL, VAR_DATE, VAR_ENUM };
enum var_entity { VAR_PERSON, VAR_HOUSEHOLD };

struct var_def {
    const char *name;
    enum var_entity entity;
    enum var_type type;
    const char *label;
    long min, max;             /* VAR_INT bounds */
    const char *const *labels; /* VAR_ENUM values, NULL-terminated */
};

/* The definition of variable `name`, or NULL if there is none. */
const struct var_def *var_find(const char *name);

/* All variables (borrowed, static). */
const struct var_def *var_all(size_t *n);

/* Checks value against v and writes its canonical form into out (cap
 * bytes). Fails with a Chinese message naming the variable and the value. */
int var_canonical(const struct var_def *v, const char *value, char *out, size_t cap,
                  struct mz_err *err);

/* Parses yuan text ("770", "770.5", "-12.34") into fen; -1 if malformed or
 * more than 2 decimals or out of range. */
int money_parse(const char *s, int64_t *fen);

#endif
