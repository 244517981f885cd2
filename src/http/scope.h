/* Who may see and do what over HTTP (http-internal): the caller's division
 * scope, the read-only roles, the audit actor and the role a caller acts
 * in on a case. Out of scope answers exactly as missing (404). The header
 * does not include auth/auth.h, so handlers that include the case engine
 * (whose procedure roles share names with the account roles) can use it. */
#ifndef MZ_HTTP_SCOPE_H
#define MZ_HTTP_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

#include "http/api.h"

/* Whether a record of division (or of a street office code) lies in the
 * caller's scope. */
bool http_in_scope(const struct http_req *req, const char *division);

/* At most this many code prefixes make a scope (AUTH_SCOPE_MAX). */
#define HTTP_SCOPE_MAX 64

/* The code prefixes to list under: the caller's scope, narrowed to filter
 * (a division code, or NULL) when filter lies in it; none when filter is
 * neither in the scope nor an ancestor of it. Returns how many (at most
 * HTTP_SCOPE_MAX, borrowed from the request). */
int http_scope_prefixes(const struct http_req *req, const char *filter, const char **prefixes);

/* The caller's whole scope as the store's code prefixes: sets *codes
 * (borrowed from the request) and returns how many (at least 1). */
int http_scope_codes(const struct http_req *req, const char (**codes)[13]);

/* True if the caller's role may change records; else sends 403 read_only. */
bool http_may_write(const struct http_req *req, struct http_resp *resp);

/* Whether the caller's role may see full ID and phone numbers. */
bool http_sees_full(const struct http_req *req);

/* Whether the caller's role builds and approves payment rolls (city_admin,
 * district); else sends 403 forbidden_role. */
bool http_may_pay(const struct http_req *req, struct http_resp *resp);

/* Whether the caller is a manager (区县民政, 市级管理员), who alone read the
 * dashboard and run simulations; else sends 403 forbidden_role. */
bool http_manager_only(const struct http_req *req, struct http_resp *resp);

/* Sends 404 not_found: "WHAT ID 不存在". */
void http_not_found(struct http_resp *resp, const char *what, const char *id);

/* The audit actor of the caller: "user:NAME". */
void http_actor(const struct http_req *req, char out[80]);

/* The role the caller takes case steps in: "county" (city_admin,
 * district), "street", "community"; NULL for read-only roles. */
const char *http_case_role(const struct http_req *req);

/* The provider a provider account works for (0 if unbound), or -1 for
 * every other role. */
int64_t http_user_provider(const struct http_req *req);
/* The organization an organization account works for (0 if unbound), or
 * -1 for every other role. */
int64_t http_user_org(const struct http_req *req);
/* The child-welfare institution an institution account works for (0 if
 * unbound), or -1 for every other role. */
int64_t http_user_institution(const struct http_req *req);

/* The caller's name and scope code (borrowed). */
const char *http_user_name(const struct http_req *req);
const char *http_user_division(const struct http_req *req);

#endif
