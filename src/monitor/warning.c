/* The warning lifecycle (the rules are `warning` declarations of the
 * policy files, evaluated in sweep.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "monitor/internal.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/monitorstore.h"

void mon_utf8_trim(char *s)
{
    size_t n = strlen(s), start = n;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0 || (unsigned char)s[start - 1] < 0x80)
        return;
    unsigned char lead = (unsigned char)s[start - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n - (start - 1) < need)
        s[start - 1] = '\0';
}

/* ---- lifecycle ---------------------------------------------------------- */

int mon_warning_step(struct registry *reg, int64_t id, const char *action, const char *text,
                     const char *actor, struct mz_err *err)
{
    static const struct {
        const char *action, *from[3], *to;
    } steps[] = {
        {"assign", {"open", "assigned", NULL}, "assigned"},
        {"verify", {"assigned", NULL, NULL}, "verified"},
        {"close", {"verified", NULL, NULL}, "closed"},
        {"dismiss", {"open", "assigned", "verified"}, "dismissed"},
    };
    size_t k = 0;
    while (k < sizeof steps / sizeof steps[0] && strcmp(steps[k].action, action) != 0)
        k++;
    if (k == sizeof steps / sizeof steps[0])
        return mz_fail(err, "bad_action", "未知操作“%s”（可用 assign、verify、close、dismiss）",
                       action);
    if (!text || !*text)
        return mz_fail(err, "missing_text", "操作 %s 须填写%s", action,
                       k == 0 ? "经办人" : k == 1 ? "核实情况" : k == 2 ? "办理结果" : "撤销理由");
    struct db *db = reg_db(reg);
    if (db_begin(db, err) < 0)
        return -1;
    struct ms_warning *w = mz_malloc(sizeof *w);
    if (!w) {
        db_rollback(db);
        return mz_fail(err, "out_of_memory", "内存不足");
    }
    int found = ms_warning_get(db, id, w, err);
    int rc = found;
    if (found == 0)
        rc = mz_fail(err, "not_found", "预警 %lld 不存在", (long long)id);
    if (rc > 0) {
        bool allowed = false;
        for (int i = 0; i < 3; i++)
            if (steps[k].from[i] && strcmp(steps[k].from[i], w->state) == 0)
                allowed = true;
        if (!allowed)
            rc = mz_fail(err, "bad_state", "预警 %lld 当前状态为 %s，不能执行 %s", (long long)id,
                         w->state, action);
    }
    if (rc > 0) {
        char before[16];
        snprintf(before, sizeof before, "%s", w->state);
        snprintf(w->state, sizeof w->state, "%s", steps[k].to);
        char *field = k == 0 ? w->assignee : k == 3 ? w->reason : w->outcome;
        size_t cap = k == 0 ? sizeof w->assignee : k == 3 ? sizeof w->reason : sizeof w->outcome;
        snprintf(field, cap, "%s", text);
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)id);
        struct audit_event ev = {.actor = actor,
                                 .action = "warning.step",
                                 .entity = "warning",
                                 .entity_id = idtext,
                                 .before = before,
                                 .after = w->state,
                                 .detail = action};
        rc = ms_warning_update(db, w, err) < 0 || audit_append(db, reg_vault(reg), &ev, err) < 0
                 ? -1
                 : 0;
    }
    mz_free(w);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}
