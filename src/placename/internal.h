/* Shared inside src/placename/: preparing a record, the uniqueness check,
 * the audit. */
#ifndef MZ_PLACENAME_INTERNAL_H
#define MZ_PLACENAME_INTERNAL_H

#include "placename/placename.h"

struct pinyin;

/* Name, parts, romanization and search keys of name into p. */
int pn_parts(struct pinyin *py, const char *name, struct placename_row *p);
/* Validates in (art 3, 9, texts, division) and fills p (status given),
 * checking it is unique in its class's scope. */
int pn_prepare(const struct pn_env *env, struct pinyin *py, const struct pn_input *in,
               const char *status, struct placename_row *p, struct mz_err *err);
/* The code prefixes where a name of cls in division must be unique (n 0:
 * anywhere or nowhere, by cls->scope). */
int pn_scope_prefixes(struct db *db, const struct pn_class *cls, const char *division,
                      char (*out)[13], int *n, struct mz_err *err);
/* Refuses p's name if another of its class in scope has the same 专名
 * (duplicate_name) or the same sound (homophone_name, unless a reason). */
int pn_check_unique(struct db *db, struct pinyin *py, const struct pn_class *cls,
                    const struct placename_row *p, const char *homophone_reason,
                    struct mz_err *err);
/* pn_add in the caller's transaction. */
int pn_add_tx(const struct pn_env *env, struct pinyin *py, const struct pn_input *in,
              int64_t *id, struct mz_err *err);
/* Appends an audit entry under reg_actor (in the caller's transaction). */
int pn_audit(const struct pn_env *env, const char *action, const char *entity, int64_t id,
             const char *before, const char *after, struct mz_err *err);

#endif
