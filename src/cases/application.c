/* How a case was applied for (网上申请, 代办) and the consent to data checks
 * given with it (case.h: struct case_application). */
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "cases/internal.h"
#include "crypto/sm.h"
#include "registry/registry.h"

/* Version CASE_CONSENT_VERSION: a new text needs a new version. */
static const char consent_text[] =
    "本人申请社会救助，并授权民政部门及其委托的机构，依法向公安、人力资源社会保障、"
    "住房城乡建设、自然资源、市场监管、税务、医疗保障、金融机构等单位查询、核对本人及"
    "共同生活家庭成员的户籍、收入、财产和支出等家庭经济状况。核对结果仅用于社会救助的"
    "审核确认和动态管理。本人承诺所填信息和所交材料真实、完整，如有隐瞒或虚报，"
    "愿承担相应法律责任。";

const char *case_consent_text(void)
{
    return consent_text;
}

const char *case_channel_label(const char *channel)
{
    if (channel && strcmp(channel, "online") == 0) return "网上申请";
    if (channel && strcmp(channel, "proxy") == 0) return "代办";
    return "窗口受理";
}

int case_application_note(const struct case_application *app, char *note, size_t cap,
                          struct mz_err *err)
{
    bool proxy = app->channel && strcmp(app->channel, "proxy") == 0;
    if (!proxy && !(app->channel && strcmp(app->channel, "online") == 0))
        return mz_fail_field(err, "channel", "invalid_value", "申请方式应为网上申请或代办");
    if (proxy && (!app->consent_ref || !app->consent_ref[0]))
        return mz_fail_field(err, "consent_ref", "missing_field",
                             "代办须登记申请人签字的授权书编号（授权核对家庭经济状况）");
    if (proxy && text_check(app->consent_ref, "consent_ref", "授权书编号", 100, TEXT_NAME, err) < 0)
        return -1;
    char was[TEXT_BYTES(TEXT_MAX_NOTE) + 256];
    snprintf(was, sizeof was, "%s", note);
    if (proxy)
        snprintf(note, cap, "代办（授权书 %s）%s%s", app->consent_ref, was[0] ? "；" : "", was);
    else
        snprintf(note, cap, "网上申请%s%s", was[0] ? "；" : "", was);
    return 0;
}

int case_application_record(const struct case_env *env, int64_t case_id,
                            const struct case_application *app, const char *actor,
                            struct mz_err *err)
{
    struct application_row a = {0};
    snprintf(a.channel, sizeof a.channel, "%s", app->channel);
    snprintf(a.applied_by, sizeof a.applied_by, "%s", actor);
    snprintf(a.consent_version, sizeof a.consent_version, "%s", CASE_CONSENT_VERSION);
    snprintf(a.consent_ref, sizeof a.consent_ref, "%s", app->consent_ref ? app->consent_ref : "");
    if (sm3_hex(consent_text, strlen(consent_text), a.consent_sm3) < 0)
        return mz_fail(err, "sm3", "SM3 计算失败");
    return cs_application_insert(reg_db(env->reg), case_id, &a, err);
}
