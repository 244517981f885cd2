/* Checking a sealed OFD (see ofd.h): following the package's own pointers
 * (OFD.xml → Signatures.xml → Signature.xml → SignedValue.dat) with
 * libxml2, every listed file's SM3, and the seal signature (crypto/ses). */
#include "notice/ofd.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/evp.h>

#include "base/mem.h"
#include "crypto/seal.h"
#include "crypto/sm.h"
#include "notice/ofdpkg.h"

/* The first element under n (depth first) with this local name. */
static xmlNode *find(xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
        xmlNode *c = find(n->children, name);
        if (c)
            return c;
    }
    return NULL;
}

/* The text of the first element `name` in doc into out, without a leading
 * "/"; "" if there is none. */
static void text_of(xmlDoc *doc, const char *name, char *out, size_t cap)
{
    xmlNode *n = find(xmlDocGetRootElement(doc), name);
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    const char *s = t ? (const char *)t : "";
    snprintf(out, cap, "%s", s + (*s == '/'));
    xmlFree(t);
}

static xmlDoc *parse(const struct ofd_pkg *p, const char *name, struct ofd_check *out)
{
    const struct ofd_file *f = ofd_pkg_find(p, name);
    xmlDoc *doc = f ? xmlReadMemory((const char *)f->data, (int)f->len, name, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                    : NULL;
    if (!doc)
        mz_fail(&out->why, f ? "bad_ofd" : "unsealed", "%s%.80s", f ? "XML 格式错误：" : "缺少 ",
                name);
    return doc;
}

/* Checks each Reference of the signature against its file. */
static int check_references(const struct ofd_pkg *p, xmlDoc *sig, const char *sig_name,
                            const char *value_name, struct ofd_check *out)
{
    xmlNode *refs = find(xmlDocGetRootElement(sig), "References");
    xmlChar *method = refs ? xmlGetProp(refs, (const xmlChar *)"CheckMethod") : NULL;
    int sm3 = method && (strcmp((char *)method, SES_SM3_OID) == 0 ||
                         strcmp((char *)method, "SM3") == 0);
    xmlFree(method);
    if (!sm3)
        return mz_fail(&out->why, "bad_ofd", "签名的文件摘要算法不是 SM3");
    char listed[OFD_MAX_FILES] = {0};
    for (xmlNode *r = refs->children; r; r = r->next) {
        if (r->type != XML_ELEMENT_NODE || strcmp((const char *)r->name, "Reference") != 0)
            continue;
        xmlChar *ref = xmlGetProp(r, (const xmlChar *)"FileRef");
        xmlNode *cv = find(r->children, "CheckValue");
        xmlChar *value = cv ? xmlNodeGetContent(cv) : NULL;
        const char *name = ref ? (const char *)ref + (ref[0] == '/') : "";
        const struct ofd_file *f = ofd_pkg_find(p, name);
        unsigned char h[SM3_LEN], want[64];
        int n = value ? EVP_DecodeBlock(want, value, (int)strlen((char *)value)) : -1;
        int ok = f && n >= SM3_LEN && sm3_digest(f->data, f->len, h) == 0 &&
                 sm_equal(h, want, SM3_LEN);
        if (f)
            listed[f - p->files] = 1;
        if (!ok)
            mz_fail(&out->why, f ? "data_changed" : "bad_ofd", "%s %.80s", 
                    f ? "文件内容已被改动（SM3 摘要不符）：" : "签名列出的文件不存在：", name);
        xmlFree(ref);
        xmlFree(value);
        if (!ok)
            return -1;
        out->files++;
    }
    for (size_t i = 0; i < p->n; i++)
        if (!listed[i] && strcmp(p->files[i].name, sig_name) != 0 &&
            strcmp(p->files[i].name, value_name) != 0)
            return mz_fail(&out->why, "unlisted_file", "OFD 中有签名未保护的文件：%.80s",
                           p->files[i].name);
    return 0;
}

int notice_ofd_check(const unsigned char *ofd, size_t len, const char *key_path,
                     struct ofd_check *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct ofd_pkg p;
    if (ofd_pkg_unzip(ofd, len, &p, &out->why) < 0) {
        if (strcmp(out->why.code, "out_of_memory") == 0) {
            *err = out->why;
            return -1;
        }
        return 0;
    }
    char signs[128], sig_name[128], value_name[128];
    int rc = 0;
    xmlDoc *root = parse(&p, "OFD.xml", out), *list = NULL, *sig = NULL;
    if (!root)
        goto out;
    text_of(root, "Signatures", signs, sizeof signs);
    if (!signs[0]) {
        mz_fail(&out->why, "unsealed", "OFD 没有电子签章");
        goto out;
    }
    if (!(list = parse(&p, signs, out)))
        goto out;
    xmlNode *s = find(xmlDocGetRootElement(list), "Signature");
    xmlChar *loc = s ? xmlGetProp(s, (const xmlChar *)"BaseLoc") : NULL;
    snprintf(sig_name, sizeof sig_name, "%s", loc ? (const char *)loc + (loc[0] == '/') : "");
    xmlFree(loc);
    if (!(sig = parse(&p, sig_name, out)))
        goto out;
    text_of(sig, "SignedValue", value_name, sizeof value_name);
    const struct ofd_file *value = ofd_pkg_find(&p, value_name),
                          *signed_xml = ofd_pkg_find(&p, sig_name);
    if (!value) {
        mz_fail(&out->why, "unsealed", "缺少签名值文件 %.80s", value_name);
        goto out;
    }
    if (check_references(&p, sig, sig_name, value_name, out) < 0)
        goto out;
    ses_verify(value->data, value->len, signed_xml->data, signed_xml->len, &out->ses);
    if (!out->ses.ok) {
        out->why = out->ses.why;
        goto out;
    }
    if (key_path) {
        int m = seal_cert_matches(out->ses.cert, out->ses.cert_len, key_path, &out->why);
        if (m < 0) {
            *err = out->why;
            rc = -1;
        }
        if (m != 1)
            goto out;
    }
    out->ok = 1;
out:
    /* the seal's picture and certificate were in the package, freed below */
    out->ses.png = out->ses.cert = NULL;
    out->ses.png_len = out->ses.cert_len = 0;
    xmlFreeDoc(sig);
    xmlFreeDoc(list);
    xmlFreeDoc(root);
    ofd_pkg_free(&p);
    return rc;
}
