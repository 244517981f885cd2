/* An OFD package in memory: named files, zipped (libzip) into the bytes
 * of an .ofd file and unzipped from them. Files keep the order they were
 * added in, and a package zips to the same bytes every time. */
#ifndef MZ_NOTICE_OFDPKG_H
#define MZ_NOTICE_OFDPKG_H

#include <stddef.h>

#include "base/date.h"
#include "base/err.h"

#define OFD_MAX_FILES 200

struct ofd_file {
    char name[96];
    unsigned char *data;
    size_t len;
};

struct ofd_pkg {
    struct ofd_file *files;
    size_t n, cap;
    int failed; /* an add failed (memory): zipping fails */
};

/* Adds a file, taking over data (mz_malloc'd; freed on failure). */
void ofd_pkg_add(struct ofd_pkg *p, const char *name, unsigned char *data, size_t len);
/* The file named name, or NULL. */
const struct ofd_file *ofd_pkg_find(const struct ofd_pkg *p, const char *name);
/* Zips the files, dated `date`: *out (mz_free) of *len bytes. */
int ofd_pkg_zip(const struct ofd_pkg *p, mz_date date, unsigned char **out, size_t *len,
                struct mz_err *err);
/* Unzips an .ofd: fails with "bad_ofd" if it is not a zip, has more than
 * OFD_MAX_FILES files, a name too long or a file over 64 MB. */
int ofd_pkg_unzip(const unsigned char *zip, size_t len, struct ofd_pkg *p, struct mz_err *err);
void ofd_pkg_free(struct ofd_pkg *p);

#endif
