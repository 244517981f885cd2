/* Persistence of dynamic monitoring: feed records by record key (for
 * idempotent re-sending), the reject queue, each household's current
 * eligible programs and rule conditions, and warnings. Look-ups return 1
 * (found), 0 (not found) or -1 (error, err filled); other calls 0 or -1. */
#ifndef MZ_MONITORSTORE_H
#define MZ_MONITORSTORE_H

#include <stdint.h>

#include "base/date.h"
#include "base/text.h"
#include "store/db.h"

/* The digest stored for a feed record (digest: 65 bytes). */
int ms_record_digest(struct db *db, const char *feed, const char *key, char digest[65],
                     struct mz_err *err);
int ms_record_put(struct db *db, const char *feed, const char *key, const char *digest,
                  int64_t household_id, struct mz_err *err);

/* A rejected record: where it came from and why. */
struct ms_reject {
    int64_t id;
    const char *source, *key, *reason, *at; /* borrowed during the callback */
    long line;
};
int ms_reject_add(struct db *db, const char *feed, const char *source, long line,
                  const char *key, const char *reason, struct mz_err *err);
/* Calls fn for each reject of feed in order; stops on fn's non-zero value
 * and returns it. */
int ms_rejects(struct db *db, const char *feed, int (*fn)(void *ctx, const struct ms_reject *r),
               void *ctx, struct mz_err *err);

/* A household's rows: eligible programs (name, amount in fen) or rule
 * conditions that hold (rule, person id or 0, value text). Loaded into a
 * caller-owned list (items freed with ms_rows_free). */
struct ms_row {
    char name[48];
    int64_t person_id, amount;
    char value[384]; /* the values a condition read (supervision rules read several) */
};
struct ms_rows {
    struct ms_row *items;
    size_t n, cap;
};
int ms_decisions_load(struct db *db, int64_t household_id, struct ms_rows *out,
                      struct mz_err *err);
int ms_decisions_replace(struct db *db, int64_t household_id, const struct ms_rows *rows,
                         mz_date as_of, struct mz_err *err);
int ms_states_load(struct db *db, int64_t household_id, struct ms_rows *out, struct mz_err *err);
int ms_states_replace(struct db *db, int64_t household_id, const struct ms_rows *rows,
                      struct mz_err *err);
/* Appends a row (copies the strings, truncating); -1 when memory runs out. */
int ms_rows_add(struct ms_rows *rows, const char *name, int64_t person_id, int64_t amount,
                const char *value, struct mz_err *err);
void ms_rows_free(struct ms_rows *rows);

/* A warning. Text fields are fixed buffers so a warning can be read,
 * changed and written back. */
struct ms_warning {
    int64_t id, household_id, person_id;
    char rule[48], label[160], severity[8], program[48], hh_no[64], office[13];
    char evidence[8192], raised_by[96], raised_on[11], due[11], state[12];
    /* the texts of the steps: assign, verify (核实情况), close (办理结果),
     * dismiss (撤销理由) */
    char assignee[TEXT_BYTES(TEXT_MAX_NAME)], finding[TEXT_BYTES(TEXT_MAX_NOTE)],
        outcome[TEXT_BYTES(TEXT_MAX_NOTE)], reason[TEXT_BYTES(TEXT_MAX_NOTE)];
};
/* Whether a warning with cond_key is still open, or one with the same
 * value was raised before (then the condition is not raised again). */
int ms_warning_blocked(struct db *db, const char *cond_key, const char *value,
                       struct mz_err *err);
/* Inserts w (state open; w->id set). */
int ms_warning_add(struct db *db, struct ms_warning *w, const char *cond_key,
                   const char *value, struct mz_err *err);
int ms_warning_get(struct db *db, int64_t id, struct ms_warning *w, struct mz_err *err);
/* Writes state, assignee, finding, outcome and reason of w. */
int ms_warning_update(struct db *db, const struct ms_warning *w, struct mz_err *err);
/* Ids of warnings whose office starts with office_prefix, filtered by
 * state, program and rule ("" = any), by office then id. The caller frees
 * *ids with mz_free. */
int ms_warning_ids(struct db *db, const char *office_prefix, const char *state,
                   const char *program, const char *rule, int64_t **ids, size_t *n,
                   struct mz_err *err);
/* Same, for warnings whose street office or household division starts
 * with prefix, by due date then id. */
int ms_warning_ids_in(struct db *db, const char *prefix, const char *state, const char *program,
                      const char *rule, int64_t **ids, size_t *n, struct mz_err *err);
/* The unfinished warnings (open, assigned, verified; any program and
 * rule) of the same scope, in no order, each passed to fn with its
 * household and due date ("YYYY-MM-DD"); fn returns nonzero to stop,
 * which is returned (with err set by fn). */
int ms_warning_dues_in(struct db *db, const char *prefix,
                       int (*fn)(void *ctx, int64_t id, int64_t household_id, const char *due),
                       void *ctx, struct mz_err *err);

/* The link of a case opened from a warning. The look-ups set *out to the
 * other side's id. */
int ms_case_link(struct db *db, int64_t case_id, int64_t warning_id, struct mz_err *err);
int ms_case_of_warning(struct db *db, int64_t warning_id, int64_t *out, struct mz_err *err);
int ms_warning_of_case(struct db *db, int64_t case_id, int64_t *out, struct mz_err *err);

#endif
