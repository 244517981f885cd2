/* `mz user add|list|disable|passwd|delegate|undelegate|totp` (accounts) and
 * `mz serve` (the HTTP server). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/password.h"
#include "base/mem.h"
#include "care/provider.h"
#include "cli.h"
#include "demo/demo.h"
#include "gen/gen.h"
#include "http/api.h"
#include "http/server.h"
#include "notice/layout.h"
#include "registry/registry.h"
#include "store/institstore.h"
#include "store/orgstore.h"
#include "store/querystore.h"

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
    const char *holder = cli_opt(c, "holder", NULL);
    if (c->nargs != 2 || !role_s || !division) {
        fputs("用法：mz user add NAME --role ROLE --division CODE [--holder 身份证号]\n"
              "      （sys_admin、sec_admin、audit_admin 须 --holder，同一人不能持有两类管理员账户）\n",
              stderr);
        return 2;
    }
    struct mz_err err = {0};
    enum auth_role role;
    char buf[17];
    bool generated;
    const char *pw = new_password(buf, &generated);
    if (auth_role_parse(role_s, &role, &err) < 0)
        return cli_fail(&err);
    if (!pw || auth_admin_add(r, actor, c->args[1], role, division, holder, pw, &err) < 0)
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

/* mz user delegate|undelegate NAME [--os-user LOGIN]: the account lets an
 * operating-system user act for it (--as NAME) without its password, or
 * ends that. Delegating takes the account's password. */
static int user_delegate(struct cli *c, struct registry *r, const char *actor, bool add,
                         const char *os_user)
{
    struct mz_err err = {0};
    const char *name = c->args[1];
    char buf[256];
    const char *pw = add ? cli_account_password(name, buf, sizeof buf) : NULL;
    if (add && !pw) {
        fputs("mz user: 委托须证明账户：设置 MZ_PASSWORD 或在终端输入该账户的密码\n", stderr);
        return 1;
    }
    int rc = add ? auth_delegate(r, name, pw, os_user, time(NULL), &err)
                 : auth_undelegate(r, actor, name, os_user, &err);
    mz_wipe(buf, sizeof buf);
    if (rc < 0)
        return cli_fail(&err);
    printf(add ? "账户 %s 已委托操作系统用户 %s 以其名义办理（--as %s）\n"
               : "账户 %s 对操作系统用户 %s 的委托已撤销\n",
           name, os_user, name);
    return 0;
}

/* Prints text as a QR code in the terminal, two modules a character. */
static void print_qr(const char *text)
{
    int size;
    unsigned char *m = notice_qr(text, &size);
    if (!m)
        return;
    for (int y = -2; y < size + 2; y += 2) {
        for (int x = -2; x < size + 2; x++) {
            int top = y >= 0 && y < size && x >= 0 && x < size && m[y * size + x];
            int bottom = y + 1 >= 0 && y + 1 < size && x >= 0 && x < size && m[(y + 1) * size + x];
            /* dark modules as spaces on a light terminal block */
            fputs(top ? (bottom ? " " : "▄") : (bottom ? "▀" : "█"), stdout);
        }
        putchar('\n');
    }
    mz_free(m);
}

/* mz user totp NAME [--remove]: the account's second factor. */
static int user_totp(struct cli *c, struct registry *r, const char *actor, bool remove)
{
    struct mz_err err = {0};
    const char *name = c->args[1];
    if (remove) {
        if (auth_totp_remove(r, actor, name, &err) < 0)
            return cli_fail(&err);
        printf("已取消账户 %s 的动态口令\n", name);
        return 0;
    }
    char secret[TOTP_BASE32_LEN], uri[256];
    if (auth_totp_enroll(r, actor, name, secret, &err) < 0)
        return cli_fail(&err);
    totp_uri(name, secret, uri, sizeof uri);
    printf("账户 %s 已启用动态口令：登录时除密码外还须输入验证器应用显示的 6 位动态口令。\n"
           "请用验证器应用扫描下面的二维码，或手工输入密钥（只显示这一次）：\n%s\n%s\n",
           name, secret, uri);
    print_qr(uri);
    return 0;
}

int cmd_user(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    bool delegate = strcmp(sub, "delegate") == 0, undelegate = strcmp(sub, "undelegate") == 0;
    bool totp = strcmp(sub, "totp") == 0;
    bool known = strcmp(sub, "add") == 0 ||
                 ((strcmp(sub, "disable") == 0 || strcmp(sub, "passwd") == 0 || delegate ||
                   undelegate || totp) &&
                  c->nargs == 2) ||
                 (strcmp(sub, "list") == 0 && c->nargs == 1);
    if (!known) {
        fputs("用法：mz user add NAME --role ROLE --division CODE [--holder 身份证号] | list | "
              "disable NAME | passwd NAME\n"
              "      mz user delegate|undelegate NAME [--os-user LOGIN]   "
              "让操作系统用户以该账户名义办理（--as NAME）/ 撤销\n"
              "      mz user totp NAME [--remove]   启用（或取消）登录的动态口令（第二因素）\n",
              stderr);
        return 2;
    }
    cli_opt(c, "role", NULL);
    cli_opt(c, "division", NULL);
    cli_opt(c, "holder", NULL);
    char me[48];
    cli_os_user(me);
    const char *os_user = cli_opt(c, "os-user", me);
    bool remove = cli_flag(c, "remove");
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
    } else if (delegate || undelegate) {
        rc = user_delegate(c, r, actor, delegate, os_user);
    } else if (totp) {
        rc = user_totp(c, r, actor, remove);
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

/* ---- serve ------------------------------------------------------------ */

static int first_household(void *ctx, const struct household_row *h)
{
    snprintf(ctx, 13, "%s", h->division);
    return 1;
}

/* Takes the demo's assessors (demo_assess.c) off the count of accounts. */
static int count_assessor(void *ctx, const struct auth_user *u)
{
    *(long *)ctx -= demo_is_assessor(u->name);
    return 0;
}

static int first_provider(void *ctx, const struct provider_row *p)
{
    *(int64_t *)ctx = p->id;
    return 1;
}

/* The demo's 儿童福利院 (DEMO_INSTITUTION_NAME) among the institutions. */
static int demo_institution(void *ctx, const struct inst_row *r)
{
    if (strcmp(r->name, DEMO_INSTITUTION_NAME) != 0) return 0;
    *(int64_t *)ctx = r->id;
    return 1;
}

/* On a database without accounts: one account per role, scoped to the
 * divisions of the first household, with passwords printed once. */
static int demo_accounts(struct registry *r)
{
    struct mz_err err = {0};
    long users;
    char village[13] = "";
    if (auth_user_count(r, &users, &err) < 0 ||
        auth_user_scan(r, count_assessor, &users, &err) < 0)
        return cli_fail(&err);
    if (users > 0) /* accounts other than the demo's assessors */
        return 0;
    if (qs_households_page(reg_db(r), "", 1, 0, first_household, village, &err) < 0)
        return cli_fail(&err);
    if (!village[0])
        return 0;
    char district[7], street[10];
    snprintf(district, sizeof district, "%.6s", village);
    snprintf(street, sizeof street, "%.9s", village);
    const struct {
        const char *name;
        enum auth_role role;
        const char *division;
    } demo[] = {
        {"admin", ROLE_CITY_ADMIN, "50"},   {"district", ROLE_DISTRICT, district},
        {"street", ROLE_STREET, street},    {"community", ROLE_COMMUNITY, village},
        {"auditor", ROLE_AUDITOR, "50"},    {"provider", ROLE_PROVIDER, district},
        {"org", ROLE_ORG, district},
        {"children", ROLE_CHILD_DIRECTOR, village}, {"childsup", ROLE_CHILD_SUPERVISOR, street},
        {"institution", ROLE_CHILD_INSTITUTION, district},
    };
    puts("演示账户（密码只显示这一次）：");
    for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
        char pw[17];
        if (auth_password_generate(pw, sizeof pw) < 0 ||
            auth_user_add(r, "cli:serve", demo[i].name, demo[i].role, demo[i].division, pw,
                          &err) < 0)
            return cli_fail(&err);
        printf("  %-10s %-16s %s %s\n", demo[i].name, pw, auth_role_label(demo[i].role),
               demo[i].division);
    }
    /* the provider account works for the demo's first community station */
    int64_t station = 0;
    char scope[1][13];
    snprintf(scope[0], sizeof scope[0], "%s", district);
    if (pvs_provider_scan(reg_db(r), (const char (*)[13])scope, 1, "station", first_provider,
                          &station, &err) < 0 ||
        (station && care_provider_bind(r, "provider", station, &err) < 0))
        return cli_fail(&err);
    /* the organization account works for the demo's social-work centre */
    struct org_row org;
    int found = os_org_find(reg_db(r), DEMO_ORG_NAME, &org, &err);
    if (found < 0 || (found && auth_user_bind_org(r, "cli:serve", "org", org.id, &err) < 0))
        return cli_fail(&err);
    /* the institution account works for the demo's 儿童福利院 */
    int64_t home = 0;
    if (ins_list(reg_db(r), (const char (*)[13])scope, 1, demo_institution, &home, &err) < 0 ||
        (home && auth_user_bind_institution(r, "cli:serve", "institution", home, &err) < 0))
        return cli_fail(&err);
    return 0;
}

int cmd_serve(struct cli *c)
{
    if (cli_flag(c, "routes")) {
        size_t n;
        const struct http_route *routes = http_routes(&n);
        /* method, path and who may call it */
        static const char *const who[] = {[ROUTE_OPEN] = "open", [ROUTE_USER] = "staff",
                                          [ROUTE_MACHINE] = "machine", [ROUTE_RESIDENT] = "resident",
                                          [ROUTE_SERVICE] = "service", [ROUTE_ORG] = "org",
                                          [ROUTE_INSTITUTION] = "institution",
                                          [ROUTE_SYS_ADMIN] = "sys_admin",
                                          [ROUTE_SEC_ADMIN] = "sec_admin",
                                          [ROUTE_AUDIT_ADMIN] = "audit_admin"};
        for (size_t i = 0; i < n; i++)
            printf("%s %s %s\n", routes[i].method, routes[i].pattern, who[routes[i].auth]);
        return cli_unused(c);
    }
    const char *listen = cli_setting(c, "listen", NULL, 0);
    const char *threads_s = cli_setting(c, "threads", NULL, 0);
    const char *proxy = cli_setting(c, "trusted-proxy", NULL, 0);
    const char *cache_s = cli_setting(c, "cache-mb", NULL, 0);
    char *end, *cache_end;
    long threads = strtol(threads_s, &end, 10), cache_mb = strtol(cache_s, &cache_end, 10);
    if (c->nargs || *end || threads < 0 || threads > 256 || *cache_end || cache_mb < 16 ||
        cache_mb > 65536) {
        fputs("用法：mz serve [--listen ADDR:PORT] [--threads N] [--cache-mb 16–65536] "
              "[--trusted-proxy ADDR] [--db FILE] [--policies DIR] [--feeds DIR] [--holidays FILE]\n",
              stderr);
        return 2;
    }
    db_memory_limit((int64_t)cache_mb << 20);
    struct cli_mon_data mon;
    cli_mon_options(c, &mon);
    const char *notice_key = cli_seal_key(c);
    struct registry *r;
    int rc = cli_unused(c);
    if (rc || (rc = cli_open_registry(c, &r)))
        return rc;
    struct gen_options demo = {CLI_DEMO_PERSONS, 1, cli_demo_date()};
    char actor[64];
    cli_actor(actor);
    rc = cli_mon_load(&mon, r, actor);
    if (!rc)
        rc = cli_demo_city(c, r, &demo, mon.set, mon.cal);
    if (!rc)
        rc = demo_accounts(r);
    reg_close(r);
    if (rc)
        return rc;

    /* SIGINT/SIGTERM are taken with sigwait: blocked here, and so in the
     * server's threads, which inherit the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    char buf[1100], url[1100], notices[4096];
    struct mz_err err = {0};
    if (cli_notices_dir(cli_setting(c, "db", NULL, 0), notices, sizeof notices, &err) < 0) {
        cli_mon_free(&mon);
        return cli_fail(&err);
    }
    struct http_options o = {.listen = listen,
                             .db_path = cli_setting(c, "db", NULL, 0),
                             .key_path = cli_setting(c, "key-file", NULL, 0),
                             .openapi = cli_setting(c, "openapi", buf, sizeof buf),
                             .threads = (unsigned)threads,
                             .body_limit = 1 << 20,
                             .timeout_s = 30,
                             .policies = mon.set,
                             .cal = mon.cal,
                             .feeds_dir = mon.feeds,
                             .policy_dir = mon.policies,
                             .notice_key = notice_key,
                             .notices_dir = notices,
                             .public_url = cli_setting(c, "public-url", url, sizeof url),
                             .trusted_proxy = proxy};
    struct http_server *s;
    char web[1100];
    if (http_static_root(cli_setting(c, "web", web, sizeof web), &err) < 0 ||
        http_start(&o, &s, &err) < 0) {
        cli_mon_free(&mon);
        return cli_fail(&err);
    }
    printf("mz serve：正在监听 http://%.*s:%u/（数据库 %s）\n",
           (int)(strrchr(listen, ':') - listen), listen, http_port(s), o.db_path);
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    fprintf(stderr, "mz serve：收到信号 %d，处理完进行中的请求后退出…\n", sig);
    http_stop(s, 10);
    cli_mon_free(&mon);
    fputs("mz serve：已停止\n", stderr);
    return 0;
}
