/* Registry → snapshot: one pass over memberships ordered by household,
 * then one pass over the facts of persons and of households (of the whole
 * city, or of the households asked for: one query each, by id list). The
 * whole city is kept on disk beside the database (snapfile.h) and brought
 * up to date from the registry's change journal (store/snapstore.h): only
 * the households changed since it was built are read again. */
#include "policy/snapload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "base/mem.h"
#include "policy/snapfile.h"
#include "registry/vars.h"
#include "store/recordstore.h"
#include "store/regstore.h"
#include "store/snapstore.h"

/* Members gathered before the snapshot's size is known. */
struct member {
    int64_t household_id, person_id;
    mz_date birth;
    int sex;
    bool rural_hukou;
    int relation; /* enum code */
};

struct household {
    int64_t id;
    char division[13];
    bool rural;
};

struct gather {
    const struct pol_set *set;
    int relation_input;
    struct member *members;
    size_t nmembers, cap_members;
    struct household *households;
    size_t nhouseholds, cap_households;
    struct mz_err *err;
};

static int gather_member(void *ctx, const struct member_row *m)
{
    struct gather *g = ctx;
    if (mz_grow(&g->members, &g->cap_members, g->nmembers + 1, sizeof *g->members) < 0)
        return mz_fail(g->err, "out_of_memory", "内存不足");
    if (g->nhouseholds == 0 || g->households[g->nhouseholds - 1].id != m->household_id) {
        if (mz_grow(&g->households, &g->cap_households, g->nhouseholds + 1,
                    sizeof *g->households) < 0)
            return mz_fail(g->err, "out_of_memory", "内存不足");
        struct household *h = &g->households[g->nhouseholds++];
        h->id = m->household_id;
        /* The statistical code is 12 digits; shorter codes are padded. */
        snprintf(h->division, sizeof h->division, "%s000000000000", m->division);
        h->division[12] = '\0';
        h->rural = m->rural;
    }
    struct member *x = &g->members[g->nmembers++];
    *x = (struct member){m->household_id, m->person_id, m->birth, m->sex, m->rural_hukou, 0};
    /* A relation the policy set does not list (e.g. 祖父母) reads as 其他. */
    int64_t code = 0;
    if (g->relation_input >= 0 &&
        pol_value_parse(g->set, g->relation_input, m->relation, &code, NULL) < 0)
        pol_value_parse(g->set, g->relation_input, "其他", &code, NULL);
    x->relation = (int)code;
    return 0;
}

/* Maps registry ids to snapshot rows: ids are SQLite rowids, so a dense
 * array indexed by id. */
struct rowmap {
    int64_t max_id;
    int32_t *rows; /* -1 = not in the snapshot */
};

static int rowmap_build(struct rowmap *m, const int64_t *ids, size_t n, size_t stride,
                        struct mz_err *err)
{
    m->max_id = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id = *(const int64_t *)((const char *)ids + i * stride);
        if (id > m->max_id)
            m->max_id = id;
    }
    m->rows = mz_malloc(((size_t)m->max_id + 1) * sizeof *m->rows);
    if (!m->rows)
        return mz_fail(err, "out_of_memory", "内存不足");
    memset(m->rows, 0xff, ((size_t)m->max_id + 1) * sizeof *m->rows);
    for (size_t i = 0; i < n; i++)
        m->rows[*(const int64_t *)((const char *)ids + i * stride)] = (int32_t)i;
    return 0;
}

static int32_t rowmap_get(const struct rowmap *m, int64_t id)
{
    return id >= 0 && id <= m->max_id ? m->rows[id] : -1;
}

/* Which input each registry fact fills, per entity (a fact may fill
 * several inputs; the catalogue is small, so a linear table). */
struct binding {
    const char *fact;
    int input;
    bool money; /* stored as integer fen (registry canonical form) */
};

struct filler {
    const struct pol_set *set;
    struct pol_snapshot *snap;
    struct rowmap map;
    const char *entity;
    struct binding *bindings;
    int nbindings;
    int is_dead, death_date; /* person built-ins filled from the "death" fact */
    struct mz_err *err;
};

static int fill_fact(void *ctx, int64_t entity_id, const char *variable, const char *value,
                     mz_date effective)
{
    struct filler *f = ctx;
    int32_t row = rowmap_get(&f->map, entity_id);
    if (row < 0)
        return 0; /* not a member of any household on the day */
    if (strcmp(variable, "death") == 0 && f->is_dead >= 0) {
        f->snap->columns[f->is_dead][row] = 1;
        if (f->death_date >= 0) {
            mz_date d = date_parse(value);
            f->snap->columns[f->death_date][row] = d == MZ_DATE_NONE ? effective : d;
        }
        return 0;
    }
    for (int i = 0; i < f->nbindings; i++) {
        if (strcmp(f->bindings[i].fact, variable) != 0)
            continue;
        int64_t v;
        struct mz_err perr = {0};
        char *end;
        if (f->bindings[i].money) {
            v = strtoll(value, &end, 10);
            if (*value && !*end) {
                f->snap->columns[f->bindings[i].input][row] = v;
                continue;
            }
            mz_fail(&perr, "bad_value", "金额（分）“%s”无法读取", value);
            return mz_fail(f->err, "bad_fact", "%s %lld 的事实 %s 的值无法读取：%s", f->entity,
                           (long long)entity_id, variable, perr.msg);
        }
        if (pol_value_parse(f->set, f->bindings[i].input, value, &v, &perr) < 0)
            return mz_fail(f->err, "bad_fact", "%s %lld 的事实 %s 的值无法读取：%s", f->entity,
                           (long long)entity_id, variable, perr.msg);
        f->snap->columns[f->bindings[i].input][row] = v;
    }
    return 0;
}

/* Collects the inputs of one entity that come from registry facts, and
 * checks that the registry defines each such fact. */
static int bind_inputs(struct filler *f, int entity, struct mz_err *err)
{
    int n;
    const struct pol_input *in = pol_inputs(f->set, &n);
    f->bindings = mz_calloc((size_t)n, sizeof *f->bindings);
    if (!f->bindings)
        return mz_fail(err, "out_of_memory", "内存不足");
    static const char *const builtins[] = {"birth_date", "sex",        "rural_hukou", "relation",
                                           "is_dead",    "death_date", "rural"};
    for (int i = 0; i < n; i++) {
        if (in[i].entity != entity)
            continue;
        bool builtin = false;
        for (size_t b = 0; b < sizeof builtins / sizeof builtins[0]; b++)
            builtin |= strcmp(in[i].name, builtins[b]) == 0;
        if (builtin || in[i].record)
            continue;
        const struct var_def *v = var_find(in[i].fact);
        if (!v || (v->entity == VAR_PERSON) != (entity == POL_PERSON))
            return mz_fail(err, "unknown_fact",
                           "政策输入 %s 读取的事实 %s 在登记库中%s（见 mz vars）", in[i].name,
                           in[i].fact, v ? "属于另一类对象" : "没有定义");
        if ((v->type == VAR_MONEY) != (in[i].type == POL_MONEY))
            return mz_fail(err, "unknown_fact", "政策输入 %s 与登记库事实 %s 的类型不一致（金额/非金额）",
                           in[i].name, in[i].fact);
        f->bindings[f->nbindings++] = (struct binding){in[i].fact, i, v->type == VAR_MONEY};
    }
    return 0;
}

static void filler_free(struct filler *f)
{
    mz_free(f->bindings);
    mz_free(f->map.rows);
}

static int fill_builtins(struct pol_snapshot *snap, const struct pol_set *set,
                         const struct gather *g)
{
    int birth = pol_input_find(set, "birth_date"), sex = pol_input_find(set, "sex");
    int hukou = pol_input_find(set, "rural_hukou"), rel = pol_input_find(set, "relation");
    int rural = pol_input_find(set, "rural");
    size_t h = (size_t)-1;
    for (size_t i = 0; i < g->nmembers; i++) {
        const struct member *m = &g->members[i];
        if (h == (size_t)-1 || snap->household_id[h] != m->household_id) {
            h++;
            snap->household_id[h] = m->household_id;
            snap->member_start[h] = i;
            memcpy(snap->division[h], g->households[h].division, 13);
            if (rural >= 0)
                snap->columns[rural][h] = g->households[h].rural;
        }
        if (birth >= 0)
            snap->columns[birth][i] = m->birth;
        if (sex >= 0)
            snap->columns[sex][i] = m->sex;
        if (hukou >= 0)
            snap->columns[hukou][i] = m->rural_hukou;
        if (rel >= 0)
            snap->columns[rel][i] = m->relation;
    }
    snap->member_start[g->nhouseholds] = g->nmembers;
    return 0;
}

/* Inputs read from registry records (`from record`): one statement each,
 * over the whole city or the snapshot's persons or households. */
struct record_fill {
    int64_t *column;
    const struct rowmap *map;
    bool is_bool;
};

static int fill_record(void *ctx, int64_t id, int64_t value)
{
    struct record_fill *f = ctx;
    int32_t row = rowmap_get(f->map, id);
    if (row >= 0)
        f->column[row] = f->is_bool ? value != 0 : value;
    return 0;
}

static int fill_records(struct db *db, const struct pol_set *set, struct pol_snapshot *snap,
                        const struct filler *pf, const struct filler *hf, const int64_t *pids,
                        size_t np, const int64_t *hids, size_t nh, mz_date as_of,
                        struct mz_err *err)
{
    int n;
    const struct pol_input *in = pol_inputs(set, &n);
    for (int i = 0; i < n; i++) {
        if (!in[i].record)
            continue;
        const struct rec_source *src = rec_find(in[i].record);
        bool person = in[i].entity == POL_PERSON;
        if (!src || (src->entity == REC_PERSON) != person)
            return mz_fail(err, "unknown_record", "政策输入 %s 读取的登记记录 %s %s", in[i].name,
                           in[i].record, src ? "属于另一类对象" : "没有定义");
        bool fits = src->kind == REC_MONEY  ? in[i].type == POL_MONEY
                    : src->kind == REC_DATE ? in[i].type == POL_DATE
                                            : in[i].type == POL_INT || in[i].type == POL_BOOL;
        if (!fits)
            return mz_fail(err, "unknown_record", "政策输入 %s 与登记记录 %s 的类型不一致",
                           in[i].name, in[i].record);
        struct record_fill f = {snap->columns[i], person ? &pf->map : &hf->map,
                                in[i].type == POL_BOOL};
        if (rec_scan(db, src, in[i].record_arg, as_of, person ? pids : hids, person ? np : nh,
                     fill_record, &f, err) != 0)
            return -1;
    }
    return 0;
}

static int fill_facts(struct db *db, const struct pol_set *set, struct pol_snapshot *snap,
                      const struct gather *g, const struct snap_request *req,
                      struct mz_err *err)
{
    struct filler pf = {.set = set, .snap = snap, .entity = "人员", .err = err,
                        .is_dead = pol_input_find(set, "is_dead"),
                        .death_date = pol_input_find(set, "death_date")};
    struct filler hf = {.set = set, .snap = snap, .entity = "家庭", .err = err,
                        .is_dead = -1, .death_date = -1};
    int rc = -1;
    if (bind_inputs(&pf, POL_PERSON, err) < 0 || bind_inputs(&hf, POL_HOUSEHOLD, err) < 0 ||
        rowmap_build(&pf.map, &g->members[0].person_id, g->nmembers, sizeof *g->members, err) < 0 ||
        rowmap_build(&hf.map, &g->households[0].id, g->nhouseholds, sizeof *g->households,
                     err) < 0)
        goto out_free;
    /* Some households: the facts of their persons and of them, by id
     * lists (one query each); the whole city: every fact. */
    bool some = req->household_id > 0 || req->nhouseholds > 0;
    size_t np = some ? g->nmembers : 0, nh = some ? g->nhouseholds : 0;
    int64_t *ids = mz_malloc((np > nh ? np : nh ? nh : 1) * sizeof *ids);
    if (!ids) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out_free;
    }
    for (size_t i = 0; i < np; i++)
        ids[i] = g->members[i].person_id;
    if (rs_scan_facts_in(db, "person", req->as_of, req->known_at, ids, np, fill_fact, &pf, err) ==
        0) {
        for (size_t i = 0; i < nh; i++)
            ids[i] = g->households[i].id;
        rc = rs_scan_facts_in(db, "household", req->as_of, req->known_at, ids, nh, fill_fact, &hf,
                              err) == 0
                 ? 0
                 : -1;
    }
    if (rc == 0) {
        int64_t *pids = np ? mz_malloc(np * sizeof *pids) : NULL;
        if (np && !pids)
            rc = mz_fail(err, "out_of_memory", "内存不足");
        for (size_t i = 0; rc == 0 && i < np; i++)
            pids[i] = g->members[i].person_id;
        if (rc == 0)
            rc = fill_records(db, set, snap, &pf, &hf, pids, np, ids, nh, req->as_of, err);
        mz_free(pids);
    }
    mz_free(ids);
out_free:
    filler_free(&pf);
    filler_free(&hf);
    return rc;
}

struct pol_snapshot *snap_load_fresh(struct db *db, const struct pol_set *set,
                                     const struct snap_request *req, int64_t **person_ids,
                                     struct mz_err *err)
{
    struct gather g = {.set = set, .relation_input = pol_input_find(set, "relation"), .err = err};
    struct pol_snapshot *snap = NULL;
    const int64_t *ids = req->nhouseholds ? req->household_ids : &req->household_id;
    size_t n = req->nhouseholds ? req->nhouseholds : req->household_id > 0;
    if (rs_scan_members_in(db, req->as_of, ids, n, gather_member, &g, err) != 0)
        goto out_free;
    if (req->household_id > 0 && g.nhouseholds == 0) {
        char day[11];
        date_format(req->as_of, day);
        struct household_row h;
        int found = rs_household_get(db, req->household_id, &h, err);
        if (found >= 0)
            mz_fail(err, "not_found",
                    "户编号 %s 在 %s 没有成员：登记的成员关系都始于该日之后或已结束"
                    "（导入人员时的 --date 即成员关系的起始日）",
                    found ? h.hh_no : "?", day);
        goto out_free;
    }
    if (!(snap = pol_snapshot_new(set, g.nmembers, g.nhouseholds, err)))
        goto out_free;
    if (g.nmembers > 0 && (fill_builtins(snap, set, &g) < 0 ||
                           fill_facts(db, set, snap, &g, req, err) < 0)) {
        pol_snapshot_free(snap);
        snap = NULL;
    }
    if (snap && person_ids) {
        if (!(*person_ids = mz_malloc((g.nmembers ? g.nmembers : 1) * sizeof **person_ids))) {
            mz_fail(err, "out_of_memory", "内存不足");
            pol_snapshot_free(snap);
            snap = NULL;
        } else {
            for (size_t i = 0; i < g.nmembers; i++)
                (*person_ids)[i] = g.members[i].person_id;
        }
    }
out_free:
    mz_free(g.members);
    mz_free(g.households);
    return snap;
}

/* ---- the whole city, kept on disk ------------------------------------------ */

/* Snapshot files kept per database: the days evaluated now (today, the
 * first of the month a roll pays for, the month before). */
#define SNAPFILES_KEPT 4

/* Appends households [h0, h1) of src (with its person ids) to dst, whose
 * first *nh households and *np persons are filled; dst NULL only counts. */
static void append_range(const struct pol_set *set, struct pol_snapshot *dst, int64_t *dst_pids,
                         const struct pol_snapshot *src, const int64_t *src_pids, size_t h0,
                         size_t h1, size_t *nh, size_t *np)
{
    size_t p0 = src->member_start[h0], p1 = src->member_start[h1];
    if (dst && h1 > h0) {
        for (size_t h = h0; h < h1; h++)
            dst->member_start[*nh + h - h0] = *np + src->member_start[h] - p0;
        memcpy(dst->household_id + *nh, src->household_id + h0,
               (h1 - h0) * sizeof *dst->household_id);
        memcpy(dst->division + *nh, src->division + h0, (h1 - h0) * sizeof *dst->division);
        memcpy(dst_pids + *np, src_pids + p0, (p1 - p0) * sizeof *dst_pids);
        int n;
        const struct pol_input *in = pol_inputs(set, &n);
        for (int c = 0; c < n; c++) {
            if (in[c].entity == POL_PERSON)
                memcpy(dst->columns[c] + *np, src->columns[c] + p0, (p1 - p0) * sizeof(int64_t));
            else
                memcpy(dst->columns[c] + *nh, src->columns[c] + h0, (h1 - h0) * sizeof(int64_t));
        }
    }
    *nh += h1 - h0;
    *np += p1 - p0;
}

/* Walks old and the households changed (ascending ids) in id order,
 * appending to dst (NULL: counting) the old households not changed and
 * the changed ones as read again (fresh; those left without members are
 * gone). */
static void merge_walk(const struct pol_set *set, struct pol_snapshot *dst, int64_t *dst_pids,
                       const struct pol_snapshot *old, const int64_t *old_pids,
                       const struct pol_snapshot *fresh, const int64_t *fresh_pids,
                       const int64_t *changed, size_t nchanged, size_t *nh, size_t *np)
{
    size_t i = 0, run = 0, k = 0;
    *nh = *np = 0;
    for (size_t j = 0; j < nchanged; j++) {
        while (i < old->nhouseholds && old->household_id[i] < changed[j])
            i++;
        append_range(set, dst, dst_pids, old, old_pids, run, i, nh, np);
        if (i < old->nhouseholds && old->household_id[i] == changed[j])
            i++;
        run = i;
        if (k < fresh->nhouseholds && fresh->household_id[k] == changed[j]) {
            append_range(set, dst, dst_pids, fresh, fresh_pids, k, k + 1, nh, np);
            k++;
        }
    }
    append_range(set, dst, dst_pids, old, old_pids, run, old->nhouseholds, nh, np);
    if (dst)
        dst->member_start[*nh] = *np;
}

/* The old snapshot with the changed households read again. */
static struct pol_snapshot *merge(struct db *db, const struct pol_set *set, mz_date as_of,
                                  const struct pol_snapshot *old, const int64_t *old_pids,
                                  const int64_t *changed, size_t nchanged, int64_t **pids,
                                  struct mz_err *err)
{
    struct snap_request sub = {.as_of = as_of, .household_ids = changed, .nhouseholds = nchanged};
    int64_t *fresh_pids = NULL;
    struct pol_snapshot *fresh = snap_load_fresh(db, set, &sub, &fresh_pids, err);
    if (!fresh)
        return NULL;
    size_t nh, np;
    merge_walk(set, NULL, NULL, old, old_pids, fresh, fresh_pids, changed, nchanged, &nh, &np);
    struct pol_snapshot *snap = pol_snapshot_new(set, np, nh, err);
    *pids = snap ? mz_malloc((np ? np : 1) * sizeof **pids) : NULL;
    if (snap && *pids) {
        merge_walk(set, snap, *pids, old, old_pids, fresh, fresh_pids, changed, nchanged, &nh,
                   &np);
    } else if (snap) {
        mz_fail(err, "out_of_memory", "内存不足");
        pol_snapshot_free(snap);
        snap = NULL;
    }
    pol_snapshot_free(fresh);
    mz_free(fresh_pids);
    return snap;
}

/* Registry records (`from record`) read payments, cases, orders … which
 * the change journal does not follow: a snapshot taken from the file has
 * them read again, for the whole city. */
static int refresh_records(struct db *db, const struct pol_set *set, struct pol_snapshot *snap,
                           const int64_t *pids, mz_date as_of, struct mz_err *err)
{
    int n;
    const struct pol_input *in = pol_inputs(set, &n);
    bool any = false;
    for (int i = 0; i < n; i++) {
        if (!in[i].record)
            continue;
        any = true;
        size_t rows = in[i].entity == POL_PERSON ? snap->npersons : snap->nhouseholds;
        for (size_t r = 0; r < rows; r++)
            snap->columns[i][r] = in[i].dflt;
    }
    if (!any)
        return 0;
    struct filler pf = {0}, hf = {0};
    int rc = rowmap_build(&pf.map, pids, snap->npersons, sizeof *pids, err) < 0 ||
                     rowmap_build(&hf.map, snap->household_id, snap->nhouseholds,
                                  sizeof *snap->household_id, err) < 0
                 ? -1
                 : fill_records(db, set, snap, &pf, &hf, NULL, 0, NULL, 0, as_of, err);
    filler_free(&pf);
    filler_free(&hf);
    return rc;
}

/* Whether req is the whole city as known now, outside any transaction
 * (a snapshot read inside one could hold changes later rolled back), of a
 * database in a file. */
static bool on_disk(struct db *db, const struct snap_request *req)
{
    const char *path = db_path(db);
    return req->household_id <= 0 && req->nhouseholds == 0 && !req->known_at &&
           !db_in_transaction(db) && path && path[0] && strcmp(path, ":memory:") != 0 &&
           strncmp(path, "file:", 5) != 0;
}

/* Reads the snapshot file if it is current for this database and
 * layout, else nothing; then starts a build (advancing the generation)
 * and gives the households changed since the file was built. */
static int snap_cached(struct db *db, const struct pol_set *set, const char *path,
                       struct snapfile_key *key, struct pol_snapshot **old, int64_t **old_pids,
                       int64_t **changed, size_t *nchanged, struct mz_err *err)
{
    struct ss_state now, build;
    if (snapfile_layout(set, key->layout) < 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    if (ss_peek(db, &now, err) < 0)
        return -1;
    if (now.bulk) /* a bulk load stamps nothing: its changes cannot be followed */
        return mz_fail(err, "bulk_load", "登记库正在批量导入");
    memcpy(key->instance, now.instance, sizeof key->instance);
    int got = snapfile_read(path, set, key, old, old_pids, err);
    if (got < 0)
        return -1;
    if (got && (key->gen >= now.gen || key->gen < now.floor)) {
        /* not built from this database's history, or before a bulk load */
        pol_snapshot_free(*old);
        mz_free(*old_pids);
        *old = NULL;
        *old_pids = NULL;
        got = 0;
    }
    if (!got)
        unlink(path);
    if (ss_build_start(db, got ? key->gen : -1, &build, changed, nchanged, err) < 0)
        return -1;
    key->gen = build.gen;
    return 0;
}

/* The whole city through the snapshot file (on_disk(req) holds): *gen
 * receives the generation it covers (-1 when the file could not be used:
 * read from the rows) and *stale_records whether its registry records
 * still need reading (refresh_records). */
static struct pol_snapshot *load_city(struct db *db, const struct pol_set *set,
                                      const struct snap_request *req, int64_t **person_ids,
                                      int64_t *gen, bool *stale_records, struct mz_err *err)
{
    *gen = -1;
    *stale_records = false;
    char path[4200];
    if (snapfile_path(db_path(db), req->as_of, path, sizeof path) < 0)
        return snap_load_fresh(db, set, req, person_ids, err);
    struct snapfile_key key = {.as_of = req->as_of};
    struct pol_snapshot *old = NULL, *snap;
    int64_t *old_pids = NULL, *changed = NULL;
    size_t nchanged = 0;
    struct mz_err cerr = {0};
    if (snap_cached(db, set, path, &key, &old, &old_pids, &changed, &nchanged, &cerr) < 0) {
        pol_snapshot_free(old);
        mz_free(old_pids);
        if (strcmp(cerr.code, "out_of_memory") == 0) {
            *err = cerr;
            return NULL;
        }
        /* a database we cannot write (read-only, busy): read it all */
        return snap_load_fresh(db, set, req, person_ids, err);
    }
    *gen = key.gen;
    if (old && nchanged == 0) {
        *stale_records = true;
        snap = old;
        *person_ids = old_pids;
    } else {
        *stale_records = old && nchanged <= old->nhouseholds / 4;
        snap = *stale_records ? merge(db, set, req->as_of, old, old_pids, changed, nchanged,
                                      person_ids, err)
                              : snap_load_fresh(db, set, req, person_ids, err);
        pol_snapshot_free(old);
        mz_free(old_pids);
        /* a file that cannot be written is read again next time; running
         * out of memory fails the load, as anywhere else */
        struct mz_err werr = {0};
        int w = snap ? snapfile_write(path, set, &key, snap, *person_ids, &werr) : 0;
        if (snap && w == 0)
            w = snapfile_prune(db_path(db), SNAPFILES_KEPT, &werr);
        if (w < 0 && strcmp(werr.code, "out_of_memory") == 0) {
            *err = werr;
            pol_snapshot_free(snap);
            mz_free(*person_ids);
            *person_ids = NULL;
            snap = NULL;
        }
    }
    mz_free(changed);
    return snap;
}

struct pol_snapshot *snap_load(struct db *db, const struct pol_set *set,
                               const struct snap_request *req, int64_t **person_ids,
                               struct mz_err *err)
{
    if (!on_disk(db, req))
        return snap_load_fresh(db, set, req, person_ids, err);
    int64_t gen, *pids = NULL;
    bool stale_records;
    struct pol_snapshot *snap = load_city(db, set, req, &pids, &gen, &stale_records, err);
    if (snap && stale_records && refresh_records(db, set, snap, pids, req->as_of, err) < 0) {
        pol_snapshot_free(snap);
        snap = NULL;
    }
    if (snap && person_ids)
        *person_ids = pids;
    else
        mz_free(pids);
    return snap;
}

int snap_load_ahead(struct db *db, const struct pol_set *set, mz_date as_of,
                    struct snap_ahead *out, struct mz_err *err)
{
    *out = (struct snap_ahead){.gen = -1};
    struct snap_request req = {.as_of = as_of};
    bool stale_records;
    if (on_disk(db, &req))
        out->snap = load_city(db, set, &req, &out->person_ids, &out->gen, &stale_records, err);
    if (!out->snap)
        out->gen = -1;
    return out->snap ? 0 : -1;
}

int snap_catch_up(struct db *db, const struct pol_set *set, mz_date as_of,
                  struct snap_ahead *a, struct mz_err *err)
{
    struct snap_request req = {.as_of = as_of};
    int64_t *changed = NULL;
    size_t nchanged = 0;
    if (a->snap && a->gen >= 0 && ss_changed_since(db, a->gen, &changed, &nchanged, err) < 0)
        return -1;
    if (!a->snap || a->gen < 0 || nchanged > a->snap->nhouseholds / 4) { /* read it all again */
        mz_free(changed);
        pol_snapshot_free(a->snap);
        mz_free(a->person_ids);
        a->person_ids = NULL;
        a->snap = snap_load_fresh(db, set, &req, &a->person_ids, err);
        return a->snap ? 0 : -1;
    }
    if (nchanged > 0) {
        int64_t *pids = NULL;
        struct pol_snapshot *snap =
            merge(db, set, as_of, a->snap, a->person_ids, changed, nchanged, &pids, err);
        mz_free(changed);
        if (!snap)
            return -1;
        pol_snapshot_free(a->snap);
        mz_free(a->person_ids);
        a->snap = snap;
        a->person_ids = pids;
    }
    return refresh_records(db, set, a->snap, a->person_ids, as_of, err);
}

void snap_ahead_free(struct snap_ahead *a)
{
    pol_snapshot_free(a->snap);
    mz_free(a->person_ids);
    *a = (struct snap_ahead){.gen = -1};
}

int snap_person_value(struct db *db, const struct pol_set *set, int64_t household_id,
                      int64_t person_id, mz_date day, const char *name, int64_t *out,
                      struct mz_err *err)
{
    *out = 0;
    /* a list of one: a household without members on the day is left out */
    struct snap_request req = {.as_of = day, .household_ids = &household_id, .nhouseholds = 1};
    int64_t *pids = NULL;
    struct pol_snapshot *snap = snap_load(db, set, &req, &pids, err);
    int rc = snap ? 0 : -1;
    for (size_t p = 0; rc == 0 && snap->nhouseholds == 1 && p < snap->npersons; p++)
        if (pids[p] == person_id)
            rc = pol_person_values(set, snap, 0, (int)p, day, &name, 1, out, NULL, err);
    if (snap) pol_snapshot_free(snap);
    mz_free(pids);
    return rc;
}
