/* libFuzzer target for the sealed-OFD reader (notice/ofd.h, `mz notice
 * verify`, POST /api/v1/verify/ofd): any bytes as the package, checked
 * without a signer key. Whatever the input, the check either runs and
 * names the first thing that failed, or refuses with a message; nothing is
 * read outside the input. */
#include <stddef.h>
#include <stdint.h>

#include "base/mem.h"
#include "notice/ofd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* exactly size bytes of our own: ASan sees an overread */
    unsigned char *ofd = mz_malloc(size ? size : 1);
    if (!ofd) return 0;
    __builtin_memcpy(ofd, data, size);
    struct ofd_check out = {0};
    struct mz_err err = {0};
    int rc = notice_ofd_check(ofd, size, NULL, &out, &err);
    if ((rc < 0 && !err.msg[0]) || (rc == 0 && !out.ok && !out.why.msg[0])) __builtin_trap();
    mz_free(ofd);
    return 0;
}
