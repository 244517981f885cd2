/* libFuzzer target for uploads as the API reads them: the input's first
 * line is the Content-Type, the rest the body (multipart_file for field
 * "file"), then the file through the case-file checks (case_attach_check).
 * Whatever the input, a part found lies within the body, a refusal has a
 * code and a valid UTF-8 message, and nothing is read past the end. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "cases/attachment.h"
#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl || nl - data > 200)
        return 0;
    char ctype[201];
    memcpy(ctype, data, (size_t)(nl - data));
    ctype[nl - data] = '\0';
    size_t len = size - (size_t)(nl - data) - 1;
    char *body = mz_malloc(len ? len : 1); /* exactly len bytes: ASan sees an overread */
    if (!body)
        return 0;
    memcpy(body, nl + 1, len);
    struct mz_err err = {0};
    char name[256];
    const char *file;
    size_t n;
    if (multipart_file(ctype, body, len, "file", name, sizeof name, &file, &n, &err) < 0) {
        if (!err.code[0] || !text_utf8_valid(err.msg))
            __builtin_trap();
    } else {
        if (file < body || file + n > body + len)
            __builtin_trap();
        const char *mime;
        struct mz_err check = {0};
        if (case_attach_check(name, file, n, &mime, &check) < 0 &&
            (!check.code[0] || !text_utf8_valid(check.msg)))
            __builtin_trap();
    }
    mz_free(body);
    return 0;
}
