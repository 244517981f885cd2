/* Supervision in the demo city (demo.h): the head of a 低保 household of
 * the demo county (or, if it has none, of the city) sits on the village
 * committee (the staff register) and no case of the household was filed
 * as a staff relative's, so the household's evaluation raises a
 * staff_relative_unfiled finding for its county, beside whatever the
 * month's sweep found. A spot check of the county's 低保 households is
 * drawn (30 %, a fixed seed) and its first households' results recorded,
 * so 监督看板 and 随机抽查 have something to show. */
#include <stdio.h>
#include <string.h>

#include "demo/demo.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "store/regstore.h"
#include "store/spotstore.h"
#include "supervise/spotcheck.h"
#include "supervise/staff.h"

static int first_household(void *ctx, int64_t id, const char *hh_no)
{
    (void)hh_no;
    *(int64_t *)ctx = id;
    return 1;
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
    int64_t hid = 0;
    struct head head = {0};
    /* the county's, else the city's first 低保 household */
    if (ss_enrolled(db, "dibao", county, month, first_household, &hid, err) < 0 ||
        (!hid && ss_enrolled(db, "dibao", "", month, first_household, &hid, err) < 0) ||
        (hid && rs_scan_members_in(db, today, &hid, 1, find_head, &head, err) < 0))
        return -1;
    if (!head.person_id)
        return 0; /* no 低保 household in the city */
    int64_t id;
    struct mon_counts c = {0};
    if (staff_add(env->reg, head.person_id, "village", "村委会委员", head.division,
                  today - 400, "county:演示监督", &id, err) < 0 ||
        db_begin(db, err) < 0)
        return -1;
    if (mon_households(env, &hid, NULL, 1, today, "sweep", &c, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err) < 0 ? -1 : demo_spotcheck(env->reg, head.division, today, err);
}
