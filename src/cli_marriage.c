/* 婚姻登记 commands (docs/marriage.md): mz marriage register|list|show|status|
 * import|replace|refusals|certificate|verify|kin|parent|appointment|hukou,
 * mz divorce apply|withdraw|register|counsel|list|show|timeline|sweep. The
 * rules are in src/marriage; this file reads options and prints. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "cli.h"
#include "io/file.h"
#include "io/table.h"
#include "marriage/marriage.h"
#include "notice/issue.h"
#include "notice/pdf.h"
#include "registry/idcard.h"
#include "registry/kin.h"
#include "registry/registry.h"
#include "store/marriagestore.h"
#include "store/regstore.h"

static const char marriage_usage[] =
    "用法：mz marriage register --office 区县代码 --a-id 身份证号 --a-name 姓名 --b-id 身份证号 --b-name 姓名\n"
    "                           [--date D] [--involuntary a|b|both] [--unsigned a|b|both]\n"
    "                           [--illness a|b|both] [--appointment 预约号] [--hukou man|woman] [--as 账户]\n"
    "                                                   结婚登记（不符合条件的不予登记，写明条款）\n"
    "      mz marriage list [--office 区县代码] [--state married|divorced|widowed] [--name 姓名]\n"
    "      mz marriage show 证件字号 | status 身份证号 [--date D]   登记档案、婚姻状况（联网核对）\n"
    "      mz marriage import FILE                      导入历史婚姻登记档案（CSV/XLSX）\n"
    "      mz marriage replace 证件字号 --id 身份证号 --office 区县代码 [--date D]   补领结婚证、离婚证\n"
    "      mz marriage refusals [--office 区县代码]      不予登记的记录（规则与条款）\n"
    "      mz marriage certificate 证件字号 --out F.pdf [--key 私钥]  | verify F.pdf [--pubkey 公钥]\n"
    "      mz marriage kin 身份证号 身份证号              两人在登记库中的亲属关系（直系、三代以内旁系）\n"
    "      mz marriage parent 子女身份证号 --parent 父母身份证号 --source 依据   登记亲子关系\n"
    "      mz marriage appointment book --office C --date D --slot 09:00 --kind marriage|divorce|replacement\n"
    "                              --parties 姓名 | cancel 预约号 | list [--office C] [--from D] [--to D]\n"
    "      mz marriage hukou list [--state S] | message 编号 | step 编号 send|accept|done|refuse\n"
    "                              [--note T] [--date D]   结婚落户一件事（与公安联办）\n";

static const char divorce_usage[] =
    "用法：mz divorce apply --office 区县代码 --cert 结婚证字号 --a-id 身份证号 --b-id 身份证号\n"
    "                        --agreement 协议文件 [--no-capacity] [--date D] [--as 账户]   受理离婚登记申请\n"
    "      mz divorce withdraw 申请号 --by 身份证号 [--date D]           冷静期内撤回\n"
    "      mz divorce register 申请号 --office 区县代码 --a-id 身份证号 --b-id 身份证号 [--date D]\n"
    "                                                   双方共同申请发给离婚证\n"
    "      mz divorce counsel 申请号 --outcome offered|held|declined --counsellor 姓名 [--note T] [--date D]\n"
    "      mz divorce list [--state cooling|withdrawn|lapsed|registered] | show 申请号\n"
    "      mz divorce timeline --date D [--office 区县代码]   冷静期和申请发证期限（按节假日安排）\n"
    "      mz divorce sweep                             逾期未申请发证的，视为撤回\n";

struct mcli {
    struct registry *reg;
    struct cli_mon_data data;
    struct auth_user user;
    char actor[80];
    struct marriage_env env;
};

/* Opens the registry, loads the policies and calendar, resolves --as. */
static int open_all(struct cli *c, struct mcli *m, const char *account)
{
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &m->reg)))
        return bad;
    if ((bad = cli_as_account(c, m->reg, account, &m->user, m->actor)) ||
        (bad = cli_mon_load(&m->data, m->reg, m->actor))) {
        reg_close(m->reg);
        return bad;
    }
    reg_set_actor(m->reg, m->actor);
    m->env = (struct marriage_env){m->reg, m->data.set, m->data.cal, NULL};
    return 0;
}

static void close_all(struct mcli *m)
{
    cli_mon_free(&m->data);
    reg_close(m->reg);
}

/* The office of --office within the account's scope (any without --as). */
static int office_of(struct mcli *m, const char *office, struct mz_err *err)
{
    if (!office || !*office)
        return mz_fail_field(err, "office", "missing_field", "请用 --office 指定婚姻登记机关（区县代码）");
    if (m->user.name[0] && !auth_in_scope(&m->user, office))
        return mz_fail_field(err, "office", "out_of_scope", "婚姻登记机关 %s 不在账户“%s”的管辖范围",
                             office, m->user.name);
    if (m->user.name[0] && !auth_role_can_write(m->user.role))
        return mz_fail(err, "read_only", "账户“%s”只能查看，不能办理婚姻登记", m->user.name);
    return 0;
}

/* The account's scope as prefixes (n 0: everywhere). */
static int scope_of(struct mcli *m, const char *office, char prefixes[][13])
{
    if (office && *office) {
        snprintf(prefixes[0], 13, "%.12s", office);
        return 1;
    }
    if (!m->user.name[0])
        return 0;
    int n = 0;
    snprintf(prefixes[n++], 13, "%s", m->user.division);
    for (int i = 0; i < m->user.nscope && n < AUTH_SCOPE_MAX; i++)
        if (strcmp(m->user.scope[i], m->user.division) != 0)
            snprintf(prefixes[n++], 13, "%s", m->user.scope[i]);
    return n;
}

static mz_date day_opt(struct cli *c, const char **text)
{
    *text = cli_opt(c, "date", NULL);
    return *text ? date_parse(*text) : date_today();
}

/* "a", "b", "both" → whether party a / b is named. */
static bool names(const char *who, char party)
{
    return who && (strcmp(who, "both") == 0 || (who[0] == party && !who[1]));
}

static void print_refusal(const struct mar_registered *r)
{
    if (r->refusal_id)
        fprintf(stderr, "（已记录不予登记 %" PRId64 "，规则：%s；依据：%s）\n", r->refusal_id,
                r->rule->label, r->rule->article);
}

/* ---- mz marriage ------------------------------------------------------- */

static int m_register(struct cli *c, struct mcli *m, struct mz_err *err)
{
    const char *office = cli_opt(c, "office", NULL), *day_text,
               *inv = cli_opt(c, "involuntary", NULL), *uns = cli_opt(c, "unsigned", NULL),
               *ill = cli_opt(c, "illness", NULL), *apt = cli_opt(c, "appointment", NULL),
               *hukou = cli_opt(c, "hukou", NULL);
    struct mar_register_in in = {
        .office = office, .day = day_opt(c, &day_text),
        .a = {cli_opt(c, "a-id", NULL), cli_opt(c, "a-name", NULL), !names(uns, 'a'),
              !names(inv, 'a'), names(ill, 'a')},
        .b = {cli_opt(c, "b-id", NULL), cli_opt(c, "b-name", NULL), !names(uns, 'b'),
              !names(inv, 'b'), names(ill, 'b')},
        .appointment_id = apt ? atoll(apt) : 0,
        .hukou = !hukou ? MAR_HUKOU_NONE : strcmp(hukou, "man") == 0 ? MAR_HUKOU_MAN
                                                                      : MAR_HUKOU_WOMAN,
        .actor = m->actor};
    if (hukou && strcmp(hukou, "man") && strcmp(hukou, "woman"))
        return mz_fail_field(err, "hukou", "invalid_value", "--hukou 应为 man（男方迁入女方户）或 woman");
    if (office_of(m, office, err) < 0)
        return -1;
    struct mar_registered out;
    if (mar_register(&m->env, &in, &out, err) < 0) {
        if (out.refusal_id) {
            cli_fail(err);
            print_refusal(&out);
            mz_err_clear(err);
            snprintf(err->code, sizeof err->code, "refused");
        }
        return -1;
    }
    printf("已登记结婚，结婚证字号 %s（登记号 %" PRId64 "）\n", out.cert_no, out.marriage_id);
    if (out.hukou_id)
        printf("已开启结婚落户联办 %" PRId64 "（待发送公安：mz marriage hukou message %" PRId64 "）\n",
               out.hukou_id, out.hukou_id);
    return 0;
}

static int print_marriage(void *ctx, const struct marriage_row *r)
{
    (void)ctx;
    printf("%s\t%s\t%s\t男方 %s %s\t女方 %s %s\t%s%s%s\n", r->cert_no, r->registered_on, r->office,
           r->man_name, r->man_masked, r->woman_name, r->woman_masked, mar_state_label(r->state),
           r->ended_on[0] ? " " : "", r->ended_on);
    return 0;
}

static int m_list(struct cli *c, struct mcli *m, struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    struct ms_filter f = {.state = cli_opt(c, "state", ""), .q = cli_opt(c, "name", "")};
    f.nprefixes = scope_of(m, cli_opt(c, "office", NULL), prefixes);
    f.prefixes = (const char(*)[13])prefixes;
    int64_t total;
    if (ms_marriage_list(reg_db(m->reg), &f, 1, 100, print_marriage, NULL, &total, err) < 0)
        return -1;
    printf("共 %" PRId64 " 条%s\n", total, total > 100 ? "（列出最近 100 条）" : "");
    return 0;
}

static int print_cert(void *ctx, const struct cert_row *r)
{
    (void)ctx;
    printf("  %s\t%s\t%s\t%s%s%s\n", r->number, mar_cert_kind_label(r->kind), r->issued_on,
           r->replaces[0] ? "补发原证 " : "", r->replaces, r->pdf_sm3[0] ? "\t已签发电子证明" : "");
    return 0;
}

static int print_divorce(void *ctx, const struct divorce_row *d)
{
    (void)ctx;
    const char *phase = div_phase(d->state, d->cooling_ends, d->appear_by, date_today());
    printf("  离婚申请 %" PRId64 "：%s 受理，冷静期至 %s，%s 至 %s 申请发证；%s%s%s\n", d->id,
           d->applied_on, d->cooling_ends, d->appear_from, d->appear_by, div_phase_label(phase),
           d->cert_no[0] ? "，离婚证字号 " : "", d->cert_no);
    return 0;
}

static int m_show(struct mcli *m, const char *cert, struct mz_err *err)
{
    struct db *db = reg_db(m->reg);
    int64_t id;
    struct marriage_row r;
    int found = ms_marriage_by_cert(db, cert, &id, err);
    if (found > 0)
        found = ms_marriage_get(db, id, &r, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "婚姻登记档案中没有证件字号 %s", cert);
    if (m->user.name[0] && !auth_in_scope(&m->user, r.office))
        return mz_fail(err, "not_found", "婚姻登记档案中没有证件字号 %s（或不在账户的管辖范围）", cert);
    printf("结婚证字号 %s，%s 在 %s 登记%s；%s%s%s\n", r.cert_no, r.registered_on, r.office,
           r.archived ? "（历史档案）" : "", mar_state_label(r.state), r.ended_on[0] ? " " : "",
           r.ended_on);
    printf("  男方 %s（%s）\n  女方 %s（%s）\n", r.man_name, r.man_masked, r.woman_name,
           r.woman_masked);
    printf("证件：\n");
    if (ms_certs_of(db, id, print_cert, NULL, err) < 0 ||
        ms_divorces_of(db, id, print_divorce, NULL, err) < 0)
        return -1;
    int64_t hk = 0;
    struct hukou_row k;
    if ((found = ms_hukou_of_marriage(db, id, &hk, err)) < 0)
        return -1;
    if (found && ms_hukou_get(db, hk, &k, err) > 0)
        printf("结婚落户联办 %" PRId64 "：迁入户 %s，%s，办结时限 %s\n", k.id, k.hh_no,
               hukou_state_label(k.state), k.due);
    return 0;
}

static int m_status(struct cli *c, struct mcli *m, const char *id_number, struct mz_err *err)
{
    const char *t;
    mz_date day = day_opt(c, &t);
    struct mar_status_info s;
    if (mar_status_of(&m->env, id_number, day, &s, err) < 0)
        return -1;
    char masked[19], since[11] = "";
    idcard_mask(id_number, masked);
    if (s.since != MZ_DATE_NONE)
        date_format(s.since, since);
    printf("%s：%s%s%s%s（%s）\n", masked, mar_status_label(s.status), since[0] ? "，自 " : "",
           since, "", s.basis[0] ? s.basis : "本地档案与登记库中没有记录");
    return 0;
}

/* The archive: 结婚证字号,登记日期,男方身份证号,男方姓名,女方身份证号,女方姓名. */
static int m_import(struct mcli *m, const char *path, struct mz_err *err)
{
    struct table *t;
    if (table_open(path, &t, err) < 0)
        return -1;
    static const char *const cols[] = {"结婚证字号", "登记日期", "男方身份证号", "男方姓名",
                                       "女方身份证号", "女方姓名"};
    int idx[6];
    int rc = table_read(t, err) <= 0 ? mz_fail(err, "empty", "%s：没有表头", path) : 0;
    for (int k = 0; rc == 0 && k < 6; k++) {
        idx[k] = -1;
        for (size_t i = 0; i < table_nfields(t); i++)
            if (strcmp(table_field(t, i), cols[k]) == 0)
                idx[k] = (int)i;
        if (idx[k] < 0)
            rc = mz_fail(err, "missing_column", "%s：缺少列“%s”", path, cols[k]);
    }
    long added = 0, rejected = 0;
    while (rc == 0) {
        int r = table_read(t, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        const char *v[6];
        for (int k = 0; k < 6; k++)
            v[k] = (size_t)idx[k] < table_nfields(t) ? table_field(t, (size_t)idx[k]) : "";
        struct mar_archive_in in = {v[0], date_parse(v[1]), v[2], v[3], v[4], v[5], m->actor};
        int64_t id;
        struct mz_err rerr = {0};
        if (mar_archive_add(&m->env, &in, &id, &rerr) < 0) {
            fprintf(stderr, "%s:%ld: %s\n", path, table_line(t), rerr.msg);
            rejected++;
        } else {
            added++;
        }
    }
    table_close(t);
    if (rc < 0)
        return -1;
    printf("导入婚姻登记档案：新增 %ld，拒收 %ld\n", added, rejected);
    return rejected ? mz_fail(err, "rejected", "有 %ld 行未导入", rejected) : 0;
}

static int m_replace(struct cli *c, struct mcli *m, const char *cert, struct mz_err *err)
{
    const char *t, *office = cli_opt(c, "office", NULL);
    struct mar_replace_in in = {office, day_opt(c, &t), cert, cli_opt(c, "id", NULL), m->actor};
    char no[32];
    struct mar_registered r;
    if (office_of(m, office, err) < 0)
        return -1;
    if (mar_replace(&m->env, &in, no, &r, err) < 0) {
        if (r.refusal_id) {
            cli_fail(err);
            print_refusal(&r);
            mz_err_clear(err);
            snprintf(err->code, sizeof err->code, "refused");
        }
        return -1;
    }
    printf("已补发，字号 %s（原证 %s）\n", no, cert);
    return 0;
}

static int print_refusal_row(void *ctx, const struct refusal_row *r)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\n  %s\n  依据：%s\n", r->day, r->office, r->parties, r->rule, r->reason,
           r->article);
    return 0;
}

static int m_refusals(struct cli *c, struct mcli *m, struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = scope_of(m, cli_opt(c, "office", NULL), prefixes);
    int64_t total;
    if (ms_refusal_list(reg_db(m->reg), (const char(*)[13])prefixes, n, "", 1, 100,
                        print_refusal_row, NULL, &total, err) < 0)
        return -1;
    printf("共 %" PRId64 " 条不予登记记录\n", total);
    return 0;
}

static int m_certificate(struct cli *c, struct mcli *m, const char *cert, struct mz_err *err)
{
    const char *out = cli_opt(c, "out", NULL);
    if (!out)
        return mz_fail_field(err, "out", "missing_field", "请用 --out 指定输出的 PDF 文件");
    char sm3[65], ofd[4200];
    int rc = mar_cert_pdf(&m->env, cert, cli_seal_key(c), out, sm3, err);
    notice_pdf_cleanup(); /* the font caches, for the leak checker */
    if (rc < 0)
        return -1;
    notice_ofd_path(out, ofd, sizeof ofd);
    printf("已签发 %s 的电子婚姻登记证明：%s（签名 %s.sig，SM3 %s），加盖电子印章的 %s\n", cert,
           out, out, sm3, ofd);
    return 0;
}

static int m_verify(struct cli *c, struct mcli *m, const char *pdf, struct mz_err *err)
{
    struct notice_check ck;
    if (notice_check(pdf, cli_seal_pubkey(c), NULL, &ck, err) < 0)
        return -1;
    char number[32] = "";
    int found = ms_cert_by_pdf(reg_db(m->reg), ck.sm3, number, err);
    if (found < 0)
        return -1;
    printf("%s（SM3 %s）\n%s\n", pdf, ck.sm3,
           ck.signature_ok ? "✓ SM2 签名有效" : "✗ 签名检查未通过");
    if (found)
        printf("✓ 婚姻登记档案：证件字号 %s\n", number);
    else
        printf("✗ 婚姻登记档案中没有这份证明（PDF 已被改动，或不是本局签发）\n");
    return ck.signature_ok && found ? 0 : mz_fail(err, "not_verified", "核验未通过");
}

static int m_kin(struct mcli *m, const char *a, const char *b, struct mz_err *err)
{
    int64_t pa, pb;
    int fa = reg_person_find(m->reg, a, &pa, err);
    int fb = fa < 0 ? -1 : reg_person_find(m->reg, b, &pb, err);
    if (fb < 0)
        return -1;
    if (!fa || !fb)
        return mz_fail(err, "unknown_person", "%s不在人口登记库中，登记库没有其亲属关系",
                       !fa ? "第一人" : "第二人");
    struct reg_kin k;
    if (reg_kinship(m->reg, pa, pb, &k, err) < 0)
        return -1;
    if (k.kind == REG_KIN_NONE)
        printf("登记库的记录中，两人不是直系血亲，也不是三代以内的旁系血亲\n");
    else
        printf("%s：%s\n依据：%s\n", k.kind == REG_KIN_LINEAL ? "直系血亲" : "三代以内旁系血亲",
               k.relation, k.evidence);
    return 0;
}

static int m_parent(struct cli *c, struct mcli *m, const char *child, struct mz_err *err)
{
    const char *parent = cli_opt(c, "parent", NULL);
    int64_t pc, pp;
    int fc = reg_person_find(m->reg, child, &pc, err);
    int fp = fc < 0 ? -1 : reg_person_find(m->reg, parent ? parent : "", &pp, err);
    if (fp < 0)
        return -1;
    if (!fc || !fp)
        return mz_fail(err, "unknown_person", "人口登记库中没有%s", !fc ? "子女" : "父母");
    bool added;
    if (reg_parent_add(m->reg, pc, pp, cli_opt(c, "source", NULL), &added, err) < 0)
        return -1;
    printf(added ? "已登记亲子关系\n" : "亲子关系已在登记库中\n");
    return 0;
}

static int print_apt(void *ctx, const struct appointment_row *a)
{
    (void)ctx;
    printf("%" PRId64 "\t%s %s\t%s\t%s\t%s\n", a->id, a->day, a->slot, a->office, a->kind,
           a->parties);
    return 0;
}

static int m_appointment(struct cli *c, struct mcli *m, struct mz_err *err)
{
    const char *what = c->nargs > 1 ? c->args[1] : "";
    if (strcmp(what, "book") == 0) {
        const char *t, *office = cli_opt(c, "office", NULL);
        struct mar_appoint_in in = {office, day_opt(c, &t), cli_opt(c, "slot", NULL),
                                    cli_opt(c, "kind", "marriage"), cli_opt(c, "parties", NULL),
                                    m->actor};
        int64_t id;
        if (office_of(m, office, err) < 0 || mar_appoint(&m->env, &in, &id, err) < 0)
            return -1;
        printf("已预约 %" PRId64 "\n", id);
        return 0;
    }
    if (strcmp(what, "cancel") == 0 && c->nargs == 3)
        return mar_appointment_cancel(&m->env, atoll(c->args[2]), m->actor, err) < 0
                   ? -1
                   : (printf("已取消预约 %s\n", c->args[2]), 0);
    char prefixes[AUTH_SCOPE_MAX][13], from[11], to[11];
    int n = scope_of(m, cli_opt(c, "office", NULL), prefixes);
    date_format(date_today(), from);
    date_format(date_today() + 30, to);
    return ms_appointment_list(reg_db(m->reg), (const char(*)[13])prefixes, n,
                               cli_opt(c, "from", from), cli_opt(c, "to", to), print_apt, NULL,
                               err);
}

static int print_hukou(void *ctx, const struct hukou_row *k)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%s、%s\t迁入户 %s\t%s\t办结时限 %s%s\n", k->id, k->cert_no, k->man_name,
           k->woman_name, k->hh_no, hukou_state_label(k->state), k->due,
           strcmp(k->state, "done") && strcmp(k->state, "refused") &&
                   date_parse(k->due) < date_today()
               ? "（已逾期）"
               : "");
    return 0;
}

static int m_hukou(struct cli *c, struct mcli *m, struct mz_err *err)
{
    const char *what = c->nargs > 1 ? c->args[1] : "list";
    if (strcmp(what, "message") == 0 && c->nargs == 3) {
        char *json;
        if (hukou_message(&m->env, atoll(c->args[2]), &json, err) < 0)
            return -1;
        printf("%s\n", json);
        mz_free(json);
        return 0;
    }
    if (strcmp(what, "step") == 0 && c->nargs == 4) {
        const char *t;
        if (hukou_step(&m->env, atoll(c->args[2]), c->args[3], cli_opt(c, "note", NULL),
                       day_opt(c, &t), m->actor, err) < 0)
            return -1;
        printf("结婚落户联办 %s：%s\n", c->args[2], c->args[3]);
        return 0;
    }
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = scope_of(m, NULL, prefixes);
    return ms_hukou_list(reg_db(m->reg), (const char(*)[13])prefixes, n, cli_opt(c, "state", ""),
                         print_hukou, NULL, err);
}

int cmd_marriage(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    static const char *const one_arg[] = {"show", "status", "import", "replace", "certificate",
                                          "verify", "parent", NULL};
    bool ok = strcmp(sub, "register") == 0 || strcmp(sub, "list") == 0 ||
              strcmp(sub, "refusals") == 0 || (strcmp(sub, "kin") == 0 && c->nargs == 3) ||
              strcmp(sub, "appointment") == 0 || strcmp(sub, "hukou") == 0;
    for (int i = 0; one_arg[i]; i++)
        ok |= strcmp(sub, one_arg[i]) == 0 && c->nargs == 2;
    if (!ok) {
        fputs(marriage_usage, stderr);
        return 2;
    }
    struct mcli m = {0};
    const char *account = cli_opt(c, "as", NULL);
    /* options every subcommand may read */
    static const char *const opts[] = {"office", "date", "a-id", "a-name", "b-id", "b-name",
                                       "involuntary", "unsigned", "illness", "appointment",
                                       "hukou", "state", "name", "id", "out", "parent", "source",
                                       "slot", "kind", "parties", "from", "to", "note", NULL};
    cli_mon_options(c, &m.data);
    for (int i = 0; opts[i]; i++)
        cli_opt(c, opts[i], NULL);
    if (strcmp(sub, "certificate") == 0)
        cli_seal_key(c);
    if (strcmp(sub, "verify") == 0)
        cli_seal_pubkey(c);
    int bad = open_all(c, &m, account);
    if (bad)
        return bad;
    struct mz_err err = {0};
    int rc;
    const char *arg = c->nargs > 1 ? c->args[1] : "";
    if (strcmp(sub, "register") == 0)
        rc = m_register(c, &m, &err);
    else if (strcmp(sub, "list") == 0)
        rc = m_list(c, &m, &err);
    else if (strcmp(sub, "show") == 0)
        rc = m_show(&m, arg, &err);
    else if (strcmp(sub, "status") == 0)
        rc = m_status(c, &m, arg, &err);
    else if (strcmp(sub, "import") == 0)
        rc = m_import(&m, arg, &err);
    else if (strcmp(sub, "replace") == 0)
        rc = m_replace(c, &m, arg, &err);
    else if (strcmp(sub, "refusals") == 0)
        rc = m_refusals(c, &m, &err);
    else if (strcmp(sub, "certificate") == 0)
        rc = m_certificate(c, &m, arg, &err);
    else if (strcmp(sub, "verify") == 0)
        rc = m_verify(c, &m, arg, &err);
    else if (strcmp(sub, "kin") == 0)
        rc = m_kin(&m, c->args[1], c->args[2], &err);
    else if (strcmp(sub, "parent") == 0)
        rc = m_parent(c, &m, arg, &err);
    else if (strcmp(sub, "appointment") == 0)
        rc = m_appointment(c, &m, &err);
    else
        rc = m_hukou(c, &m, &err);
    close_all(&m);
    if (rc < 0 && strcmp(err.code, "refused") == 0)
        return 1;
    return rc < 0 ? cli_fail(&err) : 0;
}

/* ---- mz divorce -------------------------------------------------------- */

static int d_apply(struct cli *c, struct mcli *m, struct mz_err *err)
{
    const char *t, *office = cli_opt(c, "office", NULL), *file = cli_opt(c, "agreement", NULL);
    char *text = NULL;
    size_t n = 0;
    if (file && io_read_file(file, "离婚协议", &text, &n, err) < 0)
        return -1;
    struct div_apply_in in = {office, day_opt(c, &t), cli_opt(c, "cert", NULL),
                              cli_opt(c, "a-id", NULL), cli_opt(c, "b-id", NULL), text,
                              !cli_flag(c, "no-capacity"), m->actor};
    int64_t id;
    struct mar_registered r;
    int rc = office_of(m, office, err) < 0 ? -1 : div_apply(&m->env, &in, &id, &r, err);
    mz_free(text);
    if (rc < 0) {
        if (r.refusal_id) {
            cli_fail(err);
            print_refusal(&r);
            mz_err_clear(err);
            snprintf(err->code, sizeof err->code, "refused");
        }
        return -1;
    }
    struct divorce_row d;
    if (ms_divorce_get(reg_db(m->reg), id, &d, err) <= 0)
        return -1;
    printf("已受理离婚登记申请 %" PRId64 "：冷静期至 %s；%s 至 %s 双方共同到本机关申请发给离婚证%s\n",
           id, d.cooling_ends, d.appear_from, d.appear_by,
           d.provisional ? "（按法定节假日推算，未含调休）" : "");
    return 0;
}

static int d_list(struct cli *c, struct mcli *m, struct mz_err *err)
{
    char prefixes[AUTH_SCOPE_MAX][13];
    int n = scope_of(m, cli_opt(c, "office", NULL), prefixes);
    int64_t total;
    return ms_divorce_list(reg_db(m->reg), (const char(*)[13])prefixes, n, cli_opt(c, "state", ""),
                           1, 100, print_divorce, NULL, &total, err) < 0
               ? -1
               : (printf("共 %" PRId64 " 份离婚登记申请\n", total), 0);
}

static int print_counsel(void *ctx, const struct counsel_row *r)
{
    (void)ctx;
    printf("  辅导 %s：%s（%s）%s\n", r->day, div_counsel_label(r->outcome), r->counsellor, r->note);
    return 0;
}

static int d_show(struct mcli *m, int64_t id, struct mz_err *err)
{
    struct divorce_row d;
    int found = ms_divorce_get(reg_db(m->reg), id, &d, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "离婚登记申请 %" PRId64 " 不存在", id);
    printf("离婚登记申请 %" PRId64 "（结婚证 %s）：男方 %s（%s），女方 %s（%s）\n", d.id, d.marriage_cert,
           d.man_name, d.man_masked, d.woman_name, d.woman_masked);
    print_divorce(NULL, &d);
    return ms_counsel_of(reg_db(m->reg), id, print_counsel, NULL, err);
}

int cmd_divorce(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    bool ok = (strcmp(sub, "apply") == 0 && c->nargs == 1) ||
              (strcmp(sub, "list") == 0 && c->nargs == 1) ||
              (strcmp(sub, "timeline") == 0 && c->nargs == 1) ||
              (strcmp(sub, "sweep") == 0 && c->nargs == 1) ||
              ((strcmp(sub, "withdraw") == 0 || strcmp(sub, "register") == 0 ||
                strcmp(sub, "counsel") == 0 || strcmp(sub, "show") == 0) &&
               c->nargs == 2);
    if (!ok) {
        fputs(divorce_usage, stderr);
        return 2;
    }
    struct mcli m = {0};
    const char *account = cli_opt(c, "as", NULL);
    static const char *const opts[] = {"office", "date", "cert", "a-id", "b-id", "agreement",
                                       "by", "outcome", "counsellor", "note", "state", NULL};
    for (int i = 0; opts[i]; i++)
        cli_opt(c, opts[i], NULL);
    cli_flag(c, "no-capacity");
    cli_mon_options(c, &m.data);
    int bad = open_all(c, &m, account);
    if (bad)
        return bad;
    struct mz_err err = {0};
    int rc = 0;
    const char *t;
    mz_date day = day_opt(c, &t);
    int64_t id = c->nargs > 1 ? atoll(c->args[1]) : 0;
    char no[32];
    struct mar_registered r = {0};
    if (strcmp(sub, "apply") == 0) {
        rc = d_apply(c, &m, &err);
    } else if (strcmp(sub, "withdraw") == 0) {
        rc = div_withdraw(&m.env, id, cli_opt(c, "by", NULL), day, m.actor, &err);
        if (rc == 0)
            printf("离婚登记申请 %" PRId64 " 已撤回\n", id);
    } else if (strcmp(sub, "register") == 0) {
        const char *office = cli_opt(c, "office", NULL);
        rc = office_of(&m, office, &err) < 0
                 ? -1
                 : div_register(&m.env, id, office, day, cli_opt(c, "a-id", NULL),
                                cli_opt(c, "b-id", NULL), m.actor, no, &r, &err);
        if (rc == 0)
            printf("已登记离婚，离婚证字号 %s\n", no);
    } else if (strcmp(sub, "counsel") == 0) {
        int64_t cid;
        rc = div_counsel(&m.env, id, day, cli_opt(c, "outcome", NULL), cli_opt(c, "counsellor", NULL),
                         cli_opt(c, "note", ""), m.actor, &cid, &err);
        if (rc == 0)
            printf("已登记婚姻家庭辅导 %" PRId64 "\n", cid);
    } else if (strcmp(sub, "list") == 0) {
        rc = d_list(c, &m, &err);
    } else if (strcmp(sub, "show") == 0) {
        rc = d_show(&m, id, &err);
    } else if (strcmp(sub, "timeline") == 0) {
        struct div_timeline tl;
        const char *office = cli_opt(c, "office", "500103");
        rc = div_timeline(&m.env, office, day, &tl, &err);
        if (rc == 0) {
            char a[11], b[11], e[11], f[11];
            date_format(tl.applied, a);
            date_format(tl.cooling_last, b);
            date_format(tl.appear_first, e);
            date_format(tl.appear_last, f);
            printf("%s 受理：冷静期 %s 届满（可撤回至当日）；%s 至 %s 双方共同申请发给离婚证%s\n", a, b,
                   e, f, tl.provisional ? "（按法定节假日推算，未含调休）" : "");
        }
    } else {
        int64_t n;
        rc = div_lapse_due(&m.env, date_today(), &n, &err);
        if (rc == 0)
            printf("逾期未申请发证、视为撤回的离婚登记申请：%" PRId64 " 份\n", n);
    }
    close_all(&m);
    if (rc < 0 && r.refusal_id) {
        cli_fail(&err);
        print_refusal(&r);
        return 1;
    }
    if (rc < 0 && strcmp(err.code, "refused") == 0)
        return 1;
    return rc < 0 ? cli_fail(&err) : 0;
}
