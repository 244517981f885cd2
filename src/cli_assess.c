/* 老年人能力评估 and 长期护理保险 commands: mz assess form|import|show,
 * mz ltc show. The rules live in src/care and the policies. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "care/assess.h"
#include "care/ltc.h"
#include "cli.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/registry.h"

static const char assess_usage[] =
    "用法：mz assess form                         评估表：各维度的项目、分值范围、等级和调整规则\n"
    "      mz assess import FILE [--as 账户]      登记评估（CSV/XLSX，全部无误才登记）\n"
    "      mz assess show 身份证号                 某人的评估记录（最新在前）\n"
    "导入文件的列：身份证号,评估日期,评估原因,评估员1,评估员2, 然后每个项目一列（列名为项目名称，\n"
    "如“进食”），以及“昏迷”“确诊痴呆或…”“近30天照护风险事件次数…”（列名见 mz assess form）。\n";

static const char ltc_usage[] =
    "用法：mz ltc show 身份证号 [--date YYYY-MM-DD]   长期护理保险状态与特困照料护理补贴\n";

static void print_form(const struct pol_scale *sc)
{
    printf("%s（%s），满分 %d 分\n", sc->label, sc->source, sc->max_total);
    const char *dim = NULL;
    for (int i = 0; i < sc->nitems; i++) {
        if (!dim || strcmp(dim, sc->items[i].dimension) != 0)
            printf("%s\n", dim = sc->items[i].dimension);
        printf("  ");
        cli_print_padded(stdout, sc->items[i].label, 18);
        printf("%d–%d 分\n", sc->items[i].lo, sc->items[i].hi);
    }
    puts("等级变更的记录：");
    for (int k = 0; k < sc->nconds; k++)
        printf("  %s（%s）\n", sc->conds[k].label, sc->conds[k].is_count ? "次数" : "是/否");
    puts("等级：");
    for (int l = 0; l < sc->nlevels; l++)
        printf("  %-6d–%3d 分  %s\n", sc->levels[l].lo, sc->levels[l].hi, sc->levels[l].label);
    puts("调整规则：");
    for (int a = 0; a < sc->nadjusts; a++)
        printf("  %s（%s）\n", sc->adjusts[a].label, sc->adjusts[a].cite);
}

static int print_assessment(void *ctx, const struct assessment_row *r)
{
    (void)ctx;
    printf("评估 %" PRId64 "  %s  %s评估  评估员 %s、%s\n", r->id, r->assessed_on, r->reason,
           r->assessor1, r->assessor2);
    printf("  总分 %d，初步等级 %s，最终等级 %s；下次复评 %s\n", r->total, r->preliminary,
           r->final_level, r->next_due);
    for (const char *p = r->reasons; *p;) {
        size_t n = strcspn(p, "\n");
        printf("  等级变更依据：%.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
    return 0;
}

/* The person of an ID number: 0, or -1 with a message. */
static int find_person(struct registry *r, const char *id_number, int64_t *pid, struct mz_err *err)
{
    int found = reg_person_find(r, id_number, pid, err);
    if (found == 0) return mz_fail(err, "not_found", "登记库中没有该身份证号的人员");
    return found < 0 ? -1 : 0;
}

static void print_ltc(const struct ltc_status *s)
{
    printf("能力等级：%s\n", s->level[0] ? s->level : "未评估");
    printf("长期护理保险：%s%s%s\n", s->insured ? "享受待遇" : "未享受",
           s->mode[0] ? "，护理方式 " : "", s->mode);
    if (s->monthly > 0)
        printf("长护险月待遇：%" PRId64 ".%02" PRId64 " 元（日待遇 %" PRId64 ".%02" PRId64
               " 元，医保基金支付）\n",
               s->monthly / 100, s->monthly % 100, s->daily_rate / 100, s->daily_rate % 100);
    else
        puts(s->insured ? "长护险月待遇：无（该失能等级和护理方式没有可查证的日待遇标准）"
                        : "长护险月待遇：无");
    if (s->tekun)
        printf("特困供养：月 %" PRId64 ".%02" PRId64
               " 元（照料护理补贴已扣除长护险为同一护理支付的部分）\n",
               s->tekun_amount / 100, s->tekun_amount % 100);
}

int cmd_assess(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    bool ok = (strcmp(sub, "form") == 0 && c->nargs == 1) ||
              (strcmp(sub, "import") == 0 && c->nargs == 2) ||
              (strcmp(sub, "show") == 0 && c->nargs == 2);
    if (!ok) {
        fputs(assess_usage, stderr);
        return 2;
    }
    const char *account = cli_opt(c, "as", NULL);
    struct cli_mon_data data;
    cli_mon_options(c, &data);
    struct registry *r;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &r))) return bad;
    struct auth_user user;
    char as[80];
    if (cli_as_account(c, r, account, &user, as) || cli_mon_load(&data, r, as)) {
        reg_close(r);
        return 1;
    }
    reg_set_actor(r, as);
    struct mz_err err = {0};
    int rc = 0;
    if (strcmp(sub, "form") == 0) {
        const struct pol_scale *sc = assess_scale(data.set, &err);
        rc = sc ? 0 : -1;
        if (sc) print_form(sc);
    } else if (strcmp(sub, "import") == 0) {
        struct mon_env env = {r, data.set, data.cal};
        int64_t n;
        rc = assess_import(&env, c->args[1], as, stderr, &n, &err);
        if (rc == 0) printf("已登记能力评估 %" PRId64 " 份（最终等级已写入登记库）\n", n);
    } else {
        int64_t pid;
        rc = find_person(r, c->args[1], &pid, &err);
        if (rc == 0)
            rc = ast_assessments_of_person(reg_db(r), pid, print_assessment, NULL, &err) < 0 ? -1
                                                                                             : 0;
    }
    cli_mon_free(&data);
    reg_close(r);
    return rc < 0 ? cli_fail(&err) : 0;
}

int cmd_ltc(struct cli *c)
{
    const char *day_text = cli_opt(c, "date", NULL);
    mz_date day = day_text ? date_parse(day_text) : date_today();
    if (c->nargs != 2 || strcmp(c->args[0], "show") != 0 || day == MZ_DATE_NONE) {
        fputs(ltc_usage, stderr);
        return 2;
    }
    char buf[1100];
    const char *dir = cli_setting(c, "policies", buf, sizeof buf);
    struct registry *r;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &r))) return bad;
    struct mz_err err = {0};
    struct pol_set *set = pol_compile_dir(dir, &err);
    int64_t pid;
    struct ltc_status s;
    int rc = !set || find_person(r, c->args[1], &pid, &err) < 0 ||
                     ltc_status(r, set, pid, day, &s, &err) < 0
                 ? -1
                 : 0;
    if (rc == 0) print_ltc(&s);
    pol_set_free(set);
    reg_close(r);
    return rc < 0 ? cli_fail(&err) : 0;
}
