/* XLSX reading through table.h: workbooks written by libxlsxwriter (the
 * library our exports use) and hand-made zips for the odd cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/mem.h"
#include "io/cell.h"
#include "io/table.h"
#include "table_dump.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    char *data = malloc(*n);
    assert_int_equal(fread(data, 1, *n, f), *n);
    fclose(f);
    return data;
}

/* ---- workbooks from libxlsxwriter ------------------------------------------ */

static const char expected_rows[] = "1:姓名|身份证号|出生日期|金额\n"
                                    "2:张三|11010519491231002X|45292|1234.5\n"
                                    "3:李四|||7\n"
                                    "5:王五|a,\"b\"|1|2\n"
                                    "6:赵六|||\n";

static void write_workbook(const char *path, bool constant_memory)
{
    lxw_workbook_options opt = {.constant_memory = constant_memory};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "人员");
    lxw_worksheet *other = workbook_add_worksheet(wb, "其他");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    const char *head[] = {"姓名", "身份证号", "出生日期", "金额"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    worksheet_write_string(ws, 1, 0, "张三", NULL);
    worksheet_write_string(ws, 1, 1, "11010519491231002X", NULL);
    lxw_datetime d = {2024, 1, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 2, &d, date);
    worksheet_write_number(ws, 1, 3, 1234.5, NULL);
    worksheet_write_string(ws, 2, 0, "李四", NULL);
    worksheet_write_number(ws, 2, 3, 7, NULL);
    /* row 4 (index 3) left out */
    worksheet_write_string(ws, 4, 0, "王五", NULL);
    worksheet_write_string(ws, 4, 1, "a,\"b\"", NULL);
    worksheet_write_boolean(ws, 4, 2, 1, NULL);
    worksheet_write_formula_num(ws, 4, 3, "=1+1", NULL, 2);
    worksheet_write_blank(ws, 4, 6, date); /* a formatted empty cell beyond the header */
    worksheet_write_string(ws, 5, 0, "赵六", NULL);
    worksheet_write_string(other, 0, 0, "不应读到", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_workbook(bool constant_memory)
{
    char path[] = "/tmp/test_xlsx_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_workbook(path, constant_memory);

    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open(path, &t, &err), 0);
    assert_string_equal(table_encoding(t), "UTF-8");
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_read(t, &err), 1);
    size_t n;
    const char *raw = table_raw(t, &n);
    assert_int_equal(n, strlen("张三,11010519491231002X,45292,1234.5"));
    assert_memory_equal(raw, "张三,11010519491231002X,45292,1234.5", n);
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_read(t, &err), 1);
    raw = table_raw(t, &n);
    assert_int_equal(n, strlen("王五,\"a,\"\"b\"\"\",1,2"));
    assert_memory_equal(raw, "王五,\"a,\"\"b\"\"\",1,2", n);
    table_close(t);

    assert_int_equal(table_open(path, &t, &err), 0);
    assert_string_equal(dump_table(t), expected_rows);
    assert_true(table_bytes_total(t) > 0);
    assert_int_equal(table_bytes_done(t), table_bytes_total(t));
    table_close(t);

    char *data = slurp(path, &n);
    assert_int_equal(table_open_mem("人员.xlsx", data, n, &t, &err), 0);
    assert_string_equal(dump_table(t), expected_rows);
    table_close(t);
    free(data);
    unlink(path);
}

static void shared_strings_workbook(void **state)
{
    check_workbook(false);
}

static void inline_strings_workbook(void **state)
{
    check_workbook(true);
}

/* ---- hand-made packages --------------------------------------------------- */

static const char workbook_xml[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"B\" sheetId=\"2\" r:id=\"rId7\"/><sheet name=\"A\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";
static const char rels_xml[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"strings.xml\"/></Relationships>";
static const char strings_xml[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>名</t></si><si><r><t>张</t></r><r><t xml:space=\"preserve\">三 </t></r>"
    "<rPh><t>ちょう</t></rPh></si><si/></sst>";

/* Builds an XLSX-like zip of the given members in memory; *n gets its size.
 * The caller frees the result. */
static char *make_zip(const char *const *members, size_t count, size_t *n)
{
    char path[] = "/tmp/test_xlsx_zip_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int code;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &code);
    assert_non_null(z);
    for (size_t i = 0; i < count; i += 2) {
        zip_source_t *s = zip_source_buffer(z, members[i + 1], strlen(members[i + 1]), 0);
        assert_true(zip_file_add(z, members[i], s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    char *data = slurp(path, n);
    unlink(path);
    return data;
}

static const char *dump_zip(const char *sheet_xml)
{
    const char *members[] = {"xl/workbook.xml",     workbook_xml, "xl/_rels/workbook.xml.rels",
                             rels_xml,              "xl/strings.xml", strings_xml,
                             "xl/worksheets/data.xml", sheet_xml};
    size_t n;
    char *data = make_zip(members, 8, &n);
    struct table *t;
    struct mz_err err;
    if (table_open_mem("h.xlsx", data, n, &t, &err) < 0) {
        snprintf(dumped, sizeof dumped, "!%s %s\n", err.code, err.msg);
    } else {
        dump_table(t);
        table_close(t);
    }
    free(data);
    return dumped;
}

#define SHEET(rows)                                                                            \
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"          \
    "<sheetData>" rows "</sheetData></worksheet>"

static void first_sheet_in_workbook_order(void **state)
{
    /* The first <sheet> is rId7, stored as data.xml with an absolute target;
     * shared strings come from the relation, with phonetic runs left out. */
    assert_string_equal(dump_zip(SHEET("<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c>"
                                       "<c r=\"C2\" t=\"s\"><v>1</v></c></row>"
                                       "<row><c t=\"s\"><v>2</v></c><c t=\"inlineStr\"><is><t>i"
                                       "</t></is></c><c t=\"e\"><v>#N/A</v></c></row>")),
                        "2:|名|张三 \n3:|i|#N/A\n");
}

static void bad_cells(void **state)
{
    const char *d = dump_zip(SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\" t=\"s\">"
                                   "<v>9</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>"));
    assert_string_equal(d, "!table_row 1: h.xlsx:1: B列：共享字符串编号“9”不存在\n2:2\n");
    d = dump_zip(SHEET("<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>"
                       "<row r=\"2\"><c><v>3</v></c></row>"));
    assert_string_equal(d, "!table_xlsx 1: h.xlsx:1: 单元格位置“A1”无效或与前面的单元格重复\n");
    d = dump_zip(SHEET("<row r=\"0\"><c><v>1</v></c></row>"));
    assert_non_null(strstr(d, "!table_xlsx"));
    d = dump_zip(SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"));
    assert_non_null(strstr(d, "单元格位置“XFE1”无效"));
    d = dump_zip(SHEET("<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</oops>"));
    /* libxml2 may see the error before handing out the rows in front of it. */
    assert_non_null(strstr(d, "h.xlsx: XLSX 中的 xl/worksheets/data.xml 已损坏：XML 第1行 "
                              "Opening and ending tag mismatch"));
}

static void empty_first_shared_string(void **state)
{
    /* Found by fuzzing: an empty first string before any text was seen. */
    const char *members[] = {"xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels",
                             rels_xml, "xl/strings.xml", "<sst><si/><si><t>a</t></si></sst>",
                             "xl/worksheets/data.xml",
                             SHEET("<row><c t=\"s\"><v>1</v></c><c t=\"s\"><v>0</v></c></row>")};
    size_t n;
    char *data = make_zip(members, 8, &n);
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open_mem("e.xlsx", data, n, &t, &err), 0);
    assert_string_equal(dump_table(t), "1:a\n"); /* trailing empty cell dropped */
    table_close(t);
    free(data);
}

static void not_a_workbook(void **state)
{
    const char *members[] = {"data.csv", "a,b\n"};
    size_t n;
    char *data = make_zip(members, 2, &n);
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open_mem("a.zip", data, n, &t, &err), -1);
    assert_string_equal(err.code, "table_xlsx");
    assert_string_equal(err.msg, "a.zip: 是 ZIP 压缩文件，但不是 Excel 工作簿（缺少 xl/workbook.xml）");
    free(data);

    const char broken[] = "PK\3\4 this is not really a zip";
    assert_int_equal(table_open_mem("b.xlsx", broken, sizeof broken - 1, &t, &err), -1);
    assert_string_equal(err.code, "table_xlsx");
    assert_non_null(strstr(err.msg, "b.xlsx: 无法作为 XLSX 打开"));
}

/* A cell a spreadsheet would run as a formula is written as a string cell
 * formatted as text ("@"), so it stays text even when someone edits it;
 * other text keeps its format. */
static void formula_like_text_stays_text(void **state)
{
    char path[] = "/tmp/test_xlsx_cell_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *text = cell_text_format(wb);
    assert_int_equal(cell_write_text(ws, 0, 0, "=HYPERLINK(\"http://x.example/\",\"点击\")", NULL,
                                     text),
                     LXW_NO_ERROR);
    assert_int_equal(cell_write_text(ws, 0, 1, "张三", NULL, text), LXW_NO_ERROR);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    int code;
    zip_t *z = zip_open(path, ZIP_RDONLY, &code);
    assert_non_null(z);
    char sheet[4096] = "", styles[8192] = "";
    zip_file_t *f = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
    assert_true(zip_fread(f, sheet, sizeof sheet - 1) > 0);
    zip_fclose(f);
    f = zip_fopen(z, "xl/styles.xml", 0);
    assert_true(zip_fread(f, styles, sizeof styles - 1) > 0);
    zip_fclose(f);
    zip_close(z);
    unlink(path);
    assert_non_null(strstr(sheet, "<c r=\"A1\" s=\"1\" t=\"s\">")); /* a string, styled */
    assert_non_null(strstr(sheet, "<c r=\"B1\" t=\"s\">"));           /* a string, plain */
    assert_null(strstr(sheet, "<f>"));                                 /* no formula at all */
    assert_non_null(strstr(styles, "numFmtId=\"49\""));               /* 49 is "@", text */
}

static void out_of_memory(void **state)
{
    const char *members[] = {"xl/workbook.xml",     workbook_xml, "xl/_rels/workbook.xml.rels",
                             rels_xml,              "xl/strings.xml", strings_xml,
                             "xl/worksheets/data.xml",
                             SHEET("<row><c t=\"s\"><v>1</v></c><c r=\"C1\"><v>5</v></c></row>")};
    size_t n;
    char *data = make_zip(members, 8, &n);
    bool ok = false;
    for (long k = 0; k < 100 && !ok; k++) {
        struct table *t;
        struct mz_err err;
        mem_fail_after(k);
        if (table_open_mem("m.xlsx", data, n, &t, &err) < 0) {
            mem_fail_reset();
            assert_string_equal(err.code, "out_of_memory");
            continue;
        }
        dump_table(t);
        mem_fail_reset();
        table_close(t);
        ok = strcmp(dumped, "1:张三 ||5\n") == 0;
        if (!ok)
            assert_non_null(strstr(dumped, "!out_of_memory"));
    }
    assert_true(ok);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_strings_workbook),
        cmocka_unit_test(formula_like_text_stays_text),
        cmocka_unit_test(inline_strings_workbook),
        cmocka_unit_test(first_sheet_in_workbook_order),
        cmocka_unit_test(bad_cells),
        cmocka_unit_test(empty_first_shared_string),
        cmocka_unit_test(not_a_workbook),
        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
