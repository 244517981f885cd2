/* The SMS gateway interface. minzheng never talks to an operator itself:
 * every message goes into the outbox (table sms_outbox, phone and text
 * sealed by the vault), from which a gateway drains it — in development
 * `mz sms outbox` prints the messages; a real gateway reads the unsent
 * ones and marks each sent (docs/portal.md). */
#ifndef MZ_AUTH_SMS_H
#define MZ_AUTH_SMS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct registry;

#define SMS_TEXT_MAX 280 /* bytes of one message */

struct sms_message {
    int64_t id;
    char phone[32];
    char text[SMS_TEXT_MAX];
    char created_at[32], sent_at[32]; /* sent_at "" while unsent */
};

/* Queues text for phone, inside the caller's transaction. */
int sms_send(struct registry *r, const char *phone, const char *text, struct mz_err *err);

/* Calls fn for each unsent message (every message if all) in order; with
 * drain, marks each sent after fn accepted it (returned 0), in one
 * transaction with an audit entry per message (sms.sent, under actor).
 * Stops on a non-zero return of fn. */
int sms_outbox(struct registry *r, bool all, bool drain, const char *actor,
               int (*fn)(void *ctx, const struct sms_message *m), void *ctx, struct mz_err *err);

#endif
