/* Bulk import of registry files (CSV or XLSX, Chinese or English headers):
 * households, persons and facts. By default all or nothing: any bad row
 * aborts the import and nothing is written, with every bad row reported as
 * FILE:LINE: 列 C（身份证号）: reason. With a reject file, bad rows are written
 * there (with a reason column) and the good rows are loaded. Re-importing
 * the same file changes nothing. */
#ifndef MZ_IMPORT_H
#define MZ_IMPORT_H

#include <stdio.h>

#include "base/date.h"
#include "registry/registry.h"

enum import_kind { IMPORT_HOUSEHOLDS, IMPORT_PERSONS, IMPORT_FACTS };

struct import_options {
    enum import_kind kind;
    const char *path;
    const char *reject_path; /* NULL: all or nothing */
    mz_date on; /* the day records are made; memberships start on it unless the row gives
                   入户日期 (MZ_DATE_NONE: persons need that column) */
    FILE *report;            /* where bad rows are described (stderr) */
    int max_reported;        /* stop describing after this many (0 = 50) */
};

struct import_stats {
    long rows, added, updated, unchanged, rejected;
};

/* Parses "households" | "persons" | "facts"; -1 if none. */
int import_kind_parse(const char *s, enum import_kind *kind);

/* Runs the import. Returns 0 when everything was loaded (or, with a reject
 * file, when the good rows were loaded), -1 otherwise; err says why in one
 * line (the rows themselves are described on opts->report). */
int import_run(struct registry *r, const struct import_options *opts, struct import_stats *st,
               struct mz_err *err);

#endif
