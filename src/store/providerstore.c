/* The elderly-care provider network in SQLite (see providerstore.h). */
#include "store/providerstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

/* The columns of PROVIDER_COLS from the current row. */
static void provider_read(struct dbst *st, struct provider_row *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int64(st, 0);
    copy(st, 1, p->code, sizeof p->code);
    copy(st, 2, p->name, sizeof p->name);
    copy(st, 3, p->kind, sizeof p->kind);
    copy(st, 4, p->division, sizeof p->division);
    copy(st, 5, p->address, sizeof p->address);
    p->lon = db_col_double(st, 6);
    p->lat = db_col_double(st, 7);
    p->capacity = db_col_int64(st, 8);
    p->occupancy = db_col_int64(st, 9);
    p->slot_capacity = db_col_int64(st, 10);
    p->parent_id = db_col_int64(st, 11);
    copy(st, 12, p->closed_on, sizeof p->closed_on);
    copy(st, 13, p->closed_reason, sizeof p->closed_reason);
}

/* Binds the fields of p from ?2 (name) to ?11 (parent) and the time ?12. */
static void provider_bind(struct dbst *st, const struct provider_row *p)
{
    char now[32];
    db_now(now);
    db_bind_text(st, 2, p->name);
    db_bind_text(st, 3, p->kind);
    db_bind_text(st, 4, p->division);
    db_bind_text(st, 5, p->address);
    db_bind_double(st, 6, p->lon);
    db_bind_double(st, 7, p->lat);
    db_bind_int64(st, 8, p->capacity);
    db_bind_int64(st, 9, p->occupancy);
    db_bind_int64(st, 10, p->slot_capacity);
    if (p->parent_id > 0)
        db_bind_int64(st, 11, p->parent_id);
    else
        db_bind_null(st, 11);
    db_bind_text(st, 12, now);
}

int pvs_provider_insert(struct db *db, struct provider_row *p, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_INSERT, err);
    if (!st) return -1;
    provider_bind(st, p);
    db_bind_text(st, 1, p->code);
    return db_insert_id(db, st, &p->id, "登记养老服务机构", err);
}

int pvs_provider_update(struct db *db, const struct provider_row *p, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_UPDATE, err);
    if (!st) return -1;
    provider_bind(st, p);
    db_bind_int64(st, 1, p->id);
    return db_exec_stmt(db, st, err);
}

static int provider_one(struct db *db, struct dbst *st, struct provider_row *out,
                        struct mz_err *err)
{
    int rc = db_step(st);
    if (rc == DB_ROW) provider_read(st, out);
    db_reset(st);
    if (rc == DB_ROW) return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取养老服务机构");
}

int pvs_provider_get(struct db *db, int64_t id, struct provider_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    return provider_one(db, st, out, err);
}

int pvs_provider_by_code(struct db *db, const char *code, struct provider_row *out,
                         struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_BY_CODE, err);
    if (!st) return -1;
    db_bind_text(st, 1, code);
    return provider_one(db, st, out, err);
}

int pvs_provider_scan(struct db *db, const char (*prefixes)[13], int n, const char *kind,
                      int (*fn)(void *ctx, const struct provider_row *p), void *ctx,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_SCAN, err);
    if (!st) return -1;
    if (n > 0 && db_bind_prefix_list(st, 1, prefixes, n, err) < 0) {
        db_reset(st);
        return -1;
    }
    db_bind_text(st, 2, kind);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct provider_row p;
        provider_read(st, &p);
        stop = fn(ctx, &p);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "列出养老服务机构");
}

int pvs_provider_offering(struct db *db, const char *service, const char *prefix, const char *day,
                          int (*fn)(void *ctx, const struct provider_row *p, int64_t price),
                          void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_OFFERING, err);
    if (!st) return -1;
    db_bind_text(st, 1, service);
    db_bind_text(st, 2, prefix);
    db_bind_text(st, 3, day);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct provider_row p;
        provider_read(st, &p);
        stop = fn(ctx, &p, db_col_int64(st, 14));
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "查找提供服务的机构");
}

int pvs_provider_close(struct db *db, int64_t id, const char *day, const char *reason,
                       bool *closed, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_CLOSE, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, day);
    db_bind_text(st, 3, reason);
    db_bind_text(st, 4, now);
    if (db_exec_stmt(db, st, err) < 0) return -1;
    *closed = db_changes(db) > 0;
    return 0;
}

int pvs_provider_children(struct db *db, int64_t id, int64_t *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_CHILDREN, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    *n = 0;
    return db_one_int(db, st, n, "统计下属站点", err) < 0 ? -1 : 0;
}

int pvs_service_put(struct db *db, int64_t provider_id, const char *service, int64_t price,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_SERVICE_PUT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, provider_id);
    db_bind_text(st, 2, service);
    db_bind_int64(st, 3, price);
    return db_exec_stmt(db, st, err);
}

int pvs_service_remove(struct db *db, int64_t provider_id, const char *service, bool *removed,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_SERVICE_DEL, err);
    if (!st) return -1;
    db_bind_int64(st, 1, provider_id);
    db_bind_text(st, 2, service);
    if (db_exec_stmt(db, st, err) < 0) return -1;
    *removed = db_changes(db) > 0;
    return 0;
}

int pvs_service_price(struct db *db, int64_t provider_id, const char *service, int64_t *price,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_SERVICE_PRICE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, provider_id);
    db_bind_text(st, 2, service);
    return db_one_int(db, st, price, "读取服务价格", err);
}

int pvs_services_of(struct db *db, int64_t provider_id,
                    int (*fn)(void *ctx, const char *service, int64_t price), void *ctx,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_SERVICES_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, provider_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_text(st, 0), db_col_int64(st, 1));
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取服务目录");
}

int pvs_worker_add(struct db *db, int64_t provider_id, const char *name, int64_t *id, bool *added,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_WORKER_ADD, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, provider_id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, now);
    if (db_exec_stmt(db, st, err) < 0) return -1;
    *added = db_changes(db) > 0;
    if (!(st = db_stmt(db, SQL_PV_WORKER_FIND, err))) return -1;
    db_bind_int64(st, 1, provider_id);
    db_bind_text(st, 2, name);
    return db_one_int(db, st, id, "登记服务人员", err) < 0 ? -1 : 0;
}

int pvs_worker_provider(struct db *db, int64_t worker_id, int64_t *provider_id,
                        char name[TEXT_BYTES(TEXT_MAX_NAME)], struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_WORKER_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, worker_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *provider_id = db_col_int64(st, 0);
        copy(st, 1, name, TEXT_BYTES(TEXT_MAX_NAME));
    }
    db_reset(st);
    if (rc == DB_ROW) return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取服务人员");
}

int pvs_workers_of(struct db *db, int64_t provider_id,
                   int (*fn)(void *ctx, int64_t id, const char *name), void *ctx,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PV_WORKERS_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, provider_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_int64(st, 0), db_col_text(st, 1));
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取服务人员");
}
