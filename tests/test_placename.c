/* Place names and division changes (issue #15): romanization by GB/T 16159
 * with the place-name readings and parts of data/place-pinyin.tsv, search
 * text, the code prefixes a division holds after a split, a move and a
 * retirement, change scripts (line numbers, all or nothing, open warnings
 * moved), reports as of a day, the naming rules of 地名管理条例 art 9 and a
 * naming case's steps and due dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases/calendar.h"
#include "placename/placename.h"
#include "policy/policy.h"
#include "registry/divchange.h"
#include "registry/divisions.h"
#include "registry/pinyin.h"
#include "store/regstore.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct pn_env env;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    setenv("MZ_TODAY", "2026-02-01", 1);
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal, &err) < 0)
        fail_msg("%s", err.msg);
    f->env = (struct pn_env){f->reg, f->set, f->cal};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unsetenv("MZ_TODAY");
    pol_set_free(f->set);
    cal_free(f->cal);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

/* ---- romanization ------------------------------------------------------ */

static void romanization(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"两江新区", "Liǎngjiāng Xīnqū"},
        {"长寿区", "Chángshòu Qū"},
        {"石柱土家族自治县", "Shízhù Tǔjiāzú Zìzhìxiàn"},
        {"彭水苗族土家族自治县", "Péngshuǐ Miáozú Tǔjiāzú Zìzhìxiàn"},
        {"南岸区", "Nán'àn Qū"},
        {"丰都县", "Fēngdū Xiàn"},
        {"忠县", "Zhōng Xiàn"},
        {"长生桥镇", "Chángshēngqiáo Zhèn"},
        {"复元村村民委员会", "Fùyuáncūn Cūnmín Wěiyuánhuì"},
        {"长生河社区居民委员会", "Chángshēnghé Shèqū Jūmín Wěiyuánhuì"},
        {"解放碑", "Jiěfàngbēi"},
        {"重庆市", "Chóngqìng Shì"},
    };
    struct pinyin *py;
    struct mz_err err = {0};
    assert_int_equal(pinyin_open(&py, &err), 0);
    char out[256], letters[256], initials[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(pinyin_place_name(py, cases[i][0], out, sizeof out), 0);
        assert_string_equal(out, cases[i][1]);
    }
    assert_int_equal(pinyin_specific_len("两江新区"), strlen("两江"));
    assert_int_equal(pinyin_specific_len("石柱土家族自治县"), strlen("石柱"));
    assert_int_equal(pinyin_specific_len("解放"), strlen("解放")); /* no generic part */
    assert_int_equal(pinyin_place_search(py, "长寿区", letters, sizeof letters, initials,
                                         sizeof initials), 0);
    assert_string_equal(letters, "changshouqu");
    assert_string_equal(initials, "csq");
    pinyin_close(py);
}

static void search_text(void **state)
{
    (void)state;
    char out[64];
    pn_search_text("Liǎngjiāng Xīnqū", out, sizeof out);
    assert_string_equal(out, "liangjiangxinqu");
    pn_search_text("Nán'àn", out, sizeof out);
    assert_string_equal(out, "nanan");
    pn_search_text("长%寿_", out, sizeof out);
    assert_string_equal(out, "长寿");
}

/* ---- changes and the prefixes a division holds ------------------------- */

static int apply(struct fixture *f, const char *script, struct div_event_result *res,
                 struct mz_err *err)
{
    return div_event_apply(f->reg, "s.txt", script, res, err);
}

#define HEADER "date 2026-01-10\ntitle 测试\ndocument 测试〔2026〕1号\napproved 重庆市人民政府\n"

static void cover(struct fixture *f, const char *code, const char *day, const char *want)
{
    char prefixes[DIV_COVER_MAX][13], got[512] = "";
    int n;
    struct mz_err err = {0};
    assert_int_equal(div_cover(reg_db(f->reg), code, D(day), prefixes, DIV_COVER_MAX, &n, &err), 0);
    for (int i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "", prefixes[i]);
    assert_string_equal(got, want);
}

static void split_and_move(void **state)
{
    struct fixture *f = *state;
    struct div_event_result res;
    struct mz_err err = {0};
    /* 凤城街道 gives 凤岭路社区 (…004) to a new street; 双龙湖街道 of 渝北区
     * moves to 长寿区. */
    assert_int_equal(apply(f,
                           HEADER "create 500115099 凤岭街道 500115\n"
                                  "move 500115001004 500115099\n"
                                  "move 500112002 500115\n",
                           &res, &err),
                     0);
    assert_int_equal(res.steps, 3);
    assert_int_equal(res.moved, 2);
    cover(f, "500115001", "2026-01-10", "500115001002 500115001003 500115001200 500115001201 500115001202");
    cover(f, "500115099", "2026-01-10", "500115099 500115001004");
    cover(f, "500115", "2026-01-10", "500115 500112002");
    cover(f, "500112", "2026-01-10", "");             /* its only street moved away */
    cover(f, "500112", "2026-01-09", "500112");
    cover(f, "500115001", "2026-01-09", "500115001"); /* before the split: whole */
    assert_int_equal(div_is_under(reg_db(f->reg), "500112002001", "500115", D("2026-01-10"), &err), 1);
    /* a retired county keeps what it held on its last day */
    assert_int_equal(apply(f,
                           "date 2026-01-20\ntitle 合并\ndocument 测试〔2026〕2号\napproved 国务院\n"
                           "move-children 500105 500103\nretire 500105 500103\n",
                           &res, &err),
                     0);
    cover(f, "500105", "2026-01-25", "500105");
    cover(f, "500103", "2026-01-25", "500103 500105");
}

static void script_errors(void **state)
{
    struct fixture *f = *state;
    struct div_event_result res;
    struct mz_err err = {0};
    long before;
    assert_int_equal(rs_division_count(reg_db(f->reg), &before, &err), 0);
    /* line numbers count blank lines and comments; nothing is written */
    assert_int_equal(apply(f,
                           HEADER "\n# 注释\ncreate 500115099 凤岭街道 500115\n"
                                  "move 500115001004 500115099\nmove 500115001004 500199\n",
                           &res, &err),
                     -1);
    assert_non_null(strstr(err.msg, "s.txt:9: 字段 to："));
    long after;
    assert_int_equal(rs_division_count(reg_db(f->reg), &after, &err), 0);
    assert_int_equal(after, before);
    struct division_row d;
    assert_int_equal(rs_division_latest(reg_db(f->reg), "500115099", &d, &err), 0);
    assert_int_equal(apply(f, "create 500115099 凤岭街道 500115\n", &res, &err), -1);
    assert_non_null(strstr(err.msg, "s.txt:1: 字段 date："));
    assert_non_null(strstr(err.msg, "第七条"));
    assert_int_equal(apply(f, HEADER "split 500115001\n", &res, &err), -1);
    assert_string_equal(err.field, "op");
    assert_int_equal(apply(f, HEADER "retire 500115 500112\n", &res, &err), -1);
    assert_string_equal(err.code, "division_not_empty");
    assert_int_equal(apply(f, HEADER "create 500105 新区 5001\n", &res, &err), -1);
    assert_string_equal(err.code, "division_exists");
}

struct rows {
    char text[512];
};

static int row(void *ctx, const struct division_row *d, int64_t households, int64_t persons)
{
    struct rows *r = ctx;
    (void)persons;
    snprintf(r->text + strlen(r->text), sizeof r->text - strlen(r->text), "%s%s=%lld",
             r->text[0] ? " " : "", d->name, (long long)households);
    return 0;
}

static void report_as_of(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    enum put_result put;
    struct reg_household_in h = {"R1", "500115001004", "凤岭路1号", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &h, D("2025-01-01"), &put, &err), 0);
    struct div_event_result res;
    assert_int_equal(apply(f, HEADER "create 500115099 凤岭街道 500115\nmove 500115001004 500115099\n",
                           &res, &err),
                     0);
    struct rows before = {""}, after = {""};
    assert_int_equal(div_report(reg_db(f->reg), "500115", DIV_TOWNSHIP, D("2026-01-09"), row,
                                &before, &err),
                     0);
    assert_int_equal(div_report(reg_db(f->reg), "500115", DIV_TOWNSHIP, D("2026-01-10"), row,
                                &after, &err),
                     0);
    assert_string_equal(before.text, "凤城街道=1 晏家街道=0 江南街道=0");
    assert_string_equal(after.text, "凤城街道=0 晏家街道=0 江南街道=0 凤岭街道=1");
    assert_int_equal(div_report(reg_db(f->reg), NULL, 9, D("2026-01-10"), row, &after, &err), -1);
    assert_string_equal(err.field, "level");
}

/* ---- the gazetteer and naming cases -------------------------------------- */

static int add(struct fixture *f, const char *name, const char *division, const char *reason,
               struct mz_err *err)
{
    struct pn_input in = {.name = name, .class_ = "road", .division = division,
                          .homophone_reason = reason};
    int64_t id;
    memset(err, 0, sizeof *err);
    return pn_add(&f->env, &in, &id, err);
}

static void naming_rules(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    assert_int_equal(add(f, "长滨路", "500115001", NULL, &err), 0);
    /* the same name in the same county, and one that sounds the same */
    assert_int_equal(add(f, "长滨路", "500115003", NULL, &err), -1);
    assert_string_equal(err.code, "duplicate_name");
    assert_non_null(strstr(err.msg, "第九条第（八）项"));
    assert_int_equal(add(f, "常滨路", "500115002", NULL, &err), -1);
    assert_string_equal(err.code, "homophone_name");
    assert_int_equal(add(f, "常滨路", "500115002", "历史地名", &err), 0);
    /* another county is another scope */
    assert_int_equal(add(f, "长滨路", "500103001", NULL, &err), 0);
    /* the standard script, no rare characters, a generic part */
    assert_int_equal(add(f, "長江路", "500115001", NULL, &err), -1);
    assert_string_equal(err.code, "nonstandard_script");
    assert_int_equal(add(f, "\xe3\x90\x80路", "500115001", NULL, &err), -1); /* U+3400 */
    assert_string_equal(err.code, "nonstandard_script");
    assert_int_equal(add(f, "滨江X路", "500115001", NULL, &err), -1);
    assert_string_equal(err.field, "name");
    assert_int_equal(add(f, "凤鸣", "500115001", NULL, &err), -1);
    assert_string_equal(err.code, "missing_generic");
    assert_int_equal(add(f, "凤鸣路", "500199001", NULL, &err), -1);
    assert_string_equal(err.field, "division");
    /* a village name clashes with a division's name in the county */
    struct pn_input v = {.name = "永丰村", .class_ = "village", .division = "500115002202"};
    int64_t id;
    assert_int_equal(pn_add(&f->env, &v, &id, &err), -1);
    assert_string_equal(err.code, "duplicate_name");
}

static void naming_case(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct pn_input in = {.name = "晏家大道", .class_ = "road", .division = "500115002"};
    int64_t id;
    assert_int_equal(pn_case_open(&f->env, "name", 0, &in, "", "住建委", D("2026-01-05"), &id, &err), -1);
    assert_string_equal(err.field, "reasons");
    assert_non_null(strstr(err.msg, "第十一条"));
    assert_int_equal(pn_case_open(&f->env, "name", 0, &in, "新建道路", "住建委", D("2026-01-05"), &id,
                                  &err), 0);
    assert_int_equal(pn_case_file(&f->env, id, D("2026-01-06"), &err), -1);
    assert_string_equal(err.code, "wrong_state");
    assert_non_null(strstr(err.msg, "第十三条"));
    assert_int_equal(pn_case_approve(&f->env, id, D("2026-01-04"), "区政府", "文号", &err), -1);
    assert_string_equal(err.field, "date"); /* before the application */
    assert_int_equal(pn_case_approve(&f->env, id, D("2026-01-08"), "区政府", "长寿府〔2026〕3号", &err), 0);
    struct placecase_row c;
    assert_int_equal(pls_case_get(reg_db(f->reg), id, &c, &err), 1);
    assert_string_equal(c.filing_due, "2026-01-23");
    assert_string_equal(c.notice_due, "2026-01-23");
    assert_int_equal(pn_case_file(&f->env, id, D("2026-01-20"), &err), 0);
    assert_int_equal(pls_case_get(reg_db(f->reg), id, &c, &err), 1);
    assert_string_equal(c.state, "approved");
    assert_int_equal(pn_case_announce(&f->env, id, D("2026-01-21"), &err), 0);
    assert_int_equal(pls_case_get(reg_db(f->reg), id, &c, &err), 1);
    assert_string_equal(c.state, "done");
    struct placename_row p;
    assert_int_equal(pls_placename_get(reg_db(f->reg), c.placename_id, &p, &err), 1);
    assert_string_equal(p.status, "standard");
    assert_string_equal(p.pinyin, "Yànjiā Dàdào");
    /* a rename to the name of another road of the county is refused */
    struct pn_input other = {.name = "江南大道", .class_ = "road", .division = "500115003"};
    int64_t other_id, rid;
    assert_int_equal(pn_add(&f->env, &other, &other_id, &err), 0);
    struct pn_input to = {.name = "江南大道"};
    assert_int_equal(pn_case_open(&f->env, "rename", c.placename_id, &to, "统一命名", "住建委",
                                  D("2026-01-25"), &rid, &err), -1);
    assert_string_equal(err.code, "duplicate_name");
    /* a facility's name, approved by a department: announced within 15
     * days of the filing, not of the approval (art 14) */
    struct pn_input fac = {.name = "长寿湖大桥", .class_ = "facility", .division = "500115003"};
    int64_t fid;
    assert_int_equal(pn_case_open(&f->env, "name", 0, &fac, "新建桥梁", "区交通局", D("2026-01-05"),
                                  &fid, &err), 0);
    assert_int_equal(pn_case_approve(&f->env, fid, D("2026-01-08"), "区交通局", "长寿交〔2026〕1号",
                                     &err), 0);
    assert_int_equal(pls_case_get(reg_db(f->reg), fid, &c, &err), 1);
    assert_string_equal(c.filing_due, "2026-01-23");
    assert_string_equal(c.notice_due, "");
    assert_int_equal(pn_case_file(&f->env, fid, D("2026-01-20"), &err), 0);
    assert_int_equal(pls_case_get(reg_db(f->reg), fid, &c, &err), 1);
    assert_string_equal(c.notice_due, "2026-02-04");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(romanization),
        cmocka_unit_test(search_text),
        cmocka_unit_test_setup_teardown(split_and_move, setup, teardown),
        cmocka_unit_test_setup_teardown(script_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(report_as_of, setup, teardown),
        cmocka_unit_test_setup_teardown(naming_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(naming_case, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
