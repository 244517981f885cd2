/* Golden files for the policy language (tests/policy/NAME.test, many cases a
 * file, as in jq.test). A case is:
 *
 *   ### name
 *   policy source…
 *   <<< 2025-07-01 500103001001 urban|rural     (as-of date, division, kind)
 *   name=value name=value …                      (one line per member)
 *   >>>
 *   expected output…
 *
 * The output is one line per household program "p: 1 770.00" and per
 * member of person programs "p[2]: 0 0.00"; the vectorized and scalar
 * paths must both produce it. A case without "<<<" expects its compile
 * error after ">>>" (the message, source line and caret). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "policy/snapshot.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void trim_end(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = 0;
}

/* Runs one case; returns 0 when the output matches. */
static int run_case(const char *file, const char *name, char *policy, char *input, char *expected)
{
    char *actual = NULL;
    size_t alen = 0;
    FILE *out = open_memstream(&actual, &alen);
    struct mz_err err = {0};
    const char *paths[] = {"t.pol"};
    const char *texts[] = {policy};
    struct pol_set *set = pol_compile_sources(paths, texts, 1, &err);
    if (!set) {
        fprintf(out, "%s", err.msg);
    } else if (!input) {
        fprintf(out, "compiled");
    } else {
        char date[16], division[16], kind[16];
        char *line = strtok(input, "\n");
        assert_int_equal(sscanf(line, "%15s %15s %15s", date, division, kind), 3);
        char *members[64];
        int nm = 0;
        while ((line = strtok(NULL, "\n")) && nm < 64)
            members[nm++] = line;
        struct pol_snapshot *s = pol_snapshot_new(set, (size_t)nm, 1, &err);
        s->member_start[1] = (size_t)nm;
        snprintf(s->division[0], sizeof s->division[0], "%.12s", division);
        s->columns[pol_input_find(set, "rural")][0] = strcmp(kind, "rural") == 0;
        for (int m = 0; m < nm; m++)
            for (char *save, *kv = strtok_r(members[m], " ", &save); kv;
                 kv = strtok_r(NULL, " ", &save)) {
                char *eq = strchr(kv, '=');
                assert_non_null(eq);
                *eq = 0;
                int in = pol_input_find(set, kv);
                if (in < 0)
                    fail_msg("%s: %s: no input %s", file, name, kv);
                if (pol_value_parse(set, in, eq + 1, &s->columns[in][m], &err) < 0)
                    fail_msg("%s: %s: %s", file, name, err.msg);
            }
        mz_date as_of = date_parse(date);
        struct pol_results *res = pol_eval(set, s, as_of, 2, &err);
        struct pol_explanation *ex = pol_explain(set, s, 0, -1, as_of, &err);
        assert_non_null(res);
        assert_non_null(ex);
        for (int p = 0; p < pol_program_count(set); p++) {
            int person = pol_program_entity(set, p) == POL_PERSON;
            for (int m = 0; m < (person ? nm : 1); m++) {
                int64_t e = pol_results_eligible(res, p)[m], a = pol_results_amount(res, p)[m];
                assert_int_equal(e, pol_explanation_eligible(ex, p, m));
                assert_int_equal(a, pol_explanation_amount(ex, p, m));
                if (person)
                    fprintf(out, "%s[%d]: ", pol_program_name(set, p), m + 1);
                else
                    fprintf(out, "%s: ", pol_program_name(set, p));
                fprintf(out, "%lld %s%lld.%02lld\n", (long long)e, a < 0 ? "-" : "",
                        (long long)llabs(a) / 100, (long long)llabs(a) % 100);
            }
        }
        pol_explanation_free(ex);
        pol_results_free(res);
        pol_snapshot_free(s);
    }
    pol_set_free(set);
    fclose(out);
    trim_end(actual);
    trim_end(expected);
    int bad = strcmp(actual, expected) != 0;
    if (bad)
        print_error("%s: case \"%s\"\n--- expected\n%s\n--- actual\n%s\n", file, name, expected, actual);
    free(actual);
    return bad;
}

static int run_file(const char *path)
{
    char *text = slurp(path);
    int failures = 0, cases = 0;
    char *p = strstr(text, "### ");
    while (p) {
        char *name = p + 4, *nl = strchr(name, '\n');
        assert_non_null(nl);
        *nl = 0;
        char *body = nl + 1, *next = strstr(body, "\n### ");
        if (next)
            next[1] = 0;
        char *in = strstr(body, "<<<"), *exp = strstr(body, ">>>");
        assert_non_null(exp);
        *exp = 0;
        exp += 3;
        if (*exp == '\n')
            exp++;
        if (in) {
            *in = 0;
            in += 3;
            while (*in == ' ')
                in++;
        }
        failures += run_case(path, name, body, in, exp);
        cases++;
        if (next)
            next[1] = '#';
        p = next ? next + 1 : NULL;
    }
    free(text);
    assert_true(cases > 0);
    return failures;
}

static void golden_files(void **state)
{
    DIR *d = opendir("tests/policy");
    assert_non_null(d);
    struct dirent *e;
    int failures = 0, files = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".test") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "tests/policy/%s", e->d_name);
        failures += run_file(path);
        files++;
    }
    closedir(d);
    assert_true(files >= 3);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(golden_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
