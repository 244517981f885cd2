/* Place names (地名): the gazetteer and the naming and renaming cases, after
 * 地名管理条例 (2022-05-01). A standard name is 专名 + 通名 (art 9), romanized
 * by GB/T 16159 (art 15, registry/pinyin.h), checked for duplicates and
 * homophones within the scope art 9 (7)(8) sets for its class, and found
 * by characters, pinyin or initials. A naming or renaming case goes
 * applied → approved (the approving body of art 12 and its document) →
 * done once it is filed with the level above (art 13) and announced (art
 * 14), each within the days of policies/chongqing/placename.pol from the
 * approval (the announcement of a name a department approved: from the
 * filing); a late step is recorded, not refused (art 35 is the upper
 * level's business). Every change is audited in its transaction.
 * Refusals name the article: code and field on err. */
#ifndef MZ_PLACENAME_H
#define MZ_PLACENAME_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/placestore.h"

struct registry;
struct pol_set;
struct cal;

struct pn_env {
    struct registry *reg;
    const struct pol_set *policies;
    const struct cal *cal;
};

/* Where a name must not repeat (art 9 (7)(8)). */
enum pn_scope { PN_SCOPE_NONE, PN_SCOPE_COUNTRY, PN_SCOPE_PROVINCE, PN_SCOPE_COUNTY };

/* A class of place names (art 3), who approves it (art 12) and where its
 * name must be unique. */
struct pn_class {
    const char *name, *label, *approver;
    enum pn_scope scope;
    const char *rule;  /* the article that sets the scope, "" if none */
    int div_level;     /* divisions of this level also hold such names, 0 none */
    bool by_department; /* approved by a department, not a government: announced
                           within the days after filing, not after approval (art 14) */
};
const struct pn_class *pn_class_find(const char *name);
int pn_class_count(void);
const struct pn_class *pn_class_at(int i);
/* "standard" → "标准地名", …; the status itself if unknown. */
const char *pn_status_label(const char *status);
const char *pn_case_state_label(const char *state);

struct pn_input {
    const char *name, *class_, *division;
    bool located;
    double lon, lat; /* CGCS2000 degrees */
    const char *meaning, *history, *named_on, *approved_by, *document;
    const char *culture, *products; /* 乡村著名行动: local culture and products */
    const char *homophone_reason;   /* why a homophone is kept (art 9 says avoid) */
};

/* Records a standard name already approved (the census, a division's
 * name), after the checks a new name passes; sets *id. */
int pn_add(const struct pn_env *env, const struct pn_input *in, int64_t *id,
           struct mz_err *err);

/* Loads standard names from a CSV or XLSX file (headers, Chinese or
 * English: 标准名称/name, 类别/class, 所在区划/division, 经度/lon, 纬度/lat,
 * 含义/meaning, 历史沿革/history, 命名日期/named_on, 批准机关/approved_by,
 * 批准文号/document, 地名文化/culture, 特色物产/products), all or nothing:
 * the first bad row fails as "FILE:LINE: 列 HEADER: reason". Sets *added. */
int pn_import(const struct pn_env *env, const char *path, long *added, struct mz_err *err);

/* Normalizes a search text: letters lower-cased with spaces, apostrophes
 * and tone marks dropped ("Liǎngjiāng Xīnqū" -> "liangjiangxinqu"), other
 * text kept, LIKE wildcards removed; into out. */
void pn_search_text(const char *q, char *out, size_t cap);

/* Opens a naming case (kind "name": in describes the new place, recorded
 * as proposed) or a renaming case (kind "rename": placename_id and
 * in->name, the new name); reasons and applicant required (art 11). */
int pn_case_open(const struct pn_env *env, const char *kind, int64_t placename_id,
                 const struct pn_input *in, const char *reasons, const char *applicant,
                 mz_date day, int64_t *id, struct mz_err *err);
/* Approval (art 12): by whom, the document; sets the filing and notice
 * due dates and makes the name standard. */
int pn_case_approve(const struct pn_env *env, int64_t id, mz_date day, const char *approved_by,
                    const char *document, struct mz_err *err);
/* Filing with the level above (art 13) and public announcement (art 14);
 * the case is done when both are recorded. */
int pn_case_file(const struct pn_env *env, int64_t id, mz_date day, struct mz_err *err);
int pn_case_announce(const struct pn_env *env, int64_t id, mz_date day, struct mz_err *err);
int pn_case_reject(const struct pn_env *env, int64_t id, mz_date day, const char *reason,
                   struct mz_err *err);

#endif
