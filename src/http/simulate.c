/* Policy simulation for managers (区县民政, 市级管理员): the parameters a
 * reform may change, and a reform run on the live caseload — a fresh copy
 * of the policy set with the changes (pol_param_override, limited to the
 * caller's division), compared with the set compiled at start
 * (reform_compare): who gains or loses and the monthly cost by county,
 * within the caller's scope, as tables (JSON or XLSX). Nothing is stored. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "policy/reform.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/regstore.h"

#define SIM_MAX_CHANGES 8
#define SIM_MAX_DETAIL 200 /* change rows in the JSON answer (the XLSX has all) */

static bool have_policies(const struct http_req *req, struct http_resp *resp)
{
    if (req->policies && req->policy_dir)
        return true;
    http_problem(resp, 503, "unavailable", "服务未加载政策文件，暂不能模拟", NULL);
    return false;
}

/* The caller's division as a 12-digit code (for parameter look-ups). */
static void division12(const struct http_req *req, char out[13])
{
    size_t n = strlen(req->user->division);
    memcpy(out, req->user->division, n);
    memset(out + n, '0', 12 - n);
    out[12] = '\0';
}

static json_t *yuan_json(int64_t fen)
{
    return json_real((double)fen / 100.0);
}

void h_simulation_params(struct http_req *req, struct http_resp *resp)
{
    if (!http_manager_only(req, resp) || !have_policies(req, resp))
        return;
    const struct pol_set *set = req->policies;
    char div[13], day[11];
    division12(req, div);
    date_format(date_today(), day);
    json_t *params = json_array();
    for (int i = 0; i < pol_param_count(set); i++) {
        char urban[32], rural[32];
        pol_param_text(set, i, div, 0, date_today(), urban, sizeof urban);
        pol_param_text(set, i, div, 1, date_today(), rural, sizeof rural);
        if (urban[0] || rural[0])
            json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:s}", "name",
                                                    pol_param_name(set, i), "label",
                                                    pol_param_label(set, i), "urban", urban,
                                                    "rural", rural));
    }
    http_send_json(resp, 200, json_pack("{s:s, s:s, s:o}", "as_of", day, "division",
                                        req->user->division, "params", params));
}

/* ---- a run ------------------------------------------------------------ */

/* Reads {changes: [{param, scope, value}], from?} into override specs
 * "NAME[.urban|.rural]@DIVISION=VALUE" applied to reformed; 0, or -1 after
 * a 4xx problem. */
static int read_changes(struct http_req *req, struct http_resp *resp, struct pol_set *reformed,
                        mz_date *from, json_t **specs)
{
    json_t *body = http_body_object(req, resp);
    if (!body)
        return -1;
    json_t *changes = json_object_get(body, "changes"), *c;
    const char *from_text = json_string_value(json_object_get(body, "from"));
    const char *key;
    json_t *v;
    char detail[700], field[40];
    int rc = 0;
    json_object_foreach(body, key, v) if (strcmp(key, "changes") != 0 && strcmp(key, "from") != 0)
    {
        snprintf(detail, sizeof detail, "不认识的项目“%.40s”", key);
        http_problem(resp, 422, "unknown_field", detail, "");
        rc = -1;
        goto out;
    }
    *from = from_text ? date_parse(from_text) : date_today();
    struct mz_err derr = {0};
    if (*from == MZ_DATE_NONE || (json_object_get(body, "from") && !from_text)) {
        http_problem(resp, 422, "invalid_value", "起始日期（from）应为 YYYY-MM-DD", "from");
        rc = -1;
        goto out;
    }
    if (reform_from_check(*from, &derr) < 0) {
        http_problem_err(resp, &derr);
        rc = -1;
        goto out;
    }
    if (!json_is_array(changes) || json_array_size(changes) == 0 ||
        json_array_size(changes) > SIM_MAX_CHANGES) {
        http_problem(resp, 422, changes ? "invalid_value" : "missing_field",
                     "请给出 1 到 8 项调整（changes）", "changes");
        rc = -1;
        goto out;
    }
    *specs = json_array();
    size_t i;
    json_array_foreach(changes, i, c)
    {
        const char *param = json_string_value(json_object_get(c, "param"));
        const char *scope = json_string_value(json_object_get(c, "scope"));
        const char *value = json_string_value(json_object_get(c, "value"));
        snprintf(field, sizeof field, "changes[%zu]", i);
        if (!param || !value || strlen(param) > 60 || strlen(value) > 20 ||
            (scope && strcmp(scope, "urban") != 0 && strcmp(scope, "rural") != 0 &&
             strcmp(scope, "all") != 0)) {
            snprintf(detail, sizeof detail,
                     "第 %zu 项调整应为 {param: 参数名, scope: urban|rural|all, value: 新值}", i + 1);
            http_problem(resp, 422, "invalid_value", detail, field);
            rc = -1;
            goto out;
        }
        char spec[128];
        snprintf(spec, sizeof spec, "%s%s%s@%s=%s", param, scope && strcmp(scope, "all") ? "." : "",
                 scope && strcmp(scope, "all") ? scope : "", req->user->division, value);
        struct mz_err err = {0};
        if (pol_param_override(reformed, spec, *from, &err) < 0) {
            snprintf(detail, sizeof detail, "第 %zu 项调整：%.600s", i + 1, err.msg);
            http_problem(resp, 422, "invalid_value", detail, field);
            rc = -1;
            goto out;
        }
        json_array_append_new(*specs, json_string(spec));
    }
out:
    json_decref(body);
    return rc;
}

struct names {
    struct db *db;
    mz_date day;
};

static json_t *county_name(const struct names *n, const char *county)
{
    struct division_row d;
    struct mz_err err = {0};
    return json_string(rs_division_at(n->db, county, n->day, &d, &err) == 1 ? d.name : county);
}

/* The report within the caller's scope as tables: by program, by county
 * and program, and every change (up to `detail` rows). */
static json_t *report_tables(struct http_req *req, const struct pol_set *set,
                             const struct pol_snapshot *snap, const struct reform_report *rep,
                             size_t detail, size_t *nchanges)
{
    int np = pol_program_count(set);
    struct names names = {reg_db(req->reg), date_today()};
    json_t *by_program = json_array(), *by_county = json_array(), *rows = json_array();
    for (int p = 0; p < np; p++) {
        int64_t gain = 0, lose = 0, before = 0, after = 0;
        for (size_t i = 0; i < rep->ncells; i++) {
            const struct reform_cell *c = &rep->cells[i];
            if (c->program != p || !http_in_scope(req, c->county))
                continue;
            gain += c->gain, lose += c->lose, before += c->cost_before, after += c->cost_after;
            if (c->gain || c->lose || c->cost_before != c->cost_after)
                json_array_append_new(
                    by_county,
                    json_pack("{s:s, s:o, s:s, s:I, s:I, s:o, s:o, s:o}", "county", c->county,
                              "county_name", county_name(&names, c->county), "program",
                              pol_program_label(set, p), "gain", (json_int_t)c->gain, "lose",
                              (json_int_t)c->lose, "cost_before", yuan_json(c->cost_before),
                              "cost_after", yuan_json(c->cost_after), "cost_change",
                              yuan_json(c->cost_after - c->cost_before)));
        }
        json_array_append_new(by_program,
                              json_pack("{s:s, s:s, s:I, s:I, s:o, s:o, s:o}", "program",
                                        pol_program_name(set, p), "label",
                                        pol_program_label(set, p), "gain", (json_int_t)gain,
                                        "lose", (json_int_t)lose, "cost_before",
                                        yuan_json(before), "cost_after", yuan_json(after),
                                        "cost_change", yuan_json(after - before)));
    }
    *nchanges = 0;
    for (size_t i = 0; i < rep->nchanges; i++) {
        const struct reform_change *x = &rep->changes[i];
        if (!http_in_scope(req, snap->division[x->household]))
            continue;
        if (++*nchanges > detail)
            continue;
        struct household_row h;
        struct mz_err err = {0};
        if (rs_household_get(names.db, snap->household_id[x->household], &h, &err) != 1)
            continue;
        json_array_append_new(
            rows, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "household_id",
                            (json_int_t)snap->household_id[x->household], "household_no", h.hh_no,
                            "division", h.division, "program", pol_program_label(set, x->program),
                            "before", x->eligible_before ? "符合" : "不符合", "after",
                            x->eligible_after ? "符合" : "不符合", "amount_before",
                            yuan_json(x->before), "amount_after", yuan_json(x->after),
                            "criterion", x->criterion));
    }
    static const char *const program_cols[] = {
        "label", "项目", "gain", "新增（户/人）", "lose", "退出（户/人）", "cost_before",
        "调整前月支出（元）", "cost_after", "调整后月支出（元）", "cost_change", "月支出增减（元）",
        NULL};
    static const char *const county_cols[] = {
        "county_name", "区县", "county", "区县代码", "program", "项目", "gain", "新增",
        "lose", "退出", "cost_before", "调整前月支出（元）", "cost_after", "调整后月支出（元）",
        "cost_change", "月支出增减（元）", NULL};
    static const char *const change_cols[] = {
        "household_no", "户编号", "division", "区划代码", "program", "项目", "before",
        "调整前结论", "after", "调整后结论", "amount_before", "调整前金额（元/月）",
        "amount_after", "调整后金额（元/月）", "criterion", "结论变化的条件", NULL};
    return json_pack("[o, o, o]", http_table("按项目汇总", program_cols, by_program),
                     http_table("按区县", county_cols, by_county),
                     http_table("变化的家庭", change_cols, rows));
}

void h_simulation(struct http_req *req, struct http_resp *resp)
{
    if (!http_manager_only(req, resp) || !have_policies(req, resp))
        return;
    struct mz_err err = {0};
    struct pol_set *reformed = pol_compile_dir(req->policy_dir, &err);
    if (!reformed) {
        http_problem_err(resp, &err);
        return;
    }
    if (strcmp(pol_version(reformed), pol_version(req->policies)) != 0) {
        pol_set_free(reformed);
        http_problem(resp, 503, "unavailable", "政策文件在服务启动后有改动，请重启服务后再模拟",
                     NULL);
        return;
    }
    mz_date from;
    json_t *specs = NULL;
    if (read_changes(req, resp, reformed, &from, &specs) < 0) {
        pol_set_free(reformed);
        return;
    }
    struct snap_request sr = {.as_of = from};
    struct pol_snapshot *snap = snap_load(reg_db(req->reg), req->policies, &sr, NULL, &err);
    struct reform_report rep = {0};
    if (!snap || reform_compare(req->policies, reformed, snap, from, 2, &rep, &err) < 0) {
        json_decref(specs);
        http_problem_err(resp, &err);
    } else {
        const char *format = http_query(req, "format");
        bool xlsx = format && strcmp(format, "xlsx") == 0;
        size_t nchanges;
        json_t *tables = report_tables(req, req->policies, snap, &rep,
                                       xlsx ? rep.nchanges : SIM_MAX_DETAIL, &nchanges);
        char day[11];
        date_format(from, day);
        size_t households = 0;
        for (size_t h = 0; h < snap->nhouseholds; h++)
            households += http_in_scope(req, snap->division[h]);
        http_send_tables(req, resp,
                         json_pack("{s:s, s:o, s:s, s:o, s:I, s:I, s:o}", "from", day, "changes",
                                   specs, "division", req->user->division, "division_name",
                                   http_division_name(req, req->user->division), "households",
                                   (json_int_t)households, "changed", (json_int_t)nchanges,
                                   "tables", tables),
                         "simulation.xlsx");
    }
    reform_report_free(&rep);
    pol_snapshot_free(snap);
    pol_set_free(reformed);
}
