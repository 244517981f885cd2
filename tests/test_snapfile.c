/* The whole city's snapshot kept on disk (policy/snapfile.c) and brought
 * up to date from the registry's change journal (store/snapstore.c): after
 * every kind of registry change it must equal the snapshot read from the
 * rows, and it is never used for another database, day or layout, when
 * damaged, or inside a transaction. Uses policies/chongqing and a small
 * generated city. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "gen/load.h"
#include "policy/policy.h"
#include "registry/import.h"
#include "policy/snapload.h"
#include "store/db.h"

#define AS_OF "2026-01-05"
#define MOVE "2026-02-01"

struct fixture {
    char dir[64], db[128], snapfile[160];
    struct registry *reg;
    struct pol_set *set;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    snprintf(f->snapfile, sizeof f->snapfile, "%s-snapshot-%s", f->db, AS_OF);
    struct mz_err err = {0};
    f->set = pol_compile_dir("policies/chongqing", &err);
    if (!f->set)
        fail_msg("%s", err.msg);
    struct gen_options opts = {.persons = 1500, .seed = 11, .as_of = date_parse(AS_OF)};
    struct gen_load_stats st;
    if (gen_load(f->reg, &opts, "50", &st, &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pol_set_free(f->set);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

/* Runs sql on the test database through a second connection. */
static void sql(struct fixture *f, const char *text)
{
    sqlite3 *c;
    assert_int_equal(sqlite3_open(f->db, &c), SQLITE_OK);
    sqlite3_busy_timeout(c, 5000);
    char *msg = NULL;
    if (sqlite3_exec(c, text, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", text, msg);
    sqlite3_close(c);
}

/* One text value from the test database. */
static void sql_text(struct fixture *f, const char *text, char *out, size_t cap)
{
    sqlite3 *c;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->db, &c), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(c, text, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(c);
}

static struct pol_snapshot *load(struct fixture *f, const char *as_of, bool fresh, int64_t **pids)
{
    struct mz_err err = {0};
    struct snap_request req = {.as_of = date_parse(as_of)};
    struct pol_snapshot *s = fresh ? snap_load_fresh(reg_db(f->reg), f->set, &req, pids, &err)
                                   : snap_load(reg_db(f->reg), f->set, &req, pids, &err);
    if (!s)
        fail_msg("%s", err.msg);
    return s;
}

/* Whether the two snapshots are the same, array by array. */
static bool same(const struct fixture *f, const struct pol_snapshot *a, const int64_t *pa,
                 const struct pol_snapshot *b, const int64_t *pb)
{
    if (a->npersons != b->npersons || a->nhouseholds != b->nhouseholds ||
        memcmp(a->household_id, b->household_id, a->nhouseholds * sizeof *a->household_id) ||
        memcmp(a->member_start, b->member_start,
               (a->nhouseholds + 1) * sizeof *a->member_start) ||
        memcmp(a->division, b->division, a->nhouseholds * sizeof *a->division) ||
        memcmp(pa, pb, a->npersons * sizeof *pa))
        return false;
    int n;
    const struct pol_input *in = pol_inputs(f->set, &n);
    for (int c = 0; c < n; c++) {
        size_t rows = in[c].entity == POL_PERSON ? a->npersons : a->nhouseholds;
        if (memcmp(a->columns[c], b->columns[c], rows * sizeof(int64_t)) != 0)
            return false;
    }
    return true;
}

/* The snapshot as snap_load gives it equals the one read from the rows. */
static void assert_current(struct fixture *f, const char *as_of)
{
    int64_t *pa, *pb;
    struct pol_snapshot *a = load(f, as_of, false, &pa);
    struct pol_snapshot *b = load(f, as_of, true, &pb);
    assert_true(same(f, a, pa, b, pb));
    pol_snapshot_free(a);
    pol_snapshot_free(b);
    mz_free(pa);
    mz_free(pb);
}

static void put_fact(struct fixture *f, const char *id, const char *hh, const char *var,
                     const char *value)
{
    struct reg_fact_in in = {id, hh, var, value, "2026-01-01", "测试"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_fact_put(f->reg, &in, &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static void every_change_reaches_the_file(void **state)
{
    struct fixture *f = *state;
    struct stat sb;
    assert_current(f, AS_OF); /* builds the file */
    assert_int_equal(stat(f->snapfile, &sb), 0);
    assert_true(sb.st_size > 0);

    char id[32], hh[64], other_hh[64], division[16];
    sql_text(f, "SELECT m.person_id FROM memberships m WHERE m.relation = '户主' LIMIT 1 OFFSET 7",
             id, sizeof id);
    char number[19];
    struct mz_err err = {0};
    assert_int_equal(reg_person_id_number(f->reg, atoll(id), number, &err), 0);
    sql_text(f, "SELECT hh_no FROM households ORDER BY id LIMIT 1 OFFSET 3", hh, sizeof hh);
    sql_text(f, "SELECT hh_no FROM households ORDER BY id DESC LIMIT 1", other_hh,
             sizeof other_hh);

    /* a person's fact, a household's fact */
    put_fact(f, number, NULL, "wage_income", "123.45");
    assert_current(f, AS_OF);
    put_fact(f, NULL, hh, "housing_count", "3");
    assert_current(f, AS_OF);

    /* a person moves to another household */
    char name[64], sql_buf[256];
    snprintf(sql_buf, sizeof sql_buf, "SELECT name FROM persons WHERE id = %s", id);
    sql_text(f, sql_buf, name, sizeof name);
    snprintf(sql_buf, sizeof sql_buf,
             "SELECT division FROM households WHERE hh_no = '%s'", other_hh);
    sql_text(f, sql_buf, division, sizeof division);
    struct reg_person_in mover = {.id_number = number, .name = name, .hukou = "城镇",
                                  .division = division, .household_no = other_hh,
                                  .relation = "其他"};
    enum put_result res;
    assert_current(f, MOVE);
    if (reg_person_put(f->reg, &mover, date_parse(MOVE), &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(res, PUT_UPDATED);
    assert_current(f, MOVE);

    /* a new household with a member; a household moved to another division */
    struct reg_household_in nh = {"NEW-1", division, "", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &nh, date_parse(AS_OF), &res, &err), 0);
    struct reg_person_in newcomer = {.id_number = "11010519491231002X", .name = "张三",
                                     .hukou = "城镇", .division = division,
                                     .household_no = "NEW-1", .relation = "户主"};
    if (reg_person_put(f->reg, &newcomer, date_parse(AS_OF), &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_current(f, MOVE);
    char first_division[16];
    sql_text(f, "SELECT division FROM households ORDER BY id LIMIT 1", first_division,
             sizeof first_division);
    sql_text(f, "SELECT hh_no FROM households ORDER BY id LIMIT 1", hh, sizeof hh);
    struct reg_household_in moved = {hh, division, "", "农村"};
    assert_int_equal(reg_household_put(f->reg, &moved, date_parse(AS_OF), &res, &err), 0);
    assert_int_equal(res, PUT_UPDATED);
    assert_current(f, MOVE);

    /* a death leaves the household */
    put_fact(f, "11010519491231002X", NULL, "death", "2026-01-02");
    assert_current(f, MOVE);

    /* another day is another snapshot */
    assert_current(f, AS_OF);
    assert_current(f, "2025-12-01");
}

/* The file is what snap_load reads: a change made without the journal
 * (its trigger dropped) is not seen, which the journal exists to prevent. */
static void the_file_is_read_and_the_journal_keeps_it_honest(void **state)
{
    struct fixture *f = *state;
    assert_current(f, AS_OF);
    sql(f, "DROP TRIGGER registry_fact_up");
    sql(f, "UPDATE facts SET value = '99999999' WHERE variable = 'wage_income' AND "
           "id = (SELECT min(id) FROM facts WHERE variable = 'wage_income')");
    int64_t *pa, *pb;
    struct pol_snapshot *a = load(f, AS_OF, false, &pa);
    struct pol_snapshot *b = load(f, AS_OF, true, &pb);
    assert_false(same(f, a, pa, b, pb));
    pol_snapshot_free(a);
    pol_snapshot_free(b);
    mz_free(pa);
    mz_free(pb);
    /* a journaled change elsewhere reads that household again, not the city */
    char hh[64];
    sql_text(f, "SELECT hh_no FROM households ORDER BY id DESC LIMIT 1", hh, sizeof hh);
    put_fact(f, NULL, hh, "housing_count", "4");
    a = load(f, AS_OF, false, &pa);
    b = load(f, AS_OF, true, &pb);
    assert_false(same(f, a, pa, b, pb));
    pol_snapshot_free(a);
    pol_snapshot_free(b);
    mz_free(pa);
    mz_free(pb);
}

static void a_damaged_or_foreign_file_is_not_used(void **state)
{
    struct fixture *f = *state;
    assert_current(f, AS_OF);
    /* one byte flipped in the middle */
    FILE *fp = fopen(f->snapfile, "r+b");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, size / 2, SEEK_SET);
    int c = fgetc(fp);
    fseek(fp, size / 2, SEEK_SET);
    fputc(c ^ 0x5a, fp);
    fclose(fp);
    assert_current(f, AS_OF);
    /* cut short */
    assert_int_equal(truncate(f->snapfile, size / 3), 0);
    assert_current(f, AS_OF);
    /* another database at the same path: a new identity */
    sql(f, "UPDATE registry_gen SET instance = 'another'");
    assert_current(f, AS_OF);
    /* a database restored from before the file was built: its generation
     * is not past the file's */
    sql(f, "UPDATE registry_gen SET n = 1");
    assert_current(f, AS_OF);
}

/* Inside a transaction the rows are read (they may hold what is later
 * rolled back) and the file is left alone. */
static void not_inside_a_transaction(void **state)
{
    struct fixture *f = *state;
    assert_current(f, AS_OF);
    char gen_before[32], gen_after[32], hh[64];
    sql_text(f, "SELECT n FROM registry_gen", gen_before, sizeof gen_before);
    sql_text(f, "SELECT hh_no FROM households ORDER BY id LIMIT 1 OFFSET 5", hh, sizeof hh);
    struct mz_err err = {0};
    assert_int_equal(db_begin(reg_db(f->reg), &err), 0);
    put_fact(f, NULL, hh, "housing_count", "7");
    int64_t *pa, *pb;
    struct pol_snapshot *a = load(f, AS_OF, false, &pa);
    struct pol_snapshot *b = load(f, AS_OF, true, &pb);
    assert_true(same(f, a, pa, b, pb)); /* the uncommitted fact is seen */
    pol_snapshot_free(a);
    pol_snapshot_free(b);
    mz_free(pa);
    mz_free(pb);
    db_rollback(reg_db(f->reg));
    sql_text(f, "SELECT n FROM registry_gen", gen_after, sizeof gen_after);
    assert_string_equal(gen_before, gen_after); /* no build happened */
    assert_current(f, AS_OF);
}

/* A job that takes the write lock (the sweep) reads the city from the
 * file before it and catches up under it with what changed in between. */
static void caught_up_under_the_write_lock(void **state)
{
    struct fixture *f = *state;
    assert_current(f, AS_OF);
    struct mz_err err = {0};
    struct snap_ahead city;
    assert_int_equal(snap_load_ahead(reg_db(f->reg), f->set, date_parse(AS_OF), &city, &err), 0);
    assert_true(city.gen >= 0);
    char hh[64];
    sql_text(f, "SELECT hh_no FROM households ORDER BY id LIMIT 1 OFFSET 2", hh, sizeof hh);
    put_fact(f, NULL, hh, "housing_count", "5"); /* after the read, before the lock */
    assert_int_equal(db_begin(reg_db(f->reg), &err), 0);
    assert_int_equal(snap_catch_up(reg_db(f->reg), f->set, date_parse(AS_OF), &city, &err), 0);
    int64_t *pb;
    struct pol_snapshot *b = load(f, AS_OF, true, &pb);
    assert_true(same(f, city.snap, city.person_ids, b, pb));
    pol_snapshot_free(b);
    mz_free(pb);
    db_rollback(reg_db(f->reg));
    snap_ahead_free(&city);
    /* without the file (read inside a transaction): read again under the lock */
    assert_int_equal(db_begin(reg_db(f->reg), &err), 0);
    assert_int_equal(snap_load_ahead(reg_db(f->reg), f->set, date_parse(AS_OF), &city, &err), -1);
    assert_int_equal(city.gen, -1);
    assert_int_equal(snap_catch_up(reg_db(f->reg), f->set, date_parse(AS_OF), &city, &err), 0);
    b = load(f, AS_OF, true, &pb);
    assert_true(same(f, city.snap, city.person_ids, b, pb));
    pol_snapshot_free(b);
    mz_free(pb);
    db_rollback(reg_db(f->reg));
    snap_ahead_free(&city);
}

/* Registry records (payments, cases, the staff register …) are read again
 * each time: they are not in the change journal. */
static void records_are_read_again(void **state)
{
    struct fixture *f = *state;
    assert_current(f, AS_OF);
    sql(f, "INSERT INTO staff_register(person_id, kind, post, division, since, recorded_by, "
           "recorded_at) SELECT person_id, 'village', '村委会委员', '500103001003', '2025-01-01', "
           "'test', '2026-01-01T00:00:00Z' FROM memberships ORDER BY person_id LIMIT 1 OFFSET 9");
    assert_current(f, AS_OF);
    int64_t *pa;
    struct pol_snapshot *a = load(f, AS_OF, false, &pa);
    int kin = pol_input_find(f->set, "staff_kin");
    assert_true(kin >= 0);
    int64_t marked = 0;
    for (size_t h = 0; h < a->nhouseholds; h++)
        marked += a->columns[kin][h] > 0;
    assert_true(marked >= 1); /* the change is seen, not only equal to the rows */
    pol_snapshot_free(a);
    mz_free(pa);
}

/* A bulk load stamps no household; it makes the earlier file unusable. A
 * failed one leaves nothing behind. */
static void a_bulk_load_makes_earlier_files_unusable(void **state)
{
    struct fixture *f = *state;
    assert_current(f, AS_OF);
    assert_current(f, MOVE);
    /* another generated city on a later day: new people and households,
     * and people of the first moving into them */
    struct gen_options opts = {.persons = 300, .seed = 12, .as_of = date_parse(MOVE)};
    struct gen_load_stats st;
    struct mz_err err = {0};
    if (gen_load(f->reg, &opts, "50", &st, &err) < 0)
        fail_msg("%s", err.msg);
    char bulk[8];
    sql_text(f, "SELECT bulk FROM registry_gen", bulk, sizeof bulk);
    assert_string_equal(bulk, "0");
    assert_current(f, AS_OF);
    assert_current(f, MOVE);
    /* a file that fails: rolled back, the flag with it */
    char path[160];
    snprintf(path, sizeof path, "%s/bad.csv", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("户编号,区划代码,城乡类别\nB1,999999999999,城镇\n", fp);
    fclose(fp);
    struct import_options o = {.kind = IMPORT_HOUSEHOLDS, .path = path, .on = date_parse(AS_OF)};
    struct import_stats ist;
    assert_int_equal(import_run(f->reg, &o, &ist, &err), -1);
    sql_text(f, "SELECT bulk FROM registry_gen", bulk, sizeof bulk);
    assert_string_equal(bulk, "0");
    assert_current(f, AS_OF);
}

/* One file a day evaluated; past four, the least recently written go. */
static void one_file_a_day_and_the_oldest_pruned(void **state)
{
    struct fixture *f = *state;
    const char *days[] = {"2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-01-05",
                          "2026-02-01"};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        assert_current(f, days[i]);
        sleep(i == 0 ? 0 : 1); /* distinct modification times */
    }
    int kept = 0;
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        char path[200];
        struct stat sb;
        snprintf(path, sizeof path, "%s-snapshot-%s", f->db, days[i]);
        bool there = stat(path, &sb) == 0;
        kept += there;
        if (i >= 2)
            assert_true(there);
    }
    assert_int_equal(kept, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_change_reaches_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(the_file_is_read_and_the_journal_keeps_it_honest, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_damaged_or_foreign_file_is_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(not_inside_a_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(one_file_a_day_and_the_oldest_pruned, setup, teardown),
        cmocka_unit_test_setup_teardown(a_bulk_load_makes_earlier_files_unusable, setup, teardown),
        cmocka_unit_test_setup_teardown(records_are_read_again, setup, teardown),
        cmocka_unit_test_setup_teardown(caught_up_under_the_write_lock, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
