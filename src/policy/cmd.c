/* `mz policy check|test|dump DIR`, and the runner of the tests written
 * beside the policies: each test household is evaluated by both the VM
 * and the scalar path, and both must give the expected decision. */
#include <string.h>

#include "policy/internal.h"
#include "policy/snapshot.h"

static struct pol_snapshot *test_snapshot(const struct pol_set *set, const struct ptest *t,
                                          struct mz_err *err)
{
    struct pol_snapshot *s = pol_snapshot_new(set, (size_t)t->nmembers, 1, err);
    if (!s)
        return NULL;
    s->member_start[1] = (size_t)t->nmembers;
    s->household_id[0] = 1;
    snprintf(s->division[0], sizeof s->division[0], "%s", t->division);
    s->columns[pol_input_find(set, "rural")][0] = t->rural;
    for (int m = 0; m < t->nmembers; m++)
        for (int k = 0; k < t->members[m].nvalues; k++) {
            const struct tvalue *v = &t->members[m].values[k];
            int in = pol_input_find(set, v->name);
            if (pol_value_parse(set, in, v->text, &s->columns[in][m], err) < 0) {
                pol_snapshot_free(s);
                return NULL;
            }
        }
    return s;
}

static int run_test(const struct pol_set *set, const struct ptest *t, FILE *out, int verbose)
{
    struct mz_err err = {0};
    struct pol_snapshot *s = test_snapshot(set, t, &err);
    struct pol_results *res = s ? pol_eval(set, s, t->as_of, 1, &err) : NULL;
    struct pol_explanation *ex = res ? pol_explain(set, s, 0, -1, t->as_of, &err) : NULL;
    const char *path = set->srcs[t->loc.file].path;
    int failed = 0;
    if (!ex) {
        fprintf(out, "失败 %s:%d: %s：%s\n", path, t->loc.line, t->name, err.msg);
        failed = 1;
        goto out_free;
    }
    for (int i = 0; i < t->nexpects; i++) {
        const struct texpect *e = &t->expects[i];
        int p = pol_program_find(set, e->prog), row = e->member < 0 ? 0 : e->member;
        int64_t elig = pol_results_eligible(res, p)[row], amount = pol_results_amount(res, p)[row];
        char want[64] = "", got[64];
        if (e->has_amount)
            pol_format_value(set, (struct type){TY_MONEY, 0}, e->amount, want, sizeof want);
        pol_format_value(set, (struct type){TY_MONEY, 0}, amount, got, sizeof got);
        if (elig != pol_explanation_eligible(ex, p, e->member) ||
            amount != pol_explanation_amount(ex, p, e->member)) {
            fprintf(out, "失败 %s:%d: %s：%s 的向量计算（%lld，%lld）与逐户计算（%d，%lld）不一致\n",
                    path, e->loc.line, t->name, e->prog, (long long)elig, (long long)amount,
                    pol_explanation_eligible(ex, p, e->member),
                    (long long)pol_explanation_amount(ex, p, e->member));
            failed = 1;
        } else if (elig != e->eligible || (e->has_amount && amount != e->amount)) {
            fprintf(out, "失败 %s:%d: %s：%s 应为%s%s%s，实际为%s（%s）\n", path, e->loc.line, t->name,
                    e->prog, e->eligible ? "符合" : "不符合", e->has_amount ? " 金额 " : "", want,
                    elig ? "符合" : "不符合", got);
            failed = 1;
        }
    }
    if (failed)
        fprintf(out, "%s", pol_explanation_text(ex));
    else if (verbose)
        fprintf(out, "通过 %s\n", t->name);
out_free:
    pol_explanation_free(ex);
    pol_results_free(res);
    pol_snapshot_free(s);
    return failed;
}

int pol_run_tests(const struct pol_set *set, FILE *out, int verbose)
{
    int failures = 0;
    for (int i = 0; i < set->ntests; i++)
        failures += set->tests[i]->scale_name
                        ? pol_scale_run_test(set, set->tests[i], out, verbose)
                        : run_test(set, set->tests[i], out, verbose);
    return failures;
}

int pol_cmd_check(const char *dir)
{
    struct mz_err err = {0};
    struct pol_set *set = pol_compile_dir(dir, &err);
    if (!set) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int nunverified = 0;
    for (int i = 0; i < set->nparams; i++)
        nunverified += set->params[i]->unverified;
    printf("政策检查通过：%d 个项目，%d 个参数（%d 个未核实），%d 条预警规则，%d 个测试，版本 %s\n",
           set->nprogs, set->nparams, nunverified, set->nwarns, set->ntests, set->version);
    for (int i = 0; i < set->nscales; i++) {
        const struct pol_scale *sc = &set->scales[i]->pub;
        printf("量表 %s：%s，%d 个项目，满分 %d 分，%d 个等级，%d 条调整规则\n", sc->name, sc->label,
               sc->nitems, sc->max_total, sc->nlevels, sc->nadjusts);
    }
    puts("项目（--program 用左列的名称）：");
    for (int p = 0; p < set->nprogs; p++)
        printf("  %-20s %s（%s）\n", pol_program_name(set, p), pol_program_label(set, p),
               pol_program_entity(set, p) == POL_PERSON ? "按人" : "按户");
    pol_set_free(set);
    return 0;
}

int pol_cmd_test(const char *dir)
{
    struct mz_err err = {0};
    struct pol_set *set = pol_compile_dir(dir, &err);
    if (!set) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int failures = pol_run_tests(set, stdout, 0);
    printf("%d 个测试，%d 个通过，%d 个失败\n", set->ntests, set->ntests - failures, failures);
    pol_set_free(set);
    return failures ? 1 : 0;
}

int pol_cmd_dump(const char *dir, const char *program)
{
    struct mz_err err = {0};
    struct pol_set *set = pol_compile_dir(dir, &err);
    if (!set) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int rc = pol_dump(set, program, stdout);
    if (rc < 0)
        fprintf(stderr, "没有名为 '%s' 的项目\n", program);
    pol_set_free(set);
    return rc < 0 ? 1 : 0;
}
