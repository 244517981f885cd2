/* 困境儿童 (kunjing.h): the children in difficulty of a scope with their
 * categories as the policy decides them, and their dated records. */
#include "children/kunjing.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/regstore.h"

/* The person variable deciding, then the categories (names[1..]). */
static const char *const names[1 + KJ_NCATEGORIES] = {
    "kunjing_child", "kj_orphan", "kj_defacto", "kj_poor", "kj_disabled", "kj_ill", "kj_unguarded"};
static const char *const *const categories = names + 1;

const char *const *kj_categories(void)
{
    return categories;
}

/* ---- evaluation ------------------------------------------------------- */

struct eval {
    struct registry *reg;
    const struct pol_set *set;
    const struct pol_snapshot *snap;
    const int64_t *pids;
    int lc; /* the last_contact column, -1 if the policies have none */
    struct kj_list *out;
    size_t cap;
    struct household_row hh;
};

/* Adds member p (snapshot row) of household h to the list if they are a
 * child in difficulty. */
static int add_child(struct eval *e, size_t h, size_t p, struct mz_err *err)
{
    int64_t values[1 + KJ_NCATEGORIES];
    const char *labels[1 + KJ_NCATEGORIES];
    mz_date as_of = e->out->as_of;
    if (pol_person_values(e->set, e->snap, h, (int)(p - e->snap->member_start[h]), as_of, names,
                          1 + KJ_NCATEGORIES, values, labels, err) < 0)
        return -1;
    if (!values[0]) return 0;
    const int64_t *held = values + 1;
    struct db *db = reg_db(e->reg);
    const struct pol_snapshot *snap = e->snap;
    if (e->hh.id != snap->household_id[h] &&
        rs_household_get(db, snap->household_id[h], &e->hh, err) <= 0)
        return err->code[0] ? -1 : mz_fail(err, "no_household", "家庭已不存在");
    struct person_row pr;
    int found = rs_person_get(db, e->pids[p], &pr, err);
    if (found <= 0) return found < 0 ? -1 : mz_fail(err, "unknown_person", "人员已不存在");
    int64_t interval = 0;
    pol_param_lookup(e->set, "child_visit_interval_days", e->hh.division, e->hh.rural, as_of,
                     &interval);
    if (mz_grow(&e->out->children, &e->cap, e->out->n + 1, sizeof *e->out->children) < 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    struct kj_child *c = &e->out->children[e->out->n++];
    memset(c, 0, sizeof *c);
    c->person_id = e->pids[p];
    c->household_id = e->hh.id;
    snprintf(c->name, sizeof c->name, "%s", pr.name);
    snprintf(c->id_masked, sizeof c->id_masked, "%s", pr.id_masked);
    snprintf(c->division, sizeof c->division, "%s", e->hh.division);
    snprintf(c->address, sizeof c->address, "%s", e->hh.address);
    c->age = date_age(pr.birth, as_of);
    size_t len = 0;
    for (int i = 0; i < KJ_NCATEGORIES; i++) {
        e->out->labels[i] = labels[i + 1];
        c->held[i] = held[i] != 0;
        e->out->by_category[i] += c->held[i];
        if (held[i] && len + strlen(labels[i + 1]) + 4 < sizeof c->reasons)
            len += (size_t)snprintf(c->reasons + len, sizeof c->reasons - len, "%s%s",
                                    len ? "；" : "", labels[i + 1]);
    }
    c->last_contact = e->lc >= 0 ? (mz_date)snap->columns[e->lc][p] : MZ_DATE_NONE;
    c->visit_due = c->last_contact == MZ_DATE_NONE ? as_of : c->last_contact + (mz_date)interval;
    c->overdue = c->last_contact == MZ_DATE_NONE || c->visit_due < as_of;
    e->out->overdue += c->overdue;
    return 0;
}

static int by_place(const void *a, const void *b)
{
    const struct kj_child *x = a, *y = b;
    int c = strcmp(x->division, y->division);
    if (c) return c;
    if (x->household_id != y->household_id) return x->household_id < y->household_id ? -1 : 1;
    return (x->person_id > y->person_id) - (x->person_id < y->person_id);
}

/* Everyone born after this day may be under 18 on as_of (the policy
 * decides exactly). */
static mz_date minors_born_after(mz_date as_of)
{
    int y, m, d;
    date_to_ymd(as_of, &y, &m, &d);
    return date_from_ymd(y - 19, 1, 1);
}

/* Evaluates kunjing_child over the members of households ids who may be
 * minors on the day (the policy decides exactly) and lists those it holds
 * for (only the person only, if not 0). */
static int eval_households(struct registry *reg, const struct pol_set *set, int64_t *ids,
                           size_t nids, int64_t only, struct kj_list *out, struct mz_err *err)
{
    if (nids == 0) return 0;
    struct snap_request req = {.as_of = out->as_of, .household_ids = ids, .nhouseholds = nids};
    int64_t *pids = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(reg), set, &req, &pids, err);
    int rc = snap ? 0 : -1;
    int birth = pol_input_find(set, "birth_date");
    mz_date born_after = minors_born_after(out->as_of);
    struct eval e = {reg, set, snap, pids, pol_input_find(set, "last_contact"), out, 0, {0}};
    for (size_t h = 0; rc == 0 && h < snap->nhouseholds; h++)
        for (size_t p = snap->member_start[h]; rc == 0 && p < snap->member_start[h + 1]; p++)
            if ((!only || pids[p] == only) &&
                (birth < 0 || (mz_date)snap->columns[birth][p] > born_after))
                rc = add_child(&e, h, p, err);
    if (rc == 0 && out->n) qsort(out->children, out->n, sizeof *out->children, by_place);
    if (snap) pol_snapshot_free(snap);
    mz_free(pids);
    return rc;
}

int kj_list(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
            int nprefixes, mz_date as_of, struct kj_list *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    out->as_of = as_of;
    int64_t *ids = NULL;
    size_t nids = 0;
    if (chs_child_households(reg_db(reg), prefixes, nprefixes, minors_born_after(as_of), as_of,
                             &ids, &nids, err) < 0)
        return -1;
    int rc = eval_households(reg, set, ids, nids, 0, out, err);
    mz_free(ids);
    if (rc < 0) kj_list_free(out);
    return rc;
}

int kj_get(struct registry *reg, const struct pol_set *set, int64_t person_id, mz_date as_of,
           struct kj_child *out, bool *found, struct mz_err *err)
{
    *found = false;
    int64_t household = 0;
    mz_date joined;
    char relation[32];
    if (rs_membership_current(reg_db(reg), person_id, &household, relation, &joined, err) < 0)
        return -1;
    if (household <= 0) return 0;
    struct kj_list l = {.as_of = as_of};
    if (eval_households(reg, set, &household, 1, person_id, &l, err) < 0) {
        kj_list_free(&l);
        return -1;
    }
    if (l.n) {
        *out = l.children[0];
        *found = true;
    }
    kj_list_free(&l);
    return 0;
}

void kj_list_free(struct kj_list *l)
{
    mz_free(l->children);
    l->children = NULL;
    l->n = l->overdue = 0;
}

int kj_audit_view(struct registry *reg, int64_t person_id, const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, person_id);
    struct audit_event ev = {actor, "child.view", "person", key, NULL, NULL, "查看儿童档案"};
    int rc = db_begin(db, err);
    if (rc == 0) rc = audit_append(db, reg_vault(reg), &ev, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- dated records ------------------------------------------------------ */

static int latest_fn(void *ctx, const struct child_record_row *r)
{
    *(struct child_record_row *)ctx = *r;
    return 1;
}

int kj_record(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
              int nprefixes, mz_date as_of, const char *actor, size_t *recorded,
              struct mz_err *err)
{
    *recorded = 0;
    struct kj_list l;
    if (kj_list(reg, set, prefixes, nprefixes, as_of, &l, err) < 0) return -1;
    struct db *db = reg_db(reg);
    char day[11];
    date_format(as_of, day);
    int rc = db_begin(db, err);
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        struct child_record_row last = {0};
        if (chs_records_of(db, l.children[i].person_id, 1, latest_fn, &last, err) < 0) {
            rc = -1;
            break;
        }
        if (last.id && strcmp(last.reasons, l.children[i].reasons) == 0) continue;
        struct child_record_row r = {.person_id = l.children[i].person_id};
        snprintf(r.as_of, sizeof r.as_of, "%s", day);
        snprintf(r.reasons, sizeof r.reasons, "%s", l.children[i].reasons);
        snprintf(r.recorded_by, sizeof r.recorded_by, "%s", actor);
        int64_t id;
        rc = chs_record_add(db, &r, &id, err);
        *recorded += rc == 0;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "%s 困境儿童 %zu 名，新建或变更档案 %zu 份", day, l.n,
             *recorded);
    struct audit_event ev = {actor, "children.classify", "child_record", day, NULL, NULL, detail};
    if (rc == 0) rc = audit_append(db, reg_vault(reg), &ev, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    kj_list_free(&l);
    return rc;
}
