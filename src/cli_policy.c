/* Policy commands: mz policy check|test|dump, mz eval, mz explain. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "cli.h"
#include "policy/evalrun.h"
#include "policy/policy.h"
#include "policy/reform.h"
#include "policy/snapload.h"
#include "io/csv.h"
#include "registry/registry.h"
#include "store/regstore.h"

/* The policy folder: --policies, $MZ_POLICIES, or policies/chongqing. */

int cmd_policy(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    const char *program = cli_opt(c, "program", NULL);
    int bad = cli_unused(c);
    if (bad)
        return bad;
    char buf[1100];
    const char *dir = c->nargs >= 2 ? c->args[1] : cli_setting(c, "policies", buf, sizeof buf);
    if (strcmp(sub, "check") == 0)
        return pol_cmd_check(dir);
    if (strcmp(sub, "test") == 0)
        return pol_cmd_test(dir);
    if (strcmp(sub, "dump") == 0)
        return pol_cmd_dump(dir, program);
    fputs("用法：mz policy check|test|dump [DIR] [--program P]\n", stderr);
    return 2;
}

/* Common options of eval and explain: the policy set and the day. */
struct policy_opts {
    struct pol_set *set;
    struct snap_request req;
};

static int policy_opts_read(struct cli *c, struct policy_opts *o)
{
    memset(o, 0, sizeof *o);
    const char *day = cli_opt(c, "as-of", NULL);
    o->req.as_of = day ? date_parse(day) : date_today();
    if (o->req.as_of == MZ_DATE_NONE) {
        fprintf(stderr, "mz %s: --as-of 应为日期 YYYY-MM-DD，实为“%s”\n", c->cmd, day);
        return 2;
    }
    o->req.known_at = cli_opt(c, "known-at", NULL);
    if (o->req.known_at && strlen(o->req.known_at) < 10) {
        fprintf(stderr, "mz %s: --known-at 应为时间，如 2026-01-05T08:00:00Z，实为“%s”\n", c->cmd,
                o->req.known_at);
        return 2;
    }
    char buf[1100];
    const char *dir = cli_setting(c, "policies", buf, sizeof buf);
    struct mz_err err = {0};
    if (!(o->set = pol_compile_dir(dir, &err)))
        return cli_fail(&err);
    return 0;
}

static void yuan(int64_t fen, char *out, size_t cap)
{
    snprintf(out, cap, "%s%" PRId64 ".%02d", fen < 0 ? "-" : "", (fen < 0 ? -fen : fen) / 100,
             (int)((fen < 0 ? -fen : fen) % 100));
}

/* Evaluates, stores and prints the totals per program. */
static int run_and_print(struct registry *r, const struct pol_set *set,
                         const struct snap_request *req)
{
    struct mz_err err = {0};
    struct eval_summary s;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (eval_run(reg_db(r), set, req, ncpu > 0 ? (int)ncpu : 1, &s, &err) < 0)
        return cli_fail(&err);
    char day[11];
    date_format(req->as_of, day);
    printf("评估 %" PRId64 "：截至 %s，%" PRId64 " 户 %" PRId64 " 人，政策版本 %.16s…\n",
           s.run_id, day, s.households, s.persons, pol_version(set));
    if (s.households == 0) {
        mz_free(s.totals);
        fprintf(stderr,
                "mz eval: 截至 %s 没有任何家庭有在户成员：成员关系的起始日（导入人员时的 --date "
                "或“入户日期”）都晚于该日，或登记库为空\n",
                day);
        return 1;
    }
    printf("读取 %.2f 秒，计算 %.3f 秒，保存 %.2f 秒\n\n", s.load_seconds, s.eval_seconds,
           s.store_seconds);
    cli_print_padded(stdout, "项目", 20);
    cli_print_padded(stdout, "名称", 30);
    printf("%10s %16s\n", "符合", "月金额（元）");
    for (int p = 0; p < s.nprograms; p++) {
        char amount[32];
        yuan(s.totals[p].amount, amount, sizeof amount);
        cli_print_padded(stdout, pol_program_name(set, p), 20);
        cli_print_padded(stdout, pol_program_label(set, p), 30);
        printf("%10" PRId64 " %16s\n", s.totals[p].eligible, amount);
    }
    mz_free(s.totals);
    return 0;
}

int cli_eval(struct cli *c, struct registry *r, mz_date as_of)
{
    char buf[1100];
    const char *dir = cli_setting(c, "policies", buf, sizeof buf);
    struct mz_err err = {0};
    struct pol_set *set = pol_compile_dir(dir, &err);
    if (!set)
        return cli_fail(&err);
    struct snap_request req = {.as_of = as_of};
    int rc = run_and_print(r, set, &req);
    pol_set_free(set);
    return rc;
}

int cmd_eval(struct cli *c)
{
    struct policy_opts o;
    int bad = policy_opts_read(c, &o);
    struct registry *r = NULL;
    if (bad || (bad = cli_unused(c)) || (bad = cli_open_registry(c, &r))) {
        pol_set_free(o.set);
        return bad;
    }
    int rc = run_and_print(r, o.set, &o.req);
    reg_close(r);
    pol_set_free(o.set);
    return rc;
}

int cmd_explain(struct cli *c)
{
    struct policy_opts o;
    const char *program = cli_opt(c, "program", NULL);
    int bad = policy_opts_read(c, &o);
    if (!bad && c->nargs != 1) {
        fputs("用法：mz explain 户编号 [--program P] [--as-of D] [--known-at T]\n", stderr);
        bad = 2;
    }
    int pidx = -1;
    for (int p = 0; !bad && program && pidx < 0 && p < pol_program_count(o.set); p++)
        if (strcmp(pol_program_name(o.set, p), program) == 0 ||
            strcmp(pol_program_label(o.set, p), program) == 0)
            pidx = p;
    if (!bad && program && pidx < 0) {
        fprintf(stderr, "mz explain: 没有名为“%s”的项目；可用的项目（名称或中文名）：\n", program);
        for (int p = 0; p < pol_program_count(o.set); p++)
            fprintf(stderr, "  %-20s %s\n", pol_program_name(o.set, p), pol_program_label(o.set, p));
        bad = 2;
    }
    struct registry *r = NULL;
    if (bad || (bad = cli_unused(c)) || (bad = cli_open_registry(c, &r))) {
        pol_set_free(o.set);
        return bad;
    }
    struct mz_err err = {0};
    struct household_row h;
    int rc = 0;
    int found = rs_household_by_no(reg_db(r), c->args[0], &h, &err);
    if (found <= 0) {
        if (found == 0)
            mz_fail(&err, "not_found", "户编号 %s 不存在", c->args[0]);
        rc = cli_fail(&err);
        goto out;
    }
    o.req.household_id = h.id;
    struct pol_snapshot *snap = snap_load(reg_db(r), o.set, &o.req, NULL, &err);
    if (!snap) {
        rc = cli_fail(&err);
        goto out;
    }
    struct pol_explanation *ex = pol_explain(o.set, snap, 0, pidx, o.req.as_of, &err);
    if (!ex) {
        rc = cli_fail(&err);
    } else {
        printf("户编号 %s（区划 %s），政策版本 %.16s…\n", h.hh_no, h.division, pol_version(o.set));
        pol_explanation_print(ex, stdout);
        pol_explanation_free(ex);
    }
    pol_snapshot_free(snap);
out:
    reg_close(r);
    pol_set_free(o.set);
    return rc;
}

/* ---- simulate --------------------------------------------------------- */

static void print_cells(const struct pol_set *set, const struct reform_report *rep)
{
    int np = pol_program_count(set);
    printf("\n按项目汇总（月金额，元）：\n");
    cli_print_padded(stdout, "项目", 30);
    printf("%8s %8s %16s %16s %16s\n", "新增", "退出", "改革前", "改革后", "增减");
    for (int p = 0; p < np; p++) {
        int64_t gain = 0, lose = 0, before = 0, after = 0;
        for (size_t i = 0; i < rep->ncells; i++)
            if (rep->cells[i].program == p) {
                gain += rep->cells[i].gain;
                lose += rep->cells[i].lose;
                before += rep->cells[i].cost_before;
                after += rep->cells[i].cost_after;
            }
        if (!gain && !lose && before == after)
            continue;
        char b[32], a[32], d[32];
        yuan(before, b, sizeof b);
        yuan(after, a, sizeof a);
        yuan(after - before, d, sizeof d);
        cli_print_padded(stdout, pol_program_label(set, p), 30);
        printf("%8" PRId64 " %8" PRId64 " %16s %16s %16s\n", gain, lose, b, a, d);
    }
    printf("\n按区县（仅列有变化的项目）：\n");
    for (size_t i = 0; i < rep->ncells; i++) {
        const struct reform_cell *c = &rep->cells[i];
        if (!c->gain && !c->lose && c->cost_before == c->cost_after)
            continue;
        char d[32];
        yuan(c->cost_after - c->cost_before, d, sizeof d);
        printf("  %s  ", c->county);
        cli_print_padded(stdout, pol_program_label(set, c->program), 30);
        printf("新增 %" PRId64 "，退出 %" PRId64 "，每月增减 %s 元\n", c->gain, c->lose, d);
    }
}

static int write_changes_csv(const char *path, struct registry *r, const struct pol_set *set,
                             const struct pol_snapshot *snap, const struct reform_report *rep,
                             struct mz_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return mz_fail(err, "io_error", "无法写入 %s", path);
    csv_write_bom(f);
    const char *head[] = {"户编号", "区划代码", "项目", "改革前结论", "改革后结论", "改革前金额（元/月）", "改革后金额（元/月）", "变化的条件"};
    csv_write_row(f, head, 8);
    for (size_t i = 0; i < rep->nchanges; i++) {
        const struct reform_change *x = &rep->changes[i];
        struct household_row h;
        if (rs_household_get(reg_db(r), snap->household_id[x->household], &h, err) < 0)
            break;
        char b[32], a[32];
        yuan(x->before, b, sizeof b);
        yuan(x->after, a, sizeof a);
        const char *row[] = {h.hh_no, h.division, pol_program_label(set, x->program),
                             x->eligible_before ? "符合" : "不符合",
                             x->eligible_after ? "符合" : "不符合", b, a, x->criterion};
        csv_write_row(f, row, 8);
    }
    if (fclose(f) != 0)
        return mz_fail(err, "io_error", "写入 %s 失败", path);
    return err->msg[0] ? -1 : 0;
}

int cmd_simulate(struct cli *c)
{
    const char *sets[16];
    int nsets = cli_opts(c, "set", sets, 16);
    const char *from_text = cli_opt(c, "from", NULL), *csv_path = cli_opt(c, "csv", NULL);
    mz_date from = from_text ? date_parse(from_text) : date_today();
    struct policy_opts o;
    int bad = policy_opts_read(c, &o);
    if (!bad && (nsets == 0 || from == MZ_DATE_NONE)) {
        fputs("用法：mz simulate --set 参数[.urban|.rural][@区划]=值 … [--from D] [--as-of D] [--csv F]\n",
              stderr);
        bad = 2;
    }
    if (!bad && !cli_opt(c, "as-of", NULL))
        o.req.as_of = from;
    struct mz_err err = {0};
    struct pol_set *reformed = NULL;
    if (!bad && reform_from_check(from, &err) < 0) {
        fprintf(stderr, "mz simulate: --from：%s\n", err.msg);
        bad = 2;
    }
    if (!bad) {
        char buf[1100];
        if (!(reformed = pol_compile_dir(cli_setting(c, "policies", buf, sizeof buf), &err)))
            bad = cli_fail(&err);
        for (int i = 0; !bad && i < nsets; i++)
            if (pol_param_override(reformed, sets[i], from, &err) < 0) {
                fprintf(stderr, "mz simulate: --set %s：%s\n", sets[i], err.msg);
                bad = 2;
            }
    }
    struct registry *r = NULL;
    if (bad || (bad = cli_unused(c)) || (bad = cli_open_registry(c, &r))) {
        pol_set_free(o.set);
        pol_set_free(reformed);
        return bad;
    }
    int rc = 0;
    struct pol_snapshot *snap = snap_load(reg_db(r), o.set, &o.req, NULL, &err);
    struct reform_report rep = {0};
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (!snap || reform_compare(o.set, reformed, snap, o.req.as_of, ncpu > 0 ? (int)ncpu : 1,
                                &rep, &err) < 0) {
        rc = cli_fail(&err);
    } else {
        char day[11];
        date_format(o.req.as_of, day);
        printf("改革模拟：截至 %s，%zu 户 %zu 人；", day, snap->nhouseholds, snap->npersons);
        for (int i = 0; i < nsets; i++)
            printf("%s%s", i ? "，" : "", sets[i]);
        printf("\n共 %zu 户（人）的结论或金额发生变化\n", rep.nchanges);
        print_cells(o.set, &rep);
        size_t shown = rep.nchanges < 10 ? rep.nchanges : 10;
        if (shown)
            printf("\n变化示例（前 %zu 条；--csv 导出全部）：\n", shown);
        for (size_t i = 0; i < shown; i++) {
            const struct reform_change *x = &rep.changes[i];
            struct household_row h;
            char b[32], a[32];
            yuan(x->before, b, sizeof b);
            yuan(x->after, a, sizeof a);
            if (rs_household_get(reg_db(r), snap->household_id[x->household], &h, &err) == 1)
                printf("  %s  %s：%s → %s 元，%s\n", h.hh_no, pol_program_label(o.set, x->program), b,
                       a, x->criterion);
        }
        if (csv_path && write_changes_csv(csv_path, r, o.set, snap, &rep, &err) < 0)
            rc = cli_fail(&err);
        else if (csv_path)
            printf("\n全部变化已写入 %s\n", csv_path);
    }
    reform_report_free(&rep);
    pol_snapshot_free(snap);
    reg_close(r);
    pol_set_free(o.set);
    pol_set_free(reformed);
    return rc;
}
