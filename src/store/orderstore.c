/* Home-service orders and their settlement in SQLite (see orderstore.h). */
#include "store/orderstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

/* The columns of ORDER_COLS from the current row. */
static void order_read(struct dbst *st, struct order_row *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int64(st, 0);
    o->person_id = db_col_int64(st, 1);
    o->household_id = db_col_int64(st, 2);
    copy(st, 3, o->division, sizeof o->division);
    o->provider_id = db_col_int64(st, 4);
    copy(st, 5, o->service, sizeof o->service);
    o->price = db_col_int64(st, 6);
    copy(st, 7, o->slot, sizeof o->slot);
    copy(st, 8, o->orderer, sizeof o->orderer);
    copy(st, 9, o->orderer_name, sizeof o->orderer_name);
    copy(st, 10, o->ordered_by, sizeof o->ordered_by);
    o->distance = db_col_int64(st, 11);
    copy(st, 12, o->located, sizeof o->located);
    copy(st, 13, o->state, sizeof o->state);
    o->worker_id = db_col_int64(st, 14);
    copy(st, 15, o->checkin_at, sizeof o->checkin_at);
    o->checkin_lon = db_col_double(st, 16);
    o->checkin_lat = db_col_double(st, 17);
    o->checkin_distance = db_col_int64(st, 18);
    o->checkin_far = db_col_int(st, 19) != 0;
    copy(st, 20, o->checkout_at, sizeof o->checkout_at);
    copy(st, 21, o->done_on, sizeof o->done_on);
    o->rating = db_col_int64(st, 22);
    copy(st, 23, o->complaint, sizeof o->complaint);
    copy(st, 24, o->complaint_office, sizeof o->complaint_office);
    o->subsidy = db_col_int64(st, 25);
    o->settle_roll = db_col_int64(st, 26);
    copy(st, 27, o->created_at, sizeof o->created_at);
}

int ors_order_insert(struct db *db, struct order_row *o, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_INSERT, err);
    if (!st) return -1;
    db_now(o->created_at);
    db_bind_int64(st, 1, o->person_id);
    db_bind_int64(st, 2, o->household_id);
    db_bind_text(st, 3, o->division);
    db_bind_int64(st, 4, o->provider_id);
    db_bind_text(st, 5, o->service);
    db_bind_int64(st, 6, o->price);
    db_bind_text(st, 7, o->slot);
    db_bind_text(st, 8, o->orderer);
    db_bind_text(st, 9, o->orderer_name);
    db_bind_text(st, 10, o->ordered_by);
    db_bind_int64(st, 11, o->distance);
    db_bind_text(st, 12, o->located);
    db_bind_text(st, 13, o->created_at);
    snprintf(o->state, sizeof o->state, "dispatched");
    return db_insert_id(db, st, &o->id, "登记服务订单", err);
}

int ors_order_get(struct db *db, int64_t id, struct order_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) order_read(st, out);
    db_reset(st);
    if (rc == DB_ROW) return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取服务订单");
}

int ors_slot_taken(struct db *db, int64_t provider_id, const char *slot, int64_t *n,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_SLOT_TAKEN, err);
    if (!st) return -1;
    db_bind_int64(st, 1, provider_id);
    db_bind_text(st, 2, slot);
    *n = 0;
    return db_one_int(db, st, n, "统计时段订单", err) < 0 ? -1 : 0;
}

int ors_order_update(struct db *db, const struct order_row *o, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_UPDATE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, o->id);
    db_bind_text(st, 2, o->state);
    db_bind_int64(st, 3, o->worker_id);
    db_bind_text(st, 4, o->checkin_at);
    if (o->checkin_at[0]) {
        db_bind_double(st, 5, o->checkin_lon);
        db_bind_double(st, 6, o->checkin_lat);
        db_bind_int64(st, 7, o->checkin_distance);
    }
    db_bind_int(st, 8, o->checkin_far);
    db_bind_text(st, 9, o->checkout_at);
    db_bind_text(st, 10, o->done_on);
    db_bind_int64(st, 11, o->rating);
    db_bind_text(st, 12, o->complaint);
    db_bind_text(st, 13, o->complaint_office);
    char now[32];
    db_now(now);
    db_bind_text(st, 14, now);
    return db_exec_stmt(db, st, err);
}

/* Binds an order filter as ?1-?4. */
static int bind_filter(struct dbst *st, const struct order_filter *f, struct mz_err *err)
{
    if (f->nprefixes > 0 && db_bind_prefix_list(st, 1, f->prefixes, f->nprefixes, err) < 0)
        return -1;
    db_bind_int64(st, 2, f->provider_id);
    db_bind_text(st, 3, f->state);
    db_bind_int(st, 4, f->complaints);
    return 0;
}

int ors_order_list(struct db *db, const struct order_filter *f, int page, int per_page,
                   int (*fn)(void *ctx, const struct order_row *o), void *ctx, int64_t *total,
                   struct mz_err *err)
{
    int64_t counts[4];
    if (ors_order_counts(db, f, counts, err) < 0) return -1;
    *total = counts[0] + counts[1] + counts[2] + counts[3];
    struct dbst *st = db_stmt(db, SQL_OR_LIST, err);
    if (!st) return -1;
    if (bind_filter(st, f, err) < 0) {
        db_reset(st);
        return -1;
    }
    db_bind_int(st, 5, per_page);
    db_bind_int64(st, 6, (int64_t)(page - 1) * per_page);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct order_row o;
        order_read(st, &o);
        stop = fn(ctx, &o);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "列出服务订单");
}

int ors_order_counts(struct db *db, const struct order_filter *f, int64_t counts[4],
                     struct mz_err *err)
{
    static const char *const states[4] = {"dispatched", "serving", "done", "cancelled"};
    memset(counts, 0, 4 * sizeof counts[0]);
    struct dbst *st = db_stmt(db, SQL_OR_COUNT, err);
    if (!st) return -1;
    if (bind_filter(st, f, err) < 0) {
        db_reset(st);
        return -1;
    }
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        for (int i = 0; i < 4; i++)
            if (strcmp(db_col_text(st, 0), states[i]) == 0) counts[i] = db_col_int64(st, 1);
    db_reset(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "统计服务订单");
}

int ors_clients(struct db *db, int64_t provider_id,
                int (*fn)(void *ctx, int64_t person_id, int64_t household_id, const char *services),
                void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_CLIENTS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, provider_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop =
            fn(ctx, db_col_int64(st, 0), db_col_int64(st, 1), db_col_text(st, 2));
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "列出服务对象");
}

/* ---- settlement ---- */

int ors_settle_candidates(struct db *db, const char *prefix, const char *before,
                          const struct settle_window *prev, const char *through,
                          struct settle_order **out, size_t *n, struct mz_err *err)
{
    *out = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_OR_SETTLE_CANDIDATES, err);
    if (!st) return -1;
    db_bind_text(st, 1, prefix);
    db_bind_text(st, 2, before);
    if (prev) {
        db_bind_text(st, 3, prev->before);
        db_bind_text(st, 4, prev->through);
    }
    db_bind_text(st, 5, through);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            struct settle_order *v = mz_realloc(*out, ncap * sizeof **out);
            if (!v) {
                rc = DB_NOMEM;
                break;
            }
            *out = v;
            cap = ncap;
        }
        struct settle_order *o = &(*out)[(*n)++];
        o->id = db_col_int64(st, 0);
        o->person_id = db_col_int64(st, 1);
        o->household_id = db_col_int64(st, 2);
        o->provider_id = db_col_int64(st, 3);
        o->price = db_col_int64(st, 4);
        const char *slot = db_col_text(st, 5);
        o->month = atoi(slot) * 12 + atoi(slot + 5) - 1;
        copy(st, 6, o->division, sizeof o->division);
        o->rural = db_col_int(st, 7) != 0;
    }
    db_reset(st);
    if (rc == DB_DONE) return 0;
    mz_free(*out);
    *out = NULL;
    *n = 0;
    return rc == DB_NOMEM ? mz_fail(err, "out_of_memory", "内存不足")
                              : db_error(db, err, "读取待结算订单");
}

int ors_settlement_put(struct db *db, int64_t roll, const char *unit, const char *month,
                       char through[32], struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_SETTLEMENT_PUT, err);
    if (!st)
        return -1;
    db_now(through);
    db_bind_int64(st, 1, roll);
    db_bind_text(st, 2, unit);
    db_bind_text(st, 3, month);
    db_bind_text(st, 4, through);
    return db_exec_stmt(db, st, err);
}

int ors_settlement_prev(struct db *db, const char *unit, const char *month,
                        struct settle_window *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_SETTLEMENT_PREV, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, unit);
    db_bind_text(st, 2, month);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->roll = db_col_int64(st, 0);
        snprintf(out->month, sizeof out->month, "%s", db_col_text(st, 1));
        snprintf(out->through, sizeof out->through, "%s", db_col_text(st, 2));
    }
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取上一结算单");
}

int ors_settlement_later(struct db *db, const char *unit, const char *month, int64_t *n,
                         struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_SETTLEMENT_LATER, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, unit);
    db_bind_text(st, 2, month);
    *n = 0;
    return db_one_int(db, st, n, "读取结算单", err) < 0 ? -1 : 0;
}

int ors_settled_sum(struct db *db, int64_t person_id, const char *month, int64_t *sum,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_SETTLED_SUM, err);
    if (!st) return -1;
    char from[16], to[16];
    snprintf(from, sizeof from, "%.7s-00", month);
    snprintf(to, sizeof to, "%.7s-99", month);
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    *sum = 0;
    return db_one_int(db, st, sum, "读取已结算补贴", err) < 0 ? -1 : 0;
}

int ors_order_settle(struct db *db, int64_t id, int64_t roll, int64_t subsidy, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_SETTLE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, roll);
    db_bind_int64(st, 3, subsidy);
    return db_exec_stmt(db, st, err);
}

int ors_settle_release(struct db *db, int64_t roll, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_RELEASE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, roll);
    if (db_exec_stmt(db, st, err) < 0 || !(st = db_stmt(db, SQL_OR_LINES_DELETE, err))) return -1;
    db_bind_int64(st, 1, roll);
    return db_exec_stmt(db, st, err);
}

int ors_settle_line_insert(struct db *db, int64_t roll, int64_t provider_id, int64_t orders,
                           int64_t subsidised, int64_t amount, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_LINE_INSERT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, roll);
    db_bind_int64(st, 2, provider_id);
    db_bind_int64(st, 3, orders);
    db_bind_int64(st, 4, subsidised);
    db_bind_int64(st, 5, amount);
    return db_exec_stmt(db, st, err);
}

int ors_settle_lines(struct db *db, int64_t roll,
                     int (*fn)(void *ctx, int64_t provider_id, int64_t orders, int64_t subsidised,
                               int64_t amount),
                     void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_LINES, err);
    if (!st) return -1;
    db_bind_int64(st, 1, roll);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_int64(st, 0), db_col_int64(st, 1),
                  db_col_int64(st, 2), db_col_int64(st, 3));
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取结算明细");
}

int ors_open_of_person(struct db *db, int64_t person_id, int64_t **ids, size_t *n,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_OR_OPEN_OF_PERSON, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    return db_collect_ids(db, st, ids, n, "查找未完成的服务订单", err);
}
