/* The demo's resident of 渝悦救助通 (demo.h: demo_resident): a phone on
 * record and an online application with its consent and material, made
 * through the registry and the cases engine as a resident would. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cases/attachment.h"
#include "cases/case.h"
#include "crypto/vault.h"
#include "demo/demo.h"
#include "registry/registry.h"
#include "store/querystore.h"
#include "store/regstore.h"

static int first_household(void *ctx, const struct household_row *h)
{
    *(struct household_row *)ctx = *h;
    return 1;
}

struct head {
    int64_t person_id;
    char relation[32];
};

static int first_member(void *ctx, const struct member_row *m)
{
    struct head *h = ctx;
    h->person_id = m->person_id;
    snprintf(h->relation, sizeof h->relation, "%s", m->relation);
    return 1;
}

/* A small PDF standing for the material a resident scans. */
static const char material[] = "%PDF-1.4\n"
                               "1 0 obj << /Type /Catalog >> endobj\n"
                               "% 演示材料：医院住院证明（扫描件）\n"
                               "trailer << /Root 1 0 R >>\n"
                               "%%EOF\n";

int demo_resident(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                  mz_date today, struct demo_counts *out, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct household_row h = {0};
    struct head head = {0};
    struct person_row p;
    size_t n;
    if (qs_households_page(db, "", 1, 0, first_household, &h, err) < 0 ||
        (h.id && rs_scan_members(db, today, h.id, first_member, &head, err) < 0))
        return -1;
    if (!head.person_id || rs_person_get(db, head.person_id, &p, err) <= 0)
        return 0; /* an empty city: no resident */
    if (vault_unseal(reg_vault(reg), p.id_sealed, (size_t)p.id_sealed_len, out->resident_id,
                     sizeof out->resident_id, &n, err) < 0)
        return -1;
    snprintf(out->resident_name, sizeof out->resident_name, "%s", p.name);
    snprintf(out->resident_phone, sizeof out->resident_phone, "%s", DEMO_RESIDENT_PHONE);
    struct reg_person_in in = {out->resident_id,
                               p.name,
                               NULL,
                               NULL,
                               p.rural_hukou ? "农村" : "城镇",
                               p.division,
                               h.hh_no,
                               head.relation,
                               DEMO_RESIDENT_PHONE};
    enum put_result res;
    if (reg_person_put(reg, &in, today, &res, err) < 0) return -1;
    char actor[40];
    snprintf(actor, sizeof actor, "resident:%" PRId64, p.id);
    struct case_env env = {reg, cal, set};
    struct case_application online = {"online", NULL};
    struct case_open_in apply = {.type = "temporary",
                                 .household_no = h.hh_no,
                                 .actor = actor,
                                 .note = "演示：家人突发重病住院，医疗费用负担重",
                                 .day = today - 3};
    struct case_step_in accept = {.action = "accept", .actor = "street:演示经办", .day = today - 2};
    struct attach_row file;
    int64_t id;
    if (case_apply(&env, &apply, &online, p.id, &id, err) < 0 ||
        case_attach_add(&env, id, "住院证明.pdf", material, sizeof material - 1, actor, &file,
                        err) < 0 ||
        case_step(&env, id, &accept, err) < 0)
        return -1;
    out->cases++;
    return 0;
}
