/* Child-welfare institutions (儿童福利机构, 未成年人救助保护机构; 未成年人
 * 保护法第九十二至九十六条, 民发〔2019〕34号): the register with each
 * institution's capacity and licence, the children placed there — admitted
 * with a reason and a source, moved between institutions, leaving with a
 * destination (家庭寄养, 收养, 回归家庭, 成年…) — and the services a placed
 * child receives (medical, education, rehabilitation, psychological). A
 * placement writes the child's in_institution fact (the orphan standard of
 * children.pol follows it). Capacity is enforced on admission and move.
 * Every change is audited under actor in its own transaction. Functions
 * return 0, or -1 with a Chinese message on err (field named). */
#ifndef MZ_CHILDREN_INSTITUTION_H
#define MZ_CHILDREN_INSTITUTION_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct registry;

/* The Chinese label of a kind (welfare, protection) or service kind
 * (medical, education, rehab, psych); the text itself if unknown. */
const char *inst_kind_label(const char *kind);
const char *inst_service_label(const char *kind);
/* The accepted admission reasons, sources and destinations (static). */
const char *const *inst_reasons(size_t *n);
const char *const *inst_sources(size_t *n);
const char *const *inst_destinations(size_t *n);

/* Registers an institution: name (unique), kind (welfare|protection, or
 * its label), division (a current county, street or community code),
 * capacity (beds, 1–100000), licence (批准文号或登记证号). Sets *id. */
struct inst_in {
    const char *name, *kind, *division, *capacity, *licence;
};
int inst_add(struct registry *reg, const struct inst_in *in, const char *actor, int64_t *id,
             struct mz_err *err);

/* Admits person_id to institution on admitted_on (YYYY-MM-DD, not in the
 * future, the child under 18 on the day) with a reason and a source of
 * inst_reasons / inst_sources. Refused: unknown person or institution, a
 * child already placed (already_placed), a full institution
 * (institution_full, HTTP 409). Sets *id to the placement. */
struct inst_admit_in {
    int64_t person_id, institution_id;
    const char *admitted_on, *reason, *source;
};
int inst_admit(struct registry *reg, const struct inst_admit_in *in, const char *actor,
               int64_t *id, struct mz_err *err);

/* Moves person_id's open placement to institution to on moved_on (not
 * before the admission): the old placement leaves with destination
 * 转入其他机构, the new one is admitted with the same reason, source
 * 机构转入 and moved_from. Refused: not placed (not_placed), the same
 * institution, a full one (institution_full). Sets *id to the new one. */
int inst_move(struct registry *reg, int64_t person_id, int64_t to, const char *moved_on,
              const char *actor, int64_t *id, struct mz_err *err);

/* Ends person_id's open placement on left_on (not before the admission)
 * with a destination of inst_destinations; writes in_institution false. */
int inst_leave(struct registry *reg, int64_t person_id, const char *left_on,
               const char *destination, const char *actor, struct mz_err *err);

/* Records a service (kind medical|education|rehab|psych or its label) to
 * person_id's open placement on served_on (within the placement, not in
 * the future) with a note (required). Sets *id. */
int inst_service(struct registry *reg, int64_t person_id, const char *kind,
                 const char *served_on, const char *note, const char *actor, int64_t *id,
                 struct mz_err *err);

/* Writes the audit entry child.placement.view (a full view of person_id's
 * placement history and services) under actor. */
int inst_audit_view(struct registry *reg, int64_t person_id, const char *actor,
                    struct mz_err *err);

#endif
