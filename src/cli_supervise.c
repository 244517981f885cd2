/* `mz supervise report`: the integrity report for 纪检 as an Excel
 * workbook (supervise/summary.h). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/regstore.h"
#include "supervise/summary.h"

#define SUPERVISE_USAGE                                                                            \
    "用法：mz supervise report --division 区划 --from YYYY-MM-DD --to YYYY-MM-DD --xlsx 文件 "    \
    "[--checkpoint 检查点文件] [--pubkey 公钥.pem]\n"

int cmd_supervise(struct cli *c)
{
    const char *division = cli_opt(c, "division", NULL), *from = cli_opt(c, "from", NULL),
               *to = cli_opt(c, "to", NULL), *xlsx = cli_opt(c, "xlsx", NULL);
    char buf[1100];
    struct sup_audit audit = {cli_audit_checkpoint(c, buf, sizeof buf), cli_seal_pubkey(c)};
    struct cli_mon_data data;
    cli_mon_options(c, &data);
    int bad = cli_unused(c);
    if (bad)
        return bad;
    if (c->nargs != 1 || strcmp(c->args[0], "report") != 0 || !division || !from || !to ||
        !xlsx) {
        fputs(SUPERVISE_USAGE, stderr);
        return 2;
    }
    if (div_level_of(division) <= 0) {
        fprintf(stderr, "mz supervise: --division 应为 2、4、6、9 或 12 位区划代码，实为“%s”\n",
                division);
        return 2;
    }
    mz_date f = date_parse(from), t = date_parse(to);
    if (f == MZ_DATE_NONE || t == MZ_DATE_NONE || f > t) {
        fprintf(stderr, "mz supervise: --from、--to 应为 YYYY-MM-DD 且起日不晚于止日，实为“%s”“%s”\n",
                from, to);
        return 2;
    }
    struct registry *r;
    if ((bad = cli_open_registry(c, &r)))
        return bad;
    char actor[64];
    cli_actor(actor);
    if ((bad = cli_mon_load(&data, r, actor))) {
        reg_close(r);
        return bad;
    }
    struct division_row d;
    struct mz_err err = {0};
    int found = rs_division_at(reg_db(r), division, t, &d, &err);
    char scope[1][13];
    snprintf(scope[0], sizeof scope[0], "%s", division);
    struct sup_query q = {(const char(*)[13])scope, 1, from, to};
    int rc = 0;
    if (found < 0 || (found == 0 && mz_fail(&err, "not_found", "区划 %s 不存在", division)) ||
        sup_report(r, data.set, &q, d.name, &audit, actor, xlsx, &err) < 0)
        rc = cli_fail(&err);
    else
        printf("已生成廉政报告 %s：%s，%s 至 %s\n", xlsx, d.name, from, to);
    cli_mon_free(&data);
    reg_close(r);
    return rc;
}
