/* Derived positions of homes and communities (place.h). */
#include "care/place.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "store/providerstore.h"

struct centre {
    double lon, lat;
    int n;
};

static int add_provider(void *ctx, const struct provider_row *p)
{
    struct centre *c = ctx;
    c->lon += p->lon;
    c->lat += p->lat;
    c->n++;
    return 0;
}

/* The centre of the providers under the first len digits of division. */
static int centre_of(struct db *db, const char *division, size_t len, struct centre *c,
                     struct mz_err *err)
{
    char prefix[1][13] = {""};
    memset(c, 0, sizeof *c);
    if (strlen(division) < len) return 0;
    memcpy(prefix[0], division, len);
    prefix[0][len] = 0;
    if (pvs_provider_scan(db, (const char(*)[13])prefix, 1, NULL, add_provider, c, err) < 0)
        return -1;
    if (c->n) {
        c->lon /= c->n;
        c->lat /= c->n;
    }
    return 0;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

int care_place(struct db *db, const char *division, const char *key, struct care_point *out,
               struct mz_err *err)
{
    struct centre c;
    double radius = 800;
    out->rough = false;
    if (centre_of(db, division, 9, &c, err) < 0) return -1;
    if (!c.n) {
        radius = 3000;
        if (centre_of(db, division, 6, &c, err) < 0) return -1;
    }
    if (!c.n) {
        radius = 10000;
        c = (struct centre){106.577, 29.557, 1};
        out->rough = true;
    }
    uint64_t h = fnv1a(key);
    double angle = (double)(h & 0xffffffff) / 4294967296.0 * 2 * M_PI;
    double r = radius * sqrt((double)(h >> 32) / 4294967296.0);
    out->lat = c.lat + r * sin(angle) / 111320.0;
    out->lon = c.lon + r * cos(angle) / (111320.0 * cos(c.lat * M_PI / 180));
    out->derived = true;
    return 0;
}
