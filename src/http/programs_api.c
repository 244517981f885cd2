/* The programs of the loaded policy files over HTTP, read-only, for every
 * account (the policies are public; nothing here depends on a division):
 * name, Chinese label, whom it pays (household or person), whether it is
 * paid monthly in rolls (a program decided by an application, not the
 * one-off 临时救助; not a program that only grants a service, such as
 * 探访关爱 or the elderly-care vouchers settled with providers) and the
 * application type that decides it. The web UI offers these to build a
 * program's first roll. */
#include "cases/procedure.h"
#include "http/handlers.h"
#include "http/json.h"
#include "policy/policy.h"

void h_programs(struct http_req *req, struct http_resp *resp)
{
    const struct pol_set *set = req->policies;
    if (!set) {
        http_problem(resp, 503, "unavailable", "服务未加载政策文件", NULL);
        return;
    }
    json_t *items = json_array();
    for (int p = 0; p < pol_program_count(set); p++) {
        const struct procedure *proc = proc_for_program(pol_program_name(set, p));
        if (!proc)
            continue; /* a service's targets (探访关爱), not applied for */
        json_array_append_new(
            items,
            json_pack("{s:s, s:s, s:s, s:b, s:s?}", "program", pol_program_name(set, p), "label",
                      pol_program_label(set, p), "entity",
                      pol_program_entity(set, p) == POL_PERSON ? "person" : "household", "monthly",
                      proc && !proc->is_one_off, "case_type", proc ? proc->type : NULL));
    }
    http_send_json(resp, 200,
                   json_pack("{s:s, s:o}", "policy_version", pol_version(set), "items", items));
}
