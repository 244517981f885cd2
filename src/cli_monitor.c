/* Dynamic monitoring commands: mz feed, mz monitor, mz warning. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "cases/case.h"
#include "cli.h"
#include "io/table.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "referral/referral.h"
#include "registry/registry.h"
#include "store/monitorstore.h"

/* Everything a monitoring command needs, opened from the options. */
struct mon_cli {
    struct registry *reg;
    struct cli_mon_data data;
    struct mon_env env;
    mz_date as_of;
    char actor[64];
    const char *feeds;
};

static void mon_cli_close(struct mon_cli *m)
{
    cli_mon_free(&m->data);
    if (m->reg)
        reg_close(m->reg);
}

static void copy_path(char *out, size_t cap, const char *path)
{
    if (path != out)
        snprintf(out, cap, "%s", path);
}

void cli_mon_options(struct cli *c, struct cli_mon_data *d)
{
    memset(d, 0, sizeof *d);
    copy_path(d->holidays, sizeof d->holidays,
              cli_setting(c, "holidays", d->holidays,
                            sizeof d->holidays));
    copy_path(d->policies, sizeof d->policies,
              cli_setting(c, "policies", d->policies,
                            sizeof d->policies));
    copy_path(d->feeds, sizeof d->feeds,
              cli_setting(c, "feeds", d->feeds, sizeof d->feeds));
}

int cli_mon_load(struct cli_mon_data *d, struct registry *r, const char *actor)
{
    struct mz_err err = {0};
    if (cal_load(reg_db(r), reg_vault(r), actor, d->holidays, &d->cal, &err) < 0 ||
        !(d->set = pol_compile_dir(d->policies, &err))) {
        cli_mon_free(d);
        return cli_fail(&err);
    }
    fun_hook_install(r, &d->hook, d->set, d->cal);
    return 0;
}

void cli_mon_free(struct cli_mon_data *d)
{
    pol_set_free(d->set);
    cal_free(d->cal);
    d->set = NULL;
    d->cal = NULL;
}

/* Reads --as-of and the monitoring data options, opens the registry and,
 * if engine (the policies are needed), loads the data. 0 or an
 * exit status. */
static int mon_cli_open(struct cli *c, struct mon_cli *m, bool engine)
{
    memset(m, 0, sizeof *m);
    cli_actor(m->actor);
    const char *day = cli_opt(c, "as-of", NULL);
    m->as_of = day ? date_parse(day) : date_today();
    if (m->as_of == MZ_DATE_NONE) {
        fprintf(stderr, "mz %s: --as-of 应为日期 YYYY-MM-DD，实为“%s”\n", c->cmd, day);
        return 2;
    }
    cli_mon_options(c, &m->data);
    m->feeds = m->data.feeds;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &m->reg)))
        return bad;
    if (!engine)
        return 0;
    if ((bad = cli_mon_load(&m->data, m->reg, m->actor))) {
        mon_cli_close(m);
        return bad;
    }
    m->env = (struct mon_env){m->reg, m->data.set, m->data.cal};
    return 0;
}

static int print_reject(void *ctx, const struct ms_reject *r)
{
    (void)ctx;
    printf("%lld\t%s:%ld\t%s\t%s\n", (long long)r->id, r->source, r->line,
           *r->key ? r->key : "-", r->reason);
    return 0;
}

static int feed_ingest_cmd(struct cli *c, const char *name, const char *path)
{
    /* 100 records a transaction: each holds the write lock a fraction of a
     * second even on a city of millions, so a server beside it keeps
     * answering (docs/operations.md, the soak) */
    const char *batch_text = cli_opt(c, "batch", "100");
    int batch = atoi(batch_text);
    if (batch < 1) {
        fprintf(stderr, "mz feed: --batch 应为正整数，实为“%s”\n", batch_text);
        return 2;
    }
    struct mon_cli m;
    int bad = mon_cli_open(c, &m, true);
    if (bad)
        return bad;
    struct mz_err err = {0};
    struct feed_def *f = feed_def_find(m.feeds, name, &err);
    struct table *t = NULL;
    struct feed_stats st;
    size_t len = strlen(path);
    bool jsonl = (len > 6 && strcmp(path + len - 6, ".jsonl") == 0) ||
                 (len > 7 && strcmp(path + len - 7, ".ndjson") == 0);
    struct feed_run run = {.source = path, .as_of = m.as_of, .batch = batch};
    int rc;
    if (jsonl) {
        FILE *in = f ? fopen(path, "r") : NULL;
        if (f && !in)
            mz_fail(&err, "feed_open", "无法打开 %s", path);
        rc = !in || feed_ingest_jsonl(&m.env, f, in, &run, &st, &err) < 0;
        if (in)
            fclose(in);
    } else {
        rc = !f || table_open(path, &t, &err) < 0 ||
             feed_ingest(&m.env, f, t, &run, &st, &err) < 0;
        table_close(t);
    }
    if (!rc)
        printf("%s：读入 %ld 条，采用 %ld 条，未变 %ld 条，拒收 %ld 条；重新评估 %ld 户，"
               "新增预警 %ld 条\n",
               feed_def_label(f), st.records, st.applied, st.unchanged, st.rejected,
               st.households, st.warnings);
    feed_def_free(f);
    mon_cli_close(&m);
    return rc ? cli_fail(&err) : 0;
}

int cmd_feed(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    if (strcmp(sub, "ingest") == 0 && c->nargs == 3)
        return feed_ingest_cmd(c, c->args[1], c->args[2]);
    if (strcmp(sub, "rejects") == 0 && c->nargs == 2) {
        struct mon_cli m;
        int bad = mon_cli_open(c, &m, false);
        if (bad)
            return bad;
        struct mz_err err = {0};
        int rc = ms_rejects(reg_db(m.reg), c->args[1], print_reject, NULL, &err);
        mon_cli_close(&m);
        return rc < 0 ? cli_fail(&err) : 0;
    }
    fputs("用法：mz feed ingest NAME FILE(.csv|.xlsx|.jsonl) [--as-of D] [--batch N] [--feeds DIR]\n"
          "      mz feed rejects NAME\n",
          stderr);
    return 2;
}

/* ---- machine tokens ----------------------------------------------------- */

static int print_machine(void *ctx, const struct auth_machine *m)
{
    (void)ctx;
    printf("%-20s %-30s %.19s %s\n", m->name, m->feeds, m->created, m->revoked ? "已吊销" : "有效");
    return 0;
}

/* mz token add NAME (--feed F | --referrals DEPT | --devices) … | list | revoke NAME */
int cmd_token(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    const char *feeds[AUTH_MACHINE_FEEDS + 1], *depts[AUTH_MACHINE_FEEDS + 1];
    int nfeeds = cli_opts(c, "feed", feeds, AUTH_MACHINE_FEEDS + 1);
    int ndepts = cli_opts(c, "referrals", depts, AUTH_MACHINE_FEEDS + 1);
    /* --devices: the grant "devices" to post smart-alarm events */
    if (cli_flag(c, "devices") && nfeeds + ndepts < AUTH_MACHINE_FEEDS)
        depts[ndepts++] = "devices";
    bool add = strcmp(sub, "add") == 0 && c->nargs == 2 && nfeeds + ndepts > 0 &&
               nfeeds + ndepts <= AUTH_MACHINE_FEEDS;
    if (!add && !(strcmp(sub, "list") == 0 && c->nargs == 1) &&
        !(strcmp(sub, "revoke") == 0 && c->nargs == 2)) {
        fputs("用法：mz token add NAME --feed FEED [--feed …] [--referrals 部门 …] [--devices] | list "
              "| revoke NAME\n"
              "      --devices：设备平台推送居家安全设备事件（POST /api/v1/devices/events）\n"
              "      --referrals：部门系统拉取专项救助转介并答复（GET/POST "
              "/api/v1/referrals/部门）\n",
              stderr);
        return 2;
    }
    /* a department's referral grant is written "referral_DEPT"; devices "devices" */
    char grants[AUTH_MACHINE_FEEDS][40];
    for (int i = 0; add && i < ndepts; i++) {
        if (strcmp(depts[i], "devices") == 0) {
            snprintf(grants[i], sizeof grants[i], "devices");
        } else if (!ref_department(depts[i])) {
            fprintf(stderr, "mz token: 没有部门“%s”（yibao、jiaoyu、zhujian、renshe）\n", depts[i]);
            return 2;
        } else {
            snprintf(grants[i], sizeof grants[i], "referral_%s", depts[i]);
        }
        feeds[nfeeds + i] = grants[i];
    }
    struct mon_cli m;
    int bad = mon_cli_open(c, &m, false);
    if (bad)
        return bad;
    struct mz_err err = {0};
    int rc = 0;
    if (add) {
        /* Every feed must have a definition: a token for a feed that does
         * not exist would only ever be refused. */
        for (int i = 0; i < nfeeds && rc == 0; i++) {
            struct feed_def *f = feed_def_find(m.feeds, feeds[i], &err);
            rc = f ? 0 : -1;
            feed_def_free(f);
        }
        char token[AUTH_TOKEN_HEX];
        if (rc == 0)
            rc = auth_machine_add(m.reg, m.actor, c->args[1], feeds, nfeeds + ndepts, token, &err);
        if (rc == 0)
            printf("已签发机器令牌 %s（数据源：", c->args[1]);
        for (int i = 0; rc == 0 && i < nfeeds + ndepts; i++)
            printf("%s%s", i ? " " : "", feeds[i]);
        if (rc == 0)
            printf("）\n令牌（只显示这一次）：%s\n", token);
    } else if (strcmp(sub, "revoke") == 0) {
        rc = auth_machine_revoke(m.reg, m.actor, c->args[1], &err);
        if (rc == 0)
            printf("已吊销机器令牌 %s\n", c->args[1]);
    } else {
        rc = auth_machine_scan(m.reg, print_machine, NULL, &err);
    }
    mon_cli_close(&m);
    return rc < 0 ? cli_fail(&err) : 0;
}

/* ---- warnings ----------------------------------------------------------- */

static void print_warning(const struct ms_warning *w, bool full)
{
    printf("%lld\t%s\t%s\t%s\t户%s\t%s\t到期 %s\t%s\n", (long long)w->id, w->office, w->severity,
           w->state, w->hh_no, w->label, w->due, w->rule);
    if (!full)
        return;
    printf("  产生：%s（%s）\n", w->raised_on, w->raised_by);
    if (w->assignee[0])
        printf("  经办人：%s\n", w->assignee);
    if (w->finding[0])
        printf("  核实情况：%s\n", w->finding);
    if (w->outcome[0])
        printf("  办理结果：%s\n", w->outcome);
    if (w->reason[0])
        printf("  撤销理由：%s\n", w->reason);
    printf("  依据：\n%s\n", w->evidence);
}

/* Prints the warnings selected by the filters; full adds the evidence. */
static int list_warnings(struct registry *reg, const char *division, const char *state,
                         const char *program, const char *rule, bool full)
{
    struct mz_err err = {0};
    int64_t *ids;
    size_t n;
    if (ms_warning_ids(reg_db(reg), division, state, program, rule, &ids, &n, &err) < 0)
        return cli_fail(&err);
    struct ms_warning *w = mz_malloc(sizeof *w);
    int rc = w ? 0 : mz_fail(&err, "out_of_memory", "内存不足");
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = ms_warning_get(reg_db(reg), ids[i], w, &err) < 0 ? -1 : 0;
        if (rc == 0)
            print_warning(w, full);
    }
    mz_free(w);
    mz_free(ids);
    if (rc < 0)
        return cli_fail(&err);
    printf("共 %zu 条\n", n);
    return 0;
}

int cmd_monitor(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    if (strcmp(sub, "sweep") == 0 && c->nargs == 1) {
        bool baseline = cli_flag(c, "baseline");
        struct mon_cli m;
        int bad = mon_cli_open(c, &m, true);
        if (bad)
            return bad;
        struct mz_err err = {0};
        struct mon_counts n = {0};
        /* deaths recorded without the hook (an import) cascade first, once */
        struct funeral_env fenv = {m.reg, m.env.set, m.env.cal};
        int64_t deaths = 0;
        int rc = baseline ? 0 : fun_sweep(&fenv, m.actor, &deaths, &err);
        if (rc == 0)
            rc = mon_sweep(&m.env, m.as_of, baseline, &n, &err);
        mon_cli_close(&m);
        if (rc < 0)
            return cli_fail(&err);
        if (deaths)
            printf("补办身后一件事：%" PRId64 " 人\n", deaths);
        printf("全市复核%s：评估 %ld 户，新增预警 %ld 条", baseline ? "（建立基线，不产生预警）" : "",
               n.households, n.warnings);
        if (n.findings) printf("，免申即享新发现 %ld 户（mz autogrant list）", n.findings);
        putchar('\n');
        return 0;
    }
    if (strcmp(sub, "candidates") == 0) {
        const char *program = cli_opt(c, "program", NULL);
        const char *division = cli_opt(c, "division", "");
        const char *xlsx = cli_opt(c, "xlsx", NULL);
        if (!program) {
            fputs("mz monitor candidates: 须指定 --program\n", stderr);
            return 2;
        }
        struct mon_cli m;
        int bad = mon_cli_open(c, &m, false);
        if (bad)
            return bad;
        int rc = 0;
        if (xlsx) {
            struct mz_err err = {0};
            long rows;
            rc = mon_candidates_xlsx(m.reg, program, division, xlsx, &rows, &err) < 0
                     ? cli_fail(&err)
                     : 0;
            if (!rc)
                printf("政策找人名单（%s）：%ld 条，已写入 %s\n", program, rows, xlsx);
        } else {
            const char *states[] = {"open", "assigned", "verified"};
            for (int i = 0; i < 3 && rc == 0; i++)
                rc = list_warnings(m.reg, division, states[i], program, "", true);
        }
        mon_cli_close(&m);
        return rc;
    }
    fputs("用法：mz monitor sweep [--as-of D] [--baseline]\n"
          "      mz monitor candidates --program P [--division CODE] [--xlsx FILE]\n",
          stderr);
    return 2;
}

/* mz warning case ID --type T [--date D]: opens a case from a warning. */
static int warning_case_cmd(struct cli *c)
{
    const char *type = cli_opt(c, "type", NULL), *day_text = cli_opt(c, "date", NULL);
    char *end;
    long long id = strtoll(c->args[1], &end, 10);
    mz_date day = day_text ? date_parse(day_text) : date_today();
    if (*end || id <= 0 || !type || day == MZ_DATE_NONE) {
        fputs("用法：mz warning case 预警编号 --type 申请类型（如 dibao） [--date YYYY-MM-DD]\n",
              stderr);
        return 2;
    }
    struct mon_cli m;
    int bad = mon_cli_open(c, &m, true);
    if (bad)
        return bad;
    struct case_env env = {m.reg, m.data.cal, m.data.set};
    struct mz_err err = {0};
    int64_t case_id;
    const char *user = strchr(m.actor, ':');
    int rc = mon_warning_case(&env, id, type, m.actor, user ? user + 1 : m.actor, day, &case_id,
                              &err);
    mon_cli_close(&m);
    if (rc < 0)
        return cli_fail(&err);
    printf("预警 %lld 已转立案：案件 %lld\n", id, (long long)case_id);
    return 0;
}

int cmd_warning(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    if (strcmp(sub, "list") == 0 || strcmp(sub, "show") == 0) {
        const char *division = cli_opt(c, "division", "");
        const char *state = cli_opt(c, "state", "");
        const char *program = cli_opt(c, "program", "");
        const char *rule = cli_opt(c, "rule", "");
        bool evidence = cli_flag(c, "evidence");
        struct mon_cli m;
        int bad = mon_cli_open(c, &m, false);
        if (bad)
            return bad;
        int rc;
        if (strcmp(sub, "show") == 0) {
            struct mz_err err = {0};
            struct ms_warning *w = mz_malloc(sizeof *w);
            int64_t id = c->nargs == 2 ? atoll(c->args[1]) : 0;
            int found = w ? ms_warning_get(reg_db(m.reg), id, w, &err)
                          : mz_fail(&err, "out_of_memory", "内存不足");
            if (found == 0)
                mz_fail(&err, "not_found", "预警“%s”不存在", c->nargs == 2 ? c->args[1] : "");
            if (found == 1)
                print_warning(w, true);
            rc = found == 1 ? 0 : cli_fail(&err);
            mz_free(w);
        } else {
            rc = list_warnings(m.reg, division, state, program, rule, evidence);
        }
        mon_cli_close(&m);
        return rc;
    }
    if (strcmp(sub, "case") == 0 && c->nargs == 2)
        return warning_case_cmd(c);
    static const char *const actions[] = {"assign", "verify", "close", "dismiss"};
    for (size_t k = 0; k < sizeof actions / sizeof actions[0]; k++) {
        if (strcmp(sub, actions[k]) != 0)
            continue;
        if (c->nargs != 3)
            break;
        char *end;
        long long id = strtoll(c->args[1], &end, 10);
        if (*end || id <= 0) {
            fprintf(stderr, "mz warning: 预警编号应为正整数，实为“%s”\n", c->args[1]);
            return 2;
        }
        struct mon_cli m;
        int bad = mon_cli_open(c, &m, false);
        if (bad)
            return bad;
        struct mz_err err = {0};
        int rc = mon_warning_step(m.reg, id, sub, c->args[2], m.actor, &err);
        mon_cli_close(&m);
        if (rc < 0)
            return cli_fail(&err);
        printf("预警 %lld：%s 完成\n", id, sub);
        return 0;
    }
    fputs("用法：mz warning list [--division CODE] [--state S] [--program P] [--rule R] "
          "[--evidence]\n"
          "      mz warning show ID\n"
          "      mz warning assign ID 经办人 | verify ID 核实情况 | close ID 办理结果 | "
          "dismiss ID 理由\n"
          "      mz warning case ID --type 申请类型 [--date D]   由预警转立案\n",
          stderr);
    return 2;
}
