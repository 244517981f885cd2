/* libFuzzer target for JSON request bodies as the API reads them: any bytes
 * as the body of a person's POST (http_json_object, then
 * http_object_strings as http_body_strings does), each value through
 * the text checks and the date parser. Whatever the input, a refusal is a
 * 4xx problem whose body is valid JSON (a message cut inside a character
 * once made Jansson refuse it: a bare 500), and an accepted value is valid
 * UTF-8. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "http/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A problem answer must be one JSON object with a 4xx status. */
static void check_problem(struct http_resp *resp)
{
    if (resp->status < 400 || resp->status > 499 || !resp->body)
        __builtin_trap();
    json_error_t e;
    json_t *o = json_loadb(resp->body, resp->len, 0, &e);
    if (!o || !json_is_object(o) || !json_is_string(json_object_get(o, "code")))
        __builtin_trap();
    json_decref(o);
    mz_free(resp->body);
    *resp = (struct http_resp){0};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *body = mz_malloc(size + 1);
    if (!body)
        return 0;
    memcpy(body, data, size);
    body[size] = '\0';
    struct http_resp resp = {0};
    static const char *const names[] = {"id_number", "name",     "sex",      "birth_date", "hukou",
                                        "division",  "household_no", "relation", "phone", NULL};
    static const size_t limits[] = {TEXT_MAX_WORD, TEXT_MAX_NAME, TEXT_MAX_WORD,
                                    TEXT_MAX_WORD, TEXT_MAX_WORD, TEXT_MAX_WORD,
                                    TEXT_MAX_HOUSEHOLD_NO, TEXT_MAX_WORD, TEXT_MAX_WORD};
    const char *v[9];
    json_t *o = http_json_object(body, size, &resp);
    if (o && !http_object_strings(o, &resp, names, v)) {
        json_decref(o);
        o = NULL;
    }
    if (!o) {
        check_problem(&resp);
    } else {
        for (size_t i = 0; i < 9; i++) {
            if (!v[i])
                continue;
            if (!text_utf8_valid(v[i]))
                __builtin_trap();
            struct mz_err err = {0};
            if (text_check(v[i], names[i], names[i], limits[i],
                           i == 1 ? TEXT_NAME : TEXT_LINE, &err) < 0) {
                if (!err.msg[0] || !text_utf8_valid(err.msg))
                    __builtin_trap();
                http_problem_err(&resp, &err);
                check_problem(&resp);
            }
            mz_date d;
            if (!http_body_date(v[i], &resp, &d) && resp.body)
                check_problem(&resp);
            mz_free(resp.body);
            resp = (struct http_resp){0};
        }
        json_decref(o);
    }
    mz_free(body);
    return 0;
}
