/* Terminal progress bar (see progress.h). */
#include "io/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

enum { BAR_WIDTH = 30 };

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, const char *label, uint64_t total)
{
    *p = (struct progress){.label = label, .total = total, .is_tty = isatty(STDERR_FILENO)};
    p->start = now_seconds();
    p->last_draw = p->start;
}

void progress_format(const struct progress *p, double now, char *out, size_t n)
{
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? (double)p->rows / elapsed : 0;
    if (p->total == 0) {
        snprintf(out, n, "%s  %llu 行  %.0f 行/秒", p->label, (unsigned long long)p->rows, rate);
        return;
    }
    double frac = p->done >= p->total ? 1.0 : (double)p->done / (double)p->total;
    char bar[BAR_WIDTH + 1];
    int full = (int)(frac * BAR_WIDTH);
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < full ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    char eta[32] = "--:--";
    if (frac > 0 && elapsed > 0) {
        long left = (long)(elapsed / frac - elapsed + 0.5);
        if (left >= 3600)
            snprintf(eta, sizeof eta, "%ld:%02ld:%02ld", left / 3600, left / 60 % 60, left % 60);
        else
            snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
    }
    snprintf(out, n, "%s %3d%% [%s] %.0f 行/秒  剩余 %s", p->label, (int)(frac * 100), bar, rate,
             eta);
}

static void draw(struct progress *p, double now)
{
    char line[256];
    progress_format(p, now, line, sizeof line);
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    p->last_draw = now;
}

void progress_update(struct progress *p, uint64_t done, uint64_t rows)
{
    p->done = done;
    p->rows = rows;
    if (!p->is_tty)
        return;
    double now = now_seconds();
    if (now - p->last_draw >= 0.1)
        draw(p, now);
}

void progress_finish(struct progress *p)
{
    if (!p->is_tty)
        return;
    draw(p, now_seconds());
    fputc('\n', stderr);
}
