/* Private to src/gen: the 3-digit sequence numbers of ID numbers, counted
 * per (county, birth date) so that every generated number is unique. Odd
 * sequences (001..999) are men's, even ones (002..998) women's. */
#ifndef MZ_GEN_IDSEQ_H
#define MZ_GEN_IDSEQ_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

/* Counters for a fixed set of counties (numbered 0..ncounties-1 by the
 * caller) over the days first_day..last_day: one dense array per county,
 * allocated when the county is first used (4 bytes a day, about 190 KiB for
 * 130 years), so memory depends on the number of counties, not of persons.
 * Owned by the caller of gen_idseq_init; release with gen_idseq_free. */
struct gen_idseq {
    uint32_t **counters; /* per county: men's count | women's count << 16, per day */
    size_t ncounties;
    mz_date first_day, last_day;
};

/* Prepares counters for ncounties counties. Returns 0, or -1 with a message
 * on err when memory runs out. */
int gen_idseq_init(struct gen_idseq *s, size_t ncounties, mz_date first_day, mz_date last_day,
                   struct mz_err *err);
void gen_idseq_free(struct gen_idseq *s);

/* Takes the next free sequence for a person of `sex` born on *birth in
 * county number `county`. When that day's sequences of the needed parity
 * are used up, moves *birth back one day at a time until one is free.
 * Returns the sequence (1..999), or -1 with a message on err when memory
 * runs out or the date falls outside first_day..last_day. */
int gen_idseq_take(struct gen_idseq *s, size_t county, mz_date *birth, int sex,
                   struct mz_err *err);

#endif
