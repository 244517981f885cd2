/* 专项救助 referrals: medical, education, housing and employment
 * assistance follow from a household's 低保 or 特困 status. A refresh
 * refers every household (or member) that qualifies to the department
 * responsible; each department takes its referrals as a file (with the
 * full ID numbers it needs to match them: every export is audited) and
 * answers with a file of its own; the answers are shown on the household
 * (GET /api/v1/households/{id}/overview). Every change is audited.
 * Functions return 0, or -1 with a Chinese message on err. */
#ifndef MZ_REFERRAL_H
#define MZ_REFERRAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"
#include "store/referralstore.h"

struct registry;
struct pol_set;

/* A department and the assistance it gives. */
struct ref_department {
    const char *code;    /* "yibao", "jiaoyu", "zhujian", "renshe" */
    const char *label;   /* 医疗保障部门 … */
    const char *service; /* 医疗救助 … */
};

/* The departments, in a fixed order (static). */
const struct ref_department *ref_departments(size_t *n);
/* The department of code, or NULL. */
const struct ref_department *ref_department(const char *code);

/* Refers, as of day, every household enrolled in 低保 or 特困 on that day:
 * to 医疗救助 (the household), 住房救助 (the household), 教育救助 (each
 * member in school) and 就业救助 (each member of 16–59 registered
 * unemployed or without work). A referral made before is not made again.
 * One transaction, audited (referral.refresh); *added counts the new ones. */
int ref_refresh(struct registry *reg, const struct pol_set *set, mz_date day, const char *actor,
                int64_t *added, struct mz_err *err);

/* One referral as its department receives it. */
struct ref_item {
    const struct referral_row *row;
    const struct ref_department *department;
    const char *name;      /* the person's (household referrals: the head's) */
    const char *id_number; /* in full */
};
/* Hands every referral of department to fn (a non-zero return stops with
 * an error), then marks those not taken before as exported and audits the
 * taking (referral.export, under actor, naming the channel: "文件导出",
 * "接口拉取"). *rows receives the number handed. */
int ref_take(struct registry *reg, const char *department, const char *actor, const char *channel,
             int (*fn)(void *ctx, const struct ref_item *it), void *ctx, int64_t *rows,
             struct mz_err *err);
/* "低保" or "特困人员": the basis as departments read it. */
const char *ref_basis_label(const char *basis);

/* Writes department's referrals to csv_path (UTF-8 with BOM): 转介编号,
 * 救助类别, 户编号, 姓名, 身份证号 (in full), 依据, 事由, 转介日期, 答复;
 * marks those not taken before as exported; audited (referral.export,
 * under actor). *rows receives the number written. */
int ref_export(struct registry *reg, const char *department, const char *csv_path,
               const char *actor, int64_t *rows, struct mz_err *err);

/* Reads the department's answers (CSV or XLSX: 转介编号, 结果 — 已救助,
 * 不符合 or 办理中 — and 说明) and records them, all or nothing: every bad
 * row is written to report as FILE:LINE: reason, and then nothing is
 * stored (code rejected_rows). Audited (referral.answer). */
int ref_answer(struct registry *reg, const char *department, const char *path, const char *actor,
               FILE *report, int64_t *rows, struct mz_err *err);

/* One answer: the referral, 结果 and 说明 (may be NULL), and where it came
 * from (line of a file, position in a request) for messages. */
struct ref_answer_in {
    int64_t id; /* <= 0: not a referral number */
    const char *answer, *note;
    long line;
};
/* Records n answers of department all or nothing (the core of
 * ref_answer, also for answers over HTTP): each bad one is written to
 * report as SOURCE:LINE: reason, and then nothing is stored (code
 * rejected_rows). Audited (referral.answer). */
int ref_answer_rows(struct registry *reg, const char *department, const struct ref_answer_in *in,
                    size_t n, const char *source, const char *actor, FILE *report,
                    struct mz_err *err);

#endif
