/* XLSX reader behind table.h (first worksheet). */
#include "io/table_impl.h"

int xlsx_reader_open(struct table *t, const char *path, const char *data, size_t n,
                     struct mz_err *err)
{
    return table_fail(t, err, "table_xlsx", 0, "暂不支持 XLSX");
}
