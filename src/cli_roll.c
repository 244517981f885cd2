/* Payment commands: mz roll enrol|build|arrears|approve|paid|export|verify-file|show. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "cli.h"
#include "io/table.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/regstore.h"

static const char roll_usage[] =
    "用法：mz roll enrol --program P (--household 户编号 [--person 身份证号] --from YYYY-MM\n"
    "                                 | --case 案件号 | --eligible --from YYYY-MM)\n"
    "      mz roll build --program P --month YYYY-MM [--unit 区县代码] [--as 账户]\n"
    "                  发放单位（区县）各一本；不给 --unit 时为每个有享受对象的区县各生成一本\n"
    "      mz roll arrears --program P --month YYYY-MM [--unit 区县代码] [--from YYYY-MM]\n"
    "                  [--max-recovery 元]   不给 --unit 时补入该月每本草稿名册\n"
    "      mz roll approve 名册号 --as 账户（发放单位即该区县的账户）| paid 名册号 | show 名册号 "
    "[--all]\n"
    "      mz roll export 名册号 [--csv FILE] [--xlsx FILE] [--key 私钥.pem]   写 FILE.sig（SM2 签名）\n"
    "      mz roll verify-file FILE [--pubkey 公钥.pem]   核验代发文件的签名和名册记录的 SM3\n"
    "      mz roll reviews [--month YYYY-MM] | reviewed 登记号 --month YYYY-MM   动态管理复核\n"
    "      mz roll stop 登记号 --month YYYY-MM --reason T   停发（最后发放月份与理由）\n"
    "      mz roll account 登记号 --bank 开户银行 --account 银行账号   代发账户（加密保存）\n"
    "      mz roll accounts FILE   代发账户文件（列：登记号,开户银行,银行账号；全部成功才登记）\n"
    "      mz roll enrolments --household 户编号          享受登记（账号脱敏）\n";

/* What every roll command opens. */
struct roll_cli {
    struct registry *reg;
    struct pol_set *set;
    const char *as; /* --as ACCOUNT, or NULL */
    char actor[80]; /* "user:NAME" when --as is proven, else "cli:LOGIN" */
    char county[13]; /* the --as account's county (its division's first 6 digits) */
};

/* Opens the registry, proves --as and compiles the policies; on failure
 * what was opened stays in rc for cmd_roll to close. */
static int roll_open(struct cli *c, struct roll_cli *rc)
{
    char buf[1100];
    const char *dir = cli_setting(c, "policies", buf,
                                    sizeof buf);
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &rc->reg)))
        return bad;
    struct auth_user user;
    if (cli_as_account(c, rc->reg, rc->as, &user, rc->actor))
        return 1;
    if (rc->as)
        snprintf(rc->county, sizeof rc->county, "%.6s", user.division);
    reg_set_actor(rc->reg, rc->actor);
    struct mz_err err = {0};
    if (!(rc->set = pol_compile_dir(dir, &err)))
        return cli_fail(&err);
    return 0;
}

static void roll_close(struct roll_cli *rc)
{
    pol_set_free(rc->set);
    reg_close(rc->reg);
}

static int month_opt(struct cli *c, const char *name, const char *def, pay_month *out)
{
    const char *v = cli_opt(c, name, def);
    struct mz_err err = {0};
    if (!v) {
        fprintf(stderr, "mz roll: 缺少 --%s YYYY-MM\n%s", name, roll_usage);
        return 2;
    }
    if (pay_month_parse(v, out, &err) < 0) {
        fprintf(stderr, "mz roll: --%s：%s\n", name, err.msg);
        return 2;
    }
    return 0;
}

static int roll_id_arg(struct cli *c, int64_t *id)
{
    const char *s = c->nargs >= 2 ? c->args[1] : "";
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0) {
        fprintf(stderr, "mz roll %s: 编号应为正整数，实为“%s”\n", c->args[0], s);
        return 2;
    }
    *id = v;
    return 0;
}

/* "200" or "200.5" yuan → fen; -1 if not a non-negative amount. */
static int64_t yuan_to_fen(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || v < 0 || v > 1e9)
        return -1;
    return (int64_t)(v * 100.0 + 0.5);
}

static int cmd_enrol(struct cli *c, struct roll_cli *rc)
{
    const char *program = cli_opt(c, "program", NULL);
    const char *case_id = cli_opt(c, "case", NULL);
    const char *hh = cli_opt(c, "household", NULL);
    const char *person = cli_opt(c, "person", NULL);
    bool eligible = cli_flag(c, "eligible");
    pay_month from = 0;
    int bad = case_id ? 0 : month_opt(c, "from", NULL, &from);
    if (bad)
        return bad;
    if (!case_id && (!program || (!hh && !eligible))) {
        fputs(roll_usage, stderr);
        return 2;
    }
    if ((bad = roll_open(c, rc)))
        return bad;
    struct mz_err err = {0};
    int64_t id = 0, n = 0;
    bool added = false;
    int r;
    if (case_id) {
        r = pay_enrol_case(rc->reg, rc->set, strtoll(case_id, NULL, 10), program, rc->actor, &id,
                           &added, &err);
    } else if (eligible) {
        r = pay_enrol_eligible(rc->reg, rc->set, program, from, rc->actor, &n, &err);
        if (r == 0)
            printf("新登记享受对象 %" PRId64 " 个\n", n);
        return r < 0 ? cli_fail(&err) : 0;
    } else {
        struct pay_enrol_in in = {program, hh, person, from, "manual", rc->actor};
        r = pay_enrol(rc->reg, rc->set, &in, &id, &added, &err);
    }
    if (r < 0)
        return cli_fail(&err);
    printf("%s享受登记 %" PRId64 "\n", added ? "已新增" : "已有", id);
    return 0;
}

static void print_yuan(const char *label, int64_t fen)
{
    char y[32];
    pay_yuan(fen, y);
    printf("%s%s 元\n", label, y);
}

/* The paying unit of county code: its prefixes follow the recorded
 * division changes (as an account's scope does). */
static int unit_load(struct roll_cli *rc, const char *code, struct pay_unit *unit,
                     struct mz_err *err)
{
    struct auth_user u = {0};
    if (strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return mz_fail(err, "bad_unit", "发放单位应为区县的 6 位区划代码，实为“%s”", code);
    snprintf(u.division, sizeof u.division, "%s", code);
    if (auth_scope_load(rc->reg, &u, err) < 0)
        return -1;
    memset(unit, 0, sizeof *unit);
    snprintf(unit->code, sizeof unit->code, "%s", code);
    for (int i = 0; i < u.nscope && i < PAY_UNIT_PREFIXES; i++)
        snprintf(unit->prefixes[unit->nprefixes++], 13, "%s", u.scope[i]);
    return 0;
}

/* The paying units of program's enrolments in force in month: each county
 * code, or its successor after a recorded change, once. */
static int units_of(struct roll_cli *rc, const char *program, pay_month month, char (**units)[13],
                    size_t *n, struct mz_err *err)
{
    char text[8];
    pay_month_format(month, text);
    if (ps_enrol_units(reg_db(rc->reg), program, text, units, n, err) < 0)
        return -1;
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        char code[13], next[13];
        snprintf(code, sizeof code, "%s", (*units)[i]);
        int found;
        mz_date on;
        while ((found = rs_division_successor(reg_db(rc->reg), code, next, &on, err)) == 1)
            snprintf(code, sizeof code, "%.6s", next);
        if (found < 0)
            return mz_free(*units), -1;
        bool seen = false;
        for (size_t k = 0; k < kept; k++)
            seen |= strcmp((*units)[k], code) == 0;
        if (!seen)
            snprintf((*units)[kept++], 13, "%s", code);
    }
    *n = kept;
    return 0;
}

static int build_one(struct roll_cli *rc, const char *program, pay_month month, const char *code)
{
    struct pay_unit unit;
    struct pay_roll_summary s;
    struct mz_err err = {0};
    if (unit_load(rc, code, &unit, &err) < 0 ||
        pay_roll_build(rc->reg, rc->set, program, month, &unit, rc->actor, &s, &err) < 0)
        return cli_fail(&err);
    printf("名册号：%" PRId64 "（%s %s，发放单位 %s，%s，制表人 %s）\n", s.roll.id, s.roll.program,
           s.roll.month, s.roll.unit, s.rebuilt ? "草稿已重新生成" : "新建", s.roll.prepared_by);
    printf("明细 %" PRId64 " 行：发放 %" PRId64 "，渐退 %" PRId64 "，待复核 %" PRId64
           "，互斥不予发放 %" PRId64 "，停发 %" PRId64 "\n",
           s.roll.lines, s.paying, s.tapering, s.recheck, s.withheld, s.stopped);
    printf("与上月相比：新增 %" PRId64 "，金额变化 %" PRId64 "，停发 %" PRId64 "\n", s.gained,
           s.changed, s.ended);
    print_yuan("本月合计：", s.roll.total);
    printf("用时 %.2f 秒\n", s.seconds);
    return 0;
}

static int cmd_build(struct cli *c, struct roll_cli *rc)
{
    const char *program = cli_opt(c, "program", NULL), *unit = cli_opt(c, "unit", NULL);
    pay_month month;
    int bad = month_opt(c, "month", NULL, &month);
    if (bad || !program)
        return bad ? bad : (fputs(roll_usage, stderr), 2);
    if ((bad = roll_open(c, rc)))
        return bad;
    /* An account below the city builds the roll of its own county only. */
    if (rc->as && strlen(rc->county) == 6) {
        if (unit && strcmp(unit, rc->county) != 0) {
            fprintf(stderr, "mz roll: 账户 %s 属于区县 %s，不能编制发放单位 %s 的名册\n", rc->as,
                    rc->county, unit);
            return 1;
        }
        unit = rc->county;
    }
    if (unit)
        return build_one(rc, program, month, unit);
    char(*units)[13];
    size_t n;
    struct mz_err err = {0};
    if (pol_program_find(rc->set, program) < 0)
        mz_fail(&err, "no_program", "政策文件中没有项目“%s”", program);
    if (err.code[0] || units_of(rc, program, month, &units, &n, &err) < 0)
        return cli_fail(&err);
    if (n == 0)
        printf("%s 在 %s 没有享受对象，未生成名册\n", program, cli_opt(c, "month", ""));
    for (size_t i = 0; i < n && bad == 0; i++)
        bad = build_one(rc, program, month, units[i]);
    mz_free(units);
    return bad;
}

static int cmd_arrears(struct cli *c, struct roll_cli *rc)
{
    const char *program = cli_opt(c, "program", NULL);
    const char *cap = cli_opt(c, "max-recovery", NULL);
    const char *only = cli_opt(c, "unit", NULL);
    pay_month month, from;
    int bad = month_opt(c, "month", NULL, &month);
    if (bad || !program)
        return bad ? bad : (fputs(roll_usage, stderr), 2);
    char def[8];
    pay_month_format(month - 6, def);
    if ((bad = month_opt(c, "from", def, &from)))
        return bad;
    int64_t max = cap ? yuan_to_fen(cap) : -1;
    if (cap && max < 0) {
        fprintf(stderr, "mz roll arrears: --max-recovery 应为不小于 0 的金额（元），实为“%s”\n", cap);
        return 2;
    }
    if ((bad = roll_open(c, rc)))
        return bad;
    /* the unit given, else every draft roll of the month with a unit */
    char text[8];
    pay_month_format(month, text);
    int64_t *ids = NULL;
    size_t n = 0, done = 0;
    struct mz_err err = {0};
    if (!only && ps_roll_ids(reg_db(rc->reg), program, text, &ids, &n, &err) < 0)
        return cli_fail(&err);
    for (size_t i = 0; i < (only ? 1 : n) && bad == 0; i++) {
        struct roll_row roll = {0};
        snprintf(roll.unit, sizeof roll.unit, "%s", only ? only : "");
        if (!only && ps_roll_by_id(reg_db(rc->reg), ids[i], &roll, &err) < 0) {
            bad = cli_fail(&err);
            break;
        }
        if (!only && (!roll.unit[0] || strcmp(roll.state, "draft") != 0))
            continue;
        struct pay_unit unit;
        struct pay_arrears_summary s;
        if (unit_load(rc, roll.unit, &unit, &err) < 0 ||
            pay_arrears(rc->reg, rc->set, program, month, &unit, from, max, rc->actor, &s, &err) <
                0) {
            bad = cli_fail(&err);
            break;
        }
        done++;
        printf("发放单位 %s：补发 %" PRId64 " 行，", roll.unit, s.arrears);
        print_yuan("合计 ", s.arrears_total);
        printf("追缴 %" PRId64 " 行，", s.recovery);
        print_yuan("本月扣回 ", -s.recovery_total);
        print_yuan("尚待以后扣回 ", s.recovery_left);
    }
    mz_free(ids);
    if (bad == 0 && done == 0) {
        mz_fail(&err, "no_roll", "%s 年月 %s 没有草稿名册，请先生成（mz roll build）", program,
                text);
        bad = cli_fail(&err);
    }
    return bad;
}

static int line_fn(void *ctx, const struct line_row *l)
{
    const bool *all = ctx;
    if (!*all && strcmp(l->change, "same") == 0)
        return 0;
    char y[32];
    pay_yuan(l->amount, y);
    printf("%" PRId64 "\t%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s\n", l->household_id, l->person_id,
           l->origin_month, l->kind, l->status, y, l->change, l->reason);
    return 0;
}

static int cmd_roll_id(struct cli *c, struct roll_cli *rc, const char *sub)
{
    int64_t id;
    const char *csv = cli_opt(c, "csv", NULL), *xlsx = cli_opt(c, "xlsx", NULL);
    bool all = cli_flag(c, "all");
    bool export = strcmp(sub, "export") == 0;
    bool key_given = export && cli_opt(c, "key", NULL) != NULL;
    const char *key = export ? cli_seal_key(c) : NULL;
    int bad = roll_id_arg(c, &id);
    if (bad || (bad = roll_open(c, rc)))
        return bad;
    struct mz_err err = {0};
    if (strcmp(sub, "approve") == 0) {
        /* Four eyes within the paying unit: the approver is an account of
         * the county that pays (a city account's "50" is no county). */
        if (pay_roll_approve(rc->reg, id, rc->as ? rc->actor : NULL, rc->as ? rc->county : NULL,
                             &err) < 0)
            return cli_fail(&err);
        printf("名册 %" PRId64 " 已由 %s 审核\n", id, rc->actor);
    } else if (strcmp(sub, "paid") == 0) {
        if (pay_roll_mark_paid(rc->reg, id, rc->actor, &err) < 0)
            return cli_fail(&err);
        printf("名册 %" PRId64 " 已标记为已发放\n", id);
    } else if (strcmp(sub, "export") == 0) {
        struct pay_bank_file f;
        if (!csv && !xlsx) {
            fputs("mz roll export: 须指定 --csv FILE 或 --xlsx FILE\n", stderr);
            return 2;
        }
        if (pay_roll_export(rc->reg, rc->set, id, NULL, 0, csv, xlsx, &f, &err) < 0)
            return cli_fail(&err);
        char total[32];
        pay_yuan(f.total, total);
        printf("已导出 %" PRId64
               " 笔代发，合计 %s 元（文件含完整银行账号，已记入审计日志，请妥善保管）\n"
               "批次号：%s\n文件 SM3：%s（已记入名册，供银行核对）\n",
               f.rows, total, f.batch_ref, f.sm3);
        /* the detached SM2 signature with the seal's key, when there is one */
        if (!key_given && access(key, R_OK) != 0) {
            fprintf(stderr, "mz roll export: 没有签章私钥 %s，代发文件未签名"
                            "（mz notice keygen 生成，或用 --key 指定）\n", key);
            return 0;
        }
        const char *files[] = {csv, xlsx};
        for (int i = 0; i < 2; i++) {
            if (!files[i])
                continue;
            if (pay_bank_file_sign(files[i], key, &err) < 0)
                return cli_fail(&err);
            printf("已签名：%s.sig（SM2，银行凭公钥或印章证书核验）\n", files[i]);
        }
    } else {
        struct roll_row roll;
        int found = ps_roll_by_id(reg_db(rc->reg), id, &roll, &err);
        if (found <= 0) {
            if (found == 0)
                mz_fail(&err, "no_roll", "没有编号为 %" PRId64 " 的发放名册", id);
            return cli_fail(&err);
        }
        printf("名册 %" PRId64 "：%s %s，发放单位 %s，状态 %s，制表 %s，审核 %s，%" PRId64 " 行\n",
               roll.id, roll.program, roll.month, roll.unit[0] ? roll.unit : "全市", roll.state,
               roll.prepared_by, roll.approved_by[0] ? roll.approved_by : "—", roll.lines);
        print_yuan("合计：", roll.total);
        if (roll.bank_sm3[0])
            printf("银行代发文件：批次号 %s，%s，SM3 %s，导出于 %s\n", roll.batch_ref,
                   roll.bank_format, roll.bank_sm3, roll.bank_at);
        if (ps_lines(reg_db(rc->reg), id, line_fn, &all, &err) < 0)
            return cli_fail(&err);
    }
    return 0;
}

/* An exit other than death: the last month paid and why. */
static int cmd_stop(struct cli *c, struct roll_cli *rc)
{
    const char *reason = cli_opt(c, "reason", NULL);
    pay_month last;
    int64_t id;
    int bad = month_opt(c, "month", NULL, &last);
    if (!bad)
        bad = roll_id_arg(c, &id);
    if (bad || (bad = roll_open(c, rc)))
        return bad;
    struct mz_err err = {0};
    if (pay_enrol_stop(rc->reg, id, last, reason, rc->actor, &err) < 0)
        return cli_fail(&err);
    char m[8];
    pay_month_format(last, m);
    printf("享受登记 %" PRId64 " 已停发：最后发放月份 %s\n", id, m);
    return 0;
}

/* The payee's bank account of an enrolment. */
static int cmd_account(struct cli *c, struct roll_cli *rc)
{
    const char *bank = cli_opt(c, "bank", NULL), *account = cli_opt(c, "account", NULL);
    int64_t id;
    int bad = roll_id_arg(c, &id);
    if (bad || (bad = roll_open(c, rc)))
        return bad;
    struct mz_err err = {0};
    if (pay_enrol_account(rc->reg, id, bank, account, rc->actor, &err) < 0)
        return cli_fail(&err);
    char masked[24];
    pay_account_mask(account, masked);
    printf("享受登记 %" PRId64 " 的代发账户：%s %s\n", id, bank, masked);
    return 0;
}

/* A file of payees' accounts (CSV or XLSX, header 登记号,开户银行,银行账号),
 * as a bank or the 一卡通 office delivers them: all or nothing, every bad
 * row reported as FILE:LINE. */
static int cmd_accounts(struct cli *c, struct roll_cli *rc)
{
    const char *path = c->nargs == 2 ? c->args[1] : NULL;
    if (!path) {
        fputs(roll_usage, stderr);
        return 2;
    }
    int bad = roll_open(c, rc);
    if (bad)
        return bad;
    static const char *const heads[] = {"登记号", "开户银行", "银行账号"};
    struct table *t;
    struct mz_err err = {0};
    if (table_open(path, &t, &err) < 0)
        return cli_fail(&err);
    struct db *db = reg_db(rc->reg);
    int got = 0, nbad = 0, rows = 0;
    bool header = true;
    int rcode = db_begin(db, &err);
    while (rcode == 0 && (got = table_read(t, &err)) == 1) {
        if (header) {
            for (size_t i = 0; i < 3; i++)
                if (strcmp(table_field(t, i), heads[i]) != 0) {
                    fprintf(stderr, "%s:%ld: 列 %zu 应为“%s”，实为“%s”\n", path, table_line(t),
                            i + 1, heads[i], table_field(t, i));
                    nbad++;
                }
            header = false;
            if (nbad)
                break;
            continue;
        }
        char *end;
        const char *idtext = table_field(t, 0);
        long long id = strtoll(idtext, &end, 10);
        struct mz_err row = {0};
        if (!*idtext || *end || id <= 0)
            mz_fail_field(&row, "登记号", "bad_id", "登记号应为正整数，实为“%s”", idtext);
        else
            pay_enrol_account_tx(rc->reg, id, table_field(t, 1), table_field(t, 2), rc->actor,
                                 &row);
        if (row.code[0]) {
            if (db_failed(&row)) {
                err = row;
                rcode = -1;
                break;
            }
            fprintf(stderr, "%s:%ld: %s\n", path, table_line(t), row.msg);
            nbad++;
        }
        rows++;
    }
    table_close(t);
    if (rcode == 0 && got < 0)
        rcode = -1;
    if (rcode == 0 && nbad == 0 && db_commit(db, &err) == 0) {
        printf("已登记 %d 个代发账户（加密保存）\n", rows);
        return 0;
    }
    db_rollback(db);
    if (nbad) {
        fprintf(stderr, "mz roll accounts: %d 行有误，未登记任何账户\n", nbad);
        return 1;
    }
    return cli_fail(&err);
}

static int print_enrolment(void *ctx, const struct enrol_row *e)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%" PRId64 "\t%s～%s\t%s\t%s %s\n", e->id, e->program, e->person_id,
           e->start_month, e->end_month[0] ? e->end_month : "", e->source,
           e->bank[0] ? e->bank : "（未设代发账户）", e->account_masked);
    return 0;
}

/* The enrolments of a household, account numbers masked. */
static int cmd_enrolments(struct cli *c, struct roll_cli *rc)
{
    const char *hh = cli_opt(c, "household", NULL);
    if (!hh) {
        fputs(roll_usage, stderr);
        return 2;
    }
    int bad = roll_open(c, rc);
    if (bad)
        return bad;
    struct mz_err err = {0};
    struct household_row h;
    int found = rs_household_by_no(reg_db(rc->reg), hh, &h, &err);
    if (found == 0)
        mz_fail(&err, "no_household", "没有户编号为“%s”的家庭", hh);
    if (found <= 0 || ps_enrol_of(reg_db(rc->reg), h.id, print_enrolment, NULL, &err) < 0)
        return cli_fail(&err);
    return 0;
}

/* Periodic reviews due (work items), or one recorded as done. */
static int cmd_reviews(struct cli *c, struct roll_cli *rc, bool done)
{
    char today[8];
    pay_month_format(pay_month_of(date_today()), today);
    pay_month month;
    int64_t id = 0;
    int bad = month_opt(c, "month", done ? NULL : today, &month);
    if (!bad && done)
        bad = roll_id_arg(c, &id);
    if (bad || (bad = roll_open(c, rc)))
        return bad;
    struct mz_err err = {0};
    if (done) {
        if (pay_review_done(rc->reg, id, month, rc->actor, &err) < 0)
            return cli_fail(&err);
        printf("登记 %" PRId64 " 已复核\n", id);
        return 0;
    }
    struct pay_review *v;
    size_t n;
    if (pay_reviews_due(rc->reg, rc->set, month, NULL, 0, &v, &n, &err) < 0)
        return cli_fail(&err);
    printf("待复核 %zu 项\n", n);
    for (size_t i = 0; i < n; i++) {
        char since[8], due[8];
        pay_month_format(v[i].since, since);
        pay_month_format(v[i].due, due);
        char day[11], died[48] = "";
        if (v[i].died != MZ_DATE_NONE) {
            date_format(v[i].died, day);
            snprintf(died, sizeof died, "（死亡日期 %s）", day);
        }
        printf("%" PRId64 "\t%s\t%s\t上次 %s\t应于 %s\t%s%s\n", v[i].enrolment_id, v[i].hh_no,
               v[i].program, since, due, v[i].why, died);
    }
    mz_free(v);
    return 0;
}

/* A bank file checked as the bank would: its signature with the seal's
 * public key, and the roll that recorded its SM3. Exit 1 when it fails. */
static int cmd_verify_file(struct cli *c)
{
    const char *pub = cli_seal_pubkey(c);
    int bad = cli_unused(c);
    if (bad)
        return bad;
    if (c->nargs != 2) {
        fputs(roll_usage, stderr);
        return 2;
    }
    struct registry *r;
    if ((bad = cli_open_registry(c, &r)))
        return bad;
    struct mz_err err = {0};
    struct roll_row roll;
    int found, ok = pay_bank_file_verify(r, c->args[1], pub, &roll, &found, &err);
    reg_close(r);
    if (ok != 1) {
        fprintf(stderr, "mz roll verify-file: %s：签名无效：%s\n", c->args[1], err.msg);
        return 1;
    }
    if (!found) {
        fprintf(stderr, "mz roll verify-file: %s：签名有效，但没有名册记录此文件的 SM3（文件已改动或不是本系统导出的）\n",
                c->args[1]);
        return 1;
    }
    printf("%s：签名有效；名册 %" PRId64 "（%s %s，发放单位 %s，批次号 %s）记录的 SM3 与文件一致\n",
           c->args[1], roll.id, roll.program, roll.month, roll.unit, roll.batch_ref);
    return 0;
}

int cmd_roll(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    struct roll_cli rc = {.as = cli_opt(c, "as", NULL)};
    int status;
    if (strcmp(sub, "enrol") == 0)
        status = cmd_enrol(c, &rc);
    else if (strcmp(sub, "build") == 0)
        status = cmd_build(c, &rc);
    else if (strcmp(sub, "arrears") == 0)
        status = cmd_arrears(c, &rc);
    else if (strcmp(sub, "stop") == 0)
        status = cmd_stop(c, &rc);
    else if (strcmp(sub, "account") == 0)
        status = cmd_account(c, &rc);
    else if (strcmp(sub, "accounts") == 0)
        status = cmd_accounts(c, &rc);
    else if (strcmp(sub, "enrolments") == 0)
        status = cmd_enrolments(c, &rc);
    else if (strcmp(sub, "reviews") == 0 || strcmp(sub, "reviewed") == 0)
        status = cmd_reviews(c, &rc, strcmp(sub, "reviewed") == 0);
    else if (strcmp(sub, "verify-file") == 0)
        status = cmd_verify_file(c);
    else if (strcmp(sub, "approve") == 0 || strcmp(sub, "paid") == 0 ||
             strcmp(sub, "export") == 0 || strcmp(sub, "show") == 0)
        status = cmd_roll_id(c, &rc, sub);
    else {
        fputs(roll_usage, stderr);
        return 2;
    }
    if (rc.reg)
        roll_close(&rc);
    return status;
}
