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

/* The queue is sorted on a few keys per item; only the page's items are
 * then read in full and turned into JSON, so a city-wide scope costs one
 * pass over its warnings, open cases and reviews, not one look-up each. */
enum item_kind { ITEM_CASE, ITEM_REVIEW, ITEM_WARNING }; /* ties broken in this order */

struct item {
    int64_t id, household_id;
    mz_date due; /* MZ_DATE_NONE: no date */
    bool overdue;
    enum item_kind kind;
    const char *due_kind;         /* cases: which deadline due is */
    const struct pay_review *review; /* reviews: the review */
    char *hh_no;                  /* sorted by 户编号: the household's (else NULL) */
};

struct queue {
    const struct http_req *req;
    mz_date today;
    struct item *items;
    size_t n, cap;
    struct mz_err *err;
};

static int add_item(struct queue *q, struct item it)
{
    if (mz_grow(&q->items, &q->cap, q->n + 1, sizeof *q->items) < 0)
        return mz_fail(q->err, "out_of_memory", "内存不足");
    it.overdue = it.due != MZ_DATE_NONE && it.due < q->today;
    q->items[q->n++] = it;
    return 0;
}

static int warning_item(void *ctx, int64_t id, int64_t household_id, const char *due)
{
    return add_item(ctx, (struct item){.id = id, .household_id = household_id,
                                       .due = date_parse(due), .kind = ITEM_WARNING,
                                       .due_kind = "办理期限"});
}

static int queue_warnings(struct queue *q, const char *const *prefixes, int nprefix)
{
    for (int p = 0; p < nprefix; p++)
        if (ms_warning_dues_in(reg_db(q->req->reg), prefixes[p], warning_item, q, q->err) != 0)
            return -1;
    return 0;
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
            struct http_case_summary sum;
            if (cs_case_get(db, ids[i], &c, q->err) <= 0) {
                rc = -1;
                break;
            }
            http_case_summary(q->req, &c, &sum);
            bool legal = sum.has_deadline;
            rc = add_item(q, (struct item){
                                 .id = c.id, .household_id = c.household_id,
                                 .due = legal ? c.deadline : c.state_due, .kind = ITEM_CASE,
                                 .due_kind = legal ? "法定办理期限"
                                             : c.state_due != MZ_DATE_NONE ? "本环节时限"
                                                                           : NULL});
        }
        mz_free(ids);
    }
    return rc;
}

static int queue_reviews(struct queue *q, const struct pay_review *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (add_item(q, (struct item){.id = v[i].enrolment_id, .household_id = v[i].household_id,
                                      .due = month_last(v[i].due), .kind = ITEM_REVIEW,
                                      .due_kind = "复核月末", .review = &v[i]}) < 0)
            return -1;
    return 0;
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
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* By kind (申请, 复核, 预警 as the API names them: case, review, warning),
 * then urgency. */
static int by_kind(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    return x->kind != y->kind ? (x->kind < y->kind ? -1 : 1) : by_urgency(a, b);
}

/* By 户编号, then urgency. */
static int by_household(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    int k = strcmp(x->hh_no, y->hh_no);
    return k ? k : by_urgency(a, b);
}

/* The queue's orders (sort=…; absent: by urgency). */
static const char *const queue_sorts[] = {"due", "kind", "household_no", NULL};
static int (*const queue_cmps[])(const void *, const void *) = {by_urgency, by_kind, by_household};

/* Each item's 户编号 (sorting by it), in hh_nos[n][64]. */
static int fill_hh_nos(struct queue *q, char (*hh_nos)[64])
{
    for (size_t i = 0; i < q->n; i++) {
        struct household_row h;
        if (rs_household_get(reg_db(q->req->reg), q->items[i].household_id, &h, q->err) != 1)
            return -1;
        snprintf(hh_nos[i], sizeof hh_nos[i], "%s", h.hh_no);
        q->items[i].hh_no = hh_nos[i];
    }
    return 0;
}

/* The item's household number and title, read for the page. */
static int item_text(const struct queue *q, const struct item *it, char *hh_no, size_t hh_cap,
                     char *title, size_t title_cap)
{
    struct db *db = reg_db(q->req->reg);
    if (it->kind == ITEM_REVIEW) {
        const struct pay_review *v = it->review;
        snprintf(hh_no, hh_cap, "%s", v->hh_no);
        snprintf(title, title_cap, "动态管理复核：%s（%s，每 %d 个月）",
                 http_program_label(q->req, v->program), v->why, v->months);
        return 0;
    }
    if (it->kind == ITEM_WARNING) {
        struct ms_warning *w = mz_malloc(sizeof *w);
        if (!w)
            return mz_fail(q->err, "out_of_memory", "内存不足");
        int rc = ms_warning_get(db, it->id, w, q->err) == 1 ? 0 : -1;
        if (rc == 0) {
            snprintf(hh_no, hh_cap, "%s", w->hh_no);
            snprintf(title, title_cap, "预警：%s（%s）", w->label,
                     mon_warning_state_label(w->state));
        }
        mz_free(w);
        return rc;
    }
    struct case_row c;
    struct household_row h;
    struct http_case_summary sum;
    if (cs_case_get(db, it->id, &c, q->err) != 1 ||
        rs_household_get(db, c.household_id, &h, q->err) != 1)
        return -1;
    http_case_summary(q->req, &c, &sum);
    snprintf(hh_no, hh_cap, "%s", h.hh_no);
    snprintf(title, title_cap, "%s：%s", sum.type_label, sum.state_label);
    return 0;
}

/* An item of the page: kind, id, household, head, title, due date and
 * working days left. */
static json_t *item_json(const struct queue *q, const struct item *it)
{
    static const char *const kinds[] = {"case", "review", "warning"};
    char hh_no[64], title[240], head[128];
    long members;
    if (item_text(q, it, hh_no, sizeof hh_no, title, sizeof title) < 0 ||
        qs_household_head(reg_db(q->req->reg), it->household_id, head, sizeof head, &members,
                          q->err) < 0)
        return NULL;
    int left = 0;
    struct mz_err ignored = {0};
    bool counted = it->due != MZ_DATE_NONE &&
                   cal_working_days_between(q->req->cal, q->today, it->due, &left, &ignored) == 0;
    json_t *o = json_pack("{s:s, s:I, s:I, s:s, s:s, s:o, s:s?, s:o, s:b}", "kind",
                          kinds[it->kind], "id", (json_int_t)it->id, "household_id",
                          (json_int_t)it->household_id, "household_no", hh_no, "title", title,
                          "due", http_date_json(it->due), "due_kind", it->due_kind, "days_left",
                          counted ? json_integer(left) : json_null(), "overdue", it->overdue);
    if (o && head[0])
        json_object_set_new(o, "head_name", json_string(head));
    if (!o)
        mz_fail(q->err, "out_of_memory", "内存不足");
    return o;
}

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
    struct queue q = {req, date_today(), NULL, 0, 0, &err};
    struct pay_review *reviews = NULL;
    size_t nreviews = 0;
    char(*hh_nos)[64] = NULL;
    int rc = queue_warnings(&q, prefixes, nprefix) < 0 || queue_cases(&q, prefixes, nprefix) < 0 ||
                     reviews_in_scope(req, pay_month_of(q.today), &reviews, &nreviews, &err) < 0 ||
                     queue_reviews(&q, reviews, nreviews) < 0
                 ? -1
                 : 0;
    if (rc == 0 && q.n && queue_cmps[order] == by_household) {
        hh_nos = mz_calloc(q.n, sizeof *hh_nos);
        rc = hh_nos ? fill_hh_nos(&q, hh_nos) : mz_fail(&err, "out_of_memory", "内存不足");
    }
    size_t n = 0;
    if (rc == 0 && q.n) { /* qsort of NULL is undefined, even for no items */
        qsort(q.items, q.n, sizeof *q.items, queue_cmps[order]);
        /* Under a scope of several prefixes, an item is listed once (the
         * same item sorts next to itself). */
        for (size_t i = 0; i < q.n; i++)
            if (n == 0 || q.items[i].kind != q.items[n - 1].kind ||
                q.items[i].id != q.items[n - 1].id)
                q.items[n++] = q.items[i];
    }
    json_t *items = json_array();
    size_t from = (size_t)((page - 1) * per_page);
    for (size_t k = from; rc == 0 && k < n && k < from + (size_t)per_page; k++) {
        size_t i = desc ? n - 1 - k : k; /* descending: the order read backwards */
        json_t *o = item_json(&q, &q.items[i]);
        rc = o ? json_array_append_new(items, o) : -1;
    }
    mz_free(q.items);
    mz_free(reviews);
    mz_free(hh_nos);
    if (rc < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, http_page_json(items, page, per_page, (long)n));
}
