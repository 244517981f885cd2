/* What the work API handlers share (http-internal): warnings_api.c,
 * cases_api.c, rolls_api.c and queue_api.c. */
#ifndef MZ_HTTP_WORK_H
#define MZ_HTTP_WORK_H

#include <stdbool.h>
#include <stdint.h>

#include "http/api.h"
#include "store/casestore.h"

/* A case as the pages show it: labels and its deadline status today. */
struct http_case_summary {
    const char *type_label, *state_label; /* static Chinese text */
    bool is_final;
    bool known;        /* the calendar could count (false: a year it does not know) */
    bool has_deadline; /* the whole-process deadline still runs */
    bool provisional;  /* counted on the statutory holidays of a year whose 调休 is not imported */
    const char *flag, *flag_label; /* "none", "on_time", "due_soon", "overdue" ("unknown") */
    int days_left;                 /* working days to the deadline; < 0 past it */
    const char *step_flag;         /* the same for the current state's own limit */
    int step_left;
    const char *step_unit; /* "工作日", "自然日"; NULL when the state has no limit */
};
void http_case_summary(const struct http_req *req, const struct case_row *c,
                       struct http_case_summary *out);

/* Whether warning id exists and lies in the caller's scope: 1, 0 (missing
 * or out of scope alike), -1. */
int http_warning_visible(const struct http_req *req, int64_t id, struct mz_err *err);

#endif
