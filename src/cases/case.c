/* The case engine (case.h): reads the procedure tables, checks a step
 * against them, computes deadlines on the calendar, draws the county spot
 * check, stores the decision's explanation, and writes every change with
 * its audit entry in one transaction. */
#include "cases/case.h"
#include "cases/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "crypto/sm.h"
#include "io/file.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/regstore.h"

/* ---- helpers ----------------------------------------------------------- */

bool case_needs_county_visit(const struct case_row *c)
{
    return c->staff_relative || c->spot_checked == 1;
}

static void day_text(mz_date d, char out[11])
{
    if (d == MZ_DATE_NONE)
        strcpy(out, "—");
    else
        date_format(d, out);
}

/* The day `n` units after `from` (the day itself not counted). */
static int add_limit(const struct cal *cal, mz_date from, int n, enum proc_unit unit,
                     mz_date *out, struct mz_err *err)
{
    if (unit == UNIT_DAYS) {
        *out = from + n;
        return 0;
    }
    return cal_add_working_days(cal, from, n, out, err);
}

int case_limit(const struct case_env *env, const struct proc_limit *l, const char *division,
               mz_date on, int *n, struct mz_err *err)
{
    *n = 0;
    if (!l->param)
        return 0;
    if (!env->policies)
        return mz_fail(err, "no_policies", "办理时限写在政策文件中，须加载政策文件（--policies）");
    int64_t v = 0;
    char day[11];
    date_format(on, day);
    if (!pol_param_lookup(env->policies, l->param, division, 0, on, &v))
        return mz_fail(err, "no_limit", "政策文件中没有办理时限参数 %s", l->param);
    if (v <= 0 || v > 365)
        return mz_fail(err, "no_limit", "办理时限参数 %s 在 %s（区划 %s）没有生效的取值", l->param,
                       day, division);
    *n = (int)v;
    return 0;
}

int case_limit_end(const struct case_env *env, const struct proc_limit *l, const char *division,
                   mz_date from, mz_date *out, struct mz_err *err)
{
    int n;
    *out = MZ_DATE_NONE;
    if (case_limit(env, l, division, from, &n, err) < 0)
        return -1;
    return n ? add_limit(env->cal, from, n, l->unit, out, err) : 0;
}

/* The day limit l runs out when it starts on `from`, for case c. */
static int limit_end(const struct case_env *env, const struct proc_limit *l,
                     const struct case_row *c, mz_date from, mz_date *out, struct mz_err *err)
{
    return case_limit_end(env, l, c->division, from, out, err);
}

/* Units from `from` to `to` (negative when to is earlier). */
static int count_limit(const struct cal *cal, mz_date from, mz_date to, enum proc_unit unit,
                       int *out, struct mz_err *err)
{
    if (unit == UNIT_DAYS) {
        *out = to - from;
        return 0;
    }
    return cal_working_days_between(cal, from, to, out, err);
}

/* Canonical text of a case for the audit digests: no personal data. */
static void canon(const struct case_row *c, char *buf, size_t cap)
{
    char acc[11], dl[11], due[11];
    day_text(c->accepted_on, acc);
    day_text(c->deadline, dl);
    day_text(c->state_due, due);
    snprintf(buf, cap,
             "type=%s;household=%" PRId64 ";applicant=%" PRId64 ";state=%s;staff_relative=%d;"
             "spot=%d;accepted=%s;deadline=%s;state_due=%s;extended=%s",
             c->type, c->household_id, c->applicant_id, c->state, c->staff_relative,
             c->spot_checked, acc, dl, due, c->extend_reason);
}

int case_audit(const struct case_env *env, const char *actor, const char *action,
               const struct case_row *before, const struct case_row *after, const char *detail,
               struct mz_err *err)
{
    char id[24], b[TEXT_BYTES(TEXT_MAX_NOTE) + 256], a[TEXT_BYTES(TEXT_MAX_NOTE) + 256];
    snprintf(id, sizeof id, "%" PRId64, after->id);
    if (before)
        canon(before, b, sizeof b);
    canon(after, a, sizeof a);
    struct audit_event ev = {actor, action, "case", id, before ? b : NULL, a, detail};
    return audit_append(reg_db(env->reg), reg_vault(env->reg), &ev, err);
}

/* Fails if the applicant has a death on record in force on `day`. */
static int check_alive(const struct case_env *env, int64_t person_id, mz_date day,
                       const char *what, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    char died[32];
    int found = rs_fact_asof(db, "person", person_id, "death", day, NULL, died, sizeof died, err);
    if (found <= 0)
        return found;
    struct person_row p;
    if (rs_person_get(db, person_id, &p, err) < 0)
        return -1;
    return mz_fail(err, "applicant_deceased",
                   "申请人%s（%s）已于 %s 死亡（登记事实 death），不能办理“%s”；"
                   "请以 close 终止本案（写明理由），家庭其他成员可另行申请",
                   p.name, p.id_masked, died, what);
}

/* ---- opening ----------------------------------------------------------- */

static void list_types(char *buf, size_t cap)
{
    size_t n, len = 0;
    const struct procedure *all = proc_all(&n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++) {
        int w = snprintf(buf + len, cap - len, "%s%s（%s）", i ? "、" : "", all[i].type,
                         all[i].label);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

static int first_member(void *ctx, const struct member_row *m)
{
    *(int64_t *)ctx = m->person_id;
    return 1;
}

/* The applicant: the person with ID number `id_number`, who must belong to
 * the household, or the head of the household on `day`. */
static int find_applicant(const struct case_env *env, const struct household_row *h,
                          const char *id_number, mz_date day, int64_t *person_id,
                          struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    char d[11];
    date_format(day, d);
    if (!id_number) {
        *person_id = 0;
        if (rs_scan_members(db, day, h->id, first_member, person_id, err) < 0)
            return -1;
        if (!*person_id)
            return mz_fail(err, "empty_household", "户编号 %s 在 %s 没有成员，无法确定申请人",
                           h->hh_no, d);
        return 0;
    }
    /* Not registered and registered in another household answer alike: the
     * caller learns nothing of a number outside the household. */
    int found = reg_person_find(env->reg, id_number, person_id, err);
    int64_t hh = 0;
    char relation[32], masked[19];
    mz_date from;
    if (found > 0)
        found = rs_membership_current(db, *person_id, &hh, relation, &from, err);
    if (found < 0)
        return -1;
    idcard_mask(id_number, masked);
    if (!found || hh != h->id)
        return mz_fail_field(err, "applicant", "not_member",
                             "申请人 %s 不是户 %s 的成员，或不在人口登记中", masked, h->hh_no);
    return 0;
}

void case_new(const struct procedure *p, int64_t household_id, int64_t applicant_id,
              const char *division, const char *actor, mz_date day, struct case_row *c,
              struct step_row *s)
{
    *c = (struct case_row){.household_id = household_id,
                           .applicant_id = applicant_id,
                           .spot_checked = -1,
                           .spot_ordinal = -1,
                           .opened_on = day,
                           .accepted_on = MZ_DATE_NONE,
                           .deadline = MZ_DATE_NONE,
                           .state_since = day,
                           .state_due = MZ_DATE_NONE,
                           .closed_on = MZ_DATE_NONE};
    snprintf(c->type, sizeof c->type, "%s", p->type);
    snprintf(c->division, sizeof c->division, "%s", division);
    snprintf(c->state, sizeof c->state, "%s", p->states[0].name);
    *s = (struct step_row){.day = day};
    snprintf(s->action, sizeof s->action, "open");
    snprintf(s->to_state, sizeof s->to_state, "%s", c->state);
    snprintf(s->actor, sizeof s->actor, "%s", actor);
}

int case_input_check(mz_date day, const char *reason, const char *note, struct mz_err *err)
{
    return date_check(day, date_today(), "date", "办理日期", err) < 0 ||
                   text_check(reason, "reason", "理由", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0 ||
                   text_check(note, "note", "备注", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0
               ? -1
               : 0;
}

/* case_open_tx, with how it was applied for (app, may be NULL) and by
 * whom (applicant_person, 0: in->applicant). */
static int open_tx(const struct case_env *env, const struct case_open_in *in,
                   const struct case_application *app, int64_t applicant_person, int64_t *id,
                   struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    if (case_input_check(in->day, NULL, in->note, err) < 0)
        return -1;
    const struct procedure *p = proc_find(in->type);
    if (!p) {
        char types[1024];
        list_types(types, sizeof types);
        return mz_fail_field(err, "type", "unknown_type", "未知的申请类型“%s”；可选：%s",
                             in->type, types);
    }
    if (p->is_contest)
        return mz_fail_field(err, "type", "contest_type",
                             "“%s”须针对已作出的决定提出：mz case open %s --of 案件号 --reason 理由",
                             p->label, p->type);
    struct household_row h;
    int found = rs_household_by_no(db, in->household_no, &h, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "household", "not_found", "户编号 %s 不存在",
                                         in->household_no);
    struct case_row c;
    struct step_row s;
    int64_t applicant;
    if (applicant_person) {
        int64_t hh = 0;
        char relation[32];
        mz_date from;
        int member = rs_membership_current(db, applicant_person, &hh, relation, &from, err);
        if (member < 0)
            return -1;
        if (!member || hh != h.id)
            return mz_fail_field(err, "applicant", "not_member", "申请人不是户 %s 的成员",
                                 h.hh_no);
        applicant = applicant_person;
    } else if (find_applicant(env, &h, in->applicant, in->day, &applicant, err) < 0) {
        return -1;
    }
    if (check_alive(env, applicant, in->day, "申请", err) < 0)
        return -1;
    case_new(p, h.id, applicant, h.division, in->actor, in->day, &c, &s);
    c.staff_relative = in->staff_relative;
    snprintf(s.note, sizeof s.note, "%s%s%s", in->staff_relative ? "近亲属备案" : "",
             in->staff_relative && in->note ? "；" : "", in->note ? in->note : "");
    if (app && case_application_note(app, s.note, sizeof s.note, err) < 0)
        return -1;
    if (cs_case_insert(db, &c, err) < 0 || cs_step_insert(db, c.id, &s, err) < 0 ||
        (app && case_application_record(env, c.id, app, in->actor, err) < 0) ||
        case_audit(env, in->actor, "case.open", NULL, &c, p->label, err) < 0)
        return -1;
    *id = c.id;
    return 0;
}

int case_open_tx(const struct case_env *env, const struct case_open_in *in, int64_t *id,
                 struct mz_err *err)
{
    return open_tx(env, in, NULL, 0, id, err);
}

int case_apply(const struct case_env *env, const struct case_open_in *in,
               const struct case_application *app, int64_t applicant_person, int64_t *id,
               struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    if (db_begin(db, err) < 0)
        return -1;
    if (open_tx(env, in, app, applicant_person, id, err) < 0 || db_commit(db, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

int case_open(const struct case_env *env, const struct case_open_in *in, int64_t *id,
              struct mz_err *err)
{
    return case_apply(env, in, NULL, 0, id, err);
}

int case_get(const struct case_env *env, int64_t id, struct case_row *out, struct mz_err *err)
{
    int found = cs_case_get(reg_db(env->reg), id, out, err);
    if (found == 0)
        mz_fail(err, "not_found", "案件 %" PRId64 " 不存在", id);
    return found;
}

/* ---- checks of one step ------------------------------------------------ */

static const struct proc_transition *find_transition(const struct procedure *p,
                                                     const struct case_row *c,
                                                     const char *action, struct mz_err *err)
{
    bool visit = case_needs_county_visit(c), guarded;
    const struct proc_transition *t = proc_transition(p, c->state, action, visit, &guarded);
    if (t)
        return t;
    char allowed[1024];
    proc_allowed(p, c->state, visit, allowed, sizeof allowed);
    const struct proc_state *s = proc_state(p, c->state);
    const char *label = s ? s->label : c->state;
    if (guarded && visit)
        mz_fail(err, "county_visit_required",
                "本案%s，须先经区县入户核查（county_visit），不能跳过；当前状态“%s”可办理：%s",
                c->staff_relative ? "为近亲属备案案件" : "被抽中区县抽查", label, allowed);
    else if (guarded)
        mz_fail(err, "invalid_action", "本案无须区县入户核查，不能办理“%s”；当前状态“%s”可办理：%s",
                action, label, allowed);
    else
        mz_fail(err, "invalid_action", "当前状态“%s”不能办理“%s”；可办理：%s", label, action,
                allowed);
    return NULL;
}

/* Counts the uploads of a case no step has used yet. */
static int count_unused_upload(void *ctx, const struct attach_row *a)
{
    if (!a->step_id && a->stored)
        ++*(int *)ctx;
    return 0;
}

static int check_step(const struct case_env *env, const struct procedure *p,
                      const struct case_row *c, const struct proc_transition *t,
                      const struct case_step_in *in, struct mz_err *err)
{
    char as[40];
    snprintf(as, sizeof as, "%s:", in->role ? in->role : "");
    enum proc_role who = proc_role_of(in->role ? as : in->actor);
    if (t->role != PROC_ROLE_ANY && who != t->role)
        return mz_fail_field(err, "actor", "wrong_role",
                             "“%s”须由%s办理（以该角色的账户：--as 账户名），办理人“%s”不是",
                             t->label, proc_role_label(t->role), in->actor);
    if (case_input_check(in->day, in->reason, in->note, err) < 0)
        return -1;
    if ((t->flags & PF_REASON) && (!in->reason || !in->reason[0]))
        return mz_fail_field(err, "reason", "reason_required", "“%s”须写明理由",
                             t->label);
    int uploads = 0;
    if ((t->flags & PF_ATTACH) && in->nattachments == 0 &&
        cs_case_attachments(reg_db(env->reg), c->id, count_unused_upload, &uploads, err) < 0)
        return -1;
    if ((t->flags & PF_ATTACH) && in->nattachments == 0 && uploads == 0)
        return mz_fail_field(err, "attach", "attachment_required",
                             "“%s”须附材料：先上传材料，或 --attach 文件", t->label);
    char d[11], since[11];
    date_format(in->day, d);
    date_format(c->state_since, since);
    if (in->day < c->state_since)
        return mz_fail_field(err, "date", "date_order", "办理日期 %s 早于上一步（%s）", d, since);
    const struct proc_state *s = proc_state(p, c->state);
    if ((t->flags & PF_WAIT) && s && s->minimum.param) {
        int n;
        mz_date last;
        if (case_limit(env, &s->minimum, c->division, c->state_since, &n, err) < 0 ||
            add_limit(env->cal, c->state_since, n, s->minimum.unit, &last, err) < 0)
            return -1;
        if (in->day <= last) {
            char end[11], next[11];
            date_format(last, end);
            date_format(last + 1, next);
            return mz_fail_field(err, "date", "period_running",
                                 "“%s”须满 %d 个%s（%s 开始，%s 期满），%s 起方可办理“%s”，"
                                 "办理日期为 %s",
                                 s->label, n, proc_unit_label(s->minimum.unit), since,
                                 end, next, t->label, d);
        }
    }
    if (!(t->flags & PF_AFTER_DEATH))
        return check_alive(env, c->applicant_id, in->day, t->label, err);
    return 0;
}

/* ---- the spot check ---------------------------------------------------- */

/* Draws whether c is spot-checked: systematic sampling over the county's
 * cases of the type in the order they reach the county, from an offset
 * derived from the database's seed (meta cases.spot_seed, created once),
 * so exactly spot_percent of every 100 consecutive cases are drawn and the
 * draw can be replayed. Runs inside the step's transaction. */
static int spot_draw(struct db *db, const struct procedure *p, struct case_row *c, char *note,
                     size_t cap, struct mz_err *err)
{
    char seed[65];
    int found = cs_meta_get(db, "cases.spot_seed", seed, sizeof seed, err);
    if (found < 0)
        return -1;
    if (!found) {
        unsigned char raw[16];
        if (sm_random(raw, sizeof raw) < 0)
            return mz_fail(err, "random", "无法生成抽查种子");
        for (size_t i = 0; i < sizeof raw; i++)
            snprintf(seed + 2 * i, 3, "%02x", raw[i]);
        if (cs_meta_put(db, "cases.spot_seed", seed, err) < 0)
            return -1;
    }
    char county[7], material[128];
    snprintf(county, sizeof county, "%.6s", c->division);
    int64_t n;
    if (cs_spot_count(db, c->type, county, &n, err) < 0)
        return -1;
    snprintf(material, sizeof material, "%s:%s:%s", seed, c->type, county);
    unsigned char dg[SM3_LEN];
    if (sm3_digest(material, strlen(material), dg) < 0)
        return mz_fail(err, "sm3", "SM3 计算失败");
    int64_t offset = ((dg[0] << 8) | dg[1]) % 100, pct = p->spot_percent;
    c->spot_ordinal = n;
    c->spot_checked = (n + 1 + offset) * pct / 100 > (n + offset) * pct / 100;
    size_t len = strlen(note);
    snprintf(note + len, cap - len, "%s区县抽查（比例 %d%%）：本区县第 %" PRId64 " 件，%s（种子 %.8s…）",
             len ? "；" : "", p->spot_percent, n + 1, c->spot_checked ? "抽中" : "未抽中", seed);
    return 0;
}

/* ---- decisions --------------------------------------------------------- */

static int append_text(char **buf, size_t *len, size_t *cap, const char *s, struct mz_err *err)
{
    size_t n = strlen(s);
    if (mz_grow(buf, cap, *len + n + 1, 1) < 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    memcpy(*buf + *len, s, n + 1);
    *len += n;
    return 0;
}

/* Index of the applicant among the household's members in the snapshot. */
static int member_of(const struct pol_snapshot *snap, const int64_t *person_ids, int64_t person)
{
    for (size_t i = snap->member_start[0]; i < snap->member_start[1]; i++)
        if (person_ids[i] == person)
            return (int)(i - snap->member_start[0]);
    return -1;
}

int case_explain(const struct case_env *env, const struct procedure *p, const struct case_row *c,
                 mz_date day, const char *known_at, struct decision_row *d, unsigned *eligible,
                 struct mz_err *err)
{
    const struct pol_set *set = env->policies;
    if (!set)
        return mz_fail(err, "no_policies", "作出决定须加载政策文件（--policies）");
    struct snap_request req = {.as_of = day, .known_at = known_at,
                               .household_id = c->household_id};
    int64_t *pids = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(env->reg), set, &req, &pids, err);
    if (!snap)
        return -1;
    size_t len = 0, cap = 0;
    int rc = 0;
    if (snap->nhouseholds != 1)
        rc = mz_fail(err, "empty_household", "本案家庭在决定日没有成员，无法评估");
    int member = rc ? -1 : member_of(snap, pids, c->applicant_id);
    char programs[128];
    snprintf(programs, sizeof programs, "%s", p->programs);
    if (eligible)
        *eligible = 0;
    unsigned bit = 1;
    for (char *save, *name = strtok_r(programs, ",", &save); rc == 0 && name;
         name = strtok_r(NULL, ",", &save), bit <<= 1) {
        int idx = pol_program_find(set, name);
        if (idx < 0) {
            rc = mz_fail(err, "no_program", "政策文件中没有项目 %s", name);
            break;
        }
        struct pol_explanation *ex = pol_explain(set, snap, 0, idx, day, err);
        if (!ex) {
            rc = -1;
            break;
        }
        int m = pol_program_entity(set, idx) == POL_PERSON ? member : -1;
        if (pol_explanation_eligible(ex, idx, m)) {
            d->engine_eligible = 1;
            d->engine_amount += pol_explanation_amount(ex, idx, m);
            if (eligible)
                *eligible |= bit;
        }
        rc = append_text(&d->explanation, &len, &cap, pol_explanation_text(ex), err);
        pol_explanation_free(ex);
    }
    if (rc == 0 && !d->explanation)
        rc = append_text(&d->explanation, &len, &cap, "", err);
    snprintf(d->policy_version, sizeof d->policy_version, "%s", pol_version(set));
    d->as_of = day;
    mz_free(pids);
    pol_snapshot_free(snap);
    return rc;
}

bool case_awaits_decision(const struct case_row *c)
{
    const struct procedure *p = proc_find(c->type);
    const struct proc_transition *next[32];
    size_t n =
        p && !p->is_contest ? proc_next(p, c->state, case_needs_county_visit(c), next, 32) : 0;
    for (size_t i = 0; i < n; i++)
        if (next[i]->flags & PF_APPROVE)
            return true;
    return false;
}

int case_assess(const struct case_env *env, int64_t id, mz_date day, struct decision_row *out,
                struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct case_row c;
    if (case_get(env, id, &c, err) <= 0)
        return -1;
    const struct procedure *p = proc_find(c.type);
    if (!p || !p->programs[0])
        return mz_fail(err, "no_programs", "案件 %" PRId64 " 的类型 %s 不由政策评估", id, c.type);
    if (case_explain(env, p, &c, day, NULL, out, NULL, err) < 0) {
        mz_free(out->explanation);
        out->explanation = NULL;
        return -1;
    }
    return 0;
}

/* ---- attachments ------------------------------------------------------- */

static int hash_file(const char *path, struct attach_row *a, struct mz_err *err)
{
    char *data;
    size_t n;
    if (io_read_file(path, "附件", &data, &n, err) < 0) {
        snprintf(err->field, sizeof err->field, "attach");
        return -1;
    }
    int rc = sm3_hex(data, n, a->sm3) < 0 ? mz_fail(err, "sm3", "SM3 计算失败") : 0;
    mz_free(data);
    if (rc < 0)
        return -1;
    const char *base = strrchr(path, '/');
    snprintf(a->name, sizeof a->name, "%s", base ? base + 1 : path);
    a->bytes = (int64_t)n;
    return 0;
}

/* ---- a step ------------------------------------------------------------ */

/* The case after t: new state with its own limit, acceptance, closing. */
static int advance(const struct case_env *env, const struct procedure *p,
                   const struct proc_transition *t, mz_date day, struct case_row *c,
                   struct mz_err *err)
{
    const struct proc_state *to = proc_state(p, t->to);
    snprintf(c->state, sizeof c->state, "%s", t->to);
    c->state_since = day;
    if (limit_end(env, &to->due, c, day, &c->state_due, err) < 0)
        return -1;
    if (t->flags & PF_ACCEPT) {
        c->accepted_on = day;
        if (limit_end(env, &p->total, c, day, &c->deadline, err) < 0)
            return -1;
    }
    if (to->is_final)
        c->closed_on = day;
    return 0;
}

/* Units past the time limit of the state being left, 0 if on time. */
static int lateness(const struct case_env *env, const struct procedure *p,
                    const struct case_row *c, mz_date day, int *late, struct mz_err *err)
{
    const struct proc_state *s = proc_state(p, c->state);
    *late = 0;
    if (!s || !s->due.param || c->state_due == MZ_DATE_NONE || day <= c->state_due)
        return 0;
    return count_limit(env->cal, c->state_due, day, s->due.unit, late, err);
}

/* Whether a case paid before its decision, in a step of its own (先行救助:
 * a paying step taken before 审核确认). */
struct paid_ctx {
    const struct procedure *p;
    bool paid;
};

static int paid_fn(void *ctx, const struct step_row *s)
{
    struct paid_ctx *k = ctx;
    for (size_t i = 0; i < k->p->ntransitions; i++)
        if (strcmp(k->p->transitions[i].action, s->action) == 0 &&
            (k->p->transitions[i].flags & PF_PAY))
            k->paid = true;
    return 0;
}

/* A one-off procedure (临时救助) pays the engine's amount once, in the
 * roll of the first program found eligible (or the procedure's first),
 * the month after the decision — unless it paid first (先行救助), or the
 * engine found nothing to pay. */
static int pay_once(const struct case_env *env, const struct procedure *decided, unsigned eligible,
                    const struct case_row *c, const struct decision_row *d, const char *actor,
                    struct mz_err *err)
{
    struct paid_ctx k = {decided, false};
    if (d->engine_amount <= 0)
        return 0;
    if (cs_steps(reg_db(env->reg), c->id, paid_fn, &k, err) < 0)
        return -1;
    if (k.paid)
        return 0;
    char programs[128];
    snprintf(programs, sizeof programs, "%s", decided->programs);
    char *save, *name = strtok_r(programs, ",", &save), *first = name;
    for (unsigned bit = 1; name && !(eligible & bit); bit <<= 1)
        name = strtok_r(NULL, ",", &save);
    int64_t id;
    return pay_enrol_once(env->reg, env->policies, c, name ? name : first, d->as_of,
                          d->engine_amount, actor, &id, err);
}

/* An approval (or a contest ruling that corrects a decision into one)
 * enrols the household (or applicant) in the monthly programs of the
 * decided procedure from the month after the decision's day: those the
 * engine found eligible, or the first one if it found none; a one-off
 * procedure pays once instead (pay_once). */
static int enrol_approved(const struct case_env *env, const struct procedure *decided,
                          unsigned eligible, const struct case_row *c,
                          const struct decision_row *d, const char *actor, struct mz_err *err)
{
    if (strcmp(d->outcome, "approve") != 0)
        return 0;
    if (decided->is_one_off)
        return pay_once(env, decided, eligible, c, d, actor, err);
    char programs[128];
    snprintf(programs, sizeof programs, "%s", decided->programs);
    unsigned bit = 1;
    for (char *save, *name = strtok_r(programs, ",", &save); name;
         name = strtok_r(NULL, ",", &save), bit <<= 1) {
        if (!(eligible & bit) && !(eligible == 0 && bit == 1))
            continue;
        int64_t id;
        bool added;
        if (pay_enrol_approved(env->reg, env->policies, c, name, d->as_of, actor, &id, &added,
                               err) < 0)
            return -1;
    }
    return 0;
}

/* Whether an approval goes against the engine's verdict. */
static bool approved_against(const struct proc_transition *t, const struct decision_row *d)
{
    return (t->flags & PF_APPROVE) && d && !d->engine_eligible;
}

/* An approval against the engine's verdict goes to supervision: a warning
 * of the policies' `when approved against engine` rule (none declared:
 * none raised) for the case's county, with the verdict and the reason,
 * inside the caller's transaction. */
static int raise_against(const struct case_env *env, const struct procedure *p,
                         const struct case_row *c, const struct step_row *s,
                         const struct decision_row *d, struct mz_err *err)
{
    const struct pol_warning *r =
        env->policies ? pol_warning_of_kind(env->policies, POL_WARN_APPROVED_AGAINST) : NULL;
    if (!r)
        return 0;
    struct db *db = reg_db(env->reg);
    struct ms_warning *w = mz_calloc(1, sizeof *w);
    if (!w)
        return mz_fail(err, "out_of_memory", "内存不足");
    char cond[96], day[11], first[32];
    snprintf(cond, sizeof cond, "%s|%" PRId64 "|0|case:%" PRId64, r->name, c->household_id, c->id);
    date_format(s->day, day);
    snprintf(first, sizeof first, "%s", p->programs);
    first[strcspn(first, ",")] = '\0';
    snprintf(w->rule, sizeof w->rule, "%s", r->name);
    snprintf(w->label, sizeof w->label, "%s", r->label);
    snprintf(w->severity, sizeof w->severity, "%s", r->severity);
    snprintf(w->program, sizeof w->program, "%s", first);
    w->household_id = c->household_id;
    snprintf(w->office, sizeof w->office, "%.6s", c->division);
    snprintf(w->raised_by, sizeof w->raised_by, "case:%" PRId64, c->id);
    snprintf(w->raised_on, sizeof w->raised_on, "%s", day);
    snprintf(w->evidence, sizeof w->evidence,
             "案件 %" PRId64
             "（%s）于 %s 由 %s 审核确认，系统评估为不符合条件。\n准予理由：%s%s%s\n%s",
             c->id, p->label, day, s->actor, s->reason, r->note[0] ? "\n" : "", r->note,
             d->explanation ? d->explanation : "");
    mz_date due;
    int rc = cal_add_working_days(env->cal, s->day, r->due_workdays, &due, err);
    if (rc == 0) {
        date_format(due, w->due);
        rc = ms_warning_add(db, w, cond, day, err);
    }
    char id[24];
    snprintf(id, sizeof id, "%" PRId64, w->id);
    struct audit_event ev = {.actor = w->raised_by,
                             .action = "warning.raise",
                             .entity = "warning",
                             .entity_id = id,
                             .after = cond,
                             .detail = r->name};
    if (rc == 0)
        rc = audit_append(db, reg_vault(env->reg), &ev, err);
    mz_free(w);
    return rc;
}

static int write_step(const struct case_env *env, const struct procedure *p,
                      const struct proc_transition *t, const struct case_row *before,
                      struct case_row *after, struct step_row *s,
                      const struct attach_row *attachments, int nattachments,
                      const struct decision_row *d, const struct procedure *decided,
                      unsigned eligible, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    if ((t->flags & PF_SPOT_DRAW) && p->spot_percent > 0 && after->spot_checked < 0 &&
        spot_draw(db, p, after, s->note, sizeof s->note, err) < 0)
        return -1;
    if (cs_case_update(db, after, err) < 0 || cs_step_insert(db, after->id, s, err) < 0)
        return -1;
    for (int i = 0; i < nattachments; i++) {
        struct attach_row a = attachments[i];
        a.case_id = after->id;
        a.step_id = s->id;
        if (cs_attach_insert(db, &a, NULL, 0, err) < 0)
            return -1;
    }
    int bound = 0; /* files uploaded to the case before this step are its material */
    if ((t->flags & PF_ATTACH) && cs_attach_bind(db, after->id, s->id, &bound, err) < 0)
        return -1;
    if (d && cs_decision_insert(db, s->id, after->id, d, err) < 0)
        return -1;
    if ((t->flags & (PF_APPROVE | PF_CORRECT)) &&
        enrol_approved(env, decided, eligible, after, d, s->actor, err) < 0)
        return -1;
    if (approved_against(t, d) && raise_against(env, p, after, s, d, err) < 0)
        return -1;
    if ((t->flags & PF_CORRECT) && strcmp(d->outcome, "reject") == 0) {
        char why[128];
        snprintf(why, sizeof why, "%s（案件 %" PRId64 "）变更原决定为不予确认", p->label, after->id);
        if (pay_enrol_stop_decided(env->reg, after, decided->programs, s->day, why, s->actor,
                                   err) < 0)
            return -1;
    }
    char detail[160];
    snprintf(detail, sizeof detail, "%s: %s → %s", s->action, s->from_state, s->to_state);
    return case_audit(env, s->actor, "case.step", before, after, detail, err);
}

/* A step, in its own transaction (own_tx) or the caller's. */
static int step(const struct case_env *env, int64_t id, const struct case_step_in *in, bool own_tx,
                struct mz_err *err)
{
    struct case_row c;
    if (case_get(env, id, &c, err) <= 0)
        return -1;
    const struct procedure *p = proc_find(c.type);
    if (!p)
        return mz_fail(err, "unknown_type", "案件 %" PRId64 " 的类型 %s 没有办理程序", id, c.type);
    const struct proc_transition *t = find_transition(p, &c, in->action, err);
    if (!t || check_step(env, p, &c, t, in, err) < 0)
        return -1;
    struct step_row s = {.day = in->day};
    snprintf(s.action, sizeof s.action, "%s", t->action);
    snprintf(s.from_state, sizeof s.from_state, "%s", c.state);
    snprintf(s.to_state, sizeof s.to_state, "%s", t->to);
    snprintf(s.actor, sizeof s.actor, "%s", in->actor);
    snprintf(s.reason, sizeof s.reason, "%s", in->reason ? in->reason : "");
    snprintf(s.note, sizeof s.note, "%s", in->note ? in->note : "");
    struct case_row after = c;
    if (lateness(env, p, &c, in->day, &s.late_days, err) < 0 ||
        advance(env, p, t, in->day, &after, err) < 0)
        return -1;
    int rc = 0;
    struct decision_row d = {0};
    const struct procedure *decided = p;
    unsigned eligible = 0;
    bool decides = t->flags & (PF_APPROVE | PF_REJECT | PF_UPHOLD | PF_CORRECT);
    if (t->flags & (PF_UPHOLD | PF_CORRECT)) {
        rc = contest_ruling(env, &c, t, &d, &decided, &eligible, err);
    } else if (decides) {
        snprintf(d.outcome, sizeof d.outcome, "%s", t->flags & PF_APPROVE ? "approve" : "reject");
        rc = case_explain(env, p, &c, in->day, NULL, &d, &eligible, err);
    }
    if (rc == 0 && approved_against(t, &d) && (!in->reason || !in->reason[0]))
        rc = mz_fail_field(err, "reason", "against_engine",
                           "系统评估本户不符合“%s”条件（见评估说明），准予须写明理由，"
                           "并将报送监督",
                           p->label);
    struct attach_row *atts = NULL;
    if (rc == 0 && in->nattachments > 0 &&
        !(atts = mz_calloc((size_t)in->nattachments, sizeof *atts)))
        rc = mz_fail(err, "out_of_memory", "内存不足");
    for (int i = 0; rc == 0 && i < in->nattachments; i++)
        rc = hash_file(in->attachments[i], &atts[i], err);
    struct db *db = reg_db(env->reg);
    if (rc == 0 && (!own_tx || (rc = db_begin(db, err)) == 0)) {
        rc = write_step(env, p, t, &c, &after, &s, atts, in->nattachments, decides ? &d : NULL,
                        decided, eligible, err);
        if (rc == 0 && own_tx)
            rc = db_commit(db, err);
        if (rc < 0 && own_tx)
            db_rollback(db);
    }
    mz_free(atts);
    mz_free(d.explanation);
    return rc;
}

int case_step(const struct case_env *env, int64_t id, const struct case_step_in *in,
              struct mz_err *err)
{
    return step(env, id, in, true, err);
}

int case_step_tx(const struct case_env *env, int64_t id, const struct case_step_in *in,
                 struct mz_err *err)
{
    return step(env, id, in, false, err);
}

int case_reassign_tx(const struct case_env *env, int64_t id, int64_t applicant, const char *actor,
                     const char *reason, mz_date day, struct mz_err *err)
{
    struct case_row c;
    if (case_get(env, id, &c, err) <= 0)
        return -1;
    if (c.closed_on != MZ_DATE_NONE)
        return mz_fail(err, "case_closed", "案件 %" PRId64 " 已办结", id);
    if (!reason || !*reason)
        return mz_fail_field(err, "reason", "reason_required", "变更申请人须写明理由");
    struct db *db = reg_db(env->reg);
    struct step_row s = {.day = day < c.state_since ? c.state_since : day};
    snprintf(s.action, sizeof s.action, "reassign");
    snprintf(s.from_state, sizeof s.from_state, "%s", c.state);
    snprintf(s.to_state, sizeof s.to_state, "%s", c.state);
    snprintf(s.actor, sizeof s.actor, "%s", actor);
    snprintf(s.reason, sizeof s.reason, "%s", reason);
    struct case_row after = c;
    after.applicant_id = applicant;
    char detail[96];
    snprintf(detail, sizeof detail, "reassign: %" PRId64 " → %" PRId64, c.applicant_id, applicant);
    if (cs_case_set_applicant(db, id, applicant, err) < 0 || cs_step_insert(db, id, &s, err) < 0)
        return -1;
    return case_audit(env, actor, "case.reassign", &c, &after, detail, err);
}

int case_extend(const struct case_env *env, int64_t id, const char *actor, const char *reason,
                mz_date day, struct mz_err *err)
{
    struct case_row c;
    if (case_get(env, id, &c, err) <= 0)
        return -1;
    const struct procedure *p = proc_find(c.type);
    if (!p)
        return mz_fail(err, "unknown_type", "案件 %" PRId64 " 的类型 %s 没有办理程序", id, c.type);
    if (!reason || !reason[0])
        return mz_fail_field(err, "reason", "reason_required", "延长办理期限须写明理由");
    if (case_input_check(day, reason, NULL, err) < 0)
        return -1;
    if (c.closed_on != MZ_DATE_NONE)
        return mz_fail(err, "case_closed", "案件 %" PRId64 " 已办结，不能延长期限", id);
    if (c.accepted_on == MZ_DATE_NONE)
        return mz_fail(err, "not_accepted", "案件 %" PRId64 " 尚未受理，没有办理期限可延长", id);
    if (c.extend_reason[0])
        return mz_fail(err, "already_extended",
                       "案件 %" PRId64 " 已延长过一次（理由：%s），办理期限只能延长一次", id,
                       c.extend_reason);
    if (day < c.state_since) {
        char d[11];
        date_format(day, d);
        return mz_fail_field(err, "date", "date_order", "办理日期 %s 早于上一步", d);
    }
    struct case_row after = c;
    snprintf(after.extend_reason, sizeof after.extend_reason, "%s", reason);
    int was, now;
    if (case_limit(env, &p->total, c.division, c.accepted_on, &was, err) < 0 ||
        case_limit(env, &p->extended, c.division, c.accepted_on, &now, err) < 0 ||
        limit_end(env, &p->extended, &c, c.accepted_on, &after.deadline, err) < 0)
        return -1;
    struct step_row s = {.day = day};
    snprintf(s.action, sizeof s.action, "extend");
    snprintf(s.from_state, sizeof s.from_state, "%s", c.state);
    snprintf(s.to_state, sizeof s.to_state, "%s", c.state);
    snprintf(s.actor, sizeof s.actor, "%s", actor);
    snprintf(s.reason, sizeof s.reason, "%s", reason);
    snprintf(s.note, sizeof s.note, "办理期限由 %d 个%s延长至 %d 个%s", was,
             proc_unit_label(p->total.unit), now, proc_unit_label(p->extended.unit));
    struct db *db = reg_db(env->reg);
    if (db_begin(db, err) < 0)
        return -1;
    if (cs_case_update(db, &after, err) < 0 || cs_step_insert(db, id, &s, err) < 0 ||
        case_audit(env, actor, "case.extend", &c, &after, reason, err) < 0 ||
        db_commit(db, err) < 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

/* ---- deadlines --------------------------------------------------------- */

static enum case_flag flag_for(mz_date today, mz_date due, int left)
{
    if (today > due)
        return CASE_OVERDUE;
    return left <= CASE_NEAR_DAYS ? CASE_NEAR : CASE_ON_TIME;
}

int case_status(const struct cal *cal, const struct case_row *c, mz_date today,
                struct case_status *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    if (c->closed_on != MZ_DATE_NONE)
        return 0;
    const struct procedure *p = proc_find(c->type);
    if (c->deadline != MZ_DATE_NONE && p && !proc_state_decided(p, c->state)) {
        if (count_limit(cal, today, c->deadline, p->total.unit, &out->days_left, err) < 0)
            return -1;
        out->flag = flag_for(today, c->deadline, out->days_left);
        out->provisional = cal_provisional(cal, c->accepted_on, c->deadline) ||
                           cal_provisional(cal, today, c->deadline);
    }
    const struct proc_state *s = p ? proc_state(p, c->state) : NULL;
    if (s && s->due.param && c->state_due != MZ_DATE_NONE) {
        out->step_unit = s->due.unit;
        if (count_limit(cal, today, c->state_due, s->due.unit, &out->step_left, err) < 0)
            return -1;
        out->step_flag = flag_for(today, c->state_due, out->step_left);
        out->step_provisional = s->due.unit != UNIT_DAYS &&
                                (cal_provisional(cal, c->state_since, c->state_due) ||
                                 cal_provisional(cal, today, c->state_due));
    }
    return 0;
}

const char *case_flag_label(enum case_flag flag)
{
    switch (flag) {
    case CASE_ON_TIME:
        return "正常";
    case CASE_NEAR:
        return "临近期限";
    case CASE_OVERDUE:
        return "已逾期";
    case CASE_NO_DEADLINE:
        break;
    }
    return "—";
}
