/* Cases (办理案件) over HTTP: the list in the caller's scope with each
 * case's legal deadline and its flag on the working-day calendar, opening
 * a case, one case with its steps, the actions its procedure allows now
 * (for the UI's buttons), its decision and the warning it came from, and
 * taking a step or extending the deadline through the case engine
 * (src/cases), audited under user:NAME. The caller acts in the procedure
 * role of their account (http_case_role). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "cases/case.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "http/work.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "pay/pay.h"
#include "store/casestore.h"
#include "store/monitorstore.h"
#include "store/regstore.h"

static struct case_env env_of(const struct http_req *req)
{
    return (struct case_env){req->reg, req->cal, req->policies};
}

static const char *flag_name(enum case_flag f)
{
    return f == CASE_OVERDUE ? "overdue" : f == CASE_NEAR ? "due_soon" : f == CASE_ON_TIME ? "on_time"
                                                                                          : "none";
}

/* Loads case id if it exists and lies in scope: 1, 0 (missing or out of
 * scope alike), -1. */
static int case_visible(const struct http_req *req, int64_t id, struct case_row *c,
                        struct household_row *h, struct mz_err *err)
{
    struct db *db = reg_db(req->reg);
    int found = cs_case_get(db, id, c, err);
    if (found == 1 && !http_in_scope(req, c->division))
        found = 0;
    if (found == 1)
        found = rs_household_get(db, c->household_id, h, err);
    return found;
}

void http_case_summary(const struct http_req *req, const struct case_row *c,
                       struct http_case_summary *out)
{
    struct mz_err err = {0};
    const struct procedure *p = proc_find(c->type);
    const struct proc_state *s = p ? proc_state(p, c->state) : NULL;
    struct case_status st;
    memset(out, 0, sizeof *out);
    out->type_label = p ? p->label : c->type;
    out->state_label = s ? s->label : c->state;
    out->is_final = s && s->is_final;
    out->known = case_status(req->cal, c, date_today(), &st, &err) == 0;
    if (out->known) {
        out->flag = flag_name(st.flag);
        out->flag_label = case_flag_label(st.flag);
        out->days_left = st.days_left;
        out->has_deadline = st.flag != CASE_NO_DEADLINE;
        out->provisional = st.provisional || st.step_provisional;
        out->step_flag = flag_name(st.step_flag);
        out->step_left = st.step_left;
        out->step_unit = st.step_flag != CASE_NO_DEADLINE ? proc_unit_label(st.step_unit) : NULL;
    } else {
        out->flag = "unknown";
        out->flag_label = "日历未覆盖，无法计算";
    }
}

/* The JSON of a case for lists and as the head of the case page. */
static json_t *case_json(const struct http_req *req, const struct case_row *c,
                         const struct household_row *h, struct mz_err *err)
{
    struct http_case_summary sum;
    http_case_summary(req, c, &sum);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:b, s:o, s:s, s:s, "
        "s:o, s:o}",
        "id", (json_int_t)c->id, "type", c->type, "type_label", sum.type_label, "household_id",
        (json_int_t)c->household_id, "household_no", h->hh_no, "division", c->division, "state",
        c->state, "state_label", sum.state_label, "is_final", sum.is_final, "opened_on",
        http_date_json(c->opened_on), "accepted_on", http_date_json(c->accepted_on), "deadline",
        http_date_json(c->deadline), "closed_on", http_date_json(c->closed_on), "extended",
        c->extend_reason[0] != '\0', "days_left",
        sum.known && sum.has_deadline ? json_integer(sum.days_left) : json_null(), "flag",
        sum.flag, "flag_label", sum.flag_label, "state_due", http_date_json(c->state_due),
        "state_days_left", sum.step_unit ? json_integer(sum.step_left) : json_null());
    if (o && sum.provisional)
        json_object_set_new(o, "provisional", json_string(CAL_PROVISIONAL_NOTE));
    struct person_row ap;
    if (o && c->applicant_id && rs_person_get(reg_db(req->reg), c->applicant_id, &ap, err) == 1)
        json_object_set_new(o, "applicant_name", json_string(ap.name));
    if (o && sum.step_unit) {
        json_object_set_new(o, "state_flag", json_string(sum.step_flag));
        json_object_set_new(o, "state_unit", json_string(sum.step_unit));
    }
    if (!o)
        mz_fail(err, "out_of_memory", "内存不足");
    return o;
}

/* ---- the list --------------------------------------------------------- */

/* Whether state is a state of procedure p, or of any procedure (p NULL). */
static bool state_known(const struct procedure *p, const char *state)
{
    size_t n = 1;
    const struct procedure *all = p ? p : proc_all(&n);
    for (size_t i = 0; i < n; i++)
        if (proc_state(&all[i], state))
            return true;
    return false;
}

/* What a case list sorts by: the API's sort fields, a case's key. */
static const char *const case_sorts[] = {"id",       "type",        "household_no",
                                         "state",    "accepted_on", "deadline", NULL};
struct case_key {
    int64_t id, household_id;
    const char *type_label, *state_label; /* static text */
    char hh_no[sizeof ((struct household_row *)0)->hh_no];
    mz_date accepted_on, deadline;
};

static int cmp_int(long long a, long long b) { return (a > b) - (a < b); }
/* a's order against b's by field (an index of case_sorts), then by id */
static int case_cmp(const struct case_key *a, const struct case_key *b, size_t field)
{
    int c = field == 1   ? strcmp(a->type_label, b->type_label)
            : field == 2 ? strcmp(a->hh_no, b->hh_no)
            : field == 3 ? strcmp(a->state_label, b->state_label)
            : field == 4 ? cmp_int(a->accepted_on, b->accepted_on)
            : field == 5 ? cmp_int(a->deadline, b->deadline)
                         : 0;
    return c ? c : cmp_int(a->id, b->id);
}
#define CASE_CMP(n)                                                                            \
    static int case_cmp_##n(const void *a, const void *b) { return case_cmp(a, b, n); }
CASE_CMP(0)
CASE_CMP(1)
CASE_CMP(2)
CASE_CMP(3)
CASE_CMP(4)
CASE_CMP(5)
static int (*const case_cmps[])(const void *, const void *) = {
    case_cmp_0, case_cmp_1, case_cmp_2, case_cmp_3, case_cmp_4, case_cmp_5};

struct case_keys {
    struct case_key *v;
    size_t n, cap;
};

/* The keys of the cases under prefixes that pass the filters (type, state,
 * flag: NULL for any). */
static int case_keys(struct http_req *req, const char *const *prefixes, int nprefix,
                     const char *type, const char *state, const char *flag,
                     struct case_keys *out, struct mz_err *err)
{
    struct db *db = reg_db(req->reg);
    int rc = 0;
    for (int i = 0; i < nprefix && rc == 0; i++) {
        int64_t *ids;
        size_t n;
        if (cs_case_ids(db, prefixes[i], flag != NULL, &ids, &n, err) < 0)
            return -1;
        for (size_t k = 0; k < n && rc == 0; k++) {
            struct case_row c;
            struct household_row h;
            struct http_case_summary sum;
            if (cs_case_get(db, ids[k], &c, err) <= 0 ||
                rs_household_get(db, c.household_id, &h, err) <= 0) {
                rc = -1;
                break;
            }
            http_case_summary(req, &c, &sum);
            if ((type && strcmp(type, c.type) != 0) || (state && strcmp(state, c.state) != 0) ||
                (flag && strcmp(flag, sum.flag) != 0))
                continue;
            if (mz_grow(&out->v, &out->cap, out->n + 1, sizeof *out->v) < 0) {
                rc = mz_fail(err, "out_of_memory", "内存不足");
                break;
            }
            struct case_key *key = &out->v[out->n++];
            *key = (struct case_key){c.id, c.household_id, sum.type_label, sum.state_label, "",
                                     c.accepted_on, c.deadline};
            snprintf(key->hh_no, sizeof key->hh_no, "%s", h.hh_no);
        }
        mz_free(ids);
    }
    return rc;
}

void h_cases(struct http_req *req, struct http_resp *resp)
{
    static const char *const flags[] = {"overdue", "due_soon", NULL};
    long page, per_page;
    const char *flag, *sort, *type = http_query(req, "type"), *state = http_query(req, "state");
    bool desc;
    if (!http_query_page(req, resp, &page, &per_page) ||
        !http_query_enum(req, resp, "flag", flags, &flag) ||
        !http_query_sort(req, resp, case_sorts, &sort, &desc))
        return;
    if (type && !proc_find(type)) {
        http_problem(resp, 400, "invalid_parameter", "参数 type 不是已知的申请类型", "type");
        return;
    }
    if (state && !state_known(type ? proc_find(type) : NULL, state)) {
        http_problem(resp, 400, "invalid_parameter", "参数 state 不是已知的案件状态", "state");
        return;
    }
    const char *prefixes[HTTP_SCOPE_MAX];
    int nprefix = http_scope_prefixes(req, NULL, prefixes);
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    struct case_keys keys = {0};
    int rc = case_keys(req, prefixes, nprefix, type, state, flag, &keys, &err);
    if (rc == 0 && sort && keys.n) {
        size_t field = 0;
        while (strcmp(case_sorts[field], sort) != 0)
            field++;
        qsort(keys.v, keys.n, sizeof *keys.v, case_cmps[field]);
    }
    /* by id unless asked otherwise; descending: the same order read backwards */
    json_t *items = json_array();
    long from = (page - 1) * per_page, total = (long)keys.n;
    for (long k = from; rc == 0 && k < total && k < from + per_page; k++) {
        const struct case_key *key = &keys.v[desc ? total - 1 - k : k];
        struct case_row c;
        struct household_row h;
        json_t *o = NULL;
        if (cs_case_get(db, key->id, &c, &err) <= 0 ||
            rs_household_get(db, key->household_id, &h, &err) <= 0 ||
            !(o = case_json(req, &c, &h, &err)) || json_array_append_new(items, o) < 0)
            rc = -1;
    }
    mz_free(keys.v);
    if (rc < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, http_page_json(items, page, per_page, total));
}

/* ---- one case --------------------------------------------------------- */

struct steps_ctx {
    const struct http_req *req;
    struct db *db;
    const struct procedure *p;
    json_t *items;
    struct mz_err *err;
    bool against_engine; /* a decision approved against the engine's verdict */
};

static int add_attachment(void *ctx, const struct attach_row *a)
{
    json_t *o = json_pack("{s:s, s:s, s:I}", "name", a->name, "sm3", a->sm3, "bytes",
                          (json_int_t)a->bytes);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

static int add_step(void *ctx, const struct step_row *s)
{
    struct steps_ctx *sc = ctx;
    const struct proc_state *to = proc_state(sc->p, s->to_state);
    json_t *atts = json_array();
    json_t *o = json_pack(
        "{s:s, s:s, s:s?, s:s, s:s, s:o, s:s, s:s, s:s?, s:s?, s:i, s:o}", "action", s->action,
        "action_label", proc_action_label(sc->p, s->action), "from_state",
        s->from_state[0] ? s->from_state : NULL, "to_state", s->to_state, "to_label",
        to ? to->label : s->to_state, "day", http_date_json(s->day), "at", s->at, "actor",
        s->actor, "reason", s->reason[0] ? s->reason : NULL, "note", s->note[0] ? s->note : NULL,
        "late_days", s->late_days, "attachments", atts);
    if (o) json_object_set_new(o, "actor_label", http_actor_label(sc->req, s->actor));
    if (!o || cs_attachments(sc->db, s->id, add_attachment, atts, sc->err) != 0) {
        json_decref(o);
        return o ? -1 : mz_fail(sc->err, "out_of_memory", "内存不足");
    }
    struct decision_row d = {0};
    int found = cs_decision_get(sc->db, s->id, &d, sc->err);
    if (found == 1) {
        sc->against_engine |= strcmp(d.outcome, "approve") == 0 && !d.engine_eligible;
        json_object_set_new(
            o, "decision",
            json_pack("{s:s, s:s, s:s, s:o, s:b, s:I, s:s, s:b}", "outcome", d.outcome,
                      "outcome_label", strcmp(d.outcome, "approve") == 0 ? "审核确认" : "不予确认",
                      "policy_version", d.policy_version, "as_of", http_date_json(d.as_of),
                      "engine_eligible", d.engine_eligible, "engine_amount_fen",
                      (json_int_t)d.engine_amount, "explanation", d.explanation, "against_engine",
                      strcmp(d.outcome, "approve") == 0 && !d.engine_eligible));
        mz_free(d.explanation);
    }
    if (found < 0 || json_array_append_new(sc->items, o) < 0)
        return -1;
    return 0;
}

/* The engine's verdict today while 审核确认 is next, or null: what the
 * decider sees before deciding ({"error"} when the household cannot be
 * evaluated, e.g. it has no members today). */
static json_t *assessment_json(const struct http_req *req, const struct case_row *c)
{
    if (!case_awaits_decision(c) || !req->policies)
        return json_null();
    struct case_env env = env_of(req);
    struct decision_row d;
    struct mz_err err = {0};
    if (case_assess(&env, c->id, date_today(), &d, &err) < 0)
        return json_pack("{s:s}", "error", err.msg);
    char amount[32];
    pay_yuan(d.engine_amount, amount);
    json_t *o = json_pack("{s:b, s:I, s:s, s:s, s:o, s:s, s:b}", "eligible", d.engine_eligible,
                          "amount_fen", (json_int_t)d.engine_amount, "amount_yuan", amount,
                          "policy_version", d.policy_version, "as_of", http_date_json(d.as_of),
                          "explanation", d.explanation, "approve_needs_reason", !d.engine_eligible);
    mz_free(d.explanation);
    return o;
}

/* The actions allowed now, each with whether the caller's role may take it. */
static json_t *actions_json(const struct http_req *req, const struct procedure *p,
                            const struct case_row *c)
{
    const struct proc_transition *next[32];
    size_t n = proc_next(p, c->state, case_needs_county_visit(c), next, 32);
    const char *mine = http_case_role(req);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct proc_transition *t = next[i];
        const char *role = proc_role_name(t->role);
        bool may = mine && (t->role == PROC_ROLE_ANY || strcmp(role, mine) == 0);
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:s?, s:b}", "action", t->action, "label",
                         t->label, "role", role, "role_label", proc_role_label(t->role),
                         "needs_reason", (t->flags & PF_REASON) != 0, "needs_attachment",
                         (t->flags & PF_ATTACH) != 0, "decision",
                         t->flags & PF_APPROVE  ? "approve"
                         : t->flags & PF_REJECT ? "reject"
                                                : NULL,
                         "allowed_for_me", may));
    }
    return a;
}

/* The warning the case was opened from, with its evidence, or null. */
static json_t *linked_warning(const struct http_req *req, struct db *db, int64_t case_id,
                              struct mz_err *err, int *rc)
{
    int64_t wid;
    *rc = ms_warning_of_case(db, case_id, &wid, err);
    if (*rc <= 0)
        return json_null();
    struct ms_warning *w = mz_malloc(sizeof *w);
    if (!w || ms_warning_get(db, wid, w, err) <= 0) {
        mz_free(w);
        *rc = -1;
        return NULL;
    }
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)w->id, "rule",
                          w->rule, "label", w->label, "state", w->state, "state_label",
                          mon_warning_state_label(w->state), "raised_on", w->raised_on,
                          "evidence", http_evidence(req, w->evidence, w->raised_by));
    mz_free(w);
    return o;
}

/* The contested decision and its reproduction if case_id is a contest
 * (异议, 行政复议), or null. */
static json_t *contest_json(struct db *db, int64_t case_id, struct mz_err *err, int *rc)
{
    struct contest_row k;
    *rc = cs_contest_get(db, case_id, &k, err);
    if (*rc <= 0)
        return json_null();
    char amount[32];
    pay_yuan(k.engine_amount, amount);
    json_t *o = json_pack("{s:I, s:s, s:b, s:s, s:b, s:s, s:s, s:s}", "of_case",
                          (json_int_t)k.of_case, "known_at", k.known_at, "matches", k.matches,
                          "differences", k.differences, "eligible", k.engine_eligible > 0,
                          "amount_yuan", amount, "policy_version", k.policy_version,
                          "explanation", k.explanation ? k.explanation : "");
    mz_free(k.explanation);
    return o;
}

/* Answers the case page of case id (after a change too). */
static void send_case(struct http_req *req, struct http_resp *resp, int64_t id, int status)
{
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    struct case_row c;
    struct household_row h;
    struct person_row ap;
    int found = case_visible(req, id, &c, &h, &err);
    if (found == 0) {
        char text[24];
        snprintf(text, sizeof text, "%" PRId64, id);
        http_not_found(resp, "案件", text);
        return;
    }
    const struct procedure *p = found > 0 ? proc_find(c.type) : NULL;
    json_t *o = found > 0 && p ? case_json(req, &c, &h, &err) : NULL;
    struct steps_ctx sc = {req, db, p, json_array(), &err, false};
    int rc = o ? 0 : -1;
    if (rc == 0 && (rs_person_get(db, c.applicant_id, &ap, &err) <= 0 ||
                    cs_steps(db, id, add_step, &sc, &err) != 0))
        rc = -1;
    json_t *warning = rc == 0 ? linked_warning(req, db, id, &err, &rc) : NULL;
    json_t *contest = rc >= 0 ? contest_json(db, id, &err, &rc) : NULL;
    json_t *assessment = rc >= 0 ? assessment_json(req, &c) : NULL;
    if (rc < 0) {
        json_decref(assessment);
        json_decref(o);
        json_decref(sc.items);
        json_decref(warning);
        json_decref(contest);
        http_problem_err(resp, &err);
        return;
    }
    json_object_set_new(o, "applicant",
                        json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c.applicant_id, "name",
                                  ap.name, "id_number_masked", ap.id_masked));
    json_object_set_new(o, "staff_relative", json_boolean(c.staff_relative));
    json_object_set_new(o, "spot_checked", c.spot_checked < 0 ? json_null()
                                                              : json_boolean(c.spot_checked));
    json_object_set_new(o, "extend_reason",
                        c.extend_reason[0] ? json_string(c.extend_reason) : json_null());
    json_object_set_new(o, "steps", sc.items);
    json_object_set_new(o, "actions", actions_json(req, p, &c));
    json_object_set_new(o, "warning", warning);
    json_object_set_new(o, "contest", contest);
    json_object_set_new(o, "assessment", assessment);
    json_object_set_new(o, "against_engine", json_boolean(sc.against_engine));
    struct application_row app;
    int has_app = cs_application_get(db, id, &app, &err);
    json_t *files = has_app >= 0 ? http_attachments_json(req, id, NULL, &err) : NULL;
    if (!files) {
        json_decref(o);
        http_problem_err(resp, &err);
        return;
    }
    json_object_set_new(o, "files", files);
    json_object_set_new(o, "application",
                        has_app ? json_pack("{s:s, s:s, s:o, s:s, s:s, s:s?}", "channel",
                                            app.channel, "channel_label",
                                            case_channel_label(app.channel), "applied_by_label",
                                            http_actor_label(req, app.applied_by),
                                            "consent_version", app.consent_version, "consent_at",
                                            app.consent_at, "consent_ref",
                                            app.consent_ref[0] ? app.consent_ref : NULL)
                                : json_null());
    http_send_json(resp, status, o);
}

void h_case(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    if (!http_parse_id(req->params[0], &id)) {
        http_not_found(resp, "案件", req->params[0]);
        return;
    }
    send_case(req, resp, id, 200);
}

/* ---- changes ---------------------------------------------------------- */

/* The application types a case may be opened as (not the contests, which
 * are opened against a decided case), with their Chinese names. */
void h_case_types(struct http_req *req, struct http_resp *resp)
{
    size_t n;
    const struct procedure *all = proc_all(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (!all[i].is_contest)
            json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "type", all[i].type, "label",
                                                   all[i].label, "one_off", all[i].is_one_off));
    http_send_json(resp, 200,
                   json_pack("{s:o, s:{s:s, s:s}}", "items", items, "consent", "version",
                             CASE_CONSENT_VERSION, "text", case_consent_text()));
}

void h_case_open(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"type", "household_no", "applicant_id_number", "note",
                                        "date", "consent_ref", NULL};
    const char *v[6];
    if (!http_may_write(req, resp))
        return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    struct mz_err err = {0};
    struct household_row h;
    mz_date day;
    char actor[80];
    http_actor(req, actor);
    int found = v[1] ? rs_household_by_no(reg_db(req->reg), v[1], &h, &err) : 1;
    if (!v[0] || !v[1]) {
        http_problem(resp, 422, "missing_field",
                     v[0] ? "缺少必填项：household_no（户编号）" : "缺少必填项：type（申请类型）",
                     v[0] ? "household_no" : "type");
    } else if (found < 0) {
        http_problem_err(resp, &err);
    } else if (!found || !http_in_scope(req, h.division)) {
        http_problem(resp, 404, "unknown_household", "该户编号的家庭不存在", "household_no");
    } else if (http_body_date(v[4], resp, &day)) {
        struct case_env env = env_of(req);
        /* 代办: a worker applies for the resident, whose consent to data
         * checks is the signed form named by consent_ref */
        struct case_application proxy = {"proxy", v[5]};
        struct case_open_in in = {.type = v[0], .household_no = v[1], .applicant = v[2],
                                  .actor = actor, .note = v[3], .day = day};
        int64_t id;
        if (case_apply(&env, &in, v[5] ? &proxy : NULL, 0, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            send_case(req, resp, id, 201);
    }
    json_decref(body);
}

/* The case of a change: parses the id and checks write access and scope;
 * false after a response. */
static bool case_for_change(struct http_req *req, struct http_resp *resp, int64_t *id)
{
    if (!http_may_write(req, resp))
        return false;
    struct case_row c;
    struct household_row h;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], id) ? case_visible(req, *id, &c, &h, &err) : 0;
    if (found < 0)
        http_problem_err(resp, &err);
    else if (found == 0)
        http_not_found(resp, "案件", req->params[0]);
    return found == 1;
}

void h_case_step(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"action", "reason", "note", "date", NULL};
    const char *v[4];
    int64_t id;
    json_t *body = NULL;
    if (!case_for_change(req, resp, &id) || !(body = http_body_strings(req, resp, names, v)))
        return;
    mz_date day;
    char actor[80];
    http_actor(req, actor);
    if (!v[0]) {
        http_problem(resp, 422, "missing_field", "缺少必填项：action（办理操作）", "action");
    } else if (http_body_date(v[3], resp, &day)) {
        struct case_env env = env_of(req);
        struct case_step_in in = {.action = v[0], .actor = actor, .reason = v[1], .note = v[2],
                                  .day = day, .role = http_case_role(req)};
        struct mz_err err = {0};
        if (case_step(&env, id, &in, &err) < 0)
            http_problem_err(resp, &err);
        else
            send_case(req, resp, id, 200);
    }
    json_decref(body);
}

void h_case_extend(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"reason", "date", NULL};
    const char *v[2];
    int64_t id;
    json_t *body = NULL;
    if (!case_for_change(req, resp, &id) || !(body = http_body_strings(req, resp, names, v)))
        return;
    mz_date day;
    char actor[80];
    http_actor(req, actor);
    if (http_body_date(v[1], resp, &day)) {
        struct case_env env = env_of(req);
        struct mz_err err = {0};
        if (case_extend(&env, id, actor, v[0], day, &err) < 0)
            http_problem_err(resp, &err);
        else
            send_case(req, resp, id, 200);
    }
    json_decref(body);
}

/* An objection (异议) or appeal (行政复议) against the decision of case id:
 * a new case linked to it, which reproduces the decision as it was made. */
void h_case_contest(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"type", "reason", "note", "date", NULL};
    const char *v[4];
    int64_t of;
    json_t *body = NULL;
    if (!case_for_change(req, resp, &of) || !(body = http_body_strings(req, resp, names, v)))
        return;
    mz_date day;
    char actor[80];
    http_actor(req, actor);
    if (!v[0] || !v[1]) {
        http_problem(resp, 422, "missing_field",
                     v[0] ? "缺少必填项：reason（理由）" : "缺少必填项：type（objection 异议 或 appeal 行政复议）",
                     v[0] ? "reason" : "type");
    } else if (http_body_date(v[3], resp, &day)) {
        struct case_env env = env_of(req);
        struct case_contest_in in = {.type = v[0], .of_case = of, .reason = v[1],
                                     .actor = actor, .note = v[2], .day = day};
        struct mz_err err = {0};
        int64_t id;
        if (case_contest_open(&env, &in, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            send_case(req, resp, id, 201);
    }
    json_decref(body);
}

/* ---- a case from a warning -------------------------------------------- */

void h_warning_case(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"type", "date", NULL};
    const char *v[2];
    if (!http_may_write(req, resp))
        return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    int64_t wid, case_id;
    struct mz_err err = {0};
    int visible = http_parse_id(req->params[0], &wid) ? http_warning_visible(req, wid, &err) : 0;
    mz_date day;
    char actor[80];
    http_actor(req, actor);
    if (visible < 0) {
        http_problem_err(resp, &err);
    } else if (!visible) {
        http_not_found(resp, "预警", req->params[0]);
    } else if (!v[0]) {
        http_problem(resp, 422, "missing_field", "缺少必填项：type（申请类型，如 dibao）", "type");
    } else if (http_body_date(v[1], resp, &day)) {
        struct case_env env = env_of(req);
        if (mon_warning_case(&env, wid, v[0], actor, http_user_name(req), day, &case_id, &err) <
            0)
            http_problem_err(resp, &err);
        else
            send_case(req, resp, case_id, 201);
    }
    json_decref(body);
}

/* ---- files ------------------------------------------------------------ */

void h_case_attach(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    char actor[80];
    if (!case_for_change(req, resp, &id))
        return;
    http_actor(req, actor);
    http_attach_upload(req, resp, id, actor);
}

void h_case_attach_get(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct case_row c;
    struct household_row h;
    struct mz_err err = {0};
    char actor[80];
    int found = http_parse_id(req->params[0], &id) ? case_visible(req, id, &c, &h, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
    } else if (found == 0) {
        http_not_found(resp, "案件", req->params[0]);
    } else {
        http_actor(req, actor);
        http_attach_download(req, resp, id, req->params[1], actor);
    }
}
