/* Disability-subsidy commands: mz disability consent|enrol (免申即享 of
 * the 残疾人两项补贴). */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "cli.h"
#include "disability/consent.h"
#include "registry/idcard.h"
#include "registry/registry.h"

static const char disability_usage[] =
    "用法：mz disability consent --id 身份证号 --date D --by 本人|监护人 [--as 账户]\n"
    "                                        登记免申即享授权（此后按残联数据自动纳入两项补贴）\n"
    "      mz disability enrol [--date D] [--as 账户]\n"
    "                                        已授权且符合条件者自动纳入两项补贴（自符合条件之月起）\n";

/* Puts the option of the field at fault in front of err's message. */
static int name_option(struct mz_err *err)
{
    if (!err->field[0]) return -1;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "--%s：%.400s",
             strcmp(err->field, "given_on") == 0   ? "date"
             : strcmp(err->field, "given_by") == 0 ? "by"
             : strcmp(err->field, "person") == 0   ? "id"
                                                   : err->field,
             err->msg);
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    return -1;
}

static int consent(struct registry *reg, const struct auth_user *user, const char *id,
                   const char *date, const char *by, const char *actor, struct mz_err *err)
{
    if (user->name[0] && !auth_role_can_write(user->role))
        return mz_fail(err, "read_only", "账户“%s”只能查看，不能登记授权", user->name);
    int64_t pid;
    int found = reg_person_find(reg, id, &pid, err);
    if (found < 0) return -1;
    char masked[19];
    idcard_mask(id, masked);
    if (!found)
        return mz_fail_field(err, "id", "unknown_person", "没有身份证号为 %s 的人员", masked);
    if (dis_consent(reg, pid, date, by, actor, err) < 0) return -1;
    printf("已登记 %s 的免申即享授权（%s，%s）\n", masked, by, date);
    return 0;
}

int cmd_disability(struct cli *c)
{
    const char *sub = c->nargs == 1 ? c->args[0] : "";
    bool ok = (strcmp(sub, "consent") == 0 && cli_opt(c, "id", NULL)) || strcmp(sub, "enrol") == 0;
    if (!ok) {
        fputs(disability_usage, stderr);
        return 2;
    }
    const char *id = cli_opt(c, "id", NULL), *date = cli_opt(c, "date", NULL),
               *by = cli_opt(c, "by", NULL), *account = cli_opt(c, "as", NULL);
    struct cli_mon_data data;
    cli_mon_options(c, &data);
    int bad = cli_unused(c);
    if (bad) return bad;
    mz_date day = date_today();
    if (strcmp(sub, "enrol") == 0 && date && (day = date_parse(date)) == MZ_DATE_NONE) {
        fprintf(stderr, "错误：--date 应为 YYYY-MM-DD，实为“%s”\n", date);
        return 2;
    }
    struct registry *reg;
    if ((bad = cli_open_registry(c, &reg))) return bad;
    struct auth_user user;
    char actor[80];
    if ((bad = cli_as_account(c, reg, account, &user, actor)) ||
        (strcmp(sub, "enrol") == 0 && (bad = cli_mon_load(&data, reg, actor)))) {
        reg_close(reg);
        return bad;
    }
    reg_set_actor(reg, actor);
    struct mz_err err = {0};
    int rc;
    if (strcmp(sub, "consent") == 0) {
        rc = consent(reg, &user, id, date, by, actor, &err);
    } else {
        size_t added;
        rc = dis_enrol_consented(reg, data.set, day, actor, &added, &err);
        if (rc == 0) printf("免申即享：新纳入两项补贴 %zu 项\n", added);
        cli_mon_free(&data);
    }
    reg_close(reg);
    return rc < 0 ? (name_option(&err), cli_fail(&err)) : 0;
}
