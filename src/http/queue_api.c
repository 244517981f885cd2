/* The caseworker's work queue over HTTP, and the periodic reviews
 * (动态管理复核) that feed it: unfinished warnings (办理期限), open cases
 * (legal deadline, else the current state's limit) and reviews due, in the
 * caller's scope, merged and sorted by urgency: overdue first, then by due
 * date. Days left are working days on the calendar. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/scope.h"
#include "http/work.h"
#include "monitor/monitor.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/paystore.h"
#include "store/querystore.h"
#include "store/regstore.h"

/* ---- reviews ---------------------------------------------------------- */

/* The month of the month query argument, or this month; false after 400. */
static bool query_month(const struct http_req *req, struct http_resp *resp, pay_month *out)
{
    const char *text = http_query(req, "month");
    struct mz_err err = {0};
    if (!text) {
        *out = pay_month_of(date_today());
        return true;
    }
    if (pay_month_parse(text, out, &err) == 0)
        return true;
    http_problem(resp, 400, "invalid_parameter", err.msg, "month");
    return false;
}

/* The last day of month m: when a review due in m is overdue after. */
static mz_date month_last(pay_month m)
{
    return pay_month_first(m + 1) - 1;
}

/* The reviews due in or before month whose household lies in the caller's
 * scope; the caller frees *out. */
static int reviews_in_scope(const struct http_req *req, pay_month month, struct pay_review **out,
                            size_t *n, struct mz_err *err)
{
    const char(*scope)[13];
    int nscope = http_scope_codes(req, &scope);
    return pay_reviews_due(req->reg, req->policies, month, scope, nscope, out, n, err);
}

static json_t *review_json(const struct pay_review *v)
{
    char since[8], due[8];
    pay_month_format(v->since, since);
    pay_month_format(v->due, due);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:s}", "enrolment_id",
                     (json_int_t)v->enrolment_id, "household_id", (json_int_t)v->household_id,
                     "household_no", v->hh_no, "program", v->program, "since", since, "due_month",
                     due, "interval_months", v->months, "why", v->why);
}

/* The reviews due of one household in the caller's scope (those of its
 * community are computed, then its own kept): 1, 0 if it is missing or
 * out of scope (alike), -1. */
static int reviews_of_household(const struct http_req *req, pay_month month, int64_t id,
                                struct pay_review **out, size_t *n, struct mz_err *err)
{
    struct household_row h;
    int found = rs_household_get(reg_db(req->reg), id, &h, err);
    if (found != 1 || !http_in_scope(req, h.division))
        return found < 0 ? -1 : 0;
    char community[1][13];
    snprintf(community[0], sizeof community[0], "%s", h.division);
    if (pay_reviews_due(req->reg, req->policies, month, (const char(*)[13])community, 1, out, n,
                        err) < 0)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if ((*out)[i].household_id == id)
            (*out)[k++] = (*out)[i];
    *n = k;
    return 1;
}

void h_reviews(struct http_req *req, struct http_resp *resp)
{
    pay_month month;
    if (!query_month(req, resp, &month))
        return;
    const char *household = http_query(req, "household");
    int64_t id = 0;
    if (household && !http_parse_id(household, &id)) {
        http_problem(resp, 400, "invalid_parameter", "参数 household 应为家庭编号（正整数）",
                     "household");
        return;
    }
    struct pay_review *v = NULL;
    size_t n = 0;
    struct mz_err err = {0};
    int found = household ? reviews_of_household(req, month, id, &v, &n, &err)
                          : reviews_in_scope(req, month, &v, &n, &err) < 0 ? -1 : 1;
    if (found <= 0) {
        if (found == 0)
            http_not_found(resp, "家庭", household);
        else
            http_problem_err(resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, review_json(&v[i]));
    mz_free(v);
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

void h_review_done(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"month", NULL};
    const char *text;
    if (!http_may_write(req, resp))
        return;
    json_t *body = http_body_strings(req, resp, names, &text);
    if (!body)
        return;
    int64_t id;
    struct enrol_row e;
    struct household_row h;
    struct mz_err err = {0};
    pay_month month = pay_month_of(date_today());
    int found = http_parse_id(req->params[0], &id)
                    ? ps_enrol_get(reg_db(req->reg), id, &e, &err)
                    : 0;
    if (found == 1)
        found = rs_household_get(reg_db(req->reg), e.household_id, &h, &err);
    if (found == 1 && !http_in_scope(req, h.division))
        found = 0;
    char actor[80];
    http_actor(req, actor);
    if (found == 0)
        http_not_found(resp, "享受登记", req->params[0]);
    else if (found < 0 || (text && pay_month_parse(text, &month, &err) < 0) ||
             pay_review_done(req->reg, id, month, actor, &err) < 0)
        http_problem_err(resp, &err);
    else {
        char m[8];
        pay_month_format(month, m);
        http_send_json(resp, 200, json_pack("{s:I, s:s}", "enrolment_id", (json_int_t)id,
                                            "reviewed_month", m));
    }
    json_decref(body);
}

/* ---- the queue -------------------------------------------------------- */

struct item {
    json_t *json;
    mz_date due; /* MZ_DATE_NONE: no date */
    bool overdue;
};

struct queue {
    const struct http_req *req;
    struct item *items;
    size_t n, cap;
    struct mz_err *err;
};

/* Adds an item: kind, id, household, title, due date and days left. */
static int add_item(struct queue *q, const char *kind, int64_t id, int64_t household_id,
                    const char *hh_no, const char *title, mz_date due, const char *due_kind)
{
    int left = 0;
    struct mz_err ignored = {0};
    bool counted = due != MZ_DATE_NONE &&
                   cal_working_days_between(q->req->cal, date_today(), due, &left, &ignored) == 0;
    bool overdue = due != MZ_DATE_NONE && due < date_today();
    json_t *o = json_pack("{s:s, s:I, s:I, s:s, s:s, s:o, s:s?, s:o, s:b}", "kind", kind, "id",
                          (json_int_t)id, "household_id", (json_int_t)household_id,
                          "household_no", hh_no, "title", title, "due", http_date_json(due),
                          "due_kind", due_kind, "days_left",
                          counted ? json_integer(left) : json_null(), "overdue", overdue);
    if (!o || mz_grow(&q->items, &q->cap, q->n + 1, sizeof *q->items) < 0) {
        json_decref(o);
        return mz_fail(q->err, "out_of_memory", "内存不足");
    }
    q->items[q->n++] = (struct item){o, due, overdue};
    return 0;
}

static int queue_warnings(struct queue *q, const char *const *prefixes, int nprefix)
{
    struct db *db = reg_db(q->req->reg);
    static const char *const states[] = {"open", "assigned", "verified"};
    struct ms_warning *w = mz_malloc(sizeof *w);
    int rc = w ? 0 : mz_fail(q->err, "out_of_memory", "内存不足");
    for (int p = 0; p < nprefix && rc == 0; p++)
        for (size_t s = 0; s < 3 && rc == 0; s++) {
            int64_t *ids;
            size_t n;
            rc = ms_warning_ids_in(db, prefixes[p], states[s], "", "", &ids, &n, q->err);
            for (size_t i = 0; rc == 0 && i < n; i++) {
                char title[220];
                if (ms_warning_get(db, ids[i], w, q->err) <= 0) {
                    rc = -1;
                    break;
                }
                /* Under a scope of several prefixes, a warning is listed once. */
                bool seen = false;
                for (size_t k = 0; k < q->n && !seen && nprefix > 1; k++)
                    seen = strcmp(json_string_value(json_object_get(q->items[k].json, "kind")),
                                  "warning") == 0 &&
                           json_integer_value(json_object_get(q->items[k].json, "id")) == w->id;
                if (seen)
                    continue;
                snprintf(title, sizeof title, "预警：%s（%s）", w->label,
                         mon_warning_state_label(w->state));
                rc = add_item(q, "warning", w->id, w->household_id, w->hh_no, title,
                              date_parse(w->due), "办理期限");
            }
            mz_free(ids);
        }
    mz_free(w);
    return rc;
}

static int queue_cases(struct queue *q, const char *const *prefixes, int nprefix)
{
    struct db *db = reg_db(q->req->reg);
    int rc = 0;
    for (int p = 0; p < nprefix && rc == 0; p++) {
        int64_t *ids;
        size_t n;
        if (cs_case_ids(db, prefixes[p], true, &ids, &n, q->err) < 0)
            return -1;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            struct case_row c;
            struct household_row h;
            struct http_case_summary sum;
            if (cs_case_get(db, ids[i], &c, q->err) <= 0 ||
                rs_household_get(db, c.household_id, &h, q->err) <= 0) {
                rc = -1;
                break;
            }
            http_case_summary(q->req, &c, &sum);
            char title[220];
            snprintf(title, sizeof title, "%s：%s", sum.type_label, sum.state_label);
            bool legal = sum.has_deadline;
            rc = add_item(q, "case", c.id, c.household_id, h.hh_no, title,
                          legal ? c.deadline : c.state_due,
                          legal ? "法定办理期限" : c.state_due != MZ_DATE_NONE ? "本环节时限" : NULL);
        }
        mz_free(ids);
    }
    return rc;
}

static int queue_reviews(struct queue *q)
{
    struct pay_review *v;
    size_t n;
    if (reviews_in_scope(q->req, pay_month_of(date_today()), &v, &n, q->err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char title[200];
        snprintf(title, sizeof title, "动态管理复核：%s（%s，每 %d 个月）",
                 http_program_label(q->req, v[i].program), v[i].why,
                 v[i].months);
        rc = add_item(q, "review", v[i].enrolment_id, v[i].household_id, v[i].hh_no, title,
                      month_last(v[i].due), "复核月末");
    }
    mz_free(v);
    return rc;
}

/* Overdue first, then by due date (undated last), then kind and id. */
static int by_urgency(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->overdue != y->overdue)
        return x->overdue ? -1 : 1;
    if (x->due != y->due) {
        if (x->due == MZ_DATE_NONE || y->due == MZ_DATE_NONE)
            return x->due == MZ_DATE_NONE ? 1 : -1;
        return x->due < y->due ? -1 : 1;
    }
    int k = strcmp(json_string_value(json_object_get(x->json, "kind")),
                   json_string_value(json_object_get(y->json, "kind")));
    if (k)
        return k;
    json_int_t i = json_integer_value(json_object_get(x->json, "id")),
               j = json_integer_value(json_object_get(y->json, "id"));
    return (i > j) - (i < j);
}

static const char *text_of(const struct item *x, const char *key)
{
    return json_string_value(json_object_get(x->json, key));
}

/* By kind (预警, 申请, 复核 as the API names them), then urgency. */
static int by_kind(const void *a, const void *b)
{
    int k = strcmp(text_of(a, "kind"), text_of(b, "kind"));
    return k ? k : by_urgency(a, b);
}

/* By 户编号, then urgency. */
static int by_household(const void *a, const void *b)
{
    int k = strcmp(text_of(a, "household_no"), text_of(b, "household_no"));
    return k ? k : by_urgency(a, b);
}

/* The queue's orders (sort=…; absent: by urgency). */
static const char *const queue_sorts[] = {"due", "kind", "household_no", NULL};
static int (*const queue_cmps[])(const void *, const void *) = {by_urgency, by_kind, by_household};

void h_queue(struct http_req *req, struct http_resp *resp)
{
    long page, per_page;
    const char *sort;
    bool desc;
    if (!http_query_page(req, resp, &page, &per_page) ||
        !http_query_sort(req, resp, queue_sorts, &sort, &desc))
        return;
    size_t order = 0;
    while (sort && strcmp(queue_sorts[order], sort) != 0)
        order++;
    const char *prefixes[HTTP_SCOPE_MAX];
    int nprefix = http_scope_prefixes(req, NULL, prefixes);
    struct mz_err err = {0};
    struct queue q = {req, NULL, 0, 0, &err};
    int rc = queue_warnings(&q, prefixes, nprefix) < 0 || queue_cases(&q, prefixes, nprefix) < 0 ||
                     queue_reviews(&q) < 0
                 ? -1
                 : 0;
    if (rc == 0 && q.n) /* qsort of NULL is undefined, even for no items */
        qsort(q.items, q.n, sizeof *q.items, queue_cmps[order]);
    json_t *items = json_array();
    size_t from = (size_t)((page - 1) * per_page);
    for (size_t k = 0; k < q.n; k++) {
        size_t i = desc ? q.n - 1 - k : k; /* descending: the order read backwards */
        if (rc == 0 && k >= from && k < from + (size_t)per_page) {
            /* the head of household, for the page's items only */
            char head[128];
            long members;
            json_t *o = q.items[i].json;
            rc = qs_household_head(
                reg_db(req->reg), json_integer_value(json_object_get(o, "household_id")), head,
                sizeof head, &members, &err);
            if (rc == 0 && head[0])
                json_object_set_new(o, "head_name", json_string(head));
            json_array_append(items, o);
        }
        json_decref(q.items[i].json);
    }
    mz_free(q.items);
    if (rc < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, http_page_json(items, page, per_page, (long)q.n));
}
