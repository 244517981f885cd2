/* Words beside the API's codes: division names, staff accounts for audit
 * actors, the labels of fact variables (labels.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "http/labels.h"
#include "monitor/monitor.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "registry/vars.h"
#include "store/authstore.h"
#include "store/regstore.h"

json_t *http_division_name(const struct http_req *req, const char *code)
{
    /* Up the parent links of today (a town moved to another district is
     * named under its new one), from code to its county. */
    char names[5][TEXT_BYTES(TEXT_MAX_DIVISION_NAME)], cur[13];
    int n = 0;
    struct mz_err err = {0};
    snprintf(cur, sizeof cur, "%s", code);
    while (n < 5) {
        struct division_row d;
        if (rs_division_at(reg_db(req->reg), cur, date_today(), &d, &err) != 1 &&
            rs_division_latest(reg_db(req->reg), cur, &d, &err) != 1)
            break;
        if (d.level < DIV_COUNTY && n > 0)
            break;
        snprintf(names[n++], sizeof names[0], "%s", d.name);
        if (d.level <= DIV_COUNTY)
            break;
        snprintf(cur, sizeof cur, "%s", d.parent);
    }
    if (!n)
        return json_string(code);
    char out[400] = "";
    for (int i = n - 1; i >= 0; i--) {
        size_t len = strlen(out);
        snprintf(out + len, sizeof out - len, "%s%s", len ? " " : "", names[i]);
    }
    return json_string(out);
}

json_t *http_actor_label(const struct http_req *req, const char *actor)
{
    char out[300];
    const char *colon = strchr(actor, ':');
    const char *name = colon ? colon + 1 : actor;
    struct user_row u;
    struct mz_err err = {0};
    enum auth_role role;
    struct feed_def *feed = NULL;
    if (strcmp(actor, "sweep") == 0) {
        snprintf(out, sizeof out, "全市定期排查");
    } else if (strncmp(actor, "feed:", 5) == 0 && req->feeds_dir &&
               (feed = feed_def_find(req->feeds_dir, name, &err))) {
        snprintf(out, sizeof out, "部门数据推送（%s）", feed_def_label(feed));
        feed_def_free(feed);
    } else if (strncmp(actor, "feed:", 5) == 0 || strncmp(actor, "machine:", 8) == 0) {
        snprintf(out, sizeof out, "部门数据推送（%s）", name);
    } else if (strncmp(actor, "case:", 5) == 0) {
        snprintf(out, sizeof out, "案件 %s", name);
    } else if (strncmp(actor, "resident:", 9) == 0) {
        struct person_row p;
        int64_t pid = strtoll(name, NULL, 10);
        if (rs_person_get(reg_db(req->reg), pid, &p, &err) == 1)
            snprintf(out, sizeof out, "%s（居民本人，网上办理）", p.name);
        else
            snprintf(out, sizeof out, "居民本人（网上办理）");
    } else if (strncmp(actor, "cli:", 4) == 0) {
        snprintf(out, sizeof out, "系统管理员（命令行）");
    } else if (strncmp(actor, "user:", 5) == 0 &&
               as_user_by_name(reg_db(req->reg), name, &u, &err) == 1 &&
               auth_role_parse(u.role, &role, &err) == 0) {
        json_t *area = http_division_name(req, u.division);
        const char *a = json_string_value(area);
        snprintf(out, sizeof out, "%s（%s，%s）", u.name, auth_role_label(role), a ? a : "");
        json_decref(area);
    } else {
        snprintf(out, sizeof out, "%s", name);
    }
    return json_string(out);
}

/* Appends n bytes of s to the string *out of length *len; -1 without memory. */
static int append(char **out, size_t *len, const char *s, size_t n)
{
    char *p = mz_realloc(*out, *len + n + 1);
    if (!p) return -1;
    memcpy(p + *len, s, n);
    *len += n;
    p[*len] = '\0';
    *out = p;
    return 0;
}

/* text with each staff account it names ("user:NAME", an account name of
 * letters, digits, ".", "_" or "-") as http_actor_label says it: a new
 * string, or NULL without memory. */
static char *staff_named(const struct http_req *req, const char *text)
{
    static const char name_chars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    char *out = NULL;
    size_t len = 0;
    int rc = append(&out, &len, "", 0);
    for (const char *p = text; rc == 0;) {
        const char *u = strstr(p, "user:");
        if (!u) {
            rc = append(&out, &len, p, strlen(p));
            break;
        }
        size_t n = strlen("user:") + strspn(u + strlen("user:"), name_chars);
        char actor[80];
        rc = append(&out, &len, p, (size_t)(u - p));
        if (rc == 0 && n > strlen("user:") && n < sizeof actor) {
            snprintf(actor, sizeof actor, "%.*s", (int)n, u);
            json_t *label = http_actor_label(req, actor);
            const char *l = json_string_value(label);
            rc = l ? append(&out, &len, l, strlen(l)) : -1;
            json_decref(label);
        } else if (rc == 0) {
            rc = append(&out, &len, u, n);
        }
        p = u + n;
    }
    if (rc < 0) {
        mz_free(out);
        return NULL;
    }
    return out;
}

json_t *http_evidence(const struct http_req *req, const char *stored, const char *raised_by)
{
    char *named = staff_named(req, stored);
    const char *evidence = named ? named : stored;
    char trigger[160];
    int n = snprintf(trigger, sizeof trigger, "触发：%s", raised_by);
    const char *at = raised_by[0] && n < (int)sizeof trigger ? strstr(evidence, trigger) : NULL;
    /* the whole trigger: at the end, or before the next part ("；来源记录：…") */
    if (!at || (at[n] != '\0' && at[n] != '\n' && strncmp(at + n, "；", strlen("；")) != 0)) {
        json_t *s = json_string(evidence);
        mz_free(named);
        return s;
    }
    json_t *label = http_actor_label(req, raised_by);
    const char *l = json_string_value(label);
    size_t len = strlen(evidence) + (l ? strlen(l) : 0) + 16;
    char *out = mz_malloc(len);
    json_t *s = NULL;
    if (out && l) {
        snprintf(out, len, "%.*s触发：%s%s", (int)(at - evidence), evidence, l, at + n);
        s = json_string(out);
    }
    mz_free(out);
    json_decref(label);
    if (!s) s = json_string(evidence);
    mz_free(named);
    return s;
}

void http_fact_labels(json_t *o, const char *variable)
{
    static const char *const kinds[] = {"money", "int", "bool", "date", "enum"};
    const struct var_def *v = var_find(variable);
    json_object_set_new(o, "label", json_string(v ? v->label : variable));
    json_object_set_new(o, "kind", json_string(v ? kinds[v->type] : "text"));
}
