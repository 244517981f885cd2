/* A spouse's death (marriage.h): the marriage ends (丧偶), and the
 * survivor's marital status follows — a step of the death cascade
 * (src/funeral/cascade.c). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/vault.h"
#include "marriage/internal.h"
#include "registry/registry.h"
#include "store/regstore.h"

int mar_on_death(const struct marriage_env *env, int64_t person_id, mz_date died,
                 int64_t *ended, char survivor_name[128], struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    *ended = 0;
    survivor_name[0] = 0;
    char number[19];
    struct person_row p;
    int found = rs_person_get(db, person_id, &p, err);
    if (found <= 0)
        return found;
    size_t n;
    if (vault_unseal(reg_vault(env->reg), p.id_sealed, (size_t)p.id_sealed_len, number,
                     sizeof number, &n, err) < 0)
        return -1;
    struct mar_status_info s;
    if (mar_status_local.lookup(NULL, env->reg, number, died, &s, err) < 0)
        return -1;
    if (s.status != MAR_MARRIED || !s.marriage_id)
        return 0;
    struct marriage_row m;
    if (ms_marriage_get(db, s.marriage_id, &m, err) <= 0)
        return err->code[0] ? -1 : 0;
    char on[11], note[96];
    date_format(died, on);
    bool changed = false;
    struct mparty_row dead, other;
    int sex = p.sex;
    if (ms_party_get(db, m.id, sex, &dead, err) < 0 ||
        ms_party_get(db, m.id, sex == 1 ? 2 : 1, &other, err) < 0)
        return -1;
    snprintf(note, sizeof note, "%s死亡", sex == 1 ? "男方" : "女方");
    if (ms_marriage_end(db, m.id, "widowed", on, note, &changed, err) < 0)
        return -1;
    if (!changed)
        return 0;
    if (status_fact(env, other.person_id, "丧偶", died, m.cert_no, err) < 0 ||
        mar_audit(env, reg_actor(env->reg), "marriage.widowed", "marriage", m.id, note, err) < 0)
        return -1;
    *ended = m.id;
    snprintf(survivor_name, 128, "%s", other.name);
    return 0;
}
