/* ID sequence counters for the synthetic city: per county, one array of
 * counters indexed by birth day, so that taking a sequence is one array
 * access and 32 million persons in 38 counties need about 7 MiB. */
#include "gen/idseq.h"

#include <stdbool.h>

#include "base/mem.h"
#include "registry/idcard.h"

#define MALE_CAPACITY 500   /* 001, 003, ..., 999 */
#define FEMALE_CAPACITY 499 /* 002, 004, ..., 998 */

int gen_idseq_init(struct gen_idseq *s, size_t ncounties, mz_date first_day, mz_date last_day,
                   struct mz_err *err)
{
    s->ncounties = ncounties;
    s->first_day = first_day;
    s->last_day = last_day;
    s->counters = mz_calloc(ncounties, sizeof *s->counters);
    if (!s->counters)
        return mz_fail(err, "out_of_memory", "内存不足：无法为 %zu 个区县分配身份证顺序码表",
                       ncounties);
    return 0;
}

void gen_idseq_free(struct gen_idseq *s)
{
    for (size_t i = 0; s->counters && i < s->ncounties; i++)
        mz_free(s->counters[i]);
    mz_free(s->counters);
    s->counters = NULL;
    s->ncounties = 0;
}

int gen_idseq_take(struct gen_idseq *s, size_t county, mz_date *birth, int sex,
                   struct mz_err *err)
{
    uint32_t *days = s->counters[county];
    if (!days) {
        days = mz_calloc((size_t)(s->last_day - s->first_day) + 1, sizeof *days);
        if (!days)
            return mz_fail(err, "out_of_memory", "内存不足：无法分配身份证顺序码表");
        s->counters[county] = days;
    }
    bool male = sex == SEX_MALE;
    int shift = male ? 0 : 16;
    uint32_t capacity = male ? MALE_CAPACITY : FEMALE_CAPACITY;
    for (; *birth >= s->first_day && *birth <= s->last_day; (*birth)--) {
        uint32_t *c = &days[*birth - s->first_day];
        uint32_t n = (*c >> shift) & 0xFFFF;
        if (n < capacity) {
            *c += UINT32_C(1) << shift;
            return (int)(2 * n + (male ? 1 : 2));
        }
    }
    char day[11];
    date_format(*birth, day);
    return mz_fail(err, "id_sequence_exhausted",
                   "无法分配身份证顺序码：出生日期 %s 超出可分配范围（该区县人数过多）", day);
}
