/* The supervision dashboards (监督看板), the integrity report for 纪检 and
 * spot checks with their results over HTTP (supervise/summary.h,
 * supervise/spotcheck.h), in the caller's scope. The dashboards and the
 * report are for the city's and counties' managers and the auditors;
 * results are recorded by caseworkers in scope. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "registry/registry.h"
#include "supervise/spotcheck.h"
#include "supervise/summary.h"

/* city_admin, district and auditor; else 403 forbidden_role. */
static bool supervisors_only(const struct http_req *req, struct http_resp *resp)
{
    enum auth_role r = req->user->role;
    if (r == ROLE_CITY_ADMIN || r == ROLE_DISTRICT || r == ROLE_AUDITOR)
        return true;
    char detail[160];
    snprintf(detail, sizeof detail, "仅限市级管理员、区县民政和审计账户，%s账户不能使用",
             auth_role_label(r));
    http_problem(resp, 403, "forbidden_role", detail, NULL);
    return false;
}

/* ?from= and ?to= (YYYY-MM-DD; by default the last 365 days to today)
 * into from and to (11 bytes each); false after a 400 problem. */
static bool period(const struct http_req *req, struct http_resp *resp, char *from, char *to)
{
    const char *names[] = {"from", "to"};
    mz_date today = date_today(), d[2] = {today - 365, today};
    for (int i = 0; i < 2; i++) {
        const char *v = http_query(req, names[i]);
        if (v && (d[i] = date_parse(v)) == MZ_DATE_NONE) {
            char detail[120];
            snprintf(detail, sizeof detail, "参数 %s 应为 YYYY-MM-DD，实为“%.20s”", names[i], v);
            http_problem(resp, 400, "invalid_parameter", detail, names[i]);
            return false;
        }
    }
    if (d[0] > d[1]) {
        http_problem(resp, 400, "invalid_parameter", "起始日期 from 不能晚于截止日期 to", "from");
        return false;
    }
    date_format(d[0], from);
    date_format(d[1], to);
    return true;
}

void h_supervision_summary(struct http_req *req, struct http_resp *resp)
{
    char from[11], to[11];
    if (!supervisors_only(req, resp) || !period(req, resp, from, to))
        return;
    struct sup_query q = {.from = from, .to = to};
    q.nscope = http_scope_codes(req, &q.scope);
    struct mz_err err = {0};
    json_t *s = sup_summary(req->reg, req->policies, &q, false, &err);
    if (!s) {
        http_problem_err(resp, &err);
        return;
    }
    const char *division = http_user_division(req);
    json_object_set_new(s, "division_name", http_division_name(req, division));
    http_send_json(resp, 200, s);
}

void h_supervision_report(struct http_req *req, struct http_resp *resp)
{
    char from[11], to[11];
    if (!supervisors_only(req, resp) || !period(req, resp, from, to))
        return;
    struct sup_query q = {.from = from, .to = to};
    q.nscope = http_scope_codes(req, &q.scope);
    json_t *name = http_division_name(req, http_user_division(req));
    struct http_audit_files files;
    http_audit_files(req, &files);
    struct sup_audit audit = {files.checkpoint, files.pubkey};
    char path[512], actor[80], filename[64];
    http_actor(req, actor);
    struct mz_err err = {0};
    int made = http_temp_file(path, sizeof path, &err), rc = made;
    if (rc == 0)
        rc = sup_report(req->reg, req->policies, &q, json_string_value(name), &audit, actor,
                        path, &err);
    snprintf(filename, sizeof filename, "integrity-%s-%s.xlsx", from, to);
    if (rc == 0)
        rc = http_send_file(resp, path, HTTP_XLSX_TYPE, filename, &err);
    if (made == 0)
        unlink(path);
    json_decref(name);
    if (rc < 0)
        http_problem_err(resp, &err);
}

/* ---- spot checks -------------------------------------------------------- */

void h_spotchecks(struct http_req *req, struct http_resp *resp)
{
    if (!supervisors_only(req, resp))
        return;
    struct sup_query q = {.from = "0000-01-01", .to = "9999-12-31"};
    q.nscope = http_scope_codes(req, &q.scope);
    struct mz_err err = {0};
    json_t *rows = sup_spot_checks(req->reg, req->policies, &q, &err);
    if (!rows) {
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", rows));
}

struct items {
    struct http_req *req;
    json_t *rows;
};

static int add_item(void *ctx, const struct spot_item *it)
{
    struct items *x = ctx;
    if (!http_in_scope(x->req, it->division))
        return 0;
    char by[96] = "";
    if (*it->checked_by)
        sup_actor_label(it->checked_by, by, sizeof by);
    return json_array_append_new(
        x->rows, json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:s}", "ordinal",
                           (json_int_t)it->ordinal, "household", it->hh_no,
                           "division_name", http_division_name(x->req, it->division), "result",
                           it->result, "note", it->note, "checked_by", by, "checked_at",
                           it->checked_at));
}

struct one {
    struct http_req *req;
    json_t *check;
    char division[13];
};

static int one_spot(void *ctx, const struct spot_check_row *s)
{
    struct one *x = ctx;
    snprintf(x->division, sizeof x->division, "%s", s->division);
    return (x->check = sup_spot_check_json(x->req->reg, x->req->policies, s)) ? 0 : -1;
}

/* Check id with its sampled households in the caller's scope: 1, 0 if it
 * is unknown or the caller sees neither its division nor any of its
 * households, -1 (err). */
static int spot_detail(struct http_req *req, int64_t id, json_t **out, struct mz_err *err)
{
    struct one x = {req, NULL, ""};
    struct items it = {req, json_array()};
    int found = spotcheck_get(req->reg, id, one_spot, &x, err);
    if (found == 1 && spotcheck_items(req->reg, id, add_item, &it, err) != 0)
        found = -1;
    if (found == 1 && !http_in_scope(req, x.division) && !json_array_size(it.rows))
        found = 0;
    if (found == 1 && json_object_set_new(x.check, "items", it.rows) == 0) {
        *out = x.check;
        return 1;
    }
    if (found == 1)
        found = mz_fail(err, "out_of_memory", "内存不足");
    json_decref(it.rows);
    json_decref(x.check);
    return found;
}

void h_spotcheck(struct http_req *req, struct http_resp *resp)
{
    if (!http_case_role(req) && req->user->role != ROLE_AUDITOR) {
        http_problem(resp, 403, "forbidden_role", "仅限民政经办、管理和审计账户", NULL);
        return;
    }
    int64_t id;
    json_t *o = NULL;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? spot_detail(req, id, &o, &err) : 0;
    if (found == 1)
        http_send_json(resp, 200, o);
    else if (found == 0)
        http_not_found(resp, "抽查", req->params[0]);
    else
        http_problem_err(resp, &err);
}

void h_spotcheck_result(struct http_req *req, struct http_resp *resp)
{
    if (!http_may_write(req, resp))
        return;
    if (!http_case_role(req)) {
        http_problem(resp, 403, "forbidden_role", "仅限民政经办人员录入抽查结果", NULL);
        return;
    }
    static const char *const names[] = {"household", "result", "note", NULL};
    const char *v[3];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    int64_t id = 0;
    char division[13] = "";
    struct mz_err err = {0};
    int found = !http_parse_id(req->params[0], &id) ? 0
                : !v[0] ? mz_fail_field(&err, "household", "missing_field", "应填写户编号 household")
                        : spotcheck_item_division(req->reg, id, v[0], division, &err);
    char actor[80];
    http_actor(req, actor);
    json_t *o = NULL;
    if (found == 1 && !http_in_scope(req, division))
        found = 0;
    if (found == 1 && spotcheck_result(req->reg, id, v[0], v[1], v[2] ? v[2] : "", actor, &err) == 0 &&
        spot_detail(req, id, &o, &err) == 1)
        http_send_json(resp, 200, o);
    else if (found == 0)
        http_not_found(resp, "抽查家庭", v[0] ? v[0] : req->params[0]);
    else
        http_problem_err(resp, &err);
    json_decref(body);
}
