/* 老年人能力评估 records (assess.h): who may be assessed and by whom, the
 * scoring through the policy's scale, and the one-transaction write of the
 * record, the registry facts, the audit entry and the monitor's
 * re-evaluation. */
#include "care/assess.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/mem.h"
#include "io/table.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/authstore.h"
#include "store/regstore.h"

#define SCALE_NAME "ability"

static const char *const reasons[] = {"首次", "常规", "即时", "复评", NULL};

const char *const *assess_reasons(void)
{
    return reasons;
}

const struct pol_scale *assess_scale(const struct pol_set *set, struct mz_err *err)
{
    const struct pol_scale *sc = pol_scale_find(set, SCALE_NAME);
    if (!sc) mz_fail(err, "policy_missing", "政策中没有老年人能力评估量表（scale %s）", SCALE_NAME);
    return sc;
}

int assess_stored_value(const char *stored, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = stored; p && *p; p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL)
        if (strncmp(p, name, n) == 0 && p[n] == '=') return atoi(p + n + 1);
    return -1;
}

/* ---- checks ---------------------------------------------------------- */

/* The day numbers months after d, on the same day of the month or the
 * month's last day. */
static mz_date add_months(mz_date d, int months)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    int k = y * 12 + (m - 1) + months;
    mz_date out;
    while ((out = date_from_ymd(k / 12, k % 12 + 1, day)) == MZ_DATE_NONE && day > 28)
        day--;
    return out;
}

/* An assessor: an enabled staff account (not an auditor's). */
static int check_assessor(struct db *db, const char *name, const char *field, struct mz_err *err)
{
    if (!name || !*name)
        return mz_fail_field(err, field, "missing_assessor", "须由两名评估员评估，缺少%s",
                             strcmp(field, "assessor1") == 0 ? "评估员1" : "评估员2");
    struct user_row u;
    int rc = as_user_by_name(db, name, &u, err);
    if (rc < 0) return -1;
    if (rc == 0 || u.disabled || strcmp(u.role, "auditor") == 0)
        return mz_fail_field(err, field, "unknown_assessor", "评估员“%.60s”不是在用的工作人员账户",
                             name);
    return 0;
}

/* The person's household and its division, alive and old enough on day. */
static int check_person(const struct mon_env *env, int64_t person_id, mz_date day,
                        struct household_row *hh, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct person_row p;
    int rc = rs_person_get(db, person_id, &p, err);
    if (rc <= 0)
        return rc < 0 ? -1 : mz_fail_field(err, "person", "unknown_person", "登记库中没有该人员");
    int64_t hh_id;
    char relation[32], death[32];
    mz_date from;
    if ((rc = rs_membership_current(db, person_id, &hh_id, relation, &from, err)) <= 0 ||
        (rc = rs_household_get(db, hh_id, hh, err)) <= 0)
        return rc < 0 ? -1 : mz_fail_field(err, "person", "no_household", "该人员没有在册的家庭");
    if ((rc = rs_fact_asof(db, "person", person_id, "death", day, NULL, death, sizeof death,
                           err)) != 0)
        return rc < 0 ? -1
                      : mz_fail_field(err, "person", "person_dead", "%s已于 %s 死亡，不能评估",
                                      p.name, death);
    int64_t min_age;
    if (!pol_param_lookup(env->set, "assess_min_age", hh->division, hh->rural, day, &min_age))
        return mz_fail(err, "policy_missing", "政策中没有评估对象的最低年龄（assess_min_age）");
    if (p.birth == MZ_DATE_NONE)
        return mz_fail_field(err, "person", "birth_unknown",
                             "%s的出生日期不详，无法确认是否为老年人", p.name);
    int age = date_age(p.birth, day);
    if (age < min_age)
        return mz_fail_field(err, "person", "not_elderly",
                             "%s评估日 %d 周岁，未满 %d 周岁，不属于老年人能力评估对象", p.name,
                             age, (int)min_age);
    return 0;
}

/* Integer text, or 是/否 (and true/false) for a yes/no condition. */
static int parse_value(const char *text, bool yes_no, int *out)
{
    if (yes_no && (strcmp(text, "是") == 0 || strcmp(text, "true") == 0)) return *out = 1, 0;
    if (yes_no && (strcmp(text, "否") == 0 || strcmp(text, "false") == 0)) return *out = 0, 0;
    char *end;
    long v = strtol(text, &end, 10);
    if (end == text || *end || v < -1000 || v > 1000) return -1;
    *out = (int)v;
    return 0;
}

/* Fills scores (-1 where not given) and conds (0 where not given). */
static int map_values(const struct pol_scale *sc, const struct assess_in *in, int *scores,
                      int *conds, struct mz_err *err)
{
    for (int i = 0; i < sc->nitems; i++)
        scores[i] = -1;
    for (int k = 0; k < sc->nconds; k++)
        conds[k] = 0;
    for (size_t j = 0; j < in->nvalues; j++) {
        const struct assess_value *v = &in->values[j];
        int *slot = NULL;
        const char *label = NULL, *name = NULL;
        bool yes_no = false;
        for (int i = 0; i < sc->nitems && !slot; i++)
            if (strcmp(v->name, sc->items[i].name) == 0 || strcmp(v->name, sc->items[i].label) == 0)
                slot = &scores[i], label = sc->items[i].label, name = sc->items[i].name;
        for (int k = 0; k < sc->nconds && !slot; k++)
            if (strcmp(v->name, sc->conds[k].name) == 0 || strcmp(v->name, sc->conds[k].label) == 0)
                slot = &conds[k], label = sc->conds[k].label, name = sc->conds[k].name,
                yes_no = !sc->conds[k].is_count;
        if (!slot)
            return mz_fail_field(err, v->name, "unknown_item", "“%.60s”不是评估表的项目", v->name);
        if (!v->value || !*v->value)
            continue; /* an empty cell: a missing item is named by the scoring */
        if (parse_value(v->value, yes_no, slot) < 0)
            return mz_fail_field(err, name, "invalid_score", "“%s”应为%s，却是“%.40s”", label,
                                 yes_no ? "是或否" : "整数分值", v->value);
    }
    return 0;
}

static void join_values(char *out, size_t cap, int n,
                        const char *(*name)(const struct pol_scale *, int),
                        const struct pol_scale *sc, const int *values)
{
    size_t len = 0;
    out[0] = 0;
    for (int i = 0; i < n && len < cap; i++)
        len +=
            (size_t)snprintf(out + len, cap - len, "%s%s=%d", i ? " " : "", name(sc, i), values[i]);
}

static const char *item_name(const struct pol_scale *sc, int i)
{
    return sc->items[i].name;
}

static const char *cond_name(const struct pol_scale *sc, int i)
{
    return sc->conds[i].name;
}

/* ---- recording ------------------------------------------------------- */

static int put_fact(struct registry *reg, int64_t person_id, const char *variable,
                    const char *value, const char *effective, const char *source,
                    struct mz_err *err)
{
    struct reg_fact_in in = {NULL, NULL, variable, value, effective, source};
    enum put_result res;
    return reg_person_fact_put(reg, person_id, &in, &res, err);
}

/* Everything of assess_record inside the caller's transaction. */
static int record_in_tx(const struct mon_env *env, const struct assess_in *in, const char *actor,
                        struct assessment_row *r, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    const struct pol_scale *sc = assess_scale(env->set, err);
    if (!sc) return -1;
    memset(r, 0, sizeof *r);
    mz_date day = in->assessed_on ? date_parse(in->assessed_on) : MZ_DATE_NONE;
    if (day == MZ_DATE_NONE)
        return mz_fail_field(err, "assessed_on", "invalid_value",
                             "评估日期应为 YYYY-MM-DD 格式的日期");
    if (date_check(day, date_today(), "assessed_on", "评估日期", err) < 0) return -1;
    struct household_row hh;
    if (check_person(env, in->person_id, day, &hh, err) < 0) return -1;
    const char *const *rs = reasons;
    while (*rs && (!in->reason || strcmp(*rs, in->reason) != 0))
        rs++;
    if (!*rs)
        return mz_fail_field(err, "reason", "invalid_reason",
                             "评估原因应为 首次、常规、即时 或 复评，却是“%.40s”",
                             in->reason ? in->reason : "");
    if (check_assessor(db, in->assessor1, "assessor1", err) < 0 ||
        check_assessor(db, in->assessor2, "assessor2", err) < 0)
        return -1;
    if (strcmp(in->assessor1, in->assessor2) == 0)
        return mz_fail_field(err, "assessor2", "one_assessor",
                             "须由两名不同的评估员评估，评估员1和评估员2是同一人（%.60s）",
                             in->assessor1);
    int scores[64], conds[POL_SCALE_MAX_ADJUST];
    if (sc->nitems > 64) return mz_fail(err, "policy_invalid", "评估量表项目过多");
    struct pol_scale_outcome o;
    if (map_values(sc, in, scores, conds, err) < 0 ||
        pol_scale_score(sc, scores, conds, &o, err) < 0)
        return -1;

    int64_t months;
    if (!pol_param_lookup(env->set, "assess_interval_months", hh.division, hh.rural, day,
                          &months) ||
        months <= 0)
        return mz_fail(err, "policy_missing", "政策中没有有效的复评间隔（assess_interval_months）");
    r->person_id = in->person_id;
    snprintf(r->division, sizeof r->division, "%s", hh.division);
    date_format(day, r->assessed_on);
    snprintf(r->reason, sizeof r->reason, "%s", in->reason);
    snprintf(r->assessor1, sizeof r->assessor1, "%s", in->assessor1);
    snprintf(r->assessor2, sizeof r->assessor2, "%s", in->assessor2);
    join_values(r->scores, sizeof r->scores, sc->nitems, item_name, sc, scores);
    join_values(r->conditions, sizeof r->conditions, sc->nconds, cond_name, sc, conds);
    r->total = o.total;
    snprintf(r->preliminary, sizeof r->preliminary, "%s", sc->levels[o.preliminary].label);
    snprintf(r->final_level, sizeof r->final_level, "%s", sc->levels[o.final].label);
    size_t len = 0;
    for (int i = 0; i < o.nheld && len < sizeof r->reasons; i++)
        len += (size_t)snprintf(r->reasons + len, sizeof r->reasons - len, "%s%s", i ? "\n" : "",
                                sc->adjusts[o.held[i]].label);
    date_format(add_months(day, (int)months), r->next_due);
    snprintf(r->policy_version, sizeof r->policy_version, "%s", pol_version(env->set));
    snprintf(r->recorded_by, sizeof r->recorded_by, "%s", actor);
    if (ast_assessment_insert(db, r, err) < 0) return -1;

    char source[48], id[24], after[1600];
    snprintf(source, sizeof source, "能力评估#%lld", (long long)r->id);
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    snprintf(after, sizeof after, "%s %s %s %s %s %s 总分=%d 最终=%s", r->assessed_on, r->reason,
             r->assessor1, r->assessor2, r->scores, r->conditions, r->total, r->final_level);
    struct audit_event ev = {actor, "assessment.add", "assessment", id, NULL,
                             after, r->final_level};
    if (put_fact(env->reg, r->person_id, sc->fact, r->final_level, r->assessed_on, source, err) <
            0 ||
        put_fact(env->reg, r->person_id, "ability_reassess_due", r->next_due, r->assessed_on,
                 source, err) < 0 ||
        audit_append(db, reg_vault(env->reg), &ev, err) < 0)
        return -1;
    struct mon_counts counts = {0};
    return mon_households(env, &hh.id, NULL, 1, date_today(), actor, &counts, err);
}

int assess_record(const struct mon_env *env, const struct assess_in *in, const char *actor,
                  struct assessment_row *out, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    if (db_begin(db, err) < 0) return -1;
    if (record_in_tx(env, in, actor, out, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}

/* ---- import ---------------------------------------------------------- */

static const char *const heads[] = {"身份证号", "评估日期", "评估原因", "评估员1", "评估员2"};
enum { NHEADS = 5 };

/* The label of the input a field name stands for (for messages). */
static const char *field_label(const char *field, const struct pol_scale *sc)
{
    static const char *const fields[] = {"person", "assessed_on", "reason", "assessor1",
                                         "assessor2"};
    for (int i = 0; i < NHEADS; i++)
        if (strcmp(field, fields[i]) == 0) return i == 0 ? heads[0] : heads[i];
    for (int i = 0; i < sc->nitems; i++)
        if (strcmp(field, sc->items[i].name) == 0) return sc->items[i].label;
    for (int k = 0; k < sc->nconds; k++)
        if (strcmp(field, sc->conds[k].name) == 0) return sc->conds[k].label;
    return field;
}

/* One data row: finds the person and records the assessment. */
static int import_row(const struct mon_env *env, struct table *t, const char **names, size_t ncols,
                      const char *actor, struct mz_err *err)
{
    struct assess_value values[80];
    size_t n = 0;
    for (size_t c = NHEADS; c < ncols && n < 80; c++)
        values[n++] = (struct assess_value){names[c], table_field(t, c)};
    int64_t pid;
    int found = reg_person_find(env->reg, table_field(t, 0), &pid, err);
    if (found < 0) {
        snprintf(err->field, sizeof err->field, "person");
        return -1;
    }
    if (found == 0)
        return mz_fail_field(err, "person", "unknown_person", "登记库中没有该身份证号的人员");
    struct assess_in in = {
        pid, table_field(t, 1), table_field(t, 2), table_field(t, 3), table_field(t, 4), values, n};
    struct assessment_row r;
    return record_in_tx(env, &in, actor, &r, err);
}

int assess_import(const struct mon_env *env, const char *path, const char *actor, FILE *report,
                  int64_t *rows, struct mz_err *err)
{
    *rows = 0;
    const struct pol_scale *sc = assess_scale(env->set, err);
    struct table *t;
    if (!sc || table_open(path, &t, err) < 0) return -1;
    struct db *db = reg_db(env->reg);
    if (db_begin(db, err) < 0) {
        table_close(t);
        return -1;
    }
    char **names = NULL;
    size_t ncols = 0;
    long bad = 0;
    int got, rc = 0;
    while (rc == 0 && (got = table_read(t, err)) != 0) {
        if (got < 0 && strcmp(err->code, "table_row") == 0) {
            fprintf(report, "%s\n", err->msg);
            bad++;
            continue;
        }
        if (got < 0) {
            rc = -1;
            break;
        }
        if (!names) { /* the header */
            ncols = table_nfields(t);
            names = mz_calloc(ncols ? ncols : 1, sizeof *names);
            if (!names) {
                rc = mz_fail(err, "out_of_memory", "内存不足");
                break;
            }
            for (size_t c = 0; c < ncols; c++)
                if (!(names[c] = mz_strdup(table_field(t, c))))
                    rc = mz_fail(err, "out_of_memory", "内存不足");
            for (size_t c = 0; rc == 0 && c < NHEADS; c++)
                if (c >= ncols || strcmp(names[c], heads[c]) != 0)
                    rc = mz_fail(err, "bad_header", "%s:%ld: 第 %zu 列应为“%s”", path,
                                 table_line(t), c + 1, heads[c]);
            continue;
        }
        struct mz_err rerr = {0};
        if (db_savepoint(db, err) < 0) {
            rc = -1;
            break;
        }
        if (import_row(env, t, (const char **)names, ncols, actor, &rerr) < 0) {
            db_rollback_savepoint(db);
            fprintf(report, "%s:%ld: 列“%s”：%s\n", path, table_line(t),
                    field_label(rerr.field, sc), rerr.msg);
            bad++;
        } else if (db_release(db, err) < 0) {
            rc = -1;
        } else {
            (*rows)++;
        }
    }
    for (size_t c = 0; names && c < ncols; c++)
        mz_free(names[c]);
    mz_free(names);
    table_close(t);
    if (rc == 0 && bad) rc = mz_fail(err, "rejected_rows", "%ld 行有误，未登记任何评估", bad);
    if (rc < 0 || db_commit(db, err) < 0) {
        db_rollback(db);
        *rows = 0;
        return -1;
    }
    return 0;
}
