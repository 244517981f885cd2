/* The demo city's social organizations and charity (demo.h): in the county
 * of the first household, an association that missed its annual report
 * (on the 活动异常名录), a public-fundraising foundation recognized as a
 * charity with a campaign whose quarterly disclosure is overdue, and a
 * social-work service centre whose project took referrals of this
 * month's warned households — one helped (shown in the household's
 * chain), one accepted, one waiting — and which runs a 慈善超市 and belongs
 * to the county's 慈善联合体. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "charity/assist.h"
#include "charity/charity.h"
#include "demo/demo.h"
#include "monitor/monitor.h"
#include "org/credit.h"
#include "org/org.h"
#include "org/report.h"
#include "org/uscc.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/querystore.h"
#include "store/regstore.h"

#define ACTOR "district:演示登记管理机关"

struct demo_org {
    const char *name, *kind, *field, *serial;
    char type;
    int64_t funds;
    bool public_fr;
    int years_ago; /* registered on 1 March so many years ago */
    bool reports;  /* files its annual reports on time */
};

static const struct demo_org orgs[] = {
    {"重庆市志愿服务协会", "association", "公益慈善", "MJ0000101", '1', 3000000, false, 2, false},
    {"重庆市助学圆梦慈善基金会", "foundation", "公益慈善", "MA0000102", '3', 400000000, true, 4, true},
    {"重庆市阳光社会工作服务中心", "service", "社会工作", "MJ0000103", '2', 3000000, false, 3, true},
};

static void day_of(int y, int m, int d, char out[11])
{
    date_format(date_from_ymd(y, m, d), out);
}

/* Registers o in division with the person legal_rep; files the reports
 * of every year whose deadline has passed, on time. */
static int register_org(const struct mon_env *env, const struct demo_org *o, const char *division,
                        int64_t legal_rep, mz_date today, int64_t *id, struct mz_err *err)
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    char uscc[19], filed[11], decided[11], prefix[9];
    snprintf(prefix, sizeof prefix, "%.6s", division);
    snprintf(uscc, sizeof uscc, "5%c%s%s?", o->type, prefix, o->serial);
    uscc[17] = uscc_check_char(uscc);
    day_of(y - o->years_ago, 3, 1, filed);
    day_of(y - o->years_ago, 3, 20, decided);
    struct org_in in = {.uscc = uscc, .name = o->name, .kind = o->kind, .field = o->field,
                        .supervisor = "重庆市民政局", .division = prefix,
                        .address = "渝中区民生路1号", .legal_rep = legal_rep, .funds = o->funds,
                        .members_individual = 80, .public_fundraising = o->public_fr,
                        .filed_on = filed};
    if (org_apply(env, &in, ACTOR, id, err) < 0 ||
        org_decide(env, *id, true, decided, "材料齐全，准予登记", ACTOR, err) < 0)
        return -1;
    for (int year = y - o->years_ago; o->reports && year < y; year++) {
        char due[11], on[11];
        if (org_report_due(env, prefix, year, due, err) < 0) return -1;
        if (date_parse(due) > today) break;
        date_format(date_parse(due) - 20, on);
        int64_t base = o->funds;
        struct org_report_in r = {.year = year, .submitted_on = on, .income = base / 5,
                                  .prev_income = base / 5, .charitable = base / 5 * 4 / 5,
                                  .admin = base / 100, .other_spending = base / 100,
                                  .net_assets = base, .prev_net_assets = base};
        r.spending = r.charitable + r.admin + r.other_spending;
        bool late;
        if (org_report_submit(env, *id, &r, ACTOR, &late, err) < 0) return -1;
    }
    return 0;
}

/* The foundation's charity status and its campaign, started 185 days ago
 * for 285 days: its first quarterly disclosure is overdue. */
static int foundation(const struct mon_env *env, int64_t id, mz_date today, struct mz_err *err)
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    char recognized[11], qualified[11], filed[11], starts[11], ends[11];
    day_of(y - 4, 5, 1, recognized);
    date_format(today - 300, qualified);
    date_format(today - 200, filed);
    date_format(today - 185, starts);
    date_format(today + 100, ends);
    struct campaign_in c = {.org_id = id, .name = "助学圆梦·困难家庭学生资助",
                            .purpose = "资助低保、低保边缘家庭在校学生", .platform = "腾讯公益",
                            .filed_on = filed, .starts_on = starts, .ends_on = ends,
                            .goal = 50000000};
    int64_t cid;
    if (charity_recognize(env, id, recognized, ACTOR, err) < 0 ||
        charity_qualify(env, id, qualified, ACTOR, err) < 0 ||
        campaign_file(env, &c, "org:演示基金会", &cid, err) < 0)
        return -1;
    static const struct {
        const char *kind, *party;
        int days_ago;
        int64_t fen;
    } ledger[] = {{"donation", "重庆某科技有限公司", 180, 20000000},
                  {"donation", "爱心人士（网络捐赠汇总）", 150, 3560000},
                  {"spending", "首批资助学生 120 名", 60, 12000000}};
    for (size_t i = 0; i < sizeof ledger / sizeof ledger[0]; i++) {
        char on[11];
        date_format(today - ledger[i].days_ago, on);
        if (campaign_ledger_add(env, cid, ledger[i].kind, on, ledger[i].fen, ledger[i].party, NULL,
                                NULL, "org:演示基金会", err) < 0)
            return -1;
    }
    return 0;
}

/* The centre's project and this month's referrals of warned households
 * of its county, with their consent. */
static int referrals(const struct mon_env *env, int64_t id, const char *county, mz_date today,
                     struct mz_err *err)
{
    int64_t project;
    if (assist_project_add(env, id, "困难家庭微心愿·一户一策", county, "found_edge found_rigid found_temp",
                           "物资帮扶、学业辅导、心理疏导", ACTOR, &project, err) < 0)
        return -1;
    static const char *const rules[] = {"found_edge", "found_rigid", "found_temp"};
    int64_t offered[3];
    int n = 0;
    char day[11];
    date_format(today, day);
    for (int r = 0; r < 3 && n < 3; r++) {
        int64_t *ids = NULL;
        size_t nids = 0;
        if (ms_warning_ids_in(reg_db(env->reg), county, "", "", rules[r], &ids, &nids, err) < 0)
            return -1;
        int rc = 0;
        for (size_t i = 0; rc == 0 && i < nids && n < 3; i++) {
            struct ms_warning *w = mz_calloc(1, sizeof *w);
            if (!w) {
                rc = mz_fail(err, "out_of_memory", "内存不足");
                break;
            }
            rc = ms_warning_get(reg_db(env->reg), ids[i], w, err) < 0 ? -1 : 0;
            bool open = rc == 0 && strcmp(w->state, "closed") != 0 && strcmp(w->state, "dismissed") != 0;
            mz_free(w);
            if (rc == 0 && open)
                rc = assist_offer(env, ids[i], project, true, "户主本人同意，经办人社区社工", day,
                                  "street:演示经办", &offered[n++], err);
        }
        mz_free(ids);
        if (rc < 0) return -1;
    }
    for (int i = 0; i < n && i < 2; i++)
        if (assist_answer(env, offered[i], id, true, NULL, day, "org:演示社工中心", err) < 0)
            return -1;
    if (n > 0 && assist_help(env, offered[0], id, "物资", 50000, "米、面、油及学习用品", day,
                             "org:演示社工中心", err) < 0)
        return -1;
    /* its 慈善阵地 in the county and the county's 慈善联合体 */
    char opened[11];
    date_format(today - 200, opened);
    struct point_in p = {.name = "社区慈善超市", .kind = "慈善超市", .division = county,
                         .opened_on = opened, .org_id = id};
    int64_t pid;
    return charity_point_add(env, &p, ACTOR, &pid, err) < 0 ||
                   charity_union_join(env, id, "社区慈善联合体", opened, ACTOR, err) < 0
               ? -1
               : 0;
}

static int first_household(void *ctx, const struct household_row *h)
{
    *(struct household_row *)ctx = *h;
    return 1;
}

int demo_orgs(const struct mon_env *env, mz_date today, struct mz_err *err)
{
    struct household_row h = {0};
    struct db *db = reg_db(env->reg);
    int64_t ids[3], reps[3] = {1, 2, 3};
    if (qs_households_page(db, "", 1, 0, first_household, &h, err) < 0) return -1;
    if (!h.id) return 0;
    char county[7];
    snprintf(county, sizeof county, "%.6s", h.division);
    for (int i = 0; i < 3; i++)
        if (register_org(env, &orgs[i], county, reps[i], today, &ids[i], err) < 0) return -1;
    struct credit_sweep s;
    if (foundation(env, ids[1], today, err) < 0 || referrals(env, ids[2], county, today, err) < 0 ||
        credit_sweep(env, today, ACTOR, &s, err) < 0)
        return -1;
    return 0;
}
