/* The real HTTP server (server.c, the route table) started in this process
 * on a loopback port, spoken to over a socket: requests whose allocations
 * fail from the N-th on (base/mem.h) are answered with an error and change
 * nothing, for every N up to the request's last allocation, and the server
 * then answers the same request normally. ASan checks that each failure
 * frees what it took. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "auth/auth.h"
#include "base/mem.h"
#include "cases/calendar.h"
#include "fixture.h"
#include "gen/load.h"
#include "http/api.h"
#include "http/server.h"
#include "policy/policy.h"
#include "store/db.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct http_server *server;
    sqlite3 *sql; /* a connection of the test's own, for looking */
    char token[AUTH_TOKEN_HEX + 8];
    char hh_no[40], hh_id[24];
};

static char *one_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* Rows of every table a request here may write, summed. */
static long rows(struct fixture *f)
{
    char n[32];
    return atol(one_text(f->sql,
                         "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM case_steps)"
                         " + (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM sessions)",
                         n, sizeof n));
}

/* One request on a new connection; returns the status (0 if the server
 * closed without an answer) and the response's body in body. */
static int request(struct fixture *f, const char *method, const char *path, const char *json,
                   char *body, size_t size)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(http_port(f->server))};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(s, (struct sockaddr *)&sa, sizeof sa), 0);
    char head[512];
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\n\r\n",
                     method, path, f->token, json ? strlen(json) : 0);
    assert_int_equal(write(s, head, (size_t)n), n);
    if (json) assert_int_equal(write(s, json, strlen(json)), (ssize_t)strlen(json));
    static char answer[1 << 16];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof answer - 1 && (r = read(s, answer + got, sizeof answer - 1 - got)) > 0)
        got += (size_t)r;
    close(s);
    answer[got] = '\0';
    int status = 0;
    sscanf(answer, "HTTP/1.1 %d", &status);
    const char *b = strstr(answer, "\r\n\r\n");
    snprintf(body, size, "%s", b ? b + 4 : "");
    return status;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    struct gen_load_stats st;
    struct gen_options g = {150, 5, date_parse("2025-01-01")};
    if (gen_load(f->reg, &g, "50", &st, &err) < 0 ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal, &err) <
            0 ||
        !(f->set = pol_compile_dir("policies/chongqing", &err)))
        fail_msg("%s", err.msg);
    assert_int_equal(sqlite3_open(f->db, &f->sql), SQLITE_OK);
    char div[16];
    one_text(f->sql,
             "SELECT hh_no FROM households h WHERE EXISTS (SELECT 1 FROM memberships m"
             " WHERE m.household_id = h.id) ORDER BY id LIMIT 1",
             f->hh_no, sizeof f->hh_no);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT substr(division, 1, 9) FROM households WHERE hh_no = '%s'",
             f->hh_no);
    one_text(f->sql, sql, div, sizeof div);
    snprintf(sql, sizeof sql, "SELECT id FROM households WHERE hh_no = '%s'", f->hh_no);
    one_text(f->sql, sql, f->hh_id, sizeof f->hh_id);
    if (auth_user_add(f->reg, "test", "li", ROLE_STREET, div, "pw-li-12345678", &err) < 0)
        fail_msg("%s", err.msg);
    struct http_options o = {.listen = "127.0.0.1:0",
                             .db_path = f->db,
                             .threads = 1,
                             .body_limit = 1 << 20,
                             .timeout_s = 10,
                             .policies = f->set,
                             .cal = f->cal,
                             .policy_dir = "policies/chongqing"};
    if (http_start(&o, &f->server, &err) < 0) fail_msg("%s", err.msg);
    char body[4096];
    assert_int_equal(request(f, "POST", "/api/v1/login",
                             "{\"name\":\"li\",\"password\":\"pw-li-12345678\"}", body,
                             sizeof body),
                     200);
    const char *t = strstr(body, "\"token\":\"");
    assert_non_null(t);
    snprintf(f->token, sizeof f->token, "%.*s", AUTH_TOKEN_HEX - 1, t + 9);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    http_stop(f->server, 1);
    sqlite3_close(f->sql);
    pol_set_free(f->set);
    cal_free(f->cal);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

/* Puts the database back to the copy at path, under the running server. */
static void restore(const char *path, struct fixture *f)
{
    struct mz_err err = {0};
    if (db_copy(path, f->db, false, &err) < 0) fail_msg("%s", err.msg);
}

/* Sends the request with allocations failing from the N-th on, for N = 0,
 * 1, … until it is answered with want. Every earlier answer is an error
 * (5xx, out_of_memory where the answer could be made), and the database
 * holds none of the request's writes or all of them (a failure after the
 * commit, in making the answer); then it is put back. Every N up to 64,
 * then by steps of a sixty-fourth (the test's time). Returns the N that
 * succeeded. */
static long walk(struct fixture *f, const char *method, const char *path, const char *json,
                 int want)
{
    char body[8192], start[160];
    snprintf(start, sizeof start, "%s/start.db", f->dir);
    unlink(start);
    struct mz_err err = {0};
    if (db_copy(f->db, start, true, &err) < 0) fail_msg("%s", err.msg);
    long before = rows(f);
    assert_int_equal(request(f, method, path, json, body, sizeof body), want);
    long whole = rows(f) - before;
    restore(start, f);
    for (long n = 0;; n += 1 + n / 64) {
        mem_fail_after(n);
        int status = request(f, method, path, json, body, sizeof body);
        mem_fail_reset();
        long written = rows(f) - before;
        if (status == want) {
            assert_int_equal(written, whole);
            return n;
        }
        if (status < 500 || (body[0] && !strstr(body, "out_of_memory")))
            fail_msg("%s %s with allocation %ld failing: %d %s", method, path, n, status, body);
        if (written != 0 && written != whole)
            fail_msg("%s %s with allocation %ld failing wrote %ld rows of %ld", method, path, n,
                     written, whole);
        if (written) restore(start, f);
        assert_true(n < 100000);
    }
}

static void requests_fail_cleanly_without_memory(void **state)
{
    struct fixture *f = *state;
    char path[96], json[256];
    snprintf(path, sizeof path, "/api/v1/households/%s", f->hh_id);
    struct {
        const char *method, *path, *json;
        int want;
    } reqs[] = {
        {"GET", path, NULL, 200},
        {"GET", "/api/v1/households?limit=20", NULL, 200},
        {"POST", "/api/v1/cases", json, 201},
        {"POST", "/api/v1/cases/1/steps", "{\"action\":\"accept\",\"date\":\"2025-06-02\"}", 200},
    };
    snprintf(path, sizeof path, "/api/v1/households/%s", f->hh_id);
    snprintf(json, sizeof json,
             "{\"type\":\"dibao\",\"household_no\":\"%s\",\"date\":\"2025-06-02\"}", f->hh_no);
    for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
        long n = walk(f, reqs[i].method, reqs[i].path, reqs[i].json, reqs[i].want);
        print_message("%s %s: answered after %ld allocations, failing cleanly before\n",
                      reqs[i].method, reqs[i].path, n);
        assert_true(n > 0);
    }
    char n[16];
    assert_string_equal(one_text(f->sql, "SELECT count(*) FROM cases", n, sizeof n), "1");
    assert_string_equal(
        one_text(f->sql, "SELECT count(*) FROM case_steps WHERE action = 'accept'", n, sizeof n),
        "1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(requests_fail_cleanly_without_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
