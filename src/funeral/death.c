/* Death registration (funeral.h): from the medical death certificate (死亡
 * 医学证明, parts 3 and 4: the 户口 cancelled, the body cremated) or the
 * 公安 record, as the registry's death fact — the one place a death is
 * taken — with its cascade and its report. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "funeral/funeral.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/funeralstore.h"
#include "store/regstore.h"

const char *fun_source_label(const char *source)
{
    if (!source)
        return "";
    if (strncmp(source, "medical", 7) == 0)
        return "死亡医学证明";
    if (strcmp(source, "gongan") == 0 || strncmp(source, "gongan:", 7) == 0 ||
        strcmp(source, "feed:gongan") == 0 || strcmp(source, "公安") == 0)
        return "公安户籍注销";
    if (strncmp(source, "feed:", 5) == 0)
        return "部门数据推送";
    if (strncmp(source, "api:", 4) == 0)
        return "工作人员录入";
    return "其他来源";
}

int fun_death_register(const struct funeral_env *env, const struct fun_death_in *in,
                       int64_t *person_id, struct fun_cascade_out *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct db *db = reg_db(env->reg);
    const char *src = in->source ? in->source : "";
    bool medical = strcmp(src, "medical") == 0;
    if (!medical && strcmp(src, "gongan") != 0)
        return mz_fail_field(err, "source", "invalid_value",
                             "死亡信息来源应为 medical（死亡医学证明）或 gongan（公安户籍注销）");
    if (medical && (!in->certificate_no || !*in->certificate_no))
        return mz_fail_field(err, "certificate_no", "missing_field",
                             "请填写死亡医学证明编号（《殡葬管理条例》第十三条：凭死亡证明火化）");
    if (text_check(in->certificate_no, "certificate_no", "证明编号", 40, TEXT_LINE, err) < 0 ||
        text_check(in->place, "place", "死亡地点", TEXT_MAX_ADDRESS, TEXT_LINE, err) < 0)
        return -1;
    if (in->died == MZ_DATE_NONE)
        return mz_fail_field(err, "died_on", "invalid_value", "死亡日期应为 YYYY-MM-DD");
    if (date_check(in->died, date_today(), "died_on", "死亡日期", err) < 0)
        return -1;
    int found = reg_person_find(env->reg, in->id_number ? in->id_number : "", person_id, err);
    if (found < 0) {
        snprintf(err->field, sizeof err->field, "id_number");
        return -1;
    }
    char masked[19];
    idcard_mask(in->id_number, masked);
    if (!found)
        return mz_fail_field(err, "id_number", "unknown_person", "人口登记库中没有身份证号为 %s 的人员",
                             masked);
    struct person_row p;
    if (rs_person_get(db, *person_id, &p, err) <= 0)
        return -1;
    if (in->died < p.birth)
        return mz_fail_field(err, "died_on", "invalid_value", "死亡日期早于%s的出生日期", p.name);
    char day[11], source[TEXT_BYTES(TEXT_MAX_SOURCE)];
    date_format(in->died, day);
    snprintf(source, sizeof source, "%s%s%.40s", src,
             in->certificate_no && *in->certificate_no ? ":" : "",
             in->certificate_no ? in->certificate_no : "");
    struct reg_fact_in fact = {NULL, NULL, "death", day, day, source};
    enum put_result res;
    /* this registration cascades itself, with its report's details */
    void *ctx;
    reg_death_hook hook = reg_death_hook_of(env->reg, &ctx);
    int rc = db_begin(db, err);
    reg_on_death(env->reg, NULL, NULL);
    if (rc == 0)
        rc = reg_person_fact_put(env->reg, *person_id, &fact, &res, err);
    reg_on_death(env->reg, hook, ctx);
    if (rc == 0)
        rc = fun_cascade_tx(env, *person_id, in->died, source, in->actor, out, err);
    struct death_report_row rep = {.first = out->cascaded};
    snprintf(rep.died_on, sizeof rep.died_on, "%s", day);
    snprintf(rep.source, sizeof rep.source, "%s", medical ? "medical" : "gongan");
    snprintf(rep.certificate_no, sizeof rep.certificate_no, "%s",
             in->certificate_no ? in->certificate_no : "");
    snprintf(rep.place, sizeof rep.place, "%s", in->place ? in->place : "");
    snprintf(rep.reported_by, sizeof rep.reported_by, "%s", in->actor);
    if (rc == 0)
        rc = fs_report_insert(db, *person_id, &rep, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}
