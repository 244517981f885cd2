/* The recount of stored case dates after a holiday file is imported
 * (case.h: case_recount_tx, case_calendar_import): deadlines are stored
 * when computed, so those counted on the statutory fallback keep its day
 * until the year's arrangement arrives and they are counted again. */
#include "cases/case.h"
#include "cases/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "registry/registry.h"

/* The working-day dates of open case c counted again on cal into
 * *deadline and *due (unchanged where the limit is in calendar days, the
 * deadline already met by a decision, or nothing is stored). */
static int recount_case(const struct case_env *env, const struct case_row *c, mz_date *deadline,
                        mz_date *due, struct mz_err *err)
{
    const struct cal *cal = env->cal;
    int n;
    *deadline = c->deadline;
    *due = c->state_due;
    const struct procedure *p = proc_find(c->type);
    if (!p)
        return mz_fail(err, "unknown_type", "案件 %" PRId64 " 的类型 %s 没有办理程序", c->id,
                       c->type);
    const struct proc_limit *total = c->extend_reason[0] ? &p->extended : &p->total;
    if (c->accepted_on != MZ_DATE_NONE && c->deadline != MZ_DATE_NONE &&
        total->unit == UNIT_WORKDAYS && !proc_state_decided(p, c->state) &&
        (case_limit(env, total, c->division, c->accepted_on, &n, err) < 0 ||
         cal_add_working_days(cal, c->accepted_on, n, deadline, err) < 0))
        return -1;
    const struct proc_state *s = proc_state(p, c->state);
    if (s && s->due.param && s->due.unit == UNIT_WORKDAYS && c->state_due != MZ_DATE_NONE &&
        (case_limit(env, &s->due, c->division, c->state_since, &n, err) < 0 ||
         cal_add_working_days(cal, c->state_since, n, due, err) < 0))
        return -1;
    return 0;
}

void case_recounted_text(const struct case_recounted *r, char *buf, size_t cap)
{
    char a[11], b[11], c[11], d[11];
    date_format(r->deadline_was, a);
    date_format(r->deadline, b);
    date_format(r->due_was, c);
    date_format(r->due, d);
    bool dl = r->deadline != r->deadline_was, due = r->due != r->due_was;
    snprintf(buf, cap, "%s%s%s%s%s%s%s%s%s", dl ? "法定期限 " : "", dl ? a : "", dl ? " → " : "",
             dl ? b : "", dl && due ? "；" : "", due ? "本环节时限 " : "", due ? c : "",
             due ? " → " : "", due ? d : "");
}

int case_recount_tx(const struct case_env *env, const char *actor, struct case_recounted **out,
                    size_t *n, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    *out = NULL;
    *n = 0;
    int64_t *ids;
    size_t nids, cap = 0;
    if (cs_case_ids(db, "", true, &ids, &nids, err) < 0) /* open cases only */
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nids; i++) {
        struct case_row c;
        if (case_get(env, ids[i], &c, err) <= 0) {
            rc = -1;
            break;
        }
        struct case_row after = c;
        if ((rc = recount_case(env, &c, &after.deadline, &after.state_due, err)) < 0)
            break;
        if (after.deadline == c.deadline && after.state_due == c.state_due)
            continue;
        if (mz_grow(out, &cap, *n + 1, sizeof **out) < 0) {
            rc = mz_fail(err, "out_of_memory", "内存不足");
            break;
        }
        struct case_recounted *r = &(*out)[(*n)++];
        *r = (struct case_recounted){c.id, c.deadline, after.deadline, c.state_due,
                                     after.state_due};
        char text[128], detail[192];
        case_recounted_text(r, text, sizeof text);
        snprintf(detail, sizeof detail, "按新导入的节假日安排重新计算：%s", text);
        rc = cs_case_update(db, &after, err);
        if (rc == 0)
            rc = case_audit(env, actor, "case.recount", &c, &after, detail, err);
    }
    mz_free(ids);
    if (rc < 0) {
        mz_free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int case_calendar_import(struct registry *reg, const struct pol_set *set, const char *actor,
                         const char *path, int *nyears, int *ndays, struct case_recounted **out,
                         size_t *n, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    *out = NULL;
    *n = 0;
    if (db_begin(db, err) < 0)
        return -1;
    struct cal *cal = NULL;
    int rc = cal_import_tx(db, reg_vault(reg), actor, path, nyears, ndays, err);
    if (rc == 0)
        rc = cal_load(db, reg_vault(reg), actor, NULL, &cal, err);
    if (rc == 0) {
        struct case_env env = {reg, cal, set};
        rc = case_recount_tx(&env, actor, out, n, err);
    }
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        mz_free(*out);
        *out = NULL;
        *n = 0;
    }
    cal_free(cal);
    return rc;
}
