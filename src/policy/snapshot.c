/* The struct-of-arrays snapshot: allocation with defaults and shape checks. */
#include <string.h>

#include "base/mem.h"
#include "policy/internal.h"
#include "policy/snapshot.h"

struct pol_snapshot *pol_snapshot_new(const struct pol_set *set, size_t npersons,
                                      size_t nhouseholds, struct mz_err *err)
{
    struct pol_snapshot *s = mz_calloc(1, sizeof *s);
    if (!s)
        goto out_oom;
    s->npersons = npersons;
    s->nhouseholds = nhouseholds;
    s->ncolumns = set->ninputs;
    s->household_id = mz_calloc(nhouseholds, sizeof *s->household_id);
    s->member_start = mz_calloc(nhouseholds + 1, sizeof *s->member_start);
    s->division = mz_calloc(nhouseholds, sizeof *s->division);
    s->columns = mz_calloc((size_t)set->ninputs, sizeof *s->columns);
    if (!s->household_id || !s->member_start || !s->division || !s->columns)
        goto out_free;
    for (int i = 0; i < set->ninputs; i++) {
        const struct pol_input *in = &set->inputs[i];
        size_t rows = in->entity == POL_PERSON ? npersons : nhouseholds;
        if (!(s->columns[i] = mz_malloc(rows * sizeof(int64_t))))
            goto out_free;
        for (size_t r = 0; r < rows; r++)
            s->columns[i][r] = in->dflt;
    }
    return s;
out_free:
    pol_snapshot_free(s);
out_oom:
    mz_fail(err, "out_of_memory", "快照内存不足（%zu 人，%zu 户）", npersons, nhouseholds);
    return NULL;
}

void pol_snapshot_free(struct pol_snapshot *s)
{
    if (!s)
        return;
    for (int i = 0; s->columns && i < s->ncolumns; i++)
        mz_free(s->columns[i]);
    mz_free(s->columns);
    mz_free(s->household_id);
    mz_free(s->member_start);
    mz_free(s->division);
    mz_free(s);
}

int64_t *pol_snapshot_column(struct pol_snapshot *snap, int input)
{
    return snap->columns[input];
}

int pol_snapshot_validate(const struct pol_snapshot *s, struct mz_err *err)
{
    if (s->member_start[0] != 0 || s->member_start[s->nhouseholds] != s->npersons)
        return mz_fail(err, "invalid_snapshot", "快照的成员区间应从 0 到 %zu", s->npersons);
    for (size_t h = 0; h < s->nhouseholds; h++) {
        if (s->member_start[h + 1] < s->member_start[h])
            return mz_fail(err, "invalid_snapshot", "第 %zu 户的成员区间递减", h);
        if (strlen(s->division[h]) != 12 || strspn(s->division[h], "0123456789") != 12)
            return mz_fail(err, "invalid_snapshot", "第 %zu 户的区划代码 '%.12s' 不是 12 位数字",
                           h, s->division[h]);
    }
    return 0;
}
