/* The HTTP server: GNU libmicrohttpd with its own thread pool (one thread
 * per core unless told otherwise), a pool of registry handles (one SQLite
 * connection per concurrent request), request body and time limits, and a
 * graceful stop. This file and server.c are the only ones that know
 * libmicrohttpd; requests reach the routes (http/api.h) as plain structs. */
#ifndef MZ_HTTP_SERVER_H
#define MZ_HTTP_SERVER_H

#include <stddef.h>

#include "base/err.h"

struct cal;
struct pol_set;

struct http_options {
    const char *listen;   /* "ADDR:PORT" (IPv4); port 0 picks a free one */
    const char *db_path;  /* registry database */
    const char *key_path; /* key file, or NULL for the registry's default */
    const char *openapi;  /* path of docs/openapi.json, or NULL if not found */
    unsigned threads;     /* 0: one per online core */
    size_t body_limit;    /* bytes; larger bodies get 413 */
    unsigned timeout_s;   /* idle connection timeout */
    /* Loaded once by the caller, borrowed until http_stop and shared
     * read-only by every request: the compiled policies (with their warning
     * rules), the working-day calendar, the folder of feed definitions
     * (NULL: the feed API answers 503). */
    const struct pol_set *policies;
    const struct cal *cal;
    const char *feeds_dir;
    const char *policy_dir; /* the policies' folder: simulations compile a copy to change */
    /* Decisions that issue their notice (免申即享 confirmations): the
     * bureau's SM2 private key, the folder the PDFs and OFDs go to, the
     * address of the public verification page (NULL: none). */
    const char *notice_key, *notices_dir, *public_url;
    /* The IPv4 address of a reverse proxy whose X-Forwarded-For and
     * X-Forwarded-Proto headers are believed (the client's address, and
     * https: the session cookie gets Secure), or NULL to believe none. */
    const char *trusted_proxy;
};

struct http_server;

/* Opens one registry handle (to fail early on a bad database or key) and
 * starts listening. The caller stops with http_stop. Block SIGINT/SIGTERM
 * in the calling thread first if it waits for them with sigwait: the
 * server's threads inherit the mask. */
int http_start(const struct http_options *o, struct http_server **out, struct mz_err *err);

/* The port the server listens on. */
unsigned http_port(const struct http_server *s);

/* Stops accepting connections, lets requests in flight finish (up to
 * grace_s seconds), stops the threads, closes every database handle and
 * frees s. */
void http_stop(struct http_server *s, unsigned grace_s);

#endif
