/* 免申即享 (src/autogrant) on a real database: the sweep finds the
 * households eligible for a program granted without application
 * (低保边缘家庭, `without application confirmed`) and not enrolled, once
 * each; a confirmation without a consent is refused and enrols nobody;
 * with a member's consent the confirmation enrols the household from the
 * month after it, issues the approval notice (PDF + sealed OFD, on record)
 * and is audited; a household that no longer qualifies on the day of the
 * confirmation is refused with a clear error and stays to be closed with a
 * reason; an enrolled household is not found again. */
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
#include <unistd.h>

#include "autogrant/autogrant.h"
#include "cases/calendar.h"
#include "crypto/seal.h"
#include "monitor/monitor.h"
#include "notice/pdf.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/autograntstore.h"

struct fixture {
    char dir[64], db[128], key[128], pdf[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct mon_env env;
    int seq;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static void household(struct fixture *f, const char *no)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_household_in h = {no, "500103001003", "解放碑路1号", "城镇"};
    if (reg_household_put(f->reg, &h, D("2020-01-01"), &res, &err) < 0) fail_msg("%s", err.msg);
}

static const char *person(struct fixture *f, const char *hh, const char *relation, char id[19])
{
    char first[18];
    snprintf(first, sizeof first, "50010319800101%03d", ++f->seq);
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

/* A household of two whose head earns 2000 a month: 1000 per person, under
 * 1.5 × the 770 urban standard and over it, so 低保边缘 (not 低保). */
static const char *edge_household(struct fixture *f, const char *no, char head[19])
{
    char spouse[19];
    household(f, no);
    fact(f, person(f, no, "户主", head), "wage_income", "2000.00", "2020-01-01");
    person(f, no, "配偶", spouse);
    return head;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    setenv("MZ_TODAY", "2026-06-30", 1);
    test_registry_open(f->dir, f->db, &f->reg, true);
    snprintf(f->key, sizeof f->key, "%s/k.pem", f->dir);
    snprintf(f->pdf, sizeof f->pdf, "%s/notice.pdf", f->dir);
    char pub[160];
    snprintf(pub, sizeof pub, "%s/k.pub.pem", f->dir);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal,
                 &err) < 0 ||
        seal_keygen(f->key, pub, &err) < 0)
        fail_msg("%s", err.msg);
    f->env = (struct mon_env){f->reg, f->set, f->cal};
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

static long sweep(struct fixture *f, const char *day)
{
    struct mon_counts n = {0};
    struct mz_err err = {0};
    if (mon_sweep(&f->env, D(day), false, &n, &err) < 0) fail_msg("%s", err.msg);
    return n.findings;
}

static int64_t query(struct fixture *f, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The open finding of household no. */
static int64_t finding_of(struct fixture *f, const char *no)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT f.id FROM autogrant_findings f JOIN households h ON h.id = f.household_id "
             "WHERE h.hh_no = '%s' AND f.program = 'dibao_edge'", no);
    return query(f, sql);
}

static void test_found_consent_confirm_enrolled(void **state)
{
    struct fixture *f = *state;
    char head[19], other[19];
    edge_household(f, "E1", head);
    edge_household(f, "E2", other);
    assert_int_equal(pol_program_no_application(f->set, pol_program_find(f->set, "dibao_edge")),
                     POL_NOAPP_CONFIRMED);
    /* found once each, on the street of the household */
    assert_int_equal(sweep(f, "2026-03-02"), 2);
    assert_int_equal(sweep(f, "2026-03-03"), 0);
    int64_t id = finding_of(f, "E1");
    assert_true(id > 0);
    struct finding_row row;
    struct mz_err err = {0};
    assert_int_equal(ags_finding_get(reg_db(f->reg), id, &row, &err), 1);
    assert_string_equal(row.office, "500103001");
    assert_string_equal(row.state, "found");
    assert_string_equal(row.consent, "");
    /* no consent: refused, nobody enrolled, no notice */
    struct ag_notice notice = {f->key, f->pdf, "https://mz.example.cn"};
    struct finding_row out;
    assert_int_equal(ag_confirm(f->reg, f->set, id, D("2026-03-10"), &notice, "user:street", &out,
                                &err), -1);
    assert_string_equal(err.code, "no_consent");
    assert_int_equal(query(f, "SELECT count(*) FROM enrolments"), 0);
    assert_int_equal(query(f, "SELECT count(*) FROM notices"), 0);
    /* the head's consent; confirmed on 10 March: enrolled from April */
    assert_int_equal(ag_consent(f->reg, pid(f, head), "2026-03-05", "本人", "user:street", &err), 0);
    assert_int_equal(ags_finding_get(reg_db(f->reg), id, &row, &err), 1);
    assert_string_equal(row.consent, "2026-03-05 本人");
    if (ag_confirm(f->reg, f->set, id, D("2026-03-10"), &notice, "user:street", &out, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(out.state, "enrolled");
    assert_string_equal(out.start_month, "2026-04");
    assert_string_equal(out.decided_on, "2026-03-10");
    assert_true(out.notice_number[0] != 0);
    assert_int_equal(query(f, "SELECT count(*) FROM enrolments WHERE program = 'dibao_edge' "
                              "AND start_month = '2026-04' AND source = '免申即享'"), 1);
    assert_int_equal(query(f, "SELECT count(*) FROM notices WHERE program = 'dibao_edge' "
                              "AND decision = 'approve' AND effective = '2026-04-01'"), 1);
    assert_int_equal(query(f, "SELECT count(*) FROM audit_log WHERE action = 'autogrant.confirm'"),
                     1);
    assert_int_equal(access(f->pdf, R_OK), 0);
    char ofd[160];
    snprintf(ofd, sizeof ofd, "%s/notice.ofd", f->dir);
    assert_int_equal(access(ofd, R_OK), 0);
    /* settled: not twice, and not found again while enrolled */
    assert_int_equal(ag_confirm(f->reg, f->set, id, D("2026-03-11"), &notice, "user:street", &out,
                                &err), -1);
    assert_string_equal(err.code, "not_open");
    assert_int_equal(sweep(f, "2026-03-20"), 0);
    assert_int_equal(sweep(f, "2026-04-01"), 0);
    /* the other household, never consenting, is still not enrolled */
    assert_int_equal(query(f, "SELECT count(*) FROM enrolments"), 1);
}

static void test_not_eligible_at_confirmation(void **state)
{
    struct fixture *f = *state;
    char head[19];
    edge_household(f, "E3", head);
    assert_int_equal(sweep(f, "2026-03-02"), 1);
    int64_t id = finding_of(f, "E3");
    struct mz_err err = {0};
    assert_int_equal(ag_consent(f->reg, pid(f, head), "2026-03-03", "本人", "user:street", &err), 0);
    /* a job from 6 March: 3000 per person, over the edge */
    fact(f, head, "wage_income", "6000.00", "2026-03-06");
    struct ag_notice notice = {f->key, f->pdf, NULL};
    struct finding_row out;
    assert_int_equal(ag_confirm(f->reg, f->set, id, D("2026-03-10"), &notice, "user:street", &out,
                                &err), -1);
    assert_string_equal(err.code, "not_eligible");
    assert_non_null(strstr(err.msg, "已不符合“低保边缘家庭”的条件"));
    assert_int_equal(query(f, "SELECT count(*) FROM enrolments"), 0);
    assert_int_equal(query(f, "SELECT count(*) FROM notices"), 0);
    assert_int_equal(access(f->pdf, F_OK), -1);
    /* still open: closed with a reason only */
    assert_int_equal(ag_refuse(f->reg, id, D("2026-03-10"), "", "user:street", &err), -1);
    assert_string_equal(err.field, "reason");
    assert_int_equal(ag_refuse(f->reg, id, D("2026-03-10"), "已就业，收入超过边缘标准", "user:street",
                               &err), 0);
    struct finding_row row;
    assert_int_equal(ags_finding_get(reg_db(f->reg), id, &row, &err), 1);
    assert_string_equal(row.state, "refused");
    assert_string_equal(ag_state_label(row.state), "不予纳入");
    assert_int_equal(ag_refuse(f->reg, id, D("2026-03-10"), "再次", "user:street", &err), -1);
    assert_string_equal(err.code, "not_open");
    /* no longer eligible: not found again */
    assert_int_equal(sweep(f, "2026-03-20"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_found_consent_confirm_enrolled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_eligible_at_confirmation, setup, teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    notice_pdf_cleanup(); /* the font caches, for the leak checker */
    return failed;
}
