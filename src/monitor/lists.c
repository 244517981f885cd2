/* 政策找人 candidate lists as XLSX (libxlsxwriter). */
#include <string.h>
#include <xlsxwriter.h>

#include "base/mem.h"
#include "io/cell.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "store/monitorstore.h"

static const char *state_label(const char *state)
{
    static const char *const names[][2] = {
        {"open", "待分派"}, {"assigned", "已分派"}, {"verified", "已核实"},
        {"closed", "已办结"}, {"dismissed", "已撤销"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i][0], state) == 0)
            return names[i][1];
    return state;
}

static const char *severity_label(const char *s)
{
    return strcmp(s, "high") == 0 ? "高" : strcmp(s, "medium") == 0 ? "中" : "低";
}

int mon_candidates_xlsx(struct registry *reg, const char *program, const char *division,
                        const char *path, long *rows, struct mz_err *err)
{
    *rows = 0;
    struct db *db = reg_db(reg);
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return mz_fail(err, "xlsx", "无法创建文件 %s", path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "政策找人");
    lxw_format *text = cell_text_format(wb);
    static const char *const head[] = {"预警编号", "责任单位（街道/乡镇）", "户编号", "项目",
                                       "预警", "严重程度", "状态", "产生日期", "办理期限",
                                       "经办人", "依据"};
    enum { NCOLS = sizeof head / sizeof head[0] };
    for (int c = 0; c < NCOLS; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    worksheet_set_column(ws, 0, 9, 16, NULL);
    worksheet_set_column(ws, 10, 10, 80, NULL);
    struct ms_warning *w = mz_malloc(sizeof *w);
    int rc = w ? 0 : mz_fail(err, "out_of_memory", "内存不足");
    static const char *const open_states[] = {"open", "assigned", "verified"};
    for (int s = 0; s < 3 && rc == 0; s++) {
        int64_t *ids;
        size_t n;
        if (ms_warning_ids(db, division, open_states[s], program, "", &ids, &n, err) < 0) {
            rc = -1;
            break;
        }
        for (size_t i = 0; i < n && rc == 0; i++) {
            if (ms_warning_get(db, ids[i], w, err) < 0) {
                rc = -1;
                break;
            }
            lxw_row_t r = (lxw_row_t)(++*rows);
            worksheet_write_number(ws, r, 0, (double)w->id, NULL);
            const char *cells[] = {w->office, w->hh_no, w->program, w->label,
                                   severity_label(w->severity), state_label(w->state),
                                   w->raised_on, w->due, w->assignee, w->evidence};
            for (int c = 0; c < NCOLS - 1; c++)
                cell_write_text(ws, r, (lxw_col_t)(c + 1), cells[c], NULL, text);
        }
        mz_free(ids);
    }
    mz_free(w);
    lxw_error e = workbook_close(wb);
    if (rc == 0 && e != LXW_NO_ERROR)
        rc = mz_fail(err, "xlsx", "写入 %s 失败：%s", path, lxw_strerror(e));
    return rc;
}
