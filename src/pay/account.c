/* The payee's bank account of an enrolment: checked (digits, 12–19 long,
 * the Luhn check digit of bank card numbers of 16–19 digits), sealed like
 * ID numbers (vault.h), masked for lists, audited without the number. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/text.h"
#include "crypto/vault.h"
#include "pay/pay.h"
#include "registry/registry.h"

/* Luhn (ISO/IEC 7812): from the right, every second digit doubled. */
static bool luhn_ok(const char *d, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = d[n - 1 - i] - '0';
        if (i % 2 == 1 && (v *= 2) > 9)
            v -= 9;
        sum += v;
    }
    return sum % 10 == 0;
}

int pay_account_check(const char *number, struct mz_err *err)
{
    size_t n = number ? strlen(number) : 0;
    if (n == 0)
        return mz_fail_field(err, "account", "bad_account", "缺少银行账号（--account）");
    if (strspn(number, "0123456789") != n)
        return mz_fail_field(err, "account", "bad_account", "银行账号只能由数字组成，实为“%s”",
                             number);
    if (n < 12 || n > 19)
        return mz_fail_field(err, "account", "bad_account",
                             "银行账号应为 12 至 19 位数字，实为 %zu 位", n);
    if (n >= 16 && !luhn_ok(number, n))
        return mz_fail_field(err, "account", "bad_account",
                             "银行卡号（%zu 位）校验位不符（Luhn 校验），请核对是否抄错", n);
    return 0;
}

void pay_account_mask(const char *number, char out[24])
{
    size_t n = strlen(number);
    snprintf(out, 24, "%.4s **** **** %s", number, n >= 4 ? number + n - 4 : number);
}

int pay_enrol_account_tx(struct registry *r, int64_t enrolment_id, const char *bank,
                         const char *account, const char *actor, struct mz_err *err)
{
    if (!bank || !bank[0])
        return mz_fail_field(err, "bank", "bad_account", "缺少开户银行（--bank）");
    if (text_check(bank, "bank", "开户银行", TEXT_MAX_BANK, TEXT_NAME, err) < 0)
        return -1;
    if (pay_account_check(account, err) < 0)
        return -1;
    size_t n = strlen(account);
    unsigned char sealed[96];
    char masked[24], id[24], detail[TEXT_BYTES(TEXT_MAX_BANK) + 32];
    unsigned char index[VAULT_INDEX_LEN];
    if (vault_seal(reg_vault(r), account, n, sealed) < 0 ||
        vault_blind_index(reg_vault(r), account, n, index) < 0)
        return mz_fail(err, "crypto", "银行账号加密失败");
    pay_account_mask(account, masked);
    snprintf(id, sizeof id, "%" PRId64, enrolment_id);
    snprintf(detail, sizeof detail, "%s %s", bank, masked);
    struct db *db = reg_db(r);
    bool changed = false;
    int rc = ps_enrol_account(db, enrolment_id, bank, sealed, vault_sealed_len(n), masked, index,
                              sizeof index, &changed, err);
    if (rc == 0 && !changed)
        rc = mz_fail(err, "no_enrolment", "没有编号为 %" PRId64 " 的在享登记", enrolment_id);
    struct audit_event ev = {actor, "enrolment.account", "enrolment", id, NULL, NULL, detail};
    if (rc == 0)
        rc = audit_append(db, reg_vault(r), &ev, err);
    return rc;
}

int pay_enrol_account(struct registry *r, int64_t enrolment_id, const char *bank,
                      const char *account, const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(r);
    if (db_begin(db, err) < 0)
        return -1;
    int rc = pay_enrol_account_tx(r, enrolment_id, bank, account, actor, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}
