/* The synthetic city: draws households by composition (shape), ages from
 * the age pyramid truncated to what the shape allows, then each member's ID
 * number, name and facts (health, schooling, work, incomes, deposits).
 * Names are in names.c, ID sequence counters in idseq.c. */
#include "gen/gen.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "gen/idseq.h"
#include "gen/names.h"
#include "gen/rng.h"
#include "registry/idcard.h"

/* ---------------------------------------------------------------- targets */

enum { MAX_AGE = 100 };

/* Age pyramid as of the mid-2020s, per mille by 5-year band (0–4 … 95+,
 * the last band spread over ages 95–100). Shaped on Chongqing's 7th census
 * (2020: 0–14 15.9 %, 60+ 21.9 %, 65+ 17.1 %) aged five years, with the
 * 1962–1975 baby-boom cohorts now 50–63: 60+ ≈ 25.8 %, 65+ ≈ 19.6 %,
 * 0–14 ≈ 14 %. Household composition distorts it a little; tests check
 * the realised 60+ share. */
static const unsigned AGE_BAND_PER_MILLE[20] = {
    36, 48, 56, 52, 50, 56, 76, 70, 64, 74, /* 0–49 */
    84, 76, 62, 66, 56, 36, 22, 11, 4,  1,  /* 50–95+ */
};

/* Share of households living in urban places (Chongqing urbanisation rate
 * 2023: 71.7 %). */
#define URBAN_HOUSEHOLDS_PER_MILLE 700
/* Rural-hukou households in urban places (migrants who kept their rural
 * registration) and urban-hukou ones in rural places. */
#define RURAL_HUKOU_IN_URBAN_PER_MILLE 120
#define URBAN_HUKOU_IN_RURAL_PER_MILLE 40

/* Households by composition, per 10,000 households. The sizes add up to
 * Chongqing's 7th census distribution (1 person ≈ 25 %, 2 ≈ 30 %, 3 ≈ 20 %,
 * 4 ≈ 13 %, 5+ ≈ 12 %). head_lo/head_hi bound the head's age; the other
 * members' ages follow from it (spouses within a few years, children 20–40
 * years younger than the younger parent, grandchildren 20–40 years younger
 * than their parent, the head's parents 20–40 years older). */
struct shape {
    unsigned weight;
    unsigned char head_lo, head_hi;
    unsigned char spouse;        /* 0/1 */
    unsigned char children;      /* the head's children */
    unsigned char child_spouse;  /* 0/1: the first child's spouse (儿媳/女婿) */
    unsigned char grandchildren; /* children of the first child */
    unsigned char parents;       /* 0..2: the head's parents */
    unsigned char siblings, others;
    unsigned short male_head_per_mille;
};

static const struct shape SHAPES[] = {
    /* weight lo  hi sp ch cs gc pa si ot male */
    {1700, 22, 59, 0, 0, 0, 0, 0, 0, 0, 580}, /* living alone, working age */
    {800, 60, 100, 0, 0, 0, 0, 0, 0, 0, 400}, /* elderly living alone */
    {1200, 20, 54, 1, 0, 0, 0, 0, 0, 0, 800}, /* young or empty-nest couple */
    {750, 55, 95, 1, 0, 0, 0, 0, 0, 0, 850},  /* elderly couple (空巢) */
    {450, 26, 75, 0, 1, 0, 0, 0, 0, 0, 300},  /* single parent and child */
    {250, 20, 75, 0, 0, 0, 0, 1, 0, 0, 550},  /* adult and a parent */
    {200, 50, 90, 0, 0, 0, 1, 0, 0, 0, 400},  /* grandparent and grandchild (留守) */
    {80, 18, 80, 0, 0, 0, 0, 0, 1, 0, 500},   /* siblings */
    {70, 18, 90, 0, 0, 0, 0, 0, 0, 1, 500},   /* head and another person */
    {1400, 24, 75, 1, 1, 0, 0, 0, 0, 0, 820}, /* couple and a child */
    {200, 24, 75, 1, 0, 0, 0, 1, 0, 0, 820},  /* couple and a parent */
    {250, 48, 90, 1, 0, 0, 1, 0, 0, 0, 820},  /* grandparents and a grandchild */
    {150, 28, 65, 0, 2, 0, 0, 0, 0, 0, 300},  /* single parent and two children */
    {550, 28, 70, 1, 2, 0, 0, 0, 0, 0, 820},  /* couple and two children */
    {400, 28, 75, 1, 1, 0, 0, 1, 0, 0, 820},  /* couple, child and a parent */
    {100, 48, 90, 1, 0, 0, 2, 0, 0, 0, 820},  /* grandparents and two grandchildren */
    {250, 48, 95, 0, 1, 1, 1, 0, 0, 0, 350},  /* widowed head, child, in-law, grandchild */
    {250, 28, 75, 1, 1, 0, 0, 2, 0, 0, 820},  /* couple, child and both parents */
    {200, 28, 75, 1, 2, 0, 0, 1, 0, 0, 820},  /* couple, two children and a parent */
    {300, 48, 90, 1, 1, 1, 1, 0, 0, 0, 820},  /* three generations under the grandparents */
    {90, 30, 65, 1, 3, 0, 0, 0, 0, 0, 820},   /* couple and three children */
    {150, 48, 90, 1, 1, 1, 2, 0, 0, 0, 820},  /* three generations, two grandchildren */
    {110, 30, 75, 1, 2, 0, 0, 2, 0, 0, 820},  /* couple, two children and both parents */
    {40, 48, 90, 1, 2, 1, 2, 0, 0, 0, 820},   /* three generations and another child */
    {30, 30, 75, 1, 3, 0, 0, 2, 0, 0, 820},   /* couple, three children and parents */
    {30, 48, 80, 1, 1, 1, 3, 1, 0, 0, 820},   /* four generations */
};
enum { NSHAPES = sizeof SHAPES / sizeof SHAPES[0] };

/* Disability (Chongqing disabled persons' federation: about 6 % of the
 * population, rising steeply with age), per mille by age group. */
struct age_rate {
    int below_age;
    unsigned per_mille;
};
static const struct age_rate DISABILITY_BY_AGE[] = {
    {15, 8}, {45, 30}, {60, 60}, {70, 100}, {80, 140}, {MAX_AGE + 1, 220}};
/* Grades 1..4 among the disabled, per mille: grades 1–2 (severe) ≈ 25 %. */
static const unsigned DISABILITY_GRADE_PER_MILLE[4] = {100, 150, 300, 450};
static const struct {
    const char *type;
    unsigned per_mille;
} DISABILITY_TYPES[] = {{"肢体", 480}, {"听力", 170}, {"视力", 110}, {"言语", 15},
                        {"智力", 60},  {"精神", 80},  {"多重", 85}};

/* Serious illness (重特大疾病, ≈ 2 % overall), per mille by age group. */
static const struct age_rate ILLNESS_BY_AGE[] = {
    {18, 3}, {45, 8}, {60, 25}, {75, 40}, {MAX_AGE + 1, 50}};

/* Failed self-care items: who has any (per mille), and how many (1..6). */
#define SELFCARE_80_PLUS_PER_MILLE 220
#define SELFCARE_60_79_PER_MILLE 40
#define SELFCARE_SEVERE_DISABILITY_PER_MILLE 400
static const unsigned SELFCARE_COUNT_PER_MILLE[6] = {300, 200, 150, 120, 110, 120};

/* Monthly amounts in yuan (medians of log-normal distributions with the
 * given sigma). Chongqing 2023 urban non-private average wage ≈ 8,700 and
 * private ≈ 5,200 yuan; the median earner gets about 4,000. */
#define WAGE_URBAN_MEDIAN 4000.0
#define WAGE_RURAL_HUKOU_MEDIAN 3500.0 /* mostly migrant work */
#define WAGE_SIGMA 0.55
#define WAGE_FEMALE_FACTOR 0.85 /* women's median wage relative to men's */
#define FLEXIBLE_MEDIAN 2800.0 /* 灵活就业 */
#define FLEXIBLE_SIGMA 0.5
#define FARM_NET_MEDIAN 1800.0 /* net farming income of a rural worker */
#define FARM_NET_SIGMA 0.5
#define ELDERLY_FARM_MEDIAN 900.0
/* Urban employees' basic pension (Chongqing average ≈ 3,000). */
#define EMPLOYEE_PENSION_MEDIAN 3000.0
#define EMPLOYEE_PENSION_SIGMA 0.35
/* 城乡居民养老金: basic 185–200 plus the individual account. */
#define RESIDENT_PENSION_MEDIAN 240.0
#define RESIDENT_PENSION_SIGMA 0.3
/* Support from children living elsewhere, for persons aged 60+. */
#define SUPPORT_MEDIAN 700.0
#define SUPPORT_SIGMA 0.6
#define SUPPORT_URBAN_PER_MILLE 650
#define SUPPORT_RURAL_PER_MILLE 900
/* Rent, interest and other property income of adults. */
#define PROPERTY_MEDIAN 800.0
#define PROPERTY_PER_MILLE 60

#define MIN_WORKING_AGE 16 /* 劳动法 */
/* Working-age employment (per mille): employed, flexible, registered
 * unemployed; the rest have no work (无业). Rural workers farm or migrate. */
#define EMPLOYED_PER_MILLE 760
#define FLEXIBLE_PER_MILLE 150
#define UNEMPLOYED_PER_MILLE 30
#define RURAL_FARMING_PER_MILLE 450
/* Those out of work: 失业保险金 (90 % of the 2,100 minimum wage) for some of
 * the registered unemployed; odd jobs or family support for some others. */
#define UNEMPLOYMENT_BENEFIT_PER_MILLE 600
#define UNEMPLOYMENT_BENEFIT 1890.0
#define NO_WORK_SUPPORT_PER_MILLE 850
#define NO_WORK_SUPPORT_MEDIAN 1000.0
/* Retirement: urban-hukou men at 60, women at 55 (50 for manual workers)
 * with an employees' pension; the others draw the residents' pension. */
#define URBAN_EMPLOYEE_PENSION_PER_MILLE 820
#define RURAL_EMPLOYEE_PENSION_PER_MILLE 180
#define RURAL_60_69_FARMING_PER_MILLE 600
#define RURAL_70_PLUS_FARMING_PER_MILLE 300

/* Schooling beyond compulsory education, per mille of the age group. */
#define KINDERGARTEN_PER_MILLE 900
#define SENIOR_HIGH_PER_MILLE 560 /* 15–17 in 高中; 中职 next */
#define VOCATIONAL_PER_MILLE 380
#define UNDERGRADUATE_PER_MILLE 300 /* 18–21 in 本科; 大专 next */
#define COLLEGE_PER_MILLE 250
#define POSTGRADUATE_PER_MILLE 50 /* 22–24 */

/* Deposits: household total ≈ this many months of household income
 * (log-normal); some households have none. */
#define DEPOSIT_MONTHS_MEDIAN 10.0
#define DEPOSIT_SIGMA 1.0
#define NO_DEPOSITS_PER_MILLE 40
#define DEPOSIT_NO_INCOME_MEDIAN 3000.0
/* Assistance facts, drawn from a stream of their own so that everything
 * else a seed gives stays as it was (rates chosen for a demo city with a
 * caseload in every program; not from a statistic):
 * people of 60 or more living alone without a supporter; grandchildren
 * under 18 of grandparent households who are orphans or de facto without
 * support; out-of-pocket medical spending of the seriously ill and of a
 * few older people; a household hit by an emergency. */
#define ALONE_NO_SUPPORTER_PER_MILLE 350
#define GRANDCHILD_ORPHAN_PER_MILLE 80
#define GRANDCHILD_DE_FACTO_PER_MILLE 80
#define ILL_MEDICAL_PER_MILLE 700
#define ILL_MEDICAL_MEDIAN 25000.0
#define ELDERLY_MEDICAL_PER_MILLE 20
#define ELDERLY_MEDICAL_MEDIAN 8000.0
#define MEDICAL_SIGMA 0.6
#define EMERGENCY_PER_MILLE 4
#define EMERGENCY_LOSS_MEDIAN 3000.0
#define AID_STREAM 0x61696466616374u /* "aidfact" */

/* -------------------------------------------------------------- the state */

struct gen_state {
    struct gen_rng rng;
    struct gen_rng aid; /* assistance facts (assistance_facts) */
    struct gen_idseq ids;
    mz_date as_of;
    int as_of_year, as_of_month, as_of_day;
    unsigned age_cdf[MAX_AGE + 2]; /* age_cdf[a] = weight of ages below a */
    unsigned shape_total;
    size_t *urban, nurban; /* indexes into places */
    size_t *rural, nrural;
    uint32_t *county; /* per place: its county's number for the ID counters */
};

/* Working data for one household while it is built. */
struct draft {
    struct gen_household *h;
    const char *surnames[GEN_MAX_MEMBERS];
    int ages[GEN_MAX_MEMBERS];
    size_t county;
    bool rural_hukou;
};

static void init_age_cdf(struct gen_state *st)
{
    unsigned sum = 0;
    for (int a = 0; a <= MAX_AGE; a++) {
        st->age_cdf[a] = sum;
        /* ×30 per band: 6 per year in the 5-year bands, 5 in the 6-year last */
        sum += a < 95 ? AGE_BAND_PER_MILLE[a / 5] * 6 : AGE_BAND_PER_MILLE[19] * 5;
    }
    st->age_cdf[MAX_AGE + 1] = sum;
}

/* An age in [lo, hi] (clamped to 0..MAX_AGE) drawn from the pyramid. */
static int draw_age(struct gen_state *st, int lo, int hi)
{
    lo = lo < 0 ? 0 : lo;
    hi = hi > MAX_AGE ? MAX_AGE : hi;
    if (hi <= lo)
        return lo;
    unsigned u = st->age_cdf[lo] + gen_below(&st->rng, st->age_cdf[hi + 1] - st->age_cdf[lo]);
    int a = lo, b = hi; /* the last age whose cdf start is <= u */
    while (a < b) {
        int mid = (a + b + 1) / 2;
        if (st->age_cdf[mid] <= u)
            a = mid;
        else
            b = mid - 1;
    }
    return a;
}

/* A birth date giving exactly `age` on the as-of day. */
static mz_date draw_birth(struct gen_state *st, int age)
{
    int y = st->as_of_year - age, m = st->as_of_month, d = st->as_of_day;
    bool feb29 = m == 2 && d == 29;
    mz_date latest = date_from_ymd(y, m, feb29 && !date_is_leap(y) ? 28 : d);
    mz_date earliest = feb29 && date_is_leap(y - 1) ? date_from_ymd(y - 1, 3, 1)
                                                     : date_from_ymd(y - 1, m, feb29 ? 28 : d) + 1;
    return earliest + (mz_date)gen_below(&st->rng, (uint32_t)(latest - earliest + 1));
}

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* A gap of about `mean` years with a spread of 3 (spouses' ages). */
static int near_age(struct gen_state *st, int age, int mean, int lo, int hi)
{
    double v = age + mean + 3.0 * gen_normal(&st->rng);
    return clamp_int((int)(v >= 0 ? v + 0.5 : v - 0.5), lo, hi);
}

/* ------------------------------------------------------------ ID numbers */

static void put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

static void format_id(char out[19], const char *place_code, int y, int m, int d, int seq)
{
    memcpy(out, place_code, 6);
    put_digits(out + 6, y, 4);
    put_digits(out + 10, m, 2);
    put_digits(out + 12, d, 2);
    put_digits(out + 14, seq, 3);
    out[17] = idcard_check_char(out);
    out[18] = '\0';
}

/* ------------------------------------------------------------ households */

/* Appends a member of about `age` years; the ID sequence may move the birth
 * date back a day, so the exact age is recomputed. */
static int add_member(struct gen_state *st, struct draft *dr, const char *relation, int age,
                      int sex, const char *surname, struct mz_err *err)
{
    struct gen_household *h = dr->h;
    size_t i = h->nmembers;
    struct gen_person *p = &h->members[i];
    memset(p, 0, sizeof *p);
    p->sex = sex;
    p->relation = relation;
    p->rural_hukou = dr->rural_hukou;
    p->birth = draw_birth(st, age);
    int seq = gen_idseq_take(&st->ids, dr->county, &p->birth, sex, err);
    if (seq < 0)
        return -1;
    int y, m, d;
    date_to_ymd(p->birth, &y, &m, &d);
    format_id(p->id_number, h->place->code, y, m, d, seq);
    gen_name(&st->rng, surname, sex, y, p->name);
    dr->surnames[i] = surname;
    dr->ages[i] = date_age(p->birth, st->as_of);
    h->nmembers++;
    return 0;
}

static int other_sex(int sex)
{
    return sex == SEX_MALE ? SEX_FEMALE : SEX_MALE;
}

static int child_sex(struct gen_state *st)
{
    return gen_chance(&st->rng, 515) ? SEX_MALE : SEX_FEMALE; /* sex ratio at birth ≈ 106 */
}

/* Adds the head's parents (one or two, 20–40 years older). */
static int add_parents(struct gen_state *st, struct draft *dr, int n, struct mz_err *err)
{
    int head_age = dr->ages[0];
    int mother_age = draw_age(st, head_age + 20, head_age + 40);
    bool mother = n == 2 || gen_chance(&st->rng, 700); /* widows outlive widowers */
    if (mother && add_member(st, dr, "父母", mother_age, SEX_FEMALE, gen_surname(&st->rng), err))
        return -1;
    if (!mother || n == 2) {
        int father_age = near_age(st, mother_age, 2, head_age + 20, MAX_AGE);
        if (add_member(st, dr, "父母", father_age, SEX_MALE, dr->surnames[0], err))
            return -1;
    }
    return 0;
}

/* Builds the members of one household of the given shape. */
static int build_members(struct gen_state *st, struct draft *dr, const struct shape *sh,
                         struct mz_err *err)
{
    struct gen_rng *r = &st->rng;
    int head_sex = gen_chance(r, sh->male_head_per_mille) ? SEX_MALE : SEX_FEMALE;
    const char *head_surname = gen_surname(r);
    if (add_member(st, dr, "户主", draw_age(st, sh->head_lo, sh->head_hi), head_sex,
                   head_surname, err))
        return -1;
    int head_age = dr->ages[0];
    int young = head_age; /* the younger of the head and spouse */
    const char *lineage = head_sex == SEX_MALE ? head_surname : NULL;
    if (sh->spouse) {
        int lo = sh->grandchildren || sh->child_spouse ? 40 : 20;
        int age = near_age(st, head_age, head_sex == SEX_MALE ? -2 : 2, lo, MAX_AGE);
        const char *surname = gen_surname(r);
        if (add_member(st, dr, "配偶", age, other_sex(head_sex), surname, err))
            return -1;
        if (head_sex == SEX_FEMALE)
            lineage = surname;
        young = dr->ages[1] < young ? dr->ages[1] : young;
    }
    if (!lineage) /* the absent father's surname, or the mother's */
        lineage = gen_chance(r, 800) ? gen_surname(r) : head_surname;
    if (sh->parents && add_parents(st, dr, sh->parents, err))
        return -1;

    int parent_age = young - 20, first_child = -1; /* the grandchildren's parent */
    const char *gc_surname = gen_chance(r, 700) ? lineage : gen_surname(r);
    for (int c = 0; c < sh->children; c++) {
        bool has_family = c == 0 && (sh->child_spouse || sh->grandchildren);
        int lo = young - 40 > (has_family ? 20 : 0) ? young - 40 : (has_family ? 20 : 0);
        if (add_member(st, dr, "子女", draw_age(st, lo, young - 20), child_sex(st), lineage, err))
            return -1;
        if (c == 0) {
            first_child = (int)dr->h->nmembers - 1;
            parent_age = dr->ages[first_child];
            if (dr->h->members[first_child].sex == SEX_MALE)
                gc_surname = lineage;
        }
    }
    if (sh->child_spouse) {
        int csex = other_sex(dr->h->members[first_child].sex);
        const char *surname = gen_surname(r);
        int age = near_age(st, parent_age, csex == SEX_MALE ? 2 : -2, 20, young - 20);
        if (add_member(st, dr, "子女", age, csex, surname, err))
            return -1;
        if (csex == SEX_MALE)
            gc_surname = surname;
        if (dr->ages[dr->h->nmembers - 1] < parent_age)
            parent_age = dr->ages[dr->h->nmembers - 1];
    }
    for (int g = 0; g < sh->grandchildren; g++)
        if (add_member(st, dr, "孙子女", draw_age(st, parent_age - 40, parent_age - 20),
                       child_sex(st), gc_surname, err))
            return -1;
    for (int s = 0; s < sh->siblings; s++)
        if (add_member(st, dr, "兄弟姐妹", draw_age(st, head_age - 12, head_age + 12),
                       child_sex(st), head_surname, err))
            return -1;
    for (int o = 0; o < sh->others; o++)
        if (add_member(st, dr, "其他", draw_age(st, 16, 90), child_sex(st), gen_surname(r), err))
            return -1;
    return 0;
}

/* ----------------------------------------------------------------- facts */

static unsigned per_mille_by_age(const struct age_rate *t, size_t n, int age)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (age < t[i].below_age)
            return t[i].per_mille;
    return t[n - 1].per_mille;
}

/* An index drawn by weights (per mille, summing to 1000). */
static int draw_weighted(struct gen_state *st, const unsigned *weights, int n)
{
    unsigned u = gen_below(&st->rng, 1000);
    for (int i = 0; i < n - 1; i++) {
        if (u < weights[i])
            return i;
        u -= weights[i];
    }
    return n - 1;
}

static void health_facts(struct gen_state *st, struct gen_person *p, int age)
{
    struct gen_rng *r = &st->rng;
    enum { NTYPES = sizeof DISABILITY_TYPES / sizeof DISABILITY_TYPES[0] };
    if (gen_chance(r, per_mille_by_age(DISABILITY_BY_AGE, sizeof DISABILITY_BY_AGE /
                                                              sizeof DISABILITY_BY_AGE[0], age))) {
        p->disability_grade = 1 + draw_weighted(st, DISABILITY_GRADE_PER_MILLE, 4);
        unsigned type_weights[NTYPES];
        for (int i = 0; i < NTYPES; i++)
            type_weights[i] = DISABILITY_TYPES[i].per_mille;
        p->disability_type = DISABILITY_TYPES[draw_weighted(st, type_weights, NTYPES)].type;
    }
    p->serious_illness = gen_chance(
        r, per_mille_by_age(ILLNESS_BY_AGE, sizeof ILLNESS_BY_AGE / sizeof ILLNESS_BY_AGE[0], age));
    unsigned selfcare = age >= 80 ? SELFCARE_80_PLUS_PER_MILLE
                        : age >= 60 ? SELFCARE_60_79_PER_MILLE
                                    : 0;
    if (p->disability_grade && p->disability_grade <= 2 &&
        selfcare < SELFCARE_SEVERE_DISABILITY_PER_MILLE)
        selfcare = SELFCARE_SEVERE_DISABILITY_PER_MILLE;
    if (gen_chance(r, selfcare))
        p->selfcare_failed = 1 + draw_weighted(st, SELFCARE_COUNT_PER_MILLE, 6);
}

/* Sets schooling for those in education; returns whether the person is. */
static bool schooling_facts(struct gen_state *st, struct gen_person *p, int age)
{
    struct gen_rng *r = &st->rng;
    unsigned u = gen_below(r, 1000);
    if (age < 6) {
        p->employment = "学龄前";
        p->schooling = age >= 3 && u < KINDERGARTEN_PER_MILLE ? "学前" : NULL;
        return true;
    }
    if (age < 12)
        p->schooling = "小学";
    else if (age < 15)
        p->schooling = "初中";
    else if (age < 18 && u < SENIOR_HIGH_PER_MILLE + VOCATIONAL_PER_MILLE)
        p->schooling = u < SENIOR_HIGH_PER_MILLE ? "高中" : "中职";
    else if (age >= 18 && age < 22 && u < UNDERGRADUATE_PER_MILLE + COLLEGE_PER_MILLE)
        p->schooling = u < UNDERGRADUATE_PER_MILLE ? "本科" : "大专";
    else if (age >= 22 && age < 25 && u < POSTGRADUATE_PER_MILLE)
        p->schooling = "研究生";
    else
        return false;
    p->employment = "在校";
    return true;
}

static double wage_age_factor(int age)
{
    return age < 25 ? 0.7 : age < 35 ? 1.0 : age < 50 ? 1.1 : 0.9;
}

/* Employment, wages, business income and pensions of someone not in school. */
static void work_facts(struct gen_state *st, struct gen_person *p, int age)
{
    struct gen_rng *r = &st->rng;
    bool severe = (p->disability_grade && p->disability_grade <= 2) ||
                  (p->disability_grade == 3 && (strcmp(p->disability_type, "智力") == 0 ||
                                                strcmp(p->disability_type, "精神") == 0));
    int retire_age = p->sex == SEX_MALE ? 60 : gen_chance(r, 300) ? 50 : 55;
    p->employment = "无业";
    if (age < MIN_WORKING_AGE)
        return;
    if (age >= retire_age &&
        gen_chance(r, p->rural_hukou ? RURAL_EMPLOYEE_PENSION_PER_MILLE
                                     : URBAN_EMPLOYEE_PENSION_PER_MILLE)) {
        p->employment = "退休";
        p->pension_income =
            gen_lognormal_fen(r, EMPLOYEE_PENSION_MEDIAN, EMPLOYEE_PENSION_SIGMA);
        return;
    }
    if (age >= 60) {
        p->pension_income =
            gen_lognormal_fen(r, RESIDENT_PENSION_MEDIAN, RESIDENT_PENSION_SIGMA);
        unsigned farming = age < 70 ? RURAL_60_69_FARMING_PER_MILLE
                                    : RURAL_70_PLUS_FARMING_PER_MILLE;
        if (p->rural_hukou && !severe && age < 80 && gen_chance(r, farming)) {
            p->employment = "在业";
            p->business_income = gen_lognormal_fen(r, ELDERLY_FARM_MEDIAN, FARM_NET_SIGMA);
        }
        return;
    }
    double sex_factor = p->sex == SEX_MALE ? 1.0 : WAGE_FEMALE_FACTOR;
    unsigned u = gen_below(r, 1000);
    if (severe || (p->serious_illness && gen_chance(r, 600)))
        u = 1000; /* unable to work */
    if (u < EMPLOYED_PER_MILLE) {
        p->employment = "在业";
        if (p->rural_hukou && gen_chance(r, RURAL_FARMING_PER_MILLE))
            p->business_income = gen_lognormal_fen(r, FARM_NET_MEDIAN, FARM_NET_SIGMA);
        else
            p->wage_income = gen_lognormal_fen(
                r,
                (p->rural_hukou ? WAGE_RURAL_HUKOU_MEDIAN : WAGE_URBAN_MEDIAN) *
                    wage_age_factor(age) * sex_factor,
                WAGE_SIGMA);
    } else if (u < EMPLOYED_PER_MILLE + FLEXIBLE_PER_MILLE) {
        p->employment = "灵活就业";
        p->wage_income = gen_lognormal_fen(r, FLEXIBLE_MEDIAN * sex_factor, FLEXIBLE_SIGMA);
    } else if (u < EMPLOYED_PER_MILLE + FLEXIBLE_PER_MILLE + UNEMPLOYED_PER_MILLE) {
        p->employment = "登记失业";
        if (gen_chance(r, UNEMPLOYMENT_BENEFIT_PER_MILLE))
            p->other_income = (int64_t)(UNEMPLOYMENT_BENEFIT * 100);
    } else if (gen_chance(r, NO_WORK_SUPPORT_PER_MILLE)) {
        p->other_income = gen_lognormal_fen(r, NO_WORK_SUPPORT_MEDIAN, SUPPORT_SIGMA);
    }
}

static void person_facts(struct gen_state *st, struct gen_person *p, int age, bool urban_place)
{
    struct gen_rng *r = &st->rng;
    health_facts(st, p, age);
    if (!schooling_facts(st, p, age))
        work_facts(st, p, age);
    if (age >= 60 &&
        gen_chance(r, p->rural_hukou || !urban_place ? SUPPORT_RURAL_PER_MILLE
                                                     : SUPPORT_URBAN_PER_MILLE))
        p->other_income += gen_lognormal_fen(r, SUPPORT_MEDIAN, SUPPORT_SIGMA);
    if (age >= 18 && gen_chance(r, PROPERTY_PER_MILLE))
        p->other_income += gen_lognormal_fen(r, PROPERTY_MEDIAN, SUPPORT_SIGMA);
}

/* Household deposits, held by the head (and 40 % by the spouse). */
static void deposit_facts(struct gen_state *st, struct gen_household *h)
{
    struct gen_rng *r = &st->rng;
    if (gen_chance(r, NO_DEPOSITS_PER_MILLE))
        return;
    int64_t income = 0;
    for (size_t i = 0; i < h->nmembers; i++) {
        const struct gen_person *p = &h->members[i];
        income += p->wage_income + p->business_income + p->pension_income + p->other_income;
    }
    int64_t total = income > 0 ? (int64_t)((double)income * DEPOSIT_MONTHS_MEDIAN *
                                               gen_exp(DEPOSIT_SIGMA * gen_normal(r)) +
                                           0.5)
                               : gen_lognormal_fen(r, DEPOSIT_NO_INCOME_MEDIAN, DEPOSIT_SIGMA);
    if (h->nmembers > 1 && strcmp(h->members[1].relation, "配偶") == 0) {
        h->members[1].deposits = total * 2 / 5;
        total -= h->members[1].deposits;
    }
    h->members[0].deposits = total;
}

/* The facts the assistance programs read besides income and health. */
static void assistance_facts(struct gen_state *st, struct gen_household *h, const int *ages)
{
    static const char *const emergencies[] = {"火灾", "突发重病", "交通事故", "意外伤害"};
    struct gen_rng *r = &st->aid;
    struct gen_person *head = &h->members[0];
    if (h->nmembers == 1 && ages[0] >= 60 && gen_chance(r, ALONE_NO_SUPPORTER_PER_MILLE))
        head->no_supporter = true;
    for (size_t i = 0; i < h->nmembers; i++) {
        struct gen_person *p = &h->members[i];
        if (strcmp(p->relation, "孙子女") == 0 && ages[i] < 18) {
            unsigned u = gen_below(r, 1000);
            p->orphan = u < GRANDCHILD_ORPHAN_PER_MILLE;
            p->de_facto = !p->orphan &&
                          u < GRANDCHILD_ORPHAN_PER_MILLE + GRANDCHILD_DE_FACTO_PER_MILLE;
        }
        if (p->serious_illness && gen_chance(r, ILL_MEDICAL_PER_MILLE))
            p->medical_spending = gen_lognormal_fen(r, ILL_MEDICAL_MEDIAN, MEDICAL_SIGMA);
        else if (ages[i] >= 60 && gen_chance(r, ELDERLY_MEDICAL_PER_MILLE))
            p->medical_spending = gen_lognormal_fen(r, ELDERLY_MEDICAL_MEDIAN, MEDICAL_SIGMA);
    }
    if (gen_chance(r, EMERGENCY_PER_MILLE)) {
        head->emergency = emergencies[gen_below(r, 4)];
        head->emergency_loss = gen_lognormal_fen(r, EMERGENCY_LOSS_MEDIAN, MEDICAL_SIGMA);
    }
}

/* ------------------------------------------------------------ the driver */

static int check_options(const struct gen_options *opts, const struct gen_place *places,
                         size_t nplaces, struct mz_err *err)
{
    if (!opts || opts->persons == 0)
        return mz_fail(err, "invalid_option", "人数应为正整数：0");
    if (!places || nplaces == 0)
        return mz_fail(err, "invalid_option", "没有可用的社区或村：地点列表为空");
    for (size_t i = 0; i < nplaces; i++) {
        const char *c = places[i].code;
        size_t len = strnlen(c, sizeof places[i].code);
        bool ok = len == 12;
        for (size_t k = 0; ok && k < 12; k++)
            ok = c[k] >= '0' && c[k] <= '9';
        if (!ok)
            return mz_fail(err, "invalid_option", "第%zu个地点代码应为12位数字：%.*s", i + 1,
                           (int)len, c);
    }
    if (opts->as_of == MZ_DATE_NONE || opts->as_of < date_from_ymd(1950, 1, 1) ||
        opts->as_of > date_from_ymd(2200, 12, 31)) {
        char buf[32] = "（未给出）";
        if (opts->as_of != MZ_DATE_NONE)
            date_format(opts->as_of, buf);
        return mz_fail(err, "invalid_option", "基准日期应在1950年至2200年之间：%s", buf);
    }
    return 0;
}

/* The 6-digit county code of a place, as a number. */
static int county_code(const struct gen_place *place)
{
    int v = 0;
    for (int i = 0; i < 6; i++)
        v = v * 10 + (place->code[i] - '0');
    return v;
}

static int compare_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Splits places into urban and rural index lists, numbers their counties
 * and prepares the ID counters for them. */
static int index_places(struct gen_state *st, const struct gen_place *places, size_t nplaces,
                        struct mz_err *err)
{
    st->urban = mz_malloc(nplaces * sizeof *st->urban);
    st->rural = mz_malloc(nplaces * sizeof *st->rural);
    st->county = mz_malloc(nplaces * sizeof *st->county);
    int *codes = mz_malloc(nplaces * sizeof *codes);
    if (!st->urban || !st->rural || !st->county || !codes) {
        mz_free(codes);
        return mz_fail(err, "out_of_memory", "内存不足：无法索引 %zu 个地点", nplaces);
    }
    for (size_t i = 0; i < nplaces; i++) {
        if (places[i].urban)
            st->urban[st->nurban++] = i;
        else
            st->rural[st->nrural++] = i;
        codes[i] = county_code(&places[i]);
    }
    qsort(codes, nplaces, sizeof *codes, compare_int);
    size_t ncounties = 0;
    for (size_t i = 0; i < nplaces; i++)
        if (i == 0 || codes[i] != codes[ncounties - 1])
            codes[ncounties++] = codes[i];
    for (size_t i = 0; i < nplaces; i++) {
        int code = county_code(&places[i]);
        const int *found = bsearch(&code, codes, ncounties, sizeof *codes, compare_int);
        st->county[i] = (uint32_t)(found - codes);
    }
    mz_free(codes);
    /* ages reach MAX_AGE; the slack lets full days move births earlier */
    return gen_idseq_init(&st->ids, ncounties, date_from_ymd(st->as_of_year - MAX_AGE - 30, 1, 1),
                          st->as_of, err);
}

static const struct gen_place *draw_place(struct gen_state *st, const struct gen_place *places)
{
    bool urban = st->nrural == 0 ||
                 (st->nurban > 0 && gen_chance(&st->rng, URBAN_HOUSEHOLDS_PER_MILLE));
    if (urban)
        return &places[st->urban[gen_below(&st->rng, (uint32_t)st->nurban)]];
    return &places[st->rural[gen_below(&st->rng, (uint32_t)st->nrural)]];
}

static const struct shape *draw_shape(struct gen_state *st)
{
    unsigned u = gen_below(&st->rng, st->shape_total);
    for (int i = 0; i < NSHAPES - 1; i++) {
        if (u < SHAPES[i].weight)
            return &SHAPES[i];
        u -= SHAPES[i].weight;
    }
    return &SHAPES[NSHAPES - 1];
}

int gen_city(const struct gen_options *opts, const struct gen_place *places, size_t nplaces,
             int (*emit)(void *ctx, const struct gen_household *h), void *ctx,
             struct mz_err *err)
{
    if (check_options(opts, places, nplaces, err))
        return -1;
    struct gen_state st = {.as_of = opts->as_of};
    gen_rng_seed(&st.rng, opts->seed);
    gen_rng_seed(&st.aid, opts->seed ^ AID_STREAM);
    date_to_ymd(opts->as_of, &st.as_of_year, &st.as_of_month, &st.as_of_day);
    init_age_cdf(&st);
    for (int i = 0; i < NSHAPES; i++)
        st.shape_total += SHAPES[i].weight;
    struct gen_household *h = mz_calloc(1, sizeof *h);
    int rc = h ? index_places(&st, places, nplaces, err)
               : mz_fail(err, "out_of_memory", "内存不足：无法分配户");
    uint64_t done = 0;
    while (rc == 0 && done < opts->persons) {
        struct draft dr = {.h = h};
        h->seq++;
        h->nmembers = 0;
        h->place = draw_place(&st, places);
        dr.county = st.county[h->place - places];
        dr.rural_hukou = h->place->urban ? gen_chance(&st.rng, RURAL_HUKOU_IN_URBAN_PER_MILLE)
                                         : !gen_chance(&st.rng, URBAN_HUKOU_IN_RURAL_PER_MILLE);
        if (build_members(&st, &dr, draw_shape(&st), err)) {
            rc = -1;
            break;
        }
        if (h->nmembers > opts->persons - done)
            h->nmembers = (size_t)(opts->persons - done);
        for (size_t i = 0; i < h->nmembers; i++)
            person_facts(&st, &h->members[i], dr.ages[i], h->place->urban);
        deposit_facts(&st, h);
        assistance_facts(&st, h, dr.ages);
        done += h->nmembers;
        rc = emit(ctx, h);
    }
    mz_free(st.urban);
    mz_free(st.rural);
    mz_free(st.county);
    mz_free(h);
    gen_idseq_free(&st.ids);
    return rc;
}
