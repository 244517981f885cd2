/* The gazetteer (placename.h): classes, the naming rules of 地名管理条例
 * art 9 that a program can check, duplicates and homophones in scope,
 * recording a standard name, search text. */
#include "placename/internal.h"

#include <stdio.h>
#include <string.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "audit/audit.h"
#include "base/text.h"
#include "registry/divisions.h"
#include "registry/pinyin.h"
#include "registry/registry.h"
#include "store/regstore.h"

static const struct pn_class classes[] = {
    {"division", "行政区划", "按《行政区划管理条例》批准（第十二条第（二）项）", PN_SCOPE_COUNTRY,
     "第九条第（七）项：全国范围内的县级以上行政区划名称不应重名，并避免同音", DIV_COUNTY, false},
    {"township", "乡、镇", "按《行政区划管理条例》第九条由省级人民政府批准（第十二条第（二）项）",
     PN_SCOPE_PROVINCE, "第九条第（八）项：同一个省级行政区域内的乡、镇名称不应重名，并避免同音",
     DIV_TOWNSHIP, false},
    {"village", "村民委员会、居民委员会所在地", "按省级人民政府的规定批准（第十二条第（三）项）",
     PN_SCOPE_COUNTY,
     "第九条第（八）项：同一个县级行政区域内的村民委员会、居民委员会所在地名称不应重名，并避免同音",
     DIV_VILLAGE, false},
    {"road", "街路巷", "直辖市、市、县人民政府（第十二条第（五）项）", PN_SCOPE_COUNTY,
     "第九条第（八）项：同一个建成区内的街路巷名称不应重名，并避免同音（按区县核查）", 0, false},
    {"residential", "住宅区、楼宇", "住房和城乡建设主管部门征求地名行政主管部门意见后批准（第十二条第（六）项）",
     PN_SCOPE_COUNTY,
     "第九条第（八）项：同一个建成区内的住宅区、楼宇名称不应重名，并避免同音（按区县核查）", 0, true},
    {"natural", "自然地理实体", "按第十二条第（一）项的规定批准", PN_SCOPE_NONE, "", 0, false},
    {"park", "城市公园、自然保护地", "按国家有关规定批准（第十二条第（四）项）", PN_SCOPE_NONE, "",
     0, false},
    {"facility", "交通运输、水利、电力等设施", "有关主管部门批准（第十二条第（七）项）",
     PN_SCOPE_NONE, "", 0, true},
};
#define NCLASSES (int)(sizeof classes / sizeof classes[0])

const struct pn_class *pn_class_find(const char *name)
{
    for (int i = 0; name && i < NCLASSES; i++)
        if (strcmp(classes[i].name, name) == 0)
            return &classes[i];
    return NULL;
}

int pn_class_count(void)
{
    return NCLASSES;
}

const struct pn_class *pn_class_at(int i)
{
    return i >= 0 && i < NCLASSES ? &classes[i] : NULL;
}

const char *pn_status_label(const char *status)
{
    return strcmp(status, "standard") == 0   ? "标准地名"
           : strcmp(status, "proposed") == 0 ? "拟命名（审批中）"
           : strcmp(status, "abolished") == 0 ? "已废止"
                                               : status;
}

const char *pn_case_state_label(const char *state)
{
    return strcmp(state, "applied") == 0    ? "已申请"
           : strcmp(state, "approved") == 0 ? "已批准，待备案和公告"
           : strcmp(state, "done") == 0     ? "已备案并公告"
           : strcmp(state, "rejected") == 0 ? "不予批准"
                                            : state;
}

/* ---- the name itself -------------------------------------------------- */

/* Whether name is written in simplified characters: ICU's Hant-Hans
 * leaves it as it is. 1, 0, -1. */
static int simplified(const char *name, struct mz_err *err)
{
    UChar text[128], id[16];
    int32_t len;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(text, 128, &len, name, -1, &e);
    if (U_FAILURE(e) || len >= 128)
        return mz_fail_field(err, "name", "invalid_value", "标准名称过长");
    UChar was[128];
    u_memcpy(was, text, len);
    u_uastrcpy(id, "Hant-Hans");
    UTransliterator *t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    if (U_FAILURE(e))
        return mz_fail(err, "icu_error", "无法打开 ICU 转写器 Hant-Hans：%s", u_errorName(e));
    int32_t limit = len, n = len;
    utrans_transUChars(t, text, &n, 128, 0, &limit, &e);
    utrans_close(t);
    if (U_FAILURE(e))
        return mz_fail(err, "icu_error", "繁简转换失败：%s", u_errorName(e));
    return n == len && u_memcmp(was, text, len) == 0;
}

/* Art 9: 专名 + 通名, the national standard script and no rare characters
 * (taken as: simplified characters of the basic CJK block,
 * U+4E00–U+9FFF). */
static int check_name(const char *name, struct mz_err *err)
{
    if (!name || !*name)
        return mz_fail_field(err, "name", "missing_field", "请填写标准名称");
    if (text_check(name, "name", "标准名称", PN_MAX_NAME, TEXT_NAME, err) < 0)
        return -1;
    int32_t i = 0, len = (int32_t)strlen(name);
    while (i < len) {
        UChar32 c;
        int32_t at = i;
        U8_NEXT(name, i, len, c);
        if (c < 0x4E00 || c > 0x9FFF)
            return mz_fail_field(err, "name", "nonstandard_script",
                                 "标准名称第 %d 个字节起的“%.*s”不是通用规范汉字：地名应使用国家通用"
                                 "语言文字，避免使用生僻字（《地名管理条例》第九条第（三）项）",
                                 at + 1, i - at, name + at);
    }
    int simple = simplified(name, err);
    if (simple <= 0)
        return simple < 0 ? -1
                          : mz_fail_field(err, "name", "nonstandard_script",
                                          "标准名称“%s”含繁体字：地名应使用国家通用语言文字"
                                          "（《地名管理条例》第九条第（三）项）",
                                          name);
    size_t spec = pinyin_specific_len(name);
    if (spec == strlen(name) || spec == 0)
        return mz_fail_field(err, "name", "missing_generic",
                             "标准名称“%s”应由专名和通名两部分组成（《地名管理条例》第九条），%s", name,
                             spec ? "没有认出通名（如路、街、村、社区、镇、桥、广场）"
                                  : "没有专名");
    return 0;
}

int pn_parts(struct pinyin *py, const char *name, struct placename_row *p)
{
    size_t spec = pinyin_specific_len(name);
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->specific, sizeof p->specific, "%.*s", (int)spec, name);
    snprintf(p->generic, sizeof p->generic, "%s", name + spec);
    char initials[64];
    if (pinyin_place_name(py, name, p->pinyin, sizeof p->pinyin) < 0 ||
        pinyin_place_search(py, name, p->letters, sizeof p->letters, p->initials,
                            sizeof p->initials) < 0 ||
        pinyin_place_search(py, p->specific, p->specific_letters, sizeof p->specific_letters,
                            initials, sizeof initials) < 0)
        return -1;
    return 0;
}

/* ---- duplicates and homophones (art 9 (7)(8)) ------------------------- */

/* The county that holds division today, into county[13]: 1, 0 if above
 * county level, -1. */
static int county_of(struct db *db, const char *division, char county[13], struct mz_err *err)
{
    char cur[13];
    snprintf(cur, sizeof cur, "%s", division);
    for (int depth = 0; depth < 5; depth++) {
        struct division_row d;
        int found = rs_division_at(db, cur, date_today(), &d, err);
        if (found <= 0)
            return found;
        if (d.level == DIV_COUNTY) {
            snprintf(county, 13, "%s", d.code);
            return 1;
        }
        if (d.level < DIV_COUNTY)
            return 0;
        snprintf(cur, sizeof cur, "%s", d.parent);
    }
    return 0;
}

int pn_scope_prefixes(struct db *db, const struct pn_class *cls, const char *division,
                      char (*out)[13], int *n, struct mz_err *err)
{
    *n = 0;
    if (cls->scope == PN_SCOPE_PROVINCE) {
        snprintf(out[0], 13, "%.2s", division);
        *n = 1;
        return 0;
    }
    if (cls->scope != PN_SCOPE_COUNTY)
        return 0;
    char county[13];
    int found = county_of(db, division, county, err);
    if (found <= 0)
        return found < 0 ? -1 : 0;
    return div_cover(db, county, date_today(), out, DIV_COVER_MAX, n, err);
}

struct same_division {
    struct pinyin *py;
    const struct placename_row *p;
    const char (*prefixes)[13];
    int nprefixes;
    bool township;
    struct division_row hit;
    bool homophone;
};

static int compare_division(void *ctx, const struct division_row *d)
{
    struct same_division *s = ctx;
    if (strcmp(d->code, s->p->division) == 0)
        return 0;
    bool in = s->nprefixes == 0;
    for (int i = 0; !in && i < s->nprefixes; i++)
        in = strncmp(d->code, s->prefixes[i], strlen(s->prefixes[i])) == 0;
    size_t spec = pinyin_specific_len(d->name), len = strlen(d->name);
    if (!in || (s->township && !(len >= 3 && (strcmp(d->name + len - 3, "镇") == 0 ||
                                              strcmp(d->name + len - 3, "乡") == 0))))
        return 0;
    char specific[128], letters[256], initials[64];
    snprintf(specific, sizeof specific, "%.*s", (int)spec, d->name);
    if (strcmp(specific, s->p->specific) == 0) {
        s->hit = *d;
        s->homophone = false;
        return 1;
    }
    if (pinyin_place_search(s->py, specific, letters, sizeof letters, initials,
                            sizeof initials) == 0 &&
        strcmp(letters, s->p->specific_letters) == 0 && !s->homophone && !s->hit.code[0]) {
        s->hit = *d;
        s->homophone = true;
    }
    return 0;
}

int pn_check_unique(struct db *db, struct pinyin *py, const struct pn_class *cls,
                    const struct placename_row *p, const char *homophone_reason,
                    struct mz_err *err)
{
    if (cls->scope == PN_SCOPE_NONE)
        return 0;
    char prefixes[DIV_COVER_MAX][13];
    int n;
    if (pn_scope_prefixes(db, cls, p->division, prefixes, &n, err) < 0)
        return -1;
    struct placename_row other;
    int found = pls_placename_same(db, p->id, cls->name, p->specific, p->specific_letters,
                                   (const char(*)[13])prefixes, n, &other, err);
    if (found < 0)
        return -1;
    const char *what = found ? other.name : NULL;
    bool homophone = found && strcmp(other.specific, p->specific) != 0;
    struct same_division s = {.py = py, .p = p, .prefixes = (const char(*)[13])prefixes,
                              .nprefixes = n, .township = cls->div_level == DIV_TOWNSHIP};
    if ((!found || homophone) && cls->div_level) {
        if (rs_divisions_of_level(db, cls->div_level, date_today(), compare_division, &s, err) < 0)
            return -1;
        if (s.hit.code[0] && (!found || !s.homophone)) {
            what = s.hit.name;
            homophone = s.homophone;
            found = 1;
        }
    }
    if (!found || (homophone && homophone_reason && *homophone_reason))
        return 0;
    if (!homophone)
        return mz_fail_field(err, "name", "duplicate_name", "“%s”与已有的“%s”重名：《地名管理条例》%s",
                             p->name, what, cls->rule);
    return mz_fail_field(err, "name", "homophone_name",
                         "“%s”与已有的“%s”同音（%s）：《地名管理条例》%s；确需保留的，请写明保留同音的理由",
                         p->name, what, p->specific_letters, cls->rule);
}

/* ---- recording ---------------------------------------------------------- */

static int check_texts(const struct pn_input *in, struct mz_err *err)
{
    const struct {
        const char *value, *field, *label;
        size_t max;
    } texts[] = {
        {in->meaning, "meaning", "含义", PN_MAX_TEXT},
        {in->history, "history", "历史沿革", PN_MAX_TEXT},
        {in->culture, "culture", "地名文化", PN_MAX_TEXT},
        {in->products, "products", "特色物产", PN_MAX_TEXT},
        {in->approved_by, "approved_by", "批准机关", TEXT_MAX_NOTE},
        {in->document, "document", "批准文号", TEXT_MAX_NOTE},
        {in->homophone_reason, "homophone_reason", "保留同音的理由", TEXT_MAX_NOTE},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (text_check(texts[i].value, texts[i].field, texts[i].label, texts[i].max, TEXT_NOTE,
                       err) < 0)
            return -1;
    if (in->located && (in->lon < 73 || in->lon > 136 || in->lat < 3 || in->lat > 54))
        return mz_fail_field(err, in->lon < 73 || in->lon > 136 ? "lon" : "lat", "invalid_value",
                             "坐标（%.6f, %.6f）不在我国范围内（CGCS2000 经度 73–136，纬度 3–54）",
                             in->lon, in->lat);
    if (in->named_on && *in->named_on && date_parse(in->named_on) == MZ_DATE_NONE)
        return mz_fail_field(err, "named_on", "invalid_date", "命名日期“%s”应为 YYYY-MM-DD",
                             in->named_on);
    return 0;
}

int pn_prepare(const struct pn_env *env, struct pinyin *py, const struct pn_input *in,
               const char *status, struct placename_row *p, struct mz_err *err)
{
    const struct pn_class *cls = pn_class_find(in->class_);
    memset(p, 0, sizeof *p);
    if (!cls)
        return mz_fail_field(err, "class", "invalid_value",
                             "类别应为 division、township、village、road、residential、natural、park "
                             "或 facility（《地名管理条例》第三条）");
    if (!in->division || !*in->division)
        return mz_fail_field(err, "division", "missing_field", "请填写所在行政区划");
    if (check_name(in->name, err) < 0 || check_texts(in, err) < 0 ||
        div_check_current(reg_db(env->reg), in->division, date_today(), "division", err) < 0)
        return -1;
    if (pn_parts(py, in->name, p) < 0)
        return mz_fail_field(err, "name", "invalid_value", "无法转写“%s”的拼音", in->name);
    snprintf(p->class_, sizeof p->class_, "%s", cls->name);
    snprintf(p->division, sizeof p->division, "%s", in->division);
    p->located = in->located;
    p->lon = in->lon;
    p->lat = in->lat;
#define SET(f, v) snprintf(p->f, sizeof p->f, "%s", (v) ? (v) : "")
    SET(meaning, in->meaning);
    SET(history, in->history);
    SET(named_on, in->named_on);
    SET(approved_by, in->approved_by);
    SET(document, in->document);
    SET(culture, in->culture);
    SET(products, in->products);
    SET(status, status);
#undef SET
    return pn_check_unique(reg_db(env->reg), py, cls, p, in->homophone_reason, err);
}

int pn_audit(const struct pn_env *env, const char *action, const char *entity, int64_t id,
             const char *before, const char *after, struct mz_err *err)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)id);
    struct audit_event ev = {reg_actor(env->reg), action, entity, text, before, after, NULL};
    return audit_append(reg_db(env->reg), reg_vault(env->reg), &ev, err);
}

int pn_add_tx(const struct pn_env *env, struct pinyin *py, const struct pn_input *in,
              int64_t *id, struct mz_err *err)
{
    struct placename_row p;
    if (pn_prepare(env, py, in, "standard", &p, err) < 0 ||
        pls_placename_add(reg_db(env->reg), &p, id, err) < 0)
        return -1;
    return pn_audit(env, "placename.add", "placename", *id, NULL, p.name, err);
}

int pn_add(const struct pn_env *env, const struct pn_input *in, int64_t *id,
           struct mz_err *err)
{
    struct pinyin *py;
    struct db *db = reg_db(env->reg);
    if (pinyin_open(&py, err) < 0)
        return -1;
    int rc = db_begin(db, err);
    if (rc == 0 && (pn_add_tx(env, py, in, id, err) < 0 || db_commit(db, err) < 0)) {
        db_rollback(db);
        rc = -1;
    }
    pinyin_close(py);
    return rc;
}

void pn_search_text(const char *q, char *out, size_t cap)
{
    size_t k = 0;
    for (const unsigned char *s = (const unsigned char *)(q ? q : ""); *s && k + 1 < cap;) {
        if (*s < 0x80) {
            unsigned char c = *s++;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                out[k++] = (char)(c | (c >= 'A' && c <= 'Z' ? 0x20 : 0));
            continue;
        }
        /* a Latin letter with a tone mark: its base letter */
        static const char *const toned[][2] = {
            {"āáǎà", "a"}, {"ēéěè", "e"}, {"īíǐì", "i"}, {"ōóǒò", "o"}, {"ūúǔù", "u"}, {"ǖǘǚǜü", "v"},
        };
        size_t n = 1;
        while ((s[n] & 0xC0) == 0x80)
            n++;
        char ch[8];
        snprintf(ch, sizeof ch, "%.*s", (int)n, (const char *)s);
        const char *base = NULL;
        for (size_t i = 0; i < sizeof toned / sizeof toned[0] && !base; i++)
            if (strstr(toned[i][0], ch))
                base = toned[i][1];
        if (base)
            out[k++] = base[0];
        else if (k + n < cap) {
            memcpy(out + k, s, n);
            k += n;
        }
        s += n;
    }
    out[k] = '\0';
}
