/* Elderly-care commands: mz provider (the provider network), mz order
 * (home-service orders and their monthly settlement) and mz meal (meal
 * help). The rules live in src/care/. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "care/meal.h"
#include "care/order.h"
#include "care/provider.h"
#include "care/settle.h"
#include "cli.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/orderstore.h"
#include "store/providerstore.h"
#include "store/regstore.h"

/* The registry, acting as --as ACCOUNT (or the OS user), and with
 * policies the compiled policy folder. 0, or the exit status. */
struct session {
    struct registry *r;
    struct pol_set *set;
    char actor[80];
    struct auth_user user;
};

static int open_session(struct cli *c, struct session *s, bool policies)
{
    char buf[1100];
    const char *dir = cli_setting(c, "policies", buf, sizeof buf);
    const char *account = cli_opt(c, "as", NULL);
    memset(s, 0, sizeof *s);
    int bad = cli_unused(c);
    if (bad || (bad = cli_open_registry(c, &s->r))) return bad;
    if (cli_as_account(c, s->r, account, &s->user, s->actor)) {
        reg_close(s->r);
        return 1;
    }
    reg_set_actor(s->r, s->actor);
    struct mz_err err = {0};
    if (policies && !(s->set = pol_compile_dir(dir, &err))) {
        reg_close(s->r);
        return cli_fail(&err);
    }
    return 0;
}

static int close_session(struct session *s, int rc, const struct mz_err *err)
{
    pol_set_free(s->set);
    reg_close(s->r);
    return rc < 0 ? cli_fail(err) : rc;
}

/* A positive id from text, or 0. */
static int64_t id_of(const char *text)
{
    char *end;
    long long v = text ? strtoll(text, &end, 10) : 0;
    return text && *text && !*end && v > 0 ? v : 0;
}

/* ---- mz provider ---- */

static const char provider_usage[] =
    "用法：mz provider import FILE                      批量导入机构（CSV/XLSX，全部正确才导入）\n"
    "      mz provider put --code C --name N --kind 类型 --division 区划 --lon 经度 --lat 纬度\n"
    "                      --capacity N [--occupancy N] [--slots N] [--parent 上级编码] [--address "
    "A]\n"
    "      mz provider list [--division CODE] [--kind 类型] | show ID\n"
    "      mz provider service ID 服务项目 价格（元） | worker ID 姓名 | bind 账户 ID\n"
    "      mz provider close ID --date YYYY-MM-DD --reason 原因   自该日起关闭：不再接单、签到、供餐\n"
    "类型：养老机构、街道养老服务中心、社区养老服务站、家庭养老床位、老年食堂/助餐点\n";

static int print_provider(void *ctx, const struct provider_row *p)
{
    (void)ctx;
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\t床位/座位 %" PRId64 "/%" PRId64 "\t每时段 %" PRId64
           "%s%s\n",
           p->id, p->code, p->name, care_kind_label(p->kind), p->division, p->occupancy,
           p->capacity, p->slot_capacity, p->closed_on[0] ? "\t已关闭 " : "", p->closed_on);
    return 0;
}

static int print_service(void *ctx, const char *service, int64_t price)
{
    (void)ctx;
    char yuan[32];
    pay_yuan(price, yuan);
    printf("  服务：%s %s 元\n", service, yuan);
    return 0;
}

static int print_worker(void *ctx, int64_t id, const char *name)
{
    (void)ctx;
    printf("  人员：%" PRId64 " %s\n", id, name);
    return 0;
}

int cmd_provider(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    struct care_provider_in in = {
        cli_opt(c, "code", NULL),     cli_opt(c, "name", NULL),     cli_opt(c, "kind", NULL),
        cli_opt(c, "division", NULL), cli_opt(c, "address", NULL),  cli_opt(c, "lon", NULL),
        cli_opt(c, "lat", NULL),      cli_opt(c, "capacity", NULL), cli_opt(c, "occupancy", NULL),
        cli_opt(c, "slots", NULL),    cli_opt(c, "parent", NULL)};
    const char *day = cli_opt(c, "date", NULL), *reason = cli_opt(c, "reason", NULL);
    bool ok = (strcmp(sub, "import") == 0 && c->nargs == 2) ||
              (strcmp(sub, "put") == 0 && c->nargs == 1) ||
              (strcmp(sub, "list") == 0 && c->nargs == 1) ||
              (strcmp(sub, "show") == 0 && c->nargs == 2 && id_of(c->args[1])) ||
              ((strcmp(sub, "service") == 0 || strcmp(sub, "worker") == 0) &&
               c->nargs == (strcmp(sub, "service") == 0 ? 4 : 3) && id_of(c->args[1])) ||
              (strcmp(sub, "bind") == 0 && c->nargs == 3 && id_of(c->args[2])) ||
              (strcmp(sub, "close") == 0 && c->nargs == 2 && id_of(c->args[1]));
    if (!ok) {
        fputs(provider_usage, stderr);
        return 2;
    }
    struct session s;
    int rc = open_session(c, &s, false);
    if (rc) return rc;
    struct mz_err err = {0};
    struct db *db = reg_db(s.r);
    if (strcmp(sub, "import") == 0) {
        struct care_import_stats st;
        rc = care_provider_import(s.r, c->args[1], stderr, &st, &err);
        if (rc == 0)
            printf("读取 %ld 行：新增 %ld，更新 %ld，未变 %ld\n", st.rows, st.added, st.updated,
                   st.unchanged);
    } else if (strcmp(sub, "put") == 0) {
        int64_t id;
        enum put_result res;
        rc = care_provider_put(s.r, &in, &id, &res, &err);
        if (rc == 0)
            printf("机构 %" PRId64 " %s\n", id,
                   res == PUT_ADDED     ? "已新增"
                   : res == PUT_UPDATED ? "已更新"
                                        : "未变");
        else if (err.field[0])
            fprintf(stderr, "mz provider put: --%s: ",
                    strcmp(err.field, "slot_capacity") == 0 ? "slots" : err.field);
    } else if (strcmp(sub, "list") == 0) {
        const char *kind = NULL;
        char scope[1][13] = {""};
        snprintf(scope[0], sizeof scope[0], "%s", in.division ? in.division : "");
        rc = in.kind ? care_kind_parse(in.kind, &kind, &err) : 0;
        if (rc == 0)
            rc = pvs_provider_scan(db, (const char(*)[13])scope, in.division ? 1 : 0, kind,
                                   print_provider, NULL, &err);
    } else if (strcmp(sub, "show") == 0) {
        struct provider_row p;
        int found = pvs_provider_get(db, id_of(c->args[1]), &p, &err);
        rc = found < 0 ? -1
             : found   ? 0
                       : mz_fail(&err, "not_found", "养老服务机构 %s 不存在", c->args[1]);
        if (rc == 0) {
            print_provider(NULL, &p);
            printf("  地址：%s  坐标：%.6f, %.6f\n", p.address, p.lon, p.lat);
            if (p.closed_on[0]) printf("  %s 起关闭：%s\n", p.closed_on, p.closed_reason);
            rc = pvs_services_of(db, p.id, print_service, NULL, &err);
        }
        if (rc == 0) rc = pvs_workers_of(db, id_of(c->args[1]), print_worker, NULL, &err);
    } else if (strcmp(sub, "service") == 0) {
        rc = care_service_set(s.r, id_of(c->args[1]), c->args[2], c->args[3], &err);
        if (rc == 0) printf("已设定 %s 价格 %s 元\n", c->args[2], c->args[3]);
    } else if (strcmp(sub, "worker") == 0) {
        int64_t worker;
        rc = care_worker_add(s.r, id_of(c->args[1]), c->args[2], &worker, &err);
        if (rc == 0) printf("服务人员 %" PRId64 " %s\n", worker, c->args[2]);
    } else if (strcmp(sub, "close") == 0) {
        rc = care_provider_close(s.r, id_of(c->args[1]), day, reason, &err);
        if (rc == 0) printf("机构 %s 自 %s 起关闭\n", c->args[1], day);
        else if (err.field[0] && strcmp(err.field, "provider"))
            fprintf(stderr, "mz provider close: --%s: ", err.field);
    } else {
        rc = care_provider_bind(s.r, c->args[1], id_of(c->args[2]), &err);
        if (rc == 0) printf("账户 %s 已绑定机构 %s\n", c->args[1], c->args[2]);
    }
    return close_session(&s, rc, &err);
}

/* ---- mz order ---- */

static const char order_usage[] =
    "用法：mz order place 身份证号 --service 服务 --slot \"YYYY-MM-DD HH:00\" [--orderer "
    "经办人|本人|家属]\n"
    "                     [--orderer-name 姓名] [--provider ID]   派给最近的有空档机构\n"
    "      mz order list [--provider ID] [--state S] | show ID\n"
    "      mz order checkin ID --worker W --lon 经度 --lat 纬度 [--at \"YYYY-MM-DD HH:MM\"]\n"
    "      mz order checkout ID --lon 经度 --lat 纬度 [--at …] | rate ID --rating 1-5 [--complaint "
    "T]\n"
    "      mz order cancel ID\n"
    "      mz order settle --month YYYY-MM --unit 区县代码 [--as 账户]   月度结算（审核：mz roll "
    "approve）\n";

static int print_order(void *ctx, const struct order_row *o)
{
    (void)ctx;
    char label[40], price[32], subsidy[32];
    care_slot_label(o->slot, label);
    pay_yuan(o->price, price);
    pay_yuan(o->subsidy, subsidy);
    printf("%" PRId64 "\t%s\t%s\t%s\t机构 %" PRId64 "\t%" PRId64 " 米\t%s 元\t补贴 %s 元%s%s\n",
           o->id, care_order_state_label(o->state), o->service, label, o->provider_id, o->distance,
           price, subsidy, o->checkin_far ? "\t签到距家较远" : "",
           o->complaint[0] ? "\t有投诉" : "");
    return 0;
}

static int order_place(struct session *s, struct cli *c, const char *id_number,
                       struct care_order_in *in, struct mz_err *err)
{
    int found = reg_person_find(s->r, id_number, &in->person_id, err);
    if (found <= 0) return found < 0 ? -1 : mz_fail(err, "unknown_person", "登记库中没有此人");
    struct care_order_out out;
    if (care_order_place(s->r, in, &out, err) < 0) return -1;
    struct provider_row p;
    if (pvs_provider_get(reg_db(s->r), out.provider_id, &p, err) < 0) return -1;
    printf("订单 %" PRId64 " 派给 %s（直线距离约 %" PRId64 " 米%s）\n", out.id, p.name,
           out.distance, out.derived ? "；住址位置按所在区划推算" : "");
    (void)c;
    return 0;
}

int cmd_order(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    const char *lon = cli_opt(c, "lon", NULL), *lat = cli_opt(c, "lat", NULL);
    const char *at = cli_opt(c, "at", NULL), *month = cli_opt(c, "month", NULL);
    const char *unit = cli_opt(c, "unit", NULL), *worker = cli_opt(c, "worker", NULL);
    const char *rating = cli_opt(c, "rating", NULL), *complaint = cli_opt(c, "complaint", NULL);
    const char *state = cli_opt(c, "state", NULL), *provider = cli_opt(c, "provider", NULL);
    struct care_order_in in = {.service = cli_opt(c, "service", NULL),
                               .slot = cli_opt(c, "slot", NULL),
                               .orderer = cli_opt(c, "orderer", "经办人"),
                               .orderer_name = cli_opt(c, "orderer-name", NULL),
                               .provider_id = id_of(provider)};
    int64_t id = c->nargs > 1 ? id_of(c->args[1]) : 0;
    bool ok =
        (strcmp(sub, "place") == 0 && c->nargs == 2) ||
        (strcmp(sub, "list") == 0 && c->nargs == 1) ||
        (strcmp(sub, "settle") == 0 && c->nargs == 1 && month && unit) ||
        (c->nargs == 2 && id &&
         (strcmp(sub, "show") == 0 || strcmp(sub, "cancel") == 0 || strcmp(sub, "checkout") == 0 ||
          (strcmp(sub, "checkin") == 0 && id_of(worker)) || (strcmp(sub, "rate") == 0 && rating)));
    if (!ok) {
        fputs(order_usage, stderr);
        return 2;
    }
    struct session s;
    int rc = open_session(c, &s, strcmp(sub, "checkin") == 0 || strcmp(sub, "settle") == 0);
    if (rc) return rc;
    struct mz_err err = {0};
    struct db *db = reg_db(s.r);
    if (strcmp(sub, "place") == 0) {
        rc = order_place(&s, c, c->args[1], &in, &err);
    } else if (strcmp(sub, "list") == 0) {
        struct order_filter f = {.provider_id = id_of(provider), .state = state};
        int64_t total;
        rc = ors_order_list(db, &f, 1, 1000, print_order, NULL, &total, &err);
        if (rc == 0)
            printf("共 %" PRId64 " 单%s\n", total, total > 1000 ? "（列出前 1000 单）" : "");
    } else if (strcmp(sub, "show") == 0) {
        struct order_row o;
        int found = ors_order_get(db, id, &o, &err);
        rc = found < 0 ? -1
             : found   ? print_order(NULL, &o)
                       : mz_fail(&err, "not_found", "服务订单 %" PRId64 " 不存在", id);
    } else if (strcmp(sub, "checkin") == 0) {
        rc = care_order_checkin(s.r, s.set, id, id_of(worker), lon, lat, at, &err);
    } else if (strcmp(sub, "checkout") == 0) {
        rc = care_order_checkout(s.r, id, lon, lat, at, &err);
    } else if (strcmp(sub, "rate") == 0) {
        rc = care_order_rate(s.r, id, atoi(rating), complaint, &err);
    } else if (strcmp(sub, "cancel") == 0) {
        rc = care_order_cancel(s.r, id, &err);
    } else {
        pay_month m;
        struct care_settle_summary sum;
        rc = pay_month_parse(month, &m, &err);
        if (rc == 0) rc = care_settle(s.r, s.set, m, unit, s.actor, &sum, &err);
        char total[32];
        pay_yuan(sum.total, total);
        if (rc == 0 && sum.closed)
            printf("结算单 %" PRId64 "（%s %s）已审核，不再结算；迟完成的订单计入下月结算\n",
                   sum.roll.id, unit, month);
        else if (rc == 0)
            printf("结算单 %" PRId64 "%s：%" PRId64 " 单（补贴 %" PRId64 " 单），%" PRId64
                   " 家机构，补贴合计 %s 元（%.2f 秒）\n",
                   sum.roll.id, sum.rebuilt ? "（草稿已重新生成）" : "", sum.orders, sum.subsidised,
                   sum.providers, total, sum.seconds);
    }
    if (rc == 0 && (strcmp(sub, "checkin") == 0 || strcmp(sub, "checkout") == 0 ||
                    strcmp(sub, "rate") == 0 || strcmp(sub, "cancel") == 0)) {
        struct order_row o;
        if (ors_order_get(db, id, &o, &err) == 1) print_order(NULL, &o);
    }
    return close_session(&s, rc, &err);
}

/* ---- mz meal ---- */

static const char meal_usage[] =
    "用法：mz meal import 食堂ID FILE --date YYYY-MM-DD   "
    "当日就餐记录（身份证号,餐次,价格），查无此人的转入待核实\n"
    "      mz meal list 食堂ID [--date YYYY-MM[-DD]] | rejects 食堂ID\n"
    "      mz meal cost 食堂ID --month YYYY-MM --amount 元   当月运营成本\n"
    "      mz meal report 食堂ID --month YYYY-MM             "
    "可持续运营月报（成本、收入、补贴、是否保本）\n"
    "      mz meal coverage --division 区县代码              "
    "15分钟助餐服务圈以外的社区（直线距离）\n";

static int print_meal(void *ctx, const struct meal_row *m)
{
    (void)ctx;
    char price[32], paid[32], subsidy[32];
    pay_yuan(m->price, price);
    pay_yuan(m->paid, paid);
    pay_yuan(m->subsidy, subsidy);
    printf("%s\t%s\t%s\t%s\t价格 %s\t自付 %s\t补贴 %s\n", m->day, m->name, m->id_masked, m->meal,
           price, paid, subsidy);
    return 0;
}

static int print_reject(void *ctx, const char *day, long line, const char *id_masked,
                        const char *reason, const char *at)
{
    (void)ctx;
    printf("%s\t第 %ld 行\t%s\t%s\t%s\n", day, line, id_masked, reason, at);
    return 0;
}

static int print_coverage(void *ctx, const struct care_coverage *c)
{
    long *outside = ctx;
    *outside += !c->covered;
    if (!c->covered)
        printf("%s\t%s\t最近助餐点：%s\t直线 %" PRId64 " 米\n", c->code, c->name,
               c->nearest_id ? c->nearest_name : "无", c->distance);
    return 0;
}

int cmd_meal(struct cli *c)
{
    const char *sub = c->nargs ? c->args[0] : "";
    const char *day = cli_opt(c, "date", NULL), *month = cli_opt(c, "month", NULL);
    const char *amount = cli_opt(c, "amount", NULL), *division = cli_opt(c, "division", NULL);
    int64_t canteen = c->nargs > 1 ? id_of(c->args[1]) : 0;
    bool ok = (strcmp(sub, "import") == 0 && c->nargs == 3 && canteen && day) ||
              (strcmp(sub, "list") == 0 && c->nargs == 2 && canteen) ||
              (strcmp(sub, "rejects") == 0 && c->nargs == 2 && canteen) ||
              (strcmp(sub, "cost") == 0 && c->nargs == 2 && canteen && month && amount) ||
              (strcmp(sub, "report") == 0 && c->nargs == 2 && canteen && month) ||
              (strcmp(sub, "coverage") == 0 && c->nargs == 1 && division);
    if (!ok) {
        fputs(meal_usage, stderr);
        return 2;
    }
    struct session s;
    int rc = open_session(c, &s, strcmp(sub, "import") == 0 || strcmp(sub, "coverage") == 0);
    if (rc) return rc;
    struct mz_err err = {0};
    if (strcmp(sub, "import") == 0) {
        struct care_meal_stats st;
        rc = care_meals_import(s.r, s.set, canteen, day, c->args[2], &st, &err);
        char subsidy[32];
        pay_yuan(st.subsidy, subsidy);
        if (rc == 0)
            printf("读取 %ld 行：记录 %ld 餐，已有 %ld，待核实 %ld（mz meal rejects 查看），补贴 "
                   "%s 元\n",
                   st.rows, st.added, st.unchanged, st.rejected, subsidy);
    } else if (strcmp(sub, "list") == 0) {
        rc = mls_meals(reg_db(s.r), canteen, day ? day : "", print_meal, NULL, &err);
    } else if (strcmp(sub, "rejects") == 0) {
        rc = mls_rejects(reg_db(s.r), canteen, print_reject, NULL, &err);
    } else if (strcmp(sub, "cost") == 0) {
        rc = care_canteen_cost(s.r, canteen, month, amount, &err);
        if (rc == 0) printf("已记录 %s 运营成本 %s 元\n", month, amount);
    } else if (strcmp(sub, "report") == 0) {
        struct care_canteen_report rep;
        rc = care_canteen_report(s.r, canteen, month, &rep, &err);
        char price[32], paid[32], subsidy[32], cost[32], revenue[32], balance[32];
        pay_yuan(rep.m.price, price);
        pay_yuan(rep.m.paid, paid);
        pay_yuan(rep.m.subsidy, subsidy);
        pay_yuan(rep.cost, cost);
        pay_yuan(rep.revenue, revenue);
        pay_yuan(rep.balance, balance);
        if (rc == 0)
            printf(
                "%s：就餐 %" PRId64 " 餐，%" PRId64 " 人（其中享受补贴 %" PRId64
                " 人），开餐 %" PRId64
                " 天\n餐费 %s 元 = 老人自付 %s 元 + 助餐补贴 %s 元\n运营成本 %s，收入 %s 元，%s\n",
                month, rep.m.meals, rep.m.diners, rep.m.subsidised, rep.m.days, price, paid,
                subsidy, rep.has_cost ? cost : "未登记", revenue,
                !rep.has_cost    ? "未登记成本，无法判断是否保本"
                : rep.break_even ? "保本（结余 "
                                 : "未保本（差额 ");
        if (rc == 0 && rep.has_cost) printf("%s 元）\n", balance);
    } else {
        long outside = 0;
        rc = care_meal_coverage(s.r, s.set, division, print_coverage, &outside, &err);
        if (rc == 0)
            printf("%ld 个社区（村）在助餐服务圈以外（直线距离超过 1000 米；社区位置按区划推算）\n",
                   outside);
    }
    return close_session(&s, rc, &err);
}
