/* Naming and renaming cases (placename.h): applied → approved → done
 * (filed and announced), or rejected; each step audited with the case. */
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "cases/case.h"
#include "cases/procedure.h"
#include "placename/internal.h"
#include "registry/pinyin.h"
#include "registry/registry.h"

static const struct proc_limit filing_limit = {"placename_filing_days", UNIT_DAYS,
                                               "《地名管理条例》第十三条"};
static const struct proc_limit notice_limit = {"placename_notice_days", UNIT_DAYS,
                                               "《地名管理条例》第十四条"};

/* Canonical text of a case for the audit digests (no personal data). */
static void canon(const struct placecase_row *c, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s|%lld|%s|%s|%s|%s|%s|%s", c->kind, (long long)c->placename_id,
             c->new_name, c->state, c->approved_on, c->document, c->filed_on, c->announced_on);
}

/* Writes c (state changed from `before`) and its audit entry, in one
 * transaction, with the place name p when it is not NULL. */
static int save(const struct pn_env *env, const struct placecase_row *before,
                const struct placecase_row *c, const struct placename_row *p,
                const char *action, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    char was[4096], now[4096];
    canon(before, was, sizeof was);
    canon(c, now, sizeof now);
    if (db_begin(db, err) < 0)
        return -1;
    if ((p && pls_placename_update(db, p, err) < 0) || pls_case_update(db, c, err) < 0 ||
        pn_audit(env, action, "placename_case", c->id, was, now, err) < 0 ||
        db_commit(db, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

/* The case of id in one of the states (a space-separated list), or a
 * refusal naming the step and the article. */
static int case_in(const struct pn_env *env, int64_t id, const char *states, const char *step,
                   const char *article, struct placecase_row *c, struct mz_err *err)
{
    int found = pls_case_get(reg_db(env->reg), id, c, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail(err, "not_found", "地名命名更名案件 %lld 不存在",
                                   (long long)id);
    char padded[64];
    snprintf(padded, sizeof padded, " %s ", c->state);
    char list[64];
    snprintf(list, sizeof list, " %s ", states);
    if (!strstr(list, padded))
        return mz_fail(err, "wrong_state", "案件 %lld 当前为“%s”，不能%s（%s）", (long long)id,
                       pn_case_state_label(c->state), step, article);
    return 0;
}

static int check_day(const struct placecase_row *c, mz_date day, const char *after,
                     const char *label, struct mz_err *err)
{
    if (day == MZ_DATE_NONE)
        return mz_fail_field(err, "date", "invalid_date", "日期应为 YYYY-MM-DD");
    if (day > date_today())
        return mz_fail_field(err, "date", "invalid_date", "%s日期不能晚于今天", label);
    if (*after && day < date_parse(after))
        return mz_fail_field(err, "date", "invalid_date", "%s日期不能早于 %s", label, after);
    (void)c;
    return 0;
}

int pn_case_open(const struct pn_env *env, const char *kind, int64_t placename_id,
                 const struct pn_input *in, const char *reasons, const char *applicant,
                 mz_date day, int64_t *id, struct mz_err *err)
{
    bool rename = kind && strcmp(kind, "rename") == 0;
    if (!kind || (!rename && strcmp(kind, "name") != 0))
        return mz_fail_field(err, "kind", "invalid_value", "案件类别应为 name（命名）或 rename（更名）");
    if (!reasons || !*reasons || !applicant || !*applicant)
        return mz_fail_field(err, !reasons || !*reasons ? "reasons" : "applicant",
                             "missing_field",
                             "申请书应写明命名、更名的方案及理由和申请单位（《地名管理条例》第十一条）");
    if (text_check(reasons, "reasons", "方案及理由", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0 ||
        text_check(applicant, "applicant", "申请单位", TEXT_MAX_NOTE, TEXT_NAME, err) < 0)
        return -1;
    if (day == MZ_DATE_NONE || day > date_today())
        return mz_fail_field(err, "date", "invalid_date", "申请日期应为不晚于今天的 YYYY-MM-DD");
    struct db *db = reg_db(env->reg);
    struct pinyin *py;
    struct placename_row p, old;
    struct placecase_row c = {.placename_id = placename_id};
    if (pinyin_open(&py, err) < 0)
        return -1;
    int rc = -1;
    if (rename) {
        int64_t open_id = 0;
        int found = pls_placename_get(db, placename_id, &old, err);
        if (found <= 0) {
            if (!found)
                mz_fail_field(err, "placename_id", "not_found", "地名 %lld 不存在",
                              (long long)placename_id);
            goto out_close;
        }
        if (strcmp(old.status, "standard") != 0) {
            mz_fail(err, "wrong_state", "“%s”是%s，只有标准地名可以更名（《地名管理条例》第十条）",
                    old.name, pn_status_label(old.status));
            goto out_close;
        }
        if (pls_case_open_for(db, placename_id, &open_id, err) < 0)
            goto out_close;
        if (open_id) {
            mz_fail(err, "wrong_state", "“%s”已有未办结的案件 %lld", old.name, (long long)open_id);
            goto out_close;
        }
        struct pn_input moved = {.name = in->name, .class_ = old.class_, .division = old.division,
                                 .homophone_reason = in->homophone_reason};
        if (in->name && strcmp(in->name, old.name) == 0) {
            mz_fail_field(err, "name", "invalid_value", "新名称与现名称相同");
            goto out_close;
        }
        struct placename_row probe;
        if (pn_prepare(env, py, &moved, "standard", &probe, err) < 0)
            goto out_close;
        snprintf(c.old_name, sizeof c.old_name, "%s", old.name);
        snprintf(c.division, sizeof c.division, "%s", old.division);
    } else {
        if (pn_prepare(env, py, in, "proposed", &p, err) < 0)
            goto out_close;
        snprintf(c.division, sizeof c.division, "%s", in->division);
    }
    snprintf(c.kind, sizeof c.kind, "%s", rename ? "rename" : "name");
    snprintf(c.new_name, sizeof c.new_name, "%s", in->name);
    snprintf(c.reasons, sizeof c.reasons, "%s", reasons);
    snprintf(c.applicant, sizeof c.applicant, "%s", applicant);
    date_format(day, c.opened_on);
    snprintf(c.opened_by, sizeof c.opened_by, "%s", reg_actor(env->reg));
    if (db_begin(db, err) < 0)
        goto out_close;
    if ((!rename && pls_placename_add(db, &p, &c.placename_id, err) < 0) ||
        pls_case_add(db, &c, id, err) < 0 ||
        pn_audit(env, "placename_case.open", "placename_case", *id, NULL, c.new_name, err) < 0 ||
        db_commit(db, err) < 0) {
        db_rollback(db);
        goto out_close;
    }
    rc = 0;
out_close:
    pinyin_close(py);
    return rc;
}

int pn_case_approve(const struct pn_env *env, int64_t id, mz_date day, const char *approved_by,
                    const char *document, struct mz_err *err)
{
    struct placecase_row c, before;
    struct placename_row p;
    if (case_in(env, id, "applied", "批准", "《地名管理条例》第十二条", &c, err) < 0 ||
        check_day(&c, day, c.opened_on, "批准", err) < 0)
        return -1;
    if (!approved_by || !*approved_by || !document || !*document)
        return mz_fail_field(err, !approved_by || !*approved_by ? "approved_by" : "document",
                             "missing_field",
                             "批准须写明批准机关和批准文号（《地名管理条例》第十二条；公告须列明批准机关"
                             "和批准时间）");
    if (text_check(approved_by, "approved_by", "批准机关", TEXT_MAX_NOTE, TEXT_NAME, err) < 0 ||
        text_check(document, "document", "批准文号", TEXT_MAX_NOTE, TEXT_NAME, err) < 0)
        return -1;
    int found = pls_placename_get(reg_db(env->reg), c.placename_id, &p, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "案件的地名记录不存在");
    const struct pn_class *cls = pn_class_find(p.class_);
    struct case_env cenv = {env->reg, env->cal, env->policies};
    mz_date filing, notice = MZ_DATE_NONE;
    if (case_limit_end(&cenv, &filing_limit, c.division, day, &filing, err) < 0 ||
        (!(cls && cls->by_department) &&
         case_limit_end(&cenv, &notice_limit, c.division, day, &notice, err) < 0))
        return -1;
    before = c;
    snprintf(c.state, sizeof c.state, "approved");
    date_format(day, c.approved_on);
    snprintf(c.approved_by, sizeof c.approved_by, "%s", approved_by);
    snprintf(c.document, sizeof c.document, "%s", document);
    date_format(filing, c.filing_due);
    if (notice != MZ_DATE_NONE)
        date_format(notice, c.notice_due);
    if (strcmp(c.kind, "rename") == 0) {
        struct pinyin *py;
        if (pinyin_open(&py, err) < 0)
            return -1;
        char history[sizeof p.history + 2048];
        snprintf(history, sizeof history, "%s%s%s 由“%s”更名为“%s”（%s %s）", p.history,
                 p.history[0] ? "\n" : "", c.approved_on, p.name, c.new_name, approved_by,
                 document);
        int rc = pn_parts(py, c.new_name, &p);
        pinyin_close(py);
        if (rc < 0)
            return mz_fail_field(err, "name", "invalid_value", "无法转写“%s”的拼音", c.new_name);
        /* the newest line is kept whole: older ones give way */
        size_t len = strlen(history), keep = sizeof p.history - 1;
        const char *from = len > keep ? history + len - keep : history;
        while (((unsigned char)*from & 0xC0) == 0x80)
            from++;
        memcpy(p.history, from, strlen(from) + 1);
    }
    snprintf(p.status, sizeof p.status, "standard");
    snprintf(p.named_on, sizeof p.named_on, "%s", c.approved_on);
    snprintf(p.approved_by, sizeof p.approved_by, "%s", approved_by);
    snprintf(p.document, sizeof p.document, "%s", document);
    return save(env, &before, &c, &p, "placename_case.approve", err);
}

/* Filing or announcement: records the day; done when both are in. */
static int record_step(const struct pn_env *env, int64_t id, mz_date day, bool filing,
                       struct mz_err *err)
{
    struct placecase_row c, before;
    const char *step = filing ? "报送备案" : "向社会公告";
    if (case_in(env, id, "approved", step,
                filing ? "《地名管理条例》第十三条：批准后报送备案"
                       : "《地名管理条例》第十四条：批准后向社会公告",
                &c, err) < 0 ||
        check_day(&c, day, c.approved_on, step, err) < 0)
        return -1;
    char *slot = filing ? c.filed_on : c.announced_on;
    if (*slot)
        return mz_fail(err, "wrong_state", "案件 %lld 已于 %s %s", (long long)id, slot, step);
    before = c;
    date_format(day, slot);
    /* a department's name: announced within the days after filing (art 14) */
    if (filing && !*c.notice_due) {
        struct case_env cenv = {env->reg, env->cal, env->policies};
        mz_date notice;
        if (case_limit_end(&cenv, &notice_limit, c.division, day, &notice, err) < 0)
            return -1;
        date_format(notice, c.notice_due);
    }
    if (*c.filed_on && *c.announced_on)
        snprintf(c.state, sizeof c.state, "done");
    return save(env, &before, &c, NULL, filing ? "placename_case.file" : "placename_case.announce",
                err);
}

int pn_case_file(const struct pn_env *env, int64_t id, mz_date day, struct mz_err *err)
{
    return record_step(env, id, day, true, err);
}

int pn_case_announce(const struct pn_env *env, int64_t id, mz_date day, struct mz_err *err)
{
    return record_step(env, id, day, false, err);
}

int pn_case_reject(const struct pn_env *env, int64_t id, mz_date day, const char *reason,
                   struct mz_err *err)
{
    struct placecase_row c, before;
    struct placename_row p;
    if (case_in(env, id, "applied", "不予批准", "《地名管理条例》第十二条", &c, err) < 0 ||
        check_day(&c, day, c.opened_on, "不予批准", err) < 0)
        return -1;
    if (!reason || !*reason)
        return mz_fail_field(err, "reason", "missing_field", "不予批准须写明理由");
    if (text_check(reason, "reason", "理由", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    before = c;
    snprintf(c.state, sizeof c.state, "rejected");
    snprintf(c.reject_reason, sizeof c.reject_reason, "%s", reason);
    bool proposed = strcmp(c.kind, "name") == 0;
    if (proposed) {
        int found = pls_placename_get(reg_db(env->reg), c.placename_id, &p, err);
        if (found <= 0)
            return found < 0 ? -1 : mz_fail(err, "not_found", "案件的地名记录不存在");
        snprintf(p.status, sizeof p.status, "abolished");
    }
    return save(env, &before, &c, proposed ? &p : NULL, "placename_case.reject", err);
}
