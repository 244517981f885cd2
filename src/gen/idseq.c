/* ID sequence counters for the synthetic city: a linear-probing hash table
 * whose slots hold key and counters in one word, so that 32 million persons
 * need only a few tens of megabytes. */
#include "gen/idseq.h"

#include "base/mem.h"
#include "registry/idcard.h"

/* Slot layout: bits 0..37 key + 1 (0 = empty slot), where key = county << 18
 * | days since 1800-01-01; bits 38..46 men counted; bits 47..55 women. */
#define KEY_BITS 38
#define DAY_BITS 18
#define KEY_MASK ((UINT64_C(1) << KEY_BITS) - 1)
#define COUNT_MASK UINT64_C(0x1FF)
#define MALE_SHIFT KEY_BITS
#define FEMALE_SHIFT (KEY_BITS + 9)
#define MALE_CAPACITY 500   /* 001, 003, ..., 999 */
#define FEMALE_CAPACITY 499 /* 002, 004, ..., 998 */
#define DAY_ZERO (-62091)   /* date_from_ymd(1800, 1, 1) */
#define INITIAL_CAP 4096

void gen_idseq_init(struct gen_idseq *s)
{
    s->slots = NULL;
    s->cap = 0;
    s->used = 0;
}

void gen_idseq_free(struct gen_idseq *s)
{
    mz_free(s->slots);
    gen_idseq_init(s);
}

static size_t slot_of(uint64_t key, size_t cap)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & (cap - 1);
}

static int grow(struct gen_idseq *s, struct mz_err *err)
{
    size_t ncap = s->cap ? s->cap * 2 : INITIAL_CAP;
    uint64_t *nslots = mz_calloc(ncap, sizeof *nslots);
    if (!nslots)
        return mz_fail(err, "out_of_memory", "内存不足：无法扩展身份证顺序码表（%zu 项）", ncap);
    for (size_t i = 0; i < s->cap; i++) {
        uint64_t v = s->slots[i];
        if (!v)
            continue;
        size_t j = slot_of(v & KEY_MASK, ncap);
        while (nslots[j])
            j = (j + 1) & (ncap - 1);
        nslots[j] = v;
    }
    mz_free(s->slots);
    s->slots = nslots;
    s->cap = ncap;
    return 0;
}

int gen_idseq_take(struct gen_idseq *s, int county, mz_date *birth, int sex, struct mz_err *err)
{
    for (;;) {
        long day = (long)*birth - DAY_ZERO;
        if (day < 0 || day >= (1L << DAY_BITS) || county < 0 || county > 999999)
            return mz_fail(err, "id_sequence_exhausted",
                           "无法为地区 %06d 分配身份证顺序码：出生日期超出 1800–2517 年", county);
        if (2 * (s->used + 1) > s->cap && grow(s, err) < 0)
            return -1;
        uint64_t key = (((uint64_t)county << DAY_BITS) | (uint64_t)day) + 1;
        size_t i = slot_of(key, s->cap);
        while (s->slots[i] && (s->slots[i] & KEY_MASK) != key)
            i = (i + 1) & (s->cap - 1);
        if (!s->slots[i]) {
            s->slots[i] = key;
            s->used++;
        }
        int shift = sex == SEX_MALE ? MALE_SHIFT : FEMALE_SHIFT;
        uint64_t n = (s->slots[i] >> shift) & COUNT_MASK;
        if (n < (sex == SEX_MALE ? MALE_CAPACITY : FEMALE_CAPACITY)) {
            s->slots[i] += UINT64_C(1) << shift;
            return (int)(2 * n + (sex == SEX_MALE ? 1 : 2));
        }
        (*birth)--;
    }
}
