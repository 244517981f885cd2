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

/* ---- the departments' side: referrals out ---------------------------- */

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

static const struct ref_department *department_of(const char *code, struct mz_err *err)
{
    const struct ref_department *dep = ref_department(code);
    if (!dep)
        mz_fail(err, "unknown_department", "没有部门“%s”（yibao、jiaoyu、zhujian、renshe）",
                code ? code : "");
    return dep;
}

int ref_take(struct registry *reg, const char *department, const char *actor, const char *channel,
             int (*fn)(void *ctx, const struct ref_item *it), void *ctx, int64_t *rows,
             struct mz_err *err)
{
    *rows = 0;
    const struct ref_department *dep = department_of(department, err);
    if (!dep)
        return -1;
    struct db *db = reg_db(reg);
    struct rows rs = {0};
    if (rs_referrals_of_department(db, department, collect, &rs, err) != 0) {
        mz_free(rs.v);
        return err->code[0] ? -1 : mz_fail(err, "out_of_memory", "内存不足");
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < rs.n; i++) {
        char name[TEXT_BYTES(TEXT_MAX_NAME)], number[19];
        rc = person_of(reg, &rs.v[i], name, number, err);
        struct ref_item it = {&rs.v[i], dep, name, number};
        if (rc == 0 && fn(ctx, &it) != 0)
            rc = err->code[0] ? -1 : mz_fail(err, "io", "转介数据写出失败");
    }
    char detail[160];
    snprintf(detail, sizeof detail, "%s转介 %zu 条（含完整身份证号，%s）", dep->label, rs.n,
             channel);
    if (rc == 0 && (rc = db_begin(db, err)) == 0) {
        rc = rs_referrals_exported(db, department, err);
        if (rc == 0)
            rc = audit(reg, actor, "referral.export", department, detail, err);
        if (rc == 0)
            rc = db_commit(db, err);
        else
            db_rollback(db);
    }
    if (rc == 0)
        *rows = (int64_t)rs.n;
    mz_free(rs.v);
    return rc;
}

const char *ref_basis_label(const char *basis)
{
    return strcmp(basis, "tekun") == 0 ? "特困人员" : "低保";
}

static int csv_item(void *ctx, const struct ref_item *it)
{
    char id[24];
    snprintf(id, sizeof id, "%" PRId64, it->row->id);
    const char *fields[] = {id,
                            it->department->service,
                            it->row->hh_no,
                            it->name,
                            it->id_number,
                            ref_basis_label(it->row->basis),
                            it->row->reason,
                            it->row->created_at,
                            it->row->answer};
    return csv_write_row(ctx, fields, 9) < 0 ? -1 : 0;
}

int ref_export(struct registry *reg, const char *department, const char *csv_path,
               const char *actor, int64_t *rows, struct mz_err *err)
{
    static const char *const heads[] = {"转介编号", "救助类别", "户编号",   "姓名", "身份证号",
                                        "依据",     "事由",     "转介日期", "答复"};
    *rows = 0;
    if (!department_of(department, err))
        return -1;
    FILE *f = fopen(csv_path, "wb");
    if (!f)
        return mz_fail(err, "io", "无法写入文件“%s”", csv_path);
    int rc = csv_write_bom(f) < 0 || csv_write_row(f, heads, 9) < 0
                 ? mz_fail(err, "io", "写入文件“%s”失败", csv_path)
                 : ref_take(reg, department, actor, "文件导出", csv_item, f, rows, err);
    if (fclose(f) != 0 && rc == 0)
        rc = mz_fail(err, "io", "写入文件“%s”失败", csv_path);
    if (rc < 0)
        remove(csv_path);
    return rc;
}

/* ---- answers ---------------------------------------------------------- */

int ref_answer_rows(struct registry *reg, const char *department, const struct ref_answer_in *in,
                    size_t n, const char *source, const char *actor, FILE *report,
                    struct mz_err *err)
{
    static const char *const answers[] = {"已救助", "不符合", "办理中"};
    if (!department_of(department, err))
        return -1;
    struct db *db = reg_db(reg);
    int bad = 0, rc = db_begin(db, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bool known = false, changed = false;
        for (size_t k = 0; k < 3; k++)
            known |= in[i].answer && strcmp(in[i].answer, answers[k]) == 0;
        if (in[i].id <= 0) {
            fprintf(report, "%s:%ld: 转介编号应为正整数\n", source, in[i].line);
            bad++;
        } else if (!known) {
            fprintf(report, "%s:%ld: 结果应为“已救助”“不符合”或“办理中”，实为“%s”\n", source,
                    in[i].line, in[i].answer ? in[i].answer : "");
            bad++;
        } else if ((rc = rs_referral_answer(db, in[i].id, department, in[i].answer,
                                            in[i].note ? in[i].note : "", actor, &changed, err)) ==
                       0 &&
                   !changed) {
            fprintf(report, "%s:%ld: 没有转介给本部门的编号 %" PRId64 "\n", source, in[i].line,
                    in[i].id);
            bad++;
        }
    }
    if (rc == 0 && bad)
        rc = mz_fail(err, "rejected_rows", "%s：%d 条答复有误，未记录任何答复", source, bad);
    char detail[96];
    snprintf(detail, sizeof detail, "部门答复 %zu 条（%s）", n, source);
    if (rc == 0)
        rc = audit(reg, actor, "referral.answer", department, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    else
        db_rollback(db);
    return rc;
}

int ref_answer(struct registry *reg, const char *department, const char *path, const char *actor,
               FILE *report, int64_t *rows, struct mz_err *err)
{
    static const char *const heads[] = {"转介编号", "结果", "说明"};
    *rows = 0;
    if (!department_of(department, err))
        return -1;
    struct table *t;
    if (table_open(path, &t, err) < 0)
        return -1;
    struct ref_answer_in *in = NULL;
    char **texts = NULL; /* the answers and notes, copied out of the table */
    size_t n = 0, cap = 0, tcap = 0, ntexts = 0;
    int got, rc = 0;
    bool header = true;
    while (rc == 0 && (got = table_read(t, err)) == 1) {
        if (header) {
            for (size_t i = 0; i < 3; i++)
                if (strcmp(table_field(t, i), heads[i]) != 0)
                    rc = mz_fail(err, "bad_header", "%s:%ld: 列 %zu 应为“%s”，实为“%s”", path,
                                 table_line(t), i + 1, heads[i], table_field(t, i));
            header = false;
            continue;
        }
        if (mz_grow(&in, &cap, n + 1, sizeof *in) < 0 ||
            mz_grow(&texts, &tcap, ntexts + 2, sizeof *texts) < 0) {
            rc = mz_fail(err, "out_of_memory", "内存不足");
            break;
        }
        char *end;
        long long id = strtoll(table_field(t, 0), &end, 10);
        texts[ntexts++] = mz_strdup(table_field(t, 1));
        texts[ntexts++] = mz_strdup(table_field(t, 2));
        in[n++] = (struct ref_answer_in){*table_field(t, 0) && !*end ? id : 0, texts[ntexts - 2],
                                         texts[ntexts - 1], table_line(t)};
    }
    table_close(t);
    if (rc == 0 && got < 0)
        rc = -1;
    if (rc == 0)
        rc = ref_answer_rows(reg, department, in, n, path, actor, report, err);
    for (size_t i = 0; i < ntexts; i++)
        mz_free(texts[i]);
    mz_free(texts);
    mz_free(in);
    if (rc == 0)
        *rows = (int64_t)n;
    return rc;
}
