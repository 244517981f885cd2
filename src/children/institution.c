/* Child-welfare institutions, placements and services (institution.h). */
#include "children/institution.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/text.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/institstore.h"
#include "store/regstore.h"

static const char *const kinds[][2] = {{"welfare", "儿童福利机构"},
                                       {"protection", "未成年人救助保护机构"}};
static const char *const services[][2] = {
    {"medical", "医疗"}, {"education", "教育"}, {"rehab", "康复"}, {"psych", "心理"}};
static const char *const reasons[] = {"孤儿", "事实无人抚养儿童", "监护缺失临时监护",
                                      "流浪乞讨", "遭受侵害需要保护", "其他"};
static const char *const sources[] = {"公安机关护送", "民政部门送交", "乡镇街道转介",
                                      "人民法院指定", "自行求助", "机构转入"};
static const char *const destinations[] = {"家庭寄养", "收养", "回归家庭", "成年",
                                           "转入其他机构", "死亡"};
#define MOVED "转入其他机构"
#define COUNT(a) (sizeof a / sizeof a[0])

/* The code of a pair list whose code or label is text, or NULL. */
static const char *pair_code(const char *const (*pairs)[2], size_t n, const char *text)
{
    for (size_t i = 0; text && i < n; i++)
        if (strcmp(text, pairs[i][0]) == 0 || strcmp(text, pairs[i][1]) == 0) return pairs[i][0];
    return NULL;
}

static const char *pair_label(const char *const (*pairs)[2], size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(code, pairs[i][0]) == 0) return pairs[i][1];
    return code;
}

const char *inst_kind_label(const char *kind)
{
    return pair_label(kinds, COUNT(kinds), kind);
}

const char *inst_service_label(const char *kind)
{
    return pair_label(services, COUNT(services), kind);
}

const char *const *inst_reasons(size_t *n)
{
    *n = COUNT(reasons);
    return reasons;
}

const char *const *inst_sources(size_t *n)
{
    *n = COUNT(sources);
    return sources;
}

const char *const *inst_destinations(size_t *n)
{
    *n = COUNT(destinations);
    return destinations;
}

/* Whether text is one of list (n words); else fails naming field. */
static int one_of(const char *text, const char *const *list, size_t n, const char *field,
                  const char *label, struct mz_err *err)
{
    for (size_t i = 0; text && i < n; i++)
        if (strcmp(text, list[i]) == 0) return 0;
    char words[256] = "";
    for (size_t i = 0, len = 0; i < n && len < sizeof words - 40; i++)
        len += (size_t)snprintf(words + len, sizeof words - len, "%s“%s”", i ? "、" : "", list[i]);
    return mz_fail_field(err, field, "invalid_value", "%s应为%s之一，实为“%.20s”", label, words,
                         text ? text : "");
}

/* A day as text: a date not in the future and not before `after`. */
static int check_day(const char *text, const char *field, const char *label, mz_date after,
                     const char *after_label, mz_date *day, struct mz_err *err)
{
    *day = text ? date_parse(text) : MZ_DATE_NONE;
    if (*day == MZ_DATE_NONE)
        return mz_fail_field(err, field, "invalid_value", "%s应为 YYYY-MM-DD，实为“%.20s”", label,
                             text ? text : "");
    if (date_check(*day, date_today(), field, label, err) < 0) return -1;
    if (after != MZ_DATE_NONE && *day < after) {
        char a[11];
        date_format(after, a);
        return mz_fail_field(err, field, "invalid_value", "%s %s 早于%s %s", label, text,
                             after_label, a);
    }
    return 0;
}

static int audit(struct registry *reg, const char *actor, const char *action, const char *entity,
                 int64_t id, const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, entity, key, NULL, NULL, detail};
    return audit_append(reg_db(reg), reg_vault(reg), &ev, err);
}

/* Writes person's in_institution fact from day (inside the transaction). */
static int set_in_institution(struct registry *reg, int64_t person, const char *day, bool yes,
                              struct mz_err *err)
{
    struct reg_fact_in fact = {NULL, NULL, "in_institution", yes ? "true" : "false", day,
                               "child_institution"};
    enum put_result res;
    return reg_person_fact_put(reg, person, &fact, &res, err);
}

static int finish(struct db *db, int rc, struct mz_err *err)
{
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- the register ------------------------------------------------------ */

int inst_add(struct registry *reg, const struct inst_in *in, const char *actor, int64_t *id,
             struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct inst_row r = {0};
    if (!in->name || !*in->name) return mz_fail_field(err, "name", "missing_field", "请填写机构名称");
    if (text_check(in->name, "name", "机构名称", TEXT_MAX_NAME, TEXT_NAME, err) < 0) return -1;
    const char *kind = pair_code(kinds, COUNT(kinds), in->kind);
    if (!kind)
        return mz_fail_field(err, "kind", "invalid_value",
                             "机构类型应为 welfare（儿童福利机构）或 protection（未成年人救助保护机构），"
                             "实为“%.20s”",
                             in->kind ? in->kind : "");
    if (!in->division || !*in->division)
        return mz_fail_field(err, "division", "missing_field", "缺少区划代码");
    if (div_check_current(db, in->division, date_today(), "division", err) < 0) return -1;
    if (div_level_of(in->division) < 3)
        return mz_fail_field(err, "division", "invalid_value",
                             "机构所在区划应为区县、街道乡镇或社区村，实为 %s", in->division);
    char *end = NULL;
    long cap = in->capacity ? strtol(in->capacity, &end, 10) : 0;
    if (!in->capacity || end == in->capacity || *end || cap < 1 || cap > 100000)
        return mz_fail_field(err, "capacity", "invalid_value",
                             "床位数应为 1 至 100000 的整数，实为“%.20s”",
                             in->capacity ? in->capacity : "");
    if (!in->licence || !*in->licence)
        return mz_fail_field(err, "licence", "missing_field", "请填写批准文号或登记证号");
    if (text_check(in->licence, "licence", "批准文号或登记证号", TEXT_MAX_NAME, TEXT_NAME, err) < 0)
        return -1;
    snprintf(r.name, sizeof r.name, "%s", in->name);
    snprintf(r.kind, sizeof r.kind, "%s", kind);
    snprintf(r.division, sizeof r.division, "%s", in->division);
    snprintf(r.licence, sizeof r.licence, "%s", in->licence);
    r.capacity = cap;
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s 床位%ld", r.name, inst_kind_label(kind), cap);
    int rc = db_begin(db, err);
    if (rc == 0) rc = ins_add(db, &r, actor, id, err);
    if (rc == 0) rc = audit(reg, actor, "child.institution.add", "child_institution", *id, detail,
                            err);
    return finish(db, rc, err);
}

/* ---- placements -------------------------------------------------------- */

/* Institution id with a free bed, else refused (institution_full). */
static int institution_with_room(struct db *db, int64_t id, struct inst_row *inst,
                                 struct mz_err *err)
{
    int found = id > 0 ? ins_get(db, id, inst, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "institution", "unknown_institution",
                                         "没有这家儿童福利机构（%" PRId64 "）", id);
    if (inst->occupancy >= inst->capacity)
        return mz_fail_field(err, "institution", "institution_full",
                             "%s 床位已满（核定 %" PRId64 " 张，在院 %" PRId64 " 人），不能再安置",
                             inst->name, inst->capacity, inst->occupancy);
    return 0;
}

int inst_admit(struct registry *reg, const struct inst_admit_in *in, const char *actor,
               int64_t *id, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct person_row p;
    int found = in->person_id > 0 ? rs_person_get(db, in->person_id, &p, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "person", "unknown_person",
                                         "没有这名儿童（人员编号 %" PRId64 "）", in->person_id);
    mz_date day;
    if (check_day(in->admitted_on, "admitted_on", "入院日期", p.birth, "出生日期", &day, err) < 0)
        return -1;
    if (date_age(p.birth, day) >= 18)
        return mz_fail_field(err, "person", "not_a_child", "%s 在 %s 已满18周岁，不是儿童", p.name,
                             in->admitted_on);
    size_t nr = COUNT(reasons), ns = COUNT(sources) - 1; /* 机构转入 is for moves */
    if (one_of(in->reason, reasons, nr, "reason", "入院原因", err) < 0 ||
        one_of(in->source, sources, ns, "source", "送交来源", err) < 0)
        return -1;
    struct placement_row r = {.person_id = in->person_id, .institution_id = in->institution_id};
    snprintf(r.admitted_on, sizeof r.admitted_on, "%s", in->admitted_on);
    snprintf(r.reason, sizeof r.reason, "%s", in->reason);
    snprintf(r.source, sizeof r.source, "%s", in->source);
    struct inst_row inst;
    char detail[160];
    int rc = db_begin(db, err);
    if (rc == 0) rc = institution_with_room(db, in->institution_id, &inst, err);
    if (rc == 0) rc = ins_placement_add(db, &r, actor, id, err);
    if (rc == 0) rc = set_in_institution(reg, in->person_id, in->admitted_on, true, err);
    snprintf(detail, sizeof detail, "%s 入院 %s（%s，%s）", in->admitted_on, inst.name, in->reason,
             in->source);
    if (rc == 0) rc = audit(reg, actor, "child.admit", "child_placement", *id, detail, err);
    return finish(db, rc, err);
}

/* person's open placement, else refused (not_placed). */
static int open_placement(struct db *db, int64_t person, struct placement_row *r,
                          struct mz_err *err)
{
    int found = person > 0 ? ins_placement_open(db, person, r, err) : 0;
    return found < 0 ? -1
           : found   ? 0
                     : mz_fail_field(err, "person", "not_placed", "该儿童目前不在机构安置中");
}

int inst_move(struct registry *reg, int64_t person_id, int64_t to, const char *moved_on,
              const char *actor, int64_t *id, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct placement_row old, r;
    struct inst_row inst;
    mz_date day;
    char detail[300];
    int rc = db_begin(db, err);
    if (rc == 0) rc = open_placement(db, person_id, &old, err);
    if (rc == 0)
        rc = check_day(moved_on, "moved_on", "转院日期", date_parse(old.admitted_on), "入院日期",
                       &day, err);
    if (rc == 0 && to == old.institution_id)
        rc = mz_fail_field(err, "institution", "invalid_value", "该儿童已在 %s", old.institution);
    if (rc == 0) rc = institution_with_room(db, to, &inst, err);
    if (rc == 0) rc = ins_placement_close(db, old.id, moved_on, MOVED, err);
    if (rc == 0) {
        r = (struct placement_row){.person_id = person_id, .institution_id = to,
                                   .moved_from = old.id};
        snprintf(r.admitted_on, sizeof r.admitted_on, "%s", moved_on);
        snprintf(r.reason, sizeof r.reason, "%s", old.reason);
        snprintf(r.source, sizeof r.source, "机构转入");
        rc = ins_placement_add(db, &r, actor, id, err);
    }
    if (rc == 0) {
        snprintf(detail, sizeof detail, "%s 由 %s 转入 %s", moved_on, old.institution, inst.name);
        rc = audit(reg, actor, "child.move", "child_placement", *id, detail, err);
    }
    return finish(db, rc, err);
}

int inst_leave(struct registry *reg, int64_t person_id, const char *left_on,
               const char *destination, const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct placement_row old;
    mz_date day;
    char detail[256];
    /* a move goes through inst_move, which opens the next placement */
    size_t nd = COUNT(destinations);
    if (one_of(destination, destinations, nd, "destination", "离院去向", err) < 0) return -1;
    if (strcmp(destination, MOVED) == 0)
        return mz_fail_field(err, "destination", "invalid_value",
                             "转入其他机构请办理转院（写明转入的机构）");
    int rc = db_begin(db, err);
    if (rc == 0) rc = open_placement(db, person_id, &old, err);
    if (rc == 0)
        rc = check_day(left_on, "left_on", "离院日期", date_parse(old.admitted_on), "入院日期",
                       &day, err);
    if (rc == 0) rc = ins_placement_close(db, old.id, left_on, destination, err);
    if (rc == 0) rc = set_in_institution(reg, person_id, left_on, false, err);
    if (rc == 0) {
        snprintf(detail, sizeof detail, "%s 离开 %s，去向%s", left_on, old.institution, destination);
        rc = audit(reg, actor, "child.leave", "child_placement", old.id, detail, err);
    }
    return finish(db, rc, err);
}

int inst_service(struct registry *reg, int64_t person_id, const char *kind,
                 const char *served_on, const char *note, const char *actor, int64_t *id,
                 struct mz_err *err)
{
    struct db *db = reg_db(reg);
    const char *code = pair_code(services, COUNT(services), kind);
    if (!code)
        return mz_fail_field(err, "kind", "invalid_value",
                             "服务类别应为 medical（医疗）、education（教育）、rehab（康复）或 "
                             "psych（心理），实为“%.20s”",
                             kind ? kind : "");
    if (!note || !*note) return mz_fail_field(err, "note", "missing_field", "请填写服务内容");
    if (text_check(note, "note", "服务内容", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0) return -1;
    struct placement_row p;
    mz_date day;
    char detail[96];
    int rc = db_begin(db, err);
    if (rc == 0) rc = open_placement(db, person_id, &p, err);
    if (rc == 0)
        rc = check_day(served_on, "served_on", "服务日期", date_parse(p.admitted_on), "入院日期",
                       &day, err);
    if (rc == 0) rc = ins_service_add(db, p.id, code, served_on, note, actor, id, err);
    if (rc == 0) {
        snprintf(detail, sizeof detail, "%s %s服务", served_on, inst_service_label(code));
        rc = audit(reg, actor, "child.service", "child_service", *id, detail, err);
    }
    return finish(db, rc, err);
}

int inst_audit_view(struct registry *reg, int64_t person_id, const char *actor,
                    struct mz_err *err)
{
    struct db *db = reg_db(reg);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = audit(reg, actor, "child.placement.view", "person", person_id, "查看儿童安置档案", err);
    return finish(db, rc, err);
}
