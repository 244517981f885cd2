/* 银龄 volunteer commands: mz volunteer add|match|hours|list. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "care/volunteer.h"
#include "cli.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/volunteerstore.h"

static const char volunteer_usage[] =
    "用法：mz volunteer add --id 身份证号 --skills 探访、助餐     "
    "登记银龄志愿者（技能：探访、助餐、陪诊、文体、维修、助洁）\n"
    "      mz volunteer match --month YYYY-MM [--division 区划]  "
    "未结对的探访对象与同社区志愿者结对\n"
    "      mz volunteer hours --id 身份证号 --date D --activity 技能 --minutes N   时间银行记时\n"
    "      mz volunteer list [--division 区划]                  志愿者、结对数与时间银行余额\n";

static int print_volunteer(void *ctx, const struct volunteer_row *v)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t结对 %" PRId64 " 人\t时间银行 %" PRId64 " 分钟\n", v->division, v->name,
           v->id_masked, v->skills, v->pairs, v->minutes);
    return 0;
}

int cmd_volunteer(struct cli *c)
{
    const char *sub = c->nargs == 1 ? c->args[0] : "";
    const char *id = cli_opt(c, "id", NULL), *skills = cli_opt(c, "skills", NULL),
               *month = cli_opt(c, "month", NULL), *division = cli_opt(c, "division", ""),
               *date = cli_opt(c, "date", NULL), *activity = cli_opt(c, "activity", NULL),
               *minutes = cli_opt(c, "minutes", NULL), *account = cli_opt(c, "as", NULL);
    bool ok = (strcmp(sub, "add") == 0 && id) || (strcmp(sub, "match") == 0 && month) ||
              (strcmp(sub, "hours") == 0 && id) || strcmp(sub, "list") == 0;
    if (!ok) {
        fputs(volunteer_usage, stderr);
        return 2;
    }
    char buf[1100], actor[80];
    const char *dir = cli_setting(c, "policies", buf, sizeof buf);
    struct registry *r;
    struct auth_user user;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &r))) return bad;
    if ((bad = cli_as_account(c, r, account, &user, actor))) {
        reg_close(r);
        return bad;
    }
    reg_set_actor(r, actor);
    struct mz_err err = {0};
    const char prefix[1][13] = {""};
    char scope[1][13];
    snprintf(scope[0], sizeof scope[0], "%.12s",
             user.name[0] && !*division ? user.division : division);
    int64_t pid = 0;
    int rc = 0;
    if (id) {
        int found = reg_person_find(r, id, &pid, &err);
        char masked[19];
        idcard_mask(id, masked);
        if (found == 0)
            mz_fail_field(&err, "id", "unknown_person", "没有身份证号为 %s 的人员", masked);
        rc = found == 1 ? 0 : -1;
    }
    struct pol_set *set = rc == 0 && strcmp(sub, "list") != 0 ? pol_compile_dir(dir, &err) : NULL;
    if (rc == 0 && strcmp(sub, "list") != 0 && !set) rc = -1;
    if (rc == 0 && strcmp(sub, "add") == 0) {
        int64_t vid;
        rc = volunteer_add(r, set, pid, skills, actor, &vid, &err);
        if (rc == 0) printf("已登记银龄志愿者\n");
    } else if (rc == 0 && strcmp(sub, "match") == 0) {
        long paired;
        rc = volunteer_match(r, set, scope[0][0] ? (const char(*)[13])scope : prefix, 1, month,
                             actor, &paired, &err);
        if (rc == 0) printf("新结对 %ld 对\n", paired);
    } else if (rc == 0 && strcmp(sub, "hours") == 0) {
        rc = volunteer_hours(r, pid, date, activity, minutes, actor, &err);
        if (rc == 0) printf("已记入时间银行\n");
    } else if (rc == 0) {
        rc = vls_volunteers(reg_db(r), 0, (const char(*)[13])scope, 1, print_volunteer, NULL,
                            &err) < 0
                 ? -1
                 : 0;
    }
    pol_set_free(set);
    reg_close(r);
    if (rc < 0 && err.field[0]) {
        char msg[sizeof err.msg];
        snprintf(msg, sizeof msg, "--%s：%.400s",
                 strcmp(err.field, "person") == 0 ? "id" : err.field, err.msg);
        snprintf(err.msg, sizeof err.msg, "%s", msg);
    }
    return rc < 0 ? cli_fail(&err) : 0;
}
