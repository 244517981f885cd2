/* The store's statement helpers, written on the statement interface of
 * stmt.h alone (no backend's API). */
#include "store/stmt.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "base/mem.h"

int db_one_int(struct db *db, struct dbst *st, int64_t *n, const char *what,
               struct mz_err *err)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        *n = db_col_int64(st, 0);
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, what);
}

int db_exec_stmt(struct db *db, struct dbst *st, struct mz_err *err)
{
    int rc = db_step(st);
    while (rc == DB_ROW)
        rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE)
        return db_error(db, err, "执行语句");
    return 0;
}

int db_insert_id(struct db *db, struct dbst *st, int64_t *id, const char *what,
                 struct mz_err *err)
{
    if (db_step(st) != DB_ROW) {
        db_reset(st);
        return db_error(db, err, what);
    }
    *id = db_col_int64(st, 0);
    return db_exec_stmt(db, st, err);
}

int db_collect_ids(struct db *db, struct dbst *st, int64_t **ids, size_t *n, const char *what,
                   struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (mz_grow(ids, &cap, *n + 1, sizeof **ids) < 0) {
            rc = DB_NOMEM;
            break;
        }
        (*ids)[(*n)++] = db_col_int64(st, 0);
    }
    db_reset(st);
    if (rc == DB_DONE)
        return 0;
    mz_free(*ids);
    *ids = NULL;
    *n = 0;
    return rc == DB_NOMEM ? mz_fail(err, "out_of_memory", "内存不足") : db_error(db, err, what);
}

void db_now(char *out)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static long long last;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long long us = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
    pthread_mutex_lock(&lock);
    if (us <= last)
        us = last + 1;
    last = us;
    pthread_mutex_unlock(&lock);
    time_t secs = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    /* strftime, whose output gcc cannot overestimate, then the fraction. */
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 32 - n, ".%06dZ", (int)(us % 1000000));
}

bool db_scope_narrow(const char (*prefixes)[13], int n)
{
    for (int i = 0; i < n; i++)
        if (strlen(prefixes[i]) < 6)
            return false;
    return true;
}
