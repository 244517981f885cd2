/* 困境儿童 (children in difficulty, 国发〔2016〕36号): who is one, and why.
 * The categories are person variables of policies/chongqing/
 * children_difficulty.pol (kj_orphan, kj_defacto, kj_poor, kj_disabled,
 * kj_ill, kj_unguarded) and the person variable kunjing_child decides (a
 * classification, not a benefit: no program, so it stays off the
 * households' pages and the public self-check); this module
 * evaluates them for the minors of a scope, lists each child with the
 * categories that hold, the last visit and whether it is overdue (the
 * policy's child_visit_interval_days), and keeps a dated record per child
 * whenever the categories change. Functions return 0, or -1 with a Chinese
 * message on err. */
#ifndef MZ_CHILDREN_KUNJING_H
#define MZ_CHILDREN_KUNJING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "base/text.h"

struct registry;
struct pol_set;

/* The categories, in the order reasons list them: the policy variable and
 * its label are read from the set (kj_categories gives the names). */
#define KJ_NCATEGORIES 6
const char *const *kj_categories(void);

/* A child in difficulty. */
struct kj_child {
    int64_t person_id, household_id;
    char name[TEXT_BYTES(TEXT_MAX_NAME)];
    char id_masked[19];
    char division[13];
    char address[TEXT_BYTES(TEXT_MAX_ADDRESS)];
    int age;
    bool held[KJ_NCATEGORIES]; /* which categories hold, in kj_categories order */
    char reasons[256];         /* their labels, "孤儿；残疾儿童" (labels may hold "、") */
    mz_date last_contact;      /* MZ_DATE_NONE if never visited */
    mz_date visit_due;         /* last_contact + interval (as_of if never) */
    bool overdue;              /* visit_due before as_of, or never visited */
};

struct kj_list {
    mz_date as_of;
    struct kj_child *children; /* by division, then household */
    size_t n;
    size_t overdue;
    size_t by_category[KJ_NCATEGORIES];
    const char *labels[KJ_NCATEGORIES]; /* the categories' labels (borrowed from the set);
                                           NULL while the list is empty */
};

/* The children in difficulty on day as_of in the households under one of
 * the division code prefixes ("" = everywhere). The caller frees with
 * kj_list_free. Fails (code of pol_person_values) if the policies lack
 * kunjing_child or a category. */
int kj_list(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
            int nprefixes, mz_date as_of, struct kj_list *out, struct mz_err *err);
/* The same for one person: *found is false if they are not a child in
 * difficulty on as_of (or unknown). */
int kj_get(struct registry *reg, const struct pol_set *set, int64_t person_id, mz_date as_of,
           struct kj_child *out, bool *found, struct mz_err *err);
void kj_list_free(struct kj_list *l);

/* Writes the audit entry child.view (a full view of person_id's child
 * record: categories, records, visits) under actor, in its own
 * transaction. */
int kj_audit_view(struct registry *reg, int64_t person_id, const char *actor, struct mz_err *err);

/* Records, in one transaction audited as children.classify under actor,
 * a dated record (as_of, the labels) for every child of the scope whose
 * categories differ from their latest record (or who has none). Sets
 * *recorded to how many. */
int kj_record(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
              int nprefixes, mz_date as_of, const char *actor, size_t *recorded,
              struct mz_err *err);

#endif
