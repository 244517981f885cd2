/* Child-welfare institutions over HTTP: the register with occupancy, one
 * institution with its children, a child's placement history and
 * services (a full view: audited), admission, move, leaving and services.
 * Callers: 市级管理员 and 区县民政 over the institutions of their scope,
 * and institution accounts (儿童福利机构) over their own institution's
 * children only; every other role is refused. An institution or child the
 * caller may not see answers 404 like an unknown one. The rules live in
 * src/children/institution.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "children/institution.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "registry/registry.h"
#include "store/institstore.h"
#include "store/regstore.h"

/* Whether the caller may use the institutions' routes; else 403. */
static bool inst_role(const struct http_req *req, struct http_resp *resp)
{
    switch (req->user->role) {
    case ROLE_CITY_ADMIN:
    case ROLE_DISTRICT:
    case ROLE_CHILD_INSTITUTION: return true;
    default:
        http_problem(resp, 403, "forbidden_role",
                     "儿童福利机构的安置信息只向区县民政、市级管理员和本机构开放", NULL);
        return false;
    }
}

/* Whether the caller may see institution r: its own for an institution
 * account, one of the scope for staff. */
static bool inst_visible(const struct http_req *req, const struct inst_row *r)
{
    int64_t own = http_user_institution(req);
    return own >= 0 ? r->id == own : http_in_scope(req, r->division);
}

/* Institution id if visible: 1, or 0 after 404, -1 after the error. */
static int inst_access(struct http_req *req, struct http_resp *resp, const char *id_text,
                       struct inst_row *out)
{
    int64_t id;
    struct mz_err err = {0};
    int found = http_parse_id(id_text, &id) ? ins_get(reg_db(req->reg), id, out, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (!found || !inst_visible(req, out)) {
        http_problem(resp, 404, "unknown_institution", "没有这家儿童福利机构（或不在您的管辖范围）",
                     "institution");
        return 0;
    }
    return 1;
}

static json_t *inst_json(const struct http_req *req, const struct inst_row *r)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:s}", "id", (json_int_t)r->id,
                     "name", r->name, "kind", r->kind, "kind_label", inst_kind_label(r->kind),
                     "division_name", http_division_name(req, r->division), "capacity",
                     (json_int_t)r->capacity, "occupancy", (json_int_t)r->occupancy, "free",
                     (json_int_t)(r->capacity - r->occupancy), "licence", r->licence);
}

struct list {
    const struct http_req *req;
    json_t *items;
};

static int add_inst(void *ctx, const struct inst_row *r)
{
    struct list *l = ctx;
    if (!inst_visible(l->req, r)) return 0;
    json_t *o = inst_json(l->req, r);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

/* Sends the error of a scan (or out of memory) and frees items. */
static void scan_failed(struct http_resp *resp, json_t *items, struct mz_err *err)
{
    json_decref(items);
    if (!err->code[0]) mz_fail(err, "out_of_memory", "内存不足");
    http_problem_err(resp, err);
}

void h_institutions(struct http_req *req, struct http_resp *resp)
{
    if (!inst_role(req, resp)) return;
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    static const char everywhere[1][13] = {""};
    if (http_user_institution(req) >= 0) codes = everywhere, n = 1; /* filtered by inst_visible */
    struct list l = {req, json_array()};
    struct mz_err err = {0};
    size_t nr, ns, nd;
    const char *const *reasons = inst_reasons(&nr), *const *sources = inst_sources(&ns),
                      *const *dests = inst_destinations(&nd);
    json_t *jr = json_array(), *js = json_array(), *jd = json_array();
    for (size_t i = 0; i < nr; i++) json_array_append_new(jr, json_string(reasons[i]));
    for (size_t i = 0; i + 1 < ns; i++) json_array_append_new(js, json_string(sources[i]));
    for (size_t i = 0; i < nd; i++) json_array_append_new(jd, json_string(dests[i]));
    if (ins_list(reg_db(req->reg), codes, n, add_inst, &l, &err) != 0) {
        json_decref(jr);
        json_decref(js);
        json_decref(jd);
        scan_failed(resp, l.items, &err);
        return;
    }
    http_send_json(resp, 200,
                   json_pack("{s:o, s:o, s:o, s:o, s:b}", "items", l.items, "reasons", jr, "sources",
                             js, "destinations", jd, "may_register",
                             req->user->role != ROLE_CHILD_INSTITUTION));
}

void h_institution_add(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"name", "kind", "division", "capacity", "licence", NULL};
    if (!inst_role(req, resp) || !http_may_write(req, resp)) return;
    if (req->user->role == ROLE_CHILD_INSTITUTION) {
        http_problem(resp, 403, "forbidden_role", "儿童福利机构由区县民政或市级管理员登记", NULL);
        return;
    }
    const char *v[5];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct inst_in in = {v[0], v[1], v[2], v[3], v[4]};
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    int64_t id;
    struct inst_row r;
    if (in.division && !http_in_scope(req, in.division))
        http_problem(resp, 422, "invalid_value", "机构所在区划不在您的管辖范围", "division");
    else if (inst_add(req->reg, &in, actor, &id, &err) < 0 ||
             ins_get(reg_db(req->reg), id, &r, &err) <= 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 201, inst_json(req, &r));
    json_decref(body);
}

static int add_placement(void *ctx, const struct placement_row *r)
{
    struct list *l = ctx;
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:b}", "id",
                          (json_int_t)r->id, "person_id", (json_int_t)r->person_id, "name",
                          r->name, "id_number", r->id_masked, "birth", r->birth, "institution",
                          r->institution, "admitted_on", r->admitted_on, "reason", r->reason,
                          "source", r->source, "left_on", r->left_on[0] ? r->left_on : NULL,
                          "destination", r->destination[0] ? r->destination : NULL, "moved_in",
                          r->moved_from != 0);
    if (o) json_object_set_new(o, "institution_id", json_integer(r->institution_id));
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

void h_institution(struct http_req *req, struct http_resp *resp)
{
    if (!inst_role(req, resp)) return;
    struct inst_row r;
    if (inst_access(req, resp, req->params[0], &r) != 1) return;
    const char *all = http_query(req, "all");
    struct list l = {req, json_array()};
    struct mz_err err = {0};
    if (ins_placements_in(reg_db(req->reg), r.id, !(all && strcmp(all, "true") == 0),
                          add_placement, &l, &err) != 0) {
        scan_failed(resp, l.items, &err);
        return;
    }
    json_t *o = inst_json(req, &r);
    if (o) json_object_set_new(o, "children", l.items);
    http_send_json(resp, 200, o);
}

void h_institution_admit(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"id_number", "admitted_on", "reason", "source", NULL};
    if (!inst_role(req, resp) || !http_may_write(req, resp)) return;
    struct inst_row r;
    if (inst_access(req, resp, req->params[0], &r) != 1) return;
    const char *v[4];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct inst_admit_in in = {0, r.id, v[1], v[2], v[3]};
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    int64_t id;
    int found = v[0] ? reg_person_find(req->reg, v[0], &in.person_id, &err) : 0;
    if (found < 0)
        http_problem_err(resp, &err);
    else if (!found)
        http_problem(resp, 422, v[0] ? "unknown_person" : "missing_field",
                     v[0] ? "没有这个身份证号的人员" : "请填写儿童的身份证号", "id_number");
    else if (inst_admit(req->reg, &in, actor, &id, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 201, json_pack("{s:I, s:I, s:I}", "id", (json_int_t)id, "person_id",
                                            (json_int_t)in.person_id, "institution_id",
                                            (json_int_t)r.id));
    json_decref(body);
}

/* Whether placement r shows the child to the caller: an institution
 * account sees the children currently placed with it; staff see a child
 * who was ever placed in an institution of their scope. */
struct seen {
    const struct http_req *req;
    bool visible, placed;
};

static int see_placement(void *ctx, const struct placement_row *r)
{
    struct seen *s = ctx;
    int64_t own = http_user_institution(s->req);
    s->placed = true;
    if (own >= 0) {
        s->visible |= r->institution_id == own && !r->left_on[0];
        return 0;
    }
    struct inst_row inst;
    struct mz_err err = {0};
    if (ins_get(reg_db(s->req->reg), r->institution_id, &inst, &err) == 1)
        s->visible |= http_in_scope(s->req, inst.division);
    return 0;
}

/* The child of path parameter 0 if the caller may see them: 1, or 0 after
 * 404, -1 after the error. */
static int child_access(struct http_req *req, struct http_resp *resp, int64_t *id)
{
    struct seen s = {req, false, false};
    struct mz_err err = {0};
    if (http_parse_id(req->params[0], id) &&
        ins_placements_of(reg_db(req->reg), *id, see_placement, &s, &err) != 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (!s.visible) {
        http_problem(resp, 404, "unknown_person", "没有这名安置儿童（或不在您的管辖范围）", "id");
        return 0;
    }
    return 1;
}

static int add_service(void *ctx, const struct inst_service_row *s)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)s->id, "institution",
                          s->institution, "kind", s->kind, "kind_label",
                          inst_service_label(s->kind), "served_on", s->served_on, "note", s->note);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

void h_placements(struct http_req *req, struct http_resp *resp)
{
    if (!inst_role(req, resp)) return;
    int64_t id;
    if (child_access(req, resp, &id) != 1) return;
    struct person_row p;
    struct list l = {req, json_array()};
    json_t *services = json_array();
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    if (rs_person_get(reg_db(req->reg), id, &p, &err) <= 0 ||
        ins_placements_of(reg_db(req->reg), id, add_placement, &l, &err) != 0 ||
        ins_services_of(reg_db(req->reg), id, add_service, services, &err) != 0 ||
        inst_audit_view(req->reg, id, actor, &err) < 0) {
        json_decref(services);
        scan_failed(resp, l.items, &err);
        return;
    }
    http_send_json(resp, 200,
                   json_pack("{s:I, s:s, s:s, s:i, s:o, s:o}", "person_id", (json_int_t)id, "name",
                             p.name, "id_number", p.id_masked, "age",
                             date_age(p.birth, date_today()), "placements", l.items, "services",
                             services));
}

void h_placement_move(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"to_institution", "moved_on", NULL};
    if (!inst_role(req, resp) || !http_may_write(req, resp)) return;
    int64_t id, to_id = 0, placement;
    if (child_access(req, resp, &id) != 1) return;
    const char *v[2];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct inst_row to;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    /* an institution account sends a child to any institution; staff move
     * within their scope */
    int found = v[0] && http_parse_id(v[0], &to_id) ? ins_get(reg_db(req->reg), to_id, &to, &err)
                                                     : 0;
    if (found < 0)
        http_problem_err(resp, &err);
    else if (!found || (http_user_institution(req) < 0 && !http_in_scope(req, to.division)))
        http_problem(resp, 422, "unknown_institution", "没有转入的这家儿童福利机构（或不在您的管辖范围）",
                     "to_institution");
    else if (inst_move(req->reg, id, to_id, v[1], actor, &placement, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 201, json_pack("{s:I, s:I, s:I}", "id", (json_int_t)placement,
                                            "person_id", (json_int_t)id, "institution_id",
                                            (json_int_t)to_id));
    json_decref(body);
}

void h_placement_leave(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"left_on", "destination", NULL};
    if (!inst_role(req, resp) || !http_may_write(req, resp)) return;
    int64_t id;
    if (child_access(req, resp, &id) != 1) return;
    const char *v[2];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    if (inst_leave(req->reg, id, v[0], v[1], actor, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)id,
                                            "left_on", v[0], "destination", v[1]));
    json_decref(body);
}

void h_placement_service(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"kind", "served_on", "note", NULL};
    if (!inst_role(req, resp) || !http_may_write(req, resp)) return;
    int64_t id, service;
    if (child_access(req, resp, &id) != 1) return;
    const char *v[3];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    if (inst_service(req->reg, id, v[0], v[1], v[2], actor, &service, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 201, json_pack("{s:I, s:I}", "id", (json_int_t)service, "person_id",
                                            (json_int_t)id));
    json_decref(body);
}
