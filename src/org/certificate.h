/* The registration certificate of a social organization (社会团体法人登记
 * 证书, 社会服务机构登记证书, 基金会法人登记证书) as the registering bureau
 * issues it: a PDF and an OFD under the bureau's electronic seal, through
 * the shared notice part (notice/issue.h notice_write): the 统一社会信用代码
 * as its number, name, domicile, legal representative, supervising unit,
 * field, registered funds in figures and 大写, the date registered. */
#ifndef MZ_ORG_CERTIFICATE_H
#define MZ_ORG_CERTIFICATE_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "notice/issue.h"

struct mon_env;

/* Issues the certificate of registered organization id dated `issued`,
 * sealed with the key at key_path, into out_pdf and the OFD beside it
 * (files gets their paths and SM3s); audited "org.certificate". Fails with
 * wrong_state unless the organization is registered. */
int org_certificate(const struct mon_env *env, int64_t id, mz_date issued, const char *key_path,
                    const char *out_pdf, const char *actor, struct notice_files *files,
                    struct mz_err *err);

#endif
