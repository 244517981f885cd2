/* The household page's second half (GET /api/v1/households/{id}/overview):
 * every recorded fact of the household and its members as a timeline with
 * its source, each program's decision today with the engine's explanation
 * (a one-household snapshot of the registry, the policy set compiled at
 * start), its cases and its payment lines. Out of scope answers as missing. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cases/procinfo.h"
#include "charity/assist.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "monitor/monitor.h"
#include "policy/snapload.h"
#include "referral/referral.h"
#include "registry/registry.h"
#include "store/querystore.h"

#define TIMELINE_MAX 300
#define PAYMENTS_MAX 120

static int add_fact(void *ctx, const struct qs_timeline_row *r)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "entity", r->entity, "person",
                          r->person, "variable", r->variable, "value", r->value, "effective",
                          r->effective, "source", r->source, "recorded_at", r->recorded_at);
    if (o) http_fact_labels(o, r->variable);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

static json_t *opt_date(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

static int add_case(void *ctx, const struct qs_case_row *r)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id",
                          (json_int_t)r->id, "type", r->type, "type_label",
                          proc_type_label(r->type), "state", r->state, "state_label",
                          proc_state_label(r->type, r->state), "opened_on", r->opened_on,
                          "accepted_on", opt_date(r->accepted_on), "deadline",
                          opt_date(r->deadline), "state_due", opt_date(r->state_due),
                          "closed_on", opt_date(r->closed_on));
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

struct payments {
    const struct http_req *req;
    json_t *items;
};

static int add_payment(void *ctx, const struct qs_payment_row *r)
{
    struct payments *l = ctx;
    static const char *const kinds[][2] = {{"regular", "当月"}, {"arrears", "补发"},
                                           {"recovery", "追缴"}};
    const char *kind = r->kind;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i][0], r->kind) == 0)
            kind = kinds[i][1];
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:s}", "month", r->month,
                          "program", r->program, "program_label",
                          http_program_label(l->req, r->program), "roll_state",
                          r->roll_state, "origin_month", r->origin_month, "kind", kind, "amount",
                          (double)r->amount / 100.0, "person", r->person);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

/* Each program's decision today; [] when the policies are not loaded or
 * the household has no members today. */
static int eligibility(struct http_req *req, int64_t id, json_t *out, struct mz_err *err)
{
    const struct pol_set *set = req->policies;
    if (!set)
        return 0;
    mz_date today = date_today();
    struct snap_request sr = {.as_of = today, .household_id = id};
    int64_t *person_ids = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(req->reg), set, &sr, &person_ids, err);
    int rc = snap ? 0 : -1;
    for (int p = 0; rc == 0 && snap->nhouseholds == 1 && p < pol_program_count(set); p++) {
        struct pol_explanation *ex = pol_explain(set, snap, 0, p, today, err);
        if (!ex) {
            rc = -1;
            break;
        }
        json_array_append_new(out, http_program_json(set, snap, ex, p, person_ids));
        pol_explanation_free(ex);
    }
    pol_snapshot_free(snap);
    mz_free(person_ids);
    return rc;
}

/* A 专项救助 referral of the household and the department's answer. */
static int add_referral(void *ctx, const struct referral_row *r)
{
    const struct ref_department *d = ref_department(r->department);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)r->id,
        "department", r->department, "department_label", d ? d->label : r->department, "service",
        d ? d->service : "", "basis", r->basis, "whole_household", r->person_id == 0, "reason",
        r->reason, "exported_at", r->exported_at[0] ? r->exported_at : NULL, "answer",
        r->answer[0] ? r->answer : NULL, "answer_note", r->answer_note[0] ? r->answer_note : NULL,
        "answered_at", r->answered_at[0] ? r->answered_at : NULL);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

static const char *chain_label(void *ctx, const char *program)
{
    return http_program_label(ctx, program);
}

/* 一户一链: government payments and referrals with charity referrals and
 * help, in date order (charity/assist.h). */
static int add_chain(struct http_req *req, int64_t id, json_t *out, struct mz_err *err)
{
    struct mon_env env = {req->reg, req->policies, req->cal};
    struct assist_link *links;
    size_t n;
    if (assist_chain(&env, id, chain_label, req, &links, &n, err) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            out, json_pack("{s:s, s:s, s:s, s:s, s:f, s:s}", "on", links[i].on, "source",
                           links[i].source, "by", links[i].by, "what", links[i].what, "amount",
                           (double)links[i].amount / 100.0, "state", links[i].state));
    mz_free(links);
    return 0;
}

void h_household_overview(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct household_row h;
    struct mz_err err = {0};
    struct db *db = reg_db(req->reg);
    int found = http_parse_id(req->params[0], &id) ? rs_household_get(db, id, &h, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found || !http_in_scope(req, h.division)) {
        char detail[80];
        snprintf(detail, sizeof detail, "家庭 %.20s 不存在", req->params[0]);
        http_problem(resp, 404, "not_found", detail, NULL);
        return;
    }
    json_t *timeline = json_array(), *programs = json_array(), *cases = json_array();
    json_t *referrals = json_array(), *chain = json_array();
    struct payments pay = {req, json_array()};
    if (qs_household_timeline(db, id, TIMELINE_MAX, add_fact, timeline, &err) != 0 ||
        eligibility(req, id, programs, &err) < 0 ||
        qs_household_cases(db, id, add_case, cases, &err) != 0 ||
        qs_household_payments(db, id, PAYMENTS_MAX, add_payment, &pay, &err) != 0 ||
        rs_referrals_of_household(db, id, add_referral, referrals, &err) != 0 ||
        add_chain(req, id, chain, &err) < 0) {
        json_decref(chain);
        json_decref(referrals);
        json_decref(timeline);
        json_decref(programs);
        json_decref(cases);
        json_decref(pay.items);
        http_problem_err(resp, &err);
        return;
    }
    char day[11];
    date_format(date_today(), day);
    http_send_json(resp, 200,
                   json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)id,
                             "as_of", day, "timeline", timeline, "programs", programs, "cases",
                             cases, "payments", pay.items, "referrals", referrals, "chain", chain));
}
