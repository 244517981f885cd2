/* Puts a synthetic city (gen.h) into the registry, or writes it as the
 * three import files (households.csv, persons.csv, facts.csv) that
 * `mz import` reads — the same path real data takes. */
#ifndef MZ_GEN_LOAD_H
#define MZ_GEN_LOAD_H

#include <stdint.h>

#include "base/err.h"
#include "gen/gen.h"
#include "registry/registry.h"

struct gen_load_stats {
    uint64_t households, persons, facts;
};

/* Generates opts->persons persons over the village-level divisions under
 * province and loads them in one transaction (all or nothing). */
int gen_load(struct registry *r, const struct gen_options *opts, const char *province,
             struct gen_load_stats *st, struct mz_err *err);

/* Same, but writes DIR/households.csv, DIR/persons.csv and DIR/facts.csv. */
int gen_write_csv(struct registry *r, const struct gen_options *opts, const char *province,
                  const char *dir, struct gen_load_stats *st, struct mz_err *err);

#endif
