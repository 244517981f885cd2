/* The route handlers (http-internal): routes.c holds the table, the
 * service endpoints and accounts; records.c the registry records;
 * static.c the web UI's files; warnings_api.c, cases_api.c, rolls_api.c
 * and queue_api.c the bureau's daily work; feeds_api.c the department
 * feeds (machine tokens). */
#ifndef MZ_HTTP_HANDLERS_H
#define MZ_HTTP_HANDLERS_H

#include "http/api.h"

void h_division(struct http_req *req, struct http_resp *resp);
void h_households(struct http_req *req, struct http_resp *resp);
void h_household(struct http_req *req, struct http_resp *resp);
void h_household_put(struct http_req *req, struct http_resp *resp);
void h_persons(struct http_req *req, struct http_resp *resp);
void h_person(struct http_req *req, struct http_resp *resp);
void h_person_put(struct http_req *req, struct http_resp *resp);
void h_fact_put(struct http_req *req, struct http_resp *resp);
void h_feed_post(struct http_req *req, struct http_resp *resp);
void h_static(struct http_req *req, struct http_resp *resp);

/* warnings_api.c */
void h_warnings(struct http_req *req, struct http_resp *resp);
void h_warning(struct http_req *req, struct http_resp *resp);
void h_warning_step(struct http_req *req, struct http_resp *resp);

/* cases_api.c */
void h_warning_case(struct http_req *req, struct http_resp *resp);
void h_cases(struct http_req *req, struct http_resp *resp);
void h_case_open(struct http_req *req, struct http_resp *resp);
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

/* queue_api.c */
void h_reviews(struct http_req *req, struct http_resp *resp);
void h_review_done(struct http_req *req, struct http_resp *resp);
void h_queue(struct http_req *req, struct http_resp *resp);

#endif
