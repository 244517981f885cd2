/* What the routes see of a request, and what they give back: plain structs
 * filled by the server (server.c) so that no route knows libmicrohttpd.
 * Routes are a table (routes.c) matched on method and path; each handler
 * fills a response and returns nothing: errors are responses too
 * (application/problem+json, see json.c). */
#ifndef MZ_HTTP_API_H
#define MZ_HTTP_API_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

struct auth_user;
struct auth_resident;
struct cal;
struct pol_set;
struct registry;

struct http_req {
    const char *method, *path; /* path without the query string */
    const char *body;          /* NUL-terminated copy, body_len bytes */
    size_t body_len;
    struct registry *reg;      /* this request's handle (one connection) */
    const char *openapi;       /* the OpenAPI document, or NULL */
    const struct pol_set *policies; /* see http_options (server.h): shared read-only */
    const struct cal *cal;
    const char *feeds_dir;          /* NULL: the feed API answers 503 */
    const char *policy_dir;         /* their folder: simulations compile a copy to change */
    const char *notice_key, *notices_dir, *public_url; /* see http_options */
    void *conn;                /* the server's connection, for look-ups */
    /* The client's IPv4 address: the peer's, or the last hop of
     * X-Forwarded-For when the peer is the trusted proxy ("" if unknown). */
    char client[16];
    bool https; /* the trusted proxy said X-Forwarded-Proto: https */
    /* filled by the router */
    char actor[80]; /* "user:NAME" or "machine:NAME" once authenticated, else "" */
    const struct auth_user *user;
    const struct auth_machine *machine; /* machine routes: the token's owner */
    const struct auth_resident *resident; /* resident routes: the signed-in resident */
    char params[2][40]; /* {id}, {code} path segments, in order */
};

struct http_resp {
    int status;
    const char *type;   /* content type (static) */
    char *body;         /* owned (mz_malloc), may be NULL */
    size_t len;
    char set_cookie[200]; /* Set-Cookie value, or "" */
    int retry_after;      /* seconds for a Retry-After header, or 0 */
    const char *cache_control; /* static; NULL means no-store */
    char disposition[160];     /* Content-Disposition value (a download), or "" */
    bool close;                /* close the connection after this answer */
    const char *encoding;      /* Content-Encoding (static: "gzip"), or NULL */
    bool vary_encoding;        /* the body depends on Accept-Encoding (Vary) */
};

/* Look-ups in the request (server.c): a header, a query argument, a cookie;
 * NULL if absent. Borrowed for the request's life. */
const char *http_header(const struct http_req *req, const char *name);
const char *http_query(const struct http_req *req, const char *name);
const char *http_cookie(const struct http_req *req, const char *name);
/* Whether every query argument and the path are valid UTF-8. */
bool http_args_utf8(const struct http_req *req);

/* The folder of the built web console (static.c: build/web, made by Vite
 * during `make`), or NULL to serve none (404). Call before the server
 * starts; dir is copied. Fails if the path is too long. */
int http_static_root(const char *dir, struct mz_err *err);

/* Who may call a route: anyone; a staff user with a session; a
 * department's system with a machine token (and nothing else); a resident
 * with a portal session (the portal's routes); a user with a session
 * including provider accounts (服务机构), who may call only these routes —
 * the elderly-care services, scoped to their own provider — and get 403
 * forbidden_role on ROUTE_USER routes. The table writes false and true for
 * the first two. */
enum http_auth {
    ROUTE_OPEN = 0,
    ROUTE_USER = 1,
    ROUTE_MACHINE = 2,
    ROUTE_RESIDENT = 3,
    ROUTE_SERVICE = 4,
    /* staff, and organization accounts (社会组织) who may call only these
     * routes (and /me, /logout), each handler limiting them to their own
     * organization; other routes answer them 403 forbidden_role */
    ROUTE_ORG = 5,
    /* staff, and child-welfare institution accounts (儿童福利机构) who may
     * call only these routes (and /me, /logout), each handler limiting
     * them to their own institution's children; other routes answer them
     * 403 forbidden_role */
    ROUTE_INSTITUTION = 6,
    /* 三权分立: the routes of one administrator role each (admin_api.c);
     * the administrators reach no other staff route, and no one else
     * reaches these (403 forbidden_role) */
    ROUTE_SYS_ADMIN = 7,
    ROUTE_SEC_ADMIN = 8,
    ROUTE_AUDIT_ADMIN = 9
};
/* A staff route (ROUTE_USER) called with a resident's session answers 403
 * resident_forbidden; a resident route (ROUTE_RESIDENT, the portal's)
 * answers 401 without a resident's session. */

/* The route table, for dispatch, metrics labels and the OpenAPI test. */
struct http_route {
    const char *method;
    const char *pattern; /* "/api/v1/households/{id}" */
    enum http_auth auth; /* 401 without the session or machine token it needs */
    void (*handle)(struct http_req *req, struct http_resp *resp);
    bool snapshot; /* only reads: session and handler share one read transaction */
};
const struct http_route *http_routes(size_t *n);

/* The body limit of the route method and path match: an upload route's
 * (HTTP_UPLOAD_MAX), else def. */
size_t http_body_limit(const char *method, const char *path, size_t def);

/* The server's writer lock, which every POST that writes holds while its
 * handler runs — except a roll build, which computes the roll without it
 * and holds it only to write (h_roll_build). */
void http_write_lock(void);
void http_write_unlock(void);

/* Matches, authenticates and runs the route for req; returns the index of
 * the matched route in http_routes() (for metrics), or -1 if none matched
 * (the response is then 404 or 405). */
int http_dispatch(struct http_req *req, struct http_resp *resp);

/* Metrics (metrics.c): one finished request, and the Prometheus text of all
 * of them (owned by the caller, mz_free). */
void http_metrics_record(int route, int status, double seconds);
char *http_metrics_render(size_t *len);

#endif
