/* The 儿童主任's visits, guidance and referrals (visit.h). */
#include "children/visit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/text.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/regstore.h"

static const char *const kinds[] = {"入户探访", "电话联系", "监护指导", "心理健康转介"};
#define NKINDS (sizeof kinds / sizeof kinds[0])
#define REFERRAL "心理健康转介"

const char *const *child_visit_kinds(size_t *n)
{
    *n = NKINDS;
    return kinds;
}

static int check(struct registry *reg, const struct child_visit_in *in, mz_date *day,
                 struct mz_err *err)
{
    struct person_row p;
    int found = in->person_id > 0 ? rs_person_get(reg_db(reg), in->person_id, &p, err) : 0;
    if (found < 0) return -1;
    if (!found)
        return mz_fail_field(err, "person", "unknown_person", "没有这名儿童（人员编号 %" PRId64 "）",
                             in->person_id);
    *day = in->visited_on ? date_parse(in->visited_on) : MZ_DATE_NONE;
    if (*day == MZ_DATE_NONE)
        return mz_fail_field(err, "visited_on", "invalid_value", "日期应为 YYYY-MM-DD，实为“%.20s”",
                             in->visited_on ? in->visited_on : "");
    if (date_check(*day, date_today(), "visited_on", "日期", err) < 0) return -1;
    if (*day < p.birth)
        return mz_fail_field(err, "visited_on", "invalid_value", "日期 %s 早于儿童的出生日期",
                             in->visited_on);
    if (date_age(p.birth, *day) >= 18)
        return mz_fail_field(err, "person", "not_a_child", "%s 在 %s 已满18周岁，不是儿童", p.name,
                             in->visited_on);
    bool known = false;
    for (size_t i = 0; in->kind && i < NKINDS; i++) known |= strcmp(in->kind, kinds[i]) == 0;
    if (!known)
        return mz_fail_field(err, "kind", "invalid_value",
                             "类别应为“入户探访”“电话联系”“监护指导”或“心理健康转介”，实为“%.20s”",
                             in->kind ? in->kind : "");
    if (!in->visitor || !*in->visitor)
        return mz_fail_field(err, "visitor", "missing_field", "请填写探访人");
    if (text_check(in->visitor, "visitor", "探访人", TEXT_MAX_NAME, TEXT_NAME, err) < 0 ||
        text_check(in->findings, "findings", "情况记录", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    return 0;
}

int child_visit_record(const struct mon_env *env, const struct child_visit_in *in,
                       const char *actor, int64_t *id, struct mz_err *err)
{
    struct registry *reg = env->reg;
    struct db *db = reg_db(reg);
    mz_date day = MZ_DATE_NONE;
    if (check(reg, in, &day, err) < 0) return -1;
    struct child_visit_row v = {.person_id = in->person_id};
    snprintf(v.visited_on, sizeof v.visited_on, "%s", in->visited_on);
    snprintf(v.kind, sizeof v.kind, "%s", in->kind);
    snprintf(v.visitor, sizeof v.visitor, "%s", in->visitor);
    snprintf(v.findings, sizeof v.findings, "%s", in->findings ? in->findings : "");
    snprintf(v.recorded_by, sizeof v.recorded_by, "%s", actor);
    char date[11];
    date_format(day, date);
    bool contact = strcmp(in->kind, REFERRAL) != 0;
    struct reg_fact_in fact = {NULL, NULL, "last_contact", date, date, "child_visit"};
    enum put_result res;
    int64_t household = 0;
    mz_date joined;
    char relation[32];
    struct mon_counts counts = {0};
    int rc = db_begin(db, err);
    if (rc == 0) rc = chs_visit_add(db, &v, id, err);
    if (rc == 0 && contact) rc = reg_person_fact_put(reg, in->person_id, &fact, &res, err);
    if (rc == 0)
        rc = rs_membership_current(db, in->person_id, &household, relation, &joined, err) < 0 ? -1
                                                                                              : 0;
    if (rc == 0 && contact && household > 0)
        rc = mon_households(env, &household, NULL, 1, date_today(), "child_visit", &counts, err);
    char key[24], detail[96];
    snprintf(key, sizeof key, "%" PRId64, *id);
    snprintf(detail, sizeof detail, "%s %s", date, v.kind);
    struct audit_event ev = {actor, "child.visit", "child_visit", key, NULL, NULL, detail};
    if (rc == 0) rc = audit_append(db, reg_vault(reg), &ev, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}
