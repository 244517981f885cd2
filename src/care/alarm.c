/* Smart alarms (alarm.h): devices, events in, escalation by tier,
 * acknowledgement and closing. */
#include "care/alarm.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "io/table.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/alarmstore.h"
#include "store/monitorstore.h"
#include "store/providerstore.h"
#include "store/regstore.h"

/* The kinds, and the parameter of each (care_alarms.pol). */
static const char *const kind_labels[] = {"一键呼叫", "烟感", "燃气", "水浸", "门磁", "用水异常"};
static const char *const kind_params[] = {"alarm_minutes_call", "alarm_minutes_smoke",
                                          "alarm_minutes_gas",  "alarm_minutes_water",
                                          "alarm_minutes_door", "alarm_minutes_usage"};
#define NKINDS (sizeof kind_labels / sizeof kind_labels[0])

const char *const *alarm_kinds(size_t *n)
{
    *n = NKINDS;
    return kind_labels;
}

static int kind_index(const char *kind)
{
    for (size_t i = 0; kind && i < NKINDS; i++)
        if (strcmp(kind, kind_labels[i]) == 0) return (int)i;
    return -1;
}

const char *alarm_state_label(const char *state)
{
    return strcmp(state, "open") == 0           ? "待确认"
           : strcmp(state, "acknowledged") == 0 ? "已确认处置中"
           : strcmp(state, "closed") == 0       ? "已办结"
                                                : state;
}

const char *alarm_tier_label(int tier)
{
    return tier == 1 ? "服务站点" : tier == 2 ? "养老服务中心" : "家属";
}

/* ---- times: Beijing time, to the minute ------------------------------- */

/* Minutes since 1970-01-01 00:00 of "YYYY-MM-DD HH:MM[:SS]", or -1; the
 * time to the minute into norm (17 bytes) if not NULL. */
static long parse_time(const char *s, char *norm)
{
    char day[11];
    int h, m, sec = 0, end = 0;
    if (!s || strlen(s) < 16 || s[10] != ' ') return -1;
    memcpy(day, s, 10);
    day[10] = '\0';
    mz_date d = date_parse(day);
    bool hm = sscanf(s + 11, "%2d:%2d%n", &h, &m, &end) == 2 && end == 5;
    bool tail = s[16] == '\0' || (sscanf(s + 16, ":%2d%n", &sec, &end) == 1 && end == 3 &&
                                  s[19] == '\0' && sec >= 0 && sec < 60);
    if (d == MZ_DATE_NONE || !hm || !tail || h < 0 || h > 23 || m < 0 || m > 59 || s[11] == ' ' ||
        s[14] == ' ')
        return -1;
    if (norm) snprintf(norm, 17, "%s %02d:%02d", day, h, m);
    return (long)d * 1440 + h * 60 + m;
}

static void format_time(long minutes, char out[17])
{
    char day[11];
    date_format((mz_date)(minutes / 1440), day);
    unsigned h = (unsigned)(minutes % 1440) / 60u % 24u, m = (unsigned)(minutes % 60) % 60u;
    snprintf(out, 17, "%.10s %02u:%02u", day, h, m);
}

void alarm_now(char out[17])
{
    format_time((long)((time(NULL) + 8 * 3600) / 60), out);
}

void alarm_time_add(const char *t, long minutes, char out[17])
{
    long at = parse_time(t, NULL);
    if (at < 0)
        out[0] = '\0';
    else
        format_time(at + minutes, out);
}

long alarm_minutes_between(const char *a, const char *b)
{
    long x = parse_time(a, NULL), y = parse_time(b, NULL);
    return x < 0 || y < 0 ? 0 : y - x;
}

static int audit(struct registry *reg, const char *actor, const char *action, const char *entity,
                 int64_t id, const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, entity, key, NULL, NULL, detail};
    return audit_append(reg_db(reg), reg_vault(reg), &ev, err);
}

/* ---- devices ------------------------------------------------------------ */

static bool device_no_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 32 || s[0] == '-') return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
            return false;
    return true;
}

int alarm_device_add(struct registry *reg, const struct alarm_device_in *in, const char *actor,
                     int64_t *id, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct device_row d = {.person_id = in->person_id};
    struct person_row p;
    struct provider_row station;
    int found;
    if (!device_no_ok(in->device_no))
        return mz_fail_field(err, "device_no", "invalid_value",
                             "设备编号应为1至32位字母、数字或连字符，实为“%.40s”",
                             in->device_no ? in->device_no : "");
    if ((found = as_device_by_no(db, in->device_no, &d, err)) != 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "device_no", "conflict", "设备编号 %s 已登记",
                                         in->device_no);
    if (kind_index(in->kind) < 0)
        return mz_fail_field(
            err, "kind", "invalid_value",
            "设备类型应为 一键呼叫、烟感、燃气、水浸、门磁、用水异常 之一，实为“%.20s”",
            in->kind ? in->kind : "");
    if ((found = in->person_id > 0 ? rs_person_get(db, in->person_id, &p, err) : 0) <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "person", "unknown_person", "没有这位老人");
    if ((found = in->station ? pvs_provider_by_code(db, in->station, &station, err) : 0) <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "station", "invalid_value",
                                         "没有机构编码为“%.40s”的养老服务机构",
                                         in->station ? in->station : "");
    if (!in->contact_name || !*in->contact_name)
        return mz_fail_field(err, "contact_name", "missing_field", "请填写家属联系人");
    if (text_check(in->contact_name, "contact_name", "家属联系人", TEXT_MAX_NAME, TEXT_NAME, err) <
            0 ||
        reg_phone_seal(reg, in->contact_phone, "contact_phone", d.contact_phone,
                       &d.contact_phone_len, sizeof d.contact_phone, err) < 0)
        return -1;
    snprintf(d.device_no, sizeof d.device_no, "%s", in->device_no);
    snprintf(d.kind, sizeof d.kind, "%s", in->kind);
    snprintf(d.contact_name, sizeof d.contact_name, "%s", in->contact_name);
    d.person_id = in->person_id;
    d.station_id = station.id;
    char detail[400];
    snprintf(detail, sizeof detail, "%s设备 %s，服务机构 %s", d.kind, d.device_no, station.name);
    int rc = db_begin(db, err);
    if (rc == 0) rc = as_device_add(db, &d, actor, err);
    if (rc == 0) rc = audit(reg, actor, "device.add", "device", d.id, detail, err);
    rc = rc == 0 ? db_commit(db, err) : (db_rollback(db), -1);
    *id = rc == 0 ? d.id : 0;
    return rc;
}

/* ---- events ------------------------------------------------------------- */

/* The reason an event is refused ("" if none); *dev its device. */
static int check_event(struct db *db, const struct alarm_event_in *ev, struct device_row *dev,
                       char *norm, char *reason, size_t cap, struct mz_err *err)
{
    reason[0] = '\0';
    int found = ev->device_no && *ev->device_no ? as_device_by_no(db, ev->device_no, dev, err) : 0;
    if (found < 0) return -1;
    if (!found)
        snprintf(reason, cap, "未登记的设备“%.40s”", ev->device_no ? ev->device_no : "");
    else if (!ev->event_key || !*ev->event_key || strlen(ev->event_key) > 64)
        snprintf(reason, cap, "事件编号应为1至64个字符");
    else if (!ev->kind || strcmp(ev->kind, dev->kind) != 0)
        snprintf(reason, cap, "事件类型“%.20s”与设备 %s 的类型“%s”不符", ev->kind ? ev->kind : "",
                 dev->device_no, dev->kind);
    else if (parse_time(ev->occurred_at, norm) < 0)
        snprintf(reason, cap, "发生时间应为 YYYY-MM-DD HH:MM，实为“%.30s”",
                 ev->occurred_at ? ev->occurred_at : "");
    return 0;
}

static int open_alarm(struct registry *reg, const struct device_row *dev, int64_t id,
                      const char *at, const char *actor, struct mz_err *err)
{
    struct provider_row station;
    int found = pvs_provider_get(reg_db(reg), dev->station_id, &station, err);
    if (found < 0) return -1;
    char note[400];
    snprintf(note, sizeof note, "%s报警（设备 %s），通知服务站点：%s", dev->kind, dev->device_no,
             found ? station.name : "（机构已不存在）");
    if (as_step_add(reg_db(reg), id, at, "报警", 1, actor, note, err) < 0) return -1;
    return audit(reg, actor, "alarm.raise", "alarm", id, note, err);
}

int alarm_events(struct registry *reg, const struct alarm_event_in *ev, size_t n,
                 const char *source, const char *actor, FILE *report, struct alarm_event_stats *st,
                 struct mz_err *err)
{
    memset(st, 0, sizeof *st);
    struct db *db = reg_db(reg);
    int rc = db_begin(db, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct device_row dev;
        char reason[200], at[17], key[100];
        st->events++;
        if ((rc = check_event(db, &ev[i], &dev, at, reason, sizeof reason, err)) < 0) break;
        snprintf(key, sizeof key, "%.32s/%.64s", ev[i].device_no ? ev[i].device_no : "",
                 ev[i].event_key ? ev[i].event_key : "");
        if (reason[0]) {
            st->rejected++;
            if (report) fprintf(report, "%s:%ld: %s\n", source, ev[i].line, reason);
            rc = ms_reject_add(db, "alarm", source, ev[i].line, key, reason, err);
            continue;
        }
        int64_t id;
        if ((rc = as_alarm_add(db, dev.id, ev[i].event_key, at, &id, err)) < 0) break;
        if (!id) {
            st->unchanged++;
            continue;
        }
        st->opened++;
        rc = open_alarm(reg, &dev, id, at, actor, err);
    }
    rc = rc == 0 ? db_commit(db, err) : (db_rollback(db), -1);
    return rc;
}

int alarm_ingest(struct registry *reg, const char *path, const char *actor, FILE *report,
                 struct alarm_event_stats *st, struct mz_err *err)
{
    static const char *const heads[] = {"设备编号", "事件编号", "事件类型", "发生时间"};
    memset(st, 0, sizeof *st);
    struct table *t;
    if (table_open(path, &t, err) < 0) return -1;
    struct alarm_event_in *ev = NULL;
    char **texts = NULL; /* the fields, copied out of the table */
    size_t n = 0, cap = 0, tcap = 0, ntexts = 0;
    int got, rc = 0;
    bool header = true;
    while (rc == 0 && (got = table_read(t, err)) == 1) {
        if (header) {
            for (size_t i = 0; i < 4 && rc == 0; i++)
                if (strcmp(table_field(t, i), heads[i]) != 0)
                    rc = mz_fail(err, "bad_header", "%s:%ld: 列 %zu 应为“%s”，实为“%s”", path,
                                 table_line(t), i + 1, heads[i], table_field(t, i));
            header = false;
            continue;
        }
        if (mz_grow(&ev, &cap, n + 1, sizeof *ev) < 0 ||
            mz_grow(&texts, &tcap, ntexts + 4, sizeof *texts) < 0) {
            rc = mz_fail(err, "out_of_memory", "内存不足");
            break;
        }
        for (size_t i = 0; i < 4; i++)
            texts[ntexts + i] = mz_strdup(table_field(t, i));
        ev[n++] = (struct alarm_event_in){texts[ntexts], texts[ntexts + 1], texts[ntexts + 2],
                                          texts[ntexts + 3], table_line(t)};
        ntexts += 4;
    }
    table_close(t);
    if (rc == 0 && got < 0) rc = -1;
    if (rc == 0) rc = alarm_events(reg, ev, n, path, actor, report, st, err);
    for (size_t i = 0; i < ntexts; i++)
        mz_free(texts[i]);
    mz_free(texts);
    mz_free(ev);
    return rc;
}

/* ---- escalation --------------------------------------------------------- */

struct alarm_list {
    struct alarm_row *v;
    size_t n, cap;
};

static int keep(void *ctx, const struct alarm_row *a)
{
    struct alarm_list *l = ctx;
    if (mz_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0) return -1;
    l->v[l->n++] = *a;
    return 0;
}

/* Who is told at tier (2: the station's centre, 3: the family contact). */
static int party(struct registry *reg, const struct alarm_row *a, int tier, char *out, size_t cap,
                 struct mz_err *err)
{
    if (tier == 3) {
        char phone[40];
        if (reg_phone_text(reg, a->device.contact_phone, a->device.contact_phone_len, false, phone,
                           sizeof phone, err) < 0)
            return -1;
        snprintf(out, cap, "家属 %s（%s）", a->device.contact_name, phone);
        return 0;
    }
    struct provider_row centre;
    int found = a->centre_id ? pvs_provider_get(reg_db(reg), a->centre_id, &centre, err) : 0;
    if (found < 0) return -1;
    snprintf(out, cap, "%s", found ? centre.name : "所属养老服务中心（站点未登记上级机构）");
    return 0;
}

int alarm_escalate(struct registry *reg, const struct pol_set *set, const char *now,
                   const char *actor, int *steps, struct mz_err *err)
{
    *steps = 0;
    long at = parse_time(now, NULL);
    if (at < 0)
        return mz_fail_field(err, "at", "invalid_value", "时间应为 YYYY-MM-DD HH:MM，实为“%.30s”",
                             now ? now : "");
    struct db *db = reg_db(reg);
    struct alarm_list l = {0};
    if (as_alarms(db, 0, "open", NULL, 100000, keep, &l, err) != 0) {
        mz_free(l.v);
        return err->code[0] ? -1 : mz_fail(err, "out_of_memory", "内存不足");
    }
    int rc = db_begin(db, err);
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        struct alarm_row *a = &l.v[i];
        int64_t limit = 0;
        int k = kind_index(a->device.kind);
        if (k >= 0)
            pol_param_lookup(set, kind_params[k], a->division, 0, (mz_date)(at / 1440), &limit);
        long since = parse_time(a->tier_since, NULL);
        bool changed = false;
        while (rc == 0 && limit > 0 && a->tier < 3 && since >= 0 && at - since >= limit) {
            since += (long)limit;
            a->tier++;
            char who[320], note[480];
            format_time(since, a->tier_since);
            rc = party(reg, a, a->tier, who, sizeof who, err);
            snprintf(note, sizeof note, "%" PRId64 "分钟内未确认，升级到第%d级：通知%s", limit,
                     a->tier, who);
            if (rc == 0)
                rc = as_step_add(db, a->id, a->tier_since, "升级", a->tier, actor, note, err);
            if (rc == 0) rc = audit(reg, actor, "alarm.escalate", "alarm", a->id, note, err);
            changed = true;
            ++*steps;
        }
        if (rc == 0 && changed) rc = as_alarm_update(db, a, err);
    }
    rc = rc == 0 ? db_commit(db, err) : (db_rollback(db), -1);
    mz_free(l.v);
    if (rc < 0) *steps = 0;
    return rc;
}

/* ---- acknowledgement and closing ---------------------------------------- */

static int get_one(void *ctx, const struct alarm_row *a)
{
    *(struct alarm_row *)ctx = *a;
    return 1;
}

/* Loads alarm id and checks its state is one of allowed; then applies
 * step (the log's word) with note, audited as action. */
static int take_step(struct registry *reg, int64_t id, const char *const *allowed,
                     void (*apply)(struct alarm_row *a, const char *now, const char *actor,
                                   const char *text),
                     const char *text, const char *now, const char *actor, const char *step,
                     const char *action, struct mz_err *err)
{
    char at[17];
    if (parse_time(now, at) < 0)
        return mz_fail_field(err, "at", "invalid_value", "时间应为 YYYY-MM-DD HH:MM");
    struct db *db = reg_db(reg);
    struct alarm_row *a = mz_calloc(1, sizeof *a);
    if (!a) return mz_fail(err, "out_of_memory", "内存不足");
    int rc = db_begin(db, err), found = 0;
    if (rc == 0 && (found = as_alarms(db, id, NULL, NULL, 1, get_one, a, err)) < 0) rc = -1;
    if (rc == 0 && !found) rc = mz_fail(err, "not_found", "报警 %" PRId64 " 不存在", id);
    bool ok = false;
    for (size_t i = 0; rc == 0 && allowed[i]; i++)
        ok |= strcmp(a->state, allowed[i]) == 0;
    if (rc == 0 && !ok)
        rc = mz_fail(err, "bad_state", "报警 %" PRId64 " %s，不能%s", id,
                     alarm_state_label(a->state), step);
    char note[TEXT_BYTES(TEXT_MAX_NOTE) + 64];
    if (rc == 0) {
        apply(a, at, actor, text);
        snprintf(note, sizeof note, "第%d级（%s）%s%s%s", a->tier, alarm_tier_label(a->tier), step,
                 text ? "：" : "", text ? text : "");
        rc = as_alarm_update(db, a, err);
    }
    if (rc == 0) rc = as_step_add(db, id, at, step, a->tier, actor, note, err);
    if (rc == 0) rc = audit(reg, actor, action, "alarm", id, step, err);
    rc = rc == 0 ? db_commit(db, err) : (db_rollback(db), -1);
    mz_free(a);
    return rc;
}

static void acknowledged(struct alarm_row *a, const char *now, const char *actor, const char *text)
{
    (void)text;
    snprintf(a->state, sizeof a->state, "acknowledged");
    snprintf(a->acknowledged_by, sizeof a->acknowledged_by, "%s", actor);
    snprintf(a->acknowledged_at, sizeof a->acknowledged_at, "%s", now);
}

static void closed(struct alarm_row *a, const char *now, const char *actor, const char *text)
{
    snprintf(a->state, sizeof a->state, "closed");
    snprintf(a->outcome, sizeof a->outcome, "%s", text);
    snprintf(a->closed_by, sizeof a->closed_by, "%s", actor);
    snprintf(a->closed_at, sizeof a->closed_at, "%s", now);
}

int alarm_acknowledge(struct registry *reg, int64_t id, const char *now, const char *actor,
                      struct mz_err *err)
{
    static const char *const open[] = {"open", NULL};
    return take_step(reg, id, open, acknowledged, NULL, now, actor, "确认", "alarm.acknowledge",
                     err);
}

int alarm_close(struct registry *reg, int64_t id, const char *outcome, const char *now,
                const char *actor, struct mz_err *err)
{
    static const char *const live[] = {"open", "acknowledged", NULL};
    if (!outcome || !*outcome)
        return mz_fail_field(err, "outcome", "missing_text", "办结须写明处置结果");
    if (text_check(outcome, "outcome", "处置结果", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0) return -1;
    return take_step(reg, id, live, closed, outcome, now, actor, "办结", "alarm.close", err);
}
