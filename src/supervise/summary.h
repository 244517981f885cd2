/* The supervision dashboards (监督看板) and the integrity report for
 * 纪检: the anomaly findings of a period by rule and county with their
 * handling and the time to resolve them, the households enrolled with
 * staff or staff's near relatives (filed as 近亲属备案 or not), the spot
 * checks with their results; and the report as an Excel workbook an
 * inspector reads without the system (report.c). Everything is named for
 * people (rule labels, county names); the codes stay in keys a console
 * needs for links. */
#ifndef MZ_SUPERVISE_SUMMARY_H
#define MZ_SUPERVISE_SUMMARY_H

#include <jansson.h>
#include <stdbool.h>

#include "base/err.h"

struct pol_set;
struct registry;

/* What to summarize: findings raised and draws made in [from, to]
 * (YYYY-MM-DD), under the division code prefixes scope (an account's
 * scope); staff relatives enrolled on `to`. */
struct sup_query {
    const char (*scope)[13];
    int nscope;
    const char *from, *to;
};

/* The summary as JSON (the caller decrefs): "rules" and "counties" (each
 * raised, open, confirmed, dismissed, resolved, median_days, slowest_days),
 * "staff_relatives" with the counts filed and unfiled, "spot_checks"; with
 * details also "findings" (each confirmed or dismissed finding with its
 * evidence and handling) and "against" (approvals against the engine and
 * one-hand cases, in any state). NULL on error (err filled). A finding is a
 * warning of a `to supervision` rule or of the approved-against rule. */
json_t *sup_summary(struct registry *r, const struct pol_set *set, const struct sup_query *q,
                    bool details, struct mz_err *err);

/* A spot check as JSON (the caller decrefs; NULL when memory runs out):
 * its program and division by name, share, seed, sizes and results so
 * far (passed, failed, unchecked, pending). */
struct spot_check_row;
json_t *sup_spot_check_json(struct registry *r, const struct pol_set *set,
                            const struct spot_check_row *s);
/* The spot checks drawn for a division under q's scope whose day is in
 * q's period, by id (the caller decrefs); NULL on error (err). */
json_t *sup_spot_checks(struct registry *r, const struct pol_set *set, const struct sup_query *q,
                        struct mz_err *err);

/* Who an audit actor is, for people: "user:zhang" -> "zhang",
 * "cli:root" -> "命令行（root）", "sweep" -> "全市复核", "county:演示监督"
 * -> "演示监督". */
void sup_actor_label(const char *actor, char *out, size_t cap);

/* The audit chain as the report states it: whether it verified, how
 * many entries, its head, and the newest signed checkpoint if one could
 * be read (checkpoint path and public key may be NULL). */
struct sup_audit {
    const char *checkpoint, *pubkey;
};

/* Writes the integrity report to path: a cover sheet (scope_name, the
 * period, when and by whom produced, the audit chain's verification),
 * findings by rule and county, every confirmed or dismissed finding with
 * its evidence and handling, approvals against the engine and one-hand
 * cases, staff relatives, spot checks with results. Audited
 * "supervise.report" by actor. 0, or -1 (err). */
int sup_report(struct registry *r, const struct pol_set *set, const struct sup_query *q,
               const char *scope_name, const struct sup_audit *audit, const char *actor,
               const char *path, struct mz_err *err);

#endif
