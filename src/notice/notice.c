/* Building a decision notice: the fixed wording of each decision around
 * the policy engine's explanation, as a list of blocks. */
#include "notice/notice.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

struct notice {
    struct notice_block *blocks;
    size_t nblocks, cap;
    char *text;
    char *number, *title;
    mz_date issued;
    int failed; /* an allocation failed while adding blocks */
};

static const struct {
    const char *name, *word;
} decisions[] = {
    [NOTICE_APPROVE] = {"approve", "准予"},
    [NOTICE_REJECT] = {"reject", "不予"},
    [NOTICE_STOP] = {"stop", "停发"},
    [NOTICE_CHANGE] = {"change", "变更"},
};

int notice_decision_parse(const char *s, enum notice_decision *out, struct mz_err *err)
{
    for (size_t i = 0; i < sizeof decisions / sizeof decisions[0]; i++)
        if (strcmp(s, decisions[i].name) == 0) {
            *out = (enum notice_decision)i;
            return 0;
        }
    return mz_fail(err, "bad_decision",
                   "决定类型“%s”无效：应为 approve（准予）、reject（不予）、stop（停发）或 change（变更）",
                   s);
}

const char *notice_decision_name(enum notice_decision d)
{
    return decisions[d].name;
}

const char *notice_decision_word(enum notice_decision d)
{
    return decisions[d].word;
}

void notice_yuan(int64_t fen, char *out, size_t cap)
{
    uint64_t a = fen < 0 ? -(uint64_t)fen : (uint64_t)fen;
    snprintf(out, cap, "%s%" PRIu64 ".%02u", fen < 0 ? "-" : "", a / 100, (unsigned)(a % 100));
}

/* ---- blocks ---- */

static void add(struct notice *n, enum notice_block_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add(struct notice *n, enum notice_block_kind kind, const char *fmt, ...)
{
    if (n->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = mz_malloc((size_t)len + 1);
    if (!text || mz_grow(&n->blocks, &n->cap, n->nblocks + 1, sizeof *n->blocks) < 0) {
        mz_free(text);
        n->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)len + 1, fmt, ap);
    va_end(ap);
    n->blocks[n->nblocks++] = (struct notice_block){kind, text};
}

/* Adds each non-empty line of text[0..len) as a detail block. */
static void add_lines(struct notice *n, const char *text, size_t len)
{
    const char *end = text + len;
    while (text < end) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        size_t l = (size_t)((nl ? nl : end) - text);
        if (l)
            add(n, NB_DETAIL, "%.*s", (int)l, text);
        text += l + 1;
    }
}

/* Adds the criteria that failed: each line "  ✗ …" of the explanation with
 * the lines below it that are indented further (its values and cite).
 * Returns how many it found. */
static int add_failed(struct notice *n, const char *ex)
{
    int found = 0;
    const char *p = ex;
    while (*p) {
        size_t l = strcspn(p, "\n");
        if (strncmp(p, "  ✗ ", strlen("  ✗ ")) == 0) {
            const char *q = p + l + (p[l] == '\n');
            while (strncmp(q, "      ", 6) == 0)
                q += strcspn(q, "\n") + (q[strcspn(q, "\n")] == '\n');
            add_lines(n, p, (size_t)(q - p));
            found++;
            p = q;
        } else {
            p += l + (p[l] == '\n');
        }
    }
    return found;
}

static void cn_date(mz_date d, char out[32])
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    snprintf(out, 32, "%d年%d月%d日", y, m, day);
}

static void cn_month(mz_date d, char out[32])
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    snprintf(out, 32, "%d年%d月", y, m);
}

static int check_facts(const struct notice_facts *f, struct mz_err *err)
{
    const char *const required[] = {f->number,        f->bureau,       f->review_authority,
                                    f->court,         f->hh_no,        f->head_name,
                                    f->head_id_masked, f->program_label, f->policy_version,
                                    f->explanation};
    const char *const names[] = {"决定书编号", "作出决定的机关", "行政复议机关", "人民法院",
                                 "户编号",     "户主姓名",       "户主身份证号（脱敏）",
                                 "项目名称",   "政策版本",       "审核说明"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!required[i] || !*required[i])
            return mz_fail(err, "missing", "决定书缺少%s", names[i]);
    if (strlen(f->head_id_masked) != 18 || !strchr(f->head_id_masked, '*'))
        return mz_fail(err, "unmasked_id",
                       "户主身份证号必须是脱敏形式（如 500105********0014），实为 %zu 个字符且%s含 *",
                       strlen(f->head_id_masked), strchr(f->head_id_masked, '*') ? "" : "不");
    if (f->amount < 0)
        return mz_fail(err, "bad_amount", "月金额不能为负数：%" PRId64 " 分", f->amount);
    if (f->decision == NOTICE_CHANGE && f->payment != NOTICE_MONTHLY)
        return mz_fail(err, "bad_amount", "%s没有月金额，不出具变更决定书",
                       f->payment == NOTICE_ONE_OFF ? "一次性救助" : "该认定类项目");
    if (f->decision == NOTICE_APPROVE && f->payment == NOTICE_ONE_OFF && f->amount == 0)
        return mz_fail(err, "bad_amount", "一次性救助的准予决定书须写明救助金额");
    if (f->decision == NOTICE_CHANGE && f->previous_amount < 0)
        return mz_fail(err, "bad_amount", "变更决定书需要变更前的月金额");
    if (f->decision == NOTICE_CHANGE && f->previous_amount == f->amount)
        return mz_fail(err, "bad_amount", "月金额未变（%" PRId64 " 分），不需要变更决定书",
                       f->amount);
    if (f->effective == MZ_DATE_NONE || f->as_of == MZ_DATE_NONE || f->issued == MZ_DATE_NONE)
        return mz_fail(err, "missing", "决定书缺少生效月份、数据日期或决定日期");
    return 0;
}

/* The paragraph stating the decision, and for a rejection or stop the
 * criteria that failed. */
static int add_decision(struct notice *n, const struct notice_facts *f, struct mz_err *err)
{
    char as_of[32], month[32], amount[24], prev[24] = "", before[64] = "";
    cn_date(f->as_of, as_of);
    cn_month(f->effective, month);
    notice_yuan(f->amount, amount, sizeof amount);
    if (f->previous_amount >= 0 && f->payment == NOTICE_MONTHLY) {
        notice_yuan(f->previous_amount, prev, sizeof prev);
        snprintf(before, sizeof before, "（原月金额%s元）", prev);
    }
    const char *prog = f->program_label;
    switch (f->decision) {
    case NOTICE_APPROVE:
        if (f->payment == NOTICE_ONE_OFF)
            add(n, NB_PARA,
                "经审核，你户截至%s的家庭情况符合%s条件。根据下列条件和依据，本机关决定：给予你户%"
                "s，"
                "一次性发放救助金%s元，于%s发放。",
                as_of, prog, prog, amount, month);
        else if (f->payment == NOTICE_NO_CASH)
            add(n, NB_PARA,
                "经审核，你户截至%s的家庭情况符合%"
                "s条件。根据下列条件和依据，本机关决定：认定你户为%s，"
                "自%s起按规定享受相应的救助帮扶。",
                as_of, prog, prog, month);
        else
            add(n, NB_PARA,
                "经审核，你户截至%s的家庭情况符合%"
                "s条件。根据下列条件和依据，本机关决定：准予你户享受%s，"
                "月金额%s元，自%s起发放。",
                as_of, prog, prog, amount, month);
        return 0;
    case NOTICE_CHANGE:
        add(n, NB_PARA,
            "经复核，你户截至%s的家庭情况发生变化。根据下列条件和依据，本机关决定：自%s起，"
            "你户%s月金额由%s元变更为%s元。",
            as_of, month, prog, prev, amount);
        return 0;
    case NOTICE_REJECT:
        add(n, NB_PARA, "经审核，你户截至%s的家庭情况不符合%s条件。本机关决定：不予%s。不符合的条件如下：",
            as_of, prog, prog);
        break;
    case NOTICE_STOP:
        add(n, NB_PARA,
            "经复核，你户截至%s的家庭情况已不再符合%s条件。本机关决定：自%s起%s你户%s%s。"
            "不符合的条件如下：",
            as_of, prog, month, f->payment == NOTICE_NO_CASH ? "不再认定" : "停发", prog, before);
        break;
    }
    if (add_failed(n, f->explanation) == 0)
        return mz_fail(err, "no_reason", "%s决定书必须写明不符合的条件，但审核说明中没有不成立的条件",
                       notice_decision_word(f->decision));
    return 0;
}

/* Joins the blocks into the plain text. */
static int join(struct notice *n)
{
    size_t len = 1;
    for (size_t i = 0; i < n->nblocks; i++)
        len += strlen(n->blocks[i].text) + 1;
    if (!(n->text = mz_malloc(len)))
        return -1;
    char *p = n->text;
    for (size_t i = 0; i < n->nblocks; i++) {
        size_t l = strlen(n->blocks[i].text);
        memcpy(p, n->blocks[i].text, l);
        p[l] = '\n';
        p += l + 1;
    }
    *p = '\0';
    return 0;
}

struct notice *notice_build(const struct notice_facts *f, struct mz_err *err)
{
    if (check_facts(f, err) < 0)
        return NULL;
    struct notice *n = mz_calloc(1, sizeof *n);
    if (!n) {
        mz_fail(err, "out_of_memory", "内存不足");
        return NULL;
    }
    n->issued = f->issued;
    char issued[32], as_of[32];
    cn_date(f->issued, issued);
    cn_date(f->as_of, as_of);
    add(n, NB_TITLE, "%s", f->bureau);
    add(n, NB_TITLE, "%s%s决定书", notice_decision_word(f->decision), f->program_label);
    add(n, NB_NUMBER, "%s", f->number);
    add(n, NB_LINE, "%s（户编号：%s；户主身份证号：%s）：", f->head_name, f->hh_no,
        f->head_id_masked);
    add(n, NB_HEADING, "一、决定");
    if (add_decision(n, f, err) < 0)
        goto fail;
    add(n, NB_HEADING, "二、审核的条件、所用数值和依据");
    add_lines(n, f->explanation, strlen(f->explanation));
    add(n, NB_HEADING, "三、政策版本和数据时点");
    add(n, NB_PARA,
        "本决定按政策版本 %s（全部政策文件的 SM3 摘要）审核，所用家庭数据截至%s。", f->policy_version,
        as_of);
    add(n, NB_HEADING, "四、救济途径");
    add(n, NB_PARA, NOTICE_APPEAL_TEMPLATE, f->review_authority, f->court);
    add(n, NB_SIGN, "%s", f->bureau);
    add(n, NB_SIGN, "%s", issued);
    add(n, NB_LINE, "本决定书以 SM2 电子签章签发（签名见同名 .sig 文件），可用 mz notice verify 核验。");
    if (n->failed || join(n) < 0 || !(n->number = mz_strdup(f->number)) ||
        !(n->title = mz_strdup(n->blocks[1].text))) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto fail;
    }
    return n;
fail:
    notice_free(n);
    return NULL;
}

struct notice *notice_document(const char *title, const char *number, mz_date issued,
                               const struct notice_block *blocks, size_t nblocks,
                               struct mz_err *err)
{
    if (!title || !*title || !number || !*number || issued == MZ_DATE_NONE) {
        mz_fail(err, "missing_field", "文书缺少标题、编号或日期");
        return NULL;
    }
    struct notice *n = mz_calloc(1, sizeof *n);
    if (!n) {
        mz_fail(err, "out_of_memory", "内存不足");
        return NULL;
    }
    n->issued = issued;
    for (size_t i = 0; i < nblocks; i++)
        add(n, blocks[i].kind, "%s", blocks[i].text);
    if (n->failed || join(n) < 0 || !(n->number = mz_strdup(number)) ||
        !(n->title = mz_strdup(title))) {
        mz_fail(err, "out_of_memory", "内存不足");
        notice_free(n);
        return NULL;
    }
    return n;
}

void notice_free(struct notice *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nblocks; i++)
        mz_free((char *)n->blocks[i].text);
    mz_free(n->blocks);
    mz_free(n->text);
    mz_free(n->number);
    mz_free(n->title);
    mz_free(n);
}

const struct notice_block *notice_blocks(const struct notice *n, size_t *count)
{
    *count = n->nblocks;
    return n->blocks;
}

const char *notice_text(const struct notice *n)
{
    return n->text;
}

const char *notice_number(const struct notice *n)
{
    return n->number;
}

const char *notice_title(const struct notice *n)
{
    return n->title;
}

mz_date notice_issued(const struct notice *n)
{
    return n->issued;
}
