/* Place-name commands: mz placename add|import|search|show|romanize|case|cases
 * (地名, docs/placenames.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "placename/placename.h"
#include "registry/pinyin.h"
#include "registry/registry.h"
#include "store/regstore.h"

static const char placename_usage[] =
    "用法：mz placename add --name 标准名称 --class 类别 --division 区划 [--lon E --lat N]\n"
    "                  [--meaning 含义] [--history 历史沿革] [--named-on D] [--approved-by 机关]\n"
    "                  [--document 文号] [--culture 地名文化] [--products 特色物产]\n"
    "                  [--homophone-reason 理由]                 登记已批准的标准地名\n"
    "      mz placename import 文件                               导入地名录（CSV/XLSX）\n"
    "      mz placename search [文字|拼音|首字母] [--class C] [--division D]  查询地名\n"
    "      mz placename show ID                                   地名详情\n"
    "      mz placename romanize 名称…                            按 GB/T 16159 拼写\n"
    "      mz placename classes                                   地名类别与批准机关\n"
    "      mz placename case name --name 名称 --class C --division D --reasons 理由 --applicant 单位\n"
    "      mz placename case rename ID --name 新名称 --reasons 理由 --applicant 单位\n"
    "      mz placename case approve 案件 --by 批准机关 --document 文号 [--date D]\n"
    "      mz placename case file|announce 案件 [--date D]        备案、公告\n"
    "      mz placename case reject 案件 --reason 理由 [--date D]\n"
    "      mz placename cases [--state applied|approved|done|rejected]\n";

static int64_t parse_id(const char *s)
{
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && *s && !*end && v > 0 ? v : 0;
}

static void input_of(struct cli *c, struct pn_input *in)
{
    const char *lon = cli_opt(c, "lon", NULL), *lat = cli_opt(c, "lat", NULL);
    *in = (struct pn_input){.name = cli_opt(c, "name", NULL),
                            .class_ = cli_opt(c, "class", NULL),
                            .division = cli_opt(c, "division", NULL),
                            .meaning = cli_opt(c, "meaning", NULL),
                            .history = cli_opt(c, "history", NULL),
                            .named_on = cli_opt(c, "named-on", NULL),
                            .approved_by = cli_opt(c, "approved-by", NULL),
                            .document = cli_opt(c, "document", NULL),
                            .culture = cli_opt(c, "culture", NULL),
                            .products = cli_opt(c, "products", NULL),
                            .homophone_reason = cli_opt(c, "homophone-reason", NULL)};
    if (lon || lat) {
        in->located = true;
        in->lon = lon ? atof(lon) : 0;
        in->lat = lat ? atof(lat) : 0;
    }
}

static void print_placename(const struct placename_row *p, struct db *db)
{
    const struct pn_class *cls = pn_class_find(p->class_);
    struct division_row d;
    struct mz_err err = {0};
    bool named = rs_division_at(db, p->division, date_today(), &d, &err) == 1 ||
                 rs_division_latest(db, p->division, &d, &err) == 1;
    printf("%" PRId64 "  %s  %s  [%s] %s  %s\n", p->id, p->name, p->pinyin,
           cls ? cls->label : p->class_, named ? d.name : p->division,
           pn_status_label(p->status));
}

static int print_row(void *ctx, const struct placename_row *p)
{
    print_placename(p, ctx);
    return 0;
}

static int show(struct registry *r, int64_t id, struct mz_err *err)
{
    struct placename_row p;
    int found = pls_placename_get(reg_db(r), id, &p, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "地名 %" PRId64 " 不存在", id);
    print_placename(&p, reg_db(r));
    printf("  专名 %s  通名 %s\n", p.specific, p.generic);
    if (p.located)
        printf("  坐标 %.6f, %.6f（CGCS2000）\n", p.lon, p.lat);
    const char *labels[] = {"含义", "历史沿革", "命名日期", "批准机关", "批准文号", "地名文化",
                            "特色物产"};
    const char *values[] = {p.meaning,  p.history, p.named_on, p.approved_by,
                            p.document, p.culture, p.products};
    for (int i = 0; i < 7; i++)
        if (*values[i])
            printf("  %s：%s\n", labels[i], values[i]);
    return 0;
}

static int print_case(void *ctx, const struct placecase_row *c)
{
    (void)ctx;
    printf("案件 %" PRId64 "  %s “%s”%s%s  %s  申请 %s", c->id,
           strcmp(c->kind, "rename") == 0 ? "更名" : "命名", c->new_name,
           *c->old_name ? " 原名 " : "", c->old_name, pn_case_state_label(c->state), c->opened_on);
    if (*c->approved_on)
        printf("  批准 %s（%s %s）备案 %s（限 %s）公告 %s（限 %s）", c->approved_on, c->approved_by,
               c->document, *c->filed_on ? c->filed_on : "未", c->filing_due,
               *c->announced_on ? c->announced_on : "未", c->notice_due);
    printf("\n");
    return 0;
}

static mz_date day_of(struct cli *c)
{
    const char *s = cli_opt(c, "date", NULL);
    return s ? date_parse(s) : date_today();
}

static int case_cmd(struct cli *c, const struct pn_env *env, struct mz_err *err)
{
    const char *step = c->nargs > 1 ? c->args[1] : "";
    int64_t id = parse_id(c->nargs > 2 ? c->args[2] : NULL), new_id;
    mz_date day = day_of(c);
    if (strcmp(step, "name") == 0 || strcmp(step, "rename") == 0) {
        struct pn_input in;
        input_of(c, &in);
        if (pn_case_open(env, step, id, &in, cli_opt(c, "reasons", NULL),
                         cli_opt(c, "applicant", NULL), day, &new_id, err) < 0)
            return -1;
        printf("已受理地名%s申请，案件 %" PRId64 "\n", strcmp(step, "name") == 0 ? "命名" : "更名",
               new_id);
        return 0;
    }
    if (!id)
        return mz_fail(err, "invalid_value", "请给出案件编号");
    int rc = strcmp(step, "approve") == 0
                 ? pn_case_approve(env, id, day, cli_opt(c, "by", NULL),
                                   cli_opt(c, "document", NULL), err)
             : strcmp(step, "file") == 0     ? pn_case_file(env, id, day, err)
             : strcmp(step, "announce") == 0 ? pn_case_announce(env, id, day, err)
             : strcmp(step, "reject") == 0
                 ? pn_case_reject(env, id, day, cli_opt(c, "reason", NULL), err)
                 : mz_fail(err, "invalid_value", "不认识的步骤“%s”", step);
    if (rc < 0)
        return -1;
    struct placecase_row pc;
    if (pls_case_get(reg_db(env->reg), id, &pc, err) < 0)
        return -1;
    return print_case(NULL, &pc);
}

static int romanize(struct cli *c)
{
    struct pinyin *py;
    struct mz_err err = {0};
    if (pinyin_open(&py, &err) < 0)
        return cli_fail(&err);
    for (int i = 1; i < c->nargs; i++) {
        char out[256];
        if (pinyin_place_name(py, c->args[i], out, sizeof out) < 0)
            snprintf(out, sizeof out, "（无法转写）");
        printf("%s\t%s\n", c->args[i], out);
    }
    pinyin_close(py);
    return 0;
}

static int run(struct cli *c, const char *sub, const struct pn_env *env, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    if (strcmp(sub, "add") == 0) {
        struct pn_input in;
        int64_t id;
        input_of(c, &in);
        if (pn_add(env, &in, &id, err) < 0)
            return -1;
        return show(env->reg, id, err);
    }
    if (strcmp(sub, "import") == 0) {
        long added;
        if (c->nargs < 2)
            return mz_fail(err, "invalid_value", "请给出地名录文件");
        if (pn_import(env, c->args[1], &added, err) < 0)
            return -1;
        printf("已导入地名 %ld 条\n", added);
        return 0;
    }
    if (strcmp(sub, "search") == 0) {
        char q[256], prefix[1][13];
        pn_search_text(c->nargs > 1 ? c->args[1] : "", q, sizeof q);
        const char *division = cli_opt(c, "division", NULL);
        snprintf(prefix[0], sizeof prefix[0], "%s", division ? division : "");
        return pls_placename_search(db, q, (const char(*)[13])prefix, division ? 1 : 0,
                                    cli_opt(c, "class", NULL), true, 100, 0, print_row, db,
                                    err) < 0
                   ? -1
                   : 0;
    }
    if (strcmp(sub, "show") == 0)
        return show(env->reg, parse_id(c->nargs > 1 ? c->args[1] : NULL), err);
    if (strcmp(sub, "classes") == 0) {
        for (int i = 0; i < pn_class_count(); i++) {
            const struct pn_class *k = pn_class_at(i);
            printf("%-12s %s：%s%s%s\n", k->name, k->label, k->approver, *k->rule ? "；" : "",
                   k->rule);
        }
        return 0;
    }
    if (strcmp(sub, "cases") == 0)
        return pls_cases(db, NULL, 0, cli_opt(c, "state", NULL), 200, print_case, NULL, err) < 0
                   ? -1
                   : 0;
    return case_cmd(c, env, err);
}

int cmd_placename(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    static const char *const subs[] = {"add",     "import", "search", "show", "romanize",
                                       "classes", "case",   "cases"};
    bool known = false;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        known |= strcmp(sub, subs[i]) == 0;
    if (!known) {
        fputs(placename_usage, stderr);
        return 2;
    }
    if (strcmp(sub, "romanize") == 0) {
        int bad = cli_unused(c);
        return bad ? bad : romanize(c);
    }
    struct cli_mon_data data;
    cli_mon_options(c, &data);
    /* read every option before cli_unused */
    struct pn_input probe;
    input_of(c, &probe);
    const char *opts[] = {"reasons", "applicant", "by", "document", "reason", "date", "state"};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        cli_opt(c, opts[i], NULL);
    struct registry *r;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &r)))
        return bad;
    if (strcmp(sub, "case") == 0 && (bad = cli_mon_load(&data, r, reg_actor(r)))) {
        reg_close(r);
        return bad;
    }
    struct pn_env env = {r, data.set, data.cal};
    struct mz_err err = {0};
    int rc = run(c, sub, &env, &err);
    cli_mon_free(&data);
    reg_close(r);
    if (rc < 0 && err.field[0]) {
        char msg[sizeof err.msg];
        snprintf(msg, sizeof msg, "--%.40s：%.400s", err.field, err.msg);
        snprintf(err.msg, sizeof err.msg, "%s", msg);
    }
    return rc < 0 ? cli_fail(&err) : 0;
}
