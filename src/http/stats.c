/* The managers' dashboard figures (区县民政, 市级管理员) within the caller's
 * scope: people covered by program and county this month, warnings raised
 * and closed on time, case processing time against the legal deadline,
 * monthly spending — as tables, JSON or XLSX. */
#include <stdio.h>
#include <string.h>

#include "cases/procinfo.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/querystore.h"

struct collect {
    struct http_req *req;
    json_t *rows;
    enum qs_stat which;
};

static json_t *county_name(struct http_req *req, const char *county)
{
    struct division_row d;
    struct mz_err err = {0};
    return json_string(rs_division_at(reg_db(req->reg), county, date_today(), &d, &err) == 1
                           ? d.name
                           : county);
}

static json_t *percent(int64_t part, int64_t whole)
{
    return whole ? json_real((double)(part * 1000 / whole) / 10.0) : json_null();
}

static int add_row(void *ctx, const struct qs_stat_row *r)
{
    struct collect *c = ctx;
    json_t *o = NULL;
    switch (c->which) {
    case QS_COVERAGE:
        o = json_pack("{s:s, s:s, s:s, s:o, s:I, s:I}", "program", r->key, "program_label",
                      http_program_label(c->req, r->key), "county", r->key2, "county_name",
                      county_name(c->req, r->key2), "households", (json_int_t)r->n[0], "persons",
                      (json_int_t)r->n[1]);
        break;
    case QS_WARNINGS:
        o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:o}", "month", r->key, "raised",
                      (json_int_t)r->n[0], "closed", (json_int_t)r->n[1], "on_time",
                      (json_int_t)r->n[2], "overdue_open", (json_int_t)r->n[3], "on_time_rate",
                      percent(r->n[2], r->n[1]));
        break;
    case QS_CASES:
        o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o}", "type", r->key, "type_label",
                      proc_type_label(r->key), "accepted", (json_int_t)r->n[0], "decided",
                      (json_int_t)r->n[1], "on_time", (json_int_t)r->n[2], "overdue_open",
                      (json_int_t)r->n[3], "on_time_rate", percent(r->n[2], r->n[1]),
                      "avg_days", r->n[1] ? json_real((double)(int)(r->avg * 10) / 10.0)
                                          : json_null());
        break;
    case QS_SPENDING:
        o = json_pack("{s:s, s:s, s:s, s:f, s:I}", "month", r->key, "program", r->key2,
                      "program_label", http_program_label(c->req, r->key2), "amount",
                      (double)r->n[0] / 100.0, "households", (json_int_t)r->n[1]);
        break;
    }
    return o && json_array_append_new(c->rows, o) == 0 ? 0 : -1;
}

void h_stats(struct http_req *req, struct http_resp *resp)
{
    if (!http_manager_only(req, resp))
        return;
    const char *month = http_query(req, "month");
    char today[11], this_month[8];
    date_format(date_today(), today);
    snprintf(this_month, sizeof this_month, "%.7s", today);
    char first[16];
    snprintf(first, sizeof first, "%.7s-01", month ? month : "");
    if (month && (strlen(month) != 7 || date_parse(first) == MZ_DATE_NONE)) {
        http_problem(resp, 400, "invalid_parameter", "参数 month 应为 YYYY-MM", "month");
        return;
    }
    const char(*scope)[13];
    int nscope = http_scope_codes(req, &scope);
    static const char *const columns[][13] = {
        {"program_label", "项目", "county_name", "区县", "county", "区县代码", "households",
         "享受户数", "persons", "覆盖人数", NULL},
        {"month", "产生月份", "raised", "预警数", "closed", "已办结", "on_time", "按期办结",
         "on_time_rate", "按期办结率（%）", "overdue_open", "逾期未办结", NULL},
        {"type_label", "申请类型", "accepted", "受理件数", "decided", "已作出决定", "on_time",
         "在法定期限内决定", "on_time_rate", "按期率（%）", "avg_days", "平均用时（天）", NULL},
        {"month", "月份", "program_label", "项目", "amount", "发放金额（元）", "households",
         "发放户数", NULL},
    };
    static const char *const titles[] = {"享受救助的家庭和人数（当月）", "预警产生和办结",
                                         "申请办理用时与法定期限", "每月发放金额（已审批名册）"};
    json_t *tables = json_array();
    struct mz_err err = {0};
    for (int i = 0; i < 4; i++) {
        struct collect c = {req, json_array(), (enum qs_stat)i};
        const char *day = i == QS_COVERAGE ? (month ? month : this_month) : today;
        if (qs_stats(reg_db(req->reg), (enum qs_stat)i, scope, nscope, day, add_row, &c, &err) !=
            0) {
            json_decref(c.rows);
            json_decref(tables);
            http_problem_err(resp, &err);
            return;
        }
        json_array_append_new(tables, http_table(titles[i], columns[i], c.rows));
    }
    const char *division = http_user_division(req);
    http_send_tables(req, resp,
                     json_pack("{s:s, s:o, s:s, s:s, s:o}", "division", division,
                               "division_name", http_division_name(req, division), "as_of",
                               today, "month", month ? month : this_month, "tables", tables),
                     "dashboard.xlsx");
}
