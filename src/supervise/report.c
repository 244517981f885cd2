/* The integrity report for 纪检 (summary.h): the summary's tables as an
 * Excel workbook with a cover sheet, one sheet a table, Chinese headers,
 * every value as a person reads it (libxlsxwriter). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "audit/audit.h"
#include "io/cell.h"
#include "registry/registry.h"
#include "supervise/spotcheck.h"
#include "supervise/summary.h"

struct book {
    lxw_workbook *wb;
    lxw_format *bold, *text, *wrap;
};

/* One column: the row's key and its header; width in characters. */
struct column {
    const char *key, *label;
    int width;
};

/* A finding's handling as lines: "2026-12-03 10:00 zhang 核实". */
static void handling_text(json_t *steps, char *out, size_t cap)
{
    size_t len = 0, i;
    json_t *s;
    out[0] = '\0';
    json_array_foreach(steps, i, s)
    {
        const char *at = json_string_value(json_object_get(s, "at"));
        len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s%.10s %.5s %s %s",
                                i ? "\n" : "", at, at + (strlen(at) > 11 ? 11 : strlen(at)),
                                json_string_value(json_object_get(s, "by")),
                                json_string_value(json_object_get(s, "step")));
        if (len >= cap)
            break;
    }
}

/* A sheet: title in row 1, headers in row 2, a row per element of rows. */
static void write_table(struct book *b, const char *name, const char *title,
                        const struct column *cols, json_t *rows)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    worksheet_write_string(ws, 0, 0, title, b->bold);
    for (lxw_col_t c = 0; cols[c].key; c++) {
        worksheet_write_string(ws, 1, c, cols[c].label, b->bold);
        worksheet_set_column(ws, c, c, cols[c].width, cols[c].width > 30 ? b->wrap : NULL);
    }
    if (!json_array_size(rows))
        worksheet_write_string(ws, 2, 0, "（本期间无）", NULL);
    size_t r;
    json_t *row;
    json_array_foreach(rows, r, row)
    {
        lxw_row_t at = (lxw_row_t)(r + 2);
        for (lxw_col_t c = 0; cols[c].key; c++) {
            json_t *v = json_object_get(row, cols[c].key);
            char text[4096];
            if (json_is_number(v)) {
                worksheet_write_number(ws, at, c, json_number_value(v), NULL);
            } else if (json_is_string(v)) {
                cell_write_text(ws, at, c, json_string_value(v), NULL, b->text);
            } else if (json_is_boolean(v)) {
                worksheet_write_string(ws, at, c, json_is_true(v) ? "是" : "否", NULL);
            } else if (json_is_array(v)) {
                handling_text(v, text, sizeof text);
                cell_write_text(ws, at, c, text, b->wrap, b->text);
            }
        }
    }
}

#define TALLY_COLUMNS                                                                              \
    {"raised", "发现（条）", 10}, {"open", "待处理", 10}, {"confirmed", "已核实", 10},             \
        {"dismissed", "已撤销", 10}, {"resolved", "已办结或撤销", 12},                              \
        {"median_days", "处理用时中位数（天）", 18}, {"slowest_days", "最长用时（天）", 14}
#define FINDING_COLUMNS                                                                            \
    {"id", "预警编号", 10}, {"label", "异常规则", 30}, {"county_name", "区县", 14},               \
        {"household", "户编号", 24}, {"state_label", "状态", 10}, {"raised_on", "发现日期", 12},  \
        {"resolved_on", "办结或撤销日期", 14}, {"evidence", "证据", 60},                          \
        {"outcome", "核实情况与办理结果", 40}, {"reason", "撤销理由", 40},                        \
        {"handling", "办理经过（时间、经办人、操作）", 40}

static void write_tables(struct book *b, json_t *s)
{
    static const struct column rules[] = {{"label", "异常规则", 36}, TALLY_COLUMNS, {0}},
                               counties[] = {{"county_name", "区县", 16}, TALLY_COLUMNS, {0}},
                               findings[] = {FINDING_COLUMNS, {0}},
                               kin[] = {{"household", "户编号", 24},
                                        {"county_name", "区县", 14},
                                        {"programs", "在享项目", 30},
                                        {"members", "工作人员或其近亲属（人）", 22},
                                        {"filed_label", "近亲属备案", 16},
                                        {0}},
                               spots[] = {{"id", "抽查号", 8},
                                          {"program_label", "项目", 24},
                                          {"division_name", "区划", 16},
                                          {"share", "抽查比例（%）", 12},
                                          {"seed", "随机种子", 20},
                                          {"as_of", "在册日期", 12},
                                          {"population", "在册户数", 10},
                                          {"sample", "抽中户数", 10},
                                          {"passed", "合格", 8},
                                          {"failed", "不合格", 8},
                                          {"unchecked", "未核查", 8},
                                          {"pending", "未录入结果", 10},
                                          {"drawn_by", "抽取人", 14},
                                          {"drawn_at", "抽取日期", 12},
                                          {0}};
    write_table(b, "按规则", "异常发现：按规则（发现、处理与用时）", rules,
                json_object_get(s, "rules"));
    write_table(b, "按区县", "异常发现：按区县（发现、处理与用时）", counties,
                json_object_get(s, "counties"));
    write_table(b, "核实与撤销", "已核实或已撤销的异常发现：证据与办理经过", findings,
                json_object_get(s, "findings"));
    write_table(b, "违背评估与一人办理", "违背系统评估准予、同一人办理受理调查与审核确认",
                findings, json_object_get(s, "against"));
    write_table(b, "近亲属享受待遇",
                "在册工作人员、村（居）委会成员及其近亲属所在家庭享受待遇（按近亲属备案与否）", kin,
                json_object_get(s, "staff_relatives"));
    write_table(b, "随机抽查", "随机抽查及结果", spots, json_object_get(s, "spot_checks"));
}

/* ---- spot-check items --------------------------------------------------- */

struct items_ctx {
    struct book *b;
    lxw_worksheet *ws;
    lxw_row_t row;
    int64_t check;
};

static int write_item(void *ctx, const struct spot_item *it)
{
    struct items_ctx *x = ctx;
    char by[96] = "";
    if (*it->checked_by)
        sup_actor_label(it->checked_by, by, sizeof by);
    lxw_row_t r = ++x->row;
    worksheet_write_number(x->ws, r, 0, (double)x->check, NULL);
    char at[17] = "";
    if (strlen(it->checked_at) >= 16)
        snprintf(at, sizeof at, "%.10s %.5s", it->checked_at, it->checked_at + 11);
    const char *cells[] = {it->hh_no, *it->result ? it->result : "未录入", it->note, by, at};
    for (int c = 0; c < 5; c++)
        cell_write_text(x->ws, r, (lxw_col_t)(c + 1), cells[c], NULL, x->b->text);
    return 0;
}

static int write_items(struct book *b, struct registry *r, json_t *spots, struct mz_err *err)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "抽查结果明细");
    static const char *const head[] = {"抽查号", "户编号", "核查结果", "说明", "核查人",
                                       "录入时间（UTC）"};
    worksheet_write_string(ws, 0, 0, "随机抽查：每户核查结果", b->bold);
    for (lxw_col_t c = 0; c < 6; c++) {
        worksheet_write_string(ws, 1, c, head[c], b->bold);
        worksheet_set_column(ws, c, c, c == 3 ? 40 : 18, NULL);
    }
    struct items_ctx x = {b, ws, 1, 0};
    size_t i;
    json_t *s;
    json_array_foreach(spots, i, s)
    {
        x.check = json_integer_value(json_object_get(s, "id"));
        if (spotcheck_items(r, x.check, write_item, &x, err) != 0)
            return -1;
    }
    return 0;
}

/* ---- the cover ---------------------------------------------------------- */

/* The audit chain's verification, as sentences. */
static void audit_lines(struct registry *r, const struct sup_audit *a, char *result,
                        char *checkpoint, size_t cap)
{
    struct audit_report rep;
    struct audit_checkpoint cp;
    struct mz_err err = {0};
    int found;
    if (audit_verify_all(reg_db(r), reg_vault(r), a->checkpoint, a->pubkey, &rep, &cp, &found,
                         &err) < 0) {
        snprintf(result, cap, "校验失败：%.500s", err.msg);
        snprintf(checkpoint, cap, "—");
        return;
    }
    snprintf(result, cap, "完整：已校验 %" PRId64 " 条审计记录，链头 %s%s", rep.entries, rep.head,
             rep.purged ? "（早期记录已按保存期限归档清理）" : "");
    if (found)
        snprintf(checkpoint, cap, "与签名检查点一致：%.10s %.8s（UTC）时的 %" PRId64 " 条，链头 %s",
                 cp.at, cp.at + 11, cp.entries, cp.head);
    else
        snprintf(checkpoint, cap, "没有可读的签名检查点：日志被清空或末尾被截断无法由本报告发现");
}

static void write_cover(struct book *b, struct registry *r, const struct sup_query *q,
                        const char *scope_name, const struct sup_audit *a, const char *actor)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "封面");
    worksheet_set_column(ws, 0, 0, 20, b->bold);
    worksheet_set_column(ws, 1, 1, 100, b->wrap);
    char period[64], produced[64], by[96], result[640], checkpoint[640];
    snprintf(period, sizeof period, "%s 至 %s", q->from, q->to);
    time_t now = time(NULL) + 8 * 3600; /* Asia/Shanghai has no daylight saving */
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(produced, sizeof produced, "%Y-%m-%d %H:%M（北京时间）", &tm);
    sup_actor_label(actor, by, sizeof by);
    audit_lines(r, a, result, checkpoint, sizeof result);
    const char *rows[][2] = {
        {"报告", "民政监督廉政报告（供纪检监察查阅）"},
        {"范围", scope_name},
        {"期间", period},
        {"生成时间", produced},
        {"生成人", by},
        {"审计日志校验", result},
        {"签名检查点", checkpoint},
        {"说明", "异常发现由政策文件中的监督规则在全市复核和数据推送时产生，交区县监督办公室核查；"
                 "“已核实”为经核查属实，“已撤销”附撤销理由。处理用时为发现至办结或撤销的自然日。"
                 "近亲属指在册工作人员、村（居）委会成员本人及其父母、子女、兄弟姐妹。"},
    };
    for (lxw_row_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        worksheet_write_string(ws, i, 0, rows[i][0], b->bold);
        cell_write_text(ws, i, 1, rows[i][1], b->wrap, b->text);
    }
}

int sup_report(struct registry *r, const struct pol_set *set, const struct sup_query *q,
               const char *scope_name, const struct sup_audit *audit, const char *actor,
               const char *path, struct mz_err *err)
{
    json_t *s = sup_summary(r, set, q, true, err);
    if (!s)
        return -1;
    struct book b = {workbook_new(path), NULL, NULL, NULL};
    int rc = b.wb ? 0 : mz_fail(err, "io", "无法创建文件 %s", path);
    if (rc == 0) {
        b.bold = workbook_add_format(b.wb);
        format_set_bold(b.bold);
        b.wrap = workbook_add_format(b.wb);
        format_set_text_wrap(b.wrap);
        format_set_align(b.wrap, LXW_ALIGN_VERTICAL_TOP);
        b.text = cell_text_format(b.wb);
        write_cover(&b, r, q, scope_name, audit, actor);
        write_tables(&b, s);
        rc = write_items(&b, r, json_object_get(s, "spot_checks"), err);
        lxw_error e = workbook_close(b.wb);
        if (rc == 0 && e != LXW_NO_ERROR)
            rc = mz_fail(err, "io", "写入 %s 失败：%s", path, lxw_strerror(e));
    }
    json_decref(s);
    struct db *db = reg_db(r);
    if (rc == 0 && db_begin(db, err) == 0) {
        char detail[160];
        snprintf(detail, sizeof detail, "廉政报告 %s %s 至 %s", scope_name, q->from, q->to);
        struct audit_event ev = {actor, "supervise.report", "report", q->scope[0], NULL, NULL,
                                 detail};
        rc = audit_append(db, reg_vault(r), &ev, err) < 0 ? -1 : db_commit(db, err);
        if (rc < 0)
            db_rollback(db);
    } else if (rc == 0) {
        rc = -1;
    }
    if (rc < 0)
        remove(path);
    return rc;
}
