/* Helpers shared by orgs_api.c and charity_api.c (http-internal): JSON
 * members read with a 422 naming them, money as yuan, the environment of
 * the org and charity rules. */
#ifndef MZ_HTTP_ORGJSON_H
#define MZ_HTTP_ORGJSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/api.h"

struct mon_env;

/* A member that must be text when present (NULL when absent or null);
 * false after sending 422 wrong_type. */
bool http_member_text(json_t *body, struct http_resp *resp, const char *name, const char **out);
/* A member in yuan (a number with at most two decimals) into fen (0 when
 * absent); false after sending 422. */
bool http_member_yuan(json_t *body, struct http_resp *resp, const char *name, int64_t *fen);
/* The registry, policies and calendar; false after sending 503. */
bool http_need_env(struct http_req *req, struct http_resp *resp, struct mon_env *env);
/* fen as a JSON number of yuan. */
json_t *http_yuan(int64_t fen);

#endif
