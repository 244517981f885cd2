/* The demo city's child-welfare institutions, orphans' entitlements and
 * 重度残疾人托养 (demo.h), in the county of the demo accounts: a 儿童福利院
 * (DEMO_INSTITUTION_NAME, the demo's institution account) with the
 * county's orphans and 事实无人抚养 children, a 未成年人救助保护中心 with
 * children lacking guardianship, one moved to the 福利院 and one returned
 * home, each given services; the entitlements of the city's orphans as
 * of today; the county's severely disabled persons who receive the 护理
 * 补贴 placed in residential or day care with its elderly-care providers,
 * one placement ended. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "children/entitle.h"
#include "children/institution.h"
#include "children/kunjing.h"
#include "demo/demo.h"
#include "disability/tuoyang.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/institstore.h"
#include "store/paystore.h"
#include "store/providerstore.h"

#define ACTOR "district:演示区县民政"
#define PROTECTED 4 /* children lacking guardianship in the protection centre */
#define CARED 8     /* at most so many 托养 placements */

/* Services a placed child receives, one a fortnight after admission. */
static int serve(struct registry *reg, int64_t person, mz_date admitted, size_t i,
                 struct mz_err *err)
{
    static const char *const kinds[][2] = {{"medical", "入院体检，建立健康档案"},
                                           {"education", "联系就近学校入学，安排课后辅导"},
                                           {"psych", "心理评估，每周一次个别辅导"},
                                           {"rehab", "康复评估，开展感统训练"}};
    char day[11];
    int64_t id;
    for (size_t k = 0; k < 2; k++) {
        date_format(admitted + 14 * (mz_date)(k + 1), day);
        if (inst_service(reg, person, kinds[(i + k) % 4][0], day, kinds[(i + k) % 4][1], ACTOR,
                         &id, err) < 0)
            return -1;
    }
    return 0;
}

static int institutions(struct registry *reg, const struct pol_set *set, const char *county,
                        mz_date today, struct mz_err *err)
{
    struct inst_in home = {DEMO_INSTITUTION_NAME, "welfare", county, "40", "渝民发〔2001〕18号"},
                   centre = {"区未成年人救助保护中心", "protection", county, "12", "渝编〔2019〕7号"};
    int64_t home_id, centre_id;
    if (inst_add(reg, &home, ACTOR, &home_id, err) < 0 ||
        inst_add(reg, &centre, ACTOR, &centre_id, err) < 0)
        return -1;
    char scope[1][13];
    snprintf(scope[0], sizeof scope[0], "%s", county);
    struct kj_list l;
    if (kj_list(reg, set, (const char(*)[13])scope, 1, today, &l, err) < 0) return -1;
    int rc = 0;
    size_t protected = 0;
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        const struct kj_child *c = &l.children[i];
        bool orphan = c->held[0], defacto = c->held[1], unguarded = c->held[5];
        if (!orphan && !defacto && !(unguarded && protected < PROTECTED)) continue;
        bool to_home = orphan || defacto;
        mz_date on = today - 200 + (mz_date)(i % 90);
        char day[11];
        date_format(on, day);
        struct inst_admit_in in = {c->person_id, to_home ? home_id : centre_id, day,
                                   orphan ? "孤儿" : defacto ? "事实无人抚养儿童" : "监护缺失临时监护",
                                   to_home ? "民政部门送交" : "公安机关护送"};
        int64_t id;
        rc = inst_admit(reg, &in, ACTOR, &id, err);
        if (rc < 0 && (strcmp(err->code, "institution_full") == 0 ||
                       strcmp(err->field, "admitted_on") == 0)) { /* full, or born since */
            mz_err_clear(err);
            rc = 0;
            continue;
        }
        if (rc == 0) rc = serve(reg, c->person_id, on, i, err);
        protected += rc == 0 && !to_home;
        /* of the children in the centre, the first moves to the 福利院 and
         * the second returns to their family */
        if (rc == 0 && !to_home && protected == 1) {
            date_format(on + 40, day);
            rc = inst_move(reg, c->person_id, home_id, day, ACTOR, &id, err);
        } else if (rc == 0 && !to_home && protected == 2) {
            date_format(on + 60, day);
            rc = inst_leave(reg, c->person_id, day, "回归家庭", ACTOR, err);
        }
    }
    kj_list_free(&l);
    return rc;
}

struct severe {
    int64_t ids[CARED];
    size_t n;
};

static int collect_severe(void *ctx, const struct enrol_row *e)
{
    struct severe *s = ctx;
    if (strcmp(e->program, "disability_care") == 0 && s->n < CARED) s->ids[s->n++] = e->person_id;
    return 0;
}

static int first_of_kind(void *ctx, const struct provider_row *p)
{
    *(int64_t *)ctx = p->id;
    return 1;
}

static int care(struct registry *reg, const struct pol_set *set, const char *county, mz_date today,
                struct mz_err *err)
{
    char scope[1][13], month[8];
    snprintf(scope[0], sizeof scope[0], "%s", county);
    pay_month_format(pay_month_of(today), month);
    struct severe s = {{0}, 0};
    int64_t home = 0, centre = 0;
    if (ps_enrol_in_force(reg_db(reg), month, (const char(*)[13])scope, 1, collect_severe, &s,
                          err) < 0 ||
        pvs_provider_scan(reg_db(reg), (const char(*)[13])scope, 1, "institution", first_of_kind,
                          &home, err) < 0 ||
        pvs_provider_scan(reg_db(reg), (const char(*)[13])scope, 1, "centre", first_of_kind,
                          &centre, err) < 0)
        return -1;
    if (!home) return 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s.n; i++) {
        bool day_care = i % 3 == 2 && centre;
        char on[11];
        date_format(today - 120 + 7 * (mz_date)i, on);
        int64_t id;
        rc = ty_place(reg, set, s.ids[i], day_care ? centre : home, day_care ? "日间" : "寄宿", on,
                      ACTOR, &id, err);
        if (rc < 0 && strcmp(err->code, "not_severe") == 0) { /* the 护理补贴's grades differ */
            mz_err_clear(err);
            rc = 0;
            continue;
        }
        if (rc == 0 && i == 1) {
            date_format(today - 20, on);
            rc = ty_end(reg, s.ids[i], on, ACTOR, err);
        }
    }
    return rc;
}

int demo_institutions(struct registry *reg, const struct pol_set *set, const char *county,
                      mz_date today, struct mz_err *err)
{
    const char everywhere[1][13] = {""};
    size_t opened, closed;
    return institutions(reg, set, county, today, err) < 0 || care(reg, set, county, today, err) < 0 ||
                   ent_refresh(reg, set, everywhere, 1, today, ACTOR, &opened, &closed, err) < 0
               ? -1
               : 0;
}
