/* Internal structures shared by the parts of the policy engine: tokens,
 * the syntax tree, declarations, the compiled code and the arena that owns
 * all of them. Nothing here is visible outside src/policy/. */
#ifndef MZ_POLICY_INTERNAL_H
#define MZ_POLICY_INTERNAL_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "policy/policy.h"

/* ---- arena: every allocation of a compiled set; freed at once ---- */
struct arena_block;
struct arena {
    struct arena_block *blocks;
    jmp_buf *oom; /* longjmp target when an allocation fails */
};
void *arena_alloc(struct arena *a, size_t n); /* zeroed; longjmps on failure */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* ---- source locations and diagnostics ---- */
struct loc {
    int file, line, col; /* col counts characters from 1 */
};
struct source {
    const char *path;
    const char *text;
    size_t len;
};

/* ---- tokens ---- */
enum tok_kind { T_EOF, T_IDENT, T_STRING, T_INT, T_DECIMAL, T_DATE, T_PUNCT };
struct token {
    enum tok_kind kind;
    const char *text; /* points into the source; for T_STRING without quotes */
    int len;
    struct loc loc;
};

/* ---- types ---- */
enum ty_kind { TY_NONE, TY_INT, TY_MONEY, TY_RATIO, TY_BOOL, TY_DATE, TY_ENUM };
struct type {
    enum ty_kind k;
    int enum_id; /* for TY_ENUM */
};
#define RATIO_SCALE 10000 /* ratios are stored as value × 10000 */

struct enum_def {
    const char *name;
    const char **labels; /* code i+1 is labels[i]; 0 is "none" */
    int nlabels;
};

/* ---- syntax tree ---- */
enum node_kind {
    N_LIT,    /* v of type ty */
    N_STR,    /* s: an enum label until checked, then N_LIT */
    N_VAR,    /* var */
    N_PARAM,  /* param (also within() predicates) */
    N_ASOF,   /* the as-of date */
    N_UNARY,  /* op '-' or 'n' (not) on a */
    N_BIN,    /* op on a, b */
    N_IF,     /* a ? b : c */
    N_CALL,   /* fn on a [, b] */
    N_AGG,    /* agg over members of a, filtered by b (either may be NULL) */
};
enum bin_op { B_ADD, B_SUB, B_MUL, B_DIV, B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE, B_AND, B_OR };
enum fn_kind { F_AGE, F_MONTHS, F_MIN, F_MAX, F_KNOWN, F_WITHIN };
enum agg_kind { A_SUM, A_COUNT, A_ANY, A_ALL, A_MIN, A_MAX };

struct var;
struct node {
    enum node_kind kind;
    int op; /* bin_op, fn_kind, agg_kind, or '-' / 'n' */
    struct loc loc;
    struct type ty;  /* set by the checker */
    int entity;      /* POL_PERSON or POL_HOUSEHOLD, set by the checker */
    int64_t v;
    const char *s;
    struct node *a, *b, *c;
    struct var *var;
    int param;
    int reg; /* compiler scratch */
};

/* ---- declarations ---- */
enum var_kind { V_INPUT, V_DERIVED, V_PROGRAM };
struct program;
struct var {
    const char *name, *label;
    enum var_kind kind;
    int entity;
    struct type ty;
    const char *fact, *unit; /* inputs from a registry fact (fact NULL otherwise) */
    const char *record, *record_arg; /* inputs from a registry record (pol_input) */
    int64_t dflt;            /* inputs: value of an absent fact */
    struct node *expr;       /* derived */
    struct program *prog;    /* V_PROGRAM: the program's final eligibility */
    struct loc loc;
    int input;               /* inputs: index into set->inputs */
    int state;               /* checker: 0 new, 1 visiting, 2 done */
    int reg;                 /* compiler: register holding the value, 0 if none */
    int breg;                /* compiler: household value broadcast to members */
};

enum round_mode { R_FEN, R_YUAN, R_YUAN_UP, R_YUAN_DOWN };
struct criterion {
    const char *label, *cite;
    struct node *expr;
    struct loc loc;
};
struct program {
    const char *name, *label, *group, *case_type;
    int entity;
    int no_application; /* enum pol_no_application */
    const char **after_names;
    struct loc *after_locs;
    struct program **after;
    int nafter;
    struct criterion *crits;
    int ncrits;
    struct node *amount;
    const char *amount_label;
    enum round_mode rounding;
    struct loc loc;
    struct var *var;
    int index;
    int elig_reg, amount_reg; /* output registers */
    int code_start, code_end; /* its instructions (dump) */
};

/* A warning rule: its public description, and for person rules the
 * condition and the person variables it reads directly (the evidence). */
struct pwarn {
    struct pol_warning pub;
    const char *prog_name; /* became …: the program named, resolved by the checker */
    struct node *cond;     /* POL_WARN_PERSON: a person bool */
    struct var **reads;
    int nreads;
    struct loc loc, prog_loc;
};

/* A scored scale: its public description (pointers set once parsed) and
 * what the checker needs: locations, and each adjustment's condition. */
struct sadjust {
    const char *cond_name; /* when NAME [>= at_least] */
    int cond;              /* resolved index into conds */
    int has_cmp, at_least;
    const char *to_label; /* `to "level"`, or NULL for `worse N` */
    int to_level, worse;
    struct loc loc, cond_loc, to_loc;
};
struct scale {
    struct pol_scale pub;
    struct pol_scale_item *items;
    struct pol_scale_cond *conds;
    struct pol_scale_level *levels;
    struct pol_scale_adjust *adjusts;
    struct sadjust *adj;
    struct loc *item_locs, *cond_locs, *level_locs;
    int nitems, nconds, nlevels, nadjusts, nitem_locs, ncond_locs, nlevel_locs, nadj;
    int combine_sum; /* `combine sum`: worse steps add up; `combine max`: the largest */
    struct loc loc, fact_loc;
};

/* A parameter value entry. */
enum pv_kind { PV_VALUE, PV_FOLLOWS, PV_SAME };
enum variant { VAR_ANY, VAR_URBAN, VAR_RURAL };
struct pentry {
    char prefix[13];
    enum variant variant;
    mz_date from;
    enum pv_kind kind;
    int64_t value;       /* PV_VALUE, PV_FOLLOWS: the base */
    const char *ref_name;
    int ref;             /* PV_FOLLOWS, PV_SAME: the other parameter */
    const char *note;    /* "unverified" note, or NULL */
    struct loc loc;
};
struct param {
    const char *name, *label, *source, *note, *unit;
    struct type ty;
    struct pentry *entries;
    int nentries;
    const char *within; /* a within("prefix") predicate, not a declared param */
    int unverified;
    struct loc loc;
    int state;
};

/* A test written beside the policy. */
struct tvalue {
    const char *name;
    const char *text;
    struct loc loc;
};
struct tmember {
    struct tvalue *values;
    int nvalues;
};
struct texpect {
    const char *prog;
    int member; /* -1 for household programs */
    int eligible;
    int has_amount;
    int64_t amount;
    struct loc loc;
};
struct ptest {
    const char *name;
    /* a test of a scored scale (`test "…" scale NAME`): else scale_name NULL */
    const char *scale_name;
    struct scale *scale;
    int *scores, nscores;
    struct tvalue *conds;
    int nconds;
    int want_total;
    const char *want_prelim, *want_final;
    struct loc scores_loc, want_loc;
    mz_date as_of;
    const char *division;
    int rural;
    struct tmember *members;
    int nmembers;
    struct texpect *expects;
    int nexpects;
    struct loc loc;
};

/* ---- compiled code (see opcodes.h for the instruction layout) ---- */
enum reg_kind { RK_TEMP, RK_CONST, RK_ASOF, RK_INPUT, RK_OUT_ELIG, RK_OUT_AMOUNT, RK_OUT_WARN };
struct code {
    uint64_t *ins;
    int nins, capins;
    int nregs, capregs;
    uint8_t *rkind;   /* enum reg_kind */
    uint8_t *rdim;    /* POL_PERSON or POL_HOUSEHOLD */
    int64_t *rval;    /* RK_CONST: the value; RK_INPUT: input index; RK_OUT_*: program */
};

/* ---- the compiled set ---- */
struct pol_set {
    struct arena arena;
    struct source *srcs;
    int nsrcs;
    struct enum_def **enums;
    int nenums;
    struct var **vars;
    int nvars;
    struct param **params;
    int nparams;
    struct program **progs;
    int nprogs;
    struct ptest **tests;
    int ntests;
    struct pwarn **warns;
    int nwarns;
    struct scale **scales;
    int nscales;
    struct pol_input *inputs;
    int ninputs;
    struct code code;
    char version[65];
};

/* A growable array inside the arena: doubles and copies. */
void *arena_push(struct arena *a, void *items, int *n, size_t size);

/* Diagnostics: formats "file:line:col: 错误：msg", the source line and a
 * caret into err->msg and returns -1. */
int pol_diag(const struct pol_set *set, struct mz_err *err, const char *code, struct loc loc,
             const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Phases. Each returns 0 or -1 with a diagnostic on err. */
int pol_lex(struct pol_set *set, int file, struct token **toks, int *ntoks, struct mz_err *err);
int pol_parse(struct pol_set *set, int file, struct mz_err *err);
void pol_add_builtins(struct pol_set *set);
int pol_check(struct pol_set *set, struct mz_err *err);
int pol_compile_code(struct pol_set *set, struct mz_err *err);
/* Checks the scales and the scale tests (scale.c). */
int pol_check_scales(struct pol_set *set, struct mz_err *err);
/* Runs a scale test; prints a failure to out; 1 if it failed. */
int pol_scale_run_test(const struct pol_set *set, const struct ptest *t, FILE *out, int verbose);

/* Lookups (NULL or -1 if absent). */
struct var *pol_find_var(const struct pol_set *set, const char *name);
int pol_find_param(const struct pol_set *set, const char *name);
int pol_enum_code(const struct enum_def *e, const char *label, size_t len);

/* Value of parameter p for a household in `division` (12 digits), rural or
 * not, on date `at`; 0 when no value is in force. */
int64_t pol_param_value(const struct pol_set *set, int p, const char *division, int rural,
                        mz_date at);

/* Scalar semantics shared by constant folding, the VM and the explainer. */
static inline int64_t pol_wrap_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static inline int64_t pol_wrap_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static inline int64_t pol_wrap_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
static inline int64_t pol_div(int64_t a, int64_t b)
{
    return b == 0 ? 0 : b == -1 ? pol_wrap_sub(0, a) : a / b;
}
static inline int64_t pol_mul_ratio(int64_t a, int64_t r) { return pol_div(pol_wrap_mul(a, r), RATIO_SCALE); }
static inline int64_t pol_round(int64_t v, enum round_mode m)
{
    int64_t q = v / 100, rem = v % 100; /* truncated toward zero */
    if (rem < 0) { q -= 1; rem += 100; } /* floor */
    switch (m) {
    case R_YUAN: return (q + (rem >= 50)) * 100;
    case R_YUAN_UP: return (q + (rem > 0)) * 100;
    case R_YUAN_DOWN: return q * 100;
    case R_FEN: break;
    }
    return v;
}
int64_t pol_months_between(int64_t from, int64_t to);
/* The value of binary node n (checked) on scalar operands. */
int64_t pol_scalar_bin(const struct node *n, int64_t a, int64_t b);
/* The entry of parameter p in force for a region on a date, or NULL. */
const struct pentry *pol_param_entry(const struct pol_set *set, int p, const char *division,
                                     int rural, mz_date at);
int64_t pol_age(int64_t birth, mz_date at);

/* Formats a value of type ty for people ("770.00元", "是", "2025-07-01"). */
void pol_format_value(const struct pol_set *set, struct type ty, int64_t v, char *out, size_t n);

/* Parses a value written for a column of type ty. */
int pol_parse_typed(const struct pol_set *set, struct type ty, const char *text, int64_t *out,
                    struct mz_err *err);

#endif
