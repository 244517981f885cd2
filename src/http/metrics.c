/* Request metrics in the Prometheus text format: requests by route and
 * status, a latency histogram per route, and server errors. Lock-free:
 * relaxed atomic counters indexed by route and status class. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "http/api.h"
#include "store/db.h"

#define MAX_ROUTES 64
/* Statuses worth their own series; the rest count as "other". */
static const int statuses[] = {200, 201, 204, 400, 401, 403, 404, 405,
                               409, 413, 415, 422, 429, 500, 503};
#define NSTATUS (sizeof statuses / sizeof statuses[0] + 1)
/* Histogram bucket upper bounds in seconds. */
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,   0.25,   0.5,   1,    2.5};
#define NBUCKET (sizeof bounds / sizeof bounds[0])

/* Slot MAX_ROUTES counts requests no route matched. */
static atomic_long requests[MAX_ROUTES + 1][NSTATUS];
static atomic_long buckets[MAX_ROUTES + 1][NBUCKET];
static atomic_long micros[MAX_ROUTES + 1]; /* latency sum, microseconds */
static atomic_long errors;                 /* 5xx */

void http_metrics_record(int route, int status, double seconds)
{
    size_t r = route >= 0 && route < MAX_ROUTES ? (size_t)route : MAX_ROUTES;
    size_t si = NSTATUS - 1;
    for (size_t i = 0; i + 1 < NSTATUS; i++)
        if (statuses[i] == status)
            si = i;
    atomic_fetch_add_explicit(&requests[r][si], 1, memory_order_relaxed);
    for (size_t b = 0; b < NBUCKET; b++)
        if (seconds <= bounds[b]) {
            atomic_fetch_add_explicit(&buckets[r][b], 1, memory_order_relaxed);
            break;
        }
    atomic_fetch_add_explicit(&micros[r], (long)(seconds * 1e6), memory_order_relaxed);
    if (status >= 500)
        atomic_fetch_add_explicit(&errors, 1, memory_order_relaxed);
}

struct text {
    char *buf;
    size_t len, cap;
    bool failed;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
    for (int attempt = 0; attempt < 2 && !t->failed; attempt++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->buf ? t->buf + t->len : NULL, t->buf ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = true;
        } else if (t->buf && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        } else if (mz_grow(&t->buf, &t->cap, t->len + (size_t)n + 1024, 1) < 0) {
            t->failed = true;
        }
    }
}

char *http_metrics_render(size_t *len)
{
    size_t nroutes;
    const struct http_route *routes = http_routes(&nroutes);
    if (nroutes > MAX_ROUTES)
        nroutes = MAX_ROUTES;
    struct text t = {0};
    put(&t, "# HELP mz_http_requests_total HTTP requests by route and status.\n"
            "# TYPE mz_http_requests_total counter\n");
    for (size_t r = 0; r <= MAX_ROUTES; r++) {
        if (r >= nroutes && r < MAX_ROUTES)
            continue;
        const char *name = r < nroutes ? routes[r].pattern : "unmatched";
        const char *method = r < nroutes ? routes[r].method : "";
        for (size_t si = 0; si < NSTATUS; si++) {
            long n = atomic_load_explicit(&requests[r][si], memory_order_relaxed);
            if (!n)
                continue;
            char status[8];
            snprintf(status, sizeof status, "%d", si + 1 < NSTATUS ? statuses[si] : 0);
            put(&t, "mz_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %ld\n",
                method, name, si + 1 < NSTATUS ? status : "other", n);
        }
    }
    put(&t, "# HELP mz_http_request_seconds Time from request to response, by route.\n"
            "# TYPE mz_http_request_seconds histogram\n");
    for (size_t r = 0; r <= MAX_ROUTES; r++) {
        if (r >= nroutes && r < MAX_ROUTES)
            continue;
        const char *name = r < nroutes ? routes[r].pattern : "unmatched";
        const char *method = r < nroutes ? routes[r].method : "";
        long total = 0;
        for (size_t si = 0; si < NSTATUS; si++)
            total += atomic_load_explicit(&requests[r][si], memory_order_relaxed);
        if (!total)
            continue;
        long cum = 0;
        for (size_t b = 0; b < NBUCKET; b++) {
            cum += atomic_load_explicit(&buckets[r][b], memory_order_relaxed);
            put(&t, "mz_http_request_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%g\"} %ld\n",
                method, name, bounds[b], cum);
        }
        put(&t, "mz_http_request_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+Inf\"} %ld\n",
            method, name, total);
        put(&t, "mz_http_request_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n", method, name,
            (double)atomic_load_explicit(&micros[r], memory_order_relaxed) / 1e6);
        put(&t, "mz_http_request_seconds_count{method=\"%s\",route=\"%s\"} %ld\n", method, name,
            total);
    }
    put(&t, "# HELP mz_http_errors_total Responses with a 5xx status.\n"
            "# TYPE mz_http_errors_total counter\nmz_http_errors_total %ld\n",
        atomic_load(&errors));
    put(&t, "# HELP mz_db_memory_bytes Memory held by the database engine (page caches, "
            "statements), bounded by the cache-mb setting.\n"
            "# TYPE mz_db_memory_bytes gauge\nmz_db_memory_bytes %lld\n",
        (long long)db_memory_used());
    if (t.failed) {
        mz_free(t.buf);
        return NULL;
    }
    *len = t.len;
    return t.buf;
}
