/* The registry's change journal (snapstore.h). */
#include "store/snapstore.h"

#include <stdio.h>

#include "base/mem.h"
#include "store/stmt.h"

int ss_peek(struct db *db, struct ss_state *st, struct mz_err *err)
{
    struct dbst *s = db_stmt(db, SQL_SS_GEN, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc == DB_ROW) {
        st->gen = db_col_int64(s, 0);
        st->floor = db_col_int64(s, 1);
        st->bulk = db_col_int(s, 2) != 0;
        snprintf(st->instance, sizeof st->instance, "%s", db_col_text(s, 3));
    }
    db_reset(s);
    if (rc != DB_ROW)
        return db_error(db, err, "读取登记库变更代数");
    return 0;
}

int ss_changed_since(struct db *db, int64_t since, int64_t **ids, size_t *n, struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *s = db_stmt(db, SQL_SS_CHANGED, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, since);
    return db_collect_ids(db, s, ids, n, "读取变更的家庭", err);
}

int ss_build_start(struct db *db, int64_t since, struct ss_state *st, int64_t **ids, size_t *n,
                   struct mz_err *err)
{
    if (ids) {
        *ids = NULL;
        *n = 0;
    }
    if (db_begin(db, err) < 0)
        return -1;
    struct dbst *s;
    int rc = ss_peek(db, st, err);
    if (rc == 0 && since >= 0 && ids)
        rc = ss_changed_since(db, since, ids, n, err);
    if (rc == 0)
        rc = (s = db_stmt(db, SQL_SS_BUMP, err)) ? db_exec_stmt(db, s, err) : -1;
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        if (ids) {
            mz_free(*ids);
            *ids = NULL;
            *n = 0;
        }
    }
    return rc;
}

int ss_bulk_begin(struct db *db, struct mz_err *err)
{
    struct dbst *s = db_stmt(db, SQL_SS_BULK_ON, err);
    return s ? db_exec_stmt(db, s, err) : -1;
}

int ss_bulk_end(struct db *db, struct mz_err *err)
{
    struct dbst *s = db_stmt(db, SQL_SS_BULK_OFF, err);
    return s ? db_exec_stmt(db, s, err) : -1;
}
