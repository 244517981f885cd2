/* Tables in API answers, and their export: a route that answers with
 * tables ({"tables": [{"title", "columns": [{"key", "label"}], "rows"}]})
 * sends them as JSON, or with ?format=xlsx as an Excel workbook, one sheet
 * per table (libxlsxwriter 1.1 writes only to files: a temporary file is
 * written, read back and removed). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/mem.h"
#include "io/cell.h"
#include "io/file.h"
#include "http/handlers.h"
#include "http/json.h"

json_t *http_table(const char *title, const char *const *columns, json_t *rows)
{
    json_t *cols = json_array();
    for (size_t i = 0; columns[i]; i += 2)
        json_array_append_new(cols, json_pack("{s:s, s:s}", "key", columns[i], "label",
                                              columns[i + 1]));
    return json_pack("{s:s, s:o, s:o}", "title", title, "columns", cols, "rows", rows);
}

/* One table as a sheet: a bold header row, numbers as numbers. */
static void write_sheet(lxw_workbook *wb, json_t *table, size_t index, lxw_format *bold,
                        lxw_format *text)
{
    char name[32];
    /* Sheet names: at most 31 characters, unique; the title may be longer. */
    snprintf(name, sizeof name, "表%zu", index + 1);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    json_t *cols = json_object_get(table, "columns"), *rows = json_object_get(table, "rows"), *c;
    size_t i, r;
    worksheet_write_string(ws, 0, 0, json_string_value(json_object_get(table, "title")), bold);
    json_array_foreach(cols, i, c)
    {
        worksheet_write_string(ws, 1, (lxw_col_t)i, json_string_value(json_object_get(c, "label")),
                               bold);
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, 16, NULL);
    }
    json_t *row;
    json_array_foreach(rows, r, row)
    {
        json_array_foreach(cols, i, c)
        {
            json_t *v = json_object_get(row, json_string_value(json_object_get(c, "key")));
            lxw_row_t at = (lxw_row_t)(r + 2);
            if (json_is_number(v))
                worksheet_write_number(ws, at, (lxw_col_t)i, json_number_value(v), NULL);
            else if (json_is_string(v))
                cell_write_text(ws, at, (lxw_col_t)i, json_string_value(v), NULL, text);
            else if (json_is_boolean(v))
                worksheet_write_string(ws, at, (lxw_col_t)i, json_is_true(v) ? "是" : "否", NULL);
        }
    }
}

int http_temp_file(char *path, size_t cap, struct mz_err *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, cap, "%s/mz-download-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return mz_fail(err, "io", "无法建立临时文件：%s", strerror(errno));
    close(fd);
    return 0;
}

int http_send_file(struct http_resp *resp, const char *path, const char *type,
                   const char *filename, struct mz_err *err)
{
    if (io_read_file(path, "下载文件", &resp->body, &resp->len, err) < 0)
        return -1;
    resp->status = 200;
    resp->type = type;
    snprintf(resp->disposition, sizeof resp->disposition, "attachment; filename=\"%s\"",
             filename);
    return 0;
}

static int send_xlsx(struct http_resp *resp, json_t *tables, const char *filename)
{
    char path[512];
    struct mz_err err = {0};
    if (http_temp_file(path, sizeof path, &err) < 0)
        return -1;
    lxw_workbook *wb = workbook_new(path);
    int rc = -1;
    if (wb) {
        lxw_format *bold = workbook_add_format(wb), *text = cell_text_format(wb);
        format_set_bold(bold);
        json_t *t;
        size_t i;
        json_array_foreach(tables, i, t) write_sheet(wb, t, i, bold, text);
        if (workbook_close(wb) == LXW_NO_ERROR)
            rc = http_send_file(resp, path, HTTP_XLSX_TYPE, filename, &err);
    }
    unlink(path);
    return rc;
}

void http_send_tables(const struct http_req *req, struct http_resp *resp, json_t *obj,
                      const char *filename)
{
    const char *format = http_query(req, "format");
    if (!format || strcmp(format, "json") == 0) {
        http_send_json(resp, 200, obj);
        return;
    }
    if (strcmp(format, "xlsx") != 0) {
        json_decref(obj);
        http_problem(resp, 400, "invalid_parameter", "参数 format 应为 json 或 xlsx", "format");
        return;
    }
    if (!obj || send_xlsx(resp, json_object_get(obj, "tables"), filename) < 0) {
        fprintf(stderr, "mz serve: xlsx export failed: %s\n", strerror(errno));
        http_problem(resp, 500, "internal", "生成 Excel 文件失败，请联系管理员", NULL);
    }
    json_decref(obj);
}
