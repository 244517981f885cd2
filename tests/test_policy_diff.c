/* Differential test: for thousands of random households, the vectorized
 * path (bytecode, batches, two threads) and the scalar explain path (the
 * syntax tree, one household) agree exactly on every program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "policy/policy.h"
#include "policy/snapshot.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int64_t below(int64_t n)
{
    return (int64_t)(next_rand() % (uint64_t)n);
}

static int64_t random_value(const struct pol_input *in, mz_date as_of)
{
    switch (in->type) {
    case POL_MONEY:
        return below(3) == 0 ? 0 : below(4) == 0 ? below(4000000) : below(300000);
    case POL_BOOL:
        return below(2);
    case POL_DATE:
        if (strcmp(in->name, "death_date") == 0 && below(2))
            return MZ_DATE_NONE;
        return as_of - below(36500);
    case POL_ENUM:
        return below(in->nenum + 1);
    default:
        return below(7);
    }
}

static struct pol_snapshot *random_snapshot(const struct pol_set *set, size_t nh, mz_date as_of)
{
    static const char *divisions[] = {"500103001001", "500103002003", "500104001001",
                                      "500230100200", "500101001001"};
    struct mz_err err;
    size_t np = 0, sizes[4096];
    for (size_t h = 0; h < nh; h++)
        np += sizes[h] = (size_t)(below(9) == 0 ? 0 : 1 + below(6));
    struct pol_snapshot *s = pol_snapshot_new(set, np, nh, &err);
    assert_non_null(s);
    int n;
    const struct pol_input *in = pol_inputs(set, &n);
    for (size_t h = 0, p = 0; h < nh; h++) {
        s->household_id[h] = (int64_t)h + 1000;
        s->member_start[h] = p;
        strcpy(s->division[h], divisions[below(5)]);
        p += sizes[h];
    }
    s->member_start[nh] = np;
    for (int i = 0; i < n; i++) {
        size_t rows = in[i].entity == POL_PERSON ? np : nh;
        for (size_t r = 0; r < rows; r++)
            if (below(4) != 0) /* leave a quarter at the input's default */
                s->columns[i][r] = random_value(&in[i], as_of);
    }
    return s;
}

static void vectorized_and_scalar_paths_agree(void **state)
{
    struct mz_err err;
    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    assert_non_null(set);
    const mz_date dates[] = {date_from_ymd(2023, 6, 1), date_from_ymd(2025, 6, 30),
                             date_from_ymd(2025, 7, 1)};
    size_t nh = 1500;
    long eligible = 0;
    for (int d = 0; d < 3; d++) {
        struct pol_snapshot *s = random_snapshot(set, nh, dates[d]);
        struct pol_results *res = pol_eval(set, s, dates[d], 2, &err);
        struct pol_results *one = pol_eval(set, s, dates[d], 1, &err);
        assert_non_null(res);
        assert_non_null(one);
        for (size_t h = 0; h < nh; h++) {
            struct pol_explanation *ex = pol_explain(set, s, h, -1, dates[d], &err);
            assert_non_null(ex);
            for (int p = 0; p < pol_program_count(set); p++) {
                int person = pol_program_entity(set, p) == POL_PERSON;
                size_t first = person ? s->member_start[h] : h;
                size_t count = person ? s->member_start[h + 1] - s->member_start[h] : 1;
                for (size_t m = 0; m < count; m++) {
                    int64_t e = pol_results_eligible(res, p)[first + m];
                    int64_t a = pol_results_amount(res, p)[first + m];
                    if (e != pol_explanation_eligible(ex, p, (int)m) ||
                        a != pol_explanation_amount(ex, p, (int)m))
                        fail_msg("household %zu member %zu program %s: vm %lld %lld, scalar %d %lld",
                                 h, m, pol_program_name(set, p), (long long)e, (long long)a,
                                 pol_explanation_eligible(ex, p, (int)m),
                                 (long long)pol_explanation_amount(ex, p, (int)m));
                    assert_int_equal(e, pol_results_eligible(one, p)[first + m]);
                    assert_int_equal(a, pol_results_amount(one, p)[first + m]);
                    eligible += e;
                }
            }
            pol_explanation_free(ex);
        }
        pol_results_free(res);
        pol_results_free(one);
        pol_snapshot_free(s);
    }
    assert_true(eligible > 100); /* the random city is not all-ineligible */
    pol_set_free(set);
}

/* Households larger than a batch, and a batch boundary inside a range. */
static void large_households(void **state)
{
    struct mz_err err;
    const char *paths[] = {"t.pol"};
    const char *texts[] = {"input person x \"x\" money from fact x\n"
                           "program p \"p\" on household criterion \"c\" cite \"s\" = true\n"
                           "  amount = sum(x) rounded to fen\n"};
    struct pol_set *set = pol_compile_sources(paths, texts, 1, &err);
    assert_non_null(set);
    size_t sizes[] = {3, 5000, 1, 1023, 1024, 1025, 0, 7};
    size_t nh = sizeof sizes / sizeof *sizes, np = 0;
    for (size_t h = 0; h < nh; h++)
        np += sizes[h];
    struct pol_snapshot *s = pol_snapshot_new(set, np, nh, &err);
    for (size_t h = 0, p = 0; h < nh; h++) {
        s->member_start[h] = p;
        strcpy(s->division[h], "500103001001");
        p += sizes[h];
    }
    s->member_start[nh] = np;
    for (size_t p = 0; p < np; p++)
        s->columns[pol_input_find(set, "x")][p] = 1;
    struct pol_results *res = pol_eval(set, s, date_from_ymd(2025, 1, 1), 2, &err);
    assert_non_null(res);
    for (size_t h = 0; h < nh; h++)
        assert_int_equal(pol_results_amount(res, 0)[h], (int64_t)sizes[h]);
    pol_results_free(res);
    pol_snapshot_free(s);
    pol_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vectorized_and_scalar_paths_agree),
        cmocka_unit_test(large_households),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
