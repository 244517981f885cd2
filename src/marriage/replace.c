/* 补领 (marriage.h, 条例第二十一条): the archive checked, a replacement
 * numbered BJ or BL by the office that issues it. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/vault.h"
#include "marriage/internal.h"
#include "registry/registry.h"

int mar_replace(const struct marriage_env *env, const struct mar_replace_in *in, char new_no[32],
                struct mar_registered *refusal, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    memset(refusal, 0, sizeof *refusal);
    new_no[0] = '\0';
    struct idcard holder;
    char kind[3], office[7];
    int year, seq;
    if (day_check(in->day, "date", "补领日期", err) < 0 ||
        office_check(env, in->office, in->day, err) < 0 ||
        mar_cert_parse(in->cert_no, kind, office, &year, &seq, err) < 0)
        return -1;
    if (idcard_parse(in->id_number ? in->id_number : "", &holder, err) < 0) {
        snprintf(err->field, sizeof err->field, "id_number");
        return -1;
    }
    char parties[400];
    idcard_mask(holder.number, parties);
    struct mar_refusals r = {0};
    struct cert_row c;
    int found = ms_cert_get(db, in->cert_no, &c, err);
    if (found < 0)
        return -1;
    if (!found) {
        refuse_add(&r, "no_record", "婚姻登记档案中没有证件字号 %s", in->cert_no);
        return refuse_record(env, "replacement", in->office, in->day, parties, in->actor, &r,
                             refusal, err);
    }
    struct marriage_row m;
    if (ms_marriage_get(db, c.marriage_id, &m, err) <= 0)
        return err->code[0] ? -1 : mz_fail(err, "not_found", "婚姻登记不存在");
    if (in->day < date_parse(c.issued_on))
        return mz_fail_field(err, "date", "invalid_value", "补领日期早于原证 %s 的发证日期 %s", c.number,
                             c.issued_on);
    /* which party the holder is */
    int sex = 0;
    struct mparty_row p;
    for (int s = 1; s <= 2 && !sex; s++) {
        if (ms_party_get(db, m.id, s, &p, err) <= 0)
            return err->code[0] ? -1 : mz_fail(err, "not_found", "婚姻登记缺少当事人");
        char plain[19];
        size_t n;
        if (vault_unseal(reg_vault(env->reg), p.id_sealed, (size_t)p.id_sealed_len, plain,
                         sizeof plain, &n, err) < 0)
            return -1;
        if (strcmp(plain, holder.number) == 0)
            sex = s;
    }
    if (sex)
        snprintf(parties, sizeof parties, "%s%s（%s）", sex == 1 ? "男方" : "女方", p.name,
                 p.id_masked);
    bool divorce = kind[strlen(kind) - 1] == 'L';
    if (!sex)
        refuse_add(&r, "not_a_party", "申请人不是证件 %s 记载的当事人", in->cert_no);
    if (!divorce && strcmp(m.state, "married") != 0)
        refuse_add(&r, "dissolved", "该婚姻已于 %s %s（可补领离婚证）", m.ended_on,
                   mar_state_label(m.state));
    if (r.n)
        return refuse_record(env, "replacement", in->office, in->day, parties, in->actor, &r,
                             refusal, err);
    const char *original = c.replaces[0] ? c.replaces : c.number;
    char detail[160];
    snprintf(detail, sizeof detail, "补发%s：原证 %s", divorce ? "离婚证" : "结婚证", original);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = cert_issue_tx(env, divorce ? "BL" : "BJ", in->office, in->day, m.id, c.divorce_id,
                           sex, original, in->actor, new_no, err);
    if (rc == 0)
        rc = mar_audit(env, in->actor, "marriage.replace", "marriage", m.id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        new_no[0] = '\0';
    }
    return rc;
}
