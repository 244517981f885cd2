/* `mz spotcheck draw | show | result`: random, reproducible samples of
 * enrolled households for reviews and audits, and each sampled household's
 * result (supervise/spotcheck.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "registry/registry.h"
#include "supervise/spotcheck.h"

#define SPOT_USAGE                                                                                 \
    "用法：mz spotcheck draw --program 项目 --division 区划 --share 百分比 [--seed 种子] "        \
    "[--as-of YYYY-MM-DD]\n"                                                                      \
    "      mz spotcheck show 抽查号\n"                                                             \
    "      mz spotcheck result --check 抽查号 --household 户编号 --result 合格|不合格|未核查 "   \
    "[--note 说明]\n"

static int print_item(void *ctx, const struct spot_item *it)
{
    printf("%4d  %s  %.16s…", ++*(int *)ctx, it->hh_no, it->rank);
    if (*it->result)
        printf("  %s%s%s", it->result, *it->note ? "：" : "", it->note);
    putchar('\n');
    return 0;
}

/* mz spotcheck result: one sampled household's result. */
static int record_result(struct cli *c)
{
    const char *check = cli_opt(c, "check", NULL), *hh = cli_opt(c, "household", NULL),
               *result = cli_opt(c, "result", NULL), *note = cli_opt(c, "note", "");
    int bad = cli_unused(c);
    if (bad)
        return bad;
    char *end = NULL;
    long long id = check ? strtoll(check, &end, 10) : 0;
    if (c->nargs != 1 || !check || !hh || !result) {
        fputs(SPOT_USAGE, stderr);
        return 2;
    }
    if (*end || id <= 0) {
        fprintf(stderr, "mz spotcheck: --check 应为抽查号（正整数），实为“%s”\n", check);
        return 2;
    }
    struct registry *r;
    if ((bad = cli_open_registry(c, &r)))
        return bad;
    char actor[64];
    cli_actor(actor);
    struct mz_err err = {0};
    int rc = 0;
    if (spotcheck_result(r, id, hh, result, note, actor, &err) < 0)
        rc = cli_fail(&err);
    else
        printf("抽查 %lld：户 %s 核查结果 %s\n", id, hh, result);
    reg_close(r);
    return rc;
}

int cmd_spotcheck(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    if (strcmp(sub, "result") == 0)
        return record_result(c);
    struct spotcheck_request req = {.program = cli_opt(c, "program", NULL),
                                    .division = cli_opt(c, "division", NULL),
                                    .seed = cli_opt(c, "seed", NULL),
                                    .as_of = date_today()};
    const char *share = cli_opt(c, "share", NULL), *as_of = cli_opt(c, "as-of", NULL);
    bool draw = strcmp(sub, "draw") == 0 && c->nargs == 1;
    bool show = strcmp(sub, "show") == 0 && c->nargs == 2;
    int bad = cli_unused(c);
    if (bad)
        return bad;
    char *end = NULL;
    req.share = share ? (int)strtol(share, &end, 10) : 0;
    if ((!draw && !show) || (draw && (!req.program || !req.division || !share || *end))) {
        fputs(SPOT_USAGE, stderr);
        return 2;
    }
    if (as_of && (req.as_of = date_parse(as_of)) == MZ_DATE_NONE) {
        fprintf(stderr, "mz spotcheck: --as-of 应为 YYYY-MM-DD，实为“%s”\n", as_of);
        return 2;
    }
    struct registry *r;
    if ((bad = cli_open_registry(c, &r)))
        return bad;
    struct mz_err err = {0};
    int rc = 0, n = 0;
    int64_t id = 0;
    if (draw) {
        char actor[64];
        cli_actor(actor);
        struct spotcheck sc;
        if (spotcheck_draw(r, &req, actor, &sc, &err) < 0) {
            rc = cli_fail(&err);
        } else {
            printf("抽查 %" PRId64 "：%s，区划 %s，抽取 %d%%：在册 %" PRId64 " 户，抽中 %" PRId64
                   " 户，随机种子 %s\n（户编号按 SM3(\"种子|户编号\") 从小到大排列取前若干户，"
                   "凭种子和在册名单可复核）\n",
                   sc.id, req.program, req.division, req.share, sc.population, sc.sample, sc.seed);
            id = sc.id;
        }
    } else {
        id = strtoll(c->args[1], &end, 10);
        if (*end || id <= 0) {
            fprintf(stderr, "mz spotcheck: 抽查号应为正整数，实为“%s”\n", c->args[1]);
            rc = 2;
        }
    }
    if (rc == 0 && spotcheck_items(r, id, print_item, &n, &err) < 0)
        rc = cli_fail(&err);
    if (rc == 0 && n == 0) {
        fprintf(stderr, "mz spotcheck: 没有抽查 %" PRId64 "\n", id);
        rc = 1;
    }
    reg_close(r);
    return rc;
}
