/* Disability commands: mz disability consent|enrol (免申即享 of the
 * 残疾人两项补贴), refer|progress|referrals (精康融合行动) and
 * care|care-end|cares (重度残疾人托养). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli.h"
#include "autogrant/autogrant.h"
#include "disability/rehab.h"
#include "disability/tuoyang.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/childstore.h"

static const char disability_usage[] =
    "用法：mz disability consent --id 身份证号 --date D --by 本人|监护人 [--as 账户]\n"
    "                                        登记免申即享授权（此后按残联数据自动纳入两项补贴）\n"
    "      mz disability enrol [--date D] [--as 账户]\n"
    "                                        已授权且符合条件者自动纳入两项补贴（自符合条件之月起）\n"
    "      mz disability refer --id 身份证号 --date D --service 社区康复服务机构 [--as 账户]\n"
    "                                        精康融合行动：严重精神障碍患者转介社区康复服务\n"
    "      mz disability progress --referral 转介号 --date D --state received|in_rehab|closed\n"
    "                             [--note 情况] [--as 账户]   登记转介进展\n"
    "      mz disability referrals [--division 区划] [--as 账户]   转介及其进展状态\n"
    "      mz disability care --id 身份证号 --provider 机构编号 --mode 寄宿|日间 --date D [--as 账户]\n"
    "                                        重度残疾人托养安置（纳入托养补贴发放）\n"
    "      mz disability care-end --id 身份证号 --date D [--as 账户]   结束托养\n"
    "      mz disability cares [--division 区划] [--as 账户]       托养安置名单\n";

struct cli_disability {
    const char *id, *date, *by, *service, *referral, *state, *note, *division, *provider, *mode;
    struct registry *reg;
    struct cli_mon_data data;
    struct auth_user user;
    char actor[80];
};

/* Puts the option of the field at fault in front of err's message. */
static int name_option(struct mz_err *err)
{
    if (!err->field[0]) return -1;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "--%s：%.400s",
             strcmp(err->field, "given_on") == 0   ? "date"
             : strcmp(err->field, "given_by") == 0 ? "by"
             : strcmp(err->field, "person") == 0   ? "id"
             : strcmp(err->field, "referred_on") == 0 || strcmp(err->field, "on_day") == 0 ? "date"
             : strcmp(err->field, "id") == 0 && strcmp(err->code, "not_found") == 0 ? "referral"
             : strcmp(err->field, "start_on") == 0 || strcmp(err->field, "end_on") == 0 ? "date"
                                                   : err->field,
             err->msg);
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    return -1;
}

/* The person of an ID number (masked in the message when unknown). */
static int person_of(struct registry *reg, const char *id, int64_t *pid, struct mz_err *err)
{
    int found = reg_person_find(reg, id, pid, err);
    if (found < 0) return -1;
    char masked[19];
    idcard_mask(id, masked);
    return found ? 0 : mz_fail_field(err, "id", "unknown_person", "没有身份证号为 %s 的人员", masked);
}

static int consent(struct registry *reg, const struct auth_user *user, const char *id,
                   const char *date, const char *by, const char *actor, struct mz_err *err)
{
    if (user->name[0] && !auth_role_can_write(user->role))
        return mz_fail(err, "read_only", "账户“%s”只能查看，不能登记授权", user->name);
    int64_t pid;
    char masked[19];
    idcard_mask(id, masked);
    if (person_of(reg, id, &pid, err) < 0 || ag_consent(reg, pid, date, by, actor, err) < 0)
        return -1;
    printf("已登记 %s 的免申即享授权（%s，%s）\n", masked, by, date);
    return 0;
}

static int print_progress(void *ctx, const struct rehab_progress_row *p)
{
    (void)ctx;
    printf("    %s\t%s\t%s\n", p->on_day, rehab_state_label(p->state), p->note);
    return 0;
}

static int print_referral(void *ctx, const struct rehab_row *r)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\t转介 %s\t%s\n", r->id, r->division, r->name,
           r->id_masked, r->service, r->referred_on, rehab_state_label(r->state));
    return 0;
}

static int referrals(struct registry *reg, const struct auth_user *user, const char *division,
                     struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = cli_scope_prefixes(user, division, prefixes, err);
    if (n < 0) return -1;
    return chs_rehab_list(reg_db(reg), (const char(*)[13])prefixes, n, print_referral, NULL, err) != 0
               ? -1
               : 0;
}

static int rehab(struct cli_disability *d, const char *sub, struct mz_err *err)
{
    if (strcmp(sub, "referrals") == 0) return referrals(d->reg, &d->user, d->division, err);
    if (d->user.name[0] && !auth_role_can_write(d->user.role))
        return mz_fail(err, "read_only", "账户“%s”只能查看，不能登记", d->user.name);
    int64_t id;
    if (strcmp(sub, "refer") == 0) {
        int64_t pid;
        if (person_of(d->reg, d->id, &pid, err) < 0 ||
            rehab_refer(d->reg, d->data.set, pid, d->date, d->service, d->actor, &id, err) < 0)
            return -1;
        printf("已登记康复转介 %" PRId64 "\n", id);
        return 0;
    }
    char *end;
    id = d->referral ? strtoll(d->referral, &end, 10) : 0;
    if (!d->referral || *end || id <= 0)
        return mz_fail_field(err, "referral", "invalid_value", "转介号应为正整数，实为“%.20s”",
                             d->referral ? d->referral : "");
    if (rehab_progress(d->reg, id, d->date, d->state, d->note, d->actor, err) < 0) return -1;
    printf("已登记转介 %" PRId64 " 的进展：\n", id);
    return chs_rehab_progress_of(reg_db(d->reg), id, print_progress, NULL, err) != 0 ? -1 : 0;
}

static int print_care(void *ctx, const struct tuoyang_row *t)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t%s托养\t%s 起%s%s\n", t->division, t->name, t->id_masked, t->provider,
           t->mode, t->start_on, t->end_on[0] ? "，至 " : "", t->end_on);
    return 0;
}

static int care(struct cli_disability *d, const char *sub, struct mz_err *err)
{
    if (strcmp(sub, "cares") == 0) {
        char prefixes[AUTH_SCOPE_MAX][13];
        int n = cli_scope_prefixes(&d->user, d->division, prefixes, err);
        if (n < 0) return -1;
        return chs_tuoyang_list(reg_db(d->reg), (const char(*)[13])prefixes, n, print_care, NULL,
                                err) != 0
                   ? -1
                   : 0;
    }
    if (d->user.name[0] && !auth_role_can_write(d->user.role))
        return mz_fail(err, "read_only", "账户“%s”只能查看，不能登记", d->user.name);
    int64_t pid, id;
    if (person_of(d->reg, d->id, &pid, err) < 0) return -1;
    if (strcmp(sub, "care-end") == 0) {
        if (ty_end(d->reg, pid, d->date, d->actor, err) < 0) return -1;
        puts("已结束托养");
        return 0;
    }
    char *end;
    int64_t provider = d->provider ? strtoll(d->provider, &end, 10) : 0;
    if (!d->provider || *end || provider <= 0)
        return mz_fail_field(err, "provider", "invalid_value", "机构编号应为正整数，实为“%.20s”",
                             d->provider ? d->provider : "");
    if (ty_place(d->reg, d->data.set, pid, provider, d->mode, d->date, d->actor, &id, err) < 0)
        return -1;
    printf("已登记托养安置 %" PRId64 "\n", id);
    return 0;
}

int cmd_disability(struct cli *c)
{
    const char *sub = c->nargs == 1 ? c->args[0] : "";
    bool ok = (strcmp(sub, "consent") == 0 && cli_opt(c, "id", NULL)) ||
              strcmp(sub, "enrol") == 0 || (strcmp(sub, "refer") == 0 && cli_opt(c, "id", NULL)) ||
              strcmp(sub, "progress") == 0 || strcmp(sub, "referrals") == 0 ||
              ((strcmp(sub, "care") == 0 || strcmp(sub, "care-end") == 0) && cli_opt(c, "id", NULL)) ||
              strcmp(sub, "cares") == 0;
    if (!ok) {
        fputs(disability_usage, stderr);
        return 2;
    }
    struct cli_disability d = {.id = cli_opt(c, "id", NULL),
                               .date = cli_opt(c, "date", NULL),
                               .by = cli_opt(c, "by", NULL),
                               .service = cli_opt(c, "service", NULL),
                               .referral = cli_opt(c, "referral", NULL),
                               .state = cli_opt(c, "state", NULL),
                               .note = cli_opt(c, "note", NULL),
                               .division = cli_opt(c, "division", ""),
                               .provider = cli_opt(c, "provider", NULL),
                               .mode = cli_opt(c, "mode", NULL)};
    const char *account = cli_opt(c, "as", NULL);
    cli_mon_options(c, &d.data);
    int bad = cli_unused(c);
    if (bad) return bad;
    mz_date day = date_today();
    if (strcmp(sub, "enrol") == 0 && d.date && (day = date_parse(d.date)) == MZ_DATE_NONE) {
        fprintf(stderr, "错误：--date 应为 YYYY-MM-DD，实为“%s”\n", d.date);
        return 2;
    }
    if ((bad = cli_open_registry(c, &d.reg))) return bad;
    bool policies =
        strcmp(sub, "enrol") == 0 || strcmp(sub, "refer") == 0 || strcmp(sub, "care") == 0;
    if ((bad = cli_as_account(c, d.reg, account, &d.user, d.actor)) ||
        (policies && (bad = cli_mon_load(&d.data, d.reg, d.actor)))) {
        reg_close(d.reg);
        return bad;
    }
    reg_set_actor(d.reg, d.actor);
    struct mz_err err = {0};
    int rc;
    if (strcmp(sub, "consent") == 0) {
        rc = consent(d.reg, &d.user, d.id, d.date, d.by, d.actor, &err);
    } else if (strcmp(sub, "enrol") == 0) {
        size_t added;
        rc = ag_enrol_consented(d.reg, d.data.set, day, d.actor, &added, &err);
        if (rc == 0) printf("免申即享：新纳入两项补贴 %zu 项\n", added);
    } else if (strncmp(sub, "care", 4) == 0) {
        rc = care(&d, sub, &err);
    } else {
        rc = rehab(&d, sub, &err);
    }
    if (policies) cli_mon_free(&d.data);
    reg_close(d.reg);
    return rc < 0 ? (name_option(&err), cli_fail(&err)) : 0;
}
