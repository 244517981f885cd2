/* Registry records: the counts, sums and dates the policy language reads
 * from the services' own tables (payments, enrolments, cases, orders) with
 * `input ENTITY NAME "标签" TYPE from record RECORD ["ARG"]`
 * (docs/policy-language.md), so a supervision rule crosses tables without
 * C of its own. One line a record:
 *   R(X, NAME, ENTITY, KIND, LABEL, HEAD, KEY, TAIL)
 * HEAD is a SELECT of (key, value) ending in a WHERE clause; ?1 is the
 * evaluation day (YYYY-MM-DD), ?2 the input's argument ("" if none). The
 * store expands each line into two statements: HEAD TAIL for the whole
 * city (?3 NULL), and HEAD "AND KEY IN (ids)" TAIL for the households or
 * persons a batch loads (?3, a JSON array of ids). KIND: REC_COUNT (an int or bool
 * input: a count, true when not 0), REC_MONEY (fen), REC_DATE (days since
 * 1970-01-01). An entity without a row keeps the input's default. A
 * CROSS JOIN fixes the order of its two tables (SQLite's rule): the one
 * whose key is KEY first. */
#ifndef MZ_RECORDSQL_H
#define MZ_RECORDSQL_H

/* A membership in force on ?1; an enrolment in force in ?1's month. */
#define REC_MEMBER_ON "m.valid_from <= ?1 AND (m.valid_to IS NULL OR m.valid_to > ?1) "
#define REC_ENROLLED_IN                                                                            \
    "e.start_month <= substr(?1, 1, 7) AND (e.end_month IS NULL OR e.end_month >= substr(?1, 1, 7)) "
/* Day number of a "YYYY-MM" month's first day. */
#define REC_MONTH_DAY(col) "CAST(julianday(" col " || '-01') - 2440587.5 AS INTEGER)"
/* Household lines of approved or paid rolls (not recoveries) up to ?1's month. */
#define REC_PAID_LINES                                                                             \
    "FROM roll_lines l JOIN rolls r ON r.id = l.roll_id WHERE r.state IN ('approved', 'paid') "    \
    "AND r.payee = 'household' AND l.kind <> 'recovery' AND l.amount > 0 "                       \
    "AND r.month <= substr(?1, 1, 7) "
/* Each household's regular payment of program ?2 in the latest approved or
 * paid month up to ?1's, the highest of the other households of its county
 * and number of members (its peers), and how many they are. For a batch
 * (?3, the ids) only the batch's counties are read. The highest of the
 * others is the second of the partition for its first, else the first: no
 * frame excluding the current row, which SQLite evaluates row by row over
 * the whole partition. */
#define REC_PAID_MONTH                                                                             \
    "WITH t AS (SELECT l.household_id AS h, sum(l.amount) AS a FROM roll_lines l "               \
    "JOIN rolls r ON r.id = l.roll_id WHERE r.state IN ('approved', 'paid') "                     \
    "AND r.payee = 'household' AND l.kind = 'regular' AND r.program = ?2 AND r.month = "           \
    "(SELECT max(month) FROM rolls WHERE state IN ('approved', 'paid') AND program = ?2 "          \
    "AND payee = 'household' AND month <= substr(?1, 1, 7)) GROUP BY 1), "                        \
    "k AS MATERIALIZED (SELECT t.h, t.a, substr(hh.division, 1, 6) AS county, "                    \
    "(SELECT count(*) FROM memberships m WHERE m.household_id = t.h AND " REC_MEMBER_ON ") AS n "  \
    "FROM t JOIN households hh ON hh.id = t.h WHERE ?3 IS NULL OR substr(hh.division, 1, 6) IN "  \
    "(SELECT substr(division, 1, 6) FROM households WHERE id IN "                                  \
    "(SELECT value FROM json_each(?3)))), "                                                        \
    "p AS (SELECT h, a, CASE WHEN row_number() OVER w = 1 THEN nth_value(a, 2) OVER w "            \
    "ELSE first_value(a) OVER w END AS peer, count(*) OVER w AS peers FROM k WINDOW w AS "         \
    "(PARTITION BY county, n ORDER BY a DESC ROWS BETWEEN UNBOUNDED PRECEDING "                    \
    "AND UNBOUNDED FOLLOWING)) "
/* The steps of a case before the county's decision, taken by street staff. */
#define REC_STREET_STEPS "('accept', 'investigate', 'visit', 'deliberate', 'start_posting', 'end_posting')"

/* Members on ?1 who are on the staff register on ?1, or whose parent,
 * child or sibling (kin_links) is: near relatives of staff. */
#define REC_STAFF_ON(col)                                                                          \
    "EXISTS (SELECT 1 FROM staff_register s WHERE s.person_id = " col " AND s.since <= ?1 "        \
    "AND (s.until IS NULL OR s.until > ?1))"
#define REC_STAFF_KIN                                                                              \
    "(" REC_STAFF_ON("m.person_id") " OR EXISTS (SELECT 1 FROM kin_links k WHERE "                 \
    "k.person_id = m.person_id AND (" REC_STAFF_ON("k.parent_id") " OR "                           \
    "EXISTS (SELECT 1 FROM kin_links k2 WHERE k2.parent_id = k.parent_id "                         \
    "AND k2.person_id <> m.person_id AND " REC_STAFF_ON("k2.person_id") "))) OR "                  \
    "EXISTS (SELECT 1 FROM kin_links k WHERE k.parent_id = m.person_id AND "                       \
    REC_STAFF_ON("k.person_id") "))"

#define RECORD_SOURCES(R, X)                                                                          \
    R(X, enrolled, REC_PERSON, REC_COUNT, "纳入项目（本人或所在家庭的在保记录）",                     \
      "SELECT m.person_id, count(*) FROM enrolments e JOIN memberships m "                         \
      "ON m.household_id = e.household_id AND e.person_id IN (0, m.person_id) "                    \
      "WHERE e.program = ?2 AND " REC_MEMBER_ON "AND " REC_ENROLLED_IN,                             \
      "m.person_id", "GROUP BY m.person_id")                                                       \
    R(X, enrolled_elsewhere, REC_PERSON, REC_COUNT, "以本人名义纳入、却登记在另一户的在保记录数",       \
      "SELECT m.person_id, count(*) FROM enrolments e CROSS JOIN memberships m "                   \
      "ON m.person_id = e.person_id WHERE e.person_id > 0 AND e.household_id <> m.household_id "    \
      "AND " REC_MEMBER_ON "AND " REC_ENROLLED_IN,                                                 \
      "e.person_id", "GROUP BY m.person_id")                                                       \
    R(X, paid_through, REC_PERSON, REC_DATE, "个人待遇已发放至（最后发放月份的1日）",                 \
      "SELECT l.person_id, max(" REC_MONTH_DAY("l.origin_month") ") " REC_PAID_LINES              \
      "AND l.person_id > 0 ",                                                                      \
      "l.person_id", "GROUP BY l.person_id")                                                       \
    R(X, household_paid_through, REC_HOUSEHOLD, REC_DATE, "家庭待遇已发放至（最后发放月份的1日）",    \
      "SELECT l.household_id, max(" REC_MONTH_DAY("l.origin_month") ") " REC_PAID_LINES           \
      "AND l.person_id = 0 ",                                                                      \
      "l.household_id", "GROUP BY l.household_id")                                                 \
    R(X, paid_month, REC_HOUSEHOLD, REC_MONEY, "最近一个月发放的项目金额",                             \
      REC_PAID_MONTH "SELECT h, a FROM p WHERE 1 ", "h", "")                                        \
    R(X, peer_top_paid_month, REC_HOUSEHOLD, REC_MONEY,                                             \
      "同区县、同人数的其他家庭最近一个月的最高项目金额（不足5户为0）",                            \
      REC_PAID_MONTH "SELECT h, CASE WHEN peers >= 5 THEN peer ELSE 0 END "                         \
                     "FROM p WHERE 1 ",                                                            \
      "h", "")                                                                                     \
    R(X, decision_days, REC_HOUSEHOLD, REC_COUNT, "申请至审核确认的最短天数（自然日）",               \
      "SELECT c.household_id, min(CAST(julianday(s.day) - julianday(c.opened_on) AS INTEGER)) "    \
      "FROM cases c CROSS JOIN case_decisions d ON d.case_id = c.id "                             \
      "JOIN case_steps s ON s.id = d.step_id WHERE d.outcome = 'approve' AND c.type = ?2 "         \
      "AND s.day <= ?1 ",                                                                          \
      "c.household_id", "GROUP BY c.household_id")                                                \
    R(X, one_hand_cases, REC_HOUSEHOLD, REC_COUNT, "审核确认人同时办理了受理、调查或公示的案件数",     \
      "SELECT c.household_id, count(DISTINCT c.id) FROM cases c "                                  \
      "JOIN case_steps a ON a.case_id = c.id AND a.action = 'approve' "                            \
      "JOIN case_steps b ON b.case_id = c.id AND b.actor = a.actor "                               \
      "AND b.action IN " REC_STREET_STEPS " WHERE a.day <= ?1 ",                                   \
      "c.household_id", "GROUP BY c.household_id")                                                \
    R(X, account_shared, REC_HOUSEHOLD, REC_COUNT, "与本户共用代发银行账户的其他家庭数",            \
      "SELECT e.household_id, count(DISTINCT o.household_id) FROM enrolments e "                   \
      "JOIN enrolments o ON o.account_index = e.account_index AND o.household_id <> e.household_id " \
      "AND o.start_month <= substr(?1, 1, 7) AND (o.end_month IS NULL OR o.end_month >= substr(?1, 1, 7)) " \
      "WHERE e.account_index IS NOT NULL AND " REC_ENROLLED_IN,                                     \
      "e.household_id", "GROUP BY e.household_id")                                                 \
    R(X, enrolments, REC_HOUSEHOLD, REC_COUNT, "家庭（或其成员）在保的纳入记录数",                 \
      "SELECT e.household_id, count(*) FROM enrolments e WHERE " REC_ENROLLED_IN,                 \
      "e.household_id", "GROUP BY e.household_id")                                                 \
    R(X, staff_kin, REC_HOUSEHOLD, REC_COUNT,                                                      \
      "本人是在册工作人员、村（居）委会成员，或其父母、子女、兄弟姐妹是的成员数",               \
      "SELECT m.household_id, count(*) FROM memberships m WHERE " REC_MEMBER_ON                   \
      "AND " REC_STAFF_KIN " ",                                                                    \
      "m.household_id", "GROUP BY m.household_id")                                                 \
    R(X, filed_cases, REC_HOUSEHOLD, REC_COUNT, "按近亲属备案办理的案件数",                       \
      "SELECT c.household_id, count(*) FROM cases c WHERE c.staff_relative = 1 "                  \
      "AND c.opened_on <= ?1 ",                                                                    \
      "c.household_id", "GROUP BY c.household_id")                                                \
    R(X, orders_unchecked, REC_PERSON, REC_COUNT, "已结算补贴、却没有签到记录的居家服务订单数",       \
      "SELECT o.person_id, count(*) FROM care_orders o WHERE o.settle_roll IS NOT NULL "          \
      "AND o.subsidy > 0 AND o.checkin_at IS NULL AND o.done_on <= ?1 ",                           \
      "o.person_id", "GROUP BY o.person_id")                                                      \
    R(X, orders_after_closure, REC_PERSON, REC_COUNT,                                              \
      "机构关闭之日及以后服务、已结算补贴的居家服务订单数",                                      \
      "SELECT o.person_id, count(*) FROM care_orders o JOIN providers p ON p.id = o.provider_id "  \
      "WHERE p.closed_on IS NOT NULL AND o.settle_roll IS NOT NULL AND o.subsidy > 0 "             \
      "AND substr(o.slot, 1, 10) >= p.closed_on AND substr(o.slot, 1, 10) <= ?1 ",                 \
      "o.person_id", "GROUP BY o.person_id")                                                      \
    R(X, charity_unrecorded, REC_HOUSEHOLD, REC_MONEY,                                             \
      "慈善项目支出给本户、一户一链却没有相应帮扶记录的金额（?2 为前后天数）",                   \
      "SELECT l.household_id, sum(l.amount) FROM charity_ledger l "                                \
      "JOIN charity_campaigns c ON c.id = l.campaign_id WHERE l.kind = 'spending' "                \
      "AND l.household_id IS NOT NULL AND l.on_day <= date(?1, '-' || ?2 || ' days') "             \
      "AND NOT EXISTS (SELECT 1 FROM charity_help h JOIN charity_referrals f "                     \
      "ON f.id = h.referral_id JOIN charity_projects j ON j.id = f.project_id "                    \
      "WHERE h.household_id = l.household_id AND j.org_id = c.org_id AND h.amount = l.amount "     \
      "AND h.given_on BETWEEN date(l.on_day, '-' || ?2 || ' days') "                               \
      "AND date(l.on_day, '+' || ?2 || ' days')) ",                                                \
      "l.household_id", "GROUP BY l.household_id")

/* The two statements of each record (store/sql.h). */
#define REC_STATEMENTS(X, NAME, ENTITY, KIND, LABEL, HEAD, KEY, TAIL)                             \
    X(REC_##NAME, HEAD TAIL)                                                                       \
    X(REC_##NAME##_IN, HEAD "AND " KEY " IN (SELECT value FROM json_each(?3)) " TAIL)
#define RECORD_SQL_STATEMENTS(X) RECORD_SOURCES(REC_STATEMENTS, X)

#endif
