/* Family relations (kin.h): a person's ancestors found breadth first over
 * recorded parent links and the relations of memberships to their head,
 * with the record that makes each step; two persons' ancestors compared. */
#include "registry/kin.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "registry/registry.h"
#include "store/kinstore.h"
#include "store/regstore.h"

enum { KIN_MAX_DEPTH = 8, KIN_MAX_NODES = 512 };

/* A node of the family tree: a registry person, or a parent the registry
 * does not name — the head's parent through whom the household's
 * 兄弟姐妹 and 祖父母 are related (household h, head a), or the parent of
 * a 孙子女 (household h, grandchild a). */
enum node_kind { N_PERSON, N_HEAD_PARENT, N_GRANDCHILD_PARENT };

struct node {
    enum node_kind kind;
    int64_t a, h;
    int depth;
    int child;        /* the node this one is a parent of (-1 for the start) */
    char via[160];    /* the record that makes it so */
};

struct tree {
    struct node *nodes;
    size_t n, cap;
};

static bool same(const struct node *x, enum node_kind kind, int64_t a, int64_t h)
{
    return x->kind == kind && x->a == a && x->h == h;
}

static int add(struct tree *t, enum node_kind kind, int64_t a, int64_t h, int depth, int child,
               const char *via, struct mz_err *err)
{
    for (size_t i = 0; i < t->n; i++)
        if (same(&t->nodes[i], kind, a, h))
            return 0; /* found before, at a depth no greater */
    if (t->n >= KIN_MAX_NODES)
        return 0;
    if (mz_grow(&t->nodes, &t->cap, t->n + 1, sizeof *t->nodes) < 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    struct node *x = &t->nodes[t->n++];
    *x = (struct node){kind, a, h, depth, child, ""};
    snprintf(x->via, sizeof x->via, "%s", via);
    return 0;
}

/* ---- what the store says, collected before anything else is read ---- */

struct link {
    int64_t id;
    mz_date from, to;
    char text[96]; /* source, or 户编号 */
    char relation[32];
};

struct links {
    struct link *v;
    size_t n, cap;
};

static int grow(struct links *l)
{
    return mz_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0 ? 1 : 0;
}

static int on_parent(void *ctx, int64_t id, const char *source)
{
    struct links *l = ctx;
    if (grow(l))
        return 1;
    l->v[l->n++] = (struct link){.id = id, .from = MZ_DATE_NONE, .to = MZ_DATE_NONE};
    snprintf(l->v[l->n - 1].text, sizeof l->v[0].text, "%s", source);
    return 0;
}

static int on_membership(void *ctx, int64_t household_id, const char *hh_no,
                         const char *relation, mz_date from, mz_date to)
{
    struct links *l = ctx;
    if (grow(l))
        return 1;
    struct link *k = &l->v[l->n++];
    *k = (struct link){.id = household_id, .from = from, .to = to};
    snprintf(k->text, sizeof k->text, "%s", hh_no);
    snprintf(k->relation, sizeof k->relation, "%s", relation);
    return 0;
}

static int on_member(void *ctx, int64_t person_id, mz_date from, mz_date to)
{
    struct links *l = ctx;
    if (grow(l))
        return 1;
    l->v[l->n++] = (struct link){.id = person_id, .from = from, .to = to};
    return 0;
}

static int scanned(int rc, struct mz_err *err)
{
    return rc > 0 ? mz_fail(err, "out_of_memory", "内存不足") : rc;
}

/* Whether [f1, t1) and [f2, t2) share a day (MZ_DATE_NONE: open). */
static bool overlap(mz_date f1, mz_date t1, mz_date f2, mz_date t2)
{
    return (t2 == MZ_DATE_NONE || f1 < t2) && (t1 == MZ_DATE_NONE || f2 < t1);
}

/* The members of household h with relation, into l (cleared first). */
static int members(struct db *db, int64_t h, const char *relation, struct links *l,
                   struct mz_err *err)
{
    l->n = 0;
    return scanned(ks_household_relation(db, h, relation, on_member, l, err), err);
}

/* Adds the parents of node i of t. */
static int parents(struct db *db, struct tree *t, size_t i, struct mz_err *err)
{
    struct node x = t->nodes[i];
    int d = x.depth + 1, rc = 0;
    char via[160];
    struct links ms = {0}, ps = {0}, heads = {0};
    if (x.kind == N_HEAD_PARENT || x.kind == N_GRANDCHILD_PARENT) {
        /* the grandparents of the household's head; the head, parent of a 孙子女's parent */
        rc = members(db, x.h, x.kind == N_HEAD_PARENT ? "祖父母" : "户主", &heads, err);
        for (size_t k = 0; rc == 0 && k < heads.n; k++) {
            snprintf(via, sizeof via, "%s", t->nodes[x.child].via);
            rc = add(t, N_PERSON, heads.v[k].id, 0, d, (int)i, via, err);
        }
        goto out;
    }
    rc = scanned(ks_parents(db, x.a, on_parent, &ps, err), err);
    for (size_t k = 0; rc == 0 && k < ps.n; k++) {
        snprintf(via, sizeof via, "亲子关系登记（%s）", ps.v[k].text);
        rc = add(t, N_PERSON, ps.v[k].id, 0, d, (int)i, via, err);
    }
    if (rc == 0)
        rc = scanned(ks_memberships(db, x.a, on_membership, &ms, err), err);
    for (size_t k = 0; rc == 0 && k < ms.n; k++) {
        const struct link *m = &ms.v[k];
        const char *rel = m->relation;
        snprintf(via, sizeof via, "户 %s 中与户主关系为“%s”", m->text, rel);
        if (strcmp(rel, "子女") == 0 || strcmp(rel, "兄弟姐妹") == 0 ||
            strcmp(rel, "孙子女") == 0) {
            if ((rc = members(db, m->id, "户主", &heads, err)) < 0)
                break;
            for (size_t j = 0; rc == 0 && j < heads.n; j++) {
                if (heads.v[j].id == x.a || !overlap(m->from, m->to, heads.v[j].from, heads.v[j].to))
                    continue;
                if (strcmp(rel, "子女") == 0)
                    rc = add(t, N_PERSON, heads.v[j].id, 0, d, (int)i, via, err);
                else if (strcmp(rel, "兄弟姐妹") == 0)
                    rc = add(t, N_HEAD_PARENT, heads.v[j].id, m->id, d, (int)i, via, err);
            }
            if (rc == 0 && strcmp(rel, "孙子女") == 0)
                rc = add(t, N_GRANDCHILD_PARENT, x.a, m->id, d, (int)i, via, err);
        } else if (strcmp(rel, "户主") == 0) {
            if ((rc = members(db, m->id, "父母", &heads, err)) < 0)
                break;
            for (size_t j = 0; rc == 0 && j < heads.n; j++) {
                if (!overlap(m->from, m->to, heads.v[j].from, heads.v[j].to))
                    continue;
                snprintf(via, sizeof via, "户 %s 中对方与户主关系为“父母”", m->text);
                rc = add(t, N_PERSON, heads.v[j].id, 0, d, (int)i, via, err);
            }
            snprintf(via, sizeof via, "户 %s 中为户主", m->text);
            if (rc == 0)
                rc = add(t, N_HEAD_PARENT, x.a, m->id, d, (int)i, via, err);
        }
    }
out:
    mz_free(ms.v);
    mz_free(ps.v);
    mz_free(heads.v);
    return rc;
}

/* The ancestors of person p up to KIN_MAX_DEPTH generations, nearest
 * first (node 0 is p). */
static int ancestors(struct db *db, int64_t p, struct tree *t, struct mz_err *err)
{
    if (add(t, N_PERSON, p, 0, 0, -1, "", err) < 0)
        return -1;
    for (size_t i = 0; i < t->n; i++)
        if (t->nodes[i].depth < KIN_MAX_DEPTH && parents(db, t, i, err) < 0)
            return -1;
    return 0;
}

/* Appends the records on the path from node i up to the start of t. */
static void path_evidence(const struct tree *t, int i, char *out, size_t cap)
{
    for (; i > 0; i = t->nodes[i].child) {
        const char *via = t->nodes[i].via;
        if (!*via || strstr(out, via))
            continue;
        size_t len = strlen(out);
        if (len + strlen(via) + 4 < cap)
            snprintf(out + len, cap - len, "%s%s", len ? "；" : "", via);
    }
}

static int find(const struct tree *t, const struct node *x)
{
    for (size_t i = 0; i < t->n; i++)
        if (same(&t->nodes[i], x->kind, x->a, x->h))
            return (int)i;
    return -1;
}

static const char *lineal_name(int depth)
{
    return depth == 1 ? "父母子女" : depth == 2 ? "祖孙（含外祖孙）" : "曾祖孙及以上直系血亲";
}

static const char *collateral_name(int a, int b)
{
    if (a == 1 && b == 1)
        return "兄弟姐妹（含同父异母、同母异父）";
    if (a == 2 && b == 2)
        return "堂兄弟姐妹或表兄弟姐妹";
    return "伯叔姑舅姨与侄子女、外甥子女";
}

int reg_kinship(struct registry *r, int64_t a, int64_t b, struct reg_kin *out,
                struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct db *db = reg_db(r);
    struct tree ta = {0}, tb = {0};
    int rc = ancestors(db, a, &ta, err) < 0 || ancestors(db, b, &tb, err) < 0 ? -1 : 0;
    if (rc < 0 || a == b)
        goto out;
    /* lineal: one among the other's ancestors */
    struct node pb = {.kind = N_PERSON, .a = b}, pa = {.kind = N_PERSON, .a = a};
    int ib = find(&ta, &pb), ia = find(&tb, &pa);
    if (ib > 0 || ia > 0) {
        bool b_up = ib > 0;
        int depth = b_up ? ta.nodes[ib].depth : tb.nodes[ia].depth;
        *out = (struct reg_kin){.kind = REG_KIN_LINEAL, .up_a = b_up ? depth : 0,
                                .up_b = b_up ? 0 : depth};
        snprintf(out->relation, sizeof out->relation, "%s", lineal_name(depth));
        path_evidence(b_up ? &ta : &tb, b_up ? ib : ia, out->evidence, sizeof out->evidence);
        goto out;
    }
    /* collateral: the nearest common ancestor within two generations of both */
    int best = 0, bi = -1, bj = -1;
    for (size_t i = 1; i < ta.n; i++) {
        if (ta.nodes[i].depth > 2)
            continue;
        int j = find(&tb, &ta.nodes[i]);
        if (j <= 0 || tb.nodes[j].depth > 2)
            continue;
        int sum = ta.nodes[i].depth + tb.nodes[j].depth;
        if (bi < 0 || sum < best)
            best = sum, bi = (int)i, bj = j;
    }
    if (bi > 0) {
        *out = (struct reg_kin){.kind = REG_KIN_COLLATERAL, .up_a = ta.nodes[bi].depth,
                                .up_b = tb.nodes[bj].depth};
        snprintf(out->relation, sizeof out->relation, "%s",
                 collateral_name(out->up_a, out->up_b));
        path_evidence(&ta, bi, out->evidence, sizeof out->evidence);
        path_evidence(&tb, bj, out->evidence, sizeof out->evidence);
    }
out:
    mz_free(ta.nodes);
    mz_free(tb.nodes);
    return rc;
}

int reg_parent_add(struct registry *r, int64_t child, int64_t parent, const char *source,
                   bool *added, struct mz_err *err)
{
    struct db *db = reg_db(r);
    *added = false;
    if (!source || !*source)
        return mz_fail_field(err, "source", "missing_field", "请写明亲子关系的依据（如出生医学证明）");
    if (text_check(source, "source", "依据", TEXT_MAX_SOURCE, TEXT_LINE, err) < 0)
        return -1;
    if (child == parent)
        return mz_fail_field(err, "parent", "invalid_value", "父母与子女不能是同一人");
    struct person_row c, p;
    int found = rs_person_get(db, child, &c, err);
    if (found > 0)
        found = rs_person_get(db, parent, &p, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "unknown_person", "人员不存在");
    if (p.birth >= c.birth)
        return mz_fail_field(err, "parent", "invalid_value",
                             "%s（%s）的出生日期不早于 %s（%s），不能是其父母", p.name, p.id_masked,
                             c.name, c.id_masked);
    struct reg_kin k;
    if (reg_kinship(r, child, parent, &k, err) < 0)
        return -1;
    if (k.kind == REG_KIN_LINEAL && k.up_a == 0)
        return mz_fail_field(err, "parent", "invalid_value",
                             "%s（%s）已登记为 %s 的后代，不能再登记为其父母", p.name,
                             p.id_masked, c.name);
    if (ks_parent_add(db, child, parent, source, reg_actor(r), added, err) < 0 || !*added)
        return *added ? -1 : 0;
    char id[48], detail[160];
    snprintf(id, sizeof id, "%" PRId64 "<-%" PRId64, child, parent);
    snprintf(detail, sizeof detail, "亲子关系：%s", source);
    struct audit_event ev = {reg_actor(r), "kin.add", "person", id, NULL, NULL, detail};
    return audit_append(db, reg_vault(r), &ev, err);
}
