/* Scored scales (`scale` declarations): the checker's rules for them and
 * their tests, and the scoring of one assessment — total, level band,
 * adjustments — shared by the tests beside the policy and the services
 * that record assessments (src/care/assess.c). */
#include <stdlib.h>
#include <string.h>

#include "policy/internal.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if ((x) < 0) return -1;                                                                    \
    } while (0)

/* ---- lookups ---- */

static struct scale *find_scale(const struct pol_set *set, const char *name)
{
    for (int i = 0; i < set->nscales; i++)
        if (strcmp(set->scales[i]->pub.name, name) == 0) return set->scales[i];
    return NULL;
}

const struct pol_scale *pol_scale_find(const struct pol_set *set, const char *name)
{
    struct scale *sc = find_scale(set, name);
    return sc ? &sc->pub : NULL;
}

static int level_index(const struct scale *sc, const char *label)
{
    for (int i = 0; i < sc->nlevels; i++)
        if (strcmp(sc->levels[i].label, label) == 0) return i;
    return -1;
}

static int cond_index(const struct scale *sc, const char *name)
{
    for (int i = 0; i < sc->nconds; i++)
        if (strcmp(sc->conds[i].name, name) == 0) return i;
    return -1;
}

/* ---- checks ---- */

static int by_band_desc(const void *a, const void *b)
{
    const struct pol_scale_level *x = a, *y = b;
    return (y->lo > x->lo) - (y->lo < x->lo);
}

/* Names unique among items and conditions. */
static int check_names(struct pol_set *set, struct scale *sc, struct mz_err *err)
{
    int n = sc->nitems + sc->nconds;
    for (int i = 0; i < n; i++) {
        const char *a = i < sc->nitems ? sc->items[i].name : sc->conds[i - sc->nitems].name;
        struct loc loc = i < sc->nitems ? sc->item_locs[i] : sc->cond_locs[i - sc->nitems];
        for (int j = 0; j < i; j++) {
            const char *b = j < sc->nitems ? sc->items[j].name : sc->conds[j - sc->nitems].name;
            if (strcmp(a, b) == 0)
                return pol_diag(set, err, "policy_type", loc, "量表中名称 '%s' 重复", a);
        }
    }
    return 0;
}

/* Levels: labels of the recorded fact's enum; bands cover 0..max_total
 * exactly once. Sorts them best first. */
static int check_levels(struct pol_set *set, struct scale *sc, struct mz_err *err)
{
    const struct var *fact = NULL;
    for (int i = 0; i < set->nvars && !fact; i++)
        if (set->vars[i]->kind == V_INPUT && set->vars[i]->fact &&
            strcmp(set->vars[i]->fact, sc->pub.fact) == 0)
            fact = set->vars[i];
    if (!fact || fact->ty.k != TY_ENUM || fact->entity != POL_PERSON)
        return pol_diag(set, err, "policy_type", sc->fact_loc,
                        "'%s' 不是个人枚举输入所读的登记事实", sc->pub.fact);
    const struct enum_def *e = set->enums[fact->ty.enum_id];
    for (int i = 0; i < sc->nlevels; i++) {
        const char *l = sc->levels[i].label;
        if (!pol_enum_code(e, l, strlen(l)))
            return pol_diag(set, err, "policy_type", sc->level_locs[i],
                            "等级“%s”不是登记事实 '%s' 的可选值", l, sc->pub.fact);
        for (int j = 0; j < i; j++)
            if (strcmp(sc->levels[j].label, l) == 0)
                return pol_diag(set, err, "policy_type", sc->level_locs[i], "等级“%s”重复", l);
        for (int j = 0; j < sc->nlevels; j++)
            if (j != i && sc->levels[j].lo <= sc->levels[i].hi &&
                sc->levels[i].lo <= sc->levels[j].hi)
                return pol_diag(set, err, "policy_type", sc->level_locs[i],
                                "等级“%s”的分数段与“%s”重叠", l, sc->levels[j].label);
    }
    int covered = 0;
    for (int i = 0; i < sc->nlevels; i++)
        covered += sc->levels[i].hi - sc->levels[i].lo + 1;
    for (int i = 0; i < sc->nlevels; i++)
        if (sc->levels[i].hi > sc->pub.max_total)
            return pol_diag(set, err, "policy_type", sc->level_locs[i],
                            "等级“%s”的分数段超出满分 %d", sc->levels[i].label, sc->pub.max_total);
    if (covered != sc->pub.max_total + 1)
        return pol_diag(set, err, "policy_type", sc->loc, "等级分数段未覆盖 0 到满分 %d 的每个总分",
                        sc->pub.max_total);
    qsort(sc->levels, (size_t)sc->nlevels, sizeof *sc->levels, by_band_desc);
    return 0;
}

static int check_adjusts(struct pol_set *set, struct scale *sc, struct mz_err *err)
{
    for (int i = 0; i < sc->nadj; i++) {
        struct sadjust *a = &sc->adj[i];
        a->cond = cond_index(sc, a->cond_name);
        if (a->cond < 0)
            return pol_diag(set, err, "policy_type", a->cond_loc,
                            "'%s' 不是本量表的记录项（flag 或 count）", a->cond_name);
        bool is_count = sc->conds[a->cond].is_count;
        if (is_count != (bool)a->has_cmp)
            return pol_diag(set, err, "policy_type", a->cond_loc,
                            is_count ? "次数记录项 '%s' 须写比较，如 >= 2"
                                     : "是否记录项 '%s' 不能写比较",
                            a->cond_name);
        a->to_level = -1;
        if (a->to_label && (a->to_level = level_index(sc, a->to_label)) < 0)
            return pol_diag(set, err, "policy_type", a->to_loc, "“%s”不是本量表的等级",
                            a->to_label);
    }
    return 0;
}

static int check_scale(struct pol_set *set, struct scale *sc, struct mz_err *err)
{
    if (sc->nconds > POL_SCALE_MAX_ADJUST)
        return pol_diag(set, err, "policy_type", sc->cond_locs[POL_SCALE_MAX_ADJUST],
                        "记录项过多（最多 %d 个）", POL_SCALE_MAX_ADJUST);
    if (find_scale(set, sc->pub.name) != sc)
        return pol_diag(set, err, "policy_type", sc->loc, "量表 '%s' 重复定义", sc->pub.name);
    sc->pub.max_total = 0;
    for (int i = 0; i < sc->nitems; i++)
        sc->pub.max_total += sc->items[i].hi;
    TRY(check_names(set, sc, err));
    TRY(check_levels(set, sc, err));
    TRY(check_adjusts(set, sc, err));
    sc->pub.items = sc->items;
    sc->pub.nitems = sc->nitems;
    sc->pub.conds = sc->conds;
    sc->pub.nconds = sc->nconds;
    sc->pub.levels = sc->levels;
    sc->pub.nlevels = sc->nlevels;
    sc->pub.adjusts = sc->adjusts;
    sc->pub.nadjusts = sc->nadjusts;
    return 0;
}

static int check_scale_test(struct pol_set *set, struct ptest *t, struct mz_err *err)
{
    struct scale *sc = t->scale = find_scale(set, t->scale_name);
    if (!sc) return pol_diag(set, err, "policy_type", t->loc, "未定义的量表 '%s'", t->scale_name);
    if (t->nscores != sc->nitems)
        return pol_diag(set, err, "policy_type", t->scores_loc,
                        "应有 %d 项评分（量表的每个项目一项），却有 %d 项", sc->nitems, t->nscores);
    for (int i = 0; i < t->nconds; i++)
        if (cond_index(sc, t->conds[i].name) < 0)
            return pol_diag(set, err, "policy_type", t->conds[i].loc, "'%s' 不是量表的记录项",
                            t->conds[i].name);
    if (level_index(sc, t->want_prelim) < 0 || level_index(sc, t->want_final) < 0)
        return pol_diag(set, err, "policy_type", t->want_loc, "%s", "预期的等级不是本量表的等级");
    return 0;
}

int pol_check_scales(struct pol_set *set, struct mz_err *err)
{
    for (int i = 0; i < set->nscales; i++)
        TRY(check_scale(set, set->scales[i], err));
    for (int i = 0; i < set->ntests; i++)
        if (set->tests[i]->scale_name) TRY(check_scale_test(set, set->tests[i], err));
    return 0;
}

/* ---- scoring ---- */

/* The struct scale a public description belongs to. */
static const struct scale *of(const struct pol_scale *pub)
{
    return (const struct scale *)((const char *)pub - offsetof(struct scale, pub));
}

int pol_scale_score(const struct pol_scale *scale, const int *scores, const int *conds,
                    struct pol_scale_outcome *out, struct mz_err *err)
{
    const struct scale *sc = of(scale);
    memset(out, 0, sizeof *out);
    for (int i = 0; i < sc->nitems; i++) {
        const struct pol_scale_item *it = &sc->items[i];
        if (scores[i] < 0)
            return mz_fail_field(err, it->name, "missing_item", "缺少评估项目“%s”（%s）的评分",
                                 it->label, it->dimension);
        if (scores[i] < it->lo || scores[i] > it->hi)
            return mz_fail_field(err, it->name, "score_out_of_range",
                                 "评估项目“%s”的评分 %d 超出范围（%d–%d 分）", it->label, scores[i],
                                 it->lo, it->hi);
        out->total += scores[i];
    }
    for (int k = 0; k < sc->nconds; k++)
        if (conds[k] < 0 || conds[k] > sc->conds[k].hi)
            return mz_fail_field(err, sc->conds[k].name, "score_out_of_range",
                                 sc->conds[k].is_count ? "“%s”应为 0 到 %d 次，却是 %d"
                                                       : "“%s”应为 是 或 否（%d 为是），却是 %d",
                                 sc->conds[k].label, sc->conds[k].hi, conds[k]);
    out->preliminary = sc->nlevels - 1;
    for (int l = 0; l < sc->nlevels; l++)
        if (out->total >= sc->levels[l].lo && out->total <= sc->levels[l].hi) out->preliminary = l;
    int steps = 0, to = out->preliminary;
    for (int i = 0; i < sc->nadj; i++) {
        const struct sadjust *a = &sc->adj[i];
        int v = conds[a->cond];
        if (a->has_cmp ? v < a->at_least : !v) continue;
        out->held[out->nheld++] = i;
        if (a->to_level >= 0)
            to = a->to_level > to ? a->to_level : to;
        else
            steps = sc->combine_sum ? steps + a->worse : (a->worse > steps ? a->worse : steps);
    }
    int moved = out->preliminary + steps;
    if (moved > sc->nlevels - 1) moved = sc->nlevels - 1;
    out->final = moved > to ? moved : to;
    return 0;
}

/* ---- tests beside the policy ---- */

int pol_scale_run_test(const struct pol_set *set, const struct ptest *t, FILE *out, int verbose)
{
    const struct scale *sc = t->scale;
    int conds[POL_SCALE_MAX_ADJUST] = {0};
    for (int i = 0; i < t->nconds; i++)
        conds[cond_index(sc, t->conds[i].name)] = atoi(t->conds[i].text);
    struct pol_scale_outcome o;
    struct mz_err err = {0};
    const char *path = set->srcs[t->loc.file].path;
    if (pol_scale_score(&sc->pub, t->scores, conds, &o, &err) < 0) {
        fprintf(out, "失败 %s:%d: %s：%s\n", path, t->loc.line, t->name, err.msg);
        return 1;
    }
    const char *prelim = sc->levels[o.preliminary].label, *final = sc->levels[o.final].label;
    if (o.total != t->want_total || strcmp(prelim, t->want_prelim) != 0 ||
        strcmp(final, t->want_final) != 0) {
        fprintf(out,
                "失败 %s:%d: %s：应为总分 %d、初步等级“%s”、最终等级“%s”，实际为 %d、“%s”、“%s”\n",
                path, t->want_loc.line, t->name, t->want_total, t->want_prelim, t->want_final,
                o.total, prelim, final);
        return 1;
    }
    if (verbose) fprintf(out, "通过 %s\n", t->name);
    return 0;
}
