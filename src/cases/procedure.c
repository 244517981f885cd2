/* The procedure tables of every application type, and their look-ups.
 * Time limits follow DOMAIN.md §1–§2: working days unless stated; 公示 in
 * calendar days. The figures are not here: each limit names a parameter
 * of the policy files (policies/chongqing/cases.pol), dated and per
 * division, so the bureau can shorten a limit from a day without a
 * rebuild; the case engine reads them (case_limit). Sources the public
 * record does not settle are marked "未核实". */
#include "cases/procedure.h"

#include <stdio.h>
#include <string.h>

#include "cases/procinfo.h"

/* ---- limits ------------------------------------------------------------ */

#define NONE {NULL, UNIT_WORKDAYS, NULL}
#define WD(param, src) {param, UNIT_WORKDAYS, src}
#define DAYS(param, src) {param, UNIT_DAYS, src}

#define SRC_DIBAO "《最低生活保障审核确认办法》"
#define SRC_TEKUN "《特困人员认定办法》"
#define SRC_RIGID "《刚性支出困难家庭认定办法》"
#define SRC_UNSURE "未核实：沿用低保时限"

/* ---- states shared by every procedure ---------------------------------- */

#define ST_APPLIED {"applied", "已申请", false, NONE, NONE}
#define ST_ACCEPTED(src)                                                                          \
    {"accepted", "已受理，待启动调查", false, WD("case_start_workdays", src), NONE}
#define ST_POSTING(src) {"posting", "公示中", false, NONE, DAYS("case_posting_days", src)}
#define ST_OBJECTED {"objected", "公示有异议，待复查", false, NONE, NONE}
#define ST_COUNTY_VISITED {"county_visited", "区县入户核查完成，待审核确认", false, NONE, NONE}
#define ST_APPROVED {"approved", "已审核确认，待发放", false, NONE, NONE}
#define ST_ENROLLED {"enrolled", "已发放", true, NONE, NONE}
#define ST_REJECTED(src)                                                                          \
    {"rejected", "不予确认，待书面告知", false, WD("case_reject_notice_workdays", src), NONE}
#define ST_NOTIFIED {"notified", "不予确认，已书面告知", true, NONE, NONE}
#define ST_CLOSED {"closed", "已终止", true, NONE, NONE}
#define ST_WITHDRAWN {"withdrawn", "已撤回", true, NONE, NONE}

/* ---- transitions shared by every procedure ----------------------------- */

#define T_ACCEPT {"accept", "受理", {"applied"}, "accepted", PROC_ROLE_STREET, G_ALWAYS, PF_ACCEPT}
#define T_COUNTY_VISIT(from, to)                                                                  \
    {"county_visit", "区县入户核查", {from}, to, PROC_ROLE_COUNTY, G_COUNTY_VISIT, 0}
/* A decision from a state reached without a county visit (ordinary cases)
 * or after one (staff relatives, spot-checked cases): two rows each. */
#define T_DECIDE(from, visited, approved_to)                                                      \
    {"approve", "审核确认", {from}, approved_to, PROC_ROLE_COUNTY, G_ORDINARY, PF_APPROVE},            \
        {"approve", "审核确认", {visited}, approved_to, PROC_ROLE_COUNTY, G_ALWAYS, PF_APPROVE},       \
        {"reject", "不予确认", {from}, "rejected", PROC_ROLE_COUNTY, G_ORDINARY,                        \
         PF_REJECT | PF_REASON},                                                                  \
        {"reject", "不予确认", {visited}, "rejected", PROC_ROLE_COUNTY, G_ALWAYS, PF_REJECT | PF_REASON}
#define T_PAY {"pay", "发放", {"approved"}, "enrolled", PROC_ROLE_COUNTY, G_ALWAYS, PF_PAY}
#define T_NOTIFY                                                                                  \
    {"notify", "书面告知不予确认理由", {"rejected"}, "notified", PROC_ROLE_STREET, G_ALWAYS,          \
     PF_AFTER_DEATH}
#define T_CLOSE                                                                                   \
    {"close", "终止（如申请人死亡）", {NULL}, "closed", PROC_ROLE_STREET, G_ALWAYS,                   \
     PF_REASON | PF_AFTER_DEATH}
#define T_WITHDRAW {"withdraw", "申请人撤回", {NULL}, "withdrawn", PROC_ROLE_STREET, G_ALWAYS, PF_REASON}
/* 公示 and objections: an objection sends the case back to investigation
 * or to 民主评议 (where the procedure has one). */
#define T_NOTICE(from1, from2)                                                                    \
    {"start_posting", "公示", {from1, from2}, "posting", PROC_ROLE_STREET, G_ALWAYS, 0},                  \
        {"objection", "公示期间收到异议", {"posting"}, "objected", PROC_ROLE_STREET, G_ALWAYS,          \
         PF_REASON},                                                                              \
        {"reinvestigate", "重新调查", {"objected"}, "investigating", PROC_ROLE_STREET, G_ALWAYS, 0},    \
        {"end_posting", "公示期满，报区县审核", {"posting"}, "submitted", PROC_ROLE_STREET, G_ALWAYS,  \
         PF_WAIT | PF_SPOT_DRAW}

/* ---- 低保 and 低保边缘 -------------------------------------------------- */

static const struct proc_state dibao_states[] = {
    ST_APPLIED,
    ST_ACCEPTED(SRC_DIBAO),
    {"investigating", "家庭经济状况调查和信息核对中", false, NONE, NONE},
    {"visited", "入户调查完成", false, NONE, NONE},
    {"deliberated", "民主评议完成", false, NONE, NONE},
    ST_POSTING(SRC_DIBAO),
    ST_OBJECTED,
    {"submitted", "待区县审核确认", false, WD("case_county_workdays", SRC_DIBAO), NONE},
    ST_COUNTY_VISITED,
    ST_APPROVED,
    ST_ENROLLED,
    ST_REJECTED(SRC_DIBAO),
    ST_NOTIFIED,
    ST_CLOSED,
    ST_WITHDRAWN,
};

static const struct proc_transition dibao_transitions[] = {
    T_ACCEPT,
    {"investigate", "启动家庭经济状况调查和信息核对", {"accepted"}, "investigating", PROC_ROLE_STREET,
     G_ALWAYS, 0},
    {"visit", "入户调查（不少于2人）", {"investigating"}, "visited", PROC_ROLE_STREET, G_ALWAYS, 0},
    {"deliberate", "民主评议", {"visited", "objected"}, "deliberated", PROC_ROLE_COMMUNITY, G_ALWAYS,
     0},
    T_NOTICE("visited", "deliberated"),
    T_COUNTY_VISIT("submitted", "county_visited"),
    T_DECIDE("submitted", "county_visited", "approved"),
    T_PAY,
    T_NOTIFY,
    T_CLOSE,
    T_WITHDRAW,
};

/* ---- 特困 and 刚性支出困难: investigation, 公示, county review ---------- */

static const struct proc_state tekun_states[] = {
    ST_APPLIED,
    ST_ACCEPTED(SRC_DIBAO "（参照）"),
    {"investigating", "调查核实中", false, WD("tekun_investigation_workdays", SRC_TEKUN), NONE},
    ST_POSTING(SRC_TEKUN),
    ST_OBJECTED,
    {"submitted", "待区县审核确认", false, WD("tekun_county_workdays", SRC_TEKUN), NONE},
    ST_COUNTY_VISITED,
    ST_APPROVED,
    ST_ENROLLED,
    ST_REJECTED(SRC_TEKUN),
    ST_NOTIFIED,
    ST_CLOSED,
    ST_WITHDRAWN,
};

static const struct proc_transition tekun_transitions[] = {
    T_ACCEPT,
    {"investigate", "启动调查核实", {"accepted"}, "investigating", PROC_ROLE_STREET, G_ALWAYS, 0},
    T_NOTICE("investigating", NULL),
    T_COUNTY_VISIT("submitted", "county_visited"),
    T_DECIDE("submitted", "county_visited", "approved"),
    T_PAY,
    T_NOTIFY,
    T_CLOSE,
    T_WITHDRAW,
};

static const struct proc_state rigid_states[] = {
    ST_APPLIED,
    ST_ACCEPTED(SRC_DIBAO "（参照）"),
    {"investigating", "调查核实中", false, NONE, NONE},
    ST_POSTING(SRC_DIBAO "（参照）"),
    ST_OBJECTED,
    {"submitted", "待区县审核确认", false, WD("case_county_workdays", SRC_DIBAO "（参照）"), NONE},
    ST_COUNTY_VISITED,
    ST_APPROVED,
    ST_ENROLLED,
    ST_REJECTED(SRC_DIBAO "（参照）"),
    ST_NOTIFIED,
    ST_CLOSED,
    ST_WITHDRAWN,
};

/* ---- 残疾人两项补贴: street check, county decision ---------------------- */

static const struct proc_state basic_states[] = {
    ST_APPLIED,
    ST_ACCEPTED(SRC_UNSURE),
    {"investigating", "乡镇（街道）初审中", false, NONE, NONE},
    {"submitted", "待区县审核确认", false, WD("case_county_workdays", SRC_UNSURE), NONE},
    ST_COUNTY_VISITED,
    ST_APPROVED,
    ST_ENROLLED,
    ST_REJECTED(SRC_UNSURE),
    ST_NOTIFIED,
    ST_CLOSED,
    ST_WITHDRAWN,
};

static const struct proc_transition basic_transitions[] = {
    T_ACCEPT,
    {"investigate", "启动初审", {"accepted"}, "investigating", PROC_ROLE_STREET, G_ALWAYS, 0},
    {"submit", "初审完成，报区县审核", {"investigating"}, "submitted", PROC_ROLE_STREET, G_ALWAYS,
     PF_SPOT_DRAW},
    T_COUNTY_VISIT("submitted", "county_visited"),
    T_DECIDE("submitted", "county_visited", "approved"),
    T_PAY,
    T_NOTIFY,
    T_CLOSE,
    T_WITHDRAW,
};

/* ---- 孤儿 and 事实无人抚养儿童: the guardian applies to the street, which
 * verifies (mainly by data matching) within 15 working days; the county
 * confirms within 15; no public notice (民发〔2019〕62号 for 事实无人抚养;
 * orphans by reference, unverified). */

#define SRC_DEFACTO "《关于进一步加强事实无人抚养儿童保障工作的意见》（民发〔2019〕62号）；孤儿参照（未核实）"

static const struct proc_state child_states[] = {
    ST_APPLIED,
    {"accepted", "已受理，乡镇（街道）核查中（以数据比对为主）", false,
     WD("defacto_verify_workdays", SRC_DEFACTO), NONE},
    {"submitted", "待区县确认", false, WD("defacto_county_workdays", SRC_DEFACTO), NONE},
    ST_COUNTY_VISITED,
    ST_APPROVED,
    ST_ENROLLED,
    ST_REJECTED(SRC_UNSURE),
    ST_NOTIFIED,
    ST_CLOSED,
    ST_WITHDRAWN,
};

static const struct proc_transition child_transitions[] = {
    T_ACCEPT,
    {"submit", "核查完成，报区县确认", {"accepted"}, "submitted", PROC_ROLE_STREET, G_ALWAYS,
     PF_SPOT_DRAW},
    T_COUNTY_VISIT("submitted", "county_visited"),
    T_DECIDE("submitted", "county_visited", "approved"),
    T_PAY,
    T_NOTIFY,
    T_CLOSE,
    T_WITHDRAW,
};

/* ---- 临时救助: the ordinary path, and 先行救助 (pay first, document after) */

static const struct proc_state temp_states[] = {
    ST_APPLIED,
    ST_ACCEPTED(SRC_UNSURE),
    {"investigating", "调查核实中", false, NONE, NONE},
    {"submitted", "待区县审核确认", false, WD("case_county_workdays", SRC_UNSURE), NONE},
    ST_COUNTY_VISITED,
    ST_APPROVED,
    ST_ENROLLED,
    {"paid_first", "已先行救助，待补齐材料", false, NONE, NONE},
    {"documented", "材料已补齐，待区县确认", false, WD("case_county_workdays", SRC_UNSURE), NONE},
    {"pf_county_visited", "区县入户核查完成，待确认先行救助", false, NONE, NONE},
    {"confirmed", "先行救助已确认", true, NONE, NONE},
    ST_REJECTED(SRC_UNSURE),
    ST_NOTIFIED,
    ST_CLOSED,
    ST_WITHDRAWN,
};

static const struct proc_transition temp_transitions[] = {
    T_ACCEPT,
    {"investigate", "启动调查核实", {"accepted"}, "investigating", PROC_ROLE_STREET, G_ALWAYS, 0},
    {"submit", "调查完成，报区县审核", {"investigating"}, "submitted", PROC_ROLE_STREET, G_ALWAYS,
     PF_SPOT_DRAW},
    T_COUNTY_VISIT("submitted", "county_visited"),
    T_DECIDE("submitted", "county_visited", "approved"),
    T_PAY,
    {"emergency_pay", "先行救助（急难型，先发放后补材料）", {"accepted"}, "paid_first",
     PROC_ROLE_STREET, G_ALWAYS, PF_PAY | PF_REASON},
    {"document", "补齐先行救助材料", {"paid_first"}, "documented", PROC_ROLE_STREET, G_ALWAYS,
     PF_ATTACH | PF_SPOT_DRAW},
    T_COUNTY_VISIT("documented", "pf_county_visited"),
    T_DECIDE("documented", "pf_county_visited", "confirmed"),
    T_NOTIFY,
    T_CLOSE,
    T_WITHDRAW,
};

/* ---- 异议 and 行政复议: contesting a decision (contest.c) -------------- */

#define SRC_REVIEW "《中华人民共和国行政复议法》（2023年修订）第六十二条"

static const struct proc_state contest_states[] = {
    ST_APPLIED,
    {"reviewing", "已受理，复核中", false, NONE, NONE},
    {"upheld", "维持原决定", true, NONE, NONE},
    {"changed", "变更原决定", true, NONE, NONE},
    ST_CLOSED,
    ST_WITHDRAWN,
};

/* The county bureau receives and rules; until accounts carry roles the
 * review authority of 行政复议 (the county government) acts as county:. */
static const struct proc_transition contest_transitions[] = {
    {"accept", "受理", {"applied"}, "reviewing", PROC_ROLE_COUNTY, G_ALWAYS, PF_ACCEPT},
    {"uphold", "维持原决定", {"reviewing"}, "upheld", PROC_ROLE_COUNTY, G_ALWAYS,
     PF_UPHOLD | PF_REASON},
    {"change", "变更原决定（按决定日的更正数据重新决定）", {"reviewing"}, "changed",
     PROC_ROLE_COUNTY, G_ALWAYS, PF_CORRECT | PF_REASON},
    T_CLOSE,
    T_WITHDRAW,
};

/* ---- the procedures ---------------------------------------------------- */

#define TABLE(a) a, sizeof a / sizeof a[0]
#define TOTAL(src) WD("case_total_workdays", src), WD("case_extended_workdays", src)

static const struct procedure procedures[] = {
    {"dibao", "最低生活保障", "dibao", TABLE(dibao_states), TABLE(dibao_transitions),
     TOTAL(SRC_DIBAO), 0, false, false},
    {"tekun", "特困人员救助供养", "tekun", TABLE(tekun_states), TABLE(tekun_transitions),
     TOTAL(SRC_TEKUN "（参照低保）"), 30, false, false},
    {"dibao_edge", "低保边缘家庭", "dibao_edge", TABLE(dibao_states), TABLE(dibao_transitions),
     TOTAL(SRC_DIBAO "（参照）"), 0, false, false},
    {"rigid", "刚性支出困难家庭", "rigid", TABLE(rigid_states), TABLE(tekun_transitions),
     TOTAL(SRC_RIGID), 0, false, false},
    {"temporary", "临时救助", "temp_emergency,temp_expense", TABLE(temp_states),
     TABLE(temp_transitions), TOTAL(SRC_UNSURE), 0, false, true},
    {"disability", "残疾人两项补贴", "disability_living,disability_care", TABLE(basic_states),
     TABLE(basic_transitions), TOTAL(SRC_UNSURE), 0, false, false},
    {"orphan", "孤儿、事实无人抚养儿童基本生活保障", "orphan_allowance,defacto_allowance",
     TABLE(child_states), TABLE(child_transitions), TOTAL(SRC_UNSURE), 0, false, false},
    {"objection", "对救助决定的异议", "", TABLE(contest_states), TABLE(contest_transitions),
     TOTAL(SRC_UNSURE), 0, true, false},
    /* 60 days from acceptance, extendable by at most 30 (calendar days) */
    {"appeal", "行政复议", "", TABLE(contest_states), TABLE(contest_transitions),
     DAYS("appeal_days", SRC_REVIEW), DAYS("appeal_extended_days", SRC_REVIEW "（延长不超过30日）"),
     0, true, false},
};

const struct procedure *proc_all(size_t *n)
{
    *n = sizeof procedures / sizeof procedures[0];
    return procedures;
}

const struct procedure *proc_for_program(const char *program)
{
    size_t n = strlen(program);
    for (size_t i = 0; i < sizeof procedures / sizeof procedures[0]; i++)
        for (const char *p = procedures[i].programs; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
            if (strncmp(p, program, n) == 0 && (p[n] == ',' || p[n] == '\0'))
                return &procedures[i];
    return NULL;
}

/* Where to apply and what to bring, by procedure type: 《最低生活保障审核确认办法》
 * 第八至十条, 《特困人员认定办法》, 民发〔2018〕23号, 残疾人两项补贴 and 孤儿
 * procedures; the lists are the usual ones, each office may ask for more. */
#define AT_TOWN "户籍所在地乡镇人民政府（街道办事处），也可由村（居）民委员会代为提交，或通过“渝悦救助通”网上申请"
#define ID_DOCS "申请人和共同生活家庭成员的身份证、户口簿"
#define MEANS "家庭收入（工资、经营、养老金等）和财产（存款、车辆、房屋等）情况的说明或证明；签署家庭经济状况核对授权书"
static const struct {
    const char *type, *where, *bring;
} applies[] = {
    {"dibao", AT_TOWN, ID_DOCS "；" MEANS "；残疾人证、疾病诊断证明等（如有）"},
    {"dibao_edge", AT_TOWN, ID_DOCS "；" MEANS},
    {"tekun", AT_TOWN, "本人身份证、户口簿；残疾人证或年龄证明；收入和财产情况说明；"
               "无法定赡养、抚养、扶养义务人或义务人无履行能力的说明"},
    {"rigid", AT_TOWN, ID_DOCS "；" MEANS "；近12个月自付医疗、教育等刚性支出的票据"},
    {"temporary", "急难发生地或户籍所在地乡镇人民政府（街道办事处），不受户籍限制；"
               "情况紧急的可先行救助，事后补齐材料",
               "本人身份证；急难事由的证明（火灾、事故证明、诊断证明等）；损失或必需支出的票据"},
    {"disability", "户籍所在地乡镇人民政府（街道办事处），也可在全国残疾人两项补贴网上申请",
                    "本人身份证、户口簿、第二代残疾人证；低保证明（生活补贴）"},
    {"orphan", "儿童户籍所在地乡镇人民政府（街道办事处），由监护人申请",
                "儿童和监护人的身份证、户口簿；父母死亡、失踪、重残、重病、服刑在押、强制隔离戒毒或失联"
                "的证明（死亡证明、宣告失踪判决书等；可由部门数据比对代替的不再提交）"},
};

void proc_apply_for(const char *program, struct proc_apply *out)
{
    const struct procedure *p = proc_for_program(program);
    *out = (struct proc_apply){p ? p->label : NULL, AT_TOWN, ID_DOCS};
    for (size_t i = 0; p && i < sizeof applies / sizeof applies[0]; i++)
        if (strcmp(applies[i].type, p->type) == 0) {
            out->where = applies[i].where;
            out->bring = applies[i].bring;
        }
}

const char *proc_type_label(const char *type)
{
    const struct procedure *p = proc_find(type);
    return p ? p->label : type;
}

const char *proc_state_label(const char *type, const char *state)
{
    const struct procedure *p = proc_find(type);
    const struct proc_state *st = p ? proc_state(p, state) : NULL;
    return st ? st->label : state;
}

const struct procedure *proc_find(const char *type)
{
    for (size_t i = 0; i < sizeof procedures / sizeof procedures[0]; i++)
        if (strcmp(procedures[i].type, type) == 0)
            return &procedures[i];
    return NULL;
}

const struct proc_state *proc_state(const struct procedure *p, const char *name)
{
    for (size_t i = 0; i < p->nstates; i++)
        if (strcmp(p->states[i].name, name) == 0)
            return &p->states[i];
    return NULL;
}

/* Whether t may leave state (an empty from list means every open state). */
static bool leaves(const struct procedure *p, const struct proc_transition *t, const char *state)
{
    if (!t->from[0]) {
        const struct proc_state *s = proc_state(p, state);
        return s && !s->is_final;
    }
    for (int i = 0; i < PROC_MAX_FROM && t->from[i]; i++)
        if (strcmp(t->from[i], state) == 0)
            return true;
    return false;
}

static bool guard_holds(enum proc_guard g, bool county_visit)
{
    return g == G_ALWAYS || (g == G_COUNTY_VISIT) == county_visit;
}

const struct proc_transition *proc_transition(const struct procedure *p, const char *state,
                                              const char *action, bool county_visit,
                                              bool *guarded)
{
    *guarded = false;
    for (size_t i = 0; i < p->ntransitions; i++) {
        const struct proc_transition *t = &p->transitions[i];
        if (strcmp(t->action, action) != 0 || !leaves(p, t, state))
            continue;
        if (guard_holds(t->guard, county_visit))
            return t;
        *guarded = true;
    }
    return NULL;
}

bool proc_state_decided(const struct procedure *p, const char *state)
{
    for (size_t i = 0; i < p->ntransitions; i++)
        if ((p->transitions[i].flags & (PF_APPROVE | PF_REJECT | PF_UPHOLD | PF_CORRECT)) &&
            strcmp(p->transitions[i].to, state) == 0)
            return true;
    return false;
}

void proc_allowed(const struct procedure *p, const char *state, bool county_visit, char *buf,
                  size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->ntransitions; i++) {
        const struct proc_transition *t = &p->transitions[i];
        if (!leaves(p, t, state) || !guard_holds(t->guard, county_visit))
            continue;
        int n = snprintf(buf + len, cap - len, "%s%s（%s）", len ? "、" : "", t->action, t->label);
        if (n < 0 || (size_t)n >= cap - len)
            break;
        len += (size_t)n;
    }
    if (!len)
        snprintf(buf, cap, "无（案件已办结）");
}

static const struct {
    const char *prefix;
    enum proc_role role;
    const char *label;
} roles[] = {
    {"community:", PROC_ROLE_COMMUNITY, "社区（村）工作人员"},
    {"street:", PROC_ROLE_STREET, "乡镇（街道）经办人员"},
    {"county:", PROC_ROLE_COUNTY, "区县审核人员"},
};

enum proc_role proc_role_of(const char *actor)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strncmp(actor, roles[i].prefix, strlen(roles[i].prefix)) == 0)
            return roles[i].role;
    return PROC_ROLE_ANY;
}

const char *proc_role_label(enum proc_role role)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i].role == role)
            return roles[i].label;
    return "任何人员";
}

const char *proc_unit_label(enum proc_unit unit)
{
    return unit == UNIT_DAYS ? "自然日" : "工作日";
}

size_t proc_next(const struct procedure *p, const char *state, bool county_visit,
                 const struct proc_transition **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < p->ntransitions && n < cap; i++) {
        const struct proc_transition *t = &p->transitions[i];
        bool guarded, seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(out[k]->action, t->action) == 0;
        if (!seen && proc_transition(p, state, t->action, county_visit, &guarded) == t)
            out[n++] = t;
    }
    return n;
}

const char *proc_action_label(const struct procedure *p, const char *action)
{
    if (strcmp(action, "open") == 0)
        return "登记申请";
    if (strcmp(action, "extend") == 0)
        return "延长办理期限";
    if (strcmp(action, "reassign") == 0)
        return "变更申请人";
    for (size_t i = 0; i < p->ntransitions; i++)
        if (strcmp(p->transitions[i].action, action) == 0)
            return p->transitions[i].label;
    return action;
}

const char *proc_role_name(enum proc_role role)
{
    switch (role) {
    case PROC_ROLE_COMMUNITY:
        return "community";
    case PROC_ROLE_STREET:
        return "street";
    case PROC_ROLE_COUNTY:
        return "county";
    case PROC_ROLE_ANY:
        break;
    }
    return "any";
}
