/* Private to src/gen: the 3-digit sequence numbers of ID numbers, counted
 * per (county, birth date) so that every generated number is unique. Odd
 * sequences (001..999) are men's, even ones (002..998) women's. */
#ifndef MZ_GEN_IDSEQ_H
#define MZ_GEN_IDSEQ_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

/* An open-addressing table of 8-byte slots, each packing the key (county
 * and day) with the two counters; owned by the caller of gen_idseq_init. */
struct gen_idseq {
    uint64_t *slots;
    size_t cap; /* a power of two, or 0 before the first take */
    size_t used;
};

void gen_idseq_init(struct gen_idseq *s);
void gen_idseq_free(struct gen_idseq *s);

/* Takes the next free sequence for a person of `sex` born on *birth in
 * `county` (the 6-digit address code as a number). When that day's
 * sequences of the needed parity are used up, moves *birth back one day at
 * a time until one is free. Returns the sequence (1..999), or -1 with a
 * message on err when memory runs out or the date leaves 1800–2517. */
int gen_idseq_take(struct gen_idseq *s, int county, mz_date *birth, int sex, struct mz_err *err);

#endif
