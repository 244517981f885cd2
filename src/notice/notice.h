/* Decision notices (决定书): the written decision a household receives when
 * a program is approved (准予), rejected (不予), stopped (停发) or its amount
 * changed (变更). A notice states the bureau, the household (户编号, the
 * head's name and masked ID number — never the full number), the program,
 * the decision and amount, the effective month, every criterion with the
 * values used and its legal source (the policy engine's explanation), the
 * policy version and as-of date, the right to administrative review or
 * litigation, and its number.
 *
 * A notice is built from plain values (struct notice_facts), so it does not
 * depend on the registry; notice/issue.h gathers those values from it. The
 * built notice is a list of blocks that the PDF renderer (notice/pdf.h)
 * lays out and notice_text joins into plain text. A struct notice owns its
 * blocks and text; free it with notice_free. */
#ifndef MZ_NOTICE_H
#define MZ_NOTICE_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

enum notice_decision { NOTICE_APPROVE, NOTICE_REJECT, NOTICE_STOP, NOTICE_CHANGE };

/* How the program pays: a monthly amount, once (临时救助: 一次性), or not
 * in cash (a recognised status, such as 刚性支出困难家庭: no amount is
 * promised, and there is no 变更 of an amount). */
enum notice_payment { NOTICE_MONTHLY, NOTICE_ONE_OFF, NOTICE_NO_CASH };

/* "approve" "reject" "stop" "change" → 0, or -1 with a message on err. */
int notice_decision_parse(const char *s, enum notice_decision *out, struct mz_err *err);
/* The English name ("approve", …) and the Chinese word (准予, 不予, 停发, 变更). */
const char *notice_decision_name(enum notice_decision d);
const char *notice_decision_word(enum notice_decision d);

/* The right-to-appeal text, a template with two %s: the review authority
 * (行政复议机关) and the court (人民法院). */
#define NOTICE_APPEAL_TEMPLATE                                                                    \
    "如不服本决定，可以自收到本决定书之日起六十日内向%s申请行政复议，"                         \
    "或者自收到本决定书之日起六个月内依法向%s提起行政诉讼。"

/* Everything a notice states. Strings are borrowed for the call. */
struct notice_facts {
    const char *number;           /* 决定书编号, e.g. "渝北民决〔2025〕7号" */
    const char *bureau;           /* the deciding bureau, e.g. "重庆市渝北区民政局" */
    const char *review_authority; /* receives 行政复议, e.g. "重庆市渝北区人民政府" */
    const char *court;            /* receives 行政诉讼, e.g. "重庆市渝北区人民法院" */
    const char *hh_no;            /* 户编号 */
    const char *head_name;        /* 户主姓名 */
    const char *head_id_masked;   /* masked ID number, e.g. "500105********0014" */
    const char *program_label;    /* e.g. "城乡居民最低生活保障" */
    enum notice_decision decision;
    enum notice_payment payment;
    int64_t amount;               /* fen: per month (once for NOTICE_ONE_OFF) granted (approve,
                                     change) */
    int64_t previous_amount;      /* fen per month before (change, stop); < 0 = unknown */
    mz_date effective;            /* first day of the month the decision takes effect */
    mz_date as_of;                /* the day the household's data describe */
    mz_date issued;               /* the date of the notice */
    const char *policy_version;   /* SM3 of the policy sources, 64 hex digits */
    const char *explanation;      /* pol_explanation_text of the program */
};

enum notice_block_kind {
    NB_TITLE,   /* centred, large: bureau and notice name */
    NB_NUMBER,  /* centred: the notice number */
    NB_HEADING, /* a section heading */
    NB_LINE,    /* a line at body size, not indented (the addressee, the seal note) */
    NB_PARA,    /* a paragraph, wrapped, first line indented */
    NB_DETAIL,  /* a line of the explanation, kept as is (leading spaces indent) */
    NB_SIGN     /* right-aligned: bureau and date */
};

struct notice_block {
    enum notice_block_kind kind;
    const char *text;
};

struct notice;

/* Builds the notice. Fails (NULL, message on err) if a required value is
 * missing, the amount is negative, or a rejection's explanation names no
 * failing criterion. */
struct notice *notice_build(const struct notice_facts *f, struct mz_err *err);
void notice_free(struct notice *n);

/* Another signed document of the bureau laid out like a notice — a
 * certificate, a proof (婚姻登记证明) —: its title, number and date, and
 * the blocks the caller composed (copied). The caller frees with
 * notice_free. NULL with a message on err if title, number or date is
 * missing. */
struct notice *notice_document(const char *title, const char *number, mz_date issued,
                               const struct notice_block *blocks, size_t nblocks,
                               struct mz_err *err);

/* The blocks, in reading order; borrowed from n. */
const struct notice_block *notice_blocks(const struct notice *n, size_t *count);
/* The whole notice as plain text, one block a line; borrowed from n. */
const char *notice_text(const struct notice *n);
/* The number and title (e.g. "不予城乡居民最低生活保障决定书"); borrowed. */
const char *notice_number(const struct notice *n);
const char *notice_title(const struct notice *n);
/* The date of the notice. */
mz_date notice_issued(const struct notice *n);

/* Writes fen as yuan with two decimals ("1234.50") into out (cap >= 24). */
void notice_yuan(int64_t fen, char *out, size_t cap);

#endif
