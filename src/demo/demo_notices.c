/* The demo's decision notices (demo.h: demo_notices): the notice of each
 * decided case whose decision agrees with the engine, and 免申即享 in the
 * demo accounts' county — consents given, two households confirmed (each
 * with its notice), one declined — so that the public verification page,
 * the seals and the OFD files have real records. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "autogrant/autogrant.h"
#include "base/mem.h"
#include "cases/procedure.h"
#include "demo/demo.h"
#include "notice/issue.h"
#include "registry/registry.h"
#include "store/casestore.h"
#include "store/regstore.h"

#define STREET "street:演示经办"
#define APPROVER "county:演示审核"

/* The decision steps of a case (at most a few). */
struct decisions {
    struct db *db;
    struct mz_err *err;
    int failed, n;
    struct {
        char outcome[16];
        mz_date day;
        int agrees;
    } v[4];
};

static int decision_fn(void *ctx, const struct step_row *s)
{
    struct decisions *d = ctx;
    struct decision_row row = {0};
    int found = cs_decision_get(d->db, s->id, &row, d->err);
    if (found < 0) return d->failed = 1;
    if (found == 1 && d->n < 4) {
        snprintf(d->v[d->n].outcome, sizeof d->v[d->n].outcome, "%s", row.outcome);
        d->v[d->n].day = s->day;
        d->v[d->n].agrees = row.engine_eligible == (strcmp(row.outcome, "approve") == 0);
        d->n++;
    }
    mz_free(row.explanation);
    return 0;
}

/* Issues the notice of one decision of case c: for the first of its
 * procedure's programs the decision agrees with. */
static int case_notice(struct registry *reg, const struct pol_set *set, const struct case_row *c,
                       const char *outcome, mz_date day, const struct demo_paper *paper,
                       int64_t *issued, struct mz_err *err)
{
    const struct procedure *p = proc_find(c->type);
    struct household_row h;
    int found = rs_household_get(reg_db(reg), c->household_id, &h, err);
    if (!p || !p->programs[0] || found <= 0) return found < 0 ? -1 : 0;
    char programs[128];
    snprintf(programs, sizeof programs, "%s", p->programs);
    for (char *save = NULL, *prog = strtok_r(programs, ",", &save); prog;
         prog = strtok_r(NULL, ",", &save)) {
        char out[4200];
        snprintf(out, sizeof out, "%s/案件%" PRId64 "-%s.pdf", paper->dir, c->id, prog);
        struct notice_request req = {
            .hh_no = h.hh_no,
            .program = prog,
            .decision = strcmp(outcome, "approve") == 0 ? NOTICE_APPROVE : NOTICE_REJECT,
            .as_of = day,
            .issued = day,
            .effective = MZ_DATE_NONE,
            .previous_amount = -1,
            .verify_base = paper->verify_base};
        struct notice_row row;
        struct notice_outcome o;
        if (notice_issue(reg, set, &req, paper->key_path, out, APPROVER, &row, &o, err) == 0) {
            (*issued)++;
            return 0;
        }
        if (strcmp(err->code, "contradicts_policy") != 0) return -1;
    }
    return 0;
}

static int decided_cases(struct registry *reg, const struct pol_set *set,
                         const struct demo_paper *paper, int64_t *issued, struct mz_err *err)
{
    int64_t *ids;
    size_t n;
    if (cs_case_ids(reg_db(reg), "", false, &ids, &n, err) < 0) return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct case_row c;
        struct decisions d = {.db = reg_db(reg), .err = err};
        int found = cs_case_get(reg_db(reg), ids[i], &c, err);
        if (found <= 0) {
            rc = found;
            continue;
        }
        if (cs_steps(reg_db(reg), c.id, decision_fn, &d, err) < 0 || d.failed) rc = -1;
        /* the latest decision; one against the engine has no notice of its
         * own kind (the approver's reason stands for the verdict) */
        if (rc == 0 && d.n > 0 && d.v[d.n - 1].agrees)
            rc = case_notice(reg, set, &c, d.v[d.n - 1].outcome, d.v[d.n - 1].day, paper, issued,
                             err);
    }
    mz_free(ids);
    return rc;
}

/* ---- 免申即享 in the demo accounts' county ------------------------------ */

struct findings {
    int64_t id[4];
    int64_t household[4];
    int n;
};

static int take(void *ctx, const struct finding_row *f)
{
    struct findings *l = ctx;
    l->id[l->n] = f->id;
    l->household[l->n] = f->household_id;
    return ++l->n == 4;
}

static int head_of(void *ctx, const struct member_row *m)
{
    *(int64_t *)ctx = m->person_id;
    return 1;
}

static int first_county(void *ctx, const struct member_row *m)
{
    snprintf(ctx, 7, "%.6s", m->division);
    return 1;
}

static int autogrant(struct registry *reg, const struct pol_set *set, mz_date today,
                     const struct demo_paper *paper, int64_t *issued, struct mz_err *err)
{
    char county[13] = "";
    if (rs_scan_members(reg_db(reg), today, 0, first_county, county, err) < 0) return -1;
    struct findings l = {0};
    char scope[1][13];
    snprintf(scope[0], sizeof scope[0], "%s", county);
    int rc = ags_findings(reg_db(reg), (const char(*)[13])scope, 1, "found", 0, 4, take, &l, err);
    if (rc > 0) rc = 0;
    if (rc < 0 || l.n < 3) return rc; /* too few in the county: the list shows them as found */
    char given[11];
    date_format(today - 5, given);
    for (int i = 0; rc == 0 && i < 3; i++) {
        int64_t head = 0;
        rc = rs_scan_members(reg_db(reg), today, l.household[i], head_of, &head, err) < 0 ? -1 : 0;
        if (rc == 0) rc = ag_consent(reg, head, given, "本人", STREET, err);
    }
    for (int i = 0; rc == 0 && i < 2; i++) {
        char out[4200];
        snprintf(out, sizeof out, "%s/免申即享%" PRId64 ".pdf", paper->dir, l.id[i]);
        struct ag_notice notice = {paper->key_path, out, paper->verify_base};
        struct finding_row f;
        rc = ag_confirm(reg, set, l.id[i], today - 1, &notice, STREET, &f, err);
        *issued += rc == 0;
    }
    /* the third consented and waits for the street's check; the fourth
     * declined when asked */
    if (rc == 0 && l.n == 4)
        rc = ag_refuse(reg, l.id[3], today - 2, "演示：入户询问时本人表示不需要", STREET, err);
    return rc;
}

int demo_notices(struct registry *reg, const struct pol_set *set, mz_date today,
                 const struct demo_paper *paper, int64_t *issued, struct mz_err *err)
{
    *issued = 0;
    if (decided_cases(reg, set, paper, issued, err) < 0) return -1;
    return autogrant(reg, set, today, paper, issued, err);
}
