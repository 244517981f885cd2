/* 探访关爱 visits (visit.h): recording a visit, and the month's schedule
 * of the persons the policy program visit_care finds. */
#include "care/visit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/regstore.h"
#include "store/visitstore.h"
#include "store/volunteerstore.h"

static const char *const methods[] = {"上门", "电话", "视频"};
#define NMETHODS (sizeof methods / sizeof methods[0])

/* The person variables of care_visits.pol that name why someone is a
 * target, in the order the schedule lists them. */
static const char *const categories[] = {
    "visit_alone",    "visit_empty_nest",        "visit_left_behind",
    "visit_disabled", "visit_severely_disabled", "visit_family_planning"};
#define NCATEGORIES (int)(sizeof categories / sizeof categories[0])

const char *const *visit_methods(size_t *n)
{
    *n = NMETHODS;
    return methods;
}

/* ---- recording ---------------------------------------------------------- */

static int check_visit(struct registry *reg, const struct visit_in *in, struct person_row *p,
                       mz_date *day, struct mz_err *err)
{
    int found = in->person_id > 0 ? rs_person_get(reg_db(reg), in->person_id, p, err) : 0;
    if (found < 0) return -1;
    if (!found)
        return mz_fail_field(err, "person", "unknown_person",
                             "没有这位老人（人员编号 %" PRId64 "）", in->person_id);
    *day = in->visited_on ? date_parse(in->visited_on) : MZ_DATE_NONE;
    if (*day == MZ_DATE_NONE)
        return mz_fail_field(err, "visited_on", "invalid_value",
                             "探访日期应为 YYYY-MM-DD，实为“%.20s”",
                             in->visited_on ? in->visited_on : "");
    if (date_check(*day, date_today(), "visited_on", "探访日期", err) < 0) return -1;
    if (*day < p->birth)
        return mz_fail_field(err, "visited_on", "invalid_value", "探访日期 %s 早于老人的出生日期",
                             in->visited_on);
    bool known = false;
    for (size_t i = 0; in->method && i < NMETHODS; i++)
        known |= strcmp(in->method, methods[i]) == 0;
    if (!known)
        return mz_fail_field(err, "method", "invalid_value",
                             "探访方式应为“上门”“电话”或“视频”，实为“%.20s”",
                             in->method ? in->method : "");
    if (!in->visitor || !*in->visitor)
        return mz_fail_field(err, "visitor", "missing_field", "请填写探访人");
    if (text_check(in->visitor, "visitor", "探访人", TEXT_MAX_NAME, TEXT_NAME, err) < 0 ||
        text_check(in->findings, "findings", "探访情况", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    return 0;
}

static int first_volunteer(void *ctx, const struct volunteer_row *v)
{
    *(struct volunteer_row *)ctx = *v;
    return 1;
}

int visit_record(const struct mon_env *env, const struct visit_in *in, const char *actor,
                 int64_t *id, struct mz_err *err)
{
    struct registry *reg = env->reg;
    struct db *db = reg_db(reg);
    struct person_row p;
    mz_date day = MZ_DATE_NONE;
    struct volunteer_row vol = {0};
    struct visit_in told = *in;
    if (in->volunteer) {
        int found = vls_volunteers(db, in->volunteer, NULL, 0, first_volunteer, &vol, err);
        if (found <= 0)
            return found < 0 ? -1
                             : mz_fail_field(err, "volunteer_id", "invalid_value",
                                             "探访人未登记为银龄志愿者");
        told.visitor = vol.name;
    }
    in = &told;
    if (check_visit(reg, in, &p, &day, err) < 0) return -1;
    struct visit_row v = {.person_id = in->person_id, .needs_help = in->needs_help};
    snprintf(v.visited_on, sizeof v.visited_on, "%s", in->visited_on);
    snprintf(v.method, sizeof v.method, "%s", in->method);
    snprintf(v.visitor, sizeof v.visitor, "%s", in->visitor);
    snprintf(v.findings, sizeof v.findings, "%s", in->findings ? in->findings : "");
    snprintf(v.recorded_by, sizeof v.recorded_by, "%s", actor);
    char date[11];
    date_format(day, date);
    struct reg_fact_in fact = {NULL, NULL, "last_contact", date, date, "visit"};
    enum put_result res;
    int64_t household = 0;
    mz_date joined;
    char relation[32];
    struct mon_counts counts = {0};
    int rc = db_begin(db, err);
    if (rc == 0) rc = vs_visit_add(db, &v, id, err);
    if (rc == 0) rc = reg_person_fact_put(reg, in->person_id, &fact, &res, err);
    int64_t minutes = 0;
    if (vol.id)
        pol_param_lookup(env->set, "volunteer_visit_minutes", vol.division, 0, day, &minutes);
    if (rc == 0 && minutes > 0)
        rc = vls_hours_add(db, vol.id, date, "探访", minutes, *id, actor, err);
    if (rc == 0)
        rc = rs_membership_current(db, in->person_id, &household, relation, &joined, err) < 0 ? -1
                                                                                              : 0;
    if (rc == 0 && household > 0)
        rc = mon_households(env, &household, NULL, 1, date_today(), "visit", &counts, err);
    char key[24], detail[160];
    snprintf(key, sizeof key, "%" PRId64, *id);
    snprintf(detail, sizeof detail, "%s %s探访%s", date, v.method,
             in->needs_help ? "，需要帮助" : "");
    struct audit_event ev = {actor, "visit.record", "visit", key, NULL, NULL, detail};
    if (rc == 0) rc = audit_append(db, reg_vault(reg), &ev, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- the month's schedule --------------------------------------------- */

/* The first and last day of month "YYYY-MM". */
static int month_bounds(const char *month, mz_date *first, mz_date *last, struct mz_err *err)
{
    int y, m, end = 0;
    if (!month || sscanf(month, "%4d-%2d%n", &y, &m, &end) != 2 || end != 7 || month[7] ||
        (*first = date_from_ymd(y, m, 1)) == MZ_DATE_NONE || y < DATE_FIRST_YEAR)
        return mz_fail_field(err, "month", "invalid_value", "月份应为 YYYY-MM，实为“%.20s”",
                             month ? month : "");
    *last = (m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1)) - 1;
    return 0;
}

/* Adds the target of member p (row p of the snapshot, member k of
 * household h). */
static int add_target(struct registry *reg, const struct pol_set *set,
                      const struct pol_snapshot *snap, const int64_t *pids, size_t h, size_t p,
                      int lc, struct household_row *hh, struct visit_schedule *s, size_t *cap,
                      mz_date first, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    if (hh->id != snap->household_id[h] &&
        rs_household_get(db, snap->household_id[h], hh, err) <= 0)
        return err->code[0] ? -1 : mz_fail(err, "no_household", "家庭已不存在");
    struct person_row pr;
    int found = rs_person_get(db, pids[p], &pr, err);
    if (found <= 0) return found < 0 ? -1 : mz_fail(err, "unknown_person", "人员已不存在");
    int64_t held[NCATEGORIES];
    const char *labels[NCATEGORIES];
    if (pol_person_values(set, snap, h, (int)(p - snap->member_start[h]), s->as_of, categories,
                          NCATEGORIES, held, labels, err) < 0)
        return -1;
    if (mz_grow(&s->targets, cap, s->n + 1, sizeof *s->targets) < 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    struct visit_target *t = &s->targets[s->n++];
    memset(t, 0, sizeof *t);
    t->person_id = pids[p];
    t->household_id = hh->id;
    snprintf(t->name, sizeof t->name, "%s", pr.name);
    snprintf(t->id_masked, sizeof t->id_masked, "%s", pr.id_masked);
    snprintf(t->division, sizeof t->division, "%s", hh->division);
    snprintf(t->address, sizeof t->address, "%s", hh->address);
    t->age = date_age(pr.birth, s->as_of);
    size_t len = 0;
    for (int i = 0; i < NCATEGORIES; i++)
        if (held[i] && len + strlen(labels[i]) + 4 < sizeof t->reasons)
            len += (size_t)snprintf(t->reasons + len, sizeof t->reasons - len, "%s%s",
                                    len ? "、" : "", labels[i]);
    t->last_contact = lc >= 0 ? (mz_date)snap->columns[lc][p] : MZ_DATE_NONE;
    t->visited = t->last_contact != MZ_DATE_NONE && t->last_contact >= first;
    if (vls_pair_of(db, t->person_id, &t->volunteer, t->volunteer_name, err) < 0) return -1;
    s->visited += t->visited;
    return 0;
}

static int by_place(const void *a, const void *b)
{
    const struct visit_target *x = a, *y = b;
    int c = strcmp(x->division, y->division);
    return c ? c : (x->household_id > y->household_id) - (x->household_id < y->household_id);
}

int visit_schedule(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
                   int nprefixes, const char *month, struct visit_schedule *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    mz_date first = 0, last = 0;
    if (month_bounds(month, &first, &last, err) < 0) return -1;
    int program = pol_program_find(set, "visit_care");
    if (program < 0 || pol_program_entity(set, program) != POL_PERSON)
        return mz_fail(err, "no_program", "政策中没有探访关爱项目（visit_care，按人认定）");
    snprintf(out->month, sizeof out->month, "%s", month);
    mz_date today = date_today();
    out->as_of = today < first ? first : today > last ? last : today;
    int y, m, d;
    date_to_ymd(out->as_of, &y, &m, &d);
    int64_t *ids = NULL;
    size_t nids = 0;
    /* everyone who may be 60 on the day (the policy decides exactly) */
    if (vs_elder_households(reg_db(reg), prefixes, nprefixes, date_from_ymd(y - 59, 12, 31),
                            out->as_of, &ids, &nids, err) < 0)
        return -1;
    if (nids == 0) return 0;
    struct snap_request req = {.as_of = out->as_of, .household_ids = ids, .nhouseholds = nids};
    int64_t *pids = NULL;
    struct pol_results *res = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(reg), set, &req, &pids, err);
    int rc = snap && (res = pol_eval(set, snap, out->as_of, 1, err)) ? 0 : -1;
    const int64_t *eligible = rc == 0 ? pol_results_eligible(res, program) : NULL;
    int lc = pol_input_find(set, "last_contact");
    struct household_row hh = {0};
    size_t cap = 0;
    for (size_t h = 0; rc == 0 && h < snap->nhouseholds; h++)
        for (size_t p = snap->member_start[h]; rc == 0 && p < snap->member_start[h + 1]; p++)
            if (eligible[p])
                rc = add_target(reg, set, snap, pids, h, p, lc, &hh, out, &cap, first, err);
    if (rc == 0) qsort(out->targets, out->n, sizeof *out->targets, by_place);
    pol_results_free(res);
    if (snap) pol_snapshot_free(snap);
    mz_free(pids);
    mz_free(ids);
    if (rc < 0) visit_schedule_free(out);
    return rc;
}

void visit_schedule_free(struct visit_schedule *s)
{
    mz_free(s->targets);
    s->targets = NULL;
    s->n = s->visited = 0;
}
