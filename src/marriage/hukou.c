/* 结婚落户一件事 (marriage.h): at the couple's request the registration
 * opens a joined case with 公安 — the message it must receive (sealed: it
 * carries full ID numbers), its state and the deadline of
 * hukou_move_workdays working days. No 公安 system is connected: the
 * message is handed over (exported, `mz marriage hukou message`) and its
 * answers recorded by hand; when 公安 has moved the 户口, the registry
 * follows. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "crypto/sm.h"
#include "crypto/vault.h"
#include "marriage/internal.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/regstore.h"

const char *hukou_state_label(const char *state)
{
    return strcmp(state, "queued") == 0     ? "待发送公安"
           : strcmp(state, "sent") == 0     ? "已发送公安"
           : strcmp(state, "accepted") == 0 ? "公安已受理"
           : strcmp(state, "done") == 0     ? "已办结（户口已迁入）"
           : strcmp(state, "refused") == 0  ? "公安退回"
                                            : state;
}

int hukou_open_tx(const struct marriage_env *env, int64_t marriage_id, const char *cert_no,
                  mz_date day, const struct party *mover, const struct party *stay,
                  const char *actor, int64_t *id, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    int64_t to = 0, from_hh = 0;
    char rel[32] = "", from_rel[32];
    mz_date since;
    struct household_row hh, old;
    int found = rs_membership_current(db, stay->row.person_id, &to, rel, &since, err);
    if (found > 0)
        found = rs_household_get(db, to, &hh, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "hukou", "invalid_value", "对方没有户，无法迁入");
    bool has_old = mover->row.person_id &&
                   rs_membership_current(db, mover->row.person_id, &from_hh, from_rel, &since,
                                         err) > 0 &&
                   rs_household_get(db, from_hh, &old, err) > 0;
    int64_t workdays = 0;
    if (!env->set || !pol_param_lookup(env->set, "hukou_move_workdays", hh.division, hh.rural, day,
                                       &workdays) ||
        workdays <= 0)
        return mz_fail(err, "no_limit", "政策文件中没有结婚落户的办结时限（参数 hukou_move_workdays）");
    struct hukou_row k = {.marriage_id = marriage_id, .mover_sex = mover->row.sex,
                          .to_household_id = hh.id};
    mz_date due;
    if (!env->cal)
        return mz_fail(err, "no_calendar", "没有工作日历，无法计算办结时限");
    if (cal_add_working_days(env->cal, day, (int)workdays, &due, err) < 0)
        return -1;
    date_format(due, k.due);
    snprintf(k.created_by, sizeof k.created_by, "%s", actor);
    char on[11], region[7], kind[3], office[7];
    int year, seq;
    if (mar_cert_parse(cert_no, kind, office, &year, &seq, err) < 0)
        return -1;
    date_format(day, on);
    snprintf(region, sizeof region, "%.6s", mover->id.number);
    json_t *msg = json_pack(
        "{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s?, s:s}, s:{s:s, s:s, s:s, s:s}, "
        "s:{s:s, s:s}, s:s, s:s}",
        "type", "结婚落户一件事", "cert_no", cert_no, "registered_on", on, "office", office,
        "mover", "name",
        mover->row.name, "id_number", mover->id.number, "sex",
        mover->row.sex == SEX_MALE ? "男" : "女", "birth", mover->row.birth, "household_no",
        has_old ? old.hh_no : NULL, "hukou_region", region, "to", "household_no", hh.hh_no,
        "division", hh.division, "address", hh.address, "relation",
        strcmp(rel, "户主") == 0 ? "配偶" : "其他", "spouse", "name", stay->row.name, "id_number",
        stay->id.number, "due", k.due, "note",
        "本报文由民政婚姻登记系统生成，交公安机关办理户口迁移；公安办结后回复结果。");
    if (!msg)
        return mz_fail(err, "out_of_memory", "内存不足");
    char text[4096];
    size_t n = json_dumpb(msg, text, sizeof text, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(msg);
    if (n == 0 || n >= sizeof text)
        return mz_fail(err, "too_large", "落户报文过长");
    text[n] = '\0';
    unsigned char *sealed = mz_malloc(vault_sealed_len(n));
    if (!sealed)
        return mz_fail(err, "out_of_memory", "内存不足");
    int rc = vault_seal(reg_vault(env->reg), text, n, sealed) < 0
                 ? mz_fail(err, "crypto_error", "加密落户报文失败")
                 : sm3_hex(text, n, k.message_sm3) < 0 ? mz_fail(err, "sm3", "SM3 计算失败") : 0;
    if (rc == 0)
        rc = ms_hukou_insert(db, &k, sealed, vault_sealed_len(n), err);
    mz_free(sealed);
    char detail[128];
    snprintf(detail, sizeof detail, "结婚落户：迁入户 %s，办结时限 %s", hh.hh_no, k.due);
    if (rc == 0)
        rc = mar_audit(env, actor, "hukou.open", "hukou_move", k.id, detail, err);
    *id = k.id;
    return rc;
}

int hukou_message(const struct marriage_env *env, int64_t id, char **json, struct mz_err *err)
{
    *json = NULL;
    unsigned char *sealed;
    size_t n, len;
    int found = ms_hukou_message(reg_db(env->reg), id, &sealed, &n, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "结婚落户联办 %" PRId64 " 不存在", id);
    char *text = mz_malloc(n + 1);
    int rc = text ? vault_unseal(reg_vault(env->reg), sealed, n, text, n + 1, &len, err)
                  : mz_fail(err, "out_of_memory", "内存不足");
    mz_free(sealed);
    if (rc == 0)
        rc = mar_audit(env, reg_actor(env->reg), "hukou.view_message", "hukou_move", id,
                       "查看落户报文（含完整身份证号）", err);
    if (rc < 0) {
        mz_free(text);
        return -1;
    }
    *json = text;
    return 0;
}

/* The mover joins the household as its head's 配偶 (or 其他), added to the
 * registry if from elsewhere; the 户籍 follows the household's. */
static int move_in(const struct marriage_env *env, const struct hukou_row *k, mz_date day,
                   struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct mparty_row mover, stay;
    struct household_row hh;
    int found = ms_party_get(db, k->marriage_id, k->mover_sex, &mover, err);
    if (found > 0)
        found = ms_party_get(db, k->marriage_id, k->mover_sex == SEX_MALE ? SEX_FEMALE : SEX_MALE,
                             &stay, err);
    if (found > 0)
        found = rs_household_get(db, k->to_household_id, &hh, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "结婚落户联办的记录不完整");
    char number[19];
    size_t n;
    if (vault_unseal(reg_vault(env->reg), mover.id_sealed, (size_t)mover.id_sealed_len, number,
                     sizeof number, &n, err) < 0)
        return -1;
    int64_t stay_hh = 0;
    char rel[32] = "";
    mz_date since;
    if (stay.person_id &&
        rs_membership_current(db, stay.person_id, &stay_hh, rel, &since, err) < 0)
        return -1;
    struct reg_person_in in = {.id_number = number,
                               .name = mover.name,
                               .hukou = hh.rural ? "农村" : "城镇",
                               .division = hh.division,
                               .household_no = hh.hh_no,
                               .relation = stay_hh == hh.id && strcmp(rel, "户主") == 0 ? "配偶"
                                                                                        : "其他"};
    enum put_result res;
    return reg_person_put(env->reg, &in, day, &res, err);
}

int hukou_step(const struct marriage_env *env, int64_t id, const char *action, const char *note,
               mz_date day, const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct hukou_row k;
    if (day_check(day, "date", "日期", err) < 0)
        return -1;
    if (note && text_check(note, "note", "说明", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    int found = ms_hukou_get(db, id, &k, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "结婚落户联办 %" PRId64 " 不存在", id);
    static const struct {
        const char *action, *from[3], *to;
    } steps[] = {
        {"send", {"queued"}, "sent"},
        {"accept", {"sent"}, "accepted"},
        {"done", {"sent", "accepted"}, "done"},
        {"refuse", {"sent", "accepted"}, "refused"},
    };
    int s = -1;
    for (int i = 0; i < 4; i++)
        if (action && strcmp(action, steps[i].action) == 0)
            s = i;
    if (s < 0)
        return mz_fail_field(err, "action", "invalid_action",
                             "办理环节应为 send（发送公安）、accept（公安受理）、done（办结）或 "
                             "refuse（公安退回），实为“%.20s”",
                             action ? action : "");
    bool from_ok = false;
    for (int i = 0; i < 3 && steps[s].from[i]; i++)
        from_ok |= strcmp(k.state, steps[s].from[i]) == 0;
    if (!from_ok)
        return mz_fail(err, "bad_state", "结婚落户联办 %" PRId64 " 现为“%s”，不能%s", id,
                       hukou_state_label(k.state),
                       s == 0 ? "再发送" : s == 1 ? "受理" : s == 2 ? "办结" : "退回");
    if (s == 3 && (!note || !*note))
        return mz_fail_field(err, "note", "missing_text", "公安退回须写明原因");
    char on[11];
    date_format(day, on);
    snprintf(k.state, sizeof k.state, "%s", steps[s].to);
    if (s == 0)
        snprintf(k.sent_at, sizeof k.sent_at, "%s", on);
    else
        snprintf(k.answered_at, sizeof k.answered_at, "%s", on);
    if (note && *note)
        snprintf(k.answer_note, sizeof k.answer_note, "%s", note);
    char detail[160];
    snprintf(detail, sizeof detail, "%s → %s", action, k.state);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = ms_hukou_update(db, &k, err);
    if (rc == 0 && s == 2)
        rc = move_in(env, &k, day, err);
    if (rc == 0)
        rc = mar_audit(env, actor, "hukou.step", "hukou_move", id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}
