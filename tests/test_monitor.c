/* Dynamic monitoring: department feeds change facts and re-evaluate the
 * households they touch at once; warning rules (policies/chongqing/warnings.pol) raise
 * warnings with evidence for the household's street; re-sending changes
 * nothing; rejects keep their reasons; the sweep raises what a change that
 * bypassed the feeds missed; warnings follow their lifecycle; a warning
 * opens a case linked to it. Uses
 * policies/chongqing, feeds/ and data/holidays-cn.csv. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "cases/case.h"
#include "io/table.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/divisions.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/casestore.h"
#include "store/monitorstore.h"


struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct mon_env env;
    char id[6][19]; /* H1 head; H2 head, spouse; H3 head */
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static void make_id(char out[19], const char *first17)
{
    snprintf(out, 19, "%s%c", first17, idcard_check_char(first17));
}

static void person(struct fixture *f, const char *id, const char *name, const char *hh,
                   const char *division, const char *relation)
{
    struct reg_person_in p = {.id_number = id, .name = name, .hukou = "城镇",
                              .division = division, .household_no = hh, .relation = relation};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_person_put(f->reg, &p, D("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static void fact(struct fixture *f, const char *id, const char *var, const char *value,
                 const char *effective)
{
    struct reg_fact_in in = {id, NULL, var, value, effective, "测试"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_fact_put(f->reg, &in, &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static void household(struct fixture *f, const char *no, const char *division)
{
    struct reg_household_in h = {no, division, "", "城镇"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_household_put(f->reg, &h, D("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal,
                 &err) < 0)
        fail_msg("%s", err.msg);
    f->env = (struct mon_env){f->reg, f->set, f->cal};
    make_id(f->id[0], "50010319700101001");
    make_id(f->id[1], "50011219600202003");
    make_id(f->id[2], "50011219620303002");
    make_id(f->id[3], "50010319800404005");
    make_id(f->id[4], "50010319900505007"); /* valid, never registered */
    /* H1: one person earning 1600 yuan a month (near poverty, not 低保). */
    household(f, "H1", "500103001003");
    person(f, f->id[0], "刘峰", "H1", "500103001003", "户主");
    fact(f, f->id[0], "wage_income", "1600", "2024-01-01");
    fact(f, f->id[0], "employment", "在业", "2024-01-01");
    /* H2: a first-grade disabled head (护理补贴) and an earning spouse. */
    household(f, "H2", "500112002004");
    person(f, f->id[1], "王建", "H2", "500112002004", "户主");
    person(f, f->id[2], "赵丽", "H2", "500112002004", "配偶");
    fact(f, f->id[1], "disability_grade", "1", "2024-01-01");
    fact(f, f->id[1], "wage_income", "5000", "2024-01-01");
    fact(f, f->id[1], "employment", "在业", "2024-01-01");
    fact(f, f->id[2], "wage_income", "3000", "2024-01-01");
    /* H3: one person earning 2000 yuan. */
    household(f, "H3", "500103001003");
    person(f, f->id[3], "孙明", "H3", "500103001003", "户主");
    fact(f, f->id[3], "wage_income", "2000", "2024-01-01");
    /* The first sweep records what holds today without raising anything. */
    struct mon_counts n = {0};
    if (mon_sweep(&f->env, D("2025-03-03"), true, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(n.households, 3);
    assert_int_equal(n.warnings, 0);
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

/* Ingests CSV text through feed NAME as of a day. */
static struct feed_stats ingest(struct fixture *f, const char *name, const char *csv,
                                const char *as_of)
{
    struct mz_err err = {0};
    struct feed_def *def = feed_def_find("feeds", name, &err);
    if (!def)
        fail_msg("%s", err.msg);
    struct table *t;
    assert_int_equal(table_open_mem("mem.csv", csv, strlen(csv), &t, &err), 0);
    struct feed_stats st;
    if (feed_ingest(&f->env, def, t, &(struct feed_run){"mem.csv", D(as_of), 2, NULL, NULL}, &st, &err) < 0)
        fail_msg("%s", err.msg);
    table_close(t);
    feed_def_free(def);
    return st;
}

/* The warnings of a rule (all states), in id order; returns how many and
 * fills *w with the last one. */
static size_t warnings_of(struct fixture *f, const char *rule, struct ms_warning *w)
{
    int64_t *ids;
    size_t n;
    struct mz_err err = {0};
    assert_int_equal(ms_warning_ids(reg_db(f->reg), "", "", "", rule, &ids, &n, &err), 0);
    if (n)
        assert_int_equal(ms_warning_get(reg_db(f->reg), ids[n - 1], w, &err), 1);
    mz_free(ids);
    return n;
}

static void csv_line(char *out, size_t cap, const char *fmt, const char *id)
{
    snprintf(out, cap, fmt, id, id, id, id);
}

static void test_large_bill_raises_warning_for_street(void **state)
{
    struct fixture *f = *state;
    char csv[1024];
    csv_line(csv, sizeof csv,
             "身份证号,结算单号,结算日期,近12个月自付金额\n%s,YB-1,2025-02-20,48000.00\n", f->id[0]);
    struct feed_stats st = ingest(f, "yibao", csv, "2025-03-03");
    assert_int_equal(st.records, 1);
    assert_int_equal(st.applied, 1);
    assert_int_equal(st.households, 1);
    assert_true(st.warnings >= 1);
    struct ms_warning *w = malloc(sizeof *w);
    assert_int_equal(warnings_of(f, "large_medical", w), 1);
    assert_string_equal(w->hh_no, "H1");
    assert_string_equal(w->office, "500103001"); /* the street: 9 digits */
    assert_string_equal(w->state, "open");
    assert_string_equal(w->severity, "high");
    assert_string_equal(w->raised_by, "feed:yibao");
    assert_non_null(strstr(w->evidence, "48000.00元"));
    assert_non_null(strstr(w->evidence, "yibao:YB-1"));
    /* 2025-03-03 is a Monday: 10 working days later is 2025-03-17. */
    assert_string_equal(w->due, "2025-03-17");
    /* The same bill makes the household a 刚性支出困难家庭 candidate, with
     * the engine's explanation as evidence. */
    assert_int_equal(warnings_of(f, "found_rigid", w), 1);
    assert_string_equal(w->program, "rigid");
    assert_non_null(strstr(w->evidence, "本户：符合"));

    /* The 政策找人 list of the program, as XLSX with Chinese headers. */
    char xlsx[128];
    snprintf(xlsx, sizeof xlsx, "%s/rigid.xlsx", f->dir);
    long rows;
    struct mz_err err = {0};
    assert_int_equal(mon_candidates_xlsx(f->reg, "rigid", "500103", xlsx, &rows, &err), 0);
    assert_int_equal(rows, 1);
    struct table *t;
    assert_int_equal(table_open(xlsx, &t, &err), 0);
    assert_int_equal(table_read(t, &err), 1);
    assert_string_equal(table_field(t, 2), "户编号");
    assert_int_equal(table_read(t, &err), 1);
    assert_string_equal(table_field(t, 1), "500103001");
    assert_string_equal(table_field(t, 2), "H1");
    assert_string_equal(table_field(t, 6), "待分派");
    assert_non_null(strstr(table_field(t, 10), "本户：符合"));
    assert_int_equal(table_read(t, &err), 0);
    table_close(t);
    assert_int_equal(mon_candidates_xlsx(f->reg, "rigid", "500112", xlsx, &rows, &err), 0);
    assert_int_equal(rows, 0);

    /* Re-sending the same record changes nothing. */
    long before = st.warnings;
    st = ingest(f, "yibao", csv, "2025-03-03");
    assert_int_equal(st.unchanged, 1);
    assert_int_equal(st.applied, 0);
    assert_int_equal(st.warnings, 0);
    assert_int_equal(warnings_of(f, "large_medical", w), 1);
    (void)before;
    free(w);
}

static int count_rejects(void *ctx, const struct ms_reject *r)
{
    char *all = ctx;
    strncat(all, r->reason, 4000 - strlen(all) - 2);
    strcat(all, "\n");
    return 0;
}

static void test_rejects_keep_reasons(void **state)
{
    struct fixture *f = *state;
    char csv[1024];
    snprintf(csv, sizeof csv,
             "身份证号,结算单号,结算日期,近12个月自付金额\n"
             "%s,YB-2,2025-02-20,100\n"  /* not in the registry */
             "%s,YB-3,2025-02-20,abc\n"  /* not an amount */
             "%s,YB-4,2025-13-01,100\n"  /* not a date */
             "110101199003070000,YB-5,2025-02-20,1\n" /* bad check digit */
             "%s,,2025-02-20,1\n",       /* no record key */
             f->id[4], f->id[0], f->id[0], f->id[0]);
    struct feed_stats st = ingest(f, "yibao", csv, "2025-03-03");
    assert_int_equal(st.records, 5);
    assert_int_equal(st.rejected, 5);
    assert_int_equal(st.applied, 0);
    char all[4000] = "";
    struct mz_err err = {0};
    assert_int_equal(ms_rejects(reg_db(f->reg), "yibao", count_rejects, all, &err), 0);
    assert_non_null(strstr(all, "在登记库中没有此人"));
    assert_null(strstr(all, f->id[4])); /* the unknown ID number is masked */
    assert_non_null(strstr(all, "abc"));
    assert_non_null(strstr(all, "2025-13-01"));
    assert_non_null(strstr(all, "校验码"));
    assert_non_null(strstr(all, "记录键为空"));
    /* A feed file with a missing column fails as a whole, naming it. */
    struct feed_def *def = feed_def_find("feeds", "yibao", &err);
    struct table *t;
    const char *bad = "身份证号,结算日期\n";
    assert_int_equal(table_open_mem("bad.csv", bad, strlen(bad), &t, &err), 0);
    assert_int_equal(feed_ingest(&f->env, def, t, &(struct feed_run){"bad.csv", D("2025-03-03"), 1, NULL, NULL}, &st, &err), -1);
    assert_non_null(strstr(err.msg, "结算单号"));
    table_close(t);
    feed_def_free(def);
    assert_null(feed_def_find("feeds", "../etc", &err));
}

static void test_json_lines(void **state)
{
    struct fixture *f = *state;
    char text[1024];
    snprintf(text, sizeof text,
             "{\"身份证号\": \"%s\", \"诊断编号\": \"WJ-1\", \"诊断日期\": \"2025-02-01\"}\n"
             "\n"
             "not json\n"
             "{\"身份证号\": \"%s\", \"结算单号\": 7, \"诊断日期\": \"2025-02-01\"}\n"
             "[1, 2]\n",
             f->id[3], f->id[3]);
    FILE *in = fmemopen(text, strlen(text), "r");
    struct mz_err err = {0};
    struct feed_def *def = feed_def_find("feeds", "weijian", &err);
    assert_non_null(def);
    struct feed_stats st;
    assert_int_equal(feed_ingest_jsonl(&f->env, def, in, &(struct feed_run){"wj.jsonl", D("2025-03-03"), 10, NULL, NULL}, &st,
                                       &err), 0);
    fclose(in);
    feed_def_free(def);
    assert_int_equal(st.records, 4);
    assert_int_equal(st.applied, 1);
    assert_int_equal(st.rejected, 3); /* not JSON, no 诊断编号, not an object */
    struct ms_warning *w = malloc(sizeof *w);
    assert_int_equal(warnings_of(f, "serious_illness", w), 1);
    assert_string_equal(w->hh_no, "H3");
    assert_non_null(strstr(w->evidence, "weijian:WJ-1"));
    free(w);
    char all[4000] = "";
    assert_int_equal(ms_rejects(reg_db(f->reg), "weijian", count_rejects, all, &err), 0);
    assert_non_null(strstr(all, "wj.jsonl:3"));
    assert_non_null(strstr(all, "记录键为空"));
}

static void test_death_stops_counting_and_warns(void **state)
{
    struct fixture *f = *state;
    char csv[1024];
    csv_line(csv, sizeof csv, "身份证号,死亡日期,死亡证明编号\n%s,2025-02-10,GA-1\n", f->id[1]);
    struct feed_stats st = ingest(f, "gongan", csv, "2025-03-03");
    assert_int_equal(st.applied, 1);
    struct ms_warning *w = malloc(sizeof *w);
    assert_int_equal(warnings_of(f, "member_died", w), 1);
    assert_string_equal(w->hh_no, "H2");
    assert_string_equal(w->office, "500112002");
    assert_non_null(strstr(w->evidence, "2025-02-10"));
    assert_non_null(strstr(w->evidence, "自 2025-03-01 起停发"));
    free(w);
    /* The engine no longer counts the deceased from the death date: his
     * 护理补贴 holds the day before and not the day after. */
    int prog = pol_program_find(f->set, "disability_care");
    assert_true(prog >= 0);
    const char *days[] = {"2025-02-09", "2025-02-11"};
    for (int i = 0; i < 2; i++) {
        struct mz_err err = {0};
        int64_t hid;
        int64_t *pids;
        assert_int_equal(reg_person_find(f->reg, f->id[1], &hid, &err), 1);
        struct pol_snapshot *snap = snap_load(
            reg_db(f->reg), f->set, &(struct snap_request){.as_of = D(days[i])}, &pids, &err);
        assert_non_null(snap);
        struct pol_results *res = pol_eval(f->set, snap, D(days[i]), 1, &err);
        assert_non_null(res);
        size_t row = 0;
        while (row < snap->npersons && pids[row] != hid)
            row++;
        assert_true(row < snap->npersons);
        assert_int_equal(pol_results_eligible(res, prog)[row], i == 0);
        pol_results_free(res);
        pol_snapshot_free(snap);
        mz_free(pids);
    }
}

static void test_sweep_catches_bypass(void **state)
{
    struct fixture *f = *state;
    /* A fact changed directly, not through a feed: nothing is raised... */
    fact(f, f->id[3], "medical_spending_12m", "30000", "2025-02-01");
    struct ms_warning *w = malloc(sizeof *w);
    assert_int_equal(warnings_of(f, "large_medical", w), 0);
    /* ...until the sweep re-evaluates the city and disagrees. */
    struct mon_counts n = {0};
    struct mz_err err = {0};
    assert_int_equal(mon_sweep(&f->env, D("2025-03-03"), false, &n, &err), 0);
    assert_int_equal(n.households, 3);
    assert_true(n.warnings >= 1);
    assert_int_equal(warnings_of(f, "large_medical", w), 1);
    assert_string_equal(w->hh_no, "H3");
    assert_string_equal(w->raised_by, "sweep");
    assert_non_null(strstr(w->evidence, "30000.00元"));
    /* A second sweep finds both paths agree: nothing new. */
    n = (struct mon_counts){0};
    assert_int_equal(mon_sweep(&f->env, D("2025-03-03"), false, &n, &err), 0);
    assert_int_equal(n.warnings, 0);
    free(w);
}

static void test_sole_earner_unemployed(void **state)
{
    struct fixture *f = *state;
    char csv[1024];
    csv_line(csv, sizeof csv, "身份证号,登记编号,登记日期,登记类型\n%s,RS-1,2025-02-15,失业登记\n",
             f->id[0]);
    struct feed_stats st = ingest(f, "renshe", csv, "2025-03-03");
    assert_int_equal(st.applied, 1);
    struct ms_warning *w = malloc(sizeof *w);
    assert_int_equal(warnings_of(f, "sole_earner_unemployed", w), 1);
    assert_string_equal(w->hh_no, "H1");
    assert_non_null(strstr(w->evidence, "登记失业"));
    /* The spouse in H2 registering unemployed is not the only earner. */
    csv_line(csv, sizeof csv, "身份证号,登记编号,登记日期,登记类型\n%s,RS-2,2025-02-15,失业登记\n",
             f->id[2]);
    st = ingest(f, "renshe", csv, "2025-03-03");
    assert_int_equal(st.applied, 1);
    assert_int_equal(warnings_of(f, "sole_earner_unemployed", w), 1);
    /* Once the working head is registered unemployed too, each of them is
     * the household's last earner gone: both are raised. */
    csv_line(csv, sizeof csv, "身份证号,登记编号,登记日期,登记类型\n%s,RS-3,2025-02-16,失业登记\n",
             f->id[1]);
    ingest(f, "renshe", csv, "2025-03-03");
    assert_int_equal(warnings_of(f, "sole_earner_unemployed", w), 3);
    assert_string_equal(w->hh_no, "H2");
    free(w);
}

/* An elderly person living alone with no recorded contact for more than
 * 90 days: no feed arrives when nobody visits, so the sweep raises it as
 * the days pass; someone living with a spouse is not alone; a new visit
 * ends the condition. */
static void test_elderly_alone_no_contact(void **state)
{
    struct fixture *f = *state;
    char alone[19], old[19], spouse[19];
    make_id(alone, "50010319500601002");
    make_id(old, "50010319480701003");
    make_id(spouse, "50010319490801004");
    enum put_result res;
    struct mz_err err = {0};
    household(f, "H4", "500103001003");
    household(f, "H5", "500103001003");
    struct reg_person_in people[] = {
        {alone, "周老", NULL, "1950-06-01", "城镇", "500103001003", "H4", "户主", NULL},
        {old, "吴老", NULL, "1948-07-01", "城镇", "500103001003", "H5", "户主", NULL},
        {spouse, "郑老", NULL, "1949-08-01", "城镇", "500103001003", "H5", "配偶", NULL},
    };
    for (size_t i = 0; i < 3; i++)
        if (reg_person_put(f->reg, &people[i], D("2024-01-01"), &res, &err) < 0)
            fail_msg("%s", err.msg);
    char csv[1024];
    csv_line(csv, sizeof csv, "身份证号,探访编号,探访日期\n%s,TF-1,2025-03-01\n", alone);
    struct feed_stats st = ingest(f, "tanfang", csv, "2025-03-03");
    assert_int_equal(st.applied, 1);
    struct ms_warning *w = malloc(sizeof *w);
    struct mon_counts n = {0};
    /* 89 days after the visit: nothing yet; 94 days: H4 only. */
    assert_int_equal(mon_sweep(&f->env, D("2025-05-29"), false, &n, &err), 0);
    assert_int_equal(warnings_of(f, "alone_no_contact", w), 0);
    assert_int_equal(mon_sweep(&f->env, D("2025-06-03"), false, &n, &err), 0);
    assert_int_equal(warnings_of(f, "alone_no_contact", w), 1);
    assert_string_equal(w->hh_no, "H4");
    assert_string_equal(w->raised_by, "sweep");
    assert_non_null(strstr(w->evidence, "2025-03-01"));
    assert_non_null(strstr(w->evidence, "周老"));
    /* The next sweep does not raise it again. */
    assert_int_equal(mon_sweep(&f->env, D("2025-06-04"), false, &n, &err), 0);
    assert_int_equal(warnings_of(f, "alone_no_contact", w), 1);
    /* A visit ends the condition; 91 days later it is raised anew. */
    csv_line(csv, sizeof csv, "身份证号,探访编号,探访日期\n%s,TF-2,2025-06-05\n", alone);
    ingest(f, "tanfang", csv, "2025-06-05");
    assert_int_equal(mon_warning_step(f->reg, w->id, "dismiss", "已探访", "t", &err), 0);
    assert_int_equal(mon_sweep(&f->env, D("2025-06-06"), false, &n, &err), 0);
    assert_int_equal(warnings_of(f, "alone_no_contact", w), 1);
    assert_int_equal(mon_sweep(&f->env, D("2025-09-05"), false, &n, &err), 0);
    assert_int_equal(warnings_of(f, "alone_no_contact", w), 2);
    assert_non_null(strstr(w->evidence, "2025-06-05"));
    free(w);
}

static void test_lifecycle(void **state)
{
    struct fixture *f = *state;
    char csv[1024];
    csv_line(csv, sizeof csv,
             "身份证号,结算单号,结算日期,近12个月自付金额\n%s,YB-9,2025-02-20,25000\n", f->id[3]);
    ingest(f, "yibao", csv, "2025-03-03");
    struct ms_warning *w = malloc(sizeof *w);
    assert_int_equal(warnings_of(f, "large_medical", w), 1);
    int64_t id = w->id;
    struct mz_err err = {0};
    assert_int_equal(mon_warning_step(f->reg, id, "close", "已纳入", "t", &err), -1);
    assert_non_null(strstr(err.msg, "open"));
    assert_int_equal(mon_warning_step(f->reg, id, "assign", "", "t", &err), -1);
    assert_int_equal(mon_warning_step(f->reg, id, "assign", "街道 张三", "t", &err), 0);
    assert_int_equal(mon_warning_step(f->reg, id, "verify", "入户核实属实", "t", &err), 0);
    assert_int_equal(ms_warning_get(reg_db(f->reg), id, w, &err), 1);
    assert_string_equal(w->finding, "入户核实属实");
    assert_string_equal(w->outcome, "");
    assert_int_equal(mon_warning_step(f->reg, id, "close", "已纳入临时救助", "t", &err), 0);
    assert_int_equal(ms_warning_get(reg_db(f->reg), id, w, &err), 1);
    assert_string_equal(w->state, "closed");
    assert_string_equal(w->assignee, "街道 张三");
    /* closing keeps what the verification found */
    assert_string_equal(w->finding, "入户核实属实");
    assert_string_equal(w->outcome, "已纳入临时救助");
    assert_int_equal(mon_warning_step(f->reg, id, "dismiss", "重复", "t", &err), -1);
    /* A closed warning is not raised again for the same value... */
    struct mon_counts n = {0};
    assert_int_equal(mon_sweep(&f->env, D("2025-03-03"), false, &n, &err), 0);
    assert_int_equal(warnings_of(f, "large_medical", w), 1);
    /* ...but a new, larger bill raises a new one, which can be dismissed. */
    csv_line(csv, sizeof csv,
             "身份证号,结算单号,结算日期,近12个月自付金额\n%s,YB-10,2025-02-25,60000\n", f->id[3]);
    ingest(f, "yibao", csv, "2025-03-03");
    assert_int_equal(warnings_of(f, "large_medical", w), 2);
    assert_int_equal(mon_warning_step(f->reg, w->id, "dismiss", "已在救助中", "t", &err), 0);
    assert_int_equal(mon_warning_step(f->reg, 99999, "assign", "x", "t", &err), -1);
    free(w);
}

static size_t case_count(struct fixture *f)
{
    struct mz_err err = {0};
    int64_t *ids;
    size_t n;
    assert_int_equal(cs_case_ids(reg_db(f->reg), "", false, &ids, &n, &err), 0);
    mz_free(ids);
    return n;
}

/* A warning opens a case for its household, linked both ways, and moves to
 * assigned; a failed opening changes nothing; a warning opens one case. */
static void test_warning_opens_case(void **state)
{
    struct fixture *f = *state;
    char csv[1024];
    csv_line(csv, sizeof csv,
             "身份证号,结算单号,结算日期,近12个月自付金额\n%s,YB-7,2025-02-20,30000\n", f->id[3]);
    ingest(f, "yibao", csv, "2025-03-03");
    struct ms_warning *w = malloc(sizeof *w);
    assert_int_equal(warnings_of(f, "large_medical", w), 1);
    struct case_env env = {f->reg, f->cal, f->set};
    struct mz_err err = {0};
    int64_t case_id = 0, linked = 0;
    struct db *db = reg_db(f->reg);
    assert_int_equal(mon_warning_case(&env, w->id, "nosuch", "street:li", "李四", D("2025-03-04"),
                                      &case_id, &err),
                     -1);
    assert_string_equal(err.code, "unknown_type");
    assert_int_equal(case_count(f), 0);
    assert_int_equal(ms_case_of_warning(db, w->id, &linked, &err), 0);
    assert_int_equal(mon_warning_case(&env, w->id, "temporary", "street:li", "李四",
                                      D("2025-03-04"), &case_id, &err),
                     0);
    assert_int_equal(ms_case_of_warning(db, w->id, &linked, &err), 1);
    assert_int_equal(linked, case_id);
    assert_int_equal(ms_warning_of_case(db, case_id, &linked, &err), 1);
    assert_int_equal(linked, w->id);
    struct case_row c;
    assert_int_equal(cs_case_get(db, case_id, &c, &err), 1);
    assert_int_equal(c.household_id, w->household_id);
    assert_string_equal(c.type, "temporary");
    assert_int_equal(ms_warning_get(db, w->id, w, &err), 1);
    assert_string_equal(w->state, "assigned");
    assert_string_equal(w->assignee, "李四");
    assert_int_equal(mon_warning_case(&env, w->id, "temporary", "street:li", "李四",
                                      D("2025-03-04"), &case_id, &err),
                     -1);
    assert_string_equal(err.code, "already_linked");
    assert_int_equal(case_count(f), 1);
    assert_int_equal(mon_warning_case(&env, 99999, "temporary", "street:li", "李四",
                                      D("2025-03-04"), &case_id, &err),
                     -1);
    assert_string_equal(err.code, "not_found");
    free(w);
}

/* Warning rules are checked with the policies: a bad rule is a compile
 * error naming file, line and column. */
static void test_rule_errors(void **state)
{
    struct fixture *f = *state;
    const char *head = "input person x \"X\" int from fact x default 0\n"
                       "program p \"P\" on person criterion \"c\" cite \"c\" = x > 0\n";
    const char *bad[] = {
        "warning a \"A\" severity high due 5 workdays when person nosuch == 1\n",
        "warning a \"A\" severity urgent due 5 workdays when became eligible p\n",
        "warning a \"A\" severity high due 5 workdays when became eligible nosuch\n",
        "warning a \"A\" severity high due 5 workdays when person x + 1\n",
        "warning a \"A\" severity low due 1 workdays when became eligible p\n"
        "warning a \"A\" severity low due 1 workdays when became ineligible p\n",
        "warning a \"A\" severity low due 999 workdays when became eligible p\n",
        "warning a \"A\" severity low due 9 workdays when person x > 1 case 低保\n",
        "warning a \"A\" severity low due 9 workdays when person x > 1 to county\n",
    };
    const char *expect[] = {"w.pol:3:56: 错误：未定义的名称 'nosuch'",
                            "w.pol:3:24: 错误：应为严重程度",
                            "w.pol:3:65: 错误：未定义的项目 'nosuch'",
                            "w.pol:3:58: 错误：预警条件须为布尔值，却是整数",
                            "w.pol:4:9: 错误：预警规则 'a' 重复定义",
                            "w.pol:3:32: 错误：办理期限",
                            "w.pol:3:66: 错误：应为建议的申请类型 (字符串)，却是 '低保'",
                            "w.pol:3:64: 错误：应为'supervision'，却是 'county'"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s", head, bad[i]);
        const char *paths[] = {"w.pol"}, *texts[] = {text};
        struct mz_err err = {0};
        assert_null(pol_compile_sources(paths, texts, 1, &err));
        if (!strstr(err.msg, expect[i]))
            fail_msg("case %zu: %s", i, err.msg);
    }
    /* the shipped rules compile with the policies */
    int n = pol_warning_count(f->set), person = 0, supervision = 0;
    assert_true(n >= 14);
    for (int i = 0; i < n; i++) {
        const struct pol_warning *w = pol_warning(f->set, i);
        person += w->kind == POL_WARN_PERSON && !w->supervision;
        supervision += w->supervision;
    }
    assert_int_equal(person, 11); /* with reassess_overdue, visit_missed and the children's two */
    assert_int_equal(supervision, 13); /* supervision.pol: anomaly rules for the county */
    /* the application a rule proposes (`case`) is a procedure's name */
    size_t nproc;
    const struct procedure *procs = proc_all(&nproc);
    int proposing = 0;
    for (int i = 0; i < n; i++) {
        const struct pol_warning *w = pol_warning(f->set, i);
        if (!w->case_label[0])
            continue;
        proposing++;
        size_t k = 0;
        while (k < nproc && strcmp(procs[k].label, w->case_label) != 0)
            k++;
        if (k == nproc)
            fail_msg("warning %s proposes an unknown application \"%s\"", w->name, w->case_label);
    }
    assert_int_equal(proposing, 5); /* with child_parent_change: 孤儿、事实无人抚养 */
    for (int i = 0; i < n; i++) {
        const struct pol_warning *w = pol_warning(f->set, i);
        if (strcmp(w->name, "severe_disability") == 0)
            assert_string_equal(w->case_label, "残疾人两项补贴");
        if (strcmp(w->name, "member_died") == 0 || strcmp(w->name, "found_dibao") == 0)
            assert_string_equal(w->case_label, "");
    }

    struct mz_err err = {0};
    const char *names[] = {"yibao", "renshe", "weijian", "canlian", "jiaoyu", "gongan", "tanfang"};
    for (size_t i = 0; i < 7; i++) {
        struct feed_def *def = feed_def_find("feeds", names[i], &err);
        if (!def)
            fail_msg("%s", err.msg);
        assert_string_equal(feed_def_name(def), names[i]);
        feed_def_free(def);
    }
}

/* Allocation failures anywhere in loading a feed or in an ingest
 * fail cleanly (nothing half-stored), and the same ingest then succeeds. */
static void test_out_of_memory(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    for (long n = 0;; n++) {
        mem_fail_after(n);
        struct feed_def *def = feed_def_find("feeds", "renshe", &err);
        mem_fail_reset();
        feed_def_free(def);
        if (def)
            break;
        assert_true(n < 1000);
    }
    char csv[512];
    csv_line(csv, sizeof csv, "身份证号,登记编号,登记日期,登记类型\n%s,RS-1,2025-02-15,失业登记\n",
             f->id[0]);
    struct feed_def *def = feed_def_find("feeds", "renshe", &err);
    struct feed_stats st;
    for (long n = 0;; n++) {
        struct table *t;
        assert_int_equal(table_open_mem("m.csv", csv, strlen(csv), &t, &err), 0);
        mem_fail_after(n);
        int rc = feed_ingest(&f->env, def, t, &(struct feed_run){"m.csv", D("2025-03-03"), 1, NULL, NULL}, &st, &err);
        mem_fail_reset();
        table_close(t);
        if (rc == 0)
            break;
        if (n >= 10000)
            fail_msg("%s", err.msg);
    }
    feed_def_free(def);
    assert_int_equal(st.applied, 1); /* no earlier attempt left the record stored */
    struct ms_warning *w = malloc(sizeof *w);
    assert_int_equal(warnings_of(f, "sole_earner_unemployed", w), 1);
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_large_bill_raises_warning_for_street, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rejects_keep_reasons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_death_stops_counting_and_warns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_catches_bypass, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sole_earner_unemployed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elderly_alone_no_contact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_warning_opens_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rule_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
