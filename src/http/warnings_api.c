/* Warnings (预警) over HTTP: the list in the caller's scope (the warning's
 * street office or its household's division lies in the scope), one
 * warning with its evidence, and its lifecycle steps (mon_warning_step,
 * audited under user:NAME). Out of scope answers exactly as missing. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "cases/procedure.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "http/work.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/querystore.h"
#include "store/regstore.h"

/* Loads warning id if it exists and is in scope: 1, 0 (missing or out of
 * scope alike), -1. h receives its household. */
static int warning_visible(const struct http_req *req, int64_t id, struct ms_warning *w,
                           struct household_row *h, struct mz_err *err)
{
    struct db *db = reg_db(req->reg);
    int found = ms_warning_get(db, id, w, err);
    if (found == 1)
        found = rs_household_get(db, w->household_id, h, err);
    if (found == 1 && !http_in_scope(req, w->office) && !http_in_scope(req, h->division))
        found = 0;
    return found;
}

int http_warning_visible(const struct http_req *req, int64_t id, struct mz_err *err)
{
    struct ms_warning *w = mz_malloc(sizeof *w);
    struct household_row h;
    int found = w ? warning_visible(req, id, w, &h, err) : mz_fail(err, "out_of_memory", "内存不足");
    mz_free(w);
    return found;
}

static const char *severity_label(const char *severity)
{
    return strcmp(severity, "high") == 0 ? "高" : strcmp(severity, "medium") == 0 ? "中" : "低";
}

/* Working days from today to the due day (negative past it) and whether
 * the warning is still unfinished; days is NULL when the calendar cannot
 * count (a year it does not know) or the warning is finished. */
static json_t *days_left_json(const struct http_req *req, const struct ms_warning *w)
{
    bool finished = strcmp(w->state, "closed") == 0 || strcmp(w->state, "dismissed") == 0;
    mz_date due = date_parse(w->due);
    int left;
    struct mz_err err = {0};
    if (finished || due == MZ_DATE_NONE ||
        cal_working_days_between(req->cal, date_today(), due, &left, &err) < 0)
        return json_null();
    return json_integer(left);
}

/* The application type a case opened from warning w should have: the
 * procedure of its program (a became-eligible rule), else the one its rule
 * names (`case "…"` in the policy); NULL if neither. */
static const char *proposed_case(const struct http_req *req, const struct ms_warning *w)
{
    const struct procedure *proc = w->program[0] ? proc_for_program(w->program) : NULL;
    const struct pol_set *set = req->policies;
    for (int i = 0; !proc && set && i < pol_warning_count(set); i++) {
        const struct pol_warning *rule = pol_warning(set, i);
        size_t n;
        const struct procedure *all = proc_all(&n);
        for (size_t k = 0; strcmp(rule->name, w->rule) == 0 && k < n; k++)
            if (strcmp(all[k].label, rule->case_label) == 0) proc = &all[k];
    }
    return proc ? proc->type : NULL;
}

/* The JSON of a warning (with the evidence if full); personal data masked. */
static json_t *warning_json(const struct http_req *req, const struct ms_warning *w,
                            const struct household_row *h, bool full, struct mz_err *err)
{
    struct db *db = reg_db(req->reg);
    int64_t case_id = 0;
    if (ms_case_of_warning(db, w->id, &case_id, err) < 0)
        return NULL;
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s?, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s?, "
        "s:o}",
        "id", (json_int_t)w->id, "rule", w->rule, "label", w->label, "severity", w->severity,
        "severity_label", severity_label(w->severity), "program",
        w->program[0] ? w->program : NULL, "household_id", (json_int_t)w->household_id,
        "household_no", w->hh_no, "division", h->division, "office", w->office, "state",
        w->state, "state_label", mon_warning_state_label(w->state), "raised_on", w->raised_on,
        "due", w->due, "days_left", days_left_json(req, w), "assignee",
        w->assignee[0] ? w->assignee : NULL, "case_id",
        case_id ? json_integer(case_id) : json_null());
    if (!o) {
        mz_fail(err, "out_of_memory", "内存不足");
        return NULL;
    }
    if (w->person_id) {
        struct person_row p;
        int found = rs_person_get(db, w->person_id, &p, err);
        if (found < 0) {
            json_decref(o);
            return NULL;
        }
        if (found)
            json_object_set_new(o, "person",
                                json_pack("{s:I, s:s, s:s}", "id", (json_int_t)w->person_id,
                                          "name", p.name, "id_number_masked", p.id_masked));
    }
    char head[128];
    long members;
    if (qs_household_head(db, w->household_id, head, sizeof head, &members, err) < 0) {
        json_decref(o);
        return NULL;
    }
    if (head[0]) json_object_set_new(o, "head_name", json_string(head));
    json_object_set_new(o, "office_name", http_division_name(req, w->office));
    const char *type = proposed_case(req, w);
    if (type) json_object_set_new(o, "case_type", json_string(type));
    if (full) {
        json_object_set_new(o, "evidence", http_evidence(req, w->evidence, w->raised_by));
        json_object_set_new(o, "raised_by", json_string(w->raised_by));
        json_object_set_new(o, "raised_by_label", http_actor_label(req, w->raised_by));
        json_object_set_new(o, "finding", w->finding[0] ? json_string(w->finding) : json_null());
        json_object_set_new(o, "outcome", w->outcome[0] ? json_string(w->outcome) : json_null());
        json_object_set_new(o, "reason", w->reason[0] ? json_string(w->reason) : json_null());
    }
    return o;
}

/* An optional query filter of at most max bytes of [a-z0-9_]; false after
 * a 400 problem. */
static bool query_word(const struct http_req *req, struct http_resp *resp, const char *name,
                       const char **out)
{
    const char *v = http_query(req, name);
    *out = v ? v : "";
    size_t n = strlen(*out);
    if (n < 48 && strspn(*out, "abcdefghijklmnopqrstuvwxyz0123456789_") == n)
        return true;
    char detail[160];
    snprintf(detail, sizeof detail, "参数 %s 应为小写字母、数字或下划线（至多 47 个），实为“%.40s”",
             name, *out);
    http_problem(resp, 400, "invalid_parameter", detail, name);
    return false;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void h_warnings(struct http_req *req, struct http_resp *resp)
{
    long page, per_page;
    const char *state, *program, *rule, *division = http_query(req, "division");
    if (!http_query_page(req, resp, &page, &per_page) || !query_word(req, resp, "state", &state) ||
        !query_word(req, resp, "program", &program) || !query_word(req, resp, "rule", &rule))
        return;
    if (division && div_level_of(division) <= 0) {
        http_problem(resp, 400, "invalid_parameter", "参数 division 应为 2、4、6、9 或 12 位区划代码",
                     "division");
        return;
    }
    if (*state && !mon_warning_state_known(state)) {
        http_problem(resp, 400, "invalid_parameter",
                     "参数 state 应为 open、assigned、verified、closed 或 dismissed", "state");
        return;
    }
    const char *prefixes[HTTP_SCOPE_MAX];
    int nprefix = http_scope_prefixes(req, division, prefixes);
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    /* A scope of several code prefixes lists each in turn; a warning found
     * under two (office and household division) is listed once. */
    for (int i = 0; i < nprefix && rc == 0; i++) {
        int64_t *more;
        size_t nmore;
        rc = ms_warning_ids_in(db, prefixes[i], state, program, rule, &more, &nmore, &err);
        if (rc == 0 && mz_grow(&ids, &cap, n + nmore + 1, sizeof *ids) < 0)
            rc = mz_fail(&err, "out_of_memory", "内存不足");
        if (rc == 0 && nmore)
            memcpy(ids + n, more, nmore * sizeof *ids);
        n += rc == 0 ? nmore : 0;
        mz_free(more);
    }
    if (nprefix > 1 && n > 1) {
        qsort(ids, n, sizeof *ids, cmp_id);
        size_t k = 1;
        for (size_t i = 1; i < n; i++)
            if (ids[i] != ids[k - 1])
                ids[k++] = ids[i];
        n = k;
    }
    json_t *items = json_array();
    struct ms_warning *w = mz_malloc(sizeof *w);
    if (rc == 0 && !w)
        rc = mz_fail(&err, "out_of_memory", "内存不足");
    size_t from = (size_t)((page - 1) * per_page);
    for (size_t i = from; rc == 0 && i < n && i < from + (size_t)per_page; i++) {
        struct household_row h;
        json_t *o = NULL;
        if (ms_warning_get(db, ids[i], w, &err) <= 0 ||
            rs_household_get(db, w->household_id, &h, &err) <= 0 ||
            !(o = warning_json(req, w, &h, false, &err)) || json_array_append_new(items, o) < 0)
            rc = -1;
    }
    mz_free(w);
    mz_free(ids);
    if (rc < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, http_page_json(items, page, per_page, (long)n));
}

void h_warning(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct ms_warning *w = mz_malloc(sizeof *w);
    struct household_row h;
    struct mz_err err = {0};
    int found = !w ? mz_fail(&err, "out_of_memory", "内存不足")
                : http_parse_id(req->params[0], &id) ? warning_visible(req, id, w, &h, &err)
                                                      : 0;
    json_t *o = found == 1 ? warning_json(req, w, &h, true, &err) : NULL;
    mz_free(w);
    if (found == 0)
        http_not_found(resp, "预警", req->params[0]);
    else if (!o)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, o);
}

void h_warning_step(struct http_req *req, struct http_resp *resp)
{
    static const char *const actions[] = {"assign", "verify", "close", "dismiss"};
    static const char *const names[] = {"text", NULL};
    const char *action = req->params[1];
    size_t k = 0;
    while (k < 4 && strcmp(actions[k], action) != 0)
        k++;
    if (k == 4) {
        http_problem(resp, 404, "not_found", "没有这个接口（预警操作为 assign、verify、close、dismiss、case）",
                     NULL);
        return;
    }
    if (!http_may_write(req, resp))
        return;
    const char *text;
    json_t *body = http_body_strings(req, resp, names, &text);
    if (!body)
        return;
    int64_t id;
    struct ms_warning *w = mz_malloc(sizeof *w);
    struct household_row h;
    struct mz_err err = {0};
    int found = !w ? mz_fail(&err, "out_of_memory", "内存不足")
                : http_parse_id(req->params[0], &id) ? warning_visible(req, id, w, &h, &err)
                                                      : 0;
    char actor[80];
    http_actor(req, actor);
    if (found == 1 && mon_warning_step(req->reg, id, action, text, actor, &err) == 0 &&
        ms_warning_get(reg_db(req->reg), id, w, &err) == 1) {
        json_t *o = warning_json(req, w, &h, true, &err);
        if (o)
            http_send_json(resp, 200, o);
        else
            http_problem_err(resp, &err);
    } else if (found == 0) {
        http_not_found(resp, "预警", req->params[0]);
    } else {
        http_problem_err(resp, &err);
    }
    mz_free(w);
    json_decref(body);
}
