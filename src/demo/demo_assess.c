/* 老年人能力评估 in the demo city (demo.h): two assessors of the first
 * household's community assess a sample of the persons of 60 or more
 * through the care domain — item by item, at every level, some with a
 * dementia diagnosis or care-risk events, some assessed over a year ago
 * (their reassessment overdue) — and 医保 places some of the disabled ones
 * in 长期护理保险 with a care mode. */
#include "demo/demo.h"

#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/password.h"
#include "base/mem.h"
#include "care/assess.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "policy/snapshot.h"
#include "registry/registry.h"

#define ASSESS_EVERY 53 /* one elderly person in so many */
#define ASSESS_MAX 80
#define ACTOR "community:演示评估"

static const char *const assessors[] = {"pinggu1", "pinggu2"};

bool demo_is_assessor(const char *name)
{
    return strcmp(name, assessors[0]) == 0 || strcmp(name, assessors[1]) == 0;
}

/* Scores for the k-th assessment: totals across the five bands. */
static void scores_for(const struct pol_scale *sc, int k, int *scores)
{
    static const int totals[] = {90, 80, 70, 58, 47, 40, 33, 22, 12};
    int need = sc->max_total - totals[k % (int)(sizeof totals / sizeof totals[0])];
    for (int i = 0; i < sc->nitems; i++) {
        int d = sc->items[i].hi - sc->items[i].lo < need ? sc->items[i].hi - sc->items[i].lo : need;
        scores[i] = sc->items[i].hi - d;
        need -= d;
    }
}

static int add_assessors(struct registry *reg, const char *village, struct mz_err *err)
{
    for (int i = 0; i < 2; i++) {
        char pw[17];
        if (auth_password_generate(pw, sizeof pw) < 0)
            return mz_fail(err, "internal", "无法生成演示评估员的密码");
        if (auth_user_add(reg, ACTOR, assessors[i], ROLE_COMMUNITY, village, pw, err) < 0)
            return -1;
    }
    return 0;
}

/* One assessment of person pid on day: the scores of k as text. */
static int assess_one(const struct mon_env *env, const struct pol_scale *sc, int64_t pid, int k,
                      mz_date day, struct mz_err *err)
{
    static const char *const reasons[] = {"首次", "常规", "即时", "复评"};
    int scores[64];
    if (sc->nitems > 64) return mz_fail(err, "policy_invalid", "评估量表项目过多");
    scores_for(sc, k, scores);
    struct assess_value v[80];
    char text[80][12];
    size_t n = 0;
    for (int i = 0; i < sc->nitems; i++, n++) {
        snprintf(text[n], sizeof text[n], "%d", scores[i]);
        v[n] = (struct assess_value){sc->items[i].name, text[n]};
    }
    for (int c = 0; c < sc->nconds && n < 80; c++, n++) {
        /* a dementia diagnosis every 5th, two care-risk events every 7th */
        int value = sc->conds[c].is_count ? (k % 7 == 3 ? 2 : 0) : (k % 5 == 2 && c > 0);
        snprintf(text[n], sizeof text[n], "%d", value);
        v[n] = (struct assess_value){sc->conds[c].name, text[n]};
    }
    char date[11];
    date_format(day, date);
    struct assess_in in = {pid, date, reasons[k % 4], assessors[0], assessors[1], v, n};
    struct assessment_row r;
    if (assess_record(env, &in, ACTOR, &r, err) < 0) return -1;
    /* 医保: the disabled ones under 长护险, one care mode each in turn */
    static const char *const modes[] = {"居家组合护理", "机构居家护理", "机构集中护理"};
    if (strcmp(r.final_level, "中度失能") != 0 && strcmp(r.final_level, "重度失能") != 0 &&
        strcmp(r.final_level, "完全失能") != 0)
        return 0;
    enum put_result res;
    struct reg_fact_in insured = {NULL, NULL, "ltc_insured", "是", date, "医保"};
    struct reg_fact_in mode = {NULL, NULL, "ltc_mode", modes[k % 3], date, "医保"};
    return reg_person_fact_put(env->reg, pid, &insured, &res, err) < 0 ||
                   reg_person_fact_put(env->reg, pid, &mode, &res, err) < 0
               ? -1
               : 0;
}

int demo_assessments(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                     mz_date today, int64_t *made, struct mz_err *err)
{
    *made = 0;
    const struct pol_scale *sc = assess_scale(set, err);
    if (!sc) return -1;
    int64_t *pids = NULL;
    struct pol_snapshot *snap =
        snap_load(reg_db(reg), set, &(struct snap_request){.as_of = today}, &pids, err);
    if (!snap) return -1;
    int birth = pol_input_find(set, "birth_date"), dead = pol_input_find(set, "is_dead");
    int rc = snap->nhouseholds ? add_assessors(reg, snap->division[0], err) : 0;
    struct mon_env env = {reg, set, cal};
    int k = 0;
    for (size_t h = 0; rc == 0 && h < snap->nhouseholds && k < ASSESS_MAX; h++)
        for (size_t i = snap->member_start[h]; rc == 0 && i < snap->member_start[h + 1]; i++) {
            mz_date born = (mz_date)snap->columns[birth][i];
            if (born == MZ_DATE_NONE || snap->columns[dead][i] ||
                date_age(born, today - 400) < 62 || i % ASSESS_EVERY != 0)
                continue;
            /* every fourth assessed 13 months ago: its reassessment is overdue */
            rc = assess_one(&env, sc, pids[i], k, k % 4 == 3 ? today - 396 : today - 3 - k % 60,
                            err);
            k++;
        }
    *made = k;
    mz_free(pids);
    pol_snapshot_free(snap);
    return rc;
}
