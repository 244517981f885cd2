/* The checker: resolves names, infers and checks types and entities,
 * rejects cycles, and detects programs that can claim the same household
 * without a stated precedence (conflict detection, after Catala). */
#include <string.h>

#include "policy/internal.h"

#define TRY(x)             \
    do {                   \
        if ((x) < 0)       \
            return -1;     \
    } while (0)

static const char *type_name(const struct pol_set *set, struct type t)
{
    switch (t.k) {
    case TY_INT: return "整数";
    case TY_MONEY: return "金额";
    case TY_RATIO: return "比例";
    case TY_BOOL: return "布尔";
    case TY_DATE: return "日期";
    case TY_ENUM: return "枚举";
    default: return "未知";
    }
}

static int same(struct type a, struct type b)
{
    return a.k == b.k && (a.k != TY_ENUM || a.enum_id == b.enum_id);
}

static int check_var(struct pol_set *set, struct var *v, struct mz_err *err);
static int check_program(struct pol_set *set, struct program *g, struct mz_err *err);

/* The literal 0 fits any number type, so `max(x, 0)` works for money. */
static void coerce_zero(struct node *n, struct type to)
{
    if (n->kind == N_LIT && n->ty.k == TY_INT && n->v == 0 &&
        (to.k == TY_MONEY || to.k == TY_RATIO))
        n->ty = to;
}

static int enum_label(struct pol_set *set, struct node *s, struct type ty, struct mz_err *err)
{
    const struct enum_def *e = set->enums[ty.enum_id];
    int code = pol_enum_code(e, s->s, strlen(s->s));
    if (!code) {
        char labels[200] = "";
        for (int i = 0; i < e->nlabels; i++)
            snprintf(labels + strlen(labels), sizeof labels - strlen(labels), "%s%s", i ? "、" : "",
                     e->labels[i]);
        return pol_diag(set, err, "policy_type", s->loc, "'%s' 不是可选值（%s）之一", s->s, labels);
    }
    s->kind = N_LIT;
    s->ty = ty;
    s->v = code;
    return 0;
}

static int within_param(struct pol_set *set, struct node *n, struct mz_err *err)
{
    size_t len = strlen(n->s);
    if (len == 0 || len > 12 || strspn(n->s, "0123456789") != len)
        return pol_diag(set, err, "policy_type", n->loc, "区划代码前缀 '%s' 应为 1 到 12 位数字", n->s);
    int found = -1;
    for (int i = 0; i < set->nparams; i++)
        if (set->params[i]->within && strcmp(set->params[i]->within, n->s) == 0)
            found = i;
    if (found < 0) {
        struct param *pm = arena_alloc(&set->arena, sizeof *pm);
        pm->name = pm->label = pm->within = n->s;
        pm->ty.k = TY_BOOL;
        pm->state = 2;
        set->params = arena_push(&set->arena, set->params, &set->nparams, sizeof(void *));
        set->params[set->nparams - 1] = pm;
        found = set->nparams - 1;
    }
    n->kind = N_PARAM;
    n->param = found;
    n->ty.k = TY_BOOL;
    return 0;
}

static int check_node(struct pol_set *set, struct node *n, int scope, struct mz_err *err);

static int numeric(struct type t)
{
    return t.k == TY_INT || t.k == TY_MONEY || t.k == TY_RATIO || t.k == TY_DATE;
}

static int check_bin(struct pol_set *set, struct node *n, int scope, struct mz_err *err)
{
    struct node *a = n->a, *b = n->b;
    if ((n->op == B_EQ || n->op == B_NE) && (a->kind == N_STR || b->kind == N_STR)) {
        struct node *s = a->kind == N_STR ? a : b, *o = s == a ? b : a;
        TRY(check_node(set, o, scope, err));
        if (o->ty.k != TY_ENUM)
            return pol_diag(set, err, "policy_type", s->loc, "字符串 \"%s\" 只能与枚举值比较", s->s);
        TRY(enum_label(set, s, o->ty, err));
        s->entity = scope;
        n->ty.k = TY_BOOL;
        return 0;
    }
    TRY(check_node(set, a, scope, err));
    TRY(check_node(set, b, scope, err));
    coerce_zero(a, b->ty);
    coerce_zero(b, a->ty);
    struct type ta = a->ty, tb = b->ty, r = {TY_NONE, 0};
    switch (n->op) {
    case B_AND:
    case B_OR:
        if (ta.k == TY_BOOL && tb.k == TY_BOOL)
            r.k = TY_BOOL;
        break;
    case B_EQ:
    case B_NE:
        if (same(ta, tb))
            r.k = TY_BOOL;
        break;
    case B_LT:
    case B_LE:
    case B_GT:
    case B_GE:
        if (same(ta, tb) && numeric(ta))
            r.k = TY_BOOL;
        break;
    case B_ADD:
        if (same(ta, tb) && ta.k != TY_DATE && numeric(ta))
            r = ta;
        else if ((ta.k == TY_DATE && tb.k == TY_INT) || (ta.k == TY_INT && tb.k == TY_DATE))
            r.k = TY_DATE;
        break;
    case B_SUB:
        if (same(ta, tb) && ta.k == TY_DATE)
            r.k = TY_INT;
        else if (same(ta, tb) && numeric(ta))
            r = ta;
        else if (ta.k == TY_DATE && tb.k == TY_INT)
            r.k = TY_DATE;
        break;
    case B_MUL:
        if (ta.k == TY_INT && tb.k == TY_INT)
            r.k = TY_INT;
        else if ((ta.k == TY_MONEY && (tb.k == TY_INT || tb.k == TY_RATIO)) ||
                 (tb.k == TY_MONEY && (ta.k == TY_INT || ta.k == TY_RATIO)))
            r.k = TY_MONEY;
        else if ((ta.k == TY_INT && tb.k == TY_RATIO) || (ta.k == TY_RATIO && tb.k == TY_INT))
            r.k = TY_RATIO;
        break;
    case B_DIV:
        if ((ta.k == TY_INT || ta.k == TY_MONEY) && tb.k == TY_INT)
            r = ta;
        break;
    }
    if (r.k == TY_NONE) {
        static const char *ops[] = {"+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
        char msg[200];
        snprintf(msg, sizeof msg, "类型不匹配：%s %s %s", type_name(set, ta), ops[n->op],
                 type_name(set, tb));
        if ((ta.k == TY_MONEY && tb.k == TY_INT) || (ta.k == TY_INT && tb.k == TY_MONEY))
            snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "（金额常量请写单位，如 40 元）");
        else if (n->op == B_DIV && ta.k == TY_MONEY && tb.k == TY_MONEY)
            snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "（金额相除请改写为乘法比较）");
        return pol_diag(set, err, "policy_type", n->loc, "%s", msg);
    }
    n->ty = r;
    return 0;
}

static int check_node(struct pol_set *set, struct node *n, int scope, struct mz_err *err)
{
    n->entity = scope;
    switch (n->kind) {
    case N_LIT:
    case N_PARAM:
        return 0;
    case N_ASOF:
        n->ty.k = TY_DATE;
        return 0;
    case N_STR:
        return pol_diag(set, err, "policy_type", n->loc, "字符串 \"%s\" 只能与枚举值比较", n->s);
    case N_VAR: {
        struct var *v = pol_find_var(set, n->s);
        if (!v) {
            int p = n->op == 'h' ? -1 : pol_find_param(set, n->s);
            if (p < 0)
                return pol_diag(set, err, "policy_type", n->loc, "未定义的名称 '%s'", n->s);
            n->kind = N_PARAM;
            n->param = p;
            n->ty = set->params[p]->ty;
            return 0;
        }
        if (n->op == 'h' && v->entity != POL_HOUSEHOLD)
            return pol_diag(set, err, "policy_type", n->loc, "'%s' 不是家庭变量", n->s);
        if (v->entity == POL_PERSON && scope == POL_HOUSEHOLD)
            return pol_diag(set, err, "policy_type", n->loc,
                            "个人变量 '%s' 在家庭层面须用 sum/count/any/all/min/max 汇总", n->s);
        if (v->kind == V_DERIVED)
            TRY(check_var(set, v, err));
        else if (v->kind == V_PROGRAM)
            TRY(check_program(set, v->prog, err));
        n->var = v;
        n->ty = v->ty;
        return 0;
    }
    case N_UNARY:
        TRY(check_node(set, n->a, scope, err));
        if (n->op == 'n' && n->a->ty.k != TY_BOOL)
            return pol_diag(set, err, "policy_type", n->loc, "not 需要布尔值，却是%s",
                            type_name(set, n->a->ty));
        if (n->op == '-' && n->a->ty.k != TY_INT && n->a->ty.k != TY_MONEY && n->a->ty.k != TY_RATIO)
            return pol_diag(set, err, "policy_type", n->loc, "负号需要数值，却是%s",
                            type_name(set, n->a->ty));
        n->ty = n->a->ty;
        return 0;
    case N_BIN:
        return check_bin(set, n, scope, err);
    case N_IF:
        TRY(check_node(set, n->a, scope, err));
        TRY(check_node(set, n->b, scope, err));
        TRY(check_node(set, n->c, scope, err));
        coerce_zero(n->b, n->c->ty);
        coerce_zero(n->c, n->b->ty);
        if (n->a->ty.k != TY_BOOL)
            return pol_diag(set, err, "policy_type", n->a->loc, "if 的条件须为布尔值，却是%s",
                            type_name(set, n->a->ty));
        if (!same(n->b->ty, n->c->ty))
            return pol_diag(set, err, "policy_type", n->loc, "then 与 else 的类型不同：%s 与 %s",
                            type_name(set, n->b->ty), type_name(set, n->c->ty));
        n->ty = n->b->ty;
        return 0;
    case N_CALL:
        if (n->op == F_WITHIN)
            return within_param(set, n, err);
        TRY(check_node(set, n->a, scope, err));
        if (n->b)
            TRY(check_node(set, n->b, scope, err));
        switch (n->op) {
        case F_AGE:
            if (n->a->ty.k != TY_DATE)
                return pol_diag(set, err, "policy_type", n->loc, "age 需要日期，却是%s",
                                type_name(set, n->a->ty));
            n->ty.k = TY_INT;
            return 0;
        case F_MONTHS:
            if (n->a->ty.k != TY_DATE || n->b->ty.k != TY_DATE)
                return pol_diag(set, err, "policy_type", n->loc, "months 需要两个日期");
            n->ty.k = TY_INT;
            return 0;
        case F_KNOWN:
            if (n->a->ty.k != TY_DATE && n->a->ty.k != TY_ENUM)
                return pol_diag(set, err, "policy_type", n->loc, "known 需要日期或枚举，却是%s",
                                type_name(set, n->a->ty));
            n->ty.k = TY_BOOL;
            return 0;
        default: /* min, max */
            coerce_zero(n->a, n->b->ty);
            coerce_zero(n->b, n->a->ty);
            if (!same(n->a->ty, n->b->ty) || !numeric(n->a->ty))
                return pol_diag(set, err, "policy_type", n->loc, "min/max 需要两个同类数值：%s 与 %s",
                                type_name(set, n->a->ty), type_name(set, n->b->ty));
            n->ty = n->a->ty;
            return 0;
        }
    case N_AGG:
        if (scope != POL_HOUSEHOLD)
            return pol_diag(set, err, "policy_type", n->loc, "汇总函数只能用于家庭层面");
        if (n->a)
            TRY(check_node(set, n->a, POL_PERSON, err));
        if (n->b) {
            TRY(check_node(set, n->b, POL_PERSON, err));
            if (n->b->ty.k != TY_BOOL)
                return pol_diag(set, err, "policy_type", n->b->loc, "where 条件须为布尔值，却是%s",
                                type_name(set, n->b->ty));
        }
        switch (n->op) {
        case A_COUNT:
            n->ty.k = TY_INT;
            return 0;
        case A_ANY:
        case A_ALL:
            if (n->a->ty.k != TY_BOOL)
                return pol_diag(set, err, "policy_type", n->a->loc, "any/all 需要布尔值，却是%s",
                                type_name(set, n->a->ty));
            n->ty.k = TY_BOOL;
            return 0;
        default:
            if (!numeric(n->a->ty) || (n->op == A_SUM && n->a->ty.k == TY_DATE))
                return pol_diag(set, err, "policy_type", n->a->loc, "无法对%s汇总",
                                type_name(set, n->a->ty));
            n->ty = n->a->ty;
            return 0;
        }
    }
    return 0;
}

static int cycle(struct pol_set *set, struct loc loc, const char *name, struct mz_err *err)
{
    return pol_diag(set, err, "policy_cycle", loc, "'%s' 的定义循环引用了自身", name);
}

static int check_var(struct pol_set *set, struct var *v, struct mz_err *err)
{
    if (v->state == 2)
        return 0;
    if (v->state == 1)
        return cycle(set, v->loc, v->name, err);
    v->state = 1;
    TRY(check_node(set, v->expr, v->entity, err));
    v->ty = v->expr->ty;
    v->state = 2;
    return 0;
}

/* Exclusion is transitive: a program after B is also after whatever B is
 * after (a 低保 household is not a 刚性支出 household either). The
 * programs g comes after are checked, so their lists are already closed. */
static void close_after(struct pol_set *set, struct program *g)
{
    int cap = g->nafter, n = 0;
    for (int i = 0; i < g->nafter; i++)
        cap += g->after[i]->nafter;
    struct program **all = arena_alloc(&set->arena, sizeof *all * (size_t)(cap + 1));
    for (int i = 0; i < g->nafter; i++)
        for (int k = -1; k < g->after[i]->nafter; k++) {
            struct program *b = k < 0 ? g->after[i] : g->after[i]->after[k];
            int dup = 0;
            for (int j = 0; j < n; j++)
                dup |= all[j] == b;
            if (!dup)
                all[n++] = b;
        }
    g->after = all;
    g->nafter = n;
}

static int check_program(struct pol_set *set, struct program *g, struct mz_err *err)
{
    struct var *v = g->var;
    if (v->state == 2)
        return 0;
    if (v->state == 1)
        return cycle(set, g->loc, g->name, err);
    v->state = 1;
    g->after = arena_alloc(&set->arena, sizeof *g->after * (size_t)(g->nafter + 1));
    for (int i = 0; i < g->nafter; i++) {
        int k = pol_program_find(set, g->after_names[i]);
        if (k < 0)
            return pol_diag(set, err, "policy_type", g->after_locs[i], "未定义的项目 '%s'",
                            g->after_names[i]);
        g->after[i] = set->progs[k];
        if (g->after[i] == g)
            return pol_diag(set, err, "policy_conflict", g->after_locs[i], "项目不能排在自身之后");
        TRY(check_program(set, g->after[i], err));
    }
    close_after(set, g);
    for (int i = 0; i < g->ncrits; i++) {
        struct node *e = g->crits[i].expr;
        TRY(check_node(set, e, g->entity, err));
        if (e->ty.k != TY_BOOL)
            return pol_diag(set, err, "policy_type", e->loc, "条件须为布尔值，却是%s",
                            type_name(set, e->ty));
    }
    if (g->amount) {
        TRY(check_node(set, g->amount, g->entity, err));
        coerce_zero(g->amount, (struct type){TY_MONEY, 0});
        if (g->amount->ty.k != TY_MONEY)
            return pol_diag(set, err, "policy_type", g->amount->loc, "金额须为金额类型，却是%s",
                            type_name(set, g->amount->ty));
    }
    v->state = 2;
    return 0;
}

/* Does program a come after b, directly or through others? */
static int comes_after(const struct program *a, const struct program *b, int depth)
{
    if (depth > 1000)
        return 0;
    for (int i = 0; i < a->nafter; i++)
        if (a->after[i] == b || comes_after(a->after[i], b, depth + 1))
            return 1;
    return 0;
}

static int check_conflicts(struct pol_set *set, struct mz_err *err)
{
    for (int j = 0; j < set->nprogs; j++) {
        struct program *b = set->progs[j];
        for (int i = 0; i < j; i++) {
            struct program *a = set->progs[i];
            if (!a->group || !b->group || strcmp(a->group, b->group) != 0)
                continue;
            if (!comes_after(a, b, 0) && !comes_after(b, a, 0))
                return pol_diag(set, err, "policy_conflict", b->loc,
                                "项目 '%s' 与 '%s' 同属互斥组“%s”，可能认定同一对象，却未声明优先顺序"
                                "（请在其中一个项目写 after 另一个）",
                                b->name, a->name, a->group);
        }
    }
    return 0;
}

static int check_param(struct pol_set *set, int p, struct mz_err *err)
{
    struct param *pm = set->params[p];
    if (pm->state == 2)
        return 0;
    if (pm->state == 1)
        return cycle(set, pm->loc, pm->name, err);
    pm->state = 1;
    for (int i = 0; i < pm->nentries; i++) {
        struct pentry *e = &pm->entries[i];
        if (e->kind == PV_VALUE)
            continue;
        e->ref = pol_find_param(set, e->ref_name);
        if (e->ref < 0)
            return pol_diag(set, err, "policy_type", e->loc, "未定义的参数 '%s'", e->ref_name);
        if (!same(set->params[e->ref]->ty, pm->ty))
            return pol_diag(set, err, "policy_type", e->loc, "参数 '%s' 的类型与 '%s' 不同",
                            e->ref_name, pm->name);
        TRY(check_param(set, e->ref, err));
    }
    pm->state = 2;
    return 0;
}

static int check_test(struct pol_set *set, struct ptest *t, struct mz_err *err)
{
    for (int m = 0; m < t->nmembers; m++)
        for (int k = 0; k < t->members[m].nvalues; k++) {
            struct tvalue *tv = &t->members[m].values[k];
            struct var *v = pol_find_var(set, tv->name);
            int64_t out;
            if (!v || v->kind != V_INPUT || v->entity != POL_PERSON)
                return pol_diag(set, err, "policy_type", tv->loc, "'%s' 不是个人输入变量", tv->name);
            if (pol_parse_typed(set, v->ty, tv->text, &out, err) < 0) {
                char msg[sizeof err->msg];
                snprintf(msg, sizeof msg, "%s", err->msg);
                return pol_diag(set, err, "policy_type", tv->loc, "%s", msg);
            }
        }
    for (int i = 0; i < t->nexpects; i++) {
        struct texpect *e = &t->expects[i];
        int k = pol_program_find(set, e->prog);
        if (k < 0)
            return pol_diag(set, err, "policy_type", e->loc, "未定义的项目 '%s'", e->prog);
        if (set->progs[k]->entity == POL_PERSON && e->member < 0)
            return pol_diag(set, err, "policy_type", e->loc, "个人项目 '%s' 须写 member 序号", e->prog);
        if (set->progs[k]->entity == POL_HOUSEHOLD && e->member >= 0)
            return pol_diag(set, err, "policy_type", e->loc, "家庭项目 '%s' 不能写 member", e->prog);
    }
    return 0;
}

/* Adds the person variables n reads directly (not through other
 * variables) to w->reads, once each; for a supervision rule (`to
 * supervision`) the household variables too, so its evidence shows every
 * value the finding rests on. */
static void collect_reads(struct pol_set *set, struct pwarn *w, const struct node *n, int depth)
{
    if (!n || depth > 1000)
        return;
    if (n->kind == N_VAR && (n->var->entity == POL_PERSON || w->pub.supervision) &&
        n->var->kind != V_PROGRAM) {
        for (int i = 0; i < w->nreads; i++)
            if (w->reads[i] == n->var)
                return;
        w->reads = arena_push(&set->arena, w->reads, &w->nreads, sizeof(void *));
        w->reads[w->nreads - 1] = n->var;
        return;
    }
    collect_reads(set, w, n->a, depth + 1);
    collect_reads(set, w, n->b, depth + 1);
    collect_reads(set, w, n->c, depth + 1);
}

static int check_warning(struct pol_set *set, int i, struct mz_err *err)
{
    struct pwarn *w = set->warns[i];
    for (int k = 0; k < i; k++)
        if (strcmp(set->warns[k]->pub.name, w->pub.name) == 0)
            return pol_diag(set, err, "policy_type", w->loc, "预警规则 '%s' 重复定义",
                            w->pub.name);
    if (w->pub.kind == POL_WARN_APPROVED_AGAINST)
        return 0;
    if (w->pub.kind != POL_WARN_PERSON) {
        if ((w->pub.program = pol_program_find(set, w->prog_name)) < 0)
            return pol_diag(set, err, "policy_type", w->prog_loc, "未定义的项目 '%s'",
                            w->prog_name);
        return 0;
    }
    TRY(check_node(set, w->cond, POL_PERSON, err));
    if (w->cond->ty.k != TY_BOOL)
        return pol_diag(set, err, "policy_type", w->cond->loc, "预警条件须为布尔值，却是%s",
                        type_name(set, w->cond->ty));
    collect_reads(set, w, w->cond, 0);
    return 0;
}

int pol_check(struct pol_set *set, struct mz_err *err)
{
    for (int i = 0; i < set->nparams; i++)
        TRY(check_param(set, i, err));
    for (int i = 0; i < set->nvars; i++) {
        struct var *v = set->vars[i];
        if (v->kind == V_DERIVED)
            TRY(check_var(set, v, err));
        else if (v->kind == V_PROGRAM)
            TRY(check_program(set, v->prog, err));
    }
    TRY(check_conflicts(set, err));
    for (int i = 0; i < set->ntests; i++)
        if (!set->tests[i]->scale_name)
            TRY(check_test(set, set->tests[i], err));
    TRY(pol_check_scales(set, err));
    for (int i = 0; i < set->nwarns; i++)
        TRY(check_warning(set, i, err));
    return 0;
}
