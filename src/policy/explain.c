/* The scalar path: evaluates one household straight from the syntax tree
 * (not the bytecode, so that it checks the VM), and writes a Chinese
 * explanation: each criterion, its value, the values it read (inputs,
 * variables, parameters with their source) and its citation. Staff read
 * it with the policy names beside the labels; a legal document
 * (pol_explain_document) reads the labels alone. */
#include <stdarg.h>
#include <string.h>

#include "base/mem.h"
#include "policy/internal.h"
#include "policy/snapshot.h"

struct pol_explanation {
    char *text;
    size_t len, cap;
    int failed;
    int nslots; /* max(1, members) */
    int64_t *eligible, *amount; /* [program * nslots + member] */
    int maxcrits;
    int8_t *crits; /* [(program * nslots + member) * maxcrits + k]: 1, 0, -1 = not explained */
};

struct xctx {
    const struct pol_set *set;
    const struct pol_snapshot *snap;
    size_t h, p0;
    int nm, nslots;
    mz_date as_of;
    const char *division;
    int rural;
    int document;    /* worded for a legal document: labels only */
    int64_t *memo;   /* [var id * nslots + member] */
    uint8_t *done;
    uint8_t *pdone;  /* [program * nslots + member] */
    struct pol_explanation *ex;
};

/* ---- text ---- */

static void out(struct pol_explanation *ex, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void out(struct pol_explanation *ex, const char *fmt, ...)
{
    if (ex->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (mz_grow(&ex->text, &ex->cap, ex->len + (size_t)n + 1, 1) < 0) {
        ex->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(ex->text + ex->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ex->len += (size_t)n;
}

/* ---- evaluation ---- */

static int64_t eval(struct xctx *x, const struct node *n, int m);
static int64_t prog_eligible(struct xctx *x, const struct program *g, int m);

static int var_id(const struct pol_set *set, const struct var *v)
{
    for (int i = 0; i < set->nvars; i++)
        if (set->vars[i] == v)
            return i;
    return 0;
}

static int64_t var_value(struct xctx *x, const struct var *v, int m)
{
    int slot = v->entity == POL_PERSON ? m : 0;
    size_t k = (size_t)var_id(x->set, v) * (size_t)x->nslots + (size_t)slot;
    if (x->done[k])
        return x->memo[k];
    int64_t val = 0;
    switch (v->kind) {
    case V_INPUT:
        val = x->snap->columns[v->input][v->entity == POL_PERSON ? x->p0 + (size_t)m : x->h];
        break;
    case V_DERIVED:
        val = eval(x, v->expr, v->entity == POL_PERSON ? m : -1);
        break;
    case V_PROGRAM:
        val = prog_eligible(x, v->prog, v->entity == POL_PERSON ? m : -1);
        break;
    }
    x->memo[k] = val;
    x->done[k] = 1;
    return val;
}

static int64_t param_value(struct xctx *x, int p)
{
    return pol_param_value(x->set, p, x->division, x->rural, x->as_of);
}

static int64_t aggregate(struct xctx *x, const struct node *n)
{
    int64_t acc = n->op == A_ALL ? 1 : 0;
    int seen = 0;
    for (int k = 0; k < x->nm; k++) {
        if (n->b && !eval(x, n->b, k))
            continue;
        int64_t v = n->a ? eval(x, n->a, k) : 1;
        switch (n->op) {
        case A_SUM:
        case A_COUNT: acc = pol_wrap_add(acc, v); break;
        case A_ANY: acc |= v != 0; break;
        case A_ALL: acc &= v != 0; break;
        case A_MIN:
        case A_MAX:
            if (!seen || (n->op == A_MAX ? v > acc : v < acc))
                acc = v;
            seen = 1;
            break;
        }
    }
    return acc;
}

static int64_t eval(struct xctx *x, const struct node *n, int m)
{
    int64_t a, b;
    switch (n->kind) {
    case N_LIT: return n->v;
    case N_ASOF: return x->as_of;
    case N_PARAM: return param_value(x, n->param);
    case N_VAR: return var_value(x, n->var, m);
    case N_UNARY:
        a = eval(x, n->a, m);
        return n->op == '-' ? pol_wrap_sub(0, a) : !a;
    case N_BIN:
        a = eval(x, n->a, m);
        return pol_scalar_bin(n, a, eval(x, n->b, m));
    case N_IF:
        return eval(x, n->a, m) ? eval(x, n->b, m) : eval(x, n->c, m);
    case N_CALL:
        a = eval(x, n->a, m);
        switch (n->op) {
        case F_AGE: return pol_age(a, x->as_of);
        case F_KNOWN: return a != (n->a->ty.k == TY_DATE ? MZ_DATE_NONE : 0);
        case F_MONTHS: return pol_months_between(a, eval(x, n->b, m));
        case F_MIN: b = eval(x, n->b, m); return a < b ? a : b;
        default: b = eval(x, n->b, m); return a > b ? a : b;
        }
    case N_AGG: return aggregate(x, n);
    case N_STR: break;
    }
    return 0;
}

/* Is the program excluded by one it comes after (for member m)? Returns
 * the program that excludes it, or NULL. */
static const struct program *excluded_by(struct xctx *x, const struct program *g, int m)
{
    for (int i = 0; i < g->nafter; i++) {
        const struct program *b = g->after[i];
        int64_t hit = 0;
        if (b->entity == g->entity)
            hit = prog_eligible(x, b, m);
        else if (b->entity == POL_PERSON)
            for (int k = 0; k < x->nm; k++)
                hit |= prog_eligible(x, b, k);
        else
            hit = prog_eligible(x, b, -1);
        if (hit)
            return b;
    }
    return NULL;
}

static int64_t prog_eligible(struct xctx *x, const struct program *g, int m)
{
    int slot = g->entity == POL_PERSON ? m : 0;
    size_t k = (size_t)g->index * (size_t)x->nslots + (size_t)slot;
    if (x->pdone[k])
        return x->ex->eligible[k];
    int64_t raw = 1;
    for (int i = 0; i < g->ncrits; i++)
        raw &= eval(x, g->crits[i].expr, m);
    int64_t final = raw && !excluded_by(x, g, m);
    int64_t amount = final && g->amount ? pol_round(eval(x, g->amount, m), g->rounding) : 0;
    x->ex->eligible[k] = final;
    x->ex->amount[k] = amount;
    x->pdone[k] = 1;
    return final;
}

/* ---- the trace ---- */

struct ref {
    const struct var *var;
    int param;
    int in_agg;
};

static void collect(const struct node *n, int in_agg, struct ref *refs, int *nrefs, int depth)
{
    if (!n || depth > 1000 || *nrefs >= 32)
        return;
    if (n->kind == N_VAR || n->kind == N_PARAM) {
        for (int i = 0; i < *nrefs; i++)
            if (refs[i].var == (n->kind == N_VAR ? n->var : NULL) &&
                (n->kind == N_VAR || refs[i].param == n->param))
                return;
        refs[(*nrefs)++] = (struct ref){n->kind == N_VAR ? n->var : NULL, n->param, in_agg};
        return;
    }
    in_agg |= n->kind == N_AGG;
    collect(n->a, in_agg, refs, nrefs, depth + 1);
    collect(n->b, in_agg, refs, nrefs, depth + 1);
    collect(n->c, in_agg, refs, nrefs, depth + 1);
}

static void print_refs(struct xctx *x, const struct node *e, int m)
{
    struct ref refs[32];
    int nrefs = 0;
    char buf[96];
    collect(e, 0, refs, &nrefs, 0);
    for (int i = 0; i < nrefs; i++) {
        const struct ref *r = &refs[i];
        if (r->var) {
            if (x->document)
                out(x->ex, "      · %s", r->var->label);
            else
                out(x->ex, "      · %s（%s）", r->var->label, r->var->name);
            if (r->in_agg && r->var->entity == POL_PERSON) {
                for (int k = 0; k < x->nm; k++) {
                    pol_format_value(x->set, r->var->ty, var_value(x, r->var, k), buf, sizeof buf);
                    out(x->ex, x->document ? "%s第%d人 %s" : "%s成员%d %s", k ? "，" : "：", k + 1,
                        buf);
                }
                out(x->ex, "\n");
            } else {
                pol_format_value(x->set, r->var->ty, var_value(x, r->var, m), buf, sizeof buf);
                out(x->ex, " = %s\n", buf);
            }
            continue;
        }
        const struct param *pm = x->set->params[r->param];
        pol_format_value(x->set, pm->ty, param_value(x, r->param), buf, sizeof buf);
        if (pm->within) {
            if (x->document)
                out(x->ex, "      · 所在地属于规定的区域 = %s\n", buf);
            else
                out(x->ex, "      · 区划属于 %s = %s\n", pm->within, buf);
            continue;
        }
        if (x->document)
            out(x->ex, "      · %s = %s", pm->label, buf);
        else
            out(x->ex, "      · 参数 %s（%s）= %s", pm->label, pm->name, buf);
        const struct pentry *en = pol_param_entry(x->set, r->param, x->division, x->rural, x->as_of);
        if (en) {
            char d[11];
            date_format(en->from, d);
            out(x->ex, "，%s起适用", d);
        } else {
            out(x->ex, "，该日期无生效值");
        }
        if (pm->source)
            out(x->ex, "，依据%s", pm->source);
        if ((en && en->note) || pm->unverified)
            out(x->ex, "〔未核实：%s〕", en && en->note ? en->note : pm->note ? pm->note : "");
        out(x->ex, "\n");
    }
}

static void explain_program(struct xctx *x, const struct program *g, int m)
{
    int64_t final = prog_eligible(x, g, m);
    size_t k = (size_t)g->index * (size_t)x->nslots + (size_t)(m < 0 ? 0 : m);
    char amt[64];
    if (m >= 0) {
        char birth[32];
        pol_format_value(x->set, (struct type){TY_DATE, 0},
                         x->snap->columns[pol_input_find(x->set, "birth_date")][x->p0 + (size_t)m],
                         birth, sizeof birth);
        out(x->ex, x->document ? "【%s】第%d人（%s出生）：%s\n" : "【%s】成员%d（出生 %s）：%s\n",
            g->label, m + 1, birth, final ? "符合" : "不符合");
    } else {
        out(x->ex, "【%s】本户：%s\n", g->label, final ? "符合" : "不符合");
    }
    for (int i = 0; i < g->ncrits; i++) {
        const struct criterion *c = &g->crits[i];
        int64_t v = eval(x, c->expr, m);
        x->ex->crits[k * (size_t)x->ex->maxcrits + (size_t)i] = v != 0;
        out(x->ex, "  %s 条件%d：%s —— %s\n", v ? "✓" : "✗", i + 1, c->label, v ? "成立" : "不成立");
        out(x->ex, "      依据：%s\n", c->cite);
        print_refs(x, c->expr, m);
    }
    const struct program *by = excluded_by(x, g, m);
    if (by)
        out(x->ex, "  ✗ 优先顺序：已符合“%s”，按规定不再认定本项目\n", by->label);
    if (g->amount) {
        static const char *rounding[] = {"精确到分", "按元四舍五入", "按元向上取整", "按元向下取整"};
        pol_format_value(x->set, (struct type){TY_MONEY, 0}, x->ex->amount[k], amt, sizeof amt);
        out(x->ex, "  %s：%s（%s）\n", g->amount_label ? g->amount_label : "金额", amt,
            rounding[g->rounding]);
        if (final)
            print_refs(x, g->amount, m);
    }
}

/* Sets up the scalar evaluation of one household (and its explanation):
 * 0, or -1 when out of memory (free with xctx_free either way). */
static int xctx_init(struct xctx *x, const struct pol_set *set, const struct pol_snapshot *snap,
                     size_t household, mz_date as_of)
{
    struct pol_explanation *ex = mz_calloc(1, sizeof *ex);
    *x = (struct xctx){.set = set, .snap = snap, .h = household, .as_of = as_of, .ex = ex};
    if (!ex)
        return -1;
    x->p0 = snap->member_start[household];
    x->nm = (int)(snap->member_start[household + 1] - x->p0);
    x->nslots = ex->nslots = x->nm > 0 ? x->nm : 1;
    x->division = snap->division[household];
    x->rural = snap->columns[pol_input_find(set, "rural")][household] != 0;
    size_t nv = (size_t)set->nvars * (size_t)x->nslots, np = (size_t)set->nprogs * (size_t)x->nslots;
    x->memo = mz_calloc(nv, sizeof *x->memo);
    x->done = mz_calloc(nv, 1);
    x->pdone = mz_calloc(np, 1);
    ex->eligible = mz_calloc(np, sizeof *ex->eligible);
    ex->amount = mz_calloc(np, sizeof *ex->amount);
    for (int i = 0; i < set->nprogs; i++)
        if (set->progs[i]->ncrits > ex->maxcrits)
            ex->maxcrits = set->progs[i]->ncrits;
    ex->crits = mz_malloc(np * (size_t)(ex->maxcrits ? ex->maxcrits : 1));
    if (!x->memo || !x->done || !x->pdone || !ex->eligible || !ex->amount || !ex->crits)
        return -1;
    memset(ex->crits, -1, np * (size_t)(ex->maxcrits ? ex->maxcrits : 1));
    return 0;
}

/* Frees the evaluation state; the explanation too unless keep_ex. */
static void xctx_free(struct xctx *x, int keep_ex)
{
    mz_free(x->memo);
    mz_free(x->done);
    mz_free(x->pdone);
    if (!keep_ex)
        pol_explanation_free(x->ex);
}

static struct pol_explanation *explain(const struct pol_set *set, const struct pol_snapshot *snap,
                                       size_t household, int program, mz_date as_of,
                                       int document, struct mz_err *err)
{
    if (household >= snap->nhouseholds || program >= set->nprogs || snap->ncolumns != set->ninputs) {
        mz_fail(err, "invalid_argument", "没有第 %zu 户或第 %d 个项目", household, program);
        return NULL;
    }
    struct xctx x;
    if (xctx_init(&x, set, snap, household, as_of) < 0)
        goto out_oom;
    x.document = document;
    struct pol_explanation *ex = x.ex;
    char d[11];
    date_format(as_of, d);
    /* members counted as the policies count them: alive on the day (a
     * person variable `alive`, when the policies declare one) */
    const struct var *alive = pol_find_var(set, "alive");
    int living = x.nm;
    for (int m = 0; alive && alive->entity == POL_PERSON && m < x.nm; m++)
        living -= !var_value(&x, alive, m);
    char dead[48] = "";
    if (living < x.nm)
        snprintf(dead, sizeof dead, "，另有 %d 人已去世", x.nm - living);
    int y, mo, dd;
    date_to_ymd(as_of, &y, &mo, &dd);
    if (document)
        out(ex, "家庭（%s，在世成员 %d 人%s），截至%d年%d月%d日\n", x.rural ? "农村" : "城镇",
            living, dead, y, mo, dd);
    else
        out(ex, "家庭（区划 %s，%s，在世成员 %d 人%s），截至 %s，政策版本 %.12s\n", x.division,
            x.rural ? "农村" : "城镇", living, dead, d, set->version);
    for (int i = 0; i < set->nprogs; i++) {
        const struct program *g = set->progs[i];
        if (g->entity == POL_HOUSEHOLD) {
            prog_eligible(&x, g, -1);
            if (program < 0 || program == i)
                explain_program(&x, g, -1);
            continue;
        }
        for (int m = 0; m < x.nm; m++) {
            prog_eligible(&x, g, m);
            if (program < 0 || program == i)
                explain_program(&x, g, m);
        }
    }
    if (ex->failed)
        goto out_oom;
    xctx_free(&x, 1);
    return ex;
out_oom:
    xctx_free(&x, 0);
    mz_fail(err, "out_of_memory", "生成解释时内存不足");
    return NULL;
}

struct pol_explanation *pol_explain(const struct pol_set *set, const struct pol_snapshot *snap,
                                    size_t household, int program, mz_date as_of,
                                    struct mz_err *err)
{
    return explain(set, snap, household, program, as_of, 0, err);
}

struct pol_explanation *pol_explain_document(const struct pol_set *set,
                                             const struct pol_snapshot *snap, size_t household,
                                             int program, mz_date as_of, struct mz_err *err)
{
    return explain(set, snap, household, program, as_of, 1, err);
}

void pol_warning_values(const struct pol_set *set, const struct pol_snapshot *snap, size_t h,
                        int member, int w, mz_date as_of, char *text, size_t cap)
{
    text[0] = '\0';
    const struct pwarn *pw = set->warns[w];
    if (h >= snap->nhouseholds || !pw->cond)
        return;
    struct xctx x;
    int ok = xctx_init(&x, set, snap, h, as_of) == 0 && member >= 0 && member < x.nm;
    size_t len = 0;
    for (int i = 0; ok && i < pw->nreads && len < cap; i++) {
        const struct var *v = pw->reads[i];
        char val[96];
        pol_format_value(set, v->ty, var_value(&x, v, member), val, sizeof val);
        int n = snprintf(text + len, cap - len, "%s%s=%s", len ? "；" : "",
                         v->label ? v->label : v->name, val);
        if (n < 0 || (size_t)n >= cap - len) {
            text[len] = '\0'; /* whole items only: the text stays valid UTF-8 */
            break;
        }
        len += (size_t)n;
    }
    xctx_free(&x, 0);
}

int pol_person_values(const struct pol_set *set, const struct pol_snapshot *snap, size_t h,
                      int member, mz_date as_of, const char *const *names, int n, int64_t *out,
                      const char **labels, struct mz_err *err)
{
    const struct var *vs[16];
    if (n < 0 || n > 16)
        return mz_fail(err, "invalid_argument", "一次最多取 16 个变量");
    for (int i = 0; i < n; i++) {
        vs[i] = pol_find_var(set, names[i]);
        if (!vs[i] || vs[i]->entity != POL_PERSON)
            return mz_fail(err, "unknown_variable", "政策中没有人员变量“%s”", names[i]);
        if (labels)
            labels[i] = vs[i]->label ? vs[i]->label : vs[i]->name;
    }
    if (h >= snap->nhouseholds)
        return mz_fail(err, "invalid_argument", "没有第 %zu 户", h);
    struct xctx x;
    int rc = xctx_init(&x, set, snap, h, as_of);
    if (rc == 0 && (member < 0 || member >= x.nm))
        rc = mz_fail(err, "invalid_argument", "第 %zu 户没有第 %d 名成员", h, member + 1);
    else if (rc < 0)
        mz_fail(err, "out_of_memory", "内存不足");
    for (int i = 0; rc == 0 && i < n; i++)
        out[i] = var_value(&x, vs[i], member);
    xctx_free(&x, 0);
    return rc;
}

void pol_explanation_free(struct pol_explanation *ex)
{
    if (!ex)
        return;
    mz_free(ex->text);
    mz_free(ex->eligible);
    mz_free(ex->amount);
    mz_free(ex->crits);
    mz_free(ex);
}

int pol_explanation_criterion(const struct pol_explanation *ex, int program, int member, int k)
{
    if (k < 0 || k >= ex->maxcrits)
        return -1;
    size_t slot = (size_t)program * (size_t)ex->nslots + (size_t)(member < 0 ? 0 : member);
    return ex->crits[slot * (size_t)ex->maxcrits + (size_t)k];
}

int pol_explanation_eligible(const struct pol_explanation *ex, int program, int member)
{
    return (int)ex->eligible[(size_t)program * (size_t)ex->nslots + (size_t)(member < 0 ? 0 : member)];
}

int64_t pol_explanation_amount(const struct pol_explanation *ex, int program, int member)
{
    return ex->amount[(size_t)program * (size_t)ex->nslots + (size_t)(member < 0 ? 0 : member)];
}

const char *pol_explanation_text(const struct pol_explanation *ex)
{
    return ex->text ? ex->text : "";
}

void pol_explanation_print(const struct pol_explanation *ex, FILE *f)
{
    fputs(pol_explanation_text(ex), f);
}
