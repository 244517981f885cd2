/* The warning lifecycle (the rules are `warning` declarations of the
 * policy files, evaluated in sweep.c). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "cases/case.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/regstore.h"

/* ---- lifecycle ---------------------------------------------------------- */

/* The lifecycle: an action, the states it may leave, the state it enters,
 * what its text is and the field of the warning that keeps it. */
#define FIELD(f) offsetof(struct ms_warning, f), sizeof((struct ms_warning *)0)->f
static const struct {
    const char *action, *from[3], *to, *text;
    size_t field, cap;
} steps[] = {
    {"assign", {"open", "assigned", NULL}, "assigned", "经办人", FIELD(assignee)},
    {"verify", {"assigned", NULL, NULL}, "verified", "核实情况", FIELD(finding)},
    {"close", {"verified", NULL, NULL}, "closed", "办理结果", FIELD(outcome)},
    {"dismiss", {"open", "assigned", "verified"}, "dismissed", "撤销理由", FIELD(reason)},
};
#undef FIELD
#define NSTEPS (sizeof steps / sizeof steps[0])

/* Takes step k of warning w (loaded) inside the caller's transaction:
 * checks the state, writes the warning and its audit entry. */
static int apply_step(struct registry *reg, struct ms_warning *w, size_t k, const char *text,
                      const char *actor, struct mz_err *err)
{
    bool allowed = false;
    for (int i = 0; i < 3; i++)
        if (steps[k].from[i] && strcmp(steps[k].from[i], w->state) == 0)
            allowed = true;
    if (!allowed)
        return mz_fail(err, "bad_state", "预警 %lld 当前状态为 %s（%s），不能执行 %s",
                       (long long)w->id, w->state, mon_warning_state_label(w->state),
                       steps[k].action);
    char before[16];
    snprintf(before, sizeof before, "%s", w->state);
    snprintf(w->state, sizeof w->state, "%s", steps[k].to);
    snprintf((char *)w + steps[k].field, steps[k].cap, "%s", text);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)w->id);
    struct audit_event ev = {.actor = actor,
                             .action = "warning.step",
                             .entity = "warning",
                             .entity_id = idtext,
                             .before = before,
                             .after = w->state,
                             .detail = steps[k].action};
    return ms_warning_update(reg_db(reg), w, err) < 0 ||
                   audit_append(reg_db(reg), reg_vault(reg), &ev, err) < 0
               ? -1
               : 0;
}

/* Loads warning id into a new buffer (the caller frees): 1, or -1 with
 * "not_found" when there is none. */
static int load_warning(struct db *db, int64_t id, struct ms_warning **out, struct mz_err *err)
{
    if (!(*out = mz_malloc(sizeof **out)))
        return mz_fail(err, "out_of_memory", "内存不足");
    int found = ms_warning_get(db, id, *out, err);
    if (found == 0)
        return mz_fail(err, "not_found", "预警 %lld 不存在", (long long)id);
    return found;
}

int mon_warning_step(struct registry *reg, int64_t id, const char *action, const char *text,
                     const char *actor, struct mz_err *err)
{
    size_t k = 0;
    while (k < NSTEPS && strcmp(steps[k].action, action) != 0)
        k++;
    if (k == NSTEPS)
        return mz_fail(err, "bad_action", "未知操作“%s”（可用 assign、verify、close、dismiss）",
                       action);
    if (!text || !*text)
        return mz_fail(err, "missing_text", "操作 %s 须填写%s", action, steps[k].text);
    if (k == 0 ? text_check(text, "text", steps[k].text, TEXT_MAX_NAME, TEXT_NAME, err) < 0
               : text_check(text, "text", steps[k].text, TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    struct db *db = reg_db(reg);
    if (db_begin(db, err) < 0)
        return -1;
    struct ms_warning *w;
    int rc = load_warning(db, id, &w, err) < 0 || apply_step(reg, w, k, text, actor, err) < 0
                 ? -1
                 : db_commit(db, err);
    mz_free(w);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

int mon_warning_case(const struct case_env *env, int64_t warning_id, const char *type,
                     const char *actor, const char *assignee, mz_date day, int64_t *case_id,
                     struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    if (db_begin(db, err) < 0)
        return -1;
    struct ms_warning *w;
    struct household_row h;
    int64_t linked = 0;
    int rc = load_warning(db, warning_id, &w, err) < 0 ||
                     ms_case_of_warning(db, warning_id, &linked, err) < 0 ||
                     rs_household_get(db, w->household_id, &h, err) < 0
                 ? -1
                 : 0;
    if (rc == 0 && linked)
        rc = mz_fail(err, "already_linked", "预警 %lld 已转立案（案件 %lld）", (long long)warning_id,
                     (long long)linked);
    if (rc == 0 && (strcmp(w->state, "closed") == 0 || strcmp(w->state, "dismissed") == 0))
        rc = mz_fail(err, "warning_closed", "预警 %lld %s，不能再转立案", (long long)warning_id,
                     mon_warning_state_label(w->state));
    char note[256];
    if (rc == 0) {
        snprintf(note, sizeof note, "由预警 %lld（%s）转立案", (long long)warning_id, w->label);
        struct case_open_in in = {.type = type,
                                  .household_no = h.hh_no,
                                  .actor = actor,
                                  .note = note,
                                  .day = day};
        rc = case_open_tx(env, &in, case_id, err) < 0 ||
                     ms_case_link(db, *case_id, warning_id, err) < 0 ||
                     (strcmp(w->state, "open") == 0 && apply_step(env->reg, w, 0, assignee, actor,
                                                                   err) < 0)
                 ? -1
                 : db_commit(db, err);
    }
    mz_free(w);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

static const char *const state_labels[][2] = {
    {"open", "待处理"},   {"assigned", "已分派"}, {"verified", "已核实"},
    {"closed", "已办结"}, {"dismissed", "已撤销"},
};

const char *mon_warning_state_label(const char *state)
{
    for (size_t i = 0; i < sizeof state_labels / sizeof state_labels[0]; i++)
        if (strcmp(state_labels[i][0], state) == 0)
            return state_labels[i][1];
    return state;
}

bool mon_warning_state_known(const char *state)
{
    for (size_t i = 0; i < sizeof state_labels / sizeof state_labels[0]; i++)
        if (strcmp(state_labels[i][0], state) == 0)
            return true;
    return false;
}
