/* `mz key add | rotate | status`: rotating the master key (registry/rekey.h,
 * docs/crypto.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "registry/registry.h"
#include "registry/rekey.h"

#define KEY_USAGE                                                                                  \
    "用法：mz key add                    在密钥文件中增加一把新的主密钥（此后以它加密）\n"   \
    "      mz key rotate [--batch N]      把旧密钥加密的全部数据改以新密钥加密（服务可照常运行）\n" \
    "      mz key status                  各类密文分别在哪把密钥下\n"

static int print_status(void *ctx, const char *table, const char *label,
                        const int64_t counts[VAULT_MAX_EPOCHS + 1])
{
    int current = *(const int *)ctx;
    printf("%-12s %-10s", table, label);
    bool any = false;
    for (int e = 1; e <= VAULT_MAX_EPOCHS; e++)
        if (counts[e]) {
            printf("  第 %d 把%s：%" PRId64, e, e == current ? "（当前）" : "", counts[e]);
            any = true;
        }
    if (counts[0])
        printf("  未知密钥：%" PRId64, counts[0]);
    printf("%s\n", any || counts[0] ? "" : "  无");
    return 0;
}

int cmd_key(struct cli *c)
{
    const char *sub = c->nargs == 1 ? c->args[0] : "";
    const char *batch_text = cli_opt(c, "batch", "5000");
    int bad = cli_unused(c);
    if (bad)
        return bad;
    char *end;
    long batch = strtol(batch_text, &end, 10);
    if (*end || batch < 1 || batch > 100000) {
        fprintf(stderr, "mz key: --batch 应为 1–100000 的整数，实为“%s”\n", batch_text);
        return 2;
    }
    if (strcmp(sub, "add") != 0 && strcmp(sub, "rotate") != 0 && strcmp(sub, "status") != 0) {
        fputs(KEY_USAGE, stderr);
        return 2;
    }
    char keybuf[4096];
    const char *key_file = reg_key_path(cli_setting(c, "db", NULL, 0),
                                        cli_setting(c, "key-file", NULL, 0), keybuf, sizeof keybuf);
    if (strcmp(sub, "add") == 0 && getenv("MZ_KEY")) {
        fputs("mz key add: 主密钥来自环境变量 MZ_KEY，无法在其中增加密钥：请改用密钥文件"
              "（--key-file 或 MZ_KEY_FILE），或自行在 MZ_KEY 末尾以逗号加上新密钥\n",
              stderr);
        return 1;
    }
    struct registry *r;
    if ((bad = cli_open_registry(c, &r)))
        return bad;
    struct mz_err err = {0};
    int rc = 0;
    if (strcmp(sub, "add") == 0) {
        int epoch;
        if ((rc = reg_key_add(r, key_file, &epoch, &err)) == 0)
            printf("已在密钥文件 %s 中增加第 %d 把主密钥，此后新数据以它加密。\n"
                   "请另行备份该文件（含全部密钥），再运行 mz key rotate 把旧数据改以新密钥加密；"
                   "运行中的服务会在下一个请求时载入新密钥。\n",
                   key_file, epoch);
    } else if (strcmp(sub, "rotate") == 0) {
        struct rekey_stats st;
        if ((rc = reg_rekey(r, batch, &st, &err)) == 0)
            printf("已把 %" PRId64 " 个密文改以第 %d 把主密钥加密（%d 个事务）；"
                   "全部密文均在当前密钥下。\n",
                   st.resealed, st.epoch, st.batches);
    } else {
        int current = vault_epoch(reg_vault(r));
        printf("当前主密钥：第 %d 把（密钥环共 %d 把）\n", current, current);
        rc = reg_key_status(r, print_status, &current, &err);
    }
    reg_close(r);
    if (rc < 0)
        return cli_fail(&err);
    return 0;
}
