/* Synthetic city: a realistic, reproducible population of households for
 * demonstrations, tests and benchmarks (`mz gen`). The same options, places
 * and seed give byte-identical output on every machine (the generator uses
 * integer arithmetic, IEEE + and ×, and its own exp(), never libm's
 * approximations), and there is no global state, so concurrent calls are
 * safe.
 *
 * The realism targets (age pyramid, household sizes and composition,
 * incomes, disability, schooling) are Chongqing's 7th census and bureau
 * figures, each a named constant in gen.c with its source. */
#ifndef MZ_GEN_H
#define MZ_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

enum { GEN_MAX_MEMBERS = 8 };

/* A 12-digit community (居委会, urban) or village (村委会, rural) code; its
 * first 6 digits are the county code used in the members' ID numbers. */
struct gen_place {
    char code[13];
    bool urban;
};

struct gen_options {
    uint64_t persons; /* generate households until this many persons exist */
    uint64_t seed;
    mz_date as_of; /* ages and facts are as of this day */
};

/* One person. Strings are static (never freed); amounts are in fen, per
 * month unless stated, each as of gen_options.as_of. */
struct gen_person {
    char id_number[19]; /* valid GB 11643 number, unique within one gen_city call */
    char name[32];      /* UTF-8 Chinese name */
    int sex;            /* SEX_MALE / SEX_FEMALE (registry/idcard.h) */
    mz_date birth;
    bool rural_hukou;
    const char *relation; /* to the head: "户主","配偶","子女","父母","孙子女","兄弟姐妹","其他" */
    int64_t wage_income, business_income;
    int64_t pension_income; /* 养老金, including 城乡居民基础养老金 */
    int64_t other_income;
    int64_t deposits; /* fen, total */
    int disability_grade;        /* 0 none, 1..4 */
    const char *disability_type; /* "视力","听力","言语","肢体","智力","精神","多重" or NULL */
    bool serious_illness;
    const char *employment; /* "在业","灵活就业","登记失业","无业","退休","在校","学龄前" */
    const char *schooling;  /* "学前","小学","初中","高中","中职","大专","本科","研究生" or NULL */
    int selfcare_failed;    /* 0..6 failed self-care items */
    /* what the assistance programs look at beyond income and health */
    bool no_supporter;        /* 无具备能力的赡养、抚养、扶养义务人 */
    bool orphan, de_facto;    /* 孤儿, 事实无人抚养儿童 (children) */
    int64_t medical_spending; /* fen, out of pocket over the last 12 months */
    const char *emergency;    /* 急难事由 or NULL */
    int64_t emergency_loss;   /* fen */
};

/* One household; members[0] is the head (户主). */
struct gen_household {
    uint64_t seq; /* 1, 2, ... in generation order */
    const struct gen_place *place;
    size_t nmembers;
    struct gen_person members[GEN_MAX_MEMBERS];
};

/* Generates households until opts->persons persons exist (the last household
 * is cut short if needed, keeping its head) and calls emit for each; the
 * household is borrowed for the duration of the call. places (borrowed) must
 * hold at least one place; about 70 % of households go to urban places when
 * both kinds exist. Returns 0, emit's first non-zero result (generation
 * stops), or -1 with a message on err for bad options (no persons, no places,
 * a code that is not 12 digits, an as-of date outside 1950–2200) or when
 * memory runs out. Memory use is independent of opts->persons except for the
 * ID sequence counters (one 8-byte slot per county and birth date in use). */
int gen_city(const struct gen_options *opts, const struct gen_place *places, size_t nplaces,
             int (*emit)(void *ctx, const struct gen_household *h), void *ctx,
             struct mz_err *err);

#endif
