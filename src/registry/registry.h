/* The population registry: divisions, households, persons and their
 * temporal facts, validated and stored through the storage layer with
 * personal identifiers sealed by the vault (SM4 + HMAC-SM3).
 * Input arrives as text fields (from files, the API or the generator);
 * every rejection names the field at fault in err->field. */
#ifndef MZ_REGISTRY_H
#define MZ_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/db.h"

struct registry;
struct vault;

/* Opens the database at db_path and the key (MZ_KEY, else key_path; if
 * key_path is NULL: $MZ_KEY_FILE, else db_path + ".key", generated on first
 * use with mode 0600). The caller frees with reg_close. */
int reg_open(const char *db_path, const char *key_path, struct registry **out,
             struct mz_err *err);
/* The key file reg_open reads for db_path when given key_path (which may be
 * NULL): key_path, else $MZ_KEY_FILE, else db_path + ".key". Written into
 * buf (cap bytes); NULL if it does not fit. */
const char *reg_key_path(const char *db_path, const char *key_path, char *buf, size_t cap);
void reg_close(struct registry *r);

/* Whether the key file was replaced since r was opened (a key was added:
 * docs/crypto.md); a pooled registry is then reopened. Never for MZ_KEY. */
bool reg_key_changed(const struct registry *r);

/* The oldest key epoch values in the database may still be under (set when
 * a rotation finishes; 1 before any). Fails with key_changed if the
 * database has been told of a newer key than r's ring holds. */
int reg_key_epochs(struct registry *r, int *floor, struct mz_err *err);

/* Who is making the changes that follow (for the audit log), e.g.
 * "cli:root" or "user:zhangsan"; copied. Every add, update and full view
 * is appended to the audit log in the same transaction. */
void reg_set_actor(struct registry *r, const char *actor);
/* The actor set by reg_set_actor ("unknown" until then); borrowed. */
const char *reg_actor(const struct registry *r);

/* A bulk load (an import file, a generated city) inside the caller's
 * transaction: between reg_batch_begin and reg_batch_end, every record
 * *added* is not written to the audit log one by one but folded, in order,
 * into one SM3 digest of its canonical text (the text a per-record entry
 * would have digested); reg_batch_end appends one entry "registry.batch"
 * naming `label`, the counts, the first and last ids of each kind, and
 * that digest — so the log proves every added row with one entry.
 * Updates are still audited one by one (they carry the record before).
 * While the batch lasts the registry's change journal is not stamped row
 * by row; its end makes every earlier snapshot file unusable instead
 * (store/snapstore.h). reg_batch_abort drops a batch whose transaction is
 * rolled back (the rollback undoes the rest). */
int reg_batch_begin(struct registry *r, const char *label, struct mz_err *err);
int reg_batch_end(struct registry *r, struct mz_err *err);
void reg_batch_abort(struct registry *r);

/* The underlying handles (borrowed). */
struct db *reg_db(struct registry *r);
struct vault *reg_vault(struct registry *r);

enum put_result { PUT_UNCHANGED, PUT_ADDED, PUT_UPDATED };

/* Whether s is a household number (户编号): 1 to TEXT_MAX_HOUSEHOLD_NO
 * ASCII letters, digits and hyphens, not starting with a hyphen (the
 * generator writes division code, hyphen, sequence: 500103001003-00000001).
 * 0, or -1 with invalid_value on field household_no. */
int reg_household_no_check(const char *s, struct mz_err *err);

/* Household: 户编号, division code (must exist and be valid on `on`), address,
 * 城镇/农村. Adds or updates by household_no. */
struct reg_household_in {
    const char *household_no, *division, *address, *rural;
};
int reg_household_put(struct registry *r, const struct reg_household_in *in, mz_date on,
                      enum put_result *res, struct mz_err *err);

/* Person: ID number (GB 11643), name, optional sex (男/女) and birth date that
 * must agree with the ID number, 户籍 城镇/农村, division, household number
 * (must exist) and relation to the head, optional phone. Adds or updates by
 * ID number; moving to another household closes the old membership on `on`. */
struct reg_person_in {
    const char *id_number, *name, *sex, *birth_date, *hukou, *division, *household_no,
        *relation, *phone;
};
int reg_person_put(struct registry *r, const struct reg_person_in *in, mz_date on,
                   enum put_result *res, struct mz_err *err);

/* Fact about a person (by ID number) or a household (by household number;
 * exactly one of the two), checked against the variable catalogue. */
struct reg_fact_in {
    const char *id_number, *household_no, *variable, *value, *effective, *source;
};
int reg_fact_put(struct registry *r, const struct reg_fact_in *in, enum put_result *res,
                 struct mz_err *err);
/* The same for a person already found (reg_person_find): person_id, not
 * in->id_number, says whose fact it is; the fact is checked alike. */
int reg_person_fact_put(struct registry *r, int64_t person_id, const struct reg_fact_in *in,
                        enum put_result *res, struct mz_err *err);

/* Finds a person's internal id by ID number through the blind index:
 * 1 found, 0 not found, -1 error. */
int reg_person_find(struct registry *r, const char *id_number, int64_t *person_id,
                    struct mz_err *err);

/* Checks a phone number (7 to 20 digits or '-', a leading '+') and seals
 * it as persons' phones are stored, into out (cap bytes; *len its
 * length). -1 with invalid_value on field if it is not a phone number. */
int reg_phone_seal(struct registry *r, const char *phone, const char *field, unsigned char *out,
                   int *len, size_t cap, struct mz_err *err);
/* A sealed phone number into out, in full or masked (138****5678); "" if
 * len is 0. -1 if it cannot be unsealed. */
int reg_phone_text(struct registry *r, const unsigned char *sealed, int len, bool full, char *out,
                   size_t cap, struct mz_err *err);

/* ---- a death, wherever it is reported ----
 *
 * A death is the registry fact "death" of a person (its value the day of
 * death), whoever records it: a department feed (公安), a medical death
 * certificate registered by the funeral service, the API, an import. What
 * follows a death — benefits stopped, cases closed, services cancelled,
 * the household re-checked (src/funeral/cascade.c) — hangs off this one
 * place: after any death fact is written (added, or a corrected day), the
 * hook set on the handle is called inside the same transaction, with the
 * day and the fact's source. A failure of the hook fails the write. The
 * hook must be idempotent (a second report of the same death changes
 * nothing); handles without one (bulk imports without policies) leave the
 * deaths for `mz death sweep`. ctx is borrowed for the life of r. */
typedef int (*reg_death_hook)(void *ctx, struct registry *r, int64_t person_id, mz_date died,
                              const char *source, struct mz_err *err);
void reg_on_death(struct registry *r, reg_death_hook hook, void *ctx);
/* The hook installed on r (NULL if none) and its ctx: to set it aside
 * while a caller that cascades by itself writes a death. */
reg_death_hook reg_death_hook_of(const struct registry *r, void **ctx);

/* Decrypts a person's full ID number (out: 19 bytes). */
int reg_person_id_number(struct registry *r, int64_t person_id, char out[19],
                         struct mz_err *err);

#endif
