/* Social organizations (社会组织): 社会团体, 社会服务机构 (民办非企业单位)
 * and 基金会 — registration with its conditions (name, 统一社会信用代码,
 * legal representative from the registry, registered funds and members
 * against the minimums of policies/chongqing/org.pol), the procedures
 * filed with their days due (establishment, change, deregistration),
 * status history, and the annual report (report.c) and credit lists
 * (credit.c). The environment is the monitor's (registry, policies,
 * working-day calendar). Every change is audited in its transaction.
 * Functions return 0, or -1 with a Chinese message naming the field on
 * err. */
#ifndef MZ_ORG_ORG_H
#define MZ_ORG_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/orgstore.h"

struct mon_env;

/* The kinds: "association" 社会团体 (USCC type '1'), "service" 社会服务机构
 * ('2'), "foundation" 基金会 ('3'). The label of kind ("" if unknown);
 * the USCC type character (0 if unknown). */
const char *org_kind_label(const char *kind);
char org_kind_type(const char *kind);
/* The label of a status ("applied" 申请中, "registered" 已登记,
 * "deregistered" 已注销) and of an event kind. */
const char *org_status_label(const char *status);
const char *org_event_label(const char *kind);

/* An application for establishment. Money in fen. */
struct org_in {
    const char *uscc, *name, *kind, *field, *supervisor, *division, *address;
    int64_t legal_rep; /* a registry person */
    int64_t funds, members_individual, members_unit;
    bool public_fundraising; /* a foundation's: 公募 */
    const char *filed_on;    /* YYYY-MM-DD, the day the application was accepted */
};

/* Checks and records an application on filed_on, with its decision due
 * org_establish_days later. Refused, naming the field: the USCC (uscc.h,
 * type consistent with kind), a name of fewer than 4 or more than 50
 * characters or not ending in the form of its kind (会, 协会, 学会, 研究会, 商会, 联合会, 促进会
 * … for an association; 基金会 for a foundation; 中心, 院, 所, 学校, 服务社
 * … for a service organization) or is taken (name_taken), an unknown
 * kind, a blank field or supervisor, an unknown legal representative
 * (legal_rep), a division not current (division),
 * funds below the kind's minimum (funds), an association with fewer
 * members than the minimums (members_individual). Sets *id. */
int org_apply(const struct mon_env *env, const struct org_in *in, const char *actor, int64_t *id,
              struct mz_err *err);

/* Decides the establishment of org id on day: approved registers it
 * (status registered, registered_on day), refused leaves it applied.
 * Fails with wrong_state unless it is applied. */
int org_decide(const struct mon_env *env, int64_t id, bool approved, const char *day,
               const char *note, const char *actor, struct mz_err *err);

/* A change of registration (what changed: supervisor, address, legal_rep
 * or funds, NULL/0 = unchanged), made on changed_on and filed on
 * filed_on: recorded with the day due (org_change_days after the change)
 * and whether it was filed late. The organization must be registered. */
struct org_change_in {
    const char *supervisor, *address;
    int64_t legal_rep, funds;
    const char *changed_on, *filed_on;
};
int org_change(const struct mon_env *env, int64_t id, const struct org_change_in *in,
               const char *actor, struct mz_err *err);

/* Deregisters org id: liquidation ended on liquidated_on, filed on
 * filed_on (due org_deregister_days after); open credit entries of the
 * serious list close (民政部令第60号: removed once deregistered). */
int org_deregister(const struct mon_env *env, int64_t id, const char *liquidated_on,
                   const char *filed_on, const char *actor, struct mz_err *err);

/* The organization of id: 1, 0 (none), -1. */
int org_get(const struct mon_env *env, int64_t id, struct org_row *out, struct mz_err *err);

/* Adds n days (or months with months set) to a YYYY-MM-DD text into
 * out[11]; fails naming field if the text is not a date. */
int org_day_plus(const char *day, int n, bool months, const char *field, char out[11],
                 struct mz_err *err);
/* The value of policy parameter name for division on day (a missing
 * parameter fails with no_param, naming it). */
int org_param(const struct mon_env *env, const char *name, const char *division, mz_date day,
              int64_t *out, struct mz_err *err);
/* Parses day (a date not after today) naming field. */
int org_day(const char *day, const char *field, const char *label, mz_date *out,
            struct mz_err *err);
/* Audits action on the organization (inside the caller's transaction). */
int org_audit(const struct mon_env *env, const char *actor, const char *action, int64_t org_id,
              const char *detail, struct mz_err *err);

#endif
