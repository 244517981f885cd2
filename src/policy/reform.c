/* Reform simulation: parameter overrides and the comparison of two
 * evaluations of the same snapshot. */
#include "policy/reform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "policy/internal.h"

/* ---- parameters ------------------------------------------------------- */

int pol_param_count(const struct pol_set *set)
{
    return set->nparams;
}

const char *pol_param_name(const struct pol_set *set, int i)
{
    return set->params[i]->name;
}

const char *pol_param_label(const struct pol_set *set, int i)
{
    return set->params[i]->label;
}

void pol_param_text(const struct pol_set *set, int i, const char *division, int rural, mz_date day,
                    char *out, size_t cap)
{
    const struct param *pm = set->params[i];
    out[0] = '\0';
    if (pm->within || !pol_param_entry(set, i, division, rural, day))
        return;
    int64_t v = pol_param_value(set, i, division, rural, day);
    long long a = v < 0 ? -v : v;
    const char *sign = v < 0 ? "-" : "";
    if (pm->ty.k == TY_MONEY)
        snprintf(out, cap, "%s%lld.%02lld", sign, a / 100, a % 100);
    else if (pm->ty.k == TY_RATIO)
        snprintf(out, cap, "%s%lld.%04lld", sign, a / RATIO_SCALE, a % RATIO_SCALE);
    else
        snprintf(out, cap, "%lld", (long long)v);
}

/* ---- overrides -------------------------------------------------------- */

int reform_from_check(mz_date from, struct mz_err *err)
{
    return date_check(from, date_today() + REFORM_AHEAD_DAYS, "from", "起始日期", err);
}

int pol_param_override(struct pol_set *set, const char *spec, mz_date from, struct mz_err *err)
{
    char name[96], prefix[13] = "";
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof name)
        return mz_fail(err, "invalid_reform", "改革参数应写作 名称[.urban|.rural][@区划]=值，实为“%s”",
                       spec);
    memcpy(name, spec, (size_t)(eq - spec));
    name[eq - spec] = '\0';
    char *at = strchr(name, '@');
    if (at) {
        *at = '\0';
        size_t n = strlen(at + 1);
        if (n == 0 || n >= sizeof prefix || strspn(at + 1, "0123456789") != n)
            return mz_fail(err, "invalid_reform", "“%s”中的区划代码应为数字前缀", spec);
        memcpy(prefix, at + 1, n + 1);
    }
    enum variant variant = VAR_ANY;
    char *dot = strchr(name, '.');
    if (dot) {
        if (strcmp(dot + 1, "urban") == 0)
            variant = VAR_URBAN;
        else if (strcmp(dot + 1, "rural") == 0)
            variant = VAR_RURAL;
        else
            return mz_fail(err, "invalid_reform", "“%s”中的 .%s 应为 .urban 或 .rural", spec,
                           dot + 1);
        *dot = '\0';
    }
    int p = pol_find_param(set, name);
    if (p < 0)
        return mz_fail(err, "unknown_param", "没有名为 %s 的参数", name);
    struct param *pm = set->params[p];
    if (pm->within)
        return mz_fail(err, "invalid_reform", "%s 是区域判断，不能设置取值", name);
    int64_t value;
    if (pol_parse_typed(set, pm->ty, eq + 1, &value, err) < 0)
        return -1;
    if (value < 0 && (pm->ty.k == TY_INT || pm->ty.k == TY_MONEY || pm->ty.k == TY_RATIO))
        return mz_fail(err, "invalid_reform", "%s 不能为负数，实为 %s", name, eq + 1);
    /* Every entry in the scope gets a successor from `from`; an entry for
     * the scope itself is added so regions without one are covered too. */
    int n = pm->nentries, added = 0;
    for (int i = 0; i <= n; i++) {
        struct pentry e;
        if (i < n) {
            e = pm->entries[i];
            if (strncmp(e.prefix, prefix, strlen(prefix)) != 0 ||
                (variant != VAR_ANY && e.variant != variant && e.variant != VAR_ANY))
                continue;
            if (variant != VAR_ANY)
                e.variant = variant;
        } else {
            if (added)
                break;
            memset(&e, 0, sizeof e);
            memcpy(e.prefix, prefix, sizeof prefix);
            e.variant = variant;
            e.loc = pm->loc;
        }
        e.from = from;
        e.kind = PV_VALUE;
        e.value = value;
        e.note = "模拟改革";
        pm->entries = arena_push(&set->arena, pm->entries, &pm->nentries, sizeof e);
        if (!pm->entries)
            return mz_fail(err, "out_of_memory", "内存不足");
        pm->entries[pm->nentries - 1] = e;
        added++;
    }
    return 0;
}

/* ---- comparison ------------------------------------------------------- */

struct cells {
    struct reform_cell *items;
    size_t n, cap;
};

static struct reform_cell *cell(struct cells *c, const char *division, int program)
{
    for (size_t i = c->n; i-- > 0;)
        if (c->items[i].program == program && strncmp(c->items[i].county, division, 6) == 0)
            return &c->items[i];
    if (mz_grow(&c->items, &c->cap, c->n + 1, sizeof *c->items) < 0)
        return NULL;
    struct reform_cell *x = &c->items[c->n++];
    memset(x, 0, sizeof *x);
    memcpy(x->county, division, 6);
    x->program = program;
    return x;
}

static int cell_order(const void *a, const void *b)
{
    const struct reform_cell *x = a, *y = b;
    int c = strcmp(x->county, y->county);
    return c ? c : x->program - y->program;
}

/* The first criterion of program whose outcome differs between the two
 * explanations of one household and member. */
static void changed_criterion(const struct pol_set *base, const struct pol_set *reformed,
                              const struct pol_snapshot *snap, size_t h, int program, int member,
                              mz_date as_of, char *out, size_t cap)
{
    out[0] = '\0';
    struct pol_explanation *a = pol_explain(base, snap, h, program, as_of, NULL);
    struct pol_explanation *b = pol_explain(reformed, snap, h, program, as_of, NULL);
    int n = a && b ? pol_program_criteria(base, program) : 0;
    for (int k = 0; k < n; k++)
        if (pol_explanation_criterion(a, program, member, k) !=
            pol_explanation_criterion(b, program, member, k)) {
            snprintf(out, cap, "%s", pol_program_criterion_label(base, program, k));
            break;
        }
    if (!out[0] && a && b)
        snprintf(out, cap, "金额计算");
    pol_explanation_free(a);
    pol_explanation_free(b);
}

int reform_compare(const struct pol_set *base, const struct pol_set *reformed,
                   const struct pol_snapshot *snap, mz_date as_of, int nthreads,
                   struct reform_report *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct pol_results *ra = pol_eval(base, snap, as_of, nthreads, err);
    struct pol_results *rb = ra ? pol_eval(reformed, snap, as_of, nthreads, err) : NULL;
    struct cells cells = {0};
    size_t cap = 0, *hh = NULL;
    int rc = -1;
    if (!rb)
        goto out_free;
    /* Household row of each person row. */
    if (!(hh = mz_malloc((snap->npersons ? snap->npersons : 1) * sizeof *hh)))
        goto out_oom;
    for (size_t k = 0; k < snap->nhouseholds; k++)
        for (size_t i = snap->member_start[k]; i < snap->member_start[k + 1]; i++)
            hh[i] = k;
    int np = pol_program_count(base);
    for (int p = 0; p < np; p++) {
        bool person = pol_program_entity(base, p) == POL_PERSON;
        size_t rows = person ? snap->npersons : snap->nhouseholds;
        const int64_t *ea = pol_results_eligible(ra, p), *eb = pol_results_eligible(rb, p);
        const int64_t *aa = pol_results_amount(ra, p), *ab = pol_results_amount(rb, p);
        for (size_t r = 0; r < rows; r++) {
            int64_t before = ea[r] ? aa[r] : 0, after = eb[r] ? ab[r] : 0;
            if (!ea[r] && !eb[r])
                continue;
            size_t h = person ? hh[r] : r;
            struct reform_cell *c = cell(&cells, snap->division[h], p);
            if (!c)
                goto out_oom;
            c->cost_before += before;
            c->cost_after += after;
            c->gain += !ea[r] && eb[r];
            c->lose += ea[r] && !eb[r];
            if (ea[r] == eb[r] && before == after)
                continue;
            if (mz_grow(&out->changes, &cap, out->nchanges + 1, sizeof *out->changes) < 0)
                goto out_oom;
            struct reform_change *x = &out->changes[out->nchanges++];
            *x = (struct reform_change){.household = h, .program = p, .before = before,
                                        .after = after, .eligible_before = (int)ea[r],
                                        .eligible_after = (int)eb[r]};
            changed_criterion(base, reformed, snap, h, p,
                              person ? (int)(r - snap->member_start[h]) : 0, as_of, x->criterion,
                              sizeof x->criterion);
        }
    }
    if (cells.n) /* qsort of NULL is undefined, even for no items */
        qsort(cells.items, cells.n, sizeof *cells.items, cell_order);
    out->cells = cells.items;
    out->ncells = cells.n;
    cells.items = NULL;
    rc = 0;
    goto out_free;
out_oom:
    mz_fail(err, "out_of_memory", "内存不足");
    reform_report_free(out);
out_free:
    mz_free(hh);
    mz_free(cells.items);
    pol_results_free(ra);
    pol_results_free(rb);
    return rc;
}

void reform_report_free(struct reform_report *r)
{
    mz_free(r->changes);
    mz_free(r->cells);
    memset(r, 0, sizeof *r);
}
