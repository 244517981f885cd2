/* The feed API: POST /api/v1/feeds/{name} with a machine token. The body
 * (JSON lines, or a JSON array of objects, named like the feed's CSV
 * columns) goes through the same ingestion as `mz feed ingest`; the answer
 * counts what was accepted, unchanged and rejected (with line and reason)
 * and the warnings raised. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "http/handlers.h"
#include "http/json.h"
#include "monitor/monitor.h"
#include "registry/registry.h"

enum { FEED_API_BATCH = 1000 };

/* Whether the Content-Type header names type (parameters allowed). */
static bool content_type_is(const struct http_req *req, const char *type)
{
    const char *t = http_header(req, "Content-Type");
    size_t n = strlen(type);
    return t && strncasecmp(t, type, n) == 0 && (t[n] == '\0' || t[n] == ';');
}

static void add_reject(void *ctx, long line, const char *key, const char *reason)
{
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "key", key,
                                         "reason", reason));
}

/* Audits the ingestion under "machine:NAME", in its own transaction. */
static int audit_ingest(const struct http_req *req, const char *feed,
                        const struct feed_stats *st, struct mz_err *err)
{
    char actor[80], detail[200];
    snprintf(actor, sizeof actor, "machine:%s", req->machine->name);
    snprintf(detail, sizeof detail,
             "records=%ld accepted=%ld unchanged=%ld rejected=%ld warnings=%ld", st->records,
             st->applied, st->unchanged, st->rejected, st->warnings);
    struct audit_event ev = {.actor = actor, .action = "feed.ingest", .entity = "feed",
                             .entity_id = feed, .detail = detail};
    struct db *db = reg_db(req->reg);
    if (db_begin(db, err) < 0)
        return -1;
    if (audit_append(db, reg_vault(req->reg), &ev, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}

/* Runs the body through the ingestion of its content type. */
static int ingest_body(const struct http_req *req, const struct mon_env *env,
                       const struct feed_def *f, bool lines, const struct feed_run *run,
                       struct feed_stats *st, struct mz_err *err)
{
    if (!lines)
        return feed_ingest_json(env, f, req->body, req->body_len, run, st, err);
    FILE *in = fmemopen((void *)req->body, req->body_len, "r");
    if (!in)
        return mz_fail(err, "out_of_memory", "内存不足");
    int rc = feed_ingest_jsonl(env, f, in, run, st, err);
    fclose(in);
    return rc;
}

void h_feed_post(struct http_req *req, struct http_resp *resp)
{
    const char *name = req->params[0];
    const char *day = http_query(req, "as_of");
    mz_date as_of = day ? date_parse(day) : date_today();
    bool lines = content_type_is(req, "application/x-ndjson");
    if (!auth_machine_may(req->machine, name)) {
        char detail[200];
        snprintf(detail, sizeof detail, "机器令牌“%s”无权推送数据源“%.40s”", req->machine->name,
                 name);
        http_problem(resp, 403, "forbidden_feed", detail, NULL);
        return;
    }
    if (!req->feeds_dir) {
        http_problem(resp, 503, "unavailable", "服务未载入政策与数据源定义，暂不能接收数据", NULL);
        return;
    }
    if (as_of == MZ_DATE_NONE) {
        http_problem(resp, 400, "invalid_query", "as_of 应为日期 YYYY-MM-DD", "as_of");
        return;
    }
    if (!lines && !content_type_is(req, "application/json")) {
        http_problem(resp, 415, "unsupported_media_type",
                     "请求体应为 application/x-ndjson（每行一个 JSON 对象）或 application/json"
                     "（对象数组）",
                     NULL);
        return;
    }
    if (req->body_len == 0) {
        http_problem(resp, 400, "empty_body", "请求体为空，没有记录", NULL);
        return;
    }
    struct mz_err err = {0};
    struct feed_def *f = feed_def_find(req->feeds_dir, name, &err);
    if (!f) {
        http_problem(resp, 404, "not_found", "没有这个数据源", NULL);
        return;
    }
    char source[80];
    snprintf(source, sizeof source, "api:%s", req->machine->name);
    json_t *rejects = json_array();
    struct mon_env env = {req->reg, req->policies, req->cal};
    struct feed_run run = {.source = source, .as_of = as_of, .batch = FEED_API_BATCH,
                           .on_reject = add_reject, .ctx = rejects};
    struct feed_stats st;
    int rc = rejects ? ingest_body(req, &env, f, lines, &run, &st, &err)
                     : mz_fail(&err, "out_of_memory", "内存不足");
    if (rc < 0 && strcmp(err.code, "invalid_json") == 0)
        http_problem(resp, 400, "malformed_json", err.msg, NULL);
    else if (rc < 0 || audit_ingest(req, name, &st, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200,
                       json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:O}", "feed", name,
                                 "records", (json_int_t)st.records, "accepted",
                                 (json_int_t)st.applied, "unchanged", (json_int_t)st.unchanged,
                                 "rejected", (json_int_t)st.rejected, "households",
                                 (json_int_t)st.households, "warnings", (json_int_t)st.warnings,
                                 "rejects", rejects));
    json_decref(rejects);
    feed_def_free(f);
}
