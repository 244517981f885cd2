/* The demo city's 探访关爱 (demo.h): this month's visit targets of the
 * whole city, most of them visited by their community since the first of
 * the month, some not yet, and a few last visited more than a month ago
 * (their visit_missed warnings are raised when the visit is recorded). */
#include <stdio.h>

#include "care/visit.h"
#include "demo/demo.h"
#include "monitor/monitor.h"

#define NOT_YET 8     /* one target in so many is not visited yet */
#define VISIT_LATE 97 /* one in so many was last visited 40 days ago */
#define NEEDS_HELP 13 /* one visit in so many finds a need */

int demo_visits(const struct mon_env *env, mz_date today, struct mz_err *err)
{
    static const char *const findings[] = {"身体状况良好，生活能自理", "血压偏高，已提醒按时服药",
                                           "家中燃气灶老旧，建议更换", "情绪稳定，子女每周来电",
                                           "行动不便，希望提供助餐服务"};
    static const char *const visitors[] = {"社区网格员", "社区社工", "楼栋长"};
    size_t nmethods;
    const char *const *methods = visit_methods(&nmethods);
    const char everywhere[1][13] = {""};
    char month[11];
    date_format(today, month);
    month[7] = '\0';
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    struct visit_schedule s;
    if (visit_schedule(env->reg, env->set, everywhere, 1, month, &s, err) < 0) return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s.n; i++) {
        if (i % NOT_YET == NOT_YET - 1) continue;
        mz_date on = i % VISIT_LATE == 3 ? today - 40 : today - (mz_date)(i % (size_t)d);
        char day[11];
        date_format(on, day);
        bool help = i % NEEDS_HELP == 0;
        /* one visit in three by the paired 银龄 volunteer, if any */
        struct visit_in in = {s.targets[i].person_id,
                              day,
                              methods[i % nmethods],
                              visitors[i % 3],
                              findings[help ? 4 : i % 4],
                              help,
                              i % 3 == 0 ? s.targets[i].volunteer : 0};
        int64_t id;
        rc = visit_record(env, &in, "community:演示探访", &id, err);
    }
    visit_schedule_free(&s);
    return rc;
}
