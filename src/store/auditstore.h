/* Rows of the audit log (store side; the chain itself is computed in
 * src/audit/). Text fields are borrowed from the caller on write, and
 * valid until the next row on read. Digests are 16 bytes (or absent), the
 * MAC 32 bytes. */
#ifndef MZ_AUDITSTORE_H
#define MZ_AUDITSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

#define AUDIT_DIGEST_LEN 16
#define AUDIT_MAC_LEN 32

struct audit_row {
    int64_t seq;
    const char *at, *actor, *action, *entity, *entity_id, *detail;
    bool has_before, has_after;
    bool malformed; /* a digest or the MAC is neither NULL nor of its length */
    int key_epoch;  /* the key its digests and MAC are under (vault.h) */
    unsigned char before[AUDIT_DIGEST_LEN], after[AUDIT_DIGEST_LEN];
    unsigned char mac[AUDIT_MAC_LEN];
};

/* The last entry's seq and mac: 1, or 0 for an empty log. */
int as_head(struct db *db, int64_t *seq, unsigned char mac[AUDIT_MAC_LEN], struct mz_err *err);
int as_insert(struct db *db, const struct audit_row *row, struct mz_err *err);
/* The MAC of entry seq: 1, or 0 if there is no such entry (or its MAC is
 * malformed). */
int as_mac_at(struct db *db, int64_t seq, unsigned char mac[AUDIT_MAC_LEN], struct mz_err *err);
/* The anchor of the newest purge: the last entry purged (seq, MAC, time),
 * when it was purged and the SM2 signature (base64) over them. */
struct audit_anchor {
    int64_t seq;
    unsigned char mac[AUDIT_MAC_LEN];
    char entry_at[40], purged_at[40], signature[160];
};
/* 1 with the newest anchor, 0 if nothing was ever purged, -1. */
int as_anchor_last(struct db *db, struct audit_anchor *out, struct mz_err *err);
int as_anchor_add(struct db *db, const struct audit_anchor *a, struct mz_err *err);
/* The seq of the newest entry recorded before cutoff (ISO text), 0 if none. */
int as_last_before(struct db *db, const char *cutoff, int64_t *seq, struct mz_err *err);
/* Deletes the entries up to seq. */
int as_delete_upto(struct db *db, int64_t seq, struct mz_err *err);

/* Calls fn for every entry in seq order; stops on a non-zero return. */
int as_scan(struct db *db, int (*fn)(void *ctx, const struct audit_row *row), void *ctx,
            struct mz_err *err);

/* A filtered page of the log, newest first, for the administrators:
 * empty strings and false match anything; from and to bound the time
 * (ISO text, to exclusive). */
struct audit_filter {
    const char *actor, *action, *from, *to;
    bool security; /* sign-ins, passwords, second factors, locks */
    bool admins;   /* only the three administrators' own actions */
};
/* An entry as shown: account is the name of the account a "user" entry is
 * about ("" otherwise). Fields valid during the call. */
struct audit_view {
    int64_t seq;
    const char *at, *actor, *action, *entity, *entity_id, *detail, *account;
};
/* Calls fn for limit entries after offset; *total gets how many match. */
int as_query(struct db *db, const struct audit_filter *f, long limit, long offset,
             int (*fn)(void *ctx, const struct audit_view *v), void *ctx, long *total,
             struct mz_err *err);

#endif
