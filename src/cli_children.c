/* Child-welfare commands: mz children list|classify|show|visit (困境儿童,
 * 儿童主任's visits). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "children/entitle.h"
#include "children/kunjing.h"
#include "children/visit.h"
#include "cli.h"
#include "monitor/monitor.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/regstore.h"

static const char children_usage[] =
    "用法：mz children list [--division 区划] [--date D] [--overdue] [--as 账户]\n"
    "                                        困境儿童名单（类别、最近探访、是否逾期）\n"
    "      mz children classify [--division 区划] [--date D] [--as 账户]\n"
    "                                        按政策认定困境儿童，类别变化的建立档案记录\n"
    "      mz children entitlements [--division 区划] [--date D] [--as 账户]\n"
    "                                        按政策更新孤儿、事实无人抚养儿童的教育和医疗保障起止\n"
    "      mz children show --id 身份证号 [--date D] [--as 账户]   儿童档案（记入审计日志）\n"
    "      mz children visit --id 身份证号 --date D --kind 入户探访|电话联系|监护指导|心理健康转介\n"
    "                        [--visitor 探访人] [--findings 情况] [--as 账户]   登记探访、指导或转介\n";

struct children_cli {
    const char *id, *date, *kind, *visitor, *findings, *division;
    bool overdue;
    mz_date day;
    struct registry *reg;
    struct cli_mon_data data;
    struct auth_user user;
    char actor[80];
};

/* Puts the command-line option of the field at fault in front of err's
 * message (the field visited_on is --date, person --id). */
static int name_option(struct mz_err *err)
{
    if (!err->field[0]) return -1;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "--%s：%.400s",
             strcmp(err->field, "visited_on") == 0 ? "date"
             : strcmp(err->field, "person") == 0   ? "id"
                                                   : err->field,
             err->msg);
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    return -1;
}

/* The person of --id, in the account's scope (when --as names one). */
static int person_of(struct children_cli *v, int64_t *pid, struct mz_err *err)
{
    int found = reg_person_find(v->reg, v->id, pid, err);
    if (found < 0) return -1;
    struct person_row p;
    if (found && (found = rs_person_get(reg_db(v->reg), *pid, &p, err)) < 0) return -1;
    char masked[19];
    idcard_mask(v->id, masked);
    if (!found || (v->user.name[0] && !auth_in_scope(&v->user, p.division)))
        return mz_fail_field(err, "id", "unknown_person", "没有身份证号为 %s 的人员%s", masked,
                             v->user.name[0] ? "（或不在账户的管辖范围）" : "");
    return 0;
}

static void print_child(const struct kj_child *c)
{
    char last[16] = "从未探访", due[16];
    if (c->last_contact != MZ_DATE_NONE) date_format(c->last_contact, last);
    date_format(c->visit_due, due);
    printf("%s\t%s\t%d岁\t%s\t%s\t最近探访 %s\t%s\n", c->division, c->name, c->age, c->id_masked,
           c->reasons, last, c->overdue ? "【探访逾期】" : due);
}

static int list(struct children_cli *v, struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = cli_scope_prefixes(&v->user, v->division, prefixes, err);
    if (n < 0) return -1;
    struct kj_list l;
    if (kj_list(v->reg, v->data.set, (const char(*)[13])prefixes, n, v->day, &l, err) < 0)
        return -1;
    for (size_t i = 0; i < l.n; i++)
        if (!v->overdue || l.children[i].overdue) print_child(&l.children[i]);
    printf("困境儿童 %zu 名，探访逾期 %zu 名", l.n, l.overdue);
    for (int i = 0; l.n && i < KJ_NCATEGORIES; i++)
        printf("%s%s %zu", i ? "，" : "（", l.labels[i], l.by_category[i]);
    puts(l.n ? "）" : "");
    kj_list_free(&l);
    return 0;
}

static int classify(struct children_cli *v, struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = cli_scope_prefixes(&v->user, v->division, prefixes, err);
    if (n < 0) return -1;
    size_t recorded;
    if (kj_record(v->reg, v->data.set, (const char(*)[13])prefixes, n, v->day, v->actor,
                  &recorded, err) < 0)
        return -1;
    printf("已建立或变更困境儿童档案 %zu 份\n", recorded);
    return 0;
}

static int entitlements(struct children_cli *v, struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = cli_scope_prefixes(&v->user, v->division, prefixes, err);
    if (n < 0) return -1;
    size_t opened, closed;
    if (ent_refresh(v->reg, v->data.set, (const char(*)[13])prefixes, n, v->day, v->actor,
                    &opened, &closed, err) < 0)
        return -1;
    printf("孤儿保障：新增 %zu 项，终止 %zu 项\n", opened, closed);
    return 0;
}

struct ent_print {
    const char *labels[ENT_NKINDS];
};

static int print_entitlement(void *ctx, const struct entitlement_row *e)
{
    const struct ent_print *p = ctx;
    size_t n;
    const struct ent_kind *k = ent_kinds(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(e->kind, k[i].name) == 0)
            printf("  %s\t%s 至 %s\t依据：%s\n", p->labels[i], e->start_on,
                   e->end_on[0] ? e->end_on : "今", k[i].source);
    return 0;
}

static int print_record(void *ctx, const struct child_record_row *r)
{
    (void)ctx;
    printf("  %s\t%s\n", r->as_of, r->reasons[0] ? r->reasons : "不再属于困境儿童");
    return 0;
}

static int print_visit(void *ctx, const struct child_visit_row *r)
{
    (void)ctx;
    printf("  %s\t%s\t%s\t%s\n", r->visited_on, r->kind, r->visitor, r->findings);
    return 0;
}

static int show(struct children_cli *v, struct mz_err *err)
{
    int64_t pid;
    struct kj_child c;
    bool found;
    if (person_of(v, &pid, err) < 0 || kj_get(v->reg, v->data.set, pid, v->day, &c, &found, err) < 0 ||
        kj_audit_view(v->reg, pid, v->actor, err) < 0)
        return -1;
    if (found)
        print_child(&c);
    else
        puts("该日不属于困境儿童");
    puts("档案记录：");
    if (chs_records_of(reg_db(v->reg), pid, 50, print_record, NULL, err) < 0) return -1;
    puts("探访、监护指导和转介：");
    if (chs_visits_of(reg_db(v->reg), pid, 100, print_visit, NULL, err) < 0) return -1;
    struct ent_print p;
    if (ent_labels(v->data.set, p.labels, err) < 0) return -1;
    puts("教育和医疗保障：");
    return chs_ents_of(reg_db(v->reg), pid, print_entitlement, &p, err) < 0 ? -1 : 0;
}

static int visit(struct children_cli *v, struct mz_err *err)
{
    if (v->user.name[0] && !auth_role_can_write(v->user.role))
        return mz_fail(err, "read_only", "账户“%s”只能查看，不能登记探访", v->user.name);
    struct child_visit_in in = {.visited_on = v->date,
                                .kind = v->kind,
                                .visitor = v->visitor ? v->visitor : v->user.name,
                                .findings = v->findings};
    if (person_of(v, &in.person_id, err) < 0) return -1;
    struct mon_env env = {v->reg, v->data.set, v->data.cal};
    int64_t id;
    if (child_visit_record(&env, &in, v->actor, &id, err) < 0) return -1;
    printf("已登记%s记录 %" PRId64 "\n", v->kind, id);
    return 0;
}

int cmd_children(struct cli *c)
{
    const char *sub = c->nargs == 1 ? c->args[0] : "";
    bool ok = strcmp(sub, "list") == 0 || strcmp(sub, "classify") == 0 ||
              strcmp(sub, "entitlements") == 0 ||
              (strcmp(sub, "show") == 0 && cli_opt(c, "id", NULL)) ||
              (strcmp(sub, "visit") == 0 && cli_opt(c, "id", NULL));
    if (!ok) {
        fputs(children_usage, stderr);
        return 2;
    }
    struct children_cli v = {.id = cli_opt(c, "id", NULL),
                             .date = cli_opt(c, "date", NULL),
                             .kind = cli_opt(c, "kind", NULL),
                             .visitor = cli_opt(c, "visitor", NULL),
                             .findings = cli_opt(c, "findings", NULL),
                             .division = cli_opt(c, "division", ""),
                             .overdue = cli_flag(c, "overdue")};
    const char *account = cli_opt(c, "as", NULL);
    cli_mon_options(c, &v.data);
    int bad = cli_unused(c);
    if (bad) return bad;
    v.day = date_today();
    if (strcmp(sub, "visit") != 0 && v.date && (v.day = date_parse(v.date)) == MZ_DATE_NONE) {
        fprintf(stderr, "错误：--date 应为 YYYY-MM-DD，实为“%s”\n", v.date);
        return 2;
    }
    if ((bad = cli_open_registry(c, &v.reg))) return bad;
    if ((bad = cli_as_account(c, v.reg, account, &v.user, v.actor)) ||
        (bad = cli_mon_load(&v.data, v.reg, v.actor))) {
        reg_close(v.reg);
        return bad;
    }
    reg_set_actor(v.reg, v.actor);
    struct mz_err err = {0};
    int rc = strcmp(sub, "list") == 0       ? list(&v, &err)
             : strcmp(sub, "classify") == 0 ? classify(&v, &err)
             : strcmp(sub, "entitlements") == 0 ? entitlements(&v, &err)
             : strcmp(sub, "show") == 0     ? show(&v, &err)
                                            : visit(&v, &err);
    cli_mon_free(&v.data);
    reg_close(v.reg);
    return rc < 0 ? (name_option(&err), cli_fail(&err)) : 0;
}
