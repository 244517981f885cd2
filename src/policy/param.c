/* Parameter resolution: the entry in force for a region (division code
 * prefix, urban or rural) on a date, and indexation (`follows`) and
 * equality (`same as`) between parameters. */
#include <string.h>

#include "policy/internal.h"

const struct pentry *pol_param_entry(const struct pol_set *set, int p, const char *division,
                                     int rural, mz_date at)
{
    const struct param *pm = set->params[p];
    const struct pentry *best = NULL;
    int best_score = -1;
    for (int i = 0; i < pm->nentries; i++) {
        const struct pentry *e = &pm->entries[i];
        size_t len = strlen(e->prefix);
        if (e->from > at || strncmp(division, e->prefix, len) != 0)
            continue;
        if ((e->variant == VAR_URBAN && rural) || (e->variant == VAR_RURAL && !rural))
            continue;
        /* the most specific region wins, then the latest date, then the
         * entry added last (an override from the same day as a file entry) */
        int score = (int)len * 2 + (e->variant != VAR_ANY);
        if (score > best_score || (score == best_score && e->from >= best->from)) {
            best = e;
            best_score = score;
        }
    }
    return best;
}

int64_t pol_param_value(const struct pol_set *set, int p, const char *division, int rural,
                        mz_date at)
{
    const struct param *pm = set->params[p];
    if (pm->within)
        return strncmp(division, pm->within, strlen(pm->within)) == 0;
    const struct pentry *e = pol_param_entry(set, p, division, rural, at);
    if (!e)
        return 0;
    switch (e->kind) {
    case PV_SAME:
        return pol_param_value(set, e->ref, division, rural, at);
    case PV_FOLLOWS:
        return pol_wrap_add(e->value,
                            pol_wrap_sub(pol_param_value(set, e->ref, division, rural, at),
                                         pol_param_value(set, e->ref, division, rural, e->from)));
    case PV_VALUE:
        break;
    }
    return e->value;
}

int pol_param_lookup(const struct pol_set *set, const char *name, const char *division,
                     int rural, mz_date at, int64_t *out)
{
    int p = pol_find_param(set, name);
    if (p < 0)
        return 0;
    *out = pol_param_value(set, p, division, rural, at);
    return 1;
}
