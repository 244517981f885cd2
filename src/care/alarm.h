/* Smart elderly-care alarms (智慧养老): devices in elderly people's homes
 * (一键呼叫, 烟感, 燃气, 水浸, 门磁, 用水异常) report events; each event opens
 * an alarm at tier 1, the station that serves the person (a provider); not
 * acknowledged within the minutes of its kind (policy parameters
 * alarm_minutes_*, policies/chongqing/care_alarms.pol) it escalates to
 * tier 2, the station's parent centre, then to tier 3, the family contact.
 * The step records who is to be told; sending the SMS or call is outside
 * minzheng. Every step goes to the alarm's log and the audit log. Times
 * are Beijing time "YYYY-MM-DD HH:MM". Functions return 0, or -1 with a
 * Chinese message on err (field named for bad input). */
#ifndef MZ_CARE_ALARM_H
#define MZ_CARE_ALARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"

struct registry;
struct pol_set;

/* The kinds of device, in a fixed order (static). */
const char *const *alarm_kinds(size_t *n);

/* Now in Beijing time, "YYYY-MM-DD HH:MM" (out: 17 bytes). */
void alarm_now(char out[17]);

/* A device to register: its number (1–32 letters, digits, '-'), kind, the
 * person (registry id), the station (a provider's code), and the family
 * contact's name and phone (sealed like persons' phones). */
struct alarm_device_in {
    const char *device_no, *kind;
    int64_t person_id;
    const char *station, *contact_name, *contact_phone;
};
/* Registers a device, audited (device.add). Refused naming the field:
 * device_no (bad or taken: conflict), kind, person (unknown_person),
 * station (not a provider), contact_name, contact_phone. Sets *id. */
int alarm_device_add(struct registry *reg, const struct alarm_device_in *in, const char *actor,
                     int64_t *id, struct mz_err *err);

/* One event as a device reports it, and where it came from (a file's
 * line, a request's position) for the reject queue. */
struct alarm_event_in {
    const char *device_no, *event_key, *kind, *occurred_at;
    long line;
};
struct alarm_event_stats {
    long events, opened, unchanged, rejected;
};
/* Takes n events in one transaction: each opens an alarm (audited
 * alarm.raise, step "报警") unless its device already has one of that
 * event key (unchanged: a replay changes nothing); an unknown device, a
 * kind other than the device's, a missing key or a time that is not
 * "YYYY-MM-DD HH:MM[:SS]" goes to the shared reject queue (feed "alarm",
 * source, line) with the reason, and to report as SOURCE:LINE: reason. */
int alarm_events(struct registry *reg, const struct alarm_event_in *ev, size_t n,
                 const char *source, const char *actor, FILE *report, struct alarm_event_stats *st,
                 struct mz_err *err);
/* Reads events from a CSV or XLSX file (设备编号, 事件编号, 事件类型,
 * 发生时间) and takes them as alarm_events. */
int alarm_ingest(struct registry *reg, const char *path, const char *actor, FILE *report,
                 struct alarm_event_stats *st, struct mz_err *err);

/* Escalates, as of now, every open alarm not acknowledged within its
 * kind's minutes at its tier (several tiers if overdue that long), each
 * step logged with the party to tell and audited (alarm.escalate); one
 * transaction. *steps counts the escalations. */
int alarm_escalate(struct registry *reg, const struct pol_set *set, const char *now,
                   const char *actor, int *steps, struct mz_err *err);

/* Acknowledges an open alarm at now (who: actor), or closes an open or
 * acknowledged one with its outcome (required, field outcome); logged and
 * audited (alarm.acknowledge, alarm.close). Fails with not_found, or
 * bad_state naming the state. */
int alarm_acknowledge(struct registry *reg, int64_t id, const char *now, const char *actor,
                      struct mz_err *err);
int alarm_close(struct registry *reg, int64_t id, const char *outcome, const char *now,
                const char *actor, struct mz_err *err);

/* The Chinese label of an alarm state; the party of a tier ("服务站点",
 * "养老服务中心", "家属"). */
const char *alarm_state_label(const char *state);
const char *alarm_tier_label(int tier);
/* The time minutes after t (before it if negative) into out (17 bytes);
 * "" if t does not parse. */
void alarm_time_add(const char *t, long minutes, char out[17]);
/* Minutes from time a to time b (b - a; 0 if either does not parse). */
long alarm_minutes_between(const char *a, const char *b);

#endif
