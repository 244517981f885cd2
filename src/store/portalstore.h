/* Rows of the residents' portal: one-time sign-in codes, the SMS outbox
 * and residents' sessions. The rules (expiry, tries, throttling, sealing)
 * live in src/auth/resident.c and sms.c. Look-ups return 1, 0 or -1. */
#ifndef MZ_PORTALSTORE_H
#define MZ_PORTALSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct code_row {
    int64_t id, person_id;
    char salt[33];
    char code_hash[33];
    int tries;
};
/* Records a code for the person whose ID number has blind index idx. */
int ps_code_insert(struct db *db, const unsigned char idx[16], const struct code_row *c,
                   int64_t created, int64_t expires, struct mz_err *err);
/* How many codes were issued for idx after `since`. */
int ps_codes_since(struct db *db, const unsigned char idx[16], int64_t since, long *n,
                   struct mz_err *err);
/* The newest unused code of idx that has not expired at now. */
int ps_code_live(struct db *db, const unsigned char idx[16], int64_t now, struct code_row *out,
                 struct mz_err *err);
/* Counts a wrong try of code id; marks every code of idx used. */
int ps_code_try(struct db *db, int64_t id, struct mz_err *err);
int ps_codes_used(struct db *db, const unsigned char idx[16], struct mz_err *err);

/* The SMS outbox: one sealed message each (phone and text). */
int ps_sms_insert(struct db *db, const unsigned char *sealed, size_t n, struct mz_err *err);
/* Calls fn for each message not yet sent (all of them if all), in order. */
int ps_sms_scan(struct db *db, int all,
                int (*fn)(void *ctx, int64_t id, const unsigned char *sealed, size_t n,
                          const char *created_at, const char *sent_at),
                void *ctx, struct mz_err *err);
int ps_sms_sent(struct db *db, int64_t id, struct mz_err *err);

/* Residents' sessions, keyed by the hex SM3 of their token. */
int ps_session_insert(struct db *db, const char *token_hash, int64_t person_id, int64_t created,
                      int64_t expires, struct mz_err *err);
int ps_session_get(struct db *db, const char *token_hash, int64_t *person_id, int64_t *expires,
                   struct mz_err *err);
int ps_session_delete(struct db *db, const char *token_hash, struct mz_err *err);
int ps_session_purge(struct db *db, int64_t now, struct mz_err *err);

#endif
