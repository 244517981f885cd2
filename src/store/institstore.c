/* Child-welfare institutions in SQLite (see institstore.h). */
#include "store/institstore.h"

#include <stdio.h>

#include "store/stmt.h"

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

/* Inserts through st (bound from 1 on) returning the id; a UNIQUE
 * violation fails with code on field. */
static int insert_unique(struct db *db, struct dbst *st, int64_t *id, const char *field,
                         const char *code, const char *message, const char *what,
                         struct mz_err *err)
{
    int rc = db_step(st);
    if (rc == DB_ROW) *id = db_col_int64(st, 0);
    db_reset(st);
    if (rc == DB_UNIQUE) return mz_fail_field(err, field, code, "%s", message);
    return rc == DB_ROW ? 0 : db_error(db, err, what);
}

int ins_add(struct db *db, const struct inst_row *r, const char *actor, int64_t *id,
            struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_INST_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, r->name);
    db_bind_text(st, 2, r->kind);
    db_bind_text(st, 3, r->division);
    db_bind_int64(st, 4, r->capacity);
    db_bind_text(st, 5, r->licence);
    db_bind_text(st, 6, actor);
    db_bind_text(st, 7, now);
    return insert_unique(db, st, id, "name", "institution_exists", "已有同名的儿童福利机构",
                         "登记儿童福利机构", err);
}

static void read_inst(struct dbst *st, struct inst_row *r)
{
    r->id = db_col_int64(st, 0);
    copy(st, 1, r->name, sizeof r->name);
    copy(st, 2, r->kind, sizeof r->kind);
    copy(st, 3, r->division, sizeof r->division);
    r->capacity = db_col_int64(st, 4);
    copy(st, 5, r->licence, sizeof r->licence);
    r->occupancy = db_col_int64(st, 6);
}

int ins_get(struct db *db, int64_t id, struct inst_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_INST_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) read_inst(st, out);
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "读取儿童福利机构");
}

int ins_list(struct db *db, const char (*prefixes)[13], int n,
             int (*fn)(void *ctx, const struct inst_row *r), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_INST_LIST, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, n, err) < 0) return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct inst_row r;
        read_inst(st, &r);
        stop = fn(ctx, &r);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取儿童福利机构");
}

/* ---- placements -------------------------------------------------------- */

int ins_placement_add(struct db *db, const struct placement_row *r, const char *actor,
                      int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PLACEMENT_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, r->person_id);
    db_bind_int64(st, 2, r->institution_id);
    db_bind_text(st, 3, r->admitted_on);
    db_bind_text(st, 4, r->reason);
    db_bind_text(st, 5, r->source);
    if (r->moved_from) db_bind_int64(st, 6, r->moved_from);
    db_bind_text(st, 7, actor);
    db_bind_text(st, 8, now);
    return insert_unique(db, st, id, "person", "already_placed", "该儿童已在机构安置中",
                         "登记儿童入院安置", err);
}

static void read_placement(struct dbst *st, struct placement_row *r)
{
    r->id = db_col_int64(st, 0);
    r->person_id = db_col_int64(st, 1);
    r->institution_id = db_col_int64(st, 2);
    r->moved_from = db_col_int64(st, 3);
    copy(st, 4, r->institution, sizeof r->institution);
    copy(st, 5, r->name, sizeof r->name);
    copy(st, 6, r->id_masked, sizeof r->id_masked);
    copy(st, 7, r->birth, sizeof r->birth);
    copy(st, 8, r->admitted_on, sizeof r->admitted_on);
    copy(st, 9, r->reason, sizeof r->reason);
    copy(st, 10, r->source, sizeof r->source);
    copy(st, 11, r->left_on, sizeof r->left_on);
    copy(st, 12, r->destination, sizeof r->destination);
}

int ins_placement_open(struct db *db, int64_t person_id, struct placement_row *out,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PLACEMENT_OPEN, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    int rc = db_step(st);
    if (rc == DB_ROW) read_placement(st, out);
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "读取儿童安置");
}

int ins_placement_close(struct db *db, int64_t id, const char *left_on, const char *destination,
                        struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PLACEMENT_CLOSE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, left_on);
    db_bind_text(st, 3, destination);
    return db_exec_stmt(db, st, err);
}

/* Scans the placements st yields (bound by the caller). */
static int scan_placements(struct db *db, struct dbst *st,
                           int (*fn)(void *ctx, const struct placement_row *r), void *ctx,
                           struct mz_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct placement_row r;
        read_placement(st, &r);
        stop = fn(ctx, &r);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取儿童安置");
}

int ins_placements_of(struct db *db, int64_t person_id,
                      int (*fn)(void *ctx, const struct placement_row *r), void *ctx,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PLACEMENTS_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    return scan_placements(db, st, fn, ctx, err);
}

int ins_placements_in(struct db *db, int64_t institution_id, int current,
                      int (*fn)(void *ctx, const struct placement_row *r), void *ctx,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PLACEMENTS_IN, err);
    if (!st) return -1;
    db_bind_int64(st, 1, institution_id);
    db_bind_int(st, 2, current != 0);
    return scan_placements(db, st, fn, ctx, err);
}

/* ---- services ---------------------------------------------------------- */

int ins_service_add(struct db *db, int64_t placement_id, const char *kind, const char *served_on,
                    const char *note, const char *actor, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_INST_SERVICE_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, placement_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, served_on);
    db_bind_text(st, 4, note);
    db_bind_text(st, 5, actor);
    db_bind_text(st, 6, now);
    return db_insert_id(db, st, id, "登记儿童服务记录", err);
}

int ins_services_of(struct db *db, int64_t person_id,
                    int (*fn)(void *ctx, const struct inst_service_row *s), void *ctx,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_INST_SERVICES_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct inst_service_row s = {.id = db_col_int64(st, 0),
                                     .placement_id = db_col_int64(st, 1)};
        copy(st, 2, s.institution, sizeof s.institution);
        copy(st, 3, s.kind, sizeof s.kind);
        copy(st, 4, s.served_on, sizeof s.served_on);
        copy(st, 5, s.note, sizeof s.note);
        stop = fn(ctx, &s);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取儿童服务记录");
}
