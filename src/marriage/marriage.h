/* 婚姻登记 (docs/marriage.md): registration of marriages under the 婚姻登记条例
 * as revised by 国务院令第804号 (in force 2025-05-10, 全国通办: any office,
 * the ID card and a signed declaration, no 户口簿), divorce by
 * registration with its cooling-off period (《民法典》第一千零七十七条),
 * replacement certificates, appointments, and the 户口 move joined with
 * 公安 (结婚落户一件事).
 *
 * Parties are identified by their ID number (GB 11643), sealed and blind
 * indexed like the registry's; a party may be a registry person or
 * someone from another province. What the law refuses is refused with the
 * rule and its article (mar_rules), the refusal recorded (kept for the
 * office's explanation, art 10) and the message naming both. Figures (the
 * marriage ages, the periods, the 户口 deadline, appointment slots) are
 * parameters of policies/chongqing/marriage.pol; periods are counted on
 * the calendar (cases/calendar.h) by 《民法典》第二百零一条、第二百零三条.
 *
 * Certificate numbers (字号) are kind + the office's county code + year +
 * a sequence per kind, office and year: J500103-2025-000123 (J 结婚证,
 * L 离婚证, BJ/BL their replacements), taken inside the registering
 * transaction (the write lock), so that two offices, or two clerks of one,
 * registering at once never get the same number, and none is skipped or
 * reused.
 *
 * Every change is one transaction with its audit entry. Functions return
 * 0, or -1 with a Chinese message on err (err->code the rule's code for a
 * refusal). Everything passed in is borrowed. */
#ifndef MZ_MARRIAGE_H
#define MZ_MARRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

struct registry;
struct pol_set;
struct cal;
struct mar_status_source;

struct marriage_env {
    struct registry *reg;
    const struct pol_set *set; /* marriage.pol's parameters */
    const struct cal *cal;     /* periods and deadlines */
    /* where marital status is checked (联网核对, art 10); NULL: the local
     * archive and registry (mar_status_local) */
    const struct mar_status_source *status;
};

/* ---- the rules a refusal names (rules.c) ---- */

struct mar_rule {
    const char *code;    /* "under_age", … (err->code of a refusal) */
    const char *label;   /* 未到法定结婚年龄 */
    const char *article; /* 《民法典》第一千零四十七条；《婚姻登记条例》第九条第（一）项 */
};
/* Every rule (static). */
const struct mar_rule *mar_rules(size_t *n);
/* The rule of code, or NULL. */
const struct mar_rule *mar_rule(const char *code);

/* ---- marital status (status.c) ---- */

enum mar_status { MAR_UNKNOWN, MAR_UNMARRIED, MAR_MARRIED, MAR_DIVORCED, MAR_WIDOWED };
/* 未知, 未婚, 已婚, 离婚, 丧偶. */
const char *mar_status_label(enum mar_status s);

struct mar_status_info {
    enum mar_status status;
    mz_date since;       /* MZ_DATE_NONE when unknown */
    int64_t marriage_id; /* the archive's marriage it rests on, 0 */
    char basis[240];     /* where it comes from, for the clerk and a refusal */
};

/* Where a person's marital status is found: the national marriage database
 * (全国婚姻基础信息库, art 4) through a client that fills this interface,
 * or — what this system has — the local archive of registrations and the
 * registry's marital_status fact (from 公安 or an import). lookup fills
 * out for the person with the ID number as of day on: 0, or -1 with err
 * when the source cannot answer (the registration then stops: it is not a
 * refusal). */
struct mar_status_source {
    const char *label;
    int (*lookup)(void *ctx, struct registry *r, const char *id_number, mz_date on,
                  struct mar_status_info *out, struct mz_err *err);
    void *ctx;
};
/* The local source: the latest of the archive's marriages of the person
 * (married, then divorced or widowed) and the registry's marital_status
 * fact in force on the day, whichever is more recent. */
extern const struct mar_status_source mar_status_local;
/* The status through env->status (or the local source). */
int mar_status_of(const struct marriage_env *env, const char *id_number, mz_date on,
                  struct mar_status_info *out, struct mz_err *err);

/* ---- certificate numbers (cert.c) ---- */

/* Writes "J500103-2025-000123" (out >= 32 bytes). */
void mar_cert_format(const char *kind, const char *office, int year, int seq, char *out);
/* Parses a number into its kind (J, L, BJ, BL; 3 bytes), office (7),
 * year and sequence; -1 with invalid_value on field cert_no if malformed. */
int mar_cert_parse(const char *number, char kind[3], char office[7], int *year, int *seq,
                   struct mz_err *err);

/* ---- registration (register.c) ---- */

struct mar_party_in {
    const char *id_number, *name;
    bool declaration_signed; /* 本人无配偶以及与对方没有禁婚亲属关系的签字声明 (art 8) */
    bool voluntary;          /* 询问：完全自愿 (art 9(2)) */
    bool illness_disclosed;  /* 重大疾病已如实告知对方, or none (art 12): recorded */
};

/* Who moves their 户口 into the other's household (结婚落户一件事). */
enum mar_hukou { MAR_HUKOU_NONE, MAR_HUKOU_MAN, MAR_HUKOU_WOMAN };

struct mar_register_in {
    const char *office;      /* the registering office: a county code (6 digits) */
    mz_date day;             /* the registration day (today or before) */
    struct mar_party_in a, b; /* either order: sexes come from the ID numbers */
    int64_t appointment_id;  /* 0: none */
    enum mar_hukou hukou;    /* the couple's request to move a 户口, if any */
    const char *actor;
};

struct mar_registered {
    int64_t marriage_id;
    char cert_no[32];
    int64_t hukou_id;   /* the joined case opened, 0 */
    int64_t refusal_id; /* a refusal: its record */
    const struct mar_rule *rule; /* a refusal: the first rule that refuses */
};

/* Registers a marriage: checks the input (fields named), then every rule
 * — the same sex (男女双方), the identity (names against the registry, a
 * death on record), the marriage ages on the day, voluntariness, the
 * declaration, either party already married (mar_status_of), prohibited
 * kinship in the registry's family relations (registry/kin.h) — and
 * refuses naming every rule that fails with its article (the refusal
 * recorded, out->refusal_id; err->code the first rule's code); else, in
 * one transaction: the marriage and its parties, the J number, both
 * persons' marital_status 已婚 (registry persons), the appointment
 * attended, the 户口 move opened when asked (hukou.c), audited. */
int mar_register(const struct marriage_env *env, const struct mar_register_in *in,
                 struct mar_registered *out, struct mz_err *err);

/* A registration from the archive (made before this system, on paper or
 * in the provincial system): its number, office, day and parties, without
 * the rules of today (the 1980s had other ones); its number is kept so
 * that later numbers of the office and year follow it. */
struct mar_archive_in {
    const char *cert_no; /* J…; the office and year come from it */
    mz_date day;
    const char *man_id, *man_name, *woman_id, *woman_name;
    const char *actor;
};
int mar_archive_add(const struct marriage_env *env, const struct mar_archive_in *in,
                    int64_t *marriage_id, struct mz_err *err);

/* ---- divorce by registration (divorce.c) ---- */

/* The windows of a divorce applied for on day applied at office: the
 * cooling-off period runs from the next day for divorce_cooling_days; its
 * last day, if a rest day or holiday, moves to the next working day; the
 * parties may then apply together for the certificate from the day after
 * for divorce_appear_days, whose last day moves alike. provisional: a
 * window reaches a year counted on the statutory holidays alone. */
struct div_timeline {
    mz_date applied, cooling_last, appear_first, appear_last;
    bool provisional;
};
int div_timeline(const struct marriage_env *env, const char *office, mz_date applied,
                 struct div_timeline *out, struct mz_err *err);

struct div_apply_in {
    const char *office;
    mz_date day;
    const char *cert_no;    /* the 结婚证 (J or BJ number) */
    const char *id_a, *id_b; /* both parties, in person */
    const char *agreement;  /* the written agreement (子女抚养、财产、债务): its SM3 is kept */
    bool capacity;          /* both have full civil capacity (checked by the clerk) */
    const char *actor;
};
/* Receives a divorce application (受理): refused (不予受理, art 14) without
 * an agreement, when a party lacks capacity, when the marriage is not in
 * the archive (not registered in the mainland) or no longer in force, or
 * when the applicants are not its parties; a second application while one
 * is in its windows is a conflict (code divorce_pending). Sets *id. */
int div_apply(const struct marriage_env *env, const struct div_apply_in *in, int64_t *id,
              struct mar_registered *refusal, struct mz_err *err);
/* Either party withdraws (撤回) within the cooling-off period. */
int div_withdraw(const struct marriage_env *env, int64_t id, const char *by_id, mz_date day,
                 const char *actor, struct mz_err *err);
/* Both parties apply together for the certificate at the office that
 * received the application, within the appearance window: the divorce is
 * registered, the L number issued, the marriage ended, both persons'
 * marital_status 离婚. Before the window: refused (cooling_off); after it:
 * the application lapses (视为撤回, recorded) and is refused (lapsed). */
int div_register(const struct marriage_env *env, int64_t id, const char *office, mz_date day,
                 const char *id_a, const char *id_b, const char *actor, char cert_no[32],
                 struct mar_registered *refusal, struct mz_err *err);
/* Records counselling (婚姻家庭辅导, art 5 and 17) offered, held or
 * declined during the windows. */
int div_counsel(const struct marriage_env *env, int64_t id, mz_date day, const char *outcome,
                const char *counsellor, const char *note, const char *actor, int64_t *cid,
                struct mz_err *err);
/* Marks lapsed every application whose appearance window ended before
 * today; *n counts them. */
int div_lapse_due(const struct marriage_env *env, mz_date today, int64_t *n, struct mz_err *err);

/* Where a divorce stands on day today: "cooling" (冷静期内), "awaiting"
 * (待双方申请发证), "lapsed" (recorded, or past its window), "withdrawn",
 * "registered"; and its Chinese label. */
const char *div_phase(const char *state, const char *cooling_last, const char *appear_last,
                      mz_date today);
const char *div_phase_label(const char *phase);
/* 辅导: offered 已提供, held 已开展, declined 当事人拒绝. */
const char *div_counsel_label(const char *outcome);

/* ---- replacement certificates (replace.c) ---- */

struct mar_replace_in {
    const char *office; /* the office that replaces it (any: 全国通办) */
    mz_date day;
    const char *cert_no;   /* the certificate lost: 结婚证 or 离婚证 (or a replacement) */
    const char *id_number; /* the holder, in person with the ID card */
    const char *actor;
};
/* Issues a replacement (补领, art 21) after checking the archive: a BJ for
 * a marriage in force, a BL for a registered divorce; refused when the
 * archive has no such certificate, the applicant is not a party, or a
 * 结婚证 is asked for a marriage ended. new_no: 32 bytes. */
int mar_replace(const struct marriage_env *env, const struct mar_replace_in *in, char new_no[32],
                struct mar_registered *refusal, struct mz_err *err);

/* ---- appointments (appointment.c) ---- */

/* The slots an office offers a day (static, "09:00" …). */
const char *const *mar_slots(size_t *n);
struct mar_appoint_in {
    const char *office;
    mz_date day; /* a working day, today or later */
    const char *slot;
    const char *kind;    /* marriage, divorce, replacement */
    const char *parties; /* the names, as the couple gave them */
    const char *actor;
};
/* Books a slot; refused when the slot is full (no_capacity,
 * marriage_slot_capacity), on a day the office does not work, or in the
 * past. Sets *id. */
int mar_appoint(const struct marriage_env *env, const struct mar_appoint_in *in, int64_t *id,
                struct mz_err *err);
int mar_appointment_cancel(const struct marriage_env *env, int64_t id, const char *actor,
                           struct mz_err *err);

/* ---- 结婚落户一件事 (hukou.c) ---- */

/* The joined case's message to 公安, as JSON text, unsealed (a full view,
 * audited): the certificate, both parties (full ID numbers), the household
 * moved into and the deadline. The caller frees *json with mz_free. */
int hukou_message(const struct marriage_env *env, int64_t id, char **json, struct mz_err *err);
/* A step of the joined case: "send" (queued → sent: handed to 公安),
 * "accept" (sent → accepted), "done" (sent or accepted → done: 公安 moved
 * the 户口 — the registry follows: the mover joins the household as 配偶,
 * added to the registry if from elsewhere), "refuse" (sent or accepted →
 * refused, note required). day: when it happened. */
int hukou_step(const struct marriage_env *env, int64_t id, const char *action, const char *note,
               mz_date day, const char *actor, struct mz_err *err);
/* 待发送, 已发送公安, 公安已受理, 已办结, 公安退回. */
const char *hukou_state_label(const char *state);

/* ---- certificates as signed documents (cert.c) ---- */

/* Renders certificate cert_no as a PDF (婚姻登记证明: number, kind, office,
 * day, both parties with masked ID numbers), signs it with the SM2 key at
 * key_path into out_pdf and out_pdf + ".sig" (notice/), and records its
 * SM3 on the certificate, audited. sm3: 65 bytes. */
int mar_cert_pdf(const struct marriage_env *env, const char *cert_no, const char *key_path,
                 const char *out_pdf, char sm3[65], struct mz_err *err);

/* Labels: married 婚姻关系存续, divorced 已离婚, widowed 丧偶（一方死亡）,
 * annulled 婚姻无效或被撤销; kinds of certificates (结婚证 …). */
const char *mar_state_label(const char *state);
const char *mar_cert_kind_label(const char *kind);

/* ---- a spouse's death (death.c) ---- */

/* Ends, inside the caller's transaction, the marriage in force of the
 * registry person who died on died (state widowed), and records the
 * surviving spouse's marital_status 丧偶 when a registry person: *ended
 * is the marriage (0 if none), survivor_name the spouse (128 bytes). */
int mar_on_death(const struct marriage_env *env, int64_t person_id, mz_date died,
                 int64_t *ended, char survivor_name[128], struct mz_err *err);

#endif
