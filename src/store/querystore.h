/* Read-only queries for the API's lists and record pages: households under
 * a division prefix, page by page; a household's current members; the facts
 * in force on a day; persons by name prefix. A division prefix "" means
 * every division. Callbacks get rows borrowed until they return; a non-zero
 * return stops the scan and is returned. */
#ifndef MZ_QUERYSTORE_H
#define MZ_QUERYSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "store/regstore.h"

/* Households whose division starts with prefix, by id, `limit` from
 * `offset`. */
int qs_households_page(struct db *db, const char *prefix, long limit, long offset,
                       int (*fn)(void *ctx, const struct household_row *h), void *ctx,
                       struct mz_err *err);
/* The same ordered by column ("hh_no", "division" or "address"; then by
 * id), descending if desc. */
int qs_households_page_by(struct db *db, const char *prefix, const char *column, bool desc,
                          long limit, long offset,
                          int (*fn)(void *ctx, const struct household_row *h), void *ctx,
                          struct mz_err *err);
int qs_households_count(struct db *db, const char *prefix, long *n, struct mz_err *err);

/* What a household search looks for: text as the start of a 户编号 or of a
 * member's name; text within an address (or NULL: the one term that scans
 * the scope's households instead of an index); pinyin initials
 * (lower-case, or NULL); a masked ID number (or NULL); the household of a
 * person found by full ID number (0 for none). */
struct qs_household_query {
    const char *text, *address, *initials, *masked;
    int64_t household_id;
};

/* The households under division prefix that match q (any of its terms),
 * by id, at most `limit`. */
int qs_households_search(struct db *db, const char *prefix, const struct qs_household_query *q,
                         long limit, int (*fn)(void *ctx, const struct household_row *h), void *ctx,
                         struct mz_err *err);

/* The name of household_id's head (into head, "" if it has none) and how
 * many members it has now. */
int qs_household_head(struct db *db, int64_t household_id, char *head, size_t cap, long *members,
                      struct mz_err *err);

/* A person as lists show them: masked ID number, sealed phone. */
struct person_brief {
    int64_t id;
    const char *id_masked, *name, *division;
    int sex;
    mz_date birth;
    const unsigned char *phone_sealed; /* NULL if none */
    int phone_sealed_len;
    const char *relation; /* to the head, in member lists; NULL elsewhere */
};

/* The open memberships of a household, head first. */
int qs_members(struct db *db, int64_t household_id,
               int (*fn)(void *ctx, const struct person_brief *p), void *ctx,
               struct mz_err *err);

/* Persons whose name starts with name_prefix and whose division starts with
 * one of the n division prefixes (n >= 1; digits only), by name and id,
 * `limit` from `offset`. */
int qs_persons_by_name(struct db *db, const char *name_prefix,
                       const char (*division_prefixes)[13], int n, long limit, long offset,
                       int (*fn)(void *ctx, const struct person_brief *p), void *ctx,
                       struct mz_err *err);

/* Persons in the n division prefixes by the pinyin initials of their name
 * (a prefix of lower-case letters: "zsf" finds 张三丰) or by masked ID
 * number ("500115********0026"), `limit` from `offset`. */
enum qs_person_key { QS_BY_INITIALS, QS_BY_MASKED };
int qs_persons_by_key(struct db *db, enum qs_person_key key, const char *value,
                      const char (*division_prefixes)[13], int n, long limit, long offset,
                      int (*fn)(void *ctx, const struct person_brief *p), void *ctx,
                      struct mz_err *err);

/* The household page: every recorded fact of the household and of its
 * current members, newest effective date first (at most limit); its cases,
 * newest first; its payment lines, newest month first (at most limit).
 * Rows are borrowed until fn returns. */
struct qs_timeline_row {
    const char *entity, *person, *variable, *value, *effective, *source, *recorded_at;
};
int qs_household_timeline(struct db *db, int64_t household_id, long limit,
                          int (*fn)(void *ctx, const struct qs_timeline_row *r), void *ctx,
                          struct mz_err *err);
struct qs_case_row {
    int64_t id;
    const char *type, *state, *opened_on, *accepted_on, *deadline, *state_due, *closed_on;
};
int qs_household_cases(struct db *db, int64_t household_id,
                       int (*fn)(void *ctx, const struct qs_case_row *r), void *ctx,
                       struct mz_err *err);
struct qs_payment_row {
    const char *month, *program, *roll_state, *origin_month, *kind, *person;
    int64_t amount;
};
int qs_household_payments(struct db *db, int64_t household_id, long limit,
                          int (*fn)(void *ctx, const struct qs_payment_row *r), void *ctx,
                          struct mz_err *err);

/* The latest recorded value of each variable of an entity ("person" or
 * "household") in force on day `on`, by variable. */
int qs_facts_now(struct db *db, const char *entity, int64_t entity_id, mz_date on,
                 int (*fn)(void *ctx, const char *variable, const char *value,
                           mz_date effective, const char *source),
                 void *ctx, struct mz_err *err);

/* Statistics of the caller's divisions (n prefixes, n >= 1) for the
 * managers' dashboard, one row per key: every statement answers (key,
 * key2, n[0..3], avg).
 *   QS_COVERAGE  program, county (6 digits): households and persons
 *                enrolled in month `day` ("YYYY-MM")
 *   QS_WARNINGS  month raised, "": raised, closed or dismissed, of those
 *                closed by their due date, still open past it on `day`
 *   QS_CASES     case type, "": accepted, decided, decided by the legal
 *                deadline, undecided past it on `day`; avg = calendar days
 *                from acceptance to decision
 *   QS_SPENDING  month, program: approved or paid roll amount (fen) and
 *                households paid */
enum qs_stat { QS_COVERAGE, QS_WARNINGS, QS_CASES, QS_SPENDING };
struct qs_stat_row {
    const char *key, *key2;
    int64_t n[4];
    double avg;
};
int qs_stats(struct db *db, enum qs_stat which, const char (*division_prefixes)[13], int n,
             const char *day, int (*fn)(void *ctx, const struct qs_stat_row *r), void *ctx,
             struct mz_err *err);

#endif
