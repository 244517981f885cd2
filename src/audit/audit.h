/* The audit log: every change and every full view of personal data, as a
 * hash chain (each entry's MAC is HMAC-SM3 over the previous MAC and all of
 * its own fields, under a key derived from the master key), written in the
 * same transaction as the change it records. Before/after are keyed digests
 * of the record, so the log proves what changed without holding personal
 * data. audit_verify finds any edited, deleted, inserted or reordered entry.
 * Truncating the newest entries is only detectable against a head exported
 * elsewhere (audit_verify reports the head to keep). */
#ifndef MZ_AUDIT_H
#define MZ_AUDIT_H

#include <stdint.h>

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
    int64_t entries;
    int64_t first_bad; /* seq of the first bad entry, 0 if none */
    char head[65];     /* MAC of the last entry: export it to detect truncation */
};

/* Walks the whole chain. Returns 0 if intact; -1 with err naming the first
 * entry that was edited, removed, inserted or moved (and rep->first_bad). */
int audit_verify(struct db *db, const struct vault *v, struct audit_report *rep,
                 struct mz_err *err);

#endif
