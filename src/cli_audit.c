/* `mz audit verify`: walks the audit log's hash chain. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli.h"
#include "registry/registry.h"

int cmd_audit(struct cli *c)
{
    if (c->nargs != 1 || strcmp(c->args[0], "verify") != 0) {
        fputs("用法：mz audit verify\n", stderr);
        return 2;
    }
    int bad = cli_unused(c);
    struct registry *r;
    if (bad || (bad = cli_open_registry(c, &r)))
        return bad;
    struct mz_err err = {0};
    struct audit_report rep;
    int rc = 0;
    if (audit_verify(reg_db(r), reg_vault(r), &rep, &err) < 0) {
        fprintf(stderr, "mz: 审计日志校验失败：%s\n", err.msg);
        rc = 1;
    } else {
        printf("审计日志完整：%" PRId64 " 条，链头 %s\n（请将链头另行保存，以便发现末尾记录被截断）\n",
               rep.entries, rep.head);
    }
    reg_close(r);
    return rc;
}
