/* The libmicrohttpd adapter: daemon start and stop, request bodies with a
 * size limit, a pool of registry handles (struct db is single-threaded, so
 * each request in flight holds its own connection), and look-ups in the
 * request for the routes. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "io/file.h"
#include "base/text.h"
#include "funeral/funeral.h"
#include "http/api.h"
#include "http/json.h"
#include "registry/registry.h"

struct http_server {
    struct MHD_Daemon *daemon;
    char *db_path, *key_path, *openapi;
    const struct pol_set *policies; /* borrowed: see http_options */
    struct fun_hook death_hook;     /* every pooled registry's death hook */
    const struct cal *cal;
    const char *feeds_dir;
    const char *policy_dir;
    const char *notice_key, *notices_dir, *public_url;
    size_t body_limit;
    bool has_proxy;
    struct in_addr proxy; /* the trusted proxy, if has_proxy */
    pthread_mutex_t lock;
    struct registry **idle; /* handles not in use */
    size_t nidle, cap;
    atomic_int inflight;
    atomic_ullong requests; /* the last request id given */
};

/* One request's state between libmicrohttpd's calls, made when the
 * request line arrives (uri_log). */
struct request {
    unsigned long long id; /* sent as X-Request-Id and logged */
    struct timespec start;
    char method[8], actor[80], client[16];
    char *body;
    size_t len;
    size_t limit;      /* the route's body limit (http_body_limit) */
    bool headers_seen; /* on_request has checked the headers */
    bool nul;          /* the raw URI holds %00 */
    bool too_large;
    bool no_memory;    /* the body could not be kept */
    int route, status;
};

/* The request of a connection whose own state could not be allocated: it
 * is answered 503 from static memory, and never written to or freed. */
static struct request no_memory_request;

/* ---- registry pool ---------------------------------------------------- */

static struct registry *pool_take(struct http_server *s, struct mz_err *err)
{
    struct registry *r = NULL;
    pthread_mutex_lock(&s->lock);
    if (s->nidle)
        r = s->idle[--s->nidle];
    pthread_mutex_unlock(&s->lock);
    if (r && reg_key_changed(r)) { /* a key was added: read the new ring */
        reg_close(r);
        r = NULL;
    }
    if (!r && reg_open(s->db_path, s->key_path, &r, err) < 0)
        return NULL;
    /* a death written by any route (the 公安 feed, a fact, the funeral
     * service) cascades once (src/funeral) */
    fun_hook_install(r, &s->death_hook, s->policies, s->cal);
    return r;
}

/* Idle registries kept for the next requests; past a burst of connections
 * the others are closed, with their connections and caches. */
#define POOL_IDLE_MAX 32

static void pool_give(struct http_server *s, struct registry *r)
{
    pthread_mutex_lock(&s->lock);
    bool kept = s->nidle < POOL_IDLE_MAX &&
                mz_grow(&s->idle, &s->cap, s->nidle + 1, sizeof *s->idle) == 0;
    if (kept)
        s->idle[s->nidle++] = r;
    pthread_mutex_unlock(&s->lock);
    if (!kept)
        reg_close(r);
}

/* ---- look-ups for the routes ------------------------------------------ */

const char *http_header(const struct http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(const struct http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(const struct http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    bool *ok = cls;
    *ok = *ok && text_utf8_valid(key) && (!value || text_utf8_valid(value));
    return *ok ? MHD_YES : MHD_NO;
}

bool http_args_utf8(const struct http_req *req)
{
    bool ok = text_utf8_valid(req->path);
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_arg, &ok);
    return ok;
}

/* ---- requests --------------------------------------------------------- */

/* Sent with every answer (docs/security.md). The console's components set
 * inline styles, hence style-src 'unsafe-inline'; scripts only from here. */
static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
     "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
     "frame-ancestors 'none'"},
    {"X-Frame-Options", "DENY"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
};

static enum MHD_Result reply(struct MHD_Connection *conn, struct request *rq,
                            struct http_resp *resp)
{
    struct MHD_Response *r =
        resp->body ? MHD_create_response_from_buffer_with_free_callback(resp->len, resp->body,
                                                                        mz_free)
                   : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        mz_free(resp->body);
        return MHD_NO;
    }
    if (resp->type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
                            resp->cache_control ? resp->cache_control : "no-store");
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
    if (resp->encoding)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, resp->encoding);
    if (resp->vary_encoding)
        MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    if (resp->close)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    if (resp->set_cookie[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, resp->set_cookie);
    if (resp->disposition[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, resp->disposition);
    if (resp->retry_after > 0) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", resp->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    char id[24];
    snprintf(id, sizeof id, "%llu", rq->id);
    MHD_add_response_header(r, "X-Request-Id", id);
    rq->status = resp->status;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* 503 out_of_memory, made without allocating through base/mem.h (the
 * answer when a request cannot get the memory to be served), and the
 * connection closes. */
static enum MHD_Result no_memory(struct MHD_Connection *conn, struct request *rq)
{
    static const char body[] =
        "{\"type\":\"https://minzheng.local/problems/out_of_memory\",\"title\":\"服务暂不可用\","
        "\"status\":503,\"code\":\"out_of_memory\",\"detail\":\"服务器内存不足，请稍后再试\"}";
    struct MHD_Response *r =
        MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/problem+json; charset=utf-8");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
    if (rq != &no_memory_request)
        rq->status = 503;
    enum MHD_Result ret = MHD_queue_response(conn, 503, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result too_large(struct MHD_Connection *conn, struct request *rq)
{
    struct http_resp resp = {0};
    char detail[120];
    snprintf(detail, sizeof detail, "请求体超过上限 %zu 字节", rq->limit);
    http_problem(&resp, 413, "body_too_large", detail, NULL);
    return reply(conn, rq, &resp);
}

/* A request refused before its body is read: 400, and the connection
 * closes (what follows on it cannot be trusted to start a request). */
static enum MHD_Result refuse(struct MHD_Connection *conn, struct request *rq, const char *code,
                              const char *detail)
{
    struct http_resp resp = {.close = true};
    http_problem(&resp, 400, code, detail, NULL);
    return reply(conn, rq, &resp);
}

/* Counts the Content-Length headers of a request. */
static enum MHD_Result count_length(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind;
    (void)value;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        ++*(int *)cls;
    return MHD_YES;
}

/* The request line has arrived: the request's state starts here, where
 * the raw URI is still seen (libmicrohttpd decodes %00 into a NUL that
 * would cut the path and the query arguments short). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    struct http_server *s = cls;
    struct request *rq = mz_calloc(1, sizeof *rq);
    if (!rq)
        return &no_memory_request;
    rq->id = atomic_fetch_add(&s->requests, 1) + 1;
    clock_gettime(CLOCK_MONOTONIC, &rq->start);
    rq->route = -1;
    rq->nul = strstr(uri, "%00") != NULL;
    return rq;
}

/* Who is asking: the peer, or what the trusted proxy says it forwarded. */
static void client_of(const struct http_server *s, struct MHD_Connection *conn,
                      struct http_req *req)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr_in *peer = ci ? (const struct sockaddr_in *)ci->client_addr : NULL;
    if (!peer || peer->sin_family != AF_INET)
        return;
    inet_ntop(AF_INET, &peer->sin_addr, req->client, sizeof req->client);
    if (!s->has_proxy || peer->sin_addr.s_addr != s->proxy.s_addr)
        return;
    const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    req->https = proto && strcasecmp(proto, "https") == 0;
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff)
        return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    last += strspn(last, " ");
    char addr[16];
    struct in_addr in;
    snprintf(addr, sizeof addr, "%.*s", (int)strcspn(last, " "), last);
    if (inet_pton(AF_INET, addr, &in) == 1)
        snprintf(req->client, sizeof req->client, "%s", addr);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    struct http_server *s = cls;
    struct request *rq = *con_cls;
    if (rq == &no_memory_request)
        return no_memory(conn, rq);
    if (!rq->headers_seen) {
        rq->headers_seen = true; /* from here the request is in flight */
        snprintf(rq->method, sizeof rq->method, "%s", method);
        atomic_fetch_add(&s->inflight, 1);
        if (rq->nul)
            return refuse(conn, rq, "nul_in_url", "地址或查询参数中含有空字符（%00）");
        int lengths = 0;
        MHD_get_connection_values(conn, MHD_HEADER_KIND, count_length, &lengths);
        const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_TRANSFER_ENCODING);
        if (lengths > 1 || (lengths == 1 && te))
            return refuse(conn, rq, "ambiguous_length",
                          lengths > 1 ? "请求含有多个 Content-Length 头"
                                      : "请求同时含有 Content-Length 与 Transfer-Encoding 头");
        rq->limit = http_body_limit(method, url, s->body_limit);
        const char *cl =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > rq->limit)
            return too_large(conn, rq);
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rq->too_large && rq->len + *upload_size > rq->limit) {
            rq->too_large = true;
            mz_free_secret(rq->body);
            rq->body = NULL;
        }
        if (!rq->too_large && !rq->no_memory) {
            char *b = mz_realloc(rq->body, rq->len + *upload_size + 1);
            if (!b) {
                rq->no_memory = true;
                *upload_size = 0;
                return MHD_YES;
            }
            memcpy(b + rq->len, upload_data, *upload_size);
            rq->body = b;
            rq->len += *upload_size;
            b[rq->len] = '\0';
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_large)
        return too_large(conn, rq);
    if (rq->no_memory)
        return no_memory(conn, rq);
    struct http_resp resp = {0};
    struct mz_err err = {0};
    struct http_req req = {.method = method,
                           .path = url,
                           .body = rq->body ? rq->body : "",
                           .body_len = rq->len,
                           .openapi = s->openapi,
                           .policies = s->policies,
                           .cal = s->cal,
                           .feeds_dir = s->feeds_dir,
                           .policy_dir = s->policy_dir,
                           .notice_key = s->notice_key,
                           .notices_dir = s->notices_dir,
                           .public_url = s->public_url,
                           .conn = conn};
    client_of(s, conn, &req);
    if (!(req.reg = pool_take(s, &err))) {
        fprintf(stderr, "mz serve: %s\n", err.msg);
        http_problem(&resp, 503, "unavailable", "数据库暂不可用，请稍后再试", NULL);
    } else {
        rq->route = http_dispatch(&req, &resp);
        pool_give(s, req.reg);
    }
    snprintf(rq->actor, sizeof rq->actor, "%s", req.actor);
    snprintf(rq->client, sizeof rq->client, "%s", req.client);
    return reply(conn, rq, &resp);
}

/* One line per request on stderr (journald keeps it with the service's
 * time; collectors read it as logfmt): its id (the X-Request-Id the client
 * got), the account, the route's pattern — never the path or query, which
 * may hold personal data —, the status and the time taken. */
static void log_request(const struct request *rq, double secs)
{
    size_t n;
    const struct http_route *routes = http_routes(&n);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(stderr,
            "mz-request ts=%s.%03ldZ id=%llu account=%s method=%s route=%s status=%d ms=%.3f "
            "client=%s\n",
            ts, now.tv_nsec / 1000000, rq->id, rq->actor[0] ? rq->actor : "-",
            rq->method[0] ? rq->method : "-",
            rq->route >= 0 && (size_t)rq->route < n ? routes[rq->route].pattern : "-", rq->status,
            secs * 1000.0, rq->client[0] ? rq->client : "-");
}

/* A request that took this long has likely built a large snapshot or roll:
 * the memory it freed is handed back to the system after it (malloc_trim),
 * instead of staying in the heap of whichever thread served it — at most
 * once a second: on a loaded machine plain reads take that long too, and a
 * trim after each (every heap walked, pages unmapped, every core's TLB
 * flushed) took a fifth of the server's time in the 1 M soak. */
#define HEAVY_SECONDS 0.1
static atomic_llong last_trim; /* CLOCK_MONOTONIC second of the last trim */
/* The malloc heaps (arenas) the server's threads share. */
#define SERVER_ARENAS 4

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    struct http_server *s = cls;
    struct request *rq = *con_cls;
    bool heavy = false;
    if (!rq || rq == &no_memory_request)
        return;
    if (rq->headers_seen) { /* not a connection dropped inside its headers */
        struct timespec end;
        clock_gettime(CLOCK_MONOTONIC, &end);
        double secs = (double)(end.tv_sec - rq->start.tv_sec) +
                      (double)(end.tv_nsec - rq->start.tv_nsec) / 1e9;
        http_metrics_record(rq->route, rq->status, secs);
        log_request(rq, secs);
        atomic_fetch_sub(&s->inflight, 1);
        long long prev = atomic_load(&last_trim);
        heavy = secs >= HEAVY_SECONDS && end.tv_sec > prev &&
                atomic_compare_exchange_strong(&last_trim, &prev, (long long)end.tv_sec);
    }
    mz_free_secret(rq->body); /* a login's password, a one-time code */
    mz_free(rq);
    *con_cls = NULL;
    if (heavy) /* give back what a roll or an evaluation left free in the heaps */
        malloc_trim(0);
}

/* ---- start and stop --------------------------------------------------- */

/* Connections served at once with a thread each (more wait in the backlog). */
#define HTTP_MAX_CONNECTIONS 512u

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct mz_err *err)
{
    const char *colon = strrchr(listen, ':');
    char host[64];
    char *end;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || (size_t)(colon - listen) >= sizeof host || colon[1] == '\0' || *end ||
        port < 0 || port > 65535)
        return mz_fail(err, "invalid_listen", "--listen 应为 地址:端口（如 127.0.0.1:8080），实为“%s”",
                       listen);
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
        return mz_fail(err, "invalid_listen", "--listen 的地址不是 IPv4 地址：“%s”", host);
    return 0;
}


static void free_server(struct http_server *s)
{
    for (size_t i = 0; i < s->nidle; i++)
        reg_close(s->idle[i]);
    mz_free(s->idle);
    mz_free(s->db_path);
    mz_free(s->key_path);
    mz_free(s->openapi);
    pthread_mutex_destroy(&s->lock);
    mz_free(s);
}

int http_start(const struct http_options *o, struct http_server **out, struct mz_err *err)
{
    *out = NULL;
    struct sockaddr_in sa;
    if (parse_listen(o->listen, &sa, err) < 0)
        return -1;
    /* A thread per connection would otherwise spread freed memory over up
     * to 8 heaps a core, each kept by the process. */
    mallopt(M_ARENA_MAX, SERVER_ARENAS);
    struct http_server *s = mz_calloc(1, sizeof *s);
    if (!s)
        return mz_fail(err, "out_of_memory", "内存不足");
    pthread_mutex_init(&s->lock, NULL);
    s->body_limit = o->body_limit;
    s->policies = o->policies;
    s->cal = o->cal;
    s->feeds_dir = o->feeds_dir;
    s->policy_dir = o->policy_dir;
    s->notice_key = o->notice_key;
    s->notices_dir = o->notices_dir;
    s->public_url = o->public_url;
    if (o->trusted_proxy && inet_pton(AF_INET, o->trusted_proxy, &s->proxy) != 1) {
        free_server(s);
        return mz_fail(err, "invalid_proxy", "--trusted-proxy 应为 IPv4 地址，实为“%s”",
                       o->trusted_proxy);
    }
    s->has_proxy = o->trusted_proxy != NULL;
    s->db_path = mz_strdup(o->db_path);
    s->key_path = o->key_path ? mz_strdup(o->key_path) : NULL;
    size_t openapi_len;
    struct mz_err io = {0};
    if (o->openapi && io_read_file(o->openapi, "OpenAPI 文档", &s->openapi, &openapi_len, &io) < 0)
        fprintf(stderr, "mz serve: %s（/api/openapi.json 将答 404）\n", io.msg);
    struct registry *first;
    if (!s->db_path || (o->key_path && !s->key_path)) {
        free_server(s);
        return mz_fail(err, "out_of_memory", "内存不足");
    }
    if (!(first = pool_take(s, err))) {
        free_server(s);
        return -1;
    }
    pool_give(s, first);
    http_json_init();
    /* A thread per connection unless a pool size is given: a request that
     * waits for the write lock (or a commit's sync) then holds up only its
     * own connection, where a pool thread would stall every connection it
     * serves (scripts/soak.sh measures both). */
    if (o->threads)
        s->daemon = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, 0, NULL, NULL,
            on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
            MHD_OPTION_THREAD_POOL_SIZE, o->threads, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s,
            MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
            MHD_OPTION_END);
    else
        s->daemon = MHD_start_daemon(
            MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC, 0,
            NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
            MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s, MHD_OPTION_CONNECTION_LIMIT,
            HTTP_MAX_CONNECTIONS, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
            MHD_OPTION_END);
    if (!s->daemon) {
        free_server(s);
        return mz_fail(err, "listen_failed", "无法在 %s 上监听（端口被占用或无权限？）", o->listen);
    }
    *out = s;
    return 0;
}

unsigned http_port(const struct http_server *s)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void http_stop(struct http_server *s, unsigned grace_s)
{
    MHD_socket fd = MHD_quiesce_daemon(s->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    for (unsigned waited = 0; atomic_load(&s->inflight) > 0 && waited < grace_s * 100; waited++)
        usleep(10000);
    MHD_stop_daemon(s->daemon);
    free_server(s);
}
