/* `mz staff add | end | list`: the staff register for 近亲属备案
 * (supervise/staff.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "registry/registry.h"
#include "supervise/staff.h"

#define STAFF_USAGE                                                                                \
    "用法：mz staff add --id 身份证号 --kind staff|village --post 职务 --division 区划 "           \
    "[--date YYYY-MM-DD]\n"                                                                       \
    "      mz staff end --id 身份证号 [--date YYYY-MM-DD]\n"                                       \
    "      mz staff list [--division 区划]\n"

static int print_row(void *ctx, const struct staff_row *s)
{
    (void)ctx;
    printf("%-12s %-10s %s  %-16s %-20s %s 至 %s\n", s->division, s->name, s->id_masked,
           staff_kind_label(s->kind), s->post, s->since, *s->until ? s->until : "今");
    return 0;
}

int cmd_staff(struct cli *c)
{
    const char *sub = c->nargs == 1 ? c->args[0] : "";
    const char *id = cli_opt(c, "id", NULL), *kind = cli_opt(c, "kind", NULL);
    const char *post = cli_opt(c, "post", NULL), *division = cli_opt(c, "division", NULL);
    const char *date = cli_opt(c, "date", NULL);
    int bad = cli_unused(c);
    if (bad)
        return bad;
    bool add = strcmp(sub, "add") == 0, end = strcmp(sub, "end") == 0;
    if (!add && !end && strcmp(sub, "list") != 0) {
        fputs(STAFF_USAGE, stderr);
        return 2;
    }
    mz_date day = date ? date_parse(date) : date_today();
    if (day == MZ_DATE_NONE) {
        fprintf(stderr, "mz staff: --date 应为 YYYY-MM-DD，实为“%s”\n", date);
        return 2;
    }
    struct registry *r;
    if ((bad = cli_open_registry(c, &r)))
        return bad;
    struct mz_err err = {0};
    char actor[64];
    cli_actor(actor);
    int64_t pid = 0, sid;
    int rc = 0;
    if (add || end) {
        int found = reg_person_find(r, id ? id : "", &pid, &err);
        if (found == 0)
            mz_fail_field(&err, "id", "not_found", "登记库中没有此身份证号（--id）的人员");
        rc = found > 0 ? 0 : -1;
    }
    if (rc == 0 && add && (rc = staff_add(r, pid, kind, post, division, day, actor, &sid, &err)) == 0)
        printf("已登记任职 %" PRId64 "：%s %s\n", sid, staff_kind_label(kind), post);
    else if (rc == 0 && end && (rc = staff_end(r, pid, day, actor, &err)) == 0)
        printf("已登记离任\n");
    else if (rc == 0 && !add && !end)
        rc = sts_list(reg_db(r), division ? division : "", print_row, NULL, &err);
    if (rc != 0)
        rc = cli_fail(&err);
    reg_close(r);
    return rc;
}
