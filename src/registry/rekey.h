/* Key rotation (docs/crypto.md): a new master key is added to the key ring
 * (the key file), and every value sealed under an older key — ID numbers
 * and their blind index, phones, bank accounts: the columns of
 * store/rekeystore.c — is re-sealed under it in short transactions, while
 * the server goes on serving (it reads the new ring on its next request).
 * Older keys stay in the ring: the audit entries written under them are
 * verified with them, and older backups open with them. Every step is
 * audited. Functions return 0, or -1 with a Chinese message on err. */
#ifndef MZ_REKEY_H
#define MZ_REKEY_H

#include <stdint.h>

#include "base/err.h"
#include "crypto/vault.h"

struct registry;

/* Adds a new random key to the ring in key_file (r must have been opened
 * with that file, not MZ_KEY), tells the database of it and audits that
 * (key.add). *epoch receives the new key's number. Processes holding the
 * old ring refuse to write persons until they read the new one. */
int reg_key_add(struct registry *r, const char *key_file, int *epoch, struct mz_err *err);

struct rekey_stats {
    int epoch;        /* the key everything is now sealed under */
    int64_t resealed; /* values re-sealed */
    int batches;      /* transactions */
};

/* Re-seals every value not under r's current key, batch values a
 * transaction, until none is left; then records that no older key is
 * needed for the data (key_floor; the audit log still is). */
int reg_rekey(struct registry *r, long batch, struct rekey_stats *st, struct mz_err *err);

/* For each sealed column: its label and counts[e] = values under key e
 * (counts[0]: under no key the ring knows), e = 0..VAULT_MAX_EPOCHS. */
int reg_key_status(struct registry *r,
                   int (*fn)(void *ctx, const char *table, const char *label,
                             const int64_t counts[VAULT_MAX_EPOCHS + 1]),
                   void *ctx, struct mz_err *err);

#endif
