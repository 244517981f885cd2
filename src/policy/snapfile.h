/* The whole city's snapshot on disk, beside the database, so that
 * evaluating the city does not re-read every registry row: the snapshot's
 * arrays, each stored in the fewest bytes that hold its range (a day fits
 * in two bytes, a flag in one), under a header naming what it was built
 * from — the database's identity, the change generation, the as-of day and
 * a digest of the policy inputs' layout — and a checksum, so a torn or
 * foreign file is never read as a snapshot. */
#ifndef MZ_SNAPFILE_H
#define MZ_SNAPFILE_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "policy/policy.h"
#include "policy/snapshot.h"

#define SNAPFILE_LAYOUT_LEN 32

/* What a snapshot file was built from. */
struct snapfile_key {
    char instance[33];                        /* the database's identity */
    unsigned char layout[SNAPFILE_LAYOUT_LEN]; /* snapfile_layout of the policy set */
    mz_date as_of;
    int64_t gen; /* the registry generation it covers */
};

/* The digest of what a snapshot's columns mean for set: each input's
 * entity, name, fact, type, default and enum labels, and this file
 * format's version. Two sets with the same layout (e.g. a standard raised)
 * read the same snapshot. */
int snapfile_layout(const struct pol_set *set, unsigned char out[SNAPFILE_LAYOUT_LEN]);

/* The file of db_path's snapshot as of a day: DB-snapshot-YYYY-MM-DD. -1
 * if it does not fit in cap. */
int snapfile_path(const char *db_path, mz_date as_of, char *out, size_t cap);

/* Removes db_path's snapshot files but the `keep` most recently written
 * (the days evaluated now: today, the month a roll pays for). -1 only when
 * memory runs out. */
int snapfile_prune(const char *db_path, int keep, struct mz_err *err);

/* Writes the snapshot (and the registry id of each person row) to path
 * atomically: a temporary file renamed over it. Fails with the code
 * out_of_memory or io_error. */
int snapfile_write(const char *path, const struct pol_set *set, const struct snapfile_key *key,
                   const struct pol_snapshot *s, const int64_t *person_ids, struct mz_err *err);

/* Reads the snapshot at path if it was built for key's instance, layout
 * and as-of day: 1 with *s, *person_ids and key->gen filled; 0 if there is
 * no such file, it was built for something else, or it is damaged; -1 only
 * when memory runs out. */
int snapfile_read(const char *path, const struct pol_set *set, struct snapfile_key *key,
                  struct pol_snapshot **s, int64_t **person_ids, struct mz_err *err);

#endif
