/* The policy language: diagnostics, types, conflicts, folding, values,
 * failed allocations, the Chongqing tests, and explanations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "base/mem.h"
#include "policy/policy.h"
#include "policy/snapshot.h"

static struct pol_set *compile1(const char *text, struct mz_err *err)
{
    const char *paths[] = {"t.pol"};
    const char *texts[] = {text};
    mz_err_clear(err);
    return pol_compile_sources(paths, texts, 1, err);
}

/* Compiles text that must fail and returns the message (static buffer). */
static const char *error_of(const char *text, const char *code)
{
    static struct mz_err err;
    struct pol_set *set = compile1(text, &err);
    assert_null(set);
    assert_string_equal(err.code, code);
    return err.msg;
}

static void syntax_error_has_location_line_and_caret(void **state)
{
    const char *msg = error_of("# types\ninput person x \"x\" mony from fact x\n", "policy_syntax");
    assert_string_equal(msg, "t.pol:2:20: 错误：应为类型 (money, int, ratio, bool, date, enum(...))，"
                             "却是 'mony'\ninput person x \"x\" mony from fact x\n"
                             "                   ^");
}

static void caret_counts_wide_characters(void **state)
{
    const char *msg = error_of("input person x \"收入\" money from fact x default 1.234\n",
                               "policy_syntax");
    /* "收入" is 2 characters (columns 17-18) but 4 terminal cells wide */
    assert_non_null(strstr(msg, "t.pol:1:47:"));
    char caret[64] = "\n";
    memset(caret + 1, ' ', 48); /* 46 characters before, two of them wide */
    strcpy(caret + 49, "^");
    assert_non_null(strstr(msg, caret));
}

static void lexer_errors(void **state)
{
    assert_non_null(strstr(error_of("param p \"p\" money \"50\": 2025-07-01 7;\n", "policy_syntax"),
                           "t.pol:1:37: 错误：无法识别的字符 ';'"));
    assert_non_null(strstr(error_of("person a \"a = 1\n", "policy_syntax"), "缺少结束的引号"));
    assert_non_null(strstr(error_of("param p \"p\" date \"50\": 2025-02-30\n", "policy_syntax"),
                           "日期 2025-02-30 不存在"));
    assert_non_null(strstr(error_of("household a \"a\" = 99999999999999999999\n", "policy_syntax"),
                           "超出范围"));
    assert_non_null(strstr(error_of("person a \"a\" =", "policy_syntax"), "应为表达式，却是文件结尾"));
}

static void type_errors(void **state)
{
    const char *in = "input person x \"x\" money from fact x\n";
    char buf[512];
    snprintf(buf, sizeof buf, "%sperson y \"y\" = x + 40\n", in);
    assert_non_null(strstr(error_of(buf, "policy_type"), "类型不匹配：金额 + 整数（金额常量请写单位，如 40 元）"));
    snprintf(buf, sizeof buf, "%sperson y \"y\" = x + 40 元\nhousehold z \"z\" = y\n", in);
    assert_non_null(strstr(error_of(buf, "policy_type"), "个人变量 'y' 在家庭层面须用"));
    snprintf(buf, sizeof buf, "%sperson y \"y\" = sum(x)\n", in);
    assert_non_null(strstr(error_of(buf, "policy_type"), "汇总函数只能用于家庭层面"));
    snprintf(buf, sizeof buf, "%sperson y \"y\" = relation == \"舅舅\"\n", in);
    assert_non_null(strstr(error_of(buf, "policy_type"), "'舅舅' 不是可选值（户主、配偶"));
    snprintf(buf, sizeof buf, "%sperson y \"y\" = nosuch + 1\n", in);
    assert_non_null(strstr(error_of(buf, "policy_type"), "t.pol:2:16: 错误：未定义的名称 'nosuch'"));
    snprintf(buf, sizeof buf, "%sperson a \"a\" = b\nperson b \"b\" = a\n", in);
    assert_non_null(strstr(error_of(buf, "policy_cycle"), "循环引用"));
    snprintf(buf, sizeof buf, "%sprogram p \"p\" on person criterion \"c\" cite \"s\" = x\n", in);
    assert_non_null(strstr(error_of(buf, "policy_type"), "条件须为布尔值，却是金额"));
    snprintf(buf, sizeof buf, "%sperson x \"again\" = 1\n", in);
    assert_non_null(strstr(error_of(buf, "policy_syntax"), "名称 'x' 已定义"));
}

static const char *two_programs =
    "program a \"甲\" on household group \"基本生活\" %s\n"
    "  criterion \"c\" cite \"s\" = true\n"
    "program b \"乙\" on person group \"基本生活\" %s\n"
    "  criterion \"c\" cite \"s\" = true\n";

static void conflicts_between_programs(void **state)
{
    char buf[512];
    struct mz_err err;
    snprintf(buf, sizeof buf, two_programs, "", "");
    const char *msg = error_of(buf, "policy_conflict");
    assert_non_null(strstr(msg, "t.pol:3:9: 错误：项目 'b' 与 'a' 同属互斥组“基本生活”"));
    assert_non_null(strstr(msg, "未声明优先顺序"));
    snprintf(buf, sizeof buf, two_programs, "after b", "");
    struct pol_set *set = compile1(buf, &err);
    assert_non_null(set);
    pol_set_free(set);
    snprintf(buf, sizeof buf, two_programs, "after b", "after a");
    assert_non_null(strstr(error_of(buf, "policy_cycle"), "循环引用"));
    snprintf(buf, sizeof buf, two_programs, "after c", "");
    assert_non_null(strstr(error_of(buf, "policy_type"), "未定义的项目 'c'"));
}

static char *dump_of(const struct pol_set *set, const char *program)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(pol_dump(set, program, f), 0);
    fclose(f);
    return text;
}

static void constant_folding_shows_in_bytecode(void **state)
{
    struct mz_err err;
    struct pol_set *set = compile1(
        "input person x \"x\" money from fact x\n"
        "program p \"p\" on person criterion \"c\" cite \"s\" = x > (2 + 3) * 10 元 and 1 < 2\n"
        "  amount = if 2 > 1 then x * 1.5 else x rounded to yuan\n",
        &err);
    assert_non_null(set);
    char *d = dump_of(set, "p");
    assert_non_null(strstr(d, "GT     P r"));
    assert_non_null(strstr(d, "x, #5000\n"));  /* (2 + 3) * 10 元 = 5000 fen */
    assert_non_null(strstr(d, "MULR   P"));      /* money × ratio */
    assert_non_null(strstr(d, "x, #15000\n"));  /* 1.5 as a ratio */
    assert_non_null(strstr(d, "ROUNDY"));
    assert_null(strstr(d, "ADD"));  /* folded */
    assert_null(strstr(d, "AND"));  /* `and 1 < 2` folded into `and true`… */
    assert_null(strstr(d, "SEL    P r")); /* the if folded away */
    free(d);
    pol_set_free(set);
}

static void aggregation_bytecode(void **state)
{
    struct mz_err err;
    struct pol_set *set = compile1(
        "input person x \"x\" money from fact x\n"
        "program p \"p\" on household criterion \"c\" cite \"s\" = "
        "count(member where x > 0 元) >= 2 and any(relation == \"配偶\")\n",
        &err);
    assert_non_null(set);
    char *d = dump_of(set, NULL);
    assert_non_null(strstr(d, "HSUM   H"));
    assert_non_null(strstr(d, "HANY   H"));
    assert_non_null(strstr(d, "relation, #2"));
    free(d);
    pol_set_free(set);
}

static void value_parsing(void **state)
{
    struct mz_err err;
    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    assert_non_null(set);
    int64_t v;
    int wage = pol_input_find(set, "wage_income"), dead = pol_input_find(set, "is_dead");
    int birth = pol_input_find(set, "birth_date"), type = pol_input_find(set, "disability_type");
    assert_int_equal(pol_value_parse(set, wage, "770.00", &v, &err), 0);
    assert_int_equal(v, 77000);
    assert_int_equal(pol_value_parse(set, wage, "770", &v, &err), 0);
    assert_int_equal(v, 77000);
    assert_int_equal(pol_value_parse(set, wage, "7.5", &v, &err), 0);
    assert_int_equal(v, 750);
    assert_int_equal(pol_value_parse(set, wage, "7.555", &v, &err), -1);
    assert_non_null(strstr(err.msg, "金额 '7.555' 无效"));
    assert_int_equal(pol_value_parse(set, wage, "", &v, &err), -1);
    assert_int_equal(pol_value_parse(set, dead, "是", &v, &err), 0);
    assert_int_equal(v, 1);
    assert_int_equal(pol_value_parse(set, dead, "0", &v, &err), 0);
    assert_int_equal(v, 0);
    assert_int_equal(pol_value_parse(set, dead, "maybe", &v, &err), -1);
    assert_int_equal(pol_value_parse(set, birth, "2025-07-01", &v, &err), 0);
    assert_int_equal(v, date_from_ymd(2025, 7, 1));
    assert_int_equal(pol_value_parse(set, birth, "2025-13-01", &v, &err), -1);
    assert_int_equal(pol_value_parse(set, type, "肢体", &v, &err), 0);
    assert_int_equal(v, 4);
    assert_int_equal(pol_value_parse(set, type, "其它", &v, &err), -1);
    assert_non_null(strstr(err.msg, "视力、听力"));
    /* the loader's view of an input */
    int n;
    const struct pol_input *in = pol_inputs(set, &n);
    assert_true(n > 20);
    int sup = pol_input_find(set, "has_supporter");
    assert_string_equal(in[sup].fact, "has_supporter");
    assert_int_equal(in[sup].type, POL_BOOL);
    assert_int_equal(in[sup].dflt, 1);
    assert_int_equal(in[type].nenum, 7);
    assert_string_equal(in[wage].unit, "month");
    assert_int_equal(strlen(pol_version(set)), 64);
    int dibao = pol_program_find(set, "dibao");
    assert_string_equal(pol_program_label(set, dibao), "城乡居民最低生活保障");
    assert_string_equal(pol_program_case(set, dibao), "低保审批");
    assert_int_equal(pol_program_entity(set, dibao), POL_HOUSEHOLD);
    assert_int_equal(pol_program_entity(set, pol_program_find(set, "tekun")), POL_PERSON);
    pol_set_free(set);
}

static void version_is_content_hash(void **state)
{
    struct mz_err err;
    struct pol_set *a = compile1("person a \"a\" = 1\n", &err), *b = compile1("person a \"a\" = 2\n", &err),
                   *c = compile1("person a \"a\" = 1\n", &err);
    assert_string_not_equal(pol_version(a), pol_version(b));
    assert_string_equal(pol_version(a), pol_version(c));
    pol_set_free(a);
    pol_set_free(b);
    pol_set_free(c);
    /* the same files read through another spelling of the folder: the same
     * version (issue #12: it changed with the path) */
    const char *dirs[] = {"policies/chongqing", "./policies//chongqing/", "../"};
    char up[1200];
    char *cwd = getcwd(NULL, 0);
    const char *base = strrchr(cwd, '/');
    snprintf(up, sizeof up, "../%s/policies/chongqing", base + 1);
    dirs[2] = up;
    free(cwd);
    char first[65] = "";
    for (int i = 0; i < 3; i++) {
        struct pol_set *set = pol_compile_dir(dirs[i], &err);
        if (!set)
            fail_msg("%s: %s", dirs[i], err.msg);
        if (i == 0)
            snprintf(first, sizeof first, "%s", pol_version(set));
        else
            assert_string_equal(pol_version(set), first);
        pol_set_free(set);
    }
}

static void chongqing_policy_tests_pass(void **state)
{
    assert_int_equal(pol_cmd_check("policies/chongqing"), 0);
    assert_int_equal(pol_cmd_test("policies/chongqing"), 0);
    assert_int_equal(pol_cmd_check("tests/no-such-dir"), 1);
}

static void failing_policy_test_is_reported(void **state)
{
    struct mz_err err;
    struct pol_set *set = compile1(
        "input person x \"x\" money from fact x\n"
        "program p \"p\" on household criterion \"收入低于100元\" cite \"某办法第一条\" = sum(x) < 100 元\n"
        "test \"should fail\" as of 2025-01-01 household member 户主 x 150.00\n"
        "  expect p eligible\n",
        &err);
    assert_non_null(set);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(pol_run_tests(set, f, 0), 1);
    fclose(f);
    assert_non_null(strstr(text, "失败 t.pol:4: should fail：p 应为符合，实际为不符合"));
    assert_non_null(strstr(text, "✗ 条件1：收入低于100元 —— 不成立"));
    free(text);
    pol_set_free(set);
}

static void explanation_names_failing_criterion(void **state)
{
    struct mz_err err;
    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    assert_non_null(set);
    struct pol_snapshot *s = pol_snapshot_new(set, 2, 1, &err);
    s->member_start[1] = 2;
    s->household_id[0] = 42;
    strcpy(s->division[0], "500103001001");
    int wage = pol_input_find(set, "wage_income"), birth = pol_input_find(set, "birth_date");
    s->columns[wage][0] = 180000;
    s->columns[birth][0] = date_from_ymd(1980, 1, 1);
    s->columns[birth][1] = date_from_ymd(1982, 1, 1);
    int dibao = pol_program_find(set, "dibao");
    struct pol_explanation *ex = pol_explain(set, s, 0, dibao, date_from_ymd(2025, 7, 1), &err);
    assert_non_null(ex);
    const char *t = pol_explanation_text(ex);
    /* the header: no internal id, the import's words, the living counted */
    assert_non_null(strstr(t, "家庭（区划 500103001001，城镇，在世成员 2 人），截至 2025-07-01"));
    assert_non_null(strstr(t, "【城乡居民最低生活保障】本户：不符合"));
    assert_non_null(strstr(t, "✗ 条件2：家庭月人均收入低于当地低保标准 —— 不成立"));
    assert_non_null(strstr(t, "《最低生活保障审核确认办法》第十三条"));
    assert_non_null(strstr(t, "家庭月人均收入（per_capita_income） = 900.00元"));
    assert_null(strstr(t, "低保边缘家庭")); /* only the program asked for */
    assert_int_equal(pol_explanation_eligible(ex, dibao, 0), 0);
    assert_int_equal(pol_explanation_eligible(ex, pol_program_find(set, "dibao_edge"), 0), 1);
    pol_explanation_free(ex);
    int is_dead = pol_input_find(set, "is_dead"), died = pol_input_find(set, "death_date");
    s->columns[is_dead][1] = 1;
    s->columns[died][1] = date_from_ymd(2025, 3, 1);
    ex = pol_explain(set, s, 0, dibao, date_from_ymd(2025, 7, 1), &err);
    assert_non_null(ex);
    assert_non_null(strstr(pol_explanation_text(ex),
                           "家庭（区划 500103001001，城镇，在世成员 1 人，另有 1 人已去世）"));
    pol_explanation_free(ex);
    assert_null(pol_explain(set, s, 1, -1, date_from_ymd(2025, 7, 1), &err));
    pol_snapshot_free(s);
    pol_set_free(set);
}

static void snapshot_shape_is_checked(void **state)
{
    struct mz_err err;
    struct pol_set *set = compile1("person a \"a\" = 1\n", &err);
    struct pol_snapshot *s = pol_snapshot_new(set, 2, 1, &err);
    strcpy(s->division[0], "500103001001");
    assert_null(pol_eval(set, s, 0, 2, &err));
    assert_non_null(strstr(err.msg, "成员区间"));
    s->member_start[1] = 2;
    strcpy(s->division[0], "5001");
    assert_null(pol_eval(set, s, 0, 2, &err));
    assert_non_null(strstr(err.msg, "'5001' 不是 12 位数字"));
    pol_snapshot_free(s);
    pol_set_free(set);
}

static void failed_allocations_are_clean(void **state)
{
    struct mz_err err;
    int ok = 0;
    for (long n = 0; n < 2000 && !ok; n += 7) {
        mem_fail_after(n);
        struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
        mem_fail_reset();
        if (set) {
            ok = 1;
            pol_set_free(set);
        } else {
            assert_true(strstr(err.msg, "内存") != NULL);
        }
    }
    assert_true(ok);
}

static void failed_allocations_in_evaluation(void **state)
{
    struct mz_err err;
    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    assert_non_null(set);
    struct pol_snapshot *s = pol_snapshot_new(set, 3, 2, &err);
    s->member_start[1] = 2;
    s->member_start[2] = 3;
    strcpy(s->division[0], "500103001001");
    strcpy(s->division[1], "500230100200");
    int done_eval = 0, done_explain = 0;
    for (long n = 0; n < 200 && !(done_eval && done_explain); n++) {
        mem_fail_after(n);
        struct pol_results *res = pol_eval(set, s, date_from_ymd(2025, 7, 1), 2, &err);
        mem_fail_reset();
        mem_fail_after(n);
        struct pol_explanation *ex = pol_explain(set, s, 0, -1, date_from_ymd(2025, 7, 1), &err);
        mem_fail_reset();
        done_eval |= res != NULL;
        done_explain |= ex != NULL;
        if (!res || !ex)
            assert_non_null(strstr(err.msg, "内存"));
        pol_results_free(res);
        pol_explanation_free(ex);
    }
    assert_true(done_eval && done_explain);
    pol_snapshot_free(s);
    pol_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(syntax_error_has_location_line_and_caret),
        cmocka_unit_test(caret_counts_wide_characters),
        cmocka_unit_test(lexer_errors),
        cmocka_unit_test(type_errors),
        cmocka_unit_test(conflicts_between_programs),
        cmocka_unit_test(constant_folding_shows_in_bytecode),
        cmocka_unit_test(aggregation_bytecode),
        cmocka_unit_test(value_parsing),
        cmocka_unit_test(version_is_content_hash),
        cmocka_unit_test(chongqing_policy_tests_pass),
        cmocka_unit_test(failing_policy_test_is_reported),
        cmocka_unit_test(explanation_names_failing_criterion),
        cmocka_unit_test(snapshot_shape_is_checked),
        cmocka_unit_test(failed_allocations_are_clean),
        cmocka_unit_test(failed_allocations_in_evaluation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
