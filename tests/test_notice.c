/* Decision notices: the content for an eligible and a rejected household
 * (from the registry and policies/chongqing), SM2 keys and signatures, and
 * an issued PDF that pdftotext reads in Chinese and `check` proves or
 * refutes after tampering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "notice/issue.h"
#include "notice/notice.h"
#include "notice/ofd.h"
#include "notice/ofdpkg.h"
#include "notice/pdf.h"
#include "notice/stamp.h"
#include "crypto/seal.h"
#include "registry/divisions.h"
#include "registry/registry.h"

#define KEY "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

struct fixture {
    char dir[64], db[128], key[128], pub[128];
    struct registry *reg;
    struct pol_set *set;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static void put_fact(struct fixture *f, const char *id, const char *var, const char *value)
{
    struct reg_fact_in in = {id, NULL, var, value, "2024-01-01", "测试"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_fact_put(f->reg, &in, &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static void put_person(struct fixture *f, const char *hh, const char *id, const char *name,
                       const char *relation)
{
    struct reg_person_in p = {.id_number = id, .name = name, .hukou = "城镇",
                              .division = "500103001003", .household_no = hh,
                              .relation = relation};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_person_put(f->reg, &p, D("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
}

/* H1: two people, the head earns 1000 a month: 低保 660 yuan as of
 * 2025-07-01 (see test_snapload). H2: one person earning 10000: rejected. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/mz-notice-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
    snprintf(f->key, sizeof f->key, "%s/k.pem", f->dir);
    snprintf(f->pub, sizeof f->pub, "%s/k.pub.pem", f->dir);
    setenv("MZ_KEY", KEY, 1);
    struct mz_err err = {0};
    assert_int_equal(reg_open(f->db, NULL, &f->reg, &err), 0);
    struct div_import_stats st;
    assert_int_equal(div_import(reg_db(f->reg), "tests/data/divisions", "50", &st, &err), 0);
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)))
        fail_msg("%s", err.msg);
    enum put_result res;
    struct reg_household_in h1 = {"H1", "500103001003", "", "城镇"};
    struct reg_household_in h2 = {"H2", "500103001003", "", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &h1, D("2024-01-01"), &res, &err), 0);
    assert_int_equal(reg_household_put(f->reg, &h2, D("2024-01-01"), &res, &err), 0);
    put_person(f, "H1", "11010519491231002X", "张三", "户主");
    put_person(f, "H1", "440524188001010014", "李四", "配偶");
    put_person(f, "H2", "110105198001010016", "王五", "户主");
    put_fact(f, "11010519491231002X", "wage_income", "1000");
    put_fact(f, "11010519491231002X", "deposits", "5000");
    put_fact(f, "110105198001010016", "wage_income", "10000");
    assert_int_equal(seal_keygen(f->key, f->pub, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pol_set_free(f->set);
    reg_close(f->reg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static struct notice_request request(const char *hh, enum notice_decision d)
{
    return (struct notice_request){.hh_no = hh, .program = "dibao", .decision = d,
                                   .as_of = D("2025-07-01"), .issued = D("2025-07-10"),
                                   .effective = MZ_DATE_NONE, .previous_amount = -1};
}

static struct notice *compose(struct fixture *f, const struct notice_request *req,
                              struct mz_err *err)
{
    struct notice_outcome o;
    return notice_compose(reg_db(f->reg), f->set, req, "渝中民决〔2025〕1号", NULL, &o, err);
}

static void contains(const char *text, const char *want)
{
    if (!strstr(text, want))
        fail_msg("“%s” not in:\n%s", want, text);
}

static void approval_states_amount_criteria_and_rights(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct notice_request req = request("H1", NOTICE_APPROVE);
    struct notice *n = compose(f, &req, &err);
    if (!n)
        fail_msg("%s", err.msg);
    const char *t = notice_text(n);
    assert_string_equal(notice_title(n), "准予城乡居民最低生活保障决定书");
    contains(t, "重庆市渝中区民政局");
    contains(t, "渝中民决〔2025〕1号");
    contains(t, "张三（户编号：H1；住址：重庆市渝中区七星岗街道华一坡社区居民委员会；户主身份证号：110105********002X）");
    assert_null(strstr(t, "11010519491231002X")); /* never the full ID number */
    contains(t, "准予你户享受城乡居民最低生活保障，月金额660.00元（大写：陆佰陆拾元整），"
                "自2025年8月起发放");
    contains(t, "截至2025年7月1日");
    contains(t, "家庭月人均收入 = 500.00元");
    contains(t, "《最低生活保障审核确认办法》第十三条");
    contains(t, pol_version(f->set));
    contains(t, "六十日内向重庆市渝中区人民政府申请行政复议");
    contains(t, "六个月内依法向重庆市渝中区人民法院提起行政诉讼");
    contains(t, "2025年7月10日");
    /* a legal document: no policy name, no division code */
    for (const char *p = t; *p; p++) {
        if (*p >= 'a' && *p <= 'z' && p[1] == '_')
            fail_msg("an internal name in the notice: %.30s", p);
        if (strncmp(p, "500103", 6) == 0)
            fail_msg("a division code in the notice: %.30s", p);
    }
    notice_free(n);
}

/* 大写 amounts as 《支付结算办法》 writes them. */
static void amounts_in_words(void **state)
{
    (void)state;
    const struct {
        int64_t fen;
        const char *want;
    } cases[] = {
        {7400, "柒拾肆元整"},           {1000, "壹拾元整"},
        {123450, "壹仟贰佰叁拾肆元伍角整"}, {123456, "壹仟贰佰叁拾肆元伍角陆分"},
        {100500, "壹仟零伍元整"},        {10050000, "壹拾万零伍佰元整"},
        {10500000, "壹拾万伍仟元整"},    {1005, "壹拾元零伍分"},
        {56, "伍角陆分"},                {5, "伍分"},
        {0, "零元整"},                   {10000100000, "壹亿零壹仟元整"},
        {-7400, "负柒拾肆元整"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[NOTICE_WORDS_BYTES];
        notice_yuan_words(cases[i].fen, out, sizeof out);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("%lld fen: %s, want %s", (long long)cases[i].fen, out, cases[i].want);
    }
}

/* 临时救助 is paid once, 刚性支出困难家庭 is a status without an amount: their
 * approvals say 一次性 and promise no monthly amount (issue #12). */
static void one_off_and_status_notices(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    enum put_result res;
    struct reg_household_in h3 = {"H3", "500103001003", "", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &h3, D("2024-01-01"), &res, &err), 0);
    put_person(f, "H3", "110105194001010018", "赵六", "户主");
    put_person(f, "H3", "110105194001020013", "钱七", "配偶");
    put_fact(f, "110105194001010018", "wage_income", "3000");
    put_fact(f, "110105194001020013", "medical_spending_12m", "20000");
    struct notice_request req = request("H3", NOTICE_APPROVE);
    req.program = "temp_expense";
    struct notice *n = compose(f, &req, &err);
    if (!n)
        fail_msg("%s", err.msg);
    contains(notice_text(n),
             "给予你户临时救助（支出型），一次性发放救助金2310.00元（大写：贰仟叁佰壹拾元整），"
             "于2025年8月发放");
    assert_null(strstr(notice_text(n), "月金额"));
    notice_free(n);
    req.program = "rigid";
    if (!(n = compose(f, &req, &err)))
        fail_msg("%s", err.msg);
    contains(notice_text(n), "认定你户为刚性支出困难家庭，自2025年8月起按规定享受相应的救助帮扶");
    assert_null(strstr(notice_text(n), "月金额"));
    /* the decision itself names no amount at all */
    const char *d = strstr(notice_text(n), "本机关决定："), *end = d ? strstr(d, "。") : NULL;
    assert_non_null(end);
    assert_null(memmem(d, (size_t)(end - d), "元", strlen("元")));
    notice_free(n);
    /* neither has a monthly amount to change */
    req.decision = NOTICE_CHANGE;
    req.previous_amount = 10000;
    assert_null(compose(f, &req, &err));
    assert_non_null(strstr(err.msg, "没有月金额"));
    req.program = "temp_expense";
    assert_null(compose(f, &req, &err));
    assert_non_null(strstr(err.msg, "一次性救助没有月金额"));
}

static void rejection_names_the_failing_criterion(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct notice_request req = request("H2", NOTICE_REJECT);
    req.review_authority = "某复议机关";
    struct notice *n = compose(f, &req, &err);
    if (!n)
        fail_msg("%s", err.msg);
    const char *t = notice_text(n);
    contains(t, "不予城乡居民最低生活保障决定书");
    contains(t, "王五（户编号：H2；住址：重庆市渝中区七星岗街道华一坡社区居民委员会；户主身份证号：110105********0016）");
    contains(t, "本机关决定：不予城乡居民最低生活保障。不符合的条件如下：");
    /* The failing criterion comes in the decision, before section 二, with
     * its numbers and its cite. */
    const char *failed = strstr(t, "✗ 条件2：家庭月人均收入低于当地低保标准 —— 不成立");
    assert_non_null(failed);
    assert_true(failed < strstr(t, "二、审核的条件"));
    contains(failed, "依据：《最低生活保障审核确认办法》第十三条");
    contains(failed, "家庭月人均收入 = 10000.00元");
    contains(failed, "当地低保标准 = 770.00元");
    contains(t, "向某复议机关申请行政复议");
    notice_free(n);
}

static void decisions_must_match_the_policy(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct notice_request req = request("H2", NOTICE_APPROVE);
    assert_null(compose(f, &req, &err));
    assert_string_equal(err.code, "contradicts_policy");
    contains(err.msg, "H2");
    req = request("H1", NOTICE_REJECT);
    assert_null(compose(f, &req, &err));
    assert_string_equal(err.code, "contradicts_policy");
    /* A change needs the amount before. */
    req = request("H1", NOTICE_CHANGE);
    assert_null(compose(f, &req, &err));
    assert_string_equal(err.code, "no_previous");
    req.previous_amount = 50000;
    struct notice *n = compose(f, &req, &err);
    assert_non_null(n);
    contains(notice_text(n), "自2025年8月起，你户城乡居民最低生活保障月金额由500.00元变更为660.00元"
                             "（大写：陆佰陆拾元整）");
    notice_free(n);
    req = request("NOPE", NOTICE_APPROVE);
    assert_null(compose(f, &req, &err));
    contains(err.msg, "NOPE");
}

static void build_refuses_an_unmasked_id(void **state)
{
    (void)state;
    struct notice_facts facts = {
        .number = "1", .bureau = "局", .review_authority = "政府", .court = "法院",
        .hh_no = "H", .locality = "重庆市渝中区", .head_name = "张三", .head_id_masked = "11010519491231002X",
        .program_label = "低保", .decision = NOTICE_APPROVE, .amount = 100,
        .previous_amount = -1, .effective = D("2025-08-01"), .as_of = D("2025-07-01"),
        .issued = D("2025-07-01"), .policy_version = "v", .explanation = "x\n"};
    struct mz_err err = {0};
    assert_null(notice_build(&facts, &err));
    assert_string_equal(err.code, "unmasked_id");
    facts.head_id_masked = "110105********002X";
    facts.decision = NOTICE_REJECT; /* no failing criterion in the explanation */
    assert_null(notice_build(&facts, &err));
    assert_string_equal(err.code, "no_reason");
}

static void sm2_signatures(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct stat st;
    assert_int_equal(stat(f->key, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* An existing private key is never overwritten. */
    assert_int_equal(seal_keygen(f->key, f->pub, &err), -1);
    assert_string_equal(err.code, "key_file");

    char data[] = "决定书的全部字节";
    char *sig;
    assert_int_equal(seal_sign(f->key, data, sizeof data, &sig, &err), 0);
    assert_int_equal(seal_verify(f->pub, data, sizeof data, sig, &err), 1);
    data[3] ^= 1; /* a flipped bit in the document */
    assert_int_equal(seal_verify(f->pub, data, sizeof data, sig, &err), 0);
    assert_string_equal(err.code, "signature_mismatch");
    data[3] ^= 1;
    /* A changed signature: either malformed or not matching. */
    size_t l = strlen(sig);
    sig[l / 2] = sig[l / 2] == 'A' ? 'B' : 'A';
    assert_int_equal(seal_verify(f->pub, data, sizeof data, sig, &err), 0);
    sig[l / 2] = '!';
    assert_int_equal(seal_verify(f->pub, data, sizeof data, sig, &err), 0);
    assert_string_equal(err.code, "bad_signature_format");
    mz_free(sig);
    /* Signed by another key. */
    char k2[160], p2[160];
    snprintf(k2, sizeof k2, "%s/other.pem", f->dir);
    snprintf(p2, sizeof p2, "%s/other.pub.pem", f->dir);
    assert_int_equal(seal_keygen(k2, p2, &err), 0);
    assert_int_equal(seal_sign(k2, data, sizeof data, &sig, &err), 0);
    assert_int_equal(seal_verify(p2, data, sizeof data, sig, &err), 1);
    assert_int_equal(seal_verify(f->pub, data, sizeof data, sig, &err), 0);
    assert_string_equal(err.code, "signature_mismatch");
    mz_free(sig);
    /* A public key is not a private key. */
    assert_int_equal(seal_sign(f->pub, data, sizeof data, &sig, &err), -1);
    assert_string_equal(err.code, "bad_key");
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    *n = (size_t)ftell(fp);
    rewind(fp);
    char *s = malloc(*n + 1);
    assert_int_equal(fread(s, 1, *n, fp), *n);
    s[*n] = '\0';
    fclose(fp);
    return s;
}

static void spit(const char *path, const char *s, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(s, 1, n, fp), n);
    fclose(fp);
}

static void issued_pdf_reads_in_chinese_and_proves_its_origin(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    char pdf[160], sigp[170], txt[170], cmd[512];
    snprintf(pdf, sizeof pdf, "%s/r.pdf", f->dir);
    snprintf(sigp, sizeof sigp, "%s.sig", pdf);
    snprintf(txt, sizeof txt, "%s/r.txt", f->dir);
    struct notice_request req = request("H2", NOTICE_REJECT);
    struct notice_row row;
    struct notice_outcome o;
    if (notice_issue(f->reg, f->set, &req, f->key, pdf, "test", &row, &o, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(row.number, "渝中民决〔2025〕1号");
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s %s", pdf, txt);
    assert_int_equal(system(cmd), 0);
    size_t n;
    char *text = slurp(txt, &n);
    /* Lines wrap anywhere in Chinese: join them before looking. */
    size_t j = 0;
    for (size_t i = 0; i < n; i++)
        if (text[i] != '\n')
            text[j++] = text[i];
    text[j] = '\0';
    contains(text, "不予城乡居民最低生活保障决定书");
    contains(text, "家庭月人均收入低于当地低保标准");
    contains(text, "申请行政复议");
    free(text);

    struct notice_check ck;
    assert_int_equal(notice_check(pdf, f->pub, reg_db(f->reg), &ck, &err), 0);
    assert_int_equal(ck.signature_ok, 1);
    assert_int_equal(ck.registered, 1);
    assert_string_equal(ck.sm3, row.sm3);
    assert_string_equal(ck.row.number, row.number);
    assert_string_equal(ck.row.decision, "reject");
    /* Without a database only the signature is checked. */
    assert_int_equal(notice_check(pdf, f->pub, NULL, &ck, &err), 0);
    assert_int_equal(ck.registered, -1);

    /* One flipped byte in the PDF: signature and record both fail. */
    char *bytes = slurp(pdf, &n);
    bytes[n / 2] ^= 0x20;
    spit(pdf, bytes, n);
    assert_int_equal(notice_check(pdf, f->pub, reg_db(f->reg), &ck, &err), 0);
    assert_int_equal(ck.signature_ok, 0);
    assert_int_equal(ck.registered, 0);
    bytes[n / 2] ^= 0x20;
    spit(pdf, bytes, n);
    free(bytes);
    /* A changed signature: the PDF is still the one on record. */
    size_t sn;
    char *sig = slurp(sigp, &sn);
    sig[10] = sig[10] == 'Q' ? 'R' : 'Q';
    spit(sigp, sig, sn);
    assert_int_equal(notice_check(pdf, f->pub, reg_db(f->reg), &ck, &err), 0);
    assert_int_equal(ck.signature_ok, 0);
    assert_int_equal(ck.registered, 1);
    free(sig);

    /* The next notice of the year gets the next number; an approval for
     * the rejected household is refused and leaves no file. */
    req = request("H1", NOTICE_APPROVE);
    snprintf(pdf, sizeof pdf, "%s/a.pdf", f->dir);
    assert_int_equal(notice_issue(f->reg, f->set, &req, f->key, pdf, "test", &row, &o, &err), 0);
    assert_string_equal(row.number, "渝中民决〔2025〕2号");
    assert_int_equal(row.amount, 66000);
    req = request("H2", NOTICE_APPROVE);
    snprintf(pdf, sizeof pdf, "%s/bad.pdf", f->dir);
    assert_int_equal(notice_issue(f->reg, f->set, &req, f->key, pdf, "test", &row, &o, &err), -1);
    struct stat st;
    assert_int_equal(stat(pdf, &st), -1);
}

static void same_notice_same_bytes(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct notice_request req = request("H1", NOTICE_APPROVE);
    struct notice *n = compose(f, &req, &err);
    assert_non_null(n);
    unsigned char *a, *b;
    size_t na, nb;
    assert_int_equal(notice_pdf_render(n, NULL, &a, &na, &err), 0);
    assert_int_equal(notice_pdf_render(n, NULL, &b, &nb, &err), 0);
    assert_true(na > 1000);
    assert_memory_equal(a, "%PDF-", 5);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    mz_free(a);
    mz_free(b);
    /* Out of memory while rendering fails cleanly. */
    mem_fail_after(0);
    int rc = notice_pdf_render(n, NULL, &a, &na, &err);
    mem_fail_reset();
    assert_int_equal(rc, -1);
    assert_string_equal(err.code, "out_of_memory");
    assert_null(a);
    notice_free(n);
}

/* Issue #22: the OFD carries the bureau's seal; unsealed it renders to the
 * same bytes; sealed it checks as intact and sealed by the bureau's key, and fails on a
 * changed byte of any file in it, on another key, and without its seal. */
static void ofd_is_sealed_and_any_change_fails(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct notice_request req = request("H1", NOTICE_APPROVE);
    struct notice_outcome o;
    struct notice *n = notice_compose(reg_db(f->reg), f->set, &req, "渝中民决〔2025〕9号",
                                      "https://mz.example/#/verify/0123", &o, &err);
    assert_non_null(n);
    assert_string_equal(notice_bureau(n), "重庆市渝中区民政局");
    contains(notice_text(n), "扫描二维码或访问 https://mz.example/#/verify/0123 可核验");
    struct seal_row seal;
    assert_int_equal(db_begin(reg_db(f->reg), &err), 0);
    if (stamp_for(f->reg, notice_bureau(n), f->key, D("2025-07-10"), "test", &seal, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(db_commit(reg_db(f->reg), &err), 0);
    struct notice_art art = {NULL, 0, "https://mz.example/#/verify/0123"};
    unsigned char *a, *b;
    size_t na, nb;
    /* unsealed, the same bytes every time (SM2 signatures are randomised) */
    assert_int_equal(notice_ofd_render(n, &art, NULL, NULL, &a, &na, &err), 0);
    assert_int_equal(notice_ofd_render(n, &art, NULL, NULL, &b, &nb, &err), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    mz_free(a);
    assert_int_equal(notice_ofd_render(n, &art, &seal, f->key, &a, &na, &err), 0);
    struct ofd_check ck;
    assert_int_equal(notice_ofd_check(a, na, f->pub, &ck, &err), 0);
    if (!ck.ok)
        fail_msg("%s", ck.why.msg);
    assert_string_equal(ck.ses.name, "重庆市渝中区民政局");
    assert_true(ck.files >= 6);
    /* a changed byte inside any file's data */
    struct ofd_pkg p;
    assert_int_equal(ofd_pkg_unzip(a, na, &p, &err), 0);
    for (size_t i = 0; i < p.n; i++) {
        struct ofd_pkg q;
        assert_int_equal(ofd_pkg_unzip(a, na, &q, &err), 0);
        q.files[i].data[q.files[i].len / 2] ^= 0x20;
        unsigned char *z;
        size_t nz;
        assert_int_equal(ofd_pkg_zip(&q, D("2025-07-10"), &z, &nz, &err), 0);
        assert_int_equal(notice_ofd_check(z, nz, f->pub, &ck, &err), 0);
        if (ck.ok)
            fail_msg("a changed byte in %s was not found", p.files[i].name);
        mz_free(z);
        ofd_pkg_free(&q);
    }
    ofd_pkg_free(&p);
    /* another bureau's key */
    char k2[160], p2[160];
    snprintf(k2, sizeof k2, "%s/ofd-other.pem", f->dir);
    snprintf(p2, sizeof p2, "%s/ofd-other.pub.pem", f->dir);
    assert_int_equal(seal_keygen(k2, p2, &err), 0);
    assert_int_equal(notice_ofd_check(a, na, p2, &ck, &err), 0);
    assert_false(ck.ok);
    assert_string_equal(ck.why.code, "foreign_certificate");
    /* unsealed: no signature to check */
    assert_int_equal(notice_ofd_check(b, nb, f->pub, &ck, &err), 0);
    assert_false(ck.ok);
    assert_string_equal(ck.why.code, "unsealed");
    /* not an OFD at all */
    assert_int_equal(notice_ofd_check((const unsigned char *)"%PDF-1.5", 8, f->pub, &ck, &err), 0);
    assert_false(ck.ok);
    assert_string_equal(ck.why.code, "bad_ofd");
    mz_free(a);
    mz_free(b);
    ns_seal_free(&seal);
    notice_free(n);
}

static int cleanup(void **state)
{
    (void)state;
    notice_pdf_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(amounts_in_words),
        cmocka_unit_test_setup_teardown(ofd_is_sealed_and_any_change_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(approval_states_amount_criteria_and_rights, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(one_off_and_status_notices, setup, teardown),
        cmocka_unit_test_setup_teardown(rejection_names_the_failing_criterion, setup, teardown),
        cmocka_unit_test_setup_teardown(decisions_must_match_the_policy, setup, teardown),
        cmocka_unit_test(build_refuses_an_unmasked_id),
        cmocka_unit_test_setup_teardown(sm2_signatures, setup, teardown),
        cmocka_unit_test_setup_teardown(issued_pdf_reads_in_chinese_and_proves_its_origin, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(same_notice_same_bytes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, cleanup);
}
