/* Meal help (meal.h): meals recorded with the subsidy the policy grants,
 * the reject queue, a canteen's month, and the meal-service circle. */
#include "care/meal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "care/place.h"
#include "care/provider.h"
#include "io/table.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/idcard.h"
#include "store/providerstore.h"
#include "store/regstore.h"

/* Fails unless canteen_id is a canteen; fills *p. */
static int canteen_must(struct db *db, int64_t canteen_id, struct provider_row *p,
                        struct mz_err *err)
{
    int found = pvs_provider_get(db, canteen_id, p, err);
    if (found < 0) return -1;
    if (!found)
        return mz_fail_field(err, "canteen_id", "not_found", "养老服务机构 %" PRId64 " 不存在",
                             canteen_id);
    if (strcmp(p->kind, "canteen") != 0)
        return mz_fail_field(err, "canteen_id", "not_canteen", "“%s”不是老年食堂/助餐点", p->name);
    return 0;
}

/* A diner found: person, household and its division as of the day. */
struct diner {
    int64_t person_id, household_id;
    char division[13];
    int64_t price;
    const char *meal;
    bool eligible;
    int64_t daily; /* meal_subsidy_daily for the household */
};

/* Eligibility for meal_subsidy and the daily limit, as of day, for the
 * found diners (one snapshot of their households). */
static int eligibility(struct registry *r, const struct pol_set *set, mz_date day, struct diner *d,
                       size_t n, struct mz_err *err)
{
    int64_t *hh = mz_malloc((n + 1) * sizeof *hh), *person_ids = NULL;
    if (!hh) return mz_fail(err, "out_of_memory", "内存不足");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = hh[j] == d[i].household_id;
        if (!seen) hh[k++] = d[i].household_id;
    }
    struct snap_request req = {.as_of = day, .household_ids = hh, .nhouseholds = k};
    struct pol_snapshot *snap = k ? snap_load(reg_db(r), set, &req, &person_ids, err) : NULL;
    mz_free(hh);
    if (k && !snap) return -1;
    struct pol_results *res = snap ? pol_eval(set, snap, day, 1, err) : NULL;
    int p = pol_program_find(set, "meal_subsidy"), rural = pol_input_find(set, "rural");
    int rc = snap && !res ? -1 : 0;
    if (rc == 0 && p < 0) rc = mz_fail(err, "no_program", "政策中没有助餐补贴项目 meal_subsidy");
    for (size_t h = 0; rc == 0 && snap && h < snap->nhouseholds; h++) {
        int64_t daily = 0;
        pol_param_lookup(set, "meal_subsidy_daily", snap->division[h],
                         rural >= 0 && snap->columns[rural][h] != 0, day, &daily);
        for (size_t i = snap->member_start[h]; i < snap->member_start[h + 1]; i++)
            for (size_t j = 0; j < n; j++)
                if (d[j].person_id == person_ids[i]) {
                    d[j].eligible = pol_results_eligible(res, p)[i] != 0;
                    d[j].daily = daily;
                }
    }
    pol_results_free(res);
    pol_snapshot_free(snap);
    mz_free(person_ids);
    return rc;
}

/* Finds the diner of in; 1 found, 0 rejected (reason in reason), -1. */
static int find_diner(struct registry *r, const struct care_meal_in *in, struct diner *d,
                      char *reason, size_t cap, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct mz_err idle = {0};
    struct idcard card;
    if (!in->id_number || idcard_parse(in->id_number, &card, &idle) < 0) {
        snprintf(reason, cap, "身份证号有误：%.150s", idle.msg[0] ? idle.msg : "缺少身份证号");
        text_utf8_trim(reason);
        return 0;
    }
    char relation[32];
    mz_date since;
    struct household_row hh;
    int found = reg_person_find(r, in->id_number, &d->person_id, err);
    if (found > 0)
        found = rs_membership_current(db, d->person_id, &d->household_id, relation, &since, err);
    if (found > 0) found = rs_household_get(db, d->household_id, &hh, err);
    if (found < 0) return -1;
    if (!found) {
        snprintf(reason, cap, "登记库中没有此人（或不属于任何家庭），请核实后补录");
        return 0;
    }
    snprintf(d->division, sizeof d->division, "%s", hh.division);
    return 1;
}

static int meal_parse(const char *text, const char **out)
{
    static const char *const meals[] = {"早餐", "午餐", "晚餐"};
    if (!text || !*text) {
        *out = "午餐";
        return 0;
    }
    for (size_t i = 0; i < 3; i++)
        if (strcmp(meals[i], text) == 0) {
            *out = meals[i];
            return 0;
        }
    return -1;
}

int care_meals_record(struct registry *r, const struct pol_set *set, int64_t canteen_id,
                      const char *day, const struct care_meal_in *in, size_t n, const char *source,
                      struct care_meal_stats *st, struct mz_err *err)
{
    struct db *db = reg_db(r);
    memset(st, 0, sizeof *st);
    mz_date d = day ? date_parse(day) : MZ_DATE_NONE;
    if (d == MZ_DATE_NONE)
        return mz_fail_field(err, "day", "invalid_value", "日期应为 YYYY-MM-DD，实为“%.20s”",
                             day ? day : "");
    if (date_check(d, date_today(), "day", "就餐日期", err) < 0) return -1;
    struct provider_row canteen;
    int64_t list_price = -1;
    if (canteen_must(db, canteen_id, &canteen, err) < 0 ||
        care_provider_open(&canteen, day, "canteen_id", err) < 0 ||
        pvs_service_price(db, canteen_id, "助餐", &list_price, err) < 0)
        return -1;
    struct diner *diners = mz_calloc(n + 1, sizeof *diners);
    char(*reasons)[200] = mz_calloc(n + 1, sizeof *reasons);
    int *found = mz_calloc(n + 1, sizeof *found);
    int rc = diners && reasons && found ? 0 : mz_fail(err, "out_of_memory", "内存不足");
    size_t nfound = 0;
    /* values first: a bad meal or price refuses the batch */
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct diner *x = &diners[i];
        if (meal_parse(in[i].meal, &x->meal) < 0)
            rc = mz_fail_field(err, "meal", "invalid_value",
                               "第 %ld 行：餐次应为 早餐、午餐 或 晚餐，实为“%.20s”", in[i].line,
                               in[i].meal);
        else if (in[i].price && *in[i].price)
            rc = care_yuan_parse(in[i].price, "price", &x->price, err);
        else if (list_price >= 0)
            x->price = list_price;
        else
            rc = mz_fail_field(err, "price", "missing_field",
                               "第 %ld 行：缺少价格，且“%s”的服务目录没有助餐价格", in[i].line,
                               canteen.name);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        found[i] = find_diner(r, &in[i], &diners[i], reasons[i], sizeof reasons[i], err);
        rc = found[i] < 0 ? -1 : 0;
    }
    /* the found diners compacted for one evaluation, then copied back */
    struct diner *eval = rc == 0 ? mz_calloc(n + 1, sizeof *eval) : NULL;
    if (rc == 0 && !eval) rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (found[i] == 1) eval[nfound++] = diners[i];
    if (rc == 0 && nfound) rc = eligibility(r, set, d, eval, nfound, err);
    for (size_t i = 0, j = 0; rc == 0 && i < n; i++)
        if (found[i] == 1) diners[i] = eval[j++];
    mz_free(eval);
    if (rc == 0)
        rc = db_begin(db, err);
    else {
        mz_free(diners), mz_free(reasons), mz_free(found);
        return -1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        st->rows++;
        if (found[i] != 1) {
            char masked[24];
            idcard_mask(in[i].id_number ? in[i].id_number : "", masked);
            rc = mls_reject(db, canteen_id, day, in[i].line, masked, reasons[i], source, err);
            st->rejected++;
            continue;
        }
        struct diner *x = &diners[i];
        int64_t used = 0, subsidy = 0;
        if (x->eligible && (rc = mls_subsidy_of_day(db, x->person_id, day, &used, err)) < 0) break;
        if (x->eligible && x->daily > used)
            subsidy = x->price < x->daily - used ? x->price : x->daily - used;
        struct meal_row m = {.canteen_id = canteen_id,
                             .person_id = x->person_id,
                             .household_id = x->household_id,
                             .price = x->price,
                             .paid = x->price - subsidy,
                             .subsidy = subsidy};
        snprintf(m.day, sizeof m.day, "%s", day);
        snprintf(m.division, sizeof m.division, "%s", x->division);
        snprintf(m.meal, sizeof m.meal, "%s", x->meal);
        snprintf(m.source, sizeof m.source, "%s", source);
        bool added = false;
        rc = mls_meal_insert(db, &m, &added, err);
        st->added += added;
        st->unchanged += !added;
        st->subsidy += added ? subsidy : 0;
    }
    if (rc == 0) {
        char id[24], detail[160];
        snprintf(id, sizeof id, "%" PRId64, canteen_id);
        snprintf(detail, sizeof detail, "%s: %ld meals, %ld rejected, subsidy %" PRId64, day,
                 st->added, st->rejected, st->subsidy);
        struct audit_event ev = {reg_actor(r), "meal.record", "provider", id, NULL, NULL, detail};
        rc = audit_append(db, reg_vault(r), &ev, err);
    }
    mz_free(diners);
    mz_free(reasons);
    mz_free(found);
    if (rc == 0 && db_commit(db, err) == 0) return 0;
    db_rollback(db);
    return -1;
}

int care_meals_import(struct registry *r, const struct pol_set *set, int64_t canteen_id,
                      const char *day, const char *path, struct care_meal_stats *st,
                      struct mz_err *err)
{
    static const char *const heads[3][2] = {
        {"id_number", "身份证号"}, {"meal", "餐次"}, {"price", "价格"}};
    struct table *t;
    if (table_open(path, &t, err) < 0) return -1;
    int where[3] = {-1, -1, -1}, got;
    size_t n = 0, cap = 0;
    struct care_meal_in *in = NULL;
    char **texts = NULL;
    int rc = 0;
    if ((got = table_read(t, err)) == 1)
        for (int c = 0; c < 3; c++)
            for (size_t i = 0; i < table_nfields(t); i++)
                if (strcmp(table_field(t, i), heads[c][0]) == 0 ||
                    strcmp(table_field(t, i), heads[c][1]) == 0)
                    where[c] = (int)i;
    if (got == 1 && where[0] < 0)
        rc = mz_fail(err, "missing_column", "%s:%ld: 表头缺少列“身份证号”", path, table_line(t));
    else if (got <= 0)
        rc = got < 0 ? -1 : mz_fail(err, "empty_file", "%s: 文件为空", path);
    while (rc == 0 && (got = table_read(t, err)) == 1) {
        if (table_nfields(t) == 1 && !*table_field(t, 0)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            struct care_meal_in *v = mz_realloc(in, cap * sizeof *in);
            char **w = mz_realloc(texts, cap * 3 * sizeof *texts);
            if (v) in = v;
            if (w) texts = w;
            if (!v || !w) {
                rc = mz_fail(err, "out_of_memory", "内存不足");
                break;
            }
        }
        for (int c = 0; c < 3; c++)
            texts[n * 3 + c] = mz_strdup(where[c] >= 0 ? table_field(t, (size_t)where[c]) : "");
        in[n] =
            (struct care_meal_in){texts[n * 3], texts[n * 3 + 1], texts[n * 3 + 2], table_line(t)};
        n++;
    }
    if (rc == 0 && got < 0) rc = -1;
    table_close(t);
    if (rc == 0) {
        char source[80];
        snprintf(source, sizeof source, "file:%.60s", path);
        rc = care_meals_record(r, set, canteen_id, day, in, n, source, st, err);
        if (rc < 0 && err->field[0] && strncmp(err->msg, path, strlen(path)) != 0) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%.100s: %.400s", path, err->msg);
            text_utf8_trim(msg);
            snprintf(err->msg, sizeof err->msg, "%s", msg);
        }
    }
    for (size_t i = 0; i < n * 3; i++)
        mz_free(texts[i]);
    mz_free(texts);
    mz_free(in);
    return rc;
}

int care_canteen_cost(struct registry *r, int64_t canteen_id, const char *month, const char *amount,
                      struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct provider_row p;
    int64_t fen;
    char m[16];
    if (!month || strlen(month) != 7 ||
        (snprintf(m, sizeof m, "%s-01", month), date_parse(m)) == MZ_DATE_NONE)
        return mz_fail_field(err, "month", "invalid_value", "月份应为 YYYY-MM，实为“%.20s”",
                             month ? month : "");
    if (care_yuan_parse(amount, "amount", &fen, err) < 0 ||
        canteen_must(db, canteen_id, &p, err) < 0 || db_begin(db, err) < 0)
        return -1;
    char id[24], after[64];
    snprintf(id, sizeof id, "%" PRId64, canteen_id);
    snprintf(after, sizeof after, "%s|%" PRId64, month, fen);
    struct audit_event ev = {reg_actor(r), "canteen.cost", "provider", id, NULL, after, month};
    int rc = mls_cost_put(db, canteen_id, month, fen, err);
    if (rc == 0) rc = audit_append(db, reg_vault(r), &ev, err);
    if (rc == 0 && db_commit(db, err) == 0) return 0;
    db_rollback(db);
    return -1;
}

int care_canteen_report(struct registry *r, int64_t canteen_id, const char *month,
                        struct care_canteen_report *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct provider_row p;
    memset(out, 0, sizeof *out);
    if (canteen_must(db, canteen_id, &p, err) < 0 ||
        mls_month(db, canteen_id, month, &out->m, err) < 0)
        return -1;
    int found = mls_cost_get(db, canteen_id, month, &out->cost, err);
    if (found < 0) return -1;
    out->has_cost = found == 1;
    out->revenue = out->m.paid + out->m.subsidy;
    out->balance = out->revenue - out->cost;
    out->break_even = out->has_cost && out->balance >= 0;
    return 0;
}

/* ---- coverage ---- */

struct points {
    struct provider_row *v;
    size_t n, cap;
};

static int add_point(struct points *pts, const struct provider_row *p)
{
    for (size_t i = 0; i < pts->n; i++)
        if (pts->v[i].id == p->id) return 0;
    if (pts->n == pts->cap) {
        size_t cap = pts->cap ? pts->cap * 2 : 64;
        struct provider_row *v = mz_realloc(pts->v, cap * sizeof *v);
        if (!v) return -2;
        pts->v = v;
        pts->cap = cap;
    }
    pts->v[pts->n++] = *p;
    return 0;
}

/* meal points open now: a closed canteen covers nobody */
static int add_canteen(void *ctx, const struct provider_row *p)
{
    return p->closed_on[0] ? 0 : add_point(ctx, p);
}

static int add_offering(void *ctx, const struct provider_row *p, int64_t price)
{
    (void)price;
    return add_point(ctx, p);
}

struct codes {
    char (*v)[13];
    size_t n, cap;
};

static int add_code(void *ctx, const char *code)
{
    struct codes *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        char(*v)[13] = mz_realloc(c->v, cap * sizeof *v);
        if (!v) return -2;
        c->v = v;
        c->cap = cap;
    }
    snprintf(c->v[c->n++], 13, "%s", code);
    return 0;
}

int care_meal_coverage(struct registry *r, const struct pol_set *set, const char *prefix,
                       int (*fn)(void *ctx, const struct care_coverage *c), void *ctx,
                       struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct points pts = {0};
    struct codes codes = {0};
    /* meal points: canteens and providers offering 助餐, wherever they are */
    int rc = pvs_provider_scan(db, NULL, 0, "canteen", add_canteen, &pts, err);
    if (rc == 0) rc = pvs_provider_offering(db, "助餐", "", NULL, add_offering, &pts, err);
    if (rc == 0) rc = rs_division_villages(db, prefix, add_code, &codes, err);
    if (rc == -2) rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < codes.n; i++) {
        struct care_coverage c = {0};
        struct care_point at;
        struct division_row d;
        snprintf(c.code, sizeof c.code, "%s", codes.v[i]);
        if ((rc = care_place(db, c.code, c.code, &at, err)) < 0 ||
            (rc = rs_division_latest(db, c.code, &d, err)) < 0)
            break;
        snprintf(c.name, sizeof c.name, "%s", rc == 1 ? d.name : c.code);
        pol_param_lookup(set, "meal_walk_metres", c.code, 0, date_today(), &c.limit);
        double best = INFINITY;
        for (size_t k = 0; !at.rough && k < pts.n; k++) {
            double m = care_distance_m(at.lon, at.lat, pts.v[k].lon, pts.v[k].lat);
            if (m < best) {
                best = m;
                c.nearest_id = pts.v[k].id;
                snprintf(c.nearest_name, sizeof c.nearest_name, "%s", pts.v[k].name);
            }
        }
        c.distance = isfinite(best) ? (int64_t)llround(best) : -1;
        c.covered = c.nearest_id && c.distance <= c.limit;
        rc = fn(ctx, &c);
    }
    mz_free(pts.v);
    mz_free(codes.v);
    return rc < 0 ? -1 : rc;
}
