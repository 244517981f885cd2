/* Department feeds: definitions (feeds/NAME.feed) and ingestion. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/mem.h"
#include "crypto/vault.h"
#include "io/table.h"
#include "monitor/monitor.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "registry/vars.h"
#include "store/monitorstore.h"
#include "store/regstore.h"

enum { FEED_MAX_KEYS = 4, FEED_MAX_FACTS = 8, FEED_MAX_MAP = 8 };

struct feed_fact {
    char variable[48];
    char column[96]; /* value from this column, or */
    char value[96];  /* this constant */
    int nmap;        /* column values translated: from[i] -> to[i] */
    char from[FEED_MAX_MAP][48], to[FEED_MAX_MAP][48];
    int index; /* column index in the table being read */
};

struct feed_def {
    char name[32], label[160], id_column[96], effective_column[96];
    int nkeys, nfacts;
    char key_columns[FEED_MAX_KEYS][96];
    int key_index[FEED_MAX_KEYS], id_index, effective_index;
    struct feed_fact facts[FEED_MAX_FACTS];
};

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Next space-separated word of *s (modified in place), or NULL. */
static char *word(char **s)
{
    char *p = *s;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return NULL;
    char *start = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (*p)
        *p++ = '\0';
    *s = p;
    return start;
}

static int parse_fact(struct feed_def *f, char *v, const char *path, int lineno,
                      struct mz_err *err)
{
    if (f->nfacts == FEED_MAX_FACTS)
        return mz_fail(err, "feed_syntax", "%s:%d: 错误：一个数据源最多 %d 个 fact", path, lineno,
                       FEED_MAX_FACTS);
    struct feed_fact *ff = &f->facts[f->nfacts];
    *ff = (struct feed_fact){0};
    char *var = word(&v), *how = word(&v), *arg = word(&v);
    if (!var || !how || !arg || (strcmp(how, "column") && strcmp(how, "value")))
        return mz_fail(err, "feed_syntax",
                       "%s:%d: 错误：fact 应写作“指标 column 列名 [map 甲:乙 …]”或“指标 value 值”",
                       path, lineno);
    if (!var_find(var))
        return mz_fail(err, "feed_syntax", "%s:%d: 错误：未知指标“%s”（可用指标见 mz vars）", path,
                       lineno, var);
    snprintf(ff->variable, sizeof ff->variable, "%s", var);
    snprintf(strcmp(how, "column") == 0 ? ff->column : ff->value, sizeof ff->column, "%s", arg);
    char *m = word(&v);
    if (m) {
        if (strcmp(m, "map") || !ff->column[0])
            return mz_fail(err, "feed_syntax", "%s:%d: 错误：多余的“%s”", path, lineno, m);
        char *pair;
        while ((pair = word(&v))) {
            char *colon = strchr(pair, ':');
            if (!colon || ff->nmap == FEED_MAX_MAP)
                return mz_fail(err, "feed_syntax", "%s:%d: 错误：map 项应为“原值:指标值”，实为“%s”",
                               path, lineno, pair);
            *colon = '\0';
            snprintf(ff->from[ff->nmap], sizeof ff->from[0], "%s", pair);
            snprintf(ff->to[ff->nmap], sizeof ff->to[0], "%s", colon + 1);
            ff->nmap++;
        }
    }
    f->nfacts++;
    return 0;
}

struct feed_def *feed_def_load(const char *path, struct mz_err *err)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        mz_fail(err, "feed_open", "无法打开数据源定义 %s", path);
        return NULL;
    }
    struct feed_def *f = mz_calloc(1, sizeof *f);
    if (!f) {
        fclose(fp);
        mz_fail(err, "out_of_memory", "内存不足");
        return NULL;
    }
    char buf[1024];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(buf, sizeof buf, fp)) {
        lineno++;
        char *s = trim(buf);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            rc = mz_fail(err, "feed_syntax", "%s:%d: 错误：应为“键 = 值”", path, lineno);
            break;
        }
        *eq = '\0';
        char *k = trim(s), *v = trim(eq + 1);
        if (strcmp(k, "name") == 0)
            snprintf(f->name, sizeof f->name, "%s", v);
        else if (strcmp(k, "label") == 0)
            snprintf(f->label, sizeof f->label, "%s", v);
        else if (strcmp(k, "id") == 0)
            snprintf(f->id_column, sizeof f->id_column, "%s", v);
        else if (strcmp(k, "effective") == 0)
            snprintf(f->effective_column, sizeof f->effective_column, "%s", v);
        else if (strcmp(k, "key") == 0) {
            char *col;
            while ((col = word(&v)))
                if (f->nkeys == FEED_MAX_KEYS)
                    rc = mz_fail(err, "feed_syntax", "%s:%d: 错误：记录键最多 %d 列", path,
                                 lineno, FEED_MAX_KEYS);
                else
                    snprintf(f->key_columns[f->nkeys++], sizeof f->key_columns[0], "%s", col);
        } else if (strcmp(k, "fact") == 0)
            rc = parse_fact(f, v, path, lineno, err);
        else
            rc = mz_fail(err, "feed_syntax", "%s:%d: 错误：未知的键“%s”", path, lineno, k);
    }
    fclose(fp);
    if (rc == 0 && (!f->name[0] || !f->id_column[0] || !f->effective_column[0] ||
                    f->nkeys == 0 || f->nfacts == 0))
        rc = mz_fail(err, "feed_syntax", "%s: 错误：须写明 name、id、key、effective 和至少一个 fact",
                     path);
    if (rc < 0) {
        mz_free(f);
        return NULL;
    }
    return f;
}

struct feed_def *feed_def_find(const char *dir, const char *name, struct mz_err *err)
{
    if (!*name || strlen(name) > 31) {
        mz_fail(err, "bad_feed", "数据源名称“%s”无效", name);
        return NULL;
    }
    for (const char *p = name; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')) {
            mz_fail(err, "bad_feed", "数据源名称“%s”无效（只能用小写字母、数字和下划线）", name);
            return NULL;
        }
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.feed", dir, name);
    return feed_def_load(path, err);
}

void feed_def_free(struct feed_def *f)
{
    mz_free(f);
}

const char *feed_def_name(const struct feed_def *f)
{
    return f->name;
}

const char *feed_def_label(const struct feed_def *f)
{
    return f->label;
}

/* ---- ingestion ---------------------------------------------------------- */

static int column(struct table *t, const char *name, const char *source, int *index,
                  struct mz_err *err)
{
    for (size_t i = 0; i < table_nfields(t); i++)
        if (strcmp(table_field(t, i), name) == 0) {
            *index = (int)i;
            return 0;
        }
    return mz_fail(err, "feed_header", "%s: 表头缺少列“%s”", source, name);
}

static int resolve_columns(struct feed_def *f, struct table *t, const char *source,
                           struct mz_err *err)
{
    if (column(t, f->id_column, source, &f->id_index, err) < 0 ||
        column(t, f->effective_column, source, &f->effective_index, err) < 0)
        return -1;
    for (int i = 0; i < f->nkeys; i++)
        if (column(t, f->key_columns[i], source, &f->key_index[i], err) < 0)
            return -1;
    for (int i = 0; i < f->nfacts; i++)
        if (f->facts[i].column[0] &&
            column(t, f->facts[i].column, source, &f->facts[i].index, err) < 0)
            return -1;
    return 0;
}

/* A household touched in the open batch, with the record keys that did. */
struct touched {
    int64_t household_id;
    char keys[256];
};

/* One ingestion run over a source of records: a table, or JSON lines (one
 * object per line, fields named like the table's columns). */
struct ingest {
    const struct mon_env *env;
    const struct feed_def *f;
    struct table *t; /* the table, or NULL for JSON */
    FILE *jsonl;
    json_t *array;  /* a JSON array, or NULL */
    json_t *obj;    /* the current JSON record */
    long line;      /* line of the current record */
    char scratch[FEED_MAX_KEYS + FEED_MAX_FACTS + 2][64]; /* JSON numbers as text */
    int nscratch;
    const struct feed_run *run;
    struct feed_stats *st;
    struct touched *touched;
    size_t ntouched, cap;
    char key[512];
    char values[FEED_MAX_FACTS][96];
};

/* Field of the current record: table column `index`, or JSON member
 * `name` (strings as they are, numbers as text, anything else ""). */
static const char *field(struct ingest *in, int index, const char *name)
{
    if (in->t)
        return table_field(in->t, (size_t)index);
    json_t *v = json_object_get(in->obj, name);
    if (json_is_string(v))
        return json_string_value(v);
    if (!json_is_number(v) || in->nscratch == (int)(sizeof in->scratch / sizeof in->scratch[0]))
        return "";
    char *out = in->scratch[in->nscratch++];
    if (json_is_integer(v))
        snprintf(out, sizeof in->scratch[0], "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        snprintf(out, sizeof in->scratch[0], "%.2f", json_real_value(v));
    return out;
}

static int reject(struct ingest *in, const char *reason, struct mz_err *err)
{
    in->st->rejected++;
    if (ms_reject_add(reg_db(in->env->reg), in->f->name, in->run->source, in->line, in->key,
                      reason, err) < 0)
        return -1;
    if (in->run->on_reject)
        in->run->on_reject(in->run->ctx, in->line, in->key, reason);
    return 0;
}

static int touch(struct ingest *in, int64_t household_id, struct mz_err *err)
{
    size_t i = 0;
    while (i < in->ntouched && in->touched[i].household_id != household_id)
        i++;
    if (i == in->ntouched) {
        if (mz_grow(&in->touched, &in->cap, in->ntouched + 1, sizeof *in->touched) < 0)
            return mz_fail(err, "out_of_memory", "内存不足");
        in->touched[in->ntouched++] = (struct touched){.household_id = household_id};
    }
    struct touched *t = &in->touched[i];
    size_t len = strlen(t->keys);
    if (len + strlen(in->f->name) + strlen(in->key) + 3 < sizeof t->keys)
        snprintf(t->keys + len, sizeof t->keys - len, "%s%s:%s", len ? "，" : "", in->f->name,
                 in->key);
    return 0;
}

/* The fact values of the current record into in->values; a reason on
 * reason (and 1) if the record cannot be used. */
static int record_values(struct ingest *in, char *reason, size_t cap)
{
    for (int i = 0; i < in->f->nfacts; i++) {
        const struct feed_fact *ff = &in->f->facts[i];
        if (!ff->column[0]) {
            snprintf(in->values[i], sizeof in->values[i], "%s", ff->value);
            continue;
        }
        const char *v = field(in, ff->index, ff->column);
        if (!*v) {
            snprintf(reason, cap, "列“%s”为空", ff->column);
            return 1;
        }
        if (ff->nmap) {
            int k = 0;
            while (k < ff->nmap && strcmp(ff->from[k], v) != 0)
                k++;
            if (k == ff->nmap) {
                snprintf(reason, cap, "列“%s”的值“%s”不在约定的取值中", ff->column, v);
                return 1;
            }
            v = ff->to[k];
        }
        snprintf(in->values[i], sizeof in->values[i], "%s", v);
    }
    return 0;
}

/* One data record: 0 (accepted, unchanged or rejected) or -1 (database). */
static int ingest_record(struct ingest *in, struct mz_err *err)
{
    const struct feed_def *f = in->f;
    struct registry *reg = in->env->reg;
    struct db *db = reg_db(reg);
    size_t len = 0;
    in->key[0] = '\0';
    for (int i = 0; i < f->nkeys; i++) {
        const char *k = field(in, f->key_index[i], f->key_columns[i]);
        len += (size_t)snprintf(in->key + len, sizeof in->key - len, "%s%s", i ? "|" : "", k);
        if (!*k || len >= sizeof in->key) {
            in->key[len < sizeof in->key ? len : sizeof in->key - 1] = '\0';
            return reject(in, "记录键为空或过长", err);
        }
    }
    char reason[600];
    const char *id_number = field(in, f->id_index, f->id_column);
    const char *eff_text = field(in, f->effective_index, f->effective_column);
    mz_date eff = date_parse(eff_text);
    if (eff == MZ_DATE_NONE) {
        snprintf(reason, sizeof reason, "列“%s”应为日期（YYYY-MM-DD），实为“%s”",
                 f->effective_column, eff_text);
        return reject(in, reason, err);
    }
    char effective[11];
    date_format(eff, effective);
    if (record_values(in, reason, sizeof reason))
        return reject(in, reason, err);
    int64_t person_id;
    struct mz_err rerr = {0};
    int found = reg_person_find(reg, id_number, &person_id, &rerr);
    if (found < 0 && strcmp(rerr.field, "id_number") == 0)
        return reject(in, rerr.msg, err);
    if (found < 0) {
        *err = rerr;
        return -1;
    }
    if (!found) {
        char masked[19];
        idcard_mask(id_number, masked);
        snprintf(reason, sizeof reason, "身份证号 %s 在登记库中没有此人", masked);
        return reject(in, reason, err);
    }
    char text[1024];
    len = (size_t)snprintf(text, sizeof text, "%lld|%s", (long long)person_id, effective);
    for (int i = 0; i < f->nfacts && len < sizeof text; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "|%s=%s", f->facts[i].variable,
                                in->values[i]);
    unsigned char idx[VAULT_INDEX_LEN];
    if (vault_blind_index(reg_vault(reg), text, strlen(text), idx) < 0)
        return mz_fail(err, "crypto_error", "计算记录摘要失败");
    char digest[65], old[65];
    for (int i = 0; i < VAULT_INDEX_LEN; i++)
        snprintf(digest + 2 * i, 3, "%02x", idx[i]);
    int seen = ms_record_digest(db, f->name, in->key, old, err);
    if (seen < 0)
        return -1;
    if (seen && strcmp(old, digest) == 0) {
        in->st->unchanged++;
        return 0;
    }
    int64_t household_id = 0;
    char relation[32];
    mz_date from;
    if (rs_membership_current(db, person_id, &household_id, relation, &from, err) < 0 ||
        db_savepoint(db, err) < 0)
        return -1;
    char src[48];
    snprintf(src, sizeof src, "feed:%s", f->name);
    for (int i = 0; i < f->nfacts; i++) {
        enum put_result res;
        struct reg_fact_in fi = {.variable = f->facts[i].variable,
                                 .value = in->values[i],
                                 .effective = effective,
                                 .source = src};
        if (reg_person_fact_put(reg, person_id, &fi, &res, &rerr) < 0) {
            db_rollback_savepoint(db);
            if (strcmp(rerr.field, "value") && strcmp(rerr.field, "effective"))
                return *err = rerr, -1;
            return reject(in, rerr.msg, err);
        }
    }
    if (ms_record_put(db, f->name, in->key, digest, household_id, err) < 0 ||
        db_release(db, err) < 0)
        return -1;
    in->st->applied++;
    return household_id ? touch(in, household_id, err) : 0;
}

/* Re-evaluates the households of the batch (one snapshot) and commits it. */
static int finish_batch(struct ingest *in, mz_date as_of, struct mz_err *err)
{
    char by[48];
    snprintf(by, sizeof by, "feed:%s", in->f->name);
    size_t n = in->ntouched;
    int64_t *ids = mz_malloc((n ? n : 1) * sizeof *ids);
    const char **records = mz_malloc((n ? n : 1) * sizeof *records);
    int rc = ids && records ? 0 : mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        ids[i] = in->touched[i].household_id;
        records[i] = in->touched[i].keys;
    }
    struct mon_counts c = {0};
    if (rc == 0)
        rc = mon_households(in->env, ids, records, n, as_of, by, &c, err);
    mz_free(ids);
    mz_free(records);
    if (rc < 0)
        return -1;
    in->st->households += c.households;
    in->st->warnings += c.warnings;
    in->ntouched = 0;
    return db_commit(reg_db(in->env->reg), err);
}

/* Next record of a table: 1 ready, 0 end, -1 with rerr ("table_row": only
 * this record is bad). Blank lines are skipped. */
static int next_table(struct ingest *in, struct mz_err *rerr)
{
    for (;;) {
        int rc = table_read(in->t, rerr);
        in->line = table_line(in->t);
        if (rc <= 0 || table_nfields(in->t) != 1 || table_field_len(in->t, 0) != 0)
            return rc;
    }
}

/* Next JSON line, the same way. */
static int next_json(struct ingest *in, struct mz_err *rerr)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    json_decref(in->obj);
    in->obj = NULL;
    in->nscratch = 0;
    for (;;) {
        n = getline(&buf, &cap, in->jsonl);
        if (n < 0) {
            free(buf);
            return ferror(in->jsonl) ? mz_fail(rerr, "table_io", "%s: 读取失败", in->run->source)
                                     : 0;
        }
        in->line++;
        if (strspn(buf, " \t\r\n") != (size_t)n)
            break;
    }
    json_error_t je;
    in->obj = json_loadb(buf, (size_t)n, 0, &je);
    free(buf);
    if (!json_is_object(in->obj))
        return mz_fail(rerr, "table_row", "%s:%ld: 不是 JSON 对象：%s", in->run->source,
                       in->line, in->obj ? "应为 {…}" : je.text);
    return 1;
}

/* Next element of a JSON array, the same way (line = position from 1). */
static int next_element(struct ingest *in, struct mz_err *rerr)
{
    json_decref(in->obj);
    in->obj = NULL;
    in->nscratch = 0;
    if ((size_t)in->line >= json_array_size(in->array))
        return 0;
    in->obj = json_incref(json_array_get(in->array, (size_t)in->line++));
    if (!json_is_object(in->obj))
        return mz_fail(rerr, "table_row", "%s: 第 %ld 条不是 JSON 对象", in->run->source,
                       in->line);
    return 1;
}

/* Reads records with next, storing and re-evaluating them batch by batch. */
static int ingest_all(struct ingest *in, int (*next)(struct ingest *, struct mz_err *),
                      struct mz_err *err)
{
    mz_date as_of = in->run->as_of;
    int batch = in->run->batch;
    struct db *db = reg_db(in->env->reg);
    bool open = false;
    long in_batch = 0;
    int rc = 0;
    while (rc >= 0) {
        struct mz_err rerr = {0};
        rc = next(in, &rerr);
        if (rc == 0)
            break;
        if (!open) {
            if (db_begin(db, err) < 0) {
                rc = -1;
                break;
            }
            open = true;
        }
        in->st->records++;
        if (rc < 0) {
            if (strcmp(rerr.code, "table_row")) {
                *err = rerr;
                break;
            }
            in->key[0] = '\0';
            rc = reject(in, rerr.msg, err);
        } else {
            rc = ingest_record(in, err);
        }
        if (rc >= 0 && ++in_batch >= batch) {
            rc = finish_batch(in, as_of, err);
            open = rc < 0; /* a failed batch is still to be rolled back */
            in_batch = 0;
            /* leave the write lock free a moment: a server's request
             * waiting for it (polling every millisecond, store/db.c) takes
             * it before the next batch does */
            if (rc >= 0)
                usleep(2000);
        }
    }
    if (rc >= 0 && open && (rc = finish_batch(in, as_of, err)) == 0)
        open = false;
    if (open)
        db_rollback(db);
    return rc < 0 ? -1 : 0;
}

int feed_ingest(const struct mon_env *env, const struct feed_def *f, struct table *t,
                const struct feed_run *run, struct feed_stats *st, struct mz_err *err)
{
    *st = (struct feed_stats){0};
    struct feed_def *def = mz_malloc(sizeof *def);
    if (!def)
        return mz_fail(err, "out_of_memory", "内存不足");
    *def = *f;
    struct ingest in = {.env = env, .f = def, .t = t, .run = run, .st = st};
    int rc = table_read(t, err);
    if (rc == 0)
        rc = mz_fail(err, "feed_header", "%s: 文件为空，没有表头", run->source);
    if (rc > 0)
        rc = resolve_columns(def, t, run->source, err);
    if (rc >= 0)
        rc = ingest_all(&in, next_table, err);
    mz_free(in.touched);
    mz_free(def);
    return rc < 0 ? -1 : 0;
}

/* Runs a JSON source (lines or an array) through a fresh ingestion. */
static int ingest_json(struct ingest *proto, int (*next)(struct ingest *, struct mz_err *),
                       struct feed_stats *st, struct mz_err *err)
{
    *st = (struct feed_stats){0};
    struct ingest *in = mz_calloc(1, sizeof *in);
    if (!in)
        return mz_fail(err, "out_of_memory", "内存不足");
    *in = *proto;
    in->st = st;
    int rc = ingest_all(in, next, err);
    json_decref(in->obj);
    mz_free(in->touched);
    mz_free(in);
    return rc;
}

int feed_ingest_jsonl(const struct mon_env *env, const struct feed_def *f, FILE *jsonl,
                      const struct feed_run *run, struct feed_stats *st, struct mz_err *err)
{
    struct ingest in = {.env = env, .f = f, .jsonl = jsonl, .run = run};
    return ingest_json(&in, next_json, st, err);
}

int feed_ingest_json(const struct mon_env *env, const struct feed_def *f, const char *text,
                     size_t len, const struct feed_run *run, struct feed_stats *st,
                     struct mz_err *err)
{
    json_error_t je;
    json_t *array = json_loadb(text, len, 0, &je);
    if (json_is_object(array)) { /* one record */
        json_t *one = json_array();
        if (json_array_append_new(one, array) < 0)
            json_decref(one), one = NULL;
        array = one;
    }
    if (!json_is_array(array)) {
        *st = (struct feed_stats){0};
        mz_fail(err, "invalid_json", "%s: 应为 JSON 对象数组 […]：%s", run->source,
                array ? "顶层不是数组或对象" : je.text);
        json_decref(array);
        return -1;
    }
    struct ingest in = {.env = env, .f = f, .array = array, .run = run};
    int rc = ingest_json(&in, next_element, st, err);
    json_decref(array);
    return rc;
}
