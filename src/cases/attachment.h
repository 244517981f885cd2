/* Files on a case (材料): uploaded by the applicant or a caseworker, checked
 * by their first bytes (PDF, JPEG, PNG; at most CASE_ATTACH_MAX bytes),
 * kept sealed by the registry's vault (SM4 + HMAC-SM3) with their SM3, and
 * read back only after the seal and the digest check. Every upload and
 * every download is one transaction with its audit entry (case.attach,
 * case.attach_read). A step that needs material (PF_ATTACH) takes the
 * uploads no step has used yet (case.c). Functions return 0, or -1 with a
 * Chinese message on err. */
#ifndef MZ_CASES_ATTACHMENT_H
#define MZ_CASES_ATTACHMENT_H

#include <stddef.h>
#include <stdint.h>

#include "cases/case.h"

#define CASE_ATTACH_MAX (10 * 1024 * 1024) /* bytes of one file (10 MiB) */
#define CASE_ATTACH_NAME_MAX 100           /* characters of its name */

/* The content type of a file allowed on a case, from its first bytes
 * ("application/pdf", "image/jpeg", "image/png"), or NULL. */
const char *case_attach_type(const void *data, size_t n);

/* Checks a file for case_id: size (code too_large), type by its first
 * bytes and the name's extension agreeing with it (unsupported_type), the
 * name (invalid_value). Exposed for tests; case_attach_add calls it. */
int case_attach_check(const char *name, const void *data, size_t n, const char **mime,
                      struct mz_err *err);

/* Adds the file to case_id for actor (the case must be open: case_closed):
 * sealed, with its SM3, audited. *out gets the stored row. */
int case_attach_add(const struct case_env *env, int64_t case_id, const char *name, const void *data,
                    size_t n, const char *actor, struct attach_row *out, struct mz_err *err);

/* Reads file id of case_id for actor: *data (the caller frees, mz_free), *n
 * and *row; audited. Fails with not_found (no such file on the case, or its
 * content is not kept) or tampered (the seal or the SM3 does not match). */
int case_attach_read(const struct case_env *env, int64_t case_id, int64_t id, const char *actor,
                     struct attach_row *row, char **data, size_t *n, struct mz_err *err);

#endif
