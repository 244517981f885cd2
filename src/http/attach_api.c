/* Case files (材料) over HTTP: upload as multipart/form-data, the list on a
 * case page, download; for caseworkers on cases in their scope (here) and
 * for residents on their own household's cases (portal_api.c). The rules
 * — types, size, sealing, audit — are the case engine's
 * (cases/attachment.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cases/attachment.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/multipart.h"
#include "http/scope.h"
#include "registry/registry.h"
#include "store/casestore.h"

_Static_assert(HTTP_UPLOAD_MAX > CASE_ATTACH_MAX, "an upload body holds the largest file");

static struct case_env env_of(const struct http_req *req)
{
    return (struct case_env){req->reg, req->cal, req->policies};
}

struct list_ctx {
    const struct http_req *req;
    const char *mine;
    json_t *items;
};

static int add_file(void *ctx, const struct attach_row *a)
{
    struct list_ctx *l = ctx;
    json_t *by;
    if (!a->uploaded_by[0])
        by = json_string("办理人（命令行登记）");
    else if (!l->mine)
        by = http_actor_label(l->req, a->uploaded_by);
    else
        by = json_string(strcmp(a->uploaded_by, l->mine) == 0 ? "本人" : "工作人员");
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s?, s:o, s:b, s:b}", "id", (json_int_t)a->id,
                          "name", a->name, "mime", a->mime, "bytes", (json_int_t)a->bytes, "sm3",
                          a->sm3, "uploaded_at", a->uploaded_at[0] ? a->uploaded_at : NULL,
                          "uploaded_by_label", by, "used", a->step_id != 0, "stored", a->stored);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

json_t *http_attachments_json(const struct http_req *req, int64_t case_id, const char *mine,
                              struct mz_err *err)
{
    struct list_ctx l = {req, mine, json_array()};
    if (!l.items || cs_case_attachments(reg_db(req->reg), case_id, add_file, &l, err) != 0) {
        json_decref(l.items);
        if (!err->msg[0]) mz_fail(err, "out_of_memory", "内存不足");
        return NULL;
    }
    return l.items;
}

void http_attach_upload(struct http_req *req, struct http_resp *resp, int64_t case_id,
                        const char *actor)
{
    struct mz_err err = {0};
    char name[256];
    const char *data;
    size_t n;
    struct attach_row a;
    struct case_env env = env_of(req);
    if (multipart_file(http_header(req, "Content-Type"), req->body, req->body_len, "file", name,
                       sizeof name, &data, &n, &err) < 0) {
        int status = strcmp(err.code, "unsupported_media_type") == 0 ? 415
                     : strcmp(err.code, "missing_field") == 0        ? 422
                                                                     : 400;
        http_problem(resp, status, err.code, err.msg, err.field[0] ? err.field : NULL);
        return;
    }
    if (case_attach_add(&env, case_id, name, data, n, actor, &a, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 201,
                   json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)a.id, "name",
                             a.name, "mime", a.mime, "bytes", (json_int_t)a.bytes, "sm3", a.sm3,
                             "uploaded_at", a.uploaded_at));
}

void http_attach_download(struct http_req *req, struct http_resp *resp, int64_t case_id,
                          const char *aid, const char *actor)
{
    struct mz_err err = {0};
    int64_t id;
    struct attach_row a;
    char *data;
    size_t n;
    struct case_env env = env_of(req);
    if (!http_parse_id(aid, &id)) {
        http_not_found(resp, "材料", aid);
        return;
    }
    if (case_attach_read(&env, case_id, id, actor, &a, &data, &n, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    const char *ext = strcmp(a.mime, "application/pdf") == 0 ? "pdf"
                      : strcmp(a.mime, "image/png") == 0     ? "png"
                                                             : "jpg";
    resp->status = 200;
    resp->body = data;
    resp->len = n;
    resp->type = strcmp(ext, "pdf") == 0   ? "application/pdf"
                 : strcmp(ext, "png") == 0 ? "image/png"
                                           : "image/jpeg";
    snprintf(resp->disposition, sizeof resp->disposition,
             "attachment; filename=\"case-%" PRId64 "-file-%" PRId64 ".%s\"", case_id, id, ext);
}
