/* The public verification page's answer (扫码验真): what the QR code on a
 * notice leads to. No account: the code (128 random bits, printed on the
 * notice) is the key. It states the notice's number, issuer, title, date,
 * the SM3 of its PDF and OFD, and whether a later decision on the same
 * household and program supersedes it — nothing personal that the holder
 * does not already have. */
#include <string.h>

#include "http/handlers.h"
#include "http/json.h"
#include "http/scope.h"
#include "registry/registry.h"
#include "store/noticestore.h"

/* 32 lower-case hex digits. */
static int is_code(const char *s)
{
    return strlen(s) == 32 && strspn(s, "0123456789abcdef") == 32;
}

void h_notice_verify(struct http_req *req, struct http_resp *resp)
{
    const char *code = req->params[0];
    struct notice_public n;
    struct mz_err err = {0};
    int found = is_code(code) ? ns_by_code(reg_db(req->reg), code, &n, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (found == 0) {
        http_not_found(resp, "核验码", code);
        return;
    }
    char issued[11];
    date_format(n.issued, issued);
    http_send_json(resp, 200,
                   json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:b, s:s?}", "number", n.number,
                             "issuer", n.issuer, "title", n.title, "issued", issued, "sm3", n.sm3,
                             "ofd_sm3", n.ofd_sm3[0] ? n.ofd_sm3 : NULL, "in_force",
                             n.superseded_by[0] == '\0', "superseded_by",
                             n.superseded_by[0] ? n.superseded_by : NULL));
}
