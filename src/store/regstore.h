/* Persistence of the registry: divisions, households, persons,
 * memberships and temporal facts. Validation lives above, in src/registry/;
 * these functions store and fetch rows and report database errors.
 * Look-ups return 1 (found), 0 (not found) or -1 (error, err filled). */
#ifndef MZ_REGSTORE_H
#define MZ_REGSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/text.h"
#include "store/db.h"

enum div_level { DIV_PROVINCE = 1, DIV_PREFECTURE, DIV_COUNTY, DIV_TOWNSHIP, DIV_VILLAGE };

struct division_row {
    char code[13];
    char name[TEXT_BYTES(TEXT_MAX_DIVISION_NAME)];
    int level;
    char parent[13];
    char pinyin[256];
    mz_date valid_from;
    mz_date valid_to; /* exclusive; MZ_DATE_NONE while current */
};

int rs_division_insert(struct db *db, const struct division_row *d, struct mz_err *err);
/* The version of code valid on day `at`. */
int rs_division_at(struct db *db, const char *code, mz_date at, struct division_row *out,
                   struct mz_err *err);
/* The newest version of code, current or not. */
int rs_division_latest(struct db *db, const char *code, struct division_row *out,
                       struct mz_err *err);
/* Ends the current version of code on day `to` (exclusive). */
int rs_division_close(struct db *db, const char *code, mz_date to, struct mz_err *err);
/* Calls fn for each child of parent valid on day `at`, in code order; stops
 * and returns fn's value if it is non-zero. Children are copied out first,
 * so fn may write to the database. */
int rs_division_children(struct db *db, const char *parent, mz_date at,
                         int (*fn)(void *ctx, const struct division_row *d), void *ctx,
                         struct mz_err *err);
/* The same for every division of a level (1-5) valid on day `at`. */
int rs_divisions_of_level(struct db *db, int level, mz_date at,
                          int (*fn)(void *ctx, const struct division_row *d), void *ctx,
                          struct mz_err *err);
int rs_division_count(struct db *db, long *n, struct mz_err *err);
/* Records that old_code was replaced by new_code from `effective`. */
int rs_division_change_add(struct db *db, mz_date effective, const char *old_code,
                           const char *new_code, const char *note, struct mz_err *err);
/* The latest successor of a replaced code (1), or 0 if it was never replaced. */
int rs_division_successor(struct db *db, const char *old_code, char new_code[13],
                          mz_date *effective, struct mz_err *err);
/* Calls fn with each current village-level code under prefix. */
int rs_division_villages(struct db *db, const char *prefix,
                         int (*fn)(void *ctx, const char *code), void *ctx, struct mz_err *err);

struct household_row {
    int64_t id;
    char hh_no[64]; /* the bureau's household number (户编号), unique */
    char division[13];
    char address[TEXT_BYTES(TEXT_MAX_ADDRESS)];
    bool rural;
};

int rs_household_by_no(struct db *db, const char *hh_no, struct household_row *out,
                       struct mz_err *err);
int rs_household_get(struct db *db, int64_t id, struct household_row *out, struct mz_err *err);
/* Inserts h (h->id ignored) and sets h->id. */
int rs_household_insert(struct db *db, struct household_row *h, struct mz_err *err);
int rs_household_update(struct db *db, const struct household_row *h, struct mz_err *err);

struct person_row {
    int64_t id;
    unsigned char id_index[16];  /* keyed blind index of the ID number */
    unsigned char id_sealed[80]; /* SM4 + HMAC-SM3 sealed ID number */
    int id_sealed_len;
    char id_masked[19];
    char name[TEXT_BYTES(TEXT_MAX_NAME)];
    int sex;
    mz_date birth;
    bool rural_hukou;
    char division[13];
    unsigned char phone_sealed[80]; /* sealed phone number, or phone_sealed_len 0 */
    int phone_sealed_len;
    char initials[64]; /* pinyin initials of the name (written, not read back) */
};

/* Finds a person by blind index; fills id, name, sex, birth, rural_hukou,
 * division and phone (not the sealed ID). */
int rs_person_by_index(struct db *db, const unsigned char index[16], struct person_row *out,
                       struct mz_err *err);
/* Only the id of the person with this blind index: 1 found, 0 not. */
int rs_person_id_by_index(struct db *db, const unsigned char index[16], int64_t *id,
                          struct mz_err *err);
int rs_person_get(struct db *db, int64_t id, struct person_row *out, struct mz_err *err);
/* Inserts p and sets p->id. */
int rs_person_insert(struct db *db, struct person_row *p, struct mz_err *err);
/* Updates name, hukou, division and phone of p->id. */
int rs_person_update(struct db *db, const struct person_row *p, struct mz_err *err);
/* The pinyin initials of a person's name (for search; insert and update
 * write them too); and every person whose initials are not computed yet
 * ('', e.g. after migration 9). */
int rs_person_set_initials(struct db *db, int64_t id, const char *initials, struct mz_err *err);
int rs_persons_without_initials(struct db *db,
                                int (*fn)(void *ctx, int64_t id, const char *name), void *ctx,
                                struct mz_err *err);

/* The person's open membership: household id, relation (char[16]) and start. */
int rs_membership_current(struct db *db, int64_t person_id, int64_t *household_id,
                          char relation[32], mz_date *from, struct mz_err *err);
/* Closes the person's open membership (if any) on `from` and opens one in
 * household_id with relation from that day. */
int rs_membership_move(struct db *db, int64_t person_id, int64_t household_id,
                       const char *relation, mz_date from, struct mz_err *err);

struct fact_row {
    const char *entity; /* "person" or "household" */
    int64_t entity_id;
    const char *variable;
    const char *value;
    mz_date effective;
    const char *source;
};

/* Appends a fact unless the latest recorded value for the same entity,
 * variable and effective date is already `value` (so re-sending the same
 * record changes nothing). *added says whether a row was written. */
int rs_fact_put(struct db *db, const struct fact_row *f, bool *added, struct mz_err *err);
/* The value in force on as_of as known at known_at (ISO time text; NULL =
 * now). value needs cap bytes. */
int rs_fact_asof(struct db *db, const char *entity, int64_t entity_id, const char *variable,
                 mz_date as_of, const char *known_at, char *value, size_t cap,
                 struct mz_err *err);

/* One member of a household as of a day, for building snapshots. */
struct member_row {
    int64_t household_id;
    const char *division; /* borrowed until the next row */
    bool rural;
    int64_t person_id;
    mz_date birth;
    int sex;
    bool rural_hukou;
    const char *relation;
};

/* Calls fn for every membership in force on as_of, ordered by household
 * (head first, then by person id) — of one household if household_id > 0,
 * else of all; stops on a non-zero return. */
int rs_scan_members(struct db *db, mz_date as_of, int64_t household_id,
                    int (*fn)(void *ctx, const struct member_row *m), void *ctx,
                    struct mz_err *err);
/* The same for the n distinct households household_ids, in the order of
 * that list, in one query (n = 0: all households). */
int rs_scan_members_in(struct db *db, mz_date as_of, const int64_t *household_ids, size_t n,
                       int (*fn)(void *ctx, const struct member_row *m), void *ctx,
                       struct mz_err *err);

/* Calls fn(entity_id, variable, value, effective) once per entity and
 * variable with the value in force on as_of as recorded by known_at (ISO
 * time; NULL = now), ordered by entity_id — of one entity if entity_id > 0.
 * entity: "person" or "household". */
int rs_scan_facts(struct db *db, const char *entity, mz_date as_of, const char *known_at,
                  int64_t entity_id,
                  int (*fn)(void *ctx, int64_t entity_id, const char *variable,
                            const char *value, mz_date effective),
                  void *ctx, struct mz_err *err);
/* The same for the n entities entity_ids, in one query (n = 0: all). */
int rs_scan_facts_in(struct db *db, const char *entity, mz_date as_of, const char *known_at,
                     const int64_t *entity_ids, size_t n,
                     int (*fn)(void *ctx, int64_t entity_id, const char *variable,
                               const char *value, mz_date effective),
                     void *ctx, struct mz_err *err);

/* Row counts for summaries. */
struct registry_counts {
    long divisions, households, persons, facts;
};
int rs_counts(struct db *db, struct registry_counts *out, struct mz_err *err);

/* Persons per county-level code (first 6 digits of their division):
 * fn(ctx, code, name, persons, persons born on or before born_by, rural
 * hukou); stops on a non-zero return. */
int rs_county_summary(struct db *db, mz_date born_by,
                      int (*fn)(void *ctx, const char *code, const char *name, long persons,
                                long born_before, long rural),
                      void *ctx, struct mz_err *err);
/* Number of persons with a non-zero (non-false) value of variable on record. */
int rs_persons_with_fact(struct db *db, const char *variable, long *n, struct mz_err *err);

#endif
