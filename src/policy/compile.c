/* The compiler: folds constants, then emits one straight-line program of
 * batch instructions (opcodes.h) that computes every program's eligibility
 * and amount, dependencies first. Also the disassembler (pol_dump). */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "policy/internal.h"
#include "policy/opcodes.h"

static const char *op_names[] = {
#define X(name, n, sem) #name,
    POL_OPCODES(X)
#undef X
};
static const int op_arity[] = {
#define X(name, n, sem) n,
    POL_OPCODES(X)
#undef X
};

/* ---- scalar semantics ---- */

static int is_mulr(const struct node *n)
{
    return n->op == B_MUL && ((n->a->ty.k == TY_MONEY && n->b->ty.k == TY_RATIO) ||
                              (n->a->ty.k == TY_RATIO && n->b->ty.k == TY_MONEY));
}

int64_t pol_scalar_bin(const struct node *n, int64_t a, int64_t b)
{
    switch (n->op) {
    case B_ADD: return pol_wrap_add(a, b);
    case B_SUB: return pol_wrap_sub(a, b);
    case B_MUL: return is_mulr(n) ? pol_mul_ratio(a, b) : pol_wrap_mul(a, b);
    case B_DIV: return pol_div(a, b);
    case B_EQ: return a == b;
    case B_NE: return a != b;
    case B_LT: return a < b;
    case B_LE: return a <= b;
    case B_GT: return a > b;
    case B_GE: return a >= b;
    case B_AND: return a & b;
    case B_OR: return a | b;
    }
    return 0;
}

/* ---- constant folding ---- */

static int is_const(const struct node *n)
{
    return n && n->kind == N_LIT;
}

static void fold(struct node *n, int depth)
{
    if (!n || depth > 1000)
        return;
    fold(n->a, depth + 1);
    fold(n->b, depth + 1);
    fold(n->c, depth + 1);
    switch (n->kind) {
    case N_UNARY:
        if (is_const(n->a)) {
            n->v = n->op == '-' ? pol_wrap_sub(0, n->a->v) : !n->a->v;
            n->kind = N_LIT;
        }
        break;
    case N_BIN:
        if (is_const(n->a) && is_const(n->b)) {
            n->v = pol_scalar_bin(n, n->a->v, n->b->v);
            n->kind = N_LIT;
        } else if ((n->op == B_AND || n->op == B_OR) && (is_const(n->a) || is_const(n->b))) {
            /* x and true = x, x and false = false; x or false = x, x or true = true */
            struct node *k = is_const(n->a) ? n->a : n->b, *other = k == n->a ? n->b : n->a;
            struct node *keep = (k->v != 0) == (n->op == B_AND) ? other : k;
            struct loc loc = n->loc;
            *n = *keep;
            n->loc = loc;
        }
        break;
    case N_IF:
        if (is_const(n->a)) {
            struct node *pick = n->a->v ? n->b : n->c;
            struct loc loc = n->loc;
            *n = *pick;
            n->loc = loc;
        }
        break;
    case N_CALL:
        if ((n->op == F_MIN || n->op == F_MAX) && is_const(n->a) && is_const(n->b)) {
            n->v = (n->op == F_MIN) == (n->a->v < n->b->v) ? n->a->v : n->b->v;
            n->kind = N_LIT;
        } else if (n->op == F_MONTHS && is_const(n->a) && is_const(n->b)) {
            n->v = pol_months_between(n->a->v, n->b->v);
            n->kind = N_LIT;
        }
        break;
    default:
        break;
    }
}

/* ---- emission ---- */

struct emitter {
    struct pol_set *set;
    struct mz_err *err;
    int *free_regs;
    int nfree;
    size_t capfree;
    uint8_t *perm; /* registers that hold a variable's value */
    size_t capperm;
    struct {
        uint64_t key;
        int reg;
    } *cse;
    int ncse;
    size_t capcse;
    int failed;
};

static int new_reg(struct emitter *e, enum reg_kind kind, int dim, int64_t val)
{
    struct code *c = &e->set->code;
    if (kind == RK_TEMP && e->nfree) {
        int r = e->free_regs[--e->nfree];
        c->rdim[r] = (uint8_t)dim;
        return r;
    }
    size_t cap = (size_t)c->capregs, cap2 = cap, cap3 = cap, capp = e->capperm;
    if (c->nregs >= (int)MAX_REGS || mz_grow(&c->rkind, &cap, (size_t)c->nregs + 1, 1) < 0 ||
        mz_grow(&c->rdim, &cap2, (size_t)c->nregs + 1, 1) < 0 ||
        mz_grow(&c->rval, &cap3, (size_t)c->nregs + 1, sizeof *c->rval) < 0 ||
        mz_grow(&e->perm, &capp, (size_t)c->nregs + 1, 1) < 0) {
        e->failed = 1;
        return 0;
    }
    c->capregs = (int)(cap < cap2 ? (cap < cap3 ? cap : cap3) : (cap2 < cap3 ? cap2 : cap3));
    e->capperm = capp;
    int r = c->nregs++;
    c->rkind[r] = (uint8_t)kind;
    c->rdim[r] = (uint8_t)dim;
    c->rval[r] = val;
    e->perm[r] = kind != RK_TEMP;
    return r;
}

static int const_reg(struct emitter *e, int64_t v)
{
    struct code *c = &e->set->code;
    for (int r = 1; r < c->nregs; r++)
        if (c->rkind[r] == RK_CONST && c->rval[r] == v)
            return r;
    return new_reg(e, RK_CONST, 0, v);
}

static void release(struct emitter *e, int r)
{
    if (r <= 0 || e->perm[r] || e->failed)
        return;
    for (int i = 0; i < e->nfree; i++)
        if (e->free_regs[i] == r)
            return;
    if (mz_grow(&e->free_regs, &e->capfree, (size_t)e->nfree + 1, sizeof(int)) < 0) {
        e->failed = 1;
        return;
    }
    e->free_regs[e->nfree++] = r;
}

static void emit_ins(struct emitter *e, int op, int dim, int dst, int a, int b, int c)
{
    struct code *code = &e->set->code;
    size_t cap = (size_t)code->capins;
    if (e->failed || mz_grow(&code->ins, &cap, (size_t)code->nins + 1, sizeof *code->ins) < 0) {
        e->failed = 1;
        return;
    }
    code->capins = (int)cap;
    code->ins[code->nins++] = ins_make(op, dim, dst, a, b, c);
}

/* Common subexpressions: an instruction whose operands are all permanent
 * (inputs, constants, variables) computes the same value wherever it
 * appears, so its result is kept (made permanent) and reused. */
static int cse_find(struct emitter *e, uint64_t key)
{
    for (int i = 0; i < e->ncse; i++)
        if (e->cse[i].key == key)
            return e->cse[i].reg;
    return 0;
}

static void cse_add(struct emitter *e, uint64_t key, int reg)
{
    if (mz_grow(&e->cse, &e->capcse, (size_t)e->ncse + 1, sizeof *e->cse) < 0) {
        e->failed = 1;
        return;
    }
    e->cse[e->ncse].key = key;
    e->cse[e->ncse++].reg = reg;
    e->perm[reg] = 1;
}

/* dst = op(a, b, c) as a new temporary; the operands are released. */
static int op3(struct emitter *e, int op, int dim, int a, int b, int c)
{
    int pure = !e->failed && (e->perm[a] || !a) && (e->perm[b] || !b) && (e->perm[c] || !c);
    uint64_t key = ins_make(op, dim, 0, a, b, c);
    int d = pure ? cse_find(e, key) : 0;
    if (d)
        return d;
    d = new_reg(e, RK_TEMP, dim, 0);
    if (pure && !e->failed)
        cse_add(e, key, d);
    emit_ins(e, op, dim, d, a, b, c);
    release(e, a);
    release(e, b);
    release(e, c);
    return d;
}

static int emit_node(struct emitter *e, struct node *n, int scope);
static int emit_program(struct emitter *e, struct program *g);

static int var_reg(struct emitter *e, struct var *v)
{
    if (v->reg)
        return v->reg;
    switch (v->kind) {
    case V_INPUT:
        v->reg = new_reg(e, RK_INPUT, v->entity, v->input);
        break;
    case V_DERIVED:
        v->reg = emit_node(e, v->expr, v->entity);
        if (v->reg)
            e->perm[v->reg] = 1;
        break;
    case V_PROGRAM:
        v->reg = emit_program(e, v->prog);
        break;
    }
    return v->reg;
}

static int emit_var(struct emitter *e, struct var *v, int scope)
{
    int r = var_reg(e, v);
    if (v->entity == scope || e->failed)
        return r;
    if (!v->breg) {
        v->breg = new_reg(e, RK_TEMP, POL_PERSON, 0);
        e->perm[v->breg] = 1;
        emit_ins(e, OP_BCAST, POL_PERSON, v->breg, r, 0, 0);
    }
    return v->breg;
}

static int emit_agg(struct emitter *e, struct node *n)
{
    static const int ops[] = {[A_SUM] = OP_HSUM, [A_COUNT] = OP_HSUM, [A_ANY] = OP_HANY,
                              [A_ALL] = OP_HALL, [A_MIN] = OP_HMIN,   [A_MAX] = OP_HMAX};
    int a = n->a ? emit_node(e, n->a, POL_PERSON) : const_reg(e, 1);
    int b = n->b ? emit_node(e, n->b, POL_PERSON) : const_reg(e, 1);
    return op3(e, ops[n->op], POL_HOUSEHOLD, a, b, 0);
}

static int emit_node(struct emitter *e, struct node *n, int scope)
{
    static const int bin_ops[] = {[B_ADD] = OP_ADD, [B_SUB] = OP_SUB, [B_MUL] = OP_MUL,
                                  [B_DIV] = OP_DIV, [B_EQ] = OP_EQ,   [B_NE] = OP_NE,
                                  [B_LT] = OP_LT,   [B_LE] = OP_LE,   [B_GT] = OP_GT,
                                  [B_GE] = OP_GE,   [B_AND] = OP_AND, [B_OR] = OP_OR};
    if (e->failed)
        return 0;
    switch (n->kind) {
    case N_LIT:
        return const_reg(e, n->v);
    case N_ASOF:
        for (int r = 1; r < e->set->code.nregs; r++)
            if (e->set->code.rkind[r] == RK_ASOF)
                return r;
        return new_reg(e, RK_ASOF, 0, 0);
    case N_VAR:
        return emit_var(e, n->var, scope);
    case N_PARAM: {
        uint64_t key = ins_make(OP_PARAM, scope, 0, n->param, 0, 0);
        int d = cse_find(e, key);
        if (!d) {
            d = new_reg(e, RK_TEMP, scope, 0);
            emit_ins(e, OP_PARAM, scope, d, n->param, 0, 0);
            cse_add(e, key, d);
        }
        return d;
    }
    case N_UNARY:
        return op3(e, n->op == '-' ? OP_NEG : OP_NOT, scope, emit_node(e, n->a, scope), 0, 0);
    case N_BIN: {
        int a = emit_node(e, n->a, scope), b = emit_node(e, n->b, scope);
        if (is_mulr(n))
            return n->a->ty.k == TY_RATIO ? op3(e, OP_MULR, scope, b, a, 0)
                                          : op3(e, OP_MULR, scope, a, b, 0);
        return op3(e, bin_ops[n->op], scope, a, b, 0);
    }
    case N_IF: {
        int a = emit_node(e, n->a, scope), b = emit_node(e, n->b, scope);
        return op3(e, OP_SEL, scope, a, b, emit_node(e, n->c, scope));
    }
    case N_CALL:
        switch (n->op) {
        case F_AGE:
            return op3(e, OP_AGE, scope, emit_node(e, n->a, scope), 0, 0);
        case F_KNOWN: {
            int a = emit_node(e, n->a, scope);
            return op3(e, OP_NE, scope, a,
                       const_reg(e, n->a->ty.k == TY_DATE ? MZ_DATE_NONE : 0), 0);
        }
        case F_MONTHS: {
            int a = emit_node(e, n->a, scope);
            return op3(e, OP_MONTHS, scope, a, emit_node(e, n->b, scope), 0);
        }
        default: {
            int a = emit_node(e, n->a, scope);
            return op3(e, n->op == F_MIN ? OP_MIN : OP_MAX, scope, a, emit_node(e, n->b, scope), 0);
        }
        }
    case N_AGG:
        return emit_agg(e, n);
    case N_STR:
        break;
    }
    e->failed = 1;
    return 0;
}

/* A program: raw = all criteria; final = raw and not any program it comes
 * after; amount = final ? rounded amount : 0. Both land in output registers. */
static int emit_program(struct emitter *e, struct program *g)
{
    int dim = g->entity;
    for (int i = 0; i < g->nafter; i++)
        var_reg(e, g->after[i]->var);
    g->code_start = e->set->code.nins;
    int raw = emit_node(e, g->crits[0].expr, dim);
    for (int i = 1; i < g->ncrits; i++)
        raw = op3(e, OP_AND, dim, raw, emit_node(e, g->crits[i].expr, dim), 0);
    for (int i = 0; i < g->nafter; i++) {
        struct program *b = g->after[i];
        int x = b->var->reg;
        if (b->entity == POL_PERSON && dim == POL_HOUSEHOLD)
            x = op3(e, OP_HANY, dim, x, const_reg(e, 1), 0);
        else if (b->entity == POL_HOUSEHOLD && dim == POL_PERSON)
            x = emit_var(e, b->var, POL_PERSON);
        raw = op3(e, OP_AND, dim, raw, op3(e, OP_NOT, dim, x, 0, 0), 0);
    }
    g->elig_reg = new_reg(e, RK_OUT_ELIG, dim, g->index);
    emit_ins(e, OP_MOV, dim, g->elig_reg, raw, 0, 0);
    release(e, raw);
    g->amount_reg = new_reg(e, RK_OUT_AMOUNT, dim, g->index);
    int amt = g->amount ? emit_node(e, g->amount, dim) : const_reg(e, 0);
    if (g->amount && g->rounding != R_FEN) {
        static const int rops[] = {[R_YUAN] = OP_ROUNDY, [R_YUAN_UP] = OP_CEILY,
                                   [R_YUAN_DOWN] = OP_FLOORY};
        amt = op3(e, rops[g->rounding], dim, amt, 0, 0);
    }
    emit_ins(e, OP_SEL, dim, g->amount_reg, g->elig_reg, amt, const_reg(e, 0));
    release(e, amt);
    g->code_end = e->set->code.nins;
    return g->elig_reg;
}

int pol_compile_code(struct pol_set *set, struct mz_err *err)
{
    struct emitter e = {.set = set, .err = err};
    for (int i = 0; i < set->nvars; i++)
        if (set->vars[i]->kind == V_DERIVED)
            fold(set->vars[i]->expr, 0);
    for (int i = 0; i < set->nprogs; i++) {
        for (int k = 0; k < set->progs[i]->ncrits; k++)
            fold(set->progs[i]->crits[k].expr, 0);
        fold(set->progs[i]->amount, 0);
    }
    for (int i = 0; i < set->nwarns; i++)
        fold(set->warns[i]->cond, 0);
    new_reg(&e, RK_CONST, 0, 0); /* register 0 is never an operand */
    for (int i = 0; i < set->nprogs && !e.failed; i++)
        var_reg(&e, set->progs[i]->var);
    /* person warning conditions, each into its output column */
    for (int i = 0; i < set->nwarns && !e.failed; i++) {
        if (!set->warns[i]->cond)
            continue;
        int r = emit_node(&e, set->warns[i]->cond, POL_PERSON);
        emit_ins(&e, OP_MOV, POL_PERSON, new_reg(&e, RK_OUT_WARN, POL_PERSON, i), r, 0, 0);
        release(&e, r);
    }
    mz_free(e.free_regs);
    mz_free(e.perm);
    mz_free(e.cse);
    if (e.failed)
        return mz_fail(err, "policy_too_large", "政策过大：寄存器超过 %d 个或内存不足", (int)MAX_REGS);
    return 0;
}

/* ---- disassembler ---- */

static void reg_name(const struct pol_set *set, int r, char *out, size_t n)
{
    const struct code *c = &set->code;
    int64_t v = c->rval[r];
    switch (c->rkind[r]) {
    case RK_CONST: snprintf(out, n, "#%lld", (long long)v); break;
    case RK_ASOF: snprintf(out, n, "as_of"); break;
    case RK_INPUT: snprintf(out, n, "%s", set->inputs[v].name); break;
    case RK_OUT_ELIG: snprintf(out, n, "%s.eligible", set->progs[v]->name); break;
    case RK_OUT_AMOUNT: snprintf(out, n, "%s.amount", set->progs[v]->name); break;
    case RK_OUT_WARN: snprintf(out, n, "warning.%s", set->warns[v]->pub.name); break;
    default: snprintf(out, n, "r%d", r);
    }
}

int pol_dump(const struct pol_set *set, const char *program, FILE *out)
{
    int from = 0, to = set->code.nins;
    if (program) {
        int k = pol_program_find(set, program);
        if (k < 0)
            return -1;
        from = set->progs[k]->code_start;
        to = set->progs[k]->code_end;
        fprintf(out, "; %s %s\n", set->progs[k]->name, set->progs[k]->label);
    }
    fprintf(out, "; %d instructions, %d registers, version %s\n", to - from, set->code.nregs,
            set->version);
    for (int i = from; i < to; i++) {
        uint64_t w = set->code.ins[i];
        int op = INS_OP(w), f[3] = {INS_A(w), INS_B(w), INS_C(w)};
        char d[80], buf[80];
        reg_name(set, INS_DST(w), d, sizeof d);
        fprintf(out, "%5d  %-6s %c %-24s", i, op_names[op], INS_DIM(w) ? 'H' : 'P', d);
        for (int k = 0; k < op_arity[op]; k++) {
            if (op == OP_PARAM)
                snprintf(buf, sizeof buf, "%s", set->params[f[k]]->name);
            else
                reg_name(set, f[k], buf, sizeof buf);
            fprintf(out, "%s%s", k ? ", " : "", buf);
        }
        fputc('\n', out);
    }
    return 0;
}
