/* 专项救助 referrals over HTTP for the departments' systems: a machine
 * token granted a department (`mz token add NAME --referrals DEPT`, the
 * grant referral_DEPT) pulls that department's referrals — full ID numbers,
 * audited — and posts its answers, all or nothing. The rules live in
 * src/referral. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "http/handlers.h"
#include "http/json.h"
#include "referral/referral.h"

/* Whether the caller's token holds the department's grant (403 if not). */
static bool granted(struct http_req *req, struct http_resp *resp, const char *department)
{
    char grant[48];
    snprintf(grant, sizeof grant, "referral_%.30s", department);
    if (ref_department(department) && auth_machine_may(req->machine, grant))
        return true;
    char detail[200];
    snprintf(detail, sizeof detail, "机器令牌“%s”无权读取部门“%.30s”的专项救助转介",
             req->machine->name, department);
    http_problem(resp, 403, "forbidden_feed", detail, NULL);
    return false;
}

static int item_json(void *ctx, const struct ref_item *it)
{
    const struct referral_row *r = it->row;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?}", "id", (json_int_t)r->id,
                          "service", it->department->service, "household_no", r->hh_no, "name",
                          it->name, "id_number", it->id_number, "basis", ref_basis_label(r->basis),
                          "reason", r->reason, "referred_at", r->created_at, "answer",
                          r->answer[0] ? r->answer : NULL);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

void h_referrals(struct http_req *req, struct http_resp *resp)
{
    const char *department = req->params[0];
    if (!granted(req, resp, department))
        return;
    json_t *items = json_array();
    int64_t rows;
    char actor[80];
    snprintf(actor, sizeof actor, "machine:%s", req->machine->name);
    struct mz_err err = {0};
    if (ref_take(req->reg, department, actor, "接口拉取", item_json, items, &rows, &err) < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    const struct ref_department *d = ref_department(department);
    http_send_json(resp, 200,
                   json_pack("{s:s, s:s, s:s, s:o}", "department", department, "label", d->label,
                             "service", d->service, "items", items));
}

void h_referral_answers(struct http_req *req, struct http_resp *resp)
{
    const char *department = req->params[0];
    if (!granted(req, resp, department))
        return;
    json_t *body = http_body_object(req, resp);
    if (!body)
        return;
    json_t *answers = json_object_get(body, "answers");
    size_t n = json_is_array(answers) ? json_array_size(answers) : 0;
    if (!json_is_array(answers) || n == 0 || json_object_size(body) != 1) {
        json_decref(body);
        http_problem(resp, 422, "missing_field",
                     "请求体应为 {\"answers\": [{\"id\", \"answer\", \"note\"?}, …]}", "answers");
        return;
    }
    struct ref_answer_in *in = mz_calloc(n, sizeof *in);
    if (!in) {
        json_decref(body);
        http_problem(resp, 500, "internal", "内存不足", NULL);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(answers, i);
        json_t *id = json_object_get(a, "id");
        in[i] = (struct ref_answer_in){json_is_integer(id) ? json_integer_value(id) : 0,
                                       json_string_value(json_object_get(a, "answer")),
                                       json_string_value(json_object_get(a, "note")), (long)i + 1};
    }
    char actor[80], *report = NULL;
    size_t len = 0;
    snprintf(actor, sizeof actor, "machine:%s", req->machine->name);
    struct mz_err err = {0};
    FILE *f = open_memstream(&report, &len);
    int rc = f ? ref_answer_rows(req->reg, department, in, n, "answers", actor, f, &err)
               : mz_fail(&err, "out_of_memory", "内存不足");
    if (f)
        fclose(f);
    if (rc < 0 && strcmp(err.code, "rejected_rows") == 0)
        http_problem(resp, 422, "rejected_rows", report && *report ? report : err.msg, "answers");
    else if (rc < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(
            resp, 200,
            json_pack("{s:s, s:I}", "department", department, "recorded", (json_int_t)n));
    free(report);
    mz_free(in);
    json_decref(body);
}
