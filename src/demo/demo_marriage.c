/* The demo city's 婚姻登记 (demo.h: demo_marriage), in the county of the
 * first household: the couples of the synthetic population taken into the
 * archive of registrations (their year from their ages), this month's
 * registrations at the county's office — parties from other provinces,
 * young people of the city, one asking for their 户口 to move (the joined
 * case at each state) —, refusals of each kind with their articles,
 * divorces at every phase of their windows with counselling, a
 * replacement and the coming days' appointments. Everything through
 * src/marriage as the office's clerk would. */
#include "demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "crypto/vault.h"
#include "marriage/marriage.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/marriagestore.h"
#include "store/regstore.h"

#define CLERK "county:演示婚姻登记员"
#define ARCHIVE_MAX 600 /* couples taken into the archive */

struct member {
    int64_t person, household;
    mz_date birth;
    int sex;
    char relation[16];
};

struct people {
    struct member *v;
    size_t n, cap;
    char county[7];
};

static int collect(void *ctx, const struct member_row *m)
{
    struct people *p = ctx;
    if (!p->county[0])
        snprintf(p->county, sizeof p->county, "%.6s", m->division);
    if (strncmp(m->division, p->county, 6) != 0)
        return 0;
    if (mz_grow(&p->v, &p->cap, p->n + 1, sizeof *p->v) < 0)
        return -2;
    struct member *k = &p->v[p->n++];
    *k = (struct member){m->person_id, m->household_id, m->birth, m->sex, ""};
    snprintf(k->relation, sizeof k->relation, "%s", m->relation);
    return 0;
}

/* A registry person's ID number (19 bytes) and name. */
static int identity(struct registry *reg, int64_t pid, char number[19], char *name, size_t cap,
                    struct mz_err *err)
{
    struct person_row p;
    int found = rs_person_get(reg_db(reg), pid, &p, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "unknown_person", "人员不存在");
    size_t n;
    if (vault_unseal(reg_vault(reg), p.id_sealed, (size_t)p.id_sealed_len, number, 19, &n, err) < 0)
        return -1;
    snprintf(name, cap, "%s", p.name);
    return 0;
}

/* A party from another province: a valid ID number from the address code,
 * birth date and sex, into out (19 bytes). */
static const char *outsider(const char *address, int year, int month, int day, int sex, int k,
                            char out[19])
{
    char first[48];
    snprintf(first, sizeof first, "%.6s%04u%02u%02u%02u%u", address, (unsigned)year % 10000,
             (unsigned)month % 100, (unsigned)day % 100, (unsigned)k % 100,
             sex == SEX_MALE ? 1u : 2u);
    snprintf(out, 19, "%.17s%c", first, idcard_check_char(first));
    return out;
}

/* The k-th working day before today (0: today if working). */
static mz_date working_back(const struct cal *cal, mz_date today, int k)
{
    mz_date d = today;
    struct mz_err err = {0};
    for (int found = 0; d > today - 400; d--) {
        bool w = false;
        if (cal_is_working_day(cal, d, &w, &err) == 0 && w && found++ == k)
            return d;
    }
    return today;
}

static mz_date working_ahead(const struct cal *cal, mz_date today, int k)
{
    mz_date d = today + 1;
    struct mz_err err = {0};
    for (int found = 0; d < today + 60; d++) {
        bool w = false;
        if (cal_is_working_day(cal, d, &w, &err) == 0 && w && ++found == k)
            return d;
    }
    return today + k;
}

/* The archive: every couple of a household (户主 and 配偶 of opposite
 * sexes), registered when the younger reached the legal age and a little
 * after, numbered in order per year. */
static int archive(const struct marriage_env *env, const struct people *p, mz_date today,
                   int64_t *couples, int64_t (*ids)[3], size_t *nids, struct mz_err *err)
{
    int seq[200] = {0};
    *nids = 0;
    for (size_t i = 0; i + 1 < p->n && *couples < ARCHIVE_MAX; i++) {
        const struct member *h = &p->v[i], *s = &p->v[i + 1];
        if (h->household != s->household || strcmp(h->relation, "户主") != 0 ||
            strcmp(s->relation, "配偶") != 0 || h->sex == s->sex)
            continue;
        const struct member *man = h->sex == SEX_MALE ? h : s, *woman = h->sex == SEX_MALE ? s : h;
        int ym, yw, mo, d;
        date_to_ymd(man->birth, &ym, &mo, &d);
        date_to_ymd(woman->birth, &yw, &mo, &d);
        int year = ym + 22 > yw + 20 ? ym + 22 : yw + 20;
        year += (int)(man->person % 4);
        int last, lm, ld;
        date_to_ymd(today - 400, &last, &lm, &ld);
        if (year < 1950)
            year = 1950;
        if (year > last)
            continue; /* too young to have married before last year */
        mz_date day = date_from_ymd(year, 1 + (int)(woman->person % 12), 1 + (int)(man->person % 28));
        char cert[32], mid[19], wid[19], mname[128], wname[128];
        mar_cert_format("J", p->county, year, ++seq[year - 1950], cert);
        if (identity(env->reg, man->person, mid, mname, sizeof mname, err) < 0 ||
            identity(env->reg, woman->person, wid, wname, sizeof wname, err) < 0)
            return -1;
        struct mar_archive_in in = {cert, day, mid, mname, wid, wname, CLERK};
        int64_t id;
        if (mar_archive_add(env, &in, &id, err) < 0)
            return -1;
        ++*couples;
        if (*nids < 16) {
            ids[*nids][0] = id;
            ids[*nids][1] = man->person;
            ids[(*nids)++][2] = woman->person;
        }
    }
    return 0;
}

static const char *const names_m[] = {"王磊", "刘洋", "陈杰", "杨帆", "黄涛", "赵鹏", "周宇", "吴昊"};
static const char *const names_w[] = {"李娜", "张敏", "孙静", "胡婷", "郭佳", "何雪", "高丽", "罗兰"};
static const char *const regions[] = {"110105", "440524", "310104", "510107", "420102", "330106",
                                      "610113", "370102"};

static int register_one(const struct marriage_env *env, const char *county, mz_date day,
                        const char *a, const char *an, const char *b, const char *bn,
                        enum mar_hukou hukou, struct mar_registered *out, struct mz_err *err)
{
    struct mar_register_in in = {.office = county, .day = day,
                                 .a = {a, an, true, true, true}, .b = {b, bn, true, true, true},
                                 .hukou = hukou, .actor = CLERK};
    return mar_register(env, &in, out, err);
}

/* A refusal the demo means to show: refused, recorded, and not a failure. */
static int refuse(const struct marriage_env *env, const char *county, mz_date day, const char *a,
                  const char *an, const char *b, const char *bn, struct mz_err *err)
{
    struct mar_registered out;
    struct mz_err r = {0};
    if (register_one(env, county, day, a, an, b, bn, MAR_HUKOU_NONE, &out, &r) == 0)
        return 0; /* the data did not make it a refusal: nothing to show */
    if (!out.refusal_id) {
        *err = r;
        return -1;
    }
    return 0;
}

static int registrations(const struct marriage_env *env, const struct people *p, mz_date today,
                         int64_t *made, struct mz_err *err)
{
    const char *county = p->county;
    char a[19], b[19], local[19], lname[128], kin_a[19], kin_b[19], ka[128], kb[128];
    struct mar_registered out;
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    /* couples from other provinces */
    for (int k = 0; k < 6; k++) {
        outsider(regions[k], 1990 + k, 1 + k, 3 + k, SEX_MALE, k, a);
        outsider(regions[(k + 3) % 8], 1992 + k, 2 + k, 5 + k, SEX_FEMALE, k, b);
        if (register_one(env, county, working_back(env->cal, today, 2 + 3 * k), a, names_m[k], b,
                         names_w[k], MAR_HUKOU_NONE, &out, err) < 0)
            return -1;
        ++*made;
    }
    /* young adults of the city, unmarried, marrying someone from elsewhere
     * who moves into their household: the joined case sent, done, queued */
    int joined = 0;
    for (size_t i = 0; i < p->n && joined < 3; i++) {
        const struct member *x = &p->v[i];
        int age = date_age(x->birth, today);
        if (strcmp(x->relation, "户主") != 0 || age < 25 || age > 40)
            continue;
        bool spouse = false; /* a 配偶 in the household: married, archive or not */
        for (size_t j = i + 1; j < p->n && p->v[j].household == x->household; j++)
            spouse |= strcmp(p->v[j].relation, "配偶") == 0;
        if (spouse)
            continue;
        struct mar_status_info s;
        if (identity(env->reg, x->person, local, lname, sizeof lname, err) < 0 ||
            mar_status_of(env, local, today, &s, err) < 0)
            return -1;
        if (s.status == MAR_MARRIED)
            continue;
        int sex = x->sex == SEX_MALE ? SEX_FEMALE : SEX_MALE;
        outsider(regions[6 + joined % 2], 1995 + joined, 6, 10 + joined, sex, 40 + joined, b);
        if (register_one(env, county, working_back(env->cal, today, 1 + 5 * joined), local, lname, b,
                         sex == SEX_MALE ? names_m[6 + joined % 2] : names_w[6 + joined % 2],
                         sex == SEX_MALE ? MAR_HUKOU_MAN : MAR_HUKOU_WOMAN, &out, err) < 0)
            return -1;
        ++*made;
        mz_date sent = working_back(env->cal, today, 5 * joined);
        if (joined > 0 && hukou_step(env, out.hukou_id, "send", NULL, sent, CLERK, err) < 0)
            return -1;
        if (joined == 2 && hukou_step(env, out.hukou_id, "done", "已办理户口迁入", today, CLERK, err) < 0)
            return -1;
        joined++;
    }
    /* refusals: under age, already married (a husband of the archive), kin */
    outsider("500103", y - 19, 3, 3, SEX_MALE, 77, a);
    outsider("440524", y - 23, 4, 4, SEX_FEMALE, 78, b);
    if (refuse(env, county, working_back(env->cal, today, 3), a, "小陈", b, "林芳", err) < 0)
        return -1;
    bool husband = false, kin = false;
    for (size_t i = 0; i + 1 < p->n; i++) {
        const struct member *h = &p->v[i], *c = &p->v[i + 1];
        if (h->household != c->household || strcmp(h->relation, "户主") != 0)
            continue;
        if (!husband && strcmp(c->relation, "配偶") == 0 && h->sex == SEX_MALE &&
            date_age(h->birth, today) < 70) {
            outsider("510107", y - 30, 8, 8, SEX_FEMALE, 79, b);
            if (identity(env->reg, h->person, a, ka, sizeof ka, err) < 0 ||
                refuse(env, county, working_back(env->cal, today, 4), a, ka, b, "邓洁", err) < 0)
                return -1;
            husband = true;
        }
        for (size_t j = i + 1; !kin && j < p->n && p->v[j].household == h->household; j++) {
            const struct member *ch = &p->v[j];
            if (strcmp(ch->relation, "子女") != 0 || ch->sex == h->sex ||
                date_age(ch->birth, today) < 23)
                continue;
            if (identity(env->reg, h->person, kin_a, ka, sizeof ka, err) < 0 ||
                identity(env->reg, ch->person, kin_b, kb, sizeof kb, err) < 0 ||
                refuse(env, county, working_back(env->cal, today, 6), kin_a, ka, kin_b, kb, err) < 0)
                return -1;
            kin = true;
        }
        if (husband && kin)
            break;
    }
    return 0;
}

static int divorces(const struct marriage_env *env, const char *county, int64_t (*ids)[3],
                    size_t n, mz_date today, struct mz_err *err)
{
    /* days before today each was received: registered, awaiting, cooling,
     * withdrawn, lapsed */
    static const int back[] = {70, 40, 10, 20, 110};
    for (size_t k = 0; k < n && k < 5; k++) {
        struct marriage_row m;
        char a[19], b[19], an[128], bn[128];
        if (ms_marriage_get(reg_db(env->reg), ids[k][0], &m, err) <= 0 ||
            identity(env->reg, ids[k][1], a, an, sizeof an, err) < 0 ||
            identity(env->reg, ids[k][2], b, bn, sizeof bn, err) < 0)
            return -1;
        mz_date applied = working_back(env->cal, today - back[k], 0);
        struct div_apply_in in = {county, applied, m.cert_no, a, b,
                                  "双方自愿离婚。子女由女方抚养，男方每月支付抚养费；共同房产归女方，"
                                  "男方取得存款；无共同债务。",
                                  true, CLERK};
        int64_t id, cid;
        struct mar_registered r;
        if (div_apply(env, &in, &id, &r, err) < 0)
            return -1;
        struct divorce_row d;
        if (ms_divorce_get(reg_db(env->reg), id, &d, err) <= 0)
            return -1;
        char no[32];
        if (k == 0 &&
            div_register(env, id, county, date_parse(d.appear_from) + 1, a, b, CLERK, no, &r, err) < 0)
            return -1;
        if ((k == 1 || k == 2) &&
            div_counsel(env, id, applied + 5, k == 1 ? "offered" : "held", "周静（婚姻家庭辅导师）",
                        k == 1 ? "告知可预约辅导，当事人表示考虑" : "双方沟通子女抚养安排，同意继续冷静期",
                        CLERK, &cid, err) < 0)
            return -1;
        if (k == 3 && div_withdraw(env, id, b, applied + 5, CLERK, err) < 0)
            return -1;
    }
    int64_t lapsed;
    return div_lapse_due(env, today, &lapsed, err);
}

int demo_marriage(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                  mz_date today, int64_t *made, struct mz_err *err)
{
    *made = 0;
    struct people p = {0};
    int rc = rs_scan_members(reg_db(reg), today, 0, collect, &p, err);
    if (rc == -2)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    struct marriage_env env = {reg, set, cal, NULL};
    int64_t couples = 0, ids[16][3];
    size_t nids = 0;
    if (rc == 0 && p.n)
        rc = archive(&env, &p, today, &couples, ids, &nids, err);
    if (rc == 0 && p.n)
        rc = registrations(&env, &p, today, made, err);
    /* the first couples live in the first household, the demo resident's:
     * their marriage stays as it is */
    if (rc == 0 && nids > 8)
        rc = divorces(&env, p.county, ids + 2, nids - 2, today, err);
    if (rc == 0 && nids > 8) {
        /* a replacement of a lost 结婚证 */
        struct marriage_row m;
        char b[19], bn[128], no[32];
        struct mar_registered r;
        rc = ms_marriage_get(reg_db(reg), ids[8][0], &m, err) <= 0 ||
                     identity(reg, ids[8][2], b, bn, sizeof bn, err) < 0
                 ? -1
                 : mar_replace(&env,
                               &(struct mar_replace_in){p.county, working_back(cal, today, 1),
                                                        m.cert_no, b, CLERK},
                               no, &r, err);
    }
    /* the coming days' appointments */
    static const char *const slots[] = {"09:00", "10:00", "14:00", "15:00"};
    for (int k = 0; rc == 0 && p.n && k < 6; k++) {
        char parties[96];
        snprintf(parties, sizeof parties, "%s、%s", names_m[k], names_w[(k + 2) % 8]);
        struct mar_appoint_in in = {p.county, working_ahead(cal, today, 1 + k / 3), slots[k % 4],
                                    k == 4 ? "divorce" : "marriage", parties, CLERK};
        int64_t id;
        rc = mar_appoint(&env, &in, &id, err);
    }
    mz_free(p.v);
    *made += couples;
    return rc;
}
