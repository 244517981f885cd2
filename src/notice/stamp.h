/* The bureaus' electronic seals (印章). Each bureau that issues documents
 * has a seal record (table seals): its picture — a round red seal, 42 mm
 * across, with the bureau's name around a five-pointed star, drawn with
 * cairo and pango — the X.509 certificate of the installation's SM2 key
 * for the bureau, and the GB/T 38540 SESeal made from them (crypto/ses.h),
 * valid for five years. stamp_for finds the bureau's seal valid on a day
 * whose certificate holds the key, or makes one (audited "seal.make"). */
#ifndef MZ_NOTICE_STAMP_H
#define MZ_NOTICE_STAMP_H

#include <stddef.h>

#include "base/date.h"
#include "base/err.h"
#include "store/noticestore.h"

struct registry;

#define STAMP_YEARS 5 /* a seal's validity */

/* Draws the seal's picture for `name` as a PNG (transparent outside the
 * seal, 12 pixels a millimetre): *png (mz_free) of *len bytes. */
int stamp_picture(const char *name, unsigned char **png, size_t *len, struct mz_err *err);

/* The seal of `bureau` valid on day `on` made with the key at key_path,
 * made and recorded (by actor) if there is none. Call inside the caller's
 * transaction. Free *out with ns_seal_free. */
int stamp_for(struct registry *r, const char *bureau, const char *key_path, mz_date on,
              const char *actor, struct seal_row *out, struct mz_err *err);

#endif
