/* Appointments (预约, 条例第七条第三款): slots of an office's working days,
 * marriage_slot_capacity couples a slot. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cases/calendar.h"
#include "marriage/internal.h"
#include "policy/policy.h"
#include "registry/registry.h"

static const char *const slots[] = {"09:00", "10:00", "11:00", "14:00", "15:00", "16:00"};

const char *const *mar_slots(size_t *n)
{
    *n = sizeof slots / sizeof slots[0];
    return slots;
}

int mar_appoint(const struct marriage_env *env, const struct mar_appoint_in *in, int64_t *id,
                struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    if (in->day == MZ_DATE_NONE)
        return mz_fail_field(err, "day", "invalid_value", "预约日期应为 YYYY-MM-DD");
    if (in->day < date_today())
        return mz_fail_field(err, "day", "invalid_value", "预约日期不能早于今天");
    if (office_check(env, in->office, in->day, err) < 0)
        return -1;
    bool known = false;
    for (size_t i = 0; in->slot && i < sizeof slots / sizeof slots[0]; i++)
        known |= strcmp(in->slot, slots[i]) == 0;
    if (!known)
        return mz_fail_field(err, "slot", "invalid_value",
                             "预约时段应为 09:00、10:00、11:00、14:00、15:00 或 16:00，实为“%.10s”",
                             in->slot ? in->slot : "");
    if (!in->kind || (strcmp(in->kind, "marriage") && strcmp(in->kind, "divorce") &&
                      strcmp(in->kind, "replacement")))
        return mz_fail_field(err, "kind", "invalid_value",
                             "预约事项应为 marriage（结婚登记）、divorce（离婚登记）或 replacement（补领）");
    if (!in->parties || !*in->parties)
        return mz_fail_field(err, "parties", "missing_field", "请填写预约人的姓名");
    if (text_check(in->parties, "parties", "预约人", 60, TEXT_LINE, err) < 0)
        return -1;
    bool working = false;
    if (!env->cal || cal_is_working_day(env->cal, in->day, &working, err) < 0)
        return err->code[0] ? -1 : mz_fail(err, "no_calendar", "没有工作日历");
    char day[11];
    date_format(in->day, day);
    if (!working)
        return mz_fail_field(err, "day", "invalid_value", "%s 是休息日或节假日，婚姻登记处不办公", day);
    int64_t cap = 0, taken = 0;
    if (!env->set || !pol_param_lookup(env->set, "marriage_slot_capacity", in->office, 0, in->day,
                                       &cap))
        return mz_fail(err, "no_limit", "政策文件中没有预约号源数（marriage_slot_capacity）");
    struct appointment_row a = {0};
    snprintf(a.office, sizeof a.office, "%s", in->office);
    snprintf(a.day, sizeof a.day, "%s", day);
    snprintf(a.slot, sizeof a.slot, "%s", in->slot);
    snprintf(a.kind, sizeof a.kind, "%s", in->kind);
    snprintf(a.parties, sizeof a.parties, "%s", in->parties);
    snprintf(a.booked_by, sizeof a.booked_by, "%s", in->actor);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = ms_appointment_taken(db, in->office, day, in->slot, &taken, err);
    if (rc == 0 && taken >= cap)
        rc = mz_fail_field(err, "slot", "no_capacity", "%s %s 的号源（%" PRId64 " 个）已约满，请选择其他时段",
                           day, in->slot, cap);
    if (rc == 0)
        rc = ms_appointment_insert(db, &a, err);
    if (rc == 0)
        rc = mar_audit(env, in->actor, "appointment.book", "marriage_appointment", a.id, a.kind, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    *id = a.id;
    return 0;
}

int mar_appointment_cancel(const struct marriage_env *env, int64_t id, const char *actor,
                           struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    bool changed = false;
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = ms_appointment_state(db, id, "cancelled", &changed, err);
    if (rc == 0 && !changed)
        rc = mz_fail(err, "bad_state", "预约 %" PRId64 " 不存在或已使用、已取消", id);
    if (rc == 0)
        rc = mar_audit(env, actor, "appointment.cancel", "marriage_appointment", id, NULL, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}
