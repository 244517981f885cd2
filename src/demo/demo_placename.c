/* The demo city's place names and division changes (demo.h): a gazetteer
 * with a road of the first township of every county and its first village
 * (its culture and products, 乡村著名行动), naming cases at each step — done, filing
 * overdue, awaiting filing and announcement, applied, rejected — and a
 * street split in two a month ago, its communities moved. */
#include <stdio.h>
#include <string.h>

#include "demo/demo.h"
#include "placename/placename.h"
#include "registry/divchange.h"
#include "registry/divisions.h"
#include "registry/pinyin.h"
#include "registry/registry.h"
#include "store/regstore.h"

#define MAX_COUNTIES 64

struct first {
    struct db *db;
    mz_date today;
    char township[MAX_COUNTIES][13], village[MAX_COUNTIES][13];
    char township_name[MAX_COUNTIES][TEXT_BYTES(TEXT_MAX_DIVISION_NAME)];
    char village_name[MAX_COUNTIES][TEXT_BYTES(TEXT_MAX_DIVISION_NAME)];
    int n;
    struct mz_err *err;
};

static int take_first(void *ctx, const struct division_row *d)
{
    snprintf(ctx, 13, "%s", d->code);
    return 1;
}

/* The first village committee (statistical code 200 and up) of a code. */
static int take_rural(void *ctx, const char *code)
{
    if (code[9] < '2')
        return 0;
    snprintf(ctx, 13, "%s", code);
    return 1;
}

/* The first township of each county, and its first village committee
 * (else the township's first community). */
static int county_first(void *ctx, const struct division_row *county)
{
    struct first *f = ctx;
    char township[13] = "", village[13] = "";
    struct division_row t, v;
    if (f->n == MAX_COUNTIES)
        return 1;
    if (rs_division_children(f->db, county->code, f->today, take_first, township, f->err) < 0 ||
        rs_division_villages(f->db, county->code, take_rural, village, f->err) < 0 ||
        (township[0] && !village[0] &&
         rs_division_children(f->db, township, f->today, take_first, village, f->err) < 0))
        return -1;
    if (!village[0] || rs_division_at(f->db, township, f->today, &t, f->err) != 1 ||
        rs_division_at(f->db, village, f->today, &v, f->err) != 1)
        return 0;
    snprintf(f->township[f->n], 13, "%s", township);
    snprintf(f->village[f->n], 13, "%s", village);
    snprintf(f->township_name[f->n], sizeof f->township_name[0], "%s", t.name);
    snprintf(f->village_name[f->n], sizeof f->village_name[0], "%s", v.name);
    f->n++;
    return 0;
}

/* Whether err is a refusal of the name (a duplicate or homophone in scope,
 * a division's name in rare characters): the demo skips that name. */
static bool refused(struct mz_err *err)
{
    if (!err->field[0])
        return false;
    memset(err, 0, sizeof *err);
    return true;
}

/* Adds a name, or skips a refused one. 1 added, 0 skipped, -1. */
static int add(const struct pn_env *env, const struct pn_input *in, int64_t *id,
               struct mz_err *err)
{
    if (pn_add(env, in, id, err) == 0)
        return 1;
    return refused(err) ? 0 : -1;
}

/* The specific part of a division's name ("凤城街道" → "凤城"). */
static void specific_of(const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%.*s", (int)pinyin_specific_len(name), name);
}

static int gazetteer(const struct pn_env *env, struct first *f, int64_t *roads,
                     struct mz_err *err)
{
    static const char *const products[] = {"柑橘、沙田柚", "生态茶叶", "稻田鱼、土鸡蛋",
                                           "花椒、榨菜"};
    char today[11];
    date_format(f->today, today);
    for (int i = 0; i < f->n; i++) {
        char spec[128], name[400], meaning[256], village[128], culture[400];
        specific_of(f->township_name[i], spec, sizeof spec);
        snprintf(name, sizeof name, "%s大道", spec);
        snprintf(meaning, sizeof meaning, "以所在%s得名", f->township_name[i]);
        struct pn_input road = {.name = name, .class_ = "road", .division = f->township[i],
                                .meaning = meaning, .named_on = "2019-06-18",
                                .approved_by = "区县人民政府", .document = "地名批复（演示）",
                                .located = true, .lon = 106.55 + i * 0.01, .lat = 29.56};
        int rc = add(env, &road, &roads[i], err);
        if (rc < 0)
            return -1;
        if (rc == 0)
            roads[i] = 0;
        specific_of(f->village_name[i], village, sizeof village);
        bool rural = strstr(f->village_name[i], "村民委员会") != NULL;
        snprintf(name, sizeof name, "%s%s", village, rural ? "村" : "社区");
        snprintf(culture, sizeof culture, "%s：村规民约与老地名故事汇编，保存清代石碑一通",
                 village);
        struct pn_input v = {.name = name, .class_ = "village", .division = f->village[i],
                             .history = "沿用至今的老地名", .culture = rural ? culture : "",
                             .products = rural ? products[i % 4] : ""};
        int64_t id;
        if (add(env, &v, &id, err) < 0)
            return -1;
    }
    return 0;
}

/* A naming case for a new road "SPEC<suffix>" in township i, taken to
 * `steps` (0 applied, 1 approved `ago` days back, 2 also announced, 3
 * also filed, -1 rejected). */
static int naming_case(const struct pn_env *env, struct first *f, int i, const char *suffix,
                       int steps, int ago, struct mz_err *err)
{
    char spec[128], name[400];
    specific_of(f->township_name[i], spec, sizeof spec);
    snprintf(name, sizeof name, "%s%s", spec, suffix);
    struct pn_input in = {.name = name, .class_ = "road", .division = f->township[i],
                          .meaning = "新建道路，以所在街镇得名"};
    int64_t id;
    mz_date opened = f->today - ago - 10;
    if (pn_case_open(env, "name", 0, &in, "新建城市道路，需命名以便编制标准地址", "区县住房城乡建设委员会",
                     opened, &id, err) < 0)
        return refused(err) ? 0 : -1;
    if (steps < 0)
        return pn_case_reject(env, id, opened + 3, "与相邻街道名称易混，请重新拟名", err);
    if (steps >= 1 &&
        pn_case_approve(env, id, f->today - ago, "区县人民政府", "地名批复（演示）", err) < 0)
        return -1;
    if (steps >= 2 && pn_case_announce(env, id, f->today - ago + 5, err) < 0)
        return -1;
    return steps >= 3 ? pn_case_file(env, id, f->today - ago + 7, err) : 0;
}

struct street_pick {
    struct db *db;
    mz_date today;
    const char *avoid; /* the demo accounts' street */
    struct division_row street;
    int ncommunities;
    struct mz_err *err;
};

static int count_child(void *ctx, const struct division_row *d)
{
    (void)d;
    ++*(int *)ctx;
    return 0;
}

static int pick_street(void *ctx, const struct division_row *d)
{
    struct street_pick *p = ctx;
    int n = 0;
    if (strncmp(p->avoid, d->code, 9) == 0)
        return 0;
    if (rs_division_children(p->db, d->code, p->today, count_child, &n, p->err) < 0)
        return -1;
    if (n < 4)
        return 0;
    p->street = *d;
    p->ncommunities = n;
    return 1;
}

struct script {
    char *text;
    size_t len, cap;
    int skip, moved;
    const char *to;
};

static int add_move(void *ctx, const struct division_row *d)
{
    struct script *s = ctx;
    if (s->skip-- > 0)
        return 0;
    s->len += (size_t)snprintf(s->text + s->len, s->cap - s->len, "move %s %s\n", d->code, s->to);
    s->moved++;
    return s->len >= s->cap;
}

/* 30 days ago, a street with four communities or more (not the demo
 * accounts') gave its second half to a new street. */
static int street_split(struct registry *reg, mz_date today, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct household_row first;
    char avoid[13] = "";
    if (rs_household_get(db, 1, &first, err) == 1)
        snprintf(avoid, sizeof avoid, "%s", first.division);
    struct street_pick p = {.db = db, .today = today, .avoid = avoid, .err = err};
    if (rs_divisions_of_level(db, DIV_TOWNSHIP, today, pick_street, &p, err) < 0)
        return -1;
    if (!p.street.code[0])
        return 0;
    /* a street code not used before: 090…099 of the county */
    char code[13] = "";
    for (char k = '0'; k <= '9' && !code[0]; k++) {
        struct division_row d;
        char c[13];
        memcpy(c, p.street.code, 6);
        memcpy(c + 6, "09", 2);
        c[8] = k;
        c[9] = '\0';
        int found = rs_division_latest(db, c, &d, err);
        if (found < 0)
            return -1;
        if (!found)
            memcpy(code, c, sizeof c);
    }
    if (!code[0])
        return 0;
    char spec[128], day[11], text[4096];
    specific_of(p.street.name, spec, sizeof spec);
    date_format(today - 30, day);
    struct script s = {text, 0, sizeof text, p.ncommunities / 2, 0, code};
    s.len = (size_t)snprintf(text, sizeof text,
                             "date %s\ntitle %s析出%s东街道\ndocument 区划调整批复（演示）\n"
                             "approved 重庆市人民政府\ncreate %s %s东街道 %s\n",
                             day, p.street.name, spec, code, spec, p.street.parent);
    if (rs_division_children(db, p.street.code, today - 30, add_move, &s, err) < 0)
        return -1;
    struct div_event_result res;
    return div_event_apply(reg, "演示区划调整", text, &res, err) < 0 && !refused(err) ? -1 : 0;
}

int demo_placenames(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                    mz_date today, struct mz_err *err)
{
    struct pn_env env = {reg, set, cal};
    struct first f = {.db = reg_db(reg), .today = today, .err = err};
    int64_t roads[MAX_COUNTIES];
    if (rs_divisions_of_level(f.db, DIV_COUNTY, today, county_first, &f, err) < 0 ||
        gazetteer(&env, &f, roads, err) < 0)
        return -1;
    /* the cases, in the first counties (fewer counties: fewer cases) */
    static const struct {
        const char *suffix;
        int steps, ago;
    } cases[] = {{"一路", 3, 20}, {"二路", 2, 20}, {"三路", 1, 3}, {"四路", 0, 0}, {"五路", -1, 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0] && f.n > 0; k++)
        if (naming_case(&env, &f, (int)k % f.n, cases[k].suffix, cases[k].steps, cases[k].ago,
                        err) < 0)
            return -1;
    /* a renaming case done: the first road becomes "…新大道" */
    for (int i = 0; i < f.n; i++) {
        if (!roads[i])
            continue;
        char spec[128], name[400];
        int64_t id;
        specific_of(f.township_name[i], spec, sizeof spec);
        snprintf(name, sizeof name, "%s新大道", spec);
        struct pn_input in = {.name = name};
        if (pn_case_open(&env, "rename", roads[i], &in, "道路延伸后与新区主干道统一命名",
                         "区县住房城乡建设委员会", today - 40, &id, err) < 0) {
            if (refused(err))
                continue;
            return -1;
        }
        if (pn_case_approve(&env, id, today - 35, "区县人民政府", "地名更名批复（演示）", err) < 0 ||
            pn_case_announce(&env, id, today - 30, err) < 0 ||
            pn_case_file(&env, id, today - 28, err) < 0)
            return -1;
        break;
    }
    return street_split(reg, today, err);
}
