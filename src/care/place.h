/* Where homes and communities lie, for straight-line distances (dispatch
 * to the nearest provider, check-in distance, the meal-service circle).
 * The registry holds no coordinates for households or divisions, so a
 * place's position is derived, deterministically, from its division: the
 * centre of the providers in its street (9-digit code), else in its county
 * (6 digits), else the city centre (解放碑, 106.577 E 29.557 N; rough), moved by an
 * offset drawn from a hash of the place's key (a household number, a
 * community code) within 800 m, 3 km or 10 km respectively. Every answer
 * built on it says the position is derived. */
#ifndef MZ_CARE_PLACE_H
#define MZ_CARE_PLACE_H

#include <stdbool.h>

#include "base/err.h"
#include "store/db.h"

struct care_point {
    double lon, lat;
    bool derived; /* always true today: no recorded coordinates exist */
    bool rough;   /* no provider in its county: only the city is known */
};

/* The position of place key in division. 0 or -1 on a database error. */
int care_place(struct db *db, const char *division, const char *key, struct care_point *out,
               struct mz_err *err);

#endif
