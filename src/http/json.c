/* JSON responses, problems and strict request bodies. */
#include "http/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "base/text.h"

void http_json_init(void)
{
    /* parsed bodies hold passwords and one-time codes: zeroed when freed */
    json_set_alloc_funcs(mz_malloc, mz_free_secret);
}

static void send_text(struct http_resp *resp, int status, const char *type, json_t *obj)
{
    resp->status = status;
    resp->type = type;
    resp->body = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    resp->len = resp->body ? strlen(resp->body) : 0;
    json_decref(obj);
    if (!resp->body && status != 204) {
        fprintf(stderr, "mz serve: the answer (status %d) could not be encoded as JSON\n", status);
        static const char oom[] = "{\"status\":503,\"code\":\"out_of_memory\"}";
        resp->status = 503;
        resp->type = "application/problem+json";
        resp->body = mz_strdup(oom);
        resp->len = resp->body ? strlen(oom) : 0;
    }
}

void http_send_json(struct http_resp *resp, int status, json_t *obj)
{
    send_text(resp, status, "application/json; charset=utf-8", obj);
}

static const char *status_title(int status)
{
    switch (status) {
    case 400: return "请求格式错误";
    case 401: return "未登录或会话已过期";
    case 403: return "无权执行此操作";
    case 404: return "未找到";
    case 405: return "不支持此请求方法";
    case 409: return "与现有记录冲突";
    case 413: return "请求体过大";
    case 415: return "不支持的内容类型";
    case 422: return "数据校验未通过";
    case 429: return "请求过于频繁";
    case 503: return "服务暂不可用";
    case 507: return "服务器存储空间不足";
    default: return "服务器内部错误";
    }
}

void http_problem(struct http_resp *resp, int status, const char *code, const char *detail,
                  const char *field)
{
    http_problem_extra(resp, status, code, detail, field, NULL);
}

void http_problem_extra(struct http_resp *resp, int status, const char *code, const char *detail,
                        const char *field, json_t *extra)
{
    char type[96];
    snprintf(type, sizeof type, "https://minzheng.local/problems/%s", code);
    /* a value quoted with "%.40s" may have been cut inside a character */
    char *clean = text_utf8_valid(detail) ? NULL : mz_strdup(detail);
    if (clean) {
        text_utf8_clean(clean);
        detail = clean;
    }
    json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type, "title",
                          status_title(status), "status", status, "code", code, "detail", detail);
    if (o && field && *field)
        json_object_set_new(o, "field", json_string(field));
    if (o && extra)
        json_object_update(o, extra);
    json_decref(extra);
    mz_free(clean);
    send_text(resp, status, "application/problem+json; charset=utf-8", o);
}

static int status_of(const char *code)
{
    static const struct {
        const char *code;
        int status;
    } map[] = {
        {"missing_field", 422},     {"invalid_value", 422},   {"inconsistent", 422},
        {"unknown_variable", 422},  {"wrong_entity", 422},    {"invalid_id_number", 422},
        {"unknown_division", 422},  {"retired_division", 422}, {"invalid_division", 422}, {"not_found", 404},
        {"unknown_person", 404},    {"unknown_household", 404}, {"conflict", 409},
        {"bad_credentials", 401},   {"throttled", 429}, {"otp_required", 401}, {"bad_otp", 401},
        /* the work API: warnings, cases, rolls, reviews */
        {"bad_state", 409},         {"missing_text", 422},    {"warning_closed", 409},
        {"already_linked", 409},    {"invalid_action", 409},  {"county_visit_required", 409},
        {"wrong_role", 403},        {"case_closed", 409},     {"not_accepted", 409},
        {"already_extended", 409},  {"applicant_deceased", 409}, {"empty_household", 422},
        {"four_eyes", 409},         {"roll_state", 409},      {"no_roll", 404},
        {"no_enrolment", 404},      {"no_program", 422},      {"bad_month", 422},
        {"not_decided", 409},       {"contest_of_contest", 409}, {"no_change", 409},
        {"unknown_type", 422},      {"calendar_unknown_year", 409},
        {"against_engine", 422},   {"other_unit", 403},      {"roll_overlap", 409},
        {"missing_account", 409},  {"bad_unit", 422},
        {"no_policies", 503},      {"no_limit", 503},         {"disk_full", 507},
        {"out_of_memory", 503},
        {"key_changed", 503},
        /* the residents' portal and case files */
        {"bad_code", 401},         {"too_large", 413},        {"unsupported_type", 415},
        {"tampered", 500},
        /* elderly care: providers, orders, settlements, meals */
        {"no_capacity", 409},      {"no_provider", 409},     {"not_offered", 409},
        {"wrong_worker", 409},     {"already_rated", 409},   {"roll_kind", 409},
        {"unknown_provider", 422}, {"not_canteen", 409},     {"no_meal_subsidy", 409},
        {"provider_closed", 409},
        /* social organizations and charity */
        {"unknown_org", 404},      {"unknown_report", 404},  {"unknown_entry", 404},
        {"unknown_campaign", 404}, {"unknown_project", 404}, {"unknown_referral", 404},
        {"unknown_warning", 404},  {"no_household", 404},    {"wrong_state", 409},
        {"already_listed", 409},   {"report_exists", 409},   {"name_taken", 409},
        {"consent_refused", 409},  {"already_referred", 409}, {"nothing_due", 409},
        {"not_charity", 409},      {"not_qualified", 409},   {"already_charity", 409},
        {"already_qualified", 409}, {"listed", 409},         {"too_early", 409},
        {"wrong_list", 409},       {"nothing_changed", 422}, {"no_param", 503},
        {"already_member", 409},   {"point_exists", 409},
        /* place names and division changes */
        {"duplicate_name", 422},   {"homophone_name", 422},  {"nonstandard_script", 422},
        {"missing_generic", 422},  {"invalid_date", 422},                        
        {"division_exists", 409},  {"division_not_empty", 409}, {"scope_too_wide", 409},
        /* child and disability welfare */
        {"not_a_child", 422},      {"not_target", 422},
        {"institution_full", 409}, {"already_placed", 409}, {"not_placed", 409},
        {"unknown_institution", 404}, {"institution_exists", 409}, {"not_severe", 422},
        {"already_in_care", 409},  {"not_in_care", 409},
        /* 婚姻登记: a refusal names its rule (marriage/rules.c); 殡葬 */
        {"same_sex", 422},         {"identity", 422},        {"under_age", 422},
        {"not_voluntary", 422},    {"no_declaration", 422},  {"already_married", 422},
        {"prohibited_kinship", 422}, {"no_agreement", 422},  {"incapacity", 422},
        {"no_marriage", 422},      {"not_married", 422},     {"not_parties", 422},
        {"cooling_off", 422},      {"cooling_over", 422},    {"lapsed", 422},
        {"other_office", 422},     {"no_record", 422},       {"not_a_party", 422},
        {"dissolved", 422},        {"divorce_pending", 409}, {"cert_exhausted", 409},
        {"no_calendar", 503},      {"not_dead", 422},        {"not_listed", 422},
        {"unlicensed", 409},       {"wrong_kind", 422},
        /* accounts and 三权分立 */
        {"user_exists", 409},      {"unknown_user", 404},    {"separation_of_duties", 409},
        {"holder_required", 422},  {"admin_account", 403},   {"own_account", 403},
        {"invalid_role", 422},     {"invalid_scope", 422},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(code, map[i].code) == 0)
            return map[i].status;
    return 0;
}

void http_problem_err(struct http_resp *resp, const struct mz_err *err)
{
    if (!err->code[0]) { /* "NULL on failure (err set, or out of memory)" */
        http_problem(resp, 503, "out_of_memory", "服务器内存不足，请稍后再试", NULL);
        return;
    }
    int status = status_of(err->code);
    if (!status && err->field[0])
        status = 422; /* a validation failure naming its field */
    if (!status) {
        fprintf(stderr, "mz serve: %s: %s\n", err->code, err->msg);
        http_problem(resp, 500, "internal", "服务器内部错误，请联系管理员（详情见服务日志）",
                     NULL);
        return;
    }
    http_problem(resp, status, err->code[0] ? err->code : "invalid_value", err->msg, err->field);
}

static bool is_json_type(const char *type)
{
    if (!type)
        return false;
    size_t n = strlen("application/json");
    return strncasecmp(type, "application/json", n) == 0 && (type[n] == '\0' || type[n] == ';');
}

json_t *http_body_object(const struct http_req *req, struct http_resp *resp)
{
    if (!is_json_type(http_header(req, "Content-Type"))) {
        http_problem(resp, 415, "unsupported_media_type",
                     "请求体应为 JSON，Content-Type 应为 application/json", NULL);
        return NULL;
    }
    return http_json_object(req->body, req->body_len, resp);
}

json_t *http_json_object(const char *text, size_t len, struct http_resp *resp)
{
    json_error_t je;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        char detail[300];
        if (json_error_code(&je) == json_error_invalid_utf8) {
            snprintf(detail, sizeof detail, "请求体不是合法的 UTF-8 文本（第 %d 字节附近）",
                     je.position);
            http_problem(resp, 400, "invalid_utf8", detail, NULL);
        } else {
            snprintf(detail, sizeof detail, "请求体不是合法的 JSON：第 %d 行第 %d 列：%s", je.line,
                     je.column, je.text);
            http_problem(resp, 400, "malformed_json", detail, NULL);
        }
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        http_problem(resp, 400, "malformed_json", "请求体应为 JSON 对象 {…}", NULL);
        return NULL;
    }
    return o;
}

bool http_object_strings(json_t *o, struct http_resp *resp, const char *const *names,
                         const char **values)
{
    for (size_t i = 0; names[i]; i++)
        values[i] = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        size_t i = 0;
        while (names[i] && strcmp(names[i], key) != 0)
            i++;
        char detail[200];
        bool short_key = strlen(key) < 100;
        if (!names[i]) {
            snprintf(detail, sizeof detail, "不认识的字段“%s”", short_key ? key : "…");
            http_problem(resp, 400, "unknown_field", detail, short_key ? key : NULL);
            return false;
        }
        if (!json_is_string(v)) {
            snprintf(detail, sizeof detail, "字段“%s”应为字符串", short_key ? key : "…");
            http_problem(resp, 400, "wrong_type", detail, short_key ? key : NULL);
            return false;
        }
        values[i] = json_string_value(v);
    }
    return true;
}

json_t *http_body_strings(const struct http_req *req, struct http_resp *resp,
                          const char *const *names, const char **values)
{
    json_t *o = http_body_object(req, resp);
    if (o && !http_object_strings(o, resp, names, values)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- request parameters ---------------------------------------------- */

json_t *http_date_json(mz_date d)
{
    if (d == MZ_DATE_NONE)
        return json_null();
    char buf[11];
    date_format(d, buf);
    return json_string(buf);
}

json_t *http_page_json(json_t *items, long page, long per_page, long total)
{
    return json_pack("{s:o, s:i, s:i, s:I}", "items", items, "page", (int)page, "per_page",
                     (int)per_page, "total", (json_int_t)total);
}

bool http_parse_id(const char *s, int64_t *out)
{
    size_t n = strlen(s);
    if (n == 0 || n > 18 || strspn(s, "0123456789") != n || s[0] == '0')
        return false;
    *out = strtoll(s, NULL, 10);
    return true;
}

bool http_query_long(const struct http_req *req, struct http_resp *resp, const char *name,
                     long def, long min, long max, long *out)
{
    const char *s = http_query(req, name);
    *out = def;
    if (!s)
        return true;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < min || v > max) {
        char detail[160];
        snprintf(detail, sizeof detail, "参数 %s 应为 %ld 到 %ld 之间的整数，实为“%.40s”", name,
                 min, max, s);
        http_problem(resp, 400, "invalid_parameter", detail, name);
        return false;
    }
    *out = v;
    return true;
}

bool http_query_enum(const struct http_req *req, struct http_resp *resp, const char *name,
                     const char *const *allowed, const char **out)
{
    *out = http_query(req, name);
    if (!*out)
        return true;
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], *out) == 0)
            return true;
    char detail[200];
    snprintf(detail, sizeof detail, "参数 %s 的值“%.40s”不被接受", name, *out);
    http_problem(resp, 400, "invalid_parameter", detail, name);
    return false;
}

bool http_query_sort(const struct http_req *req, struct http_resp *resp,
                     const char *const *fields, const char **field, bool *desc)
{
    static const char *const orders[] = {"asc", "desc", NULL};
    const char *order;
    if (!http_query_enum(req, resp, "sort", fields, field) ||
        !http_query_enum(req, resp, "order", orders, &order))
        return false;
    *desc = order && strcmp(order, "desc") == 0;
    return true;
}

bool http_query_page(const struct http_req *req, struct http_resp *resp, long *page,
                     long *per_page)
{
    return http_query_long(req, resp, "page", 1, 1, 1000000, page) &&
           http_query_long(req, resp, "per_page", 20, 1, 100, per_page);
}

bool http_body_date(const char *text, struct http_resp *resp, mz_date *out)
{
    *out = text ? date_parse(text) : date_today();
    if (*out != MZ_DATE_NONE)
        return true;
    char detail[160];
    snprintf(detail, sizeof detail, "办理日期 date 应为 YYYY-MM-DD，实为“%.40s”", text);
    http_problem(resp, 422, "invalid_value", detail, "date");
    return false;
}
