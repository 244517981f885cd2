/* Payment rolls (发放名册) over HTTP: the list, building a roll, one roll
 * with its totals and its lines in the caller's scope (names and ID
 * numbers masked) with the changes against last month, four-eyes
 * approval, marking paid, and the bank file as a download. A roll belongs
 * to its paying unit (the county): building, approving (two people of the
 * unit), marking paid and the bank file are for the district accounts of
 * that unit; every account may read the header of the rolls of its county
 * (the city: all) and the lines of its own scope. The rules live in
 * src/pay. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "base/text.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/paystore.h"
#include "store/regstore.h"

json_t *http_roll_json(const struct http_req *req, const struct roll_row *r)
{
    static const char *const states[][2] = {
        {"draft", "草稿（待审核）"}, {"approved", "已审核"}, {"paid", "已发放"}};
    const char *label = r->state;
    for (size_t i = 0; i < 3; i++)
        if (strcmp(states[i][0], r->state) == 0)
            label = states[i][1];
    char total[32];
    pay_yuan(r->total, total);
    struct division_row d;
    struct mz_err err = {0};
    bool named = r->unit[0] && rs_division_latest(reg_db(req->reg), r->unit, &d, &err) == 1;
    char *sig = NULL;
    int sig_found = pay_bank_file_sig(req->reg, r, &sig, &err);
    mz_free(sig);
    json_t *bank = r->bank_sm3[0]
                       ? json_pack("{s:s, s:s, s:s, s:s, s:b}", "batch_ref", r->batch_ref, "format",
                                   r->bank_format, "sm3", r->bank_sm3, "exported_at", r->bank_at,
                                   "signed", sig_found == 1)
                       : json_null();
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, "
                     "s:I, s:I, s:s, s:o}",
                     "id", (json_int_t)r->id, "program", r->program, "program_label",
                     http_program_label(req, r->program), "month", r->month, "unit",
                     r->unit[0] ? r->unit : NULL, "unit_name",
                     named        ? d.name
                     : r->unit[0] ? r->unit
                                  : "全市",
                     "state", r->state, "state_label", label, "policy_version", r->policy_version,
                     "prepared_by", r->prepared_by, "prepared_at", r->prepared_at, "approved_by",
                     r->approved_by[0] ? r->approved_by : NULL, "approved_at",
                     r->approved_at[0] ? r->approved_at : NULL, "paid_at",
                     r->paid_at[0] ? r->paid_at : NULL, "lines", (json_int_t)r->lines, "total_fen",
                     (json_int_t)r->total, "total_yuan", total, "bank_file", bank);
    if (o) {
        json_object_set_new(o, "prepared_by_label", http_actor_label(req, r->prepared_by));
        if (r->approved_by[0])
            json_object_set_new(o, "approved_by_label", http_actor_label(req, r->approved_by));
    }
    return o;
}

/* Whether the caller may see roll r: the city everything; others the rolls
 * of their county (a unit in their scope, or above their division) and the
 * city-wide rolls of before (their lines only). */
bool http_roll_visible(const struct http_req *req, const struct roll_row *r)
{
    const char *mine = http_user_division(req);
    return !r->unit[0] || http_in_scope(req, r->unit) ||
           strncmp(mine, r->unit, strlen(r->unit)) == 0;
}

/* The caller's paying unit: district accounts only (403 otherwise). */
bool http_paying_unit(const struct http_req *req, struct http_resp *resp, struct pay_unit *unit)
{
    if (!http_may_pay(req, resp))
        return false;
    const struct auth_user *u = req->user;
    if (u->role != ROLE_DISTRICT || strlen(u->division) != 6) {
        http_problem(resp, 403, "forbidden_role",
                     "发放名册由发放单位（区县民政）生成、审核和发放，市级账户只能查看", NULL);
        return false;
    }
    memset(unit, 0, sizeof *unit);
    snprintf(unit->code, sizeof unit->code, "%s", u->division);
    int n = u->nscope ? u->nscope : 1;
    for (int i = 0; i < n && i < PAY_UNIT_PREFIXES; i++)
        snprintf(unit->prefixes[unit->nprefixes++], 13, "%s",
                 u->nscope ? u->scope[i] : u->division);
    return true;
}

/* The roll of the path: 1, 0 after a 404, -1 after a problem. */
static int roll_of_path(struct http_req *req, struct http_resp *resp, struct roll_row *r)
{
    int64_t id;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? ps_roll_by_id(reg_db(req->reg), id, r, &err)
                                                    : 0;
    if (found == 1 && !http_roll_visible(req, r))
        found = 0;
    if (found < 0)
        http_problem_err(resp, &err);
    else if (found == 0)
        http_not_found(resp, "发放名册", req->params[0]);
    return found;
}

void h_rolls(struct http_req *req, struct http_resp *resp)
{
    const char *program = http_query(req, "program"), *month = http_query(req, "month");
    struct mz_err err = {0};
    pay_month m;
    if (month && pay_month_parse(month, &m, &err) < 0) {
        http_problem(resp, 400, "invalid_parameter", err.msg, "month");
        return;
    }
    int64_t *ids;
    size_t n;
    json_t *items = json_array();
    int rc = ps_roll_ids(reg_db(req->reg), program ? program : "", month ? month : "", &ids, &n,
                         &err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct roll_row r;
        if (ps_roll_by_id(reg_db(req->reg), ids[i], &r, &err) <= 0)
            rc = -1;
        else if (http_roll_visible(req, &r) && json_array_append_new(items, http_roll_json(req, &r)) < 0)
            rc = -1;
    }
    mz_free(ids);
    if (rc < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

void h_roll_build(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"program", "month", NULL};
    const char *v[2];
    struct pay_unit unit;
    if (!http_paying_unit(req, resp, &unit))
        return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    struct mz_err err = {0};
    pay_month month;
    char actor[80];
    http_actor(req, actor);
    struct pay_roll_summary s;
    struct pay_roll_plan *plan = NULL;
    int rc = -1;
    /* the roll is computed outside the writer lock (the route does not
     * take it), then written in a short transaction under it */
    if (v[0] && v[1] && pay_month_parse(v[1], &month, &err) == 0 &&
        pay_roll_plan(req->reg, req->policies, v[0], month, &unit, actor, &plan, &err) == 0) {
        http_write_lock();
        rc = pay_roll_write(req->reg, plan, &s, &err);
        http_write_unlock();
    }
    pay_roll_plan_free(plan);
    if (!v[0] || !v[1])
        http_problem(resp, 422, "missing_field",
                     v[0] ? "缺少必填项：month（月份 YYYY-MM）" : "缺少必填项：program（救助项目）",
                     v[0] ? "month" : "program");
    else if (rc < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, s.rebuilt ? 200 : 201,
                       json_pack("{s:o, s:b, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I}}", "roll",
                                 http_roll_json(req, &s.roll), "rebuilt", s.rebuilt, "status", "pay",
                                 (json_int_t)s.paying, "recheck", (json_int_t)s.recheck,
                                 "withheld", (json_int_t)s.withheld, "stopped",
                                 (json_int_t)s.stopped, "changes", "new", (json_int_t)s.gained,
                                 "changed", (json_int_t)s.changed, "ended", (json_int_t)s.ended));
    json_decref(body);
}

/* ---- one roll: lines in scope ----------------------------------------- */

/* The lines of a roll, read first (the scan may not use the database). */
struct line_list {
    struct line_row *items;
    size_t n, cap;
};

static int collect_line(void *ctx, const struct line_row *l)
{
    struct line_list *ll = ctx;
    if (mz_grow(&ll->items, &ll->cap, ll->n + 1, sizeof *ll->items) < 0)
        return -1;
    ll->items[ll->n++] = *l;
    return 0;
}

/* A name shown masked: its first character, then one * per character. */
static void mask_name(const char *name, char *out, size_t cap)
{
    size_t first = 1;
    while (name[first] && (name[first] & 0xC0) == 0x80)
        first++;
    size_t len = first < cap ? first : 0;
    memcpy(out, name, len);
    for (const char *p = name + first; *p && len + 2 < cap; p++)
        if ((*p & 0xC0) != 0x80)
            out[len++] = '*';
    out[len] = '\0';
}

static json_t *line_json(struct db *db, const struct line_row *l, const struct household_row *h,
                         struct mz_err *err)
{
    char amount[32], due[32];
    pay_yuan(l->amount, amount);
    pay_yuan(l->due, due);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:s?, s:s}",
                          "household_id", (json_int_t)l->household_id, "household_no", h->hh_no,
                          "division", h->division, "origin_month", l->origin_month, "kind",
                          l->kind, "status", l->status, "amount_fen", (json_int_t)l->amount,
                          "amount_yuan", amount, "due_fen", (json_int_t)l->due, "due_yuan", due,
                          "change", l->change[0] ? l->change : NULL, "reason", l->reason);
    if (o && l->person_id) {
        struct person_row p;
        int found = rs_person_get(db, l->person_id, &p, err);
        if (found < 0) {
            json_decref(o);
            return NULL;
        }
        char name[TEXT_BYTES(TEXT_MAX_NAME)];
        mask_name(found ? p.name : "?", name, sizeof name);
        json_object_set_new(o, "person",
                            json_pack("{s:I, s:s, s:s}", "id", (json_int_t)l->person_id,
                                      "name_masked", name, "id_number_masked",
                                      found ? p.id_masked : ""));
    }
    return o;
}

void h_roll(struct http_req *req, struct http_resp *resp)
{
    static const char *const changes[] = {"new", "changed", "same", NULL};
    long page, per_page;
    struct roll_row r;
    const char *change;
    if (!http_query_page(req, resp, &page, &per_page) ||
        !http_query_enum(req, resp, "change", changes, &change) || roll_of_path(req, resp, &r) <= 0)
        return;
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    struct line_list ll = {0};
    int rc = ps_lines(db, r.id, collect_line, &ll, &err) != 0 ? -1 : 0;
    json_t *items = json_array();
    json_int_t counts[3] = {0}, total = 0, visible = 0;
    long listed = 0, from = (page - 1) * per_page;
    for (size_t i = 0; rc == 0 && i < ll.n; i++) {
        const struct line_row *l = &ll.items[i];
        struct household_row h;
        if (rs_household_get(db, l->household_id, &h, &err) <= 0) {
            rc = -1;
            break;
        }
        if (!http_in_scope(req, h.division))
            continue;
        total += l->amount;
        for (size_t k = 0; k < 3; k++)
            counts[k] += strcmp(l->change, changes[k]) == 0;
        if (change && strcmp(change, l->change) != 0)
            continue;
        if (visible++ < from || listed >= per_page)
            continue;
        json_t *o = line_json(db, l, &h, &err);
        if (!o || json_array_append_new(items, o) < 0)
            rc = -1;
        listed++;
    }
    mz_free(ll.items);
    if (rc < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    char yuan[32];
    pay_yuan(total, yuan);
    json_t *o = http_roll_json(req, &r);
    const char *division = http_user_division(req);
    json_object_set_new(o, "scope",
                        json_pack("{s:s, s:o, s:I, s:s, s:{s:I, s:I, s:I}}", "division", division,
                                  "division_name",
                                  division[0] ? http_division_name(req, division) : json_null(),
                                  "total_fen", total, "total_yuan", yuan, "changes", "new",
                                  counts[0], "changed", counts[1], "same", counts[2]));
    json_object_set_new(o, "lines", http_page_json(items, page, per_page, (long)visible));
    http_send_json(resp, 200, o);
}

/* ---- approve, paid, bank file ----------------------------------------- */

/* The roll of the path for a change by its paying unit: a roll of another
 * unit (or a city-wide roll of before) is 403 other_unit. */
static bool unit_roll(struct http_req *req, struct http_resp *resp, struct roll_row *r)
{
    struct pay_unit unit;
    if (!http_paying_unit(req, resp, &unit) || roll_of_path(req, resp, r) <= 0)
        return false;
    if (strcmp(r->unit, unit.code) == 0)
        return true;
    char detail[200];
    snprintf(detail, sizeof detail, "名册 %" PRId64 " 由发放单位 %s 生成和审核，本账户属于 %s",
             r->id, r->unit[0] ? r->unit : "全市", unit.code);
    http_problem(resp, 403, "other_unit", detail, NULL);
    return false;
}

static void roll_change(struct http_req *req, struct http_resp *resp, bool approve)
{
    struct roll_row r;
    if (!unit_roll(req, resp, &r))
        return;
    struct mz_err err = {0};
    char actor[80];
    http_actor(req, actor);
    int rc = approve ? pay_roll_approve(req->reg, r.id, actor, r.unit, &err)
                     : pay_roll_mark_paid(req->reg, r.id, actor, &err);
    if (rc < 0 || ps_roll_by_id(reg_db(req->reg), r.id, &r, &err) <= 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, http_roll_json(req, &r));
}

void h_roll_approve(struct http_req *req, struct http_resp *resp)
{
    roll_change(req, resp, true);
}

void h_roll_paid(struct http_req *req, struct http_resp *resp)
{
    roll_change(req, resp, false);
}

void h_roll_export(struct http_req *req, struct http_resp *resp)
{
    const char *format = http_query(req, "format");
    struct roll_row r;
    bool xlsx = format && strcmp(format, "xlsx") == 0;
    if (format && !xlsx && strcmp(format, "csv") != 0) {
        http_problem(resp, 400, "invalid_parameter", "参数 format 应为 csv 或 xlsx", "format");
        return;
    }
    if (!unit_roll(req, resp, &r))
        return;
    char path[512];
    struct mz_err err = {0};
    struct pay_bank_file f;
    if (http_temp_file(path, sizeof path, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    /* the unit's whole roll: every line lies in its scope */
    int rc = pay_roll_export(req->reg, req->policies, r.id, NULL, 0, xlsx ? NULL : path,
                             xlsx ? path : NULL, &f, &err);
    /* signed with the bureau's seal key when the server has one: the
     * signature is offered at export.sig (docs/supervision.md) */
    char *sig = NULL;
    if (rc == 0 && req->notice_key && access(req->notice_key, R_OK) == 0 &&
        ps_roll_by_id(reg_db(req->reg), r.id, &r, &err) == 1)
        rc = pay_bank_file_seal(req->reg, &r, path, req->notice_key, &sig, &err);
    mz_free(sig);
    char filename[128];
    snprintf(filename, sizeof filename, "roll-%" PRId64 "-%s-%s.%s", r.id, r.program, r.month,
             xlsx ? "xlsx" : "csv");
    if (rc == 0)
        rc = http_send_file(resp, path, xlsx ? HTTP_XLSX_TYPE : "text/csv; charset=utf-8",
                            filename, &err);
    unlink(path);
    if (rc < 0)
        http_problem_err(resp, &err);
}

void h_roll_export_sig(struct http_req *req, struct http_resp *resp)
{
    struct roll_row r;
    if (!unit_roll(req, resp, &r))
        return;
    struct mz_err err = {0};
    char *sig = NULL;
    int found = pay_bank_file_sig(req->reg, &r, &sig, &err);
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found) {
        http_problem(resp, 404, "not_signed",
                     r.bank_sm3[0] ? "最近一次导出的银行代发文件未签名（导出时没有配置签章私钥）"
                                   : "名册尚未导出银行代发文件",
                     NULL);
        return;
    }
    size_t n = strlen(sig);
    resp->body = mz_realloc(sig, n + 2);
    if (!resp->body) {
        mz_free(sig);
        http_problem(resp, 503, "out_of_memory", "内存不足", NULL);
        return;
    }
    resp->body[n] = '\n';
    resp->len = n + 1;
    resp->status = 200;
    resp->type = "text/plain; charset=utf-8";
    snprintf(resp->disposition, sizeof resp->disposition,
             "attachment; filename=\"roll-%" PRId64 "-%s-%s.%s.sig\"", r.id, r.program, r.month,
             r.bank_format);
}
