/* Persistence of smart alarms (src/care/alarm.c): devices, alarms and the
 * steps of each. Times are Beijing time text "YYYY-MM-DD HH:MM". Look-ups
 * return 1 (found), 0 (not found) or -1 (error, err filled); other
 * functions 0 or -1; scans call fn per row while the statement runs (fn
 * must not use the database), a non-zero return stops the scan and is
 * returned. */
#ifndef MZ_ALARMSTORE_H
#define MZ_ALARMSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

struct device_row {
    int64_t id;
    char device_no[33];
    char kind[16]; /* 一键呼叫, 烟感, 燃气, 水浸, 门磁, 用水异常 */
    int64_t person_id, station_id;
    char contact_name[TEXT_BYTES(TEXT_MAX_NAME)];
    unsigned char contact_phone[80]; /* sealed */
    int contact_phone_len;
};

/* Inserts d (d->id ignored; fails with conflict if the number is taken)
 * recorded by created_by; sets d->id. */
int as_device_add(struct db *db, struct device_row *d, const char *created_by, struct mz_err *err);
int as_device_by_no(struct db *db, const char *device_no, struct device_row *out,
                    struct mz_err *err);

struct alarm_row {
    int64_t id, device_id;
    char event_key[65], occurred_at[17];
    int tier; /* 1 station, 2 its centre, 3 the family */
    char tier_since[17];
    char state[16]; /* open, acknowledged, closed */
    char acknowledged_by[80], acknowledged_at[17];
    char outcome[TEXT_BYTES(TEXT_MAX_NOTE)], closed_by[80], closed_at[17];
    /* read with it */
    struct device_row device;
    char person_name[TEXT_BYTES(TEXT_MAX_NAME)], id_masked[19], division[13];
    int64_t centre_id; /* the station's parent provider, 0 if none */
};

/* Opens an alarm at tier 1 since its time unless the device has one of
 * that event key: *id (0 when it had). */
int as_alarm_add(struct db *db, int64_t device_id, const char *event_key, const char *occurred_at,
                 int64_t *id, struct mz_err *err);
/* Alarms with their device and person: id (0 = any), state (NULL = any),
 * closed ones only if closed at or after closed_since (NULL = all), open
 * first then newest, at most limit. */
int as_alarms(struct db *db, int64_t id, const char *state, const char *closed_since, int limit,
              int (*fn)(void *ctx, const struct alarm_row *a), void *ctx, struct mz_err *err);
/* Writes tier, tier_since, state and the acknowledgement and closing of a. */
int as_alarm_update(struct db *db, const struct alarm_row *a, struct mz_err *err);
/* Appends a step to an alarm's log; its steps in order. */
int as_step_add(struct db *db, int64_t alarm_id, const char *at, const char *step, int tier,
                const char *actor, const char *note, struct mz_err *err);
int as_steps(struct db *db, int64_t alarm_id,
             int (*fn)(void *ctx, const char *at, const char *step, int tier, const char *actor,
                       const char *note),
             void *ctx, struct mz_err *err);

#endif
