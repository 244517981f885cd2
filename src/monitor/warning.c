/* Warning rules (parsing and evaluation over a snapshot) and the warning
 * lifecycle. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "monitor/internal.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/monitorstore.h"

/* ---- parsing ------------------------------------------------------------ */

enum { MAX_TOKENS = 96 };

struct line {
    const char *path;
    int lineno;
    int n, pos;
    char *tok[MAX_TOKENS];
    bool quoted[MAX_TOKENS];
    char store[4096]; /* the tokens, NUL-terminated */
};

/* Splits a line into tokens copied to l->store: "quoted strings", ( ) ,
 * and words; '#' starts a comment. */
static int tokenize(struct line *l, const char *s, struct mz_err *err)
{
    l->n = l->pos = 0;
    size_t used = 0;
    while (*s && *s != '#') {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            s++;
            continue;
        }
        const char *from = s;
        size_t len;
        bool quoted = *s == '"';
        if (quoted) {
            const char *end = strchr(s + 1, '"');
            if (!end)
                return mz_fail(err, "rule_syntax", "%s:%d: 错误：引号没有闭合", l->path,
                               l->lineno);
            from = s + 1;
            len = (size_t)(end - from);
            s = end + 1;
        } else if (*s == '(' || *s == ')' || *s == ',') {
            len = 1;
            s++;
        } else {
            len = strcspn(s, " \t\r\n(),\"#");
            s += len;
        }
        if (l->n == MAX_TOKENS || used + len + 1 > sizeof l->store)
            return mz_fail(err, "rule_syntax", "%s:%d: 错误：此行过长", l->path, l->lineno);
        memcpy(l->store + used, from, len);
        l->store[used + len] = '\0';
        l->quoted[l->n] = quoted;
        l->tok[l->n++] = l->store + used;
        used += len + 1;
    }
    return 0;
}

static const char *next(struct line *l)
{
    return l->pos < l->n ? l->tok[l->pos++] : NULL;
}

static int syntax(const struct line *l, struct mz_err *err, const char *what)
{
    const char *at = l->pos - 1 < l->n && l->pos > 0 ? l->tok[l->pos - 1] : "行尾";
    return mz_fail(err, "rule_syntax", "%s:%d: 错误：在“%s”处应为%s", l->path, l->lineno, at,
                   what);
}

static int expect(struct line *l, const char *word, struct mz_err *err)
{
    const char *t = next(l);
    if (!t || strcmp(t, word) != 0) {
        char what[64];
        snprintf(what, sizeof what, "“%s”", word);
        return syntax(l, err, what);
    }
    return 0;
}

static int parse_value(struct line *l, const struct pol_set *set, const struct clause *c,
                       int64_t *out, struct mz_err *err)
{
    const char *t = next(l);
    if (!t)
        return syntax(l, err, "取值");
    if (c->input == CLAUSE_AGE) {
        char *end;
        errno = 0;
        long v = strtol(t, &end, 10);
        if (errno || *end || end == t || v < 0 || v > 200)
            return mz_fail(err, "rule_value", "%s:%d: 错误：年龄应为 0 到 200 的整数，实为“%s”",
                           l->path, l->lineno, t);
        *out = v;
        return 0;
    }
    int n;
    const struct pol_input *in = &pol_inputs(set, &n)[c->input];
    if (strcmp(t, "none") == 0 && (in->type == POL_ENUM || in->type == POL_DATE)) {
        *out = in->type == POL_ENUM ? 0 : MZ_DATE_NONE;
        return 0;
    }
    struct mz_err verr = {0};
    if (pol_value_parse(set, c->input, t, out, &verr) < 0)
        return mz_fail(err, "rule_value", "%s:%d: 错误：%s", l->path, l->lineno, verr.msg);
    return 0;
}

static int parse_clause(struct line *l, struct mon_rules *rules, const struct pol_set *set,
                        struct rule *r, struct mz_err *err)
{
    if (r->nclauses == RULE_MAX_CLAUSES)
        return mz_fail(err, "rule_syntax", "%s:%d: 错误：一条规则最多 %d 个条件", l->path,
                       l->lineno, RULE_MAX_CLAUSES);
    struct clause *c = &r->clauses[r->nclauses++];
    const char *t = next(l);
    if (t && strcmp(t, "no") == 0) {
        if (expect(l, "other", err) < 0 || expect(l, "member", err) < 0)
            return -1;
        c->others = true;
        t = next(l);
    }
    if (!t)
        return syntax(l, err, "变量名");
    if (strcmp(t, "age") == 0) {
        if (rules->birth_date < 0)
            return mz_fail(err, "rule_var", "%s:%d: 错误：政策未使用出生日期，不能按年龄判断",
                           l->path, l->lineno);
        c->input = CLAUSE_AGE;
    } else if ((c->input = pol_input_find(set, t)) < 0) {
        return mz_fail(err, "rule_var", "%s:%d: 错误：政策中没有输入变量“%s”", l->path,
                       l->lineno, t);
    }
    if (c->input >= 0 && c->input == rules->is_dead && !c->others)
        r->about_death = true;
    static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">=", "in", "older"};
    const char *op = next(l);
    int k = 0;
    while (op && k < 8 && strcmp(op, ops[k]) != 0)
        k++;
    if (!op || k == 8)
        return syntax(l, err, "比较符（= != < <= > >= in older than）");
    c->op = (enum clause_op)k;
    if (c->op == OP_OLDER) {
        int n;
        if (c->input < 0 || pol_inputs(set, &n)[c->input].type != POL_DATE)
            return mz_fail(err, "rule_var", "%s:%d: 错误：older than 只能用于日期变量", l->path,
                           l->lineno);
        if (expect(l, "than", err) < 0)
            return -1;
        const char *t2 = next(l);
        char *end;
        long days = t2 ? strtol(t2, &end, 10) : -1;
        if (!t2 || *end || days < 0 || days > 36500)
            return syntax(l, err, "天数（0 到 36500）");
        c->nvalues = 1;
        c->values[0] = days;
        return expect(l, "days", err);
    }
    if (c->op != OP_IN) {
        c->nvalues = 1;
        return parse_value(l, set, c, &c->values[0], err);
    }
    if (expect(l, "(", err) < 0)
        return -1;
    for (;;) {
        if (c->nvalues == CLAUSE_MAX_VALUES)
            return mz_fail(err, "rule_syntax", "%s:%d: 错误：in 最多 %d 个取值", l->path,
                           l->lineno, CLAUSE_MAX_VALUES);
        if (parse_value(l, set, c, &c->values[c->nvalues++], err) < 0)
            return -1;
        const char *sep = next(l);
        if (sep && strcmp(sep, ")") == 0)
            return 0;
        if (!sep || strcmp(sep, ",") != 0)
            return syntax(l, err, "“,”或“)”");
    }
}

static int parse_rule(struct line *l, struct mon_rules *rules, const struct pol_set *set,
                      struct rule *r, struct mz_err *err)
{
    *r = (struct rule){0};
    const char *t;
    if (expect(l, "warning", err) < 0)
        return -1;
    if (!(t = next(l)) || l->quoted[l->pos - 1])
        return syntax(l, err, "规则名");
    snprintf(r->name, sizeof r->name, "%s", t);
    for (int i = 0; i < rules->n; i++)
        if (strcmp(rules->rules[i].name, r->name) == 0)
            return mz_fail(err, "rule_duplicate", "%s:%d: 错误：规则“%s”重复定义", l->path,
                           l->lineno, r->name);
    if (!(t = next(l)) || !l->quoted[l->pos - 1])
        return syntax(l, err, "带引号的中文标签");
    snprintf(r->label, sizeof r->label, "%s", t);
    if (expect(l, "severity", err) < 0)
        return -1;
    t = next(l);
    if (!t || (strcmp(t, "high") && strcmp(t, "medium") && strcmp(t, "low")))
        return syntax(l, err, "严重程度 high、medium 或 low");
    snprintf(r->severity, sizeof r->severity, "%s", t);
    if (expect(l, "due", err) < 0)
        return -1;
    t = next(l);
    char *end;
    long due = t ? strtol(t, &end, 10) : -1;
    if (!t || *end || due < 0 || due > 250)
        return syntax(l, err, "办理期限（0 到 250 个工作日）");
    r->due_workdays = (int)due;
    if (expect(l, "workdays", err) < 0 || expect(l, "when", err) < 0)
        return -1;
    t = next(l);
    if (t && strcmp(t, "became") == 0) {
        t = next(l);
        if (!t || (strcmp(t, "eligible") && strcmp(t, "ineligible")))
            return syntax(l, err, "eligible 或 ineligible");
        r->kind = strcmp(t, "eligible") == 0 ? RULE_BECAME_ELIGIBLE : RULE_BECAME_INELIGIBLE;
        if (!(t = next(l)))
            return syntax(l, err, "项目名");
        if ((r->program = pol_program_find(set, t)) < 0)
            return mz_fail(err, "rule_program", "%s:%d: 错误：政策中没有项目“%s”", l->path,
                           l->lineno, t);
    } else if (t && strcmp(t, "person") == 0) {
        r->kind = RULE_PERSON;
        for (;;) {
            if (parse_clause(l, rules, set, r, err) < 0)
                return -1;
            if (l->pos < l->n && strcmp(l->tok[l->pos], "and") == 0)
                l->pos++;
            else
                break;
        }
    } else {
        return syntax(l, err, "became 或 person");
    }
    if (l->pos < l->n && strcmp(l->tok[l->pos], "note") == 0) {
        l->pos++;
        if (!(t = next(l)) || !l->quoted[l->pos - 1])
            return syntax(l, err, "带引号的附注");
        snprintf(r->note, sizeof r->note, "%s", t);
    }
    if (l->pos < l->n) {
        l->pos++;
        return syntax(l, err, "行尾");
    }
    return 0;
}

struct mon_rules *mon_rules_load(const char *path, const struct pol_set *set,
                                 struct mz_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        mz_fail(err, "rule_open", "无法打开预警规则文件 %s", path);
        return NULL;
    }
    struct mon_rules *rules = mz_calloc(1, sizeof *rules);
    if (!rules) {
        fclose(f);
        mz_fail(err, "out_of_memory", "内存不足");
        return NULL;
    }
    rules->birth_date = pol_input_find(set, "birth_date");
    rules->is_dead = pol_input_find(set, "is_dead");
    rules->death_date = pol_input_find(set, "death_date");
    size_t cap = 0;
    char buf[2048];
    struct line l = {.path = path};
    int rc = 0;
    while (rc == 0 && fgets(buf, sizeof buf, f)) {
        l.lineno++;
        if ((rc = tokenize(&l, buf, err)) < 0 || l.n == 0)
            continue;
        if (mz_grow(&rules->rules, &cap, (size_t)rules->n + 1, sizeof *rules->rules) < 0) {
            rc = mz_fail(err, "out_of_memory", "内存不足");
            break;
        }
        if ((rc = parse_rule(&l, rules, set, &rules->rules[rules->n], err)) == 0)
            rules->n++;
    }
    fclose(f);
    if (rc < 0) {
        mon_rules_free(rules);
        return NULL;
    }
    return rules;
}

void mon_rules_free(struct mon_rules *rules)
{
    if (!rules)
        return;
    mz_free(rules->rules);
    mz_free(rules);
}

int mon_rules_count(const struct mon_rules *rules)
{
    return rules->n;
}

/* ---- evaluation --------------------------------------------------------- */

bool rule_person_dead(const struct mon_rules *rules, const struct pol_snapshot *snap, size_t p,
                      mz_date as_of)
{
    if (rules->is_dead < 0 || !snap->columns[rules->is_dead][p])
        return false;
    if (rules->death_date < 0)
        return true;
    int64_t d = snap->columns[rules->death_date][p];
    return d == MZ_DATE_NONE || d <= as_of;
}

static int64_t clause_value(const struct mon_rules *rules, const struct clause *c,
                            const struct pol_snapshot *snap, size_t p, mz_date as_of)
{
    if (c->input == CLAUSE_AGE) {
        int64_t birth = snap->columns[rules->birth_date][p];
        return birth == MZ_DATE_NONE ? -1 : date_age((mz_date)birth, as_of);
    }
    if (c->input == rules->is_dead)
        return rule_person_dead(rules, snap, p, as_of);
    return snap->columns[c->input][p];
}

static bool compare(const struct clause *c, int64_t v, mz_date as_of)
{
    switch (c->op) {
    case OP_OLDER: return v == MZ_DATE_NONE || v < (int64_t)as_of - c->values[0];
    case OP_EQ: return v == c->values[0];
    case OP_NE: return v != c->values[0];
    case OP_LT: return v < c->values[0];
    case OP_LE: return v <= c->values[0];
    case OP_GT: return v > c->values[0];
    case OP_GE: return v >= c->values[0];
    case OP_IN:
        for (int i = 0; i < c->nvalues; i++)
            if (v == c->values[i])
                return true;
        return false;
    }
    return false;
}

bool rule_holds(const struct mon_rules *rules, const struct rule *r,
                const struct pol_snapshot *snap, size_t start, size_t end, size_t p,
                mz_date as_of)
{
    if (!r->about_death && rule_person_dead(rules, snap, p, as_of))
        return false;
    for (int i = 0; i < r->nclauses; i++) {
        const struct clause *c = &r->clauses[i];
        if (!c->others) {
            if (!compare(c, clause_value(rules, c, snap, p, as_of), as_of))
                return false;
            continue;
        }
        for (size_t q = start; q < end; q++)
            if (q != p && !rule_person_dead(rules, snap, q, as_of) &&
                compare(c, clause_value(rules, c, snap, q, as_of), as_of))
                return false;
    }
    return true;
}

static void format_value(const struct pol_input *in, int64_t v, char *out, size_t cap)
{
    switch (in->type) {
    case POL_MONEY:
        snprintf(out, cap, "%s%lld.%02lld元", v < 0 ? "-" : "", (long long)(llabs(v) / 100),
                 (long long)(llabs(v) % 100));
        break;
    case POL_DATE:
        if (v == MZ_DATE_NONE)
            snprintf(out, cap, "未知");
        else {
            char d[11];
            date_format((mz_date)v, d);
            snprintf(out, cap, "%s", d);
        }
        break;
    case POL_BOOL: snprintf(out, cap, "%s", v ? "是" : "否"); break;
    case POL_ENUM:
        snprintf(out, cap, "%s", v >= 1 && v <= in->nenum ? in->enum_labels[v - 1] : "无");
        break;
    default: snprintf(out, cap, "%lld", (long long)v); break;
    }
}

void rule_values(const struct mon_rules *rules, const struct rule *r, const struct pol_set *set,
                 const struct pol_snapshot *snap, size_t p, mz_date as_of, char *out,
                 size_t cap)
{
    int n;
    const struct pol_input *inputs = pol_inputs(set, &n);
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < r->nclauses && len < cap; i++) {
        const struct clause *c = &r->clauses[i];
        bool shown = c->others;
        for (int k = 0; k < i && !shown; k++)
            shown = !r->clauses[k].others && r->clauses[k].input == c->input;
        if (shown)
            continue;
        char v[96];
        const char *label;
        if (c->input == CLAUSE_AGE) {
            label = "年龄";
            snprintf(v, sizeof v, "%lld岁", (long long)clause_value(rules, c, snap, p, as_of));
        } else if (c->input == rules->is_dead && rules->death_date >= 0) {
            label = "死亡日期";
            format_value(&inputs[rules->death_date], snap->columns[rules->death_date][p], v,
                         sizeof v);
        } else {
            label = inputs[c->input].label;
            format_value(&inputs[c->input], snap->columns[c->input][p], v, sizeof v);
        }
        int w = snprintf(out + len, cap - len, "%s%s=%s", len ? "；" : "", label, v);
        if (w < 0 || (size_t)w >= cap - len) {
            mon_utf8_trim(out);
            break;
        }
        len += (size_t)w;
    }
}

void mon_utf8_trim(char *s)
{
    size_t n = strlen(s), start = n;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0 || (unsigned char)s[start - 1] < 0x80)
        return;
    unsigned char lead = (unsigned char)s[start - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n - (start - 1) < need)
        s[start - 1] = '\0';
}

/* ---- lifecycle ---------------------------------------------------------- */

int mon_warning_step(struct registry *reg, int64_t id, const char *action, const char *text,
                     const char *actor, struct mz_err *err)
{
    static const struct {
        const char *action, *from[3], *to;
    } steps[] = {
        {"assign", {"open", "assigned", NULL}, "assigned"},
        {"verify", {"assigned", NULL, NULL}, "verified"},
        {"close", {"verified", NULL, NULL}, "closed"},
        {"dismiss", {"open", "assigned", "verified"}, "dismissed"},
    };
    size_t k = 0;
    while (k < sizeof steps / sizeof steps[0] && strcmp(steps[k].action, action) != 0)
        k++;
    if (k == sizeof steps / sizeof steps[0])
        return mz_fail(err, "bad_action", "未知操作“%s”（可用 assign、verify、close、dismiss）",
                       action);
    if (!text || !*text)
        return mz_fail(err, "missing_text", "操作 %s 须填写%s", action,
                       k == 0 ? "经办人" : k == 1 ? "核实情况" : k == 2 ? "办理结果" : "撤销理由");
    struct db *db = reg_db(reg);
    if (db_begin(db, err) < 0)
        return -1;
    struct ms_warning *w = mz_malloc(sizeof *w);
    if (!w) {
        db_rollback(db);
        return mz_fail(err, "out_of_memory", "内存不足");
    }
    int found = ms_warning_get(db, id, w, err);
    int rc = found;
    if (found == 0)
        rc = mz_fail(err, "not_found", "预警 %lld 不存在", (long long)id);
    if (rc > 0) {
        bool allowed = false;
        for (int i = 0; i < 3; i++)
            if (steps[k].from[i] && strcmp(steps[k].from[i], w->state) == 0)
                allowed = true;
        if (!allowed)
            rc = mz_fail(err, "bad_state", "预警 %lld 当前状态为 %s，不能执行 %s", (long long)id,
                         w->state, action);
    }
    if (rc > 0) {
        char before[16];
        snprintf(before, sizeof before, "%s", w->state);
        snprintf(w->state, sizeof w->state, "%s", steps[k].to);
        char *field = k == 0 ? w->assignee : k == 3 ? w->reason : w->outcome;
        size_t cap = k == 0 ? sizeof w->assignee : k == 3 ? sizeof w->reason : sizeof w->outcome;
        snprintf(field, cap, "%s", text);
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)id);
        struct audit_event ev = {.actor = actor,
                                 .action = "warning.step",
                                 .entity = "warning",
                                 .entity_id = idtext,
                                 .before = before,
                                 .after = w->state,
                                 .detail = action};
        rc = ms_warning_update(db, w, err) < 0 || audit_append(db, reg_vault(reg), &ev, err) < 0
                 ? -1
                 : 0;
    }
    mz_free(w);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}
