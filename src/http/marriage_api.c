/* 婚姻登记 over HTTP (docs/marriage.md): registrations, the status check,
 * refusals, replacements, divorces with their windows and counselling,
 * appointments and the 户口 moves joined with 公安, in the caller's scope
 * (the registration office's county). A refusal answers 422 with the
 * rule, its article and the record kept. The rules live in src/marriage. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "marriage/marriage.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/marriagestore.h"

static struct marriage_env env_of(struct http_req *req)
{
    return (struct marriage_env){req->reg, req->policies, req->cal, NULL};
}

static bool loaded(struct http_req *req, struct http_resp *resp)
{
    if (req->policies && req->cal)
        return true;
    http_problem(resp, 503, "no_policies", "服务未加载政策文件或工作日历", NULL);
    return false;
}

/* The body's members all among known (NULL-terminated), else 400. */
static json_t *body_of(struct http_req *req, struct http_resp *resp, const char *const *known)
{
    json_t *body = http_body_object(req, resp);
    if (!body)
        return NULL;
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
    {
        bool ok = false;
        for (size_t i = 0; known[i]; i++)
            ok |= strcmp(key, known[i]) == 0;
        if (!ok) {
            char detail[120];
            snprintf(detail, sizeof detail, "未知字段“%.40s”", key);
            http_problem(resp, 400, "unknown_field", detail, key);
            json_decref(body);
            return NULL;
        }
    }
    return body;
}

/* A text member (NULL if absent); false after 422 if not a string. */
static bool text(json_t *body, struct http_resp *resp, const char *name, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = json_string_value(v);
    if (!v || json_is_string(v))
        return true;
    char detail[96];
    snprintf(detail, sizeof detail, "字段 %s 应为文字", name);
    http_problem(resp, 422, "wrong_type", detail, name);
    return false;
}

/* A boolean member (def if absent); false after 422 if not a boolean. */
static bool flag(json_t *body, struct http_resp *resp, const char *name, bool def, bool *out)
{
    json_t *v = json_object_get(body, name);
    *out = v ? json_is_true(v) : def;
    if (!v || json_is_boolean(v))
        return true;
    char detail[96];
    snprintf(detail, sizeof detail, "字段 %s 应为 true 或 false", name);
    http_problem(resp, 422, "wrong_type", detail, name);
    return false;
}

/* The day of the body's "date" (today if absent); false after 422. */
static bool day_of(json_t *body, struct http_resp *resp, mz_date *out)
{
    const char *d;
    return text(body, resp, "date", &d) && http_body_date(d, resp, out);
}

/* The office: the body's, in the caller's scope, or the caller's own county.
 * false after a problem. */
static bool office_of(struct http_req *req, struct http_resp *resp, const char *given,
                      char out[13])
{
    const char *mine = http_user_division(req);
    if (!given || !*given) {
        if (strlen(mine) != 6) {
            http_problem(resp, 422, "missing_field",
                         "请指定婚姻登记机关所在的区县（office）：本账户不属于某一区县", "office");
            return false;
        }
        given = mine;
    }
    if (!http_in_scope(req, given)) {
        http_problem(resp, 403, "out_of_scope", "该婚姻登记机关不在您的管辖范围", "office");
        return false;
    }
    snprintf(out, 13, "%s", given);
    return true;
}

/* A refusal: 422 with the rule, its article and the record kept. */
static void refused(struct http_resp *resp, const struct mz_err *err,
                    const struct mar_registered *r)
{
    if (!r->refusal_id) {
        http_problem_err(resp, err);
        return;
    }
    http_problem_extra(resp, 422, err->code, err->msg, NULL,
                       json_pack("{s:s, s:s, s:s, s:I}", "rule", r->rule->code, "rule_label",
                                 r->rule->label, "article", r->rule->article, "refusal_id",
                                 (json_int_t)r->refusal_id));
}

/* ---- registrations ------------------------------------------------------- */

static json_t *marriage_json(struct http_req *req, const struct marriage_row *m)
{
    return json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:b, s:{s:s, s:s}, s:{s:s, s:s}}",
                     "id", (json_int_t)m->id, "cert_no", m->cert_no, "office_name",
                     http_division_name(req, m->office), "registered_on", m->registered_on,
                     "state", m->state, "state_label", mar_state_label(m->state), "ended_on",
                     m->ended_on[0] ? json_string(m->ended_on) : json_null(), "end_note",
                     m->end_note, "archived", m->archived, "man", "name", m->man_name,
                     "id_number", m->man_masked, "woman", "name", m->woman_name, "id_number",
                     m->woman_masked);
}

struct list_ctx {
    struct http_req *req;
    json_t *items;
};

static int add_marriage(void *ctx, const struct marriage_row *m)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(x->items, marriage_json(x->req, m));
}

void h_marriages(struct http_req *req, struct http_resp *resp)
{
    static const char *const states[] = {"married", "divorced", "widowed", "annulled", NULL};
    long page, per_page;
    const char *state;
    if (!http_query_page(req, resp, &page, &per_page) ||
        !http_query_enum(req, resp, "state", states, &state))
        return;
    const char(*codes)[13];
    const char *only = http_query(req, "registered_only");
    struct ms_filter f = {.nprefixes = http_scope_codes(req, &codes), .state = state ? state : "",
                          .q = http_query(req, "q"), .registered_only = only && !strcmp(only, "1")};
    f.prefixes = codes;
    struct list_ctx x = {req, json_array()};
    int64_t total = 0;
    struct mz_err err = {0};
    if (ms_marriage_list(reg_db(req->reg), &f, page, per_page, add_marriage, &x, &total, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, err.code[0] ? &err : &(struct mz_err){"out_of_memory", "内存不足", ""});
        return;
    }
    struct ms_stats st;
    char since[11];
    date_format(date_today() - 30, since);
    json_t *out = http_page_json(x.items, page, per_page, total);
    if (ms_marriage_stats(reg_db(req->reg), codes, f.nprefixes, since, &st, &err) == 0)
        json_object_set_new(out, "stats",
                            json_pack("{s:I, s:I, s:I, s:I}", "total", (json_int_t)st.total,
                                      "married", (json_int_t)st.married, "last_30_days",
                                      (json_int_t)st.since, "registered_here",
                                      (json_int_t)st.registered));
    http_send_json(resp, 200, out);
}

void h_marriage_register(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {
        "office",      "date",          "a_id",         "a_name",     "a_declaration",
        "a_voluntary", "a_illness",     "b_id",         "b_name",     "b_declaration",
        "b_voluntary", "b_illness",     "appointment_id", "hukou",    NULL};
    if (!http_may_write(req, resp) || !loaded(req, resp))
        return;
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *office, *hukou;
    char code[13];
    struct mar_register_in in = {.actor = req->actor};
    json_t *apt = json_object_get(body, "appointment_id");
    if (text(body, resp, "office", &office) && day_of(body, resp, &in.day) &&
        text(body, resp, "a_id", &in.a.id_number) && text(body, resp, "a_name", &in.a.name) &&
        text(body, resp, "b_id", &in.b.id_number) && text(body, resp, "b_name", &in.b.name) &&
        flag(body, resp, "a_declaration", false, &in.a.declaration_signed) &&
        flag(body, resp, "b_declaration", false, &in.b.declaration_signed) &&
        flag(body, resp, "a_voluntary", false, &in.a.voluntary) &&
        flag(body, resp, "b_voluntary", false, &in.b.voluntary) &&
        flag(body, resp, "a_illness", false, &in.a.illness_disclosed) &&
        flag(body, resp, "b_illness", false, &in.b.illness_disclosed) &&
        text(body, resp, "hukou", &hukou) && office_of(req, resp, office, code)) {
        in.office = code;
        in.appointment_id = json_is_integer(apt) ? json_integer_value(apt) : 0;
        in.hukou = !hukou || !*hukou            ? MAR_HUKOU_NONE
                   : strcmp(hukou, "man") == 0  ? MAR_HUKOU_MAN
                   : strcmp(hukou, "woman") == 0 ? MAR_HUKOU_WOMAN
                                                 : (enum mar_hukou)-1;
        struct marriage_env env = env_of(req);
        struct mar_registered out;
        struct mz_err err = {0};
        if ((int)in.hukou < 0)
            http_problem(resp, 422, "invalid_value", "hukou 应为 man（男方迁入女方户）或 woman（女方迁入男方户）",
                         "hukou");
        else if (apt && !json_is_integer(apt))
            http_problem(resp, 422, "wrong_type", "appointment_id 应为预约号", "appointment_id");
        else if (mar_register(&env, &in, &out, &err) < 0)
            refused(resp, &err, &out);
        else
            http_send_json(resp, 201,
                           json_pack("{s:I, s:s, s:o}", "id", (json_int_t)out.marriage_id, "cert_no",
                                     out.cert_no, "hukou_id",
                                     out.hukou_id ? json_integer(out.hukou_id) : json_null()));
    }
    json_decref(body);
}

/* The marriage of path id, in scope: 1, or 0 after 404, -1 after 500. */
static int marriage_in_scope(struct http_req *req, struct http_resp *resp, struct marriage_row *m)
{
    int64_t id;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? ms_marriage_get(reg_db(req->reg), id, m, &err)
                                                   : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (!found || !http_in_scope(req, m->office)) {
        http_not_found(resp, "婚姻登记", req->params[0]);
        return 0;
    }
    return 1;
}

static int add_cert(void *ctx, const struct cert_row *c)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(
        x->items,
        json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:s?, s:b}", "number", c->number, "kind", c->kind,
                  "kind_label", mar_cert_kind_label(c->kind), "office_name",
                  http_division_name(x->req, c->office), "issued_on", c->issued_on, "holder",
                  c->holder_sex ? json_string(c->holder_sex == 1 ? "男方" : "女方") : json_null(),
                  "replaces", c->replaces[0] ? c->replaces : NULL, "signed", c->pdf_sm3[0] != 0));
}

static int add_counsel(void *ctx, const struct counsel_row *c)
{
    return json_array_append_new(
        ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)c->id, "day", c->day,
                       "outcome", c->outcome, "outcome_label", div_counsel_label(c->outcome),
                       "counsellor", c->counsellor, "note", c->note));
}

static json_t *divorce_json(struct http_req *req, const struct divorce_row *d, bool full)
{
    const char *phase = div_phase(d->state, d->cooling_ends, d->appear_by, date_today());
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:o, s:o, "
        "s:{s:s, s:s}, s:{s:s, s:s}}",
        "id", (json_int_t)d->id, "marriage_id", (json_int_t)d->marriage_id, "marriage_cert",
        d->marriage_cert, "office_name", http_division_name(req, d->office), "applied_on",
        d->applied_on, "cooling_ends", d->cooling_ends, "appear_from", d->appear_from, "appear_by",
        d->appear_by, "provisional", d->provisional, "state", d->state, "phase", phase,
        "phase_label", div_phase_label(phase), "agreement_sm3", d->agreement_sm3, "ended_on",
        d->ended_on[0] ? json_string(d->ended_on) : json_null(), "cert_no",
        d->cert_no[0] ? json_string(d->cert_no) : json_null(), "man", "name", d->man_name,
        "id_number", d->man_masked, "woman", "name", d->woman_name, "id_number", d->woman_masked);
    if (o && d->withdrawn_by)
        json_object_set_new(o, "withdrawn_by", json_string(d->withdrawn_by == 1 ? "男方" : "女方"));
    if (o && full) {
        json_t *c = json_array();
        struct mz_err err = {0};
        ms_counsel_of(reg_db(req->reg), d->id, add_counsel, c, &err);
        json_object_set_new(o, "counselling", c);
    }
    return o;
}

static int add_divorce(void *ctx, const struct divorce_row *d)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(x->items, divorce_json(x->req, d, true));
}

static json_t *hukou_json(struct http_req *req, const struct hukou_row *k)
{
    bool open = strcmp(k->state, "done") && strcmp(k->state, "refused");
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:o, s:o, s:s}", "id",
                     (json_int_t)k->id, "marriage_id", (json_int_t)k->marriage_id, "cert_no",
                     k->cert_no, "mover", k->mover_sex == 1 ? "男方" : "女方", "mover_name",
                     k->mover_sex == 1 ? k->man_name : k->woman_name, "household_no", k->hh_no,
                     "area", http_division_name(req, k->division), "state", k->state,
                     "state_label", hukou_state_label(k->state), "due", k->due, "overdue",
                     open && date_parse(k->due) < date_today(), "sent_on",
                     k->sent_at[0] ? json_string(k->sent_at) : json_null(), "answered_on",
                     k->answered_at[0] ? json_string(k->answered_at) : json_null(), "note",
                     k->answer_note);
}

void h_marriage(struct http_req *req, struct http_resp *resp)
{
    struct marriage_row m;
    if (marriage_in_scope(req, resp, &m) != 1)
        return;
    struct db *db = reg_db(req->reg);
    struct list_ctx certs = {req, json_array()}, divorces = {req, json_array()};
    struct mz_err err = {0};
    int64_t hk = 0;
    struct hukou_row k;
    json_t *o = marriage_json(req, &m);
    if (ms_certs_of(db, m.id, add_cert, &certs, &err) != 0 ||
        ms_divorces_of(db, m.id, add_divorce, &divorces, &err) != 0 ||
        ms_hukou_of_marriage(db, m.id, &hk, &err) < 0 ||
        (hk && ms_hukou_get(db, hk, &k, &err) < 0)) {
        json_decref(certs.items);
        json_decref(divorces.items);
        json_decref(o);
        http_problem_err(resp, &err);
        return;
    }
    json_object_set_new(o, "certificates", certs.items);
    json_object_set_new(o, "divorces", divorces.items);
    json_object_set_new(o, "hukou", hk ? hukou_json(req, &k) : json_null());
    http_send_json(resp, 200, o);
}

void h_marriage_status(struct http_req *req, struct http_resp *resp)
{
    const char *id = http_query(req, "id_number"), *day = http_query(req, "date");
    mz_date on = day && *day ? date_parse(day) : date_today();
    if (on == MZ_DATE_NONE) {
        http_problem(resp, 400, "invalid_parameter", "date 应为 YYYY-MM-DD", "date");
        return;
    }
    struct marriage_env env = env_of(req);
    struct mar_status_info s;
    struct mz_err err = {0};
    if (mar_status_of(&env, id ? id : "", on, &s, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    char masked[19];
    idcard_mask(id, masked);
    http_send_json(resp, 200,
                   json_pack("{s:s, s:s, s:o, s:s, s:s}", "id_number", masked, "status",
                             mar_status_label(s.status), "since", http_date_json(s.since), "basis",
                             s.basis, "source", (env.status ? env.status : &mar_status_local)->label));
}

void h_marriage_replace(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"office", "date", "cert_no", "id_number", NULL};
    struct marriage_row m;
    int64_t id;
    struct mz_err lerr = {0};
    if (!http_may_write(req, resp) || !loaded(req, resp))
        return;
    /* 全国通办: any office replaces a certificate of any office's archive
     * (the office must be the caller's; the holder proves to be a party) */
    int found = http_parse_id(req->params[0], &id) ? ms_marriage_get(reg_db(req->reg), id, &m, &lerr) : 0;
    if (found <= 0) {
        if (found < 0)
            http_problem_err(resp, &lerr);
        else
            http_not_found(resp, "婚姻登记", req->params[0]);
        return;
    }
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *office, *cert;
    char code[13];
    struct mar_replace_in in = {.actor = req->actor};
    if (text(body, resp, "office", &office) && day_of(body, resp, &in.day) &&
        text(body, resp, "cert_no", &cert) && text(body, resp, "id_number", &in.id_number) &&
        office_of(req, resp, office, code)) {
        in.office = code;
        in.cert_no = cert && *cert ? cert : m.cert_no;
        struct marriage_env env = env_of(req);
        struct mar_registered r;
        struct mz_err err = {0};
        char no[32];
        int64_t mid = 0;
        if (ms_marriage_by_cert(reg_db(req->reg), in.cert_no, &mid, &err) > 0 && mid != m.id)
            http_problem(resp, 422, "invalid_value", "证件字号不属于这份婚姻登记", "cert_no");
        else if (mar_replace(&env, &in, no, &r, &err) < 0)
            refused(resp, &err, &r);
        else
            http_send_json(resp, 201, json_pack("{s:s, s:s}", "cert_no", no, "replaces", in.cert_no));
    }
    json_decref(body);
}

static int add_refusal(void *ctx, const struct refusal_row *r)
{
    struct list_ctx *x = ctx;
    const struct mar_rule *rule = mar_rule(r->rule);
    return json_array_append_new(
        x->items,
        json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)r->id,
                  "kind", r->kind, "kind_label",
                  strcmp(r->kind, "marriage") == 0   ? "结婚登记"
                  : strcmp(r->kind, "divorce") == 0 ? "离婚登记"
                                                    : "补领证件",
                  "office_name", http_division_name(x->req, r->office), "day", r->day, "rule",
                  r->rule, "rule_label", rule ? rule->label : r->rule, "article", r->article,
                  "reason", r->reason, "recorded_by", http_actor_label(x->req, r->recorded_by)));
}

void h_marriage_refusals(struct http_req *req, struct http_resp *resp)
{
    static const char *const kinds[] = {"marriage", "divorce", "replacement", NULL};
    long page, per_page;
    const char *kind;
    if (!http_query_page(req, resp, &page, &per_page) ||
        !http_query_enum(req, resp, "kind", kinds, &kind))
        return;
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list_ctx x = {req, json_array()};
    int64_t total = 0;
    struct mz_err err = {0};
    if (ms_refusal_list(reg_db(req->reg), codes, n, kind ? kind : "", page, per_page, add_refusal,
                        &x, &total, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    json_t *rules = json_array();
    size_t nr;
    const struct mar_rule *all = mar_rules(&nr);
    for (size_t i = 0; i < nr; i++)
        json_array_append_new(rules, json_pack("{s:s, s:s, s:s}", "rule", all[i].code, "label",
                                               all[i].label, "article", all[i].article));
    json_t *out = http_page_json(x.items, page, per_page, total);
    json_object_set_new(out, "rules", rules);
    http_send_json(resp, 200, out);
}

/* ---- divorces ------------------------------------------------------------- */

void h_divorces(struct http_req *req, struct http_resp *resp)
{
    static const char *const states[] = {"cooling", "withdrawn", "lapsed", "registered", NULL};
    long page, per_page;
    const char *state;
    if (!http_query_page(req, resp, &page, &per_page) ||
        !http_query_enum(req, resp, "state", states, &state))
        return;
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list_ctx x = {req, json_array()};
    int64_t total = 0;
    struct mz_err err = {0};
    if (ms_divorce_list(reg_db(req->reg), codes, n, state ? state : "", page, per_page, add_divorce,
                        &x, &total, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, http_page_json(x.items, page, per_page, total));
}

void h_divorce_apply(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"office", "date", "cert_no", "a_id", "b_id",
                                        "agreement", "capacity", NULL};
    if (!http_may_write(req, resp) || !loaded(req, resp))
        return;
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *office;
    char code[13];
    struct div_apply_in in = {.actor = req->actor};
    if (text(body, resp, "office", &office) && day_of(body, resp, &in.day) &&
        text(body, resp, "cert_no", &in.cert_no) && text(body, resp, "a_id", &in.id_a) &&
        text(body, resp, "b_id", &in.id_b) && text(body, resp, "agreement", &in.agreement) &&
        flag(body, resp, "capacity", false, &in.capacity) && office_of(req, resp, office, code)) {
        in.office = code;
        struct marriage_env env = env_of(req);
        struct mar_registered r;
        struct mz_err err = {0};
        int64_t id;
        struct divorce_row d;
        if (div_apply(&env, &in, &id, &r, &err) < 0 ||
            ms_divorce_get(reg_db(req->reg), id, &d, &err) <= 0)
            refused(resp, &err, &r);
        else
            http_send_json(resp, 201, divorce_json(req, &d, false));
    }
    json_decref(body);
}

/* The divorce of path id, in scope: 1, or 0 after 404, -1 after 500. */
static int divorce_in_scope(struct http_req *req, struct http_resp *resp, struct divorce_row *d)
{
    int64_t id;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? ms_divorce_get(reg_db(req->reg), id, d, &err)
                                                   : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (!found || !http_in_scope(req, d->office)) {
        http_not_found(resp, "离婚登记申请", req->params[0]);
        return 0;
    }
    return 1;
}

void h_divorce(struct http_req *req, struct http_resp *resp)
{
    struct divorce_row d;
    if (divorce_in_scope(req, resp, &d) == 1)
        http_send_json(resp, 200, divorce_json(req, &d, true));
}

void h_divorce_step(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"office", "date", "by_id", "a_id", "b_id", "outcome",
                                        "counsellor", "note", NULL};
    struct divorce_row d;
    if (!http_may_write(req, resp) || !loaded(req, resp) || divorce_in_scope(req, resp, &d) != 1)
        return;
    const char *action = req->params[1];
    if (strcmp(action, "withdraw") && strcmp(action, "register") && strcmp(action, "counsel")) {
        http_problem(resp, 404, "not_found", "离婚登记的办理环节应为 withdraw、register 或 counsel", NULL);
        return;
    }
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *office, *by, *a, *b, *outcome, *counsellor, *note;
    mz_date day;
    char code[13];
    if (text(body, resp, "office", &office) && day_of(body, resp, &day) &&
        text(body, resp, "by_id", &by) && text(body, resp, "a_id", &a) &&
        text(body, resp, "b_id", &b) && text(body, resp, "outcome", &outcome) &&
        text(body, resp, "counsellor", &counsellor) && text(body, resp, "note", &note) &&
        (strcmp(action, "register") != 0 || office_of(req, resp, office, code))) {
        struct marriage_env env = env_of(req);
        struct mar_registered r = {0};
        struct mz_err err = {0};
        char no[32] = "";
        int64_t cid = 0;
        int rc = strcmp(action, "withdraw") == 0 ? div_withdraw(&env, d.id, by, day, req->actor, &err)
                 : strcmp(action, "register") == 0
                     ? div_register(&env, d.id, code, day, a, b, req->actor, no, &r, &err)
                     : div_counsel(&env, d.id, day, outcome, counsellor, note, req->actor, &cid,
                                   &err);
        if (rc < 0 && !r.refusal_id && mar_rule(err.code))
            http_problem_extra(resp, 422, err.code, err.msg, NULL,
                               json_pack("{s:s, s:s, s:s}", "rule", err.code, "rule_label",
                                         mar_rule(err.code)->label, "article",
                                         mar_rule(err.code)->article));
        else if (rc < 0)
            refused(resp, &err, &r);
        else if (ms_divorce_get(reg_db(req->reg), d.id, &d, &err) <= 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 200, divorce_json(req, &d, true));
    }
    json_decref(body);
}

void h_divorce_timeline(struct http_req *req, struct http_resp *resp)
{
    if (!loaded(req, resp))
        return;
    const char *day = http_query(req, "date"), *office = http_query(req, "office");
    mz_date on = day && *day ? date_parse(day) : date_today();
    if (on == MZ_DATE_NONE) {
        http_problem(resp, 400, "invalid_parameter", "date 应为 YYYY-MM-DD", "date");
        return;
    }
    struct marriage_env env = env_of(req);
    struct div_timeline t;
    struct mz_err err = {0};
    if (div_timeline(&env, office && *office ? office : "50", on, &t, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200,
                   json_pack("{s:o, s:o, s:o, s:o, s:b}", "applied", http_date_json(t.applied),
                             "cooling_ends", http_date_json(t.cooling_last), "appear_from",
                             http_date_json(t.appear_first), "appear_by",
                             http_date_json(t.appear_last), "provisional", t.provisional));
}

/* ---- appointments --------------------------------------------------------- */

static int add_appointment(void *ctx, const struct appointment_row *a)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(
        x->items,
        json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id, "office_name",
                  http_division_name(x->req, a->office), "day", a->day, "slot", a->slot, "kind",
                  a->kind, "parties", a->parties, "state", a->state));
}

void h_appointments(struct http_req *req, struct http_resp *resp)
{
    const char *from = http_query(req, "from"), *to = http_query(req, "to");
    char f[11], t[11];
    date_format(date_today(), f);
    date_format(date_today() + 30, t);
    if ((from && date_parse(from) == MZ_DATE_NONE) || (to && date_parse(to) == MZ_DATE_NONE)) {
        http_problem(resp, 400, "invalid_parameter", "from、to 应为 YYYY-MM-DD", "from");
        return;
    }
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list_ctx x = {req, json_array()};
    struct mz_err err = {0};
    if (ms_appointment_list(reg_db(req->reg), codes, n, from ? from : f, to ? to : t,
                            add_appointment, &x, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    json_t *slots = json_array();
    size_t ns;
    const char *const *s = mar_slots(&ns);
    for (size_t i = 0; i < ns; i++)
        json_array_append_new(slots, json_string(s[i]));
    http_send_json(resp, 200, json_pack("{s:o, s:o}", "slots", slots, "items", x.items));
}

void h_appointment_book(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"office", "date", "slot", "kind", "parties", NULL};
    if (!http_may_write(req, resp) || !loaded(req, resp))
        return;
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *office, *day;
    char code[13];
    struct mar_appoint_in in = {.actor = req->actor};
    if (text(body, resp, "office", &office) && text(body, resp, "date", &day) &&
        text(body, resp, "slot", &in.slot) && text(body, resp, "kind", &in.kind) &&
        text(body, resp, "parties", &in.parties) && office_of(req, resp, office, code)) {
        in.office = code;
        in.day = day ? date_parse(day) : MZ_DATE_NONE;
        struct marriage_env env = env_of(req);
        struct mz_err err = {0};
        int64_t id;
        if (mar_appoint(&env, &in, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    }
    json_decref(body);
}

void h_appointment_cancel(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct appointment_row a;
    struct mz_err err = {0};
    if (!http_may_write(req, resp))
        return;
    int found = http_parse_id(req->params[0], &id) ? ms_appointment_get(reg_db(req->reg), id, &a, &err)
                                                   : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found || !http_in_scope(req, a.office)) {
        http_not_found(resp, "预约", req->params[0]);
        return;
    }
    struct marriage_env env = env_of(req);
    if (mar_appointment_cancel(&env, id, req->actor, &err) < 0)
        http_problem_err(resp, &err);
    else
        resp->status = 204;
}

/* ---- 结婚落户一件事 -------------------------------------------------------- */

static int add_hukou(void *ctx, const struct hukou_row *k)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(x->items, hukou_json(x->req, k));
}

void h_hukou_moves(struct http_req *req, struct http_resp *resp)
{
    static const char *const states[] = {"queued", "sent", "accepted", "done", "refused", NULL};
    const char *state;
    if (!http_query_enum(req, resp, "state", states, &state))
        return;
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list_ctx x = {req, json_array()};
    struct mz_err err = {0};
    if (ms_hukou_list(reg_db(req->reg), codes, n, state ? state : "", add_hukou, &x, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", x.items));
}

/* The move of path id, in scope (its office or its household). */
static int hukou_in_scope(struct http_req *req, struct http_resp *resp, struct hukou_row *k)
{
    int64_t id;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? ms_hukou_get(reg_db(req->reg), id, k, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (!found || (!http_in_scope(req, k->office) && !http_in_scope(req, k->division))) {
        http_not_found(resp, "结婚落户联办", req->params[0]);
        return 0;
    }
    return 1;
}

void h_hukou_message(struct http_req *req, struct http_resp *resp)
{
    struct hukou_row k;
    if (hukou_in_scope(req, resp, &k) != 1)
        return;
    if (!http_sees_full(req)) {
        http_problem(resp, 403, "forbidden_role", "落户报文含完整身份证号，本账户不能查看", NULL);
        return;
    }
    struct marriage_env env = env_of(req);
    char *text;
    struct mz_err err = {0};
    if (hukou_message(&env, k.id, &text, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    resp->body = text;
    resp->len = strlen(text);
    resp->status = 200;
    resp->type = "application/json; charset=utf-8";
}

void h_hukou_step(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"note", "date", NULL};
    struct hukou_row k;
    if (!http_may_write(req, resp) || hukou_in_scope(req, resp, &k) != 1)
        return;
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *note;
    mz_date day;
    if (text(body, resp, "note", &note) && day_of(body, resp, &day)) {
        struct marriage_env env = env_of(req);
        struct mz_err err = {0};
        if (hukou_step(&env, k.id, req->params[1], note, day, req->actor, &err) < 0 ||
            ms_hukou_get(reg_db(req->reg), k.id, &k, &err) <= 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 200, hukou_json(req, &k));
    }
    json_decref(body);
}
