/* Persistence of 银龄 volunteers (src/care/volunteer.c): volunteers, their
 * pairs with visit targets and the time bank. Look-ups return 1 (found),
 * 0 (not found) or -1 (error, err filled); other functions 0 or -1; scans
 * call fn per row while the statement runs (fn must not use the
 * database), a non-zero return stops the scan and is returned. */
#ifndef MZ_VOLUNTEERSTORE_H
#define MZ_VOLUNTEERSTORE_H

#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

struct volunteer_row {
    int64_t id, person_id;
    char skills[128]; /* 探访、助餐 … */
    char name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19], division[13];
    int64_t pairs;   /* visit targets paired with */
    int64_t minutes; /* the time bank's balance */
};

/* Registers person_id with skills, by registered_by; sets *id. */
int vls_volunteer_add(struct db *db, int64_t person_id, const char *skills,
                      const char *registered_by, int64_t *id, struct mz_err *err);
/* The volunteers under one of the division code prefixes (person_id 0),
 * or the one of person_id, in id order. */
int vls_volunteers(struct db *db, int64_t person_id, const char (*prefixes)[13], int n,
                   int (*fn)(void *ctx, const struct volunteer_row *v), void *ctx,
                   struct mz_err *err);
/* Pairs visit target target_id with volunteer_id since a day. */
int vls_pair_add(struct db *db, int64_t target_id, int64_t volunteer_id, const char *since,
                 const char *by, struct mz_err *err);
/* The volunteer paired with target_id: their person id and name (1/0/-1). */
int vls_pair_of(struct db *db, int64_t target_id, int64_t *volunteer_person_id,
                char name[TEXT_BYTES(TEXT_MAX_NAME)], struct mz_err *err);
/* Credits minutes of activity on a day to a volunteer (visit_id 0: not a
 * visit). */
int vls_hours_add(struct db *db, int64_t volunteer_id, const char *on, const char *activity,
                  int64_t minutes, int64_t visit_id, const char *by, struct mz_err *err);

#endif
