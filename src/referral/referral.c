/* 专项救助 referrals (referral.h): who is referred where, the departments'
 * files out and their answers in. */
#include "referral/referral.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/csv.h"
#include "io/table.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/paystore.h"
#include "store/regstore.h"

static const struct ref_department departments[] = {
    {"yibao", "医疗保障部门", "医疗救助"},
    {"jiaoyu", "教育部门", "教育救助"},
    {"zhujian", "住房城乡建设部门", "住房救助"},
    {"renshe", "人力资源社会保障部门", "就业救助"},
};
#define NDEPARTMENTS (sizeof departments / sizeof departments[0])

/* The statuses referrals follow from (社会救助暂行办法: 医疗、教育、住房、
 * 就业救助 for 低保 households and 特困 persons). */
static const char *const bases[] = {"dibao", "tekun"};

const struct ref_department *ref_departments(size_t *n)
{
    *n = NDEPARTMENTS;
    return departments;
}

const struct ref_department *ref_department(const char *code)
{
    for (size_t i = 0; code && i < NDEPARTMENTS; i++)
        if (strcmp(departments[i].code, code) == 0)
            return &departments[i];
    return NULL;
}

static int audit(struct registry *reg, const char *actor, const char *action, const char *id,
                 const char *detail, struct mz_err *err)
{
    struct audit_event ev = {actor, action, "referral", id, NULL, NULL, detail};
    return audit_append(reg_db(reg), reg_vault(reg), &ev, err);
}

/* ---- refresh ---------------------------------------------------------- */

struct enrolled {
    int64_t *households;
    const char **basis; /* per household: the first basis found */
    size_t n, cap;
    int oom;
};

static int enrolled_fn(void *ctx, const struct enrol_row *e)
{
    struct enrolled *k = ctx;
    const char *basis = NULL;
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
        if (strcmp(e->program, bases[i]) == 0)
            basis = bases[i];
    if (!basis || e->once)
        return 0;
    for (size_t i = 0; i < k->n; i++)
        if (k->households[i] == e->household_id)
            return 0;
    size_t cap = k->cap;
    if (mz_grow(&k->households, &k->cap, k->n + 1, sizeof *k->households) < 0 ||
        mz_grow(&k->basis, &cap, k->n + 1, sizeof *k->basis) < 0)
        return k->oom = 1;
    k->households[k->n] = e->household_id;
    k->basis[k->n++] = basis;
    return 0;
}

/* The enum code of label for person input name, or -1. */
static int64_t code_of(const struct pol_set *set, const char *name, const char *label)
{
    int in = pol_input_find(set, name);
    int64_t v;
    struct mz_err e = {0};
    return in >= 0 && pol_value_parse(set, in, label, &v, &e) == 0 ? v : -1;
}

struct refer {
    struct registry *reg;
    int64_t added;
    struct mz_err *err;
};

static int refer(struct refer *r, const char *department, int64_t household, int64_t person,
                 const char *basis, const char *reason)
{
    struct referral_row row = {.household_id = household, .person_id = person};
    snprintf(row.department, sizeof row.department, "%s", department);
    snprintf(row.basis, sizeof row.basis, "%s", basis);
    snprintf(row.reason, sizeof row.reason, "%s", reason);
    bool added;
    if (rs_referral_put(reg_db(r->reg), &row, &added, r->err) < 0)
        return -1;
    r->added += added;
    return 0;
}

int ref_refresh(struct registry *reg, const struct pol_set *set, mz_date day, const char *actor,
                int64_t *added, struct mz_err *err)
{
    *added = 0;
    struct db *db = reg_db(reg);
    char month[8];
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(month, sizeof month, "%04d-%02d", y, m);
    struct enrolled k = {0};
    if (ps_enrol_in_force(db, month, NULL, 0, enrolled_fn, &k, err) < 0 || k.oom) {
        mz_free(k.households);
        mz_free(k.basis);
        return k.oom ? mz_fail(err, "out_of_memory", "内存不足") : -1;
    }
    int rc = 0;
    struct pol_snapshot *snap = NULL;
    int64_t *pids = NULL;
    if (k.n) {
        struct snap_request req = {.as_of = day, .household_ids = k.households, .nhouseholds = k.n};
        if (!(snap = snap_load(db, set, &req, &pids, err)))
            rc = -1;
    }
    int school = pol_input_find(set, "schooling"), work = pol_input_find(set, "employment");
    int birth = pol_input_find(set, "birth_date");
    int64_t jobless = code_of(set, "employment", "登记失业"),
            idle = code_of(set, "employment", "无业");
    struct refer r = {reg, 0, err};
    if (rc == 0)
        rc = db_begin(db, err);
    for (size_t h = 0; rc == 0 && snap && h < snap->nhouseholds; h++) {
        int64_t hid = snap->household_id[h];
        const char *basis = NULL;
        for (size_t i = 0; i < k.n; i++)
            if (k.households[i] == hid)
                basis = k.basis[i];
        const char *status = strcmp(basis, "tekun") == 0 ? "特困人员" : "低保家庭";
        char why[160];
        snprintf(why, sizeof why, "%s：按规定给予医疗救助（资助参保、住院门诊救助）", status);
        rc = refer(&r, "yibao", hid, 0, basis, why);
        snprintf(why, sizeof why, "%s：按规定给予住房救助（公租房、农村危房改造）", status);
        if (rc == 0)
            rc = refer(&r, "zhujian", hid, 0, basis, why);
        for (size_t p = snap->member_start[h]; rc == 0 && p < snap->member_start[h + 1]; p++) {
            int64_t born = birth >= 0 ? snap->columns[birth][p] : MZ_DATE_NONE;
            int age = born != MZ_DATE_NONE ? (int)((day - (mz_date)born) / 365.25) : -1;
            if (school >= 0 && snap->columns[school][p] > 0) {
                snprintf(why, sizeof why, "%s的在读成员：按规定给予教育救助", status);
                rc = refer(&r, "jiaoyu", hid, pids[p], basis, why);
            }
            int64_t job = work >= 0 ? snap->columns[work][p] : 0;
            if (rc == 0 && age >= 16 && age < 60 && (job == jobless || job == idle)) {
                snprintf(why, sizeof why, "%s的劳动年龄成员（登记失业或无业）：按规定给予就业救助",
                         status);
                rc = refer(&r, "renshe", hid, pids[p], basis, why);
            }
        }
    }
    char detail[96], when[11];
    date_format(day, when);
    snprintf(detail, sizeof detail, "截至 %s 新增转介 %" PRId64 " 条", when, r.added);
    if (rc == 0)
        rc = audit(reg, actor, "referral.refresh", when, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    if (snap)
        pol_snapshot_free(snap);
    mz_free(pids);
    mz_free(k.households);
    mz_free(k.basis);
    *added = rc == 0 ? r.added : 0;
    return rc;
}

/* ---- export ----------------------------------------------------------- */

struct rows {
    struct referral_row *v;
    size_t n, cap;
};

static int collect(void *ctx, const struct referral_row *r)
{
    struct rows *rs = ctx;
    if (mz_grow(&rs->v, &rs->cap, rs->n + 1, sizeof *rs->v) < 0)
        return -1;
    rs->v[rs->n++] = *r;
    return 0;
}

static int first_member(void *ctx, const struct member_row *m)
{
    *(int64_t *)ctx = m->person_id;
    return 1;
}

/* The person a referral names (the head, first of the members today, for
 * a household referral). */
static int person_of(struct registry *reg, const struct referral_row *r,
                     char name[TEXT_BYTES(TEXT_MAX_NAME)],
                     char number[19], struct mz_err *err)
{
    int64_t pid = r->person_id;
    struct db *db = reg_db(reg);
    if (!pid) {
        int rc = rs_scan_members(db, date_today(), r->household_id, first_member, &pid, err);
        if (rc < 0)
            return -1;
        if (!pid)
            return mz_fail(err, "no_head", "户 %s 今日没有成员", r->hh_no);
    }
    struct person_row p;
    int found = rs_person_get(db, pid, &p, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "no_person", "户 %s 的成员已不存在", r->hh_no);
    snprintf(name, TEXT_BYTES(TEXT_MAX_NAME), "%s", p.name);
    return reg_person_id_number(reg, pid, number, err);
}

int ref_export(struct registry *reg, const char *department, const char *csv_path,
               const char *actor, int64_t *rows, struct mz_err *err)
{
    *rows = 0;
    const struct ref_department *dep = ref_department(department);
    if (!dep)
        return mz_fail(err, "unknown_department", "没有部门“%s”（yibao、jiaoyu、zhujian、renshe）",
                       department ? department : "");
    struct db *db = reg_db(reg);
    struct rows rs = {0};
    if (rs_referrals_of_department(db, department, collect, &rs, err) != 0) {
        mz_free(rs.v);
        return err->code[0] ? -1 : mz_fail(err, "out_of_memory", "内存不足");
    }
    FILE *f = fopen(csv_path, "wb");
    int rc = f ? 0 : mz_fail(err, "io", "无法写入文件“%s”", csv_path);
    static const char *const heads[] = {"转介编号", "救助类别", "户编号",   "姓名", "身份证号",
                                        "依据",     "事由",     "转介日期", "答复"};
    if (rc == 0 && (csv_write_bom(f) < 0 || csv_write_row(f, heads, 9) < 0))
        rc = mz_fail(err, "io", "写入文件“%s”失败", csv_path);
    for (size_t i = 0; rc == 0 && i < rs.n; i++) {
        const struct referral_row *r = &rs.v[i];
        char id[24], name[TEXT_BYTES(TEXT_MAX_NAME)], number[19];
        snprintf(id, sizeof id, "%" PRId64, r->id);
        if ((rc = person_of(reg, r, name, number, err)) < 0)
            break;
        const char *basis = strcmp(r->basis, "tekun") == 0 ? "特困人员" : "低保";
        const char *fields[] = {id,    dep->service, r->hh_no,      name,     number,
                                basis, r->reason,    r->created_at, r->answer};
        if (csv_write_row(f, fields, 9) < 0)
            rc = mz_fail(err, "io", "写入文件“%s”失败", csv_path);
    }
    if (f && fclose(f) != 0 && rc == 0)
        rc = mz_fail(err, "io", "写入文件“%s”失败", csv_path);
    char detail[128];
    snprintf(detail, sizeof detail, "%s转介文件 %zu 条（含完整身份证号）", dep->label, rs.n);
    if (rc == 0 && (rc = db_begin(db, err)) == 0) {
        rc = rs_referrals_exported(db, department, err);
        if (rc == 0)
            rc = audit(reg, actor, "referral.export", department, detail, err);
        if (rc == 0)
            rc = db_commit(db, err);
        else
            db_rollback(db);
    }
    if (rc < 0)
        remove(csv_path);
    else
        *rows = (int64_t)rs.n;
    mz_free(rs.v);
    return rc;
}

/* ---- answers ---------------------------------------------------------- */

int ref_answer(struct registry *reg, const char *department, const char *path, const char *actor,
               FILE *report, int64_t *rows, struct mz_err *err)
{
    static const char *const heads[] = {"转介编号", "结果", "说明"};
    static const char *const answers[] = {"已救助", "不符合", "办理中"};
    *rows = 0;
    if (!ref_department(department))
        return mz_fail(err, "unknown_department", "没有部门“%s”（yibao、jiaoyu、zhujian、renshe）",
                       department ? department : "");
    struct table *t;
    if (table_open(path, &t, err) < 0)
        return -1;
    struct db *db = reg_db(reg);
    int got, bad = 0, rc = db_begin(db, err);
    bool header = true;
    int64_t n = 0;
    while (rc == 0 && (got = table_read(t, err)) == 1) {
        if (header) {
            for (size_t i = 0; i < 3; i++)
                if (strcmp(table_field(t, i), heads[i]) != 0) {
                    fprintf(report, "%s:%ld: 列 %zu 应为“%s”，实为“%s”\n", path, table_line(t),
                            i + 1, heads[i], table_field(t, i));
                    bad++;
                }
            header = false;
            if (bad)
                break;
            continue;
        }
        char *end;
        const char *idtext = table_field(t, 0), *answer = table_field(t, 1);
        long long id = strtoll(idtext, &end, 10);
        bool known = false;
        for (size_t i = 0; i < 3; i++)
            known |= strcmp(answer, answers[i]) == 0;
        bool changed = false;
        if (!*idtext || *end || id <= 0) {
            fprintf(report, "%s:%ld: 转介编号应为正整数，实为“%s”\n", path, table_line(t), idtext);
            bad++;
        } else if (!known) {
            fprintf(report, "%s:%ld: 结果应为“已救助”“不符合”或“办理中”，实为“%s”\n", path,
                    table_line(t), answer);
            bad++;
        } else if ((rc = rs_referral_answer(db, id, department, answer, table_field(t, 2), actor,
                                            &changed, err)) == 0 &&
                   !changed) {
            fprintf(report, "%s:%ld: 没有转介给本部门的编号 %lld\n", path, table_line(t), id);
            bad++;
        }
        n++;
    }
    table_close(t);
    if (rc == 0 && got < 0)
        rc = -1;
    if (rc == 0 && bad)
        rc = mz_fail(err, "rejected_rows", "%s：%d 行有误，未记录任何答复", path, bad);
    char detail[96];
    snprintf(detail, sizeof detail, "部门答复 %" PRId64 " 条", n);
    if (rc == 0)
        rc = audit(reg, actor, "referral.answer", department, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    else
        db_rollback(db);
    if (rc == 0)
        *rows = n;
    return rc;
}
