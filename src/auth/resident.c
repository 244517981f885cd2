/* Residents' sign-in by one-time code (resident.h). */
#include "auth/resident.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/sms.h"
#include "crypto/sm.h"
#include "crypto/vault.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/portalstore.h"
#include "store/regstore.h"

static void hex(const unsigned char *b, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

/* The throttling subject of an ID number: its blind index, never the number. */
static void subject_of(const unsigned char idx[16], char out[48])
{
    char h[33];
    hex(idx, 16, h);
    snprintf(out, 48, "resident:%s", h);
}

/* The blind index of a well-formed ID number (the registry's look-up key). */
static int index_of(struct registry *r, const char *id_number, unsigned char idx[16],
                    struct mz_err *err)
{
    struct idcard id;
    if (!id_number || !id_number[0])
        return mz_fail_field(err, "id_number", "missing_field", "请填写身份证号");
    if (idcard_parse(id_number, &id, err) < 0) {
        snprintf(err->field, sizeof err->field, "id_number");
        return -1;
    }
    if (vault_blind_index(reg_vault(r), id.number, strlen(id.number), idx) < 0)
        return mz_fail(err, "crypto", "计算索引失败");
    return 0;
}

/* The code's keyed digest: HMAC-SM3 (index key) of salt and code. */
static int code_hash(struct registry *r, const char *salt, const char *code, char out[33])
{
    char text[64];
    unsigned char d[16];
    int n = snprintf(text, sizeof text, "otp:%s:%s", salt, code);
    if (vault_blind_index(reg_vault(r), text, (size_t)n, d) < 0) return -1;
    hex(d, sizeof d, out);
    return 0;
}

/* Phone numbers compared by their digits only ("138 0000 1111"). */
static void digits_of(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        if (*s >= '0' && *s <= '9') out[n++] = *s;
    out[n] = '\0';
}

static int audit_resident(struct registry *r, int64_t person_id, const char *action,
                          const char *detail, struct mz_err *err)
{
    char actor[40], id[24];
    snprintf(actor, sizeof actor, "resident:%" PRId64, person_id);
    snprintf(id, sizeof id, "%" PRId64, person_id);
    struct audit_event ev = {actor, action, "person", id, NULL, NULL, detail};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

/* Whether the person with index idx is named `name`, has `phone` on
 * record and a household today: 1 (*person_id, *phone_out), 0, -1. */
static int person_matches(struct registry *r, const unsigned char idx[16], const char *name,
                          const char *phone, int64_t *person_id, char phone_out[32],
                          struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct person_row p;
    int found = rs_person_by_index(db, idx, &p, err);
    if (found <= 0) return found;
    char stored[64], given[32], want[32];
    size_t n;
    if (p.phone_sealed_len <= 0 || strcmp(p.name, name) != 0) return 0;
    if (vault_unseal(reg_vault(r), p.phone_sealed, (size_t)p.phone_sealed_len, stored,
                     sizeof stored, &n, err) < 0)
        return -1;
    digits_of(stored, want, sizeof want);
    digits_of(phone, given, sizeof given);
    if (!want[0] || strcmp(want, given) != 0) return 0;
    int64_t hh;
    char relation[32];
    mz_date from;
    found = rs_membership_current(db, p.id, &hh, relation, &from, err);
    if (found <= 0) return found;
    char died[32];
    found = rs_fact_asof(db, "person", p.id, "death", date_today(), NULL, died, sizeof died, err);
    if (found != 0) return found < 0 ? -1 : 0;
    *person_id = p.id;
    snprintf(phone_out, 32, "%s", want);
    return 1;
}

int auth_resident_code(struct registry *r, const char *id_number, const char *name,
                       const char *phone, const char *source, time_t now, struct mz_err *err)
{
    unsigned char idx[16];
    char subject[48];
    if (index_of(r, id_number, idx, err) < 0) return -1;
    if (!name || !name[0]) return mz_fail_field(err, "name", "missing_field", "请填写姓名");
    if (!phone || !phone[0])
        return mz_fail_field(err, "phone", "missing_field", "请填写登记的手机号码");
    if (strlen(name) > 96 || strlen(phone) > 32)
        return mz_fail_field(err, strlen(name) > 96 ? "name" : "phone", "invalid_value",
                             "姓名或手机号码过长");
    subject_of(idx, subject);
    if (auth_throttle_attempt(r, subject, source, now, err) < 0) return -1;
    struct db *db = reg_db(r);
    if (db_begin(db, err) < 0) return -1;
    int64_t person_id = 0;
    char to[32];
    long recent = 0;
    int rc = person_matches(r, idx, name, phone, &person_id, to, err);
    if (rc > 0) rc = ps_codes_since(db, idx, (int64_t)now - AUTH_THROTTLE_SECONDS, &recent, err);
    if (rc == 0 && person_id && recent < RESIDENT_CODES_PER_WINDOW) {
        struct code_row c = {.person_id = person_id};
        unsigned char salt[16];
        uint32_t v;
        char code[RESIDENT_CODE_DIGITS + 1], text[SMS_TEXT_MAX];
        do { /* uniform over the 10^6 codes */
            if (sm_random(&v, sizeof v) < 0) rc = mz_fail(err, "crypto", "生成验证码失败");
        } while (rc == 0 && v >= 4294000000u);
        if (rc == 0 && sm_random(salt, sizeof salt) < 0)
            rc = mz_fail(err, "crypto", "生成验证码失败");
        if (rc == 0) {
            snprintf(code, sizeof code, "%06u", (unsigned)(v % 1000000u));
            hex(salt, sizeof salt, c.salt);
            snprintf(text, sizeof text,
                     "【渝悦救助通】您的登录验证码为 %s，%d 分钟内有效。请勿告诉他人。", code,
                     RESIDENT_CODE_SECONDS / 60);
            if (code_hash(r, c.salt, code, c.code_hash) < 0)
                rc = mz_fail(err, "crypto", "生成验证码失败");
        }
        if (rc == 0)
            rc = ps_code_insert(db, idx, &c, now, (int64_t)now + RESIDENT_CODE_SECONDS, err);
        if (rc == 0) rc = sms_send(r, to, text, err);
        if (rc == 0) rc = audit_resident(r, person_id, "resident.code", "验证码已发送", err);
    }
    if (rc >= 0 && db_commit(db, err) == 0) return 0;
    db_rollback(db);
    return -1;
}

static int fill_resident(struct registry *r, int64_t person_id, struct auth_resident *out,
                         struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct person_row p;
    struct household_row h;
    int64_t hh;
    char relation[32];
    mz_date from;
    int found = rs_person_get(db, person_id, &p, err);
    if (found > 0) found = rs_membership_current(db, person_id, &hh, relation, &from, err);
    if (found > 0) found = rs_household_get(db, hh, &h, err);
    if (found <= 0) return found;
    memset(out, 0, sizeof *out);
    out->person_id = person_id;
    out->household_id = hh;
    snprintf(out->name, sizeof out->name, "%s", p.name);
    snprintf(out->id_masked, sizeof out->id_masked, "%s", p.id_masked);
    snprintf(out->hh_no, sizeof out->hh_no, "%s", h.hh_no);
    snprintf(out->division, sizeof out->division, "%s", h.division);
    snprintf(out->actor, sizeof out->actor, "resident:%" PRId64, person_id);
    return 1;
}

static int bad_code(struct mz_err *err)
{
    return mz_fail_field(err, "code", "bad_code", "验证码不正确或已失效，请重新获取");
}

int auth_resident_login(struct registry *r, const char *id_number, const char *code,
                        const char *source, time_t now, char token[AUTH_TOKEN_HEX],
                        struct auth_resident *out, struct mz_err *err)
{
    unsigned char idx[16];
    char subject[48];
    if (index_of(r, id_number, idx, err) < 0) return -1;
    if (!code || !code[0]) return mz_fail_field(err, "code", "missing_field", "请填写短信验证码");
    subject_of(idx, subject);
    if (auth_throttle_attempt(r, subject, source, now, err) < 0) return -1;
    struct db *db = reg_db(r);
    if (db_begin(db, err) < 0) return -1;
    struct code_row c;
    char digest[AUTH_TOKEN_HEX], given[33];
    int rc = ps_code_live(db, idx, now, &c, err), ok = 0;
    if (rc > 0 && c.tries < RESIDENT_CODE_TRIES) {
        ok = strlen(code) == RESIDENT_CODE_DIGITS &&
             strspn(code, "0123456789") == RESIDENT_CODE_DIGITS &&
             code_hash(r, c.salt, code, given) == 0 && strcmp(given, c.code_hash) == 0;
        rc = ok ? ps_codes_used(db, idx, err) : ps_code_try(db, c.id, err);
    } else if (rc > 0) {
        rc = 0; /* tries used up: the same answer as a wrong code */
    }
    if (rc == 0 && !ok) {
        /* the wrong try is counted (committed); the answer is the same as
         * for no code at all */
        if (db_commit(db, err) < 0) {
            db_rollback(db);
            return -1;
        }
        return bad_code(err);
    }
    if (rc == 0) {
        rc = fill_resident(r, c.person_id, out, err);
        rc = rc > 0 ? 0 : rc == 0 ? bad_code(err) : -1; /* 0: left the household since */
    }
    if (rc == 0 && (auth_token_new(token) < 0 || auth_token_digest(token, digest) < 0))
        rc = mz_fail(err, "crypto", "生成会话令牌失败");
    if (rc == 0) rc = auth_throttle_clear(r, subject, source, now, err);
    if (rc == 0) rc = ps_session_purge(db, now, err);
    if (rc == 0)
        rc = ps_session_insert(db, digest, c.person_id, now, (int64_t)now + AUTH_SESSION_SECONDS,
                               err);
    if (rc == 0) rc = audit_resident(r, c.person_id, "resident.login", NULL, err);
    if (rc == 0 && db_commit(db, err) == 0) return 0;
    db_rollback(db);
    return -1;
}

int auth_resident_session(struct registry *r, const char *token, time_t now,
                          struct auth_resident *out, struct mz_err *err)
{
    char digest[AUTH_TOKEN_HEX];
    if (!token || auth_token_digest(token, digest) < 0) return 0;
    int64_t person_id, expires;
    int found = ps_session_get(reg_db(r), digest, &person_id, &expires, err);
    if (found <= 0) return found;
    if (expires <= (int64_t)now) return 0;
    return fill_resident(r, person_id, out, err);
}

int auth_resident_logout(struct registry *r, const char *token, struct mz_err *err)
{
    char digest[AUTH_TOKEN_HEX];
    if (!token || auth_token_digest(token, digest) < 0) return 0;
    int64_t person_id, expires;
    struct db *db = reg_db(r);
    int found = ps_session_get(db, digest, &person_id, &expires, err);
    if (found <= 0) return found;
    if (db_begin(db, err) < 0) return -1;
    int rc = ps_session_delete(db, digest, err);
    if (rc == 0) rc = audit_resident(r, person_id, "resident.logout", NULL, err);
    if (rc == 0 && db_commit(db, err) == 0) return 0;
    db_rollback(db);
    return -1;
}
