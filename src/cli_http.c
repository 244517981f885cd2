/* `mz user add|list|disable|passwd` (accounts) and `mz serve` (the HTTP
 * server). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/password.h"
#include "cli.h"
#include "registry/registry.h"

/* ---- user ------------------------------------------------------------- */

/* The password for add/passwd: $MZ_PASSWORD, else a generated one (printed
 * once, since only its hash is kept). */
static const char *new_password(char buf[17], bool *generated)
{
    const char *env = getenv("MZ_PASSWORD");
    *generated = !env || !*env;
    if (!*generated)
        return env;
    if (auth_password_generate(buf, 17) < 0)
        return NULL;
    return buf;
}

static int print_user(void *ctx, const struct auth_user *u)
{
    (void)ctx;
    printf("%-20s %-11s %-14s %-12s %s\n", u->name, auth_role_name(u->role),
           auth_role_label(u->role), u->division, u->disabled ? "已停用" : "正常");
    return 0;
}

static int user_add(struct cli *c, struct registry *r, const char *actor)
{
    const char *role_s = cli_opt(c, "role", NULL), *division = cli_opt(c, "division", NULL);
    if (c->nargs != 2 || !role_s || !division) {
        fputs("用法：mz user add NAME --role ROLE --division CODE\n", stderr);
        return 2;
    }
    struct mz_err err = {0};
    enum auth_role role;
    char buf[17];
    bool generated;
    const char *pw = new_password(buf, &generated);
    if (auth_role_parse(role_s, &role, &err) < 0)
        return cli_fail(&err);
    if (!pw || auth_user_add(r, actor, c->args[1], role, division, pw, &err) < 0)
        return cli_fail(&err);
    printf("已新增账户 %s（%s，管辖区划 %s）\n", c->args[1], auth_role_label(role), division);
    if (generated)
        printf("初始密码：%s（只显示这一次）\n", pw);
    return 0;
}

static int user_passwd(struct cli *c, struct registry *r, const char *actor)
{
    struct mz_err err = {0};
    char buf[17];
    bool generated;
    const char *pw = new_password(buf, &generated);
    if (!pw || auth_user_passwd(r, actor, c->args[1], pw, &err) < 0)
        return cli_fail(&err);
    printf("已重设账户 %s 的密码，其会话均已失效\n", c->args[1]);
    if (generated)
        printf("新密码：%s（只显示这一次）\n", pw);
    return 0;
}

int cmd_user(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    bool known = strcmp(sub, "add") == 0 ||
                 ((strcmp(sub, "disable") == 0 || strcmp(sub, "passwd") == 0) && c->nargs == 2) ||
                 (strcmp(sub, "list") == 0 && c->nargs == 1);
    if (!known) {
        fputs("用法：mz user add NAME --role ROLE --division CODE | list | disable NAME | "
              "passwd NAME\n",
              stderr);
        return 2;
    }
    cli_opt(c, "role", NULL);
    cli_opt(c, "division", NULL);
    struct registry *r;
    int rc = cli_unused(c);
    if (rc || (rc = cli_open_registry(c, &r)))
        return rc;
    char actor[64];
    cli_actor(actor);
    struct mz_err err = {0};
    if (strcmp(sub, "add") == 0) {
        rc = user_add(c, r, actor);
    } else if (strcmp(sub, "passwd") == 0) {
        rc = user_passwd(c, r, actor);
    } else if (strcmp(sub, "disable") == 0) {
        rc = auth_user_disable(r, actor, c->args[1], &err) < 0 ? cli_fail(&err) : 0;
        if (!rc)
            printf("已停用账户 %s，其会话均已失效\n", c->args[1]);
    } else {
        rc = auth_user_scan(r, print_user, NULL, &err) < 0 ? cli_fail(&err) : 0;
    }
    reg_close(r);
    return rc;
}
