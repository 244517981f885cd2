/* Smart alarms over HTTP: the alarm board of the caller's scope (due
 * escalations applied first), acknowledging and closing an alarm, and the
 * device platform's events (a machine token with the devices grant). The
 * rules live in src/care/alarm.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "care/alarm.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/scope.h"
#include "registry/registry.h"
#include "store/alarmstore.h"
#include "store/providerstore.h"

/* Whether the caller sees alarm a: a provider account the alarms of its
 * station or of the stations it runs; other accounts those of persons in
 * their scope. */
static bool visible(const struct http_req *req, const struct alarm_row *a)
{
    if (req->user->role == ROLE_PROVIDER)
        return req->user->provider_id && (a->device.station_id == req->user->provider_id ||
                                          a->centre_id == req->user->provider_id);
    return http_in_scope(req, a->division);
}

static int step_json(void *ctx, const char *at, const char *step, int tier, const char *actor,
                     const char *note)
{
    (void)actor;
    json_t *o =
        json_pack("{s:s, s:s, s:i, s:s}", "at", at, "step", step, "tier", tier, "note", note);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

struct board {
    struct http_req *req;
    json_t *items;
    char now[17];
    struct mz_err *err;
};

static const char *who(const char *actor)
{
    const char *colon = strchr(actor, ':');
    return colon ? colon + 1 : actor;
}

static int alarm_json(void *ctx, const struct alarm_row *a)
{
    struct board *b = ctx;
    if (!visible(b->req, a)) return 0;
    char phone[40];
    struct provider_row station;
    int found = pvs_provider_get(reg_db(b->req->reg), a->device.station_id, &station, b->err);
    json_t *steps = json_array();
    if (found < 0 ||
        reg_phone_text(b->req->reg, a->device.contact_phone, a->device.contact_phone_len,
                       http_sees_full(b->req), phone, sizeof phone, b->err) < 0 ||
        as_steps(reg_db(b->req->reg), a->id, step_json, steps, b->err) != 0) {
        json_decref(steps);
        return b->err->code[0] ? -1 : mz_fail(b->err, "out_of_memory", "内存不足");
    }
    long elapsed = alarm_minutes_between(a->occurred_at, a->closed_at[0] ? a->closed_at : b->now);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s?, s:s?, s:s?, "
        "s:o}",
        "id", (json_int_t)a->id, "kind", a->device.kind, "device_no", a->device.device_no, "name",
        a->person_name, "id_number", a->id_masked, "occurred_at", a->occurred_at, "tier", a->tier,
        "tier_label", alarm_tier_label(a->tier), "tier_since", a->tier_since, "state", a->state,
        "state_label", alarm_state_label(a->state), "elapsed_minutes",
        (json_int_t)(elapsed > 0 ? elapsed : 0), "station",
        found ? station.name : "", "contact", a->device.contact_name, "acknowledged_by",
        a->acknowledged_by[0] ? who(a->acknowledged_by) : NULL, "acknowledged_at",
        a->acknowledged_at[0] ? a->acknowledged_at : NULL, "outcome",
        a->outcome[0] ? a->outcome : NULL, "steps", steps);
    if (o) json_object_set_new(o, "contact_phone", json_string(phone));
    return o && json_array_append_new(b->items, o) == 0 ? 0 : -1;
}

void h_alarms(struct http_req *req, struct http_resp *resp)
{
    static const char *const states[] = {"open", "acknowledged", "closed", NULL};
    const char *state;
    if (!http_query_enum(req, resp, "state", states, &state)) return;
    if (!req->policies) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return;
    }
    struct mz_err err = {0};
    struct board b = {req, json_array(), "", &err};
    alarm_now(b.now);
    int steps;
    /* the board is never stale: what is due escalates before it is read */
    if (alarm_escalate(req->reg, req->policies, b.now, "system:alarm", &steps, &err) < 0 ||
        as_alarms(reg_db(req->reg), 0, state, NULL, 500, alarm_json, &b, &err) != 0) {
        json_decref(b.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    size_t nk;
    const char *const *k = alarm_kinds(&nk);
    json_t *kinds = json_array();
    for (size_t i = 0; i < nk; i++)
        json_array_append_new(kinds, json_string(k[i]));
    http_send_json(resp, 200,
                   json_pack("{s:s, s:o, s:o}", "now", b.now, "kinds", kinds, "items", b.items));
}

static int get_one(void *ctx, const struct alarm_row *a)
{
    *(struct alarm_row *)ctx = *a;
    return 1;
}

void h_alarm_step(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"outcome", NULL};
    const char *action = req->params[1];
    bool close = strcmp(action, "close") == 0;
    int64_t id;
    if (!http_parse_id(req->params[0], &id) || (!close && strcmp(action, "acknowledge") != 0)) {
        http_not_found(resp, "报警", req->params[0]);
        return;
    }
    const char *values[1] = {NULL};
    json_t *body = req->body_len ? http_body_strings(req, resp, names, values) : json_object();
    if (!body) return;
    struct alarm_row *a = mz_calloc(1, sizeof *a);
    struct mz_err err = {0};
    int found = a ? as_alarms(reg_db(req->reg), id, NULL, NULL, 1, get_one, a, &err)
                  : mz_fail(&err, "out_of_memory", "内存不足");
    bool provider = req->user->role == ROLE_PROVIDER;
    if (found < 0) {
        http_problem_err(resp, &err);
    } else if (!found || !visible(req, a)) {
        http_not_found(resp, "报警", req->params[0]);
    } else if (provider || http_may_write(req, resp)) {
        char actor[80], now[17];
        http_actor(req, actor);
        alarm_now(now);
        int rc = close ? alarm_close(req->reg, id, values[0], now, actor, &err)
                       : alarm_acknowledge(req->reg, id, now, actor, &err);
        if (rc < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 200,
                           json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "state",
                                     close ? "closed" : "acknowledged", "at", now));
    }
    mz_free(a);
    json_decref(body);
}

void h_device_events(struct http_req *req, struct http_resp *resp)
{
    if (!auth_machine_may(req->machine, "devices")) {
        char detail[160];
        snprintf(detail, sizeof detail, "机器令牌“%s”无权推送设备事件", req->machine->name);
        http_problem(resp, 403, "forbidden_feed", detail, NULL);
        return;
    }
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    json_t *events = json_object_get(body, "events");
    size_t n = json_is_array(events) ? json_array_size(events) : 0;
    if (n == 0 || n > 1000 || json_object_size(body) != 1) {
        json_decref(body);
        http_problem(resp, 422, "missing_field",
                     "请求体应为 {\"events\": [{\"device_no\", \"event_key\", \"kind\", "
                     "\"occurred_at\"}, …]}（1至1000条）",
                     "events");
        return;
    }
    struct alarm_event_in *ev = mz_calloc(n, sizeof *ev);
    char source[80], *report = NULL;
    size_t len = 0;
    snprintf(source, sizeof source, "api:%s", req->machine->name);
    struct alarm_event_stats st = {0};
    struct mz_err err = {0};
    FILE *f = ev ? open_memstream(&report, &len) : NULL;
    for (size_t i = 0; f && i < n; i++) {
        json_t *e = json_array_get(events, i);
        ev[i] = (struct alarm_event_in){json_string_value(json_object_get(e, "device_no")),
                                        json_string_value(json_object_get(e, "event_key")),
                                        json_string_value(json_object_get(e, "kind")),
                                        json_string_value(json_object_get(e, "occurred_at")),
                                        (long)i + 1};
    }
    int rc = f ? alarm_events(req->reg, ev, n, source, req->actor, f, &st, &err)
               : mz_fail(&err, "out_of_memory", "内存不足");
    if (f) fclose(f);
    if (rc < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200,
                       json_pack("{s:I, s:I, s:I, s:I, s:s}", "events", (json_int_t)st.events,
                                 "opened", (json_int_t)st.opened, "unchanged",
                                 (json_int_t)st.unchanged, "rejected", (json_int_t)st.rejected,
                                 "report", report ? report : ""));
    free(report);
    mz_free(ev);
    json_decref(body);
}
