/* Persistence of the elderly-care provider network (src/care/provider.c):
 * providers, their service catalogue (prices in fen) and their staff.
 * Validation lives above; these functions store and fetch rows. Look-ups
 * return 1 (found), 0 (not found) or -1 (error, err filled); other
 * functions 0 or -1. Scans call fn per row while the statement runs: fn
 * must not use the database; a non-zero return stops the scan and is
 * returned. Other services (visits, alarms) attach their records to a
 * provider by its id (providers.id). */
#ifndef MZ_PROVIDERSTORE_H
#define MZ_PROVIDERSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

#define PROVIDER_MAX_NAME 60 /* characters of a provider's name */
#define PROVIDER_MAX_CODE 32 /* 机构编码: letters, digits, '-' */

struct provider_row {
    int64_t id;
    char code[PROVIDER_MAX_CODE + 1];
    char name[TEXT_BYTES(PROVIDER_MAX_NAME)];
    char kind[12]; /* "institution", "centre", "station", "home_bed", "canteen" */
    char division[13];
    char address[TEXT_BYTES(TEXT_MAX_ADDRESS)];
    double lon, lat;             /* degrees (WGS-84) */
    int64_t capacity, occupancy; /* beds or seats, and those taken */
    int64_t slot_capacity;       /* home-service orders it takes per time slot */
    int64_t parent_id;           /* the provider that runs it, 0 if none */
    char closed_on[11];          /* closed from this day ("" if open) and why */
    char closed_reason[TEXT_BYTES(TEXT_MAX_NOTE)];
};

/* Inserts p (p->id ignored) and sets p->id. */
int pvs_provider_insert(struct db *db, struct provider_row *p, struct mz_err *err);
/* Updates every field of p->id but its code. */
int pvs_provider_update(struct db *db, const struct provider_row *p, struct mz_err *err);
int pvs_provider_get(struct db *db, int64_t id, struct provider_row *out, struct mz_err *err);
int pvs_provider_by_code(struct db *db, const char *code, struct provider_row *out,
                         struct mz_err *err);
/* Calls fn for every provider whose division starts with one of the n
 * prefixes (n 0: all), of kind (NULL: any), in id order. */
int pvs_provider_scan(struct db *db, const char (*prefixes)[13], int n, const char *kind,
                      int (*fn)(void *ctx, const struct provider_row *p), void *ctx,
                      struct mz_err *err);
/* Calls fn for every provider that offers service (its catalogue has it)
 * with a division starting with prefix and open on day (NULL: not closed
 * at all), with the price. */
int pvs_provider_offering(struct db *db, const char *service, const char *prefix, const char *day,
                          int (*fn)(void *ctx, const struct provider_row *p, int64_t price),
                          void *ctx, struct mz_err *err);
/* Records provider id closed from day for reason; *closed false if it was
 * already closed (nothing changed). */
int pvs_provider_close(struct db *db, int64_t id, const char *day, const char *reason,
                       bool *closed, struct mz_err *err);
/* Number of providers run by id. */
int pvs_provider_children(struct db *db, int64_t id, int64_t *n, struct mz_err *err);

/* The catalogue: sets (adds or changes) the price of a service; removes one
 * (*removed false if it was not offered); the price of one (1/0/-1); all
 * services of a provider in name order. */
int pvs_service_put(struct db *db, int64_t provider_id, const char *service, int64_t price,
                    struct mz_err *err);
int pvs_service_remove(struct db *db, int64_t provider_id, const char *service, bool *removed,
                       struct mz_err *err);
int pvs_service_price(struct db *db, int64_t provider_id, const char *service, int64_t *price,
                      struct mz_err *err);
int pvs_services_of(struct db *db, int64_t provider_id,
                    int (*fn)(void *ctx, const char *service, int64_t price), void *ctx,
                    struct mz_err *err);

/* Staff: adds a worker (*added false and *id the existing one if the
 * provider has one of that name); the provider of worker id (1/0/-1);
 * every worker of a provider in id order. */
int pvs_worker_add(struct db *db, int64_t provider_id, const char *name, int64_t *id, bool *added,
                   struct mz_err *err);
int pvs_worker_provider(struct db *db, int64_t worker_id, int64_t *provider_id,
                        char name[TEXT_BYTES(TEXT_MAX_NAME)], struct mz_err *err);
int pvs_workers_of(struct db *db, int64_t provider_id,
                   int (*fn)(void *ctx, int64_t id, const char *name), void *ctx,
                   struct mz_err *err);

#endif
