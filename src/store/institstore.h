/* Persistence of child-welfare institutions (src/children/institution.c):
 * the register with each institution's occupancy, the placements of
 * children (one open per child), and the services delivered to a placed
 * child. Functions return 0 or -1 (err filled); look-ups 1 found, 0 not;
 * scans call fn per row while the statement runs (fn must not use the
 * database), a non-zero return stops the scan and is returned. */
#ifndef MZ_INSTITSTORE_H
#define MZ_INSTITSTORE_H

#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

struct inst_row {
    int64_t id;
    char name[TEXT_BYTES(TEXT_MAX_NAME)];
    char kind[12]; /* welfare 儿童福利机构, protection 未成年人救助保护机构 */
    char division[13];
    int64_t capacity, occupancy; /* occupancy: the open placements */
    char licence[TEXT_BYTES(TEXT_MAX_NAME)];
};
/* Inserts r (id and occupancy ignored) under actor; sets *id. A name in
 * use fails with institution_exists on name. */
int ins_add(struct db *db, const struct inst_row *r, const char *actor, int64_t *id,
            struct mz_err *err);
int ins_get(struct db *db, int64_t id, struct inst_row *out, struct mz_err *err);
/* The institutions under one of the division prefixes, by division and name. */
int ins_list(struct db *db, const char (*prefixes)[13], int n,
             int (*fn)(void *ctx, const struct inst_row *r), void *ctx, struct mz_err *err);

struct placement_row {
    int64_t id, person_id, institution_id, moved_from; /* moved_from: 0 if admitted */
    char institution[TEXT_BYTES(TEXT_MAX_NAME)];
    char name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19], birth[11];
    char admitted_on[11], reason[48], source[48];
    char left_on[11], destination[48]; /* "" while open */
};
/* Inserts r (id and the names ignored; left_on "" = open) under actor;
 * sets *id. A second open placement of the child fails with
 * already_placed on person. */
int ins_placement_add(struct db *db, const struct placement_row *r, const char *actor,
                      int64_t *id, struct mz_err *err);
/* The open placement of person_id. */
int ins_placement_open(struct db *db, int64_t person_id, struct placement_row *out,
                       struct mz_err *err);
/* Closes placement id on left_on with destination. */
int ins_placement_close(struct db *db, int64_t id, const char *left_on, const char *destination,
                        struct mz_err *err);
/* A child's placements, oldest first. */
int ins_placements_of(struct db *db, int64_t person_id,
                      int (*fn)(void *ctx, const struct placement_row *r), void *ctx,
                      struct mz_err *err);
/* An institution's placements (the open ones only if current), newest first. */
int ins_placements_in(struct db *db, int64_t institution_id, int current,
                      int (*fn)(void *ctx, const struct placement_row *r), void *ctx,
                      struct mz_err *err);

struct inst_service_row {
    int64_t id, placement_id;
    char institution[TEXT_BYTES(TEXT_MAX_NAME)];
    char kind[12]; /* medical, education, rehab, psych */
    char served_on[11], note[TEXT_BYTES(TEXT_MAX_NOTE)];
};
int ins_service_add(struct db *db, int64_t placement_id, const char *kind, const char *served_on,
                    const char *note, const char *actor, int64_t *id, struct mz_err *err);
/* The services delivered to person_id in any placement, newest first. */
int ins_services_of(struct db *db, int64_t person_id,
                    int (*fn)(void *ctx, const struct inst_service_row *s), void *ctx,
                    struct mz_err *err);

#endif
