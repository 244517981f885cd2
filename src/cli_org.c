/* Social-organization commands: mz org … (社会组织登记、年度报告、信用名单),
 * and the helpers cli_charity.c shares: a form file of "字段 = 值" lines
 * and an organization named by number, name or USCC. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "cli.h"
#include "notice/pdf.h"
#include "org/certificate.h"
#include "monitor/monitor.h"
#include "org/credit.h"
#include "org/org.h"
#include "org/report.h"
#include "org/uscc.h"
#include "registry/registry.h"
#include "registry/vars.h"

static const char org_usage[] =
    "用法：mz org apply FILE                                   受理成立登记申请（表单文件）\n"
    "      mz org decide --org 组织 --date D (--approve | --refuse) [--note 说明]\n"
    "      mz org change --org 组织 --changed-on D --filed-on D [--address 住所]\n"
    "                    [--supervisor 业务主管单位] [--legal-rep 身份证号] [--funds 元]\n"
    "      mz org deregister --org 组织 --liquidated-on D --filed-on D\n"
    "      mz org list [--q 名称] [--kind association|service|foundation]\n"
    "      mz org show --org 组织                        登记事项、办理事项、年报、信用记录\n"
    "      mz org report --org 组织 FILE                 报送年度工作报告（表单文件）\n"
    "      mz org certificate --org 组织 --out 证书.pdf [--date D] [--key 私钥.pem]\n"
    "                    登记证书：PDF 和加盖电子印章的 OFD\n"
    "      mz org review --org 组织 --year Y --result 合格|基本合格|不合格 [--findings 意见]\n"
    "                    [--rectify-by D]\n"
    "      mz org credit enter --org 组织 --list abnormal|serious --cause 事由 --date D\n"
    "      mz org credit fix|leave --entry 编号 --date D | sweep [--date D] | list\n"
    "      mz org uscc 代码 [--kind 类型]                 校验统一社会信用代码\n"
    "      mz org bind 账户 --org 组织                    社会组织账户绑定本组织\n"
    "表单文件每行“字段 = 值”，# 开头为注释；组织可写编号、名称或统一社会信用代码。\n";

/* ---- shared with cli_charity.c -------------------------------------------- */

void cli_form_free(struct cli_form *f)
{
    mz_free(f->text);
    memset(f, 0, sizeof *f);
}

int cli_form_load(const char *path, struct cli_form *f)
{
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path);
    FILE *in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "mz: 打不开 %s\n", path);
        return 1;
    }
    size_t cap = 0, len = 0, n;
    char buf[4096];
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (mz_grow(&f->text, &cap, len + n + 1, 1) < 0) break;
        memcpy(f->text + len, buf, n);
        len += n;
    }
    fclose(in);
    if (!f->text || len > 65536) {
        fprintf(stderr, "mz: %s 为空或过大\n", path);
        cli_form_free(f);
        return 1;
    }
    f->text[len] = '\0';
    int line = 0;
    for (char *p = f->text; p && *p; line++) {
        char *end = strchr(p, '\n');
        if (end) *end = '\0';
        char *s = p + strspn(p, " \t\r");
        size_t l = strlen(s);
        while (l && strchr(" \t\r", s[l - 1])) s[--l] = '\0';
        if (*s && *s != '#') {
            char *eq = strchr(s, '=');
            if (!eq || f->n == CLI_FORM_MAX) {
                fprintf(stderr, "%s:%d: 应为“字段 = 值”\n", path, line + 1);
                cli_form_free(f);
                return 1;
            }
            char *k = eq;
            while (k > s && strchr(" \t", k[-1])) k--;
            *k = '\0';
            char *v = eq + 1 + strspn(eq + 1, " \t");
            f->keys[f->n] = s, f->values[f->n] = v, f->lines[f->n] = line + 1;
            f->n++;
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

const char *cli_form_get(struct cli_form *f, const char *key)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->keys[i], key) == 0) {
            f->used |= 1u << i;
            return f->values[i];
        }
    return NULL;
}

int cli_form_fail(const struct cli_form *f, const struct mz_err *err)
{
    int line = 0;
    for (int i = 0; i < f->n; i++)
        if (err->field[0] && strcmp(f->keys[i], err->field) == 0) line = f->lines[i];
    if (err->field[0] && line)
        fprintf(stderr, "%s:%d:%s: %s\n", f->path, line, err->field, err->msg);
    else if (err->field[0]) /* a field the file lacks */
        fprintf(stderr, "%s:%s: %s\n", f->path, err->field, err->msg);
    else
        fprintf(stderr, "%s: %s\n", f->path, err->msg);
    return 1;
}

int cli_form_unknown(const struct cli_form *f)
{
    for (int i = 0; i < f->n; i++)
        if (!(f->used & (1u << i))) {
            fprintf(stderr, "%s:%d:%s: 未知字段\n", f->path, f->lines[i], f->keys[i]);
            return 1;
        }
    return 0;
}

int cli_form_money(struct cli_form *f, const char *key, int64_t *fen, struct mz_err *err)
{
    const char *v = cli_form_get(f, key);
    *fen = 0;
    if (v && money_parse(v, fen) < 0)
        return mz_fail_field(err, key, "invalid_value", "金额应为元（至多两位小数），实为“%.20s”", v);
    return 0;
}

int cli_org_id(struct registry *reg, const char *text, int64_t *id, struct mz_err *err)
{
    struct org_row o;
    char *end;
    long long n = text ? strtoll(text, &end, 10) : 0;
    int found = text && *text && !*end ? os_org_get(reg_db(reg), n, &o, err)
                                       : os_org_find(reg_db(reg), text ? text : "", &o, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "org", "unknown_org", "没有这个社会组织：“%.60s”",
                                         text ? text : "");
    *id = o.id;
    return 0;
}

/* ---- the commands ---------------------------------------------------------- */

struct org_cli {
    struct cli *c;
    struct registry *reg;
    struct cli_mon_data data;
    struct mon_env env;
    char actor[80];
    const char *key; /* the seal's private key (certificates) */
};

static int person_by_id(struct registry *reg, const char *id_number, const char *field,
                        int64_t *pid, struct mz_err *err)
{
    if (!id_number || !*id_number)
        return mz_fail_field(err, field, "missing_field", "请填写法定代表人的身份证号");
    int found = reg_person_find(reg, id_number, pid, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, field, "unknown_person", "人口库中没有这个身份证号");
    return 0;
}

static int apply_file(struct org_cli *o, const char *path)
{
    struct cli_form f;
    if (cli_form_load(path, &f)) return 1;
    struct mz_err err = {0};
    struct org_in in = {.uscc = cli_form_get(&f, "uscc"), .name = cli_form_get(&f, "name"),
                        .kind = cli_form_get(&f, "kind"), .field = cli_form_get(&f, "field"),
                        .supervisor = cli_form_get(&f, "supervisor"),
                        .division = cli_form_get(&f, "division"),
                        .address = cli_form_get(&f, "address"),
                        .filed_on = cli_form_get(&f, "filed_on")};
    const char *pf = cli_form_get(&f, "public_fundraising");
    in.public_fundraising = pf && strcmp(pf, "是") == 0;
    const char *mi = cli_form_get(&f, "members_individual"), *mu = cli_form_get(&f, "members_unit");
    in.members_individual = mi ? atoll(mi) : 0;
    in.members_unit = mu ? atoll(mu) : 0;
    const char *rep = cli_form_get(&f, "legal_rep");
    int64_t id;
    int rc = cli_form_money(&f, "funds", &in.funds, &err);
    if (rc == 0 && cli_form_unknown(&f)) {
        cli_form_free(&f);
        return 1;
    }
    if (rc == 0) rc = person_by_id(o->reg, rep, "legal_rep", &in.legal_rep, &err);
    if (rc == 0) rc = org_apply(&o->env, &in, o->actor, &id, &err);
    if (rc < 0) {
        rc = cli_form_fail(&f, &err);
        cli_form_free(&f);
        return rc;
    }
    printf("已受理成立登记申请，组织编号 %" PRId64 "\n", id);
    cli_form_free(&f);
    return 0;
}

static int report_file(struct org_cli *o, int64_t org, const char *path)
{
    struct cli_form f;
    if (cli_form_load(path, &f)) return 1;
    struct mz_err err = {0};
    const char *year = cli_form_get(&f, "year");
    struct org_report_in in = {.year = year ? atoi(year) : 0,
                               .submitted_on = cli_form_get(&f, "submitted_on")};
    const struct {
        const char *key;
        int64_t *v;
    } money[] = {{"income", &in.income},         {"prev_income", &in.prev_income},
                 {"charitable", &in.charitable}, {"admin", &in.admin},
                 {"other_spending", &in.other_spending}, {"spending", &in.spending},
                 {"net_assets", &in.net_assets}, {"prev_net_assets", &in.prev_net_assets}};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof money / sizeof money[0]; i++)
        rc = cli_form_money(&f, money[i].key, money[i].v, &err);
    if (rc == 0 && cli_form_unknown(&f)) {
        cli_form_free(&f);
        return 1;
    }
    bool late = false;
    if (rc == 0) rc = org_report_submit(&o->env, org, &in, o->actor, &late, &err);
    if (rc < 0) {
        rc = cli_form_fail(&f, &err);
        cli_form_free(&f);
        return rc;
    }
    printf("已报送 %d 年度工作报告%s\n", in.year, late ? "（逾期报送）" : "");
    cli_form_free(&f);
    return 0;
}

static int print_org(void *ctx, const struct org_row *r)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s\n", r->id, r->uscc, r->name,
           org_kind_label(r->kind), r->field, org_status_label(r->status),
           r->charity_on[0] ? (r->fundraising_on[0] ? "慈善组织·公开募捐" : "慈善组织") : "");
    return 0;
}
static int print_event(void *ctx, const struct org_event_row *e)
{
    (void)ctx;
    printf("  %s\t%s\t受理 %s\t期限 %s\t办结 %s\t%s\n", org_event_label(e->kind), e->note,
           e->filed_on, e->due_on[0] ? e->due_on : "—", e->done_on[0] ? e->done_on : "办理中",
           e->outcome);
    return 0;
}
static int print_report(void *ctx, const struct org_report_row *r)
{
    struct org_cli *o = ((void **)ctx)[0];
    const struct org_row *org = ((void **)ctx)[1];
    printf("  %d 年度\t截止 %s\t报送 %s%s\t收入 %.2f\t支出 %.2f\t检查 %s\n", r->year, r->due_on,
           r->submitted_on, strcmp(r->submitted_on, r->due_on) > 0 ? "（逾期）" : "",
           (double)r->income / 100, (double)r->spending / 100, r->result[0] ? r->result : "待检查");
    struct org_ratios q;
    struct mz_err err = {0};
    if (org_report_ratios(&o->env, org, r, &q, &err) < 0) return -1;
    if (q.applies)
        printf("    公益支出比例 %.2f%%（下限 %.2f%%）%s；管理费用比例 %.2f%%（上限 %.2f%%）%s\n",
               (double)q.spend / 100, (double)q.spend_min / 100, q.spend_ok ? "达标" : "未达标",
               (double)q.admin / 100, (double)q.admin_max / 100, q.admin_ok ? "达标" : "超标");
    return 0;
}
static int print_credit(void *ctx, const struct org_credit_row *c)
{
    (void)ctx;
    printf("  %" PRId64 "\t%s\t%s\t%s\t列入 %s\t%s %s\t%s\n", c->id, c->org_name,
           credit_list_label(c->list), c->cause, c->entered_on,
           c->exited_on[0] ? "移出" : strcmp(c->list, "serious") == 0 ? "可申请移出" : "移出",
           c->exited_on[0] ? c->exited_on : c->exit_on[0] ? c->exit_on : "待整改", c->exit_reason);
    return 0;
}

static int show(struct org_cli *o, int64_t id, struct mz_err *err)
{
    struct org_row r;
    if (org_get(&o->env, id, &r, err) <= 0) return -1;
    printf("%s（%s）\n统一社会信用代码 %s；业务领域 %s；业务主管单位 %s；法定代表人 %s\n住所 %s；"
           "注册资金 %.2f 元；状态 %s%s%s\n",
           r.name, org_kind_label(r.kind), r.uscc, r.field, r.supervisor, r.legal_rep_name,
           r.address, (double)r.funds / 100, org_status_label(r.status),
           r.charity_on[0] ? "；认定为慈善组织 " : "", r.charity_on);
    struct db *db = reg_db(o->reg);
    void *ctx[2] = {o, &r};
    puts("办理事项：");
    if (os_events(db, id, print_event, NULL, err) != 0) return -1;
    puts("年度工作报告：");
    if (os_reports(db, id, print_report, ctx, err) != 0) return -1;
    puts("信用记录：");
    return os_credits(db, id, false, print_credit, NULL, err) != 0 ? -1 : 0;
}

static int credit(struct org_cli *o, const char *what, int64_t org, struct mz_err *err)
{
    struct cli *c = o->c;
    const char *day = cli_opt(c, "date", NULL);
    const char *entry = cli_opt(c, "entry", NULL);
    int64_t eid = entry ? atoll(entry) : 0;
    if (strcmp(what, "enter") == 0) {
        if (credit_enter(&o->env, org, cli_opt(c, "list", NULL), cli_opt(c, "cause", NULL), day,
                         o->actor, &eid, err) < 0)
            return -1;
        printf("已列入，记录编号 %" PRId64 "\n", eid);
    } else if (strcmp(what, "fix") == 0) {
        if (credit_fix(&o->env, eid, day, o->actor, err) < 0) return -1;
        puts("已登记整改查实，移出日期已计算（mz org show 可见）");
    } else if (strcmp(what, "leave") == 0) {
        if (credit_leave(&o->env, eid, day, o->actor, err) < 0) return -1;
        puts("已移出严重违法失信名单");
    } else if (strcmp(what, "sweep") == 0) {
        struct credit_sweep s;
        mz_date d = day ? date_parse(day) : date_today();
        if (d == MZ_DATE_NONE)
            return mz_fail_field(err, "date", "invalid_value", "日期应为 YYYY-MM-DD");
        if (credit_sweep(&o->env, d, o->actor, &s, err) < 0) return -1;
        printf("列入活动异常名录 %" PRId64 " 个，移出 %" PRId64 " 个，转入严重违法失信名单 %" PRId64
               " 个\n",
               s.listed, s.removed, s.promoted);
    } else {
        return os_credits(reg_db(o->reg), 0, true, print_credit, NULL, err) != 0 ? -1 : 0;
    }
    return 0;
}

static int run(struct org_cli *o, const char *sub, struct mz_err *err)
{
    struct cli *c = o->c;
    int64_t org = 0;
    const char *name = cli_opt(c, "org", NULL);
    if (name && cli_org_id(o->reg, name, &org, err) < 0) return -1;
    if (strcmp(sub, "decide") == 0) {
        bool approve = cli_flag(c, "approve");
        if (!approve && !cli_flag(c, "refuse"))
            return mz_fail(err, "missing_field", "请用 --approve 或 --refuse 写明决定");
        if (org_decide(&o->env, org, approve, cli_opt(c, "date", NULL), cli_opt(c, "note", NULL),
                       o->actor, err) < 0)
            return -1;
        puts(approve ? "已准予登记" : "已决定不予登记");
    } else if (strcmp(sub, "change") == 0) {
        struct org_change_in in = {.supervisor = cli_opt(c, "supervisor", NULL),
                                   .address = cli_opt(c, "address", NULL),
                                   .changed_on = cli_opt(c, "changed-on", NULL),
                                   .filed_on = cli_opt(c, "filed-on", NULL)};
        const char *rep = cli_opt(c, "legal-rep", NULL), *funds = cli_opt(c, "funds", NULL);
        if (rep && person_by_id(o->reg, rep, "legal-rep", &in.legal_rep, err) < 0) return -1;
        if (funds && money_parse(funds, &in.funds) < 0)
            return mz_fail_field(err, "funds", "invalid_value", "注册资金应为元");
        if (org_change(&o->env, org, &in, o->actor, err) < 0) return -1;
        puts("已登记变更");
    } else if (strcmp(sub, "deregister") == 0) {
        if (org_deregister(&o->env, org, cli_opt(c, "liquidated-on", NULL),
                           cli_opt(c, "filed-on", NULL), o->actor, err) < 0)
            return -1;
        puts("已注销登记");
    } else if (strcmp(sub, "list") == 0) {
        return os_orgs(reg_db(o->reg), NULL, 0, cli_opt(c, "q", ""), cli_opt(c, "kind", ""), -1,
                       print_org, NULL, err) != 0 ? -1 : 0;
    } else if (strcmp(sub, "show") == 0) {
        return show(o, org, err);
    } else if (strcmp(sub, "review") == 0) {
        const char *year = cli_opt(c, "year", "0");
        if (org_report_review(&o->env, org, atoi(year), cli_opt(c, "result", NULL),
                              cli_opt(c, "findings", NULL), cli_opt(c, "rectify-by", NULL),
                              o->actor, err) < 0)
            return -1;
        puts("已登记年度检查结论");
    } else if (strcmp(sub, "credit") == 0) {
        return credit(o, c->args[1], org, err);
    } else if (strcmp(sub, "certificate") == 0) {
        const char *out = cli_opt(c, "out", NULL), *day = cli_opt(c, "date", NULL);
        mz_date issued = day ? date_parse(day) : date_today();
        if (!out)
            return mz_fail_field(err, "out", "missing_field", "请用 --out 文件.pdf 写明证书文件");
        if (issued == MZ_DATE_NONE)
            return mz_fail_field(err, "date", "invalid_value", "--date 应为 YYYY-MM-DD，实为“%s”", day);
        struct notice_files f;
        if (org_certificate(&o->env, org, issued, o->key, out, o->actor, &f, err) < 0)
            return -1;
        printf("已出具登记证书：%s（SM3 %s），加盖电子印章的 %s（SM3 %s）\n", f.pdf, f.sm3, f.ofd,
               f.ofd_sm3);
        notice_pdf_cleanup(); /* the font caches, for the leak checker */
    }
    return 0;
}

int cmd_org(struct cli *c)
{
    const char *sub = c->nargs >= 1 ? c->args[0] : "";
    static const char *const credit_subs[] = {"enter", "fix", "leave", "sweep", "list", NULL};
    bool ok = (strcmp(sub, "apply") == 0 && c->nargs == 2) ||
              (strcmp(sub, "report") == 0 && c->nargs == 2) ||
              (strcmp(sub, "uscc") == 0 && c->nargs == 2) ||
              (strcmp(sub, "credit") == 0 && c->nargs == 2) ||
              (strcmp(sub, "bind") == 0 && c->nargs == 2);
    for (const char *const *s = (const char *const[]){"decide", "change", "deregister", "list",
                                                      "show", "review", "certificate", NULL};
         *s; s++)
        ok |= strcmp(sub, *s) == 0 && c->nargs == 1;
    bool credit_ok = strcmp(sub, "credit") != 0;
    for (int i = 0; !credit_ok && credit_subs[i]; i++)
        credit_ok = c->nargs == 2 && strcmp(c->args[1], credit_subs[i]) == 0;
    if (!ok || !credit_ok) {
        fputs(org_usage, stderr);
        return 2;
    }
    struct mz_err err = {0};
    if (strcmp(sub, "uscc") == 0) {
        const char *kind = cli_opt(c, "kind", NULL);
        if (cli_unused(c)) return 2;
        if (uscc_check(c->args[1], kind ? org_kind_type(kind) : 0, &err) < 0) return cli_fail(&err);
        puts("统一社会信用代码校验通过");
        return 0;
    }
    struct org_cli o = {.c = c, .key = cli_seal_key(c)};
    cli_mon_options(c, &o.data);
    /* read every option the subcommands take before cli_unused */
    static const char *const opts[] = {"org", "date", "note", "supervisor", "address",
                                       "changed-on", "filed-on", "legal-rep", "funds",
                                       "liquidated-on", "q", "kind", "year", "result",
                                       "findings", "rectify-by", "list", "cause", "entry", "out",
                                       NULL};
    const char *values[32];
    for (int i = 0; opts[i]; i++)
        values[i] = cli_opt(c, opts[i], NULL);
    (void)values;
    (void)cli_flag(c, "approve");
    (void)cli_flag(c, "refuse");
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &o.reg))) return bad;
    cli_actor(o.actor);
    if ((bad = cli_mon_load(&o.data, o.reg, o.actor))) {
        reg_close(o.reg);
        return bad;
    }
    o.env = (struct mon_env){o.reg, o.data.set, o.data.cal};
    int rc;
    if (strcmp(sub, "apply") == 0) {
        rc = apply_file(&o, c->args[1]);
    } else if (strcmp(sub, "bind") == 0) {
        int64_t org = 0;
        rc = cli_org_id(o.reg, cli_opt(c, "org", NULL), &org, &err) < 0 ||
                     auth_user_bind_org(o.reg, o.actor, c->args[1], org, &err) < 0
                 ? cli_fail(&err)
                 : (printf("账户 %s 已绑定本组织\n", c->args[1]), 0);
    } else if (strcmp(sub, "report") == 0) {
        int64_t org = 0;
        rc = cli_org_id(o.reg, cli_opt(c, "org", NULL), &org, &err) < 0 ? cli_fail(&err)
                                                                          : report_file(&o, org, c->args[1]);
    } else {
        rc = run(&o, sub, &err) < 0 ? cli_fail(&err) : 0;
    }
    cli_mon_free(&o.data);
    reg_close(o.reg);
    return rc;
}
