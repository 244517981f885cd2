/* JSON responses, problem details (RFC 9457, application/problem+json),
 * strict JSON request bodies and request parameters, over Jansson. Jansson allocates through
 * mz_malloc (http_json_init). */
#ifndef MZ_HTTP_JSON_H
#define MZ_HTTP_JSON_H

#include <jansson.h>

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "http/api.h"

/* Routes Jansson's allocation through mz_malloc/mz_free; call once before
 * any thread uses Jansson. */
void http_json_init(void);

/* Sends obj as application/json with status; consumes obj. */
void http_send_json(struct http_resp *resp, int status, json_t *obj);

/* Sends {type, title, status, code, detail, field} as
 * application/problem+json. title is the Chinese name of the status; detail
 * says what is wrong with which value; field may be NULL. */
void http_problem(struct http_resp *resp, int status, const char *code, const char *detail,
                  const char *field);

/* The same with the members of extra added (what the client needs to try
 * again, e.g. the next free slot); consumes extra (may be NULL). */
void http_problem_extra(struct http_resp *resp, int status, const char *code, const char *detail,
                        const char *field, json_t *extra);

/* A problem from a failed call: the status follows err->code (validation
 * codes 422, unknown records 404, conflicts 409, out of memory 503, the
 * rest 500 — whose detail is not shown to the client but logged on
 * stderr). An err without a code is a call that failed for want of memory
 * without saying so (the convention of the JSON builders): 503. */
void http_problem_err(struct http_resp *resp, const struct mz_err *err);

/* Parses the request body as one JSON object; NULL after sending a 4xx
 * problem: 415 if the content type is not JSON, 400 for malformed JSON,
 * bad UTF-8 or a non-object. The caller json_decrefs the object. */
json_t *http_body_object(const struct http_req *req, struct http_resp *resp);

/* Parses the request body as one JSON object whose members are all among
 * names (NULL-terminated) and all strings; values[i] gets member names[i]
 * (borrowed from the returned object) or NULL. Returns the object (the
 * caller json_decrefs it), or NULL after sending a 4xx problem: 415 if the
 * content type is not JSON, 400 for malformed JSON, bad UTF-8, a
 * non-object, an unknown member (unknown_field) or a member of the wrong
 * type (wrong_type). */
json_t *http_body_strings(const struct http_req *req, struct http_resp *resp,
                          const char *const *names, const char **values);

/* The two halves of the above without a request (the fuzzer calls them):
 * text of len bytes parsed as one JSON object (NULL after a 400 problem),
 * and an object's members checked against names into values (false after
 * a 400 problem; the object is the caller's either way). */
json_t *http_json_object(const char *text, size_t len, struct http_resp *resp);
bool http_object_strings(json_t *o, struct http_resp *resp, const char *const *names,
                         const char **values);

/* A date as "YYYY-MM-DD", or null for MZ_DATE_NONE. */
json_t *http_date_json(mz_date d);

/* One page of a list: {items, page, per_page, total}; consumes items. */
json_t *http_page_json(json_t *items, long page, long per_page, long total);

/* A path parameter as a positive decimal id of at most 18 digits. */
bool http_parse_id(const char *s, int64_t *out);

/* A query argument as a whole number in [min, max], or def if absent;
 * false after a 400 invalid_parameter problem. */
bool http_query_long(const struct http_req *req, struct http_resp *resp, const char *name,
                     long def, long min, long max, long *out);

/* A query argument that must be one of allowed (NULL-terminated), or
 * absent (*out NULL); false after a 400 invalid_parameter problem. */
bool http_query_enum(const struct http_req *req, struct http_resp *resp, const char *name,
                     const char *const *allowed, const char **out);

/* The sort and order query arguments of a sortable list: sort one of
 * fields (NULL-terminated; absent: *field NULL, the list's own order),
 * order asc (default) or desc (*desc); false after a 400 problem naming
 * the argument. */
bool http_query_sort(const struct http_req *req, struct http_resp *resp,
                     const char *const *fields, const char **field, bool *desc);

/* The page and per_page query arguments (per_page 1–100, default 20);
 * false after a 400 problem. */
bool http_query_page(const struct http_req *req, struct http_resp *resp, long *page,
                     long *per_page);

/* The day a change is recorded for: the body member "date" (YYYY-MM-DD,
 * for paper work entered late) or today when absent; false after a 422
 * invalid_value problem naming the field. */
bool http_body_date(const char *text, struct http_resp *resp, mz_date *out);

#endif
