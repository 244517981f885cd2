/* Elderly-care commands: mz visit record|schedule|list (探访关爱). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "care/visit.h"
#include "cli.h"
#include "monitor/monitor.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/regstore.h"
#include "store/visitstore.h"

static const char visit_usage[] =
    "用法：mz visit record --id 身份证号 --date D --method 上门|电话|视频 [--visitor 探访人]\n"
    "                      [--findings 探访情况] [--needs-help] [--volunteer 志愿者身份证号]\n"
    "                      [--as 账户]                                       登记一次探访\n"
    "      mz visit schedule --month YYYY-MM [--division 区划] [--as 账户]   "
    "本月探访对象与完成情况\n"
    "      mz visit list --id 身份证号                                       某位老人的探访记录\n";

struct visit_cli {
    const char *id, *date, *method, *visitor, *findings, *month, *division, *volunteer;
    bool needs_help;
    struct registry *reg;
    struct cli_mon_data data;
    struct auth_user user;
    char actor[80];
};

/* Puts the command-line option of the field at fault (the API's field
 * visited_on is --date, volunteer_id --volunteer) in front of err's
 * message. */
static int name_option(struct mz_err *err)
{
    if (!err->field[0]) return -1;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "--%s：%.400s",
             strcmp(err->field, "visited_on") == 0     ? "date"
             : strcmp(err->field, "volunteer_id") == 0 ? "volunteer"
                                                       : err->field,
             err->msg);
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    return -1;
}

/* The person of --id, in the account's scope (when --as names one). */
static int person_of(struct visit_cli *v, const char *id_number, int64_t *pid, struct mz_err *err)
{
    int found = reg_person_find(v->reg, id_number, pid, err);
    if (found < 0) return -1;
    struct person_row p;
    if (found && (found = rs_person_get(reg_db(v->reg), *pid, &p, err)) < 0) return -1;
    char masked[19];
    idcard_mask(id_number, masked);
    if (!found || (v->user.name[0] && !auth_in_scope(&v->user, p.division)))
        return mz_fail_field(err, "id", "unknown_person", "没有身份证号为 %s 的人员%s", masked,
                             v->user.name[0] ? "（或不在账户的管辖范围）" : "");
    return 0;
}

static int record(struct visit_cli *v, struct mz_err *err)
{
    if (v->user.name[0] && !auth_role_can_write(v->user.role))
        return mz_fail(err, "read_only", "账户“%s”只能查看，不能登记探访", v->user.name);
    struct visit_in in = {.visited_on = v->date,
                          .method = v->method,
                          .visitor = v->visitor ? v->visitor : v->user.name,
                          .findings = v->findings,
                          .needs_help = v->needs_help};
    int64_t id;
    if (person_of(v, v->id, &in.person_id, err) < 0) return -1;
    if (v->volunteer && person_of(v, v->volunteer, &in.volunteer, err) < 0) {
        snprintf(err->field, sizeof err->field, "volunteer_id");
        return -1;
    }
    struct mon_env env = {v->reg, v->data.set, v->data.cal};
    if (visit_record(&env, &in, v->actor, &id, err) < 0) return -1;
    printf("已登记探访记录 %" PRId64 "（最近联系日期已更新）\n", id);
    return 0;
}

static int schedule(struct visit_cli *v, struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = cli_scope_prefixes(&v->user, v->division, prefixes, err);
    if (n < 0) return -1;
    struct visit_schedule s;
    if (visit_schedule(v->reg, v->data.set, (const char(*)[13])prefixes, n, v->month, &s, err) < 0)
        return -1;
    for (size_t i = 0; i < s.n; i++) {
        const struct visit_target *t = &s.targets[i];
        char last[16] = "从未联系";
        if (t->last_contact != MZ_DATE_NONE) date_format(t->last_contact, last);
        printf("%s\t%s\t%d岁\t%s\t%s\t%s\t最近联系 %s\t%s\t%s\n", t->division, t->name, t->age,
               t->id_masked, t->address, t->reasons, last, t->visited ? "本月已探访" : "本月未探访",
               t->volunteer ? t->volunteer_name : "未结对志愿者");
    }
    printf("%s 探访对象 %zu 人，已探访 %zu 人，探访率 %.1f%%\n", s.month, s.n, s.visited,
           s.n ? 100.0 * (double)s.visited / (double)s.n : 100.0);
    visit_schedule_free(&s);
    return 0;
}

static int print_visit(void *ctx, const struct visit_row *r)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s%s\n", r->visited_on, r->method, r->visitor,
           r->needs_help ? "【需要帮助】" : "", r->findings);
    return 0;
}

int cmd_visit(struct cli *c)
{
    const char *sub = c->nargs == 1 ? c->args[0] : "";
    bool ok = (strcmp(sub, "record") == 0 && cli_opt(c, "id", NULL)) ||
              (strcmp(sub, "schedule") == 0 && cli_opt(c, "month", NULL)) ||
              (strcmp(sub, "list") == 0 && cli_opt(c, "id", NULL));
    if (!ok) {
        fputs(visit_usage, stderr);
        return 2;
    }
    struct visit_cli v = {.id = cli_opt(c, "id", NULL),
                          .date = cli_opt(c, "date", NULL),
                          .method = cli_opt(c, "method", NULL),
                          .visitor = cli_opt(c, "visitor", NULL),
                          .findings = cli_opt(c, "findings", NULL),
                          .month = cli_opt(c, "month", NULL),
                          .division = cli_opt(c, "division", ""),
                          .volunteer = cli_opt(c, "volunteer", NULL),
                          .needs_help = cli_flag(c, "needs-help")};
    const char *account = cli_opt(c, "as", NULL);
    cli_mon_options(c, &v.data);
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &v.reg))) return bad;
    if ((bad = cli_as_account(c, v.reg, account, &v.user, v.actor)) ||
        (strcmp(sub, "list") != 0 && (bad = cli_mon_load(&v.data, v.reg, v.actor)))) {
        reg_close(v.reg);
        return bad;
    }
    reg_set_actor(v.reg, v.actor);
    struct mz_err err = {0};
    int rc;
    if (strcmp(sub, "record") == 0) {
        rc = record(&v, &err);
    } else if (strcmp(sub, "schedule") == 0) {
        rc = schedule(&v, &err);
    } else {
        int64_t pid;
        rc = person_of(&v, v.id, &pid, &err);
        if (rc == 0)
            rc = vs_visits_of_person(reg_db(v.reg), pid, 100, print_visit, NULL, &err) < 0 ? -1 : 0;
    }
    cli_mon_free(&v.data);
    reg_close(v.reg);
    return rc < 0 ? (name_option(&err), cli_fail(&err)) : 0;
}
