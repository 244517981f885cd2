/* libFuzzer target for the electronic seal signature reader (crypto/ses.h,
 * GB/T 38540 SES_Signature in DER, the SignedValue.dat of a sealed OFD):
 * any bytes as the signature over a fixed text. A signature that fails
 * names the first check that failed; what a valid-looking one points to
 * (the seal's picture, the certificate) lies within the input. */
#include <stddef.h>
#include <stdint.h>

#include "base/mem.h"
#include "crypto/ses.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int within(const unsigned char *p, size_t n, const unsigned char *der, size_t size)
{
    return !p || (p >= der && n <= size && p + n <= der + size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *der = mz_malloc(size ? size : 1);
    if (!der) return 0;
    __builtin_memcpy(der, data, size);
    static const char signed_text[] = "<ofd:Signature/>";
    struct ses_check out = {0};
    ses_verify(der, size, signed_text, sizeof signed_text - 1, &out);
    if ((!out.ok && !out.why.msg[0]) || !within(out.png, out.png_len, der, size) ||
        !within(out.cert, out.cert_len, der, size))
        __builtin_trap();
    mz_free(der);
    return 0;
}
