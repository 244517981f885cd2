/* Re-evaluation of households (one, after a feed record; or all, the
 * sweep), comparison with the decisions and conditions last recorded for
 * each household, and raising of warnings. */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "autogrant/autogrant.h"
#include "base/mem.h"
#include "base/text.h"
#include "cases/calendar.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/regstore.h"

struct hh_eval {
    const struct mon_env *env;
    struct pol_snapshot *snap;
    const struct pol_results *res;
    const int64_t *person_ids;
    mz_date as_of;
    bool baseline;
    const char *raised_by, *records; /* records: of the household being applied */
    const int64_t *ids;               /* mon_households: the households asked for … */
    const char *const *id_records;    /* … and their records */
    size_t nids;
    struct mon_counts *counts;
    struct ms_rows prev, cur;
    struct ms_warning w;
};

static bool rows_has(const struct ms_rows *rows, const char *name, int64_t person_id,
                     const char *value)
{
    for (size_t i = 0; i < rows->n; i++)
        if (strcmp(rows->items[i].name, name) == 0 && rows->items[i].person_id == person_id &&
            (!value || strcmp(rows->items[i].value, value) == 0))
            return true;
    return false;
}

/* Same rows (as sets, amounts included). */
static bool rows_same(const struct ms_rows *a, const struct ms_rows *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        bool found = false;
        for (size_t j = 0; j < b->n && !found; j++)
            found = strcmp(a->items[i].name, b->items[j].name) == 0 &&
                    a->items[i].person_id == b->items[j].person_id &&
                    a->items[i].amount == b->items[j].amount &&
                    strcmp(a->items[i].value, b->items[j].value) == 0;
        if (!found)
            return false;
    }
    return true;
}

static size_t append(char *out, size_t cap, size_t len, const char *fmt, const char *a,
                     const char *b)
{
    if (len >= cap)
        return len;
    int n = snprintf(out + len, cap - len, fmt, a, b);
    if (n >= 0 && (size_t)n >= cap - len)
        text_utf8_trim(out);
    return n < 0 ? len : len + (size_t)n;
}

/* The death date of person row p if the person is dead as of the day
 * with a known date, else MZ_DATE_NONE. */
static mz_date death_on(const struct hh_eval *x, size_t p)
{
    int dead = pol_input_find(x->env->set, "is_dead");
    int date = pol_input_find(x->env->set, "death_date");
    if (dead < 0 || date < 0 || !x->snap->columns[dead][p])
        return MZ_DATE_NONE;
    int64_t d = x->snap->columns[date][p];
    return d != MZ_DATE_NONE && d <= x->as_of ? (mz_date)d : MZ_DATE_NONE;
}

/* Writes the evidence of a warning into x->w.evidence. */
static int evidence(struct hh_eval *x, size_t h, const struct pol_warning *r, size_t p,
                    const char *value, bool was_eligible, struct mz_err *err)
{
    char *out = x->w.evidence;
    size_t cap = sizeof x->w.evidence, len = 0;
    out[0] = '\0';
    if (r->kind != POL_WARN_PERSON) {
        const char *label = pol_program_label(x->env->set, r->program);
        len = append(out, cap, len, "项目：%s；%s\n", label,
                     was_eligible ? "此前符合，现不再符合" : "此前不符合，现符合");
        struct pol_explanation *ex =
            pol_explain(x->env->set, x->snap, h, r->program, x->as_of, err);
        if (!ex)
            return -1;
        len = append(out, cap, len, "%s%s", pol_explanation_text(ex), "");
        pol_explanation_free(ex);
    } else {
        struct person_row pr;
        int found = rs_person_get(reg_db(x->env->reg), x->person_ids[p], &pr, err);
        if (found < 0)
            return -1;
        len = append(out, cap, len, "成员：%s %s；", found ? pr.name : "?",
                     found ? pr.id_masked : "");
        len = append(out, cap, len, "%s%s", value, "");
        mz_date d = death_on(x, p);
        if (d != MZ_DATE_NONE) {
            int y, m, dd;
            date_to_ymd(d, &y, &m, &dd);
            char died[11], stop[11];
            date_format(d, died);
            date_format(date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1), stop);
            len = append(out, cap, len, "；死亡日期 %s，自 %s 起停发", died, stop);
        }
        if (r->note[0])
            len = append(out, cap, len, "；%s%s", r->note, "");
        len = append(out, cap, len, "\n%s%s", "", "");
    }
    len = append(out, cap, len, "触发：%s%s", x->raised_by, "");
    if (x->records && *x->records)
        append(out, cap, len, "；来源记录：%s%s", x->records, "");
    return 0;
}

/* Raises rule r for household h (and person row p, or SIZE_MAX) unless an
 * open warning for the same condition exists or this value was raised. */
static int raise(struct hh_eval *x, size_t h, const struct pol_warning *r, size_t p,
                 const char *value, bool was_eligible, struct mz_err *err)
{
    struct db *db = reg_db(x->env->reg);
    int64_t hid = x->snap->household_id[h];
    int64_t pid = p == SIZE_MAX ? 0 : x->person_ids[p];
    char cond[128];
    snprintf(cond, sizeof cond, "%s|%lld|%lld", r->name, (long long)hid, (long long)pid);
    int blocked = ms_warning_blocked(db, cond, value, err);
    if (blocked)
        return blocked < 0 ? -1 : 0;
    struct ms_warning *w = &x->w;
    memset(w, 0, sizeof *w);
    snprintf(w->rule, sizeof w->rule, "%s", r->name);
    snprintf(w->label, sizeof w->label, "%s", r->label);
    snprintf(w->severity, sizeof w->severity, "%s", r->severity);
    snprintf(w->program, sizeof w->program, "%s",
             r->kind == POL_WARN_PERSON ? "" : pol_program_name(x->env->set, r->program));
    w->household_id = hid;
    w->person_id = pid;
    /* Supervision findings go to the county's supervision office, the
     * others to the household's street office. */
    snprintf(w->office, sizeof w->office, "%.*s", r->supervision ? 6 : 9, x->snap->division[h]);
    snprintf(w->raised_by, sizeof w->raised_by, "%s", x->raised_by);
    date_format(x->as_of, w->raised_on);
    mz_date due;
    if (cal_add_working_days(x->env->cal, x->as_of, r->due_workdays, &due, err) < 0)
        return -1;
    date_format(due, w->due);
    if (evidence(x, h, r, p, value, was_eligible, err) < 0 ||
        ms_warning_add(db, w, cond, value, err) < 0)
        return -1;
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)w->id);
    struct audit_event ev = {.actor = x->raised_by,
                             .action = "warning.raise",
                             .entity = "warning",
                             .entity_id = idtext,
                             .after = cond,
                             .detail = r->name};
    if (audit_append(db, reg_vault(x->env->reg), &ev, err) < 0)
        return -1;
    x->counts->warnings++;
    return 0;
}

/* Current eligible programs of household h into x->cur. */
static int current_decisions(struct hh_eval *x, size_t h, struct mz_err *err)
{
    x->cur.n = 0;
    const struct pol_set *set = x->env->set;
    size_t s = x->snap->member_start[h], e = x->snap->member_start[h + 1];
    for (int prog = 0; prog < pol_program_count(set); prog++) {
        const int64_t *elig = pol_results_eligible(x->res, prog);
        const int64_t *amt = pol_results_amount(x->res, prog);
        bool any = false;
        int64_t amount = 0;
        if (pol_program_entity(set, prog) == POL_HOUSEHOLD) {
            any = elig[h] != 0;
            amount = amt[h];
        } else {
            for (size_t p = s; p < e; p++)
                if (elig[p]) {
                    any = true;
                    amount += amt[p];
                }
        }
        if (any && ms_rows_add(&x->cur, pol_program_name(set, prog), 0, amount, "", err) < 0)
            return -1;
    }
    return 0;
}

static int household_decisions(struct hh_eval *x, size_t h, struct mz_err *err)
{
    struct db *db = reg_db(x->env->reg);
    int64_t hid = x->snap->household_id[h];
    if (current_decisions(x, h, err) < 0 || ms_decisions_load(db, hid, &x->prev, err) < 0)
        return -1;
    if (!x->baseline) {
        char day[11];
        date_format(x->as_of, day);
        const struct pol_set *set = x->env->set;
        for (int i = 0; i < pol_warning_count(set); i++) {
            const struct pol_warning *r = pol_warning(set, i);
            if (r->kind != POL_WARN_BECAME_ELIGIBLE && r->kind != POL_WARN_BECAME_INELIGIBLE)
                continue;
            const char *name = pol_program_name(set, r->program);
            bool before = rows_has(&x->prev, name, 0, NULL);
            bool now = rows_has(&x->cur, name, 0, NULL);
            bool fire = r->kind == POL_WARN_BECAME_ELIGIBLE ? now && !before : before && !now;
            if (fire && raise(x, h, r, SIZE_MAX, day, before, err) < 0)
                return -1;
        }
    }
    if (rows_same(&x->prev, &x->cur))
        return 0;
    return ms_decisions_replace(db, hid, &x->cur, x->as_of, err);
}

static int household_conditions(struct hh_eval *x, size_t h, struct mz_err *err)
{
    struct db *db = reg_db(x->env->reg);
    const struct pol_set *set = x->env->set;
    int64_t hid = x->snap->household_id[h];
    size_t s = x->snap->member_start[h], e = x->snap->member_start[h + 1];
    x->cur.n = 0;
    for (int i = 0; i < pol_warning_count(set); i++) {
        const int64_t *holds = pol_results_warning(x->res, i);
        for (size_t p = s; holds && p < e; p++) {
            if (!holds[p])
                continue;
            char value[sizeof x->cur.items[0].value];
            pol_warning_values(set, x->snap, h, (int)(p - s), i, x->as_of, value, sizeof value);
            if (ms_rows_add(&x->cur, pol_warning(set, i)->name, x->person_ids[p], 0, value, err) < 0)
                return -1;
        }
    }
    if (ms_states_load(db, hid, &x->prev, err) < 0)
        return -1;
    if (!x->baseline)
        for (size_t i = 0; i < x->cur.n; i++) {
            const struct ms_row *c = &x->cur.items[i];
            if (rows_has(&x->prev, c->name, c->person_id, c->value))
                continue;
            const struct pol_warning *r = NULL;
            for (int k = 0; k < pol_warning_count(set) && !r; k++)
                if (strcmp(pol_warning(set, k)->name, c->name) == 0)
                    r = pol_warning(set, k);
            size_t p = s;
            while (p < e && x->person_ids[p] != c->person_id)
                p++;
            if (raise(x, h, r, p, c->value, false, err) < 0)
                return -1;
        }
    if (rows_same(&x->prev, &x->cur))
        return 0;
    return ms_states_replace(db, hid, &x->cur, err);
}

/* Evaluates the snapshot and applies every household of it. */
static int apply_snapshot(struct hh_eval *x, int nthreads, struct mz_err *err)
{
    struct pol_results *res = pol_eval(x->env->set, x->snap, x->as_of, nthreads, err);
    if (!res)
        return -1;
    x->res = res;
    int rc = 0;
    size_t k = 0; /* the snapshot keeps the order of x->ids */
    for (size_t h = 0; h < x->snap->nhouseholds && rc == 0; h++) {
        while (k < x->nids && x->ids[k] != x->snap->household_id[h])
            k++;
        x->records = x->id_records && k < x->nids ? x->id_records[k] : NULL;
        rc = household_decisions(x, h, err) < 0 || household_conditions(x, h, err) < 0 ? -1 : 0;
        x->counts->households++;
    }
    size_t found = 0;
    if (rc == 0 && !x->baseline)
        rc = ag_find_tx(x->env->reg, x->env->set, x->snap, x->person_ids, res, x->as_of,
                        x->raised_by, &found, err);
    x->counts->findings += (long)found;
    pol_results_free(res);
    ms_rows_free(&x->prev);
    ms_rows_free(&x->cur);
    return rc;
}

int mon_households(const struct mon_env *env, const int64_t *household_ids,
                   const char *const *records, size_t n, mz_date as_of, const char *raised_by,
                   struct mon_counts *counts, struct mz_err *err)
{
    if (n == 0)
        return 0;
    int64_t *pids = NULL;
    struct hh_eval *x = mz_calloc(1, sizeof *x);
    if (!x)
        return mz_fail(err, "out_of_memory", "内存不足");
    *x = (struct hh_eval){.env = env, .as_of = as_of, .raised_by = raised_by,
                          .ids = household_ids, .id_records = records, .nids = n,
                          .counts = counts};
    x->snap = snap_load(reg_db(env->reg), env->set,
                        &(struct snap_request){.as_of = as_of, .household_ids = household_ids,
                                               .nhouseholds = n},
                        &pids, err);
    int rc = -1;
    if (x->snap) {
        x->person_ids = pids;
        rc = x->snap->nhouseholds == 0 ? 0 : apply_snapshot(x, 1, err);
        pol_snapshot_free(x->snap);
    }
    mz_free(pids);
    mz_free(x);
    return rc;
}

int mon_sweep(const struct mon_env *env, mz_date as_of, bool baseline, struct mon_counts *counts,
              struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    /* the city from the snapshot file before taking the write lock, then
     * brought up to the rows as they are under it */
    struct snap_ahead city;
    struct mz_err ahead_err = {0}; /* on failure the city is read under the lock */
    snap_load_ahead(db, env->set, as_of, &city, &ahead_err);
    if (db_begin(db, err) < 0) {
        snap_ahead_free(&city);
        return -1;
    }
    struct hh_eval *x = mz_calloc(1, sizeof *x);
    int rc = x ? snap_catch_up(db, env->set, as_of, &city, err)
               : mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0) {
        *x = (struct hh_eval){.env = env, .as_of = as_of, .baseline = baseline,
                              .raised_by = "sweep", .counts = counts, .snap = city.snap,
                              .person_ids = city.person_ids};
        rc = apply_snapshot(x, 2, err);
    }
    snap_ahead_free(&city);
    mz_free(x);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}
