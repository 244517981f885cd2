/* Spot checks: SM3-ranked samples of enrolled households (spotcheck.h). */
#include "supervise/spotcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "crypto/sm.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/spotstore.h"

struct candidate {
    int64_t id;
    char rank[65]; /* SM3("<seed>|<户编号>"), hex */
};

struct population {
    const char *seed;
    struct candidate *c;
    size_t n, cap;
};

static int add_candidate(void *ctx, int64_t id, const char *hh_no)
{
    struct population *p = ctx;
    if (mz_grow(&p->c, &p->cap, p->n + 1, sizeof *p->c) < 0)
        return -1;
    char text[SPOTCHECK_SEED_MAX + 80];
    snprintf(text, sizeof text, "%s|%s", p->seed, hh_no);
    struct candidate *c = &p->c[p->n++];
    c->id = id;
    sm3_hex(text, strlen(text), c->rank);
    return 0;
}

static int by_rank(const void *a, const void *b)
{
    return strcmp(((const struct candidate *)a)->rank, ((const struct candidate *)b)->rank);
}

static int check_request(const struct spotcheck_request *req, struct mz_err *err)
{
    if (!req->program || !*req->program || strlen(req->program) > 40 ||
        strspn(req->program, "abcdefghijklmnopqrstuvwxyz_0123456789") != strlen(req->program))
        return mz_fail_field(err, "program", "invalid_value", "项目名应为政策文件中的项目名，如 tekun");
    if (!req->division || div_level_of(req->division) == 0)
        return mz_fail_field(err, "division", "invalid_value",
                             "区划代码应为 2、4、6、9 或 12 位数字，实为“%s”",
                             req->division ? req->division : "");
    if (req->share < 1 || req->share > 100)
        return mz_fail_field(err, "share", "invalid_value", "抽查比例应为 1–100（%%），实为 %d",
                             req->share);
    if (req->seed && (!*req->seed || strlen(req->seed) > SPOTCHECK_SEED_MAX ||
                      strchr(req->seed, '|') ||
                      strspn(req->seed, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.") !=
                          strlen(req->seed)))
        return mz_fail_field(err, "seed", "invalid_value",
                             "随机种子应为 1–%d 个字母、数字、“-”“_”或“.”", SPOTCHECK_SEED_MAX);
    return 0;
}

int spotcheck_draw(struct registry *r, const struct spotcheck_request *req, const char *actor,
                   struct spotcheck *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    if (check_request(req, err) < 0)
        return -1;
    if (req->seed) {
        snprintf(out->seed, sizeof out->seed, "%s", req->seed);
    } else {
        unsigned char b[8];
        if (sm_random(b, sizeof b) < 0)
            return mz_fail(err, "crypto", "生成随机种子失败");
        for (int i = 0; i < 8; i++)
            snprintf(out->seed + 2 * i, 3, "%02x", b[i]);
    }
    char month[8], day[11];
    date_format(req->as_of, day);
    snprintf(month, sizeof month, "%.7s", day);
    struct db *db = reg_db(r);
    struct population p = {.seed = out->seed};
    if (db_begin(db, err) < 0)
        return -1;
    int rc = ss_enrolled(db, req->program, req->division, month, add_candidate, &p, err);
    if (rc > 0)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0 && p.n == 0)
        rc = mz_fail_field(err, "program", "no_population",
                           "%s 月区划 %s 下没有 %s 的在册家庭，无从抽查", month, req->division,
                           req->program);
    if (rc == 0) {
        qsort(p.c, p.n, sizeof *p.c, by_rank);
        out->population = (int64_t)p.n;
        out->sample = ((int64_t)p.n * req->share + 99) / 100;
        struct spot_row row = {req->program, req->division, out->seed, day, actor, req->share,
                               out->population, out->sample};
        rc = ss_add(db, &row, &out->id, err);
        for (int64_t i = 0; rc == 0 && i < out->sample; i++)
            rc = ss_item_add(db, out->id, i + 1, p.c[i].id, p.c[i].rank, err);
    }
    if (rc == 0) {
        char id[24], detail[160];
        snprintf(id, sizeof id, "%lld", (long long)out->id);
        snprintf(detail, sizeof detail, "%s %s %d%% seed=%s %lld/%lld", req->program,
                 req->division, req->share, out->seed, (long long)out->sample,
                 (long long)out->population);
        struct audit_event ev = {actor, "spotcheck.draw", "spot_check", id, NULL, NULL, detail};
        rc = audit_append(db, reg_vault(r), &ev, err);
    }
    mz_free(p.c);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}

int spotcheck_items(struct registry *r, int64_t id,
                    int (*fn)(void *ctx, const struct spot_item *it), void *ctx,
                    struct mz_err *err)
{
    return ss_items(reg_db(r), id, fn, ctx, err);
}

int spotcheck_get(struct registry *r, int64_t id,
                  int (*fn)(void *ctx, const struct spot_check_row *c), void *ctx,
                  struct mz_err *err)
{
    return ss_get(reg_db(r), id, fn, ctx, err);
}

int spotcheck_item_division(struct registry *r, int64_t id, const char *hh_no, char *division,
                            struct mz_err *err)
{
    int64_t household;
    char result[16];
    return ss_item_find(reg_db(r), id, hh_no, &household, division, result, err);
}

int spotcheck_result(struct registry *r, int64_t id, const char *hh_no, const char *result,
                     const char *note, const char *actor, struct mz_err *err)
{
    if (!result || (strcmp(result, "合格") != 0 && strcmp(result, "不合格") != 0 &&
                    strcmp(result, "未核查") != 0))
        return mz_fail_field(err, "result", "invalid_value", "核查结果应为" SPOTCHECK_RESULTS
                             "，实为“%.40s”", result ? result : "");
    if (text_check(note ? note : "", "note", "核查说明", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    if (!hh_no || !*hh_no || strlen(hh_no) > 40)
        return mz_fail_field(err, "household", "invalid_value", "应填写抽中家庭的户编号");
    struct db *db = reg_db(r);
    if (db_begin(db, err) < 0)
        return -1;
    int64_t household;
    char division[13], before[16];
    int rc = ss_item_find(db, id, hh_no, &household, division, before, err);
    if (rc == 0)
        rc = mz_fail_field(err, "household", "not_found", "抽查 %lld 没有抽中户编号为 %s 的家庭",
                           (long long)id, hh_no);
    if (rc > 0)
        rc = ss_item_result(db, id, household, result, note ? note : "", actor, err);
    if (rc == 0) {
        char idtext[24], detail[96];
        snprintf(idtext, sizeof idtext, "%lld", (long long)id);
        snprintf(detail, sizeof detail, "%s %s", hh_no, result);
        struct audit_event ev = {actor, "spotcheck.result", "spot_check", idtext,
                                 before[0] ? before : NULL, result, detail};
        rc = audit_append(db, reg_vault(r), &ev, err);
    }
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}
