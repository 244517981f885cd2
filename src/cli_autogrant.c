/* 免申即享 commands: mz autogrant list|consent|confirm|refuse — the street
 * office's list of the households the monitoring found eligible for a
 * program granted without application, the consent to data checks, and
 * the caseworker's confirmation (enrolment and decision notice) or
 * refusal (src/autogrant). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "autogrant/autogrant.h"
#include "cli.h"
#include "notice/pdf.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "registry/registry.h"

static const char autogrant_usage[] =
    "用法：mz autogrant list [--division 区划] [--state found|enrolled|refused] [--as 账户]\n"
    "                                        免申即享名单：监测发现符合条件、未纳入的家庭\n"
    "      mz autogrant consent --id 身份证号 --date D --by 本人|监护人 [--as 账户]\n"
    "                                        登记授权核对（家庭成员本人或监护人）\n"
    "      mz autogrant confirm 编号 --out 决定书.pdf [--date D] [--key 私钥.pem]\n"
    "                           [--public-url 地址] [--as 账户]\n"
    "                                        核对无误，纳入并出具决定书（PDF 与加盖电子印章的 OFD）\n"
    "      mz autogrant refuse 编号 --reason 理由 [--date D] [--as 账户]   不予纳入\n";

struct cli_autogrant {
    const char *sub, *division, *state, *id, *date, *by, *out, *reason, *key;
    const char *verify_base;
    int64_t finding;
    mz_date day;
    struct registry *reg;
    struct cli_mon_data data;
    struct auth_user user;
    char actor[80];
};

static int print_finding(void *ctx, const struct finding_row *f)
{
    const struct pol_set *set = ctx;
    int prog = pol_program_find(set, f->program);
    char yuan[32];
    snprintf(yuan, sizeof yuan, "%" PRId64 ".%02" PRId64, f->amount / 100, f->amount % 100);
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\t发现 %s\t%s\t%s\t%s", f->id, f->office, f->hh_no,
           f->head_name, prog >= 0 ? pol_program_label(set, prog) : f->program, f->found_on,
           f->amount ? yuan : "—", f->consent[0] ? f->consent : "未授权",
           ag_state_label(f->state));
    if (strcmp(f->state, "enrolled") == 0)
        printf("（自 %s 起，%s）", f->start_month, f->notice_number);
    else if (strcmp(f->state, "refused") == 0)
        printf("（%s）", f->reason);
    putchar('\n');
    return 0;
}

static int list(struct cli_autogrant *a, struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = cli_scope_prefixes(&a->user, a->division, prefixes, err);
    if (n < 0) return -1;
    printf("编号\t街道\t户编号\t户主\t项目\t发现日期\t月金额\t授权核对\t状态\n");
    return ags_findings(reg_db(a->reg), (const char(*)[13])prefixes, n, a->state ? a->state : "",
                        0, 1000, print_finding, a->data.set, err) != 0
               ? -1
               : 0;
}

static int consent(struct cli_autogrant *a, struct mz_err *err)
{
    int64_t pid;
    char masked[19];
    idcard_mask(a->id, masked);
    int found = reg_person_find(a->reg, a->id, &pid, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "id", "unknown_person", "没有身份证号为 %s 的人员",
                                         masked);
    if (ag_consent(a->reg, pid, a->date, a->by, a->actor, err) < 0) return -1;
    printf("已登记 %s 的授权核对（%s，%s）\n", masked, a->by, a->date);
    return 0;
}

/* Whether the account (if any) may settle finding id: its street lies in
 * the account's scope. */
static int in_scope(struct cli_autogrant *a, struct mz_err *err)
{
    if (!a->user.name[0]) return 0;
    struct finding_row f;
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = cli_scope_prefixes(&a->user, "", prefixes, err);
    int found = n < 0 ? -1 : ags_finding_get(reg_db(a->reg), a->finding, &f, err);
    if (found < 0) return -1;
    for (int i = 0; found && i < n; i++)
        if (strncmp(f.office, prefixes[i], strlen(prefixes[i])) == 0) return 0;
    return mz_fail(err, "not_found", "没有编号为 %" PRId64 " 的免申即享发现", a->finding);
}

static int settle(struct cli_autogrant *a, struct mz_err *err)
{
    if (in_scope(a, err) < 0) return -1;
    if (strcmp(a->sub, "refuse") == 0) {
        if (ag_refuse(a->reg, a->finding, a->day, a->reason, a->actor, err) < 0) return -1;
        printf("免申即享发现 %" PRId64 "：不予纳入\n", a->finding);
        return 0;
    }
    struct ag_notice notice = {a->key, a->out, a->verify_base};
    struct finding_row f;
    int rc = ag_confirm(a->reg, a->data.set, a->finding, a->day, &notice, a->actor, &f, err);
    notice_pdf_cleanup(); /* the font caches, for the leak checker */
    if (rc < 0) return -1;
    printf("户 %s 已纳入（免申即享），自 %s 起；决定书 %s：%s\n", f.hh_no, f.start_month,
           f.notice_number, a->out);
    return 0;
}

/* Puts the option of the field at fault in front of err's message. */
static void name_option(struct mz_err *err)
{
    if (!err->field[0]) return;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "--%s：%.400s",
             strcmp(err->field, "given_on") == 0   ? "date"
             : strcmp(err->field, "given_by") == 0 ? "by"
             : strcmp(err->field, "person") == 0   ? "id"
                                                   : err->field,
             err->msg);
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

int cmd_autogrant(struct cli *c)
{
    struct cli_autogrant a = {.sub = c->nargs >= 1 ? c->args[0] : "",
                              .division = cli_opt(c, "division", ""),
                              .state = cli_opt(c, "state", NULL),
                              .id = cli_opt(c, "id", NULL),
                              .date = cli_opt(c, "date", NULL),
                              .by = cli_opt(c, "by", NULL),
                              .out = cli_opt(c, "out", NULL),
                              .reason = cli_opt(c, "reason", NULL),
                              .key = cli_seal_key(c),
                              .day = date_today()};
    bool settling = strcmp(a.sub, "confirm") == 0 || strcmp(a.sub, "refuse") == 0;
    char *end = NULL;
    if (settling && c->nargs == 2) a.finding = strtoll(c->args[1], &end, 10);
    bool ok = (strcmp(a.sub, "list") == 0 && c->nargs == 1) ||
              (strcmp(a.sub, "consent") == 0 && c->nargs == 1 && a.id) ||
              (settling && end && !*end && a.finding > 0 &&
               (strcmp(a.sub, "refuse") == 0 || a.out));
    if (!ok) {
        fputs(autogrant_usage, stderr);
        return 2;
    }
    char url[1100];
    a.verify_base = cli_setting(c, "public-url", url, sizeof url);
    const char *account = cli_opt(c, "as", NULL);
    cli_mon_options(c, &a.data);
    int bad = cli_unused(c);
    if (bad) return bad;
    if (settling && a.date && (a.day = date_parse(a.date)) == MZ_DATE_NONE) {
        fprintf(stderr, "错误：--date 应为 YYYY-MM-DD，实为“%s”\n", a.date);
        return 2;
    }
    if (a.state && strcmp(a.state, "found") != 0 && strcmp(a.state, "enrolled") != 0 &&
        strcmp(a.state, "refused") != 0) {
        fprintf(stderr, "错误：--state 应为 found、enrolled 或 refused，实为“%s”\n", a.state);
        return 2;
    }
    if ((bad = cli_open_registry(c, &a.reg))) return bad;
    if ((bad = cli_as_account(c, a.reg, account, &a.user, a.actor)) ||
        (bad = cli_mon_load(&a.data, a.reg, a.actor))) {
        reg_close(a.reg);
        return bad;
    }
    reg_set_actor(a.reg, a.actor);
    struct mz_err err = {0};
    int rc;
    if (strcmp(a.sub, "list") == 0)
        rc = list(&a, &err);
    else if (a.user.name[0] && !auth_role_can_write(a.user.role))
        rc = mz_fail(&err, "read_only", "账户“%s”只能查看，不能办理", a.user.name);
    else
        rc = strcmp(a.sub, "consent") == 0 ? consent(&a, &err) : settle(&a, &err);
    cli_mon_free(&a.data);
    reg_close(a.reg);
    if (rc < 0) name_option(&err);
    return rc < 0 ? cli_fail(&err) : 0;
}
