/* The demo city's smart alarms (demo.h): devices in the homes of a few of
 * this month's visit targets, served by a community station of the
 * provider network (a centre and a station are registered for the first
 * target's street and community when the network has none), and four
 * alarms: a smoke alarm of half an hour ago left to escalate to the
 * family, a call button of two minutes ago, a water leak acknowledged by
 * the station and a door contact closed with its outcome. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "care/alarm.h"
#include "care/provider.h"
#include "care/visit.h"
#include "demo/demo.h"
#include "monitor/monitor.h"
#include "store/providerstore.h"

#define STATION_ACTOR "provider:演示站点"

static int first_station(void *ctx, const struct provider_row *p)
{
    if (!p->parent_id) return 0;
    snprintf(ctx, PROVIDER_MAX_CODE + 1, "%s", p->code);
    return 1;
}

/* The code of a station run by a centre (station, PROVIDER_MAX_CODE + 1
 * bytes), registering a centre and a station for division when there is
 * none. */
static int station_for(struct registry *reg, const char *division, char *station,
                       struct mz_err *err)
{
    station[0] = '\0';
    int rc = pvs_provider_scan(reg_db(reg), NULL, 0, "station", first_station, station, err);
    if (rc < 0 || station[0]) return rc < 0 ? -1 : 0;
    char centre[PROVIDER_MAX_CODE + 1], street[13];
    snprintf(centre, sizeof centre, "YL-ZX-%.9s", division);
    snprintf(station, PROVIDER_MAX_CODE + 1, "YL-ZD-%.12s", division);
    snprintf(street, sizeof street, "%.9s", division);
    struct care_provider_in in[] = {
        {centre, "街道养老服务中心（演示）", "centre", street, "", "106.55", "29.56", "60", "40",
         "4", NULL},
        {station, "社区养老服务站（演示）", "station", division, "", "106.56", "29.56", "20", "12",
         "2", centre},
    };
    int64_t id;
    enum put_result res;
    for (size_t i = 0; i < 2; i++)
        if (care_provider_put(reg, &in[i], &id, &res, err) < 0) return -1;
    return 0;
}

int demo_alarms(const struct mon_env *env, mz_date today, struct mz_err *err)
{
    static const struct {
        const char *kind;
        int minutes_ago;
        const char *then; /* NULL: left open; "ack"; else the outcome of closing */
    } alarms[] = {
        {"烟感", 30, NULL},
        {"一键呼叫", 2, NULL},
        {"水浸", 50, "ack"},
        {"门磁", 300, "老人外出探亲，已电话联系确认平安"},
    };
    const char everywhere[1][13] = {""};
    char month[11], station[PROVIDER_MAX_CODE + 1], now[17];
    date_format(today, month);
    month[7] = '\0';
    alarm_now(now);
    struct visit_schedule s;
    if (visit_schedule(env->reg, env->set, everywhere, 1, month, &s, err) < 0) return -1;
    int rc = s.n < 4 ? 0 : station_for(env->reg, s.targets[0].division, station, err);
    for (size_t i = 0; rc == 0 && s.n >= 4 && i < 4; i++) {
        char no[24], phone[16], at[17], key[8];
        snprintf(no, sizeof no, "DEMO-%04zu", i + 1);
        snprintf(phone, sizeof phone, "1380000%04zu", i + 1);
        struct alarm_device_in d = {no,      alarms[i].kind, s.targets[i].person_id,
                                    station, "家属",         phone};
        int64_t id;
        alarm_time_add(now, -alarms[i].minutes_ago, at);
        snprintf(key, sizeof key, "E%zu", i + 1);
        struct alarm_event_in ev = {no, key, alarms[i].kind, at, 1};
        struct alarm_event_stats st;
        if ((rc = alarm_device_add(env->reg, &d, "community:演示安装", &id, err)) == 0)
            rc = alarm_events(env->reg, &ev, 1, "demo", "machine:演示设备平台", NULL, &st, err);
        int64_t alarm = (int64_t)i + 1; /* the demo runs on a new registry: its alarms are 1–4 */
        if (rc == 0 && alarms[i].then && strcmp(alarms[i].then, "ack") == 0)
            rc = alarm_acknowledge(env->reg, alarm, now, STATION_ACTOR, err);
        else if (rc == 0 && alarms[i].then)
            rc = alarm_close(env->reg, alarm, alarms[i].then, now, STATION_ACTOR, err);
    }
    int steps;
    if (rc == 0) rc = alarm_escalate(env->reg, env->set, now, "system:alarm", &steps, err);
    visit_schedule_free(&s);
    return rc;
}
