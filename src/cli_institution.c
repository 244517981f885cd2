/* Child-welfare institution commands: mz institution add|list|show|admit|
 * move|leave|service|history|bind (儿童福利机构, 未成年人救助保护机构). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "children/institution.h"
#include "cli.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/institstore.h"
#include "store/regstore.h"

static const char institution_usage[] =
    "用法：mz institution add --name 名称 --kind welfare|protection --division 区划 --capacity 床位\n"
    "                         --licence 批准文号       登记儿童福利机构、未成年人救助保护机构\n"
    "      mz institution list [--division 区划]        机构名单（核定床位、在院人数）\n"
    "      mz institution show 机构编号 [--all]          在院儿童（--all 含已离院）\n"
    "      mz institution admit 机构编号 --id 身份证号 --date D --reason 原因 --source 来源   入院安置\n"
    "      mz institution move --id 身份证号 --to 机构编号 --date D          转院\n"
    "      mz institution leave --id 身份证号 --date D --destination 去向     离院\n"
    "      mz institution service --id 身份证号 --kind medical|education|rehab|psych --date D\n"
    "                             --note 服务内容     登记医疗、教育、康复、心理服务\n"
    "      mz institution history --id 身份证号          安置经历和服务（记入审计日志）\n"
    "      mz institution bind 账户 机构编号             儿童福利机构账户绑定本机构\n";

struct inst_cli {
    struct cli *c;
    struct registry *reg;
    char actor[80];
};

/* Puts the command-line option of the field at fault in front of err's
 * message (person is --id, the days are --date, institution --to, or the
 * argument 机构编号 of admit, show and bind). */
static int name_option(const char *sub, struct mz_err *err)
{
    static const char *const map[][2] = {
        {"person", "id"},      {"admitted_on", "date"}, {"moved_on", "date"}, {"left_on", "date"},
        {"served_on", "date"}, {"institution", "to"}};
    if (!err->field[0]) return -1;
    const char *opt = err->field;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(err->field, map[i][0]) == 0) opt = map[i][1];
    char msg[sizeof err->msg];
    if (strcmp(opt, "to") == 0 && strcmp(sub, "move") != 0)
        snprintf(msg, sizeof msg, "机构编号：%.400s", err->msg);
    else
        snprintf(msg, sizeof msg, "--%s：%.400s", opt, err->msg);
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    return -1;
}

/* The person of --id. */
static int person_of(struct inst_cli *v, int64_t *pid, struct mz_err *err)
{
    const char *id = cli_opt(v->c, "id", "");
    int found = reg_person_find(v->reg, id, pid, err);
    if (found < 0) return -1;
    char masked[19];
    idcard_mask(id, masked);
    return found ? 0 : mz_fail_field(err, "id", "unknown_person", "没有身份证号为 %s 的人员", masked);
}

/* An institution number from text (an argument or --to). */
static int inst_id(const char *text, const char *field, int64_t *id, struct mz_err *err)
{
    char *end = NULL;
    long long n = text ? strtoll(text, &end, 10) : 0;
    if (!text || end == text || *end || n <= 0)
        return mz_fail_field(err, field, "invalid_value", "机构编号应为正整数，实为“%.20s”",
                             text ? text : "");
    *id = n;
    return 0;
}

static int print_inst(void *ctx, const struct inst_row *r)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%s\t%s\t核定床位 %" PRId64 "\t在院 %" PRId64 "\t%s\n", r->id, r->name,
           inst_kind_label(r->kind), r->division, r->capacity, r->occupancy, r->licence);
    return 0;
}

static int print_placement(void *ctx, const struct placement_row *r)
{
    (void)ctx;
    printf("  %s\t%s\t%s\t入院 %s（%s，%s）", r->name, r->id_masked, r->institution,
           r->admitted_on, r->reason, r->source);
    if (r->left_on[0]) printf("\t离院 %s，去向%s", r->left_on, r->destination);
    putchar('\n');
    return 0;
}

static int print_service(void *ctx, const struct inst_service_row *s)
{
    (void)ctx;
    printf("  %s\t%s\t%s\t%s\n", s->served_on, s->institution, inst_service_label(s->kind),
           s->note);
    return 0;
}

static int run(struct inst_cli *v, const char *sub, struct mz_err *err)
{
    struct cli *c = v->c;
    struct db *db = reg_db(v->reg);
    int64_t id = 0, pid = 0, rid = 0;
    if (strcmp(sub, "add") == 0) {
        struct inst_in in = {cli_opt(c, "name", NULL), cli_opt(c, "kind", NULL),
                             cli_opt(c, "division", NULL), cli_opt(c, "capacity", NULL),
                             cli_opt(c, "licence", NULL)};
        if (inst_add(v->reg, &in, v->actor, &id, err) < 0) return -1;
        printf("已登记机构 %" PRId64 "：%s\n", id, in.name);
        return 0;
    }
    if (strcmp(sub, "list") == 0) {
        char prefix[1][13];
        snprintf(prefix[0], sizeof prefix[0], "%.12s", cli_opt(c, "division", ""));
        return ins_list(db, (const char(*)[13])prefix, 1, print_inst, NULL, err) < 0 ? -1 : 0;
    }
    if (strcmp(sub, "show") == 0) {
        struct inst_row r;
        int found = inst_id(c->args[1], "institution", &id, err) < 0 ? -1 : ins_get(db, id, &r, err);
        if (found <= 0)
            return found < 0 ? -1 : mz_fail(err, "unknown_institution", "没有机构 %" PRId64, id);
        print_inst(NULL, &r);
        return ins_placements_in(db, id, !cli_flag(c, "all"), print_placement, NULL, err) < 0 ? -1
                                                                                              : 0;
    }
    if (strcmp(sub, "bind") == 0) {
        struct inst_row r;
        int found = inst_id(c->args[2], "institution", &id, err) < 0 ? -1 : ins_get(db, id, &r, err);
        if (found <= 0)
            return found < 0 ? -1 : mz_fail(err, "unknown_institution", "没有机构 %" PRId64, id);
        if (auth_user_bind_institution(v->reg, v->actor, c->args[1], id, err) < 0) return -1;
        printf("账户“%s”已绑定 %s\n", c->args[1], r.name);
        return 0;
    }
    if (person_of(v, &pid, err) < 0) return -1;
    const char *date = cli_opt(c, "date", NULL);
    if (strcmp(sub, "admit") == 0) {
        struct inst_admit_in in = {pid, 0, date, cli_opt(c, "reason", NULL),
                                   cli_opt(c, "source", NULL)};
        if (inst_id(c->args[1], "institution", &in.institution_id, err) < 0 ||
            inst_admit(v->reg, &in, v->actor, &rid, err) < 0)
            return -1;
        printf("已入院安置（安置记录 %" PRId64 "）\n", rid);
    } else if (strcmp(sub, "move") == 0) {
        if (inst_id(cli_opt(c, "to", NULL), "institution", &id, err) < 0 ||
            inst_move(v->reg, pid, id, date, v->actor, &rid, err) < 0)
            return -1;
        printf("已转院（安置记录 %" PRId64 "）\n", rid);
    } else if (strcmp(sub, "leave") == 0) {
        if (inst_leave(v->reg, pid, date, cli_opt(c, "destination", NULL), v->actor, err) < 0)
            return -1;
        puts("已办理离院");
    } else if (strcmp(sub, "service") == 0) {
        if (inst_service(v->reg, pid, cli_opt(c, "kind", NULL), date, cli_opt(c, "note", NULL),
                         v->actor, &rid, err) < 0)
            return -1;
        printf("已登记服务 %" PRId64 "\n", rid);
    } else {
        if (inst_audit_view(v->reg, pid, v->actor, err) < 0) return -1;
        puts("安置经历：");
        if (ins_placements_of(db, pid, print_placement, NULL, err) < 0) return -1;
        puts("服务记录：");
        return ins_services_of(db, pid, print_service, NULL, err) < 0 ? -1 : 0;
    }
    return 0;
}

int cmd_institution(struct cli *c)
{
    static const struct {
        const char *name;
        int nargs;
        bool by_id; /* needs --id */
    } subs[] = {{"add", 1, false},  {"list", 1, false},   {"show", 2, false},
                {"bind", 3, false}, {"admit", 2, true},   {"move", 1, true},
                {"leave", 1, true}, {"service", 1, true}, {"history", 1, true}};
    const char *sub = c->nargs ? c->args[0] : "";
    bool ok = false;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        ok |= strcmp(sub, subs[i].name) == 0 && c->nargs == subs[i].nargs &&
              (!subs[i].by_id || cli_opt(c, "id", NULL));
    if (!ok) {
        fputs(institution_usage, stderr);
        return 2;
    }
    struct inst_cli v = {.c = c};
    /* read every option before cli_unused */
    static const char *const opts[] = {"name",   "kind", "division", "capacity", "licence", "id",
                                       "date",   "reason", "source", "to", "destination", "note"};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) cli_opt(c, opts[i], NULL);
    cli_flag(c, "all");
    int bad = cli_unused(c);
    if (bad) return bad;
    if ((bad = cli_open_registry(c, &v.reg))) return bad;
    struct auth_user none;
    if ((bad = cli_as_account(c, v.reg, NULL, &none, v.actor))) {
        reg_close(v.reg);
        return bad;
    }
    struct mz_err err = {0};
    int rc = run(&v, sub, &err);
    reg_close(v.reg);
    return rc < 0 ? (name_option(sub, &err), cli_fail(&err)) : 0;
}
