/* Whole files read into memory (policy files, attachments, bank files,
 * notices and their signatures, the OpenAPI document). */
#ifndef MZ_FILE_H
#define MZ_FILE_H

#include <stddef.h>

#include "base/err.h"

/* Reads the file at path into a new buffer: *data (NUL-terminated; the
 * caller mz_frees it) of *len bytes, not counting the NUL. 0, or -1 with
 * err ("io" naming `what` and the path with the system's reason, or
 * "out_of_memory"); *data is then NULL. */
int io_read_file(const char *path, const char *what, char **data, size_t *len,
                 struct mz_err *err);

#endif
