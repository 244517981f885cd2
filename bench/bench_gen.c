/* Benchmark of the synthetic city: generates 1,000,000 persons over 380
 * places in Chongqing's 38 counties, prints persons per second, the peak
 * resident set size and the realised realism figures.
 * Usage: bench_gen [persons] [seed] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "gen/gen.h"
#include "registry/idcard.h"

static const char *const COUNTIES[] = {
    "500101", "500102", "500103", "500104", "500105", "500106", "500107", "500108",
    "500109", "500110", "500111", "500112", "500113", "500114", "500115", "500116",
    "500117", "500118", "500119", "500120", "500151", "500152", "500153", "500154",
    "500155", "500156", "500229", "500230", "500231", "500233", "500235", "500236",
    "500237", "500238", "500240", "500241", "500242", "500243",
};
enum { NCOUNTIES = sizeof COUNTIES / sizeof COUNTIES[0], PLACES_PER_COUNTY = 10 };

struct stats {
    mz_date as_of;
    uint64_t households, persons, aged60, aged65, aged80, disabled, severe, ill, rural_hukou;
    uint64_t below_dibao, below_edge, sizes[GEN_MAX_MEMBERS + 1], no_deposits;
};

static int count(void *ctx, const struct gen_household *h)
{
    struct stats *s = ctx;
    int64_t income = 0, deposits = 0;
    s->households++;
    s->sizes[h->nmembers]++;
    for (size_t i = 0; i < h->nmembers; i++) {
        const struct gen_person *p = &h->members[i];
        int age = date_age(p->birth, s->as_of);
        s->persons++;
        s->aged60 += age >= 60;
        s->aged65 += age >= 65;
        s->aged80 += age >= 80;
        s->disabled += p->disability_grade > 0;
        s->severe += p->disability_grade == 1 || p->disability_grade == 2;
        s->ill += p->serious_illness;
        s->rural_hukou += p->rural_hukou;
        income += p->wage_income + p->business_income + p->pension_income + p->other_income;
        deposits += p->deposits;
    }
    int64_t standard = h->place->urban ? 77000 : 63000;
    s->below_dibao += income < standard * (int64_t)h->nmembers;
    s->below_edge += 2 * income < 3 * standard * (int64_t)h->nmembers;
    s->no_deposits += deposits == 0;
    return 0;
}

static double pct(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0;
}

int main(int argc, char **argv)
{
    uint64_t persons = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 42;
    struct gen_place places[NCOUNTIES * PLACES_PER_COUNTY];
    size_t n = 0;
    for (int c = 0; c < NCOUNTIES; c++)
        for (int k = 0; k < PLACES_PER_COUNTY; k++, n++) {
            bool urban = k < 7; /* 7 communities, 3 villages per county */
            snprintf(places[n].code, sizeof places[n].code, "%s%03d%03d", COUNTIES[c],
                     urban ? 1 + k : 101 + k, urban ? 1 + k : 201 + k);
            places[n].urban = urban;
        }
    struct stats s = {.as_of = date_from_ymd(2025, 12, 31)};
    struct gen_options opts = {.persons = persons, .seed = seed, .as_of = s.as_of};
    struct mz_err err;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (gen_city(&opts, places, n, count, &s, &err) != 0) {
        fprintf(stderr, "bench_gen: %s\n", err.msg);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("gen: %llu persons, %llu households in %.3f s = %.0f persons/s, peak RSS %ld KiB\n",
           (unsigned long long)s.persons, (unsigned long long)s.households, secs,
           (double)s.persons / secs, ru.ru_maxrss);
    printf("gen: mean household size %.2f; sizes 1..5+: %.1f %.1f %.1f %.1f %.1f %%\n",
           (double)s.persons / (double)s.households, pct(s.sizes[1], s.households),
           pct(s.sizes[2], s.households), pct(s.sizes[3], s.households),
           pct(s.sizes[4], s.households),
           pct(s.households - s.sizes[1] - s.sizes[2] - s.sizes[3] - s.sizes[4], s.households));
    printf("gen: aged 60+ %.1f %%, 65+ %.1f %%, 80+ %.1f %%; rural hukou %.1f %%\n",
           pct(s.aged60, s.persons), pct(s.aged65, s.persons), pct(s.aged80, s.persons),
           pct(s.rural_hukou, s.persons));
    printf("gen: disabled %.2f %% (grade 1-2: %.1f %% of them), serious illness %.2f %%\n",
           pct(s.disabled, s.persons), pct(s.severe, s.disabled), pct(s.ill, s.persons));
    printf("gen: households below the local dibao standard %.2f %%, below 1.5x %.2f %%, "
           "without deposits %.2f %%\n",
           pct(s.below_dibao, s.households), pct(s.below_edge, s.households),
           pct(s.no_deposits, s.households));
    return 0;
}
