/* The demo city's child welfare (demo.h): the 困境儿童 of the whole city
 * recorded with their categories as of today, most of them visited by
 * their 儿童主任 this month, some given guardianship guidance or referred
 * for mental-health help, one in six not visited for over a month (their
 * child_visit_overdue warnings are raised when the visit is recorded). */
#include <stdio.h>

#include "children/kunjing.h"
#include "children/visit.h"
#include "demo/demo.h"
#include "monitor/monitor.h"

#define VISIT_LATE 6 /* one child in so many was last visited 45 days ago */
#define GUIDANCE 5   /* one in so many also had guardianship guidance */
#define REFERRAL 11  /* one in so many was referred for mental-health help */

int demo_children(const struct mon_env *env, mz_date today, struct mz_err *err)
{
    static const char *const findings[] = {"学习、生活正常，监护人照料到位", "祖父母年老体弱，需关注",
                                           "按时上学，情绪稳定", "家中卫生较差，已联系社区协助"};
    static const char *const directors[] = {"社区儿童主任", "村儿童主任"};
    const char everywhere[1][13] = {""};
    size_t recorded;
    if (kj_record(env->reg, env->set, everywhere, 1, today, "cli:demo", &recorded, err) < 0)
        return -1;
    struct kj_list l;
    if (kj_list(env->reg, env->set, everywhere, 1, today, &l, err) < 0) return -1;
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        mz_date on = i % VISIT_LATE == 1 ? today - 45 : today - (mz_date)(i % (size_t)d);
        char day[11];
        date_format(on, day);
        struct child_visit_in in = {l.children[i].person_id, day, "入户探访", directors[i % 2],
                                    findings[i % 4]};
        int64_t id;
        rc = child_visit_record(env, &in, "community:演示儿童主任", &id, err);
        if (rc == 0 && i % GUIDANCE == 0) {
            in.kind = "监护指导";
            in.findings = "指导监护人履行监护职责，讲解安全防护";
            rc = child_visit_record(env, &in, "community:演示儿童主任", &id, err);
        }
        if (rc == 0 && i % REFERRAL == 0) {
            in.kind = "心理健康转介";
            in.findings = "情绪低落，转介区未成年人心理健康辅导站";
            rc = child_visit_record(env, &in, "community:演示儿童主任", &id, err);
        }
    }
    kj_list_free(&l);
    return rc;
}
