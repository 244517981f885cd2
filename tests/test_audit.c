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
#include "crypto/seal.h"

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

/* A digest of the wrong length where none was recorded is found. */
static void malformed_digest_found(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct audit_event ev = {"cli:test", "person.view_full", "person", "1", NULL, NULL, NULL};
    assert_int_equal(audit_append(f->db, f->vault, &ev, &err), 0);
    tamper(f, "UPDATE audit_log SET before_digest = zeroblob(15) WHERE seq = 6");
    struct audit_report rep;
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), -1);
    assert_int_equal(rep.first_bad, 6);
}

/* Signs a checkpoint of the intact chain (5 entries) with a new key pair
 * in the fixture's folder; cp gets the checkpoint read back. */
static void checkpoint(struct fixture *f, char *file, char *pub, struct audit_checkpoint *cp)
{
    char key[160];
    struct mz_err err = {0};
    struct audit_report rep;
    snprintf(key, 160, "%s/seal.pem", f->dir);
    snprintf(pub, 160, "%s/seal.pub.pem", f->dir);
    snprintf(file, 160, "%s/a.db.audit", f->dir);
    assert_int_equal(seal_keygen(key, pub, &err), 0);
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), 0);
    assert_int_equal(audit_checkpoint_add(file, key, &rep, &err), 0);
    assert_int_equal(audit_checkpoint_last(file, pub, cp, &err), 1);
    assert_int_equal(cp->entries, 5);
    assert_string_equal(cp->head, rep.head);
    assert_int_equal(audit_checkpoint_check(f->db, &rep, cp, &err), 0);
}

/* Emptying the log, or cutting its tail, leaves a chain that verifies on
 * its own: the signed checkpoint finds it. */
static void emptied_or_cut_found_by_checkpoint(void **state)
{
    struct fixture *f = *state;
    char file[160], pub[160];
    struct audit_checkpoint cp;
    checkpoint(f, file, pub, &cp);
    struct audit_report rep;
    struct mz_err err = {0};
    tamper(f, "DELETE FROM audit_log WHERE seq = 5");
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), 0);
    assert_int_equal(audit_checkpoint_check(f->db, &rep, &cp, &err), -1);
    assert_string_equal(err.code, "audit_truncated");
    tamper(f, "DELETE FROM audit_log");
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), 0);
    assert_int_equal(rep.entries, 0);
    assert_int_equal(audit_checkpoint_check(f->db, &rep, &cp, &err), -1);
    assert_string_equal(err.code, "audit_truncated");
}

/* A chain rebuilt with the key (same length, other entries) diverges from
 * the checkpoint; an edited checkpoint line fails its signature. */
static void rewritten_chain_and_forged_checkpoint_found(void **state)
{
    struct fixture *f = *state;
    char file[160], pub[160];
    struct audit_checkpoint cp;
    checkpoint(f, file, pub, &cp);
    tamper(f, "DELETE FROM audit_log");
    struct mz_err err = {0};
    for (int i = 0; i < 6; i++) {
        struct audit_event ev = {"cli:forger", "person.update", "person", "9", NULL, "x", NULL};
        assert_int_equal(audit_append(f->db, f->vault, &ev, &err), 0);
    }
    struct audit_report rep;
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), 0);
    assert_int_equal(audit_checkpoint_check(f->db, &rep, &cp, &err), -1);
    assert_string_equal(err.code, "audit_diverged");

    FILE *fp = fopen(file, "r+");
    char line[1024];
    assert_non_null(fgets(line, sizeof line, fp));
    char *n = strstr(line, "entries=5");
    assert_non_null(n);
    n[8] = '4';
    rewind(fp);
    fputs(line, fp);
    fclose(fp);
    assert_int_equal(audit_checkpoint_last(file, pub, &cp, &err), -1);
    assert_string_equal(err.code, "audit_checkpoint");
    assert_non_null(strstr(err.msg, "签名不符"));
}

/* Retention (等保 level 3): fewer than six months kept is refused; a purge
 * archives the old entries, deletes them and leaves a signed anchor the
 * chain verifies from; the checkpoint of before still holds; a forged
 * anchor, or one purging entries too young, is found. */
static void purge_keeps_the_chain_verifiable(void **state)
{
    struct fixture *f = *state;
    char file[160], pub[160], key[160], archive[160];
    struct audit_checkpoint cp;
    checkpoint(f, file, pub, &cp);
    snprintf(key, sizeof key, "%s/seal.pem", f->dir);
    snprintf(archive, sizeof archive, "%s/archive.jsonl", f->dir);
    struct mz_err err = {0};
    struct audit_purge_report pr;
    FILE *a = fopen(archive, "w");
    assert_int_equal(audit_purge(f->db, f->vault, key, 3, date_today(), a, "cli:t", &pr, &err), -1);
    assert_string_equal(err.code, "retention_too_short");
    /* today: nothing is six months old */
    assert_int_equal(audit_purge(f->db, f->vault, key, 6, date_today(), a, "cli:t", &pr, &err), 0);
    assert_int_equal(pr.purged, 0);
    assert_int_equal(audit_anchor_check(f->db, pub, &err), 0);
    /* eight months on, the five entries are old enough */
    mz_date later = date_today() + 245;
    assert_int_equal(audit_purge(f->db, f->vault, key, 6, later, a, "cli:t", &pr, &err), 0);
    fclose(a);
    assert_int_equal(pr.purged, 5);
    assert_int_equal(pr.upto, 5);
    a = fopen(archive, "r");
    char line[2048];
    int lines = 0;
    while (fgets(line, sizeof line, a))
        lines += strstr(line, "\"action\":\"person.update\"") != NULL;
    fclose(a);
    assert_int_equal(lines, 5);
    struct audit_report rep;
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), 0);
    assert_int_equal(rep.purged, 5);
    assert_int_equal(rep.entries, 6); /* the five purged and the purge itself */
    assert_int_equal(audit_checkpoint_check(f->db, &rep, &cp, &err), 0);
    assert_int_equal(audit_anchor_check(f->db, pub, &err), 1);
    struct audit_event ev = {"cli:test", "person.update", "person", "7", NULL, "x", NULL};
    assert_int_equal(audit_append(f->db, f->vault, &ev, &err), 0);
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), 0);
    assert_int_equal(rep.entries, 7);
    /* deleting an entry after the anchor is still found */
    tamper(f, "DELETE FROM audit_log WHERE seq = 6");
    assert_int_equal(audit_verify(f->db, f->vault, &rep, &err), -1);
    assert_string_equal(err.code, "audit_broken");
    /* an anchor moved on without the key fails its signature */
    tamper(f, "UPDATE audit_anchors SET seq = 6");
    assert_int_equal(audit_anchor_check(f->db, pub, &err), -1);
    assert_string_equal(err.code, "audit_anchor");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(intact_chain_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(purge_keeps_the_chain_verifiable, setup, teardown),
        cmocka_unit_test_setup_teardown(edited_entry_found, setup, teardown),
        cmocka_unit_test_setup_teardown(edited_digest_found, setup, teardown),
        cmocka_unit_test_setup_teardown(deleted_entry_found, setup, teardown),
        cmocka_unit_test_setup_teardown(deleted_and_renumbered_found, setup, teardown),
        cmocka_unit_test_setup_teardown(reordered_entries_found, setup, teardown),
        cmocka_unit_test_setup_teardown(other_key_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_digest_found, setup, teardown),
        cmocka_unit_test_setup_teardown(emptied_or_cut_found_by_checkpoint, setup, teardown),
        cmocka_unit_test_setup_teardown(rewritten_chain_and_forged_checkpoint_found, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
