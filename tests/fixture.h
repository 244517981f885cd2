/* Shared test fixture: a fresh temporary folder with a registry database
 * under a fixed test key, optionally holding the divisions of
 * tests/data/divisions, and its removal. */
#ifndef MZ_TEST_FIXTURE_H
#define MZ_TEST_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/divisions.h"
#include "registry/registry.h"

#define TEST_KEY "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

/* Makes dir (64 bytes) a new folder under /tmp, sets MZ_KEY, opens a
 * registry on dir/t.db (path in db, 128 bytes) and, if asked, loads the test
 * divisions. Fails the test on any error. */
static inline void test_registry_open(char dir[64], char db[128], struct registry **reg,
                                      bool divisions)
{
    snprintf(dir, 64, "/tmp/mz-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(db, 128, "%s/t.db", dir);
    setenv("MZ_KEY", TEST_KEY, 1);
    struct mz_err err = {0};
    if (reg_open(db, NULL, reg, &err) < 0)
        fail_msg("%s", err.msg);
    struct div_import_stats st;
    if (divisions && div_import(reg_db(*reg), "tests/data/divisions", "50", &st, &err) < 0)
        fail_msg("%s", err.msg);
}

/* Closes the registry (may be NULL) and removes the folder. */
static inline void test_registry_close(const char *dir, struct registry *reg)
{
    reg_close(reg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

#endif
