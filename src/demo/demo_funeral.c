/* The demo city's 殡葬 (demo.h: demo_funeral), in the county of the first
 * household: its funeral home with a published price list (the basic
 * services marked), a public cemetery, a columbarium and a cemetery whose
 * approval runs out soon, complaints (one handled); the deaths the
 * departments reported this month cascaded (身后一件事), two more
 * registered from medical certificates — an elder with a home-service
 * order, another with a disability subsidy —, cremations with the waiver
 * the policy grants, and the ashes placed (eco burial rewarded). */
#include "demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/vault.h"
#include "funeral/funeral.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/funeralstore.h"
#include "store/orderstore.h"
#include "store/paystore.h"
#include "store/regstore.h"

#define CLERK "county:演示殡葬管理员"

static int facility(const struct funeral_env *env, const char *code, const char *name,
                    const char *kind, const char *division, const char *until, int64_t capacity,
                    int64_t *id, struct mz_err *err)
{
    char address[96], licence[64];
    snprintf(address, sizeof address, "%s（演示地址）", name);
    snprintf(licence, sizeof licence, "渝民殡批〔2019〕%s号", code);
    struct fun_facility_in in = {code, name, kind, division, address, licence, until,
                                 strcmp(kind, "殡仪馆") == 0 ? "重庆市人民政府" : "重庆市民政局",
                                 capacity, CLERK};
    return fun_facility_put(env, &in, id, err);
}

/* The first person of the county with an order not yet served. */
static int with_order(void *ctx, const struct order_row *o)
{
    *(int64_t *)ctx = o->person_id;
    return 1;
}

/* A household enrolled in 低保, not the first one (the demo's resident
 * and accounts live there). */
struct dibao_household {
    int64_t skip, household;
};

static int with_dibao(void *ctx, const struct enrol_row *e)
{
    struct dibao_household *f = ctx;
    if (e->person_id || strcmp(e->program, "dibao") != 0 || e->household_id == f->skip)
        return 0;
    f->household = e->household_id;
    return 1;
}

static int first_household(void *ctx, const struct member_row *m)
{
    *(int64_t *)ctx = m->household_id;
    return 1;
}

/* The oldest member of a household. */
struct oldest {
    int64_t person;
    mz_date birth;
};

static int take_oldest(void *ctx, const struct member_row *m)
{
    struct oldest *o = ctx;
    if (!o->person || m->birth < o->birth)
        *o = (struct oldest){m->person_id, m->birth};
    return 0;
}

static int number_of(struct registry *reg, int64_t pid, char out[19], struct mz_err *err)
{
    struct person_row p;
    int found = rs_person_get(reg_db(reg), pid, &p, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "unknown_person", "人员不存在");
    size_t n;
    return vault_unseal(reg_vault(reg), p.id_sealed, (size_t)p.id_sealed_len, out, 19, &n, err);
}

struct dead {
    int64_t v[8];
    size_t n;
};

static int take_dead(void *ctx, const struct death_row *d)
{
    struct dead *x = ctx;
    if (x->n < 8)
        x->v[x->n++] = d->person_id;
    return 0;
}

int demo_funeral(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                 const char *county, mz_date today, int64_t *deaths, struct mz_err *err)
{
    struct funeral_env env = {reg, set, cal};
    struct db *db = reg_db(reg);
    *deaths = 0;
    char division[13], until_soon[11], later[11];
    snprintf(division, sizeof division, "%s", county);
    date_format(today + 30, until_soon);
    date_format(today + 3 * 365, later);
    int64_t home, yard, hall, old;
    if (facility(&env, "BYG-01", "区殡仪馆", "殡仪馆", division, later, 0, &home, err) < 0 ||
        facility(&env, "GM-01", "福寿园公益性公墓", "公墓", division, later, 300, &yard, err) < 0 ||
        facility(&env, "GHT-01", "区骨灰堂", "骨灰堂", division, later, 1000, &hall, err) < 0 ||
        facility(&env, "GM-02", "青山经营性公墓", "公墓", division, until_soon, 200, &old, err) < 0)
        return -1;
    static const struct {
        const char *service, *price, *unit;
        bool basic;
    } prices[] = {{"遗体接运", "300", "次", true}, {"遗体冷藏", "50", "天", true},
                  {"火化", "400", "具", true},     {"骨灰盒", "200", "个", true},
                  {"告别厅", "600", "场", false},  {"高档骨灰盒", "1800", "个", false}};
    for (size_t i = 0; i < sizeof prices / sizeof prices[0]; i++)
        if (fun_price_put(&env, home, prices[i].service, prices[i].price, prices[i].unit,
                          prices[i].basic, CLERK, err) < 0)
            return -1;
    int64_t c1, c2;
    if (fun_complaint_add(&env, old, today - 12, "王先生", "墓位维护费未在收费清单中公示", CLERK, &c1,
                          err) < 0 ||
        fun_complaint_add(&env, home, today - 5, "李女士", "告别厅使用时间被缩短", CLERK, &c2, err) < 0 ||
        fun_complaint_close(&env, c1, "已责令公墓公示全部收费项目，退还未公示的费用", CLERK, err) < 0)
        return -1;
    /* deaths the departments reported without the hook, cascaded now */
    int64_t swept;
    if (fun_sweep(&env, CLERK, &swept, err) < 0)
        return -1;
    /* two from medical certificates: an elder with an order not yet
     * served, the oldest member of a 低保 household */
    char scope[1][13];
    snprintf(scope[0], sizeof scope[0], "%s", county);
    int64_t total, ordered = 0;
    struct order_filter of = {(const char(*)[13])scope, 1, 0, "dispatched", false};
    if (ors_order_list(db, &of, 1, 1, with_order, &ordered, &total, err) < 0)
        return -1;
    char month[8];
    pay_month_format(pay_month_of(today), month);
    struct dibao_household dh = {0, 0};
    struct oldest eldest = {0, 0};
    if (rs_scan_members(db, today, 0, first_household, &dh.skip, err) < 0 ||
        ps_enrol_in_force(db, month, (const char(*)[13])scope, 1, with_dibao, &dh, err) < 0 ||
        (dh.household && rs_scan_members(db, today, dh.household, take_oldest, &eldest, err) < 0))
        return -1;
    int64_t hh = 0;
    char rel[32];
    mz_date since;
    if (ordered && rs_membership_current(db, ordered, &hh, rel, &since, err) > 0 && hh == dh.skip)
        ordered = 0;
    int64_t who[2] = {ordered, eldest.person};
    static const char *const places[] = {"家中", "区人民医院"};
    for (int k = 0; k < 2; k++) {
        if (!who[k] || (k == 1 && who[1] == who[0]))
            continue;
        char number[19], cert[32];
        snprintf(cert, sizeof cert, "YX%08" PRId64, who[k]);
        if (number_of(reg, who[k], number, err) < 0)
            return -1;
        struct fun_death_in in = {number, today - 3 - 3 * k, "medical", cert, places[k], CLERK};
        int64_t pid;
        struct fun_cascade_out out;
        if (fun_death_register(&env, &in, &pid, &out, err) < 0)
            return -1;
    }
    /* cremations and placements for the county's deceased */
    struct dead x = {0};
    if (fs_death_list(db, (const char(*)[13])scope, 1, "", 1, 8, take_dead, &x, &total, err) < 0)
        return -1;
    static const char *const methods[] = {"树葬", "骨灰寄存", "公墓安葬", "海葬", "花葬"};
    for (size_t i = 0; i < x.n; i++) {
        struct death_row d;
        if (fs_death_get(db, x.v[i], &d, err) <= 0)
            return -1;
        mz_date died = date_parse(d.died_on);
        struct fun_cremation_in c = {x.v[i], home, died + 2 > today ? today : died + 2,
                                     i % 2 ? "遗体接运,遗体冷藏*2,火化,骨灰盒"
                                           : "遗体接运,遗体冷藏*3,火化,高档骨灰盒,告别厅",
                                     CLERK};
        struct fun_cremation_out co;
        if (fun_cremate(&env, &c, &co, err) < 0)
            return -1;
        if (i >= sizeof methods / sizeof methods[0])
            continue;
        const char *m = methods[i];
        int64_t at = strcmp(m, "骨灰寄存") == 0 ? hall : strcmp(m, "海葬") == 0 ? 0 : yard;
        char plot[32];
        snprintf(plot, sizeof plot, at ? "%c区%zu号" : "", at == hall ? 'B' : 'A', 10 + i);
        struct fun_placement_in p = {x.v[i], at, c.day, m, plot, CLERK};
        int64_t id, reward;
        if (fun_place(&env, &p, &id, &reward, err) < 0)
            return -1;
    }
    *deaths = total;
    return 0;
}
