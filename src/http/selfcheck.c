/* The resident self-check 我能享受哪些救助 (public, no session): the form
 * (the policy inputs a resident can describe, the counties) and the check
 * itself — a described household becomes a one-household snapshot, every
 * program is explained for it with the policy set compiled at server start,
 * and the answer says which programs it may qualify for, why, and how to
 * apply. Nothing is written: no registry record, no audit entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "http/json.h"
#include "policy/snapshot.h"
#include "registry/registry.h"
#include "registry/vars.h"
#include "store/regstore.h"

#define SELFCHECK_MAX_MEMBERS 20
#define SELFCHECK_MAX_BODY (64u << 10)
#define SELFCHECK_MAX_AGE 120

/* Inputs a resident does not describe: the birth date comes from the age,
 * the hukou from the household, and everyone described is alive. */
static bool offered(const struct pol_input *in)
{
    static const char *const hidden[] = {"birth_date", "rural_hukou", "is_dead", "death_date"};
    if (in->entity != POL_PERSON || in->type == POL_DATE || !in->fact)
        return false; /* registry records (payments, cases …) are not asked of residents */
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        if (strcmp(in->name, hidden[i]) == 0)
            return false;
    return true;
}

static const char *type_name(const struct pol_input *in)
{
    switch (in->type) {
    case POL_MONEY: return "money";
    case POL_BOOL: return "bool";
    case POL_ENUM: return "enum";
    case POL_RATIO: return "ratio";
    default: return "int";
    }
}

static bool no_policies(const struct http_req *req, struct http_resp *resp)
{
    if (req->policies)
        return false;
    http_problem(resp, 503, "unavailable", "服务未加载政策文件，暂不能自查", NULL);
    return true;
}

/* ---- the form --------------------------------------------------------- */

static int add_county(void *ctx, const struct division_row *d)
{
    json_t *o = json_pack("{s:s, s:s}", "code", d->code, "name", d->name);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

static json_t *input_json(const struct pol_input *in)
{
    const struct var_def *v = var_find(in->fact);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "name", in->name, "label", in->label, "type",
                          type_name(in), "unit",
                          in->type == POL_MONEY ? (strcmp(in->unit, "month") == 0 ? "元/月" : "元")
                                                : "");
    if (o && in->type == POL_ENUM) {
        json_t *opts = json_array();
        for (int k = 0; k < in->nenum; k++)
            json_array_append_new(opts, json_string(in->enum_labels[k]));
        json_object_set_new(o, "options", opts);
    }
    if (o && in->type == POL_INT && v && v->type == VAR_INT)
        json_object_set_new(o, "max", json_integer(v->max));
    return o;
}

void h_selfcheck_form(struct http_req *req, struct http_resp *resp)
{
    if (no_policies(req, resp))
        return;
    struct mz_err err = {0};
    json_t *counties = json_array(), *inputs = json_array();
    if (rs_divisions_of_level(reg_db(req->reg), 3, date_today(), add_county, counties, &err) !=
        0) {
        json_decref(counties);
        json_decref(inputs);
        http_problem_err(resp, &err);
        return;
    }
    int n;
    const struct pol_input *in = pol_inputs(req->policies, &n);
    /* relation and sex first, then the age, then what the policies read */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            bool first = strcmp(in[i].name, "relation") == 0 || strcmp(in[i].name, "sex") == 0;
            if (offered(&in[i]) && first == (pass == 0))
                json_array_append_new(inputs, input_json(&in[i]));
        }
        if (pass == 0)
            json_array_append_new(inputs, json_pack("{s:s, s:s, s:s, s:s, s:i}", "name", "age",
                                                    "label", "年龄（周岁）", "type", "int", "unit",
                                                    "", "max", SELFCHECK_MAX_AGE));
    }
    char day[11];
    date_format(date_today(), day);
    http_send_json(resp, 200,
                   json_pack("{s:s, s:i, s:o, s:o}", "as_of", day, "max_members",
                             SELFCHECK_MAX_MEMBERS, "counties", counties, "inputs", inputs));
}

/* ---- the check -------------------------------------------------------- */

/* A member's value as text: strings as given, numbers and booleans written
 * out; NULL for any other JSON type. */
static const char *value_text(json_t *v, char *buf, size_t cap)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, cap, "%.2f", json_real_value(v));
    else if (json_is_boolean(v))
        snprintf(buf, cap, "%s", json_is_true(v) ? "是" : "否");
    else
        return NULL;
    return buf;
}

/* Parses one value of input i for member m into *out, checked against the
 * registry's catalogue (ranges, labels) where the input reads a fact. */
static int parse_value(const struct pol_set *set, int i, const char *text, int64_t *out,
                       struct mz_err *err)
{
    const struct pol_input *in = &pol_inputs(set, &(int){0})[i];
    const struct var_def *v = in->fact ? var_find(in->fact) : NULL;
    char canon[64];
    if (strlen(text) > 40)
        return mz_fail(err, "invalid_value", "“%s”的值过长", in->label);
    if (v && var_canonical(v, text, canon, sizeof canon, err) < 0)
        return -1;
    if (in->type == POL_MONEY) {
        if (v)
            *out = strtoll(canon, NULL, 10);
        else if (money_parse(text, out) < 0)
            return mz_fail(err, "invalid_value", "“%s”应为金额（元），实为“%s”", in->label, text);
        if (*out < 0)
            return mz_fail(err, "invalid_value", "“%s”不能为负数，实为“%s”", in->label, text);
        return 0;
    }
    return pol_value_parse(set, i, v ? canon : text, out, err);
}

/* Fills member m's row from its JSON object; 0, or -1 after a 422 naming
 * the field. */
static int read_member(const struct http_req *req, struct http_resp *resp,
                       struct pol_snapshot *snap, size_t m, json_t *obj, mz_date today)
{
    const struct pol_set *set = req->policies;
    char field[80], detail[600];
    if (!json_is_object(obj)) {
        snprintf(field, sizeof field, "members[%zu]", m);
        snprintf(detail, sizeof detail, "第 %zu 位成员应为一个对象 {…}", m + 1);
        http_problem(resp, 422, "invalid_value", detail, field);
        return -1;
    }
    snprintf(field, sizeof field, "members[%zu].age", m);
    json_t *age = json_object_get(obj, "age");
    if (!json_is_integer(age) || json_integer_value(age) < 0 ||
        json_integer_value(age) > SELFCHECK_MAX_AGE) {
        snprintf(detail, sizeof detail, "第 %zu 位成员：请填写年龄（0 到 %d 周岁的整数）", m + 1,
                 SELFCHECK_MAX_AGE);
        http_problem(resp, 422, age ? "invalid_value" : "missing_field", detail, field);
        return -1;
    }
    int y, mo, d;
    date_to_ymd(today, &y, &mo, &d);
    /* born on this day age years ago: the age in whole years today */
    int by = y - (int)json_integer_value(age);
    mz_date birth = date_from_ymd(by, mo, mo == 2 && d == 29 ? 28 : d);
    int birth_in = pol_input_find(set, "birth_date");
    if (birth_in >= 0)
        snap->columns[birth_in][m] = birth;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (strcmp(key, "age") == 0)
            continue;
        int i = pol_input_find(set, key);
        int n;
        const struct pol_input *in = pol_inputs(set, &n);
        snprintf(field, sizeof field, "members[%zu].%.40s", m, key);
        if (i < 0 || !offered(&in[i])) {
            snprintf(detail, sizeof detail, "第 %zu 位成员：不认识的项目“%.40s”", m + 1, key);
            http_problem(resp, 422, "unknown_field", detail, field);
            return -1;
        }
        char buf[64];
        const char *text = value_text(v, buf, sizeof buf);
        struct mz_err err = {0};
        if (!text)
            mz_fail(&err, "invalid_value", "“%s”应为文字、数字或是/否", in[i].label);
        if (!text || parse_value(set, i, text, &snap->columns[i][m], &err) < 0) {
            snprintf(detail, sizeof detail, "第 %zu 位成员：%.500s", m + 1, err.msg);
            http_problem(resp, 422, "invalid_value", detail, field);
            return -1;
        }
    }
    return 0;
}

/* The described household as a snapshot; NULL after a 4xx problem. */
static struct pol_snapshot *read_household(struct http_req *req, struct http_resp *resp,
                                           mz_date today)
{
    if (req->body_len > SELFCHECK_MAX_BODY) {
        http_problem(resp, 413, "body_too_large", "自查内容过长（上限 64 KiB）", NULL);
        return NULL;
    }
    json_t *body = http_body_object(req, resp);
    if (!body)
        return NULL;
    const char *key;
    json_t *v, *members = json_object_get(body, "members");
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "county") != 0 && strcmp(key, "rural") != 0 &&
            strcmp(key, "members") != 0) {
            char detail[120];
            snprintf(detail, sizeof detail, "不认识的项目“%.40s”", key);
            http_problem(resp, 422, "unknown_field", detail, "");
            json_decref(body);
            return NULL;
        }
    }
    const char *county = json_string_value(json_object_get(body, "county"));
    json_t *rural = json_object_get(body, "rural");
    struct division_row d;
    struct mz_err err = {0};
    int found = county && strlen(county) == 6 && strspn(county, "0123456789") == 6
                    ? rs_division_at(reg_db(req->reg), county, today, &d, &err)
                    : 0;
    const char *problem = NULL, *field = NULL;
    if (found < 0) {
        http_problem_err(resp, &err);
    } else if (!found || d.level != 3) {
        problem = "请选择所在区县", field = "county";
    } else if (!json_is_boolean(rural)) {
        problem = "请选择城镇或农村家庭", field = "rural";
    } else if (!json_is_array(members) || json_array_size(members) == 0) {
        problem = "请至少填写一位家庭成员", field = "members";
    } else if (json_array_size(members) > SELFCHECK_MAX_MEMBERS) {
        problem = "家庭成员最多填写 20 位", field = "members";
    }
    if (found < 0 || problem) {
        if (problem)
            http_problem(resp, 422, !json_object_get(body, field) ? "missing_field"
                                                                 : "invalid_value",
                         problem, field);
        json_decref(body);
        return NULL;
    }
    size_t n = json_array_size(members);
    struct pol_snapshot *snap = pol_snapshot_new(req->policies, n, 1, &err);
    if (!snap) {
        json_decref(body);
        http_problem_err(resp, &err);
        return NULL;
    }
    snap->household_id[0] = 0;
    snap->member_start[1] = n;
    snprintf(snap->division[0], sizeof snap->division[0], "%s000000", county);
    int rural_in = pol_input_find(req->policies, "rural"),
        hukou_in = pol_input_find(req->policies, "rural_hukou");
    if (rural_in >= 0)
        snap->columns[rural_in][0] = json_is_true(rural);
    for (size_t m = 0; m < n; m++) {
        if (hukou_in >= 0)
            snap->columns[hukou_in][m] = json_is_true(rural);
        if (read_member(req, resp, snap, m, json_array_get(members, m), today) < 0) {
            pol_snapshot_free(snap);
            snap = NULL;
            break;
        }
    }
    json_decref(body);
    return snap;
}

void h_selfcheck(struct http_req *req, struct http_resp *resp)
{
    if (no_policies(req, resp))
        return;
    mz_date today = date_today();
    struct pol_snapshot *snap = read_household(req, resp, today);
    if (!snap)
        return;
    const struct pol_set *set = req->policies;
    json_t *programs = json_array();
    struct mz_err err = {0};
    for (int p = 0; p < pol_program_count(set); p++) {
        struct pol_explanation *ex = pol_explain(set, snap, 0, p, today, &err);
        if (!ex) {
            json_decref(programs);
            pol_snapshot_free(snap);
            http_problem_err(resp, &err);
            return;
        }
        json_array_append_new(programs, http_program_json(set, snap, ex, p, NULL));
        pol_explanation_free(ex);
    }
    pol_snapshot_free(snap);
    char day[11];
    date_format(today, day);
    http_send_json(resp, 200,
                   json_pack("{s:s, s:s, s:o, s:b}", "as_of", day, "policy_version",
                             pol_version(set), "programs", programs, "stored", 0));
}
