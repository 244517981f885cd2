/* Notices from the registry: composing (household, head, county, policy
 * explanation), issuing (number, PDF, SM2 signature, record, audit) and
 * checking a PDF against its signature and the record. */
#include "notice/issue.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "cases/procedure.h"
#include "crypto/seal.h"
#include "crypto/sm.h"
#include "crypto/vault.h"
#include "io/file.h"
#include "notice/ofd.h"
#include "notice/pdf.h"
#include "notice/stamp.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/regstore.h"

/* ---- composing ---- */

/* The household head: the first member as of the day (heads come first). */
struct head {
    int64_t person_id;
};

static int first_member(void *ctx, const struct member_row *m)
{
    ((struct head *)ctx)->person_id = m->person_id;
    return 1;
}

/* Removes a trailing 区 or 县 from a county name ("长寿区" → "长寿"). */
static void short_name(const char *name, char *out, size_t cap)
{
    size_t l = strlen(name);
    if (l > 3 && (strcmp(name + l - 3, "区") == 0 || strcmp(name + l - 3, "县") == 0))
        l -= 3;
    snprintf(out, cap, "%.*s", (int)l, name);
}

/* The authorities named by default: "<province><prefecture><county>" of the
 * household's division (a prefecture named 市辖区 or 县 is left out); and
 * the household's locality, the same names down to its community. */
#define PLACE_BYTES (5 * TEXT_BYTES(TEXT_MAX_DIVISION_NAME)) /* five division names */
struct authorities {
    char place[PLACE_BYTES], county[TEXT_BYTES(TEXT_MAX_DIVISION_NAME)];
    char locality[PLACE_BYTES];
    char bureau[PLACE_BYTES + 20], review[PLACE_BYTES + 20], court[PLACE_BYTES + 20];
    char prefix[TEXT_BYTES(TEXT_MAX_DIVISION_NAME) + 8];
};

static int authorities(struct db *db, const char *division, mz_date at, struct authorities *a,
                       struct mz_err *err)
{
    const size_t lens[] = {2, 4, 6, 9, 12};
    a->place[0] = a->locality[0] = '\0';
    for (int i = 0; i < 5 && lens[i] <= strlen(division); i++) {
        char code[13];
        snprintf(code, sizeof code, "%.*s", (int)lens[i], division);
        struct division_row d;
        int found = rs_division_at(db, code, at, &d, err);
        if (found < 0)
            return -1;
        if (!found)
            return mz_fail(err, "not_found",
                           "区划 %s 在 %s 时不存在，无法确定作出决定的机关（可用 --bureau 等指定）",
                           code, division);
        if (i == 1 && (strcmp(d.name, "市辖区") == 0 || strcmp(d.name, "县") == 0))
            continue;
        size_t l = strlen(a->locality);
        snprintf(a->locality + l, sizeof a->locality - l, "%s", d.name);
        if (i > 2)
            continue;
        l = strlen(a->place);
        snprintf(a->place + l, sizeof a->place - l, "%s", d.name);
        if (i == 2)
            snprintf(a->county, sizeof a->county, "%s", d.name);
    }
    snprintf(a->bureau, sizeof a->bureau, "%s民政局", a->place);
    snprintf(a->review, sizeof a->review, "%s人民政府", a->place);
    snprintf(a->court, sizeof a->court, "%s人民法院", a->place);
    char s[TEXT_BYTES(TEXT_MAX_DIVISION_NAME)];
    short_name(a->county, s, sizeof s);
    snprintf(a->prefix, sizeof a->prefix, "%s民决", s);
    return 0;
}

static mz_date month_after(mz_date d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    return m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
}

/* The program's verdict and monthly amount for the household (person
 * programs: any member eligible, amounts summed). */
static void verdict(const struct pol_set *set, const struct pol_snapshot *snap,
                    const struct pol_explanation *ex, int p, struct notice_outcome *out)
{
    int nm = pol_program_entity(set, p) == POL_PERSON
                 ? (int)(snap->member_start[1] - snap->member_start[0])
                 : 1;
    out->eligible = 0;
    out->amount = 0;
    for (int m = 0; m < nm; m++)
        if (pol_explanation_eligible(ex, p, m)) {
            out->eligible = 1;
            out->amount += pol_explanation_amount(ex, p, m);
        }
}

/* How program p pays: once when its procedure is one-off (临时救助), not
 * in cash when it declares no amount, else monthly. */
static enum notice_payment payment_of(const struct pol_set *set, int p)
{
    const struct procedure *proc = proc_for_program(pol_program_name(set, p));
    if (!pol_program_pays(set, p))
        return NOTICE_NO_CASH;
    return proc && proc->is_one_off ? NOTICE_ONE_OFF : NOTICE_MONTHLY;
}

/* Checks the decision against the verdict and settles the amounts. */
static int settle(struct db *db, const struct notice_request *req, const char *label,
                  struct notice_outcome *out, struct notice_facts *f, struct mz_err *err)
{
    int wants_eligible = req->decision == NOTICE_APPROVE || req->decision == NOTICE_CHANGE;
    if (wants_eligible != out->eligible)
        return mz_fail(err, "contradicts_policy",
                       "户 %s 截至该日%s%s条件，不能出具%s决定书（mz explain 查看各项条件）",
                       req->hh_no, out->eligible ? "符合" : "不符合", label,
                       notice_decision_word(req->decision));
    f->previous_amount = req->previous_amount;
    if (f->previous_amount < 0 && req->decision != NOTICE_APPROVE &&
        req->decision != NOTICE_REJECT) {
        int found = ns_current_amount(db, out->household_id, req->program, &f->previous_amount, err);
        if (found < 0)
            return -1;
        if (!found)
            f->previous_amount = -1;
    }
    if (req->decision == NOTICE_CHANGE && f->previous_amount < 0)
        return mz_fail(err, "no_previous",
                       "户 %s 没有在享的%s（没有准予或变更决定书），应出具准予决定书，或用 --previous 给出原月金额",
                       req->hh_no, label);
    if (!wants_eligible)
        out->amount = 0;
    f->amount = out->amount;
    return 0;
}

struct notice *notice_compose(struct db *db, const struct pol_set *set,
                              const struct notice_request *req, const char *number,
                              const char *verify_url, struct notice_outcome *out,
                              struct mz_err *err)
{
    int p = pol_program_find(set, req->program);
    if (p < 0) {
        mz_fail(err, "not_found", "没有名为 %s 的项目（mz policy check 列出全部项目）", req->program);
        return NULL;
    }
    struct household_row h;
    int found = rs_household_by_no(db, req->hh_no, &h, err);
    if (found <= 0) {
        if (found == 0)
            mz_fail(err, "not_found", "户编号 %s 不存在", req->hh_no);
        return NULL;
    }
    out->household_id = h.id;
    struct head head = {0};
    struct person_row person;
    if (rs_scan_members(db, req->as_of, h.id, first_member, &head, err) < 0)
        return NULL;
    if (!head.person_id) {
        char day[11];
        date_format(req->as_of, day);
        mz_fail(err, "no_members", "户 %s 在 %s 没有成员，不能出具决定书", req->hh_no, day);
        return NULL;
    }
    if (rs_person_get(db, head.person_id, &person, err) <= 0) {
        if (!err->code[0])
            mz_fail(err, "not_found", "户主（人员 %lld）不存在", (long long)head.person_id);
        return NULL;
    }
    struct authorities a;
    if (authorities(db, h.division, req->as_of, &a, err) < 0)
        return NULL;

    struct snap_request sreq = {.as_of = req->as_of, .household_id = h.id};
    struct pol_snapshot *snap = snap_load(db, set, &sreq, NULL, err);
    if (!snap)
        return NULL;
    struct notice *n = NULL;
    struct pol_explanation *ex = pol_explain_document(set, snap, 0, p, req->as_of, err);
    if (!ex)
        goto out_free_snap;
    verdict(set, snap, ex, p, out);
    mz_date issued = req->issued != MZ_DATE_NONE ? req->issued : req->as_of;
    struct notice_facts f = {
        .number = number,
        .bureau = req->bureau ? req->bureau : a.bureau,
        .review_authority = req->review_authority ? req->review_authority : a.review,
        .court = req->court ? req->court : a.court,
        .hh_no = h.hh_no,
        .locality = a.locality,
        .address = h.address,
        .head_name = person.name,
        .head_id_masked = person.id_masked,
        .program_label = pol_program_label(set, p),
        .decision = req->decision,
        .payment = payment_of(set, p),
        .effective = req->effective != MZ_DATE_NONE ? req->effective : month_after(issued),
        .as_of = req->as_of,
        .issued = issued,
        .policy_version = pol_version(set),
        .explanation = pol_explanation_text(ex),
        .verify_url = verify_url,
    };
    if (settle(db, req, f.program_label, out, &f, err) == 0)
        n = notice_build(&f, err);
    pol_explanation_free(ex);
out_free_snap:
    pol_snapshot_free(snap);
    return n;
}

/* ---- files ---- */

static int write_file(const char *path, const void *data, size_t n, struct mz_err *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return mz_fail(err, "io", "无法创建文件 %s：%s", path, strerror(errno));
    int ok = fwrite(data, 1, n, f) == n && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int e = errno;
    if (fclose(f) != 0 || !ok) {
        unlink(path);
        return mz_fail(err, "io", "写入文件 %s 失败：%s", path, strerror(ok ? errno : e));
    }
    return 0;
}

int notice_bureau_of(struct db *db, const char *division, mz_date at, char *out, size_t cap,
                     struct mz_err *err)
{
    struct authorities a;
    if (authorities(db, division, at, &a, err) < 0)
        return -1;
    snprintf(out, cap, "%s", a.bureau);
    return 0;
}

/* ---- issuing ---- */

void notice_ofd_path(const char *pdf_path, char *out, size_t cap)
{
    size_t l = strlen(pdf_path);
    if (l > 4 && strcasecmp(pdf_path + l - 4, ".pdf") == 0)
        snprintf(out, cap, "%.*s.ofd", (int)(l - 4), pdf_path);
    else
        snprintf(out, cap, "%s.ofd", pdf_path);
}

static void output_paths(const char *out_pdf, struct notice_files *f)
{
    snprintf(f->pdf, sizeof f->pdf, "%s", out_pdf);
    snprintf(f->sig, sizeof f->sig, "%s.sig", out_pdf);
    notice_ofd_path(out_pdf, f->ofd, sizeof f->ofd);
}

void notice_files_remove(const struct notice_files *f)
{
    unlink(f->pdf);
    unlink(f->sig);
    unlink(f->ofd);
}

/* Renders the PDF (with the seal's picture and the QR code) and the sealed
 * OFD, signs the PDF, writes the three files and fills the SM3s. */
static int render_all(const struct notice *n, const struct seal_row *seal, const char *url,
                      const char *key_path, struct notice_files *o, struct mz_err *err)
{
    struct notice_art art = {seal->picture, seal->picture_len, url};
    unsigned char *pdf = NULL, *ofd = NULL;
    size_t len, ofd_len;
    char *sig = NULL, *line = NULL;
    int rc = -1;
    if (notice_pdf_render(n, &art, &pdf, &len, err) < 0 ||
        seal_sign(key_path, pdf, len, &sig, err) < 0)
        goto out;
    art.seal_png = NULL; /* the OFD's seal is its stamp annotation */
    if (notice_ofd_render(n, &art, seal, key_path, &ofd, &ofd_len, err) < 0)
        goto out;
    sm3_hex(pdf, len, o->sm3);
    sm3_hex(ofd, ofd_len, o->ofd_sm3);
    size_t slen = strlen(sig);
    if (!(line = mz_malloc(slen + 2))) {
        mz_fail(err, "out_of_memory", "内存不足");
        goto out;
    }
    memcpy(line, sig, slen);
    line[slen] = '\n';
    if (write_file(o->pdf, pdf, len, err) < 0 || write_file(o->sig, line, slen + 1, err) < 0 ||
        write_file(o->ofd, ofd, ofd_len, err) < 0) {
        notice_files_remove(o);
        goto out;
    }
    rc = 0;
out:
    mz_free(line);
    mz_free(sig);
    mz_free(ofd);
    mz_free(pdf);
    return rc;
}

int notice_write(struct registry *r, const struct notice *n, const char *key_path,
                 const char *verify_url, const char *out_pdf, const char *actor,
                 struct notice_files *files, struct mz_err *err)
{
    if (strlen(out_pdf) + 5 > sizeof files->pdf)
        return mz_fail(err, "io", "输出文件名过长：%s", out_pdf);
    output_paths(out_pdf, files);
    struct seal_row seal;
    if (stamp_for(r, notice_bureau(n), key_path, notice_issued(n), actor, &seal, err) < 0)
        return -1;
    int rc = render_all(n, &seal, verify_url, key_path, files, err);
    ns_seal_free(&seal);
    return rc;
}

/* Keeps the signed PDF just written, sealed, for reading online. */
static int keep_pdf(struct registry *r, const struct notice_files *files, struct mz_err *err)
{
    char *pdf;
    size_t len;
    if (io_read_file(files->pdf, "决定书", &pdf, &len, err) < 0)
        return -1;
    size_t sealed_len = vault_sealed_len(len);
    unsigned char *sealed = mz_malloc(sealed_len);
    int rc = sealed ? 0 : mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0 && vault_seal(reg_vault(r), pdf, len, sealed) < 0)
        rc = mz_fail(err, "crypto", "加密决定书失败");
    if (rc == 0)
        rc = ns_pdf_put(reg_db(r), files->sm3, sealed, sealed_len, err);
    mz_free(sealed);
    mz_free(pdf);
    return rc;
}

int notice_pdf_read(struct registry *r, const char *sm3, const char *actor, char **pdf,
                    size_t *len, struct mz_err *err)
{
    *pdf = NULL;
    unsigned char *sealed;
    size_t n;
    int found = ns_pdf_get(reg_db(r), sm3, &sealed, &n, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail(err, "not_found", "此决定书的 PDF 未在线保存");
    char *plain = mz_malloc(n + 1), hex[65];
    int rc = plain ? 0 : mz_fail(err, "out_of_memory", "内存不足");
    if (rc == 0)
        rc = vault_unseal(reg_vault(r), sealed, n, plain, n + 1, len, err);
    if (rc == 0 && (sm3_hex(plain, *len, hex) < 0 || strcmp(hex, sm3) != 0))
        rc = mz_fail(err, "tampered", "决定书 PDF 与签发记录的 SM3 摘要不符");
    struct audit_event ev = {actor, "notice.read", "notice", sm3, NULL, NULL, "在线查看决定书"};
    if (rc == 0 && (rc = db_begin(reg_db(r), err)) == 0) {
        rc = audit_append(reg_db(r), reg_vault(r), &ev, err);
        if (rc == 0) rc = db_commit(reg_db(r), err);
        if (rc < 0) db_rollback(reg_db(r));
    }
    mz_free(sealed);
    if (rc < 0) {
        mz_free(plain);
        return -1;
    }
    *pdf = plain;
    return 0;
}

int notice_issue_tx(struct registry *r, const struct pol_set *set,
                    const struct notice_request *req, const char *key_path, const char *out_pdf,
                    const char *actor, struct notice_row *row, struct notice_outcome *out,
                    struct notice_files *files, struct mz_err *err)
{
    struct db *db = reg_db(r);
    memset(row, 0, sizeof *row);
    /* the code of the verification page: 128 random bits */
    unsigned char code[16];
    if (sm_random(code, sizeof code) < 0)
        return mz_fail(err, "crypto", "生成核验码失败");
    for (size_t i = 0; i < sizeof code; i++)
        snprintf(row->verify_code + 2 * i, 3, "%02x", code[i]);
    char url[1200];
    const char *base = req->verify_base ? req->verify_base : "";
    size_t bl = strlen(base);
    snprintf(url, sizeof url, "%.*s/#/verify/%s", (int)(bl && base[bl - 1] == '/' ? bl - 1 : bl),
             base, row->verify_code);
    int y, m, d;
    mz_date issued = req->issued != MZ_DATE_NONE ? req->issued : req->as_of;
    date_to_ymd(issued, &y, &m, &d);
    row->year = y;
    struct notice *n = NULL;
    int rc = -1;
    if (ns_next_seq(db, y, &row->seq, err) < 0)
        goto out;
    /* The number: the caller's prefix, else the household county's. */
    char number[sizeof row->number];
    if (req->number_prefix) {
        snprintf(number, sizeof number, "%s〔%d〕%d号", req->number_prefix, y, row->seq);
    } else {
        struct household_row h;
        struct authorities a;
        int found = rs_household_by_no(db, req->hh_no, &h, err);
        if (found == 0)
            mz_fail(err, "not_found", "户编号 %s 不存在", req->hh_no);
        if (found <= 0 || authorities(db, h.division, req->as_of, &a, err) < 0)
            goto out;
        snprintf(number, sizeof number, "%s〔%d〕%d号", a.prefix, y, row->seq);
    }
    if (!(n = notice_compose(db, set, req, number, url, out, err)))
        goto out;
    snprintf(row->number, sizeof row->number, "%s", number);
    row->household_id = out->household_id;
    snprintf(row->program, sizeof row->program, "%s", req->program);
    snprintf(row->decision, sizeof row->decision, "%s", notice_decision_name(req->decision));
    row->amount = out->amount;
    row->as_of = req->as_of;
    row->issued = issued;
    row->effective = req->effective != MZ_DATE_NONE ? req->effective : month_after(issued);
    row->policy_version = pol_version(set);
    row->text = notice_text(n);
    if (notice_write(r, n, key_path, url, out_pdf, actor, files, err) < 0)
        goto out;
    memcpy(row->sm3, files->sm3, sizeof row->sm3);
    memcpy(row->ofd_sm3, files->ofd_sm3, sizeof row->ofd_sm3);
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)out->household_id);
    struct audit_event ev = {actor, "notice.issue", "household", idtext, NULL, row->sm3,
                             notice_decision_name(req->decision)};
    if (ns_add(db, row, err) < 0 || keep_pdf(r, files, err) < 0 ||
        audit_append(db, reg_vault(r), &ev, err) < 0) {
        notice_files_remove(files);
        goto out;
    }
    rc = 0;
out:
    row->text = NULL;
    notice_free(n);
    return rc;
}

int notice_issue(struct registry *r, const struct pol_set *set, const struct notice_request *req,
                 const char *key_path, const char *out_pdf, const char *actor,
                 struct notice_row *row, struct notice_outcome *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct notice_files files;
    if (db_begin(db, err) < 0)
        return -1;
    if (notice_issue_tx(r, set, req, key_path, out_pdf, actor, row, out, &files, err) < 0) {
        db_rollback(db);
        return -1;
    }
    if (db_commit(db, err) < 0) {
        notice_files_remove(&files);
        db_rollback(db);
        return -1;
    }
    return 0;
}

/* ---- checking ---- */

/* Checks an OFD: its seal signature and files, and that the seal's
 * certificate holds the bureau's key. */
static int check_ofd(const unsigned char *ofd, size_t len, const char *pub_path,
                     struct notice_check *out, struct mz_err *err)
{
    struct ofd_check ck;
    if (notice_ofd_check(ofd, len, pub_path, &ck, err) < 0)
        return -1;
    out->files = ck.files;
    snprintf(out->seal, sizeof out->seal, "%s", ck.ses.name);
    out->signature_ok = ck.ok;
    out->why = ck.why;
    return 0;
}

int notice_check(const char *path, const char *pub_path, struct db *db, struct notice_check *out,
                 struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    out->registered = -1;
    char *data, *sig = NULL;
    size_t len, slen;
    if (io_read_file(path, "决定书", &data, &len, err) < 0)
        return -1;
    sm3_hex(data, len, out->sm3);
    int rc = 0;
    out->ofd = len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
    if (out->ofd) {
        rc = check_ofd((const unsigned char *)data, len, pub_path, out, err);
    } else {
        char sig_path[4200];
        if (snprintf(sig_path, sizeof sig_path, "%s.sig", path) >= (int)sizeof sig_path) {
            rc = mz_fail(err, "io", "文件名过长：%s", path);
            goto out_free;
        }
        if (io_read_file(sig_path, "签名文件", &sig, &slen, err) < 0) {
            rc = -1;
            goto out_free;
        }
        int ok = seal_verify(pub_path, data, len, sig, &out->why);
        if (ok < 0) {
            *err = out->why;
            rc = -1;
            goto out_free;
        }
        out->signature_ok = ok;
    }
    if (rc == 0 && db) {
        int found = ns_by_sm3(db, out->sm3, &out->row, err);
        if (found < 0)
            rc = -1;
        else
            out->registered = found;
    }
out_free:
    mz_free(sig);
    mz_free(data);
    return rc;
}
