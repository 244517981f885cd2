/* The policy engine: compiles a directory of policy files (docs/policy-language.md)
 * into a set of programs, evaluates them over a snapshot of the population
 * (vectorized, two threads) or explains them for one household.
 *
 * Ownership: a `struct pol_set` owns everything it returns (names, labels,
 * input descriptions); they live until pol_set_free. Results and
 * explanations are owned by the caller and freed with their own functions.
 * Failures return -1 (or NULL) with a Chinese message on the mz_err. */
#ifndef MZ_POLICY_H
#define MZ_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"

struct pol_set;
struct pol_snapshot;

enum { POL_PERSON = 0, POL_HOUSEHOLD = 1 };

/* The type of an input column. Every value is an int64: money in fen,
 * dates as day numbers (MZ_DATE_NONE when unknown), bools 0/1, enums as
 * the 1-based position of their label (0 = none), ratios × 10000. The
 * household division code is not a column: see snapshot.h. */
enum pol_type { POL_INT, POL_MONEY, POL_RATIO, POL_BOOL, POL_DATE, POL_ENUM };

/* An input the loader must fill: one column per input. */
struct pol_input {
    int entity;             /* POL_PERSON or POL_HOUSEHOLD */
    const char *name;       /* variable name in the policy */
    const char *label;      /* Chinese label */
    const char *fact;       /* registry fact that fills it, or NULL: */
    /* a registry record (`from record NAME "ARG"`, store/recordstore.h): a
     * count, sum or date the loader computes from the services' tables
     * (payments, cases, orders …) for each person or household; record_arg
     * is "" when the record takes no argument. NULL for facts. */
    const char *record, *record_arg;
    enum pol_type type;
    const char *unit;       /* e.g. "month" for money/month, or "" */
    int64_t dflt;           /* value when the fact is absent */
    const char *const *enum_labels; /* POL_ENUM: labels of codes 1..n */
    int nenum;
};

/* Compiles every *.pol file in dir (sorted by name). Returns NULL with
 * "file:line:col: 错误：…", the source line and a caret on err. */
struct pol_set *pol_compile_dir(const char *dir, struct mz_err *err);

/* Compiles in-memory sources (paths are used in messages only). */
struct pol_set *pol_compile_sources(const char *const *paths, const char *const *texts, int n,
                                    struct mz_err *err);

void pol_set_free(struct pol_set *set);

/* The policy set version: SM3 of the sources (path, NUL, text, NUL each),
 * 64 hex digits. Borrowed from the set. */
const char *pol_version(const struct pol_set *set);

/* The inputs the loader must fill, in column order. Borrowed. */
const struct pol_input *pol_inputs(const struct pol_set *set, int *n);

/* Index of input `name`, or -1. */
int pol_input_find(const struct pol_set *set, const char *name);

/* Parses a fact's text as stored in the registry into the column's
 * representation: money "770.00" / "770" → 77000 fen; bool "true" "1" "是"
 * / "false" "0" "否"; date "2025-07-01"; enum by its Chinese label; int;
 * ratio "1.5". Returns 0, or -1 with a message naming the value. */
int pol_value_parse(const struct pol_set *set, int input, const char *text, int64_t *out,
                    struct mz_err *err);

/* The value of parameter `name` for a household in division (12 digits),
 * rural or not, on day `at` (0 when none is in force): 1, or 0 if the set
 * has no such parameter. */
int pol_param_lookup(const struct pol_set *set, const char *name, const char *division,
                     int rural, mz_date at, int64_t *out);

/* Programs, in declaration order. */
int pol_program_count(const struct pol_set *set);
int pol_program_find(const struct pol_set *set, const char *name); /* -1 if absent */
const char *pol_program_name(const struct pol_set *set, int program);
const char *pol_program_label(const struct pol_set *set, int program);
/* Whether the program declares an amount (a benefit in cash); programs
 * without one recognise a status (低保边缘, 刚性支出困难家庭). */
bool pol_program_pays(const struct pol_set *set, int program);
int pol_program_entity(const struct pol_set *set, int program);
/* Number of criteria of a program, and the Chinese label of criterion k. */
int pol_program_criteria(const struct pol_set *set, int program);
const char *pol_program_criterion_label(const struct pol_set *set, int program, int k);
/* The case type enrolment needs (`case "…"`), or NULL if none is stated. */
const char *pol_program_case(const struct pol_set *set, int program);
/* 免申即享 (`without application [confirmed]`): whether a program is
 * granted without an application — POL_NOAPP_AUTO: from the consent and
 * the data alone; POL_NOAPP_CONFIRMED: once a caseworker confirmed the
 * check (src/autogrant). */
enum pol_no_application { POL_NOAPP_NONE, POL_NOAPP_AUTO, POL_NOAPP_CONFIRMED };
enum pol_no_application pol_program_no_application(const struct pol_set *set, int program);
/* Whether program a is not granted where program b is: a comes after b
 * (`after`, directly or through others) in their exclusion group. */
int pol_program_after(const struct pol_set *set, int a, int b);

/* Warning rules (`warning` declarations; docs/monitoring.md): raised by
 * the monitor when a program's decision changes for a household, or when a
 * person condition starts to hold for a member; or, for supervision, by the
 * case engine when an application is approved although the engine found
 * the household not eligible (`when approved against engine`). */
enum pol_warning_kind {
    POL_WARN_BECAME_ELIGIBLE,
    POL_WARN_BECAME_INELIGIBLE,
    POL_WARN_PERSON,
    POL_WARN_APPROVED_AGAINST
};
struct pol_warning {
    const char *name, *label, *severity; /* severity: "high", "medium" or "low" */
    const char *note;                    /* "" if none */
    const char *case_label; /* the application it proposes (`case "…"`), "" if none */
    int due_workdays;
    bool supervision; /* `to supervision`: for the county's supervision office */
    enum pol_warning_kind kind;
    int program; /* POL_WARN_BECAME_*: the program; else -1 */
};
/* Warning rules, in declaration order. Borrowed. */
int pol_warning_count(const struct pol_set *set);
const struct pol_warning *pol_warning(const struct pol_set *set, int w);
/* The first warning rule of kind, or NULL if the policies declare none. */
const struct pol_warning *pol_warning_of_kind(const struct pol_set *set,
                                              enum pol_warning_kind kind);
/* "标签=值；…" for the person variables the condition of person warning w
 * reads directly, for member (0-based) of household h of the snapshot,
 * evaluated by the scalar path; cut to cap bytes (valid UTF-8). */
void pol_warning_values(const struct pol_set *set, const struct pol_snapshot *snap, size_t h,
                        int member, int w, mz_date as_of, char *out, size_t cap);

/* Scored scales (`scale` declarations; docs/policy-language.md): the items
 * of an assessment form with their score ranges, grouped by dimension; the
 * conditions recorded besides the items (flags and counts); the levels as
 * bands of the total, best first; and the adjustments that move the
 * preliminary level to the final one. Everything is borrowed from the set. */
struct pol_scale_item {
    const char *name, *label, *dimension; /* dimension: its Chinese label */
    int lo, hi;
};
struct pol_scale_cond {
    const char *name, *label;
    int hi; /* a flag: 1 (0 = no, 1 = yes); a count: its largest value */
    bool is_count;
};
struct pol_scale_level {
    const char *label;
    int lo, hi; /* total score band, inclusive */
};
struct pol_scale_adjust {
    const char *label, *cite;
};
struct pol_scale {
    const char *name, *label, *source;
    const char *fact; /* the registry fact the final level is recorded as */
    const struct pol_scale_item *items;
    int nitems;
    const struct pol_scale_cond *conds;
    int nconds;
    const struct pol_scale_level *levels; /* best (highest band) first */
    int nlevels;
    const struct pol_scale_adjust *adjusts;
    int nadjusts;
    int max_total; /* sum of the items' highest scores */
};
#define POL_SCALE_MAX_ADJUST 16

/* The scale called name, or NULL. */
const struct pol_scale *pol_scale_find(const struct pol_set *set, const char *name);

/* An assessment scored on a scale: total, preliminary and final level
 * (indexes into levels) and the adjustments that held, in order. */
struct pol_scale_outcome {
    int total, preliminary, final;
    int held[POL_SCALE_MAX_ADJUST];
    int nheld;
};
/* Scores an assessment: scores[i] for item i (-1 = not given), conds[k]
 * for condition k. Fails, naming the item or condition (its name in
 * err->field, its Chinese label in the message), on a missing score
 * ("missing_item") or one out of range ("score_out_of_range"). */
int pol_scale_score(const struct pol_scale *scale, const int *scores, const int *conds,
                    struct pol_scale_outcome *out, struct mz_err *err);

/* The values of the person variables names[0..n) (inputs, derived
 * variables or person programs) for member (0-based) of household h of
 * the snapshot as of a day, by the scalar path, into out[i]; labels[i]
 * (labels may be NULL) receives each one's Chinese label, borrowed from
 * set. At most 16 names. -1 with unknown_variable when a name is not a
 * person variable. */
int pol_person_values(const struct pol_set *set, const struct pol_snapshot *snap, size_t h,
                      int member, mz_date as_of, const char *const *names, int n, int64_t *out,
                      const char **labels, struct mz_err *err);

/* Results of one evaluation: per program, one row per entity (person or
 * household, in snapshot order). */
struct pol_results;

/* Evaluates every program as of `as_of` over the snapshot with nthreads
 * threads (1 or more). The caller frees the results. */
struct pol_results *pol_eval(const struct pol_set *set, const struct pol_snapshot *snap,
                             mz_date as_of, int nthreads, struct mz_err *err);
void pol_results_free(struct pol_results *res);
/* Evaluates again into existing results of the same shape (same set, a
 * snapshot of the same size), e.g. at another date or after the loader
 * changed some values; no allocation of result rows. 0 or -1. */
int pol_reeval(struct pol_results *res, const struct pol_set *set,
               const struct pol_snapshot *snap, mz_date as_of, int nthreads, struct mz_err *err);
/* Eligibility (0/1) and amount in fen of row `row` for a program. */
const int64_t *pol_results_eligible(const struct pol_results *res, int program);
const int64_t *pol_results_amount(const struct pol_results *res, int program);
/* Whether the condition of person warning w holds (0/1), per person row;
 * NULL for the other kinds of warning. */
const int64_t *pol_results_warning(const struct pol_results *res, int w);

/* The scalar path: evaluates household `household` alone, without the VM,
 * recording for each criterion its value, the values it read and its
 * citation. program = -1 explains every program. */
struct pol_explanation;
struct pol_explanation *pol_explain(const struct pol_set *set, const struct pol_snapshot *snap,
                                    size_t household, int program, mz_date as_of,
                                    struct mz_err *err);
/* The same, worded for a legal document (a decision notice): criteria,
 * values and parameters by their Chinese labels only, no policy names, no
 * division code or policy version, members as 第N人. */
struct pol_explanation *pol_explain_document(const struct pol_set *set,
                                             const struct pol_snapshot *snap, size_t household,
                                             int program, mz_date as_of, struct mz_err *err);
void pol_explanation_free(struct pol_explanation *ex);
/* Decision of a program for a member (person programs; 0-based within the
 * household) or for the household (member ignored). */
int pol_explanation_eligible(const struct pol_explanation *ex, int program, int member);
int64_t pol_explanation_amount(const struct pol_explanation *ex, int program, int member);
/* The explanation as readable Chinese text; borrowed from ex. */
const char *pol_explanation_text(const struct pol_explanation *ex);
/* Outcome of criterion k of a program for a member in the explanation: 1
 * held, 0 failed, -1 the program was not explained. */
int pol_explanation_criterion(const struct pol_explanation *ex, int program, int member, int k);
void pol_explanation_print(const struct pol_explanation *ex, FILE *out);

/* Writes the bytecode of the set (program = NULL) or of the instructions
 * that compute one program, with register kinds, to out. */
int pol_dump(const struct pol_set *set, const char *program, FILE *out);

/* `mz policy check|test|dump DIR`: print to stdout/stderr, return an exit
 * status (0 = all ok, 1 = a failure). */
int pol_cmd_check(const char *dir);
int pol_cmd_test(const char *dir);
int pol_cmd_dump(const char *dir, const char *program);

/* Runs the tests written in the policy files; prints each failure (and,
 * when verbose, each success) to out. Returns the number of failures. */
int pol_run_tests(const struct pol_set *set, FILE *out, int verbose);

#endif
