/* The route handlers (http-internal): routes.c holds the table, the
 * service endpoints and accounts; records.c the registry records;
 * static.c the web UI's files; warnings_api.c, cases_api.c, rolls_api.c
 * and queue_api.c the bureau's daily work; feeds_api.c the department
 * feeds (machine tokens); selfcheck.c the resident self-check;
 * simulate.c policy simulations; stats.c the managers' dashboard;
 * overview.c the household page's timeline, decisions, cases and payments;
 * programs_api.c the programs of the policies;
 * eligibility.c a program's decision as JSON; tables.c tables as JSON or
 * XLSX; verify_api.c the public verification of notices. */
#ifndef MZ_HTTP_HANDLERS_H
#define MZ_HTTP_HANDLERS_H

#include <jansson.h>

#include "http/api.h"

/* The three administrators' own routes (admin_api.c). */
void h_admin_accounts(struct http_req *req, struct http_resp *resp);
void h_admin_account_add(struct http_req *req, struct http_resp *resp);
void h_admin_account_step(struct http_req *req, struct http_resp *resp);
void h_security_accounts(struct http_req *req, struct http_resp *resp);
void h_security_step(struct http_req *req, struct http_resp *resp);
void h_security_events(struct http_req *req, struct http_resp *resp);
void h_audit_log(struct http_req *req, struct http_resp *resp);
void h_audit_verify(struct http_req *req, struct http_resp *resp);
/* The signed checkpoints and the seal's public key, found as `mz audit
 * verify` finds them: $MZ_AUDIT_CHECKPOINT or the database's path with
 * ".audit", $MZ_NOTICE_PUBKEY or notice-key.pub.pem. */
struct http_audit_files {
    char checkpoint[1100];
    const char *pubkey;
};
void http_audit_files(const struct http_req *req, struct http_audit_files *out);
void h_division(struct http_req *req, struct http_resp *resp);
void h_notice_verify(struct http_req *req, struct http_resp *resp);
void h_households(struct http_req *req, struct http_resp *resp);
void h_household(struct http_req *req, struct http_resp *resp);
void h_household_put(struct http_req *req, struct http_resp *resp);
void h_household_overview(struct http_req *req, struct http_resp *resp);
void h_persons(struct http_req *req, struct http_resp *resp);
void h_person(struct http_req *req, struct http_resp *resp);
void h_person_put(struct http_req *req, struct http_resp *resp);
void h_fact_put(struct http_req *req, struct http_resp *resp);
void h_feed_post(struct http_req *req, struct http_resp *resp);
/* 专项救助 referrals for departments' machine tokens (referrals_api.c). */
void h_referrals(struct http_req *req, struct http_resp *resp);
void h_referral_answers(struct http_req *req, struct http_resp *resp);
/* Place names and division changes (placename_api.c). */
void h_public_placenames(struct http_req *req, struct http_resp *resp);
void h_public_romanize(struct http_req *req, struct http_resp *resp);
void h_placename_classes(struct http_req *req, struct http_resp *resp);
void h_placenames(struct http_req *req, struct http_resp *resp);
void h_placename(struct http_req *req, struct http_resp *resp);
void h_placename_add(struct http_req *req, struct http_resp *resp);
void h_placename_cases(struct http_req *req, struct http_resp *resp);
void h_placename_case(struct http_req *req, struct http_resp *resp);
void h_placename_case_open(struct http_req *req, struct http_resp *resp);
void h_placename_case_step(struct http_req *req, struct http_resp *resp);
void h_division_events(struct http_req *req, struct http_resp *resp);
void h_division_event_add(struct http_req *req, struct http_resp *resp);
void h_division_report(struct http_req *req, struct http_resp *resp);
/* 困境儿童 and 儿童主任's visits (children_api.c). */
void h_children(struct http_req *req, struct http_resp *resp);
void h_child(struct http_req *req, struct http_resp *resp);
void h_child_visit(struct http_req *req, struct http_resp *resp);
/* 免申即享: the street's list, consents, confirmation or refusal; the
 * resident's findings, consent and notices' PDF (autogrant_api.c). */
void h_autogrant_findings(struct http_req *req, struct http_resp *resp);
void h_autogrant_confirm(struct http_req *req, struct http_resp *resp);
void h_autogrant_refuse(struct http_req *req, struct http_resp *resp);
void h_autogrant_consent(struct http_req *req, struct http_resp *resp);
void h_portal_autogrant(struct http_req *req, struct http_resp *resp);
void h_portal_autogrant_consent(struct http_req *req, struct http_resp *resp);
void h_portal_notice_pdf(struct http_req *req, struct http_resp *resp);
/* 精康融合行动 referrals, 免申即享 consents and 重度残疾人托养 (disability_api.c). */
void h_rehab_referrals(struct http_req *req, struct http_resp *resp);
void h_rehab_refer(struct http_req *req, struct http_resp *resp);
void h_rehab_progress(struct http_req *req, struct http_resp *resp);
void h_disability_consent(struct http_req *req, struct http_resp *resp);
void h_disability_consents(struct http_req *req, struct http_resp *resp);
void h_tuoyang_list(struct http_req *req, struct http_resp *resp);
void h_tuoyang_place(struct http_req *req, struct http_resp *resp);
void h_tuoyang_end(struct http_req *req, struct http_resp *resp);
/* 探访关爱 (visits_api.c). */
void h_visit_schedule(struct http_req *req, struct http_resp *resp);
void h_visit_record(struct http_req *req, struct http_resp *resp);
void h_visits(struct http_req *req, struct http_resp *resp);
/* 婚姻登记 (marriage_api.c). */
void h_marriages(struct http_req *req, struct http_resp *resp);
void h_marriage_register(struct http_req *req, struct http_resp *resp);
void h_marriage(struct http_req *req, struct http_resp *resp);
void h_marriage_status(struct http_req *req, struct http_resp *resp);
void h_marriage_replace(struct http_req *req, struct http_resp *resp);
void h_marriage_refusals(struct http_req *req, struct http_resp *resp);
void h_divorces(struct http_req *req, struct http_resp *resp);
void h_divorce_apply(struct http_req *req, struct http_resp *resp);
void h_divorce(struct http_req *req, struct http_resp *resp);
void h_divorce_step(struct http_req *req, struct http_resp *resp);
void h_divorce_timeline(struct http_req *req, struct http_resp *resp);
void h_appointments(struct http_req *req, struct http_resp *resp);
void h_appointment_book(struct http_req *req, struct http_resp *resp);
void h_appointment_cancel(struct http_req *req, struct http_resp *resp);
void h_hukou_moves(struct http_req *req, struct http_resp *resp);
void h_hukou_message(struct http_req *req, struct http_resp *resp);
void h_hukou_step(struct http_req *req, struct http_resp *resp);
/* 殡葬 (funeral_api.c). */
void h_deaths(struct http_req *req, struct http_resp *resp);
void h_death_register(struct http_req *req, struct http_resp *resp);
void h_death(struct http_req *req, struct http_resp *resp);
void h_facilities(struct http_req *req, struct http_resp *resp);
void h_facility_put(struct http_req *req, struct http_resp *resp);
void h_facility(struct http_req *req, struct http_resp *resp);
void h_facility_price(struct http_req *req, struct http_resp *resp);
void h_facility_complaint(struct http_req *req, struct http_resp *resp);
void h_complaints(struct http_req *req, struct http_resp *resp);
void h_complaint_close(struct http_req *req, struct http_resp *resp);
void h_cremation(struct http_req *req, struct http_resp *resp);
void h_placement(struct http_req *req, struct http_resp *resp);
void h_burials(struct http_req *req, struct http_resp *resp);
/* Smart alarms (alarms_api.c). */
void h_alarms(struct http_req *req, struct http_resp *resp);
void h_alarm_step(struct http_req *req, struct http_resp *resp);
void h_device_events(struct http_req *req, struct http_resp *resp);
/* 银龄 volunteers (volunteers_api.c). */
void h_volunteers(struct http_req *req, struct http_resp *resp);
void h_volunteer_match(struct http_req *req, struct http_resp *resp);
void h_static(struct http_req *req, struct http_resp *resp);
void h_simulation_params(struct http_req *req, struct http_resp *resp);
void h_simulation(struct http_req *req, struct http_resp *resp);
void h_stats(struct http_req *req, struct http_resp *resp);
/* Supervision dashboards, the integrity report, spot checks (supervision_api.c). */
void h_supervision_summary(struct http_req *req, struct http_resp *resp);
void h_supervision_report(struct http_req *req, struct http_resp *resp);
void h_spotchecks(struct http_req *req, struct http_resp *resp);
void h_spotcheck(struct http_req *req, struct http_resp *resp);
void h_spotcheck_result(struct http_req *req, struct http_resp *resp);

/* One program's decision for household 0 of snap (eligibility.c):
 * {program, label, entity, eligible, amount (元/月), criteria | members,
 * explanation, apply}; person_ids (or NULL) gives each member's id. */
struct pol_set;
struct pol_snapshot;
struct pol_explanation;
json_t *http_program_json(const struct pol_set *set, const struct pol_snapshot *snap,
                          const struct pol_explanation *ex, int p, const int64_t *person_ids);

/* The Chinese label of a program of the loaded policies, else its name. */
struct http_req;
const char *http_program_label(const struct http_req *req, const char *program);

/* assess_api.c: 老年人能力评估 and 长期护理保险 */
void h_assessment_form(struct http_req *req, struct http_resp *resp);
void h_assessments(struct http_req *req, struct http_resp *resp);
void h_assessment(struct http_req *req, struct http_resp *resp);
void h_assessment_add(struct http_req *req, struct http_resp *resp);
void h_person_care(struct http_req *req, struct http_resp *resp);

/* programs_api.c: the programs of the loaded policies */
void h_programs(struct http_req *req, struct http_resp *resp);

void h_selfcheck_form(struct http_req *req, struct http_resp *resp);
void h_selfcheck(struct http_req *req, struct http_resp *resp);

/* Tables (tables.c): a table {title, columns, rows}; columns is a
 * NULL-terminated list of key, label pairs; consumes rows. */
json_t *http_table(const char *title, const char *const *columns, json_t *rows);
/* Sends obj (its "tables" member holds tables) as JSON, or with
 * ?format=xlsx as a workbook named filename; consumes obj. */
void http_send_tables(const struct http_req *req, struct http_resp *resp, json_t *obj,
                      const char *filename);
#define HTTP_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
/* A new empty file for a download being made (under $TMPDIR, else /tmp),
 * its name in path (cap >= 512); 0, or -1 with err set. */
int http_temp_file(char *path, size_t cap, struct mz_err *err);
/* Sends the file at path as a download of type and filename; -1 with err
 * set if it cannot be read (nothing sent then). */
int http_send_file(struct http_resp *resp, const char *path, const char *type,
                   const char *filename, struct mz_err *err);

/* warnings_api.c */
void h_warnings(struct http_req *req, struct http_resp *resp);
void h_warning(struct http_req *req, struct http_resp *resp);
void h_warning_step(struct http_req *req, struct http_resp *resp);

/* cases_api.c */
void h_warning_case(struct http_req *req, struct http_resp *resp);
void h_cases(struct http_req *req, struct http_resp *resp);
void h_case_open(struct http_req *req, struct http_resp *resp);
void h_case_types(struct http_req *req, struct http_resp *resp);
void h_case(struct http_req *req, struct http_resp *resp);
void h_case_step(struct http_req *req, struct http_resp *resp);
void h_case_extend(struct http_req *req, struct http_resp *resp);
void h_case_contest(struct http_req *req, struct http_resp *resp);

/* rolls_api.c */
void h_rolls(struct http_req *req, struct http_resp *resp);
void h_roll_build(struct http_req *req, struct http_resp *resp);
void h_roll(struct http_req *req, struct http_resp *resp);
void h_roll_approve(struct http_req *req, struct http_resp *resp);
void h_roll_paid(struct http_req *req, struct http_resp *resp);
void h_roll_export(struct http_req *req, struct http_resp *resp);
void h_roll_export_sig(struct http_req *req, struct http_resp *resp);

/* The roll as JSON (program and unit by name, state, totals, bank file),
 * and the caller's paying unit (district accounts; else 403). */
struct roll_row;
struct pay_unit;
json_t *http_roll_json(const struct http_req *req, const struct roll_row *r);
/* Whether the caller may read roll r (its unit in scope, or the scope in
 * its unit). */
bool http_roll_visible(const struct http_req *req, const struct roll_row *r);
bool http_paying_unit(const struct http_req *req, struct http_resp *resp, struct pay_unit *unit);

/* Elderly care (providers_api.c, orders_api.c, meals_api.c). Provider
 * accounts reach these routes only (ROUTE_SERVICE), each scoped to its own
 * provider. */
void h_providers(struct http_req *req, struct http_resp *resp);
void h_provider_put(struct http_req *req, struct http_resp *resp);
void h_provider(struct http_req *req, struct http_resp *resp);
void h_provider_service(struct http_req *req, struct http_resp *resp);
void h_provider_worker(struct http_req *req, struct http_resp *resp);
void h_provider_close(struct http_req *req, struct http_resp *resp);
void h_provider_clients(struct http_req *req, struct http_resp *resp);
void h_orders(struct http_req *req, struct http_resp *resp);
void h_order_place(struct http_req *req, struct http_resp *resp);
void h_order(struct http_req *req, struct http_resp *resp);
void h_order_step(struct http_req *req, struct http_resp *resp);
void h_settlements(struct http_req *req, struct http_resp *resp);
void h_settle(struct http_req *req, struct http_resp *resp);
void h_settlement(struct http_req *req, struct http_resp *resp);
void h_meals(struct http_req *req, struct http_resp *resp);
void h_meal_record(struct http_req *req, struct http_resp *resp);
void h_meal_rejects(struct http_req *req, struct http_resp *resp);
void h_canteen_cost(struct http_req *req, struct http_resp *resp);
void h_canteen_report(struct http_req *req, struct http_resp *resp);
void h_meal_coverage(struct http_req *req, struct http_resp *resp);
/* The provider of id if the caller may see it (staff: its division in
 * scope; a provider account: its own) — and, with write, change its
 * catalogue and staff, and serve its orders (a staff writer in scope, or
 * its own provider account). 1 (filled), 0 after 404/403, -1 after 500. */
struct provider_row;
int http_provider_access(struct http_req *req, struct http_resp *resp, int64_t id, bool write,
                         struct provider_row *out);

/* Child-welfare institutions (institutions_api.c): staff and institution
 * accounts (ROUTE_INSTITUTION), each institution account limited to its
 * own institution's children. */
void h_institutions(struct http_req *req, struct http_resp *resp);
void h_institution_add(struct http_req *req, struct http_resp *resp);
void h_institution(struct http_req *req, struct http_resp *resp);
void h_institution_admit(struct http_req *req, struct http_resp *resp);
void h_placements(struct http_req *req, struct http_resp *resp);
void h_placement_move(struct http_req *req, struct http_resp *resp);
void h_placement_leave(struct http_req *req, struct http_resp *resp);
void h_placement_service(struct http_req *req, struct http_resp *resp);

/* queue_api.c */
void h_reviews(struct http_req *req, struct http_resp *resp);
void h_review_done(struct http_req *req, struct http_resp *resp);
void h_queue(struct http_req *req, struct http_resp *resp);

/* Sessions (routes.c): the session token of the request (Authorization:
 * Bearer …, else the mz_session cookie; borrowed), and the cookie that
 * carries a new token, or clears it (token NULL). */
const char *http_session_token(const struct http_req *req);
void http_session_cookie(const struct http_req *req, struct http_resp *resp, const char *token);

/* Case files over HTTP (attach_api.c). An upload is multipart/form-data
 * with the file in field "file", at most HTTP_UPLOAD_MAX bytes in all. */
#define HTTP_UPLOAD_MAX ((10 + 1) * 1024 * 1024) /* a file of CASE_ATTACH_MAX and the form */
void h_case_attach(struct http_req *req, struct http_resp *resp);
void h_case_attach_get(struct http_req *req, struct http_resp *resp);
/* Adds the uploaded file to case_id for actor: 201 with the file. */
void http_attach_upload(struct http_req *req, struct http_resp *resp, int64_t case_id,
                        const char *actor);
/* Sends file aid (path text) of case_id to actor as a download. */
void http_attach_download(struct http_req *req, struct http_resp *resp, int64_t case_id,
                          const char *aid, const char *actor);
/* The files of case_id: [{id, name, mime, bytes, sm3, uploaded_at,
 * uploaded_by_label, used (a step took it)}]; the uploader by name for
 * staff (http_actor_label), for residents only 本人 or 工作人员 (mine is
 * the resident's actor). NULL on error (err set). */
json_t *http_attachments_json(const struct http_req *req, int64_t case_id, const char *mine,
                              struct mz_err *err);

/* orgs_api.c: social organizations, annual reports, credit lists, the public query */
void h_public_orgs(struct http_req *req, struct http_resp *resp);
void h_orgs(struct http_req *req, struct http_resp *resp);
void h_org_apply(struct http_req *req, struct http_resp *resp);
void h_org(struct http_req *req, struct http_resp *resp);
void h_org_report(struct http_req *req, struct http_resp *resp);
void h_org_review(struct http_req *req, struct http_resp *resp);
void h_org_step(struct http_req *req, struct http_resp *resp);
void h_org_reports(struct http_req *req, struct http_resp *resp);
void h_credit_entries(struct http_req *req, struct http_resp *resp);
void h_credit_step(struct http_req *req, struct http_resp *resp);
/* The organization of id as the caller may see it (an organization
 * account: its own only; staff: in their scope): 1 (filled), or 0 after
 * sending 404, -1 after sending the error. */
struct org_row;
int http_org_in_reach(struct http_req *req, struct http_resp *resp, int64_t id,
                      struct org_row *out);
/* charity_api.c: campaigns, charity projects and their referrals */
void h_campaigns(struct http_req *req, struct http_resp *resp);
void h_campaign_file(struct http_req *req, struct http_resp *resp);
void h_campaign(struct http_req *req, struct http_resp *resp);
void h_campaign_step(struct http_req *req, struct http_resp *resp);
void h_charity_projects(struct http_req *req, struct http_resp *resp);
void h_charity_project_add(struct http_req *req, struct http_resp *resp);
void h_charity_referrals(struct http_req *req, struct http_resp *resp);
void h_charity_offer(struct http_req *req, struct http_resp *resp);
void h_charity_referral_step(struct http_req *req, struct http_resp *resp);
void h_charity_points(struct http_req *req, struct http_resp *resp);
void h_charity_point_add(struct http_req *req, struct http_resp *resp);

/* portal_api.c: 渝悦救助通, the residents' portal */
void h_portal_code(struct http_req *req, struct http_resp *resp);
void h_portal_login(struct http_req *req, struct http_resp *resp);
void h_portal_logout(struct http_req *req, struct http_resp *resp);
void h_portal_me(struct http_req *req, struct http_resp *resp);
void h_portal_programs(struct http_req *req, struct http_resp *resp);
void h_portal_cases(struct http_req *req, struct http_resp *resp);
void h_portal_apply(struct http_req *req, struct http_resp *resp);
void h_portal_case(struct http_req *req, struct http_resp *resp);
void h_portal_attach(struct http_req *req, struct http_resp *resp);
void h_portal_attach_get(struct http_req *req, struct http_resp *resp);
void h_portal_objection(struct http_req *req, struct http_resp *resp);

#endif
