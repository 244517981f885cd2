/* Recursive-descent parser for policy files (grammar in
 * docs/policy-language.md). Declarations go straight into the set; a
 * syntax error writes its diagnostic and unwinds to pol_parse with
 * longjmp — everything allocated so far belongs to the set's arena. */
#include <stdlib.h>
#include <string.h>

#include "policy/internal.h"

#define MAX_DEPTH 200

struct parser {
    struct pol_set *set;
    struct token *toks;
    int ntoks, pos, depth;
    struct mz_err *err;
    jmp_buf fail;
};

/* ---- token helpers ---- */

static struct token *peek(struct parser *p)
{
    return &p->toks[p->pos];
}

static struct token *next(struct parser *p)
{
    struct token *t = &p->toks[p->pos];
    if (t->kind != T_EOF)
        p->pos++;
    return t;
}

static int tok_is(const struct token *t, enum tok_kind k, const char *text)
{
    return t->kind == k && (size_t)t->len == strlen(text) && memcmp(t->text, text, t->len) == 0;
}

static int is_word(struct parser *p, const char *w)
{
    return tok_is(peek(p), T_IDENT, w);
}

static int is_punct(struct parser *p, const char *s)
{
    return tok_is(peek(p), T_PUNCT, s);
}

static _Noreturn void fail_at(struct parser *p, struct loc loc, const char *fmt, const char *arg)
{
    pol_diag(p->set, p->err, "policy_syntax", loc, fmt, arg);
    longjmp(p->fail, 1);
}

static const char *describe(const struct token *t)
{
    switch (t->kind) {
    case T_EOF: return "文件结尾";
    case T_STRING: return "字符串";
    case T_INT: case T_DECIMAL: return "数字";
    case T_DATE: return "日期";
    default: return "此处";
    }
}

static _Noreturn void expected(struct parser *p, const char *what)
{
    struct token *t = peek(p);
    char buf[160];
    if (t->kind == T_IDENT || t->kind == T_PUNCT)
        snprintf(buf, sizeof buf, "应为%s，却是 '%.*s'", what, t->len > 60 ? 60 : t->len, t->text);
    else
        snprintf(buf, sizeof buf, "应为%s，却是%s", what, describe(t));
    fail_at(p, t->loc, "%s", buf);
}

static int accept_word(struct parser *p, const char *w)
{
    if (!is_word(p, w))
        return 0;
    next(p);
    return 1;
}

static int accept_punct(struct parser *p, const char *s)
{
    if (!is_punct(p, s))
        return 0;
    next(p);
    return 1;
}

static void expect_word(struct parser *p, const char *w)
{
    if (!accept_word(p, w)) {
        char what[64];
        snprintf(what, sizeof what, "'%s'", w);
        expected(p, what);
    }
}

static void expect_punct(struct parser *p, const char *s)
{
    if (!accept_punct(p, s)) {
        char what[64];
        snprintf(what, sizeof what, "'%s'", s);
        expected(p, what);
    }
}

static const char *tok_str(struct parser *p, const struct token *t)
{
    return arena_strndup(&p->set->arena, t->text, t->len);
}

static const char *reserved[] = {"input", "person", "household", "param", "program", "test", "warning",
                                 "scale",
                                 "and", "or", "not", "if", "then", "else", "where", "member",
                                 "true", "false", "as_of", "in", "expect", NULL};

static int is_reserved(const struct token *t)
{
    for (int i = 0; reserved[i]; i++)
        if (tok_is(t, T_IDENT, reserved[i]))
            return 1;
    return 0;
}

static const char *expect_name(struct parser *p, const char *what)
{
    struct token *t = peek(p);
    if (t->kind != T_IDENT || is_reserved(t))
        expected(p, what);
    next(p);
    return tok_str(p, t);
}

static const char *expect_string(struct parser *p, const char *what)
{
    if (peek(p)->kind != T_STRING)
        expected(p, what);
    return tok_str(p, next(p));
}

static mz_date expect_date(struct parser *p)
{
    struct token *t = peek(p);
    if (t->kind != T_DATE)
        expected(p, "日期 (YYYY-MM-DD)");
    char buf[11];
    memcpy(buf, t->text, 10);
    buf[10] = 0;
    mz_date d = date_parse(buf);
    if (d == MZ_DATE_NONE)
        fail_at(p, t->loc, "日期 %s 不存在", buf);
    next(p);
    return d;
}

/* ---- numbers ---- */

/* Parses digits[.digits] scaled by 10^scale; -1 if too many decimals or
 * the value overflows. */
static int scaled(const struct token *t, int scale, int64_t *out)
{
    int64_t v = 0;
    int i = 0, frac = -1;
    for (; i < t->len; i++) {
        char c = t->text[i];
        if (c == '.') {
            frac = 0;
            continue;
        }
        if (frac >= 0 && ++frac > scale)
            return -1;
        if (v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (c - '0');
    }
    for (int k = frac < 0 ? 0 : frac; k < scale; k++) {
        if (v > INT64_MAX / 10)
            return -1;
        v *= 10;
    }
    *out = v;
    return 0;
}

static int64_t number(struct parser *p, const struct token *t, int scale, const char *what)
{
    int64_t v;
    if (scaled(t, scale, &v) < 0)
        fail_at(p, t->loc, "%s超出范围或小数位过多", what);
    return v;
}

/* ---- expressions ---- */

static struct node *new_node(struct parser *p, enum node_kind k, struct loc loc)
{
    struct node *n = arena_alloc(&p->set->arena, sizeof *n);
    n->kind = k;
    n->loc = loc;
    return n;
}

static struct node *expr(struct parser *p);

static struct node *literal(struct parser *p, enum ty_kind k, int64_t v, struct loc loc)
{
    struct node *n = new_node(p, N_LIT, loc);
    n->ty.k = k;
    n->v = v;
    return n;
}

static int accept_yuan(struct parser *p)
{
    return accept_word(p, "元") || accept_word(p, "yuan");
}

static struct node *call(struct parser *p, struct token *name)
{
    static const char *aggs[] = {"sum", "count", "any", "all", "min", "max"};
    static const char *fns[] = {"age", "months", "min", "max", "known", "within"};
    struct node *n;
    int agg = -1, fn = -1;
    for (int i = 0; i < 6; i++)
        if (tok_is(name, T_IDENT, aggs[i]))
            agg = i;
    for (int i = 0; i < 6; i++)
        if (tok_is(name, T_IDENT, fns[i]))
            fn = i;
    if (agg < 0 && fn < 0)
        fail_at(p, name->loc, "未知的函数 '%s'", tok_str(p, name));
    struct node *a = NULL, *b = NULL;
    if (agg == A_COUNT) {
        expect_word(p, "member");
    } else if (fn == F_WITHIN) {
        struct token *t = peek(p);
        if (t->kind != T_STRING && t->kind != T_INT)
            expected(p, "区划代码前缀");
        next(p);
        n = new_node(p, N_CALL, name->loc);
        n->op = F_WITHIN;
        n->s = tok_str(p, t);
        expect_punct(p, ")");
        return n;
    } else {
        a = expr(p);
    }
    if (accept_punct(p, ",")) {
        if (fn < 0 || fn == F_AGE || fn == F_KNOWN)
            fail_at(p, name->loc, "'%s' 只接受一个参数", tok_str(p, name));
        b = expr(p);
        expect_punct(p, ")");
        n = new_node(p, N_CALL, name->loc);
        n->op = fn;
        n->a = a;
        n->b = b;
        return n;
    }
    if (agg >= 0 && accept_word(p, "where"))
        b = expr(p);
    expect_punct(p, ")");
    if (agg >= 0 && (fn < 0 || fn == F_MIN || fn == F_MAX)) {
        n = new_node(p, N_AGG, name->loc);
        n->op = agg;
        n->a = a;
        n->b = b;
        return n;
    }
    if (fn == F_MONTHS)
        fail_at(p, name->loc, "'%s' 需要两个参数", "months");
    n = new_node(p, N_CALL, name->loc);
    n->op = fn;
    n->a = a;
    return n;
}

static struct node *primary(struct parser *p)
{
    struct token *t = peek(p);
    struct node *n;
    switch (t->kind) {
    case T_INT:
    case T_DECIMAL:
        next(p);
        if (accept_yuan(p))
            return literal(p, TY_MONEY, number(p, t, 2, "金额"), t->loc);
        if (t->kind == T_DECIMAL)
            return literal(p, TY_RATIO, number(p, t, 4, "比例"), t->loc);
        return literal(p, TY_INT, number(p, t, 0, "整数"), t->loc);
    case T_DATE:
        return literal(p, TY_DATE, expect_date(p), t->loc);
    case T_STRING:
        next(p);
        n = new_node(p, N_STR, t->loc);
        n->s = tok_str(p, t);
        return n;
    case T_PUNCT:
        if (accept_punct(p, "(")) {
            n = expr(p);
            expect_punct(p, ")");
            return n;
        }
        expected(p, "表达式");
    case T_IDENT:
        if (accept_word(p, "true") || accept_word(p, "false"))
            return literal(p, TY_BOOL, tok_is(t, T_IDENT, "true"), t->loc);
        if (accept_word(p, "as_of"))
            return new_node(p, N_ASOF, t->loc);
        if (accept_word(p, "if")) {
            n = new_node(p, N_IF, t->loc);
            n->a = expr(p);
            expect_word(p, "then");
            n->b = expr(p);
            expect_word(p, "else");
            n->c = expr(p);
            return n;
        }
        if (accept_word(p, "household")) {
            expect_punct(p, ".");
            struct token *nt = peek(p);
            n = new_node(p, N_VAR, nt->loc);
            n->s = expect_name(p, "家庭变量名");
            n->op = 'h';
            return n;
        }
        if (is_reserved(t))
            expected(p, "表达式");
        next(p);
        if (accept_punct(p, "("))
            return call(p, t);
        n = new_node(p, N_VAR, t->loc);
        n->s = tok_str(p, t);
        return n;
    case T_EOF:
        break;
    }
    expected(p, "表达式");
}

static struct node *unary(struct parser *p)
{
    struct token *t = peek(p);
    if (++p->depth > MAX_DEPTH)
        fail_at(p, t->loc, "表达式嵌套超过 %s 层", "200");
    struct node *n;
    if (accept_punct(p, "-")) {
        n = new_node(p, N_UNARY, t->loc);
        n->op = '-';
        n->a = unary(p);
    } else {
        n = primary(p);
    }
    p->depth--;
    return n;
}

static struct node *binary(struct parser *p, int op, struct node *a, struct node *b, struct loc loc)
{
    struct node *n = new_node(p, N_BIN, loc);
    n->op = op;
    n->a = a;
    n->b = b;
    return n;
}

static struct node *mul(struct parser *p)
{
    struct node *n = unary(p);
    for (;;) {
        struct loc loc = peek(p)->loc;
        if (accept_punct(p, "*"))
            n = binary(p, B_MUL, n, unary(p), loc);
        else if (accept_punct(p, "/"))
            n = binary(p, B_DIV, n, unary(p), loc);
        else
            return n;
    }
}

static struct node *add(struct parser *p)
{
    struct node *n = mul(p);
    for (;;) {
        struct loc loc = peek(p)->loc;
        if (accept_punct(p, "+"))
            n = binary(p, B_ADD, n, mul(p), loc);
        else if (accept_punct(p, "-"))
            n = binary(p, B_SUB, n, mul(p), loc);
        else
            return n;
    }
}

/* `x in ("a", "b")` becomes x == "a" or x == "b"; `not in` negates. */
static struct node *in_list(struct parser *p, struct node *x, struct loc loc, int negate)
{
    expect_punct(p, "(");
    struct node *n = NULL;
    do {
        struct token *t = peek(p);
        if (t->kind != T_STRING && t->kind != T_IDENT)
            expected(p, "枚举标签");
        next(p);
        struct node *s = new_node(p, N_STR, t->loc);
        s->s = tok_str(p, t);
        struct node *eq = binary(p, negate ? B_NE : B_EQ, x, s, loc);
        n = n ? binary(p, negate ? B_AND : B_OR, n, eq, loc) : eq;
    } while (accept_punct(p, ","));
    expect_punct(p, ")");
    return n;
}

static struct node *comparison(struct parser *p)
{
    static const struct {
        const char *s;
        int op;
    } ops[] = {{"==", B_EQ}, {"!=", B_NE}, {"<=", B_LE}, {">=", B_GE}, {"<", B_LT}, {">", B_GT}};
    struct node *n = add(p);
    struct loc loc = peek(p)->loc;
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (accept_punct(p, ops[i].s))
            return binary(p, ops[i].op, n, add(p), loc);
    if (accept_word(p, "in"))
        return in_list(p, n, loc, 0);
    if (is_word(p, "not") && tok_is(&p->toks[p->pos + 1], T_IDENT, "in")) {
        next(p);
        next(p);
        return in_list(p, n, loc, 1);
    }
    return n;
}

static struct node *negation(struct parser *p)
{
    struct token *t = peek(p);
    if (is_word(p, "not") && !tok_is(&p->toks[p->pos + 1], T_IDENT, "in")) {
        next(p);
        if (++p->depth > MAX_DEPTH)
            fail_at(p, t->loc, "表达式嵌套超过 %s 层", "200");
        struct node *n = new_node(p, N_UNARY, t->loc);
        n->op = 'n';
        n->a = negation(p);
        p->depth--;
        return n;
    }
    return comparison(p);
}

static struct node *conjunction(struct parser *p)
{
    struct node *n = negation(p);
    for (struct loc loc = peek(p)->loc; accept_word(p, "and"); loc = peek(p)->loc)
        n = binary(p, B_AND, n, negation(p), loc);
    return n;
}

static struct node *expr(struct parser *p)
{
    struct loc at = peek(p)->loc;
    if (++p->depth > MAX_DEPTH)
        fail_at(p, at, "表达式嵌套超过 %s 层", "200");
    struct node *n = conjunction(p);
    for (struct loc loc = peek(p)->loc; accept_word(p, "or"); loc = peek(p)->loc)
        n = binary(p, B_OR, n, conjunction(p), loc);
    p->depth--;
    return n;
}

/* ---- declarations ---- */

static int entity(struct parser *p)
{
    if (accept_word(p, "person"))
        return POL_PERSON;
    if (accept_word(p, "household"))
        return POL_HOUSEHOLD;
    expected(p, "'person' 或 'household'");
}

static struct type type_spec(struct parser *p, const char **unit)
{
    struct type ty = {TY_NONE, 0};
    static const struct {
        const char *w;
        enum ty_kind k;
    } simple[] = {{"money", TY_MONEY}, {"int", TY_INT}, {"ratio", TY_RATIO},
                  {"bool", TY_BOOL},   {"date", TY_DATE}};
    for (size_t i = 0; i < sizeof simple / sizeof *simple; i++)
        if (accept_word(p, simple[i].w))
            ty.k = simple[i].k;
    if (ty.k == TY_NONE && accept_word(p, "enum")) {
        struct enum_def *e = arena_alloc(&p->set->arena, sizeof *e);
        expect_punct(p, "(");
        do {
            struct token *t = peek(p);
            if (t->kind != T_IDENT && t->kind != T_STRING)
                expected(p, "枚举标签");
            next(p);
            const char *label = tok_str(p, t);
            if (pol_enum_code(e, t->text, t->len))
                fail_at(p, t->loc, "枚举标签 '%s' 重复", label);
            e->labels = arena_push(&p->set->arena, e->labels, &e->nlabels, sizeof *e->labels);
            e->labels[e->nlabels - 1] = label;
        } while (accept_punct(p, ","));
        expect_punct(p, ")");
        p->set->enums = arena_push(&p->set->arena, p->set->enums, &p->set->nenums, sizeof(void *));
        p->set->enums[p->set->nenums - 1] = e;
        ty.k = TY_ENUM;
        ty.enum_id = p->set->nenums - 1;
    }
    if (ty.k == TY_NONE)
        expected(p, "类型 (money, int, ratio, bool, date, enum(...))");
    *unit = "";
    if (accept_punct(p, "/"))
        *unit = expect_name(p, "单位 (month, year)");
    if (accept_word(p, "unit"))
        *unit = expect_string(p, "单位");
    return ty;
}

static void add_var(struct parser *p, struct var *v)
{
    struct pol_set *s = p->set;
    if (pol_find_var(s, v->name) || pol_find_param(s, v->name) >= 0)
        fail_at(p, v->loc, "名称 '%s' 已定义", v->name);
    s->vars = arena_push(&s->arena, s->vars, &s->nvars, sizeof(void *));
    s->vars[s->nvars - 1] = v;
}

/* A literal value for a typed slot (parameter entry, input default). */
static int64_t typed_value(struct parser *p, struct type ty)
{
    struct token *t = peek(p);
    int neg = 0;
    if (ty.k == TY_DATE)
        return expect_date(p);
    if (ty.k == TY_BOOL) {
        if (accept_word(p, "true"))
            return 1;
        if (accept_word(p, "false"))
            return 0;
        expected(p, "true 或 false");
    }
    if (ty.k == TY_ENUM) {
        if (accept_word(p, "none"))
            return 0;
        struct token *l = next(p);
        int code = pol_enum_code(p->set->enums[ty.enum_id], l->text, l->len);
        if ((l->kind != T_IDENT && l->kind != T_STRING) || !code)
            fail_at(p, l->loc, "'%s' 不是该枚举的标签", tok_str(p, l));
        return code;
    }
    if (accept_punct(p, "-")) {
        neg = 1;
        t = peek(p);
    }
    if (t->kind != T_INT && !(t->kind == T_DECIMAL && ty.k != TY_INT))
        expected(p, ty.k == TY_INT ? "整数" : "数值");
    next(p);
    int64_t v = number(p, t, ty.k == TY_MONEY ? 2 : ty.k == TY_RATIO ? 4 : 0, "数值");
    if (ty.k == TY_MONEY)
        accept_yuan(p);
    return neg ? -v : v;
}

static void input_decl(struct parser *p, struct loc loc)
{
    struct var *v = arena_alloc(&p->set->arena, sizeof *v);
    v->kind = V_INPUT;
    v->loc = loc;
    v->entity = entity(p);
    v->loc = peek(p)->loc;
    v->name = expect_name(p, "输入变量名");
    v->label = expect_string(p, "中文名称 (字符串)");
    v->ty = type_spec(p, &v->unit);
    expect_word(p, "from");
    if (accept_word(p, "record")) {
        v->record = expect_name(p, "登记记录名");
        v->record_arg = peek(p)->kind == T_STRING ? expect_string(p, "参数 (字符串)") : "";
    } else {
        expect_word(p, "fact");
        v->fact = expect_name(p, "事实名");
    }
    v->dflt = v->ty.k == TY_DATE ? MZ_DATE_NONE : 0;
    if (accept_word(p, "default"))
        v->dflt = typed_value(p, v->ty);
    add_var(p, v);
}

static void derived_decl(struct parser *p, int ent)
{
    struct var *v = arena_alloc(&p->set->arena, sizeof *v);
    v->kind = V_DERIVED;
    v->entity = ent;
    v->loc = peek(p)->loc;
    v->name = expect_name(p, "变量名");
    v->label = expect_string(p, "中文名称 (字符串)");
    expect_punct(p, "=");
    v->expr = expr(p);
    add_var(p, v);
}

static void param_region(struct parser *p, char prefix[13], enum variant *variant)
{
    struct token *t = peek(p);
    prefix[0] = 0;
    if (t->kind == T_STRING || t->kind == T_INT) {
        if (t->len > 12 || t->len == 0)
            fail_at(p, t->loc, "区划代码前缀 '%s' 应为 1 到 12 位数字", tok_str(p, t));
        for (int i = 0; i < t->len; i++)
            if (t->text[i] < '0' || t->text[i] > '9')
                fail_at(p, t->loc, "区划代码前缀 '%s' 应为 1 到 12 位数字", tok_str(p, t));
        memcpy(prefix, t->text, t->len);
        prefix[t->len] = 0;
        next(p);
    }
    *variant = accept_word(p, "urban") ? VAR_URBAN : accept_word(p, "rural") ? VAR_RURAL : VAR_ANY;
    expect_punct(p, ":");
}

static void param_decl(struct parser *p)
{
    struct pol_set *s = p->set;
    struct param *pm = arena_alloc(&s->arena, sizeof *pm);
    pm->loc = peek(p)->loc;
    pm->name = expect_name(p, "参数名");
    pm->label = expect_string(p, "中文名称 (字符串)");
    pm->ty = type_spec(p, &pm->unit);
    if (pm->ty.k == TY_ENUM)
        fail_at(p, pm->loc, "参数 '%s' 不能是枚举类型", pm->name);
    for (;;) {
        if (accept_word(p, "source"))
            pm->source = expect_string(p, "依据文件 (字符串)");
        else if (accept_word(p, "note"))
            pm->note = expect_string(p, "说明 (字符串)");
        else if (accept_word(p, "unverified")) {
            pm->unverified = 1;
            pm->note = expect_string(p, "未核实说明 (字符串)");
        } else
            break;
    }
    do {
        char prefix[13];
        enum variant variant;
        param_region(p, prefix, &variant);
        do {
            struct pentry *e;
            pm->entries = arena_push(&s->arena, pm->entries, &pm->nentries, sizeof *e);
            e = &pm->entries[pm->nentries - 1];
            memcpy(e->prefix, prefix, 13);
            e->variant = variant;
            e->loc = peek(p)->loc;
            e->from = expect_date(p);
            if (accept_word(p, "same")) {
                expect_word(p, "as");
                e->kind = PV_SAME;
                e->ref_name = expect_name(p, "参数名");
            } else {
                e->value = typed_value(p, pm->ty);
                if (accept_word(p, "follows")) {
                    e->kind = PV_FOLLOWS;
                    e->ref_name = expect_name(p, "参数名");
                }
            }
            if (accept_word(p, "unverified")) {
                e->note = expect_string(p, "未核实说明 (字符串)");
                pm->unverified = 1;
            }
        } while (accept_punct(p, "|"));
    } while (peek(p)->kind == T_STRING || peek(p)->kind == T_INT || is_word(p, "urban") ||
             is_word(p, "rural") || is_punct(p, ":"));
    if (pol_find_var(s, pm->name) || pol_find_param(s, pm->name) >= 0)
        fail_at(p, pm->loc, "名称 '%s' 已定义", pm->name);
    s->params = arena_push(&s->arena, s->params, &s->nparams, sizeof(void *));
    s->params[s->nparams - 1] = pm;
}

static void program_decl(struct parser *p)
{
    struct pol_set *s = p->set;
    struct program *g = arena_alloc(&s->arena, sizeof *g);
    g->loc = peek(p)->loc;
    g->name = expect_name(p, "项目名");
    g->label = expect_string(p, "中文名称 (字符串)");
    expect_word(p, "on");
    g->entity = entity(p);
    for (;;) {
        if (accept_word(p, "group")) {
            g->group = expect_string(p, "互斥组名 (字符串)");
        } else if (accept_word(p, "case")) {
            g->case_type = expect_string(p, "案件类型 (字符串)");
        } else if (accept_word(p, "without")) {
            expect_word(p, "application");
            g->no_application = accept_word(p, "confirmed") ? POL_NOAPP_CONFIRMED : POL_NOAPP_AUTO;
        } else if (accept_word(p, "after")) {
            do {
                g->after_names = arena_push(&s->arena, g->after_names, &g->nafter, sizeof(char *));
                g->nafter--;
                g->after_locs = arena_push(&s->arena, g->after_locs, &g->nafter, sizeof(struct loc));
                g->after_locs[g->nafter - 1] = peek(p)->loc;
                g->after_names[g->nafter - 1] = expect_name(p, "项目名");
            } while (accept_punct(p, ","));
        } else {
            break;
        }
    }
    while (is_word(p, "criterion")) {
        struct criterion *c;
        g->crits = arena_push(&s->arena, g->crits, &g->ncrits, sizeof *c);
        c = &g->crits[g->ncrits - 1];
        c->loc = next(p)->loc;
        c->label = expect_string(p, "条件的中文名称 (字符串)");
        expect_word(p, "cite");
        c->cite = expect_string(p, "法律依据 (字符串)");
        expect_punct(p, "=");
        c->expr = expr(p);
    }
    if (!g->ncrits)
        expected(p, "'criterion'");
    if (accept_word(p, "amount")) {
        if (peek(p)->kind == T_STRING)
            g->amount_label = tok_str(p, next(p));
        expect_punct(p, "=");
        g->amount = expr(p);
        expect_word(p, "rounded");
        if (accept_word(p, "up"))
            g->rounding = R_YUAN_UP;
        else if (accept_word(p, "down"))
            g->rounding = R_YUAN_DOWN;
        expect_word(p, "to");
        if (accept_word(p, "fen")) {
            if (g->rounding != R_FEN)
                fail_at(p, p->toks[p->pos - 1].loc, "%s", "金额以分为单位，不能再向上或向下取整到分");
        } else {
            expect_word(p, "yuan");
            if (g->rounding == R_FEN)
                g->rounding = R_YUAN;
        }
    }
    struct var *v = arena_alloc(&s->arena, sizeof *v);
    v->kind = V_PROGRAM;
    v->name = g->name;
    v->label = g->label;
    v->entity = g->entity;
    v->ty.k = TY_BOOL;
    v->prog = g;
    v->loc = g->loc;
    g->var = v;
    add_var(p, v);
    g->index = s->nprogs;
    s->progs = arena_push(&s->arena, s->progs, &s->nprogs, sizeof(void *));
    s->progs[s->nprogs - 1] = g;
}

/* warning NAME "标签" severity high|medium|low due N workdays
 *   when became eligible|ineligible PROGRAM | when person EXPR
 *      | when approved against engine
 *   [case "申请类型"] [note "附注"] */
static void warning_decl(struct parser *p)
{
    struct pol_set *s = p->set;
    struct pwarn *w = arena_alloc(&s->arena, sizeof *w);
    w->loc = peek(p)->loc;
    w->pub.name = expect_name(p, "预警规则名");
    w->pub.label = expect_string(p, "中文名称 (字符串)");
    w->pub.program = -1;
    w->pub.note = "";
    w->pub.case_label = "";
    expect_word(p, "severity");
    static const char *const severities[] = {"high", "medium", "low"};
    for (int i = 0; i < 3 && !w->pub.severity; i++)
        if (accept_word(p, severities[i]))
            w->pub.severity = severities[i];
    if (!w->pub.severity)
        expected(p, "严重程度 high、medium 或 low");
    expect_word(p, "due");
    struct token *t = peek(p);
    if (t->kind != T_INT)
        expected(p, "办理期限（工作日数）");
    int64_t due = number(p, next(p), 0, "办理期限");
    if (due < 0 || due > 250)
        fail_at(p, t->loc, "%s", "办理期限应为 0 到 250 个工作日");
    w->pub.due_workdays = (int)due;
    expect_word(p, "workdays");
    expect_word(p, "when");
    if (accept_word(p, "became")) {
        if (accept_word(p, "eligible"))
            w->pub.kind = POL_WARN_BECAME_ELIGIBLE;
        else if (accept_word(p, "ineligible"))
            w->pub.kind = POL_WARN_BECAME_INELIGIBLE;
        else
            expected(p, "'eligible' 或 'ineligible'");
        w->prog_loc = peek(p)->loc;
        w->prog_name = expect_name(p, "项目名");
    } else if (accept_word(p, "person")) {
        w->pub.kind = POL_WARN_PERSON;
        w->cond = expr(p);
    } else if (accept_word(p, "approved")) {
        w->pub.kind = POL_WARN_APPROVED_AGAINST;
        expect_word(p, "against");
        expect_word(p, "engine");
    } else {
        expected(p, "'became'、'person' 或 'approved'");
    }
    for (bool more = true; more;) {
        if (accept_word(p, "case"))
            w->pub.case_label = expect_string(p, "建议的申请类型 (字符串)");
        else if (accept_word(p, "note"))
            w->pub.note = expect_string(p, "附注 (字符串)");
        else if (accept_word(p, "to")) {
            expect_word(p, "supervision");
            w->pub.supervision = true;
        } else
            more = false;
    }
    s->warns = arena_push(&s->arena, s->warns, &s->nwarns, sizeof(void *));
    s->warns[s->nwarns - 1] = w;
}

/* ---- scored scales ---- */

static int small_int(struct parser *p, const char *what, int lo, int hi)
{
    struct token *t = peek(p);
    if (t->kind != T_INT)
        expected(p, what);
    int64_t v = number(p, next(p), 0, what);
    if (v < lo || v > hi) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s应在 %d 到 %d 之间", what, lo, hi);
        fail_at(p, t->loc, "%s", msg);
    }
    return (int)v;
}

/* LO to HI, both within 0..hi_max, LO <= HI. */
static void score_range(struct parser *p, int hi_max, int *lo, int *hi)
{
    struct token *t = peek(p);
    *lo = small_int(p, "分值下限", 0, hi_max);
    expect_word(p, "to");
    *hi = small_int(p, "分值上限", 0, hi_max);
    if (*lo > *hi)
        fail_at(p, t->loc, "%s", "分值下限大于上限");
}

static void scale_adjust(struct parser *p, struct scale *sc)
{
    struct pol_set *s = p->set;
    if (sc->nadjusts >= POL_SCALE_MAX_ADJUST)
        fail_at(p, peek(p)->loc, "%s", "调整规则过多（最多 16 条）");
    struct sadjust *a;
    struct pol_scale_adjust *pub;
    sc->adj = arena_push(&s->arena, sc->adj, &sc->nadj, sizeof *a);
    sc->adjusts = arena_push(&s->arena, sc->adjusts, &sc->nadjusts, sizeof *pub);
    a = &sc->adj[sc->nadj - 1];
    pub = &sc->adjusts[sc->nadjusts - 1];
    a->loc = peek(p)->loc;
    pub->label = expect_string(p, "调整规则的中文说明 (字符串)");
    expect_word(p, "cite");
    pub->cite = expect_string(p, "依据 (字符串)");
    expect_word(p, "when");
    a->cond_loc = peek(p)->loc;
    a->cond_name = expect_name(p, "记录项名 (flag 或 count)");
    if (accept_punct(p, ">=")) {
        a->has_cmp = 1;
        a->at_least = small_int(p, "次数", 0, 1000);
    }
    a->to_loc = peek(p)->loc;
    if (accept_word(p, "to")) {
        a->to_label = expect_string(p, "等级名称 (字符串)");
    } else if (accept_word(p, "worse")) {
        a->worse = small_int(p, "加重的等级数", 1, 10);
    } else {
        expected(p, "'to \"等级\"' 或 'worse N'");
    }
}

/* scale NAME "标签" source "依据" records FACT combine max|sum
 *   dimension "维度"  item NAME "标签" LO to HI …
 *   flag NAME "标签" | count NAME "标签" 0 to N
 *   level "等级" LO to HI
 *   adjust "说明" cite "依据" when NAME [>= N] to "等级" | worse N */
static void scale_decl(struct parser *p)
{
    struct pol_set *s = p->set;
    struct scale *sc = arena_alloc(&s->arena, sizeof *sc);
    sc->loc = peek(p)->loc;
    sc->pub.name = expect_name(p, "量表名");
    sc->pub.label = expect_string(p, "中文名称 (字符串)");
    expect_word(p, "source");
    sc->pub.source = expect_string(p, "依据 (字符串)");
    expect_word(p, "records");
    sc->fact_loc = peek(p)->loc;
    sc->pub.fact = expect_name(p, "记录最终等级的登记事实名");
    expect_word(p, "combine");
    if (accept_word(p, "sum"))
        sc->combine_sum = 1;
    else if (!accept_word(p, "max"))
        expected(p, "'max'（加重规则不叠加）或 'sum'（叠加）");
    const char *dimension = NULL;
    for (;;) {
        struct loc loc = peek(p)->loc;
        if (accept_word(p, "dimension")) {
            dimension = expect_string(p, "维度名称 (字符串)");
        } else if (accept_word(p, "item")) {
            if (!dimension)
                fail_at(p, loc, "%s", "评估项目须写在 dimension 之下");
            struct pol_scale_item *it;
            sc->items = arena_push(&s->arena, sc->items, &sc->nitems, sizeof *it);
            it = &sc->items[sc->nitems - 1];
            sc->item_locs = arena_push(&s->arena, sc->item_locs, &sc->nitem_locs, sizeof loc);
            sc->item_locs[sc->nitem_locs - 1] = peek(p)->loc;
            it->name = expect_name(p, "评估项目名");
            it->label = expect_string(p, "评估项目的中文名称 (字符串)");
            it->dimension = dimension;
            score_range(p, 100, &it->lo, &it->hi);
        } else if (is_word(p, "flag") || is_word(p, "count")) {
            bool is_count = accept_word(p, "count");
            if (!is_count)
                next(p);
            struct pol_scale_cond *c;
            sc->conds = arena_push(&s->arena, sc->conds, &sc->nconds, sizeof *c);
            c = &sc->conds[sc->nconds - 1];
            sc->cond_locs = arena_push(&s->arena, sc->cond_locs, &sc->ncond_locs, sizeof loc);
            sc->cond_locs[sc->ncond_locs - 1] = peek(p)->loc;
            c->name = expect_name(p, "记录项名");
            c->label = expect_string(p, "记录项的中文名称 (字符串)");
            c->is_count = is_count;
            c->hi = 1;
            if (is_count) {
                int lo;
                score_range(p, 1000, &lo, &c->hi);
                if (lo != 0)
                    fail_at(p, loc, "%s", "次数应从 0 起");
            }
        } else if (accept_word(p, "level")) {
            struct pol_scale_level *l;
            sc->levels = arena_push(&s->arena, sc->levels, &sc->nlevels, sizeof *l);
            l = &sc->levels[sc->nlevels - 1];
            sc->level_locs = arena_push(&s->arena, sc->level_locs, &sc->nlevel_locs, sizeof loc);
            sc->level_locs[sc->nlevel_locs - 1] = peek(p)->loc;
            l->label = expect_string(p, "等级名称 (字符串)");
            score_range(p, 10000, &l->lo, &l->hi);
        } else if (accept_word(p, "adjust")) {
            scale_adjust(p, sc);
        } else {
            break;
        }
    }
    if (!sc->nitems || !sc->nlevels)
        fail_at(p, sc->loc, "量表 '%s' 须至少有一个 item 和一个 level", sc->pub.name);
    s->scales = arena_push(&s->arena, s->scales, &s->nscales, sizeof(void *));
    s->scales[s->nscales - 1] = sc;
}

/* test "名称" scale NAME scores N N … [with NAME [N] …]
 *   expect total N preliminary "等级" final "等级" */
static void scale_test(struct parser *p, struct ptest *t)
{
    struct pol_set *s = p->set;
    t->scale_name = expect_name(p, "量表名");
    expect_word(p, "scores");
    t->scores_loc = peek(p)->loc;
    while (peek(p)->kind == T_INT) {
        t->scores = arena_push(&s->arena, t->scores, &t->nscores, sizeof(int));
        t->scores[t->nscores - 1] = small_int(p, "评分", 0, 10000);
    }
    if (accept_word(p, "with"))
        while (peek(p)->kind == T_IDENT && !is_reserved(peek(p))) {
            struct tvalue *v;
            t->conds = arena_push(&s->arena, t->conds, &t->nconds, sizeof *v);
            v = &t->conds[t->nconds - 1];
            v->loc = peek(p)->loc;
            v->name = expect_name(p, "记录项名");
            v->text = peek(p)->kind == T_INT ? tok_str(p, next(p)) : "1";
        }
    t->want_loc = peek(p)->loc;
    expect_word(p, "expect");
    expect_word(p, "total");
    t->want_total = small_int(p, "总分", 0, 10000);
    expect_word(p, "preliminary");
    t->want_prelim = expect_string(p, "初步等级 (字符串)");
    expect_word(p, "final");
    t->want_final = expect_string(p, "最终等级 (字符串)");
}

static const char *value_text(struct parser *p)
{
    struct token *t = peek(p);
    if (t->kind == T_EOF || t->kind == T_PUNCT || (t->kind == T_IDENT && is_reserved(t) &&
                                                   !tok_is(t, T_IDENT, "true") &&
                                                   !tok_is(t, T_IDENT, "false")))
        expected(p, "值");
    next(p);
    if (t->kind == T_DECIMAL || t->kind == T_INT)
        accept_yuan(p);
    return tok_str(p, t);
}

static void test_decl(struct parser *p)
{
    struct pol_set *s = p->set;
    struct ptest *t = arena_alloc(&s->arena, sizeof *t);
    t->loc = peek(p)->loc;
    t->name = expect_string(p, "测试名称 (字符串)");
    if (accept_word(p, "scale")) {
        scale_test(p, t);
        s->tests = arena_push(&s->arena, s->tests, &s->ntests, sizeof(void *));
        s->tests[s->ntests - 1] = t;
        return;
    }
    expect_word(p, "as");
    expect_word(p, "of");
    t->as_of = expect_date(p);
    t->division = "500103001001";
    expect_word(p, "household");
    for (;;) {
        if (accept_word(p, "division")) {
            struct token *d = peek(p);
            if ((d->kind != T_STRING && d->kind != T_INT) || d->len != 12)
                expected(p, "12 位区划代码");
            t->division = tok_str(p, next(p));
        } else if (accept_word(p, "rural")) {
            t->rural = 1;
        } else if (accept_word(p, "urban")) {
            t->rural = 0;
        } else {
            break;
        }
    }
    while (accept_word(p, "member")) {
        struct tmember *m;
        t->members = arena_push(&s->arena, t->members, &t->nmembers, sizeof *m);
        m = &t->members[t->nmembers - 1];
        struct tvalue *v;
        m->values = arena_push(&s->arena, m->values, &m->nvalues, sizeof *v);
        v = &m->values[0];
        v->name = "relation";
        v->loc = peek(p)->loc;
        v->text = value_text(p);
        while (peek(p)->kind == T_IDENT && !is_reserved(peek(p))) {
            m->values = arena_push(&s->arena, m->values, &m->nvalues, sizeof *v);
            v = &m->values[m->nvalues - 1];
            v->name = expect_name(p, "输入变量名");
            v->loc = peek(p)->loc;
            v->text = value_text(p);
        }
    }
    while (is_word(p, "expect")) {
        struct texpect *e;
        t->expects = arena_push(&s->arena, t->expects, &t->nexpects, sizeof *e);
        e = &t->expects[t->nexpects - 1];
        e->loc = next(p)->loc;
        e->prog = expect_name(p, "项目名");
        e->member = -1;
        if (accept_word(p, "member")) {
            struct token *n = peek(p);
            if (n->kind != T_INT)
                expected(p, "成员序号");
            e->member = (int)number(p, next(p), 0, "成员序号") - 1;
            if (e->member < 0 || e->member >= t->nmembers)
                fail_at(p, n->loc, "成员序号 %s 超出范围", tok_str(p, n));
        }
        e->eligible = !accept_word(p, "not");
        expect_word(p, "eligible");
        if (accept_word(p, "amount")) {
            e->has_amount = 1;
            struct token *a = peek(p);
            if (a->kind != T_INT && a->kind != T_DECIMAL)
                expected(p, "金额");
            e->amount = number(p, next(p), 2, "金额");
            accept_yuan(p);
        }
    }
    s->tests = arena_push(&s->arena, s->tests, &s->ntests, sizeof(void *));
    s->tests[s->ntests - 1] = t;
}

int pol_parse(struct pol_set *set, int file, struct mz_err *err)
{
    struct parser p = {.set = set, .err = err};
    if (pol_lex(set, file, &p.toks, &p.ntoks, err) < 0)
        return -1;
    if (setjmp(p.fail))
        return -1;
    while (peek(&p)->kind != T_EOF) {
        struct token *t = peek(&p);
        if (accept_word(&p, "input"))
            input_decl(&p, t->loc);
        else if (accept_word(&p, "person"))
            derived_decl(&p, POL_PERSON);
        else if (accept_word(&p, "household"))
            derived_decl(&p, POL_HOUSEHOLD);
        else if (accept_word(&p, "param"))
            param_decl(&p);
        else if (accept_word(&p, "program"))
            program_decl(&p);
        else if (accept_word(&p, "test"))
            test_decl(&p);
        else if (accept_word(&p, "warning"))
            warning_decl(&p);
        else if (accept_word(&p, "scale"))
            scale_decl(&p);
        else
            expected(&p, "声明 (input, person, household, param, program, test, warning, scale)");
    }
    return 0;
}
