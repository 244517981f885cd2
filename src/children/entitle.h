/* Orphans' education and medical entitlements (孤儿、事实无人抚养儿童的
 * 教育和医疗保障): derived by the person variables ent_* of
 * policies/chongqing/children.pol from the registry's facts (orphan or
 * 事实无人抚养, age, school stage), never typed by hand, and kept as dated
 * periods — start, end — with their legal source. A run (mz children
 * entitlements, the demo) opens a period for a child newly entitled and
 * closes one no longer held on the exact last day it held (found over
 * the dated facts between the last day a run saw it and the run's day).
 * Functions return 0, or -1 with a Chinese message on err. */
#ifndef MZ_CHILDREN_ENTITLE_H
#define MZ_CHILDREN_ENTITLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

struct registry;
struct pol_set;

/* An entitlement: the policy variable deciding it and its legal basis
 * (the label comes from the policy). */
struct ent_kind {
    const char *name, *source;
};
#define ENT_NKINDS 4
const struct ent_kind *ent_kinds(size_t *n);
/* The kind named name, or NULL. */
const struct ent_kind *ent_kind_find(const char *name);

/* Brings the periods of the persons in the households under one of the
 * prefixes ("" = everywhere) up to as_of, in one transaction audited as
 * children.entitlements under actor: opens a period (from the first day
 * of the current stretch, found over the dated facts since the child's
 * birth or their last period of the kind) for each entitlement newly held,
 * closes each no longer held. Sets *opened and *closed. */
int ent_refresh(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
                int nprefixes, mz_date as_of, const char *actor, size_t *opened, size_t *closed,
                struct mz_err *err);

/* The Chinese labels of the kinds in ent_kinds order (borrowed from the
 * set). Fails (unknown_variable) if the policies lack one. */
int ent_labels(const struct pol_set *set, const char **labels, struct mz_err *err);

#endif
