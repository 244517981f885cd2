/* Notices from the registry: composing (household, head, county, policy
 * explanation), issuing (number, PDF, SM2 signature, record, audit) and
 * checking a PDF against its signature and the record. */
#include "notice/issue.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "base/text.h"
#include "cases/procedure.h"
#include "crypto/seal.h"
#include "crypto/sm.h"
#include "io/file.h"
#include "notice/pdf.h"
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
 * household's division (a prefecture named 市辖区 or 县 is left out). */
#define PLACE_BYTES (3 * TEXT_BYTES(TEXT_MAX_DIVISION_NAME)) /* three division names */
struct authorities {
    char place[PLACE_BYTES], county[TEXT_BYTES(TEXT_MAX_DIVISION_NAME)];
    char bureau[PLACE_BYTES + 20], review[PLACE_BYTES + 20], court[PLACE_BYTES + 20];
    char prefix[TEXT_BYTES(TEXT_MAX_DIVISION_NAME) + 8];
};

static int authorities(struct db *db, const char *division, mz_date at, struct authorities *a,
                       struct mz_err *err)
{
    const size_t lens[] = {2, 4, 6};
    a->place[0] = '\0';
    for (int i = 0; i < 3; i++) {
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
        size_t l = strlen(a->place);
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
                              struct notice_outcome *out, struct mz_err *err)
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
    struct pol_explanation *ex = pol_explain(set, snap, 0, p, req->as_of, err);
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

/* ---- issuing ---- */

/* Renders, signs and writes the PDF and its signature; fills row->sm3. */
static int render_and_sign(const struct notice *n, const char *key_path, const char *out_pdf,
                           struct notice_row *row, struct mz_err *err)
{
    unsigned char *pdf;
    size_t len;
    if (notice_pdf_render(n, &pdf, &len, err) < 0)
        return -1;
    char *sig = NULL, sig_path[4200];
    int rc = -1;
    if (snprintf(sig_path, sizeof sig_path, "%s.sig", out_pdf) >= (int)sizeof sig_path) {
        mz_fail(err, "io", "输出文件名过长：%s", out_pdf);
        goto out_free_pdf;
    }
    if (seal_sign(key_path, pdf, len, &sig, err) < 0)
        goto out_free_pdf;
    sm3_hex(pdf, len, row->sm3);
    size_t slen = strlen(sig);
    if (write_file(out_pdf, pdf, len, err) < 0)
        goto out_free_sig;
    char *line = mz_malloc(slen + 2);
    if (!line) {
        mz_fail(err, "out_of_memory", "内存不足");
        unlink(out_pdf);
        goto out_free_sig;
    }
    memcpy(line, sig, slen);
    line[slen] = '\n';
    rc = write_file(sig_path, line, slen + 1, err);
    mz_free(line);
    if (rc < 0)
        unlink(out_pdf);
out_free_sig:
    mz_free(sig);
out_free_pdf:
    mz_free(pdf);
    return rc;
}

int notice_sign_pdf(const struct notice *n, const char *key_path, const char *out_pdf,
                    char sm3[65], struct mz_err *err)
{
    struct notice_row row = {0};
    if (render_and_sign(n, key_path, out_pdf, &row, err) < 0)
        return -1;
    snprintf(sm3, 65, "%s", row.sm3);
    return 0;
}

int notice_issue(struct registry *r, const struct pol_set *set, const struct notice_request *req,
                 const char *key_path, const char *out_pdf, const char *actor,
                 struct notice_row *row, struct notice_outcome *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    memset(row, 0, sizeof *row);
    if (db_begin(db, err) < 0)
        return -1;
    int y, m, d;
    mz_date issued = req->issued != MZ_DATE_NONE ? req->issued : req->as_of;
    date_to_ymd(issued, &y, &m, &d);
    row->year = y;
    struct notice *n = NULL;
    if (ns_next_seq(db, y, &row->seq, err) < 0)
        goto fail;
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
            goto fail;
        snprintf(number, sizeof number, "%s〔%d〕%d号", a.prefix, y, row->seq);
    }
    if (!(n = notice_compose(db, set, req, number, out, err)))
        goto fail;
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
    if (render_and_sign(n, key_path, out_pdf, row, err) < 0)
        goto fail;
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)out->household_id);
    struct audit_event ev = {actor, "notice.issue", "household", idtext, NULL, row->sm3,
                             notice_decision_name(req->decision)};
    if (ns_add(db, row, err) < 0 || audit_append(db, reg_vault(r), &ev, err) < 0 ||
        db_commit(db, err) < 0) {
        char sig_path[4200];
        snprintf(sig_path, sizeof sig_path, "%s.sig", out_pdf);
        unlink(out_pdf);
        unlink(sig_path);
        goto fail;
    }
    row->text = NULL;
    notice_free(n);
    return 0;
fail:
    db_rollback(db);
    row->text = NULL;
    notice_free(n);
    return -1;
}

/* ---- checking ---- */

int notice_check(const char *pdf_path, const char *pub_path, struct db *db,
                 struct notice_check *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    out->registered = -1;
    char sig_path[4200];
    if (snprintf(sig_path, sizeof sig_path, "%s.sig", pdf_path) >= (int)sizeof sig_path)
        return mz_fail(err, "io", "文件名过长：%s", pdf_path);
    char *pdf, *sig;
    size_t len, slen;
    if (io_read_file(pdf_path, "决定书", &pdf, &len, err) < 0)
        return -1;
    if (io_read_file(sig_path, "签名文件", &sig, &slen, err) < 0) {
        mz_free(pdf);
        return -1;
    }
    sm3_hex(pdf, len, out->sm3);
    int rc = seal_verify(pub_path, pdf, len, sig, &out->why);
    if (rc < 0) {
        *err = out->why;
        goto out_free;
    }
    out->signature_ok = rc;
    rc = 0;
    if (db) {
        int found = ns_by_sm3(db, out->sm3, &out->row, err);
        if (found < 0)
            rc = -1;
        else
            out->registered = found;
    }
out_free:
    mz_free(sig);
    mz_free(pdf);
    return rc;
}
