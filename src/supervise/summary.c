/* The supervision summary: findings tallied by rule and county, staff
 * relatives, spot checks (summary.h). */
#include "supervise/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/regstore.h"
#include "store/spotstore.h"
#include "store/supervisestore.h"

/* ---- tallies ------------------------------------------------------------ */

enum { RAISED, OPEN, CONFIRMED, DISMISSED, NCOUNTS };

struct tally {
    int64_t n[NCOUNTS];
    int *days; /* days from raised to closed or dismissed, one per resolved finding */
    size_t ndays, cap;
};

struct county {
    char code[7];
    struct tally t;
};

static int tally_add(struct tally *t, const struct sv_finding *f)
{
    t->n[RAISED]++;
    bool dismissed = strcmp(f->state, "dismissed") == 0;
    t->n[dismissed                                                              ? DISMISSED
         : strcmp(f->state, "verified") == 0 || strcmp(f->state, "closed") == 0 ? CONFIRMED
                                                                                : OPEN]++;
    mz_date raised = date_parse(f->raised_on), done = date_parse(f->resolved_on);
    if (raised == MZ_DATE_NONE || done == MZ_DATE_NONE)
        return 0;
    if (mz_grow(&t->days, &t->cap, t->ndays + 1, sizeof *t->days) < 0)
        return -1;
    t->days[t->ndays++] = done - raised;
    return 0;
}

static int by_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* The tally's figures into o (which it returns). */
static json_t *tally_json(json_t *o, struct tally *t)
{
    static const char *const keys[NCOUNTS] = {"raised", "open", "confirmed", "dismissed"};
    for (int k = 0; k < NCOUNTS; k++)
        json_object_set_new(o, keys[k], json_integer(t->n[k]));
    json_object_set_new(o, "resolved", json_integer((json_int_t)t->ndays));
    json_t *median = json_null(), *slowest = json_null();
    if (t->ndays) {
        qsort(t->days, t->ndays, sizeof *t->days, by_int);
        size_t m = t->ndays / 2;
        median = json_real(t->ndays % 2 ? t->days[m] : (t->days[m - 1] + t->days[m]) / 2.0);
        slowest = json_integer(t->days[t->ndays - 1]);
    }
    json_object_set_new(o, "median_days", median);
    json_object_set_new(o, "slowest_days", slowest);
    return o;
}

/* ---- labels ------------------------------------------------------------- */

void sup_actor_label(const char *actor, char *out, size_t cap)
{
    if (strncmp(actor, "user:", 5) == 0)
        snprintf(out, cap, "%s", actor + 5);
    else if (strncmp(actor, "cli:", 4) == 0)
        snprintf(out, cap, "命令行（%s）", actor + 4);
    else if (strcmp(actor, "sweep") == 0)
        snprintf(out, cap, "全市复核");
    else if (strncmp(actor, "feed:", 5) == 0)
        snprintf(out, cap, "数据推送（%s）", actor + 5);
    else if (strncmp(actor, "case:", 5) == 0)
        snprintf(out, cap, "案件 %s", actor + 5);
    else /* "county:演示监督" and other named actors: the name */
        snprintf(out, cap, "%s", strchr(actor, ':') ? strchr(actor, ':') + 1 : actor);
}

static const char *step_label(const char *step)
{
    return strcmp(step, "assign") == 0   ? "分派"
           : strcmp(step, "verify") == 0 ? "核实"
           : strcmp(step, "close") == 0  ? "办结"
           : strcmp(step, "dismiss") == 0 ? "撤销"
                                          : step;
}

/* The name of a division code, cached in names. Borrowed from names. */
static const char *division_name(struct registry *r, json_t *names, const char *code)
{
    json_t *v = json_object_get(names, code);
    if (!v) {
        struct division_row d;
        struct mz_err err = {0};
        v = json_string(rs_division_at(reg_db(r), code, date_today(), &d, &err) == 1 ? d.name
                                                                                        : code);
        json_object_set_new(names, code, v);
    }
    return json_string_value(v);
}

static const char *program_label(const struct pol_set *set, const char *name)
{
    int p = pol_program_find(set, name);
    return p >= 0 ? pol_program_label(set, p) : name;
}

/* ---- findings ----------------------------------------------------------- */

struct collect {
    struct registry *r;
    const struct pol_set *set;
    bool details;
    struct tally *rules; /* by warning rule index */
    struct county *counties;
    size_t ncounties, capc;
    json_t *seen, *names, *findings, *against;
    struct mz_err *err;
};

static int add_step(void *ctx, const char *at, const char *actor, const char *step)
{
    char by[96];
    sup_actor_label(actor, by, sizeof by);
    return json_array_append_new(ctx, json_pack("{s:s%, s:s, s:s}", "at", at, (size_t)19, "by",
                                                by, "step", step_label(step)));
}

/* A finding with its evidence and handling, for the report. */
static json_t *finding_json(struct collect *c, const struct sv_finding *f, char *county,
                            struct mz_err *err)
{
    json_t *steps = json_array();
    if (sv_steps(reg_db(c->r), f->id, add_step, steps, err) != 0) {
        json_decref(steps);
        return NULL;
    }
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
                     (json_int_t)f->id, "label", f->label, "county_name",
                     division_name(c->r, c->names, county), "household", f->hh_no, "state_label",
                     mon_warning_state_label(f->state), "raised_on", f->raised_on, "resolved_on",
                     f->resolved_on, "evidence", f->evidence, "outcome", f->outcome, "reason",
                     f->reason, "handling", steps);
}

static struct tally *county_tally(struct collect *c, const char *county)
{
    for (size_t i = 0; i < c->ncounties; i++)
        if (strcmp(c->counties[i].code, county) == 0)
            return &c->counties[i].t;
    if (mz_grow(&c->counties, &c->capc, c->ncounties + 1, sizeof *c->counties) < 0)
        return NULL;
    struct county *k = &c->counties[c->ncounties++];
    memset(k, 0, sizeof *k);
    snprintf(k->code, sizeof k->code, "%s", county);
    return &k->t;
}

/* Whether rule w is listed with the approvals against the engine: the
 * approved-against rule itself, and one hand deciding a case it also
 * accepted, investigated or posted (supervision.pol). */
static bool is_against(const struct pol_warning *w)
{
    return w->kind == POL_WARN_APPROVED_AGAINST || strcmp(w->name, "one_hand_case") == 0;
}

static int on_finding(void *ctx, const struct sv_finding *f)
{
    struct collect *c = ctx;
    int n = pol_warning_count(c->set), i = 0;
    while (i < n && strcmp(pol_warning(c->set, i)->name, f->rule) != 0)
        i++;
    const struct pol_warning *w = i < n ? pol_warning(c->set, i) : NULL;
    if (!w || !(w->supervision || w->kind == POL_WARN_APPROVED_AGAINST))
        return 0;
    char key[24], county[7];
    snprintf(key, sizeof key, "%lld", (long long)f->id);
    if (json_object_get(c->seen, key)) /* found under two prefixes of the scope */
        return 0;
    json_object_set_new(c->seen, key, json_true());
    snprintf(county, sizeof county, "%.6s", f->office);
    struct tally *t = county_tally(c, county);
    if (!t || tally_add(&c->rules[i], f) < 0 || tally_add(t, f) < 0)
        return -1;
    if (!c->details)
        return 0;
    bool handled = strcmp(f->state, "verified") == 0 || strcmp(f->state, "closed") == 0 ||
                   strcmp(f->state, "dismissed") == 0;
    for (int list = 0; list < 2; list++) {
        if (list == 0 ? !handled : !is_against(w))
            continue;
        json_t *o = finding_json(c, f, county, c->err);
        if (!o || json_array_append_new(list == 0 ? c->findings : c->against, o) < 0)
            return -1;
    }
    return 0;
}

/* ---- staff relatives and spot checks ------------------------------------ */

struct kin_ctx {
    struct collect *c;
    json_t *rows;
    int64_t filed, unfiled;
};

static int on_kin(void *ctx, const struct sv_kin *k)
{
    struct kin_ctx *x = ctx;
    char programs[512] = "", *save = NULL, list[512];
    snprintf(list, sizeof list, "%s", k->programs);
    for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        size_t len = strlen(programs);
        snprintf(programs + len, sizeof programs - len, "%s%s", len ? "、" : "",
                 program_label(x->c->set, p));
    }
    if (k->filed)
        x->filed++;
    else
        x->unfiled++;
    return json_array_append_new(
        x->rows, json_pack("{s:s, s:s, s:s, s:I, s:b, s:s}", "household", k->hh_no, "county_name",
                           division_name(x->c->r, x->c->names, k->county), "programs", programs,
                           "members", (json_int_t)k->members, "filed", k->filed > 0,
                           "filed_label", k->filed ? "已按近亲属备案" : "未备案"));
}

struct spot_ctx {
    struct registry *r;
    const struct pol_set *set;
    json_t *rows, *seen, *names;
};

static json_t *spot_json(struct registry *r, const struct pol_set *set, json_t *names,
                         const struct spot_check_row *s)
{
    char by[96];
    sup_actor_label(s->drawn_by, by, sizeof by);
    int64_t pending = s->sample - s->passed - s->failed - s->unchecked;
    return json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:s%, s:s, s:I, s:I, s:I, s:I, s:I, "
                     "s:I}",
                     "id", (json_int_t)s->id, "program", s->program, "program_label",
                     program_label(set, s->program), "division_name",
                     division_name(r, names, s->division), "share", s->share, "seed", s->seed,
                     "as_of", s->as_of, "drawn_at", s->drawn_at, (size_t)10, "drawn_by", by,
                     "population", (json_int_t)s->population, "sample", (json_int_t)s->sample,
                     "passed", (json_int_t)s->passed, "failed", (json_int_t)s->failed,
                     "unchecked", (json_int_t)s->unchecked, "pending", (json_int_t)pending);
}

json_t *sup_spot_check_json(struct registry *r, const struct pol_set *set,
                            const struct spot_check_row *s)
{
    json_t *names = json_object(), *o = spot_json(r, set, names, s);
    json_decref(names);
    return o;
}

static int on_spot(void *ctx, const struct spot_check_row *s)
{
    struct spot_ctx *x = ctx;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)s->id);
    if (json_object_get(x->seen, key))
        return 0;
    json_object_set_new(x->seen, key, json_true());
    return json_array_append_new(x->rows, spot_json(x->r, x->set, x->names, s));
}

json_t *sup_spot_checks(struct registry *r, const struct pol_set *set, const struct sup_query *q,
                        struct mz_err *err)
{
    struct spot_ctx x = {r, set, json_array(), json_object(), json_object()};
    int rc = 0;
    for (int i = 0; i < q->nscope && rc == 0; i++)
        rc = ss_list(reg_db(r), q->scope[i], q->from, q->to, on_spot, &x, err);
    json_decref(x.seen);
    json_decref(x.names);
    if (rc != 0) {
        if (rc > 0 || !err->code[0])
            mz_fail(err, "out_of_memory", "内存不足");
        json_decref(x.rows);
        return NULL;
    }
    return x.rows;
}

/* ---- the summary -------------------------------------------------------- */

json_t *sup_summary(struct registry *r, const struct pol_set *set, const struct sup_query *q,
                    bool details, struct mz_err *err)
{
    int nrules = pol_warning_count(set);
    struct collect c = {.r = r,
                        .set = set,
                        .details = details,
                        .rules = mz_calloc((size_t)nrules + 1, sizeof *c.rules),
                        .seen = json_object(),
                        .names = json_object(),
                        .findings = json_array(),
                        .against = json_array(),
                        .err = err};
    struct kin_ctx kin = {&c, json_array(), 0, 0};
    struct db *db = reg_db(r);
    int rc = c.rules ? 0 : mz_fail(err, "out_of_memory", "内存不足");
    for (int i = 0; i < q->nscope && rc == 0; i++)
        rc = sv_findings(db, q->scope[i], q->from, q->to, on_finding, &c, err);
    for (int i = 0; i < q->nscope && rc == 0; i++)
        rc = sv_staff_kin(db, q->scope[i], q->to, on_kin, &kin, err);
    if (rc > 0 || (rc < 0 && !err->code[0]))
        rc = mz_fail(err, "out_of_memory", "内存不足");
    json_t *spots = rc == 0 ? sup_spot_checks(r, set, q, err) : NULL, *out = NULL;
    if (!spots)
        rc = -1;
    if (rc == 0) {
        json_t *rules = json_array(), *counties = json_array();
        for (int i = 0; i < nrules; i++) {
            const struct pol_warning *w = pol_warning(set, i);
            if (w->supervision || w->kind == POL_WARN_APPROVED_AGAINST)
                json_array_append_new(rules, tally_json(json_pack("{s:s, s:s, s:s}", "rule",
                                                                  w->name, "label", w->label,
                                                                  "severity", w->severity),
                                                        &c.rules[i]));
        }
        for (size_t i = 0; i < c.ncounties; i++)
            json_array_append_new(
                counties, tally_json(json_pack("{s:s, s:s}", "county", c.counties[i].code,
                                               "county_name",
                                               division_name(r, c.names, c.counties[i].code)),
                                     &c.counties[i].t));
        out = json_pack("{s:s, s:s, s:o, s:o, s:O, s:I, s:I, s:O}", "from", q->from, "to", q->to,
                        "rules", rules, "counties", counties, "staff_relatives", kin.rows,
                        "staff_relatives_filed", (json_int_t)kin.filed,
                        "staff_relatives_unfiled", (json_int_t)kin.unfiled, "spot_checks",
                        spots);
        if (out && details) {
            json_object_set(out, "findings", c.findings);
            json_object_set(out, "against", c.against);
        }
        if (!out)
            mz_fail(err, "out_of_memory", "内存不足");
    }
    for (int i = 0; c.rules && i < nrules; i++)
        mz_free(c.rules[i].days);
    for (size_t i = 0; i < c.ncounties; i++)
        mz_free(c.counties[i].t.days);
    mz_free(c.rules);
    mz_free(c.counties);
    json_decref(c.seen);
    json_decref(c.names);
    json_decref(c.findings);
    json_decref(c.against);
    json_decref(kin.rows);
    json_decref(spots);
    return out;
}
