/* The demo city's 精康融合行动 (demo.h): the first persons with a mental
 * disability or a serious mental disorder referred to their street's
 * community rehabilitation service a few months ago, at every step of
 * their progress. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "demo/demo.h"
#include "disability/rehab.h"
#include "registry/registry.h"
#include "store/childstore.h"

#define REFERRALS 12 /* at most so many referrals */

int demo_rehab(struct registry *reg, const struct pol_set *set, mz_date today, struct mz_err *err)
{
    static const char *const services[] = {"阳光家园社区康复站", "精神障碍社区康复服务中心",
                                           "残疾人托养康复中心"};
    static const struct {
        const char *state, *note;
        int day;
    } steps[] = {{"received", "康复机构已接收，完成初次评估", 7},
                 {"in_rehab", "参加日间康复训练和职业康复", 30},
                 {"closed", "病情稳定，回归社区，转社区随访", 80}};
    int64_t *ids = NULL;
    size_t n = 0;
    if (chs_rehab_candidates(reg_db(reg), 3 * REFERRALS, &ids, &n, err) < 0) return -1;
    int rc = 0, made = 0;
    for (size_t i = 0; rc == 0 && i < n && made < REFERRALS; i++) {
        mz_date on = today - 90 + (mz_date)(i % 5);
        char day[11];
        date_format(on, day);
        int64_t id;
        rc = rehab_refer(reg, set, ids[i], day, services[i % 3], "community:演示残联专干", &id, err);
        if (rc < 0 && (strcmp(err->code, "not_target") == 0 || strcmp(err->code, "unknown_person") == 0)) {
            mz_err_clear(err);
            rc = 0;
            continue;
        }
        for (int s = 0; rc == 0 && s < made % 4; s++) {
            date_format(on + steps[s].day, day);
            rc = rehab_progress(reg, id, day, steps[s].state, steps[s].note, "community:演示残联专干",
                                err);
        }
        made += rc == 0;
    }
    mz_free(ids);
    return rc;
}
