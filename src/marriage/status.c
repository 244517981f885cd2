/* Marital status (marriage.h): the interface a national-database client
 * fills, and the local source — the archive of registrations and the
 * registry's marital_status fact. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/vault.h"
#include "marriage/internal.h"
#include "registry/registry.h"
#include "store/regstore.h"

const char *mar_status_label(enum mar_status s)
{
    static const char *const labels[] = {"未知", "未婚", "已婚", "离婚", "丧偶"};
    return s <= MAR_WIDOWED ? labels[s] : "未知";
}

int party_index(const struct marriage_env *env, const char *id_number, const char *field,
                unsigned char index[16], struct mz_err *err)
{
    struct idcard id;
    if (idcard_parse(id_number ? id_number : "", &id, err) < 0) {
        snprintf(err->field, sizeof err->field, "%s", field);
        return -1;
    }
    if (vault_blind_index(reg_vault(env->reg), id.number, 18, index) < 0)
        return mz_fail(err, "crypto_error", "计算身份证号索引失败");
    return 0;
}

/* The newest archived marriage registered on or before the day. */
struct newest {
    mz_date on;
    struct ms_of_person m;
    bool found;
};

static int take_newest(void *ctx, const struct ms_of_person *m)
{
    struct newest *x = ctx;
    if (date_parse(m->registered_on) > x->on)
        return 0;
    if (!x->found || strcmp(m->registered_on, x->m.registered_on) > 0 ||
        (strcmp(m->registered_on, x->m.registered_on) == 0 && m->marriage_id > x->m.marriage_id))
        x->m = *m;
    x->found = true;
    return 1;
}

/* The archive's marriages of an ID number, under every key its blind index
 * may still be under (a rotation in progress: registry/rekey.h). */
static int archive_newest(struct registry *r, const char *number, struct newest *x,
                          struct mz_err *err)
{
    int floor;
    if (reg_key_epochs(r, &floor, err) < 0)
        return -1;
    for (int e = vault_epoch(reg_vault(r)); e >= floor; e--) {
        unsigned char index[VAULT_INDEX_LEN];
        if (vault_blind_index_at(reg_vault(r), e, number, 18, index) < 0)
            return mz_fail(err, "crypto_error", "计算身份证号索引失败");
        if (ms_marriages_of_index(reg_db(r), index, take_newest, x, err) < 0)
            return -1;
    }
    return 0;
}

/* The registry's marital_status fact in force on a day. */
struct fact {
    char value[16];
    mz_date effective;
};

static int take_status(void *ctx, int64_t id, const char *variable, const char *value,
                       mz_date effective)
{
    (void)id;
    struct fact *f = ctx;
    if (strcmp(variable, "marital_status") == 0) {
        snprintf(f->value, sizeof f->value, "%s", value);
        f->effective = effective;
    }
    return 0;
}

static enum mar_status status_of_word(const char *s)
{
    for (int i = MAR_UNMARRIED; i <= MAR_WIDOWED; i++)
        if (strcmp(s, mar_status_label((enum mar_status)i)) == 0)
            return (enum mar_status)i;
    return MAR_UNKNOWN;
}

static int local_lookup(void *ctx, struct registry *r, const char *id_number, mz_date on,
                        struct mar_status_info *out, struct mz_err *err)
{
    (void)ctx;
    memset(out, 0, sizeof *out);
    out->since = MZ_DATE_NONE;
    struct idcard id;
    if (idcard_parse(id_number ? id_number : "", &id, err) < 0) {
        snprintf(err->field, sizeof err->field, "id_number");
        return -1;
    }
    struct db *db = reg_db(r);
    struct newest x = {.on = on};
    if (archive_newest(r, id.number, &x, err) < 0)
        return -1;
    if (x.found) {
        mz_date reg = date_parse(x.m.registered_on), end = date_parse(x.m.ended_on);
        struct marriage_row m;
        if (ms_marriage_get(db, x.m.marriage_id, &m, err) < 0)
            return -1;
        out->marriage_id = x.m.marriage_id;
        if (strcmp(x.m.state, "married") == 0 || end == MZ_DATE_NONE || end > on) {
            out->status = MAR_MARRIED;
            out->since = reg;
            snprintf(out->basis, sizeof out->basis, "婚姻登记档案：%s 结婚登记，结婚证字号 %s",
                     x.m.registered_on, m.cert_no);
        } else {
            out->status = strcmp(x.m.state, "widowed") == 0 ? MAR_WIDOWED : MAR_DIVORCED;
            out->since = end;
            snprintf(out->basis, sizeof out->basis, "婚姻登记档案：%s %s（结婚证字号 %s）",
                     x.m.ended_on, mar_state_label(x.m.state), m.cert_no);
        }
    }
    int64_t person = 0;
    int found = reg_person_find(r, id.number, &person, err);
    if (found < 0)
        return -1;
    struct fact f = {"", MZ_DATE_NONE};
    if (found && rs_scan_facts(db, "person", on, NULL, person, take_status, &f, err) < 0)
        return -1;
    enum mar_status fs = status_of_word(f.value);
    if (fs != MAR_UNKNOWN && (out->status == MAR_UNKNOWN || f.effective > out->since)) {
        out->status = fs;
        out->since = f.effective;
        out->marriage_id = fs == MAR_MARRIED ? 0 : out->marriage_id;
        char day[11];
        date_format(f.effective, day);
        snprintf(out->basis, sizeof out->basis, "登记库：婚姻状况“%s”（自 %s）", f.value, day);
    }
    return 0;
}

const struct mar_status_source mar_status_local = {"本地婚姻登记档案与人口登记库", local_lookup,
                                                   NULL};

int mar_status_of(const struct marriage_env *env, const char *id_number, mz_date on,
                  struct mar_status_info *out, struct mz_err *err)
{
    const struct mar_status_source *s = env->status ? env->status : &mar_status_local;
    return s->lookup(s->ctx, env->reg, id_number, on, out, err);
}

const char *mar_state_label(const char *state)
{
    return strcmp(state, "married") == 0    ? "婚姻关系存续"
           : strcmp(state, "divorced") == 0 ? "已离婚"
           : strcmp(state, "widowed") == 0  ? "丧偶（一方死亡）"
           : strcmp(state, "annulled") == 0 ? "婚姻无效或被撤销"
                                            : state;
}

int status_fact(const struct marriage_env *env, int64_t person_id, const char *status, mz_date day,
                const char *cert_no, struct mz_err *err)
{
    if (person_id <= 0)
        return 0;
    char date[11], source[48];
    date_format(day, date);
    snprintf(source, sizeof source, "marriage:%s", cert_no);
    struct reg_fact_in in = {NULL, NULL, "marital_status", status, date, source};
    enum put_result res;
    return reg_person_fact_put(env->reg, person_id, &in, &res, err);
}
