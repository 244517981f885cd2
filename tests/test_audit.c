/* The hash-chained audit log: an intact chain verifies; an edited,
 * deleted, inserted or reordered entry is found and named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"

#define KEY "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

struct fixture {
    char dir[64], path[128];
    struct db *db;
    struct vault *vault;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/mz-audit-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
    setenv("MZ_KEY", KEY, 1);
    struct mz_err err = {0};
    assert_int_equal(vault_load(NULL, &f->vault, &err), 0);
    assert_int_equal(db_open(f->path, &f->db, &err), 0);
    for (int i = 1; i <= 5; i++) {
        char id[16], after[32];
        snprintf(id, sizeof id, "%d", i);
        snprintf(after, sizeof after, "张三|%d", i);
        struct audit_event ev = {"cli:test", "person.update", "person", id, "张三|0", after,
                                 NULL};
        assert_int_equal(audit_append(f->db, f->vault, &ev, &err), 0);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    db_close(f->db);
    vault_free(f->vault);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* Tampers with the file through a second, raw connection. */
static void tamper(struct fixture *f, const char *sql)
{
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
}

static void intact_chain_verifies(void **state)
{
    struct fixture *f = *state;
    struct audit_report rep;
    struct mz_err err = {0};
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), 0);
    assert_int_equal(rep.entries, 5);
    assert_int_equal(rep.first_bad, 0);
    assert_int_equal(strlen(rep.head), 64);
}

static void edited_entry_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE audit_log SET actor = 'cli:other' WHERE seq = 3");
    struct audit_report rep;
    struct mz_err err = {0};
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), -1);
    assert_int_equal(rep.first_bad, 3);
    assert_non_null(strstr(err.msg, "第 3 条"));
    assert_non_null(strstr(err.msg, "修改"));
}

static void edited_digest_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE audit_log SET after_digest = before_digest WHERE seq = 4");
    struct audit_report rep;
    struct mz_err err = {0};
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), -1);
    assert_int_equal(rep.first_bad, 4);
}

static void deleted_entry_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "DELETE FROM audit_log WHERE seq = 2");
    struct audit_report rep;
    struct mz_err err = {0};
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), -1);
    assert_int_equal(rep.first_bad, 3);
    assert_non_null(strstr(err.msg, "删除"));
}

static void deleted_and_renumbered_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = seq - 1 WHERE seq > 2");
    struct audit_report rep;
    struct mz_err err = {0};
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), -1);
    assert_int_equal(rep.first_bad, 2);
}

static void reordered_entries_found(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE audit_log SET seq = 100 WHERE seq = 2;"
              "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
              "UPDATE audit_log SET seq = 3 WHERE seq = 100;");
    struct audit_report rep;
    struct mz_err err = {0};
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), -1);
    assert_int_equal(rep.first_bad, 2);
}

static void other_key_fails(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_KEY", "ff112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    struct vault *other;
    struct mz_err err = {0};
    assert_int_equal(vault_load(NULL, &other, &err), 0);
    setenv("MZ_KEY", KEY, 1);
    struct audit_report rep;
    assert_int_equal(audit_verify(f->db, other, &rep, &err), -1);
    assert_int_equal(rep.first_bad, 1);
    vault_free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(intact_chain_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(edited_entry_found, setup, teardown),
        cmocka_unit_test_setup_teardown(edited_digest_found, setup, teardown),
        cmocka_unit_test_setup_teardown(deleted_entry_found, setup, teardown),
        cmocka_unit_test_setup_teardown(deleted_and_renumbered_found, setup, teardown),
        cmocka_unit_test_setup_teardown(reordered_entries_found, setup, teardown),
        cmocka_unit_test_setup_teardown(other_key_fails, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
