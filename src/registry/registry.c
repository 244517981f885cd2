/* Registry records: validation of persons, households and facts, and the
 * sealing of identifiers, over the storage layer. */
#include "registry/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "crypto/sm.h"
#include "crypto/vault.h"
#include "registry/divisions.h"
#include "registry/idcard.h"
#include "registry/pinyin.h"
#include "registry/vars.h"
#include "store/casestore.h"
#include "store/regstore.h"
#include "store/snapstore.h"

struct registry {
    struct db *db;
    struct vault *vault;
    struct pinyin *py; /* opened on first use: names' pinyin initials */
    char actor[64];
    char key_path[4096]; /* the key file read ("" for MZ_KEY) */
    struct stat key_stat; /* and how it was then */
    reg_death_hook on_death; /* reg_on_death */
    void *death_ctx;
    int in_hook; /* the hook is running (its own facts do not call it again) */
    struct batch *batch; /* reg_batch_begin … end: additions folded into one entry */
};

/* What a bulk load added, by kind (household, person, fact). */
enum { BATCH_HOUSEHOLD, BATCH_PERSON, BATCH_FACT, BATCH_KINDS };
struct batch {
    struct sm3_stream *sum;
    char label[128];
    int64_t count[BATCH_KINDS], first[BATCH_KINDS], last[BATCH_KINDS];
};

void reg_on_death(struct registry *r, reg_death_hook hook, void *ctx)
{
    r->on_death = hook;
    r->death_ctx = ctx;
}

reg_death_hook reg_death_hook_of(const struct registry *r, void **ctx)
{
    *ctx = r->death_ctx;
    return r->on_death;
}

void reg_set_actor(struct registry *r, const char *actor)
{
    snprintf(r->actor, sizeof r->actor, "%s", actor);
}

const char *reg_actor(const struct registry *r)
{
    return r->actor;
}

/* Folds an added record into the batch: "action|id|text\n". */
static int batch_add(struct batch *b, const char *action, int64_t id, const char *after,
                     struct mz_err *err)
{
    int kind = strcmp(action, "household.add") == 0 ? BATCH_HOUSEHOLD
               : strcmp(action, "person.add") == 0  ? BATCH_PERSON
                                                    : BATCH_FACT;
    char head[64];
    int n = snprintf(head, sizeof head, "%s|%lld|", action, (long long)id);
    if (sm3_stream_add(b->sum, head, (size_t)n) < 0 ||
        sm3_stream_add(b->sum, after, strlen(after)) < 0 || sm3_stream_add(b->sum, "\n", 1) < 0)
        return mz_fail(err, "crypto_error", "计算批次摘要失败");
    if (b->count[kind]++ == 0)
        b->first[kind] = id;
    b->last[kind] = id;
    return 0;
}

static int audit(struct registry *r, const char *action, const char *entity, int64_t id,
                 const char *before, const char *after, struct mz_err *err)
{
    if (r->batch && !before && after)
        return batch_add(r->batch, action, id, after, err);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    struct audit_event ev = {r->actor, action, entity, idtext, before, after, NULL};
    return audit_append(r->db, r->vault, &ev, err);
}

int reg_batch_begin(struct registry *r, const char *label, struct mz_err *err)
{
    reg_batch_abort(r);
    if (!db_in_transaction(r->db))
        return mz_fail(err, "internal", "批量导入须在事务中进行");
    if (ss_bulk_begin(r->db, err) < 0)
        return -1;
    struct batch *b = mz_calloc(1, sizeof *b);
    if (!b || !(b->sum = sm3_stream_new())) {
        mz_free(b);
        return mz_fail(err, "out_of_memory", "内存不足");
    }
    snprintf(b->label, sizeof b->label, "%s", label);
    r->batch = b;
    return 0;
}

void reg_batch_abort(struct registry *r)
{
    if (!r->batch)
        return;
    unsigned char ignored[SM3_LEN];
    sm3_stream_end(r->batch->sum, ignored);
    mz_free(r->batch);
    r->batch = NULL;
}

int reg_batch_end(struct registry *r, struct mz_err *err)
{
    struct batch *b = r->batch;
    if (!b)
        return 0;
    r->batch = NULL;
    unsigned char sum[SM3_LEN];
    int rc = sm3_stream_end(b->sum, sum);
    if (rc < 0)
        rc = mz_fail(err, "crypto_error", "计算批次摘要失败");
    if (rc == 0)
        rc = ss_bulk_end(r->db, err);
    if (rc == 0 && b->count[BATCH_HOUSEHOLD] + b->count[BATCH_PERSON] + b->count[BATCH_FACT] > 0) {
        char after[2 * SM3_LEN + 8], detail[400];
        snprintf(after, sizeof after, "sm3:");
        for (int i = 0; i < SM3_LEN; i++)
            snprintf(after + 4 + 2 * i, 3, "%02x", sum[i]);
        static const char *const kinds[BATCH_KINDS] = {"家庭", "人员", "事实"};
        int n = snprintf(detail, sizeof detail, "批量新增");
        for (int k = 0; k < BATCH_KINDS; k++)
            if (b->count[k] && n > 0 && (size_t)n < sizeof detail)
                n += snprintf(detail + n, sizeof detail - (size_t)n, " %s %lld 条（%lld–%lld）",
                              kinds[k], (long long)b->count[k], (long long)b->first[k],
                              (long long)b->last[k]);
        struct audit_event ev = {r->actor, "registry.batch", "registry", b->label, NULL, after,
                                 detail};
        rc = audit_append(r->db, r->vault, &ev, err);
    }
    mz_free(b);
    return rc;
}

/* The pinyin initials of a name, for search by "zsf"; '' marks "not
 * computed", so a name without letters gets "-". */
static int initials_of(struct registry *r, const char *name, char out[64], struct mz_err *err)
{
    if (!r->py && pinyin_open(&r->py, err) < 0)
        return -1;
    if (pinyin_initials(r->py, name, out, 64) < 0 || !out[0])
        snprintf(out, 64, "-");
    return 0;
}

struct pending {
    int64_t *ids;
    char (*names)[64];
    size_t n, cap, names_cap;
};

/* 1 (stop) when out of memory */
static int add_pending(void *ctx, int64_t id, const char *name)
{
    struct pending *p = ctx;
    if (mz_grow(&p->ids, &p->cap, p->n + 1, sizeof *p->ids) < 0 ||
        mz_grow(&p->names, &p->names_cap, p->n + 1, sizeof *p->names) < 0)
        return 1;
    p->ids[p->n] = id;
    snprintf(p->names[p->n++], sizeof p->names[0], "%s", name);
    return 0;
}

/* Computes the initials of persons recorded before they were kept
 * (migration 9), once, in one transaction. */
static int fill_initials(struct registry *r, struct mz_err *err)
{
    struct pending p = {0};
    int rc = rs_persons_without_initials(r->db, add_pending, &p, err);
    if (rc > 0)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0 && p.n > 0) {
        rc = db_begin(r->db, err);
        char initials[64];
        for (size_t i = 0; rc == 0 && i < p.n; i++)
            if ((rc = initials_of(r, p.names[i], initials, err)) == 0)
                rc = rs_person_set_initials(r->db, p.ids[i], initials, err);
        rc = rc == 0 ? db_commit(r->db, err) : (db_rollback(r->db), -1);
    }
    mz_free(p.ids);
    mz_free(p.names);
    return rc;
}

const char *reg_key_path(const char *db_path, const char *key_path, char *buf, size_t cap)
{
    if (!key_path || !*key_path)
        key_path = getenv("MZ_KEY_FILE");
    int n = key_path && *key_path ? snprintf(buf, cap, "%s", key_path)
                                  : snprintf(buf, cap, "%s.key", db_path);
    return n >= 0 && (size_t)n < cap ? buf : NULL;
}

int reg_open(const char *db_path, const char *key_path, struct registry **out,
             struct mz_err *err)
{
    *out = NULL;
    char path[4096];
    if (!(key_path = reg_key_path(db_path, key_path, path, sizeof path)))
        return mz_fail(err, "key_file", "密钥文件路径过长");
    struct registry *r = mz_calloc(1, sizeof *r);
    if (!r)
        return mz_fail(err, "out_of_memory", "内存不足");
    if (!getenv("MZ_KEY")) {
        snprintf(r->key_path, sizeof r->key_path, "%s", key_path);
    }
    int rc = vault_load(key_path, &r->vault, err);
    if (rc == 0 && r->key_path[0] && stat(r->key_path, &r->key_stat) != 0)
        rc = mz_fail(err, "key_file", "无法读取密钥文件 %s 的状态", r->key_path);
    if (rc < 0 || db_open(db_path, &r->db, err) < 0) {
        reg_close(r);
        return -1;
    }
    snprintf(r->actor, sizeof r->actor, "unknown");
    if (fill_initials(r, err) < 0) {
        reg_close(r);
        return -1;
    }
    *out = r;
    return 0;
}

bool reg_key_changed(const struct registry *r)
{
    struct stat st;
    if (!r->key_path[0])
        return false;
    return stat(r->key_path, &st) != 0 || st.st_ino != r->key_stat.st_ino ||
           st.st_dev != r->key_stat.st_dev || st.st_size != r->key_stat.st_size ||
           st.st_mtim.tv_sec != r->key_stat.st_mtim.tv_sec ||
           st.st_mtim.tv_nsec != r->key_stat.st_mtim.tv_nsec;
}

/* A meta value as an int (0 if absent). */
static int meta_int(struct registry *r, const char *key, int *out, struct mz_err *err)
{
    char v[16];
    int found = cs_meta_get(r->db, key, v, sizeof v, err);
    if (found < 0)
        return -1;
    *out = found ? atoi(v) : 0;
    return 0;
}

int reg_key_epochs(struct registry *r, int *floor, struct mz_err *err)
{
    int newest;
    if (meta_int(r, "key_epoch", &newest, err) < 0 || meta_int(r, "key_floor", floor, err) < 0)
        return -1;
    if (newest > vault_epoch(r->vault))
        return mz_fail(err, "key_changed",
                       "主密钥已轮换为第 %d 把，本进程的密钥环只有 %d 把：请重试（服务会载入新的密钥文件）",
                       newest, vault_epoch(r->vault));
    if (*floor < 1)
        *floor = 1;
    return 0;
}

/* Finds a person by ID number through the blind index under each key the
 * database may still hold values under (the current one first; its index
 * given as current when already computed, else NULL): 1 found (into out,
 * or just *id when out is NULL), 0 not found. */
static int find_by_number(struct registry *r, const char *number,
                          const unsigned char *current, struct person_row *out, int64_t *id,
                          struct mz_err *err)
{
    int floor;
    if (reg_key_epochs(r, &floor, err) < 0)
        return -1;
    for (int e = vault_epoch(r->vault); e >= floor; e--) {
        unsigned char index[VAULT_INDEX_LEN];
        if (current && e == vault_epoch(r->vault))
            memcpy(index, current, VAULT_INDEX_LEN);
        else if (vault_blind_index_at(r->vault, e, number, 18, index) < 0)
            return mz_fail(err, "crypto_error", "计算身份证号索引失败");
        int found = out ? rs_person_by_index(r->db, index, out, err)
                        : rs_person_id_by_index(r->db, index, id, err);
        if (found != 0)
            return found;
    }
    return 0;
}

void reg_close(struct registry *r)
{
    if (!r)
        return;
    reg_batch_abort(r);
    pinyin_close(r->py);
    db_close(r->db);
    vault_free(r->vault);
    mz_free(r);
}

struct db *reg_db(struct registry *r)
{
    return r->db;
}

struct vault *reg_vault(struct registry *r)
{
    return r->vault;
}

static bool blank(const char *s)
{
    return !s || !*s;
}

static int required(const char *value, const char *field, const char *label, struct mz_err *err)
{
    if (blank(value))
        return mz_fail_field(err, field, "missing_field", "缺少必填项：%s", label);
    return 0;
}

/* 城镇/农村 (also urban/rural, the English headers' words) -> 0/1: the
 * words every output uses too. */
static int parse_rural(const char *s, const char *field, const char *label, bool *rural,
                       struct mz_err *err)
{
    if (strcmp(s, "城镇") == 0 || strcmp(s, "urban") == 0)
        *rural = false;
    else if (strcmp(s, "农村") == 0 || strcmp(s, "rural") == 0)
        *rural = true;
    else
        return mz_fail_field(err, field, "invalid_value", "%s应为“城镇”或“农村”，实为“%s”", label,
                             s);
    return 0;
}

/* Every fault of one record: the first sets err (its code and field), the
 * others are added to its message, so a row is corrected in one go. */
struct faults {
    struct mz_err *err;
    int n;
};

static void fault(struct faults *f, const struct mz_err *one)
{
    if (f->n++ == 0) {
        *f->err = *one;
        return;
    }
    size_t len = strlen(f->err->msg);
    snprintf(f->err->msg + len, sizeof f->err->msg - len, "；另：%s", one->msg);
}

/* ---- households ------------------------------------------------------- */

int reg_household_no_check(const char *s, struct mz_err *err)
{
    size_t n = strlen(s);
    bool ok = n >= 1 && n <= TEXT_MAX_HOUSEHOLD_NO && s[0] != '-';
    for (size_t i = 0; ok && i < n; i++)
        ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
             (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-';
    if (ok)
        return 0;
    if (text_check(s, "household_no", "户编号", TEXT_MAX_HOUSEHOLD_NO, TEXT_LINE, err) < 0)
        return -1;
    return mz_fail_field(err, "household_no", "invalid_value",
                         "户编号应为 1 到 %d 位字母、数字或连字符（-，不在开头），实为“%s”",
                         TEXT_MAX_HOUSEHOLD_NO, s);
}

/* Canonical text of a household for audit digests. */
static void household_text(const struct household_row *h, char *out, size_t cap)
{
    snprintf(out, cap, "%s|%s|%s|%d", h->hh_no, h->division, h->address, h->rural);
}

int reg_household_put(struct registry *r, const struct reg_household_in *in, mz_date on,
                      enum put_result *res, struct mz_err *err)
{
    if (required(in->household_no, "household_no", "户编号", err) < 0 ||
        required(in->division, "division", "区划代码", err) < 0 ||
        required(in->rural, "rural", "城乡类别", err) < 0)
        return -1;
    struct household_row h = {0};
    if (reg_household_no_check(in->household_no, err) < 0 ||
        text_check(in->address, "address", "地址", TEXT_MAX_ADDRESS, TEXT_LINE, err) < 0 ||
        text_check(in->rural, "rural", "城乡类别", TEXT_MAX_WORD, TEXT_LINE, err) < 0)
        return -1;
    if (div_check_current(r->db, in->division, on, "division", err) < 0)
        return -1;
    if (parse_rural(in->rural, "rural", "城乡类别", &h.rural, err) < 0)
        return -1;
    snprintf(h.hh_no, sizeof h.hh_no, "%s", in->household_no);
    snprintf(h.division, sizeof h.division, "%s", in->division);
    snprintf(h.address, sizeof h.address, "%s", in->address ? in->address : "");
    struct household_row old;
    int found = rs_household_by_no(r->db, h.hh_no, &old, err);
    if (found < 0)
        return -1;
    char before[1000], after[1000];
    household_text(&h, after, sizeof after);
    if (!found) {
        *res = PUT_ADDED;
        if (rs_household_insert(r->db, &h, err) < 0)
            return -1;
        return audit(r, "household.add", "household", h.id, NULL, after, err);
    }
    h.id = old.id;
    household_text(&old, before, sizeof before);
    if (strcmp(before, after) == 0) {
        *res = PUT_UNCHANGED;
        return 0;
    }
    *res = PUT_UPDATED;
    if (rs_household_update(r->db, &h, err) < 0)
        return -1;
    return audit(r, "household.update", "household", h.id, before, after, err);
}

/* ---- persons ---------------------------------------------------------- */

static int parse_sex(const char *s, int *sex, struct mz_err *err)
{
    if (strcmp(s, "男") == 0 || strcmp(s, "1") == 0 || strcmp(s, "M") == 0)
        *sex = SEX_MALE;
    else if (strcmp(s, "女") == 0 || strcmp(s, "2") == 0 || strcmp(s, "F") == 0)
        *sex = SEX_FEMALE;
    else
        return mz_fail_field(err, "sex", "invalid_value", "性别应为“男”或“女”，实为“%s”", s);
    return 0;
}

static const char *const relations[] = {"户主", "配偶", "子女", "父母", "孙子女",
                                        "祖父母", "兄弟姐妹", "其他", NULL};

static int check_relation(const char *s, struct mz_err *err)
{
    for (int i = 0; relations[i]; i++)
        if (strcmp(s, relations[i]) == 0)
            return 0;
    return mz_fail_field(err, "relation", "invalid_value",
                         "与户主关系应为 户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、其他 "
                         "之一，实为“%s”",
                         s);
}

static int check_phone(const char *s, struct mz_err *err)
{
    size_t n = strlen(s);
    bool ok = n >= 7 && n <= 20;
    for (size_t i = 0; ok && i < n; i++)
        ok = (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || (i == 0 && s[i] == '+');
    return ok ? 0
              : mz_fail_field(err, "phone", "invalid_value", "联系电话格式不正确：“%s”", s);
}

/* Canonical text of a person and their membership for audit digests. */
static void person_text(const char *number, const struct person_row *p, const char *phone,
                        int64_t household_id, const char *relation, char *out, size_t cap)
{
    snprintf(out, cap, "%s|%s|%d|%d|%d|%s|%s|%lld|%s", number, p->name, p->sex, p->birth,
             p->rural_hukou, p->division, phone ? phone : "", (long long)household_id,
             relation);
}

static int seal(struct registry *r, const char *plain, unsigned char *out, int *len,
                size_t cap)
{
    size_t n = strlen(plain);
    if (vault_sealed_len(n) > cap)
        return -1;
    if (vault_seal(r->vault, plain, n, out) < 0)
        return -1;
    *len = (int)vault_sealed_len(n);
    return 0;
}

int reg_phone_seal(struct registry *r, const char *phone, const char *field, unsigned char *out,
                   int *len, size_t cap, struct mz_err *err)
{
    if (check_phone(phone ? phone : "", err) < 0) {
        snprintf(err->field, sizeof err->field, "%s", field);
        return -1;
    }
    return seal(r, phone, out, len, cap) < 0 ? mz_fail(err, "crypto", "联系电话加密失败") : 0;
}

int reg_phone_text(struct registry *r, const unsigned char *sealed, int len, bool full, char *out,
                   size_t cap, struct mz_err *err)
{
    out[0] = '\0';
    if (!sealed || len <= 0)
        return 0;
    char plain[64];
    size_t n;
    if (vault_unseal(r->vault, sealed, (size_t)len, plain, sizeof plain, &n, err) < 0)
        return -1;
    if (full)
        snprintf(out, cap, "%s", plain);
    else if (n < 7)
        snprintf(out, cap, "****");
    else
        snprintf(out, cap, "%.3s****%s", plain, plain + n - 4);
    return 0;
}

int reg_person_put(struct registry *r, const struct reg_person_in *in, mz_date on,
                   enum put_result *res, struct mz_err *err)
{
    if (required(in->id_number, "id_number", "身份证号", err) < 0 ||
        required(in->name, "name", "姓名", err) < 0 ||
        required(in->hukou, "hukou", "户籍性质", err) < 0 ||
        required(in->division, "division", "区划代码", err) < 0 ||
        required(in->household_no, "household_no", "户编号", err) < 0 ||
        required(in->relation, "relation", "与户主关系", err) < 0)
        return -1;
    struct faults f = {err, 0};
    struct mz_err one = {0};
    struct idcard id;
    bool id_ok = idcard_parse(in->id_number, &id, &one) == 0;
    if (!id_ok) {
        snprintf(one.field, sizeof one.field, "id_number");
        fault(&f, &one);
    }
    struct person_row p = {0};
    const struct {
        const char *value, *field, *label;
        size_t max;
        enum text_kind kind;
    } texts[] = {
        {in->name, "name", "姓名", TEXT_MAX_NAME, TEXT_NAME},
        {in->sex, "sex", "性别", TEXT_MAX_WORD, TEXT_LINE},
        {in->hukou, "hukou", "户籍性质", TEXT_MAX_WORD, TEXT_LINE},
        {in->relation, "relation", "与户主关系", TEXT_MAX_WORD, TEXT_LINE},
        {in->birth_date, "birth_date", "出生日期", TEXT_MAX_WORD, TEXT_LINE},
        {in->phone, "phone", "联系电话", TEXT_MAX_WORD, TEXT_LINE},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (text_check(texts[i].value, texts[i].field, texts[i].label, texts[i].max,
                       texts[i].kind, &one) < 0)
            fault(&f, &one);
    if (reg_household_no_check(in->household_no, &one) < 0)
        fault(&f, &one);
    if (!blank(in->sex)) {
        int sex = 0;
        if (parse_sex(in->sex, &sex, &one) < 0)
            fault(&f, &one);
        else if (id_ok && sex != id.sex) {
            mz_fail_field(&one, "sex", "inconsistent", "性别“%s”与身份证号（第17位）不符", in->sex);
            fault(&f, &one);
        }
    }
    if (!blank(in->birth_date)) {
        mz_date b = date_parse(in->birth_date);
        if (b == MZ_DATE_NONE) {
            mz_fail_field(&one, "birth_date", "invalid_value", "出生日期应为 YYYY-MM-DD，实为“%s”",
                          in->birth_date);
            fault(&f, &one);
        } else if (id_ok && b != id.birth) {
            mz_fail_field(&one, "birth_date", "inconsistent",
                          "出生日期 %s 与身份证号中的出生日期不符", in->birth_date);
            fault(&f, &one);
        }
    }
    if (id_ok && id.birth > on) {
        char masked[19];
        idcard_mask(id.number, masked);
        mz_fail_field(&one, "id_number", "invalid_value", "身份证号中的出生日期晚于今天：%s",
                      masked);
        fault(&f, &one);
    }
    if (parse_rural(in->hukou, "hukou", "户籍性质", &p.rural_hukou, &one) < 0)
        fault(&f, &one);
    if (div_check_current(r->db, in->division, on, "division", &one) < 0)
        fault(&f, &one);
    if (check_relation(in->relation, &one) < 0)
        fault(&f, &one);
    if (!blank(in->phone) && check_phone(in->phone, &one) < 0)
        fault(&f, &one);
    if (f.n)
        return -1;
    struct household_row hh;
    int found = rs_household_by_no(r->db, in->household_no, &hh, err);
    if (found < 0)
        return -1;
    if (!found)
        return mz_fail_field(err, "household_no", "unknown_household",
                             "户编号 %s 不存在，请先导入家庭", in->household_no);

    if (vault_blind_index(r->vault, id.number, 18, p.id_index) < 0)
        return mz_fail(err, "crypto_error", "计算身份证号索引失败");
    snprintf(p.name, sizeof p.name, "%s", in->name);
    if (initials_of(r, p.name, p.initials, err) < 0)
        return -1;
    snprintf(p.division, sizeof p.division, "%s", in->division);
    p.sex = id.sex;
    p.birth = id.birth;
    if (!blank(in->phone) &&
        seal(r, in->phone, p.phone_sealed, &p.phone_sealed_len, sizeof p.phone_sealed) < 0)
        return mz_fail(err, "crypto_error", "加密联系电话失败");

    struct person_row old;
    if ((found = find_by_number(r, id.number, p.id_index, &old, NULL, err)) < 0)
        return -1;
    char before[512], after[512];
    person_text(id.number, &p, in->phone, hh.id, in->relation, after, sizeof after);
    if (!found) {
        if (seal(r, id.number, p.id_sealed, &p.id_sealed_len, sizeof p.id_sealed) < 0)
            return mz_fail(err, "crypto_error", "加密身份证号失败");
        idcard_mask(id.number, p.id_masked);
        if (rs_person_insert(r->db, &p, err) < 0 ||
            rs_membership_move(r->db, p.id, hh.id, in->relation, on, err) < 0)
            return -1;
        *res = PUT_ADDED;
        return audit(r, "person.add", "person", p.id, NULL, after, err);
    }
    p.id = old.id;
    /* The phone is sealed with a fresh IV each time: compare plaintexts. */
    char old_phone[32] = "";
    if (old.phone_sealed_len > 0) {
        size_t n;
        if (vault_unseal(r->vault, old.phone_sealed, (size_t)old.phone_sealed_len, old_phone,
                         sizeof old_phone, &n, err) < 0)
            return -1;
    }
    int64_t cur_hh = 0;
    char cur_rel[32] = "";
    mz_date from = MZ_DATE_NONE;
    if ((found = rs_membership_current(r->db, p.id, &cur_hh, cur_rel, &from, err)) < 0)
        return -1;
    person_text(id.number, &old, old_phone, cur_hh, cur_rel, before, sizeof before);
    *res = PUT_UNCHANGED;
    if (strcmp(before, after) == 0)
        return 0;
    *res = PUT_UPDATED;
    if (strcmp(old_phone, in->phone ? in->phone : "") == 0) {
        memcpy(p.phone_sealed, old.phone_sealed, sizeof p.phone_sealed);
        p.phone_sealed_len = old.phone_sealed_len;
    }
    if (rs_person_update(r->db, &p, err) < 0)
        return -1;
    if (!found || cur_hh != hh.id || strcmp(cur_rel, in->relation) != 0) {
        if (found && from >= on && cur_hh != hh.id)
            return mz_fail_field(err, "household_no", "conflict",
                                 "此人今天已登记在另一户，同一天不能再次迁户");
        if (rs_membership_move(r->db, p.id, hh.id, in->relation,
                               found && from >= on ? from : on, err) < 0)
            return -1;
    }
    return audit(r, "person.update", "person", p.id, before, after, err);
}

int reg_person_find(struct registry *r, const char *id_number, int64_t *person_id,
                    struct mz_err *err)
{
    struct idcard id;
    if (idcard_parse(id_number, &id, err) < 0) {
        snprintf(err->field, sizeof err->field, "id_number");
        return -1;
    }
    return find_by_number(r, id.number, NULL, NULL, person_id, err);
}

int reg_person_id_number(struct registry *r, int64_t person_id, char out[19],
                         struct mz_err *err)
{
    struct person_row p;
    int found = rs_person_get(r->db, person_id, &p, err);
    if (found < 0)
        return -1;
    if (!found)
        return mz_fail(err, "not_found", "人员 %lld 不存在", (long long)person_id);
    size_t n;
    if (vault_unseal(r->vault, p.id_sealed, (size_t)p.id_sealed_len, out, 19, &n, err) < 0)
        return -1;
    return audit(r, "person.view_full", "person", person_id, NULL, NULL, err);
}

/* ---- facts ------------------------------------------------------------ */

/* Checks a fact, not yet its entity: for a person already found
 * (found_person), else for the one named by in->id_number or
 * in->household_no; the variable's definition, the effective day and the
 * canonical value. */
static const struct var_def *fact_check(const struct reg_fact_in *in, bool found_person,
                                        mz_date *eff, char value[64], struct mz_err *err)
{
    if (required(in->variable, "variable", "指标", err) < 0 ||
        required(in->value, "value", "值", err) < 0 ||
        required(in->effective, "effective", "生效日期", err) < 0 ||
        required(in->source, "source", "来源", err) < 0 ||
        text_check(in->variable, "variable", "指标", TEXT_MAX_VALUE, TEXT_LINE, err) < 0 ||
        text_check(in->value, "value", "值", TEXT_MAX_VALUE, TEXT_LINE, err) < 0 ||
        text_check(in->effective, "effective", "生效日期", TEXT_MAX_WORD, TEXT_LINE, err) < 0 ||
        text_check(in->source, "source", "来源", TEXT_MAX_SOURCE, TEXT_LINE, err) < 0 ||
        (!found_person && !blank(in->household_no) &&
         reg_household_no_check(in->household_no, err) < 0))
        return NULL;
    const struct var_def *v = var_find(in->variable);
    if (!v) {
        mz_fail_field(err, "variable", "unknown_variable", "未知指标“%s”（可用指标见 mz vars）",
                      in->variable);
        return NULL;
    }
    if (!found_person && blank(in->id_number) == blank(in->household_no)) {
        mz_fail_field(err, blank(in->id_number) ? "id_number" : "household_no", "missing_field",
                      "身份证号与户编号须且只须填写一项");
        return NULL;
    }
    bool person = found_person || !blank(in->id_number);
    if (person != (v->entity == VAR_PERSON)) {
        mz_fail_field(err, "variable", "wrong_entity", "指标 %s 属于%s，应填写%s", v->name,
                      v->entity == VAR_PERSON ? "个人" : "家庭",
                      v->entity == VAR_PERSON ? "身份证号" : "户编号");
        return NULL;
    }
    *eff = date_parse(in->effective);
    if (*eff == MZ_DATE_NONE) {
        mz_fail_field(err, "effective", "invalid_value", "生效日期应为 YYYY-MM-DD，实为“%s”",
                      in->effective);
        return NULL;
    }
    if (date_check(*eff, date_today() + DATE_FACT_AHEAD_DAYS, "effective", "生效日期", err) < 0)
        return NULL;
    if (var_canonical(v, in->value, value, 64, err) < 0) {
        snprintf(err->field, sizeof err->field, "value");
        return NULL;
    }
    return v;
}

/* Writes a checked fact of entity_id unless the same value is recorded
 * for that day, with its audit entry. */
static int fact_write(struct registry *r, struct fact_row *f, const char *effective,
                      enum put_result *res, struct mz_err *err)
{
    bool added;
    if (rs_fact_put(r->db, f, &added, err) < 0)
        return -1;
    *res = added ? PUT_ADDED : PUT_UNCHANGED;
    if (!added)
        return 0;
    char after[400];
    snprintf(after, sizeof after, "%s|%lld|%s|%s|%s|%s", f->entity, (long long)f->entity_id,
             f->variable, f->value, effective, f->source);
    if (audit(r, "fact.add", f->entity, f->entity_id, NULL, after, err) < 0)
        return -1;
    if (!r->on_death || r->in_hook || strcmp(f->variable, "death") != 0 ||
        strcmp(f->entity, "person") != 0)
        return 0;
    mz_date died = date_parse(f->value);
    r->in_hook = 1;
    int rc = r->on_death(r->death_ctx, r, f->entity_id, died == MZ_DATE_NONE ? f->effective : died,
                         f->source, err);
    r->in_hook = 0;
    return rc;
}

int reg_fact_put(struct registry *r, const struct reg_fact_in *in, enum put_result *res,
                 struct mz_err *err)
{
    mz_date eff;
    char value[64];
    const struct var_def *v = fact_check(in, false, &eff, value, err);
    if (!v)
        return -1;
    bool person = !blank(in->id_number);
    struct fact_row f = {.entity = person ? "person" : "household",
                         .variable = v->name,
                         .value = value,
                         .effective = eff,
                         .source = in->source};
    if (person) {
        int found = reg_person_find(r, in->id_number, &f.entity_id, err);
        if (found < 0)
            return -1;
        char masked[19];
        idcard_mask(in->id_number, masked);
        if (!found)
            return mz_fail_field(err, "id_number", "unknown_person", "身份证号 %s 的人员不存在",
                                 masked);
    } else {
        struct household_row hh;
        int found = rs_household_by_no(r->db, in->household_no, &hh, err);
        if (found < 0)
            return -1;
        if (!found)
            return mz_fail_field(err, "household_no", "unknown_household", "户编号 %s 不存在",
                                 in->household_no);
        f.entity_id = hh.id;
    }
    return fact_write(r, &f, in->effective, res, err);
}

int reg_person_fact_put(struct registry *r, int64_t person_id, const struct reg_fact_in *in,
                        enum put_result *res, struct mz_err *err)
{
    mz_date eff;
    char value[64];
    const struct var_def *v = fact_check(in, true, &eff, value, err);
    if (!v)
        return -1;
    struct fact_row f = {.entity = "person",
                         .entity_id = person_id,
                         .variable = v->name,
                         .value = value,
                         .effective = eff,
                         .source = in->source};
    return fact_write(r, &f, in->effective, res, err);
}
