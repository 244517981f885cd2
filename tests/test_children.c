/* Child and disability welfare on a real database with hand-made
 * households: each 困境儿童 category from the registry facts that make it
 * (and the dated records kept when they change); a 事实无人抚养 case
 * through its two 15-working-day steps across the National Day holiday,
 * paid from the following month; the orphan standard following its anchor
 * (the 低保 standard) when the anchor is raised, simulated and then paid;
 * a 残联 level change giving the 护理补贴 arrears from the month it took
 * effect; 免申即享: a consenting person enrolled from the 残联 data from
 * the right month, nobody without consent; a 精康 referral of a person
 * with a serious mental disorder through its progress; a child not visited within the interval raising the overdue
 * warning, and a visit clearing it; bad visits refused naming the field;
 * a child-welfare institution refusing a child over its capacity, a move
 * between institutions and a leaving; an orphan's entitlements derived
 * from the facts and ending the day before the age limit; a 托养
 * placement enrolling the subsidy the policy decides, paid by a roll. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/calendar.h"
#include "cases/case.h"
#include "care/provider.h"
#include "children/entitle.h"
#include "children/institution.h"
#include "children/kunjing.h"
#include "children/visit.h"
#include "autogrant/autogrant.h"
#include "disability/rehab.h"
#include "disability/tuoyang.h"
#include "io/table.h"
#include "monitor/monitor.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "policy/reform.h"
#include "policy/snapload.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/institstore.h"
#include "store/paystore.h"
#include "store/regstore.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct mon_env env;
    struct case_env cases;
    int seq;
};

static const struct pay_unit YUZHONG = {.code = "500103", .prefixes = {"500103"}, .nprefixes = 1};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static pay_month M(const char *s)
{
    pay_month m;
    struct mz_err err = {0};
    assert_int_equal(pay_month_parse(s, &m, &err), 0);
    return m;
}

static void household(struct fixture *f, const char *no)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_household_in h = {no, "500103001003", "解放碑路1号", "城镇"};
    if (reg_household_put(f->reg, &h, D("2010-01-01"), &res, &err) < 0) fail_msg("%s", err.msg);
}

/* Adds a person born on birth (YYYYMMDD) to household hh; writes their
 * ID number into id (19 bytes) and returns it. */
static const char *person(struct fixture *f, const char *hh, const char *birth,
                          const char *relation, char id[19])
{
    char first[18];
    snprintf(first, sizeof first, "500103%s%03d", birth, ++f->seq);
    snprintf(id, 19, "%s%c", first, idcard_check_char(first));
    enum put_result res;
    struct mz_err err = {0};
    struct reg_person_in p = {.id_number = id, .name = "王小明", .hukou = "城镇",
                              .division = "500103001003", .household_no = hh,
                              .relation = relation};
    if (reg_person_put(f->reg, &p, D("2020-01-01"), &res, &err) < 0) fail_msg("%s", err.msg);
    return id;
}

static void fact(struct fixture *f, const char *id, const char *var, const char *value,
                 const char *effective)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_fact_in in = {id, NULL, var, value, effective, "test"};
    if (reg_fact_put(f->reg, &in, &res, &err) < 0) fail_msg("%s", err.msg);
}

static int64_t pid(struct fixture *f, const char *id)
{
    int64_t p;
    struct mz_err err = {0};
    assert_int_equal(reg_person_find(f->reg, id, &p, &err), 1);
    return p;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    setenv("MZ_TODAY", "2029-06-30", 1);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal,
                 &err) < 0)
        fail_msg("%s", err.msg);
    f->env = (struct mon_env){f->reg, f->set, f->cal};
    f->cases = (struct case_env){f->reg, f->cal, f->set};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pol_set_free(f->set);
    cal_free(f->cal);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

/* The categories of a child on day (all false if not one). */
static struct kj_child child_on(struct fixture *f, const char *id, const char *day)
{
    struct kj_child c = {0};
    bool found;
    struct mz_err err = {0};
    if (kj_get(f->reg, f->set, pid(f, id), D(day), &c, &found, &err) < 0)
        fail_msg("%s", err.msg);
    if (!found) memset(&c, 0, sizeof c);
    return c;
}

enum { ORPHAN, DEFACTO, POOR, DISABLED, ILL, UNGUARDED };

/* Asserts exactly the categories in want (bits of the enum) hold. */
static void assert_categories(const struct kj_child *c, unsigned want)
{
    for (int i = 0; i < KJ_NCATEGORIES; i++)
        if (c->held[i] != ((want >> i) & 1))
            fail_msg("category %s: %d, expected %d (reasons “%s”)", kj_categories()[i], c->held[i],
                     (want >> i) & 1, c->reasons);
}

/* ---- each category from its facts -------------------------------------- */
/* (an orphan or a child of a family without income is usually also one of
 * a 低保 or 特困 family: the households below earn, so that each category
 * is seen alone) */

static void test_categories(void **state)
{
    struct fixture *f = *state;
    char a[19], b[19], c[19], d[19], e[19], g[19], h[19], k[19], m[19], n[19], p[19];
    /* a well-off family: one child neither ill nor disabled, one disabled, one ill */
    household(f, "W");
    fact(f, person(f, "W", "19850101", "户主", a), "wage_income", "9000.00", "2020-01-01");
    person(f, "W", "20150101", "子女", b);
    fact(f, person(f, "W", "20160101", "子女", c), "disability_grade", "4", "2020-01-01");
    fact(f, c, "disability_type", "听力", "2020-01-01");
    fact(f, person(f, "W", "20170101", "子女", d), "serious_illness", "是", "2025-01-01");
    assert_int_equal(child_on(f, b, "2025-07-01").person_id, 0);
    assert_categories(&(struct kj_child){0}, 0);
    assert_categories((struct kj_child[]){child_on(f, c, "2025-07-01")}, 1u << DISABLED);
    assert_categories((struct kj_child[]){child_on(f, d, "2025-07-01")}, 1u << ILL);
    /* the illness recorded from 2025: not one before */
    assert_int_equal(child_on(f, d, "2024-12-31").person_id, 0);

    /* a poor family (低保): its child, not its adult */
    household(f, "P");
    person(f, "P", "19850101", "户主", e);
    person(f, "P", "20150601", "子女", g);
    assert_categories((struct kj_child[]){child_on(f, g, "2025-07-01")}, 1u << POOR);
    assert_int_equal(child_on(f, e, "2025-07-01").person_id, 0);

    /* an orphan living with a grandfather who earns */
    household(f, "O");
    fact(f, person(f, "O", "19550101", "户主", k), "pension_income", "9000.00", "2020-01-01");
    fact(f, person(f, "O", "20120101", "孙子女", h), "orphan", "是", "2020-01-01");
    assert_categories((struct kj_child[]){child_on(f, h, "2025-07-01")}, 1u << ORPHAN);

    /* the father imprisoned since 2024-12, the mother earning: 监护缺失;
     * the mother dies in 2025-03: 事实无人抚养 once the father has been
     * in prison 6 months (data matching, before any application) */
    household(f, "G");
    person(f, "G", "19850101", "户主", k);
    fact(f, k, "custody", "服刑在押", "2024-12-01");
    fact(f, k, "custody_since", "2024-12-01", "2024-12-01");
    fact(f, person(f, "G", "19860101", "配偶", m), "wage_income", "9000.00", "2020-01-01");
    fact(f, person(f, "G", "20150101", "子女", n), "wage_income", "0", "2020-01-01");
    assert_int_equal(child_on(f, n, "2024-11-30").person_id, 0);
    assert_categories((struct kj_child[]){child_on(f, n, "2025-01-15")}, 1u << UNGUARDED);
    fact(f, m, "death", "2025-03-10", "2025-03-10");
    assert_categories((struct kj_child[]){child_on(f, n, "2025-05-31")}, 1u << UNGUARDED | 1u << POOR);
    assert_categories((struct kj_child[]){child_on(f, n, "2025-06-01")},
                      1u << DEFACTO | 1u << UNGUARDED | 1u << POOR);
    struct kj_child x = child_on(f, n, "2025-06-01");
    assert_non_null(strstr(x.reasons, "事实无人抚养儿童"));
    assert_non_null(strstr(x.reasons, "监护缺失"));
    /* a fact of the 事实无人抚养 determination alone also makes one */
    household(f, "F");
    fact(f, person(f, "F", "19560101", "户主", k), "pension_income", "9000.00", "2020-01-01");
    fact(f, person(f, "F", "20130101", "孙子女", p), "de_facto_unsupported", "是", "2025-01-01");
    assert_categories((struct kj_child[]){child_on(f, p, "2025-07-01")}, 1u << DEFACTO);
    /* 18 on 2031-01-01: no longer a child in difficulty */
    assert_int_equal(child_on(f, p, "2031-01-01").person_id, 0);

    /* records: one per child, again only when the categories change */
    const char prefixes[1][13] = {"500103"};
    size_t recorded;
    struct mz_err err = {0};
    assert_int_equal(kj_record(f->reg, f->set, prefixes, 1, D("2025-01-15"), "cli:test",
                               &recorded, &err), 0);
    assert_int_equal(recorded, 6); /* c, d, g, h, n, p */
    assert_int_equal(kj_record(f->reg, f->set, prefixes, 1, D("2025-02-15"), "cli:test",
                               &recorded, &err), 0);
    assert_int_equal(recorded, 0);
    assert_int_equal(kj_record(f->reg, f->set, prefixes, 1, D("2025-06-01"), "cli:test",
                               &recorded, &err), 0);
    assert_int_equal(recorded, 1); /* n became 事实无人抚养 */
}

/* ---- 事实无人抚养: two 15-working-day steps over 国庆 ------------------- */

static void step(struct fixture *f, int64_t id, const char *action, const char *actor,
                 const char *day)
{
    struct mz_err err = {0};
    struct case_step_in in = {.action = action, .actor = actor, .day = D(day)};
    if (case_step(&f->cases, id, &in, &err) < 0) fail_msg("%s %s: %s", action, day, err.msg);
}

static void assert_day(mz_date d, const char *want)
{
    char s[11];
    date_format(d, s);
    assert_string_equal(s, want);
}

struct program_count {
    const char *program;
    int n;
};

static int count_enrolment(void *ctx, const struct enrol_row *e)
{
    struct program_count *c = ctx;
    c->n += strcmp(e->program, c->program) == 0;
    return 0;
}

/* The enrolments of program in force in month. */
static int enrolled_in(struct fixture *f, const char *program, const char *month)
{
    struct program_count c = {program, 0};
    struct mz_err err = {0};
    assert_int_equal(ps_enrol_in_force(reg_db(f->reg), month, NULL, 0, count_enrolment, &c, &err),
                     0);
    return c.n;
}

static int enrolled(struct fixture *f, const char *month)
{
    return enrolled_in(f, "defacto_allowance", month);
}

static void test_defacto_case(void **state)
{
    struct fixture *f = *state;
    char father[19], mother[19], child[19];
    household(f, "D1");
    person(f, "D1", "19850101", "户主", father);
    fact(f, father, "disability_grade", "1", "2020-01-01");
    fact(f, father, "disability_type", "肢体", "2020-01-01");
    person(f, "D1", "19860101", "配偶", mother);
    fact(f, mother, "custody", "失联", "2025-01-01");
    fact(f, mother, "custody_since", "2025-01-01", "2025-01-01");
    person(f, "D1", "20150101", "子女", child);
    struct case_open_in in = {"orphan", "D1", child, false, "street:li", NULL, D("2025-09-22")};
    int64_t id;
    struct mz_err err = {0};
    if (case_open(&f->cases, &in, &id, &err) < 0) fail_msg("%s", err.msg);
    step(f, id, "accept", "street:li", "2025-09-22");
    struct case_row c;
    assert_int_equal(case_get(&f->cases, id, &c, &err), 1);
    /* 15 working days: 09-28 (Sunday) is worked, 10-01…10-08 are not, 10-11 (Saturday) is */
    assert_day(c.state_due, "2025-10-17");
    step(f, id, "submit", "street:li", "2025-10-16");
    assert_int_equal(case_get(&f->cases, id, &c, &err), 1);
    assert_string_equal(c.state, "submitted");
    assert_day(c.state_due, "2025-11-06");
    /* no public notice: the street cannot post one */
    struct case_step_in post = {.action = "start_posting", .actor = "street:li",
                                .day = D("2025-10-17")};
    assert_int_equal(case_step(&f->cases, id, &post, &err), -1);
    step(f, id, "approve", "county:wang", "2025-11-05");
    assert_int_equal(case_get(&f->cases, id, &c, &err), 1);
    assert_string_equal(c.state, "approved");
    /* support from the following month */
    assert_int_equal(enrolled(f, "2025-11"), 0);
    assert_int_equal(enrolled(f, "2025-12"), 1);
}

/* ---- the orphan standard follows the 低保 standard ---------------------- */

static void test_orphan_follows_anchor(void **state)
{
    struct fixture *f = *state;
    char o[19];
    household(f, "O1");
    fact(f, person(f, "O1", "20120101", "户主", o), "orphan", "是", "2020-01-01");
    struct pay_enrol_in in = {"orphan_allowance", "O1", o, M("2026-06"), "manual", "clerk:li"};
    int64_t eid;
    bool added;
    struct mz_err err = {0};
    if (pay_enrol(f->reg, f->set, &in, &eid, &added, &err) < 0) fail_msg("%s", err.msg);

    /* the anchor raised by 30 yuan from 2026-07-01: simulated first */
    struct pol_set *raised = pol_compile_dir("policies/chongqing", &err);
    assert_non_null(raised);
    assert_int_equal(pol_param_override(raised, "dibao_standard.urban=800", D("2026-07-01"), &err),
                     0);
    struct snap_request req = {.as_of = D("2026-07-01")};
    int64_t *pids = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(f->reg), f->set, &req, &pids, &err);
    assert_non_null(snap);
    struct reform_report rep;
    assert_int_equal(reform_compare(f->set, raised, snap, D("2026-07-01"), 1, &rep, &err), 0);
    int orphan = pol_program_find(f->set, "orphan_allowance");
    int64_t before = -1, after = -1;
    for (size_t i = 0; i < rep.ncells; i++)
        if (rep.cells[i].program == orphan) {
            before = rep.cells[i].cost_before;
            after = rep.cells[i].cost_after;
        }
    assert_int_equal(before, 165100);
    assert_int_equal(after, 168100);
    reform_report_free(&rep);
    pol_snapshot_free(snap);
    free(pids);

    /* then paid: July's roll under the raised standard */
    struct pay_roll_summary s;
    if (pay_roll_build(f->reg, raised, "orphan_allowance", M("2026-07"), &YUZHONG, "clerk:li", &s,
                       &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(s.roll.lines, 1);
    assert_int_equal(s.roll.total, 168100);
    /* June, before the rise, at the old one */
    if (pay_roll_build(f->reg, raised, "orphan_allowance", M("2026-06"), &YUZHONG, "clerk:li", &s,
                       &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(s.roll.total, 165100);
    pol_set_free(raised);
}

/* ---- a 残联 level change: arrears from the right month ----------------- */

static void test_disability_level_change(void **state)
{
    struct fixture *f = *state;
    char a[19];
    household(f, "C1");
    fact(f, person(f, "C1", "19800101", "户主", a), "wage_income", "6000.00", "2020-01-01");
    fact(f, a, "disability_grade", "2", "2020-01-01");
    fact(f, a, "disability_type", "肢体", "2020-01-01");
    struct pay_enrol_in in = {"disability_care", "C1", a, M("2025-07"), "manual", "clerk:li"};
    int64_t eid;
    bool added;
    struct mz_err err = {0};
    if (pay_enrol(f->reg, f->set, &in, &eid, &added, &err) < 0) fail_msg("%s", err.msg);
    static const char *const months[] = {"2025-07", "2025-08", "2025-09"};
    for (int i = 0; i < 3; i++) {
        struct pay_roll_summary s;
        if (pay_roll_build(f->reg, f->set, "disability_care", M(months[i]), &YUZHONG, "clerk:li",
                           &s, &err) < 0)
            fail_msg("%s", err.msg);
        assert_int_equal(s.roll.total, 8000);
        assert_int_equal(pay_roll_approve(f->reg, s.roll.id, "county:wang", "500103", &err), 0);
        assert_int_equal(pay_roll_mark_paid(f->reg, s.roll.id, "county:wang", &err), 0);
    }
    /* 残联 re-grades the person to grade 1 with a certificate of 2025-08-01 */
    char csv[256];
    snprintf(csv, sizeof csv, "身份证号,残疾人证号,发证日期,残疾等级,残疾类别\n%s,%s11,2025-08-01,1,肢体\n",
             a, a);
    struct feed_def *def = feed_def_find("feeds", "canlian", &err);
    assert_non_null(def);
    struct table *t;
    assert_int_equal(table_open_mem("canlian.csv", csv, strlen(csv), &t, &err), 0);
    struct feed_stats st;
    if (feed_ingest(&f->env, def, t, &(struct feed_run){"canlian.csv", D("2025-10-08"), 1, NULL,
                                                        NULL},
                    &st, &err) < 0)
        fail_msg("%s", err.msg);
    table_close(t);
    feed_def_free(def);
    /* October's roll pays 90, and 10 more for each of August and September */
    struct pay_roll_summary s;
    if (pay_roll_build(f->reg, f->set, "disability_care", M("2025-10"), &YUZHONG, "clerk:li", &s,
                       &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(s.roll.total, 9000);
    struct pay_arrears_summary ar;
    assert_int_equal(pay_arrears(f->reg, f->set, "disability_care", M("2025-10"), &YUZHONG,
                                 M("2025-07"), -1, "clerk:li", &ar, &err),
                     0);
    assert_int_equal(ar.arrears, 2);
    assert_int_equal(ar.arrears_total, 2000);
    assert_int_equal(ar.recovery, 0);
}

/* ---- 免申即享: enrolled from the 残联 data once consent is given -------- */

/* Ingests one 残联 certificate (grade, 肢体) dated on. */
static void canlian(struct fixture *f, const char *id, const char *grade, const char *on)
{
    char csv[256];
    snprintf(csv, sizeof csv, "身份证号,残疾人证号,发证日期,残疾等级,残疾类别\n%s,%s%s,%s,%s,肢体\n", id,
             id, grade, on, grade);
    struct mz_err err = {0};
    struct feed_def *def = feed_def_find("feeds", "canlian", &err);
    assert_non_null(def);
    struct table *t;
    assert_int_equal(table_open_mem("canlian.csv", csv, strlen(csv), &t, &err), 0);
    struct feed_stats st;
    if (feed_ingest(&f->env, def, t, &(struct feed_run){"canlian.csv", D(on), 1, NULL, NULL}, &st,
                    &err) < 0)
        fail_msg("%s", err.msg);
    table_close(t);
    feed_def_free(def);
}

static void test_disability_without_application(void **state)
{
    struct fixture *f = *state;
    char a[19], b[19];
    household(f, "M1");
    fact(f, person(f, "M1", "19800101", "户主", a), "wage_income", "6000.00", "2020-01-01");
    household(f, "M2");
    fact(f, person(f, "M2", "19820101", "户主", b), "wage_income", "6000.00", "2020-01-01");
    canlian(f, a, "2", "2025-08-01");
    canlian(f, b, "1", "2025-08-01");
    size_t added;
    struct mz_err err = {0};
    /* no consent, no enrolment */
    assert_int_equal(ag_enrol_consented(f->reg, f->set, D("2025-10-01"), "cli:test", &added, &err),
                     0);
    assert_int_equal(added, 0);
    /* bad consents are refused naming the field */
    assert_int_equal(ag_consent(f->reg, pid(f, a), "2025-07-10", "邻居", "cli:test", &err), -1);
    assert_string_equal(err.field, "given_by");
    assert_int_equal(ag_consent(f->reg, pid(f, a), "2030-01-01", "本人", "cli:test", &err), -1);
    assert_string_equal(err.field, "given_on");
    /* a consent before the certificate: from the certificate's month; one
     * after it: from the consent's month */
    assert_int_equal(ag_consent(f->reg, pid(f, a), "2025-07-10", "本人", "cli:test", &err), 0);
    assert_int_equal(ag_consent(f->reg, pid(f, b), "2025-09-10", "监护人", "cli:test", &err), 0);
    assert_int_equal(ag_enrol_consented(f->reg, f->set, D("2025-10-01"), "cli:test", &added, &err),
                     0);
    assert_int_equal(added, 2); /* 护理补贴 each; neither household is 低保: no 生活补贴 */
    assert_int_equal(enrolled_in(f, "disability_care", "2025-07"), 0);
    assert_int_equal(enrolled_in(f, "disability_care", "2025-08"), 1);
    assert_int_equal(enrolled_in(f, "disability_care", "2025-09"), 2);
    assert_int_equal(enrolled_in(f, "disability_living", "2025-10"), 0);
    /* again: nothing twice */
    assert_int_equal(ag_enrol_consented(f->reg, f->set, D("2025-11-01"), "cli:test", &added, &err),
                     0);
    assert_int_equal(added, 0);
}

/* ---- 精康融合行动: referrals and their progress -------------------------- */

static void test_rehab_referral(void **state)
{
    struct fixture *f = *state;
    char a[19], b[19];
    household(f, "R1");
    fact(f, person(f, "R1", "19800101", "户主", a), "disability_grade", "3", "2020-01-01");
    fact(f, a, "disability_type", "精神", "2020-01-01");
    fact(f, person(f, "R1", "19820101", "配偶", b), "wage_income", "6000.00", "2020-01-01");
    int64_t id, other;
    struct mz_err err = {0};
    assert_int_equal(rehab_refer(f->reg, f->set, pid(f, b), "2025-03-01", "江南街道阳光家园", "cli:test",
                                 &id, &err), -1);
    assert_string_equal(err.code, "not_target");
    assert_int_equal(rehab_refer(f->reg, f->set, pid(f, a), "2025-03-01", "", "cli:test", &id, &err),
                     -1);
    assert_string_equal(err.field, "service");
    if (rehab_refer(f->reg, f->set, pid(f, a), "2025-03-01", "江南街道阳光家园", "cli:test", &id,
                    &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(rehab_refer(f->reg, f->set, pid(f, a), "2025-03-02", "另一机构", "cli:test",
                                 &other, &err), -1);
    assert_string_equal(err.code, "already_referred");
    assert_int_equal(rehab_progress(f->reg, id, "2025-02-28", "received", NULL, "cli:test", &err), -1);
    assert_string_equal(err.field, "on_day");
    assert_int_equal(rehab_progress(f->reg, id, "2025-03-05", "received", "已接收", "cli:test", &err), 0);
    assert_int_equal(rehab_progress(f->reg, id, "2025-04-01", "in_rehab", "参加日间康复训练", "cli:test",
                                    &err), 0);
    assert_int_equal(rehab_progress(f->reg, id, "2025-04-02", "received", NULL, "cli:test", &err), -1);
    assert_string_equal(err.code, "bad_state");
    struct rehab_row r;
    assert_int_equal(chs_rehab_get(reg_db(f->reg), id, &r, &err), 1);
    assert_string_equal(r.state, "in_rehab");
    assert_string_equal(r.last_update, "2025-04-01");
    assert_string_equal(rehab_state_label(r.state), "康复中");
    assert_int_equal(rehab_progress(f->reg, id, "2025-09-30", "closed", "康复良好，回归社区", "cli:test",
                                    &err), 0);
    /* closed: a new referral may be made */
    assert_int_equal(rehab_refer(f->reg, f->set, pid(f, a), "2025-10-08", "江南街道阳光家园", "cli:test",
                                 &other, &err), 0);
}

/* ---- overdue visits ------------------------------------------------------ */

static int64_t warnings_of(struct fixture *f, const char *rule, int64_t person, bool open)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM warnings WHERE rule = '%s' AND person_id = %lld%s", rule,
             (long long)person, open ? " AND state = 'open'" : "");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void test_overdue_visit(void **state)
{
    struct fixture *f = *state;
    char a[19], c[19];
    household(f, "V1");
    fact(f, person(f, "V1", "19850101", "户主", a), "wage_income", "9000.00", "2020-01-01");
    fact(f, person(f, "V1", "20150101", "子女", c), "disability_grade", "3", "2020-01-01");
    fact(f, c, "disability_type", "肢体", "2020-01-01");
    int64_t child = pid(f, c);
    struct mon_counts counts = {0};
    struct mz_err err = {0};
    assert_int_equal(mon_sweep(&f->env, D("2025-06-01"), true, &counts, &err), 0);
    setenv("MZ_TODAY", "2025-06-01", 1);
    struct child_visit_in in = {child, "2025-06-01", "入户探访", "李主任", "学习正常"};
    int64_t id;
    if (child_visit_record(&f->env, &in, "user:li", &id, &err) < 0) fail_msg("%s", err.msg);
    /* refused, naming the field */
    struct child_visit_in bad = in;
    bad.kind = "走访";
    assert_int_equal(child_visit_record(&f->env, &bad, "user:li", &id, &err), -1);
    assert_string_equal(err.field, "kind");
    bad = in;
    bad.visited_on = "2025-06-02";
    assert_int_equal(child_visit_record(&f->env, &bad, "user:li", &id, &err), -1);
    assert_string_equal(err.field, "visited_on");
    bad = in;
    bad.person_id = pid(f, a);
    assert_int_equal(child_visit_record(&f->env, &bad, "user:li", &id, &err), -1);
    assert_string_equal(err.code, "not_a_child");
    /* 31 days is within the interval; 34 is not */
    assert_int_equal(mon_sweep(&f->env, D("2025-07-02"), false, &counts, &err), 0);
    assert_int_equal(warnings_of(f, "child_visit_overdue", child, false), 0);
    assert_int_equal(mon_sweep(&f->env, D("2025-07-05"), false, &counts, &err), 0);
    assert_int_equal(warnings_of(f, "child_visit_overdue", child, true), 1);
    /* the child's list says so too */
    const char prefixes[1][13] = {"500103001003"};
    struct kj_list l;
    assert_int_equal(kj_list(f->reg, f->set, prefixes, 1, D("2025-07-05"), &l, &err), 0);
    assert_int_equal(l.n, 1);
    assert_true(l.children[0].overdue);
    assert_day(l.children[0].visit_due, "2025-07-02");
    kj_list_free(&l);
    /* a referral is no contact; guidance at home is */
    setenv("MZ_TODAY", "2025-07-06", 1);
    in.visited_on = "2025-07-06";
    in.kind = "心理健康转介";
    assert_int_equal(child_visit_record(&f->env, &in, "user:li", &id, &err), 0);
    assert_int_equal(kj_list(f->reg, f->set, prefixes, 1, D("2025-07-06"), &l, &err), 0);
    assert_true(l.children[0].overdue);
    kj_list_free(&l);
    in.kind = "监护指导";
    assert_int_equal(child_visit_record(&f->env, &in, "user:li", &id, &err), 0);
    assert_int_equal(kj_list(f->reg, f->set, prefixes, 1, D("2025-07-06"), &l, &err), 0);
    assert_false(l.children[0].overdue);
    assert_day(l.children[0].visit_due, "2025-08-06");
    kj_list_free(&l);
    setenv("MZ_TODAY", "2029-06-30", 1);
}

/* ---- child-welfare institutions: capacity, a move, leaving ------------- */

static int64_t institution(struct fixture *f, const char *name, const char *capacity)
{
    struct inst_in in = {name, "welfare", "500103", capacity, "渝民〔2001〕1号"};
    int64_t id;
    struct mz_err err = {0};
    if (inst_add(f->reg, &in, "city:admin", &id, &err) < 0) fail_msg("%s", err.msg);
    return id;
}

static int64_t occupancy(struct fixture *f, int64_t id)
{
    struct inst_row r;
    struct mz_err err = {0};
    assert_int_equal(ins_get(reg_db(f->reg), id, &r, &err), 1);
    return r.occupancy;
}

static int collect_placement(void *ctx, const struct placement_row *r)
{
    struct placement_row *out = ctx;
    for (int i = 0; i < 4; i++)
        if (!out[i].id) {
            out[i] = *r;
            break;
        }
    return 0;
}

/* The value of a person's fact on a day, "" if none. */
static void fact_on(struct fixture *f, const char *id, const char *var, const char *day,
                    char out[64])
{
    struct mz_err err = {0};
    out[0] = 0;
    assert_true(rs_fact_asof(reg_db(f->reg), "person", pid(f, id), var, D(day), NULL, out, 64,
                             &err) >= 0);
}

static void test_institution_placements(void **state)
{
    struct fixture *f = *state;
    char a[19], b[19], adult[19];
    household(f, "I1");
    person(f, "I1", "19800101", "户主", adult);
    person(f, "I1", "20150301", "子女", a);
    person(f, "I1", "20160401", "子女", b);
    int64_t small = institution(f, "江北区儿童福利院", "1"), big = institution(f, "重庆市儿童福利院", "2");
    struct mz_err err = {0};
    int64_t p1, p2, p3;
    struct inst_admit_in in = {pid(f, a), small, "2025-03-01", "孤儿", "民政部门送交"};
    assert_int_equal(inst_admit(f->reg, &in, "inst:a", &p1, &err), 0);
    /* the second child does not fit: refused, nothing written */
    in.person_id = pid(f, b);
    assert_int_equal(inst_admit(f->reg, &in, "inst:a", &p2, &err), -1);
    assert_string_equal(err.code, "institution_full");
    assert_string_equal(err.field, "institution");
    assert_non_null(strstr(err.msg, "床位已满"));
    assert_int_equal(occupancy(f, small), 1);
    /* an adult is no child; the first child cannot be placed twice */
    in = (struct inst_admit_in){pid(f, adult), big, "2025-03-01", "孤儿", "民政部门送交"};
    assert_int_equal(inst_admit(f->reg, &in, "inst:a", &p2, &err), -1);
    assert_string_equal(err.code, "not_a_child");
    in.person_id = pid(f, a);
    assert_int_equal(inst_admit(f->reg, &in, "inst:a", &p2, &err), -1);
    assert_string_equal(err.code, "already_placed");
    in.person_id = pid(f, b);
    assert_int_equal(inst_admit(f->reg, &in, "inst:b", &p2, &err), 0);
    /* the first child moves to the big institution: both beds there taken */
    assert_int_equal(inst_move(f->reg, pid(f, a), small, "2025-05-01", "inst:a", &p3, &err), -1);
    assert_string_equal(err.field, "institution"); /* already there */
    assert_int_equal(inst_move(f->reg, pid(f, a), big, "2025-02-01", "inst:a", &p3, &err), -1);
    assert_string_equal(err.field, "moved_on"); /* before the admission */
    assert_int_equal(inst_move(f->reg, pid(f, a), big, "2025-05-01", "inst:a", &p3, &err), 0);
    assert_int_equal(occupancy(f, small), 0);
    assert_int_equal(occupancy(f, big), 2);
    assert_int_equal(inst_move(f->reg, pid(f, b), big, "2025-05-02", "inst:b", &p3, &err), -1);
    struct placement_row hist[4];
    memset(hist, 0, sizeof hist);
    assert_int_equal(ins_placements_of(reg_db(f->reg), pid(f, a), collect_placement, hist, &err), 0);
    assert_string_equal(hist[0].institution, "江北区儿童福利院");
    assert_string_equal(hist[0].left_on, "2025-05-01");
    assert_string_equal(hist[0].destination, "转入其他机构");
    assert_string_equal(hist[1].institution, "重庆市儿童福利院");
    assert_int_equal(hist[1].moved_from, hist[0].id);
    assert_string_equal(hist[1].source, "机构转入");
    assert_string_equal(hist[1].reason, "孤儿");
    assert_int_equal(hist[2].id, 0);
    char v[64];
    fact_on(f, a, "in_institution", "2025-06-01", v);
    assert_true(strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    /* services within the stay; leaving for adoption ends it */
    int64_t sid;
    assert_int_equal(inst_service(f->reg, pid(f, a), "psych", "2025-05-03", "心理评估", "inst:b",
                                  &sid, &err),
                     0);
    assert_int_equal(inst_service(f->reg, pid(f, a), "歌舞", "2025-05-03", "x", "inst:b", &sid,
                                  &err),
                     -1);
    assert_string_equal(err.field, "kind");
    assert_int_equal(inst_leave(f->reg, pid(f, a), "2025-06-10", "转入其他机构", "inst:b", &err), -1);
    assert_string_equal(err.field, "destination");
    assert_int_equal(inst_leave(f->reg, pid(f, a), "2025-06-10", "收养", "inst:b", &err), 0);
    fact_on(f, a, "in_institution", "2025-06-10", v);
    assert_true(strcmp(v, "0") == 0 || strcmp(v, "false") == 0);
    assert_int_equal(occupancy(f, big), 1);
    assert_int_equal(inst_service(f->reg, pid(f, a), "medical", "2025-06-11", "体检", "inst:b",
                                  &sid, &err),
                     -1);
    assert_string_equal(err.code, "not_placed");
}

/* ---- an orphan's entitlements from the facts, to the age limit ---------- */

struct ents {
    struct entitlement_row rows[8];
    int n;
};

static int collect_ent(void *ctx, const struct entitlement_row *e)
{
    struct ents *l = ctx;
    if (l->n < 8) l->rows[l->n++] = *e;
    return 0;
}

static const struct entitlement_row *ent_of(struct ents *l, const char *kind)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->rows[i].kind, kind) == 0) return &l->rows[i];
    return NULL;
}

static void test_orphan_entitlements(void **state)
{
    struct fixture *f = *state;
    char o[19], s[19];
    household(f, "E1");
    person(f, "E1", "20080310", "户主", o);
    person(f, "E1", "20100101", "兄弟姐妹", s); /* not an orphan: nothing */
    fact(f, o, "orphan", "true", "2022-05-01");
    fact(f, o, "schooling", "初中", "2022-09-01");
    fact(f, o, "schooling", "高中", "2024-09-01");
    const char everywhere[1][13] = {""};
    size_t opened, closed;
    struct mz_err err = {0};
    assert_int_equal(ent_refresh(f->reg, f->set, everywhere, 1, D("2025-07-01"), "clerk:li",
                                 &opened, &closed, &err),
                     0);
    assert_int_equal(opened, 2);
    assert_int_equal(closed, 0);
    struct ents l = {0};
    assert_int_equal(chs_ents_of(reg_db(f->reg), pid(f, o), collect_ent, &l, &err), 0);
    assert_int_equal(l.n, 2);
    /* medical cover from the orphan record, 高中 from the school year */
    assert_string_equal(ent_of(&l, "ent_medical")->start_on, "2022-05-01");
    assert_string_equal(ent_of(&l, "ent_secondary")->start_on, "2024-09-01");
    assert_string_equal(ent_of(&l, "ent_medical")->end_on, "");
    memset(&l, 0, sizeof l);
    assert_int_equal(chs_ents_of(reg_db(f->reg), pid(f, s), collect_ent, &l, &err), 0);
    assert_int_equal(l.n, 0);
    /* a second run the same day changes nothing */
    assert_int_equal(ent_refresh(f->reg, f->set, everywhere, 1, D("2025-07-01"), "clerk:li",
                                 &opened, &closed, &err),
                     0);
    assert_int_equal(opened + closed, 0);
    /* after the 18th birthday both end the day before it */
    assert_int_equal(ent_refresh(f->reg, f->set, everywhere, 1, D("2026-05-01"), "clerk:li",
                                 &opened, &closed, &err),
                     0);
    assert_int_equal(closed, 2);
    memset(&l, 0, sizeof l);
    assert_int_equal(chs_ents_of(reg_db(f->reg), pid(f, o), collect_ent, &l, &err), 0);
    assert_string_equal(ent_of(&l, "ent_medical")->end_on, "2026-03-09");
    assert_string_equal(ent_of(&l, "ent_secondary")->end_on, "2026-03-09");
    const char *labels[ENT_NKINDS];
    assert_int_equal(ent_labels(f->set, labels, &err), 0);
    assert_non_null(strstr(labels[0], "医疗保险"));
}

/* ---- 重度残疾人托养: the subsidy by policy, paid by a roll -------------- */

static void test_tuoyang_subsidy(void **state)
{
    struct fixture *f = *state;
    char a[19], b[19];
    household(f, "T1");
    fact(f, person(f, "T1", "19800101", "户主", a), "disability_grade", "2", "2020-01-01");
    fact(f, a, "disability_type", "肢体", "2020-01-01");
    fact(f, person(f, "T1", "19820101", "配偶", b), "disability_grade", "3", "2020-01-01");
    fact(f, b, "disability_type", "肢体", "2020-01-01");
    struct care_provider_in pin = {"YL1", "渝中区社会福利院", "institution", "500103001003", "",
                                   "106.57", "29.55", "100", "0", "0", NULL};
    struct care_provider_in cin = {"ZC1", "渝中区助餐点", "canteen", "500103001003", "",
                                   "106.57", "29.55", "30", "0", "0", NULL};
    int64_t home, canteen, id;
    enum put_result res;
    struct mz_err err = {0};
    if (care_provider_put(f->reg, &pin, &home, &res, &err) < 0 ||
        care_provider_put(f->reg, &cin, &canteen, &res, &err) < 0)
        fail_msg("%s", err.msg);
    /* grade 3 肢体 is not severe; a canteen offers no care */
    assert_int_equal(ty_place(f->reg, f->set, pid(f, b), home, "寄宿", "2025-03-15", "street:li",
                              &id, &err),
                     -1);
    assert_string_equal(err.code, "not_severe");
    assert_int_equal(ty_place(f->reg, f->set, pid(f, a), canteen, "日间", "2025-03-15",
                              "street:li", &id, &err),
                     -1);
    assert_string_equal(err.code, "wrong_kind");
    assert_int_equal(ty_place(f->reg, f->set, pid(f, a), home, "寄宿", "2025-03-15", "street:li",
                              &id, &err),
                     0);
    assert_int_equal(ty_place(f->reg, f->set, pid(f, a), home, "日间", "2025-03-20", "street:li",
                              &id, &err),
                     -1);
    assert_string_equal(err.code, "already_in_care");
    /* placed mid-March: paid from April, 300 yuan a month (disability.pol) */
    struct pay_roll_summary sum;
    if (pay_roll_build(f->reg, f->set, "tuoyang", M("2025-03"), &YUZHONG, "clerk:li", &sum,
                       &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(sum.total, 0);
    if (pay_roll_build(f->reg, f->set, "tuoyang", M("2025-04"), &YUZHONG, "clerk:li", &sum,
                       &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(sum.paying, 1);
    assert_int_equal(sum.total, 30000);
    /* care ended on May 20: June's roll pays nothing */
    assert_int_equal(ty_end(f->reg, pid(f, a), "2025-03-01", "street:li", &err), -1);
    assert_string_equal(err.field, "end_on");
    assert_int_equal(ty_end(f->reg, pid(f, a), "2025-05-20", "street:li", &err), 0);
    if (pay_roll_build(f->reg, f->set, "tuoyang", M("2025-06"), &YUZHONG, "clerk:li", &sum,
                       &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(sum.total, 0);
    assert_int_equal(ty_end(f->reg, pid(f, a), "2025-06-01", "street:li", &err), -1);
    assert_string_equal(err.code, "not_in_care");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_categories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defacto_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_orphan_follows_anchor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disability_level_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disability_without_application, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rehab_referral, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overdue_visit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_institution_placements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_orphan_entitlements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tuoyang_subsidy, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
