/* The synthetic city: determinism, valid and unique ID numbers, exact
 * counts, realism targets, household composition, option checks, running
 * out of memory, and the ID sequence counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "gen/gen.h"
#include "gen/idseq.h"
#include "registry/idcard.h"

/* Communities and villages in four real Chongqing counties. */
static const struct gen_place PLACES[] = {
    {"500103001001", true},  {"500103002003", true},  {"500106001001", true},
    {"500106003002", true},  {"500112001004", true},  {"500112101201", false},
    {"500112102203", false}, {"500243100201", false}, {"500243001001", true},
};
enum { NPLACES = sizeof PLACES / sizeof PLACES[0] };

static mz_date as_of(void)
{
    return date_from_ymd(2025, 12, 31);
}

static int run(uint64_t persons, uint64_t seed, int (*emit)(void *, const struct gen_household *),
               void *ctx)
{
    struct gen_options opts = {.persons = persons, .seed = seed, .as_of = as_of()};
    struct mz_err err;
    int rc = gen_city(&opts, PLACES, NPLACES, emit, ctx, &err);
    if (rc == -1)
        fail_msg("gen_city: %s", err.msg);
    return rc;
}

/* ------------------------------------------------------------ determinism */

static void fnv(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ p[i]) * UINT64_C(0x100000001B3);
}

static void fnv_str(uint64_t *h, const char *s)
{
    fnv(h, s ? s : "(null)", strlen(s ? s : "(null)") + 1);
}

static int hash_household(void *ctx, const struct gen_household *hh)
{
    uint64_t *h = ctx;
    fnv(h, &hh->seq, sizeof hh->seq);
    fnv_str(h, hh->place->code);
    for (size_t i = 0; i < hh->nmembers; i++) {
        const struct gen_person *p = &hh->members[i];
        int64_t nums[] = {p->sex,          p->birth,           p->rural_hukou,
                          p->wage_income,  p->business_income, p->pension_income,
                          p->other_income, p->deposits,        p->disability_grade,
                          p->serious_illness, p->selfcare_failed};
        fnv(h, nums, sizeof nums);
        fnv_str(h, p->id_number);
        fnv_str(h, p->name);
        fnv_str(h, p->relation);
        fnv_str(h, p->disability_type);
        fnv_str(h, p->employment);
        fnv_str(h, p->schooling);
    }
    return 0;
}

static uint64_t city_hash(uint64_t persons, uint64_t seed)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    assert_int_equal(run(persons, seed, hash_household, &h), 0);
    return h;
}

static void same_seed_same_city(void **state)
{
    uint64_t a = city_hash(20000, 1), b = city_hash(20000, 1), c = city_hash(20000, 2);
    assert_true(a == b);
    assert_true(a != c);
}

/* ------------------------------------------------------- ID numbers, count */

struct collected {
    char (*ids)[19];
    size_t n, cap;
    uint64_t households;
};

static int collect_ids(void *ctx, const struct gen_household *h)
{
    struct collected *c = ctx;
    c->households++;
    assert_int_equal(h->seq, c->households);
    assert_true(h->nmembers >= 1 && h->nmembers <= GEN_MAX_MEMBERS);
    for (size_t i = 0; i < h->nmembers; i++) {
        const struct gen_person *p = &h->members[i];
        struct idcard id;
        struct mz_err err;
        if (idcard_parse(p->id_number, &id, &err) != 0)
            fail_msg("invalid ID number %s: %s", p->id_number, err.msg);
        assert_int_equal(id.birth, p->birth);
        assert_int_equal(id.sex, p->sex);
        assert_memory_equal(id.address, h->place->code, 6);
        assert_true(p->birth <= as_of());
        assert_true(strlen(p->name) >= 6); /* at least two CJK characters */
        assert_int_equal(mz_grow(&c->ids, &c->cap, c->n + 1, sizeof *c->ids), 0);
        memcpy(c->ids[c->n++], p->id_number, 19);
    }
    return 0;
}

static int compare_ids(const void *a, const void *b)
{
    return memcmp(a, b, 18);
}

static void ids_valid_and_unique(void **state)
{
    struct collected c = {0};
    run(50000, 7, collect_ids, &c);
    assert_int_equal(c.n, 50000);
    qsort(c.ids, c.n, sizeof *c.ids, compare_ids);
    for (size_t i = 1; i < c.n; i++)
        if (memcmp(c.ids[i - 1], c.ids[i], 18) == 0)
            fail_msg("duplicate ID number %s", c.ids[i]);
    mz_free(c.ids);
}

static int count_persons(void *ctx, const struct gen_household *h)
{
    *(uint64_t *)ctx += h->nmembers;
    return 0;
}

static void exact_person_count(void **state)
{
    static const uint64_t counts[] = {1, 2, 7, 1000, 12345};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        uint64_t n = 0;
        run(counts[i], 3, count_persons, &n);
        assert_int_equal(n, counts[i]);
    }
}

/* ---------------------------------------------------------------- realism */

struct tally {
    uint64_t households, persons, aged60, disabled, severe, ill, low_income, selfcare, selfcare60;
    uint64_t rural_places, rural_hukou_in_rural;
};

static const char *expected_school(int age)
{
    return age >= 6 && age < 12 ? "小学" : age >= 12 && age < 15 ? "初中" : NULL;
}

static int tally_household(void *ctx, const struct gen_household *h)
{
    struct tally *t = ctx;
    int64_t income = 0;
    t->households++;
    t->rural_places += !h->place->urban;
    for (size_t i = 0; i < h->nmembers; i++) {
        const struct gen_person *p = &h->members[i];
        int age = date_age(p->birth, as_of());
        t->persons++;
        t->aged60 += age >= 60;
        t->disabled += p->disability_grade > 0;
        t->severe += p->disability_grade == 1 || p->disability_grade == 2;
        t->ill += p->serious_illness;
        t->selfcare += p->selfcare_failed > 0;
        t->selfcare60 += p->selfcare_failed > 0 && age >= 60;
        t->rural_hukou_in_rural += !h->place->urban && p->rural_hukou && i == 0;
        assert_true((p->disability_grade == 0) == (p->disability_type == NULL));
        assert_in_range(p->selfcare_failed, 0, 6);
        assert_true(p->wage_income >= 0 && p->business_income >= 0 && p->pension_income >= 0 &&
                    p->other_income >= 0 && p->deposits >= 0);
        if (expected_school(age))
            assert_string_equal(p->schooling, expected_school(age));
        if (p->schooling && strcmp(p->schooling, "学前") != 0)
            assert_string_equal(p->employment, "在校");
        if (p->schooling && strcmp(p->schooling, "本科") == 0)
            assert_in_range(age, 18, 21);
        if (age < 6)
            assert_string_equal(p->employment, "学龄前");
        if (age < 16)
            assert_true(p->wage_income == 0 && p->pension_income == 0);
        if (strcmp(p->employment, "退休") == 0)
            assert_true(p->pension_income > 0 && age >= 50);
        income += p->wage_income + p->business_income + p->pension_income + p->other_income;
    }
    t->low_income += income < 77000 * (int64_t)h->nmembers;
    return 0;
}

static double share(uint64_t part, uint64_t whole)
{
    return 100.0 * (double)part / (double)whole;
}

static void realistic_population(void **state)
{
    struct tally t = {0};
    run(60000, 11, tally_household, &t);
    double aged60 = share(t.aged60, t.persons), disabled = share(t.disabled, t.persons);
    double size = (double)t.persons / (double)t.households;
    double low = share(t.low_income, t.households);
    if (aged60 < 23 || aged60 > 28 || size < 2.3 || size > 2.7 || disabled < 5 || disabled > 7 ||
        low < 1 || low > 6)
        fail_msg("60+ %.1f%%, household size %.2f, disabled %.1f%%, low income %.1f%%", aged60,
                 size, disabled, low);
    assert_in_range((int)share(t.severe, t.disabled), 18, 32); /* grades 1–2 ≈ 25 % */
    double ill = share(t.ill, t.persons);
    assert_true(ill > 1 && ill < 3);
    assert_true(t.selfcare60 * 10 > t.selfcare * 7); /* mostly the elderly */
    double rural = share(t.rural_places, t.households);
    assert_true(rural > 25 && rural < 35);
    assert_true(t.rural_hukou_in_rural * 10 > t.rural_places * 9);
}

/* ------------------------------------------------------------ composition */

struct lineage {
    uint64_t children, same_surname;
};

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int check_composition(void *ctx, const struct gen_household *h)
{
    struct lineage *l = ctx;
    const struct gen_person *head = &h->members[0], *father = NULL;
    assert_string_equal(head->relation, "户主");
    if (head->sex == SEX_MALE)
        father = head;
    for (size_t i = 1; i < h->nmembers; i++) {
        const struct gen_person *p = &h->members[i];
        assert_string_not_equal(p->relation, "户主");
        if (strcmp(p->relation, "配偶") == 0) {
            assert_int_not_equal(p->sex, head->sex);
            assert_true(date_age(p->birth, as_of()) >= 20);
            if (p->sex == SEX_MALE)
                father = p;
        }
    }
    for (size_t i = 1; i < h->nmembers; i++) {
        const struct gen_person *p = &h->members[i];
        if (strcmp(p->relation, "父母") == 0)
            assert_true(date_age(p->birth, head->birth) >= 16);
        if (strcmp(p->relation, "孙子女") == 0)
            assert_true(date_age(head->birth, p->birth) >= 32);
        if (strcmp(p->relation, "子女") != 0)
            continue;
        assert_true(date_age(head->birth, p->birth) >= 16);
        for (size_t k = 1; k < h->nmembers; k++)
            if (strcmp(h->members[k].relation, "配偶") == 0)
                assert_true(date_age(h->members[k].birth, p->birth) >= 16);
        if (father) {
            l->children++;
            /* surnames are one or two characters; compare the first */
            l->same_surname += strncmp(p->name, father->name, 3) == 0;
        }
    }
    assert_true(starts_with(head->id_number, "500"));
    return 0;
}

static void consistent_households(void **state)
{
    struct lineage l = {0};
    run(30000, 5, check_composition, &l);
    /* children take the father's surname; in-laws (also 子女) do not */
    assert_true(l.children > 1000);
    assert_true(l.same_surname * 100 > l.children * 75);
}

/* ------------------------------------------------------- options, failures */

static int never_called(void *ctx, const struct gen_household *h)
{
    fail_msg("emit called for bad options");
    return 0;
}

static void rejects_bad_options(void **state)
{
    struct gen_options opts = {.persons = 0, .seed = 1, .as_of = as_of()};
    struct mz_err err;
    assert_int_equal(gen_city(&opts, PLACES, NPLACES, never_called, NULL, &err), -1);
    assert_string_equal(err.code, "invalid_option");
    assert_non_null(strstr(err.msg, "人数"));
    opts.persons = 10;
    assert_int_equal(gen_city(&opts, PLACES, 0, never_called, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "地点"));
    assert_int_equal(gen_city(&opts, NULL, 3, never_called, NULL, &err), -1);
    struct gen_place bad[2] = {{"500103001001", true}, {"5001030010", true}};
    assert_int_equal(gen_city(&opts, bad, 2, never_called, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "5001030010"));
    strcpy(bad[1].code, "50010300100A");
    assert_int_equal(gen_city(&opts, bad, 2, never_called, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "第2个"));
    opts.as_of = MZ_DATE_NONE;
    assert_int_equal(gen_city(&opts, PLACES, NPLACES, never_called, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "基准日期"));
    opts.as_of = date_from_ymd(1900, 1, 1);
    assert_int_equal(gen_city(&opts, PLACES, NPLACES, never_called, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "1900-01-01"));
}

static int stop_after_three(void *ctx, const struct gen_household *h)
{
    return ++*(int *)ctx == 3 ? 42 : 0;
}

static void emit_stops_generation(void **state)
{
    int calls = 0;
    assert_int_equal(run(10000, 1, stop_after_three, &calls), 42);
    assert_int_equal(calls, 3);
}

static void out_of_memory(void **state)
{
    struct gen_options opts = {.persons = 20000, .seed = 1, .as_of = as_of()};
    struct mz_err err;
    for (long n = 0; n < 10; n++) { /* state, places, counties, ID counters */
        uint64_t persons = 0;
        mem_fail_after(n);
        int rc = gen_city(&opts, PLACES, NPLACES, count_persons, &persons, &err);
        mem_fail_reset();
        assert_int_equal(rc, -1);
        assert_string_equal(err.code, "out_of_memory");
    }
}

/* Sequences count up by parity per county and day; a full day moves the
 * birth date back. */
static void id_sequences(void **state)
{
    struct gen_idseq s;
    struct mz_err err;
    mz_date first = date_from_ymd(1900, 1, 1), day = date_from_ymd(1960, 3, 1);
    assert_int_equal(gen_idseq_init(&s, 2, first, date_from_ymd(2025, 12, 31), &err), 0);
    for (int k = 0; k < 500; k++) {
        mz_date b = day;
        assert_int_equal(gen_idseq_take(&s, 0, &b, SEX_MALE, &err), 2 * k + 1);
        assert_int_equal(b, day);
    }
    for (int k = 0; k < 499; k++) {
        mz_date b = day;
        assert_int_equal(gen_idseq_take(&s, 0, &b, SEX_FEMALE, &err), 2 * k + 2);
    }
    /* the day is full: the next person moves to the day before */
    mz_date b = day;
    assert_int_equal(gen_idseq_take(&s, 0, &b, SEX_MALE, &err), 1);
    assert_int_equal(b, day - 1);
    b = day;
    assert_int_equal(gen_idseq_take(&s, 0, &b, SEX_FEMALE, &err), 2);
    assert_int_equal(b, day - 1);
    /* another county has its own counters */
    b = day;
    assert_int_equal(gen_idseq_take(&s, 1, &b, SEX_MALE, &err), 1);
    assert_int_equal(b, day);
    /* a full first day has nowhere to go */
    for (int k = 0; k < 500; k++) {
        b = first;
        assert_int_equal(gen_idseq_take(&s, 1, &b, SEX_MALE, &err), 2 * k + 1);
    }
    b = first;
    assert_int_equal(gen_idseq_take(&s, 1, &b, SEX_MALE, &err), -1);
    assert_string_equal(err.code, "id_sequence_exhausted");
    assert_non_null(strstr(err.msg, "1899-12-31"));
    gen_idseq_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_city),   cmocka_unit_test(ids_valid_and_unique),
        cmocka_unit_test(exact_person_count),    cmocka_unit_test(realistic_population),
        cmocka_unit_test(consistent_households), cmocka_unit_test(rejects_bad_options),
        cmocka_unit_test(emit_stops_generation), cmocka_unit_test(out_of_memory),
        cmocka_unit_test(id_sequences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
