/* Accounts, roles, division scope and sessions.
 *
 * A user has one role and one division scope code. The role says what they
 * may do (write, see full ID and phone numbers); the scope says where: a
 * record is theirs if its division code starts with one of the code
 * prefixes the scope division holds today (codes keep their natural
 * length, so a prefix is an ancestor; records keep the codes they were
 * made with: under 两江新区 lie records coded 500105… of the former 江北区,
 * and under 北碚区 those of 统景镇 coded 500112133…). The sessions' users
 * carry these prefixes, worked out once per look-up (div_cover).
 *
 * Sessions are 32 random bytes shown once as 64 hex digits (the cookie
 * mz_session or an Authorization: Bearer token) and stored only as their
 * SM3 digest, with an expiry. Logins are throttled per user name.
 *
 * Every function takes the registry for its database and vault; changes to
 * accounts (add, disable, password, login, logout) are written to the audit
 * log in the same transaction, under `actor` ("cli:root") for the account
 * commands and "user:NAME" for logins. Functions that write open and commit
 * their own transaction: call them outside one. */
#ifndef MZ_AUTH_H
#define MZ_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "auth/totp.h"
#include "base/err.h"

struct registry;

enum auth_role {
    ROLE_CITY_ADMIN, /* 市级管理员 */
    ROLE_DISTRICT,   /* 区县民政 */
    ROLE_STREET,     /* 街道/乡镇经办 */
    ROLE_COMMUNITY,  /* 社区/村协管 */
    ROLE_AUDITOR,    /* 审计: reads everything in scope, changes nothing */
    ROLE_PROVIDER,   /* 服务机构: reads in scope, masked, changes nothing */
    ROLE_ORG,        /* 社会组织: its own organization and the referrals offered to it */
    ROLE_CHILD_DIRECTOR,   /* 儿童主任 (one per community): the children's pages only */
    ROLE_CHILD_SUPERVISOR, /* 儿童督导员 (one per street): the children's pages only */
    ROLE_CHILD_INSTITUTION, /* 儿童福利机构: the children placed in its own institution only */
    /* 三权分立 (等保 2.0 level 3): three administrators, city-wide, with no
     * business rights, each working only through its own routes, held by
     * three different people (auth_admin_add) */
    ROLE_SYS_ADMIN,   /* 系统管理员: the business accounts */
    ROLE_SEC_ADMIN,   /* 安全管理员: lockouts, sessions, second factors, security events */
    ROLE_AUDIT_ADMIN, /* 审计管理员: reads the audit log, changes nothing */
    ROLE_COUNT
};

/* "city_admin", …; and the Chinese label "市级管理员", …. */
const char *auth_role_name(enum auth_role role);
const char *auth_role_label(enum auth_role role);
/* Parses a role name; fails naming the accepted names. */
int auth_role_parse(const char *s, enum auth_role *out, struct mz_err *err);
/* Whether the role may add or change registry records. */
bool auth_role_can_write(enum auth_role role);
/* The role an account acts in on a case's steps ("county", "street",
 * "community"; NULL for roles that take none). */
const char *auth_role_case_role(enum auth_role role);
/* Whether the role may see full ID and phone numbers on a record page. */
bool auth_role_sees_full(enum auth_role role);
/* Whether the role is one of the three administrators (no business rights). */
bool auth_role_is_admin(enum auth_role role);

#define AUTH_SCOPE_MAX 64 /* code prefixes of one scope (DB_PREFIX_MAX) */

struct auth_user {
    int64_t id;
    char name[64];
    enum auth_role role;
    char division[13]; /* scope code */
    bool disabled;
    /* The scope as code prefixes: division, then the retired codes whose
     * successors lie under it. nscope 0 means division alone. */
    char scope[AUTH_SCOPE_MAX][13];
    int nscope;
    /* A provider account (ROLE_PROVIDER) works for one elderly-care
     * provider (providers.id) and sees only that provider's work; 0 while
     * unbound (it then sees nothing). */
    int64_t provider_id;
    /* From auth_session_user: the session was last used over
     * AUTH_TOUCH_SECONDS ago; call auth_session_touch after the request. */
    bool touch_due;
    /* An organization account (ROLE_ORG) works for one social organization
     * (organizations.id): its own records and the charity referrals
     * offered to its projects; 0 while unbound (it then sees nothing). */
    int64_t org_id;
    /* An institution account (ROLE_CHILD_INSTITUTION) works for one
     * child-welfare institution (child_institutions.id): the children
     * placed there; 0 while unbound (it then sees nothing). */
    int64_t institution_id;
};

/* Whether division lies in the user's scope. */
bool auth_in_scope(const struct auth_user *u, const char *division);

#define AUTH_SESSION_SECONDS (12 * 3600)
#define AUTH_IDLE_SECONDS (30 * 60) /* a session unused this long has ended */
#define AUTH_TOUCH_SECONDS 60       /* how stale its last use may be recorded */
#define AUTH_THROTTLE_FAILURES 5            /* failures per user name and source … */
#define AUTH_THROTTLE_SECONDS (15 * 60)     /* … within this window */
#define AUTH_TOKEN_HEX 65                   /* 64 hex digits and the NUL */

/* Throttling of sign-in attempts, shared by staff logins and residents'
 * codes (resident.h): records an attempt of subject (an account name,
 * "resident:…") from source (the client's address) at now as a failure,
 * in one write transaction with the count (parallel attempts never get
 * more), and fails with "throttled" once AUTH_THROTTLE_FAILURES lie within
 * AUTH_THROTTLE_SECONDS. A success forgets them with auth_throttle_clear,
 * inside the caller's transaction (which also drops everyone's old ones). */
int auth_throttle_attempt(struct registry *r, const char *subject, const char *source,
                          time_t now, struct mz_err *err);
int auth_throttle_clear(struct registry *r, const char *subject, const char *source, time_t now,
                        struct mz_err *err);

/* Checks an account or machine name: 1-63 bytes of letters, digits, '.',
 * '_' or '-' (field "name", code "invalid_value"). */
int auth_name_check(const char *name, struct mz_err *err);

/* Adds a user. name: 1-63 bytes of letters, digits, '.', '_' or '-';
 * division: a current division code whose level suits the role (district: 6
 * digits, street: 9, community: 12); password: see auth_password_check. */
int auth_user_add(struct registry *r, const char *actor, const char *name, enum auth_role role,
                  const char *division, const char *password, struct mz_err *err);
/* Adds an account like auth_user_add, recording the person who holds it
 * by ID number holder (checked; kept only sealed and as its keyed blind
 * index). Required for the administrator roles (auth_user_add refuses
 * them, code "holder_required"), optional for the others. Fails with code
 * "separation_of_duties" if the holder already holds an account of another
 * administrator role, or an administrator and a business account (三权分立:
 * the three administrators are three people, none of them business
 * staff). */
int auth_admin_add(struct registry *r, const char *actor, const char *name, enum auth_role role,
                   const char *division, const char *holder, const char *password,
                   struct mz_err *err);
/* Disables a user and ends their sessions; code "unknown_user" if none. */
int auth_user_disable(struct registry *r, const char *actor, const char *name,
                      struct mz_err *err);
/* Sets a new password and ends the user's sessions. */
int auth_user_passwd(struct registry *r, const char *actor, const char *name,
                     const char *password, struct mz_err *err);
/* Binds provider account name to provider provider_id (which the caller
 * has checked exists): from then on it works for that provider only.
 * Fails with wrong_role unless the account has the provider role; audited
 * (user.provider). */
int auth_user_bind_provider(struct registry *r, const char *actor, const char *name,
                            int64_t provider_id, struct mz_err *err);
/* Binds organization account name to organization org_id (checked by the
 * caller); wrong_role unless the account has the org role; audited
 * (user.org). */
int auth_user_bind_org(struct registry *r, const char *actor, const char *name, int64_t org_id,
                       struct mz_err *err);
/* Binds institution account name to child-welfare institution id
 * (checked by the caller); wrong_role unless the account has the
 * child_institution role; audited (user.institution). */
int auth_user_bind_institution(struct registry *r, const char *actor, const char *name,
                               int64_t institution_id, struct mz_err *err);
/* Calls fn for every user in name order; stops on a non-zero return. */
int auth_user_scan(struct registry *r, int (*fn)(void *ctx, const struct auth_user *u),
                   void *ctx, struct mz_err *err);
/* Number of users. */
int auth_user_count(struct registry *r, long *n, struct mz_err *err);

/* Checks name, password and — for an account with a second factor — the
 * one-time password otp (auth/totp.h) at time now and opens a session:
 * token gets the new token (hex), *out the user. source is where the
 * attempt comes from (the client's address; "" for none). Fails with code
 * "bad_credentials" (wrong name or password — the two are not told apart —
 * or a disabled user), "otp_required" (the password was right, the account
 * needs its code: ask for it and try again), "bad_otp" (wrong, expired or
 * already used), or "throttled" after AUTH_THROTTLE_FAILURES failed
 * attempts for the name from the same source within AUTH_THROTTLE_SECONDS
 * (counted atomically: parallel attempts never get more guesses; an
 * otp_required attempt counts). Failures of an existing account are audited
 * ("user.login_failed", with the reason). */
int auth_login(struct registry *r, const char *name, const char *password, const char *otp,
               const char *source, time_t now, char token[AUTH_TOKEN_HEX], struct auth_user *out,
               struct mz_err *err);
/* Enrols account name in the second factor: a new TOTP secret, sealed,
 * into base32 for the authenticator app (audited "user.totp_enroll"; a
 * previous secret stops working). */
int auth_totp_enroll(struct registry *r, const char *actor, const char *name,
                     char base32[TOTP_BASE32_LEN], struct mz_err *err);
/* Removes the account's second factor (audited "user.totp_remove"). */
int auth_totp_remove(struct registry *r, const char *actor, const char *name, struct mz_err *err);
/* Forgets the account's failed sign-ins from every source, lifting the
 * throttle (audited "user.unlock"). */
int auth_user_unlock(struct registry *r, const char *actor, const char *name, struct mz_err *err);
/* Ends every session of the account (audited "user.sessions_end"). */
int auth_user_end_sessions(struct registry *r, const char *actor, const char *name,
                           struct mz_err *err);
/* The role of account name; unknown_user if none. */
int auth_user_role(struct registry *r, const char *name, enum auth_role *role, struct mz_err *err);
/* The command line acting for account name (mz --as NAME), run by the
 * operating-system user os_user: proven by the account's password
 * (throttled and counted like a login, from source "cli:OS_USER"), or,
 * when password is NULL, by a live delegation (auth_delegate). Fills *out
 * and audits which proof was given. Fails with bad_credentials,
 * throttled or not_delegated. */
int auth_cli_user(struct registry *r, const char *name, const char *password,
                  const char *os_user, time_t now, struct auth_user *out, struct mz_err *err);

/* The account name, proven by its password, lets os_user act for it on
 * the command line from now on (until auth_undelegate, a new password or
 * the account is disabled). Audited as user.delegate. */
int auth_delegate(struct registry *r, const char *name, const char *password,
                  const char *os_user, time_t now, struct mz_err *err);
/* Ends that delegation (audited under actor); not_delegated if none. */
int auth_undelegate(struct registry *r, const char *actor, const char *name, const char *os_user,
                    struct mz_err *err);

/* The user of a live session, with the scope loaded: 1 (filled), 0 (no such session, expired —
 * AUTH_SESSION_SECONDS after login, or AUTH_IDLE_SECONDS after its last use — or the user is
 * disabled), -1 on a database error. Reads only: out->touch_due asks the caller to record the
 * use (auth_session_touch) once its own read transaction is over. */
int auth_session_user(struct registry *r, const char *token, time_t now, struct auth_user *out,
                      struct mz_err *err);
/* Fills u->scope with the code prefixes u->division holds today
 * (div_cover: after a split or merger, the units moved in and not those
 * moved out; an account of a retired division keeps what it held on its
 * last day). Fails with code "scope_too_wide" past AUTH_SCOPE_MAX
 * prefixes. */
int auth_scope_load(struct registry *r, struct auth_user *u, struct mz_err *err);
/* Ends a session (nothing happens for an unknown token). */
/* Records that the session of token was used at now. */
int auth_session_touch(struct registry *r, const char *token, time_t now, struct mz_err *err);
int auth_logout(struct registry *r, const char *token, struct mz_err *err);

/* Machine tokens: the long-lived credential of another department's system
 * for the feed API (POST /api/v1/feeds/NAME). A token may post only to
 * the feeds it was issued for and is no session: it opens no other route.
 * Like sessions it is 32 random bytes shown once (64 hex digits) and
 * stored only as its SM3 digest. Changes are audited under `actor`. */
#define AUTH_MACHINE_FEEDS 8 /* feeds of one token */
struct auth_machine {
    int64_t id;
    char name[64];
    char feeds[256]; /* feed names separated by spaces */
    char created[32];
    bool revoked;
};
/* Issues a token for feeds (names of [a-z0-9_]+, 1 to AUTH_MACHINE_FEEDS):
 * token gets it. Fails with "machine_exists" if a valid token has the name. */
int auth_machine_add(struct registry *r, const char *actor, const char *name,
                     const char *const *feeds, int nfeeds, char token[AUTH_TOKEN_HEX],
                     struct mz_err *err);
/* Revokes the valid token of that name; "unknown_machine" if none. */
int auth_machine_revoke(struct registry *r, const char *actor, const char *name,
                        struct mz_err *err);
/* Calls fn for every token (revoked ones too) in name order. */
int auth_machine_scan(struct registry *r, int (*fn)(void *ctx, const struct auth_machine *m),
                      void *ctx, struct mz_err *err);
/* The valid token: 1 (filled), 0 (unknown or revoked), -1 on a database
 * error. */
int auth_machine_find(struct registry *r, const char *token, struct auth_machine *out,
                      struct mz_err *err);
/* Whether the token may post to feed. */
bool auth_machine_may(const struct auth_machine *m, const char *feed);

/* Token helpers (exposed for tests): a new random token and the hex SM3
 * digest under which a token is stored. auth_token_digest fails unless token
 * is 64 lowercase hex digits. */
int auth_token_new(char token[AUTH_TOKEN_HEX]);
int auth_token_digest(const char *token, char digest[AUTH_TOKEN_HEX]);

#endif
