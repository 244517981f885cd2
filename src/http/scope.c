/* Scope, roles and actors of the caller (scope.h), over auth/auth.h. */
#include "http/scope.h"

#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "http/json.h"

_Static_assert(HTTP_SCOPE_MAX == AUTH_SCOPE_MAX, "scope.h and auth.h disagree");

bool http_in_scope(const struct http_req *req, const char *division)
{
    return auth_in_scope(req->user, division);
}

int http_scope_prefixes(const struct http_req *req, const char *filter, const char **prefixes)
{
    const struct auth_user *u = req->user;
    if (filter && auth_in_scope(u, filter)) {
        prefixes[0] = filter;
        return 1;
    }
    if (filter && strncmp(u->division, filter, strlen(filter)) != 0)
        return 0;
    if (!u->nscope) {
        prefixes[0] = u->division;
        return 1;
    }
    for (int i = 0; i < u->nscope; i++)
        prefixes[i] = u->scope[i];
    return u->nscope;
}

int http_scope_codes(const struct http_req *req, const char (**codes)[13])
{
    const struct auth_user *u = req->user;
    *codes = u->nscope ? u->scope : &u->division;
    return u->nscope ? u->nscope : 1;
}

bool http_may_write(const struct http_req *req, struct http_resp *resp)
{
    if (auth_role_can_write(req->user->role))
        return true;
    char detail[160];
    snprintf(detail, sizeof detail, "%s账户只能查看，不能修改数据",
             auth_role_label(req->user->role));
    http_problem(resp, 403, "read_only", detail, NULL);
    return false;
}

bool http_sees_full(const struct http_req *req)
{
    return auth_role_sees_full(req->user->role);
}

bool http_may_pay(const struct http_req *req, struct http_resp *resp)
{
    if (!http_may_write(req, resp))
        return false;
    enum auth_role r = req->user->role;
    if (r == ROLE_CITY_ADMIN || r == ROLE_DISTRICT)
        return true;
    char detail[200];
    snprintf(detail, sizeof detail, "发放名册须由区县民政或市级管理员生成和审核，%s账户只能查看本辖区明细",
             auth_role_label(r));
    http_problem(resp, 403, "forbidden_role", detail, NULL);
    return false;
}

bool http_manager_only(const struct http_req *req, struct http_resp *resp)
{
    enum auth_role r = req->user->role;
    if (r == ROLE_CITY_ADMIN || r == ROLE_DISTRICT)
        return true;
    char detail[160];
    snprintf(detail, sizeof detail, "仅限区县民政和市级管理员，%s账户不能使用", auth_role_label(r));
    http_problem(resp, 403, "forbidden_role", detail, NULL);
    return false;
}

void http_not_found(struct http_resp *resp, const char *what, const char *id)
{
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s 不存在", what, id);
    http_problem(resp, 404, "not_found", detail, NULL);
}

void http_actor(const struct http_req *req, char out[80])
{
    snprintf(out, 80, "user:%s", req->user->name);
}

const char *http_case_role(const struct http_req *req)
{
    return auth_role_case_role(req->user->role);
}

const char *http_user_name(const struct http_req *req)
{
    return req->user->name;
}

const char *http_user_division(const struct http_req *req)
{
    return req->user->division;
}

int64_t http_user_org(const struct http_req *req)
{
    return req->user->role == ROLE_ORG ? req->user->org_id : -1;
}

int64_t http_user_institution(const struct http_req *req)
{
    return req->user->role == ROLE_CHILD_INSTITUTION ? req->user->institution_id : -1;
}

int64_t http_user_provider(const struct http_req *req)
{
    return req->user->role == ROLE_PROVIDER ? req->user->provider_id : -1;
}
