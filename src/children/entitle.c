/* Orphans' entitlements as dated periods derived by policy (entitle.h). */
#include "children/entitle.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "policy/snapshot.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/regstore.h"

/* The legal basis of each entitlement; what decides it and its label are
 * in children.pol. */
static const struct ent_kind kinds[] = {
    {"ent_medical", "《关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）：特困人员"
                    "全额资助参保；国办发〔2010〕54号：孤儿纳入城乡居民医保（资助标准未核实）"},
    {"ent_compulsory", "《国务院办公厅关于加强孤儿保障工作的意见》（国办发〔2010〕54号）：义务教育"
                       "阶段孤儿“两免一补”；民发〔2019〕62号：事实无人抚养儿童同等对待"},
    {"ent_secondary", "国办发〔2010〕54号：孤儿高中、中职阶段优先享受国家助学金和免学费（重庆"
                      "执行标准未核实）"},
    {"ent_college", "民政部“孤儿助学工程”（福利彩票公益金，年满18周岁仍在全日制高等教育就读"
                    "的孤儿和事实无人抚养儿童，每人每年1万元，未核实）"},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])
_Static_assert(NKINDS == ENT_NKINDS, "ENT_NKINDS counts the kinds");
static const char *names[NKINDS];

const struct ent_kind *ent_kinds(size_t *n)
{
    *n = NKINDS;
    return kinds;
}

const struct ent_kind *ent_kind_find(const char *name)
{
    for (size_t i = 0; name && i < NKINDS; i++)
        if (strcmp(name, kinds[i].name) == 0) return &kinds[i];
    return NULL;
}

static void init_names(void)
{
    for (size_t i = 0; i < NKINDS; i++) names[i] = kinds[i].name;
}

int ent_labels(const struct pol_set *set, const char **labels, struct mz_err *err)
{
    init_names();
    /* labels do not depend on values: one default person will do */
    struct pol_snapshot *snap = pol_snapshot_new(set, 1, 1, err);
    if (!snap) return -1;
    snap->member_start[1] = 1;
    snprintf(snap->division[0], sizeof snap->division[0], "500000000000");
    int64_t v[NKINDS];
    int rc = pol_person_values(set, snap, 0, 0, date_today(), names, (int)NKINDS, v, labels, err);
    pol_snapshot_free(snap);
    return rc;
}

/* Whether person holds kind k on day (*yes), evaluated over the dated
 * facts of their household of that day. */
static int held_on(struct registry *reg, const struct pol_set *set, int64_t household,
                   int64_t person, size_t k, mz_date day, bool *yes, struct mz_err *err)
{
    int64_t v;
    int rc = snap_person_value(reg_db(reg), set, household, person, day, names[k], &v, err);
    *yes = rc == 0 && v != 0;
    return rc;
}

/* The day where kind k changes between lo and hi (held at one end, not
 * at the other): the last day equal to lo's state, by bisection. */
static int change_day(struct registry *reg, const struct pol_set *set, int64_t household,
                      int64_t person, size_t k, mz_date lo, mz_date hi, bool lo_held,
                      mz_date *out, struct mz_err *err)
{
    while (hi - lo > 1) {
        mz_date mid = lo + (hi - lo) / 2;
        bool yes;
        if (held_on(reg, set, household, person, k, mid, &yes, err) < 0) return -1;
        if (yes == lo_held)
            lo = mid;
        else
            hi = mid;
    }
    *out = lo;
    return 0;
}

struct periods {
    struct entitlement_row open[NKINDS];   /* id 0 = none open */
    mz_date last_end[NKINDS];              /* MZ_DATE_NONE = none closed */
};

static int collect(void *ctx, const struct entitlement_row *e)
{
    struct periods *ps = ctx;
    for (size_t k = 0; k < NKINDS; k++) {
        if (strcmp(e->kind, kinds[k].name) != 0) continue;
        if (!e->end_on[0])
            ps->open[k] = *e;
        else if (ps->last_end[k] == MZ_DATE_NONE || date_parse(e->end_on) > ps->last_end[k])
            ps->last_end[k] = date_parse(e->end_on);
    }
    return 0;
}

struct run {
    struct registry *reg;
    const struct pol_set *set;
    mz_date as_of;
    const char *actor;
    size_t opened, closed;
};

/* Brings one person's periods up to the run's day given what holds. */
static int update_person(struct run *r, int64_t household, int64_t person, mz_date birth,
                         const int64_t *held, struct mz_err *err)
{
    struct db *db = reg_db(r->reg);
    struct periods ps;
    memset(&ps, 0, sizeof ps);
    for (size_t k = 0; k < NKINDS; k++) ps.last_end[k] = MZ_DATE_NONE;
    if (chs_ents_of(db, person, collect, &ps, err) != 0) return -1;
    char today[11], day[11];
    date_format(r->as_of, today);
    for (size_t k = 0; k < NKINDS; k++) {
        struct entitlement_row *o = &ps.open[k];
        mz_date d;
        int64_t id;
        if (held[k] && o->id) {
            if (chs_ent_checked(db, o->id, today, err) < 0) return -1;
        } else if (held[k]) {
            mz_date lo = ps.last_end[k] != MZ_DATE_NONE ? ps.last_end[k] + 1 : birth;
            bool at_lo;
            if (held_on(r->reg, r->set, household, person, k, lo, &at_lo, err) < 0) return -1;
            if (at_lo)
                d = lo;
            else if (change_day(r->reg, r->set, household, person, k, lo, r->as_of, false, &d,
                                err) < 0)
                return -1;
            else
                d += 1;
            date_format(d, day);
            if (chs_ent_open(db, person, kinds[k].name, day, today, r->actor, &id, err) < 0)
                return -1;
            r->opened++;
        } else if (o->id) {
            if (change_day(r->reg, r->set, household, person, k, date_parse(o->checked_on),
                           r->as_of, true, &d, err) < 0)
                return -1;
            date_format(d, day);
            if (chs_ent_close(db, o->id, day, err) < 0) return -1;
            r->closed++;
        }
    }
    return 0;
}

/* Evaluates the households ids on the run's day and updates their members. */
static int update_households(struct run *r, const int64_t *ids, size_t nids, struct mz_err *err)
{
    if (!nids) return 0;
    struct snap_request req = {.as_of = r->as_of, .household_ids = ids, .nhouseholds = nids};
    int64_t *pids = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(r->reg), r->set, &req, &pids, err);
    int rc = snap ? 0 : -1;
    int birth = pol_input_find(r->set, "birth_date");
    for (size_t h = 0; rc == 0 && h < snap->nhouseholds; h++)
        for (size_t p = snap->member_start[h]; rc == 0 && p < snap->member_start[h + 1]; p++) {
            int64_t held[NKINDS];
            rc = pol_person_values(r->set, snap, h, (int)(p - snap->member_start[h]), r->as_of,
                                   names, (int)NKINDS, held, NULL, err);
            mz_date born = birth >= 0 ? (mz_date)snap->columns[birth][p] : r->as_of;
            if (rc == 0)
                rc = update_person(r, snap->household_id[h], pids[p], born, held, err);
        }
    if (snap) pol_snapshot_free(snap);
    mz_free(pids);
    return rc;
}

/* The union of two ascending id arrays, into a new one. */
static int64_t *merge(const int64_t *a, size_t na, const int64_t *b, size_t nb, size_t *n)
{
    int64_t *out = mz_malloc((na + nb + 1) * sizeof *out);
    size_t i = 0, j = 0;
    *n = 0;
    while (out && (i < na || j < nb)) {
        int64_t v = j >= nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];
        if (i < na && a[i] == v) i++;
        if (j < nb && b[j] == v) j++;
        out[(*n)++] = v;
    }
    return out;
}

int ent_refresh(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
                int nprefixes, mz_date as_of, const char *actor, size_t *opened, size_t *closed,
                struct mz_err *err)
{
    init_names();
    struct db *db = reg_db(reg);
    int y, m, d;
    date_to_ymd(as_of, &y, &m, &d);
    int64_t *minors = NULL, *recorded = NULL, *ids = NULL;
    size_t nminors = 0, nrecorded = 0, nids = 0;
    struct run r = {reg, set, as_of, actor, 0, 0};
    /* households with a minor (defacto_match needs no fact) or a member
     * recorded as an orphan, a 事实无人抚养 child or entitled */
    int rc = chs_child_households(db, prefixes, nprefixes, date_from_ymd(y - 19, 1, 1), as_of,
                                  &minors, &nminors, err);
    if (rc == 0) rc = chs_ent_households(db, prefixes, nprefixes, as_of, &recorded, &nrecorded, err);
    if (rc == 0 && !(ids = merge(minors, nminors, recorded, nrecorded, &nids)))
        rc = mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0) rc = db_begin(db, err);
    if (rc == 0) {
        rc = update_households(&r, ids, nids, err);
        char day[11], detail[96];
        date_format(as_of, day);
        snprintf(detail, sizeof detail, "%s 孤儿保障新增 %zu 项，终止 %zu 项", day, r.opened,
                 r.closed);
        struct audit_event ev = {actor, "children.entitlements", "child_entitlement", day, NULL,
                                 NULL, detail};
        if (rc == 0) rc = audit_append(db, reg_vault(reg), &ev, err);
        if (rc == 0) rc = db_commit(db, err);
        if (rc < 0) db_rollback(db);
    }
    mz_free(minors);
    mz_free(recorded);
    mz_free(ids);
    *opened = r.opened;
    *closed = r.closed;
    return rc;
}
