/* The staff register (staff.h). */
#include "supervise/staff.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/text.h"
#include "registry/divisions.h"
#include "registry/registry.h"

const char *staff_kind_label(const char *kind)
{
    return strcmp(kind, "staff") == 0     ? "民政工作人员"
           : strcmp(kind, "village") == 0 ? "村（居）委会成员"
                                          : kind;
}

static int audited(struct registry *r, const char *actor, const char *action,
                   const char *entity, int64_t id, const char *detail, struct mz_err *err)
{
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    struct audit_event ev = {actor, action, entity, idtext, NULL, NULL, detail};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

int staff_add(struct registry *r, int64_t pid, const char *kind, const char *post,
              const char *division, mz_date since, const char *actor, int64_t *id,
              struct mz_err *err)
{
    if (!kind || (strcmp(kind, "staff") != 0 && strcmp(kind, "village") != 0))
        return mz_fail_field(err, "kind", "invalid_value",
                             "人员类别应为 staff（民政工作人员）或 village（村（居）委会成员）");
    if (!post || !*post)
        return mz_fail_field(err, "post", "invalid_value", "缺少职务（--post）");
    if (text_check(post, "post", "职务", STAFF_MAX_POST, TEXT_NAME, err) < 0)
        return -1;
    if (!division || div_level_of(division) == 0)
        return mz_fail_field(err, "division", "invalid_value",
                             "区划代码应为 2、4、6、9 或 12 位数字，实为“%s”",
                             division ? division : "");
    if (since == MZ_DATE_NONE)
        return mz_fail_field(err, "date", "invalid_value", "任职日期应为 YYYY-MM-DD");
    struct db *db = reg_db(r);
    char day[11], detail[160];
    date_format(since, day);
    if (db_begin(db, err) < 0)
        return -1;
    int rc = sts_add(db, pid, kind, post, division, day, actor, id, err);
    if (rc < 0 && strstr(err->msg, "UNIQUE"))
        rc = mz_fail_field(err, "id", "already_registered", "此人已有未结束的任职登记");
    snprintf(detail, sizeof detail, "%s %s %s %s", kind, post, division, day);
    if (rc == 0)
        rc = audited(r, actor, "staff.add", "staff", *id, detail, err);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}

int staff_end(struct registry *r, int64_t pid, mz_date day, const char *actor,
              struct mz_err *err)
{
    if (day == MZ_DATE_NONE)
        return mz_fail_field(err, "date", "invalid_value", "离任日期应为 YYYY-MM-DD");
    struct db *db = reg_db(r);
    char text[11];
    date_format(day, text);
    if (db_begin(db, err) < 0)
        return -1;
    int rc = sts_end(db, pid, text, err);
    if (rc == 0)
        rc = mz_fail_field(err, "id", "not_found", "此人在 %s 没有任职登记", text);
    if (rc > 0)
        rc = audited(r, actor, "staff.end", "person", pid, text, err);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db, err);
}
