/* A person's 长期护理保险 status (ltc.h), read from one household's
 * evaluation by the scalar path of the policy engine. */
#include "care/ltc.h"

#include <string.h>

#include "base/mem.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "policy/snapshot.h"
#include "registry/registry.h"
#include "store/regstore.h"

/* The label of enum input `name` for row, or "" if none / absent. */
static void enum_text(const struct pol_set *set, const struct pol_snapshot *snap, const char *name,
                      size_t row, char *out, size_t cap)
{
    int in = pol_input_find(set, name);
    int ninputs;
    const struct pol_input *inputs = pol_inputs(set, &ninputs);
    int64_t v = in >= 0 ? snap->columns[in][row] : 0;
    snprintf(out, cap, "%s",
             in >= 0 && v > 0 && v <= inputs[in].nenum ? inputs[in].enum_labels[v - 1] : "");
}

int ltc_status(struct registry *reg, const struct pol_set *set, int64_t person_id, mz_date as_of,
               struct ltc_status *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    int tekun = pol_program_find(set, "tekun"), insured = pol_input_find(set, "ltc_insured");
    if (tekun < 0 || insured < 0)
        return mz_fail(err, "policy_missing", "政策中没有长期护理保险的输入或特困供养项目");
    int64_t hh;
    char relation[32];
    mz_date from;
    int rc = rs_membership_current(reg_db(reg), person_id, &hh, relation, &from, err);
    if (rc <= 0) return rc < 0 ? -1 : mz_fail(err, "not_found", "该人员没有在册的家庭");
    int64_t *pids = NULL;
    struct pol_snapshot *snap = snap_load(
        reg_db(reg), set, &(struct snap_request){.as_of = as_of, .household_id = hh}, &pids, err);
    if (!snap) return -1;
    size_t row = snap->npersons;
    for (size_t i = 0; i < snap->npersons; i++)
        if (pids[i] == person_id) row = i;
    struct pol_explanation *ex = NULL;
    rc = -1;
    if (row == snap->npersons) {
        mz_fail(err, "not_found", "该人员在当日不属于任何家庭");
        goto out_free;
    }
    if (!(ex = pol_explain(set, snap, 0, -1, as_of, err))) goto out_free;
    int member = (int)(row - snap->member_start[0]);
    out->insured = snap->columns[insured][row] != 0;
    enum_text(set, snap, "ltc_mode", row, out->mode, sizeof out->mode);
    enum_text(set, snap, "ability_level", row, out->level, sizeof out->level);
    static const char *const names[] = {"ltc_daily_rate", "ltc_monthly"};
    int64_t values[2];
    if (pol_person_values(set, snap, 0, member, as_of, names, 2, values, NULL, err) < 0)
        goto out_free;
    out->daily_rate = values[0];
    out->monthly = values[1];
    out->tekun = pol_explanation_eligible(ex, tekun, member) == 1;
    out->tekun_amount = out->tekun ? pol_explanation_amount(ex, tekun, member) : 0;
    rc = 0;
out_free:
    pol_explanation_free(ex);
    pol_snapshot_free(snap);
    mz_free(pids);
    return rc;
}
