/* XLSX reader behind table.h: libzip opens the container, libxml2's
 * streaming reader walks the XML. At open the workbook and its relations
 * name the first worksheet and the shared strings, which are loaded whole;
 * the worksheet itself is streamed row by row. */
#include "io/table_impl.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/mem.h"
#include "io/csv.h"

enum {
    MAX_COLUMNS = 16384, /* XFD, Excel's limit */
    MAX_ROW = 1048576,
};

/* One zip member being parsed. */
struct entry {
    zip_file_t *file;
    xmlTextReaderPtr xml;
    uint64_t bytes; /* uncompressed bytes handed to the parser */
};

struct xlsx {
    zip_t *zip;
    struct entry sheet;
    char sheet_name[256]; /* its member name */
    char xml_error[160]; /* libxml2's last complaint */

    /* Shared strings back to back, each NUL-terminated. */
    char *strings;
    size_t strings_len, strings_cap;
    size_t *string_at;
    size_t nstrings, cap_strings;

    long row;     /* number of the last row read */
    size_t width; /* fields of the first row returned; 0 before it */
    char *raw;    /* CSV rendering of the current row */
    size_t raw_len, raw_cap;
};

/* ---- zip members through libxml2 ------------------------------------------- */

static int entry_read(void *ctx, char *buf, int len)
{
    struct entry *e = ctx;
    zip_int64_t n = zip_fread(e->file, buf, (zip_uint64_t)len);
    if (n < 0)
        return -1;
    e->bytes += (uint64_t)n;
    return (int)n;
}

/* libxml2 reports some errors (encodings, I/O) through its generic handler,
 * which prints to stderr; the reader's handler and return codes already
 * tell us, so these are dropped. */
static void xml_generic_error(void *ctx, const char *msg, ...)
{
}

static void xml_error(void *arg, const char *msg, xmlParserSeverities severity,
                      xmlTextReaderLocatorPtr loc)
{
    struct xlsx *x = arg;
    if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR)
        return;
    snprintf(x->xml_error, sizeof x->xml_error, "XML 第%d行 %s", xmlTextReaderLocatorLineNumber(loc),
             msg);
    x->xml_error[strcspn(x->xml_error, "\n")] = '\0';
}

/* Opens member `name` for parsing: 1 = open, 0 = no such member, -1 = error. */
static int entry_open(struct table *t, struct xlsx *x, const char *name, struct entry *e,
                      struct mz_err *err)
{
    *e = (struct entry){0};
    e->file = zip_fopen(x->zip, name, 0);
    if (!e->file) {
        if (zip_error_code_zip(zip_get_error(x->zip)) == ZIP_ER_NOENT)
            return 0;
        return table_fail(t, err, "table_xlsx", 0, "无法读取 XLSX 中的 %s：%s", name,
                          zip_strerror(x->zip));
    }
    e->xml = xmlReaderForIO(entry_read, NULL, e, name, NULL, XML_PARSE_NONET | XML_PARSE_COMPACT);
    if (!e->xml) {
        zip_fclose(e->file);
        e->file = NULL;
        return table_oom(t, err);
    }
    xmlTextReaderSetErrorHandler(e->xml, xml_error, x);
    return 1;
}

static void entry_close(struct entry *e)
{
    if (e->xml)
        xmlFreeTextReader(e->xml);
    if (e->file)
        zip_fclose(e->file);
    *e = (struct entry){0};
}

/* Advances to the next node: 1, 0 at the end, -1 with err set. */
static int entry_next(struct table *t, struct xlsx *x, struct entry *e, const char *name,
                      struct mz_err *err)
{
    int rc = xmlTextReaderRead(e->xml);
    if (rc < 0)
        return table_fail(t, err, "table_xlsx", 0, "XLSX 中的 %s 已损坏：%s", name,
                          x->xml_error[0] ? x->xml_error : "XML 格式错误或压缩数据损坏");
    return rc;
}

static bool is_element(xmlTextReaderPtr r, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

static bool is_end(xmlTextReaderPtr r, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

/* The value of the attribute with local name `name` (any namespace), or
 * NULL; free with xmlFree. */
static char *attribute(xmlTextReaderPtr r, const char *name)
{
    char *value = NULL;
    if (xmlTextReaderMoveToFirstAttribute(r) != 1)
        return NULL;
    do
        if (strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0) {
            value = (char *)xmlTextReaderValue(r);
            break;
        }
    while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
    return value;
}

/* Appends the text content of the current element to the row being built. */
static int append_text(struct table *t, xmlTextReaderPtr r)
{
    xmlChar *s = xmlTextReaderReadString(r);
    int rc = s ? table_row_append(t, s, strlen((const char *)s)) : 0;
    xmlFree(s);
    return rc;
}

/* ---- workbook: where the first sheet and the shared strings are ------------ */

/* Writes the zip member named by a relationship target (relative to xl/). */
static void member_path(const char *target, char *out, size_t n)
{
    if (target[0] == '/')
        snprintf(out, n, "%s", target + 1);
    else
        snprintf(out, n, "xl/%s", target);
}

static int find_parts(struct table *t, struct xlsx *x, char *sheet, char *strings, size_t n,
                      struct mz_err *err)
{
    struct entry e;
    char *sheet_id = NULL;
    int rc = entry_open(t, x, "xl/workbook.xml", &e, err);
    if (rc == 0)
        return table_fail(t, err, "table_xlsx", 0,
                          "是 ZIP 压缩文件，但不是 Excel 工作簿（缺少 xl/workbook.xml）");
    while (rc > 0 && (rc = entry_next(t, x, &e, "xl/workbook.xml", err)) > 0)
        if (is_element(e.xml, "sheet")) {
            sheet_id = attribute(e.xml, "id");
            break;
        }
    entry_close(&e);
    if (rc < 0)
        goto out_free_id;
    if (!sheet_id) {
        rc = table_fail(t, err, "table_xlsx", 0, "工作簿中没有工作表");
        goto out_free_id;
    }
    snprintf(sheet, n, "xl/worksheets/sheet1.xml");
    snprintf(strings, n, "xl/sharedStrings.xml");
    rc = entry_open(t, x, "xl/_rels/workbook.xml.rels", &e, err);
    while (rc > 0 && (rc = entry_next(t, x, &e, "xl/_rels/workbook.xml.rels", err)) > 0) {
        if (!is_element(e.xml, "Relationship"))
            continue;
        char *id = attribute(e.xml, "Id"), *type = attribute(e.xml, "Type");
        char *target = attribute(e.xml, "Target");
        if (id && target && strcmp(id, sheet_id) == 0)
            member_path(target, sheet, n);
        size_t tl = type ? strlen(type) : 0;
        if (target && tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0)
            member_path(target, strings, n);
        xmlFree(id);
        xmlFree(type);
        xmlFree(target);
    }
    entry_close(&e);
out_free_id:
    xmlFree(sheet_id);
    return rc < 0 ? -1 : 0;
}

static int load_strings(struct table *t, struct xlsx *x, const char *name, struct mz_err *err)
{
    struct entry e;
    int rc = entry_open(t, x, name, &e, err);
    bool in_phonetic = false; /* <rPh>: furigana, not part of the text */
    while (rc > 0 && (rc = entry_next(t, x, &e, name, err)) > 0) {
        xmlTextReaderPtr r = e.xml;
        if (is_element(r, "si")) {
            table_row_reset(t);
            if (!xmlTextReaderIsEmptyElement(r))
                continue;
        } else if (is_element(r, "rPh")) {
            in_phonetic = !xmlTextReaderIsEmptyElement(r);
            continue;
        } else if (is_end(r, "rPh")) {
            in_phonetic = false;
            continue;
        } else if (is_element(r, "t") && !in_phonetic) {
            if (append_text(t, r) < 0)
                goto out_oom;
            continue;
        } else if (!is_end(r, "si")) {
            continue;
        }
        /* the end of a string: move it from the row buffer to the table */
        size_t need = x->strings_len + t->len + 1;
        if (mz_grow(&x->strings, &x->strings_cap, need, 1) < 0 ||
            mz_grow(&x->string_at, &x->cap_strings, x->nstrings + 1, sizeof *x->string_at) < 0)
            goto out_oom;
        x->string_at[x->nstrings++] = x->strings_len;
        if (t->len > 0)
            memcpy(x->strings + x->strings_len, t->buf, t->len);
        x->strings_len += t->len;
        x->strings[x->strings_len++] = '\0';
    }
    entry_close(&e);
    table_row_reset(t);
    return rc < 0 ? -1 : 0;
out_oom:
    entry_close(&e);
    return table_oom(t, err);
}

/* ---- the worksheet ------------------------------------------------------------ */

/* Column index of a cell reference like "AB12"; -1 if malformed. */
static long ref_column(const char *ref)
{
    long col = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z' && p - ref < 3; p++)
        col = col * 26 + (*p - 'A' + 1);
    if (p == ref || col > MAX_COLUMNS || *p < '1' || *p > '9')
        return -1;
    return col - 1;
}

/* Parses a positive decimal number up to max; -1 if it is not one. */
static long parse_number(const char *s, long max)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return -1;
    long v = strtol(s, &end, 10);
    return *end || v > max ? -1 : v;
}

/* Reads the <c> element the reader is on into the next field(s). */
static int read_cell(struct table *t, struct xlsx *x, long row, struct mz_err *err)
{
    xmlTextReaderPtr r = x->sheet.xml;
    char *ref = attribute(r, "r"), *type = attribute(r, "t"), *value = NULL;
    char colname[8];
    int rc = 0;
    long col = ref ? ref_column(ref) : (long)t->nfields;
    if (col < 0 || col < (long)t->nfields) {
        rc = table_fail(t, err, "table_xlsx", row, "单元格位置“%s”无效或与前面的单元格重复",
                        ref ? ref : "");
        goto out_free;
    }
    if (col >= MAX_COLUMNS) {
        rc = table_fail(t, err, "table_xlsx", row, "超过 Excel 的最大列数 %d", MAX_COLUMNS);
        goto out_free;
    }
    while ((long)t->nfields < col)
        if (table_row_end_field(t) < 0)
            goto out_oom;
    bool is_inline = type && strcmp(type, "inlineStr") == 0, in_phonetic = false;
    if (!xmlTextReaderIsEmptyElement(r)) {
        int depth = xmlTextReaderDepth(r);
        while ((rc = entry_next(t, x, &x->sheet, x->sheet_name, err)) > 0) {
            if (xmlTextReaderDepth(r) == depth)
                break; /* </c> */
            if (is_element(r, "v")) {
                xmlFree(value);
                value = (char *)xmlTextReaderReadString(r);
            } else if (is_element(r, "rPh")) {
                in_phonetic = !xmlTextReaderIsEmptyElement(r);
            } else if (is_end(r, "rPh")) {
                in_phonetic = false;
            } else if (is_inline && !in_phonetic && is_element(r, "t") && append_text(t, r) < 0) {
                goto out_oom;
            }
        }
        if (rc <= 0) {
            if (rc == 0)
                rc = table_fail(t, err, "table_xlsx", row, "工作表在单元格中间结束");
            goto out_free;
        }
        rc = 0;
    }
    if (type && strcmp(type, "s") == 0) {
        long i = value ? parse_number(value, (long)x->nstrings - 1) : -1;
        if (i < 0) {
            table_column_name((size_t)col, colname);
            rc = table_fail(t, err, "table_row", row, "%s列：共享字符串编号“%s”不存在", colname,
                            value ? value : "");
            goto out_free;
        }
        const char *s = x->strings + x->string_at[i];
        if (table_row_append(t, s, strlen(s)) < 0)
            goto out_oom;
    } else if (!is_inline && value && table_row_append(t, value, strlen(value)) < 0) {
        goto out_oom;
    }
    if (table_row_end_field(t) < 0)
        goto out_oom;
out_free:
    xmlFree(ref);
    xmlFree(type);
    xmlFree(value);
    return rc;
out_oom:
    rc = table_oom(t, err);
    goto out_free;
}

/* Shapes a complete row like the first one (see table.h) and renders it as
 * CSV for table_raw. */
static int finish_row(struct table *t, struct xlsx *x)
{
    while (t->nfields > x->width && t->nfields > 1 && table_field_len(t, t->nfields - 1) == 0)
        t->len = t->ends[--t->nfields - 1];
    if (x->width == 0)
        x->width = t->nfields;
    while (t->nfields < x->width)
        if (table_row_end_field(t) < 0)
            return -1;
    x->raw_len = 0;
    for (size_t i = 0; i < t->nfields; i++) {
        const char *s = table_field(t, i);
        size_t n = table_field_len(t, i);
        if (mz_grow(&x->raw, &x->raw_cap, x->raw_len + 2 * n + 4, 1) < 0)
            return -1;
        char *out = x->raw + x->raw_len;
        if (i > 0)
            *out++ = ',';
        bool quote = csv_needs_quotes(s, n);
        if (quote)
            *out++ = '"';
        for (size_t k = 0; k < n; k++) {
            if (s[k] == '"')
                *out++ = '"';
            *out++ = s[k];
        }
        if (quote)
            *out++ = '"';
        x->raw_len = (size_t)(out - x->raw);
    }
    t->raw = x->raw;
    t->raw_len = x->raw_len;
    return 0;
}

static int xlsx_read(struct table *t, struct mz_err *err)
{
    struct xlsx *x = t->impl;
    xmlTextReaderPtr r = x->sheet.xml;
    long row = 0; /* the row being read, 0 between rows */
    int rc;
    while ((rc = entry_next(t, x, &x->sheet, x->sheet_name, err)) > 0) {
        /* the directory's size may understate a damaged member */
        t->done = x->sheet.bytes < t->total ? x->sheet.bytes : t->total;
        if (row == 0 && is_element(r, "row")) {
            char *num = attribute(r, "r");
            row = num ? parse_number(num, MAX_ROW) : x->row + 1;
            xmlFree(num);
            if (row <= 0)
                return table_fail(t, err, "table_xlsx", x->row + 1, "行号无效");
            x->row = row;
            table_row_reset(t);
            t->raw = NULL;
            t->raw_len = 0;
            if (xmlTextReaderIsEmptyElement(r))
                row = 0;
        } else if (row && is_element(r, "c")) {
            if ((rc = read_cell(t, x, row, err)) < 0) {
                t->line = row;
                return -1;
            }
        } else if (row && is_end(r, "row")) {
            if (t->nfields > 0) {
                t->line = row;
                return finish_row(t, x) < 0 ? table_oom(t, err) : 1;
            }
            row = 0;
        }
    }
    return rc;
}

static void xlsx_close(void *impl)
{
    struct xlsx *x = impl;
    if (!x)
        return;
    entry_close(&x->sheet);
    if (x->zip)
        zip_discard(x->zip);
    mz_free(x->strings);
    mz_free(x->string_at);
    mz_free(x->raw);
    mz_free(x);
}

static const struct table_ops xlsx_ops = {xlsx_read, xlsx_close};

int xlsx_reader_open(struct table *t, const char *path, const char *data, size_t n,
                     struct mz_err *err)
{
    struct xlsx *x = mz_calloc(1, sizeof *x);
    if (!x)
        return table_oom(t, err);
    t->ops = &xlsx_ops;
    t->impl = x;
    t->encoding = "UTF-8";
    xmlSetGenericErrorFunc(NULL, xml_generic_error);
    zip_error_t zerr;
    zip_error_init(&zerr);
    if (path) {
        int code = 0;
        x->zip = zip_open(path, ZIP_RDONLY, &code);
        zip_error_init_with_code(&zerr, code);
    } else {
        zip_source_t *src = zip_source_buffer_create(data, n, 0, &zerr);
        if (src && !(x->zip = zip_open_from_source(src, ZIP_RDONLY, &zerr)))
            zip_source_free(src);
    }
    if (!x->zip) {
        table_fail(t, err, "table_xlsx", 0, "无法作为 XLSX 打开：%s", zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        return -1;
    }
    zip_error_fini(&zerr);

    char *sheet = x->sheet_name, strings[sizeof x->sheet_name];
    if (find_parts(t, x, sheet, strings, sizeof strings, err) < 0 ||
        load_strings(t, x, strings, err) < 0)
        return -1;
    zip_stat_t st;
    if (zip_stat(x->zip, sheet, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
        t->total = st.size;
    int rc = entry_open(t, x, sheet, &x->sheet, err);
    if (rc == 0)
        return table_fail(t, err, "table_xlsx", 0, "XLSX 中缺少第一个工作表 %s", sheet);
    return rc < 0 ? -1 : 0;
}
