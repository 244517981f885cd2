/* Rows of accounts, sessions and failed logins. Hashing, roles and the
 * rules (throttling, expiry) live above, in src/auth/; these functions
 * store and fetch rows. Look-ups return 1 (found), 0 (not found) or -1
 * (error, err filled). Times are Unix seconds. */
#ifndef MZ_AUTHSTORE_H
#define MZ_AUTHSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct user_row {
    int64_t id;
    char name[64];
    char role[24]; /* the longest: "child_supervisor" */
    char division[13];
    char pw_hash[192];
    bool disabled;
    int64_t provider_id; /* the provider a provider account works for, 0 if none */
    int64_t org_id;      /* the organization an organization account works for, 0 if none */
    int64_t institution_id; /* the child-welfare institution of an institution account, 0 if none */
};

/* Inserts u (u->id ignored) and sets u->id; fails with code "user_exists"
 * if the name is taken. */
int as_user_insert(struct db *db, struct user_row *u, struct mz_err *err);
int as_user_by_name(struct db *db, const char *name, struct user_row *out, struct mz_err *err);
/* Calls fn for every user in name order; stops on a non-zero return. */
int as_user_scan(struct db *db, int (*fn)(void *ctx, const struct user_row *u), void *ctx,
                 struct mz_err *err);
int as_user_set_disabled(struct db *db, int64_t id, bool disabled, struct mz_err *err);
int as_user_set_password(struct db *db, int64_t id, const char *pw_hash, struct mz_err *err);
int as_user_count(struct db *db, long *n, struct mz_err *err);
/* Binds user id to provider_id (a provider account's one provider). */
int as_user_set_provider(struct db *db, int64_t id, int64_t provider_id, struct mz_err *err);
/* Binds user id to org_id (an organization account's one organization). */
int as_user_set_org(struct db *db, int64_t id, int64_t org_id, struct mz_err *err);
/* Binds user id to institution_id (an institution account's one institution). */
int as_user_set_institution(struct db *db, int64_t id, int64_t institution_id,
                            struct mz_err *err);

/* Records the holder of account id: the sealed ID number and its blind
 * index (16 bytes). */
int as_user_set_holder(struct db *db, int64_t id, const unsigned char *sealed, size_t len,
                       const unsigned char index[16], struct mz_err *err);
/* Calls fn with the role and name of every account whose holder has blind
 * index `index`; stops on a non-zero return. */
int as_user_by_holder(struct db *db, const unsigned char index[16],
                      int (*fn)(void *ctx, const char *role, const char *name), void *ctx,
                      struct mz_err *err);
/* Records that account id signed in now. */
int as_user_set_login(struct db *db, int64_t id, struct mz_err *err);

/* An account as the administrators see it (no hash, no secret). */
struct account_row {
    char name[64];
    char role[24];
    char division[13];
    bool disabled;
    char last_login[32]; /* "" if never */
    bool totp;           /* enrolled in the second factor */
    bool holder;         /* its holder's ID number is recorded */
    long sessions;       /* live sessions */
    long failures;       /* the most failed sign-ins from one source in the throttle window */
};
/* Calls fn for every account in name order, sessions counted as live after
 * now and failures after since; stops on a non-zero return. */
int as_account_scan(struct db *db, int64_t now, int64_t since,
                    int (*fn)(void *ctx, const struct account_row *a), void *ctx,
                    struct mz_err *err);

/* The sealed TOTP secret of a user: 1 with it in sealed (cap bytes, *len
 * set) and the last step accepted, 0 if not enrolled, -1. */
int as_user_totp(struct db *db, int64_t id, unsigned char *sealed, size_t cap, size_t *len,
                 int64_t *step, struct mz_err *err);
/* Sets (sealed != NULL) or removes the secret; the step starts again. */
int as_user_totp_set(struct db *db, int64_t id, const unsigned char *sealed, size_t len,
                     struct mz_err *err);
/* Records step as used: 1, or 0 if it (or a later step) already was. */
int as_user_totp_use(struct db *db, int64_t id, int64_t step, struct mz_err *err);

/* Sessions, keyed by the hex digest of their token. */
int as_session_insert(struct db *db, const char *token_hash, int64_t user_id, int64_t created,
                      int64_t expires, struct mz_err *err);
/* The session's user, its expiry time and when it was last used. */
int as_session_user(struct db *db, const char *token_hash, struct user_row *out,
                    int64_t *expires, int64_t *last_seen, struct mz_err *err);
/* Records that the session was used at `at`. */
int as_session_touch(struct db *db, const char *token_hash, int64_t at, struct mz_err *err);
int as_session_delete(struct db *db, const char *token_hash, struct mz_err *err);
/* Ends every session of a user (after a password change or disabling). */
int as_session_delete_user(struct db *db, int64_t user_id, struct mz_err *err);
/* Deletes sessions that expired at or before now. */
int as_session_purge(struct db *db, int64_t now, struct mz_err *err);

/* Failed logins, for throttling, by account name and source (the
 * client's address, "" from the command line). */
int as_login_failure_add(struct db *db, const char *user_name, const char *source, int64_t at,
                         struct mz_err *err);
/* Number of failures of user_name from source after `since`. */
int as_login_failures(struct db *db, const char *user_name, const char *source, int64_t since,
                      long *n, struct mz_err *err);
/* Forgets user_name's failures from source, and everyone's at or before
 * `before`. */
int as_login_failures_clear(struct db *db, const char *user_name, const char *source,
                            int64_t before, struct mz_err *err);

/* Forgets every failed sign-in of user_name, from any source (unlocks it). */
int as_login_failures_clear_name(struct db *db, const char *user_name, struct mz_err *err);

/* Delegations of an account (user_id) to an operating-system user. */
int as_delegation_add(struct db *db, int64_t user_id, const char *os_user, struct mz_err *err);
/* Whether a live delegation exists: 1, 0, or -1. */
int as_delegation_live(struct db *db, int64_t user_id, const char *os_user, struct mz_err *err);
/* Revokes the live delegation to os_user, or all of the account's when
 * os_user is NULL; *n gets how many. */
int as_delegation_revoke(struct db *db, int64_t user_id, const char *os_user, int *n,
                         struct mz_err *err);

/* Machine tokens (see auth.h), keyed by the hex digest of their token. */
struct machine_row {
    int64_t id;
    char name[64];
    char feeds[256]; /* feed names separated by spaces */
    char created[32];
    char revoked[32]; /* "" while valid */
};
/* Inserts m (id and created set); code "machine_exists" if a valid token
 * has the name. */
int as_machine_insert(struct db *db, struct machine_row *m, const char *token_hash,
                      const char *created_by, struct mz_err *err);
/* The valid (not revoked) token with this digest. */
int as_machine_by_hash(struct db *db, const char *token_hash, struct machine_row *out,
                       struct mz_err *err);
/* Calls fn for every token, revoked ones included, in name order; stops on
 * a non-zero return. */
int as_machine_scan(struct db *db, int (*fn)(void *ctx, const struct machine_row *m), void *ctx,
                    struct mz_err *err);
/* Revokes the valid token of that name: 1 (*id set), 0 none, -1. */
int as_machine_revoke(struct db *db, const char *name, int64_t *id, struct mz_err *err);

#endif
