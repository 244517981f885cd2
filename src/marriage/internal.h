/* Marriage-internal: refusals gathered and recorded, party look-ups and
 * the audit entry, shared by register.c, divorce.c and replace.c. */
#ifndef MZ_MARRIAGE_INTERNAL_H
#define MZ_MARRIAGE_INTERNAL_H

#include "marriage/marriage.h"
#include "registry/idcard.h"
#include "store/marriagestore.h"

#define MAR_MAX_REFUSALS 8

/* The rules that refuse an application, each with what was found. */
struct mar_refusals {
    const struct mar_rule *rules[MAR_MAX_REFUSALS];
    char reasons[MAR_MAX_REFUSALS][360];
    int n;
};
void refuse_add(struct mar_refusals *r, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records the refusal of kind (marriage, divorce, replacement) at office
 * on day for the parties (names and masked ID numbers) in its own
 * transaction, fills out (refusal_id, rule) and err (the first rule's
 * code; the message "不予…：" followed by each reason with its article),
 * and returns -1. */
int refuse_record(const struct marriage_env *env, const char *kind, const char *office,
                  mz_date day, const char *parties, const char *actor,
                  const struct mar_refusals *r, struct mar_registered *out, struct mz_err *err);

/* A party as given: the ID number checked (field a_id / b_id …), its blind
 * index, sealed form, mask, and the registry person (0 if none). */
struct party {
    struct idcard id;
    struct mparty_row row;
};
int party_load(const struct marriage_env *env, const char *id_number, const char *name,
               const char *field, struct party *p, struct mz_err *err);
/* The blind index of an ID number (checked: field). */
int party_index(const struct marriage_env *env, const char *id_number, const char *field,
                unsigned char index[16], struct mz_err *err);

/* Appends an audit entry for entity id under actor. */
int mar_audit(const struct marriage_env *env, const char *actor, const char *action,
              const char *entity, int64_t id, const char *detail, struct mz_err *err);

/* Checks the office: a county-level code (6 digits) of a division valid
 * on day; field office. */
int office_check(const struct marriage_env *env, const char *office, mz_date day,
                 struct mz_err *err);
/* Checks a day given (not in the future, not before 1950): field. */
int day_check(mz_date day, const char *field, const char *label, struct mz_err *err);

/* Issues the next number of kind at office in day's year for marriage_id
 * (divorce_id, holder_sex, replaces for L, BL, BJ), inside the caller's
 * transaction; out: 32 bytes. */
int cert_issue_tx(const struct marriage_env *env, const char *kind, const char *office,
                  mz_date day, int64_t marriage_id, int64_t divorce_id, int holder_sex,
                  const char *replaces, const char *actor, char out[32], struct mz_err *err);

/* Writes marital_status of a registry person (0: nothing) effective day,
 * source "marriage:CERT", inside the caller's transaction. */
int status_fact(const struct marriage_env *env, int64_t person_id, const char *status, mz_date day,
                const char *cert_no, struct mz_err *err);

/* Opens the joined 户口 case of marriage (hukou.c), inside the caller's
 * transaction; *id set. */
int hukou_open_tx(const struct marriage_env *env, int64_t marriage_id, const char *cert_no,
                  mz_date day, const struct party *mover, const struct party *stay,
                  const char *actor, int64_t *id, struct mz_err *err);

#endif
