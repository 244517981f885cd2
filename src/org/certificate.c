/* Organizations' registration certificates (see certificate.h). */
#include "org/certificate.h"

#include <stdio.h>
#include <string.h>

#include "monitor/monitor.h"
#include "notice/notice.h"
#include "org/org.h"
#include "registry/registry.h"


int org_certificate(const struct mon_env *env, int64_t id, mz_date issued, const char *key_path,
                    const char *out_pdf, const char *actor, struct notice_files *files,
                    struct mz_err *err)
{
    struct org_row o;
    int found = org_get(env, id, &o, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "org", "not_found", "没有组织 %lld", (long long)id);
    if (strcmp(o.status, "registered") != 0)
        return mz_fail(err, "wrong_state", "%s%s，不能出具登记证书", o.name, org_status_label(o.status));
    struct db *db = reg_db(env->reg);
    char bureau[256], title[160], figures[24], words[NOTICE_WORDS_BYTES], day[32];
    if (notice_bureau_of(db, o.division, issued, bureau, sizeof bureau, err) < 0)
        return -1;
    const char *kind = org_kind_label(o.kind);
    snprintf(title, sizeof title, "%s%s登记证书", kind, strcmp(o.kind, "service") ? "法人" : "");
    notice_yuan(o.funds, figures, sizeof figures);
    notice_yuan_words(o.funds, words, sizeof words);
    int y, m, d;
    date_to_ymd(issued, &y, &m, &d);
    snprintf(day, sizeof day, "%d年%d月%d日", y, m, d);
    char text[8][1024]; /* the lines below */
    snprintf(text[0], sizeof text[0], "统一社会信用代码：%s", o.uscc);
    snprintf(text[1], sizeof text[1], "名　　称：%s", o.name);
    snprintf(text[2], sizeof text[2], "住　　所：%s", o.address);
    snprintf(text[3], sizeof text[3], "法定代表人：%s", o.legal_rep_name);
    snprintf(text[4], sizeof text[4], "业务主管单位：%s", o.supervisor);
    snprintf(text[5], sizeof text[5], "业务领域：%s", o.field);
    snprintf(text[6], sizeof text[6], "注册资金：%s元（大写：%s）", figures, words);
    snprintf(text[7], sizeof text[7], "登记日期：%s", o.registered_on);
    const struct notice_block blocks[] = {
        {NB_TITLE, bureau}, {NB_TITLE, title},  {NB_NUMBER, text[0]}, {NB_LINE, text[1]},
        {NB_LINE, text[2]}, {NB_LINE, text[3]}, {NB_LINE, text[4]},   {NB_LINE, text[5]},
        {NB_LINE, text[6]}, {NB_LINE, text[7]}, {NB_SIGN, bureau},    {NB_SIGN, day},
    };
    struct notice *n = notice_document(bureau, title, o.uscc, issued, blocks,
                                       sizeof blocks / sizeof blocks[0], err);
    if (!n)
        return -1;
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = notice_write(env->reg, n, key_path, NULL, out_pdf, actor, files, err);
    if (rc == 0)
        rc = org_audit(env, actor, "org.certificate", id, files->ofd_sm3, err);
    if (rc == 0 && db_commit(db, err) < 0) {
        notice_files_remove(files);
        rc = -1;
    } else if (rc < 0) {
        db_rollback(db);
    }
    notice_free(n);
    return rc;
}
