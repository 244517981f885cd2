/* Cremation and the placement of the ashes (funeral.h): the fees of the
 * funeral home's published list, the basic services waived when the
 * policy's funeral_waiver holds for the deceased (惠民殡葬), the eco-burial
 * reward when its eco_burial holds. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "funeral/funeral.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "policy/snapshot.h"
#include "registry/registry.h"
#include "registry/vars.h"
#include "store/funeralstore.h"
#include "store/regstore.h"

/* The value of person variable name for person_id in their household as
 * of day: 1 (*value set, label borrowed from the set), 0 when the person
 * is in no household then or the policies lack the variable, -1. */
static int person_value(const struct funeral_env *env, int64_t person_id, mz_date day,
                        const char *name, int64_t *value, const char **label, char division[13],
                        bool *rural, struct mz_err *err)
{
    *value = 0;
    *label = name;
    if (!env->set)
        return 0;
    struct db *db = reg_db(env->reg);
    int64_t hh = 0;
    char rel[32];
    mz_date since;
    int found = rs_membership_current(db, person_id, &hh, rel, &since, err);
    if (found <= 0)
        return found;
    int64_t *pids = NULL;
    struct snap_request req = {.as_of = day, .household_ids = &hh, .nhouseholds = 1};
    struct pol_snapshot *snap = snap_load(db, env->set, &req, &pids, err);
    if (!snap)
        return -1;
    int rc = 0;
    if (snap->nhouseholds == 1) {
        for (size_t p = snap->member_start[0]; p < snap->member_start[1]; p++) {
            if (pids[p] != person_id)
                continue;
            const char *names[] = {name};
            struct mz_err verr = {0};
            if (pol_person_values(env->set, snap, 0, (int)(p - snap->member_start[0]), day, names,
                                  1, value, label, &verr) < 0) {
                rc = strcmp(verr.code, "unknown_variable") == 0 ? 0 : (*err = verr, -1);
            } else {
                rc = 1;
                if (division)
                    snprintf(division, 13, "%s", snap->division[0]);
                if (rural) {
                    struct household_row h;
                    *rural = rs_household_get(db, hh, &h, err) > 0 && h.rural;
                }
            }
            break;
        }
    }
    pol_snapshot_free(snap);
    mz_free(pids);
    return rc;
}

int fun_waiver_eligible(const struct funeral_env *env, int64_t person_id, mz_date died,
                        bool *eligible, char basis[400], struct mz_err *err)
{
    int64_t v = 0;
    const char *label;
    char day[11];
    date_format(died - 1, day);
    *eligible = false;
    int found = person_value(env, person_id, died - 1, "funeral_waiver", &v, &label, NULL, NULL, err);
    if (found < 0)
        return -1;
    if (!found)
        snprintf(basis, 400, "死亡前一日（%s）不在登记库的家庭中，或政策未规定减免对象：不予减免", day);
    else if (v)
        snprintf(basis, 400, "符合“%s”（按死亡前一日 %s 的家庭情况）：免除基本殡葬服务费用", label,
                 day);
    else
        snprintf(basis, 400, "不符合“%s”（按死亡前一日 %s 的家庭情况）：基本殡葬服务费用不予减免",
                 label, day);
    *eligible = found > 0 && v;
    return 0;
}

/* ---- checks shared by cremation and placement ---------------------------- */

static int died_on(const struct funeral_env *env, int64_t person_id, mz_date *died,
                   struct person_row *p, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    int found = rs_person_get(db, person_id, p, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "unknown_person", "人员 %" PRId64 " 不存在", person_id);
    char value[32];
    found = rs_fact_asof(db, "person", person_id, "death", date_today(), NULL, value, sizeof value,
                         err);
    if (found < 0)
        return -1;
    if (!found)
        return mz_fail_field(err, "person_id", "not_dead",
                             "%s（%s）没有死亡登记：须凭死亡证明办理（《殡葬管理条例》第十三条）",
                             p->name, p->id_masked);
    *died = date_parse(value);
    return 0;
}

static int licensed(const struct facility_row *f, mz_date day, struct mz_err *err)
{
    const char *state = fun_licence_state(f->licence_no, f->licence_until, day);
    if (strcmp(state, "none") == 0 || strcmp(state, "expired") == 0)
        return mz_fail_field(err, "facility_id", "unlicensed",
                             "%s的批准文件%s，不得开展业务（《殡葬管理条例》第八条）", f->name,
                             strcmp(state, "none") == 0 ? "未登记" : "已过期");
    return 0;
}

struct prices {
    struct price_row *v;
    size_t n, cap;
};

static int take_price(void *ctx, const struct price_row *p)
{
    struct prices *x = ctx;
    if (mz_grow(&x->v, &x->cap, x->n + 1, sizeof *x->v) < 0)
        return 1;
    x->v[x->n++] = *p;
    return 0;
}

static int audit(const struct funeral_env *env, const char *actor, const char *action,
                 int64_t person_id, const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, person_id);
    struct audit_event ev = {actor, action, "person", key, NULL, NULL, detail};
    return audit_append(reg_db(env->reg), reg_vault(env->reg), &ev, err);
}

/* ---- cremation ---------------------------------------------------------- */

/* One "service" or "service*qty" of the list. */
static int one_service(const char *text, char name[96], int *qty, struct mz_err *err)
{
    const char *star = strstr(text, "*");
    const char *times = strstr(text, "×");
    const char *cut = star ? star : times;
    size_t len = cut ? (size_t)(cut - text) : strlen(text);
    while (len && text[len - 1] == ' ')
        len--;
    while (len && *text == ' ')
        text++, len--;
    if (!len || len >= 96)
        return mz_fail_field(err, "services", "invalid_value", "服务项目为空或过长");
    snprintf(name, 96, "%.*s", (int)len, text);
    *qty = 1;
    if (cut) {
        const char *n = cut + (star ? 1 : strlen("×"));
        int q = 0, k = 0;
        while (n[k] >= '0' && n[k] <= '9' && q < 1000)
            q = q * 10 + (n[k++] - '0');
        if (!k || n[k] || q < 1 || q > 365)
            return mz_fail_field(err, "services", "invalid_value", "“%s”的数量应为1至365的整数", name);
        *qty = q;
    }
    return 0;
}

/* The list with its separators (，、 as well as ,) made ",". */
static void normalise_list(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    while (*in && n + 1 < cap) {
        if (strncmp(in, "，", strlen("，")) == 0 || strncmp(in, "、", strlen("、")) == 0) {
            out[n++] = ',';
            in += strlen("，");
        } else {
            out[n++] = *in++;
        }
    }
    out[n] = '\0';
}

int fun_cremate(const struct funeral_env *env, const struct fun_cremation_in *in,
                struct fun_cremation_out *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct db *db = reg_db(env->reg);
    struct person_row p;
    mz_date died;
    if (died_on(env, in->person_id, &died, &p, err) < 0)
        return -1;
    if (in->day == MZ_DATE_NONE || date_check(in->day, date_today(), "date", "火化日期", err) < 0)
        return err->code[0] ? -1 : mz_fail_field(err, "date", "invalid_value", "火化日期应为 YYYY-MM-DD");
    if (in->day < died)
        return mz_fail_field(err, "date", "invalid_value", "火化日期早于死亡日期");
    struct facility_row f;
    int found = fs_facility_get(db, in->facility_id, &f, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "facility_id", "not_found", "殡仪馆不存在");
    if (strcmp(f.kind, "funeral_home") != 0)
        return mz_fail_field(err, "facility_id", "wrong_kind", "%s是%s，火化须在殡仪馆", f.name,
                             fun_kind_label(f.kind));
    if (licensed(&f, in->day, err) < 0)
        return -1;
    if (!in->services || !*in->services)
        return mz_fail_field(err, "services", "missing_field", "请填写所提供的服务项目");
    if (text_check(in->services, "services", "服务项目", 200, TEXT_LINE, err) < 0)
        return -1;
    struct prices list = {0};
    int rc = fs_prices_of(db, f.id, take_price, &list, err);
    if (rc > 0)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    bool eligible = false;
    if (rc == 0)
        rc = fun_waiver_eligible(env, in->person_id, died, &eligible, out->basis, err);
    int64_t cap = 0;
    char division[13] = "";
    snprintf(division, sizeof division, "%s", f.division);
    if (env->set)
        pol_param_lookup(env->set, "funeral_urn_cap", division, 0, died, &cap);
    struct cremation_row c = {.person_id = in->person_id, .facility_id = f.id};
    size_t len = 0;
    char items[400];
    normalise_list(in->services, items, sizeof items);
    char *save = NULL;
    for (char *t = strtok_r(items, ",", &save); rc == 0 && t; t = strtok_r(NULL, ",", &save)) {
        char name[96];
        int qty;
        if ((rc = one_service(t, name, &qty, err)) < 0)
            break;
        const struct price_row *pr = NULL;
        for (size_t i = 0; i < list.n && !pr; i++)
            if (strcmp(list.v[i].service, name) == 0)
                pr = &list.v[i];
        if (!pr) {
            rc = mz_fail_field(err, "services", "not_listed",
                               "“%s”不在%s公布的收费清单中，清单外不得收费（《殡葬管理条例》2026年修订："
                               "殡葬服务收费实行清单管理；条文号未核实）",
                               name, f.name);
            break;
        }
        int64_t fee = pr->price * qty, waive = 0;
        if (eligible && pr->basic)
            waive = strcmp(name, "骨灰盒") == 0 && cap > 0 && fee > cap ? cap : fee;
        c.fees += fee;
        c.waived += waive;
        char yuan[32];
        pay_yuan(fee, yuan);
        if (len < sizeof c.services)
            len += (size_t)snprintf(c.services + len, sizeof c.services - len, "%s%s×%d %s元%s",
                                    len ? "；" : "", name, qty, yuan, waive ? "（减免）" : "");
    }
    text_utf8_trim(c.services);
    mz_free(list.v);
    if (rc < 0)
        return -1;
    date_format(in->day, c.cremated_on);
    snprintf(c.waiver_basis, sizeof c.waiver_basis, "%s", out->basis);
    snprintf(c.policy_version, sizeof c.policy_version, "%s", env->set ? pol_version(env->set) : "");
    snprintf(c.recorded_by, sizeof c.recorded_by, "%s", in->actor);
    int y, m, d, seq;
    date_to_ymd(in->day, &y, &m, &d);
    char fee[32], waived[32], detail[200];
    pay_yuan(c.fees, fee);
    pay_yuan(c.waived, waived);
    rc = db_begin(db, err);
    if (rc == 0)
        rc = fs_cremation_next(db, f.id, y, &seq, err);
    if (rc == 0) {
        snprintf(c.cert_no, sizeof c.cert_no, "%.30s-%04d-%06d", f.code, y, seq);
        rc = fs_cremation_insert(db, &c, err);
    }
    snprintf(detail, sizeof detail, "火化 %s，费用 %s 元，减免 %s 元", c.cert_no, fee, waived);
    if (rc == 0)
        rc = audit(env, in->actor, "funeral.cremate", in->person_id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        if (strstr(err->msg, "UNIQUE") && strstr(err->msg, "person_id"))
            mz_fail_field(err, "person_id", "conflict", "%s已有火化登记", p.name);
        return -1;
    }
    out->id = c.id;
    snprintf(out->cert_no, sizeof out->cert_no, "%s", c.cert_no);
    out->fees = c.fees;
    out->waived = c.waived;
    return 0;
}

/* ---- the ashes --------------------------------------------------------- */

/* Where each method is done: a cemetery, a columbarium (or the funeral
 * home's storage), or no facility (海葬). */
static const char *place_of(const char *method)
{
    if (strcmp(method, "海葬") == 0)
        return "";
    if (strcmp(method, "骨灰寄存") == 0)
        return "columbarium";
    return "cemetery";
}

int fun_place(const struct funeral_env *env, const struct fun_placement_in *in, int64_t *id,
              int64_t *reward, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct person_row p;
    mz_date died;
    *reward = 0;
    if (died_on(env, in->person_id, &died, &p, err) < 0)
        return -1;
    if (in->day == MZ_DATE_NONE || date_check(in->day, date_today(), "date", "安放日期", err) < 0)
        return err->code[0] ? -1 : mz_fail_field(err, "date", "invalid_value", "安放日期应为 YYYY-MM-DD");
    if (in->day < died)
        return mz_fail_field(err, "date", "invalid_value", "安放日期早于死亡日期");
    const struct var_def *v = var_find("burial_method");
    char method[24];
    if (!in->method || !v || var_canonical(v, in->method, method, sizeof method, err) < 0) {
        snprintf(err->field, sizeof err->field, "method");
        return err->code[0] ? -1 : mz_fail_field(err, "method", "invalid_value", "请选择安葬方式");
    }
    if (text_check(in->plot, "plot", "墓位或格位", 30, TEXT_LINE, err) < 0)
        return -1;
    const char *want = place_of(method);
    struct facility_row f = {0};
    if (*want) {
        int found = in->facility_id ? fs_facility_get(db, in->facility_id, &f, err) : 0;
        if (found < 0)
            return -1;
        if (!found)
            return mz_fail_field(err, "facility_id", "missing_field", "%s须选择%s", method,
                                 fun_kind_label(want));
        bool ok = strcmp(f.kind, want) == 0 ||
                  (strcmp(method, "骨灰寄存") == 0 && strcmp(f.kind, "funeral_home") == 0);
        if (!ok)
            return mz_fail_field(err, "facility_id", "wrong_kind", "%s是%s，不能办理%s", f.name,
                                 fun_kind_label(f.kind), method);
        if (licensed(&f, in->day, err) < 0)
            return -1;
        if (f.capacity > 0 && f.placements >= f.capacity)
            return mz_fail_field(err, "facility_id", "no_capacity", "%s的%" PRId64 " 个%s已满", f.name,
                                 f.capacity, strcmp(f.kind, "cemetery") == 0 ? "墓位" : "格位");
    }
    char day[11], source[64];
    date_format(in->day, day);
    snprintf(source, sizeof source, "funeral:%.40s", *want ? f.code : "海葬");
    struct reg_fact_in fact = {NULL, NULL, "burial_method", method, day, source};
    enum put_result res;
    struct placement_row pl = {.person_id = in->person_id, .facility_id = *want ? f.id : 0};
    snprintf(pl.placed_on, sizeof pl.placed_on, "%s", day);
    snprintf(pl.method, sizeof pl.method, "%s", method);
    snprintf(pl.plot, sizeof pl.plot, "%s", in->plot ? in->plot : "");
    snprintf(pl.policy_version, sizeof pl.policy_version, "%s", env->set ? pol_version(env->set) : "");
    snprintf(pl.recorded_by, sizeof pl.recorded_by, "%s", in->actor);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = reg_person_fact_put(env->reg, in->person_id, &fact, &res, err);
    int64_t eco = 0;
    const char *label;
    char division[13] = "";
    bool rural = false;
    if (rc == 0)
        rc = person_value(env, in->person_id, in->day, "eco_burial", &eco, &label, division, &rural,
                          err) < 0
                 ? -1
                 : 0;
    if (rc == 0 && eco && env->set)
        pol_param_lookup(env->set, "eco_burial_reward", division, rural, in->day, &pl.reward);
    if (rc == 0)
        rc = fs_placement_insert(db, &pl, err);
    char fen[32], detail[400];
    pay_yuan(pl.reward, fen);
    snprintf(detail, sizeof detail, "%s%s%s，奖补 %s 元", method, *want ? "：" : "",
             *want ? f.name : "", fen);
    if (rc == 0)
        rc = audit(env, in->actor, "funeral.place", in->person_id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        if (strstr(err->msg, "UNIQUE"))
            mz_fail_field(err, "person_id", "conflict", "%s已有骨灰安放登记", p.name);
        return -1;
    }
    *id = pl.id;
    *reward = pl.reward;
    return 0;
}
