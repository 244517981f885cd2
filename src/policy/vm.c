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
    int nprogs, nwarns;
    size_t npersons, nhouseholds; /* the shape of the snapshot */
    int64_t **eligible, **amount;
    int64_t **warn; /* person warnings' conditions; NULL for the other kinds */
};

/* What every thread shares. */
struct eval {
    const struct pol_set *set;
    const struct pol_snapshot *snap;
    mz_date as_of;
    int32_t *hregion;  /* [nhouseholds] region of each household */
    int64_t *ptab;     /* [nregions][nparams] parameter values */
    uint8_t *uniform;  /* [nparams] same value in every region: PARAM is a fill */
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

/* An open-addressing table of int32 indexes, grown at half load. */
struct itable {
    int32_t *slots;
    size_t cap;
};

static int itable_init(struct itable *t, size_t cap)
{
    t->cap = cap;
    t->slots = mz_malloc(cap * sizeof *t->slots);
    if (t->slots)
        memset(t->slots, 0xff, cap * sizeof *t->slots);
    return t->slots ? 0 : -1;
}

static int region_equal(const struct region_key *k, const char *division, int rural)
{
    return k->rural == rural && strncmp(k->division, division, 12) == 0;
}

/* Parameter values depend on a division only through which of the
 * prefixes named in the policies it starts with, so regions with the same
 * prefixes and urban/rural flag share one resolution (a city of 11,000
 * villages resolves a handful of signatures, not 11,000). */
static void resolve_params(struct eval *ev, const struct region_key *keys)
{
    const struct pol_set *set = ev->set;
    const char *prefixes[63];
    int nprefixes = 0, overflow = 0;
    size_t np = (size_t)set->nparams, nr = (size_t)ev->nregions;
    for (int p = 0; p < set->nparams; p++) {
        const struct param *pm = set->params[p];
        for (int e = -1; e < pm->nentries; e++) {
            const char *x = e < 0 ? pm->within : pm->entries[e].prefix;
            int seen = !x;
            for (int k = 0; k < nprefixes && !seen; k++)
                seen = strcmp(prefixes[k], x) == 0;
            if (!seen && nprefixes < 63)
                prefixes[nprefixes++] = x;
            else if (!seen)
                overflow = 1;
        }
    }
    uint64_t sigs[256];
    int32_t first[256];
    int nsigs = 0;
    for (size_t r = 0; r < nr; r++) {
        uint64_t sig = (uint64_t)keys[r].rural << 63;
        for (int k = 0; k < nprefixes; k++)
            if (strncmp(keys[r].division, prefixes[k], strlen(prefixes[k])) == 0)
                sig |= 1ull << k;
        int same = -1;
        for (int k = 0; k < nsigs && !overflow; k++)
            if (sigs[k] == sig)
                same = first[k];
        int64_t *row = ev->ptab + r * np;
        if (same >= 0) {
            memcpy(row, ev->ptab + (size_t)same * np, np * sizeof *row);
            continue;
        }
        for (size_t p = 0; p < np; p++)
            row[p] = pol_param_value(set, (int)p, keys[r].division, keys[r].rural, ev->as_of);
        if (nsigs < 256) {
            sigs[nsigs] = sig;
            first[nsigs++] = (int32_t)r;
        }
    }
}

/* Maps each household to its region (distinct division code and
 * urban/rural flag) and resolves the parameters of every region. */
static int build_regions(struct eval *ev, struct mz_err *err)
{
    const struct pol_snapshot *s = ev->snap;
    const struct pol_set *set = ev->set;
    const int64_t *rural_col = s->columns[pol_input_find(set, "rural")];
    size_t nh = s->nhouseholds;
    struct itable t = {0};
    struct region_key *keys = NULL;
    size_t capkeys = 0;
    ev->hregion = mz_malloc((nh ? nh : 1) * sizeof *ev->hregion);
    if (!ev->hregion || itable_init(&t, 1024) < 0)
        goto out_oom;
    for (size_t h = 0; h < nh; h++) {
        int rural = rural_col[h] != 0;
        /* households of one village usually come together */
        if (h && region_equal(&keys[ev->hregion[h - 1]], s->division[h], rural)) {
            ev->hregion[h] = ev->hregion[h - 1];
            continue;
        }
        size_t i = key_hash(s->division[h], rural) & (t.cap - 1);
        while (t.slots[i] >= 0 && !region_equal(&keys[t.slots[i]], s->division[h], rural))
            i = (i + 1) & (t.cap - 1);
        if (t.slots[i] < 0) {
            if (mz_grow(&keys, &capkeys, (size_t)ev->nregions + 1, sizeof *keys) < 0)
                goto out_oom;
            memcpy(keys[ev->nregions].division, s->division[h], 12);
            keys[ev->nregions].division[12] = 0;
            keys[ev->nregions].rural = rural;
            t.slots[i] = ev->nregions++;
            if ((size_t)ev->nregions * 2 > t.cap) { /* rehash at half load */
                struct itable bigger;
                if (itable_init(&bigger, t.cap * 4) < 0)
                    goto out_oom;
                for (int32_t r = 0; r < ev->nregions; r++) {
                    size_t j = key_hash(keys[r].division, keys[r].rural) & (bigger.cap - 1);
                    while (bigger.slots[j] >= 0)
                        j = (j + 1) & (bigger.cap - 1);
                    bigger.slots[j] = r;
                }
                mz_free(t.slots);
                t = bigger;
            }
            ev->hregion[h] = ev->nregions - 1;
            continue;
        }
        ev->hregion[h] = t.slots[i];
    }
    size_t cells = (size_t)(set->nparams ? set->nparams : 1) * (size_t)(ev->nregions ? ev->nregions : 1);
    ev->ptab = mz_malloc(cells * sizeof(int64_t));
    ev->uniform = mz_malloc((size_t)set->nparams + 1);
    if (!ev->ptab || !ev->uniform)
        goto out_oom;
    resolve_params(ev, keys);
    for (int p = 0; p < set->nparams; p++) {
        ev->uniform[p] = 1;
        for (int r = 1; r < ev->nregions && ev->uniform[p]; r++)
            ev->uniform[p] = ev->ptab[(size_t)r * (size_t)set->nparams + (size_t)p] == ev->ptab[p];
    }
    mz_free(t.slots);
    mz_free(keys);
    return 0;
out_oom:
    mz_free(t.slots);
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

/* The hot loops are written for the vectorizer; -O2 in GCC 12 vectorizes
 * only loops of known length, so this one function asks GCC for more, and
 * on x86-64 for an AVX2 clone too (64-bit compares need more than SSE2),
 * chosen at load time. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define VECTORIZE __attribute__((optimize("O3"), target_clones("avx2", "default")))
#elif defined(__GNUC__) && !defined(__clang__)
#define VECTORIZE __attribute__((optimize("O3")))
#else
#define VECTORIZE
#endif
VECTORIZE static void run(const struct eval *ev, int64_t *const *R,
                                                 const struct batch *b)
{
    const struct code *code = &ev->set->code;
    const int64_t *ptab = ev->ptab;
    const size_t nparams = (size_t)ev->set->nparams;
    const mz_date as_of = ev->as_of;
    for (int k = 0; k < code->nins; k++) {
        uint64_t w = code->ins[k];
        int dim = INS_DIM(w);
        size_t n = dim ? b->nh : b->np;
        int64_t *restrict d = R[INS_DST(w)];
        const int64_t *restrict x = R[INS_A(w)], *restrict y = R[INS_B(w)],
                      *restrict z = R[INS_C(w)];
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
            vmcase(SEL) LOOP(y[i] ^ ((y[i] ^ z[i]) & ((x[i] != 0) - 1))); /* branch-free */
            vmcase(MIN) LOOP(x[i] < y[i] ? x[i] : y[i]);
            vmcase(MAX) LOOP(x[i] > y[i] ? x[i] : y[i]);
            vmcase(AGE) LOOP(pol_age(x[i], as_of));
            vmcase(MONTHS) LOOP(pol_months_between(x[i], y[i]));
            vmcase(PARAM)
            {
                const int64_t *col = ptab + INS_A(w);
                if (ev->uniform[INS_A(w)]) {
                    const int64_t v = col[0];
                    LOOP(v);
                }
                if (dim) {
                    LOOP(col[(size_t)b->region[i] * nparams]);
                }
                LOOP(col[(size_t)b->region[b->hh[i]] * nparams]);
            }
            vmcase(HSUM)
            {
                for (size_t h = 0; h < n; h++) {
                    int64_t acc = 0;
                    for (int32_t p = b->ms[h]; p < b->ms[h + 1]; p++)
                        acc = pol_wrap_add(acc, x[p] & -(int64_t)(y[p] != 0));
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
    /* registers as long as a batch, or the whole snapshot if smaller */
    size_t len = s->npersons < BATCH ? (s->npersons ? s->npersons : 1) : BATCH;
    if (ev->maxhh > len)
        len = ev->maxhh;
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
            case RK_OUT_WARN: R[r] = ev->res->warn[code->rval[r]] + base; break;
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
    for (int i = 0; i < res->nwarns; i++)
        mz_free(res->warn[i]);
    mz_free(res->eligible);
    mz_free(res->amount);
    mz_free(res->warn);
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
    if (set->nwarns && !(res->warn = mz_calloc((size_t)set->nwarns, sizeof *res->warn))) {
        pol_results_free(res);
        return NULL;
    }
    res->nwarns = set->nwarns;
    for (int i = 0; i < set->nwarns; i++)
        if (set->warns[i]->cond &&
            !(res->warn[i] = mz_calloc(s->npersons ? s->npersons : 1, sizeof(int64_t)))) {
            pol_results_free(res);
            return NULL;
        }
    res->npersons = s->npersons;
    res->nhouseholds = s->nhouseholds;
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

/* Evaluates into res (already shaped for snap). */
static int eval_into(const struct pol_set *set, const struct pol_snapshot *snap, mz_date as_of,
                     int nthreads, struct pol_results *res, struct mz_err *err)
{
    struct eval ev = {.set = set, .snap = snap, .as_of = as_of, .res = res};
    struct worker wk[16];
    pthread_t th[16];
    if (snap->ncolumns != set->ninputs)
        return mz_fail(err, "invalid_snapshot", "快照有 %d 列，政策需要 %d 个输入", snap->ncolumns,
                       set->ninputs);
    if (res->nprogs != set->nprogs || res->nwarns != set->nwarns ||
        res->npersons != snap->npersons ||
        res->nhouseholds != snap->nhouseholds)
        return mz_fail(err, "invalid_results", "结果的形状与快照或政策不符");
    if (pol_snapshot_validate(snap, err) < 0)
        return -1;
    for (size_t h = 0; h < snap->nhouseholds; h++)
        if (snap->member_start[h + 1] - snap->member_start[h] > ev.maxhh)
            ev.maxhh = snap->member_start[h + 1] - snap->member_start[h];
    if (nthreads < 1)
        nthreads = 1;
    if (nthreads > 16)
        nthreads = 16;
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
    mz_free(ev.uniform);
    return 0;
out_fail:
    mz_free(ev.hregion);
    mz_free(ev.ptab);
    mz_free(ev.uniform);
    return -1;
}

struct pol_results *pol_eval(const struct pol_set *set, const struct pol_snapshot *snap,
                             mz_date as_of, int nthreads, struct mz_err *err)
{
    struct pol_results *res = results_new(set, snap);
    if (!res) {
        mz_fail(err, "out_of_memory", "结果内存不足");
        return NULL;
    }
    if (eval_into(set, snap, as_of, nthreads, res, err) < 0) {
        pol_results_free(res);
        return NULL;
    }
    return res;
}

int pol_reeval(struct pol_results *res, const struct pol_set *set,
               const struct pol_snapshot *snap, mz_date as_of, int nthreads, struct mz_err *err)
{
    return eval_into(set, snap, as_of, nthreads, res, err);
}

const int64_t *pol_results_eligible(const struct pol_results *res, int program)
{
    return res->eligible[program];
}

const int64_t *pol_results_amount(const struct pol_results *res, int program)
{
    return res->amount[program];
}

const int64_t *pol_results_warning(const struct pol_results *res, int w)
{
    return res->warn[w];
}
