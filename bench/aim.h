/* One line per aim of a benchmark, in one format that scripts/run-bench.sh
 * gathers into the closing table of `make bench`:
 *   aim | what | figure | aim | met
 * below: whether the figure must stay below the aim (a time) or reach it
 * (a rate). Header-only: each benchmark is one program. */
#ifndef MZ_BENCH_AIM_H
#define MZ_BENCH_AIM_H

#include <stdbool.h>
#include <stdio.h>

static inline void aim(const char *what, double figure, double target, const char *unit,
                       bool below)
{
    bool met = below ? figure < target : figure >= target;
    printf("aim | %s | %.6g %s | %s %.6g %s | %s\n", what, figure, unit, below ? "<" : ">=", target,
           unit, met ? "met" : "NOT MET");
}

#endif
