/* Place names and division changes over HTTP (docs/placenames.md): the
 * public search (no account), the gazetteer and naming cases of the
 * caller's scope, division change events and reports "as of" a day. The
 * rules live in src/placename and src/registry. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "placename/placename.h"
#include "registry/divchange.h"
#include "registry/divisions.h"
#include "registry/pinyin.h"
#include "registry/registry.h"
#include "store/divstore.h"
#include "store/placestore.h"

/* ---- JSON ------------------------------------------------------------- */

static json_t *placename_json(const struct http_req *req, const struct placename_row *p,
                              bool public_view)
{
    const struct pn_class *cls = pn_class_find(p->class_);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
        (json_int_t)p->id, "name", p->name, "specific", p->specific, "generic", p->generic,
        "pinyin", p->pinyin, "class", p->class_, "class_label", cls ? cls->label : p->class_,
        "division_name", http_division_name(req, p->division), "meaning", p->meaning, "history",
        p->history, "named_on", p->named_on, "approved_by", p->approved_by, "document",
        p->document, "culture", p->culture, "products", p->products, "status_label",
        pn_status_label(p->status));
    if (!o)
        return NULL;
    if (p->located) {
        json_object_set_new(o, "lon", json_real(p->lon));
        json_object_set_new(o, "lat", json_real(p->lat));
    }
    if (!public_view) {
        json_object_set_new(o, "division", json_string(p->division));
        json_object_set_new(o, "status", json_string(p->status));
    }
    return o;
}

static json_t *case_json(const struct http_req *req, const struct placecase_row *c)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, "
                     "s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                     "id", (json_int_t)c->id, "kind", c->kind, "kind_label",
                     strcmp(c->kind, "rename") == 0 ? "更名" : "命名", "placename_id",
                     (json_int_t)c->placename_id, "old_name", c->old_name, "new_name",
                     c->new_name, "reasons", c->reasons, "applicant", c->applicant, "division",
                     c->division, "division_name", http_division_name(req, c->division),
                     "opened_on", c->opened_on, "state", c->state, "state_label",
                     pn_case_state_label(c->state), "approved_on", c->approved_on, "approved_by",
                     c->approved_by, "document", c->document, "filing_due", c->filing_due,
                     "filed_on", c->filed_on, "notice_due", c->notice_due, "announced_on",
                     c->announced_on, "reject_reason", c->reject_reason);
}

/* ---- search ------------------------------------------------------------- */

struct listing {
    const struct http_req *req;
    json_t *items;
    bool public_view;
};

static int add_placename(void *ctx, const struct placename_row *p)
{
    struct listing *l = ctx;
    json_t *o = placename_json(l->req, p, l->public_view);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

/* Lists names matching ?q (characters, pinyin or initials), ?class, under
 * the n prefixes, a page of them. */
static void search(struct http_req *req, struct http_resp *resp, const char (*prefixes)[13],
                   int n, bool public_view)
{
    long page, per_page;
    const char *klass = http_query(req, "class");
    if (!http_query_page(req, resp, &page, &per_page))
        return;
    if (klass && *klass && !pn_class_find(klass)) {
        http_problem(resp, 400, "invalid_parameter", "参数 class 不是已知的地名类别", "class");
        return;
    }
    char q[256];
    pn_search_text(http_query(req, "q"), q, sizeof q);
    struct listing l = {req, json_array(), public_view};
    struct mz_err err = {0};
    if (pls_placename_search(reg_db(req->reg), q, prefixes, n, klass, !public_view,
                             (int)per_page + 1, (int)((page - 1) * per_page), add_placename, &l,
                             &err) != 0) {
        json_decref(l.items);
        if (!err.code[0])
            mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    bool more = json_array_size(l.items) > (size_t)per_page;
    if (more)
        json_array_remove(l.items, (size_t)per_page);
    json_t *o = json_pack("{s:o, s:i, s:i, s:b}", "items", l.items, "page", (int)page,
                          "per_page", (int)per_page, "more", more);
    http_send_json(resp, 200, o);
}

void h_public_placenames(struct http_req *req, struct http_resp *resp)
{
    search(req, resp, NULL, 0, true);
}

void h_public_romanize(struct http_req *req, struct http_resp *resp)
{
    const char *name = http_query(req, "name");
    struct pinyin *py;
    struct mz_err err = {0};
    char out[256];
    if (!name || !*name || strlen(name) > 120) {
        http_problem(resp, 400, "invalid_parameter", "参数 name 应为不超过40个字的地名", "name");
        return;
    }
    if (pinyin_open(&py, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    int rc = pinyin_place_name(py, name, out, sizeof out);
    pinyin_close(py);
    if (rc < 0) {
        http_problem(resp, 422, "invalid_value", "无法转写这个名称", "name");
        return;
    }
    size_t spec = pinyin_specific_len(name);
    http_send_json(resp, 200,
                   json_pack("{s:s, s:s, s:s%, s:s}", "name", name, "pinyin", out, "specific",
                             name, spec, "generic", name + spec));
}

void h_placename_classes(struct http_req *req, struct http_resp *resp)
{
    (void)req;
    json_t *items = json_array();
    for (int i = 0; i < pn_class_count(); i++) {
        const struct pn_class *k = pn_class_at(i);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "class", k->name, "label",
                                               k->label, "approver", k->approver, "rule",
                                               k->rule));
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

/* The caller's scope as prefixes, narrowed to ?division. */
static int scope_codes(struct http_req *req, char (*codes)[13])
{
    const char *division = http_query(req, "division");
    const char *prefixes[HTTP_SCOPE_MAX];
    int n = http_scope_prefixes(req, division && *division ? division : NULL, prefixes);
    for (int i = 0; i < n; i++)
        snprintf(codes[i], 13, "%.12s", prefixes[i]);
    return n;
}

void h_placenames(struct http_req *req, struct http_resp *resp)
{
    char codes[HTTP_SCOPE_MAX][13];
    int n = scope_codes(req, codes);
    if (n == 0) {
        http_send_json(resp, 200,
                       json_pack("{s:[], s:i, s:i, s:b}", "items", "page", 1, "per_page", 20,
                                 "more", false));
        return;
    }
    search(req, resp, (const char(*)[13])codes, n, false);
}

/* The place name of the path, in scope: 1, or 0 after sending 404. */
static int placename_of_path(struct http_req *req, struct http_resp *resp,
                             struct placename_row *p)
{
    int64_t id;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? pls_placename_get(reg_db(req->reg), id, p, &err)
                                                   : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return 0;
    }
    if (!found || !http_in_scope(req, p->division)) {
        http_not_found(resp, "地名", req->params[0]);
        return 0;
    }
    return 1;
}

void h_placename(struct http_req *req, struct http_resp *resp)
{
    struct placename_row p;
    if (placename_of_path(req, resp, &p))
        http_send_json(resp, 200, placename_json(req, &p, false));
}

/* ---- writing ------------------------------------------------------------ */

static const char *const input_fields[] = {
    "name",     "class",       "division", "lon",     "lat",      "meaning",
    "history",  "named_on",    "approved_by", "document", "culture", "products",
    "homophone_reason", "kind", "placename_id", "reasons", "applicant", "date", NULL};
enum { F_NAME, F_CLASS, F_DIVISION, F_LON, F_LAT, F_MEANING, F_HISTORY, F_NAMED_ON,
       F_APPROVED_BY, F_DOCUMENT, F_CULTURE, F_PRODUCTS, F_HOMOPHONE, F_KIND, F_PLACENAME,
       F_REASONS, F_APPLICANT, F_DATE, NFIELDS };

/* The input of a body's string members; false after a 422 (bad
 * coordinates, a division out of scope answers as unknown). */
static bool input_of(struct http_req *req, struct http_resp *resp, const char **v,
                     struct pn_input *in)
{
    *in = (struct pn_input){.name = v[F_NAME], .class_ = v[F_CLASS], .division = v[F_DIVISION],
                            .meaning = v[F_MEANING], .history = v[F_HISTORY],
                            .named_on = v[F_NAMED_ON], .approved_by = v[F_APPROVED_BY],
                            .document = v[F_DOCUMENT], .culture = v[F_CULTURE],
                            .products = v[F_PRODUCTS], .homophone_reason = v[F_HOMOPHONE]};
    if ((v[F_LON] && *v[F_LON]) || (v[F_LAT] && *v[F_LAT])) {
        char *e1 = NULL, *e2 = NULL;
        in->located = true;
        in->lon = v[F_LON] ? strtod(v[F_LON], &e1) : 0;
        in->lat = v[F_LAT] ? strtod(v[F_LAT], &e2) : 0;
        if (!e1 || *e1 || !e2 || *e2 || !*v[F_LON] || !*v[F_LAT]) {
            http_problem(resp, 422, "invalid_value", "经度和纬度应同时填写，为十进制度数（CGCS2000）",
                         !e1 || *e1 || !*v[F_LON] ? "lon" : "lat");
            return false;
        }
    }
    if (in->division && *in->division && !http_in_scope(req, in->division)) {
        http_problem(resp, 422, "unknown_division", "所在区划不在您的管辖范围", "division");
        return false;
    }
    return true;
}

void h_placename_add(struct http_req *req, struct http_resp *resp)
{
    const char *v[NFIELDS] = {0};
    if (!http_may_write(req, resp))
        return;
    json_t *body = http_body_strings(req, resp, input_fields, v);
    if (!body)
        return;
    struct pn_input in;
    struct pn_env env = {req->reg, req->policies, req->cal};
    struct mz_err err = {0};
    int64_t id;
    struct placename_row p;
    if (input_of(req, resp, v, &in)) {
        if (pn_add(&env, &in, &id, &err) < 0 ||
            pls_placename_get(reg_db(req->reg), id, &p, &err) != 1)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, placename_json(req, &p, false));
    }
    json_decref(body);
}

/* ---- naming cases ------------------------------------------------------- */

struct case_listing {
    const struct http_req *req;
    json_t *items;
};

static int add_case(void *ctx, const struct placecase_row *c)
{
    struct case_listing *l = ctx;
    json_t *o = case_json(l->req, c);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

void h_placename_cases(struct http_req *req, struct http_resp *resp)
{
    static const char *const states[] = {"applied", "approved", "done", "rejected", NULL};
    const char *state;
    if (!http_query_enum(req, resp, "state", states, &state))
        return;
    char codes[HTTP_SCOPE_MAX][13];
    int n = scope_codes(req, codes);
    struct case_listing l = {req, json_array()};
    struct mz_err err = {0};
    if (n > 0 &&
        pls_cases(reg_db(req->reg), (const char(*)[13])codes, n, state, 200, add_case, &l, &err) != 0) {
        json_decref(l.items);
        if (!err.code[0])
            mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", l.items));
}

/* The naming case of the path, in scope: 1, or 0 after sending 404. */
static int case_of_path(struct http_req *req, struct http_resp *resp, struct placecase_row *c)
{
    int64_t id;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? pls_case_get(reg_db(req->reg), id, c, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return 0;
    }
    if (!found || !http_in_scope(req, c->division)) {
        http_not_found(resp, "地名命名更名案件", req->params[0]);
        return 0;
    }
    return 1;
}

void h_placename_case(struct http_req *req, struct http_resp *resp)
{
    struct placecase_row c;
    if (case_of_path(req, resp, &c))
        http_send_json(resp, 200, case_json(req, &c));
}

static bool day_of(const char *text, struct http_resp *resp, mz_date *day)
{
    *day = text && *text ? date_parse(text) : date_today();
    if (*day != MZ_DATE_NONE)
        return true;
    http_problem(resp, 422, "invalid_date", "字段 date 应为 YYYY-MM-DD", "date");
    return false;
}

void h_placename_case_open(struct http_req *req, struct http_resp *resp)
{
    const char *v[NFIELDS] = {0};
    if (!http_may_write(req, resp))
        return;
    json_t *body = http_body_strings(req, resp, input_fields, v);
    if (!body)
        return;
    struct pn_input in;
    struct pn_env env = {req->reg, req->policies, req->cal};
    struct mz_err err = {0};
    struct placename_row p;
    struct placecase_row c;
    int64_t id = 0, placename_id = 0;
    mz_date day;
    bool rename = v[F_KIND] && strcmp(v[F_KIND], "rename") == 0;
    if (rename && (!v[F_PLACENAME] || !http_parse_id(v[F_PLACENAME], &placename_id) ||
                   pls_placename_get(reg_db(req->reg), placename_id, &p, &err) != 1 ||
                   !http_in_scope(req, p.division)))
        http_problem(resp, 404, "not_found", "要更名的地名不存在或不在您的管辖范围",
                     "placename_id");
    else if (input_of(req, resp, v, &in) && day_of(v[F_DATE], resp, &day)) {
        if (pn_case_open(&env, v[F_KIND], placename_id, &in, v[F_REASONS], v[F_APPLICANT], day,
                         &id, &err) < 0 ||
            pls_case_get(reg_db(req->reg), id, &c, &err) != 1)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, case_json(req, &c));
    }
    json_decref(body);
}

void h_placename_case_step(struct http_req *req, struct http_resp *resp)
{
    static const char *const fields[] = {"date", "approved_by", "document", "reason", NULL};
    const char *v[4] = {0};
    const char *action = req->params[1];
    struct placecase_row c;
    if (!http_may_write(req, resp) || !case_of_path(req, resp, &c))
        return;
    json_t *body = http_body_strings(req, resp, fields, v);
    if (!body)
        return;
    struct pn_env env = {req->reg, req->policies, req->cal};
    struct mz_err err = {0};
    mz_date day;
    int rc = 0;
    if (!day_of(v[0], resp, &day))
        rc = 1;
    else if (strcmp(action, "approve") == 0)
        rc = pn_case_approve(&env, c.id, day, v[1], v[2], &err);
    else if (strcmp(action, "file") == 0)
        rc = pn_case_file(&env, c.id, day, &err);
    else if (strcmp(action, "announce") == 0)
        rc = pn_case_announce(&env, c.id, day, &err);
    else if (strcmp(action, "reject") == 0)
        rc = pn_case_reject(&env, c.id, day, v[3], &err);
    else {
        http_problem(resp, 404, "not_found", "没有这个办理步骤（approve、file、announce、reject）",
                     NULL);
        rc = 1;
    }
    if (rc < 0)
        http_problem_err(resp, &err);
    else if (rc == 0 && pls_case_get(reg_db(req->reg), c.id, &c, &err) == 1)
        http_send_json(resp, 200, case_json(req, &c));
    else if (rc == 0)
        http_problem_err(resp, &err);
    json_decref(body);
}

/* ---- division changes --------------------------------------------------- */

struct step_text {
    struct db *db;
    mz_date effective;
    json_t *steps;
};

/* The name of a division code on the day before the change (after it,
 * for one created by it). */
static void name_of(struct step_text *t, const char *code, char *out, size_t cap)
{
    struct division_row d;
    struct mz_err err = {0};
    if (rs_division_at(t->db, code, t->effective - 1, &d, &err) == 1 ||
        rs_division_at(t->db, code, t->effective, &d, &err) == 1 ||
        rs_division_latest(t->db, code, &d, &err) == 1)
        snprintf(out, cap, "%s", d.name);
    else
        snprintf(out, cap, "（未知区划）");
}

/* A step in words, with names instead of codes. */
static int add_step(void *ctx, int seq, const char *op, const char *code, const char *arg)
{
    struct step_text *t = ctx;
    char a[128], b[128], text[400], first[16] = "", rest[256] = "";
    (void)seq;
    name_of(t, code, a, sizeof a);
    sscanf(arg, "%15s %255[^\n]", first, rest);
    if (strcmp(op, "create") == 0) {
        name_of(t, rest, b, sizeof b);
        snprintf(text, sizeof text, "设立%s，隶属%s", first, b);
    } else if (strcmp(op, "rename") == 0) {
        snprintf(text, sizeof text, "%s更名为%s", a, arg);
    } else {
        name_of(t, arg, b, sizeof b);
        snprintf(text, sizeof text,
                 strcmp(op, "move") == 0            ? "%s划归%s"
                 : strcmp(op, "move-children") == 0 ? "%s的全部下级区划划归%s"
                 : strcmp(op, "retire") == 0        ? "撤销%s，由%s承继"
                                                    : "%s改用新代码（%s）",
                 a, b);
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "op", op, "code", code, "arg", arg, "text",
                          text);
    return o && json_array_append_new(t->steps, o) == 0 ? 0 : -1;
}

struct event_listing {
    struct db *db;
    json_t *items;
};

static int add_event(void *ctx, const struct div_event_row *e)
{
    struct event_listing *l = ctx;
    struct step_text t = {l->db, date_parse(e->effective), json_array()};
    struct mz_err err = {0};
    if (ds_event_steps(l->db, e->id, add_step, &t, &err) != 0) {
        json_decref(t.steps);
        return -1;
    }
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)e->id,
                          "effective", e->effective, "title", e->title, "document", e->document,
                          "approved_by", e->approved_by, "recorded_at", e->recorded_at, "steps",
                          t.steps);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

void h_division_events(struct http_req *req, struct http_resp *resp)
{
    struct event_listing l = {reg_db(req->reg), json_array()};
    struct mz_err err = {0};
    if (ds_events(l.db, add_event, &l, &err) != 0) {
        json_decref(l.items);
        if (!err.code[0])
            mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", l.items));
}

void h_division_event_add(struct http_req *req, struct http_resp *resp)
{
    static const char *const fields[] = {"script", NULL};
    const char *v[1] = {0};
    if (!http_may_write(req, resp))
        return;
    if (strlen(http_user_division(req)) != 2) {
        http_problem(resp, 403, "forbidden_role", "区划调整由市级管理员登记", NULL);
        return;
    }
    json_t *body = http_body_strings(req, resp, fields, v);
    if (!body)
        return;
    struct div_event_result res;
    struct mz_err err = {0};
    if (!v[0] || !*v[0])
        http_problem(resp, 422, "missing_field", "请填写区划调整内容（script）", "script");
    else if (div_event_apply(req->reg, "调整内容", v[0], &res, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 201,
                       json_pack("{s:I, s:i, s:i, s:i}", "id", (json_int_t)res.event_id, "steps",
                                 res.steps, "moved", res.moved, "warnings_rerouted",
                                 res.warnings_rerouted));
    json_decref(body);
}

struct report_rows {
    const struct http_req *req;
    json_t *items;
};

static int add_report_row(void *ctx, const struct division_row *d, int64_t households,
                          int64_t persons)
{
    struct report_rows *r = ctx;
    json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I}", "code", d->code, "name", d->name,
                          "pinyin", d->pinyin, "households", (json_int_t)households, "persons",
                          (json_int_t)persons);
    return o && json_array_append_new(r->items, o) == 0 ? 0 : -1;
}

void h_division_report(struct http_req *req, struct http_resp *resp)
{
    long level;
    const char *date = http_query(req, "date");
    mz_date at = date && *date ? date_parse(date) : date_today();
    if (at == MZ_DATE_NONE) {
        http_problem(resp, 400, "invalid_parameter", "参数 date 应为 YYYY-MM-DD", "date");
        return;
    }
    const char *under = http_user_division(req);
    if (!http_query_long(req, resp, "level", (long)strlen(under) <= 2 ? 3 : (long)strlen(under) <= 6 ? 4 : 5,
                         2, 5, &level))
        return;
    struct report_rows r = {req, json_array()};
    struct mz_err err = {0};
    if (div_report(reg_db(req->reg), strlen(under) <= 2 ? NULL : under, (int)level, at,
                   add_report_row, &r, &err) != 0) {
        json_decref(r.items);
        if (!err.code[0])
            mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    char day[11];
    date_format(at, day);
    http_send_json(resp, 200, json_pack("{s:s, s:i, s:o, s:o}", "date", day, "level", (int)level,
                                        "under", http_division_name(req, under), "items",
                                        r.items));
}
