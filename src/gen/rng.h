/* Private to src/gen: a portable pseudo-random generator (xoshiro256**,
 * seeded through splitmix64) and the distributions the synthetic city draws
 * from. Everything is integer arithmetic or plain IEEE double + and * (C11
 * mode keeps -ffp-contract=off), with our own exp(), so a seed gives the same
 * numbers on every machine and C library. */
#ifndef MZ_GEN_RNG_H
#define MZ_GEN_RNG_H

#include <math.h>
#include <stdint.h>

struct gen_rng {
    uint64_t s[4];
};

static inline uint64_t gen_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static inline void gen_rng_seed(struct gen_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = gen_splitmix64(&seed);
}

static inline uint64_t gen_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t gen_next(struct gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = gen_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = gen_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n) (Lemire's multiply-shift; the bias is below 2^-32 * n). */
static inline uint32_t gen_below(struct gen_rng *r, uint32_t n)
{
    return (uint32_t)(((gen_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline int gen_range(struct gen_rng *r, int lo, int hi)
{
    return lo + (int)gen_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability per_mille / 1000. */
static inline int gen_chance(struct gen_rng *r, uint32_t per_mille)
{
    return gen_below(r, 1000) < per_mille;
}

/* A standard normal deviate, approximated by the Irwin–Hall sum of four
 * 16-bit uniforms (mean 0, variance 1, tails cut at ±3.46). */
static inline double gen_normal(struct gen_rng *r)
{
    uint64_t x = gen_next(r);
    double sum = (double)((x & 0xFFFF) + ((x >> 16) & 0xFFFF) + ((x >> 32) & 0xFFFF) + (x >> 48));
    return (sum / 65536.0 - 2.0) * 1.7320508075688772;
}

/* e^x for |x| < 700 with about 1e-10 relative error: 2^k * e^r with
 * |r| <= ln2/2 and a degree-9 Taylor polynomial (ldexp is exact). */
static inline double gen_exp(double x)
{
    double kf = x * 1.4426950408889634;
    int k = (int)(kf >= 0 ? kf + 0.5 : kf - 0.5);
    double y = x - k * 0.6931471805599453;
    double p = 1.0 / 362880;
    static const double inv_fact[] = {1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24,
                                      1.0 / 6,     1.0 / 2,    1.0,        1.0};
    for (int i = 0; i < 9; i++)
        p = p * y + inv_fact[i];
    return ldexp(p, k);
}

/* A log-normal amount in fen with the given median (yuan) and sigma. */
static inline int64_t gen_lognormal_fen(struct gen_rng *r, double median_yuan, double sigma)
{
    return (int64_t)(median_yuan * 100.0 * gen_exp(sigma * gen_normal(r)) + 0.5);
}

#endif
