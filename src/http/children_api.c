/* Child welfare over HTTP: the 困境儿童 of the caller's scope with the
 * counts by category and the monitoring's open warnings about children (a
 * county's dashboard, a 儿童主任's visit list, a 督导员's warnings), one
 * child's record (a full view: audited), and recording a visit, guidance
 * or referral. Children's data is shown to the fewest roles: 儿童主任 and
 * 儿童督导员 in their community or street, 区县民政 and 市级管理员; every
 * other role is refused. The rules live in src/children. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "children/entitle.h"
#include "children/kunjing.h"
#include "children/visit.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "monitor/monitor.h"
#include "base/mem.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/monitorstore.h"
#include "store/regstore.h"

/* Whether the caller's role may see children's data; else 403. */
static bool children_role(const struct http_req *req, struct http_resp *resp)
{
    switch (req->user ? req->user->role : ROLE_COUNT) {
    case ROLE_CITY_ADMIN:
    case ROLE_DISTRICT:
    case ROLE_CHILD_SUPERVISOR:
    case ROLE_CHILD_DIRECTOR: break;
    default:
        http_problem(resp, 403, "forbidden_role",
                     "儿童信息只向儿童主任、儿童督导员、区县民政和市级管理员开放", NULL);
        return false;
    }
    if (!req->policies || !req->cal) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return false;
    }
    return true;
}

/* The person of path parameter 0 in the caller's scope: 1, or 0 after
 * sending 404 (absent and out of scope answer alike) or -1 after the error. */
static int child_in_scope(struct http_req *req, struct http_resp *resp, int64_t *id,
                          struct person_row *p)
{
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], id) ? rs_person_get(reg_db(req->reg), *id, p, &err)
                                                  : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (!found || !http_in_scope(req, p->division)) {
        http_problem(resp, 404, "unknown_person", "没有这名儿童（或不在您的管辖范围）", "id");
        return 0;
    }
    return 1;
}

static json_t *child_json(const struct http_req *req, const struct kj_child *c)
{
    char due[11];
    date_format(c->visit_due, due);
    return json_pack("{s:I, s:s, s:s, s:i, s:o, s:s, s:s, s:o, s:s, s:b}", "person_id",
                     (json_int_t)c->person_id, "name", c->name, "id_number", c->id_masked, "age",
                     c->age, "division_name", http_division_name(req, c->division), "address",
                     c->address, "reasons", c->reasons, "last_contact",
                     http_date_json(c->last_contact), "visit_due", due, "overdue", c->overdue);
}

/* The monitoring's open warnings about children of the scope (a parent
 * dies, is imprisoned, goes missing; a child leaves school) — for the
 * street's 儿童督导员, who may not read the other warnings. Overdue
 * visits show on each child instead. */
static int child_warnings(struct http_req *req, const char *const *prefixes, int n, json_t *out,
                          struct mz_err *err)
{
    static const char *const rules[] = {"child_parent_change", "child_left_school"};
    struct db *db = reg_db(req->reg);
    struct ms_warning *w = mz_calloc(1, sizeof *w);
    if (!w) return mz_fail(err, "out_of_memory", "内存不足");
    int rc = 0;
    for (size_t r = 0; rc == 0 && r < sizeof rules / sizeof rules[0]; r++)
        for (int i = 0; rc == 0 && i < n; i++) {
            int64_t *ids = NULL;
            size_t nids = 0;
            rc = ms_warning_ids_in(db, prefixes[i], "open", "", rules[r], &ids, &nids, err);
            for (size_t k = 0; rc == 0 && k < nids; k++) {
                struct person_row p;
                if (ms_warning_get(db, ids[k], w, err) <= 0 ||
                    rs_person_get(db, w->person_id, &p, err) <= 0) {
                    rc = err->code[0] ? -1 : 0;
                    continue;
                }
                json_array_append_new(out, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "id",
                                                     (json_int_t)w->id, "label", w->label,
                                                     "person_id", (json_int_t)w->person_id,
                                                     "name", p.name, "raised_on", w->raised_on,
                                                     "due", w->due));
            }
            mz_free(ids);
        }
    mz_free(w);
    return rc;
}

void h_children(struct http_req *req, struct http_resp *resp)
{
    if (!children_role(req, resp)) return;
    const char *division = http_query(req, "division"), *overdue = http_query(req, "overdue");
    bool only_overdue = overdue && strcmp(overdue, "true") == 0;
    const char *prefixes[HTTP_SCOPE_MAX];
    int n = http_scope_prefixes(req, division && *division ? division : NULL, prefixes);
    char codes[HTTP_SCOPE_MAX][13];
    for (int i = 0; i < n; i++) snprintf(codes[i], sizeof codes[i], "%.12s", prefixes[i]);
    struct kj_list l = {0};
    struct mz_err err = {0};
    if (n > 0 && kj_list(req->reg, req->policies, (const char(*)[13])codes, n, date_today(), &l,
                         &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    json_t *items = json_array(), *cats = json_array(), *warnings = json_array();
    if (child_warnings(req, prefixes, n, warnings, &err) < 0) {
        json_decref(items);
        json_decref(cats);
        json_decref(warnings);
        kj_list_free(&l);
        http_problem_err(resp, &err);
        return;
    }
    for (size_t i = 0; i < l.n; i++)
        if (!only_overdue || l.children[i].overdue)
            json_array_append_new(items, child_json(req, &l.children[i]));
    for (int i = 0; l.n && i < KJ_NCATEGORIES; i++)
        json_array_append_new(cats, json_pack("{s:s, s:I}", "label", l.labels[i], "children",
                                              (json_int_t)l.by_category[i]));
    http_send_json(resp, 200,
                   json_pack("{s:o, s:I, s:I, s:o, s:o, s:o}", "as_of", http_date_json(date_today()),
                             "total", (json_int_t)l.n, "overdue", (json_int_t)l.overdue,
                             "categories", cats, "warnings", warnings, "items", items));
    kj_list_free(&l);
}

static int record_json(void *ctx, const struct child_record_row *r)
{
    json_t *o = json_pack("{s:s, s:s}", "as_of", r->as_of, "reasons",
                          r->reasons[0] ? r->reasons : "不再属于困境儿童");
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

static int visit_json(void *ctx, const struct child_visit_row *v)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)v->id, "visited_on",
                          v->visited_on, "kind", v->kind, "visitor", v->visitor, "findings",
                          v->findings);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

struct ent_list {
    const char *labels[ENT_NKINDS];
    json_t *items;
};

static int entitlement_json(void *ctx, const struct entitlement_row *e)
{
    struct ent_list *l = ctx;
    size_t n;
    const struct ent_kind *k = ent_kinds(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(e->kind, k[i].name) != 0) continue;
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s?}", "kind", e->kind, "label", l->labels[i],
                              "source", k[i].source, "start_on", e->start_on, "end_on",
                              e->end_on[0] ? e->end_on : NULL);
        if (!o || json_array_append_new(l->items, o) < 0) return -1;
    }
    return 0;
}

void h_child(struct http_req *req, struct http_resp *resp)
{
    if (!children_role(req, resp)) return;
    int64_t id;
    struct person_row p;
    if (child_in_scope(req, resp, &id, &p) != 1) return;
    struct kj_child c;
    bool found;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    json_t *records = json_array(), *visits = json_array(), *kinds = json_array();
    struct ent_list ents = {.items = json_array()};
    size_t nk;
    const char *const *k = child_visit_kinds(&nk);
    for (size_t i = 0; i < nk; i++) json_array_append_new(kinds, json_string(k[i]));
    if (kj_get(req->reg, req->policies, id, date_today(), &c, &found, &err) < 0 ||
        chs_records_of(reg_db(req->reg), id, 50, record_json, records, &err) != 0 ||
        chs_visits_of(reg_db(req->reg), id, 100, visit_json, visits, &err) != 0 ||
        ent_labels(req->policies, ents.labels, &err) < 0 ||
        chs_ents_of(reg_db(req->reg), id, entitlement_json, &ents, &err) != 0 ||
        kj_audit_view(req->reg, id, actor, &err) < 0) {
        json_decref(ents.items);
        json_decref(records);
        json_decref(visits);
        json_decref(kinds);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:o, s:b, s:o, s:o, s:o}", "person_id",
                          (json_int_t)id, "name", p.name, "id_number", p.id_masked, "age",
                          date_age(p.birth, date_today()), "division_name",
                          http_division_name(req, p.division), "in_difficulty", found, "records",
                          records, "visits", visits, "kinds", kinds);
    if (o)
        json_object_set_new(o, "entitlements", ents.items);
    else
        json_decref(ents.items);
    if (o && found) json_object_set_new(o, "current", child_json(req, &c));
    http_send_json(resp, 200, o);
}

/* A member of body that must be a string when present; false after 422. */
static bool text_member(json_t *body, struct http_resp *resp, const char *name, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = json_string_value(v);
    if (!v || json_is_string(v)) return true;
    char detail[96];
    snprintf(detail, sizeof detail, "字段 %s 应为文字", name);
    http_problem(resp, 422, "wrong_type", detail, name);
    return false;
}

void h_child_visit(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"visited_on", "kind", "visitor", "findings", NULL};
    if (!children_role(req, resp) || !http_may_write(req, resp)) return;
    int64_t id;
    struct person_row p;
    if (child_in_scope(req, resp, &id, &p) != 1) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
    {
        bool ok = false;
        for (size_t i = 0; known[i]; i++) ok |= strcmp(key, known[i]) == 0;
        if (!ok) {
            char detail[120];
            snprintf(detail, sizeof detail, "未知字段“%.40s”", key);
            http_problem(resp, 400, "unknown_field", detail, key);
            json_decref(body);
            return;
        }
    }
    struct child_visit_in in = {.person_id = id};
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    int64_t visit;
    if (text_member(body, resp, "visited_on", &in.visited_on) &&
        text_member(body, resp, "kind", &in.kind) &&
        text_member(body, resp, "visitor", &in.visitor) &&
        text_member(body, resp, "findings", &in.findings)) {
        if (!in.visitor) in.visitor = http_user_name(req);
        struct mon_env env = {req->reg, req->policies, req->cal};
        if (child_visit_record(&env, &in, actor, &visit, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)visit,
                                                "person_id", (json_int_t)id, "visited_on",
                                                in.visited_on, "kind", in.kind));
    }
    json_decref(body);
}
