/* Dynamic monitoring (低收入人口动态监测): other departments' records come in
 * through feeds, every household they touch is re-evaluated by the policy
 * engine in the same transaction, and warning rules turn changes into
 * warnings (预警) for the household's street office.
 *
 * Feed definitions (feeds/NAME.feed, docs/monitoring.md): the columns of a
 * department's file, the ID-number column (persons are matched through the
 * registry's blind index), the record-key columns (idempotency), the
 * effective-date column and the facts each record sets.
 *
 * Warning rules are `warning` declarations of the policy files
 * (docs/monitoring.md), compiled with the programs into the pol_set:
 *   warning NAME "标签" severity high|medium|low due N workdays
 *       when became eligible|ineligible PROGRAM | when person EXPR  [note "附注"]
 * A rule raises when its condition starts to hold for a household (or a
 * member) compared with the state the monitor last recorded for it; an
 * open warning for the same rule, household and member is never doubled.
 *
 * Ownership: a feed_def is owned by the caller (feed_def_free); everything
 * in mon_env is borrowed. Failures return -1 with a Chinese message on
 * err. */
#ifndef MZ_MONITOR_H
#define MZ_MONITOR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"

struct registry;
struct pol_set;
struct cal;
struct case_env;
struct table;

struct mon_env {
    struct registry *reg;
    const struct pol_set *set; /* programs and warning rules */
    const struct cal *cal;     /* due dates in working days */
};

struct mon_counts {
    long households, warnings;
    long findings; /* 免申即享 findings for the street offices (src/autogrant) */
};

/* Re-evaluates n distinct households as of a day inside the caller's
 * transaction, in one snapshot and one evaluation: updates their current
 * decisions and conditions and raises warnings. raised_by names the
 * trigger ("feed:yibao", "sweep"); records[i] (records may be NULL) lists
 * the feed records that touched household_ids[i], for the evidence. */
int mon_households(const struct mon_env *env, const int64_t *household_ids,
                   const char *const *records, size_t n, mz_date as_of, const char *raised_by,
                   struct mon_counts *counts, struct mz_err *err);

/* Re-evaluates every household as of a day in one transaction and raises
 * what incremental updates missed. baseline: record decisions and
 * conditions without raising (the first sweep of a registry). */
int mon_sweep(const struct mon_env *env, mz_date as_of, bool baseline, struct mon_counts *counts,
              struct mz_err *err);

/* Warning lifecycle: open → assigned → verified → closed (with an outcome),
 * or dismissed (with a reason) from any open state. action is "assign"
 * (text = assignee), "verify" (text = note), "close" (text = outcome) or
 * "dismiss" (text = reason); actor goes to the audit log. */
int mon_warning_step(struct registry *reg, int64_t id, const char *action, const char *text,
                     const char *actor, struct mz_err *err);

/* Opens a case of type (a procedure, "dibao", …) for the warning's
 * household on day, linked to the warning, in one transaction: the case's
 * first step notes the warning, and an open warning moves to assigned
 * (assignee as its 经办人). Fails with "already_linked" if the warning
 * has a case, "warning_closed" if it is closed or dismissed, and as
 * case_open does. Sets *case_id. */
int mon_warning_case(const struct case_env *env, int64_t warning_id, const char *type,
                     const char *actor, const char *assignee, mz_date day, int64_t *case_id,
                     struct mz_err *err);

/* The Chinese label of a warning state ("待处理", …), or state itself. */
const char *mon_warning_state_label(const char *state);
/* Whether state is one of the warning states (open, assigned, verified,
 * closed, dismissed). */
bool mon_warning_state_known(const char *state);

/* 政策找人 candidate list: the households with an unfinished warning
 * (open, assigned or verified) for program, under division (a code
 * prefix, "" = all), written to an XLSX file with Chinese headers (one row
 * per warning: office, household, program, warning, severity, state, days,
 * assignee, evidence). *rows receives the number of rows written. */
int mon_candidates_xlsx(struct registry *reg, const char *program, const char *division,
                        const char *path, long *rows, struct mz_err *err);

/* A feed definition. */
struct feed_def;
struct feed_def *feed_def_load(const char *path, struct mz_err *err);
/* Loads dir/NAME.feed; a name that is not [a-z0-9_]+ is refused. */
struct feed_def *feed_def_find(const char *dir, const char *name, struct mz_err *err);
void feed_def_free(struct feed_def *f);
const char *feed_def_name(const struct feed_def *f);
const char *feed_def_label(const struct feed_def *f);

struct feed_stats {
    long records;   /* data records read */
    long applied;   /* accepted: facts stored, households re-evaluated */
    long unchanged; /* record key already received with the same content */
    long rejected;  /* unmatched or invalid: in the reject queue */
    long households, warnings;
};

/* How one ingestion runs. */
struct feed_run {
    const char *source; /* file name or "api:MACHINE": messages, the reject queue */
    mz_date as_of;      /* households are re-evaluated as of this day */
    int batch;          /* records per transaction (>= 1) */
    /* Called for each rejected record, after it is queued (may be NULL):
     * its line (its position for a JSON array), key ("" if none), reason. */
    void (*on_reject)(void *ctx, long line, const char *key, const char *reason);
    void *ctx;
};

/* Ingests a table (CSV or XLSX; see io/table.h), run->batch records per
 * transaction. Each accepted record stores its facts (source "feed:NAME",
 * audited under the registry's actor) and its record key; the households
 * touched in a batch are re-evaluated in the same transaction. Rejected
 * records go to the reject queue with the reason. Fails only when the
 * table or the database fails (the open batch is rolled back). */
int feed_ingest(const struct mon_env *env, const struct feed_def *f, struct table *t,
                const struct feed_run *run, struct feed_stats *st, struct mz_err *err);

/* Same over JSON lines: one object per line whose members are named like
 * the table columns of the feed definition (strings or numbers). A line
 * that is not a JSON object is rejected with the parser's reason. */
int feed_ingest_jsonl(const struct mon_env *env, const struct feed_def *f, FILE *jsonl,
                      const struct feed_run *run, struct feed_stats *st, struct mz_err *err);

/* Same over a JSON array of such objects, or one object (text of len
 * bytes); an element that is not an object is rejected. Text that is
 * neither fails with code "invalid_json" before anything is stored. */
int feed_ingest_json(const struct mon_env *env, const struct feed_def *f, const char *text,
                     size_t len, const struct feed_run *run, struct feed_stats *st,
                     struct mz_err *err);

#endif
