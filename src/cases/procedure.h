/* Case procedures as declared state machines: one table of states and one
 * of transitions per application type (procedure.c), read by the case
 * engine (case.c) — no procedure is a hand-coded branch. A transition
 * names the states it may leave, the state it enters, the role that may
 * take it, what it requires (a reason, an attachment) and what it means
 * (starts the legal clock, a decision, a payment). States carry their time
 * limits with the unit and legal source. All tables are static and
 * borrowed for the life of the program. */
#ifndef MZ_PROCEDURE_H
#define MZ_PROCEDURE_H

#include <stdbool.h>
#include <stddef.h>

/* Who may take a step. Actors are written "ROLE:name" (e.g.
 * "street:zhang"); PROC_ROLE_ANY steps may be taken by anyone. */
enum proc_role { PROC_ROLE_ANY = 0, PROC_ROLE_COMMUNITY, PROC_ROLE_STREET, PROC_ROLE_COUNTY };

enum proc_unit { UNIT_WORKDAYS, UNIT_DAYS };

/* A time limit: the figure is the policy parameter `param` (dated, per
 * division; case_limit reads it), counted in unit. */
struct proc_limit {
    const char *param; /* NULL: no limit */
    enum proc_unit unit;
    const char *source; /* legal source of the figure, "未核实" if unsettled */
};

struct proc_state {
    const char *name, *label;
    bool is_final;
    struct proc_limit due;     /* the case must leave the state within this */
    struct proc_limit minimum; /* PF_WAIT steps may not leave before this */
};

enum proc_flag {
    PF_REASON = 1 << 0,      /* a written reason is required */
    PF_ATTACH = 1 << 1,      /* at least one attachment is required */
    PF_ACCEPT = 1 << 2,      /* acceptance: starts the legal deadline */
    PF_APPROVE = 1 << 3,     /* decision to grant (explanation stored) */
    PF_REJECT = 1 << 4,      /* decision to refuse (explanation stored) */
    PF_PAY = 1 << 5,         /* money goes out */
    PF_WAIT = 1 << 6,        /* refused before the from-state's minimum elapsed */
    PF_SPOT_DRAW = 1 << 7,   /* draws the county spot check (spot_percent) */
    PF_AFTER_DEATH = 1 << 8, /* allowed when the applicant has died */
    PF_UPHOLD = 1 << 9,      /* contest ruling: the contested decision stands */
    PF_CORRECT = 1 << 10,    /* contest ruling: the contested decision is corrected */
};

/* Which cases a transition row applies to. A county home visit is needed
 * for staff relatives (近亲属备案) and spot-checked cases. */
enum proc_guard { G_ALWAYS, G_COUNTY_VISIT, G_ORDINARY };

#define PROC_MAX_FROM 6

struct proc_transition {
    const char *action, *label;
    const char *from[PROC_MAX_FROM]; /* NULL-terminated; none = every open state */
    const char *to;
    enum proc_role role;
    enum proc_guard guard;
    unsigned flags; /* enum proc_flag */
};

struct procedure {
    const char *type, *label;
    const char *programs; /* policy programs explained at a decision, comma-separated */
    const struct proc_state *states; /* states[0] is the initial state */
    size_t nstates;
    const struct proc_transition *transitions;
    size_t ntransitions;
    struct proc_limit total, extended; /* whole process from acceptance; once extended */
    int spot_percent;                  /* share of county spot checks, 0 = none */
    bool is_contest; /* 异议/行政复议: opened against a decided case (case_contest_open) */
    bool is_one_off; /* paid once (临时救助): an approval enrols nothing in monthly rolls */
};

/* The procedure of an application type ("dibao", "tekun", ...), or NULL. */
const struct procedure *proc_find(const char *type);
/* All procedures (for listings and usage). */
const struct procedure *proc_all(size_t *n);
/* A state of p by name, or NULL. */
const struct proc_state *proc_state(const struct procedure *p, const char *name);

/* The procedure whose decisions explain policy program `program` (listed
 * in its `programs`), or NULL. */
const struct procedure *proc_for_program(const char *program);

/* The transition for action from state, for a case that needs a county
 * visit or not. NULL if none applies; then *guarded says whether the
 * action exists from that state but only for the other kind of case. */
const struct proc_transition *proc_transition(const struct procedure *p, const char *state,
                                              const char *action, bool county_visit,
                                              bool *guarded);
/* Whether state is entered by a decision (approve or reject, or a contest
 * ruling): the legal deadline of the whole case has then been met. */
bool proc_state_decided(const struct procedure *p, const char *state);
/* Writes the actions allowed from state as "action（标签）、…" (or "无"). */
void proc_allowed(const struct procedure *p, const char *state, bool county_visit, char *buf,
                  size_t cap);

/* The transitions that may be taken from state now, one per action (the
 * one proc_transition would pick), in table order: up to cap into out;
 * returns how many. */
size_t proc_next(const struct procedure *p, const char *state, bool county_visit,
                 const struct proc_transition **out, size_t cap);
/* The Chinese label of an action of p ("受理"; "登记申请" for open,
 * "延长办理期限" for extend), or action itself if p has none. */
const char *proc_action_label(const struct procedure *p, const char *action);
/* "community", "street", "county" or "any". */
const char *proc_role_name(enum proc_role role);

/* The role of an actor "ROLE:name"; PROC_ROLE_ANY if it has none. */
enum proc_role proc_role_of(const char *actor);
/* Chinese name of a role ("区县审核人员"). */
const char *proc_role_label(enum proc_role role);
/* "工作日" or "自然日". */
const char *proc_unit_label(enum proc_unit unit);

#endif
