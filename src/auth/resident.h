/* Residents' sign-in for 渝悦救助通 (实名): the ID number, the name and the
 * phone on record in the registry, then a one-time code of
 * RESIDENT_CODE_DIGITS digits sent through the SMS gateway interface
 * (sms.h), valid RESIDENT_CODE_SECONDS, at most RESIDENT_CODE_TRIES wrong
 * tries. Attempts are throttled per ID number and source like staff
 * logins (auth_throttle_attempt), and at most RESIDENT_CODES_PER_WINDOW
 * codes go out for one ID number per AUTH_THROTTLE_SECONDS from all
 * sources. No answer tells whether a person exists or the name and phone
 * match. A resident's session (居民) is not a staff session: it opens only
 * the portal's routes, for the resident's own household. Audited under
 * "resident:PERSON_ID". */
#ifndef MZ_AUTH_RESIDENT_H
#define MZ_AUTH_RESIDENT_H

#include <stdint.h>
#include <time.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/text.h"

#define RESIDENT_CODE_DIGITS 6
#define RESIDENT_CODE_SECONDS 300
#define RESIDENT_CODE_TRIES 5
#define RESIDENT_CODES_PER_WINDOW 5

/* The signed-in resident and the household they belong to today. */
struct auth_resident {
    int64_t person_id, household_id;
    char name[TEXT_BYTES(TEXT_MAX_NAME)];
    char id_masked[19];
    char hh_no[64];
    char division[13]; /* the household's */
    char actor[40];    /* "resident:PERSON_ID" */
};

/* Step one: sends a code to the phone on record when the ID number, name
 * and phone all match a living registry person with a household; answers
 * 0 alike when they do not (and sends nothing). Fails only on a malformed
 * request (missing_field, invalid_id_number: the number itself is wrong),
 * throttled, or a database error. */
int auth_resident_code(struct registry *r, const char *id_number, const char *name,
                       const char *phone, const char *source, time_t now, struct mz_err *err);

/* Step two: the code for the ID number; opens a session (token: 64 hex
 * digits) and fills *out. Fails with bad_code (wrong, expired, used up, or
 * never sent: the same message) or throttled. */
int auth_resident_login(struct registry *r, const char *id_number, const char *code,
                        const char *source, time_t now, char token[AUTH_TOKEN_HEX],
                        struct auth_resident *out, struct mz_err *err);

/* The resident of a live session: 1 (filled), 0 (none, expired, or no
 * longer in a household), -1 on a database error. */
int auth_resident_session(struct registry *r, const char *token, time_t now,
                          struct auth_resident *out, struct mz_err *err);

/* Ends a resident's session (nothing for an unknown token); audited. */
int auth_resident_logout(struct registry *r, const char *token, struct mz_err *err);

#endif
