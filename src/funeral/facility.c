/* Supervision of funeral facilities (funeral.h): 殡仪馆, 公墓 and 骨灰堂 with
 * their approval (殡葬管理条例第八条), licence, published price list (only
 * listed fees may be charged) and the complaints about them. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/text.h"
#include "funeral/funeral.h"
#include "registry/registry.h"
#include "registry/vars.h"
#include "store/funeralstore.h"
#include "store/regstore.h"

static const struct {
    const char *kind, *label;
} kinds[] = {{"funeral_home", "殡仪馆"}, {"cemetery", "公墓"}, {"columbarium", "骨灰堂"}};

const char *fun_kind_label(const char *kind)
{
    for (size_t i = 0; i < 3; i++)
        if (strcmp(kind, kinds[i].kind) == 0)
            return kinds[i].label;
    return kind;
}

const char *fun_kind_of(const char *word)
{
    for (size_t i = 0; word && i < 3; i++)
        if (strcmp(word, kinds[i].kind) == 0 || strcmp(word, kinds[i].label) == 0)
            return kinds[i].kind;
    return NULL;
}

const char *fun_licence_state(const char *licence_no, const char *until, mz_date today)
{
    if (!licence_no || !*licence_no)
        return "none";
    if (!until || !*until)
        return "valid";
    mz_date end = date_parse(until);
    return end < today ? "expired" : end - today <= 90 ? "expiring" : "valid";
}

const char *fun_licence_label(const char *state)
{
    return strcmp(state, "valid") == 0      ? "有效"
           : strcmp(state, "expiring") == 0 ? "即将到期"
           : strcmp(state, "expired") == 0  ? "已过期"
                                            : "未登记";
}

static int audit(const struct funeral_env *env, const char *actor, const char *action,
                 const char *entity, int64_t id, const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, entity, key, NULL, NULL, detail};
    return audit_append(reg_db(env->reg), reg_vault(env->reg), &ev, err);
}

static int required(const char *v, const char *field, const char *label, struct mz_err *err)
{
    return v && *v ? 0 : mz_fail_field(err, field, "missing_field", "请填写%s", label);
}

int fun_facility_put(const struct funeral_env *env, const struct fun_facility_in *in, int64_t *id,
                     struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    const char *kind = fun_kind_of(in->kind);
    if (required(in->code, "code", "设施编码", err) < 0 ||
        required(in->name, "name", "设施名称", err) < 0 ||
        required(in->division, "division", "所在区划", err) < 0 ||
        text_check(in->code, "code", "设施编码", 30, TEXT_LINE, err) < 0 ||
        text_check(in->name, "name", "设施名称", 60, TEXT_LINE, err) < 0 ||
        text_check(in->address, "address", "地址", TEXT_MAX_ADDRESS, TEXT_LINE, err) < 0 ||
        text_check(in->licence_no, "licence_no", "批准文号", 60, TEXT_LINE, err) < 0 ||
        text_check(in->approved_by, "approved_by", "批准机关", 60, TEXT_LINE, err) < 0)
        return -1;
    if (!kind)
        return mz_fail_field(err, "kind", "invalid_value",
                             "设施类型应为殡仪馆（funeral_home）、公墓（cemetery）或骨灰堂（columbarium），实为“%.20s”",
                             in->kind ? in->kind : "");
    if (in->capacity < 0)
        return mz_fail_field(err, "capacity", "invalid_value", "容量不能为负");
    struct division_row d;
    int found = rs_division_at(db, in->division, date_today(), &d, err);
    if (found < 0)
        return -1;
    if (!found)
        return mz_fail_field(err, "division", "unknown_division", "区划代码 %s 不存在", in->division);
    if (in->licence_until && *in->licence_until && date_parse(in->licence_until) == MZ_DATE_NONE)
        return mz_fail_field(err, "licence_until", "invalid_value", "许可有效期应为 YYYY-MM-DD");
    struct facility_row f = {.capacity = in->capacity};
    snprintf(f.code, sizeof f.code, "%s", in->code);
    snprintf(f.name, sizeof f.name, "%s", in->name);
    snprintf(f.kind, sizeof f.kind, "%s", kind);
    snprintf(f.division, sizeof f.division, "%s", in->division);
    snprintf(f.address, sizeof f.address, "%s", in->address ? in->address : "");
    snprintf(f.licence_no, sizeof f.licence_no, "%s", in->licence_no ? in->licence_no : "");
    snprintf(f.licence_until, sizeof f.licence_until, "%s",
             in->licence_until ? in->licence_until : "");
    snprintf(f.approved_by, sizeof f.approved_by, "%s", in->approved_by ? in->approved_by : "");
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = fs_facility_put(db, &f, err);
    if (rc == 0)
        rc = audit(env, in->actor, "funeral.facility", "funeral_facility", f.id, f.code, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    *id = f.id;
    return 0;
}

static int facility(const struct funeral_env *env, int64_t id, struct facility_row *f,
                    struct mz_err *err)
{
    int found = fs_facility_get(reg_db(env->reg), id, f, err);
    return found < 0 ? -1 : found ? 0 : mz_fail(err, "not_found", "殡葬设施 %" PRId64 " 不存在", id);
}

int fun_price_put(const struct funeral_env *env, int64_t facility_id, const char *service,
                  const char *price, const char *unit, bool basic, const char *actor,
                  struct mz_err *err)
{
    struct facility_row f;
    struct price_row p = {.basic = basic};
    if (facility(env, facility_id, &f, err) < 0 ||
        required(service, "service", "服务项目", err) < 0 ||
        text_check(service, "service", "服务项目", 30, TEXT_LINE, err) < 0 ||
        text_check(unit, "unit", "计价单位", 8, TEXT_LINE, err) < 0)
        return -1;
    if (!price || money_parse(price, &p.price) < 0 || p.price < 0)
        return mz_fail_field(err, "price", "invalid_value", "价格应为不小于0的金额（元，至多两位小数），实为“%.20s”",
                             price ? price : "");
    snprintf(p.service, sizeof p.service, "%s", service);
    snprintf(p.unit, sizeof p.unit, "%s", unit && *unit ? unit : "次");
    struct db *db = reg_db(env->reg);
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s 元/%s%s", service, price, p.unit, basic ? "（基本服务）" : "");
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = fs_price_put(db, facility_id, &p, err);
    if (rc == 0)
        rc = audit(env, actor, "funeral.price", "funeral_facility", facility_id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

int fun_complaint_add(const struct funeral_env *env, int64_t facility_id, mz_date day,
                      const char *complainant, const char *text, const char *actor, int64_t *id,
                      struct mz_err *err)
{
    struct facility_row f;
    if (facility(env, facility_id, &f, err) < 0)
        return -1;
    if (day == MZ_DATE_NONE || date_check(day, date_today(), "date", "投诉日期", err) < 0)
        return err->code[0] ? -1 : mz_fail_field(err, "date", "invalid_value", "投诉日期应为 YYYY-MM-DD");
    if (required(complainant, "complainant", "投诉人", err) < 0 ||
        required(text, "text", "投诉内容", err) < 0 ||
        text_check(complainant, "complainant", "投诉人", TEXT_MAX_NAME, TEXT_NAME, err) < 0 ||
        text_check(text, "text", "投诉内容", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    struct complaint_row c = {.facility_id = facility_id};
    date_format(day, c.received_on);
    snprintf(c.complainant, sizeof c.complainant, "%s", complainant);
    snprintf(c.text, sizeof c.text, "%s", text);
    snprintf(c.office, sizeof c.office, "%.6s", f.division);
    snprintf(c.recorded_by, sizeof c.recorded_by, "%s", actor);
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = fs_complaint_insert(db, &c, err);
    if (rc == 0)
        rc = audit(env, actor, "funeral.complaint", "funeral_complaint", c.id, f.code, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    *id = c.id;
    return 0;
}

int fun_complaint_close(const struct funeral_env *env, int64_t id, const char *outcome,
                        const char *actor, struct mz_err *err)
{
    if (required(outcome, "outcome", "处理结果", err) < 0 ||
        text_check(outcome, "outcome", "处理结果", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    struct db *db = reg_db(env->reg);
    bool changed = false;
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = fs_complaint_close(db, id, outcome, actor, &changed, err);
    if (rc == 0 && !changed)
        rc = mz_fail(err, "bad_state", "投诉 %" PRId64 " 不存在或已办结", id);
    if (rc == 0)
        rc = audit(env, actor, "funeral.complaint_close", "funeral_complaint", id, NULL, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}
