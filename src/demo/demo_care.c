/* The demo city's elderly care: in the county of the first household (where
 * the demo accounts work), a provider network — an institution running
 * street centres, centres running community stations and a home care bed,
 * a canteen per street — with catalogues and staff; some elderly assessed
 * moderately disabled; last month's home-service orders served and
 * settled (approved by a second person of the county and paid), this month's orders
 * at every state, one rated with a complaint; meals every day of both
 * months with a diner not found now and then, and the canteens' costs.
 * Everything through src/care as a caseworker or canteen would. */
#include "demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "care/meal.h"
#include "care/order.h"
#include "care/provider.h"
#include "care/settle.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/regstore.h"

#define CARE_PREPARER "county:演示制表"
#define CARE_APPROVER "county:演示审核"
#define STREETS 3       /* streets of the county given a centre, stations and a canteen */
#define ORDERS_A_DAY 3  /* home-service orders taken a day */
#define DINERS_A_DAY 12 /* meals a canteen serves a day */

struct elder {
    int64_t person_id;
    char division[13];
};

struct elders {
    struct elder *v;
    size_t n, cap;
    char county[7];
    mz_date today;
};

static int collect(void *ctx, const struct member_row *m)
{
    struct elders *e = ctx;
    if (!e->county[0]) snprintf(e->county, sizeof e->county, "%.6s", m->division);
    if (strncmp(m->division, e->county, 6) != 0 || date_age(m->birth, e->today) < 60) return 0;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 256;
        struct elder *v = mz_realloc(e->v, cap * sizeof *v);
        if (!v) return -2;
        e->v = v;
        e->cap = cap;
    }
    e->v[e->n].person_id = m->person_id;
    snprintf(e->v[e->n++].division, 13, "%s", m->division);
    return 0;
}

/* Adds one provider; its id in *id. */
static int provider(struct registry *reg, const char *code, const char *name, const char *kind,
                    const char *division, double lon, double lat, const char *capacity,
                    const char *slots, const char *parent, int64_t *id, struct mz_err *err)
{
    char lons[24], lats[24], address[80];
    snprintf(lons, sizeof lons, "%.5f", lon);
    snprintf(lats, sizeof lats, "%.5f", lat);
    snprintf(address, sizeof address, "%s服务点", name);
    struct care_provider_in in = {code, name,     kind, division, address, lons,
                                  lats, capacity, "0",  slots,    parent};
    enum put_result res;
    return care_provider_put(reg, &in, id, &res, err);
}

static int services(struct registry *reg, int64_t id, const char *const *list, struct mz_err *err)
{
    for (; *list; list += 2)
        if (care_service_set(reg, id, list[0], list[1], err) < 0) return -1;
    return 0;
}

/* The network: returns the stations (up to 2 per street) and canteens. */
struct network {
    int64_t stations[STREETS * 2], canteens[STREETS], workers[STREETS * 2];
    int nstations, ncanteens;
};

static int network(struct registry *reg, const struct elders *e, struct network *net,
                   struct mz_err *err)
{
    static const char *const station_services[] = {"助浴", "60",       "助洁", "40", "生活照料",
                                                   "50",   "康复护理", "120",  NULL};
    static const char *const centre_services[] = {"助医", "30", "精神慰藉", "20", NULL};
    static const char *const canteen_services[] = {"助餐", "12", NULL};
    char streets[STREETS][10] = {{0}}, villages[STREETS][2][13] = {{{0}}};
    int nstreets = 0;
    for (size_t i = 0; i < e->n && nstreets <= STREETS; i++) {
        int s = 0;
        while (s < nstreets && strncmp(streets[s], e->v[i].division, 9) != 0)
            s++;
        if (s == nstreets) {
            if (nstreets == STREETS) continue;
            snprintf(streets[nstreets++], 10, "%.9s", e->v[i].division);
        }
        for (int k = 0; k < 2; k++)
            if (!villages[s][k][0] || strcmp(villages[s][k], e->v[i].division) == 0) {
                snprintf(villages[s][k], 13, "%s", e->v[i].division);
                break;
            }
    }
    int64_t id;
    const double lon = 106.55, lat = 29.56; /* the demo's network around 解放碑 */
    char inst[48], code[48], name[80];
    snprintf(inst, sizeof inst, "YL-%s", e->county);
    if (provider(reg, inst, "颐年养老院", "institution", streets[0], lon, lat, "120", "0", NULL,
                 &id, err) < 0)
        return -1;
    for (int s = 0; s < nstreets; s++) {
        char centre[48];
        snprintf(centre, sizeof centre, "ZX-%s", streets[s]);
        snprintf(name, sizeof name, "第%d街道养老服务中心", s + 1);
        if (provider(reg, centre, name, "centre", streets[s], lon + 0.03 * s, lat + 0.01, "40", "2",
                     inst, &id, err) < 0 ||
            services(reg, id, centre_services, err) < 0)
            return -1;
        for (int k = 0; k < 2 && villages[s][k][0]; k++) {
            char station[48];
            snprintf(station, sizeof station, "ZD-%s", villages[s][k]);
            snprintf(name, sizeof name, "第%d街道第%d社区养老服务站", s + 1, k + 1);
            if (provider(reg, station, name, "station", villages[s][k], lon + 0.03 * s + 0.006 * k,
                         lat + 0.004 * (k + 1), "10", "2", centre, &id, err) < 0 ||
                services(reg, id, station_services, err) < 0 ||
                care_worker_add(reg, id, k ? "周护理员" : "李护理员", &net->workers[net->nstations],
                                err) < 0)
                return -1;
            net->stations[net->nstations++] = id;
        }
        snprintf(code, sizeof code, "ST-%s", streets[s]);
        snprintf(name, sizeof name, "第%d街道老年食堂", s + 1);
        if (provider(reg, code, name, "canteen", streets[s], lon + 0.03 * s + 0.002, lat - 0.004,
                     "60", "0", NULL, &id, err) < 0 ||
            services(reg, id, canteen_services, err) < 0)
            return -1;
        net->canteens[net->ncanteens++] = id;
    }
    if (net->nstations) {
        char station[48];
        snprintf(station, sizeof station, "ZD-%s", villages[0][0]);
        if (provider(reg, "CW-DEMO-1", "王家家庭养老床位", "home_bed", villages[0][0], lon + 0.001,
                     lat + 0.001, "1", "0", station, &id, err) < 0)
            return -1;
    }
    return 0;
}

/* The i-th elderly person's ID number (for facts and meals). */
static int id_number(struct registry *reg, const struct elder *x, char out[19], struct mz_err *err)
{
    return reg_person_id_number(reg, x->person_id, out, err);
}

/* A third of the county's elderly assessed 中度失能, so vouchers apply. */
static int assessments(struct registry *reg, const struct elders *e, mz_date since,
                       struct mz_err *err)
{
    char day[11];
    date_format(since, day);
    for (size_t i = 0; i < e->n; i += 3) {
        char id[19];
        enum put_result res;
        struct reg_fact_in f = {id, NULL, "ability_level", "中度失能", day, "demo:能力评估"};
        if (id_number(reg, &e->v[i], id, err) < 0 || reg_fact_put(reg, &f, &res, err) < 0)
            return -1;
    }
    return 0;
}

/* Home-service orders taken each day from `from` to the day before today,
 * served the same day; those of today's month partly left open. */
static int orders(struct registry *reg, const struct pol_set *set, const struct elders *e,
                  const struct network *net, mz_date from, mz_date today, struct mz_err *err)
{
    static const char *const kinds[] = {"助浴", "助洁", "生活照料", "康复护理"};
    size_t k = 0;
    for (mz_date d = from; d <= today; d++)
        for (int n = 0; n < ORDERS_A_DAY; n++, k++) {
            const struct elder *x = &e->v[(k * 7) % e->n];
            char slot[20], in_at[20], out_at[20];
            int hour = (int[]){8, 10, 14, 16}[n % 4];
            date_format(d, slot);
            snprintf(slot + 10, sizeof slot - 10, " %02d:00", hour);
            struct care_order_in in = {x->person_id,
                                       kinds[k % 4],
                                       slot,
                                       (const char *[]){"经办人", "本人", "家属"}[k % 3],
                                       k % 3 == 2 ? "子女" : NULL,
                                       0,
                                       d};
            struct care_order_out out;
            if (care_order_place(reg, &in, &out, err) < 0) {
                if (strcmp(err->code, "no_capacity") == 0 || strcmp(err->code, "no_provider") == 0)
                    continue; /* a full slot: the caller would pick the next one */
                return -1;
            }
            int station = -1;
            for (int s = 0; s < net->nstations; s++)
                if (net->stations[s] == out.provider_id) station = s;
            /* today's orders stay dispatched; one in five of this month's in service */
            if (d == today || station < 0 || (d >= today - 3 && k % 5 == 0)) continue;
            memcpy(in_at, slot, 11);
            snprintf(in_at + 11, sizeof in_at - 11, "%02d:05", hour);
            memcpy(out_at, slot, 11);
            snprintf(out_at + 11, sizeof out_at - 11, "%02d:50", hour);
            /* every eleventh check-in from far away, flagged */
            const char *lon = k % 11 == 0 ? "106.6500" : "106.5520";
            if (care_order_checkin(reg, set, out.id, net->workers[station], lon, "29.5620", in_at,
                                   err) < 0)
                return -1;
            if (d >= today - 3 && k % 5 == 1) continue;
            if (care_order_checkout(reg, out.id, "106.5520", "29.5620", out_at, err) < 0 ||
                (k % 4 == 0 &&
                 care_order_rate(reg, out.id, k % 13 == 0 ? 2 : 5,
                                 k % 13 == 0 ? "服务人员迟到，洗浴时间过短" : NULL, err) < 0))
                return -1;
        }
    return 0;
}

/* Meals every day from `from` to today at each canteen, by the elderly of
 * its street, one diner not found each week. */
static int meals(struct registry *reg, const struct pol_set *set, const struct elders *e,
                 const struct network *net, mz_date from, mz_date today, struct mz_err *err)
{
    char ids[DINERS_A_DAY + 1][19];
    for (int c = 0; c < net->ncanteens; c++)
        for (mz_date d = from; d <= today; d++) {
            struct care_meal_in in[DINERS_A_DAY + 1];
            size_t n = 0;
            for (size_t i = (size_t)c; i < e->n && n < DINERS_A_DAY; i += 5) {
                if (id_number(reg, &e->v[i], ids[n], err) < 0) return -1;
                in[n] = (struct care_meal_in){ids[n], (d + (int)i) % 7 ? "午餐" : "晚餐", NULL,
                                              (long)n + 2};
                n++;
            }
            if ((d - from) % 7 == 3) {
                snprintf(ids[n], sizeof ids[n], "500103193808080047"); /* not registered */
                in[n] = (struct care_meal_in){ids[n], "午餐", NULL, (long)n + 2};
                n++;
            }
            char day[11];
            struct care_meal_stats st;
            date_format(d, day);
            if (care_meals_record(reg, set, net->canteens[c], day, in, n, "demo:食堂日报", &st,
                                  err) < 0)
                return -1;
        }
    return 0;
}

int demo_care(struct registry *reg, const struct pol_set *set, mz_date today, struct mz_err *err)
{
    struct elders e = {.today = today};
    pay_month month = pay_month_of(today);
    mz_date last = pay_month_first(month - 1);
    int rc = rs_scan_members(reg_db(reg), today, 0, collect, &e, err);
    if (rc == -2) rc = mz_fail(err, "out_of_memory", "内存不足");
    if (rc < 0 || !e.n) {
        mz_free(e.v);
        return rc;
    }
    struct network net = {0};
    reg_set_actor(reg, "county:演示经办");
    rc = network(reg, &e, &net, err);
    if (rc == 0) rc = assessments(reg, &e, last - 30, err);
    if (rc == 0 && net.nstations) rc = orders(reg, set, &e, &net, last, today, err);
    struct care_settle_summary s;
    if (rc == 0) rc = care_settle(reg, set, month - 1, e.county, CARE_PREPARER, &s, err);
    if (rc == 0 && !s.closed && s.roll.id)
        rc = pay_roll_approve(reg, s.roll.id, CARE_APPROVER, e.county, err);
    if (rc == 0 && !s.closed && s.roll.id)
        rc = pay_roll_mark_paid(reg, s.roll.id, CARE_APPROVER, err);
    if (rc == 0) rc = meals(reg, set, &e, &net, last, today - 1, err);
    char m[8];
    for (int c = 0; rc == 0 && c < net.ncanteens; c++)
        for (pay_month k = month - 1; rc == 0 && k <= month; k++) {
            pay_month_format(k, m);
            rc = care_canteen_cost(reg, net.canteens[c], m, c ? "3200" : "2600", err);
        }
    mz_free(e.v);
    return rc;
}
