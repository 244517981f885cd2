/* 殡葬 (docs/funeral.md): deaths and what follows them (身后一件事), the
 * funeral homes, cemeteries and columbaria under the bureau's supervision
 * (licence, price list, complaints), cremations with the basic-service fee
 * waiver (惠民殡葬) and the placement of the ashes with the eco-burial
 * reward — who qualifies for either is decided by the policy
 * (policies/chongqing/funeral.pol), not here.
 *
 * A death is the registry's fact "death" (registry.h): whoever reports it
 * — the medical death certificate registered here, the 公安 feed, the API
 * — the registry calls the hook installed by fun_hook_install, and the
 * cascade runs once per person (deaths is keyed by person): the second
 * report is recorded and changes nothing. The cascade, in the reporting
 * transaction: every benefit of the person stops from the month after the
 * death (the household's too when no member is left alive; else the
 * household's re-check is opened: the monitor's member_died warning and the
 * periodic review within 3 months), the person's open applications are
 * closed — or handed to a living adult of the household when it applies
 * for the household —, open home-service orders are cancelled, a marriage
 * ends (丧偶), and the summary of all of it is kept (身后一件事).
 *
 * Functions return 0, or -1 with a Chinese message on err. Everything
 * passed in is borrowed. */
#ifndef MZ_FUNERAL_H
#define MZ_FUNERAL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

struct registry;
struct pol_set;
struct cal;

struct funeral_env {
    struct registry *reg;
    const struct pol_set *set; /* waiver and reward rules, the programs' labels, warnings */
    const struct cal *cal;     /* the re-check's due date */
};

/* ---- the cascade (cascade.c) ---- */

/* The actor of the cascade's own steps (case closings, cancellations). */
#define FUN_ACTOR "system:身后一件事"

/* What a cascade did, kind by kind. */
struct fun_cascade_out {
    bool cascaded;          /* false: the death was taken before (a second report) */
    int benefits_stopped, cases_closed, cases_reassigned, orders_cancelled;
    bool marriage_ended, recheck_opened;
};

/* Runs the cascade of person_id's death on died, reported by source,
 * inside the caller's transaction (a death fact just written); a no-op
 * (out->cascaded false) when the person's death was cascaded before. */
int fun_cascade_tx(const struct funeral_env *env, int64_t person_id, mz_date died,
                   const char *source, const char *actor, struct fun_cascade_out *out,
                   struct mz_err *err);

/* Makes every death fact written through r cascade (registry.h,
 * reg_on_death), with set and cal; hook holds them and must outlive r's use.
 * Each report is kept (death_reports), the second one too. */
struct fun_hook {
    const struct pol_set *set;
    const struct cal *cal;
};
void fun_hook_install(struct registry *r, struct fun_hook *hook, const struct pol_set *set,
                      const struct cal *cal);

/* Cascades the deaths on record that were not (written without the hook:
 * an import, an older version), at most batch a transaction; *n counts
 * them. */
int fun_sweep(const struct funeral_env *env, const char *actor, int64_t *n, struct mz_err *err);

/* ---- death registration (death.c) ---- */

struct fun_death_in {
    const char *id_number;
    mz_date died;
    const char *source;         /* "medical" (死亡医学证明) or "gongan" (公安户籍注销) */
    const char *certificate_no; /* 死亡医学证明编号 (required for medical) */
    const char *place;          /* where (may be NULL) */
    const char *actor;
};
/* Registers a death: the registry's death fact (source "medical:编号" or
 * "gongan:…"), the cascade (once), and the report, in one transaction.
 * Refused: an unknown person, a day in the future or before the birth.
 * *person_id set; out says whether this report cascaded. */
int fun_death_register(const struct funeral_env *env, const struct fun_death_in *in,
                       int64_t *person_id, struct fun_cascade_out *out, struct mz_err *err);
/* 死亡医学证明 (medical), 公安户籍注销 (gongan, feed:gongan), … */
const char *fun_source_label(const char *source);

/* ---- facilities (facility.c) ---- */

struct fun_facility_in {
    const char *code, *name;
    const char *kind; /* funeral_home 殡仪馆, cemetery 公墓, columbarium 骨灰堂 (or the Chinese word) */
    const char *division, *address;
    const char *licence_no;    /* 批准文号/许可证号 */
    const char *licence_until; /* YYYY-MM-DD or "" (open-ended) */
    const char *approved_by;   /* 批准机关 (殡葬管理条例第八条) */
    int64_t capacity;          /* plots or niches; 0 for a funeral home */
    const char *actor;
};
int fun_facility_put(const struct funeral_env *env, const struct fun_facility_in *in, int64_t *id,
                     struct mz_err *err);
/* A service of the facility's published price list (fen per unit); basic:
 * a basic funeral service (基本殡葬服务). price: yuan as text. */
int fun_price_put(const struct funeral_env *env, int64_t facility_id, const char *service,
                  const char *price, const char *unit, bool basic, const char *actor,
                  struct mz_err *err);
/* A complaint about a facility, routed to its county office. */
int fun_complaint_add(const struct funeral_env *env, int64_t facility_id, mz_date day,
                      const char *complainant, const char *text, const char *actor, int64_t *id,
                      struct mz_err *err);
int fun_complaint_close(const struct funeral_env *env, int64_t id, const char *outcome,
                        const char *actor, struct mz_err *err);
/* 殡仪馆, 公墓, 骨灰堂; the kind of a Chinese word (NULL if none). */
const char *fun_kind_label(const char *kind);
const char *fun_kind_of(const char *word);
/* The licence on day today: "none" 未登记, "valid" 有效, "expiring" (within
 * 90 days) 即将到期, "expired" 已过期; and its label. */
const char *fun_licence_state(const char *licence_no, const char *until, mz_date today);
const char *fun_licence_label(const char *state);

/* ---- cremation and the ashes (burial.c) ---- */

/* Whether the policy grants the deceased the waiver: the person variable
 * funeral_waiver evaluated on the household as it was the day before the
 * death. *eligible, and basis (why, 400 bytes). */
int fun_waiver_eligible(const struct funeral_env *env, int64_t person_id, mz_date died,
                        bool *eligible, char basis[400], struct mz_err *err);

struct fun_cremation_in {
    int64_t person_id;
    int64_t facility_id; /* a funeral home */
    mz_date day;
    const char *services; /* "遗体接运,遗体冷藏*3,火化,骨灰盒": each on the home's price list */
    const char *actor;
};
struct fun_cremation_out {
    int64_t id;
    char cert_no[48]; /* 火化证明编号: CODE-YYYY-000001 */
    int64_t fees, waived; /* fen */
    char basis[400];
};
/* Records a cremation: refused for a person without a death on record (or
 * cremated before the death, or twice), at a facility that is not a
 * funeral home or whose licence has lapsed, or for a service not on its
 * price list (only listed fees, 殡葬管理条例). The basic services are
 * waived — the urn up to funeral_urn_cap — when fun_waiver_eligible. */
int fun_cremate(const struct funeral_env *env, const struct fun_cremation_in *in,
                struct fun_cremation_out *out, struct mz_err *err);

struct fun_placement_in {
    int64_t person_id;
    int64_t facility_id; /* a cemetery or columbarium; 0 for 海葬 */
    mz_date day;
    const char *method; /* 骨灰寄存, 公墓安葬, 树葬, 花葬, 草坪葬, 海葬, 深埋, 土葬 */
    const char *plot;   /* 墓位/格位号 (may be NULL) */
    const char *actor;
};
/* Records where the ashes (or the body, 土葬) were placed: the registry's
 * burial_method fact, and the eco-burial reward (eco_burial_reward) when
 * the policy's eco_burial holds. Refused: no death on record, a facility
 * of the wrong kind, full (capacity) or unlicensed, a second placement.
 * *reward in fen. */
int fun_place(const struct funeral_env *env, const struct fun_placement_in *in, int64_t *id,
              int64_t *reward, struct mz_err *err);

#endif
