/* Charity commands: mz charity … (慈善组织认定、公开募捐、信息公开、慈善信托,
 * and charity projects taking referrals of warned households). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "charity/assist.h"
#include "charity/charity.h"
#include "cli.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "registry/vars.h"
#include "store/regstore.h"

static const char charity_usage[] =
    "用法：mz charity recognize|qualify --org 组织 --date D     认定慈善组织、公开募捐资格\n"
    "      mz charity campaign FILE                               备案募捐方案（表单文件）\n"
    "      mz charity ledger --campaign 编号 --kind donation|spending --date D --amount 元\n"
    "                        --party 捐赠人或受益人 [--household 受助家庭户编号] [--note 说明]\n"
    "      mz charity disclose --campaign 编号 --date D            登记一次信息公开\n"
    "      mz charity overdue [--date D]                          逾期未公开的事项\n"
    "      mz charity trust FILE                                  慈善信托备案（表单文件）\n"
    "      mz charity project --org 组织 --name 名称 --division 区划 --rules 预警类型…\n"
    "                         --help-text 帮扶内容                 登记承接转介的慈善项目\n"
    "      mz charity offer --warning 编号 --project 编号 --consent 同意|不同意\n"
    "                       --consent-by 同意情况 --date D         经家庭同意转介\n"
    "      mz charity answer --referral 编号 (--accept | --decline) --date D [--note 说明]\n"
    "      mz charity help --referral 编号 --kind 方式 --amount 元 --date D [--note 说明]\n"
    "      mz charity chain --household 户编号                    一户一链：政府救助与慈善帮扶\n"
    "      mz charity point --name 名称 --kind 类型 --division 区划 --date D [--org 组织]\n"
    "                                                             登记慈善阵地（慈善超市等）\n"
    "      mz charity points [--division 区划]                     慈善阵地一览\n"
    "      mz charity join --org 组织 --union 联合体 --date D       加入慈善联合体\n";

struct ch_cli {
    struct cli *c;
    struct registry *reg;
    struct cli_mon_data data;
    struct mon_env env;
    char actor[80];
};

static int campaign_form(struct ch_cli *h, const char *path)
{
    struct cli_form f;
    if (cli_form_load(path, &f)) return 1;
    struct mz_err err = {0};
    struct campaign_in in = {.name = cli_form_get(&f, "name"),
                             .purpose = cli_form_get(&f, "purpose"),
                             .platform = cli_form_get(&f, "platform"),
                             .filed_on = cli_form_get(&f, "filed_on"),
                             .starts_on = cli_form_get(&f, "starts_on"),
                             .ends_on = cli_form_get(&f, "ends_on")};
    const char *em = cli_form_get(&f, "emergency");
    in.emergency = em && strcmp(em, "是") == 0;
    int64_t id;
    const char *org = cli_form_get(&f, "org");
    int rc = cli_form_money(&f, "goal", &in.goal, &err);
    if (rc == 0 && cli_form_unknown(&f)) rc = 1;
    else if (rc == 0 && (rc = cli_org_id(h->reg, org, &in.org_id, &err)) == 0 &&
             (rc = campaign_file(&h->env, &in, h->actor, &id, &err)) == 0)
        printf("已备案募捐方案，活动编号 %" PRId64 "\n", id);
    if (rc < 0) rc = cli_form_fail(&f, &err);
    cli_form_free(&f);
    return rc;
}

static int trust_form(struct ch_cli *h, const char *path)
{
    struct cli_form f;
    if (cli_form_load(path, &f)) return 1;
    struct mz_err err = {0};
    struct trust_in in = {.name = cli_form_get(&f, "name"),
                          .purpose = cli_form_get(&f, "purpose"),
                          .signed_on = cli_form_get(&f, "signed_on"),
                          .filed_on = cli_form_get(&f, "filed_on")};
    int64_t id;
    bool late = false;
    const char *trustee = cli_form_get(&f, "trustee");
    int rc = cli_form_money(&f, "amount", &in.amount, &err);
    if (rc == 0 && cli_form_unknown(&f)) rc = 1;
    else if (rc == 0 && (rc = cli_org_id(h->reg, trustee, &in.trustee_id, &err)) < 0)
        snprintf(err.field, sizeof err.field, "trustee");
    else if (rc == 0 && (rc = trust_file(&h->env, &in, h->actor, &id, &late, &err)) == 0)
        printf("已备案慈善信托 %" PRId64 "%s\n", id,
               late ? "（超过备案期限，不享受税收优惠）" : "");
    if (rc < 0) rc = cli_form_fail(&f, &err);
    cli_form_free(&f);
    return rc;
}

static int print_overdue(void *ctx, const struct disclosure_row *d)
{
    (void)ctx;
    printf("%s\t%s\t%s\t应于 %s 前公开\n", d->org_name, d->campaign,
           strcmp(d->kind, "final") == 0 ? "结束后全面公开" : "定期公开", d->due_on);
    return 0;
}

static int print_point(void *ctx, const struct point_row *p)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s 设立\n", p->id, p->division, p->kind, p->name,
           p->org_id ? p->org_name : "无运营组织", p->opened_on);
    return 0;
}

static const char *label_of(void *ctx, const char *program)
{
    const struct pol_set *set = ctx;
    int p = set ? pol_program_find(set, program) : -1;
    return p >= 0 ? pol_program_label(set, p) : program;
}

static int chain(struct ch_cli *h, const char *hh_no, struct mz_err *err)
{
    struct household_row hh;
    if (!hh_no || rs_household_by_no(reg_db(h->reg), hh_no, &hh, err) <= 0)
        return err->code[0] ? -1 : mz_fail_field(err, "household", "unknown_household", "没有这个户编号");
    int64_t id = hh.id;
    struct assist_link *links;
    size_t n;
    if (assist_chain(&h->env, id, label_of, (void *)h->data.set, &links, &n, err) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s\t%.2f\t%s\n", links[i].on, links[i].source, links[i].by,
               links[i].what, (double)links[i].amount / 100, links[i].state);
    printf("共 %zu 条（政府救助与慈善帮扶合并，按日期）\n", n);
    mz_free(links);
    return 0;
}

static int64_t num(struct cli *c, const char *name)
{
    const char *v = cli_opt(c, name, NULL);
    return v ? atoll(v) : 0;
}

static int run(struct ch_cli *h, const char *sub, struct mz_err *err)
{
    struct cli *c = h->c;
    const char *day = cli_opt(c, "date", NULL);
    int64_t org = 0, id = 0, fen = 0;
    const char *name = cli_opt(c, "org", NULL), *amount = cli_opt(c, "amount", NULL);
    if (name && cli_org_id(h->reg, name, &org, err) < 0) return -1;
    if (amount && money_parse(amount, &fen) < 0)
        return mz_fail_field(err, "amount", "invalid_value", "金额应为元（至多两位小数）");
    if (strcmp(sub, "recognize") == 0) {
        if (charity_recognize(&h->env, org, day, h->actor, err) < 0) return -1;
        puts("已认定为慈善组织");
    } else if (strcmp(sub, "qualify") == 0) {
        if (charity_qualify(&h->env, org, day, h->actor, err) < 0) return -1;
        puts("已取得公开募捐资格");
    } else if (strcmp(sub, "ledger") == 0) {
        if (campaign_ledger_add(&h->env, num(c, "campaign"), cli_opt(c, "kind", NULL), day, fen,
                                cli_opt(c, "party", NULL), cli_opt(c, "household", NULL),
                                cli_opt(c, "note", NULL), h->actor, err) < 0)
            return -1;
        puts("已登记");
    } else if (strcmp(sub, "disclose") == 0) {
        if (campaign_disclose(&h->env, num(c, "campaign"), day, h->actor, err) < 0) return -1;
        puts("已登记信息公开");
    } else if (strcmp(sub, "overdue") == 0) {
        char today[11];
        date_format(day ? date_parse(day) : date_today(), today);
        return cs_disclosures(reg_db(h->reg), 0, 0, today, print_overdue, NULL, err) != 0 ? -1 : 0;
    } else if (strcmp(sub, "project") == 0) {
        if (assist_project_add(&h->env, org, cli_opt(c, "name", NULL), cli_opt(c, "division", NULL),
                               cli_opt(c, "rules", NULL), cli_opt(c, "help-text", NULL), h->actor,
                               &id, err) < 0)
            return -1;
        printf("已登记慈善项目 %" PRId64 "\n", id);
    } else if (strcmp(sub, "offer") == 0) {
        const char *consent = cli_opt(c, "consent", "");
        if (strcmp(consent, "同意") != 0 && strcmp(consent, "不同意") != 0)
            return mz_fail_field(err, "consent", "invalid_value", "--consent 应为“同意”或“不同意”");
        if (assist_offer(&h->env, num(c, "warning"), num(c, "project"),
                         strcmp(consent, "同意") == 0, cli_opt(c, "consent-by", NULL), day,
                         h->actor, &id, err) < 0)
            return -1;
        printf("已转介，转介编号 %" PRId64 "\n", id);
    } else if (strcmp(sub, "answer") == 0) {
        bool accept = cli_flag(c, "accept");
        if (!accept && !cli_flag(c, "decline"))
            return mz_fail(err, "missing_field", "请用 --accept 或 --decline 写明是否承接");
        if (assist_answer(&h->env, num(c, "referral"), 0, accept, cli_opt(c, "note", NULL), day,
                          h->actor, err) < 0)
            return -1;
        puts(accept ? "已承接" : "已答复不承接");
    } else if (strcmp(sub, "help") == 0) {
        if (assist_help(&h->env, num(c, "referral"), 0, cli_opt(c, "kind", NULL), fen,
                        cli_opt(c, "note", NULL), day, h->actor, err) < 0)
            return -1;
        puts("已登记帮扶（记入该户的救助链，不计入家庭收入）");
    } else if (strcmp(sub, "point") == 0) {
        struct point_in in = {.name = cli_opt(c, "name", NULL), .kind = cli_opt(c, "kind", NULL),
                              .division = cli_opt(c, "division", NULL), .opened_on = day,
                              .org_id = org};
        if (charity_point_add(&h->env, &in, h->actor, &id, err) < 0) return -1;
        printf("已登记慈善阵地 %" PRId64 "\n", id);
    } else if (strcmp(sub, "points") == 0) {
        const char *division = cli_opt(c, "division", "");
        char prefix[1][13];
        snprintf(prefix[0], sizeof prefix[0], "%.12s", division);
        return cs_points(reg_db(h->reg), (const char(*)[13])prefix, 1, 0, print_point, NULL, err) != 0
                   ? -1
                   : 0;
    } else if (strcmp(sub, "join") == 0) {
        if (charity_union_join(&h->env, org, cli_opt(c, "union", NULL), day, h->actor, err) < 0)
            return -1;
        puts("已加入慈善联合体");
    } else if (strcmp(sub, "chain") == 0) {
        return chain(h, cli_opt(c, "household", NULL), err);
    }
    return 0;
}

int cmd_charity(struct cli *c)
{
    const char *sub = c->nargs >= 1 ? c->args[0] : "";
    bool ok = (strcmp(sub, "campaign") == 0 || strcmp(sub, "trust") == 0) && c->nargs == 2;
    for (const char *const *s = (const char *const[]){"recognize", "qualify", "ledger", "disclose",
                                                      "overdue", "project", "offer", "answer",
                                                      "help", "chain", "point", "points", "join",
                                                      NULL};
         *s; s++)
        ok |= strcmp(sub, *s) == 0 && c->nargs == 1;
    if (!ok) {
        fputs(charity_usage, stderr);
        return 2;
    }
    struct ch_cli h = {.c = c};
    cli_mon_options(c, &h.data);
    static const char *const opts[] = {"org",      "date",    "amount", "campaign", "kind",
                                       "party",    "note",    "name",   "division", "rules",
                                       "help-text", "warning", "project", "consent", "consent-by",
                                       "referral", "household", "union", NULL};
    for (int i = 0; opts[i]; i++)
        (void)cli_opt(c, opts[i], NULL);
    (void)cli_flag(c, "accept");
    (void)cli_flag(c, "decline");
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &h.reg))) return bad;
    cli_actor(h.actor);
    if ((bad = cli_mon_load(&h.data, h.reg, h.actor))) {
        reg_close(h.reg);
        return bad;
    }
    h.env = (struct mon_env){h.reg, h.data.set, h.data.cal};
    struct mz_err err = {0};
    int rc;
    if (strcmp(sub, "campaign") == 0)
        rc = campaign_form(&h, c->args[1]);
    else if (strcmp(sub, "trust") == 0)
        rc = trust_form(&h, c->args[1]);
    else
        rc = run(&h, sub, &err) < 0 ? cli_fail(&err) : 0;
    cli_mon_free(&h.data);
    reg_close(h.reg);
    return rc;
}
