/* 殡葬 commands (docs/funeral.md): mz death register|show|list|sweep (a death
 * and its 身后一件事), mz funeral facility|facilities|price|complaint|
 * complaint-close|complaints|cremate|place|records. The rules are in
 * src/funeral. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/auth.h"
#include "cli.h"
#include "funeral/funeral.h"
#include "pay/pay.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/funeralstore.h"
#include "store/regstore.h"

static const char death_usage[] =
    "用法：mz death register --id 身份证号 --date 死亡日期 --source medical|gongan\n"
    "                         [--certificate 死亡医学证明编号] [--place 地点] [--as 账户]\n"
    "                                                   死亡登记（一人只联动一次：待遇停发、案件终止、服务取消）\n"
    "      mz death show 身份证号                       身后一件事：已办事项、死亡报告、火化与安葬\n"
    "      mz death list [--division 区划] [--name 姓名]\n"
    "      mz death sweep                               补办未联动的死亡记录（如批量导入的）\n";

static const char funeral_usage[] =
    "用法：mz funeral facility --code 编码 --name 名称 --kind 殡仪馆|公墓|骨灰堂 --division 区划\n"
    "                           [--address A] [--licence 批准文号] [--licence-until D]\n"
    "                           [--approved-by 批准机关] [--capacity N]   登记殡葬设施\n"
    "      mz funeral facilities [--kind K] [--division 区划]\n"
    "      mz funeral price 设施编码 服务项目 价格 [--unit 单位] [--basic]   收费清单（--basic：基本殡葬服务）\n"
    "      mz funeral complaint 设施编码 --by 投诉人 --text 内容 [--date D] | complaint-close 编号 --outcome T\n"
    "      mz funeral complaints\n"
    "      mz funeral cremate --id 身份证号 --at 殡仪馆编码 --services 遗体接运,火化,… [--date D]\n"
    "      mz funeral place --id 身份证号 --method 树葬|… [--at 公墓编码] [--plot 墓位] [--date D]\n"
    "      mz funeral records [--at 设施编码]            火化与安葬记录（减免、奖补）\n";

struct fcli {
    struct registry *reg;
    struct cli_mon_data data;
    struct auth_user user;
    char actor[80];
    struct funeral_env env;
};

static int open_all(struct cli *c, struct fcli *f, const char *account)
{
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &f->reg)))
        return bad;
    if ((bad = cli_as_account(c, f->reg, account, &f->user, f->actor)) ||
        (bad = cli_mon_load(&f->data, f->reg, f->actor))) {
        reg_close(f->reg);
        return bad;
    }
    reg_set_actor(f->reg, f->actor);
    f->env = (struct funeral_env){f->reg, f->data.set, f->data.cal};
    return 0;
}

static void close_all(struct fcli *f)
{
    cli_mon_free(&f->data);
    reg_close(f->reg);
}

static int scope_of(struct fcli *f, const char *division, char prefixes[][13])
{
    if (division && *division) {
        snprintf(prefixes[0], 13, "%.12s", division);
        return 1;
    }
    if (!f->user.name[0])
        return 0;
    int n = 0;
    snprintf(prefixes[n++], 13, "%s", f->user.division);
    for (int i = 0; i < f->user.nscope && n < AUTH_SCOPE_MAX; i++)
        if (strcmp(f->user.scope[i], f->user.division) != 0)
            snprintf(prefixes[n++], 13, "%s", f->user.scope[i]);
    return n;
}

static int may_write(struct fcli *f, struct mz_err *err)
{
    if (f->user.name[0] && !auth_role_can_write(f->user.role))
        return mz_fail(err, "read_only", "账户“%s”只能查看", f->user.name);
    return 0;
}

static mz_date day_opt(struct cli *c)
{
    const char *t = cli_opt(c, "date", NULL);
    return t ? date_parse(t) : date_today();
}

/* The person of an ID number (in the account's scope). */
static int person_of(struct fcli *f, const char *id, int64_t *pid, struct mz_err *err)
{
    int found = reg_person_find(f->reg, id ? id : "", pid, err);
    if (found < 0)
        return -1;
    struct person_row p;
    if (found && (found = rs_person_get(reg_db(f->reg), *pid, &p, err)) < 0)
        return -1;
    char masked[19];
    idcard_mask(id ? id : "", masked);
    if (!found || (f->user.name[0] && !auth_in_scope(&f->user, p.division)))
        return mz_fail_field(err, "id", "unknown_person", "没有身份证号为 %s 的人员%s", masked,
                             f->user.name[0] ? "（或不在账户的管辖范围）" : "");
    return 0;
}

static int facility_of(struct fcli *f, const char *code, int64_t *id, struct mz_err *err)
{
    int found = fs_facility_by_code(reg_db(f->reg), code ? code : "", id, err);
    return found < 0 ? -1
           : found   ? 0
                     : mz_fail_field(err, "at", "not_found", "没有编码为“%s”的殡葬设施", code ? code : "");
}

/* ---- mz death ---------------------------------------------------------- */

static void print_summary(const char *summary)
{
    json_error_t je;
    json_t *items = json_loads(summary, 0, &je);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        printf("  · %s：%s\n", json_string_value(json_object_get(it, "label")),
               json_string_value(json_object_get(it, "detail")));
    json_decref(items);
}

static int print_report(void *ctx, const struct death_report_row *r)
{
    (void)ctx;
    printf("  %s %s%s%s%s%s\n", r->died_on, fun_source_label(r->source),
           r->certificate_no[0] ? " 编号 " : "", r->certificate_no, r->first ? "" : "（再次报告，未重复办理）",
           r->place[0] ? "" : "");
    return 0;
}

static int d_show(struct fcli *f, const char *id, struct mz_err *err)
{
    int64_t pid;
    if (person_of(f, id, &pid, err) < 0)
        return -1;
    struct db *db = reg_db(f->reg);
    struct death_row d;
    int found = fs_death_get(db, pid, &d, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "此人没有死亡登记");
    printf("%s（%s）%s 死亡；身后一件事（%s）：\n", d.name, d.id_masked, d.died_on,
           fun_source_label(d.source));
    print_summary(d.summary);
    printf("死亡报告：\n");
    if (fs_reports_of(db, pid, print_report, NULL, err) < 0)
        return -1;
    struct burial_row b;
    if (fs_burial_of(db, pid, &b, err) > 0) {
        char fee[32], waived[32], reward[32];
        pay_yuan(b.fees, fee);
        pay_yuan(b.waived, waived);
        pay_yuan(b.reward, reward);
        if (b.cremation_id)
            printf("火化：%s %s，火化证明 %s，费用 %s 元，减免 %s 元（%s）\n", b.cremated_on,
                   b.cremation_facility_name, b.cert_no, fee, waived, b.waiver_basis);
        if (b.placement_id)
            printf("安葬：%s %s%s%s，奖补 %s 元\n", b.placed_on, b.method,
                   b.placement_facility_name[0] ? "，" : "", b.placement_facility_name, reward);
    }
    return 0;
}

static int print_death(void *ctx, const struct death_row *d)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t%s\n", d->died_on, d->name, d->id_masked, d->division,
           fun_source_label(d->source));
    return 0;
}

int cmd_death(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    bool ok = ((strcmp(sub, "register") == 0 || strcmp(sub, "list") == 0 ||
                strcmp(sub, "sweep") == 0) &&
               c->nargs == 1) ||
              (strcmp(sub, "show") == 0 && c->nargs == 2);
    if (!ok) {
        fputs(death_usage, stderr);
        return 2;
    }
    struct fcli f = {0};
    const char *account = cli_opt(c, "as", NULL);
    static const char *const opts[] = {"id", "date", "source", "certificate", "place",
                                       "division", "name", NULL};
    for (int i = 0; opts[i]; i++)
        cli_opt(c, opts[i], NULL);
    cli_mon_options(c, &f.data);
    int bad = open_all(c, &f, account);
    if (bad)
        return bad;
    struct mz_err err = {0};
    int rc = 0;
    if (strcmp(sub, "register") == 0) {
        int64_t pid;
        struct fun_cascade_out out;
        const char *day = cli_opt(c, "date", NULL);
        struct fun_death_in in = {cli_opt(c, "id", NULL), day ? date_parse(day) : MZ_DATE_NONE,
                                  cli_opt(c, "source", "medical"), cli_opt(c, "certificate", NULL),
                                  cli_opt(c, "place", NULL), f.actor};
        rc = may_write(&f, &err) < 0 || person_of(&f, in.id_number, &pid, &err) < 0
                 ? -1
                 : fun_death_register(&f.env, &in, &pid, &out, &err);
        if (rc == 0 && out.cascaded)
            printf("已登记死亡并办理身后一件事：停发待遇 %d 项，终止案件 %d 件，转交案件 %d 件，"
                   "取消服务订单 %d 个%s%s\n",
                   out.benefits_stopped, out.cases_closed, out.cases_reassigned,
                   out.orders_cancelled, out.marriage_ended ? "，婚姻关系终止" : "",
                   out.recheck_opened ? "，已开启家庭复核" : "");
        else if (rc == 0)
            printf("此人的死亡已登记并办理过身后一件事：本次报告已记录，未重复办理\n");
    } else if (strcmp(sub, "show") == 0) {
        rc = d_show(&f, c->args[1], &err);
    } else if (strcmp(sub, "list") == 0) {
        char prefixes[AUTH_SCOPE_MAX][13];
        int n = scope_of(&f, cli_opt(c, "division", NULL), prefixes);
        int64_t total;
        rc = fs_death_list(reg_db(f.reg), (const char(*)[13])prefixes, n, cli_opt(c, "name", ""), 1,
                           100, print_death, NULL, &total, &err);
        if (rc == 0)
            printf("共 %" PRId64 " 人\n", total);
    } else {
        int64_t n;
        rc = may_write(&f, &err) < 0 ? -1 : fun_sweep(&f.env, f.actor, &n, &err);
        if (rc == 0)
            printf("补办身后一件事：%" PRId64 " 人\n", n);
    }
    close_all(&f);
    return rc < 0 ? cli_fail(&err) : 0;
}

/* ---- mz funeral -------------------------------------------------------- */

static int print_facility(void *ctx, const struct facility_row *r)
{
    (void)ctx;
    const char *lic = fun_licence_state(r->licence_no, r->licence_until, date_today());
    printf("%s\t%s\t%s\t%s\t许可 %s%s%s\t火化 %" PRId64 "\t安放 %" PRId64 "%s%" PRId64
           "\t未办结投诉 %" PRId64 "\n",
           r->code, r->name, fun_kind_label(r->kind), r->division, fun_licence_label(lic),
           r->licence_until[0] ? " 至 " : "", r->licence_until, r->cremations, r->placements,
           r->capacity ? "/" : "", r->capacity, r->open_complaints);
    return 0;
}

static int print_complaint(void *ctx, const struct complaint_row *r)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%s\t%s：%s\t%s%s%s\n", r->id, r->received_on, r->facility_name,
           r->complainant, r->text, strcmp(r->state, "open") == 0 ? "待处理" : "已办结",
           r->outcome[0] ? "：" : "", r->outcome);
    return 0;
}

static int print_burial(void *ctx, const struct burial_row *b)
{
    (void)ctx;
    char fee[32], waived[32], reward[32];
    pay_yuan(b->fees, fee);
    pay_yuan(b->waived, waived);
    pay_yuan(b->reward, reward);
    printf("%s\t%s\t死亡 %s\t火化 %s %s（%s 元，减免 %s 元）\t安葬 %s %s %s（奖补 %s 元）\n", b->name,
           b->id_masked, b->died_on, b->cremated_on[0] ? b->cremated_on : "—",
           b->cremation_facility_name, fee, waived, b->placed_on[0] ? b->placed_on : "—",
           b->method, b->placement_facility_name, reward);
    return 0;
}

int cmd_funeral(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    bool ok = ((strcmp(sub, "facility") == 0 || strcmp(sub, "facilities") == 0 ||
                strcmp(sub, "complaints") == 0 || strcmp(sub, "cremate") == 0 ||
                strcmp(sub, "place") == 0 || strcmp(sub, "records") == 0) &&
               c->nargs == 1) ||
              (strcmp(sub, "price") == 0 && c->nargs == 4) ||
              ((strcmp(sub, "complaint") == 0 || strcmp(sub, "complaint-close") == 0) &&
               c->nargs == 2);
    if (!ok) {
        fputs(funeral_usage, stderr);
        return 2;
    }
    struct fcli f = {0};
    const char *account = cli_opt(c, "as", NULL);
    static const char *const opts[] = {"code", "name", "kind", "division", "address", "licence",
                                       "licence-until", "approved-by", "capacity", "unit", "by",
                                       "text", "date", "outcome", "id", "at", "services",
                                       "method", "plot", NULL};
    for (int i = 0; opts[i]; i++)
        cli_opt(c, opts[i], NULL);
    bool basic = cli_flag(c, "basic");
    cli_mon_options(c, &f.data);
    int bad = open_all(c, &f, account);
    if (bad)
        return bad;
    struct mz_err err = {0};
    int rc = strcmp(sub, "facilities") && strcmp(sub, "complaints") && strcmp(sub, "records")
                 ? may_write(&f, &err)
                 : 0;
    int64_t id = 0, pid = 0, fid = 0;
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = scope_of(&f, cli_opt(c, "division", NULL), prefixes);
    if (rc < 0) {
    } else if (strcmp(sub, "facility") == 0) {
        const char *cap = cli_opt(c, "capacity", "0");
        struct fun_facility_in in = {cli_opt(c, "code", NULL), cli_opt(c, "name", NULL),
                                     cli_opt(c, "kind", NULL), cli_opt(c, "division", NULL),
                                     cli_opt(c, "address", ""), cli_opt(c, "licence", ""),
                                     cli_opt(c, "licence-until", ""), cli_opt(c, "approved-by", ""),
                                     atoll(cap), f.actor};
        rc = fun_facility_put(&f.env, &in, &id, &err);
        if (rc == 0)
            printf("已登记殡葬设施 %s（编号 %" PRId64 "）\n", in.code, id);
    } else if (strcmp(sub, "facilities") == 0) {
        rc = fs_facility_list(reg_db(f.reg), (const char(*)[13])prefixes, n, cli_opt(c, "kind", ""),
                              print_facility, NULL, &err);
    } else if (strcmp(sub, "price") == 0) {
        rc = facility_of(&f, c->args[1], &fid, &err) < 0
                 ? -1
                 : fun_price_put(&f.env, fid, c->args[2], c->args[3], cli_opt(c, "unit", "次"), basic,
                                 f.actor, &err);
        if (rc == 0)
            printf("已公布收费：%s %s 元\n", c->args[2], c->args[3]);
    } else if (strcmp(sub, "complaint") == 0) {
        rc = facility_of(&f, c->args[1], &fid, &err) < 0
                 ? -1
                 : fun_complaint_add(&f.env, fid, day_opt(c), cli_opt(c, "by", NULL),
                                     cli_opt(c, "text", NULL), f.actor, &id, &err);
        if (rc == 0)
            printf("已登记投诉 %" PRId64 "（转区县民政局办理）\n", id);
    } else if (strcmp(sub, "complaint-close") == 0) {
        rc = fun_complaint_close(&f.env, atoll(c->args[1]), cli_opt(c, "outcome", NULL), f.actor, &err);
        if (rc == 0)
            printf("投诉 %s 已办结\n", c->args[1]);
    } else if (strcmp(sub, "complaints") == 0) {
        rc = fs_complaint_list(reg_db(f.reg), (const char(*)[13])prefixes, n, 0, print_complaint,
                               NULL, &err);
    } else if (strcmp(sub, "cremate") == 0) {
        struct fun_cremation_out out;
        rc = person_of(&f, cli_opt(c, "id", NULL), &pid, &err) < 0 ||
                     facility_of(&f, cli_opt(c, "at", NULL), &fid, &err) < 0
                 ? -1
                 : fun_cremate(&f.env,
                               &(struct fun_cremation_in){pid, fid, day_opt(c),
                                                          cli_opt(c, "services", NULL), f.actor},
                               &out, &err);
        if (rc == 0) {
            char fee[32], waived[32];
            pay_yuan(out.fees, fee);
            pay_yuan(out.waived, waived);
            printf("已登记火化，火化证明 %s：费用 %s 元，减免 %s 元（%s）\n", out.cert_no, fee, waived,
                   out.basis);
        }
    } else if (strcmp(sub, "place") == 0) {
        const char *at = cli_opt(c, "at", NULL);
        int64_t reward = 0;
        rc = person_of(&f, cli_opt(c, "id", NULL), &pid, &err) < 0 ||
                     (at && facility_of(&f, at, &fid, &err) < 0)
                 ? -1
                 : fun_place(&f.env,
                             &(struct fun_placement_in){pid, fid, day_opt(c), cli_opt(c, "method", NULL),
                                                        cli_opt(c, "plot", NULL), f.actor},
                             &id, &reward, &err);
        if (rc == 0) {
            char r[32];
            pay_yuan(reward, r);
            printf("已登记安葬（%s），节地生态安葬奖补 %s 元\n", cli_opt(c, "method", ""), r);
        }
    } else {
        const char *at = cli_opt(c, "at", NULL);
        rc = at && facility_of(&f, at, &fid, &err) < 0
                 ? -1
                 : fs_burial_list(reg_db(f.reg), (const char(*)[13])prefixes, n, fid, print_burial,
                                  NULL, &err);
    }
    close_all(&f);
    return rc < 0 ? cli_fail(&err) : 0;
}
