/* The route table and dispatch (match, UTF-8 check, session), and the
 * service endpoints: health, metrics, the OpenAPI document, login, logout
 * and the caller's own account. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/resident.h"
#include "base/mem.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "registry/registry.h"
#include "store/orgstore.h"
#include "store/providerstore.h"
#include "store/querystore.h"

#define COOKIE_ATTRS "Path=/; HttpOnly; SameSite=Strict"

static void h_healthz(struct http_req *req, struct http_resp *resp)
{
    (void)req;
    http_send_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}

static void h_metrics(struct http_req *req, struct http_resp *resp)
{
    (void)req;
    resp->body = http_metrics_render(&resp->len);
    if (!resp->body) {
        http_problem(resp, 500, "out_of_memory", "内存不足", NULL);
        return;
    }
    resp->status = 200;
    resp->type = "text/plain; version=0.0.4; charset=utf-8";
}

static void h_openapi(struct http_req *req, struct http_resp *resp)
{
    if (!req->openapi || !(resp->body = mz_strdup(req->openapi))) {
        http_problem(resp, 404, "not_found", "未找到 OpenAPI 文档 docs/openapi.json", NULL);
        return;
    }
    resp->status = 200;
    resp->len = strlen(resp->body);
    resp->type = "application/json; charset=utf-8";
}

static json_t *user_json(const struct http_req *req, const struct auth_user *u)
{
    struct provider_row p;
    struct mz_err err = {0};
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:b}", "name", u->name, "role",
                     auth_role_name(u->role), "role_label", auth_role_label(u->role), "division",
                     u->division, "division_name", http_division_name(req, u->division),
                     "can_write", auth_role_can_write(u->role), "sees_full",
                     auth_role_sees_full(u->role));
    /* an organization account: the organization it works for */
    struct org_row org;
    if (o && u->role == ROLE_ORG && u->org_id &&
        os_org_get(reg_db(req->reg), u->org_id, &org, &err) == 1)
        json_object_set_new(o, "org", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)org.id,
                                                "name", org.name, "kind", org.kind));
    /* a provider account: the provider it works for */
    if (o && u->role == ROLE_PROVIDER && u->provider_id &&
        pvs_provider_get(reg_db(req->reg), u->provider_id, &p, &err) == 1)
        json_object_set_new(o, "provider", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p.id,
                                                     "name", p.name, "kind", p.kind));
    return o;
}

void http_session_cookie(const struct http_req *req, struct http_resp *resp, const char *token)
{
    snprintf(resp->set_cookie, sizeof resp->set_cookie, "mz_session=%s; Max-Age=%d; %s%s",
             token ? token : "", token ? AUTH_SESSION_SECONDS : 0, COOKIE_ATTRS,
             req->https ? "; Secure" : "");
}

static void h_login(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"name", "password", "otp", NULL};
    const char *v[3];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX];
    struct auth_user u;
    if (!v[0] || !v[1]) {
        http_problem(resp, 422, "missing_field", v[0] ? "缺少必填项：password（密码）"
                                                       : "缺少必填项：name（账户名）",
                     v[0] ? "password" : "name");
    } else if (auth_login(req->reg, v[0], v[1], v[2], req->client, time(NULL), token, &u, &err) <
               0) {
        if (strcmp(err.code, "throttled") == 0)
            resp->retry_after = AUTH_THROTTLE_SECONDS;
        http_problem_err(resp, &err);
    } else {
        http_session_cookie(req, resp, token);
        http_send_json(resp, 200,
                       json_pack("{s:s, s:s, s:i, s:o}", "token", token, "token_type", "Bearer",
                                 "expires_in", AUTH_SESSION_SECONDS, "user", user_json(req, &u)));
    }
    json_decref(body);
}

const char *http_session_token(const struct http_req *req)
{
    const char *auth = http_header(req, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
        return auth + 7;
    return http_cookie(req, "mz_session");
}

static void h_logout(struct http_req *req, struct http_resp *resp)
{
    struct mz_err err = {0};
    if (auth_logout(req->reg, http_session_token(req), &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    http_session_cookie(req, resp, NULL);
    resp->status = 204;
}

static void h_me(struct http_req *req, struct http_resp *resp)
{
    http_send_json(resp, 200, user_json(req, req->user));
}

static const struct http_route routes[] = {
    {"GET", "/healthz", ROUTE_OPEN, h_healthz, false},
    {"GET", "/metrics", ROUTE_OPEN, h_metrics, false},
    {"GET", "/api/openapi.json", ROUTE_OPEN, h_openapi, false},
    {"POST", "/api/v1/login", ROUTE_OPEN, h_login, false},
    {"POST", "/api/v1/logout", ROUTE_SERVICE, h_logout, false},
    {"GET", "/api/v1/me", ROUTE_SERVICE, h_me, true},
    {"GET", "/api/v1/divisions/{code}", ROUTE_USER, h_division, true},
    {"GET", "/api/v1/households", ROUTE_USER, h_households, true},
    {"POST", "/api/v1/households", ROUTE_USER, h_household_put, false},
    {"GET", "/api/v1/households/{id}", ROUTE_USER, h_household, true},
    {"GET", "/api/v1/persons", ROUTE_USER, h_persons, true},
    {"POST", "/api/v1/persons", ROUTE_USER, h_person_put, false},
    {"GET", "/api/v1/persons/{id}", ROUTE_USER, h_person, false},
    {"GET", "/api/v1/persons/{id}/care", ROUTE_USER, h_person_care, true},
    {"GET", "/api/v1/care/assessment-form", ROUTE_USER, h_assessment_form, true},
    {"GET", "/api/v1/care/assessments", ROUTE_USER, h_assessments, true},
    {"POST", "/api/v1/care/assessments", ROUTE_USER, h_assessment_add, false},
    {"GET", "/api/v1/care/assessments/{id}", ROUTE_USER, h_assessment, true},
    {"POST", "/api/v1/facts", ROUTE_USER, h_fact_put, false},
    /* the bureau's daily work: warnings, cases, rolls, reviews, the work queue */
    {"GET", "/api/v1/warnings", ROUTE_USER, h_warnings, true},
    {"GET", "/api/v1/warnings/{id}", ROUTE_USER, h_warning, true},
    {"POST", "/api/v1/warnings/{id}/case", ROUTE_USER, h_warning_case, false},
    {"POST", "/api/v1/warnings/{id}/{action}", ROUTE_USER, h_warning_step, false},
    {"GET", "/api/v1/cases", ROUTE_USER, h_cases, true},
    {"GET", "/api/v1/case-types", ROUTE_USER, h_case_types, false},
    {"POST", "/api/v1/cases", ROUTE_USER, h_case_open, false},
    {"GET", "/api/v1/cases/{id}", ROUTE_USER, h_case, true},
    {"POST", "/api/v1/cases/{id}/steps", ROUTE_USER, h_case_step, false},
    {"POST", "/api/v1/cases/{id}/extend", ROUTE_USER, h_case_extend, false},
    {"POST", "/api/v1/cases/{id}/contest", ROUTE_USER, h_case_contest, false},
    {"GET", "/api/v1/rolls", ROUTE_USER, h_rolls, true},
    {"POST", "/api/v1/rolls", ROUTE_USER, h_roll_build, false},
    {"GET", "/api/v1/rolls/{id}", ROUTE_USER, h_roll, true},
    {"POST", "/api/v1/rolls/{id}/approve", ROUTE_USER, h_roll_approve, false},
    {"POST", "/api/v1/rolls/{id}/paid", ROUTE_USER, h_roll_paid, false},
    {"GET", "/api/v1/rolls/{id}/export", ROUTE_USER, h_roll_export, false},
    {"GET", "/api/v1/rolls/{id}/export.sig", ROUTE_USER, h_roll_export_sig, false},
    /* not snapshot reads: the reviews due are kept in memory between calls
     * (pay/revprofile.c), following the registry's change journal, which
     * takes a short write outside a read transaction */
    {"GET", "/api/v1/reviews", ROUTE_USER, h_reviews, false},
    {"POST", "/api/v1/reviews/{id}/done", ROUTE_USER, h_review_done, false},
    {"GET", "/api/v1/queue", ROUTE_USER, h_queue, false},
    /* department feeds: machine tokens only, each limited to its feeds (feeds_api.c) */
    {"POST", "/api/v1/feeds/{name}", ROUTE_MACHINE, h_feed_post, false},
    /* 专项救助 referrals: machine tokens granted a department (referrals_api.c) */
    {"GET", "/api/v1/referrals/{department}", ROUTE_MACHINE, h_referrals, false},
    {"POST", "/api/v1/referrals/{department}/answers", ROUTE_MACHINE, h_referral_answers, false},
    /* the web console: the public self-check, the managers' simulations and
     * dashboard, the household overview, then the built console's files */
    {"GET", "/api/v1/selfcheck", ROUTE_OPEN, h_selfcheck_form, true},
    {"POST", "/api/v1/selfcheck", ROUTE_OPEN, h_selfcheck, true},
    {"GET", "/api/v1/verify/{code}", ROUTE_OPEN, h_notice_verify, true},
    {"GET", "/api/v1/simulations", ROUTE_USER, h_simulation_params, true},
    {"POST", "/api/v1/simulations", ROUTE_USER, h_simulation, true},
    {"GET", "/api/v1/stats", ROUTE_USER, h_stats, true},
    {"GET", "/api/v1/supervision/summary", ROUTE_USER, h_supervision_summary, true},
    /* not a snapshot read: producing the report is audited */
    {"GET", "/api/v1/supervision/report.xlsx", ROUTE_USER, h_supervision_report, false},
    {"GET", "/api/v1/spotchecks", ROUTE_USER, h_spotchecks, true},
    {"GET", "/api/v1/spotchecks/{id}", ROUTE_USER, h_spotcheck, true},
    {"POST", "/api/v1/spotchecks/{id}/results", ROUTE_USER, h_spotcheck_result, false},
    {"GET", "/api/v1/households/{id}/overview", ROUTE_USER, h_household_overview, true},
    /* the programs of the policies (the roll form offers the monthly ones) */
    {"GET", "/api/v1/programs", ROUTE_USER, h_programs, true},
    {"GET", "/api/v1/children", ROUTE_SERVICE, h_children, true},
    {"GET", "/api/v1/children/{id}", ROUTE_SERVICE, h_child, false},
    {"POST", "/api/v1/children/{id}/visits", ROUTE_SERVICE, h_child_visit, false},
    {"GET", "/api/v1/rehab/referrals", ROUTE_USER, h_rehab_referrals, true},
    {"POST", "/api/v1/rehab/referrals", ROUTE_USER, h_rehab_refer, false},
    {"POST", "/api/v1/rehab/referrals/{id}/progress", ROUTE_USER, h_rehab_progress, false},
    {"POST", "/api/v1/persons/{id}/disability-consent", ROUTE_USER, h_disability_consent, false},
    /* 免申即享 (autogrant_api.c): the street's list, consents, confirmation */
    {"GET", "/api/v1/autogrant/findings", ROUTE_USER, h_autogrant_findings, true},
    {"POST", "/api/v1/autogrant/findings/{id}/confirm", ROUTE_USER, h_autogrant_confirm, false},
    {"POST", "/api/v1/autogrant/findings/{id}/refuse", ROUTE_USER, h_autogrant_refuse, false},
    {"POST", "/api/v1/persons/{id}/autogrant-consent", ROUTE_USER, h_autogrant_consent, false},
    {"GET", "/api/v1/disability/consents", ROUTE_USER, h_disability_consents, true},
    {"GET", "/api/v1/tuoyang", ROUTE_USER, h_tuoyang_list, true},
    {"POST", "/api/v1/tuoyang", ROUTE_USER, h_tuoyang_place, false},
    {"POST", "/api/v1/tuoyang/{id}/end", ROUTE_USER, h_tuoyang_end, false},
    /* child-welfare institutions: staff and institution accounts */
    {"GET", "/api/v1/child-institutions", ROUTE_INSTITUTION, h_institutions, true},
    {"POST", "/api/v1/child-institutions", ROUTE_INSTITUTION, h_institution_add, false},
    {"GET", "/api/v1/child-institutions/{id}", ROUTE_INSTITUTION, h_institution, true},
    {"POST", "/api/v1/child-institutions/{id}/placements", ROUTE_INSTITUTION, h_institution_admit,
     false},
    {"GET", "/api/v1/child-placements/{id}", ROUTE_INSTITUTION, h_placements, false},
    {"POST", "/api/v1/child-placements/{id}/move", ROUTE_INSTITUTION, h_placement_move, false},
    {"POST", "/api/v1/child-placements/{id}/leave", ROUTE_INSTITUTION, h_placement_leave, false},
    {"POST", "/api/v1/child-placements/{id}/services", ROUTE_INSTITUTION, h_placement_service,
     false},
    {"GET", "/api/v1/visits/schedule", ROUTE_USER, h_visit_schedule, true},
    {"POST", "/api/v1/visits", ROUTE_USER, h_visit_record, false},
    {"GET", "/api/v1/visits", ROUTE_USER, h_visits, true},
    {"GET", "/api/v1/alarms", ROUTE_SERVICE, h_alarms, false},
    {"POST", "/api/v1/alarms/{id}/{action}", ROUTE_SERVICE, h_alarm_step, false},
    {"POST", "/api/v1/devices/events", ROUTE_MACHINE, h_device_events, false},
    {"GET", "/api/v1/volunteers", ROUTE_USER, h_volunteers, true},
    {"POST", "/api/v1/volunteers/match", ROUTE_USER, h_volunteer_match, false},
    /* case files: upload (multipart/form-data) and download (attach_api.c) */
    {"POST", "/api/v1/cases/{id}/attachments", ROUTE_USER, h_case_attach, false},
    {"GET", "/api/v1/cases/{id}/attachments/{aid}", ROUTE_USER, h_case_attach_get, false},
    /* 渝悦救助通, the residents' portal (portal_api.c): sign-in by code, then
     * only the resident's own household */
    {"POST", "/api/v1/portal/code", ROUTE_OPEN, h_portal_code, false},
    {"POST", "/api/v1/portal/login", ROUTE_OPEN, h_portal_login, false},
    {"POST", "/api/v1/portal/logout", ROUTE_RESIDENT, h_portal_logout, false},
    {"GET", "/api/v1/portal/me", ROUTE_RESIDENT, h_portal_me, true},
    {"GET", "/api/v1/portal/programs", ROUTE_RESIDENT, h_portal_programs, true},
    {"GET", "/api/v1/portal/cases", ROUTE_RESIDENT, h_portal_cases, true},
    {"POST", "/api/v1/portal/cases", ROUTE_RESIDENT, h_portal_apply, false},
    {"GET", "/api/v1/portal/cases/{id}", ROUTE_RESIDENT, h_portal_case, true},
    {"POST", "/api/v1/portal/cases/{id}/attachments", ROUTE_RESIDENT, h_portal_attach, false},
    {"GET", "/api/v1/portal/cases/{id}/attachments/{aid}", ROUTE_RESIDENT, h_portal_attach_get, false},
    {"POST", "/api/v1/portal/cases/{id}/objection", ROUTE_RESIDENT, h_portal_objection, false},
    {"GET", "/api/v1/portal/autogrant", ROUTE_RESIDENT, h_portal_autogrant, true},
    {"POST", "/api/v1/portal/autogrant/consent", ROUTE_RESIDENT, h_portal_autogrant_consent, false},
    {"GET", "/api/v1/portal/notices/{code}", ROUTE_RESIDENT, h_portal_notice_pdf, false},
    /* elderly care: the provider network, home-service orders and their
     * settlement, meals (providers_api.c, orders_api.c, meals_api.c);
     * provider accounts reach the ROUTE_SERVICE ones, for their provider */
    {"GET", "/api/v1/providers", ROUTE_SERVICE, h_providers, true},
    {"POST", "/api/v1/providers", ROUTE_USER, h_provider_put, false},
    {"GET", "/api/v1/providers/{id}", ROUTE_SERVICE, h_provider, true},
    {"POST", "/api/v1/providers/{id}/services", ROUTE_SERVICE, h_provider_service, false},
    {"POST", "/api/v1/providers/{id}/workers", ROUTE_SERVICE, h_provider_worker, false},
    {"POST", "/api/v1/providers/{id}/close", ROUTE_USER, h_provider_close, false},
    {"GET", "/api/v1/providers/{id}/clients", ROUTE_SERVICE, h_provider_clients, true},
    {"GET", "/api/v1/orders", ROUTE_SERVICE, h_orders, true},
    {"POST", "/api/v1/orders", ROUTE_USER, h_order_place, false},
    {"GET", "/api/v1/orders/{id}", ROUTE_SERVICE, h_order, true},
    {"POST", "/api/v1/orders/{id}/{action}", ROUTE_SERVICE, h_order_step, false},
    {"GET", "/api/v1/settlements", ROUTE_USER, h_settlements, true},
    {"POST", "/api/v1/settlements", ROUTE_USER, h_settle, false},
    {"GET", "/api/v1/settlements/{id}", ROUTE_USER, h_settlement, true},
    {"GET", "/api/v1/meals", ROUTE_SERVICE, h_meals, true},
    {"POST", "/api/v1/meals", ROUTE_SERVICE, h_meal_record, false},
    {"GET", "/api/v1/meal-rejects", ROUTE_SERVICE, h_meal_rejects, true},
    {"POST", "/api/v1/canteens/{id}/costs", ROUTE_SERVICE, h_canteen_cost, false},
    {"GET", "/api/v1/canteens/{id}/report", ROUTE_SERVICE, h_canteen_report, true},
    {"GET", "/api/v1/meal-coverage", ROUTE_USER, h_meal_coverage, true},
    /* social organizations and charity (orgs_api.c, charity_api.c):
     * organization accounts reach the ROUTE_ORG ones, for their own
     * organization; the public query needs no account */
    {"GET", "/api/v1/public/orgs", ROUTE_OPEN, h_public_orgs, true},
    {"GET", "/api/v1/orgs", ROUTE_ORG, h_orgs, true},
    {"POST", "/api/v1/orgs", ROUTE_USER, h_org_apply, false},
    {"GET", "/api/v1/orgs/{id}", ROUTE_ORG, h_org, true},
    {"POST", "/api/v1/orgs/{id}/reports", ROUTE_ORG, h_org_report, false},
    {"POST", "/api/v1/orgs/{id}/reports/{year}", ROUTE_USER, h_org_review, false},
    {"POST", "/api/v1/orgs/{id}/{action}", ROUTE_USER, h_org_step, false},
    {"GET", "/api/v1/org-reports", ROUTE_USER, h_org_reports, true},
    {"GET", "/api/v1/credit-entries", ROUTE_USER, h_credit_entries, true},
    {"POST", "/api/v1/credit-entries/{id}/{action}", ROUTE_USER, h_credit_step, false},
    {"GET", "/api/v1/campaigns", ROUTE_ORG, h_campaigns, true},
    {"POST", "/api/v1/campaigns", ROUTE_ORG, h_campaign_file, false},
    {"GET", "/api/v1/campaigns/{id}", ROUTE_ORG, h_campaign, true},
    {"POST", "/api/v1/campaigns/{id}/{action}", ROUTE_ORG, h_campaign_step, false},
    {"GET", "/api/v1/charity-projects", ROUTE_ORG, h_charity_projects, true},
    {"POST", "/api/v1/charity-projects", ROUTE_ORG, h_charity_project_add, false},
    {"GET", "/api/v1/charity-referrals", ROUTE_ORG, h_charity_referrals, true},
    {"POST", "/api/v1/charity-referrals", ROUTE_USER, h_charity_offer, false},
    {"POST", "/api/v1/charity-referrals/{id}/{action}", ROUTE_ORG, h_charity_referral_step, false},
    {"GET", "/api/v1/charity-points", ROUTE_ORG, h_charity_points, true},
    {"POST", "/api/v1/charity-points", ROUTE_USER, h_charity_point_add, false},
    /* place names and division changes (placename_api.c): the public
     * search needs no account */
    {"GET", "/api/v1/public/placenames", ROUTE_OPEN, h_public_placenames, true},
    {"GET", "/api/v1/public/romanize", ROUTE_OPEN, h_public_romanize, false},
    {"GET", "/api/v1/placename-classes", ROUTE_OPEN, h_placename_classes, false},
    {"GET", "/api/v1/placenames", ROUTE_USER, h_placenames, true},
    {"POST", "/api/v1/placenames", ROUTE_USER, h_placename_add, false},
    {"GET", "/api/v1/placenames/{id}", ROUTE_USER, h_placename, true},
    {"GET", "/api/v1/placename-cases", ROUTE_USER, h_placename_cases, true},
    {"POST", "/api/v1/placename-cases", ROUTE_USER, h_placename_case_open, false},
    {"GET", "/api/v1/placename-cases/{id}", ROUTE_USER, h_placename_case, true},
    {"POST", "/api/v1/placename-cases/{id}/{action}", ROUTE_USER, h_placename_case_step, false},
    {"GET", "/api/v1/division-events", ROUTE_USER, h_division_events, true},
    {"POST", "/api/v1/division-events", ROUTE_USER, h_division_event_add, false},
    {"GET", "/api/v1/division-report", ROUTE_USER, h_division_report, true},
    /* 婚姻登记 (marriage_api.c): in the scope of the registration office */
    {"GET", "/api/v1/marriages", ROUTE_USER, h_marriages, true},
    {"POST", "/api/v1/marriages", ROUTE_USER, h_marriage_register, false},
    {"GET", "/api/v1/marriages/{id}", ROUTE_USER, h_marriage, true},
    {"POST", "/api/v1/marriages/{id}/replacements", ROUTE_USER, h_marriage_replace, false},
    {"GET", "/api/v1/marriage-status", ROUTE_USER, h_marriage_status, true},
    {"GET", "/api/v1/marriage-refusals", ROUTE_USER, h_marriage_refusals, true},
    {"GET", "/api/v1/divorces", ROUTE_USER, h_divorces, true},
    {"POST", "/api/v1/divorces", ROUTE_USER, h_divorce_apply, false},
    {"GET", "/api/v1/divorces/{id}", ROUTE_USER, h_divorce, true},
    {"POST", "/api/v1/divorces/{id}/{action}", ROUTE_USER, h_divorce_step, false},
    {"GET", "/api/v1/divorce-timeline", ROUTE_USER, h_divorce_timeline, true},
    {"GET", "/api/v1/marriage-appointments", ROUTE_USER, h_appointments, true},
    {"POST", "/api/v1/marriage-appointments", ROUTE_USER, h_appointment_book, false},
    {"POST", "/api/v1/marriage-appointments/{id}/cancel", ROUTE_USER, h_appointment_cancel, false},
    {"GET", "/api/v1/hukou-moves", ROUTE_USER, h_hukou_moves, true},
    {"GET", "/api/v1/hukou-moves/{id}/message", ROUTE_USER, h_hukou_message, false},
    {"POST", "/api/v1/hukou-moves/{id}/{action}", ROUTE_USER, h_hukou_step, false},
    /* 殡葬 (funeral_api.c): deaths in the scope of the household, facilities
     * in theirs */
    {"GET", "/api/v1/deaths", ROUTE_USER, h_deaths, true},
    {"POST", "/api/v1/deaths", ROUTE_USER, h_death_register, false},
    {"GET", "/api/v1/deaths/{id}", ROUTE_USER, h_death, true},
    {"GET", "/api/v1/funeral/facilities", ROUTE_USER, h_facilities, true},
    {"POST", "/api/v1/funeral/facilities", ROUTE_USER, h_facility_put, false},
    {"GET", "/api/v1/funeral/facilities/{id}", ROUTE_USER, h_facility, true},
    {"POST", "/api/v1/funeral/facilities/{id}/prices", ROUTE_USER, h_facility_price, false},
    {"POST", "/api/v1/funeral/facilities/{id}/complaints", ROUTE_USER, h_facility_complaint, false},
    {"GET", "/api/v1/funeral/complaints", ROUTE_USER, h_complaints, true},
    {"POST", "/api/v1/funeral/complaints/{id}/close", ROUTE_USER, h_complaint_close, false},
    {"POST", "/api/v1/funeral/cremations", ROUTE_USER, h_cremation, false},
    {"POST", "/api/v1/funeral/placements", ROUTE_USER, h_placement, false},
    {"GET", "/api/v1/funeral/records", ROUTE_USER, h_burials, true},
    /* 三权分立: each administrator's own routes (admin_api.c) */
    {"GET", "/api/v1/admin/accounts", ROUTE_SYS_ADMIN, h_admin_accounts, false},
    {"POST", "/api/v1/admin/accounts", ROUTE_SYS_ADMIN, h_admin_account_add, false},
    {"POST", "/api/v1/admin/accounts/{name}/{action}", ROUTE_SYS_ADMIN, h_admin_account_step,
     false},
    {"GET", "/api/v1/security/accounts", ROUTE_SEC_ADMIN, h_security_accounts, false},
    {"POST", "/api/v1/security/accounts/{name}/{action}", ROUTE_SEC_ADMIN, h_security_step, false},
    {"GET", "/api/v1/security/events", ROUTE_SEC_ADMIN, h_security_events, false},
    {"GET", "/api/v1/audit/log", ROUTE_AUDIT_ADMIN, h_audit_log, false},
    {"GET", "/api/v1/audit/verify", ROUTE_AUDIT_ADMIN, h_audit_verify, false},
    {"GET", "/", ROUTE_OPEN, h_static, false},
    {"GET", "/assets/{file}", ROUTE_OPEN, h_static, false},
};

const struct http_route *http_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}

/* Whether path fits pattern segment by segment; "{x}" takes one non-empty
 * segment (into params, in order). */
static bool match(const char *pattern, const char *path, char params[2][40])
{
    int np = 0;
    while (*pattern && *path) {
        if (*pattern == '{') {
            size_t n = strcspn(path, "/");
            if (n == 0 || n >= sizeof params[0] || np == 2)
                return false;
            snprintf(params[np++], sizeof params[0], "%.*s", (int)n, path);
            path += n;
            pattern = strchr(pattern, '}') + 1;
        } else if (*pattern++ != *path++) {
            return false;
        }
    }
    return *pattern == '\0' && *path == '\0';
}

/* 三权分立: an administrator reaches only its own routes (and /me,
 * /logout), no business data at all; no one else reaches them. 0, or -1
 * after the 403 problem. */
static int admin_refused(struct http_resp *resp, const struct http_route *route,
                         const struct auth_user *user)
{
    static const enum http_auth own[ROLE_COUNT] = {[ROLE_SYS_ADMIN] = ROUTE_SYS_ADMIN,
                                                   [ROLE_SEC_ADMIN] = ROUTE_SEC_ADMIN,
                                                   [ROLE_AUDIT_ADMIN] = ROUTE_AUDIT_ADMIN};
    static const char *const pages[ROLE_COUNT] = {[ROLE_SYS_ADMIN] = "账号管理",
                                                  [ROLE_SEC_ADMIN] = "安全管理",
                                                  [ROLE_AUDIT_ADMIN] = "审计日志"};
    bool admin_route = route->auth == ROUTE_SYS_ADMIN || route->auth == ROUTE_SEC_ADMIN ||
                       route->auth == ROUTE_AUDIT_ADMIN;
    char detail[240];
    if (auth_role_is_admin(user->role) && route->auth != own[user->role] &&
        route->handle != h_me && route->handle != h_logout) {
        snprintf(detail, sizeof detail,
                 "三权分立：%s没有业务权限，不能查看或办理业务数据，只能使用“%s”",
                 auth_role_label(user->role), pages[user->role]);
        http_problem(resp, 403, "forbidden_role", detail, NULL);
        return -1;
    }
    if (admin_route && route->auth != own[user->role]) {
        snprintf(detail, sizeof detail, "三权分立：此功能只供%s使用",
                 auth_role_label(route->auth == ROUTE_SYS_ADMIN   ? ROLE_SYS_ADMIN
                                 : route->auth == ROUTE_SEC_ADMIN ? ROLE_SEC_ADMIN
                                                                  : ROLE_AUDIT_ADMIN));
        http_problem(resp, 403, "forbidden_role", detail, NULL);
        return -1;
    }
    return 0;
}

/* Looks up the session of a route that needs one (401 without) and runs
 * the handler; writers queue for the write lock. */
/* The caller of a route: the machine token of a machine route, the
 * session of a route that needs a user (401 without either). Sets the
 * audit actor. 0, or -1 after sending the problem. */
static int authenticate(struct http_req *req, struct http_resp *resp,
                        const struct http_route *route, struct auth_user *user,
                        struct auth_machine *machine, struct auth_resident *resident)
{
    if (route->auth == ROUTE_OPEN)
        return 0;
    struct mz_err err = {0};
    const char *token = http_session_token(req);
    char actor[80];
    int found;
    if (route->auth == ROUTE_RESIDENT) {
        found = token ? auth_resident_session(req->reg, token, time(NULL), resident, &err) : 0;
        if (found < 0)
            http_problem_err(resp, &err);
        else if (!found)
            http_problem(resp, 401, "unauthenticated", "请先以居民身份登录（会话不存在或已过期）",
                         NULL);
        if (found <= 0)
            return -1;
        req->resident = resident;
        reg_set_actor(req->reg, resident->actor);
        snprintf(req->actor, sizeof req->actor, "%s", resident->actor);
        return 0;
    }
    if (route->auth == ROUTE_MACHINE) {
        const char *auth = http_header(req, "Authorization");
        token = auth && strncasecmp(auth, "Bearer ", 7) == 0 ? auth + 7 : NULL;
        found = token ? auth_machine_find(req->reg, token, machine, &err) : 0;
        snprintf(actor, sizeof actor, "machine:%s", machine->name);
        req->machine = machine;
    } else {
        found = token ? auth_session_user(req->reg, token, time(NULL), user, &err) : 0;
        snprintf(actor, sizeof actor, "user:%s", user->name);
        req->user = user;
    }
    if (found > 0 && admin_refused(resp, route, user) < 0)
        return -1;
    if (found > 0 && user->role == ROLE_ORG && route->auth != ROUTE_ORG &&
        route->handle != h_me && route->handle != h_logout) {
        http_problem(resp, 403, "forbidden_role",
                     "社会组织账户只能办理本组织的事项（登记信息、年报、募捐、转介），不能查看其他数据",
                     NULL);
        return -1;
    }
    if (found > 0 && user->role == ROLE_CHILD_INSTITUTION && route->auth != ROUTE_INSTITUTION &&
        route->handle != h_me && route->handle != h_logout) {
        http_problem(resp, 403, "forbidden_role",
                     "儿童福利机构账户只能办理本机构安置儿童的事项，不能查看其他数据", NULL);
        return -1;
    }
    if (found > 0 && (route->auth == ROUTE_USER || route->auth == ROUTE_ORG) &&
        user->role == ROLE_PROVIDER) {
        http_problem(resp, 403, "forbidden_role",
                     "服务机构账户只能办理本机构的养老服务（服务对象、订单、助餐），不能查看其他数据",
                     NULL);
        return -1;
    }
    if (found > 0 && route->auth == ROUTE_USER &&
        (user->role == ROLE_CHILD_DIRECTOR || user->role == ROLE_CHILD_SUPERVISOR)) {
        http_problem(resp, 403, "forbidden_role",
                     "儿童主任、儿童督导员账户只能办理本辖区的儿童福利工作，不能查看其他数据", NULL);
        return -1;
    }
    if (found < 0)
        http_problem_err(resp, &err);
    else if (!found && route->auth == ROUTE_MACHINE)
        http_problem(resp, 401, "unauthenticated",
                     "须用机器令牌（Authorization: Bearer …）推送数据源，令牌不存在或已吊销", NULL);
    else if (!found && token && auth_resident_session(req->reg, token, time(NULL), resident,
                                                      &err) == 1)
        http_problem(resp, 403, "resident_forbidden",
                     "居民账户只能使用渝悦救助通（本户的申请和办理进度），不能使用工作人员功能",
                     NULL);
    else if (!found)
        http_problem(resp, 401, "unauthenticated", "请先登录（会话不存在或已过期）", NULL);
    if (found <= 0)
        return -1;
    reg_set_actor(req->reg, actor);
    snprintf(req->actor, sizeof req->actor, "%s", actor);
    return 0;
}

static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;

void http_write_lock(void)
{
    pthread_mutex_lock(&writer);
}

void http_write_unlock(void)
{
    pthread_mutex_unlock(&writer);
}

/* Authenticates and runs the handler; writers queue for the write lock.
 * Returns whether the staff session's use is to be recorded (after the
 * request's read transaction). */
static bool authenticate_and_run(struct http_req *req, struct http_resp *resp,
                                 const struct http_route *route)
{
    struct auth_user user = {0};
    struct auth_machine machine = {0};
    struct auth_resident resident = {0};
    if (authenticate(req, resp, route, &user, &machine, &resident) < 0) {
        req->user = NULL;
        req->machine = NULL;
        req->resident = NULL;
        return false;
    }
    /* Writers queue here rather than in SQLite's busy handler, whose
     * sleeps would add milliseconds to every contended write. Logins and
     * POSTs that only read (snapshot routes) stay out: a login's scrypt
     * runs outside any transaction. */
    bool writes = strcmp(req->method, "POST") == 0 && !route->snapshot && route->handle != h_login &&
                  route->handle != h_portal_code && route->handle != h_portal_login;
    /* A roll build computes without the lock and takes it to write. */
    bool locks = writes && route->handle != h_roll_build;
    /* The auditor reads everything in scope and changes nothing, on every
     * route that writes, whatever the handler checks (等保 三权分立). */
    if (writes && req->user &&
        (req->user->role == ROLE_AUDITOR || req->user->role == ROLE_AUDIT_ADMIN) &&
        route->handle != h_logout) {
        http_problem(resp, 403, "read_only",
                     req->user->role == ROLE_AUDITOR
                         ? "审计账户只能查看，不能新增或修改任何数据"
                         : "审计管理员只能查看审计日志，不能新增或修改任何数据",
                     NULL);
        req->user = NULL;
        return false;
    }
    if (locks)
        http_write_lock();
    route->handle(req, resp);
    if (locks)
        http_write_unlock();
    req->user = NULL;
    req->machine = NULL;
    req->resident = NULL;
    return user.touch_due;
}

size_t http_body_limit(const char *method, const char *path, size_t def)
{
    char params[2][40];
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if ((routes[i].handle == h_case_attach || routes[i].handle == h_portal_attach) &&
            strcmp(routes[i].method, method) == 0 && match(routes[i].pattern, path, params))
            return HTTP_UPLOAD_MAX;
    return def;
}

int http_dispatch(struct http_req *req, struct http_resp *resp)
{
    reg_set_actor(req->reg, "anonymous");
    if (!http_args_utf8(req)) {
        http_problem(resp, 400, "invalid_utf8", "地址或查询参数不是合法的 UTF-8 文本", NULL);
        return -1;
    }
    int route = -1;
    bool path_known = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0] && route < 0; i++) {
        if (!match(routes[i].pattern, req->path, req->params))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, req->method) == 0)
            route = (int)i;
    }
    if (route < 0) {
        if (path_known)
            http_problem(resp, 405, "method_not_allowed", "此地址不支持该请求方法", NULL);
        else
            http_problem(resp, 404, "not_found", "没有这个接口", NULL);
        return -1;
    }
    struct mz_err err = {0};
    if (routes[route].snapshot && db_read_begin(reg_db(req->reg), &err) < 0) {
        db_read_end(reg_db(req->reg));
        http_problem_err(resp, &err);
        return route;
    }
    bool touch = authenticate_and_run(req, resp, &routes[route]);
    if (routes[route].snapshot)
        db_read_end(reg_db(req->reg));
    if (touch && http_session_token(req)) /* a lost touch only shortens the session */
        auth_session_touch(req->reg, http_session_token(req), time(NULL), &err);
    return route;
}
