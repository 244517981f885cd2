/* Synthetic city into the registry or into import files. Every record goes
 * through the registry's validation, as imported data does. */
#include "gen/load.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "io/csv.h"
#include "io/progress.h"
#include "registry/idcard.h"
#include "store/regstore.h"

struct places {
    struct gen_place *items;
    size_t n, cap;
};

static int add_place(void *ctx, const char *code)
{
    struct places *p = ctx;
    if (mz_grow(&p->items, &p->cap, p->n + 1, sizeof *p->items) < 0)
        return -1;
    struct gen_place *g = &p->items[p->n++];
    snprintf(g->code, sizeof g->code, "%s", code);
    /* Statistical coding: 居民委员会 from 001, 村民委员会 from 200. */
    g->urban = strlen(code) == 12 && strcmp(code + 9, "200") < 0;
    return 0;
}

static int load_places(struct registry *r, const char *province, struct places *p,
                       struct mz_err *err)
{
    memset(p, 0, sizeof *p);
    int rc = rs_division_villages(reg_db(r), province, add_place, p, err);
    if (rc > 0 || (rc < 0 && !err->msg[0]))
        rc = mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0 && p->n == 0)
        rc = mz_fail(err, "no_divisions",
                     "数据库中没有 %s 开头的村（社区）级区划，请先运行 mz divisions import --province %s",
                     province, province);
    if (rc < 0)
        mz_free(p->items);
    return rc;
}

/* One fact of a generated person, as text; skipped when zero/absent. */
struct fact_text {
    const char *variable;
    char value[32];
};

static size_t person_facts(const struct gen_person *m, struct fact_text *out)
{
    size_t n = 0;
    const struct {
        const char *name;
        int64_t fen;
    } money[] = {{"wage_income", m->wage_income},
                 {"business_income", m->business_income},
                 {"pension_income", m->pension_income},
                 {"other_income", m->other_income},
                 {"deposits", m->deposits}};
    for (size_t i = 0; i < sizeof money / sizeof money[0]; i++)
        if (money[i].fen > 0) {
            out[n].variable = money[i].name;
            snprintf(out[n++].value, sizeof out[0].value, "%" PRId64 ".%02d", money[i].fen / 100,
                     (int)(money[i].fen % 100));
        }
    if (m->disability_grade > 0) {
        out[n].variable = "disability_grade";
        snprintf(out[n++].value, sizeof out[0].value, "%d", m->disability_grade);
        if (m->disability_type) {
            out[n].variable = "disability_type";
            snprintf(out[n++].value, sizeof out[0].value, "%s", m->disability_type);
        }
    }
    if (m->serious_illness) {
        out[n].variable = "serious_illness";
        snprintf(out[n++].value, sizeof out[0].value, "是");
    }
    if (m->employment) {
        out[n].variable = "employment";
        snprintf(out[n++].value, sizeof out[0].value, "%s", m->employment);
    }
    if (m->schooling) {
        out[n].variable = "schooling";
        snprintf(out[n++].value, sizeof out[0].value, "%s", m->schooling);
    }
    if (m->selfcare_failed > 0) {
        out[n].variable = "selfcare_failed";
        snprintf(out[n++].value, sizeof out[0].value, "%d", m->selfcare_failed);
    }
    const struct {
        const char *name;
        bool on;
    } flags[] = {{"has_supporter", m->no_supporter},
                 {"orphan", m->orphan},
                 {"de_facto_unsupported", m->de_facto}};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (flags[i].on) {
            out[n].variable = flags[i].name;
            snprintf(out[n++].value, sizeof out[0].value, "%s", i == 0 ? "否" : "是");
        }
    const struct {
        const char *name;
        int64_t fen;
    } spent[] = {{"medical_spending_12m", m->medical_spending},
                 {"emergency_loss", m->emergency_loss}};
    for (size_t i = 0; i < sizeof spent / sizeof spent[0]; i++)
        if (spent[i].fen > 0) {
            out[n].variable = spent[i].name;
            snprintf(out[n++].value, sizeof out[0].value, "%" PRId64 ".%02d", spent[i].fen / 100,
                     (int)(spent[i].fen % 100));
        }
    if (m->emergency) {
        out[n].variable = "emergency";
        snprintf(out[n++].value, sizeof out[0].value, "%s", m->emergency);
    }
    return n;
}

static void household_no(const struct gen_household *h, char out[64])
{
    snprintf(out, 64, "%s-%08" PRIu64, h->place->code, h->seq);
}

/* ---- into the registry ------------------------------------------------ */

struct loader {
    struct registry *reg;
    mz_date on;
    char effective[11];
    struct gen_load_stats *st;
    struct progress bar;
    uint64_t target;
    struct mz_err *err;
};

static int load_household(void *ctx, const struct gen_household *h)
{
    struct loader *l = ctx;
    char hh_no[64];
    household_no(h, hh_no);
    enum put_result res;
    struct reg_household_in hin = {hh_no, h->place->code, "",
                                   h->place->urban ? "城镇" : "农村"};
    if (reg_household_put(l->reg, &hin, l->on, &res, l->err) < 0)
        return -1;
    for (size_t i = 0; i < h->nmembers; i++) {
        const struct gen_person *m = &h->members[i];
        struct reg_person_in pin = {.id_number = m->id_number,
                                    .name = m->name,
                                    .hukou = m->rural_hukou ? "农村" : "城镇",
                                    .division = h->place->code,
                                    .household_no = hh_no,
                                    .relation = m->relation};
        if (reg_person_put(l->reg, &pin, l->on, &res, l->err) < 0)
            return -1;
        struct fact_text facts[24];
        size_t nf = person_facts(m, facts);
        int64_t person_id = 0;
        if (nf && reg_person_find(l->reg, m->id_number, &person_id, l->err) <= 0)
            return -1;
        for (size_t k = 0; k < nf; k++) {
            struct reg_fact_in fin = {m->id_number, NULL,       facts[k].variable,
                                      facts[k].value, l->effective, "合成数据"};
            if (reg_person_fact_put(l->reg, person_id, &fin, &res, l->err) < 0)
                return -1;
        }
        l->st->facts += nf;
    }
    l->st->households++;
    l->st->persons += h->nmembers;
    progress_update(&l->bar, l->st->persons, l->st->persons);
    return 0;
}

static mz_date fact_effective(const struct gen_options *opts)
{
    int y, m, d;
    date_to_ymd(opts->as_of, &y, &m, &d);
    return date_from_ymd(y, 1, 1);
}

int gen_load(struct registry *r, const struct gen_options *opts, const char *province,
             struct gen_load_stats *st, struct mz_err *err)
{
    memset(st, 0, sizeof *st);
    struct places places;
    if (load_places(r, province, &places, err) < 0)
        return -1;
    struct loader l = {.reg = r, .on = opts->as_of, .st = st, .err = err};
    date_format(fact_effective(opts), l.effective);
    char label[64];
    snprintf(label, sizeof label, "gen seed %llu", (unsigned long long)opts->seed);
    int rc = db_begin(reg_db(r), err);
    if (rc == 0 && (rc = reg_batch_begin(r, label, err)) == 0) {
        progress_start(&l.bar, "生成人口", opts->persons);
        rc = gen_city(opts, places.items, places.n, load_household, &l, err);
        progress_finish(&l.bar);
        if (rc == 0)
            rc = reg_batch_end(r, err);
        if (rc == 0)
            rc = db_commit(reg_db(r), err);
    }
    if (rc != 0) {
        reg_batch_abort(r);
        db_rollback(reg_db(r));
    }
    mz_free(places.items);
    return rc == 0 ? 0 : -1;
}

/* ---- into CSV files --------------------------------------------------- */

struct writer {
    FILE *hh, *persons, *facts;
    char effective[11];
    struct gen_load_stats *st;
};

static int write_household(void *ctx, const struct gen_household *h)
{
    struct writer *w = ctx;
    char hh_no[64];
    household_no(h, hh_no);
    const char *hrow[] = {hh_no, h->place->code, "", h->place->urban ? "城镇" : "农村"};
    if (csv_write_row(w->hh, hrow, 4) < 0)
        return -1;
    for (size_t i = 0; i < h->nmembers; i++) {
        const struct gen_person *m = &h->members[i];
        char birth[11];
        date_format(m->birth, birth);
        const char *prow[] = {m->id_number, m->name, m->sex == SEX_MALE ? "男" : "女", birth,
                              m->rural_hukou ? "农村" : "城镇", h->place->code, hh_no,
                              m->relation};
        if (csv_write_row(w->persons, prow, 8) < 0)
            return -1;
        struct fact_text facts[24];
        size_t nf = person_facts(m, facts);
        for (size_t k = 0; k < nf; k++) {
            const char *frow[] = {m->id_number, facts[k].variable, facts[k].value, w->effective,
                                  "合成数据"};
            if (csv_write_row(w->facts, frow, 5) < 0)
                return -1;
        }
        w->st->facts += nf;
    }
    w->st->households++;
    w->st->persons += h->nmembers;
    return 0;
}

static FILE *open_csv(const char *dir, const char *name, const char *const *head, size_t n,
                      struct mz_err *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        mz_fail(err, "io_error", "无法创建文件 %s", path);
        return NULL;
    }
    csv_write_bom(f);
    csv_write_row(f, head, n);
    return f;
}

static int close_csv(FILE *f, int rc, struct mz_err *err)
{
    if (f && fclose(f) != 0 && rc == 0)
        rc = mz_fail(err, "io_error", "写入文件失败");
    return rc;
}

int gen_write_csv(struct registry *r, const struct gen_options *opts, const char *province,
                  const char *dir, struct gen_load_stats *st, struct mz_err *err)
{
    static const char *const hh_head[] = {"户编号", "区划代码", "地址", "城乡类别"};
    static const char *const p_head[] = {"身份证号", "姓名",   "性别",  "出生日期",
                                         "户籍性质", "区划代码", "户编号", "与户主关系"};
    static const char *const f_head[] = {"身份证号", "指标", "值", "生效日期", "来源"};
    memset(st, 0, sizeof *st);
    struct places places;
    if (load_places(r, province, &places, err) < 0)
        return -1;
    struct writer w = {.st = st};
    date_format(fact_effective(opts), w.effective);
    int rc = -1;
    if ((w.hh = open_csv(dir, "households.csv", hh_head, 4, err)) &&
        (w.persons = open_csv(dir, "persons.csv", p_head, 8, err)) &&
        (w.facts = open_csv(dir, "facts.csv", f_head, 5, err))) {
        rc = gen_city(opts, places.items, places.n, write_household, &w, err);
        if (rc > 0)
            rc = mz_fail(err, "io_error", "写入 %s 失败", dir);
    }
    rc = close_csv(w.hh, rc, err);
    rc = close_csv(w.persons, rc, err);
    rc = close_csv(w.facts, rc, err);
    mz_free(places.items);
    return rc;
}
