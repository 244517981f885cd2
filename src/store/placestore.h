/* Persistence of place names (src/placename/): the gazetteer and the
 * naming cases, rows in and out. Look-ups return 1 (found), 0 (not found)
 * or -1 (err filled); scans call fn per row after the rows are read (fn
 * may use the database), a non-zero return stops and is returned. */
#ifndef MZ_PLACESTORE_H
#define MZ_PLACESTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

#define PN_MAX_NAME 40   /* a standard name, in characters */
#define PN_MAX_TEXT 1000 /* meaning, history, culture, products */

struct placename_row {
    int64_t id;
    char name[TEXT_BYTES(PN_MAX_NAME)];
    char specific[TEXT_BYTES(PN_MAX_NAME)], generic[TEXT_BYTES(PN_MAX_NAME)];
    char pinyin[256], letters[256], initials[64], specific_letters[256];
    char class_[16];
    char division[13];
    double lon, lat;
    bool located;
    char meaning[TEXT_BYTES(PN_MAX_TEXT)], history[TEXT_BYTES(PN_MAX_TEXT)];
    char named_on[11];
    char approved_by[TEXT_BYTES(TEXT_MAX_NOTE)], document[TEXT_BYTES(TEXT_MAX_NOTE)];
    char culture[TEXT_BYTES(PN_MAX_TEXT)], products[TEXT_BYTES(PN_MAX_TEXT)];
    char status[12]; /* proposed, standard, abolished */
    char created_at[32], updated_at[32];
};

struct placecase_row {
    int64_t id, placename_id;
    char kind[8]; /* name, rename */
    char old_name[TEXT_BYTES(PN_MAX_NAME)], new_name[TEXT_BYTES(PN_MAX_NAME)];
    char reasons[TEXT_BYTES(TEXT_MAX_NOTE)], applicant[TEXT_BYTES(TEXT_MAX_NOTE)];
    char division[13], opened_on[11];
    char state[12]; /* applied, approved, done, rejected */
    char approved_on[11], approved_by[TEXT_BYTES(TEXT_MAX_NOTE)],
        document[TEXT_BYTES(TEXT_MAX_NOTE)];
    char filing_due[11], filed_on[11], notice_due[11], announced_on[11];
    char reject_reason[TEXT_BYTES(TEXT_MAX_NOTE)];
    char opened_by[80], updated_at[32];
};

/* Inserts p (id and times ignored), now; sets *id. */
int pls_placename_add(struct db *db, const struct placename_row *p, int64_t *id,
                      struct mz_err *err);
/* Updates the name, its parts and keys, history, naming, status of p->id. */
int pls_placename_update(struct db *db, const struct placename_row *p, struct mz_err *err);
int pls_placename_get(struct db *db, int64_t id, struct placename_row *out, struct mz_err *err);
/* Standard names (and proposed ones if `proposed`) matching q (part of
 * the characters, or a prefix of the toneless letters or initials; "" any),
 * under one of the n prefixes (n 0: anywhere), of class (NULL or "": any),
 * by name. */
int pls_placename_search(struct db *db, const char *q, const char (*prefixes)[13], int n,
                         const char *class_, bool proposed, int limit, int offset,
                         int (*fn)(void *ctx, const struct placename_row *p), void *ctx,
                         struct mz_err *err);
/* A name other than id, not abolished, of class, with the same specific
 * part or the same letters of it, under the prefixes (n 0: anywhere); the
 * same characters first. */
int pls_placename_same(struct db *db, int64_t id, const char *class_, const char *specific,
                       const char *specific_letters, const char (*prefixes)[13], int n,
                       struct placename_row *out, struct mz_err *err);

int pls_case_add(struct db *db, const struct placecase_row *c, int64_t *id, struct mz_err *err);
/* Writes state and the dated steps of c->id. */
int pls_case_update(struct db *db, const struct placecase_row *c, struct mz_err *err);
int pls_case_get(struct db *db, int64_t id, struct placecase_row *out, struct mz_err *err);
/* The open case (applied or approved) of a place name: 1 (*id), 0, -1. */
int pls_case_open_for(struct db *db, int64_t placename_id, int64_t *id, struct mz_err *err);
/* Cases under the prefixes (n 0: all) in state (""= any), newest first. */
int pls_cases(struct db *db, const char (*prefixes)[13], int n, const char *state, int limit,
              int (*fn)(void *ctx, const struct placecase_row *c), void *ctx,
              struct mz_err *err);

#endif
