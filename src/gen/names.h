/* Private to src/gen: plausible Chinese names — surnames weighted by their
 * frequency, given names from character pools typical of the birth
 * generation and sex. */
#ifndef MZ_GEN_NAMES_H
#define MZ_GEN_NAMES_H

#include "gen/rng.h"

/* A surname (static string), drawn by frequency. */
const char *gen_surname(struct gen_rng *r);

/* Writes surname + a 1- or 2-character given name into out (32 bytes). */
void gen_name(struct gen_rng *r, const char *surname, int sex, int birth_year, char out[32]);

#endif
