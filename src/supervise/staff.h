/* The staff register (近亲属备案): the bureau's staff and the village
 * (community) committee members, each a registry person with a post, so
 * that the supervision rule staff_relative_unfiled (policies/chongqing/
 * supervision.pol, through the registry record staff_kin) finds their
 * near relatives enrolled without a filed case. Every change is audited
 * in its transaction. */
#ifndef MZ_SUPERVISE_STAFF_H
#define MZ_SUPERVISE_STAFF_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/staffstore.h"

struct registry;

#define STAFF_MAX_POST 30

/* Registers the registry person person_id as staff (kind "staff": 民政工作人员)
 * or a village committee member (kind "village": 村（居）委会成员) in post,
 * serving division, from since. Fails naming the field: a bad kind, post
 * or division, or an open post already (already_registered). *id gets the
 * register's id. */
int staff_add(struct registry *r, int64_t person_id, const char *kind, const char *post,
              const char *division, mz_date since, const char *actor, int64_t *id,
              struct mz_err *err);

/* Ends the open post of the person on day (not_found if none began on or
 * before it). */
int staff_end(struct registry *r, int64_t person_id, mz_date day, const char *actor,
              struct mz_err *err);

/* The Chinese label of a kind ("民政工作人员", "村（居）委会成员"). */
const char *staff_kind_label(const char *kind);

#endif
