/* 精康融合行动 referrals and their progress (rehab.h). */
#include "disability/rehab.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/text.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/regstore.h"

static const char *const states[][2] = {
    {"referred", "已转介"}, {"received", "机构已接收"}, {"in_rehab", "康复中"}, {"closed", "已结案"}};
#define NSTATES (int)(sizeof states / sizeof states[0])

static int state_index(const char *state)
{
    for (int i = 0; state && i < NSTATES; i++)
        if (strcmp(state, states[i][0]) == 0) return i;
    return -1;
}

const char *rehab_state_label(const char *state)
{
    int i = state_index(state);
    return i < 0 ? state : states[i][1];
}

/* A day as text: not a date, in the future or before `after`: refused. */
static int check_day(const char *text, const char *field, const char *label, mz_date after,
                     mz_date *day, struct mz_err *err)
{
    *day = text ? date_parse(text) : MZ_DATE_NONE;
    if (*day == MZ_DATE_NONE)
        return mz_fail_field(err, field, "invalid_value", "%s应为 YYYY-MM-DD，实为“%.20s”", label,
                             text ? text : "");
    if (date_check(*day, date_today(), field, label, err) < 0) return -1;
    if (*day < after)
        return mz_fail_field(err, field, "invalid_value", "%s %s 早于转介日期", label, text);
    return 0;
}

/* Whether person is a rehab_target on day (*yes). */
static int is_target(struct registry *reg, const struct pol_set *set, int64_t person, mz_date day,
                     bool *yes, struct mz_err *err)
{
    *yes = false;
    int64_t household = 0;
    mz_date joined;
    char relation[32];
    if (rs_membership_current(reg_db(reg), person, &household, relation, &joined, err) < 0)
        return -1;
    if (household <= 0) return 0;
    int64_t v = 0;
    int rc = snap_person_value(reg_db(reg), set, household, person, day, "rehab_target", &v, err);
    *yes = rc == 0 && v != 0;
    return rc;
}

static int audit(struct registry *reg, const char *actor, const char *action, int64_t id,
                 const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, "rehab_referral", key, NULL, NULL, detail};
    return audit_append(reg_db(reg), reg_vault(reg), &ev, err);
}

int rehab_refer(struct registry *reg, const struct pol_set *set, int64_t person_id,
                const char *referred_on, const char *service, const char *actor, int64_t *id,
                struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct person_row p;
    int found = person_id > 0 ? rs_person_get(db, person_id, &p, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "person", "unknown_person",
                                         "没有这名人员（人员编号 %" PRId64 "）", person_id);
    mz_date day;
    if (check_day(referred_on, "referred_on", "转介日期", MZ_DATE_NONE + 1, &day, err) < 0)
        return -1;
    if (!service || !*service)
        return mz_fail_field(err, "service", "missing_field", "请填写接收转介的社区康复服务机构");
    if (text_check(service, "service", "社区康复服务机构", TEXT_MAX_NAME, TEXT_NAME, err) < 0)
        return -1;
    bool target;
    if (is_target(reg, set, person_id, day, &target, err) < 0) return -1;
    if (!target)
        return mz_fail_field(err, "person", "not_target",
                             "%s 在 %s 不是精康融合行动服务对象（严重精神障碍患者或精神残疾人）", p.name,
                             referred_on);
    int64_t open = 0;
    if (chs_rehab_open(db, person_id, &open, err) < 0) return -1;
    if (open)
        return mz_fail_field(err, "person", "already_referred", "%s 已有未结案的康复转介", p.name);
    char detail[96];
    snprintf(detail, sizeof detail, "%s 转介社区康复服务", referred_on);
    int rc = db_begin(db, err);
    if (rc == 0) rc = chs_rehab_add(db, person_id, referred_on, service, actor, id, err);
    if (rc == 0) rc = audit(reg, actor, "rehab.refer", *id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

int rehab_progress(struct registry *reg, int64_t id, const char *on_day, const char *state,
                   const char *note, const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct rehab_row r;
    int found = id > 0 ? chs_rehab_get(db, id, &r, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "id", "not_found", "没有这条康复转介（%" PRId64 "）", id);
    mz_date day;
    if (check_day(on_day, "on_day", "日期", date_parse(r.referred_on), &day, err) < 0) return -1;
    int to = state_index(state), from = state_index(r.state);
    if (to <= 0)
        return mz_fail_field(err, "state", "invalid_value",
                             "进展应为 received（机构已接收）、in_rehab（康复中）或 closed（已结案），实为“%.20s”",
                             state ? state : "");
    if (to <= from)
        return mz_fail_field(err, "state", "bad_state", "转介已是“%s”，不能改为“%s”",
                             rehab_state_label(r.state), rehab_state_label(state));
    if (text_check(note, "note", "进展情况", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0) return -1;
    char detail[96];
    snprintf(detail, sizeof detail, "%s %s", on_day, rehab_state_label(state));
    int rc = db_begin(db, err);
    if (rc == 0) rc = chs_rehab_progress(db, id, on_day, state, note ? note : "", actor, err);
    if (rc == 0) rc = audit(reg, actor, "rehab.progress", id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}
