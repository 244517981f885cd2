/* Smart alarm commands: mz alarm device|ingest|escalate|ack|close|list. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "care/alarm.h"
#include "cli.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/alarmstore.h"

static const char alarm_usage[] =
    "用法：mz alarm device --no 设备编号 --kind 类型 --id 身份证号 --station 机构编码\n"
    "                      --contact 家属姓名 --phone 家属电话      登记居家安全设备\n"
    "      mz alarm ingest FILE         "
    "设备事件（设备编号,事件编号,事件类型,发生时间），重复发送不重复报警\n"
    "      mz alarm escalate [--at T]   超时未确认的报警逐级上报（每分钟由 cron 运行）\n"
    "      mz alarm ack 报警号 [--at T] | close 报警号 --outcome 处置结果 [--at T]\n"
    "      mz alarm list [--state open|acknowledged|closed]\n"
    "类型：一键呼叫、烟感、燃气、水浸、门磁、用水异常；时间 T 为北京时间 YYYY-MM-DD HH:MM。\n";

struct alarm_cli {
    const char *no, *kind, *id, *station, *contact, *phone, *at, *outcome, *state;
    struct registry *reg;
    struct auth_user user;
    char actor[80], now[17];
};

static int device(struct alarm_cli *a, struct mz_err *err)
{
    struct alarm_device_in in = {a->no, a->kind, 0, a->station, a->contact, a->phone};
    int found = a->id ? reg_person_find(a->reg, a->id, &in.person_id, err) : 0;
    if (found < 0) return -1;
    if (!found) {
        char masked[19] = "";
        if (a->id) idcard_mask(a->id, masked);
        return mz_fail_field(err, "id", "unknown_person", "没有身份证号为 %s 的人员", masked);
    }
    int64_t id;
    if (alarm_device_add(a->reg, &in, a->actor, &id, err) < 0) return -1;
    printf("已登记设备 %s（%s）\n", a->no, a->kind);
    return 0;
}

static int print_alarm(void *ctx, const struct alarm_row *r)
{
    const char *now = ctx;
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\t第%d级（%s）\t%s\t已过 %ld 分钟\n", r->id, r->occurred_at,
           r->device.kind, r->device.device_no, r->person_name, r->tier, alarm_tier_label(r->tier),
           alarm_state_label(r->state),
           alarm_minutes_between(r->occurred_at, r->closed_at[0] ? r->closed_at : now));
    return 0;
}

/* The registry's --option of the field at fault in front of the message. */
static int name_option(struct mz_err *err)
{
    static const struct {
        const char *field, *option;
    } options[] = {{"device_no", "no"},        {"kind", "kind"},
                   {"person", "id"},           {"id", "id"},
                   {"station", "station"},     {"contact_name", "contact"},
                   {"contact_phone", "phone"}, {"at", "at"},
                   {"outcome", "outcome"}};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strcmp(err->field, options[i].field) == 0) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "--%s：%.400s", options[i].option, err->msg);
            snprintf(err->msg, sizeof err->msg, "%s", msg);
        }
    return -1;
}

int cmd_alarm(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    struct alarm_cli a = {.no = cli_opt(c, "no", NULL),
                          .kind = cli_opt(c, "kind", NULL),
                          .id = cli_opt(c, "id", NULL),
                          .station = cli_opt(c, "station", NULL),
                          .contact = cli_opt(c, "contact", NULL),
                          .phone = cli_opt(c, "phone", NULL),
                          .at = cli_opt(c, "at", NULL),
                          .outcome = cli_opt(c, "outcome", NULL),
                          .state = cli_opt(c, "state", NULL)};
    int64_t alarm = c->nargs == 2 ? strtoll(c->args[1], NULL, 10) : 0;
    bool ok = (strcmp(sub, "device") == 0 && c->nargs == 1) ||
              (strcmp(sub, "ingest") == 0 && c->nargs == 2) ||
              (strcmp(sub, "escalate") == 0 && c->nargs == 1) ||
              ((strcmp(sub, "ack") == 0 || strcmp(sub, "close") == 0) && alarm > 0) ||
              (strcmp(sub, "list") == 0 && c->nargs == 1);
    if (!ok) {
        fputs(alarm_usage, stderr);
        return 2;
    }
    char buf[1100];
    const char *dir = cli_setting(c, "policies", buf, sizeof buf);
    const char *account = cli_opt(c, "as", NULL);
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &a.reg))) return bad;
    if ((bad = cli_as_account(c, a.reg, account, &a.user, a.actor))) {
        reg_close(a.reg);
        return bad;
    }
    reg_set_actor(a.reg, a.actor);
    if (a.at)
        snprintf(a.now, sizeof a.now, "%.16s", a.at);
    else
        alarm_now(a.now);
    struct mz_err err = {0};
    int rc = 0;
    if (strcmp(sub, "device") == 0) {
        rc = device(&a, &err);
    } else if (strcmp(sub, "ingest") == 0) {
        struct alarm_event_stats st;
        rc = alarm_ingest(a.reg, c->args[1], a.actor, stderr, &st, &err);
        if (rc == 0)
            printf("设备事件 %ld 条：新报警 %ld 条，重复 %ld 条，拒收 %ld 条（见 mz feed rejects "
                   "alarm）\n",
                   st.events, st.opened, st.unchanged, st.rejected);
    } else if (strcmp(sub, "escalate") == 0) {
        struct pol_set *set = pol_compile_dir(dir, &err);
        int steps = 0;
        rc = !set || alarm_escalate(a.reg, set, a.now, a.actor, &steps, &err) < 0 ? -1 : 0;
        if (rc == 0) printf("%s 逐级上报 %d 次\n", a.now, steps);
        pol_set_free(set);
    } else if (strcmp(sub, "ack") == 0) {
        rc = alarm_acknowledge(a.reg, alarm, a.now, a.actor, &err);
        if (rc == 0) printf("已确认报警 %" PRId64 "\n", alarm);
    } else if (strcmp(sub, "close") == 0) {
        rc = alarm_close(a.reg, alarm, a.outcome, a.now, a.actor, &err);
        if (rc == 0) printf("已办结报警 %" PRId64 "\n", alarm);
    } else {
        rc =
            as_alarms(reg_db(a.reg), 0, a.state, NULL, 1000, print_alarm, a.now, &err) < 0 ? -1 : 0;
    }
    reg_close(a.reg);
    return rc < 0 ? (name_option(&err), cli_fail(&err)) : 0;
}
