/* The elderly-care provider network: kinds and who may run whom, field
 * checks naming the field, add/update by code with audit, a CSV import
 * that is all or nothing with FILE:LINE: 列 C（header） errors, the service
 * catalogue, staff and binding a provider account. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"

#include "auth/auth.h"
#include "care/provider.h"
#include "store/providerstore.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    reg_set_actor(f->reg, "test");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

static int64_t put(struct fixture *f, const char *code, const char *kind, const char *division,
                   const char *parent)
{
    struct care_provider_in in = {code,          "渝中区七星岗养老服务中心",
                                  kind,          division,
                                  "七星岗路1号", "106.5700",
                                  "29.5600",     "40",
                                  "12",          "3",
                                  parent};
    int64_t id = 0;
    enum put_result res;
    struct mz_err err = {0};
    if (care_provider_put(f->reg, &in, &id, &res, &err) < 0) fail_msg("%s", err.msg);
    return id;
}

static int64_t rows(struct fixture *f, const char *table)
{
    int64_t n = 0;
    struct mz_err err = {0};
    assert_int_equal(db_count_rows(reg_db(f->reg), table, &n, &err), 0);
    return n;
}

static void network(void **state)
{
    struct fixture *f = *state;
    int64_t centre = put(f, "ZX-001", "街道养老服务中心", "500103001", NULL);
    int64_t station = put(f, "ZD-001", "社区养老服务站", "500103001003", "ZX-001");
    struct provider_row p;
    struct mz_err err = {0};
    assert_int_equal(pvs_provider_get(reg_db(f->reg), station, &p, &err), 1);
    assert_int_equal(p.parent_id, centre);
    assert_string_equal(p.kind, "station");
    assert_int_equal(p.capacity, 40);
    /* the same again changes nothing; a change is an update, audited */
    int64_t audit_before = rows(f, "audit_log");
    assert_int_equal(put(f, "ZD-001", "station", "500103001003", "ZX-001"), station);
    assert_int_equal(rows(f, "audit_log"), audit_before);

    /* a station run by a station, a station without parent, a centre in
     * another county, coordinates outside Chongqing: refused naming the field */
    struct care_provider_in bad = {"ZD-002", "站",    "社区养老服务站", "500103001003",
                                   "",       "106.5", "29.5",           "10",
                                   "0",      "1",     "ZD-001"};
    int64_t id;
    enum put_result res;
    assert_int_equal(care_provider_put(f->reg, &bad, &id, &res, &err), -1);
    assert_string_equal(err.field, "parent");
    bad.parent = "";
    assert_int_equal(care_provider_put(f->reg, &bad, &id, &res, &err), -1);
    assert_string_equal(err.code, "missing_field");
    bad.parent = "ZX-001";
    bad.lon = "116.4";
    assert_int_equal(care_provider_put(f->reg, &bad, &id, &res, &err), -1);
    assert_string_equal(err.field, "lon");
    bad.lon = "106.5";
    bad.occupancy = "11";
    assert_int_equal(care_provider_put(f->reg, &bad, &id, &res, &err), -1);
    assert_string_equal(err.field, "occupancy");
    bad.occupancy = "0";
    bad.division = "500115001002";
    assert_int_equal(care_provider_put(f->reg, &bad, &id, &res, &err), -1);
    assert_string_equal(err.field, "parent");
    bad.division = "500103001003";
    bad.kind = "养老院";
    assert_int_equal(care_provider_put(f->reg, &bad, &id, &res, &err), -1);
    assert_string_equal(err.field, "kind");
    /* a centre running a station cannot become a canteen */
    struct care_provider_in change = {"ZX-001", "中心", "canteen", "500103001", "",  "106.57",
                                      "29.56",  "40",   "0",       "0",         NULL};
    assert_int_equal(care_provider_put(f->reg, &change, &id, &res, &err), -1);
    assert_string_equal(err.field, "kind");
    assert_int_equal(rows(f, "providers"), 2);

    /* catalogue and staff */
    assert_int_equal(care_service_set(f->reg, station, "助浴", "35.5", &err), 0);
    int64_t price = 0;
    assert_int_equal(pvs_service_price(reg_db(f->reg), station, "助浴", &price, &err), 1);
    assert_int_equal(price, 3550);
    assert_int_equal(care_service_set(f->reg, station, "按摩", "35", &err), -1);
    assert_string_equal(err.field, "service");
    assert_int_equal(care_service_set(f->reg, station, "助洁", "-3", &err), -1);
    assert_string_equal(err.field, "price");
    int64_t w1, w2;
    assert_int_equal(care_worker_add(f->reg, station, "李护理", &w1, &err), 0);
    assert_int_equal(care_worker_add(f->reg, station, "李护理", &w2, &err), 0);
    assert_int_equal(w1, w2);
    assert_int_equal(care_worker_add(f->reg, 999, "王", &w2, &err), -1);
    assert_string_equal(err.code, "not_found");
}

static void import_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    char path[160], report_path[160];
    snprintf(path, sizeof path, "%s/p.csv", f->dir);
    snprintf(report_path, sizeof report_path, "%s/report.txt", f->dir);
    FILE *out = fopen(path, "w");
    fputs("机构编码,机构名称,类型,区划代码,地址,经度,纬度,床位或座位数,已入住,每时段接单数,"
          "上级机构编码\n"
          "ZX-9,江北华新街养老服务中心,街道养老服务中心,500105001,建新北路,106.53,29.58,60,20,4,\n"
          "ZD-9,桥北社区养老服务站,社区养老服务站,500105001001,桥北村,106.54,29.59,10,2,2,ZX-9\n"
          "ST-9,桂花街助餐点,助餐点,500105002002,桂花街,106.55,29.57,abc,0,0,\n",
          out);
    fclose(out);
    FILE *report = fopen(report_path, "w");
    struct care_import_stats st;
    struct mz_err err = {0};
    assert_int_equal(care_provider_import(f->reg, path, report, &st, &err), -1);
    fclose(report);
    assert_int_equal(rows(f, "providers"), 0);
    char text[600] = "";
    report = fopen(report_path, "r");
    size_t n = fread(text, 1, sizeof text - 1, report);
    text[n] = 0;
    fclose(report);
    char want[200];
    snprintf(want, sizeof want, "%s:4: 列 H（床位或座位数）", path);
    assert_non_null(strstr(text, want));

    out = fopen(path, "a");
    fputs("ST-10,桂花街助餐点二,老年食堂/助餐点,500105002002,桂花街,106.55,29.57,50,0,0,\n", out);
    fclose(out);
    /* fix line 4 */
    char fixed[1024];
    snprintf(fixed, sizeof fixed, "sed -i 's/,abc,/,30,/' '%s'", path);
    assert_int_equal(system(fixed), 0);
    report = fopen(report_path, "w");
    assert_int_equal(care_provider_import(f->reg, path, report, &st, &err), 0);
    fclose(report);
    assert_int_equal(st.added, 4);
    assert_int_equal(rows(f, "providers"), 4);
    assert_int_equal(care_provider_import(f->reg, path, stderr, &st, &err), 0);
    assert_int_equal(st.unchanged, 4);
}

static void account_binding(void **state)
{
    struct fixture *f = *state;
    int64_t centre = put(f, "ZX-001", "centre", "500103001", NULL);
    struct mz_err err = {0};
    assert_int_equal(
        auth_user_add(f->reg, "test", "zhan", ROLE_PROVIDER, "500103", "password-1", &err), 0);
    assert_int_equal(
        auth_user_add(f->reg, "test", "jie", ROLE_STREET, "500103001", "password-1", &err), 0);
    assert_int_equal(care_provider_bind(f->reg, "zhan", 12345, &err), -1);
    assert_string_equal(err.code, "not_found");
    assert_int_equal(care_provider_bind(f->reg, "jie", centre, &err), -1);
    assert_string_equal(err.code, "wrong_role");
    assert_int_equal(care_provider_bind(f->reg, "zhan", centre, &err), 0);
    char token[AUTH_TOKEN_HEX];
    struct auth_user u;
    assert_int_equal(auth_login(f->reg, "zhan", "password-1", NULL, "", time(NULL), token, &u, &err), 0);
    assert_int_equal(u.provider_id, centre);
    struct auth_user s;
    assert_int_equal(auth_session_user(f->reg, token, time(NULL), &s, &err), 1);
    assert_int_equal(s.provider_id, centre);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(network, setup, teardown),
        cmocka_unit_test_setup_teardown(import_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(account_binding, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
