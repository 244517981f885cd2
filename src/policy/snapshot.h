/* The snapshot the policy engine reads: the population as struct-of-arrays.
 * Persons are sorted by household, so household h's members are the rows
 * member_start[h] .. member_start[h+1]-1. One int64 column per input of a
 * compiled set (pol_inputs), filled with each input's default when created,
 * so a loader writes only the facts it has.
 *
 * A loader:  snap = pol_snapshot_new(set, npersons, nhouseholds, err);
 *            fill household_id, member_start, division (12 digits + NUL);
 *            for each fact: pol_value_parse(set, input, text, &v, err);
 *                           pol_snapshot_column(snap, input)[row] = v;
 * The snapshot owns its arrays; free with pol_snapshot_free. It does not
 * depend on SQLite. */
#ifndef MZ_POLICY_SNAPSHOT_H
#define MZ_POLICY_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "policy/policy.h"

struct pol_snapshot {
    size_t npersons, nhouseholds;
    int64_t *household_id;  /* [nhouseholds] registry ids */
    size_t *member_start;   /* [nhouseholds + 1]; member_start[nhouseholds] = npersons */
    char (*division)[13];   /* [nhouseholds] 12-digit division code */
    int ncolumns;           /* = number of inputs of the set */
    int64_t **columns;      /* [ncolumns], each [npersons] or [nhouseholds] */
};

/* A snapshot shaped for `set`: every column holds its input's default,
 * divisions are empty, member_start is all zero. NULL on allocation failure. */
struct pol_snapshot *pol_snapshot_new(const struct pol_set *set, size_t npersons,
                                      size_t nhouseholds, struct mz_err *err);
void pol_snapshot_free(struct pol_snapshot *snap);

/* The column of input `input` (see pol_inputs); borrowed from snap. */
int64_t *pol_snapshot_column(struct pol_snapshot *snap, int input);

/* Checks the shape: member_start non-decreasing from 0 to npersons,
 * divisions of 12 digits. 0 or -1 with a message. */
int pol_snapshot_validate(const struct pol_snapshot *snap, struct mz_err *err);

#endif
