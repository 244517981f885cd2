/* Supervision in the demo city (demo.h), on the first three 低保
 * households of the demo county (or, if it has none, of the city), whose
 * evaluation raises each finding for its county beside whatever the
 * month's sweep found:
 * - the first head sits on the village committee (the staff register) and
 *   no case of the household was filed as a staff relative's
 *   (staff_relative_unfiled);
 * - 市场监管 reports the second head's live businesses at 30 万元 of
 *   registered capital (business_over_limit);
 * - the demo charity's campaign spent 2,000 元 on the third household 45
 *   days ago and no help of it is on the household's chain
 *   (charity_gift_unrecorded).
 * subsidy_closed_provider is left out: closing a demo station would leave
 * its open orders of today unserved. A spot check of the county's 低保
 * households is drawn (30 %, a fixed seed) and its first households'
 * results recorded, so 监督看板 and 随机抽查 have something to show. */
#include <stdio.h>
#include <string.h>

#include "charity/charity.h"
#include "demo/demo.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "store/charitystore.h"
#include "store/regstore.h"
#include "store/spotstore.h"
#include "supervise/spotcheck.h"
#include "supervise/staff.h"

#define DEMO_FINDINGS 3

struct households {
    int64_t id[DEMO_FINDINGS];
    char hh_no[DEMO_FINDINGS][40];
    size_t n;
};

static int add_household(void *ctx, int64_t id, const char *hh_no)
{
    struct households *h = ctx;
    h->id[h->n] = id;
    snprintf(h->hh_no[h->n], sizeof h->hh_no[0], "%s", hh_no);
    return ++h->n == DEMO_FINDINGS;
}

struct head {
    int64_t person_id;
    char division[13];
};

static int find_head(void *ctx, const struct member_row *m)
{
    struct head *h = ctx;
    if (strcmp(m->relation, "户主") != 0)
        return 0;
    h->person_id = m->person_id;
    snprintf(h->division, sizeof h->division, "%s", m->division);
    return 1;
}

static int newest_campaign(void *ctx, const struct campaign_row *c)
{
    *(int64_t *)ctx = c->id;
    return 1;
}

/* The head of household id on today (person_id 0 if none). */
static int head_of(struct db *db, int64_t id, mz_date today, struct head *h, struct mz_err *err)
{
    *h = (struct head){0};
    return rs_scan_members_in(db, today, &id, 1, find_head, h, err) < 0 ? -1 : 0;
}

struct first {
    const char *hh[3];
    char buf[3][40];
    int n;
};

static int first_items(void *ctx, const struct spot_item *it)
{
    struct first *f = ctx;
    snprintf(f->buf[f->n], sizeof f->buf[f->n], "%s", it->hh_no);
    f->hh[f->n] = f->buf[f->n];
    return ++f->n == 3;
}

/* A 30 % spot check of 低保 in the county of division, with results for
 * its first households (合格, 合格, 不合格). */
static int demo_spotcheck(struct registry *reg, const char *division, mz_date today,
                          struct mz_err *err)
{
    static const char *const results[][2] = {
        {"合格", "入户核实，收入与家庭人口与登记一致"},
        {"合格", "入户核实"},
        {"不合格", "共同生活人口与登记不符，已转复核"}};
    char county[7];
    snprintf(county, sizeof county, "%.6s", division);
    struct spotcheck_request req = {"dibao", county, 30, "demo-2025", today};
    struct spotcheck sc;
    struct first f = {0};
    if (spotcheck_draw(reg, &req, "county:演示监督", &sc, err) < 0 ||
        spotcheck_items(reg, sc.id, first_items, &f, err) < 0)
        return -1;
    for (int i = 0; i < f.n; i++)
        if (spotcheck_result(reg, sc.id, f.hh[i], results[i][0], results[i][1], "county:演示监督",
                             err) < 0)
            return -1;
    return 0;
}

int demo_supervise(const struct mon_env *env, const char *county, mz_date today,
                   struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    char month[11];
    date_format(today, month);
    month[7] = '\0';
    struct households hh = {0};
    /* the county's, else the city's first 低保 households */
    if (ss_enrolled(db, "dibao", county, month, add_household, &hh, err) < 0 ||
        (!hh.n && ss_enrolled(db, "dibao", "", month, add_household, &hh, err) < 0))
        return -1;
    struct head head;
    int64_t id;
    /* the spot check is of the county of the first of them (a small city
     * may have no 低保 household in the demo county) */
    char spot_county[13];
    snprintf(spot_county, sizeof spot_county, "%s", county);
    if (hh.n > 0 && (head_of(db, hh.id[0], today, &head, err) < 0 ||
                     (head.person_id &&
                      staff_add(env->reg, head.person_id, "village", "村委会委员", head.division,
                                today - 400, "county:演示监督", &id, err) < 0)))
        return -1;
    if (hh.n > 0 && head.person_id)
        snprintf(spot_county, sizeof spot_county, "%.6s", head.division);
    if (hh.n > 1 && head_of(db, hh.id[1], today, &head, err) < 0) return -1;
    if (hh.n > 1 && head.person_id) {
        char day[11];
        date_format(today - 90, day);
        struct reg_fact_in facts[] = {
            {NULL, NULL, "business_count", "1", day, "feed:shichang"},
            {NULL, NULL, "business_capital", "300000.00", day, "feed:shichang"}};
        enum put_result res;
        for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
            if (reg_person_fact_put(env->reg, head.person_id, &facts[i], &res, err) < 0) return -1;
    }
    int64_t campaign = 0;
    if (hh.n > 2 && cs_campaigns(db, 0, newest_campaign, &campaign, err) < 0) return -1;
    if (campaign) {
        char day[11];
        date_format(today - 45, day);
        if (campaign_ledger_add(env, campaign, "spending", day, 200000, "困难家庭生活补助",
                                hh.hh_no[2], NULL, "org:演示基金会", err) < 0)
            return -1;
    }
    struct mon_counts c = {0};
    if (!hh.n) return 0; /* no 低保 household in the city */
    if (db_begin(db, err) < 0) return -1;
    if (mon_households(env, hh.id, NULL, hh.n, today, "sweep", &c, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err) < 0 ? -1 : demo_spotcheck(env->reg, spot_county, today, err);
}
