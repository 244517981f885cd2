/* Monitor-internal: compiled warning rules, shared by warning.c (parsing,
 * lifecycle) and sweep.c (evaluation over the engine's snapshot). */
#ifndef MZ_MONITOR_INTERNAL_H
#define MZ_MONITOR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "monitor/monitor.h"
#include "policy/snapshot.h"

enum rule_kind { RULE_BECAME_ELIGIBLE, RULE_BECAME_INELIGIBLE, RULE_PERSON };
/* OP_OLDER: a date unknown, or more than values[0] days before the day. */
enum clause_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_OLDER };
enum { CLAUSE_MAX_VALUES = 8, RULE_MAX_CLAUSES = 6, CLAUSE_AGE = -1 };

struct clause {
    bool others; /* "no other member …": no other living member satisfies it */
    int input;   /* policy input index, or CLAUSE_AGE */
    enum clause_op op;
    int nvalues;
    int64_t values[CLAUSE_MAX_VALUES];
};

struct rule {
    char name[48], label[160], severity[8], note[256];
    int due_workdays;
    enum rule_kind kind;
    int program; /* RULE_BECAME_*: the program index */
    int nclauses;
    struct clause clauses[RULE_MAX_CLAUSES];
    bool about_death; /* reads is_dead: dead members are considered */
};

struct mon_rules {
    struct rule *rules;
    int n;
    /* input indexes of the built-ins the evaluation needs (-1 if absent) */
    int birth_date, is_dead, death_date;
};

/* Whether person row p (of the household rows [start, end)) satisfies
 * every clause of a RULE_PERSON rule as of a day. */
bool rule_holds(const struct mon_rules *rules, const struct rule *r,
                const struct pol_snapshot *snap, size_t start, size_t end, size_t p,
                mz_date as_of);

/* "标签=值；…" for the variables the rule's own-person clauses read. */
void rule_values(const struct mon_rules *rules, const struct rule *r, const struct pol_set *set,
                 const struct pol_snapshot *snap, size_t p, mz_date as_of, char *out,
                 size_t cap);

/* Whether person row p is dead as of the day. */
bool rule_person_dead(const struct mon_rules *rules, const struct pol_snapshot *snap, size_t p,
                      mz_date as_of);

/* Cuts a UTF-8 sequence left incomplete at the end of s (after snprintf
 * truncated it), so stored text stays valid UTF-8. */
void mon_utf8_trim(char *s);

#endif
