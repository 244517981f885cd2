/* The audit log: every change and every full view of personal data, as a
 * hash chain (each entry's MAC is HMAC-SM3 over the previous MAC and all of
 * its own fields, under a key derived from the master key), written in the
 * same transaction as the change it records. Before/after are keyed digests
 * of the record, so the log proves what changed without holding personal
 * data. audit_verify finds any edited, deleted, inserted or reordered entry.
 * Emptying the log or cutting its newest entries is found against a signed
 * checkpoint (audit_checkpoint_add): the count and head of the chain,
 * signed with the bureau's SM2 key in a file outside the database, which
 * whoever can rewrite the database alone cannot forge. */
#ifndef MZ_AUDIT_H
#define MZ_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"
#include "crypto/vault.h"
#include "store/db.h"

struct audit_event {
    const char *actor;     /* "cli:root", "user:zhang", "feed:yibao" */
    const char *action;    /* "person.add", "person.update", "person.view_full", ... */
    const char *entity;    /* "person", "household", "fact", "division", ... */
    const char *entity_id; /* the record's id as text */
    const char *before;    /* canonical text of the record before, or NULL */
    const char *after;     /* after, or NULL */
    const char *detail;    /* short non-personal note, or NULL */
};

/* Appends one entry. Call inside the transaction of the change. */
int audit_append(struct db *db, const struct vault *v, const struct audit_event *ev,
                 struct mz_err *err);

struct audit_report {
    int64_t entries;   /* the last seq: entries ever written, purged ones included */
    int64_t purged;    /* entries up to this seq were purged (0: none) */
    int64_t first_bad; /* seq of the first bad entry, 0 if none */
    char head[65];     /* MAC of the last entry: export it to detect truncation */
};

/* Walks the whole chain. Returns 0 if intact; -1 with err naming the first
 * entry that was edited, removed, inserted or moved (and rep->first_bad). */
int audit_verify(struct db *db, const struct vault *v, struct audit_report *rep,
                 struct mz_err *err);

/* ---- retention (purge.c) ---- */

#define AUDIT_KEEP_MONTHS_MIN 6 /* 等保 level 3: audit records kept six months at least */

struct audit_purge_report {
    int64_t purged; /* entries removed (archived first) */
    int64_t upto;   /* the seq of the last one, 0 if none */
};

/* Purges the entries recorded before the first day of the month
 * keep_months (>= AUDIT_KEEP_MONTHS_MIN) before `today`: writes them to
 * archive (one JSON object a line, with their MACs; flushed and synced
 * before anything is deleted), records the anchor — the last purged
 * entry's seq, MAC and time, signed with the SM2 private key at key_path
 * (crypto/seal.h) — deletes them and appends "audit.purge" by actor, all in
 * one transaction. The chain then verifies from the anchor. */
int audit_purge(struct db *db, const struct vault *v, const char *key_path, int keep_months,
                mz_date today, FILE *archive, const char *actor, struct audit_purge_report *out,
                struct mz_err *err);

/* Checks the newest purge anchor's signature with the public key at
 * pub_path, and that what it purged was at least AUDIT_KEEP_MONTHS_MIN
 * months old when purged: 1, 0 if nothing was purged, -1 (code
 * audit_anchor) if not. */
int audit_anchor_check(struct db *db, const char *pub_path, struct mz_err *err);

/* ---- signed checkpoints (checkpoint.c) ---- */

/* The chain as it stood when a checkpoint was signed. */
struct audit_checkpoint {
    int64_t entries; /* how many entries the chain had */
    char head[65];   /* the MAC of entry `entries` (hex) */
    char at[32];     /* when, ISO-8601 UTC */
};

/* Appends a checkpoint of rep (an intact chain, as audit_verify reported
 * it) to the file at path (created with mode 0600; one signed line per
 * checkpoint), signed with the SM2 private key at key_path, and syncs it.
 * Fails on a key, signing or file error. */
int audit_checkpoint_add(const char *path, const char *key_path, const struct audit_report *rep,
                         struct mz_err *err);

/* Reads the checkpoints at path, checking each line's signature with the
 * SM2 public key at pub_path and that counts never go down; *last gets the
 * newest. 1, 0 if there is no such file, -1 (code audit_checkpoint) on a
 * line that does not parse or verify. */
int audit_checkpoint_last(const char *path, const char *pub_path, struct audit_checkpoint *last,
                          struct mz_err *err);

/* Checks a verified chain (rep from audit_verify) against checkpoint cp:
 * it must hold at least cp->entries entries (else code audit_truncated:
 * emptied or cut), and its entry cp->entries must have the MAC cp->head
 * (else audit_diverged: rewritten from the key). */
int audit_checkpoint_check(struct db *db, const struct audit_report *rep,
                           const struct audit_checkpoint *cp, struct mz_err *err);

/* The whole check of the log, as `mz audit verify`, the audit
 * administrator's page and the integrity report make it: the chain
 * (audit_verify), the newest purge anchor's signature if entries were
 * purged (audit_anchor_check), and the newest signed checkpoint at
 * checkpoint_path if given and that file exists (audit_checkpoint_last, _check;
 * both keys at pub_path). *found is 1 when checked against a checkpoint
 * (*cp filled), 0 when there is no checkpoint file. 0, or -1 with err
 * saying what failed (rep holds what audit_verify found). */
int audit_verify_all(struct db *db, const struct vault *v, const char *checkpoint_path,
                     const char *pub_path, struct audit_report *rep, struct audit_checkpoint *cp,
                     int *found, struct mz_err *err);

#endif
