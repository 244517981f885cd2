/* 专项救助 referrals on hand-made households: who is referred to which
 * department (the enrolled household to 医疗 and 住房, the pupil to 教育,
 * the jobless adult to 就业, nobody of a household not enrolled), once;
 * the department's file with full ID numbers; answers all or nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "referral/referral.h"
#include "registry/divisions.h"
#include "registry/registry.h"

#define HEAD "500103198501010012"  /* registered unemployed */
#define CHILD "110105201001010010" /* in primary school */
#define OTHER "500103199003030015" /* a household not enrolled */

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static void person(struct fixture *f, const char *hh, const char *id, const char *relation)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_person_in p = {.id_number = id,
                              .name = "王五",
                              .hukou = "城镇",
                              .division = "500103001003",
                              .household_no = hh,
                              .relation = relation};
    if (reg_person_put(f->reg, &p, D("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static void fact(struct fixture *f, const char *id, const char *var, const char *value)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_fact_in in = {id, NULL, var, value, "2024-01-01", "test"};
    if (reg_fact_put(f->reg, &in, &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)))
        fail_msg("%s", err.msg);
    enum put_result res;
    for (int i = 0; i < 2; i++) {
        struct reg_household_in h = {i ? "H2" : "H1", "500103001003", "", "城镇"};
        assert_int_equal(reg_household_put(f->reg, &h, D("2024-01-01"), &res, &err), 0);
    }
    person(f, "H1", HEAD, "户主");
    person(f, "H1", CHILD, "子女");
    fact(f, HEAD, "employment", "登记失业");
    fact(f, CHILD, "schooling", "小学");
    person(f, "H2", OTHER, "户主");
    struct pay_enrol_in in = {"dibao", "H1", NULL, 0, "manual", "clerk:li"};
    int64_t id;
    bool added;
    assert_int_equal(pay_month_parse("2025-07", &in.from, &err), 0);
    if (pay_enrol(f->reg, f->set, &in, &id, &added, &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pol_set_free(f->set);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

struct seen {
    struct referral_row v[8];
    int n;
};

static int keep(void *ctx, const struct referral_row *r)
{
    struct seen *s = ctx;
    assert_true(s->n < 8);
    s->v[s->n++] = *r;
    return 0;
}

static struct seen of(struct fixture *f, const char *department)
{
    struct seen s = {.n = 0};
    struct mz_err err = {0};
    assert_int_equal(rs_referrals_of_department(reg_db(f->reg), department, keep, &s, &err), 0);
    return s;
}

static void referred_once_where_due(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    int64_t added;
    /* before the enrolment starts: no one */
    assert_int_equal(ref_refresh(f->reg, f->set, D("2025-06-15"), "clerk:li", &added, &err), 0);
    assert_int_equal(added, 0);
    assert_int_equal(ref_refresh(f->reg, f->set, D("2025-07-15"), "clerk:li", &added, &err), 0);
    assert_int_equal(added, 4);
    struct seen s = of(f, "yibao");
    assert_int_equal(s.n, 1);
    assert_string_equal(s.v[0].hh_no, "H1");
    assert_int_equal(s.v[0].person_id, 0);
    assert_string_equal(s.v[0].basis, "dibao");
    assert_non_null(strstr(s.v[0].reason, "低保家庭"));
    assert_int_equal(of(f, "zhujian").n, 1);
    s = of(f, "jiaoyu");
    assert_int_equal(s.n, 1);
    assert_int_not_equal(s.v[0].person_id, 0);
    s = of(f, "renshe");
    assert_int_equal(s.n, 1);
    assert_int_not_equal(s.v[0].person_id, of(f, "jiaoyu").v[0].person_id);
    /* once */
    assert_int_equal(ref_refresh(f->reg, f->set, D("2025-08-15"), "clerk:li", &added, &err), 0);
    assert_int_equal(added, 0);
}

static void file_out_answers_in(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    int64_t added, rows;
    assert_int_equal(ref_refresh(f->reg, f->set, D("2025-07-15"), "clerk:li", &added, &err), 0);
    char csv[160], ans[160];
    snprintf(csv, sizeof csv, "%s/jiaoyu.csv", f->dir);
    snprintf(ans, sizeof ans, "%s/answer.csv", f->dir);
    assert_int_equal(ref_export(f->reg, "jiaoyu", csv, "county:wang", &rows, &err), 0);
    assert_int_equal(rows, 1);
    FILE *in = fopen(csv, "rb");
    char text[1024];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = 0;
    assert_non_null(strstr(text, ",教育救助,H1,王五," CHILD ",低保,"));
    assert_true(of(f, "jiaoyu").v[0].exported_at[0] != '\0');
    int64_t id = of(f, "jiaoyu").v[0].id;
    /* a wrong result refuses the whole file */
    FILE *out = fopen(ans, "w");
    fprintf(out, "转介编号,结果,说明\n%lld,已救助,减免学杂费\n999,已救助,\n", (long long)id);
    fclose(out);
    char *report = NULL;
    size_t len = 0;
    FILE *rep = open_memstream(&report, &len);
    assert_int_equal(ref_answer(f->reg, "jiaoyu", ans, "machine:jiaoyu", rep, &rows, &err), -1);
    fclose(rep);
    assert_string_equal(err.code, "rejected_rows");
    assert_non_null(strstr(report, "answer.csv:3: 没有转介给本部门的编号 999"));
    free(report);
    assert_string_equal(of(f, "jiaoyu").v[0].answer, "");
    out = fopen(ans, "w");
    fprintf(out, "转介编号,结果,说明\n%lld,已救助,减免学杂费\n", (long long)id);
    fclose(out);
    assert_int_equal(ref_answer(f->reg, "jiaoyu", ans, "machine:jiaoyu", stderr, &rows, &err), 0);
    assert_int_equal(rows, 1);
    struct referral_row r = of(f, "jiaoyu").v[0];
    assert_string_equal(r.answer, "已救助");
    assert_string_equal(r.answer_note, "减免学杂费");
    /* another department cannot answer it */
    assert_int_equal(ref_answer(f->reg, "renshe", ans, "machine:renshe", stderr, &rows, &err), -1);
    assert_int_equal(ref_export(f->reg, "nosuch", csv, "x", &rows, &err), -1);
    assert_string_equal(err.code, "unknown_department");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(referred_once_where_due, setup, teardown),
        cmocka_unit_test_setup_teardown(file_out_answers_in, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
