/* Who the command line acts as: the operating-system user it runs as
 * (never $USER, which anyone can set), and with --as ACCOUNT an account
 * proven by its password (MZ_PASSWORD, or typed on the terminal) or by a
 * delegation the account recorded for this operating-system user. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "cli.h"

void cli_os_user(char out[48])
{
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && strlen(pw->pw_name) < 48)
        snprintf(out, 48, "%s", pw->pw_name);
    else
        snprintf(out, 48, "uid%u", (unsigned)geteuid());
}

void cli_actor(char out[64])
{
    char user[48];
    cli_os_user(user);
    snprintf(out, 64, "cli:%s", user);
}

const char *cli_account_password(const char *name, char *buf, size_t cap)
{
    const char *env = getenv("MZ_PASSWORD");
    if (env && *env) return env;
    if (!isatty(STDIN_FILENO)) return NULL;
    struct termios old, quiet;
    bool echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
    if (echo_off) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    fprintf(stderr, "账户“%s”的密码：", name);
    bool got = fgets(buf, (int)cap, stdin) != NULL;
    if (echo_off) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    if (!got) return NULL;
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

int cli_as_account(struct cli *c, struct registry *r, const char *name, struct auth_user *user,
                   char actor[80])
{
    memset(user, 0, sizeof *user);
    if (!name) {
        cli_actor(actor);
        return 0;
    }
    char os_user[48], buf[256];
    cli_os_user(os_user);
    struct mz_err err = {0};
    /* a delegation first: then nobody types a password */
    int rc = auth_cli_user(r, name, NULL, os_user, time(NULL), user, &err);
    if (rc < 0 && strcmp(err.code, "not_delegated") == 0) {
        const char *pw = cli_account_password(name, buf, sizeof buf);
        if (pw) rc = auth_cli_user(r, name, pw, os_user, time(NULL), user, &err);
        mz_wipe(buf, sizeof buf);
    }
    if (rc < 0) {
        fprintf(stderr, "mz %s: --as %s：%s\n", c->cmd, name, err.msg);
        return 1;
    }
    snprintf(actor, 80, "user:%s", user->name);
    return 0;
}

int cli_scope_prefixes(const struct auth_user *user, const char *division,
                       char (*prefixes)[13], struct mz_err *err)
{
    int n = 0;
    if (!user->name[0]) {
        snprintf(prefixes[n++], 13, "%.12s", division);
    } else if (!*division) {
        snprintf(prefixes[n++], 13, "%s", user->division);
        for (int i = 0; i < user->nscope; i++)
            if (strcmp(user->scope[i], user->division) != 0)
                snprintf(prefixes[n++], 13, "%s", user->scope[i]);
    } else if (auth_in_scope(user, division)) {
        snprintf(prefixes[n++], 13, "%.12s", division);
    } else {
        return mz_fail_field(err, "division", "out_of_scope", "区划 %s 不在账户“%s”的管辖范围",
                             division, user->name);
    }
    return n;
}
