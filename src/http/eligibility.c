/* A program's decision for one household as JSON, shared by the resident
 * self-check and the household page: eligibility and monthly amount (per
 * member for person programs), each criterion held or not, the engine's
 * explanation, and how to apply. */
#include <string.h>

#include "cases/procinfo.h"
#include "http/api.h"
#include "http/handlers.h"
#include "policy/policy.h"
#include "policy/snapshot.h"

/* The explanation from the program's heading on (the first line names the
 * snapshot's household, meaningless to a resident). */
static json_t *explanation_json(const struct pol_explanation *ex)
{
    const char *text = pol_explanation_text(ex), *head = strstr(text, "【");
    return json_string(head ? head : text);
}

static json_t *criteria_json(const struct pol_set *set, const struct pol_explanation *ex, int p,
                             int member)
{
    json_t *a = json_array();
    for (int k = 0; k < pol_program_criteria(set, p); k++)
        json_array_append_new(a, json_pack("{s:s, s:b}", "label",
                                           pol_program_criterion_label(set, p, k), "held",
                                           pol_explanation_criterion(ex, p, member, k) == 1));
    return a;
}

json_t *http_program_json(const struct pol_set *set, const struct pol_snapshot *snap,
                          const struct pol_explanation *ex, int p, const int64_t *person_ids)
{
    bool person = pol_program_entity(set, p) == POL_PERSON;
    int64_t total = 0;
    bool any = false;
    json_t *members = json_array();
    for (size_t m = 0; m < (person ? snap->npersons : 1); m++) {
        bool ok = pol_explanation_eligible(ex, p, (int)m) == 1;
        int64_t amount = ok ? pol_explanation_amount(ex, p, (int)m) : 0;
        any |= ok;
        total += amount;
        json_t *o = person ? json_pack("{s:i, s:b, s:f, s:o}", "member", (int)m, "eligible", ok,
                                       "amount", (double)amount / 100.0, "criteria",
                                       criteria_json(set, ex, p, (int)m))
                           : NULL;
        if (o && person_ids)
            json_object_set_new(o, "person_id", json_integer(person_ids[m]));
        if (o)
            json_array_append_new(members, o);
    }
    struct proc_apply apply;
    proc_apply_for(pol_program_name(set, p), &apply);
    json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:f, s:o, s:{s:s, s:s, s:s}}", "program",
                          pol_program_name(set, p), "label", pol_program_label(set, p), "entity",
                          person ? "person" : "household", "eligible", any, "amount",
                          (double)total / 100.0, "explanation", explanation_json(ex), "apply",
                          "procedure", apply.procedure ? apply.procedure : pol_program_label(set, p), "where",
                          apply.where, "bring", apply.bring);
    if (o)
        json_object_set_new(o, person ? "members" : "criteria",
                            person ? members : criteria_json(set, ex, p, 0));
    if (!person || !o)
        json_decref(members);
    return o;
}


const char *http_program_label(const struct http_req *req, const char *program)
{
    int p = req->policies ? pol_program_find(req->policies, program) : -1;
    return p >= 0 ? pol_program_label(req->policies, p) : program;
}
