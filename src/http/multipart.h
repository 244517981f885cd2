/* multipart/form-data request bodies (RFC 7578), as a browser's form or
 * `curl -F file=@x.pdf` sends a file: the boundary from the Content-Type,
 * then the part of one field with its file name and content, borrowed
 * from the body. Nothing is copied; anything malformed is refused. */
#ifndef MZ_HTTP_MULTIPART_H
#define MZ_HTTP_MULTIPART_H

#include <stddef.h>

#include "base/err.h"

/* Finds the part named field in body[0..len) of content type ctype: its
 * filename (cap bytes, "" if the part has none) and *data, *n. Fails
 * with unsupported_media_type (not multipart/form-data, or no boundary),
 * malformed_multipart, or missing_field (no such part). */
int multipart_file(const char *ctype, const char *body, size_t len, const char *field,
                   char *filename, size_t cap, const char **data, size_t *n, struct mz_err *err);

#endif
