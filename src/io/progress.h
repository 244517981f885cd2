/* A progress bar on stderr for long imports and exports:
 *
 *     导入人员  42% [###########.................]  512340 行/秒  剩余 0:37
 *
 * Drawn only when stderr is a terminal, at most ten times a second; silent
 * otherwise (logs and pipes get nothing). */
#ifndef MZ_PROGRESS_H
#define MZ_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct progress {
    const char *label; /* borrowed until progress_finish */
    uint64_t total;    /* units of `done` (bytes, usually); 0 = unknown */
    uint64_t done, rows;
    double start, last_draw; /* monotonic seconds */
    bool is_tty;
};

/* Starts a bar; total 0 shows rows and rate without percent or ETA. */
void progress_start(struct progress *p, const char *label, uint64_t total);

/* Records progress (done of total, rows so far) and redraws if the last
 * draw is more than 0.1 s old. Cheap enough to call for every row. */
void progress_update(struct progress *p, uint64_t done, uint64_t rows);

/* Draws the final state and ends the line. */
void progress_finish(struct progress *p);

/* The line progress_update would draw, into out (for tests). */
void progress_format(const struct progress *p, double now, char *out, size_t n);

#endif
