/* Decision notice commands: mz notice keygen | issue | verify. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "notice/issue.h"
#include "notice/pdf.h"
#include "crypto/seal.h"
#include "registry/registry.h"

#define USAGE                                                                                     \
    "用法：mz notice keygen [--key 私钥.pem] [--pubkey 公钥.pem]\n"                               \
    "      mz notice issue 户编号 --program P --decision approve|reject|stop|change --out 文件.pdf\n" \
    "                [--as-of D] [--date D] [--effective YYYY-MM] [--previous 元] [--key 私钥.pem]\n" \
    "                [--bureau 机关] [--review-authority 复议机关] [--court 法院] [--prefix 文号前缀]\n" \
    "                [--public-url 地址]（同时生成加盖电子印章的 文件.ofd）\n"                   \
    "      mz notice verify 文件.pdf|文件.ofd [--pubkey 公钥.pem] [--db 数据库]\n"

const char *cli_seal_key(struct cli *c)
{
    const char *env = getenv("MZ_NOTICE_KEY");
    return cli_opt(c, "key", env && *env ? env : "notice-key.pem");
}

const char *cli_seal_pubkey(struct cli *c)
{
    const char *env = getenv("MZ_NOTICE_PUBKEY");
    return cli_opt(c, "pubkey", env && *env ? env : "notice-key.pub.pem");
}

static int keygen(struct cli *c)
{
    const char *priv = cli_seal_key(c), *pub = cli_seal_pubkey(c);
    int bad = cli_unused(c);
    if (bad)
        return bad;
    struct mz_err err = {0};
    if (seal_keygen(priv, pub, &err) < 0)
        return cli_fail(&err);
    printf("已生成 SM2 签章密钥：私钥 %s（仅本人可读），公钥 %s\n", priv, pub);
    return 0;
}

/* Reads a date option (YYYY-MM-DD, or YYYY-MM when month is set) into *out,
 * leaving it unchanged when the option is absent. */
static int date_opt(struct cli *c, const char *name, int month, mz_date *out)
{
    const char *s = cli_opt(c, name, NULL);
    if (!s)
        return 0;
    char buf[16];
    snprintf(buf, sizeof buf, month ? "%.7s-01" : "%.10s", s);
    if (strlen(s) != (month ? 7u : 10u) || (*out = date_parse(buf)) == MZ_DATE_NONE) {
        fprintf(stderr, "mz notice: --%s 应为%s，实为“%s”\n", name,
                month ? "月份 YYYY-MM" : "日期 YYYY-MM-DD", s);
        return 2;
    }
    return 0;
}

/* Parses yuan with at most two decimals ("770", "121.5") into fen. */
static int yuan_opt(struct cli *c, const char *name, int64_t *fen)
{
    const char *s = cli_opt(c, name, NULL);
    if (!s)
        return 0;
    char *end;
    long long whole = strtoll(s, &end, 10);
    int cents = 0, digits = 0;
    if (*end == '.')
        for (end++; *end >= '0' && *end <= '9' && digits < 2; end++, digits++)
            cents = cents * 10 + (*end - '0');
    if (end == s || *end || whole < 0 || whole > INT64_MAX / 1000 || *s == '-') {
        fprintf(stderr, "mz notice: --%s 应为非负金额（元，最多两位小数），实为“%s”\n", name, s);
        return 2;
    }
    *fen = whole * 100 + (digits == 1 ? cents * 10 : cents);
    return 0;
}

static int issue(struct cli *c)
{
    struct notice_request req = {.as_of = date_today(),
                                 .issued = MZ_DATE_NONE,
                                 .effective = MZ_DATE_NONE,
                                 .previous_amount = -1};
    req.program = cli_opt(c, "program", NULL);
    const char *decision = cli_opt(c, "decision", NULL), *out = cli_opt(c, "out", NULL);
    req.bureau = cli_opt(c, "bureau", NULL);
    req.review_authority = cli_opt(c, "review-authority", NULL);
    req.court = cli_opt(c, "court", NULL);
    req.number_prefix = cli_opt(c, "prefix", NULL);
    const char *key = cli_seal_key(c);
    char buf[1100], url[1100];
    const char *dir = cli_setting(c, "policies", buf, sizeof buf);
    req.verify_base = cli_setting(c, "public-url", url, sizeof url);
    struct mz_err err = {0};
    int bad = date_opt(c, "as-of", 0, &req.as_of);
    if (!bad)
        bad = date_opt(c, "date", 0, &req.issued);
    if (!bad)
        bad = date_opt(c, "effective", 1, &req.effective);
    if (!bad)
        bad = yuan_opt(c, "previous", &req.previous_amount);
    if (!bad && (c->nargs != 2 || !req.program || !decision || !out)) {
        fputs(USAGE, stderr);
        bad = 2;
    }
    if (!bad && notice_decision_parse(decision, &req.decision, &err) < 0) {
        fprintf(stderr, "mz notice: %s\n", err.msg);
        bad = 2;
    }
    if (bad || (bad = cli_unused(c)))
        return bad;
    req.hh_no = c->args[1];
    struct pol_set *set = pol_compile_dir(dir, &err);
    if (!set)
        return cli_fail(&err);
    struct registry *r = NULL;
    if ((bad = cli_open_registry(c, &r))) {
        pol_set_free(set);
        return bad;
    }
    char actor[64];
    cli_actor(actor);
    struct notice_row row;
    struct notice_outcome o;
    int rc = 0;
    if (notice_issue(r, set, &req, key, out, actor, &row, &o, &err) < 0) {
        rc = cli_fail(&err);
    } else {
        char amount[24];
        notice_yuan(row.amount, amount, sizeof amount);
        printf("已签发%s决定书 %s：户编号 %s，项目 %s，月金额 %s 元\n",
               notice_decision_word(req.decision), row.number, req.hh_no, req.program, amount);
        char ofd[4200];
        notice_ofd_path(out, ofd, sizeof ofd);
        printf("文件 %s（SM3 %s，签名 %s.sig）\n", out, row.sm3, out);
        printf("OFD %s（SM3 %s，加盖电子印章）\n", ofd, row.ofd_sm3);
        printf("核验码 %s\n", row.verify_code);
    }
    reg_close(r);
    pol_set_free(set);
    notice_pdf_cleanup();
    return rc;
}

static int verify(struct cli *c)
{
    const char *pub = cli_seal_pubkey(c), *dbpath = cli_opt(c, "db", NULL);
    int bad = cli_unused(c);
    if (bad)
        return bad;
    if (c->nargs != 2) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *pdf = c->args[1];
    struct mz_err err = {0};
    struct db *db = NULL;
    if (dbpath && db_open(dbpath, &db, &err) < 0)
        return cli_fail(&err);
    struct notice_check ck;
    int rc = notice_check(pdf, pub, db, &ck, &err);
    db_close(db);
    if (rc < 0)
        return cli_fail(&err);
    printf("决定书 %s（%s，SM3 %s）\n", pdf, ck.ofd ? "OFD" : "PDF", ck.sm3);
    if (ck.signature_ok && ck.ofd)
        printf("✓ 电子签章有效：印章“%s”，%d 个文件的 SM3 摘要相符，签章证书属于公钥 %s\n", ck.seal,
               ck.files, pub);
    else if (ck.signature_ok)
        printf("✓ SM2 签名有效（公钥 %s）\n", pub);
    else
        printf("✗ %s检查未通过：%s\n", ck.ofd ? "电子签章" : "签名", ck.why.msg);
    if (ck.registered == 1) {
        char amount[24];
        notice_yuan(ck.row.amount, amount, sizeof amount);
        char day[11];
        date_format(ck.row.issued, day);
        printf("✓ 本局签发记录：编号 %s，户编号 %s，项目 %s，决定 %s，月金额 %s 元，%s 签发\n",
               ck.row.number, ck.row.hh_no, ck.row.program, ck.row.decision, amount, day);
        if (!ck.signature_ok)
            printf("  文件与签发记录一致：是签名%s被改动，或所用公钥不是本局的\n", ck.ofd ? "" : "文件");
    } else if (ck.registered == 0) {
        printf("✗ 签发记录检查未通过：数据库 %s 中没有 SM3 为 %s 的决定书——文件已被改动，或不是本局签发\n",
               dbpath, ck.sm3);
    }
    int ok = ck.signature_ok && ck.registered != 0;
    printf("%s\n", ok ? "核验通过：这是本局签发的决定书，内容未被改动"
                      : "核验未通过：不能证明这是本局签发且未被改动的决定书");
    return ok ? 0 : 1;
}

int cmd_notice(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    if (strcmp(sub, "keygen") == 0 && c->nargs == 1)
        return keygen(c);
    if (strcmp(sub, "issue") == 0)
        return issue(c);
    if (strcmp(sub, "verify") == 0)
        return verify(c);
    fputs(USAGE, stderr);
    return 2;
}
