/* Division change events (divchange.h): parse a script, apply its steps
 * through divisions.c, move records by rule, audit. */
#include "registry/divchange.h"

#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "registry/divisions.h"
#include "registry/pinyin.h"
#include "registry/registry.h"
#include "store/divstore.h"

#define MAX_WORDS 4

struct line {
    char *word[MAX_WORDS];
    int nwords; /* MAX_WORDS + 1: too many */
};

/* Splits s (modified) at spaces and tabs into words; more than MAX_WORDS
 * counts as MAX_WORDS + 1 (too many for any step). */
static void split(char *s, struct line *l)
{
    l->nwords = 0;
    for (;;) {
        s += strspn(s, " \t");
        if (!*s)
            return;
        if (l->nwords == MAX_WORDS) {
            l->nwords++;
            return;
        }
        l->word[l->nwords++] = s;
        s += strcspn(s, " \t");
        if (*s)
            *s++ = '\0';
    }
}

static const struct op {
    const char *name;
    int nargs;
    const char *usage;
} ops[] = {
    {"create", 3, "create 代码 名称 上级代码"}, {"move", 2, "move 代码 新上级代码"},
    {"move-children", 2, "move-children 原上级代码 新上级代码"},
    {"rename", 2, "rename 代码 新名称"},   {"retire", 2, "retire 代码 承继区划代码"},
    {"recode", 2, "recode 原代码 新代码"},
};

struct apply {
    struct registry *r;
    struct db *db;
    struct pinyin *py;
    mz_date effective;
    const char *title;
    struct div_event_result *res;
    struct mz_err *err;
};

/* The open warnings of a community moved to another street follow it. */
static int move_and_reroute(struct apply *a, const char *code, const char *to)
{
    if (div_step_move(a->db, a->effective, code, to, a->err) < 0)
        return -1;
    a->res->moved++;
    if (div_level_of(code) != DIV_VILLAGE)
        return 0;
    int n = ds_reroute_warnings(a->db, code, to, a->err);
    if (n < 0)
        return -1;
    a->res->warnings_rerouted += n;
    return 0;
}

struct children {
    struct apply *a;
    const char *to;
};

static int move_child(void *ctx, const struct division_row *d)
{
    struct children *c = ctx;
    return move_and_reroute(c->a, d->code, c->to);
}

static int move_children(struct apply *a, const char *from, const char *to)
{
    struct division_row d;
    int found = rs_division_at(a->db, from, a->effective, &d, a->err);
    if (found <= 0)
        return found < 0 ? -1 : div_check_current(a->db, from, a->effective, "code", a->err);
    struct children c = {a, to};
    return rs_division_children(a->db, from, a->effective, move_child, &c, a->err) != 0 ? -1 : 0;
}

static int run_step(struct apply *a, const char *op, char **w)
{
    if (strcmp(op, "create") == 0)
        return div_step_create(a->db, a->py, a->effective, w[0], w[1], w[2], a->err);
    if (strcmp(op, "move") == 0)
        return move_and_reroute(a, w[0], w[1]);
    if (strcmp(op, "move-children") == 0)
        return move_children(a, w[0], w[1]);
    if (strcmp(op, "rename") == 0)
        return div_step_rename(a->db, a->py, a->effective, w[0], w[1], a->err);
    if (strcmp(op, "retire") == 0)
        return div_step_retire(a->db, a->effective, w[0], w[1], a->title, a->err);
    /* recode */
    struct division_row d;
    int found = rs_division_at(a->db, w[0], a->effective, &d, a->err);
    if (found <= 0)
        return found < 0 ? -1 : div_check_current(a->db, w[0], a->effective, "code", a->err);
    if (div_step_create(a->db, a->py, a->effective, w[1], d.name, d.parent, a->err) < 0 ||
        move_children(a, w[0], w[1]) < 0)
        return -1;
    return div_step_retire(a->db, a->effective, w[0], w[1], a->title, a->err);
}

/* Prefixes err's message with "SOURCE:LINE: " (and the field's label). */
static int at_line(struct mz_err *err, const char *source, long no)
{
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%.80s:%ld: %s%.40s%s", source, no, err->field[0] ? "字段 " : "",
             err->field, err->field[0] ? "：" : "");
    size_t k = strlen(msg);
    snprintf(msg + k, sizeof msg - k, "%s", err->msg);
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    text_utf8_trim(err->msg);
    return -1;
}

struct header {
    const char *date, *title, *document, *approved;
};

/* Reads a header line ("KEY value…", the value to the end of the line)
 * into h: 1 if it was one, 0 if not, -1 if its value is missing. */
static int header_line(struct header *h, char *s, struct mz_err *err)
{
    static const char *const keys[] = {"date", "title", "document", "approved"};
    const char **slots[] = {&h->date, &h->title, &h->document, &h->approved};
    s += strspn(s, " \t");
    for (int i = 0; i < 4; i++) {
        size_t k = strlen(keys[i]);
        if (strncmp(s, keys[i], k) != 0 || (s[k] && s[k] != ' ' && s[k] != '\t'))
            continue;
        char *v = s + k + strspn(s + k, " \t"), *e = v + strlen(v);
        while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (!*v)
            return mz_fail_field(err, keys[i], "invalid_value", "“%s”后应有内容", keys[i]);
        *slots[i] = v;
        return 1;
    }
    return 0;
}

static const struct op *find_op(const char *name)
{
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(ops[i].name, name) == 0)
            return &ops[i];
    return NULL;
}

static int check_header(const struct header *h, mz_date *effective, struct mz_err *err)
{
    if (!h->date || !h->title || !h->document || !h->approved)
        return mz_fail_field(err, !h->date ? "date" : !h->title ? "title"
                                  : !h->document ? "document" : "approved",
                             "missing_field",
                             "区划调整须写明生效日期（date）、事项（title）、批准文件（document）"
                             "和批准机关（approved），写在各步骤之前（《行政区划管理条例》第七条、"
                             "第九条：行政区划变更须经审批；第二十条：批准文件归档）");
    *effective = date_parse(h->date);
    if (*effective == MZ_DATE_NONE)
        return mz_fail_field(err, "date", "invalid_date", "日期“%s”应为 YYYY-MM-DD", h->date);
    if (text_check(h->title, "title", "事项", TEXT_MAX_NOTE, TEXT_NAME, err) < 0 ||
        text_check(h->document, "document", "批准文件", TEXT_MAX_NOTE, TEXT_NAME, err) < 0 ||
        text_check(h->approved, "approved", "批准机关", TEXT_MAX_NOTE, TEXT_NAME, err) < 0)
        return -1;
    return 0;
}

int div_event_apply(struct registry *r, const char *source, const char *text,
                    struct div_event_result *res, struct mz_err *err)
{
    memset(res, 0, sizeof *res);
    char *copy = mz_strdup(text);
    if (!copy)
        return mz_fail(err, "out_of_memory", "内存不足");
    struct apply a = {.r = r, .db = reg_db(r), .res = res, .err = err};
    struct header h = {0};
    bool begun = false;
    long no = 0;
    int rc = -1;
    if (pinyin_open(&a.py, err) < 0)
        goto out_free;
    for (char *s = copy, *next; s; s = next) {
        char *nl = strchr(s, '\n');
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        no++;
        s[strcspn(s, "\r#")] = '\0';
        int is_header = begun ? 0 : header_line(&h, s, err);
        if (is_header < 0)
            goto out_line;
        struct line l = {0};
        if (!is_header)
            split(s, &l);
        if (is_header || l.nwords == 0)
            continue;
        const struct op *op = find_op(l.word[0]);
        if (!op) {
            mz_fail_field(err, "op", "invalid_value",
                          "不认识的步骤“%s”（可用 create、move、move-children、rename、retire、"
                          "recode；date、title、document、approved 写在步骤之前）",
                          l.word[0]);
            goto out_line;
        }
        if (l.nwords - 1 != op->nargs) {
            mz_fail_field(err, op->name, "invalid_value", "应写作“%s”", op->usage);
            goto out_line;
        }
        if (!begun) {
            struct div_event_row e = {0};
            if (check_header(&h, &a.effective, err) < 0 || db_begin(a.db, err) < 0)
                goto out_line;
            begun = true;
            a.title = h.title;
            snprintf(e.effective, sizeof e.effective, "%s", h.date);
            snprintf(e.title, sizeof e.title, "%s", h.title);
            snprintf(e.document, sizeof e.document, "%s", h.document);
            snprintf(e.approved_by, sizeof e.approved_by, "%s", h.approved);
            snprintf(e.recorded_by, sizeof e.recorded_by, "%s", reg_actor(r));
            if (ds_event_add(a.db, &e, text, &res->event_id, err) < 0)
                goto out_line;
        }
        char arg[256] = "";
        for (int i = 2; i < l.nwords; i++)
            snprintf(arg + strlen(arg), sizeof arg - strlen(arg), "%s%s", i > 2 ? " " : "",
                     l.word[i]);
        if (run_step(&a, op->name, l.word + 1) < 0 ||
            ds_event_step_add(a.db, res->event_id, ++res->steps, op->name, l.word[1], arg,
                              err) < 0)
            goto out_line;
    }
    if (!begun) {
        mz_fail(err, "invalid_value", "%s: 没有任何调整步骤", source);
        goto out_close;
    }
    char id[24], detail[160];
    snprintf(id, sizeof id, "%lld", (long long)res->event_id);
    snprintf(detail, sizeof detail, "%s 起：%d 步，%d 个区划改变隶属，%d 条预警改由新的经办机构办理",
             h.date, res->steps, res->moved, res->warnings_rerouted);
    struct audit_event ev = {reg_actor(r), "division.change", "division_event", id, NULL,
                             h.title, detail};
    if (audit_append(a.db, reg_vault(r), &ev, err) < 0 || db_commit(a.db, err) < 0)
        goto out_rollback;
    rc = 0;
    goto out_close;
out_line:
    at_line(err, source, no);
out_rollback:
    if (begun)
        db_rollback(a.db);
out_close:
    pinyin_close(a.py);
out_free:
    mz_free(copy);
    return rc;
}
