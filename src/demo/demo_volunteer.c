/* The demo city's 银龄 volunteers (demo.h): in each of the first
 * communities with visit targets, one of the younger empty-nest elderly
 * (60 to 70, 空巢) registered as a volunteer with the skills 探访 and
 * 助餐, this month's targets paired with them, and an hour of meal help
 * in each one's time bank. */
#include <stdio.h>
#include <string.h>

#include "care/visit.h"
#include "care/volunteer.h"
#include "demo/demo.h"
#include "monitor/monitor.h"

#define COMMUNITIES 12 /* communities given a volunteer */

int demo_volunteers(const struct mon_env *env, mz_date today, struct mz_err *err)
{
    const char everywhere[1][13] = {""};
    char month[11], day[11];
    date_format(today, day);
    snprintf(month, sizeof month, "%.7s", day);
    struct visit_schedule s;
    if (visit_schedule(env->reg, env->set, everywhere, 1, month, &s, err) < 0) return -1;
    int rc = 0, done = 0;
    char last[13] = "";
    for (size_t i = 0; rc == 0 && i < s.n && done < COMMUNITIES; i++) {
        const struct visit_target *t = &s.targets[i];
        if (strcmp(t->division, last) == 0 || strcmp(t->reasons, "空巢") != 0 || t->age > 70)
            continue;
        int64_t id;
        rc = volunteer_add(env->reg, env->set, t->person_id, "探访、助餐", "community:演示登记",
                           &id, err);
        if (rc == 0)
            rc = volunteer_hours(env->reg, t->person_id, day, "助餐", "60", "community:演示登记",
                                 err);
        snprintf(last, sizeof last, "%s", t->division);
        done++;
    }
    long paired;
    if (rc == 0)
        rc = volunteer_match(env->reg, env->set, everywhere, 1, month, "community:演示结对",
                             &paired, err);
    visit_schedule_free(&s);
    return rc;
}
