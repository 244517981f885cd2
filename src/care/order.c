/* Home-service orders (order.h): slots, dispatch to the nearest provider
 * with room, check-in and check-out, rating and complaint, cancellation. */
#include "care/order.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "care/place.h"
#include "care/provider.h"
#include "policy/policy.h"
#include "store/providerstore.h"
#include "store/regstore.h"

static const int slot_hours[CARE_SLOTS_PER_DAY] = {8, 10, 14, 16};

/* ---- slots ---- */

/* A slot as day * CARE_SLOTS_PER_DAY + k; -1 if text is no slot. */
static int64_t slot_index(const char *text)
{
    char day[11];
    if (!text || strlen(text) < 13 || (text[10] != 'T' && text[10] != ' ')) return -1;
    memcpy(day, text, 10);
    day[10] = 0;
    mz_date d = date_parse(day);
    const char *h = text + 11;
    if (d == MZ_DATE_NONE || h[0] < '0' || h[0] > '9' || h[1] < '0' || h[1] > '9') return -1;
    int hour = (h[0] - '0') * 10 + (h[1] - '0');
    const char *rest = h + 2;
    if (*rest && strcmp(rest, ":00") != 0) return -1;
    for (int k = 0; k < CARE_SLOTS_PER_DAY; k++)
        if (slot_hours[k] == hour) return (int64_t)d * CARE_SLOTS_PER_DAY + k;
    return -1;
}

static void slot_text(int64_t index, char out[16])
{
    char day[11];
    date_format((mz_date)(index / CARE_SLOTS_PER_DAY), day);
    snprintf(out, 16, "%sT%02d", day, slot_hours[index % CARE_SLOTS_PER_DAY]);
}

int care_slot_parse(const char *text, char out[16], struct mz_err *err)
{
    int64_t i = slot_index(text);
    if (i < 0)
        return mz_fail_field(err, "slot", "invalid_value",
                             "服务时段应为“YYYY-MM-DD HH:00”，时段从 08:00、10:00、14:00 或 16:00 "
                             "开始，实为“%.40s”",
                             text ? text : "");
    slot_text(i, out);
    return 0;
}

void care_slot_label(const char *slot, char out[40])
{
    int64_t i = slot_index(slot);
    if (i < 0) {
        snprintf(out, 40, "%s", slot);
        return;
    }
    int h = slot_hours[i % CARE_SLOTS_PER_DAY];
    snprintf(out, 40, "%.10s %02d:00–%02d:00", slot, h, h + 2);
}

const char *care_order_state_label(const char *state)
{
    static const char *const labels[][2] = {{"dispatched", "已派单"},
                                            {"serving", "服务中"},
                                            {"done", "已完成"},
                                            {"cancelled", "已取消"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i][0], state) == 0) return labels[i][1];
    return state;
}

static const char *const orderers[][2] = {
    {"caseworker", "经办人"}, {"resident", "本人"}, {"family", "家属"}};

const char *care_orderer_label(const char *orderer)
{
    for (size_t i = 0; i < 3; i++)
        if (strcmp(orderers[i][0], orderer) == 0) return orderers[i][1];
    return orderer;
}

/* ---- audit and transactions ---- */

static int audit(struct registry *r, const char *action, const struct order_row *o,
                 const char *detail, struct mz_err *err)
{
    char id[24], after[200];
    snprintf(id, sizeof id, "%" PRId64, o->id);
    snprintf(after, sizeof after, "%" PRId64 "|%" PRId64 "|%s|%s|%s|%" PRId64, o->person_id,
             o->provider_id, o->service, o->slot, o->state, o->rating);
    struct audit_event ev = {reg_actor(r), action, "care_order", id, NULL, after, detail};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

static int finish(struct registry *r, int rc, struct mz_err *err)
{
    if (rc == 0 && db_commit(reg_db(r), err) == 0) return 0;
    db_rollback(reg_db(r));
    return -1;
}

/* ---- dispatch ---- */

struct candidate {
    struct provider_row p;
    int64_t price;
    double distance;
};

struct candidates {
    struct candidate *v;
    size_t n, cap;
    struct care_point home;
};

static int add_candidate(void *ctx, const struct provider_row *p, int64_t price)
{
    struct candidates *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct candidate *v = mz_realloc(c->v, cap * sizeof *v);
        if (!v) return -2;
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] =
        (struct candidate){*p, price, care_distance_m(c->home.lon, c->home.lat, p->lon, p->lat)};
    return 0;
}

static int by_distance(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->distance != y->distance) return x->distance < y->distance ? -1 : 1;
    return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

/* The first candidate (nearest first) with room in slot: its index, -1 if
 * none, -2 on error. */
static int with_room(struct db *db, const struct candidates *c, const char *slot,
                     struct mz_err *err)
{
    for (size_t i = 0; i < c->n; i++) {
        int64_t taken;
        if (ors_slot_taken(db, c->v[i].p.id, slot, &taken, err) < 0) return -2;
        if (taken < c->v[i].p.slot_capacity) return (int)i;
    }
    return -1;
}

static int orderer_parse(const char *text, const char **out, struct mz_err *err)
{
    if (!text || !*text) text = "caseworker"; /* entered by the caseworker */
    for (size_t i = 0; i < 3; i++)
        if (strcmp(orderers[i][0], text) == 0 || strcmp(orderers[i][1], text) == 0) {
            *out = orderers[i][0];
            return 0;
        }
    return mz_fail_field(err, "orderer", "invalid_value",
                         "下单人应为 经办人、本人 或 家属，实为“%.40s”", text);
}

/* The checks of an order that need no database. */
static int order_check(const struct care_order_in *in, struct order_row *o, struct mz_err *err)
{
    const char *orderer = NULL;
    if (!in->service || !*in->service)
        return mz_fail_field(err, "service", "missing_field", "缺少服务项目");
    if (!care_service_known(in->service))
        return mz_fail_field(err, "service", "invalid_value", "服务项目“%.40s”不在服务目录中",
                             in->service);
    if (!in->slot || !*in->slot) return mz_fail_field(err, "slot", "missing_field", "缺少服务时段");
    if (care_slot_parse(in->slot, o->slot, err) < 0 ||
        orderer_parse(in->orderer, &orderer, err) < 0 ||
        text_check(in->orderer_name, "orderer_name", "下单人姓名", TEXT_MAX_NAME, TEXT_NAME, err) <
            0)
        return -1;
    mz_date taken = in->taken ? in->taken : date_today();
    if (taken > date_today())
        return mz_fail_field(err, "taken", "invalid_value", "下单日期晚于今天");
    int64_t i = slot_index(o->slot), first = (int64_t)taken * CARE_SLOTS_PER_DAY;
    if (i < first || i >= first + CARE_SLOT_AHEAD_DAYS * CARE_SLOTS_PER_DAY)
        return mz_fail_field(err, "slot", "invalid_value",
                             "服务时段应在下单之日起 %d 天内，实为 %.10s", CARE_SLOT_AHEAD_DAYS,
                             o->slot);
    if (strcmp(orderer, "family") == 0 && (!in->orderer_name || !*in->orderer_name))
        return mz_fail_field(err, "orderer_name", "missing_field", "家属下单须写明家属姓名");
    snprintf(o->service, sizeof o->service, "%s", in->service);
    snprintf(o->orderer, sizeof o->orderer, "%s", orderer);
    snprintf(o->orderer_name, sizeof o->orderer_name, "%s",
             in->orderer_name ? in->orderer_name : "");
    return 0;
}

/* Fills the candidates for the slot: the provider asked for, or those of
 * the county offering the service and open on the slot's day, nearest
 * first. */
static int candidates_load(struct db *db, const struct care_order_in *in, const char *division,
                           const char *slot, struct candidates *c, struct mz_err *err)
{
    char day[11];
    snprintf(day, sizeof day, "%.10s", slot);
    if (in->provider_id > 0) {
        struct provider_row p;
        int64_t price;
        int found = pvs_provider_get(db, in->provider_id, &p, err);
        if (found == 0)
            return mz_fail_field(err, "provider_id", "not_found", "养老服务机构 %" PRId64 " 不存在",
                                 in->provider_id);
        if (found < 0 || care_provider_open(&p, day, "provider_id", err) < 0 ||
            (found = pvs_service_price(db, p.id, in->service, &price, err)) < 0)
            return -1;
        if (!found)
            return mz_fail_field(err, "service", "not_offered", "“%s”不提供%s服务", p.name,
                                 in->service);
        return add_candidate(c, &p, price) < 0 ? mz_fail(err, "out_of_memory", "内存不足") : 0;
    }
    char county[7];
    snprintf(county, sizeof county, "%.6s", division);
    int rc = pvs_provider_offering(db, in->service, county, day, add_candidate, c, err);
    if (rc == -2) return mz_fail(err, "out_of_memory", "内存不足");
    if (rc < 0) return -1;
    if (!c->n)
        return mz_fail_field(err, "service", "no_provider", "本区县没有提供%s服务的机构",
                             in->service);
    qsort(c->v, c->n, sizeof *c->v, by_distance);
    return 0;
}

/* The refusal for a full slot: the next slot with room, within the days
 * orders are taken. */
static int refuse_full(struct db *db, const struct candidates *c, const char *slot,
                       struct care_order_out *out, struct mz_err *err)
{
    int64_t first = slot_index(slot);
    int64_t last = first + CARE_SLOT_AHEAD_DAYS * CARE_SLOTS_PER_DAY;
    char label[40], next[16];
    care_slot_label(slot, label);
    for (int64_t i = first + 1; i < last; i++) {
        slot_text(i, next);
        int k = with_room(db, c, next, err);
        if (k == -2) return -1;
        if (k >= 0) {
            char nlabel[40];
            care_slot_label(next, nlabel);
            snprintf(out->next_slot, sizeof out->next_slot, "%s", next);
            out->next_provider = c->v[k].p.id;
            return mz_fail_field(err, "slot", "no_capacity", "%s%s已约满，最近可约时段：%s（%s）",
                                 label, c->n == 1 ? c->v[0].p.name : "附近提供该服务的机构均",
                                 nlabel, c->v[k].p.name);
        }
    }
    return mz_fail_field(err, "slot", "no_capacity", "%s起 %d 天内%s均已约满", label,
                         CARE_SLOT_AHEAD_DAYS, c->n == 1 ? c->v[0].p.name : "附近机构");
}

int care_order_place(struct registry *r, const struct care_order_in *in, struct care_order_out *out,
                     struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct order_row o = {0};
    memset(out, 0, sizeof *out);
    if (order_check(in, &o, err) < 0) return -1;
    struct person_row person;
    struct household_row hh;
    char relation[32];
    mz_date since;
    int found = rs_person_get(db, in->person_id, &person, err);
    if (found > 0)
        found = rs_membership_current(db, in->person_id, &o.household_id, relation, &since, err);
    if (found > 0) found = rs_household_get(db, o.household_id, &hh, err);
    if (found == 0)
        return mz_fail_field(err, "person_id", "unknown_person",
                             "人员 %" PRId64 " 不存在或不属于任何家庭", in->person_id);
    if (found < 0) return -1;
    struct candidates c = {0};
    if (care_place(db, hh.division, hh.hh_no, &c.home, err) < 0 || db_begin(db, err) < 0) return -1;
    int rc = candidates_load(db, in, hh.division, o.slot, &c, err);
    int k = rc < 0 ? -2 : with_room(db, &c, o.slot, err);
    if (k < 0) rc = k == -1 ? refuse_full(db, &c, o.slot, out, err) : -1;
    if (rc == 0) {
        o.person_id = in->person_id;
        o.provider_id = c.v[k].p.id;
        o.price = c.v[k].price;
        o.distance = (int64_t)llround(c.v[k].distance);
        snprintf(o.division, sizeof o.division, "%s", hh.division);
        snprintf(o.located, sizeof o.located, "%s", c.home.derived ? "derived" : "recorded");
        snprintf(o.ordered_by, sizeof o.ordered_by, "%s", reg_actor(r));
        rc = ors_order_insert(db, &o, err);
    }
    if (rc == 0) rc = audit(r, "order.add", &o, o.orderer, err);
    mz_free(c.v);
    if (finish(r, rc, err) < 0) return -1;
    *out = (struct care_order_out){.id = o.id,
                                   .provider_id = o.provider_id,
                                   .distance = o.distance,
                                   .derived = c.home.derived};
    return 0;
}

/* ---- service ---- */

/* The time text of `at` ("YYYY-MM-DD HH:MM") or now in China; day gets the
 * date part. */
static int time_of(const char *at, char out[20], char day[11], struct mz_err *err)
{
    if (at && *at) {
        int h, m;
        char d[11];
        if (strlen(at) != 16 || at[10] != ' ' || sscanf(at + 11, "%2d:%2d", &h, &m) != 2 ||
            h > 23 || m > 59 || (memcpy(d, at, 10), d[10] = 0, date_parse(d)) == MZ_DATE_NONE)
            return mz_fail_field(err, "at", "invalid_value",
                                 "时间应为“YYYY-MM-DD HH:MM”，实为“%.40s”", at);
        if (date_parse(d) > date_today())
            return mz_fail_field(err, "at", "invalid_value", "时间 %s 晚于今天", at);
        snprintf(out, 20, "%s", at);
        snprintf(day, 11, "%s", d);
        return 0;
    }
    time_t now = time(NULL) + 8 * 3600;
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
    date_format(date_today(), day);
    memcpy(out, day, 10);
    return 0;
}

/* Loads order id inside the open transaction; not_found if none. */
static int order_load(struct registry *r, int64_t id, struct order_row *o, struct mz_err *err)
{
    int found = ors_order_get(reg_db(r), id, o, err);
    if (found == 0) return mz_fail(err, "not_found", "服务订单 %" PRId64 " 不存在", id);
    return found < 0 ? -1 : 0;
}

static int bad_state(const struct order_row *o, const char *want, struct mz_err *err)
{
    return mz_fail(err, "bad_state", "订单 %" PRId64 " 状态为“%s”，只有“%s”的订单可以这样办理",
                   o->id, care_order_state_label(o->state), care_order_state_label(want));
}

int care_order_checkin(struct registry *r, const struct pol_set *set, int64_t id, int64_t worker_id,
                       const char *lon, const char *lat, const char *at, struct mz_err *err)
{
    struct db *db = reg_db(r);
    char when[20], day[11], wname[TEXT_BYTES(TEXT_MAX_NAME)];
    if (time_of(at, when, day, err) < 0 || db_begin(db, err) < 0) return -1;
    struct order_row o;
    struct household_row hh;
    struct care_point home;
    int64_t wprovider = 0;
    int rc = order_load(r, id, &o, err);
    if (rc == 0 && strcmp(o.state, "dispatched") != 0) rc = bad_state(&o, "dispatched", err);
    int found = rc < 0 ? -1 : pvs_worker_provider(db, worker_id, &wprovider, wname, err);
    if (found == 0 || (found > 0 && wprovider != o.provider_id))
        rc = mz_fail_field(err, "worker_id", "wrong_worker",
                           "服务人员 %" PRId64 " 不属于承接该订单的机构", worker_id);
    else if (found < 0)
        rc = -1;
    struct provider_row p;
    if (rc == 0 && (found = pvs_provider_get(db, o.provider_id, &p, err)) <= 0)
        rc = found < 0 ? -1 : mz_fail(err, "not_found", "订单 %" PRId64 " 的机构不存在", id);
    if (rc == 0) rc = care_provider_open(&p, day, "id", err);
    if (rc == 0 && care_coords_parse(lon, lat, o.division, &o.checkin_lon, &o.checkin_lat, err) < 0)
        rc = -1;
    if (rc == 0 && (found = rs_household_get(db, o.household_id, &hh, err)) <= 0)
        rc = found < 0 ? -1 : mz_fail(err, "not_found", "订单 %" PRId64 " 的家庭不存在", id);
    if (rc == 0) rc = care_place(db, hh.division, hh.hh_no, &home, err);
    if (rc == 0) {
        int64_t limit = 0;
        pol_param_lookup(set, "care_checkin_far_metres", hh.division, hh.rural, date_parse(day),
                         &limit);
        o.checkin_distance =
            (int64_t)llround(care_distance_m(home.lon, home.lat, o.checkin_lon, o.checkin_lat));
        o.checkin_far = limit > 0 && o.checkin_distance > limit;
        o.worker_id = worker_id;
        snprintf(o.checkin_at, sizeof o.checkin_at, "%s", when);
        snprintf(o.state, sizeof o.state, "serving");
        rc = ors_order_update(db, &o, err);
    }
    if (rc == 0) rc = audit(r, "order.checkin", &o, o.checkin_far ? "签到位置距家较远" : NULL, err);
    return finish(r, rc, err);
}

int care_order_checkout(struct registry *r, int64_t id, const char *lon, const char *lat,
                        const char *at, struct mz_err *err)
{
    struct db *db = reg_db(r);
    char when[20], day[11];
    if (time_of(at, when, day, err) < 0 || db_begin(db, err) < 0) return -1;
    struct order_row o;
    double olon, olat;
    int rc = order_load(r, id, &o, err);
    if (rc == 0 && strcmp(o.state, "serving") != 0) rc = bad_state(&o, "serving", err);
    if (rc == 0 && care_coords_parse(lon, lat, o.division, &olon, &olat, err) < 0) rc = -1;
    if (rc == 0 && strcmp(when, o.checkin_at) < 0)
        rc = mz_fail_field(err, "at", "invalid_value", "签退时间 %s 早于签到时间 %s", when,
                           o.checkin_at);
    if (rc == 0) {
        snprintf(o.checkout_at, sizeof o.checkout_at, "%s", when);
        snprintf(o.done_on, sizeof o.done_on, "%s", day);
        snprintf(o.state, sizeof o.state, "done");
        rc = ors_order_update(db, &o, err);
    }
    if (rc == 0) rc = audit(r, "order.checkout", &o, NULL, err);
    return finish(r, rc, err);
}

int care_order_rate(struct registry *r, int64_t id, int rating, const char *complaint,
                    struct mz_err *err)
{
    if (rating < 1 || rating > 5)
        return mz_fail_field(err, "rating", "invalid_value", "评价应为 1 至 5 分，实为 %d", rating);
    if (text_check(complaint, "complaint", "投诉内容", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0 ||
        db_begin(reg_db(r), err) < 0)
        return -1;
    struct order_row o;
    int rc = order_load(r, id, &o, err);
    if (rc == 0 && strcmp(o.state, "done") != 0) rc = bad_state(&o, "done", err);
    if (rc == 0 && o.rating)
        rc = mz_fail(err, "already_rated", "订单 %" PRId64 " 已评价（%" PRId64 " 分）", id,
                     o.rating);
    if (rc == 0) {
        o.rating = rating;
        if (complaint && *complaint) {
            snprintf(o.complaint, sizeof o.complaint, "%s", complaint);
            snprintf(o.complaint_office, sizeof o.complaint_office, "%.6s", o.division);
        }
        rc = ors_order_update(reg_db(r), &o, err);
    }
    if (rc == 0) rc = audit(r, "order.rate", &o, o.complaint[0] ? "投诉转区县民政" : NULL, err);
    return finish(r, rc, err);
}

int care_orders_cancel_of_tx(struct registry *r, int64_t person_id, const char *reason,
                             struct order_row **out, size_t *n, struct mz_err *err)
{
    *out = NULL;
    *n = 0;
    int64_t *ids;
    size_t k;
    if (ors_open_of_person(reg_db(r), person_id, &ids, &k, err) < 0) return -1;
    int rc = k ? ((*out = mz_calloc(k, sizeof **out)) ? 0 : mz_fail(err, "out_of_memory", "内存不足"))
               : 0;
    for (size_t i = 0; rc == 0 && i < k; i++) {
        struct order_row *o = &(*out)[i];
        rc = order_load(r, ids[i], o, err);
        if (rc == 0) {
            snprintf(o->state, sizeof o->state, "cancelled");
            rc = ors_order_update(reg_db(r), o, err);
        }
        if (rc == 0) rc = audit(r, "order.cancel", o, reason, err);
        if (rc == 0) ++*n;
    }
    mz_free(ids);
    if (rc < 0) {
        mz_free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int care_order_cancel(struct registry *r, int64_t id, struct mz_err *err)
{
    if (db_begin(reg_db(r), err) < 0) return -1;
    struct order_row o;
    int rc = order_load(r, id, &o, err);
    if (rc == 0 && strcmp(o.state, "dispatched") != 0) rc = bad_state(&o, "dispatched", err);
    if (rc == 0) {
        snprintf(o.state, sizeof o.state, "cancelled");
        rc = ors_order_update(reg_db(r), &o, err);
    }
    if (rc == 0) rc = audit(r, "order.cancel", &o, NULL, err);
    return finish(r, rc, err);
}
