/* 重度残疾人托养 placements and their subsidy's enrolment (tuoyang.h). */
#include "disability/tuoyang.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "care/provider.h"
#include "pay/pay.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/providerstore.h"
#include "store/regstore.h"

#define PROGRAM "tuoyang"
#define SOURCE "托养安置"

/* Whether a provider of kind offers mode: 寄宿 in an institution; 日间 in
 * an institution, a street centre or a community station. */
static bool offers(const char *kind, const char *mode)
{
    if (strcmp(kind, "institution") == 0) return true;
    return strcmp(mode, "日间") == 0 && (strcmp(kind, "centre") == 0 || strcmp(kind, "station") == 0);
}

/* A day as text: a date not in the future and not before after. */
static int check_day(const char *text, const char *field, const char *label, mz_date after,
                     mz_date *day, struct mz_err *err)
{
    *day = text ? date_parse(text) : MZ_DATE_NONE;
    if (*day == MZ_DATE_NONE)
        return mz_fail_field(err, field, "invalid_value", "%s应为 YYYY-MM-DD，实为“%.20s”", label,
                             text ? text : "");
    if (date_check(*day, date_today(), field, label, err) < 0) return -1;
    if (*day < after)
        return mz_fail_field(err, field, "invalid_value", "%s %s 早于托养开始日期", label, text);
    return 0;
}

/* Writes person's tuoyang_mode fact from day (inside the transaction). */
static int set_mode(struct registry *reg, int64_t person, const char *mode, const char *day,
                    struct mz_err *err)
{
    struct reg_fact_in fact = {NULL, NULL, "tuoyang_mode", mode, day, "tuoyang"};
    enum put_result res;
    return reg_person_fact_put(reg, person, &fact, &res, err);
}

static int audit(struct registry *reg, const char *actor, const char *action, int64_t id,
                 const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, "tuoyang_placement", key, NULL, NULL, detail};
    return audit_append(reg_db(reg), reg_vault(reg), &ev, err);
}

int ty_place(struct registry *reg, const struct pol_set *set, int64_t person_id,
             int64_t provider_id, const char *mode, const char *start_on, const char *actor,
             int64_t *id, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct person_row p;
    int found = person_id > 0 ? rs_person_get(db, person_id, &p, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "person", "unknown_person",
                                         "没有这名人员（人员编号 %" PRId64 "）", person_id);
    if (!mode || (strcmp(mode, "寄宿") != 0 && strcmp(mode, "日间") != 0))
        return mz_fail_field(err, "mode", "invalid_value", "托养方式应为“寄宿”或“日间”，实为“%.20s”",
                             mode ? mode : "");
    mz_date day;
    if (check_day(start_on, "start_on", "托养开始日期", p.birth, &day, err) < 0) return -1;
    struct provider_row v;
    found = provider_id > 0 ? pvs_provider_get(db, provider_id, &v, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "provider", "unknown_provider",
                                         "没有这家服务机构（%" PRId64 "）", provider_id);
    if (!offers(v.kind, mode))
        return mz_fail_field(err, "provider", "wrong_kind", "%s（%s）不提供%s托养", v.name,
                             care_kind_label(v.kind), mode);
    int64_t household = 0, severe = 0;
    mz_date joined;
    char relation[32];
    if (rs_membership_current(db, person_id, &household, relation, &joined, err) < 0) return -1;
    if (household > 0 &&
        snap_person_value(db, set, household, person_id, day, "tuoyang_severe", &severe, err) < 0)
        return -1;
    if (!severe)
        return mz_fail_field(err, "person", "not_severe",
                             "%s 在 %s 不是重度残疾人（一、二级，或三、四级智力、精神残疾）", p.name,
                             start_on);
    /* paid from the first month on whose first day the person is placed */
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    pay_month from = pay_month_of(day) + (d > 1);
    int64_t enrolment;
    bool added;
    char detail[320];
    snprintf(detail, sizeof detail, "%s 起在 %s %s托养", start_on, v.name, mode);
    int rc = db_begin(db, err);
    if (rc == 0) rc = chs_tuoyang_add(db, person_id, provider_id, mode, start_on, actor, id, err);
    if (rc == 0) rc = set_mode(reg, person_id, mode, start_on, err);
    if (rc == 0)
        rc = pay_enrol_tx(reg, set, PROGRAM, household, person_id, from, SOURCE, actor,
                                 &enrolment, &added, err);
    if (rc == 0) rc = audit(reg, actor, "tuoyang.place", *id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

int ty_end(struct registry *reg, int64_t person_id, const char *end_on, const char *actor,
           struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct tuoyang_row t;
    mz_date day;
    char detail[320];
    int rc = db_begin(db, err);
    int found = rc == 0 && person_id > 0 ? chs_tuoyang_open(db, person_id, &t, err) : 0;
    if (rc == 0 && found <= 0)
        rc = found < 0 ? -1
                       : mz_fail_field(err, "person", "not_in_care", "该人员目前没有托养安置");
    if (rc == 0) rc = check_day(end_on, "end_on", "托养结束日期", date_parse(t.start_on), &day, err);
    if (rc == 0) rc = chs_tuoyang_end(db, t.id, end_on, err);
    if (rc == 0) rc = set_mode(reg, person_id, "无", end_on, err);
    if (rc == 0) {
        snprintf(detail, sizeof detail, "%s 结束在 %s 的%s托养", end_on, t.provider, t.mode);
        rc = audit(reg, actor, "tuoyang.end", t.id, detail, err);
    }
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}
