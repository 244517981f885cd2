/* 银龄 volunteers over HTTP: the volunteers of the caller's scope with
 * their pairs and time-bank balance, and pairing the month's visit
 * targets with them. The rules live in src/care/volunteer.c. */
#include <stdio.h>
#include <string.h>

#include "care/volunteer.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/scope.h"
#include "registry/registry.h"
#include "store/volunteerstore.h"

/* The caller's scope as code prefixes (narrowed to division if given). */
static int scope_codes(struct http_req *req, const char *division, char (*codes)[13])
{
    const char *prefixes[HTTP_SCOPE_MAX];
    int n = http_scope_prefixes(req, division && *division ? division : NULL, prefixes);
    for (int i = 0; i < n; i++)
        snprintf(codes[i], 13, "%.12s", prefixes[i]);
    return n;
}

static int volunteer_json(void *ctx, const struct volunteer_row *v)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I}", "person_id", (json_int_t)v->person_id,
                  "name", v->name, "id_number", v->id_masked, "division", v->division, "skills",
                  v->skills, "pairs", (json_int_t)v->pairs, "minutes", (json_int_t)v->minutes);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

void h_volunteers(struct http_req *req, struct http_resp *resp)
{
    char codes[HTTP_SCOPE_MAX][13];
    int n = scope_codes(req, http_query(req, "division"), codes);
    json_t *items = json_array();
    struct mz_err err = {0};
    if (n > 0 && vls_volunteers(reg_db(req->reg), 0, (const char(*)[13])codes, n, volunteer_json,
                                items, &err) != 0) {
        json_decref(items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

void h_volunteer_match(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"month", "division", NULL};
    if (!http_may_write(req, resp)) return;
    if (!req->policies) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return;
    }
    const char *values[2] = {NULL, NULL};
    json_t *body = http_body_strings(req, resp, names, values);
    if (!body) return;
    char codes[HTTP_SCOPE_MAX][13], actor[80];
    int n = scope_codes(req, values[1], codes);
    http_actor(req, actor);
    long paired = 0;
    struct mz_err err = {0};
    if (n > 0 && volunteer_match(req->reg, req->policies, (const char(*)[13])codes, n, values[0],
                                 actor, &paired, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, json_pack("{s:i}", "paired", (int)paired));
    json_decref(body);
}
