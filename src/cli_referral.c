/* 专项救助 referral commands: mz referral refresh|export|answer|list. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "cli.h"
#include "policy/policy.h"
#include "referral/referral.h"
#include "registry/registry.h"
#include "store/regstore.h"

static const char referral_usage[] =
    "用法：mz referral refresh [--date D]               "
    "低保、特困对象转介医疗、教育、住房、就业救助\n"
    "      mz referral export 部门 --csv FILE           部门转介文件（含完整身份证号，记入审计）\n"
    "      mz referral answer 部门 FILE                 "
    "部门答复（转介编号,结果,说明；全部成功才记录）\n"
    "      mz referral list --household 户编号\n"
    "部门：yibao 医疗保障、jiaoyu 教育、zhujian 住房城乡建设、renshe 人力资源社会保障\n";

static int print_referral(void *ctx, const struct referral_row *r)
{
    (void)ctx;
    const struct ref_department *d = ref_department(r->department);
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s%s%s\n", r->id, d ? d->service : r->department,
           r->person_id ? "成员" : "全户", r->reason, r->exported_at[0] ? "已送达部门" : "待送达",
           r->answer[0] ? r->answer : "未答复", r->answer_note[0] ? "：" : "", r->answer_note);
    return 0;
}

int cmd_referral(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    const char *csv = cli_opt(c, "csv", NULL), *hh = cli_opt(c, "household", NULL);
    const char *day_text = cli_opt(c, "date", NULL);
    char buf[1100], as[80];
    const char *dir = cli_setting(c, "policies", buf, sizeof buf);
    const char *account = cli_opt(c, "as", NULL);
    mz_date day = day_text ? date_parse(day_text) : date_today();
    bool ok = (strcmp(sub, "refresh") == 0 && c->nargs == 1 && day != MZ_DATE_NONE) ||
              (strcmp(sub, "export") == 0 && c->nargs == 2 && csv) ||
              (strcmp(sub, "answer") == 0 && c->nargs == 3) ||
              (strcmp(sub, "list") == 0 && c->nargs == 1 && hh);
    if (!ok) {
        fputs(referral_usage, stderr);
        return 2;
    }
    struct registry *r;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &r)))
        return bad;
    struct auth_user user;
    if (cli_as_account(c, r, account, &user, as)) {
        reg_close(r);
        return 1;
    }
    reg_set_actor(r, as);
    struct mz_err err = {0};
    int64_t n = 0;
    int rc = 0;
    if (strcmp(sub, "refresh") == 0) {
        struct pol_set *set = pol_compile_dir(dir, &err);
        rc = !set || ref_refresh(r, set, day, as, &n, &err) < 0 ? -1 : 0;
        if (rc == 0)
            printf("新增专项救助转介 %" PRId64 " 条\n", n);
        pol_set_free(set);
    } else if (strcmp(sub, "export") == 0) {
        rc = ref_export(r, c->args[1], csv, as, &n, &err);
        if (rc == 0)
            printf("已导出 %" PRId64 " 条转介（含完整身份证号，已记入审计日志）\n", n);
    } else if (strcmp(sub, "answer") == 0) {
        rc = ref_answer(r, c->args[1], c->args[2], as, stderr, &n, &err);
        if (rc == 0)
            printf("已记录部门答复 %" PRId64 " 条\n", n);
    } else {
        struct household_row h;
        int found = rs_household_by_no(reg_db(r), hh, &h, &err);
        if (found == 0)
            mz_fail(&err, "no_household", "没有户编号为“%s”的家庭", hh);
        rc =
            found <= 0 || rs_referrals_of_household(reg_db(r), h.id, print_referral, NULL, &err) < 0
                ? -1
                : 0;
    }
    reg_close(r);
    return rc < 0 ? cli_fail(&err) : 0;
}
