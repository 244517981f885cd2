/* Certificate numbers (字号) — kind + county code + year + a sequence per
 * kind, office and year, taken inside the registering transaction — and
 * certificates as signed documents through notice/ (marriage.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "marriage/internal.h"
#include "notice/issue.h"
#include "notice/notice.h"
#include "registry/registry.h"
#include "store/regstore.h"

void mar_cert_format(const char *kind, const char *office, int year, int seq, char *out)
{
    snprintf(out, 32, "%s%.6s-%04d-%06d", kind, office, year, seq);
}

int mar_cert_parse(const char *number, char kind[3], char office[7], int *year, int *seq,
                   struct mz_err *err)
{
    const char *s = number ? number : "";
    size_t k = strspn(s, "BJL");
    bool ok = (k == 1 && (s[0] == 'J' || s[0] == 'L')) ||
              (k == 2 && s[0] == 'B' && (s[1] == 'J' || s[1] == 'L'));
    const char *p = s + k;
    ok = ok && strlen(p) == 6 + 1 + 4 + 1 + 6 && strspn(p, "0123456789") == 6 && p[6] == '-' &&
         strspn(p + 7, "0123456789") == 4 && p[11] == '-' && strspn(p + 12, "0123456789") == 6;
    if (!ok)
        return mz_fail_field(err, "cert_no", "invalid_value",
                             "证件字号应为 J/L/BJ/BL + 6位区划代码-年份-6位流水号"
                             "（如 J500103-2025-000123），实为“%.40s”",
                             s);
    snprintf(kind, 3, "%.*s", (int)k, s);
    snprintf(office, 7, "%.6s", p);
    *year = (p[7] - '0') * 1000 + (p[8] - '0') * 100 + (p[9] - '0') * 10 + (p[10] - '0');
    *seq = 0;
    for (int i = 12; i < 18; i++)
        *seq = *seq * 10 + (p[i] - '0');
    if (*seq < 1 || *year < 1950)
        return mz_fail_field(err, "cert_no", "invalid_value", "证件字号“%s”的年份或流水号无效", s);
    return 0;
}

int cert_issue_tx(const struct marriage_env *env, const char *kind, const char *office,
                  mz_date day, int64_t marriage_id, int64_t divorce_id, int holder_sex,
                  const char *replaces, const char *actor, char out[32], struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    struct cert_row c = {.year = y, .marriage_id = marriage_id, .divorce_id = divorce_id,
                         .holder_sex = holder_sex};
    if (ms_cert_next(db, kind, office, y, &c.seq, err) < 0)
        return -1;
    if (c.seq > 999999)
        return mz_fail(err, "cert_exhausted", "%s %d 年的%s字号已用尽", office, y,
                       mar_cert_kind_label(kind));
    snprintf(c.kind, sizeof c.kind, "%s", kind);
    snprintf(c.office, sizeof c.office, "%s", office);
    mar_cert_format(kind, office, y, c.seq, c.number);
    snprintf(c.replaces, sizeof c.replaces, "%s", replaces ? replaces : "");
    date_format(day, c.issued_on);
    snprintf(c.issued_by, sizeof c.issued_by, "%s", actor);
    if (ms_cert_insert(db, &c, err) < 0)
        return -1;
    snprintf(out, 32, "%s", c.number);
    return 0;
}

const char *mar_cert_kind_label(const char *kind)
{
    return strcmp(kind, "J") == 0    ? "结婚证"
           : strcmp(kind, "L") == 0  ? "离婚证"
           : strcmp(kind, "BJ") == 0 ? "补发结婚证"
           : strcmp(kind, "BL") == 0 ? "补发离婚证"
                                     : kind;
}

/* ---- the signed document ---------------------------------------------- */

static void cn_date(const char *iso, char out[40])
{
    int y, m, d;
    date_to_ymd(date_parse(iso), &y, &m, &d);
    snprintf(out, 40, "%d年%d月%d日", y, m, d);
}

/* "重庆市渝中区民政局" from the office's division and its province. */
static int bureau_of(struct db *db, const char *office, mz_date day, char *out, size_t cap,
                     struct mz_err *err)
{
    struct division_row county, province;
    char code[3];
    snprintf(code, sizeof code, "%.2s", office);
    int found = rs_division_at(db, office, day, &county, err);
    if (found > 0)
        found = rs_division_at(db, code, day, &province, err);
    if (found < 0)
        return -1;
    if (!found)
        snprintf(out, cap, "%s婚姻登记机关", office);
    else
        snprintf(out, cap, "%s%s民政局", province.name, county.name);
    return 0;
}

int mar_cert_pdf(const struct marriage_env *env, const char *cert_no, const char *key_path,
                 const char *out_pdf, char sm3[65], struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct cert_row c;
    struct marriage_row m;
    struct divorce_row dv;
    int found = ms_cert_get(db, cert_no ? cert_no : "", &c, err);
    if (found > 0)
        found = ms_marriage_get(db, c.marriage_id, &m, err);
    if (found > 0 && c.divorce_id)
        found = ms_divorce_get(db, c.divorce_id, &dv, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "证件字号 %s 不存在", cert_no);
    char bureau[320], issued[40], registered[40], title[64];
    if (bureau_of(db, c.office, date_parse(c.issued_on), bureau, sizeof bureau, err) < 0)
        return -1;
    cn_date(c.issued_on, issued);
    cn_date(c.divorce_id ? dv.ended_on : m.registered_on, registered);
    bool divorce = c.kind[strlen(c.kind) - 1] == 'L';
    snprintf(title, sizeof title, "%s登记证明", divorce ? "离婚" : "结婚");
    char number[64], day[96], man[256], woman[256], text[400], replaces[128] = "";
    snprintf(number, sizeof number, "字号：%s", c.number);
    snprintf(day, sizeof day, "%s日期：%s", divorce ? "离婚登记" : "结婚登记", registered);
    snprintf(man, sizeof man, "男方：%s（身份证号 %s）", m.man_name, m.man_masked);
    snprintf(woman, sizeof woman, "女方：%s（身份证号 %s）", m.woman_name, m.woman_masked);
    snprintf(text, sizeof text,
             divorce ? "双方自愿离婚，并已对子女抚养、财产以及债务处理等事项协商一致，经审查，"
                       "符合《中华人民共和国民法典》第一千零七十六条至第一千零七十八条的规定，"
                       "准予离婚登记，发给离婚证。"
                     : "双方自愿结婚，经审查，符合《中华人民共和国民法典》规定的结婚条件，"
                       "准予登记，发给结婚证。");
    if (c.replaces[0])
        snprintf(replaces, sizeof replaces, "本证为%s，补发原证 %s。", mar_cert_kind_label(c.kind),
                 c.replaces);
    struct notice_block blocks[] = {
        {NB_TITLE, bureau},
        {NB_TITLE, title},
        {NB_NUMBER, number},
        {NB_LINE, day},
        {NB_LINE, man},
        {NB_LINE, woman},
        {NB_PARA, text},
        {NB_PARA, replaces[0] ? replaces : "本证明与婚姻登记档案记载一致。"},
        {NB_SIGN, bureau},
        {NB_SIGN, issued},
        {NB_LINE, "本证明加盖电子印章（同名 .ofd 文件），可用 mz notice verify 核验。"},
    };
    struct notice *n =
        notice_document(bureau, title, c.number, date_parse(c.issued_on), blocks,
                        sizeof blocks / sizeof blocks[0], err);
    if (!n)
        return -1;
    /* the PDF and the sealed OFD, the digest and the audit entry together */
    struct notice_files f;
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = notice_write(env->reg, n, key_path, NULL, out_pdf, reg_actor(env->reg), &f, err);
    notice_free(n);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    snprintf(sm3, 65, "%s", f.sm3);
    char detail[96];
    snprintf(detail, sizeof detail, "%s SM3 %.16s…", c.number, sm3);
    if ((rc = ms_cert_set_pdf(db, c.number, sm3, err)) == 0 &&
        (rc = mar_audit(env, reg_actor(env->reg), "marriage.certificate", "marriage", m.id,
                        detail, err)) == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        notice_files_remove(&f);
    }
    return rc;
}
