/* 老年人能力评估 (GB/T 42195-2022): an elderly person assessed on a date by
 * two distinct assessors, item by item, for a reason (首次, 常规, 即时,
 * 复评). The items, their ranges, the level bands and the adjustments are
 * the `scale ability` of the policies (care_assess.pol): this module only
 * checks who and when, scores through the policy engine, and records —
 * in one transaction — the assessment with its report, the final level as
 * the dated registry fact ability_level and the reassessment due date as
 * ability_reassess_due (both audited through the registry), an audit entry
 * of its own, and the re-evaluation of the person's household by the
 * monitor (warnings). Nothing is written when anything is refused.
 * Functions return 0, or -1 with a Chinese message on err (err->field
 * names the input at fault: an item name, "reason", "assessor1" …). */
#ifndef MZ_CARE_ASSESS_H
#define MZ_CARE_ASSESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "store/assessstore.h"

struct mon_env;
struct pol_set;
struct pol_scale;

/* The scale an assessment is scored on (`scale ability`), or NULL with a
 * message if the policies declare none. Borrowed from set. */
const struct pol_scale *assess_scale(const struct pol_set *set, struct mz_err *err);

/* The reasons an assessment may be made for, NULL-terminated (static). */
const char *const *assess_reasons(void);

/* An item score or a recorded condition, by its name in the scale (or its
 * Chinese label), as text: an integer, or 是/否 for a yes/no condition. */
struct assess_value {
    const char *name, *value;
};
struct assess_in {
    int64_t person_id;
    const char *assessed_on; /* YYYY-MM-DD, not after today */
    const char *reason;
    const char *assessor1, *assessor2; /* account names, distinct */
    const struct assess_value *values;
    size_t nvalues; /* every item; conditions not given are 否 / 0 */
};

/* Records one assessment (see above) under actor; out receives the row. */
int assess_record(const struct mon_env *env, const struct assess_in *in, const char *actor,
                  struct assessment_row *out, struct mz_err *err);

/* Records the assessments of a CSV or XLSX file, all or nothing: columns
 * 身份证号, 评估日期, 评估原因, 评估员1, 评估员2, then one per item and
 * condition headed by its Chinese label (or name). Every bad row is
 * written to report as FILE:LINE: 列“…”：reason, and then nothing is
 * stored (code rejected_rows). *rows receives the number recorded. */
int assess_import(const struct mon_env *env, const char *path, const char *actor, FILE *report,
                  int64_t *rows, struct mz_err *err);

/* The value of item or condition `name` in a stored "name=value …" text,
 * or -1 if absent. */
int assess_stored_value(const char *stored, const char *name);

#endif
