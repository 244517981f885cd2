/* Persistence of 婚姻登记 (src/marriage/): registrations and their parties,
 * certificate numbers, divorces and the counselling offered during them,
 * refusals, appointments and the 户口 moves joined with 公安. Rows in, rows
 * out; the rules live in src/marriage. Look-ups return 1 (found), 0 (not
 * found) or -1; scans call fn per row while the statement runs (fn must
 * not use the database) and stop on a non-zero return, which they return.
 * Lists take the caller's scope as division code prefixes (n 0: all). */
#ifndef MZ_MARRIAGESTORE_H
#define MZ_MARRIAGESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"

/* ---- registrations and parties ---- */

struct mparty_row {
    int sex; /* 1 男, 2 女 */
    char id_masked[19];
    char name[TEXT_BYTES(TEXT_MAX_NAME)];
    char birth[11];
    int64_t person_id; /* the registry person, 0 if none (a party from elsewhere) */
    char declaration_sm3[65]; /* SM3 of the signed declaration, "" in the archive */
    bool illness_disclosed;
    unsigned char id_index[16];
    unsigned char id_sealed[80];
    int id_sealed_len;
};

struct marriage_row {
    int64_t id;
    char office[13];        /* the registration office: a county code */
    char registered_on[11];
    char cert_no[32];       /* 结婚证字号 */
    char state[12];         /* married, divorced, widowed, annulled */
    char ended_on[11];      /* "" while married */
    char end_note[200];
    bool archived;          /* from the archive of registrations made before the system */
    int64_t appointment_id; /* 0: none */
    char recorded_by[80], recorded_at[32];
    /* read only: the parties' names and masked ID numbers */
    char man_name[TEXT_BYTES(TEXT_MAX_NAME)], man_masked[19];
    char woman_name[TEXT_BYTES(TEXT_MAX_NAME)], woman_masked[19];
};

/* Inserts m (state married) and sets m->id and m->recorded_at. */
int ms_marriage_insert(struct db *db, struct marriage_row *m, struct mz_err *err);
int ms_party_insert(struct db *db, int64_t marriage_id, const struct mparty_row *p,
                    struct mz_err *err);
int ms_marriage_get(struct db *db, int64_t id, struct marriage_row *out, struct mz_err *err);
/* The marriage a certificate number (its own, or a replacement's) belongs to. */
int ms_marriage_by_cert(struct db *db, const char *cert_no, int64_t *id, struct mz_err *err);
/* The party of marriage_id of sex (1 or 2), with the sealed ID number. */
int ms_party_get(struct db *db, int64_t marriage_id, int sex, struct mparty_row *out,
                 struct mz_err *err);

struct ms_filter {
    const char (*prefixes)[13];
    int nprefixes;
    const char *state; /* "" any */
    const char *q;     /* a party's name or a certificate number, "" any */
    bool registered_only; /* leave out the archive */
};
int ms_marriage_list(struct db *db, const struct ms_filter *f, long page, long per_page,
                     int (*fn)(void *ctx, const struct marriage_row *m), void *ctx,
                     int64_t *total, struct mz_err *err);
/* Ends a marriage still in force (state divorced, widowed or annulled);
 * *changed false if it was not in force. */
int ms_marriage_end(struct db *db, int64_t id, const char *state, const char *ended_on,
                    const char *note, bool *changed, struct mz_err *err);

/* A marriage a person (by blind index) was a party of, newest first. */
struct ms_of_person {
    int64_t marriage_id;
    char registered_on[11], state[12], ended_on[11];
    int sex;
};
int ms_marriages_of_index(struct db *db, const unsigned char index[16],
                          int (*fn)(void *ctx, const struct ms_of_person *m), void *ctx,
                          struct mz_err *err);

struct ms_stats {
    int64_t total, married, since, registered;
};
/* Marriages of the scope: all, in force, registered on or after since
 * (YYYY-MM-DD), registered here (not the archive). */
int ms_marriage_stats(struct db *db, const char (*prefixes)[13], int n, const char *since,
                      struct ms_stats *out, struct mz_err *err);

/* ---- certificate numbers ---- */

struct cert_row {
    char number[32];
    char kind[4]; /* J, L, BJ, BL */
    char office[13];
    int year, seq;
    int64_t marriage_id, divorce_id; /* divorce_id 0 unless L/BL */
    int holder_sex;                  /* a replacement's holder; 0: both parties */
    char replaces[32];               /* the number a replacement stands for, "" */
    char issued_on[11], issued_by[80], pdf_sm3[65], created_at[32];
};
/* The next sequence number of kind, office and year (1 for the first):
 * call inside the transaction that inserts it (the write lock is held
 * from db_begin, so no other writer takes it meanwhile). */
int ms_cert_next(struct db *db, const char *kind, const char *office, int year, int *seq,
                 struct mz_err *err);
/* Inserts c (created_at now); fails on a number or sequence issued before. */
int ms_cert_insert(struct db *db, const struct cert_row *c, struct mz_err *err);
int ms_cert_get(struct db *db, const char *number, struct cert_row *out, struct mz_err *err);
int ms_certs_of(struct db *db, int64_t marriage_id,
                int (*fn)(void *ctx, const struct cert_row *c), void *ctx, struct mz_err *err);
int ms_cert_set_pdf(struct db *db, const char *number, const char *sm3, struct mz_err *err);
/* The certificate whose signed PDF has this SM3 (number: 32 bytes). */
int ms_cert_by_pdf(struct db *db, const char *sm3, char number[32], struct mz_err *err);

/* ---- divorces ---- */

struct divorce_row {
    int64_t id, marriage_id;
    char office[13];
    char applied_on[11], cooling_ends[11], appear_from[11], appear_by[11];
    bool provisional; /* a window counted on the statutory holidays only */
    char state[12];   /* cooling, withdrawn, lapsed, registered */
    char agreement_sm3[65];
    char ended_on[11];
    int withdrawn_by; /* the sex of the party who withdrew, 0 */
    char cert_no[32]; /* 离婚证字号 once registered */
    char recorded_by[80], recorded_at[32];
    /* read only */
    char man_name[TEXT_BYTES(TEXT_MAX_NAME)], man_masked[19];
    char woman_name[TEXT_BYTES(TEXT_MAX_NAME)], woman_masked[19];
    char marriage_cert[32];
};
int ms_divorce_insert(struct db *db, struct divorce_row *d, struct mz_err *err);
int ms_divorce_get(struct db *db, int64_t id, struct divorce_row *out, struct mz_err *err);
int ms_divorces_of(struct db *db, int64_t marriage_id,
                   int (*fn)(void *ctx, const struct divorce_row *d), void *ctx,
                   struct mz_err *err);
/* Ends a divorce still in its windows; *changed false if it was not. */
int ms_divorce_end(struct db *db, int64_t id, const char *state, const char *ended_on,
                   int withdrawn_by, const char *cert_no, bool *changed, struct mz_err *err);
int ms_divorce_list(struct db *db, const char (*prefixes)[13], int n, const char *state,
                    long page, long per_page, int (*fn)(void *ctx, const struct divorce_row *d),
                    void *ctx, int64_t *total, struct mz_err *err);
/* Divorces still in their windows whose appearance window ended before
 * day, into a new array (*ids, *n; the caller frees with mz_free). */
int ms_divorces_lapsing(struct db *db, const char *day, int64_t **ids, size_t *n,
                        struct mz_err *err);

struct counsel_row {
    int64_t id;
    char day[11], outcome[12]; /* offered, held, declined */
    char counsellor[TEXT_BYTES(TEXT_MAX_NAME)];
    char note[TEXT_BYTES(TEXT_MAX_NOTE)];
    char recorded_by[80], recorded_at[32];
};
int ms_counsel_insert(struct db *db, int64_t divorce_id, struct counsel_row *c,
                      struct mz_err *err);
int ms_counsel_of(struct db *db, int64_t divorce_id,
                  int (*fn)(void *ctx, const struct counsel_row *c), void *ctx,
                  struct mz_err *err);

/* ---- refusals ---- */

struct refusal_row {
    int64_t id;
    char kind[16]; /* marriage, divorce, replacement */
    char office[13], day[11];
    char rule[32];      /* e.g. under_age */
    char article[240];  /* the provisions, 《民法典》第一千零四十七条 … */
    char reason[800];   /* what the parties were told */
    char parties[400];  /* names and masked ID numbers */
    char recorded_by[80], recorded_at[32];
};
int ms_refusal_insert(struct db *db, struct refusal_row *r, struct mz_err *err);
int ms_refusal_list(struct db *db, const char (*prefixes)[13], int n, const char *kind,
                    long page, long per_page, int (*fn)(void *ctx, const struct refusal_row *r),
                    void *ctx, int64_t *total, struct mz_err *err);

/* ---- appointments ---- */

struct appointment_row {
    int64_t id;
    char office[13], day[11], slot[8];
    char kind[16];      /* marriage, divorce, replacement */
    char parties[200];  /* names, as booked */
    char state[12];     /* booked, attended, cancelled */
    char booked_by[80], booked_at[32];
};
int ms_appointment_insert(struct db *db, struct appointment_row *a, struct mz_err *err);
/* Appointments of office, day and slot not cancelled. */
int ms_appointment_taken(struct db *db, const char *office, const char *day, const char *slot,
                         int64_t *n, struct mz_err *err);
int ms_appointment_get(struct db *db, int64_t id, struct appointment_row *out,
                       struct mz_err *err);
/* booked → state; *changed false if it was not booked. */
int ms_appointment_state(struct db *db, int64_t id, const char *state, bool *changed,
                         struct mz_err *err);
/* Appointments of the scope from day `from` to `to`, by day and slot (at most 500). */
int ms_appointment_list(struct db *db, const char (*prefixes)[13], int n, const char *from,
                        const char *to, int (*fn)(void *ctx, const struct appointment_row *a),
                        void *ctx, struct mz_err *err);

/* ---- 结婚落户一件事 ---- */

struct hukou_row {
    int64_t id, marriage_id;
    int mover_sex;           /* the party whose 户口 moves */
    int64_t to_household_id; /* into the other party's household */
    char message_sm3[65];
    char state[12]; /* queued, sent, accepted, done, refused */
    char due[11];
    char sent_at[32], answered_at[32];
    char answer_note[TEXT_BYTES(TEXT_MAX_NOTE)];
    char created_by[80], created_at[32], updated_at[32];
    /* read only */
    char cert_no[32], office[13], hh_no[64], division[13];
    char man_name[TEXT_BYTES(TEXT_MAX_NAME)], woman_name[TEXT_BYTES(TEXT_MAX_NAME)];
};
/* Inserts h (state queued) with its sealed message; sets h->id. */
int ms_hukou_insert(struct db *db, struct hukou_row *h, const unsigned char *message, size_t len,
                    struct mz_err *err);
int ms_hukou_get(struct db *db, int64_t id, struct hukou_row *out, struct mz_err *err);
int ms_hukou_of_marriage(struct db *db, int64_t marriage_id, int64_t *id, struct mz_err *err);
/* The sealed message of move id into a new buffer (*out, *len; the
 * caller frees with mz_free). */
int ms_hukou_message(struct db *db, int64_t id, unsigned char **out, size_t *len,
                     struct mz_err *err);
/* Writes h's state, sent_at, answered_at and answer_note (updated now). */
int ms_hukou_update(struct db *db, const struct hukou_row *h, struct mz_err *err);
int ms_hukou_list(struct db *db, const char (*prefixes)[13], int n, const char *state,
                  int (*fn)(void *ctx, const struct hukou_row *h), void *ctx,
                  struct mz_err *err);

#endif
