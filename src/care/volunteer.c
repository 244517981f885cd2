/* 银龄 volunteers (volunteer.h): registration, pairing with visit targets,
 * the time bank. */
#include "care/volunteer.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/mem.h"
#include "care/visit.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/regstore.h"
#include "store/volunteerstore.h"

static const char *const skills[] = {"探访", "助餐", "陪诊", "文体", "维修", "助洁"};
#define NSKILLS (sizeof skills / sizeof skills[0])

const char *const *volunteer_skills(size_t *n)
{
    *n = NSKILLS;
    return skills;
}

static int audit(struct registry *reg, const char *actor, const char *action, int64_t id,
                 const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, "volunteer", key, NULL, NULL, detail};
    return audit_append(reg_db(reg), reg_vault(reg), &ev, err);
}

static int64_t param(const struct pol_set *set, const char *name, const char *division, mz_date day)
{
    int64_t v = 0;
    pol_param_lookup(set, name, division, 0, day, &v);
    return v;
}

static int count(void *ctx, const struct volunteer_row *v)
{
    (void)v;
    ++*(int *)ctx;
    return 0;
}

/* skills text ("探访、助餐" or "探访,助餐") checked and written as 探访、助餐. */
static int parse_skills(const char *text, char *out, size_t cap, struct mz_err *err)
{
    out[0] = '\0';
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text ? text : "");
    for (char *p = buf; (p = strstr(p, "、")) != NULL;)
        memcpy(p, ",  ", 3); /* 、 is three bytes: a comma and two spaces */
    size_t len = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        bool known = false;
        for (size_t i = 0; i < NSKILLS; i++)
            known |= strcmp(tok, skills[i]) == 0;
        if (!known)
            return mz_fail_field(err, "skills", "invalid_value",
                                 "技能应为 探访、助餐、陪诊、文体、维修、助洁，实为“%.20s”", tok);
        if (!strstr(out, tok))
            len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? "、" : "", tok);
    }
    return len ? 0 : mz_fail_field(err, "skills", "missing_field", "请填写至少一项技能");
}

int volunteer_add(struct registry *reg, const struct pol_set *set, int64_t person_id,
                  const char *skill_text, const char *actor, int64_t *id, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct person_row p;
    int found = person_id > 0 ? rs_person_get(db, person_id, &p, err) : 0;
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "person", "unknown_person", "没有这个人");
    mz_date today = date_today();
    int age = date_age(p.birth, today);
    int64_t lo = param(set, "volunteer_age_min", p.division, today),
            hi = param(set, "volunteer_age_max", p.division, today);
    if (age < lo || age > hi)
        return mz_fail_field(err, "person", "invalid_value",
                             "银龄志愿者应为 %" PRId64 " 至 %" PRId64 " 周岁，%s 现年 %d 周岁", lo,
                             hi, p.name, age);
    char list[128];
    if (parse_skills(skill_text, list, sizeof list, err) < 0) return -1;
    int registered = 0;
    if (vls_volunteers(db, person_id, NULL, 0, count, &registered, err) < 0) return -1;
    if (registered) return mz_fail_field(err, "person", "conflict", "%s 已登记为志愿者", p.name);
    char detail[200];
    snprintf(detail, sizeof detail, "银龄志愿者，技能：%s", list);
    int rc = db_begin(db, err);
    if (rc == 0) rc = vls_volunteer_add(db, person_id, list, actor, id, err);
    if (rc == 0) rc = audit(reg, actor, "volunteer.add", *id, detail, err);
    return rc == 0 ? db_commit(db, err) : (db_rollback(db), -1);
}

/* ---- pairing ------------------------------------------------------------ */

struct volunteers {
    struct volunteer_row *v;
    size_t n, cap;
};

static int keep(void *ctx, const struct volunteer_row *v)
{
    struct volunteers *l = ctx;
    if (!strstr(v->skills, "探访")) return 0;
    if (mz_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0) return -1;
    l->v[l->n++] = *v;
    return 0;
}

int volunteer_match(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
                    int nprefixes, const char *month, const char *actor, long *paired,
                    struct mz_err *err)
{
    *paired = 0;
    struct db *db = reg_db(reg);
    struct visit_schedule s;
    if (visit_schedule(reg, set, prefixes, nprefixes, month, &s, err) < 0) return -1;
    struct volunteers l = {0};
    int rc = vls_volunteers(db, 0, prefixes, nprefixes, keep, &l, err) != 0 ? -1 : 0;
    if (rc < 0 && !err->code[0]) mz_fail(err, "out_of_memory", "内存不足");
    char today[11];
    date_format(date_today(), today);
    if (rc == 0) rc = db_begin(db, err);
    for (size_t i = 0; rc == 0 && i < s.n; i++) {
        const struct visit_target *t = &s.targets[i];
        int64_t vid;
        char name[TEXT_BYTES(TEXT_MAX_NAME)];
        int found = vls_pair_of(db, t->person_id, &vid, name, err);
        if (found != 0) {
            rc = found < 0 ? -1 : 0;
            continue;
        }
        struct volunteer_row *best = NULL;
        for (size_t k = 0; k < l.n; k++) {
            struct volunteer_row *v = &l.v[k];
            if (strcmp(v->division, t->division) != 0 || v->person_id == t->person_id ||
                v->pairs >= param(set, "volunteer_max_pairs", v->division, s.as_of))
                continue;
            if (!best || v->pairs < best->pairs) best = v;
        }
        if (best && (rc = vls_pair_add(db, t->person_id, best->id, today, actor, err)) == 0) {
            best->pairs++;
            ++*paired;
        }
    }
    char detail[96];
    snprintf(detail, sizeof detail, "%s 探访对象与银龄志愿者新结对 %ld 对", s.month, *paired);
    if (rc == 0) rc = audit(reg, actor, "volunteer.match", 0, detail, err);
    rc = rc == 0 ? db_commit(db, err) : (db_rollback(db), -1);
    if (rc < 0) *paired = 0;
    mz_free(l.v);
    visit_schedule_free(&s);
    return rc;
}

/* ---- the time bank ------------------------------------------------------ */

static int first(void *ctx, const struct volunteer_row *v)
{
    *(struct volunteer_row *)ctx = *v;
    return 1;
}

int volunteer_hours(struct registry *reg, int64_t person_id, const char *on, const char *activity,
                    const char *minutes, const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct volunteer_row v;
    int found = vls_volunteers(db, person_id, NULL, 0, first, &v, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "person", "not_found", "此人未登记为银龄志愿者");
    mz_date day = on ? date_parse(on) : MZ_DATE_NONE;
    if (day == MZ_DATE_NONE)
        return mz_fail_field(err, "date", "invalid_value", "服务日期应为 YYYY-MM-DD，实为“%.20s”",
                             on ? on : "");
    if (date_check(day, date_today(), "date", "服务日期", err) < 0) return -1;
    char list[128];
    if (parse_skills(activity, list, sizeof list, err) < 0 || strstr(list, "、")) {
        if (!err->code[0]) mz_fail(err, "invalid_value", "一次只记一项服务");
        snprintf(err->field, sizeof err->field, "activity");
        return -1;
    }
    char *end;
    long n = minutes ? strtol(minutes, &end, 10) : 0;
    if (!minutes || !*minutes || *end || n < 1 || n > 1440)
        return mz_fail_field(err, "minutes", "invalid_value",
                             "服务时长应为1至1440分钟，实为“%.20s”", minutes ? minutes : "");
    char date[11], detail[160];
    date_format(day, date);
    snprintf(detail, sizeof detail, "%s %s %ld 分钟", date, list, n);
    int rc = db_begin(db, err);
    if (rc == 0) rc = vls_hours_add(db, v.id, date, list, n, 0, actor, err);
    if (rc == 0) rc = audit(reg, actor, "volunteer.hours", v.id, detail, err);
    return rc == 0 ? db_commit(db, err) : (db_rollback(db), -1);
}
