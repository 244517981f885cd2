/* The route handlers (http-internal): routes.c holds the table, the
 * service endpoints and accounts; records.c the registry records;
 * feeds_api.c the department feeds (machine tokens); static.c the web
 * UI's files. */
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

#endif
