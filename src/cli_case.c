/* Case commands: mz case open|step|show|list|extend, mz calendar import. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "cases/case.h"
#include "cli.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/regstore.h"

#define CASE_USAGE                                                                                \
    "用法：mz case open 类型 --household 户编号 [--person 身份证号] [--staff-relative]\n"         \
    "       mz case open objection|appeal --of 案件号 --reason T   对决定的异议、行政复议\n"   \
    "       mz case step 案件号 操作 [--reason T] [--note T] [--attach FILE] [--as 账户]\n"      \
    "       mz case show 案件号\n"                                                                \
    "       mz case list [--division CODE] [--due]\n"                                             \
    "       mz case extend 案件号 --reason T\n"                                                   \
    "  （均可加 --date D 指定办理日期，默认今天；--as 以账户的角色办理，须凭其密码\n"            \
    "    （MZ_PASSWORD 或终端输入）或其委托（mz user delegate））\n"

/* What every case command needs: registry, calendar, optionally policies. */
struct case_cli {
    struct registry *reg;
    struct cal *cal;
    struct pol_set *set;
    struct case_env env;
    const char *actor;
    char actor_buf[80];
    const char *role; /* the --as account's role on case steps, or NULL */
    mz_date day;
};


/* Prints err as cli_fail does, naming the option when the fault is a
 * missing reason (the domain's message names no option: the console shows
 * it too). */
static int case_fail(const struct mz_err *err)
{
    if (strcmp(err->field, "reason") == 0) {
        fprintf(stderr, "mz: %s（用 --reason 写明）\n", err->msg);
        return 1;
    }
    return cli_fail(err);
}

static void case_cli_close(struct case_cli *cc)
{
    cal_free(cc->cal);
    pol_set_free(cc->set);
    reg_close(cc->reg);
}

/* Reads --as (the account, proven: cli_as_account) and --date, opens the
 * registry, the calendar (loading the shipped holiday file on first use)
 * and the policies (decisions and every time limit read them). Returns 0 or
 * an exit status. */
static int case_cli_open(struct cli *c, struct case_cli *cc)
{
    memset(cc, 0, sizeof *cc);
    const char *as = cli_opt(c, "as", NULL);
    const char *day = cli_opt(c, "date", NULL);
    cc->day = day ? date_parse(day) : date_today();
    if (cc->day == MZ_DATE_NONE) {
        fprintf(stderr, "mz %s: --date 应为日期 YYYY-MM-DD，实为“%s”\n", c->cmd, day);
        return 2;
    }
    char hbuf[1100], pbuf[1100];
    const char *holidays = cli_setting(c, "holidays", hbuf, sizeof hbuf);
    const char *policies = cli_setting(c, "policies", pbuf, sizeof pbuf);
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &cc->reg)))
        return bad;
    struct auth_user user;
    if (cli_as_account(c, cc->reg, as, &user, cc->actor_buf)) {
        reg_close(cc->reg);
        return 1;
    }
    cc->actor = cc->actor_buf;
    cc->role = as ? auth_role_case_role(user.role) : NULL;
    reg_set_actor(cc->reg, cc->actor);
    struct mz_err err = {0};
    if (cal_load(reg_db(cc->reg), reg_vault(cc->reg), cc->actor, holidays, &cc->cal, &err) < 0 ||
        !(cc->set = pol_compile_dir(policies, &err))) {
        case_cli_close(cc);
        return case_fail(&err);
    }
    cc->env = (struct case_env){cc->reg, cc->cal, cc->set};
    return 0;
}

static int parse_id(const char *s, int64_t *id)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0) {
        fprintf(stderr, "mz case: 案件号应为正整数，实为“%s”\n", s);
        return 2;
    }
    *id = v;
    return 0;
}

/* mz case open objection|appeal --of ID --reason T */
static int contest_open_cmd(struct cli *c, const char *of)
{
    struct case_contest_in in = {.reason = cli_opt(c, "reason", NULL),
                                 .note = cli_opt(c, "note", NULL)};
    if (c->nargs != 2) {
        fputs(CASE_USAGE, stderr);
        return 2;
    }
    int rc = parse_id(of, &in.of_case);
    struct case_cli cc;
    if (rc || (rc = case_cli_open(c, &cc)))
        return rc;
    in.type = c->args[1];
    in.actor = cc.actor;
    in.day = cc.day;
    struct mz_err err = {0};
    int64_t id;
    struct contest_row k;
    if (case_contest_open(&cc.env, &in, &id, &err) < 0 ||
        cs_contest_get(reg_db(cc.reg), id, &k, &err) <= 0) {
        rc = case_fail(&err);
    } else {
        printf("已登记案件 %" PRId64 "（%s，针对案件 %" PRId64 " 的决定）\n", id,
               proc_find(in.type)->label, in.of_case);
        printf("决定重现（决定日数据，登记库截至 %s）：%s%s\n", k.known_at,
               k.matches ? "与原决定一致" : "与原决定不一致：", k.matches ? "" : k.differences);
        mz_free(k.explanation);
    }
    case_cli_close(&cc);
    return rc;
}

static int case_open_cmd(struct cli *c)
{
    const char *of = cli_opt(c, "of", NULL);
    if (of)
        return contest_open_cmd(c, of);
    struct case_open_in in = {.household_no = cli_opt(c, "household", NULL),
                              .applicant = cli_opt(c, "person", NULL),
                              .staff_relative = cli_flag(c, "staff-relative"),
                              .note = cli_opt(c, "note", NULL)};
    if (c->nargs != 2 || !in.household_no) {
        fputs(CASE_USAGE, stderr);
        return 2;
    }
    in.type = c->args[1];
    struct case_cli cc;
    int rc = case_cli_open(c, &cc);
    if (rc)
        return rc;
    in.actor = cc.actor;
    in.day = cc.day;
    struct mz_err err = {0};
    int64_t id;
    if (case_open(&cc.env, &in, &id, &err) < 0)
        rc = case_fail(&err);
    else
        printf("已登记案件 %" PRId64 "（%s，户编号 %s%s）\n", id, proc_find(in.type)->label,
               in.household_no, in.staff_relative ? "，近亲属备案" : "");
    case_cli_close(&cc);
    return rc;
}

static int case_step_cmd(struct cli *c)
{
    struct case_step_in in = {.reason = cli_opt(c, "reason", NULL),
                              .note = cli_opt(c, "note", NULL)};
    const char *files[CLI_MAX_OPTS];
    for (int i = 0; i < c->nopts; i++)
        if (strcmp(c->opts[i].name, "attach") == 0 && c->opts[i].value) {
            c->opts[i].used = true;
            files[in.nattachments++] = c->opts[i].value;
        }
    in.attachments = files;
    int64_t id;
    if (c->nargs != 3) {
        fputs(CASE_USAGE, stderr);
        return 2;
    }
    int rc = parse_id(c->args[1], &id);
    struct case_cli cc;
    if (rc || (rc = case_cli_open(c, &cc)))
        return rc;
    in.action = c->args[2];
    in.actor = cc.actor;
    in.role = cc.role;
    in.day = cc.day;
    struct mz_err err = {0};
    struct case_row row;
    if (case_step(&cc.env, id, &in, &err) < 0 || case_get(&cc.env, id, &row, &err) <= 0) {
        rc = case_fail(&err);
    } else {
        const struct proc_state *s = proc_state(proc_find(row.type), row.state);
        printf("案件 %" PRId64 "：%s → %s（%s）\n", id, in.action, s->label, row.state);
    }
    case_cli_close(&cc);
    return rc;
}

static int case_extend_cmd(struct cli *c)
{
    const char *reason = cli_opt(c, "reason", NULL);
    int64_t id;
    if (c->nargs != 2) {
        fputs(CASE_USAGE, stderr);
        return 2;
    }
    int rc = parse_id(c->args[1], &id);
    struct case_cli cc;
    if (rc || (rc = case_cli_open(c, &cc)))
        return rc;
    struct mz_err err = {0};
    struct case_row row;
    if (case_extend(&cc.env, id, cc.actor, reason, cc.day, &err) < 0 ||
        case_get(&cc.env, id, &row, &err) <= 0) {
        rc = case_fail(&err);
    } else {
        char dl[11];
        date_format(row.deadline, dl);
        printf("案件 %" PRId64 "：办理期限延长至 %s%s\n", id, dl,
               cal_provisional(cc.cal, row.accepted_on, row.deadline) ? "（" CAL_PROVISIONAL_NOTE "）"
                                                                      : "");
    }
    case_cli_close(&cc);
    return rc;
}

/* ---- show -------------------------------------------------------------- */

static void print_status(const struct case_env *env, const struct case_row *r, mz_date day)
{
    struct mz_err err = {0};
    struct case_status st;
    int n;
    const struct procedure *p = proc_find(r->type);
    const struct proc_limit *lim = r->extend_reason[0] ? &p->extended : &p->total;
    if (case_status(env->cal, r, day, &st, &err) < 0 ||
        (st.flag != CASE_NO_DEADLINE &&
         case_limit(env, lim, r->division, r->accepted_on, &n, &err) < 0)) {
        printf("期限：无法计算（%s）\n", err.msg);
        return;
    }
    char d[11];
    if (st.flag != CASE_NO_DEADLINE) {
        const char *unit = proc_unit_label(lim->unit);
        date_format(r->deadline, d);
        printf("法定期限：%s（受理后 %d 个%s%s），剩余 %d 个%s【%s】%s\n", d, n, unit,
               r->extend_reason[0] ? "，已延长" : "", st.days_left, unit,
               case_flag_label(st.flag), st.provisional ? "（" CAL_PROVISIONAL_NOTE "）" : "");
    }
    if (st.step_flag != CASE_NO_DEADLINE) {
        date_format(r->state_due, d);
        printf("本环节时限：%s，剩余 %d 个%s【%s】%s\n", d, st.step_left,
               proc_unit_label(st.step_unit), case_flag_label(st.step_flag),
               st.step_provisional ? "（" CAL_PROVISIONAL_NOTE "）" : "");
    }
}

struct show_ctx {
    struct db *db;
    const struct procedure *p;
};

static int print_attachment(void *ctx, const struct attach_row *a)
{
    printf("      附件：%s（%" PRId64 " 字节，SM3 %s）\n", a->name, a->bytes, a->sm3);
    return 0;
}

static void print_indented(const char *text)
{
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        int n = nl ? (int)(nl - line) : (int)strlen(line);
        printf("        %.*s\n", n, line);
        line += n + (nl ? 1 : 0);
    }
}

static int print_step(void *ctx, const struct step_row *s)
{
    struct show_ctx *sc = ctx;
    char d[11];
    date_format(s->day, d);
    const struct proc_state *to = proc_state(sc->p, s->to_state);
    printf("  %s  %-14s → %s  %s\n", d, s->action, to ? to->label : s->to_state, s->actor);
    if (s->reason[0])
        printf("      理由：%s\n", s->reason);
    if (s->note[0])
        printf("      备注：%s\n", s->note);
    if (s->late_days)
        printf("      超出本环节时限 %d 日\n", s->late_days);
    struct mz_err err = {0};
    if (cs_attachments(sc->db, s->id, print_attachment, NULL, &err) < 0)
        return -1;
    struct decision_row dr = {0};
    int found = cs_decision_get(sc->db, s->id, &dr, &err);
    if (found < 0)
        return -1;
    if (found) {
        char amount[32];
        snprintf(amount, sizeof amount, "%" PRId64 ".%02" PRId64, dr.engine_amount / 100,
                 dr.engine_amount % 100);
        printf("      决定：%s；政策版本 %.16s…；决定时系统评估：%s%s%s\n",
               strcmp(dr.outcome, "approve") == 0 ? "审核确认" : "不予确认", dr.policy_version,
               dr.engine_eligible ? "符合，月金额 " : "不符合", dr.engine_eligible ? amount : "",
               dr.engine_eligible ? " 元" : "");
        print_indented(dr.explanation);
        mz_free(dr.explanation);
    }
    return 0;
}

/* The contested decision, its reproduction and, once corrected, how to
 * issue the notice of the corrected decision. */
static int print_contest(struct case_cli *cc, int64_t id, struct mz_err *err)
{
    struct contest_row k;
    if (cs_contest_get(reg_db(cc->reg), id, &k, err) <= 0)
        return -1;
    char amount[32];
    snprintf(amount, sizeof amount, "%" PRId64 ".%02d", k.engine_amount / 100,
             (int)(k.engine_amount % 100));
    printf("针对：案件 %" PRId64 " 的决定（步骤 %" PRId64 "）\n", k.of_case, k.decision_step);
    printf("决定重现（登记库截至 %s）：%s；系统评估%s%s%s\n", k.known_at,
           k.matches ? "与原决定一致" : "与原决定不一致", k.engine_eligible ? "符合，月金额 " : "不符合",
           k.engine_eligible ? amount : "", k.engine_eligible ? " 元" : "");
    if (!k.matches)
        printf("  差异：%s\n", k.differences);
    mz_free(k.explanation);
    struct case_correction fix;
    struct mz_err ignored = {0};
    int found = case_correction_get(&cc->env, id, &fix, &ignored);
    if (found < 0) {
        *err = ignored;
        return -1;
    }
    if (found) {
        char as_of[11], ruled[11], prev[32];
        date_format(fix.as_of, as_of);
        date_format(fix.ruled, ruled);
        snprintf(prev, sizeof prev, "%" PRId64 ".%02d", fix.previous_amount / 100,
                 (int)(fix.previous_amount % 100));
        printf("变更后的决定书：mz notice issue %s --program %s --decision %s --as-of %s "
               "--date %s%s%s --out 决定书.pdf\n",
               fix.hh_no, fix.program, fix.decision, as_of, ruled,
               strcmp(fix.decision, "approve") != 0 ? " --previous " : "",
               strcmp(fix.decision, "approve") != 0 ? prev : "");
    }
    return 0;
}

/* The engine's verdict today, in front of the decider before 审核确认. */
static int print_assessment(struct case_cli *cc, int64_t id, struct mz_err *err)
{
    struct decision_row d;
    if (case_assess(&cc->env, id, cc->day, &d, err) < 0)
        return -1;
    char day[11], amount[32];
    date_format(d.as_of, day);
    pay_yuan(d.engine_amount, amount);
    printf("系统评估（%s，审核确认前）：%s%s%s\n", day,
           d.engine_eligible ? "符合，月金额 " : "不符合", d.engine_eligible ? amount : "",
           d.engine_eligible ? " 元" : "；准予须写明理由，并报送监督");
    print_indented(d.explanation);
    mz_free(d.explanation);
    return 0;
}

static int case_show_cmd(struct cli *c)
{
    int64_t id;
    if (c->nargs != 2) {
        fputs(CASE_USAGE, stderr);
        return 2;
    }
    int rc = parse_id(c->args[1], &id);
    struct case_cli cc;
    if (rc || (rc = case_cli_open(c, &cc)))
        return rc;
    struct db *db = reg_db(cc.reg);
    struct mz_err err = {0};
    struct case_row r;
    struct household_row h;
    struct person_row pr;
    if (case_get(&cc.env, id, &r, &err) <= 0 || rs_household_get(db, r.household_id, &h, &err) <= 0 ||
        rs_person_get(db, r.applicant_id, &pr, &err) <= 0) {
        rc = case_fail(&err);
        goto out;
    }
    const struct procedure *p = proc_find(r.type);
    const struct proc_state *s = proc_state(p, r.state);
    char since[11], acc[11];
    date_format(r.state_since, since);
    printf("案件 %" PRId64 "：%s（%s），户编号 %s，区划 %s\n", r.id, p->label, r.type, h.hh_no,
           r.division);
    printf("申请人：%s（%s）；近亲属备案：%s；区县抽查：%s\n", pr.name, pr.id_masked,
           r.staff_relative ? "是" : "否",
           r.spot_checked < 0 ? "—" : r.spot_checked ? "抽中" : "未抽中");
    printf("状态：%s（%s），自 %s\n", s ? s->label : r.state, r.state, since);
    if (r.accepted_on != MZ_DATE_NONE) {
        date_format(r.accepted_on, acc);
        printf("受理日期：%s\n", acc);
    }
    if (r.extend_reason[0])
        printf("延长理由：%s\n", r.extend_reason);
    if (case_awaits_decision(&r) && print_assessment(&cc, r.id, &err) < 0) {
        rc = case_fail(&err);
        goto out;
    }
    if (p->is_contest && print_contest(&cc, r.id, &err) < 0) {
        rc = case_fail(&err);
        goto out;
    }
    print_status(&cc.env, &r, cc.day);
    puts("办理记录：");
    struct show_ctx sc = {db, p};
    if (cs_steps(db, id, print_step, &sc, &err) < 0) {
        rc = case_fail(&err);
        goto out;
    }
    char allowed[1024];
    proc_allowed(p, r.state, r.staff_relative || r.spot_checked == 1, allowed, sizeof allowed);
    printf("可办理：%s\n", allowed);
out:
    case_cli_close(&cc);
    return rc;
}

/* ---- list -------------------------------------------------------------- */

static int case_list_cmd(struct cli *c)
{
    const char *division = cli_opt(c, "division", "");
    bool due = cli_flag(c, "due");
    struct case_cli cc;
    int rc = case_cli_open(c, &cc);
    if (rc)
        return rc;
    struct db *db = reg_db(cc.reg);
    struct mz_err err = {0};
    int64_t *ids;
    size_t n;
    if (cs_case_ids(db, division, due, &ids, &n, &err) < 0) {
        case_cli_close(&cc);
        return case_fail(&err);
    }
    printf("%6s  ", "案件");
    cli_print_padded(stdout, "类型", 12);
    cli_print_padded(stdout, "户编号", 24);
    cli_print_padded(stdout, "状态", 30);
    cli_print_padded(stdout, "法定期限", 11);
    printf("%8s  %s\n", "剩余", "提示");
    size_t shown = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct case_row r;
        struct household_row h;
        struct case_status st;
        if (cs_case_get(db, ids[i], &r, &err) <= 0 || rs_household_get(db, r.household_id, &h, &err) <= 0 ||
            case_status(cc.cal, &r, cc.day, &st, &err) < 0) {
            rc = case_fail(&err);
            break;
        }
        bool flagged = st.flag >= CASE_NEAR || st.step_flag >= CASE_NEAR;
        if (due && !flagged)
            continue;
        const struct proc_state *s = proc_state(proc_find(r.type), r.state);
        char dl[11] = "—", left[16] = "—";
        if (st.flag != CASE_NO_DEADLINE) {
            date_format(r.deadline, dl);
            snprintf(left, sizeof left, "%d", st.days_left);
        }
        const char *hint = st.flag >= CASE_NEAR ? case_flag_label(st.flag)
                           : st.step_flag >= CASE_NEAR ? (st.step_flag == CASE_OVERDUE ? "本环节已逾期" : "本环节临近期限")
                                                       : "";
        printf("%6" PRId64 "  ", r.id);
        cli_print_padded(stdout, r.type, 12);
        cli_print_padded(stdout, h.hh_no, 24);
        cli_print_padded(stdout, s ? s->label : r.state, 30);
        cli_print_padded(stdout, dl, 11);
        printf("%8s  %s%s\n", left, hint, st.provisional ? "（期限" CAL_PROVISIONAL_NOTE "）" : "");
        shown++;
    }
    if (rc == 0)
        printf("共 %zu 件\n", shown);
    mz_free(ids);
    case_cli_close(&cc);
    return rc;
}

int cmd_case(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    if (strcmp(sub, "open") == 0)
        return case_open_cmd(c);
    if (strcmp(sub, "step") == 0)
        return case_step_cmd(c);
    if (strcmp(sub, "show") == 0)
        return case_show_cmd(c);
    if (strcmp(sub, "list") == 0)
        return case_list_cmd(c);
    if (strcmp(sub, "extend") == 0)
        return case_extend_cmd(c);
    fputs(CASE_USAGE, stderr);
    return 2;
}

/* "重新计算期限的在办案件：2 件（4、7）" and one line per case. */
static void print_recounted(const struct case_recounted *moved, size_t n)
{
    printf("重新计算期限的在办案件：%zu 件", n);
    for (size_t i = 0; i < n; i++)
        printf("%s%" PRId64, i ? "、" : "（", moved[i].id);
    puts(n ? "）" : "");
    for (size_t i = 0; i < n; i++) {
        char text[128];
        case_recounted_text(&moved[i], text, sizeof text);
        printf("  案件 %" PRId64 "：%s\n", moved[i].id, text);
    }
}

int cmd_calendar(struct cli *c)
{
    if (c->nargs != 2 || strcmp(c->args[0], "import") != 0) {
        fputs("用法：mz calendar import FILE   导入某年国务院办公厅节假日安排（date,kind,name）\n",
              stderr);
        return 2;
    }
    struct registry *r;
    char pbuf[1100];
    const char *dir = cli_setting(c, "policies", pbuf, sizeof pbuf);
    int rc = cli_unused(c);
    if (rc || (rc = cli_open_registry(c, &r)))
        return rc;
    struct mz_err err = {0};
    struct pol_set *set = pol_compile_dir(dir, &err);
    if (!set) {
        reg_close(r);
        return case_fail(&err);
    }
    char actor[64];
    cli_actor(actor);
    int years, days;
    struct case_recounted *moved;
    size_t n;
    if (case_calendar_import(r, set, actor, c->args[1], &years, &days, &moved, &n, &err) < 0) {
        rc = case_fail(&err);
    } else {
        printf("已导入 %d 个年份、%d 个节假日/调休日\n", years, days);
        print_recounted(moved, n);
    }
    mz_free(moved);
    pol_set_free(set);
    reg_close(r);
    return rc;
}
