/* The vectorized evaluator: splits the households into one contiguous
 * range per thread, cuts each range into batches of whole households
 * (about BATCH persons), and runs the straight-line bytecode once per
 * batch. Parameters are resolved once per region (distinct division code
 * and urban/rural), not per row. */
#include <pthread.h>
#include <string.h>

#include "base/mem.h"
#include "policy/internal.h"
#include "policy/opcodes.h"
#include "policy/snapshot.h"

#define BATCH 1024

struct pol_results {
    int nprogs;
    int64_t **eligible, **amount;
};

/* What every thread shares. */
struct eval {
    const struct pol_set *set;
    const struct pol_snapshot *snap;
    mz_date as_of;
    int32_t *hregion;  /* [nhouseholds] region of each household */
    int64_t *ptab;     /* [nparams][nregions] parameter values */
    int nregions;
    size_t maxhh;      /* largest household */
    struct pol_results *res;
};

struct worker {
    struct eval *ev;
    size_t h0, h1;
    int failed;
};

/* ---- regions ---- */

struct region_key {
    char division[13];
    int rural;
};

static uint64_t key_hash(const char *div, int rural)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)rural;
    for (int i = 0; i < 12 && div[i]; i++)
        h = (h ^ (unsigned char)div[i]) * 1099511628211ull;
    return h;
}

static int build_regions(struct eval *ev, struct mz_err *err)
{
    const struct pol_snapshot *s = ev->snap;
    const struct pol_set *set = ev->set;
    int rural_in = pol_input_find(set, "rural");
    size_t nh = s->nhouseholds, cap = 64;
    while (cap < 2 * nh + 2)
        cap *= 2;
    int32_t *slots = mz_malloc(cap * sizeof *slots);
    struct region_key *keys = NULL;
    size_t capkeys = 0;
    ev->hregion = mz_malloc((nh ? nh : 1) * sizeof *ev->hregion);
    if (!slots || !ev->hregion)
        goto out_oom;
    memset(slots, 0xff, cap * sizeof *slots);
    for (size_t h = 0; h < nh; h++) {
        int rural = s->columns[rural_in][h] != 0;
        size_t i = key_hash(s->division[h], rural) & (cap - 1);
        while (slots[i] >= 0 && (keys[slots[i]].rural != rural ||
                                 strncmp(keys[slots[i]].division, s->division[h], 12) != 0))
            i = (i + 1) & (cap - 1);
        if (slots[i] < 0) {
            if (mz_grow(&keys, &capkeys, (size_t)ev->nregions + 1, sizeof *keys) < 0)
                goto out_oom;
            memcpy(keys[ev->nregions].division, s->division[h], 13);
            keys[ev->nregions].division[12] = 0;
            keys[ev->nregions].rural = rural;
            slots[i] = ev->nregions++;
        }
        ev->hregion[h] = slots[i];
    }
    int nr = ev->nregions ? ev->nregions : 1;
    ev->ptab = mz_malloc((size_t)(set->nparams ? set->nparams : 1) * (size_t)nr * sizeof(int64_t));
    if (!ev->ptab)
        goto out_oom;
    for (int p = 0; p < set->nparams; p++)
        for (int r = 0; r < ev->nregions; r++)
            ev->ptab[(size_t)p * (size_t)ev->nregions + (size_t)r] =
                pol_param_value(set, p, keys[r].division, keys[r].rural, ev->as_of);
    mz_free(slots);
    mz_free(keys);
    return 0;
out_oom:
    mz_free(slots);
    mz_free(keys);
    return mz_fail(err, "out_of_memory", "计算地区参数时内存不足");
}

/* ---- the interpreter ---- */

/* Dispatch macros (Lua's ljumptab.h idea): a switch today; a computed goto
 * table could replace them without touching the cases. */
#define vmdispatch(x) switch (x)
#define vmcase(name) case OP_##name:
#define vmbreak break

#define LOOP(expr)                       \
    for (size_t i = 0; i < n; i++)       \
        d[i] = (expr);                   \
    vmbreak

struct batch {
    size_t np, nh;
    const int32_t *ms;     /* [nh + 1] member offsets within the batch */
    const int32_t *hh;     /* [np] household of each person within the batch */
    const int32_t *region; /* [nh] */
};

static void run(const struct eval *ev, int64_t *const *R, const struct batch *b)
{
    const struct code *code = &ev->set->code;
    const int64_t *ptab = ev->ptab;
    const int nregions = ev->nregions;
    const mz_date as_of = ev->as_of;
    for (int k = 0; k < code->nins; k++) {
        uint64_t w = code->ins[k];
        int dim = INS_DIM(w);
        size_t n = dim ? b->nh : b->np;
        int64_t *d = R[INS_DST(w)];
        const int64_t *x = R[INS_A(w)], *y = R[INS_B(w)], *z = R[INS_C(w)];
        vmdispatch(INS_OP(w))
        {
            vmcase(MOV) LOOP(x[i]);
            vmcase(ADD) LOOP(pol_wrap_add(x[i], y[i]));
            vmcase(SUB) LOOP(pol_wrap_sub(x[i], y[i]));
            vmcase(MUL) LOOP(pol_wrap_mul(x[i], y[i]));
            vmcase(MULR) LOOP(pol_mul_ratio(x[i], y[i]));
            vmcase(DIV) LOOP(pol_div(x[i], y[i]));
            vmcase(NEG) LOOP(pol_wrap_sub(0, x[i]));
            vmcase(EQ) LOOP(x[i] == y[i]);
            vmcase(NE) LOOP(x[i] != y[i]);
            vmcase(LT) LOOP(x[i] < y[i]);
            vmcase(LE) LOOP(x[i] <= y[i]);
            vmcase(GT) LOOP(x[i] > y[i]);
            vmcase(GE) LOOP(x[i] >= y[i]);
            vmcase(AND) LOOP(x[i] & y[i]);
            vmcase(OR) LOOP(x[i] | y[i]);
            vmcase(NOT) LOOP(!x[i]);
            vmcase(SEL) LOOP(x[i] ? y[i] : z[i]);
            vmcase(MIN) LOOP(x[i] < y[i] ? x[i] : y[i]);
            vmcase(MAX) LOOP(x[i] > y[i] ? x[i] : y[i]);
            vmcase(AGE) LOOP(pol_age(x[i], as_of));
            vmcase(MONTHS) LOOP(pol_months_between(x[i], y[i]));
            vmcase(PARAM)
            {
                const int64_t *col = ptab + (size_t)INS_A(w) * (size_t)nregions;
                if (dim) {
                    LOOP(col[b->region[i]]);
                }
                LOOP(col[b->region[b->hh[i]]]);
            }
            vmcase(HSUM)
            {
                for (size_t h = 0; h < n; h++) {
                    int64_t acc = 0;
                    for (int32_t p = b->ms[h]; p < b->ms[h + 1]; p++)
                        acc = pol_wrap_add(acc, y[p] ? x[p] : 0);
                    d[h] = acc;
                }
                vmbreak;
            }
            vmcase(HMIN)
            vmcase(HMAX)
            {
                int is_max = INS_OP(w) == OP_HMAX;
                for (size_t h = 0; h < n; h++) {
                    int64_t acc = 0;
                    int seen = 0;
                    for (int32_t p = b->ms[h]; p < b->ms[h + 1]; p++)
                        if (y[p] && (!seen || (is_max ? x[p] > acc : x[p] < acc))) {
                            acc = x[p];
                            seen = 1;
                        }
                    d[h] = acc;
                }
                vmbreak;
            }
            vmcase(HANY)
            {
                for (size_t h = 0; h < n; h++) {
                    int64_t acc = 0;
                    for (int32_t p = b->ms[h]; p < b->ms[h + 1]; p++)
                        acc |= (y[p] != 0) & (x[p] != 0);
                    d[h] = acc;
                }
                vmbreak;
            }
            vmcase(HALL)
            {
                for (size_t h = 0; h < n; h++) {
                    int64_t acc = 1;
                    for (int32_t p = b->ms[h]; p < b->ms[h + 1]; p++)
                        acc &= (y[p] == 0) | (x[p] != 0);
                    d[h] = acc;
                }
                vmbreak;
            }
            vmcase(BCAST) LOOP(x[b->hh[i]]);
            vmcase(ROUNDY) LOOP(pol_round(x[i], R_YUAN));
            vmcase(CEILY) LOOP(pol_round(x[i], R_YUAN_UP));
            vmcase(FLOORY) LOOP(pol_round(x[i], R_YUAN_DOWN));
        }
    }
}

static void *work(void *arg)
{
    struct worker *wk = arg;
    struct eval *ev = wk->ev;
    const struct pol_snapshot *s = ev->snap;
    const struct code *code = &ev->set->code;
    size_t len = ev->maxhh > BATCH ? ev->maxhh : BATCH;
    int64_t **R = mz_calloc((size_t)code->nregs, sizeof *R);
    int64_t *store = mz_malloc((size_t)code->nregs * len * sizeof(int64_t));
    int32_t *ms = mz_malloc((len + 1) * sizeof *ms), *hh = mz_malloc(len * sizeof *hh);
    if (!R || !store || !ms || !hh) {
        wk->failed = 1;
        goto out_free;
    }
    for (int r = 0; r < code->nregs; r++) {
        R[r] = store + (size_t)r * len;
        if (code->rkind[r] == RK_CONST || code->rkind[r] == RK_ASOF)
            for (size_t i = 0; i < len; i++)
                R[r][i] = code->rkind[r] == RK_ASOF ? ev->as_of : code->rval[r];
    }
    for (size_t h = wk->h0; h < wk->h1;) {
        size_t p0 = s->member_start[h], hend = h;
        while (hend < wk->h1 && hend - h < len && s->member_start[hend + 1] - p0 <= len)
            hend++;
        if (hend == h)
            hend++; /* cannot happen: len >= the largest household */
        struct batch b = {.np = s->member_start[hend] - p0, .nh = hend - h, .ms = ms, .hh = hh,
                          .region = ev->hregion + h};
        for (size_t k = h; k < hend; k++) {
            ms[k - h] = (int32_t)(s->member_start[k] - p0);
            for (size_t p = s->member_start[k]; p < s->member_start[k + 1]; p++)
                hh[p - p0] = (int32_t)(k - h);
        }
        ms[hend - h] = (int32_t)b.np;
        for (int r = 0; r < code->nregs; r++) {
            size_t base = code->rdim[r] == POL_PERSON ? p0 : h;
            switch (code->rkind[r]) {
            case RK_INPUT: R[r] = s->columns[code->rval[r]] + base; break;
            case RK_OUT_ELIG: R[r] = ev->res->eligible[code->rval[r]] + base; break;
            case RK_OUT_AMOUNT: R[r] = ev->res->amount[code->rval[r]] + base; break;
            default: break;
            }
        }
        run(ev, R, &b);
        h = hend;
    }
out_free:
    mz_free(R);
    mz_free(store);
    mz_free(ms);
    mz_free(hh);
    return NULL;
}

void pol_results_free(struct pol_results *res)
{
    if (!res)
        return;
    for (int i = 0; i < res->nprogs; i++) {
        if (res->eligible)
            mz_free(res->eligible[i]);
        if (res->amount)
            mz_free(res->amount[i]);
    }
    mz_free(res->eligible);
    mz_free(res->amount);
    mz_free(res);
}

static struct pol_results *results_new(const struct pol_set *set, const struct pol_snapshot *s)
{
    struct pol_results *res = mz_calloc(1, sizeof *res);
    if (!res)
        return NULL;
    res->eligible = mz_calloc((size_t)set->nprogs + 1, sizeof *res->eligible);
    res->amount = mz_calloc((size_t)set->nprogs + 1, sizeof *res->amount);
    if (!res->eligible || !res->amount) {
        pol_results_free(res);
        return NULL;
    }
    res->nprogs = set->nprogs;
    for (int i = 0; i < set->nprogs; i++) {
        size_t rows = set->progs[i]->entity == POL_PERSON ? s->npersons : s->nhouseholds;
        res->eligible[i] = mz_calloc(rows ? rows : 1, sizeof(int64_t));
        res->amount[i] = mz_calloc(rows ? rows : 1, sizeof(int64_t));
        if (!res->eligible[i] || !res->amount[i]) {
            pol_results_free(res);
            return NULL;
        }
    }
    return res;
}

struct pol_results *pol_eval(const struct pol_set *set, const struct pol_snapshot *snap,
                             mz_date as_of, int nthreads, struct mz_err *err)
{
    struct eval ev = {.set = set, .snap = snap, .as_of = as_of};
    struct worker wk[16];
    pthread_t th[16];
    if (snap->ncolumns != set->ninputs) {
        mz_fail(err, "invalid_snapshot", "快照有 %d 列，政策需要 %d 个输入", snap->ncolumns,
                set->ninputs);
        return NULL;
    }
    if (pol_snapshot_validate(snap, err) < 0)
        return NULL;
    for (size_t h = 0; h < snap->nhouseholds; h++)
        if (snap->member_start[h + 1] - snap->member_start[h] > ev.maxhh)
            ev.maxhh = snap->member_start[h + 1] - snap->member_start[h];
    if (nthreads < 1)
        nthreads = 1;
    if (nthreads > 16)
        nthreads = 16;
    if (!(ev.res = results_new(set, snap))) {
        mz_fail(err, "out_of_memory", "结果内存不足");
        return NULL;
    }
    if (build_regions(&ev, err) < 0)
        goto out_fail;
    /* contiguous household ranges with about the same number of persons */
    size_t h = 0;
    for (int t = 0; t < nthreads; t++) {
        size_t target = snap->npersons * (size_t)(t + 1) / (size_t)nthreads;
        wk[t] = (struct worker){.ev = &ev, .h0 = h};
        while (h < snap->nhouseholds && (snap->member_start[h] < target || t == nthreads - 1))
            h++;
        wk[t].h1 = h;
    }
    int started = 0, failed = 0;
    for (int t = 1; t < nthreads; t++, started++)
        if (pthread_create(&th[t], NULL, work, &wk[t]) != 0)
            break;
    work(&wk[0]);
    failed |= wk[0].failed;
    for (int t = 1; t <= started; t++) {
        pthread_join(th[t], NULL);
        failed |= wk[t].failed;
    }
    for (int t = started + 1; t < nthreads; t++) {
        work(&wk[t]);
        failed |= wk[t].failed;
    }
    if (failed) {
        mz_fail(err, "out_of_memory", "计算时内存不足");
        goto out_fail;
    }
    mz_free(ev.hregion);
    mz_free(ev.ptab);
    return ev.res;
out_fail:
    mz_free(ev.hregion);
    mz_free(ev.ptab);
    pol_results_free(ev.res);
    return NULL;
}

const int64_t *pol_results_eligible(const struct pol_results *res, int program)
{
    return res->eligible[program];
}

const int64_t *pol_results_amount(const struct pol_results *res, int program)
{
    return res->amount[program];
}
