/* 结婚登记 (marriage.h): the parties checked against the rules of the
 * 民法典 and the 婚姻登记条例, a refusal recorded with its articles, or the
 * registration with its J number, both persons' status and the 户口 move;
 * and registrations taken over from the archive. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/sm.h"
#include "crypto/vault.h"
#include "marriage/internal.h"
#include "policy/policy.h"
#include "registry/kin.h"
#include "registry/registry.h"
#include "store/regstore.h"

/* The text of the declaration each party signs (art 8(1)(2)); its SM3 is
 * kept with the party. */
static const char declaration[] =
    "本人声明：本人无配偶，与对方当事人没有直系血亲和三代以内旁系血亲关系。"
    "本人对所出具证件和书面材料的真实性、合法性负责（《婚姻登记条例》第八条、第二十三条）。";

int party_load(const struct marriage_env *env, const char *id_number, const char *name,
               const char *field, struct party *p, struct mz_err *err)
{
    memset(p, 0, sizeof *p);
    char f[48];
    snprintf(f, sizeof f, "%s_id", field);
    if (!id_number || !*id_number)
        return mz_fail_field(err, f, "missing_field", "请填写%s的身份证号",
                             strcmp(field, "a") == 0 ? "第一位当事人" : "第二位当事人");
    if (idcard_parse(id_number, &p->id, err) < 0) {
        snprintf(err->field, sizeof err->field, "%s", f);
        return -1;
    }
    snprintf(f, sizeof f, "%s_name", field);
    if (!name || !*name)
        return mz_fail_field(err, f, "missing_field", "请填写身份证号 %.6s…的当事人姓名",
                             p->id.number);
    if (text_check(name, f, "姓名", TEXT_MAX_NAME, TEXT_NAME, err) < 0)
        return -1;
    struct mparty_row *r = &p->row;
    r->sex = p->id.sex;
    idcard_mask(p->id.number, r->id_masked);
    snprintf(r->name, sizeof r->name, "%s", name);
    date_format(p->id.birth, r->birth);
    if (vault_blind_index(reg_vault(env->reg), p->id.number, 18, r->id_index) < 0 ||
        vault_sealed_len(18) > sizeof r->id_sealed ||
        vault_seal(reg_vault(env->reg), p->id.number, 18, r->id_sealed) < 0)
        return mz_fail(err, "crypto_error", "加密身份证号失败");
    r->id_sealed_len = (int)vault_sealed_len(18);
    int found = reg_person_find(env->reg, p->id.number, &r->person_id, err);
    if (found < 0)
        return -1;
    if (!found)
        r->person_id = 0;
    return 0;
}

static const char *side(int sex)
{
    return sex == SEX_MALE ? "男方" : "女方";
}

/* "男方 张三（500103********0012）" */
static void who(const struct party *p, char *out, size_t cap)
{
    snprintf(out, cap, "%s%s（%s）", side(p->row.sex), p->row.name, p->row.id_masked);
}

/* ---- the rules ---------------------------------------------------------- */

/* Names against the registry, and no death on record before the day. */
static int check_identity(const struct marriage_env *env, const struct party *p, mz_date day,
                          struct mar_refusals *r, struct mz_err *err)
{
    if (!p->row.person_id)
        return 0; /* from elsewhere: identity checked on the ID card */
    struct person_row pr;
    char died[32], w[160];
    who(p, w, sizeof w);
    if (rs_person_get(reg_db(env->reg), p->row.person_id, &pr, err) < 0)
        return -1;
    if (strcmp(pr.name, p->row.name) != 0)
        refuse_add(r, "identity", "%s的姓名与人口登记库记载的“%s”不一致", w, pr.name);
    int found = rs_fact_asof(reg_db(env->reg), "person", p->row.person_id, "death", day, NULL,
                             died, sizeof died, err);
    if (found < 0)
        return -1;
    if (found)
        refuse_add(r, "identity", "%s在人口登记库中已于 %s 登记死亡", w, died);
    return 0;
}

/* The day someone born on birth reaches age (29 February: 1 March). */
static mz_date reaches(mz_date birth, int age)
{
    int y, m, d;
    date_to_ymd(birth, &y, &m, &d);
    mz_date at = date_from_ymd(y + age, m, d);
    return at != MZ_DATE_NONE ? at : date_from_ymd(y + age, 3, 1);
}

static int check_age(const struct marriage_env *env, const char *office, const struct party *p,
                     mz_date day, struct mar_refusals *r, struct mz_err *err)
{
    const char *param = p->row.sex == SEX_MALE ? "marriage_age_male" : "marriage_age_female";
    int64_t age = 0;
    if (!env->set || !pol_param_lookup(env->set, param, office, 0, day, &age) || age <= 0)
        return mz_fail(err, "no_limit", "政策文件中没有在 %s 生效的法定婚龄（参数 %s）", office,
                       param);
    if (date_age(p->id.birth, day) >= age)
        return 0;
    char w[160], on[11], at[11];
    who(p, w, sizeof w);
    date_format(day, on);
    date_format(reaches(p->id.birth, (int)age), at);
    refuse_add(r, "under_age", "%s %s 出生，登记之日 %s 未满%" PRId64 "周岁（%s 年满）", w,
               p->row.birth, on, age, at);
    return 0;
}

static int check_status(const struct marriage_env *env, const struct party *p, mz_date day,
                        struct mar_refusals *r, struct mz_err *err)
{
    struct mar_status_info s;
    if (mar_status_of(env, p->id.number, day, &s, err) < 0)
        return -1;
    if (s.status != MAR_MARRIED)
        return 0;
    char w[160];
    who(p, w, sizeof w);
    refuse_add(r, "already_married", "%s已有配偶（%s）", w, s.basis);
    return 0;
}

static int check_kinship(const struct marriage_env *env, const struct party *man,
                         const struct party *woman, struct mar_refusals *r, struct mz_err *err)
{
    if (!man->row.person_id || !woman->row.person_id)
        return 0; /* no recorded family relations for someone from elsewhere */
    struct reg_kin k;
    if (reg_kinship(env->reg, man->row.person_id, woman->row.person_id, &k, err) < 0)
        return -1;
    if (k.kind == REG_KIN_NONE)
        return 0;
    refuse_add(r, "prohibited_kinship", "双方为%s（%s；依据：%s）",
               k.kind == REG_KIN_LINEAL ? "直系血亲" : "三代以内旁系血亲", k.relation,
               k.evidence);
    return 0;
}

/* ---- registration ------------------------------------------------------- */

/* The 户口 move asked for can be done: the party staying is a registry
 * person with a household. */
static int check_hukou(const struct marriage_env *env, enum mar_hukou h, const struct party *stay,
                       struct mz_err *err)
{
    if (h == MAR_HUKOU_NONE)
        return 0;
    int64_t hh = 0;
    char rel[32];
    mz_date from;
    int found = stay->row.person_id ? rs_membership_current(reg_db(env->reg), stay->row.person_id,
                                                            &hh, rel, &from, err)
                                    : 0;
    if (found < 0)
        return -1;
    if (!found || hh <= 0)
        return mz_fail_field(err, "hukou", "invalid_value",
                             "结婚落户：%s%s不在本市人口登记库中（或没有户），无法迁入其户",
                             side(stay->row.sex), stay->row.name);
    return 0;
}

static int write_party(const struct marriage_env *env, int64_t marriage_id, struct party *p,
                       bool illness, struct mz_err *err)
{
    if (sm3_hex(declaration, strlen(declaration), p->row.declaration_sm3) < 0)
        return mz_fail(err, "sm3", "SM3 计算失败");
    p->row.illness_disclosed = illness;
    return ms_party_insert(reg_db(env->reg), marriage_id, &p->row, err);
}

int mar_register(const struct marriage_env *env, const struct mar_register_in *in,
                 struct mar_registered *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct db *db = reg_db(env->reg);
    struct party pa, pb;
    if (day_check(in->day, "date", "登记日期", err) < 0 ||
        office_check(env, in->office, in->day, err) < 0 ||
        party_load(env, in->a.id_number, in->a.name, "a", &pa, err) < 0 ||
        party_load(env, in->b.id_number, in->b.name, "b", &pb, err) < 0)
        return -1;
    if (strcmp(pa.id.number, pb.id.number) == 0)
        return mz_fail_field(err, "b_id", "invalid_value", "双方的身份证号相同");
    bool a_man = pa.row.sex == SEX_MALE;
    struct party *man = a_man ? &pa : &pb, *woman = a_man ? &pb : &pa;
    const struct mar_party_in *man_in = a_man ? &in->a : &in->b,
                              *woman_in = a_man ? &in->b : &in->a;
    struct party *mover = in->hukou == MAR_HUKOU_MAN ? man : woman;
    struct party *stay = in->hukou == MAR_HUKOU_MAN ? woman : man;
    struct appointment_row apt;
    if (in->appointment_id) {
        int found = ms_appointment_get(db, in->appointment_id, &apt, err);
        if (found < 0)
            return -1;
        if (!found || strcmp(apt.state, "booked") != 0 || strcmp(apt.kind, "marriage") != 0)
            return mz_fail_field(err, "appointment_id", "invalid_value",
                                 "预约 %" PRId64 " 不存在、不是结婚登记预约或已使用", in->appointment_id);
    }
    char parties[400], wa[160], wb[160];
    who(&pa, wa, sizeof wa);
    who(&pb, wb, sizeof wb);
    snprintf(parties, sizeof parties, "%s、%s", wa, wb);
    if (pa.row.sex == pb.row.sex) {
        struct mar_refusals r = {0};
        refuse_add(&r, "same_sex", "双方身份证号所载性别均为%s", pa.row.sex == SEX_MALE ? "男" : "女");
        return refuse_record(env, "marriage", in->office, in->day, parties, in->actor, &r, out,
                             err);
    }
    if (mover != stay && check_hukou(env, in->hukou, stay, err) < 0)
        return -1;

    struct mar_refusals r = {0};
    if (check_identity(env, man, in->day, &r, err) < 0 ||
        check_identity(env, woman, in->day, &r, err) < 0 ||
        check_age(env, in->office, man, in->day, &r, err) < 0 ||
        check_age(env, in->office, woman, in->day, &r, err) < 0)
        return -1;
    if (!man_in->voluntary || !woman_in->voluntary)
        refuse_add(&r, "not_voluntary", "%s经询问不是完全自愿",
                   !man_in->voluntary && !woman_in->voluntary ? "双方"
                   : !man_in->voluntary                      ? "男方"
                                                             : "女方");
    if (!man_in->declaration_signed || !woman_in->declaration_signed)
        refuse_add(&r, "no_declaration", "%s未签署声明",
                   !man_in->declaration_signed && !woman_in->declaration_signed ? "双方"
                   : !man_in->declaration_signed                                ? "男方"
                                                                                : "女方");
    if (check_status(env, man, in->day, &r, err) < 0 ||
        check_status(env, woman, in->day, &r, err) < 0 ||
        check_kinship(env, man, woman, &r, err) < 0)
        return -1;
    if (r.n)
        return refuse_record(env, "marriage", in->office, in->day, parties, in->actor, &r, out,
                             err);

    struct marriage_row m = {.appointment_id = in->appointment_id};
    snprintf(m.office, sizeof m.office, "%s", in->office);
    date_format(in->day, m.registered_on);
    snprintf(m.recorded_by, sizeof m.recorded_by, "%s", in->actor);
    bool changed;
    char detail[160];
    int rc = db_begin(db, err);
    /* the number first (the marriage row carries it); cert_issue_tx takes
     * the same one in this transaction, under the write lock */
    if (rc == 0) {
        int y, mo, d, seq;
        date_to_ymd(in->day, &y, &mo, &d);
        rc = ms_cert_next(db, "J", in->office, y, &seq, err);
        if (rc == 0)
            mar_cert_format("J", in->office, y, seq, m.cert_no);
    }
    if (rc == 0)
        rc = ms_marriage_insert(db, &m, err);
    if (rc == 0)
        rc = cert_issue_tx(env, "J", in->office, in->day, m.id, 0, 0, NULL, in->actor,
                           out->cert_no, err);
    if (rc == 0 && strcmp(out->cert_no, m.cert_no) != 0)
        rc = mz_fail(err, "conflict", "证件字号分配冲突：%s 与 %s", out->cert_no, m.cert_no);
    if (rc == 0)
        rc = write_party(env, m.id, man, man_in->illness_disclosed, err);
    if (rc == 0)
        rc = write_party(env, m.id, woman, woman_in->illness_disclosed, err);
    if (rc == 0)
        rc = status_fact(env, man->row.person_id, "已婚", in->day, m.cert_no, err);
    if (rc == 0)
        rc = status_fact(env, woman->row.person_id, "已婚", in->day, m.cert_no, err);
    if (rc == 0 && in->appointment_id)
        rc = ms_appointment_state(db, in->appointment_id, "attended", &changed, err);
    if (rc == 0 && in->hukou != MAR_HUKOU_NONE)
        rc = hukou_open_tx(env, m.id, m.cert_no, in->day, mover, stay, in->actor,
                           &out->hukou_id, err);
    snprintf(detail, sizeof detail, "%s %s", m.cert_no, in->office);
    if (rc == 0)
        rc = mar_audit(env, in->actor, "marriage.register", "marriage", m.id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        out->cert_no[0] = '\0';
        return -1;
    }
    out->marriage_id = m.id;
    return 0;
}

/* ---- the archive -------------------------------------------------------- */

int mar_archive_add(const struct marriage_env *env, const struct mar_archive_in *in,
                    int64_t *marriage_id, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    char kind[3], office[7];
    int year, seq, y, mo, d;
    struct party man, woman;
    if (mar_cert_parse(in->cert_no, kind, office, &year, &seq, err) < 0)
        return -1;
    if (strcmp(kind, "J") != 0)
        return mz_fail_field(err, "cert_no", "invalid_value", "档案中的结婚登记应为结婚证字号（J），实为 %s",
                             in->cert_no);
    if (day_check(in->day, "date", "登记日期", err) < 0 ||
        party_load(env, in->man_id, in->man_name, "man", &man, err) < 0 ||
        party_load(env, in->woman_id, in->woman_name, "woman", &woman, err) < 0)
        return -1;
    date_to_ymd(in->day, &y, &mo, &d);
    if (y != year)
        return mz_fail_field(err, "date", "inconsistent", "登记日期 %04d 年与证件字号中的年份 %d 不符",
                             y, year);
    if (man.row.sex != SEX_MALE || woman.row.sex != SEX_FEMALE)
        return mz_fail_field(err, man.row.sex != SEX_MALE ? "man_id" : "woman_id", "inconsistent",
                             "男方、女方的身份证号所载性别不符");
    struct marriage_row m = {.archived = true};
    snprintf(m.office, sizeof m.office, "%s", office);
    date_format(in->day, m.registered_on);
    snprintf(m.cert_no, sizeof m.cert_no, "%s", in->cert_no);
    snprintf(m.recorded_by, sizeof m.recorded_by, "%s", in->actor);
    struct cert_row c = {.year = year, .seq = seq};
    snprintf(c.number, sizeof c.number, "%s", in->cert_no);
    snprintf(c.kind, sizeof c.kind, "J");
    snprintf(c.office, sizeof c.office, "%s", office);
    snprintf(c.issued_on, sizeof c.issued_on, "%s", m.registered_on);
    snprintf(c.issued_by, sizeof c.issued_by, "%s", in->actor);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = ms_marriage_insert(db, &m, err);
    c.marriage_id = m.id;
    if (rc == 0)
        rc = ms_cert_insert(db, &c, err);
    if (rc == 0)
        rc = ms_party_insert(db, m.id, &man.row, err);
    if (rc == 0)
        rc = ms_party_insert(db, m.id, &woman.row, err);
    if (rc == 0)
        rc = mar_audit(env, in->actor, "marriage.archive", "marriage", m.id, in->cert_no, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        if (strstr(err->msg, "UNIQUE"))
            mz_fail_field(err, "cert_no", "conflict", "证件字号 %s 已在档案中", in->cert_no);
        return -1;
    }
    *marriage_id = m.id;
    return 0;
}
