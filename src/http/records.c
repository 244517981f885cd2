/* Registry records over HTTP: divisions, households, persons and facts,
 * read and written within the caller's division scope. A record outside the
 * scope answers exactly as a missing one (404), in lists, by id and in
 * search. ID and phone numbers are masked everywhere except the person page
 * of a role allowed to see them, and each such full view is audited
 * (reg_person_id_number). Writes run in one transaction with their audit
 * entries and the scope checks. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/querystore.h"

/* ---- helpers ---------------------------------------------------------- */

static bool is_code(const char *s)
{
    return div_level_of(s) > 0;
}

/* The phone number of a sealed value, full or masked, into out ("" if
 * none); -1 if it cannot be unsealed. */
static int phone_text(const struct http_req *req, const unsigned char *sealed, int len, bool full,
                      char *out, size_t cap, struct mz_err *err)
{
    return reg_phone_text(req->reg, sealed, len, full, out, cap, err);
}

static const char *sex_text(int sex)
{
    return sex == 1 ? "男" : "女";
}

static const char *rural_text(bool rural)
{
    return rural ? "农村" : "城镇";
}

/* Collects persons into a JSON array, masked. */
struct person_list {
    const struct http_req *req;
    json_t *items;
    struct mz_err *err;
};

static int add_person(void *ctx, const struct person_brief *p)
{
    struct person_list *l = ctx;
    char phone[40];
    if (phone_text(l->req, p->phone_sealed, p->phone_sealed_len, false, phone, sizeof phone,
                   l->err) < 0)
        return -1;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s?}", "id", (json_int_t)p->id,
                          "name", p->name, "id_number_masked", p->id_masked, "sex",
                          sex_text(p->sex), "birth_date", http_date_json(p->birth), "division",
                          p->division, "phone_masked", phone[0] ? phone : NULL);
    if (o && p->relation)
        json_object_set_new(o, "relation", json_string(p->relation));
    if (!o || json_array_append_new(l->items, o) < 0)
        return mz_fail(l->err, "out_of_memory", "内存不足");
    return 0;
}

static int add_fact(void *ctx, const char *variable, const char *value, mz_date effective,
                    const char *source)
{
    json_t *o = json_pack("{s:s, s:s, s:o, s:s}", "variable", variable, "value", value,
                          "effective", http_date_json(effective), "source", source);
    if (o)
        http_fact_labels(o, variable);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

/* ---- divisions -------------------------------------------------------- */

/* A division is visible if it is in scope or an ancestor of the scope. */
static bool division_visible(const struct http_req *req, const char *code)
{
    return http_in_scope(req, code) || strncmp(req->user->division, code, strlen(code)) == 0;
}

struct child_list {
    const struct http_req *req;
    json_t *items;
};

static int add_child(void *ctx, const struct division_row *d)
{
    struct child_list *l = ctx;
    if (!division_visible(l->req, d->code))
        return 0;
    json_t *o = json_pack("{s:s, s:s, s:i}", "code", d->code, "name", d->name, "level", d->level);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

void h_division(struct http_req *req, struct http_resp *resp)
{
    const char *code = req->params[0];
    struct mz_err err = {0};
    struct division_row d;
    mz_date today = date_today();
    if (!is_code(code) || !division_visible(req, code)) {
        http_not_found(resp, "区划", code);
        return;
    }
    int found = rs_division_at(reg_db(req->reg), code, today, &d, &err);
    if (found <= 0) {
        if (found < 0)
            http_problem_err(resp, &err);
        else
            http_not_found(resp, "区划", code);
        return;
    }
    struct child_list l = {req, json_array()};
    if (rs_division_children(reg_db(req->reg), code, today, add_child, &l, &err) != 0) {
        json_decref(l.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200,
                   json_pack("{s:s, s:s, s:i, s:s?, s:o, s:o}", "code", d.code, "name", d.name,
                             "level", d.level, "parent", d.parent[0] ? d.parent : NULL,
                             "valid_from", http_date_json(d.valid_from), "children", l.items));
}

/* ---- households ------------------------------------------------------- */

/* A household with its area by name, its head (null if none) and its
 * member count; NULL on failure (err set, or out of memory). */
static json_t *household_json(const struct http_req *req, const struct household_row *h,
                              struct mz_err *err)
{
    char head[128];
    long members = 0;
    if (qs_household_head(reg_db(req->reg), h->id, head, sizeof head, &members, err) < 0)
        return NULL;
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s?, s:i}", "id", (json_int_t)h->id,
                     "household_no", h->hh_no, "division", h->division, "division_name",
                     http_division_name(req, h->division), "address", h->address, "rural",
                     rural_text(h->rural), "head_name", head[0] ? head : NULL, "member_count",
                     (int)members);
}

struct household_list {
    const struct http_req *req;
    json_t *items;
    struct mz_err *err;
};

static int add_household(void *ctx, const struct household_row *h)
{
    struct household_list *l = ctx;
    json_t *o = household_json(l->req, h, l->err);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

/* At most this many households answer a search (all on one page or more). */
#define SEARCH_MAX 1000

/* The search terms of q: 户编号 or name text always; address text when q
 * has Chinese characters; pinyin initials when q is letters; a masked ID
 * number as lists show it; a full ID number through the blind index (its
 * person's household, in scope). */
static int household_query(struct http_req *req, const char *q, char *initials, size_t cap,
                           struct qs_household_query *out, struct mz_err *err);

/* The matches of a search, kept whole until the page of them is chosen. */
struct household_rows {
    struct household_row *v;
    size_t n, cap;
};

static int keep_household(void *ctx, const struct household_row *h)
{
    struct household_rows *r = ctx;
    if (mz_grow(&r->v, &r->cap, r->n + 1, sizeof *r->v) < 0)
        return -1;
    r->v[r->n++] = *h;
    return 0;
}

/* The orders of a household list: the API's sort field, its column. */
static const char *const hh_sorts[] = {"household_no", "division", "address", NULL};
static const char *const hh_columns[] = {"hh_no", "division", "address"};

static int cmp_id(int64_t a, int64_t b) { return (a > b) - (a < b); }
#define HH_CMP(name, field)                                                                    \
    static int name(const void *a, const void *b)                                              \
    {                                                                                          \
        const struct household_row *x = a, *y = b;                                             \
        int c = strcmp(x->field, y->field);                                                    \
        return c ? c : cmp_id(x->id, y->id);                                              \
    }
HH_CMP(by_hh_no, hh_no)
HH_CMP(by_division, division)
HH_CMP(by_address, address)
static int (*const hh_cmp[])(const void *, const void *) = {by_hh_no, by_division, by_address};

/* Which of hh_sorts sort is (sort non-NULL and allowed). */
static size_t hh_sort_index(const char *sort)
{
    size_t i = 0;
    while (strcmp(hh_sorts[i], sort) != 0)
        i++;
    return i;
}

/* The matches of q under every prefix (at most SEARCH_MAX: *capped says
 * when more may match), in the order asked (sort NULL: by id), then the
 * page of them: only the page's rows are looked up further (head,
 * members, area name). */
static int households_search(struct http_req *req, const char *q, const char **prefixes,
                             int nprefix, const char *sort, bool desc, long page, long per_page,
                             json_t *items, long *total, bool *capped, struct mz_err *err)
{
    char initials[32];
    struct qs_household_query hq;
    if (household_query(req, q, initials, sizeof initials, &hq, err) < 0) return -1;
    struct household_rows all = {0};
    int rc = 0;
    for (int i = 0; i < nprefix && rc == 0; i++)
        if (qs_households_search(reg_db(req->reg), prefixes[i], &hq, SEARCH_MAX - (long)all.n,
                                 keep_household, &all, err) != 0)
            rc = err->code[0] ? -1 : mz_fail(err, "out_of_memory", "内存不足");
    *total = (long)all.n;
    *capped = all.n >= SEARCH_MAX;
    if (rc == 0 && sort && all.n) {
        qsort(all.v, all.n, sizeof *all.v, hh_cmp[hh_sort_index(sort)]);
        for (size_t i = 0; desc && i < all.n / 2; i++) {
            struct household_row t = all.v[i];
            all.v[i] = all.v[all.n - 1 - i];
            all.v[all.n - 1 - i] = t;
        }
    }
    struct household_list l = {req, items, err};
    for (long k = (page - 1) * per_page; rc == 0 && k < *total && k < page * per_page; k++)
        rc = add_household(&l, &all.v[k]);
    mz_free(all.v);
    return rc;
}

void h_households(struct http_req *req, struct http_resp *resp)
{
    long page, per_page;
    const char *sort;
    bool desc;
    if (!http_query_page(req, resp, &page, &per_page) ||
        !http_query_sort(req, resp, hh_sorts, &sort, &desc))
        return;
    const char *division = http_query(req, "division"), *q = http_query(req, "q");
    if (q && (!*q || strlen(q) > 60)) {
        http_problem(resp, 400, "invalid_parameter", "参数 q 应为 1-60 字节的查找内容", "q");
        return;
    }
    if (division && !is_code(division)) {
        http_problem(resp, 400, "invalid_parameter", "参数 division 应为 2、4、6、9 或 12 位区划代码",
                     "division");
        return;
    }
    /* The narrower of the scope and the filter; nothing if they do not meet.
     * A scope with divisions merged into it lists each code prefix in turn. */
    const char *prefixes[HTTP_SCOPE_MAX];
    int nprefix = http_scope_prefixes(req, division, prefixes);
    struct mz_err err = {0};
    long total = 0, skip = (page - 1) * per_page, want = per_page;
    json_t *items = json_array();
    struct household_list l = {req, items, &err};
    bool capped = false;
    if (q) {
        if (households_search(req, q, prefixes, nprefix, sort, desc, page, per_page, items,
                              &total, &capped, &err) < 0) {
            json_decref(items);
            http_problem_err(resp, &err);
            return;
        }
        nprefix = 0;
    }
    for (int i = 0; i < nprefix; i++) {
        const char *prefix = prefixes[i];
        long n;
        if (qs_households_count(reg_db(req->reg), prefix, &n, &err) < 0 ||
            (want > 0 && skip < n &&
             (sort ? qs_households_page_by(reg_db(req->reg), prefix,
                                           hh_columns[hh_sort_index(sort)], desc, want, skip,
                                           add_household, &l, &err)
                   : qs_households_page(reg_db(req->reg), prefix, want, skip, add_household,
                                        &l, &err)) != 0)) {
            json_decref(items);
            http_problem_err(resp, &err);
            return;
        }
        total += n;
        want = per_page - (long)json_array_size(items);
        skip = skip > n ? skip - n : 0;
    }
    json_t *answer = http_page_json(items, page, per_page, total);
    if (q)
        json_object_set_new(answer, "limit", capped ? json_integer(SEARCH_MAX) : json_null());
    http_send_json(resp, 200, answer);
}

void h_household(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct household_row h;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? rs_household_get(reg_db(req->reg), id, &h, &err)
                                              : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found || !http_in_scope(req, h.division)) {
        http_not_found(resp, "家庭", req->params[0]);
        return;
    }
    h.id = id;
    struct person_list members = {req, json_array(), &err};
    json_t *facts = json_array();
    if (qs_members(reg_db(req->reg), id, add_person, &members, &err) != 0 ||
        qs_facts_now(reg_db(req->reg), "household", id, date_today(), add_fact, facts, &err) !=
            0) {
        json_decref(members.items);
        json_decref(facts);
        http_problem_err(resp, &err);
        return;
    }
    json_t *o = household_json(req, &h, &err);
    if (!o) {
        json_decref(members.items);
        json_decref(facts);
        http_problem_err(resp, &err);
        return;
    }
    json_object_set_new(o, "members", members.items);
    json_object_set_new(o, "facts", facts);
    http_send_json(resp, 200, o);
}

/* ---- persons ---------------------------------------------------------- */

/* Looks a person up by ID number within scope: 1 (id and *p filled), 0 if
 * absent or out of scope (alike), -1. */
static int person_by_number(struct http_req *req, const char *number, int64_t *id,
                            struct person_row *p, struct mz_err *err)
{
    int found = reg_person_find(req->reg, number, id, err);
    if (found == 1)
        found = rs_person_get(reg_db(req->reg), *id, p, err);
    if (found == 1 && !http_in_scope(req, p->division))
        found = 0;
    return found;
}

/* A masked ID number as lists show it: 6 digits, 8 stars, 3 digits and a
 * digit or X. */
static bool is_masked_id(const char *s)
{
    return strlen(s) == 18 && strspn(s, "0123456789") == 6 && strspn(s + 6, "*") == 8 &&
           strspn(s + 14, "0123456789") >= 3 && (isdigit((unsigned char)s[17]) || s[17] == 'X');
}

static int household_query(struct http_req *req, const char *q, char *initials, size_t cap,
                           struct qs_household_query *out, struct mz_err *err)
{
    *out = (struct qs_household_query){.text = q};
    size_t n = strlen(q), letters = 0, ascii = 0;
    for (size_t i = 0; i < n; i++) {
        letters += isalpha((unsigned char)q[i]) != 0;
        ascii += (unsigned char)q[i] < 0x80;
    }
    /* Addresses are written in Chinese: text without a Chinese character
     * (a 户编号, initials, an ID number) is not looked for in them, which
     * would scan every household of the scope. */
    if (ascii < n)
        out->address = q;
    if (letters == n && n < cap) {
        for (size_t i = 0; i <= n; i++)
            initials[i] = (char)tolower((unsigned char)q[i]);
        out->initials = initials;
    }
    char upper[19];
    if (n == 18) {
        for (size_t i = 0; i <= n; i++)
            upper[i] = (char)toupper((unsigned char)q[i]);
        if (is_masked_id(upper)) {
            out->masked = q;
        } else if (strspn(upper, "0123456789") >= 17) {
            int64_t id;
            struct person_row p;
            int found = person_by_number(req, upper, &id, &p, err);
            int64_t hh = 0;
            char relation[32];
            mz_date from;
            if (found < 0 || (found == 1 && rs_membership_current(reg_db(req->reg), id, &hh,
                                                                  relation, &from, err) < 0))
                return -1;
            out->household_id = hh;
        }
    }
    return 0;
}

void h_persons(struct http_req *req, struct http_resp *resp)
{
    const char *number = http_query(req, "id_number"), *name = http_query(req, "name"),
               *initials = http_query(req, "initials");
    long page, per_page;
    if (!http_query_page(req, resp, &page, &per_page))
        return;
    if ((number != NULL) + (name != NULL) + (initials != NULL) != 1 ||
        (name && (!*name || strlen(name) > 60)) ||
        (initials && (!*initials || strlen(initials) > 20 ||
                      strspn(initials, "abcdefghijklmnopqrstuvwxyz") != strlen(initials)))) {
        http_problem(resp, 400, "invalid_parameter",
                     "请给出 id_number（身份证号或脱敏号码）、name（姓名开头，1-60 字节）或 "
                     "initials（姓名拼音首字母，1-20 个小写字母）中的一项",
                     initials ? "initials" : number ? "name" : "id_number");
        return;
    }
    struct mz_err err = {0};
    struct person_list l = {req, json_array(), &err};
    const char(*scope)[13];
    int nscope = http_scope_codes(req, &scope), rc = 0;
    bool one = number && !is_masked_id(number);
    if (one) {
        int64_t id;
        struct person_row p;
        int found = person_by_number(req, number, &id, &p, &err);
        if (found == 1) {
            struct person_brief b = {id, p.id_masked, p.name, p.division, p.sex, p.birth,
                                     p.phone_sealed, p.phone_sealed_len, NULL};
            rc = add_person(&l, &b);
        }
        rc = found < 0 ? -1 : rc;
    } else if (name) {
        rc = qs_persons_by_name(reg_db(req->reg), name, scope, nscope, per_page,
                                (page - 1) * per_page, add_person, &l, &err);
    } else {
        rc = qs_persons_by_key(reg_db(req->reg), number ? QS_BY_MASKED : QS_BY_INITIALS,
                               number ? number : initials, scope, nscope, per_page,
                               (page - 1) * per_page, add_person, &l, &err);
    }
    if (rc != 0) {
        json_decref(l.items);
        http_problem_err(resp, &err);
        return;
    }
    long n = (long)json_array_size(l.items);
    http_send_json(resp, 200, http_page_json(l.items, one ? 1 : page, per_page, n));
}

/* The person page: full numbers for roles allowed to see them, each view
 * audited in its own transaction. */
void h_person(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct person_row p;
    struct mz_err err = {0};
    struct db *db = reg_db(req->reg);
    int found = http_parse_id(req->params[0], &id) ? rs_person_get(db, id, &p, &err) : 0;
    if (found == 1 && !http_in_scope(req, p.division))
        found = 0;
    if (found <= 0) {
        if (found < 0)
            http_problem_err(resp, &err);
        else
            http_not_found(resp, "人员", req->params[0]);
        return;
    }
    bool full = auth_role_sees_full(req->user->role);
    char number[19], phone[40];
    snprintf(number, sizeof number, "%s", p.id_masked);
    if (full && (db_begin(db, &err) < 0 || reg_person_id_number(req->reg, id, number, &err) < 0 ||
                 db_commit(db, &err) < 0)) {
        db_rollback(db);
        http_problem_err(resp, &err);
        return;
    }
    int64_t hh = 0;
    char relation[32] = "";
    mz_date from;
    json_t *facts = json_array();
    if (phone_text(req, p.phone_sealed, p.phone_sealed_len, full, phone, sizeof phone, &err) < 0 ||
        rs_membership_current(db, id, &hh, relation, &from, &err) < 0 ||
        qs_facts_now(db, "person", id, date_today(), add_fact, facts, &err) != 0) {
        json_decref(facts);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(
        resp, 200,
        json_pack("{s:I, s:s, s:s, s:s?, s:b, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:o}", "id",
                  (json_int_t)id, "name", p.name, full ? "id_number" : "id_number_masked", number,
                  full ? "phone" : "phone_masked", phone[0] ? phone : NULL, "full", full, "sex", sex_text(p.sex),
                  "birth_date", http_date_json(p.birth), "hukou", rural_text(p.rural_hukou),
                  "division", p.division, "division_name", http_division_name(req, p.division),
                  "household_id",
                  hh ? json_integer(hh) : json_null(), "relation", relation, "facts", facts));
}

/* ---- writes ----------------------------------------------------------- */

/* A division the caller writes into must lie in their scope. */
static int check_target_division(const struct http_req *req, const char *division,
                                 struct http_resp *resp)
{
    if (!division || !*division || http_in_scope(req, division))
        return 0;
    char detail[160];
    snprintf(detail, sizeof detail, "区划 %.20s 不在您的管辖范围 %s 内", division,
             req->user->division);
    http_problem(resp, 403, "out_of_scope", detail, "division");
    return -1;
}

/* Where a record named by its key (household number, ID number) is
 * registered, if anywhere. Out of scope is told apart from absent only
 * after a write's whole body passed: a probe learns nothing otherwise. */
enum where {
    WHERE_ERROR = -1, /* a response was sent */
    WHERE_ABSENT,
    WHERE_IN_SCOPE,
    WHERE_ELSEWHERE,
    WHERE_BAD_KEY, /* not a valid key: the registry names the fault */
};

static enum where household_where(struct http_req *req, const char *hh_no,
                                  struct http_resp *resp)
{
    if (!hh_no || !*hh_no)
        return WHERE_ABSENT;
    struct household_row h;
    struct mz_err err = {0};
    if (reg_household_no_check(hh_no, &err) < 0)
        return WHERE_BAD_KEY;
    int found = rs_household_by_no(reg_db(req->reg), hh_no, &h, &err);
    if (found < 0) {
        http_problem_err(resp, &err);
        return WHERE_ERROR;
    }
    return !found ? WHERE_ABSENT : http_in_scope(req, h.division) ? WHERE_IN_SCOPE : WHERE_ELSEWHERE;
}

static enum where person_where(struct http_req *req, const char *number, struct http_resp *resp)
{
    if (!number || !*number)
        return WHERE_ABSENT;
    int64_t id;
    struct mz_err err = {0};
    struct person_row p;
    int found = reg_person_find(req->reg, number, &id, &err);
    if (found < 0 && strcmp(err.code, "invalid_id_number") == 0)
        return WHERE_BAD_KEY;
    if (found == 1)
        found = rs_person_get(reg_db(req->reg), id, &p, &err);
    if (found < 0) {
        http_problem_err(resp, &err);
        return WHERE_ERROR;
    }
    return !found ? WHERE_ABSENT : http_in_scope(req, p.division) ? WHERE_IN_SCOPE : WHERE_ELSEWHERE;
}

/* A record that must exist in scope: absent and out of scope answer
 * alike, 404. 0, or -1 after the response. */
static int must_exist(enum where w, const char *key, const char *field, struct http_resp *resp)
{
    if (w == WHERE_ERROR)
        return -1;
    if (!key || !*key || (w != WHERE_ABSENT && w != WHERE_ELSEWHERE))
        return 0;
    if (strcmp(field, "household_no") == 0)
        http_problem(resp, 404, "unknown_household", "该户编号的家庭不存在", field);
    else
        http_problem(resp, 404, "unknown_person", "该身份证号的人员不存在", field);
    return -1;
}

/* After a write passed every check: a record of another area is refused
 * (409); the caller rolls back. */
static void refuse_elsewhere(enum where w, const char *field, struct http_resp *resp)
{
    if (w == WHERE_ELSEWHERE)
        http_problem(resp, 409, "registered_elsewhere",
                     strcmp(field, "id_number") == 0
                         ? "该身份证号的人员已在其他区划登记，须由原登记机关办理迁出后再登记"
                         : "该户编号已在其他区划登记，不能在此登记或修改",
                     field);
}

static const char *result_text(enum put_result r)
{
    return r == PUT_ADDED ? "added" : r == PUT_UPDATED ? "updated" : "unchanged";
}

/* Ends a write: commits and answers 201 (added) or 200, or rolls back. */
static void finish_write(struct http_req *req, struct http_resp *resp, int rc,
                         enum put_result res, struct mz_err *err, json_t *extra)
{
    struct db *db = reg_db(req->reg);
    if (rc == 0 && resp->status == 0 && db_commit(db, err) < 0)
        rc = -1;
    if (rc < 0 || resp->status) {
        db_rollback(db);
        json_decref(extra);
        if (!resp->status)
            http_problem_err(resp, err);
        return;
    }
    json_t *o = extra ? extra : json_object();
    json_object_set_new(o, "result", json_string(result_text(res)));
    http_send_json(resp, res == PUT_ADDED ? 201 : 200, o);
}

void h_household_put(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"household_no", "division", "address", "rural", NULL};
    const char *v[4];
    if (!http_may_write(req, resp))
        return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    struct reg_household_in in = {v[0], v[1], v[2], v[3]};
    struct mz_err err = {0};
    enum put_result res = PUT_UNCHANGED;
    json_t *extra = NULL;
    int rc = db_begin(reg_db(req->reg), &err);
    enum where where = WHERE_ABSENT;
    if (rc == 0 && check_target_division(req, in.division, resp) == 0 &&
        (where = household_where(req, in.household_no, resp)) != WHERE_ERROR) {
        rc = reg_household_put(req->reg, &in, date_today(), &res, &err);
        struct household_row h;
        if (rc == 0)
            refuse_elsewhere(where, "household_no", resp);
        if (rc == 0 && !resp->status &&
            rs_household_by_no(reg_db(req->reg), in.household_no, &h, &err) == 1)
            extra = json_pack("{s:I}", "id", (json_int_t)h.id);
    }
    finish_write(req, resp, rc, res, &err, extra);
    json_decref(body);
}

void h_person_put(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"id_number", "name",      "sex",      "birth_date",
                                        "hukou",     "division",  "household_no", "relation",
                                        "phone",     NULL};
    const char *v[9];
    if (!http_may_write(req, resp))
        return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    struct reg_person_in in = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]};
    struct mz_err err = {0};
    enum put_result res = PUT_UNCHANGED;
    json_t *extra = NULL;
    int rc = db_begin(reg_db(req->reg), &err);
    enum where where = WHERE_ABSENT;
    if (rc == 0 && check_target_division(req, in.division, resp) == 0 &&
        must_exist(household_where(req, in.household_no, resp), in.household_no,
                   "household_no", resp) == 0 &&
        (where = person_where(req, in.id_number, resp)) != WHERE_ERROR) {
        rc = reg_person_put(req->reg, &in, date_today(), &res, &err);
        int64_t id;
        if (rc == 0)
            refuse_elsewhere(where, "id_number", resp);
        if (rc == 0 && !resp->status && reg_person_find(req->reg, in.id_number, &id, &err) == 1)
            extra = json_pack("{s:I}", "id", (json_int_t)id);
    }
    finish_write(req, resp, rc, res, &err, extra);
    json_decref(body);
}

void h_fact_put(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"id_number", "household_no", "variable", "value",
                                        "effective", "source",       NULL};
    const char *v[6];
    if (!http_may_write(req, resp))
        return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    char source[96];
    snprintf(source, sizeof source, "api:%s", req->user->name);
    struct reg_fact_in in = {v[0], v[1], v[2], v[3], v[4], v[5] ? v[5] : source};
    struct mz_err err = {0};
    enum put_result res = PUT_UNCHANGED;
    int rc = db_begin(reg_db(req->reg), &err);
    if (rc == 0 &&
        must_exist(household_where(req, in.household_no, resp), in.household_no,
                   "household_no", resp) == 0 &&
        must_exist(person_where(req, in.id_number, resp), in.id_number, "id_number", resp) == 0)
        rc = reg_fact_put(req->reg, &in, &res, &err);
    finish_write(req, resp, rc, res, &err, NULL);
    json_decref(body);
}
