/* A compiled policy set: its arena, the compile pipeline (lex, parse,
 * check, compile), diagnostics with a caret, the built-in inputs, the
 * version hash, and the value formats shared by loader and explainer. */
#include <dirent.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/file.h"
#include "base/text.h"
#include "policy/internal.h"

/* ---- arena ---- */

struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct arena_block *b = a->blocks;
    if (!b || b->size - b->used < n) {
        size_t size = n > 32768 ? n : 32768;
        b = mz_malloc(sizeof *b + size);
        if (!b)
            longjmp(*a->oom, 2);
        b->size = size;
        b->used = 0;
        b->next = a->blocks;
        a->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    return p;
}

void *arena_push(struct arena *a, void *items, int *n, size_t size)
{
    /* capacity is the next power of two at or above n */
    int cap = 1;
    while (cap < *n)
        cap *= 2;
    if (*n == 0 || *n == cap) {
        void *p = arena_alloc(a, size * (size_t)(*n ? cap * 2 : 4));
        if (*n)
            memcpy(p, items, size * (size_t)*n);
        items = p;
    }
    (*n)++;
    return items;
}

void arena_free(struct arena *a)
{
    while (a->blocks) {
        struct arena_block *b = a->blocks;
        a->blocks = b->next;
        mz_free(b);
    }
}

/* ---- diagnostics ---- */

int pol_diag(const struct pol_set *set, struct mz_err *err, const char *code, struct loc loc,
             const char *fmt, ...)
{
    if (!err)
        return -1;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const struct source *src = &set->srcs[loc.file];
    const char *line = src->text, *end = src->text + src->len;
    for (int l = 1; l < loc.line && line < end; line++)
        if (*line == '\n')
            l++;
    const char *eol = line;
    while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;
    int shown = (int)(eol - line) > 200 ? 200 : (int)(eol - line);
    /* the caret: one space per column, two for wide (CJK) characters */
    char caret[420];
    int k = 0, col = 1;
    for (const char *c = line; c < line + shown && col < loc.col && k < 400; col++) {
        unsigned char b = (unsigned char)*c;
        int width = b >= 0xE0 ? 2 : 1, clen = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        for (int w = 0; w < width; w++)
            caret[k++] = b == '\t' ? '\t' : ' ';
        c += clen;
    }
    caret[k] = 0;
    snprintf(err->code, sizeof err->code, "%s", code);
    char full[2048];
    int n = snprintf(full, sizeof full, "%s:%d:%d: 错误：%s\n%.*s\n%s^", src->path, loc.line,
                     loc.col, msg, shown, line, caret);
    size_t len = n < 0 ? 0 : text_utf8_prefix(full, sizeof err->msg - 1);
    memcpy(err->msg, full, len);
    err->msg[len] = 0;
    return -1;
}

/* ---- lookups ---- */

struct var *pol_find_var(const struct pol_set *set, const char *name)
{
    for (int i = 0; i < set->nvars; i++)
        if (strcmp(set->vars[i]->name, name) == 0)
            return set->vars[i];
    return NULL;
}

int pol_find_param(const struct pol_set *set, const char *name)
{
    for (int i = 0; i < set->nparams; i++)
        if (!set->params[i]->within && strcmp(set->params[i]->name, name) == 0)
            return i;
    return -1;
}

int pol_enum_code(const struct enum_def *e, const char *label, size_t len)
{
    for (int i = 0; i < e->nlabels; i++)
        if (strlen(e->labels[i]) == len && memcmp(e->labels[i], label, len) == 0)
            return i + 1;
    return 0;
}

/* ---- built-in inputs ---- */

static int builtin_enum(struct pol_set *set, const char *const *labels, int n)
{
    struct enum_def *e = arena_alloc(&set->arena, sizeof *e);
    e->labels = (const char **)labels;
    e->nlabels = n;
    set->enums = arena_push(&set->arena, set->enums, &set->nenums, sizeof(void *));
    set->enums[set->nenums - 1] = e;
    return set->nenums - 1;
}

void pol_add_builtins(struct pol_set *set)
{
    static const char *const sexes[] = {"男", "女"};
    static const char *const relations[] = {"户主", "配偶", "子女", "父母", "孙子女", "兄弟姐妹", "其他"};
    int sex = builtin_enum(set, sexes, 2), rel = builtin_enum(set, relations, 7);
    static const struct {
        int entity;
        const char *name, *label;
        enum ty_kind k;
        int is_enum;
    } b[] = {
        {POL_PERSON, "birth_date", "出生日期", TY_DATE, 0},
        {POL_PERSON, "sex", "性别", TY_ENUM, 1},
        {POL_PERSON, "rural_hukou", "农村户籍", TY_BOOL, 0},
        {POL_PERSON, "relation", "与户主关系", TY_ENUM, 2},
        {POL_PERSON, "is_dead", "已死亡", TY_BOOL, 0},
        {POL_PERSON, "death_date", "死亡日期", TY_DATE, 0},
        {POL_HOUSEHOLD, "rural", "农村家庭", TY_BOOL, 0},
    };
    for (size_t i = 0; i < sizeof b / sizeof *b; i++) {
        struct var *v = arena_alloc(&set->arena, sizeof *v);
        v->kind = V_INPUT;
        v->entity = b[i].entity;
        v->name = b[i].name;
        v->label = b[i].label;
        v->fact = b[i].name;
        v->unit = "";
        v->ty.k = b[i].k;
        v->ty.enum_id = b[i].is_enum == 1 ? sex : b[i].is_enum == 2 ? rel : 0;
        v->dflt = b[i].k == TY_DATE ? MZ_DATE_NONE : 0;
        set->vars = arena_push(&set->arena, set->vars, &set->nvars, sizeof(void *));
        set->vars[set->nvars - 1] = v;
    }
}

/* ---- pipeline ---- */

static enum pol_type public_type(enum ty_kind k)
{
    switch (k) {
    case TY_MONEY: return POL_MONEY;
    case TY_RATIO: return POL_RATIO;
    case TY_BOOL: return POL_BOOL;
    case TY_DATE: return POL_DATE;
    case TY_ENUM: return POL_ENUM;
    default: return POL_INT;
    }
}

static void list_inputs(struct pol_set *set)
{
    for (int i = 0; i < set->nvars; i++) {
        struct var *v = set->vars[i];
        if (v->kind != V_INPUT)
            continue;
        set->inputs = arena_push(&set->arena, set->inputs, &set->ninputs, sizeof *set->inputs);
        struct pol_input *in = &set->inputs[set->ninputs - 1];
        v->input = set->ninputs - 1;
        in->entity = v->entity;
        in->name = v->name;
        in->label = v->label;
        in->fact = v->fact;
        in->record = v->record;
        in->record_arg = v->record_arg;
        in->type = public_type(v->ty.k);
        in->unit = v->unit;
        in->dflt = v->dflt;
        if (v->ty.k == TY_ENUM) {
            in->enum_labels = set->enums[v->ty.enum_id]->labels;
            in->nenum = set->enums[v->ty.enum_id]->nlabels;
        }
    }
}

/* The policy version: SM3 over each file's name (not the folder it was
 * read from, however spelled) and contents, in order. */
static void hash_version(struct pol_set *set)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sm3(), NULL)) {
        for (int i = 0; i < set->nsrcs; i++) {
            const char *slash = strrchr(set->srcs[i].path, '/');
            const char *name = slash ? slash + 1 : set->srcs[i].path;
            EVP_DigestUpdate(ctx, name, strlen(name) + 1);
            EVP_DigestUpdate(ctx, set->srcs[i].text, set->srcs[i].len);
            EVP_DigestUpdate(ctx, "", 1);
        }
        EVP_DigestFinal_ex(ctx, md, &n);
    }
    EVP_MD_CTX_free(ctx);
    for (unsigned int i = 0; i < n && i < 32; i++)
        snprintf(set->version + 2 * i, 3, "%02x", md[i]);
}

struct pol_set *pol_compile_sources(const char *const *paths, const char *const *texts, int n,
                                    struct mz_err *err)
{
    struct pol_set *set = mz_calloc(1, sizeof *set);
    if (!set) {
        mz_fail(err, "out_of_memory", "内存不足");
        return NULL;
    }
    jmp_buf oom;
    set->arena.oom = &oom;
    if (setjmp(oom)) {
        mz_fail(err, "out_of_memory", "编译政策时内存不足");
        goto out_free_set;
    }
    set->srcs = arena_alloc(&set->arena, sizeof *set->srcs * (size_t)(n ? n : 1));
    set->nsrcs = n;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(texts[i]);
        set->srcs[i].path = arena_strndup(&set->arena, paths[i], strlen(paths[i]));
        set->srcs[i].text = arena_strndup(&set->arena, texts[i], len);
        set->srcs[i].len = len;
    }
    pol_add_builtins(set);
    for (int i = 0; i < n; i++)
        if (pol_parse(set, i, err) < 0)
            goto out_free_set;
    if (pol_check(set, err) < 0)
        goto out_free_set;
    list_inputs(set);
    if (pol_compile_code(set, err) < 0)
        goto out_free_set;
    hash_version(set);
    set->arena.oom = NULL;
    return set;
out_free_set:
    pol_set_free(set);
    return NULL;
}

void pol_set_free(struct pol_set *set)
{
    if (!set)
        return;
    mz_free(set->code.ins);
    mz_free(set->code.rkind);
    mz_free(set->code.rdim);
    mz_free(set->code.rval);
    arena_free(&set->arena);
    mz_free(set);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_file(const char *path, struct mz_err *err)
{
    char *buf;
    size_t len;
    if (io_read_file(path, "政策文件", &buf, &len, err) < 0)
        return NULL;
    if (strlen(buf) != len) {
        mz_free(buf);
        mz_fail(err, "policy_io", "政策文件 %s 含有空字符", path);
        return NULL;
    }
    return buf;
}

struct pol_set *pol_compile_dir(const char *dir, struct mz_err *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        mz_fail(err, "policy_io", "无法打开政策目录 %s", dir);
        return NULL;
    }
    char **paths = NULL, **texts = NULL;
    size_t cap = 0, capt = 0;
    int n = 0;
    struct pol_set *set = NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".pol") != 0)
            continue;
        if (mz_grow(&paths, &cap, (size_t)n + 1, sizeof *paths) < 0)
            goto out_oom;
        size_t plen = strlen(dir) + len + 2;
        if (!(paths[n] = mz_malloc(plen)))
            goto out_oom;
        snprintf(paths[n++], plen, "%s/%s", dir, e->d_name);
    }
    if (!n) {
        mz_fail(err, "policy_io", "目录 %s 中没有 .pol 政策文件", dir);
        goto out_free;
    }
    qsort(paths, (size_t)n, sizeof *paths, by_name);
    if (mz_grow(&texts, &capt, (size_t)n, sizeof *texts) < 0)
        goto out_oom;
    memset(texts, 0, sizeof *texts * (size_t)n);
    for (int i = 0; i < n; i++)
        if (!(texts[i] = read_file(paths[i], err)))
            goto out_free;
    set = pol_compile_sources((const char *const *)paths, (const char *const *)texts, n, err);
    goto out_free;
out_oom:
    mz_fail(err, "out_of_memory", "内存不足");
out_free:
    for (int i = 0; i < n; i++) {
        mz_free(paths[i]);
        if (texts)
            mz_free(texts[i]);
    }
    mz_free(paths);
    mz_free(texts);
    closedir(d);
    return set;
}

/* ---- public accessors ---- */

const char *pol_version(const struct pol_set *set)
{
    return set->version;
}

const struct pol_input *pol_inputs(const struct pol_set *set, int *n)
{
    *n = set->ninputs;
    return set->inputs;
}

int pol_input_find(const struct pol_set *set, const char *name)
{
    for (int i = 0; i < set->ninputs; i++)
        if (strcmp(set->inputs[i].name, name) == 0)
            return i;
    return -1;
}

int pol_warning_count(const struct pol_set *set)
{
    return set->nwarns;
}

const struct pol_warning *pol_warning(const struct pol_set *set, int w)
{
    return &set->warns[w]->pub;
}

const struct pol_warning *pol_warning_of_kind(const struct pol_set *set, enum pol_warning_kind kind)
{
    for (int i = 0; i < set->nwarns; i++)
        if (set->warns[i]->pub.kind == kind)
            return &set->warns[i]->pub;
    return NULL;
}

int pol_program_count(const struct pol_set *set)
{
    return set->nprogs;
}

int pol_program_find(const struct pol_set *set, const char *name)
{
    for (int i = 0; i < set->nprogs; i++)
        if (strcmp(set->progs[i]->name, name) == 0)
            return i;
    return -1;
}

const char *pol_program_name(const struct pol_set *set, int program)
{
    return set->progs[program]->name;
}

const char *pol_program_label(const struct pol_set *set, int program)
{
    return set->progs[program]->label;
}

bool pol_program_pays(const struct pol_set *set, int program)
{
    return set->progs[program]->amount != NULL;
}

int pol_program_entity(const struct pol_set *set, int program)
{
    return set->progs[program]->entity;
}

int pol_program_criteria(const struct pol_set *set, int program)
{
    return set->progs[program]->ncrits;
}

const char *pol_program_criterion_label(const struct pol_set *set, int program, int k)
{
    return set->progs[program]->crits[k].label;
}

const char *pol_program_case(const struct pol_set *set, int program)
{
    return set->progs[program]->case_type;
}

enum pol_no_application pol_program_no_application(const struct pol_set *set, int program)
{
    return (enum pol_no_application)set->progs[program]->no_application;
}

static int comes_after(const struct program *a, const struct program *b)
{
    for (int i = 0; i < a->nafter; i++)
        if (a->after[i] == b || comes_after(a->after[i], b))
            return 1;
    return 0;
}

int pol_program_after(const struct pol_set *set, int a, int b)
{
    return comes_after(set->progs[a], set->progs[b]);
}

/* ---- values ---- */

int64_t pol_months_between(int64_t from, int64_t to)
{
    if (from < -1000000 || to < -1000000 || from > 3000000 || to > 3000000)
        return 0;
    int y1, m1, d1, y2, m2, d2;
    date_to_ymd((mz_date)from, &y1, &m1, &d1);
    date_to_ymd((mz_date)to, &y2, &m2, &d2);
    int64_t m = (int64_t)(y2 - y1) * 12 + (m2 - m1);
    if (m > 0 && d2 < d1)
        m--;
    else if (m < 0 && d2 > d1)
        m++;
    return m;
}

int64_t pol_age(int64_t birth, mz_date at)
{
    if (birth < -1000000 || birth > 3000000)
        return 0; /* unknown birth date: age 0 */
    return date_age((mz_date)birth, at);
}

static void format_fen(int64_t v, char *out, size_t n)
{
    uint64_t a = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    snprintf(out, n, "%s%llu.%02llu元", v < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
}

void pol_format_value(const struct pol_set *set, struct type ty, int64_t v, char *out, size_t n)
{
    switch (ty.k) {
    case TY_MONEY:
        format_fen(v, out, n);
        break;
    case TY_RATIO: {
        uint64_t a = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        int len = snprintf(out, n, "%s%llu.%04llu", v < 0 ? "-" : "",
                           (unsigned long long)(a / RATIO_SCALE),
                           (unsigned long long)(a % RATIO_SCALE));
        while (len > 0 && (size_t)len < n && (out[len - 1] == '0' || out[len - 1] == '.')) {
            int dot = out[len - 1] == '.';
            out[--len] = 0;
            if (dot)
                break;
        }
        break;
    }
    case TY_BOOL:
        snprintf(out, n, "%s", v ? "是" : "否");
        break;
    case TY_DATE:
        if (v < -1000000 || v > 3000000)
            snprintf(out, n, "未知");
        else
            date_format((mz_date)v, out);
        break;
    case TY_ENUM:
        if (v >= 1 && v <= set->enums[ty.enum_id]->nlabels)
            snprintf(out, n, "%s", set->enums[ty.enum_id]->labels[v - 1]);
        else
            snprintf(out, n, "无");
        break;
    default:
        snprintf(out, n, "%lld", (long long)v);
    }
}

/* Decimal text with up to `scale` decimals, scaled by 10^scale. */
static int parse_scaled(const char *s, int scale, int64_t *out)
{
    int neg = *s == '-';
    s += neg || *s == '+';
    int64_t v = 0;
    int frac = -1, digits = 0;
    for (; *s; s++) {
        if (*s == '.' && frac < 0) {
            frac = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || (frac >= 0 && ++frac > scale) || v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
        digits++;
    }
    if (!digits || frac == 0)
        return -1;
    for (int k = frac < 0 ? 0 : frac; k < scale; k++) {
        if (v > INT64_MAX / 10)
            return -1;
        v *= 10;
    }
    *out = neg ? -v : v;
    return 0;
}

int pol_parse_typed(const struct pol_set *set, struct type ty, const char *text, int64_t *out,
                    struct mz_err *err)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", text);
    size_t len = strlen(buf);
    if (ty.k == TY_MONEY && len >= 3 && strcmp(buf + len - 3, "元") == 0)
        buf[len - 3] = 0;
    switch (ty.k) {
    case TY_MONEY:
        if (parse_scaled(buf, 2, out) == 0)
            return 0;
        return mz_fail(err, "invalid_value", "金额 '%s' 无效：应为元，最多两位小数，如 770.00", text);
    case TY_RATIO:
        if (parse_scaled(buf, 4, out) == 0)
            return 0;
        return mz_fail(err, "invalid_value", "比例 '%s' 无效：应为数字，最多四位小数", text);
    case TY_INT:
        if (parse_scaled(buf, 0, out) == 0)
            return 0;
        return mz_fail(err, "invalid_value", "整数 '%s' 无效", text);
    case TY_BOOL:
        if (!strcmp(buf, "true") || !strcmp(buf, "1") || !strcmp(buf, "是")) {
            *out = 1;
            return 0;
        }
        if (!strcmp(buf, "false") || !strcmp(buf, "0") || !strcmp(buf, "否")) {
            *out = 0;
            return 0;
        }
        return mz_fail(err, "invalid_value", "布尔值 '%s' 无效：应为 是/否、true/false 或 1/0", text);
    case TY_DATE:
        if ((*out = date_parse(buf)) != MZ_DATE_NONE && strlen(buf) == 10)
            return 0;
        return mz_fail(err, "invalid_value", "日期 '%s' 无效：应为 YYYY-MM-DD", text);
    case TY_ENUM: {
        const struct enum_def *e = set->enums[ty.enum_id];
        if ((*out = pol_enum_code(e, text, strlen(text))))
            return 0;
        char labels[256] = "";
        for (int i = 0; i < e->nlabels; i++)
            snprintf(labels + strlen(labels), sizeof labels - strlen(labels), "%s%s",
                     i ? "、" : "", e->labels[i]);
        return mz_fail(err, "invalid_value", "'%s' 不是可选值（%s）之一", text, labels);
    }
    default:
        return mz_fail(err, "invalid_value", "无法解析 '%s'", text);
    }
}

int pol_value_parse(const struct pol_set *set, int input, const char *text, int64_t *out,
                    struct mz_err *err)
{
    if (input < 0 || input >= set->ninputs)
        return mz_fail(err, "invalid_input", "没有编号为 %d 的输入", input);
    struct var *v = pol_find_var(set, set->inputs[input].name);
    return pol_parse_typed(set, v->ty, text, out, err);
}
