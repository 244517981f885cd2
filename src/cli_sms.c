/* The SMS outbox from the command line: mz sms outbox [--all] [--drain]
 * (auth/sms.h). In development it shows the residents' sign-in codes; a
 * gateway script can drain it (print, then mark sent) — docs/portal.md. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/sms.h"
#include "cli.h"
#include "registry/registry.h"

static const char sms_usage[] =
    "用法：mz sms outbox [--all] [--drain]   短信发件箱：未发送的短信（--all 含已发送）；\n"
    "                                        --drain 打印后标记为已发送（短信网关取件）\n";

static int print_message(void *ctx, const struct sms_message *m)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\n", m->id, m->created_at, m->phone, m->text,
           m->sent_at[0] ? m->sent_at : "未发送");
    return 0;
}

int cmd_sms(struct cli *c)
{
    bool all = cli_flag(c, "all"), drain = cli_flag(c, "drain");
    if (c->nargs != 1 || strcmp(c->args[0], "outbox") != 0) {
        fputs(sms_usage, stderr);
        return 2;
    }
    struct registry *r;
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &r))) return bad;
    char actor[64];
    cli_actor(actor);
    struct mz_err err = {0};
    int rc = sms_outbox(r, all, drain, actor, print_message, NULL, &err);
    reg_close(r);
    return rc < 0 ? cli_fail(&err) : 0;
}
