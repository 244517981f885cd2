/* Every SQL statement of minzheng, named once: X(name, sql). Expanded into
 * an enum and a table in db.c; statements are prepared lazily and cached
 * per connection. Dates are ISO text "YYYY-MM-DD"; times are ISO-8601 UTC
 * text computed in C; money is integer fen. */
#ifndef MZ_SQL_H
#define MZ_SQL_H

#define AST_COLS                                                                                   \
    "SELECT a.id, a.person_id, a.division, a.assessed_on, a.reason, a.assessor1, a.assessor2, "    \
    "a.scores, a.conditions, a.total, a.preliminary, a.final_level, a.reasons, a.next_due, "       \
    "a.policy_version, a.recorded_by, a.recorded_at, p.name, p.id_masked FROM assessments a "      \
    "JOIN persons p ON p.id = a.person_id "
/* The filters of a warnings list in a scope (W_SCOPE_LIST*, which select
 * id, household and due date). */
#define W_FILTER                                                                                   \
    "AND (?2 = '' OR w.state = ?2) AND (?3 = '' OR w.program = ?3) AND (?4 = '' OR w.rule = ?4) "  \
    "ORDER BY w.due, w.id"
/* Enrolments in force in month ?1 (PAY_ENROL_IN_FORCE*). */
#define PAY_ENROL_IN_MONTH                                                                         \
    "SELECT id, program, household_id, person_id, start_month, end_month, source, last_review, "   \
    "once_amount FROM enrolments e WHERE start_month <= ?1 AND (end_month IS NULL OR "             \
    "end_month >= ?1) "
/* The dashboard's coverage (STATS_COVERAGE*): its columns, and enrolments in force on ?2. */
#define STATS_COVERAGE_COLS                                                                        \
    "SELECT e.program, substr(h.division, 1, 6), count(DISTINCT e.household_id), "                 \
    "sum(CASE WHEN e.person_id > 0 THEN 1 ELSE (SELECT count(*) FROM memberships m "               \
    "WHERE m.household_id = e.household_id AND m.valid_to IS NULL) END), 0, 0, 0 "                 \
    "FROM enrolments e JOIN households h ON h.id = e.household_id "
#define STATS_COVERAGE_IN_FORCE                                                                    \
    "e.start_month <= ?2 AND (e.end_month IS NULL OR e.end_month >= ?2) GROUP BY 1, 2 ORDER BY 1, 2"
/* The dashboard's spending (STATS_SPENDING*): its columns, and rolls approved or paid. */
#define STATS_SPENDING_COLS                                                                        \
    "SELECT r.month, r.program, sum(l.amount), count(DISTINCT l.household_id), 0, 0, 0 "           \
    "FROM roll_lines l JOIN rolls r ON r.id = l.roll_id "
#define STATS_SPENDING_PAID "r.state IN ('approved', 'paid') GROUP BY 1, 2 ORDER BY 1, 2"
#include "store/affairssql.h"
#include "store/caresql.h"
#include "store/orgsql.h"
#include "store/placesql.h"
#include "store/childsql.h"
#include "store/autograntsql.h"
#include "store/recordsql.h"
#include "store/supervisesql.h"

/* The audit administrators' reading (as_query): actor ?1, action prefix ?2,
 * [?3, ?4) in time ('' for any), only security events (?5), only the
 * administrators' own actions (?6); the account an entry is about by name. */
#define AUDIT_FILTER                                                                               \
    "FROM audit_log a LEFT JOIN users u ON a.entity = 'user' "                                     \
    "AND u.id = CAST(a.entity_id AS INTEGER) "                                                     \
    "WHERE (?1 = '' OR a.actor = ?1) AND instr(a.action, ?2) = 1 "                                 \
    "AND (?3 = '' OR a.at >= ?3) AND (?4 = '' OR a.at < ?4) "                                      \
    "AND (?5 = 0 OR a.action IN ('user.login_failed', 'user.passwd', 'user.totp_enroll', "          \
    "'user.totp_remove', 'user.unlock', 'user.sessions_end', 'user.disable', 'user.add')) "        \
    "AND (?6 = 0 OR a.actor IN (SELECT 'user:' || name FROM users "                                \
    "WHERE role IN ('sys_admin', 'sec_admin', 'audit_admin')))"

#define SQL_STATEMENTS(X)                                                                          \
    X(META_GET, "SELECT value FROM meta WHERE key = ?1")                                           \
    X(META_PUT, "INSERT INTO meta(key, value) VALUES(?1, ?2) "                                     \
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value")                           \
    /* divisions */                                                                                \
    X(DIV_INSERT, "INSERT INTO divisions(code, name, level, parent, pinyin, valid_from, valid_to) " \
                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(code, valid_from) DO NOTHING")   \
    X(DIV_AT, "SELECT code, name, level, parent, pinyin, valid_from, valid_to FROM divisions "     \
              "WHERE code = ?1 AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to > ?2)")      \
    X(DIV_LATEST, "SELECT code, name, level, parent, pinyin, valid_from, valid_to FROM divisions " \
                  "WHERE code = ?1 ORDER BY valid_from DESC LIMIT 1")                              \
    X(DIV_CHILDREN_AT, "SELECT code, name, level, parent, pinyin, valid_from, valid_to "           \
                       "FROM divisions WHERE parent = ?1 AND valid_from <= ?2 "                    \
                       "AND (valid_to IS NULL OR valid_to > ?2) ORDER BY code")                    \
    X(DIV_CLOSE, "UPDATE divisions SET valid_to = ?2 WHERE code = ?1 AND valid_to IS NULL")        \
    X(DIV_COUNT, "SELECT count(*) FROM divisions WHERE valid_to IS NULL")                          \
    X(DIV_PLACES, "SELECT code, pinyin FROM divisions WHERE level = 5 AND valid_to IS NULL "       \
                  "AND code LIKE ?1 || '%' ORDER BY code")                                         \
    X(DIVCHG_INSERT, "INSERT INTO division_changes(effective, old_code, new_code, note, "          \
                     "recorded_at) VALUES(?1, ?2, ?3, ?4, ?5)")                                    \
    X(DIVCHG_SUCCESSOR, "SELECT new_code, effective FROM division_changes WHERE old_code = ?1 "    \
                        "ORDER BY effective DESC LIMIT 1")                                         \
    /* households */                                                                               \
    X(HH_BY_NO, "SELECT id, division, address, rural FROM households WHERE hh_no = ?1")            \
    X(HH_INSERT, "INSERT INTO households(hh_no, division, address, rural, created_at) "            \
                 "VALUES(?1, ?2, ?3, ?4, ?5) RETURNING id")                                        \
    X(HH_UPDATE, "UPDATE households SET division = ?2, address = ?3, rural = ?4 WHERE id = ?1")    \
    X(HH_GET, "SELECT hh_no, division, address, rural FROM households WHERE id = ?1")              \
    X(HH_COUNT, "SELECT count(*) FROM households")                                                 \
    /* persons */                                                                                  \
    X(P_BY_INDEX, "SELECT id, name, sex, birth, rural_hukou, division, phone FROM persons "        \
                  "WHERE id_index = ?1")                                                           \
    X(P_INSERT, "INSERT INTO persons(id_index, id_sealed, id_masked, name, sex, birth, "           \
                "rural_hukou, division, phone, created_at, initials) "                             \
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id")               \
    X(P_UPDATE, "UPDATE persons SET name = ?2, rural_hukou = ?3, division = ?4, phone = ?5, "      \
                "initials = ?6 WHERE id = ?1")                                                     \
    X(P_GET, "SELECT id_sealed, id_masked, name, sex, birth, rural_hukou, division, phone "        \
             "FROM persons WHERE id = ?1")                                                         \
    X(P_COUNT, "SELECT count(*) FROM persons")                                                     \
    /* memberships: one open membership per person */                                              \
    X(M_CURRENT, "SELECT household_id, relation, valid_from FROM memberships "                     \
                 "WHERE person_id = ?1 AND valid_to IS NULL")                                      \
    X(M_CLOSE, "UPDATE memberships SET valid_to = ?2 WHERE person_id = ?1 AND valid_to IS NULL")   \
    X(M_INSERT, "INSERT INTO memberships(person_id, household_id, relation, valid_from) "          \
                "VALUES(?1, ?2, ?3, ?4)")                                                          \
    X(M_MEMBERS, "SELECT person_id, relation FROM memberships WHERE household_id = ?1 "            \
                 "AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to > ?2) ORDER BY person_id") \
    /* facts: history is appended, never overwritten */                                            \
    X(F_LATEST, "SELECT value FROM facts WHERE entity = ?1 AND entity_id = ?2 AND variable = ?3 "  \
                "AND effective = ?4 ORDER BY recorded_at DESC, id DESC LIMIT 1")                   \
    X(F_INSERT, "INSERT INTO facts(entity, entity_id, variable, value, effective, source, "        \
                "recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")                                 \
    X(F_ASOF, "SELECT value, effective, source, recorded_at FROM facts WHERE entity = ?1 "         \
              "AND entity_id = ?2 AND variable = ?3 AND effective <= ?4 AND recorded_at <= ?5 "    \
              "ORDER BY effective DESC, recorded_at DESC, id DESC LIMIT 1")                        \
    X(F_HISTORY, "SELECT variable, value, effective, source, recorded_at FROM facts "              \
                 "WHERE entity = ?1 AND entity_id = ?2 ORDER BY variable, effective, recorded_at") \
    X(F_COUNT, "SELECT count(*) FROM facts")                                                       \
    /* summaries */                                                                                \
    X(S_COUNTIES, "SELECT substr(p.division, 1, 6) AS county, "                                    \
                  "(SELECT name FROM divisions d WHERE d.code = substr(p.division, 1, 6) "         \
                  " ORDER BY valid_from DESC LIMIT 1), count(*), "                                 \
                  "sum(p.birth <= ?1), sum(p.rural_hukou) FROM persons p "                         \
                  "GROUP BY county ORDER BY county")                                               \
    X(S_FACT_PERSONS, "SELECT count(DISTINCT entity_id) FROM facts WHERE entity = 'person' "       \
                      "AND variable = ?1 AND value <> '0'")                                       \
    /* snapshot scans: members as of a day ordered by household; facts in
     * force on a day as known at a time, newest first per variable */      \
    X(SNAP_MEMBERS, "SELECT m.household_id, h.division, h.rural, m.person_id, p.birth, p.sex, "    \
                    "p.rural_hukou, m.relation FROM memberships m "                                \
                    "JOIN households h ON h.id = m.household_id "                                  \
                    "JOIN persons p ON p.id = m.person_id "                                        \
                    "WHERE m.valid_from <= ?1 AND (m.valid_to IS NULL OR m.valid_to > ?1) "        \
                    "ORDER BY m.household_id, m.relation <> '户主', m.person_id")                 \
    X(SNAP_FACTS, "SELECT entity_id, variable, value, effective FROM facts WHERE entity = ?1 "     \
                  "AND effective <= ?2 AND recorded_at <= ?3 "                                     \
                  "ORDER BY entity_id, variable, effective DESC, recorded_at DESC, id DESC")       \
    /* evaluation runs */                                                                          \
    X(EV_RUN, "INSERT INTO eval_runs(as_of, known_at, policy_version, started_at, households, "    \
              "persons) VALUES(?1, ?2, ?3, ?4, ?5, ?6) RETURNING id")                              \
    X(EV_TOTAL, "INSERT INTO eval_totals(run_id, program, label, entity, eligible, amount) "      \
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")                                                  \
    X(EV_RESULT, "INSERT INTO eval_results(run_id, program, entity_id, household_id, amount) "     \
                 "VALUES(?1, ?2, ?3, ?4, ?5)")                                                     \
    /* audit log */                                                                                \
    X(A_HEAD, "SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")                          \
    X(A_MAC_AT, "SELECT mac FROM audit_log WHERE seq = ?1")                                        \
    X(A_LAST_BEFORE, "SELECT coalesce(max(seq), 0) FROM audit_log WHERE at < ?1")                   \
    X(A_DELETE_UPTO, "DELETE FROM audit_log WHERE seq <= ?1")                                      \
    X(A_ANCHOR_LAST, "SELECT seq, mac, entry_at, purged_at, signature FROM audit_anchors "         \
                     "ORDER BY seq DESC LIMIT 1")                                                  \
    X(A_ANCHOR_ADD, "INSERT INTO audit_anchors(seq, mac, entry_at, purged_at, signature) "         \
                    "VALUES(?1, ?2, ?3, ?4, ?5)")                                                  \
    X(A_INSERT, "INSERT INTO audit_log(seq, at, actor, action, entity, entity_id, before_digest, " \
                "after_digest, detail, mac, key_epoch) "                                           \
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")                            \
    X(A_ALL, "SELECT seq, at, actor, action, entity, entity_id, before_digest, after_digest, "     \
             "detail, mac, key_epoch FROM audit_log ORDER BY seq")                                 \
    X(A_QUERY, "SELECT a.seq, a.at, a.actor, a.action, a.entity, a.entity_id, "                   \
               "coalesce(a.detail, ''), coalesce(u.name, '') " AUDIT_FILTER                        \
               " ORDER BY a.seq DESC LIMIT ?7 OFFSET ?8")                                          \
    X(A_QUERY_COUNT, "SELECT count(*) " AUDIT_FILTER)                                              \
    /* accounts and sessions (authstore.c) */                                                     \
    X(U_INSERT, "INSERT INTO users(name, role, division, pw_hash, created_at) "                    \
                "VALUES(?1, ?2, ?3, ?4, ?5) RETURNING id")                                         \
    X(U_BY_NAME, "SELECT id, name, role, division, pw_hash, disabled, coalesce(provider_id, 0), "   \
                 "coalesce(org_id, 0), coalesce(institution_id, 0) FROM users WHERE name = ?1")                                                  \
    X(U_LIST, "SELECT id, name, role, division, pw_hash, disabled, coalesce(provider_id, 0), "      \
              "coalesce(org_id, 0), coalesce(institution_id, 0) FROM users ORDER BY name")                                                      \
    X(U_SET_PROVIDER, "UPDATE users SET provider_id = ?2 WHERE id = ?1")                           \
    X(U_SET_ORG, "UPDATE users SET org_id = ?2 WHERE id = ?1")                                     \
    X(U_SET_INSTITUTION, "UPDATE users SET institution_id = ?2 WHERE id = ?1")                     \
    X(U_SET_DISABLED, "UPDATE users SET disabled = ?2 WHERE id = ?1")                              \
    X(U_SET_PASSWORD, "UPDATE users SET pw_hash = ?2 WHERE id = ?1")                               \
    X(U_COUNT, "SELECT count(*) FROM users")                                                       \
    X(U_TOTP_GET, "SELECT totp, totp_step FROM users WHERE id = ?1")                               \
    X(U_TOTP_SET, "UPDATE users SET totp = ?2, totp_step = 0 WHERE id = ?1")                       \
    X(U_TOTP_STEP, "UPDATE users SET totp_step = ?2 WHERE id = ?1 AND totp_step < ?2")             \
    X(U_SET_HOLDER, "UPDATE users SET holder_sealed = ?2, holder_index = ?3 WHERE id = ?1")         \
    X(U_BY_HOLDER, "SELECT role, name FROM users WHERE holder_index = ?1 ORDER BY name")             \
    X(U_SET_LOGIN, "UPDATE users SET last_login = ?2 WHERE id = ?1")                               \
    /* the administrators' view of the accounts: sessions live at ?1, the most failed sign-ins \
     * from one source after ?2 (AUTH_THROTTLE_FAILURES of them lock the name from there) */   \
    X(U_ADMIN_LIST, "SELECT u.name, u.role, u.division, u.disabled, coalesce(u.last_login, ''), "   \
                    "u.totp IS NOT NULL, u.holder_index IS NOT NULL, "                              \
                    "(SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires > ?1), " \
                    "coalesce((SELECT max(n) FROM (SELECT count(*) AS n FROM login_failures f "     \
                    "WHERE f.user_name = u.name AND f.at > ?2 GROUP BY f.source)), 0) "             \
                    "FROM users u ORDER BY u.name")                                                 \
    X(LF_CLEAR_NAME, "DELETE FROM login_failures WHERE user_name = ?1")                            \
    X(DG_INSERT, "INSERT INTO delegations(user_id, os_user, created_at) VALUES(?1, ?2, ?3)")       \
    X(DG_LIVE, "SELECT count(*) FROM delegations WHERE user_id = ?1 AND os_user = ?2 "             \
               "AND revoked_at IS NULL")                                                           \
    X(DG_REVOKE, "UPDATE delegations SET revoked_at = ?3 WHERE user_id = ?1 "                      \
                 "AND (os_user = ?2 OR ?2 IS NULL) AND revoked_at IS NULL")                        \
    X(SES_INSERT, "INSERT INTO sessions(token_hash, user_id, created, expires) "                   \
                  "VALUES(?1, ?2, ?3, ?4)")                                                        \
    X(SES_USER, "SELECT u.id, u.name, u.role, u.division, u.pw_hash, u.disabled, "                 \
                "coalesce(u.provider_id, 0), coalesce(u.org_id, 0), coalesce(u.institution_id, 0), s.expires, "              \
                "coalesce(s.last_seen, s.created) "                                              \
                "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1")        \
    X(SES_DELETE, "DELETE FROM sessions WHERE token_hash = ?1")                                    \
    X(SES_TOUCH, "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1")                       \
    X(SES_DELETE_USER, "DELETE FROM sessions WHERE user_id = ?1")                                  \
    X(SES_PURGE, "DELETE FROM sessions WHERE expires <= ?1")                                       \
    X(LF_INSERT, "INSERT INTO login_failures(user_name, source, at) VALUES(?1, ?2, ?3)")           \
    X(LF_COUNT, "SELECT count(*) FROM login_failures WHERE user_name = ?1 AND source = ?2 "         \
                "AND at > ?3")                                                                     \
    X(LF_CLEAR, "DELETE FROM login_failures WHERE (user_name = ?1 AND source = ?2) OR at <= ?3")   \
    /* API queries (querystore.c); a division scope is the code range [?lo, ?hi) */               \
    X(Q_HH_PAGE, "SELECT id, hh_no, division, address, rural FROM households "                     \
                 "WHERE division >= ?1 AND division < ?2 ORDER BY id LIMIT ?3 OFFSET ?4")          \
    /* the same by 户编号, area or address (?5: hh_no, division, address), ascending or not */    \
    X(Q_HH_PAGE_BY, "SELECT id, hh_no, division, address, rural FROM households "                  \
                    "WHERE division >= ?1 AND division < ?2 ORDER BY CASE ?5 WHEN 'division' "     \
                    "THEN division WHEN 'address' THEN address ELSE hh_no END, id "                \
                    "LIMIT ?3 OFFSET ?4")                                                          \
    X(Q_HH_PAGE_BY_DESC, "SELECT id, hh_no, division, address, rural FROM households "             \
                         "WHERE division >= ?1 AND division < ?2 ORDER BY CASE ?5 WHEN 'division' " \
                         "THEN division WHEN 'address' THEN address ELSE hh_no END DESC, id DESC " \
                         "LIMIT ?3 OFFSET ?4")                                                     \
    X(Q_HH_COUNT, "SELECT count(*) FROM households WHERE division >= ?1 AND division < ?2")        \
    /* household search: 户编号 or a member's name by prefix (?3, ?4), address containing ?5,     \
     * a member's pinyin initials by prefix (?6, ?7), masked ID number ?8, household id ?9 */   \
    X(Q_HH_SEARCH, "SELECT id, hh_no, division, address, rural FROM households "                   \
                   "WHERE division >= ?1 AND division < ?2 AND id IN ("                            \
                   "SELECT id FROM households WHERE hh_no >= ?3 AND hh_no < ?4 "                   \
                   "UNION SELECT id FROM households WHERE ?5 <> '' AND division >= ?1 "            \
                   "AND division < ?2 AND instr(address, ?5) > 0 "                                 \
                   "UNION SELECT m.household_id FROM persons p JOIN memberships m "                \
                   "ON m.person_id = p.id AND m.valid_to IS NULL WHERE p.name >= ?3 AND p.name < ?4 " \
                   "UNION SELECT m.household_id FROM persons p JOIN memberships m "                \
                   "ON m.person_id = p.id AND m.valid_to IS NULL "                                 \
                   "WHERE p.initials >= ?6 AND p.initials < ?7 "                                   \
                   "UNION SELECT m.household_id FROM persons p JOIN memberships m "                \
                   "ON m.person_id = p.id AND m.valid_to IS NULL WHERE p.id_masked = ?8 "          \
                   "UNION SELECT ?9) ORDER BY id LIMIT ?10")                                       \
    /* the head of a household and its member count */                                          \
    X(Q_HH_HEAD, "SELECT (SELECT p.name FROM memberships m JOIN persons p ON p.id = m.person_id "  \
                 "WHERE m.household_id = ?1 AND m.valid_to IS NULL AND m.relation = '户主' "        \
                 "ORDER BY p.id LIMIT 1), (SELECT count(*) FROM memberships "                      \
                 "WHERE household_id = ?1 AND valid_to IS NULL)")                                  \
    X(Q_MEMBERS, "SELECT p.id, p.id_masked, p.name, p.sex, p.birth, p.division, p.phone, "         \
                 "m.relation FROM memberships m JOIN persons p ON p.id = m.person_id "             \
                 "WHERE m.household_id = ?1 AND m.valid_to IS NULL "                               \
                 "ORDER BY m.relation <> '户主', p.id")                                           \
    X(Q_FACTS_NOW, "SELECT f.variable, f.value, f.effective, f.source FROM facts f "               \
                   "WHERE f.entity = ?1 AND f.entity_id = ?2 AND f.id = (SELECT g.id FROM facts g " \
                   "WHERE g.entity = f.entity AND g.entity_id = f.entity_id "                      \
                   "AND g.variable = f.variable AND g.effective <= ?3 "                            \
                   "ORDER BY g.effective DESC, g.recorded_at DESC, g.id DESC LIMIT 1) "            \
                   "ORDER BY f.variable")                                                          \
    X(Q_PERSONS_BY_NAME, "SELECT id, id_masked, name, sex, birth, division, phone FROM persons "   \
                         "WHERE name >= ?1 AND name < ?2 AND division >= ?3 AND division < ?4 "    \
                         "ORDER BY name, id LIMIT ?5 OFFSET ?6") \
    /* the same under several division prefixes (?3: a JSON array) */                              \
    X(Q_PERSONS_BY_NAME_IN, "SELECT id, id_masked, name, sex, birth, division, phone "             \
                            "FROM persons WHERE name >= ?1 AND name < ?2 AND EXISTS "              \
                            "(SELECT 1 FROM json_each(?3) j WHERE division >= j.value "            \
                            "AND division < j.value || ':') ORDER BY name, id "                    \
                            "LIMIT ?4 OFFSET ?5")                                                  \
    /* decision notices */                                                                         \
    X(N_NEXT_SEQ, "SELECT coalesce(max(seq), 0) + 1 FROM notices WHERE year = ?1")                 \
    X(N_INSERT, "INSERT INTO notices(number, year, seq, household_id, program, decision, amount, " \
                "as_of, effective, issued, policy_version, sm3, text, recorded_at, ofd_sm3, "      \
                "verify_code) "                                                                    \
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")   \
    X(N_BY_SM3, "SELECT n.number, h.hh_no, n.program, n.decision, n.amount, n.issued, n.sm3, "    \
                "coalesce(n.ofd_sm3, '') FROM notices n JOIN households h ON h.id = n.household_id " \
                "WHERE n.sm3 = ?1 OR n.ofd_sm3 = ?1")                                              \
    /* a notice by the code of its QR code, with the number of a later     \
     * notice on the same household and program that supersedes it */     \
    X(N_BY_CODE, "SELECT n.number, n.text, n.issued, n.sm3, coalesce(n.ofd_sm3, ''), "             \
                 "coalesce((SELECT l.number FROM notices l WHERE l.household_id = n.household_id " \
                 "AND l.program = n.program AND l.id > n.id ORDER BY l.id LIMIT 1), '') "          \
                 "FROM notices n WHERE n.verify_code = ?1")                                        \
    /* spot checks (spotstore.c) */                                                               \
    /* the staff register (staffstore.c) */                                                       \
    X(STAFF_INSERT, "INSERT INTO staff_register(person_id, kind, post, division, since, "           \
                    "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id")    \
    X(STAFF_END, "UPDATE staff_register SET until = ?2 WHERE person_id = ?1 AND until IS NULL "     \
                 "AND since <= ?2")                                                                \
    X(STAFF_LIST, "SELECT s.id, p.name, p.id_masked, s.kind, s.post, s.division, s.since, "         \
                  "coalesce(s.until, '') FROM staff_register s JOIN persons p ON p.id = s.person_id " \
                  "WHERE s.division LIKE ?1 || '%' ORDER BY s.division, s.id")                     \
    X(SPOT_ENROLLED, "SELECT DISTINCT h.id, h.hh_no FROM enrolments e JOIN households h "           \
                     "ON h.id = e.household_id WHERE e.program = ?1 AND e.start_month <= ?3 "     \
                     "AND (e.end_month IS NULL OR e.end_month >= ?3) AND h.division >= ?2 "       \
                     "AND h.division < ?2 || ':' ORDER BY h.id")                                  \
    X(SPOT_INSERT, "INSERT INTO spot_checks(program, division, share, seed, as_of, population, "  \
                   "sample, drawn_at, drawn_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "      \
                   "RETURNING id")                                                                \
    X(SPOT_ITEM_INSERT, "INSERT INTO spot_check_items(check_id, ordinal, household_id, rank) "     \
                        "VALUES(?1, ?2, ?3, ?4)")                                                 \
    X(SPOT_ITEMS, "SELECT h.hh_no, i.rank, h.division, coalesce(i.result, ''), coalesce(i.note, ''), " \
                  "coalesce(i.checked_by, ''), coalesce(i.checked_at, ''), i.ordinal "             \
                  "FROM spot_check_items i "                                                       \
                  "JOIN households h ON h.id = i.household_id WHERE i.check_id = ?1 "             \
                  "ORDER BY i.ordinal")                                                           \
    /* the bureaus' electronic seals */                                                            \
    X(SEAL_VALID, "SELECT id, esid, cert, picture, seal FROM seals WHERE name = ?1 "              \
                  "AND valid_from <= ?2 AND valid_to >= ?2 ORDER BY id DESC")                      \
    X(SEAL_NEXT, "SELECT count(*) + 1 FROM seals")                                                 \
    X(SEAL_INSERT, "INSERT INTO seals(esid, name, cert, picture, seal, valid_from, valid_to, "    \
                   "created_at, created_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")           \
    X(N_LAST_AMOUNT, "SELECT decision, amount FROM notices WHERE household_id = ?1 "               \
                     "AND program = ?2 AND decision <> 'reject' ORDER BY issued DESC, id DESC LIMIT 1") \
    /* working-day calendar */                                                                  \
    X(CAL_YEAR_PUT, "INSERT INTO calendar_years(year, source, imported_at) VALUES(?1, ?2, ?3) "     \
                    "ON CONFLICT(year) DO UPDATE SET source = excluded.source, "                   \
                    "imported_at = excluded.imported_at")                                          \
    X(CAL_YEAR_CLEAR, "DELETE FROM calendar_days WHERE day >= ?1 AND day < ?2")                    \
    X(CAL_DAY_PUT, "INSERT INTO calendar_days(day, kind, name) VALUES(?1, ?2, ?3)")                \
    X(CAL_YEARS, "SELECT year FROM calendar_years ORDER BY year")                                  \
    X(CAL_DAYS, "SELECT day, kind FROM calendar_days ORDER BY day")                                \
    /* cases */                                                                                    \
    X(CASE_INSERT, "INSERT INTO cases(type, household_id, applicant_id, division, state, "         \
                   "staff_relative, opened_on, state_since, created_at) "                          \
                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8) RETURNING id")                      \
    X(CASE_GET, "SELECT id, type, household_id, applicant_id, division, state, staff_relative, "   \
                "spot_checked, spot_ordinal, opened_on, accepted_on, deadline, extend_reason, "    \
                "state_since, state_due, closed_on FROM cases WHERE id = ?1")                      \
    X(CASE_UPDATE, "UPDATE cases SET state = ?2, spot_checked = ?3, spot_ordinal = ?4, "           \
                   "accepted_on = ?5, deadline = ?6, extend_reason = ?7, state_since = ?8, "       \
                   "state_due = ?9, closed_on = ?10 WHERE id = ?1")                                \
    X(CASE_LIST, "SELECT id FROM cases WHERE division LIKE ?1 || '%' "                             \
                 "AND (?2 = 0 OR closed_on IS NULL) ORDER BY id")                                  \
    X(CASE_SPOT_COUNT, "SELECT count(*) FROM cases WHERE type = ?1 AND substr(division, 1, 6) = ?2 " \
                       "AND spot_ordinal IS NOT NULL")                                             \
    X(STEP_INSERT, "INSERT INTO case_steps(case_id, action, from_state, to_state, day, at, actor, " \
                   "reason, note, late_days) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "     \
                   "RETURNING id")                                                                 \
    X(STEP_LIST, "SELECT id, action, from_state, to_state, day, at, actor, reason, note, "         \
                 "late_days FROM case_steps WHERE case_id = ?1 ORDER BY id")                       \
    X(ATTACH_INSERT, "INSERT INTO case_attachments(case_id, step_id, name, mime, sm3, bytes, "     \
                     "content, uploaded_by, uploaded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) " \
                     "RETURNING id")                                                               \
    X(ATTACH_LIST, "SELECT id, case_id, coalesce(step_id, 0), name, coalesce(mime, ''), sm3, bytes, " \
                   "content IS NOT NULL, coalesce(uploaded_by, ''), coalesce(uploaded_at, '') "    \
                   "FROM case_attachments WHERE step_id = ?1 ORDER BY id")                         \
    X(ATTACH_OF_CASE, "SELECT id, case_id, coalesce(step_id, 0), name, coalesce(mime, ''), sm3, "  \
                      "bytes, content IS NOT NULL, coalesce(uploaded_by, ''), "                    \
                      "coalesce(uploaded_at, '') FROM case_attachments WHERE case_id = ?1 ORDER BY id") \
    X(ATTACH_CONTENT, "SELECT content FROM case_attachments WHERE id = ?1 AND case_id = ?2")       \
    X(ATTACH_BIND, "UPDATE case_attachments SET step_id = ?2 WHERE case_id = ?1 "                  \
                   "AND step_id IS NULL")                                                          \
    X(DECISION_INSERT, "INSERT INTO case_decisions(step_id, case_id, outcome, policy_version, "    \
                       "as_of, engine_eligible, engine_amount, explanation) "                      \
                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")                                   \
    X(DECISION_GET, "SELECT outcome, policy_version, as_of, engine_eligible, engine_amount, "      \
                    "explanation FROM case_decisions WHERE step_id = ?1")                    \
    /* dynamic monitoring (monitorstore.c): feed records, rejects, current
     * decisions and condition states per household, warnings */            \
    X(FR_DIGEST, "SELECT digest FROM feed_records WHERE feed = ?1 AND record_key = ?2")           \
    X(FR_PUT, "INSERT INTO feed_records(feed, record_key, digest, household_id, received_at) "    \
              "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(feed, record_key) DO UPDATE SET "           \
              "digest = excluded.digest, household_id = excluded.household_id, "                 \
              "received_at = excluded.received_at")                                              \
    X(FREJ_ADD, "INSERT OR IGNORE INTO feed_rejects(feed, source, line, record_key, reason, received_at) "  \
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")                                                 \
    X(FREJ_LIST, "SELECT id, source, line, record_key, reason, received_at FROM feed_rejects "    \
                 "WHERE feed = ?1 ORDER BY id")                                                   \
    X(MD_LOAD, "SELECT program, amount FROM monitor_decisions WHERE household_id = ?1")          \
    X(MD_CLEAR, "DELETE FROM monitor_decisions WHERE household_id = ?1")                         \
    X(MD_ADD, "INSERT INTO monitor_decisions(household_id, program, amount, as_of) "             \
              "VALUES(?1, ?2, ?3, ?4)")                                                           \
    X(MS_LOAD, "SELECT rule, person_id, value FROM monitor_state WHERE household_id = ?1")       \
    X(MS_CLEAR, "DELETE FROM monitor_state WHERE household_id = ?1")                             \
    X(MS_ADD, "INSERT INTO monitor_state(household_id, rule, person_id, value) "                 \
              "VALUES(?1, ?2, ?3, ?4)")                                                           \
    X(W_BLOCKED, "SELECT count(*) FROM warnings WHERE cond_key = ?1 AND (value = ?2 OR state "    \
                 "IN ('open', 'assigned', 'verified'))")                                          \
    X(W_INSERT, "INSERT INTO warnings(rule, label, severity, program, household_id, person_id, "  \
                "cond_key, value, office, evidence, raised_by, raised_on, due, state, "           \
                "created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "   \
                "?12, ?13, 'open', ?14, ?14) RETURNING id")                                       \
    X(W_GET, "SELECT w.id, w.rule, w.label, w.severity, w.program, w.household_id, w.person_id, " \
             "h.hh_no, w.office, w.evidence, w.raised_by, w.raised_on, w.due, w.state, "          \
             "coalesce(w.assignee, ''), coalesce(w.finding, ''), coalesce(w.outcome, ''), "      \
             "coalesce(w.reason, '') "                                                         \
             "FROM warnings w JOIN households h ON h.id = w.household_id WHERE w.id = ?1")       \
    X(W_UPDATE, "UPDATE warnings SET state = ?2, assignee = ?3, finding = ?4, outcome = ?5, "     \
                "reason = ?6, updated_at = ?7 WHERE id = ?1")                                     \
    X(W_LIST, "SELECT w.id FROM warnings w WHERE w.office LIKE ?1 || '%' "                       \
              "AND (?2 = '' OR w.state = ?2) AND (?3 = '' OR w.program = ?3) "                    \
              "AND (?4 = '' OR w.rule = ?4) ORDER BY w.office, w.id") \
    /* payment rolls */                                                                          \
    X(PAY_ENROL_INSERT, "INSERT INTO enrolments(program, household_id, person_id, start_month, "   \
                        "end_month, source, created_at, once_amount) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "\
                        "ON CONFLICT DO NOTHING RETURNING id")                                     \
    X(PAY_ENROL_OPEN, "SELECT id FROM enrolments WHERE program = ?1 AND household_id = ?2 AND "    \
                      "person_id = ?3 AND end_month IS NULL")                                      \
    X(PAY_ENROL_IN_FORCE, PAY_ENROL_IN_MONTH "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM households "\
                          "h, json_each(?2) j WHERE h.id = e.household_id AND h.division >= "      \
                          "j.value AND h.division < j.value || ':')) ORDER BY id")                 \
    /* the same for a county or narrower: from its households */                                \
    X(PAY_ENROL_IN_FORCE_NARROW, PAY_ENROL_IN_MONTH "AND e.household_id IN (SELECT h.id FROM "     \
                                 "json_each(?2) j JOIN households h ON h.division >= j.value "     \
                                 "AND h.division < j.value || ':') ORDER BY id")                   \
    X(PAY_ENROL_UNITS, "SELECT DISTINCT substr(h.division, 1, 6) FROM enrolments e JOIN households h "\
                       "ON h.id = e.household_id WHERE e.program = ?1 AND e.start_month <= ?2 AND "\
                       "(e.end_month IS NULL OR e.end_month >= ?2) ORDER BY 1")                    \
    X(PAY_ENROL_END, "UPDATE enrolments SET end_month = ?2 WHERE id = ?1")                         \
    X(PAY_ENROL_REVIEWED, "UPDATE enrolments SET last_review = ?2 WHERE id = ?1 AND end_month IS NULL") \
    X(PAY_DEATHS, "SELECT entity_id, value FROM facts WHERE entity = 'person' AND variable = "     \
                  "'death' AND entity_id IN (SELECT value FROM json_each(?1)) "                    \
                  "ORDER BY entity_id, recorded_at")                                               \
    X(PAY_ROLL_BY_KEY, "SELECT id, program, month, state, policy_version, prepared_by, prepared_at, "\
                       "approved_by, approved_at, paid_at, lines, total, unit, unit_scope, "\
                       "coalesce(batch_ref, ''), coalesce(bank_format, ''), coalesce(bank_sm3, ''), "\
                       "coalesce(bank_at, ''), payee FROM rolls WHERE program = ?1 "\
                       "AND month = ?2 AND unit = ?3")                                             \
    X(PAY_ROLL_BY_ID, "SELECT id, program, month, state, policy_version, prepared_by, prepared_at, "\
                       "approved_by, approved_at, paid_at, lines, total, unit, unit_scope, "\
                       "coalesce(batch_ref, ''), coalesce(bank_format, ''), coalesce(bank_sm3, ''), "\
                       "coalesce(bank_at, ''), payee FROM rolls WHERE id = ?1")                                       \
    X(PAY_ROLL_BY_BANK_SM3, "SELECT id, program, month, state, policy_version, prepared_by, "      \
                            "prepared_at, approved_by, approved_at, paid_at, lines, total, unit, " \
                            "unit_scope, coalesce(batch_ref, ''), coalesce(bank_format, ''), "     \
                            "coalesce(bank_sm3, ''), coalesce(bank_at, ''), payee FROM rolls "     \
                            "WHERE bank_sm3 = ?1 ORDER BY id DESC LIMIT 1")                        \
    X(PAY_ROLL_INSERT, "INSERT INTO rolls(program, month, state, policy_version, prepared_by, "    \
                       "prepared_at, lines, total, unit, unit_scope, payee) VALUES(?1, ?2, 'draft', ?3, "\
                       "?4, ?5, 0, 0, ?6, ?7, ?8) RETURNING id")                                   \
    X(PAY_ROLL_SET_TOTALS, "UPDATE rolls SET lines = ?2, total = ?3 WHERE id = ?1")                                               \
    X(PAY_BANK_SIG_PUT, "INSERT INTO bank_file_sigs(roll_id, sm3, sig, signed_at) "                \
                        "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(roll_id, sm3) DO UPDATE SET "          \
                        "sig = excluded.sig, signed_at = excluded.signed_at")                      \
    X(PAY_BANK_SIG_GET, "SELECT sig FROM bank_file_sigs WHERE roll_id = ?1 AND sm3 = ?2")         \
    X(PAY_ROLL_BANK, "UPDATE rolls SET batch_ref = ?2, bank_format = ?3, bank_sm3 = ?4, bank_at = ?5 "\
                     "WHERE id = ?1")                                                              \
    X(PAY_ROLL_PREPARED, "UPDATE rolls SET policy_version = ?2, prepared_by = ?3, prepared_at = ?4 WHERE "\
                         "id = ?1 AND state = 'draft'")                                            \
    X(PAY_ROLL_TOTALS, "UPDATE rolls SET lines = (SELECT count(*) FROM roll_lines WHERE roll_id = ?1), "\
                       "total = (SELECT coalesce(sum(amount), 0) FROM roll_lines WHERE roll_id = ?1) "\
                       "WHERE id = ?1")                                                            \
    X(PAY_ROLL_APPROVE, "UPDATE rolls SET state = 'approved', approved_by = ?2, approved_at = ?3 WHERE "\
                        "id = ?1 AND state = 'draft'")                                             \
    X(PAY_ROLL_PAID, "UPDATE rolls SET state = 'paid', paid_at = ?2 WHERE id = ?1 AND state = "    \
                     "'approved'")                                                                 \
    X(PAY_LINES_DELETE, "DELETE FROM roll_lines WHERE roll_id = ?1 AND origin_month >= ?2 AND "    \
                        "origin_month <= ?3")                                                      \
    X(PAY_LINE_INSERT, "INSERT INTO roll_lines(roll_id, household_id, person_id, origin_month, "   \
                       "enrolment_id, kind, status, due, paid_before, amount, change, reason) "    \
                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")                \
    X(PAY_LINES, "SELECT household_id, person_id, origin_month, enrolment_id, kind, status, due, " \
                 "paid_before, amount, change, reason FROM roll_lines WHERE roll_id = ?1 ORDER "   \
                 "BY household_id, person_id, origin_month")                                       \
    X(PAY_PAID_SUMS, "SELECT l.household_id, l.person_id, sum(l.amount), max(l.enrolment_id) "\
                     "FROM roll_lines l JOIN rolls r ON r.id = l.roll_id WHERE r.program = ?1 AND l.origin_month = ?2 AND r.state "\
                     "IN ('approved', 'paid') AND (?3 IS NULL OR EXISTS (SELECT 1 FROM households h, "\
                     "json_each(?3) j WHERE h.id = l.household_id AND h.division >= j.value AND "\
                     "h.division < j.value || ':')) GROUP BY l.household_id, l.person_id")        \
    X(PAY_BANK_ROWS, "SELECT h.hh_no, coalesce(p.name, (SELECT hp.name FROM memberships m JOIN persons "\
                     "hp ON hp.id = m.person_id WHERE m.household_id = g.household_id AND m.valid_to "\
                     "IS NULL ORDER BY m.relation <> '户主', m.person_id LIMIT 1)), "                \
                     "coalesce(p.id_masked, (SELECT hp.id_masked FROM memberships m JOIN persons hp ON "\
                     "hp.id = m.person_id WHERE m.household_id = g.household_id AND m.valid_to IS "\
                     "NULL ORDER BY m.relation <> '户主', m.person_id LIMIT 1)), g.amount, coalesce(e.bank, ''), "\
                     "e.account_sealed, g.enrolment_id FROM (SELECT household_id, person_id, sum(amount) AS amount, "\
                     "max(enrolment_id) AS enrolment_id FROM roll_lines WHERE roll_id = "         \
                     "?1 GROUP BY household_id, person_id) g JOIN households h ON h.id = "         \
                     "g.household_id LEFT JOIN persons p ON p.id = g.person_id LEFT JOIN "         \
                     "enrolments e ON e.id = g.enrolment_id WHERE g.amount > 0 AND (?2 IS NULL "\
                     "OR EXISTS (SELECT 1 FROM json_each(?2) j WHERE h.division >= j.value AND "   \
                     "h.division < j.value || ':')) ORDER BY h.hh_no, g.person_id")                                  \
    /* contests of decisions (casestore.c) */                                                    \
    X(CONTEST_INSERT, "INSERT INTO case_contests(case_id, of_case, decision_step, known_at, "      \
                      "matches, engine_eligible, engine_amount, policy_version, differences, "    \
                      "explanation) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")             \
    X(CONTEST_GET, "SELECT of_case, decision_step, known_at, matches, engine_eligible, "          \
                   "engine_amount, policy_version, differences, explanation FROM case_contests "  \
                   "WHERE case_id = ?1")                                                       \
    /* exits from payment (paystore.c) */                                                        \
    X(PAY_ENROL_STOP, "UPDATE enrolments SET end_month = ?2, end_reason = ?3 WHERE id = ?1 AND "  \
                      "end_month IS NULL AND start_month <= ?2")                                  \
    X(PAY_ENROL_GET, "SELECT id, program, household_id, person_id, start_month, end_month, "     \
                     "source, last_review, coalesce(bank, ''), coalesce(account_masked, '') FROM " \
                     "enrolments WHERE id = ?1")                                                   \
    /* bank accounts of enrolments (paystore.c) */                                               \
    X(PAY_ENROL_ACCOUNT, "UPDATE enrolments SET bank = ?2, account_sealed = ?3, "                 \
                         "account_masked = ?4, account_index = ?5 WHERE id = ?1 "                 \
                         "AND end_month IS NULL")                                                  \
    X(PAY_ENROL_OF, "SELECT id, program, household_id, person_id, start_month, end_month, "      \
                    "source, last_review, coalesce(bank, ''), coalesce(account_masked, '') FROM " \
                    "enrolments WHERE household_id = ?1 ORDER BY id") \
    /* the work API: warnings in a scope (by street office or household division), a case
     * opened from a warning */                                                                \
    X(W_SCOPE_LIST, "SELECT w.id, w.household_id, w.due FROM warnings w JOIN households h "       \
                    "ON h.id = w.household_id WHERE (w.office LIKE ?1 || '%' OR h.division "       \
                    "LIKE ?1 || '%') " W_FILTER)                                                   \
    /* the same for a county or narrower: through the indexes of office and household */       \
    X(W_SCOPE_LIST_NARROW, "SELECT w.id, w.household_id, w.due FROM warnings w WHERE "             \
                           "(w.office >= ?1 AND w.office < ?1 || ':' OR w.household_id IN "        \
                           "(SELECT id FROM households WHERE division >= ?1 AND division < ?1 "    \
                           "|| ':')) " W_FILTER)                                                   \
    /* the unfinished ones (the work queue), in no order, likewise (the household read only
     * when the office is not in the scope) */                          \
    X(W_SCOPE_DUES, "SELECT w.id, w.household_id, w.due FROM warnings w WHERE w.state IN "        \
                    "('open', 'assigned', 'verified') AND (w.office LIKE ?1 || '%' OR EXISTS "     \
                    "(SELECT 1 FROM households h WHERE h.id = w.household_id AND h.division LIKE " \
                    "?1 || '%'))")                                                                 \
    X(W_SCOPE_DUES_NARROW, "SELECT w.id, w.household_id, w.due FROM warnings w WHERE w.state IN "  \
                           "('open', 'assigned', 'verified') AND (w.office >= ?1 AND w.office < "  \
                           "?1 || ':' OR w.household_id IN (SELECT id FROM households WHERE "      \
                           "division >= ?1 AND division < ?1 || ':'))")                            \
    X(CW_INSERT, "INSERT INTO case_warnings(case_id, warning_id) VALUES(?1, ?2)")                  \
    X(CW_BY_WARNING, "SELECT case_id FROM case_warnings WHERE warning_id = ?1")                    \
    X(CW_BY_CASE, "SELECT warning_id FROM case_warnings WHERE case_id = ?1")                      \
    X(PAY_ROLL_LIST, "SELECT id FROM rolls WHERE (?1 = '' OR program = ?1) "                       \
                     "AND (?2 = '' OR month = ?2) ORDER BY month DESC, program") \
    /* machine tokens (authstore.c) */                                                            \
    X(MT_INSERT, "INSERT INTO machine_tokens(name, token_hash, feeds, created_at, created_by) "    \
                 "VALUES(?1, ?2, ?3, ?4, ?5) RETURNING id")                                        \
    X(MT_BY_HASH, "SELECT id, name, feeds, created_at, coalesce(revoked_at, '') FROM "             \
                  "machine_tokens WHERE token_hash = ?1 AND revoked_at IS NULL")                   \
    X(MT_LIST, "SELECT id, name, feeds, created_at, coalesce(revoked_at, '') FROM machine_tokens " \
               "ORDER BY name, id")                                                                \
    X(MT_REVOKE, "UPDATE machine_tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS "    \
                 "NULL RETURNING id")                                                               \
    /* web UI */                                                                                   \
    X(DIV_LEVEL_AT, "SELECT code, name, level, parent, pinyin, valid_from, valid_to "              \
                    "FROM divisions WHERE level = ?1 AND valid_from <= ?2 "                        \
                    "AND (valid_to IS NULL OR valid_to > ?2) ORDER BY code") \
    /* the managers' dashboard (querystore.h qs_stats); ?1: the scope's prefixes (JSON) */         \
    X(STATS_COVERAGE, STATS_COVERAGE_COLS "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE "     \
                      "h.division >= j.value AND h.division < j.value || ':') AND "                \
                      STATS_COVERAGE_IN_FORCE)                                                     \
    /* the same for a county or narrower: from the scope's households */                        \
    X(STATS_COVERAGE_NARROW, STATS_COVERAGE_COLS "WHERE e.household_id IN (SELECT h2.id FROM "     \
                             "json_each(?1) j JOIN households h2 ON h2.division >= j.value AND "   \
                             "h2.division < j.value || ':') AND " STATS_COVERAGE_IN_FORCE)         \
    X(STATS_WARNINGS, "SELECT substr(raised_on, 1, 7), '', count(*), "                             \
                      "sum(state IN ('closed', 'dismissed')), sum(state IN ('closed', 'dismissed') "\
                      "AND substr(updated_at, 1, 10) <= due), sum(state NOT IN ('closed', "        \
                      "'dismissed') AND due < ?2), 0 FROM warnings WHERE EXISTS (SELECT 1 FROM "   \
                      "json_each(?1) j WHERE office >= j.value AND office < j.value || ':') "      \
                      "GROUP BY 1 ORDER BY 1")                                                     \
    X(STATS_CASES, "SELECT c.type, '', count(*), count(d.day), sum(d.day <= c.deadline), "         \
                   "sum(d.day IS NULL AND c.closed_on IS NULL AND c.deadline < ?2), "              \
                   "avg(julianday(d.day) - julianday(c.accepted_on)) FROM cases c LEFT JOIN "      \
                   "(SELECT k.case_id, min(s.day) AS day FROM case_decisions k JOIN case_steps s " \
                   "ON s.id = k.step_id GROUP BY k.case_id) d ON d.case_id = c.id "                \
                   "WHERE c.accepted_on IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(?1) j "    \
                   "WHERE c.division >= j.value AND c.division < j.value || ':') "                 \
                   "GROUP BY 1 ORDER BY 1")                                                        \
    X(STATS_SPENDING, STATS_SPENDING_COLS "JOIN households h ON h.id = l.household_id WHERE "      \
                      "EXISTS (SELECT 1 FROM json_each(?1) j WHERE h.division >= j.value AND "     \
                      "h.division < j.value || ':') AND " STATS_SPENDING_PAID)                     \
    /* the same for a county or narrower: from the scope's households */                        \
    X(STATS_SPENDING_NARROW, STATS_SPENDING_COLS "WHERE l.household_id IN (SELECT h.id FROM "      \
                             "json_each(?1) j JOIN households h ON h.division >= j.value AND "     \
                             "h.division < j.value || ':') AND " STATS_SPENDING_PAID)              \
    /* person look-ups by pinyin initials (prefix) and masked ID number, ?3: scope (JSON) */       \
    X(P_SET_INITIALS, "UPDATE persons SET initials = ?2 WHERE id = ?1")                            \
    X(P_WITHOUT_INITIALS, "SELECT id, name FROM persons WHERE initials = ''")                      \
    X(Q_PERSONS_BY_INITIALS_IN, "SELECT id, id_masked, name, sex, birth, division, phone FROM persons "\
                                "WHERE initials >= ?1 AND initials < ?2 AND EXISTS (SELECT 1 FROM "\
                                "json_each(?3) j WHERE division >= j.value AND division < j.value "\
                                "|| ':') ORDER BY initials, name, id LIMIT ?4 OFFSET ?5")          \
    X(Q_PERSONS_BY_MASKED_IN, "SELECT id, id_masked, name, sex, birth, division, phone FROM persons "\
                              "WHERE id_masked BETWEEN ?1 AND ?2 AND EXISTS (SELECT 1 FROM "        \
                              "json_each(?3) j WHERE division >= j.value AND division < j.value "  \
                              "|| ':') ORDER BY name, id LIMIT ?4 OFFSET ?5")                      \
        /* the household page: every fact of the household and its members, cases, payments */     \
    X(Q_HH_TIMELINE, "SELECT f.entity, coalesce(p.name, ''), f.variable, f.value, f.effective, "   \
                     "f.source, f.recorded_at FROM facts f LEFT JOIN persons p ON f.entity = "     \
                     "'person' AND p.id = f.entity_id WHERE (f.entity = 'household' AND "          \
                     "f.entity_id = ?1) OR (f.entity = 'person' AND f.entity_id IN (SELECT "       \
                     "m.person_id FROM memberships m WHERE m.household_id = ?1 AND m.valid_to IS " \
                     "NULL)) ORDER BY f.effective DESC, f.recorded_at DESC, f.id DESC LIMIT ?2")   \
    X(Q_HH_CASES, "SELECT id, type, state, opened_on, coalesce(accepted_on, ''), "                 \
                  "coalesce(deadline, ''), coalesce(state_due, ''), coalesce(closed_on, '') "      \
                  "FROM cases WHERE household_id = ?1 ORDER BY id DESC")                           \
    X(Q_HH_PAYMENTS, "SELECT r.month, r.program, r.state, l.origin_month, l.kind, l.amount, "      \
                     "coalesce(p.name, '') FROM roll_lines l JOIN rolls r ON r.id = l.roll_id "    \
                     "LEFT JOIN persons p ON p.id = l.person_id WHERE l.household_id = ?1 "        \
                     "ORDER BY r.month DESC, l.origin_month DESC, r.program LIMIT ?2") \
    /* snapshot scans of listed households or entities: ?2 (members) or ?4 (facts) is a JSON
     * array of ids; members come in the order of the list */                                 \
    X(SNAP_MEMBERS_IN, "SELECT m.household_id, h.division, h.rural, m.person_id, p.birth, p.sex, " \
                       "p.rural_hukou, m.relation FROM json_each(?2) j "                           \
                       "JOIN memberships m ON m.household_id = j.value "                           \
                       "JOIN households h ON h.id = m.household_id "                               \
                       "JOIN persons p ON p.id = m.person_id "                                     \
                       "WHERE m.valid_from <= ?1 AND (m.valid_to IS NULL OR m.valid_to > ?1) "     \
                       "ORDER BY j.key, m.relation <> '户主', m.person_id")                        \
    /* the registry's change journal (snapstore.c) */                                         \
    X(SS_GEN, "SELECT n, floor, bulk, instance FROM registry_gen")                               \
    X(SS_BULK_ON, "UPDATE registry_gen SET bulk = 1")                                            \
    X(SS_BULK_OFF, "UPDATE registry_gen SET bulk = 0, floor = n")                                \
    X(SS_BUMP, "UPDATE registry_gen SET n = n + 1")                                              \
    X(SS_CHANGED, "SELECT household_id FROM registry_changes WHERE gen > ?1 ORDER BY household_id") \
    X(SNAP_FACTS_IN, "SELECT entity_id, variable, value, effective FROM facts WHERE entity = ?1 "  \
                     "AND effective <= ?2 AND recorded_at <= ?3 "                                  \
                     "AND entity_id IN (SELECT value FROM json_each(?4)) "                         \
                     "ORDER BY entity_id, variable, effective DESC, recorded_at DESC, id DESC") \
    /* 专项救助 referrals (referralstore.c) */                                                 \
    X(REF_INSERT, "INSERT INTO referrals(department, household_id, person_id, basis, reason, "     \
                  "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")              \
    X(REF_OF_DEPT, "SELECT r.id, r.department, r.household_id, h.hh_no, r.person_id, r.basis, "    \
                   "r.reason, r.created_at, coalesce(r.exported_at, ''), coalesce(r.answer, ''), " \
                   "coalesce(r.answer_note, ''), coalesce(r.answered_at, '') FROM referrals r JOIN " \
                   "households h ON h.id = r.household_id WHERE r.department = ?1 ORDER BY r.id")  \
    X(REF_OF_HH, "SELECT r.id, r.department, r.household_id, h.hh_no, r.person_id, r.basis, "      \
                 "r.reason, r.created_at, coalesce(r.exported_at, ''), coalesce(r.answer, ''), "   \
                 "coalesce(r.answer_note, ''), coalesce(r.answered_at, '') FROM referrals r JOIN " \
                 "households h ON h.id = r.household_id WHERE r.household_id = ?1 ORDER BY r.id")  \
    X(REF_EXPORTED, "UPDATE referrals SET exported_at = ?2 WHERE department = ?1 AND "             \
                    "exported_at IS NULL")                                                         \
    X(REF_ANSWER, "UPDATE referrals SET answer = ?3, answer_note = ?4, answered_at = ?5, "         \
                  "answered_by = ?6 WHERE id = ?1 AND department = ?2")                            \
    /* 老年人能力评估 (assessstore.c) */                                                        \
    X(AST_INSERT, "INSERT INTO assessments(person_id, division, assessed_on, reason, assessor1, "  \
                  "assessor2, scores, conditions, total, preliminary, final_level, reasons, "      \
                  "next_due, policy_version, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, "    \
                  "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id")           \
    X(AST_GET, AST_COLS "WHERE a.id = ?1")                                                         \
    X(AST_OF_PERSON, AST_COLS "WHERE a.person_id = ?1 ORDER BY a.assessed_on DESC, a.id DESC")     \
    X(AST_IN_SCOPE, AST_COLS "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE a.division >= "    \
                    "j.value AND a.division < j.value || ':') ORDER BY a.assessed_on DESC, a.id "  \
                    "DESC LIMIT ?2")                                                               \
    /* 探访关爱 visits (visitstore.c) */                                                          \
    X(VISIT_INSERT, "INSERT INTO visits(person_id, visited_on, method, visitor, findings, "        \
                    "needs_help, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) " \
                    "RETURNING id")                                                                \
    X(VISITS_OF_PERSON, "SELECT id, person_id, visited_on, method, visitor, findings, needs_help, " \
                        "recorded_by, recorded_at FROM visits WHERE person_id = ?1 "               \
                        "ORDER BY visited_on DESC, id DESC LIMIT ?2")                              \
    X(VISIT_ELDER_HOUSEHOLDS, "SELECT DISTINCT m.household_id FROM memberships m "                 \
                              "JOIN persons p ON p.id = m.person_id "                              \
                              "JOIN households h ON h.id = m.household_id "                        \
                              "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE h.division >= "   \
                              "j.value AND h.division < j.value || ':') AND p.birth <= ?2 "        \
                              "AND m.valid_from <= ?3 AND (m.valid_to IS NULL OR m.valid_to > ?3) " \
                              "ORDER BY m.household_id")                                           \
    /* smart alarms (alarmstore.c) */                                                          \
    X(DEV_INSERT, "INSERT INTO devices(device_no, kind, person_id, station_id, contact_name, "     \
                  "contact_phone, created_by, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) " \
                  "RETURNING id")                                                                  \
    X(DEV_BY_NO, "SELECT id, device_no, kind, person_id, station_id, contact_name, contact_phone " \
                 "FROM devices WHERE device_no = ?1")                                              \
    X(ALARM_INSERT, "INSERT INTO alarms(device_id, event_key, occurred_at, tier, tier_since, "     \
                    "state) VALUES(?1, ?2, ?3, 1, ?3, 'open') ON CONFLICT DO NOTHING RETURNING id") \
    X(ALARM_SELECT, "SELECT a.id, a.device_id, a.event_key, a.occurred_at, a.tier, a.tier_since, " \
                    "a.state, coalesce(a.acknowledged_by, ''), coalesce(a.acknowledged_at, ''), "  \
                    "coalesce(a.outcome, ''), coalesce(a.closed_by, ''), coalesce(a.closed_at, ''), " \
                    "d.id, d.device_no, d.kind, d.person_id, d.station_id, d.contact_name, "       \
                    "d.contact_phone, p.name, p.id_masked, p.division, "                           \
                    "coalesce(s.parent_id, 0) FROM alarms a JOIN devices d ON d.id = a.device_id " \
                    "JOIN persons p ON p.id = d.person_id JOIN providers s ON s.id = d.station_id " \
                    "WHERE (?1 = 0 OR a.id = ?1) AND (?2 IS NULL OR a.state = ?2) "                \
                    "AND (?3 IS NULL OR a.state <> 'closed' OR a.closed_at >= ?3) "                \
                    "ORDER BY a.state = 'closed', a.occurred_at DESC, a.id DESC LIMIT ?4")          \
    X(ALARM_UPDATE, "UPDATE alarms SET tier = ?2, tier_since = ?3, state = ?4, "                   \
                    "acknowledged_by = nullif(?5, ''), acknowledged_at = nullif(?6, ''), "         \
                    "outcome = nullif(?7, ''), closed_by = nullif(?8, ''), "                       \
                    "closed_at = nullif(?9, '') WHERE id = ?1")                                    \
    X(ALARM_STEP_ADD, "INSERT INTO alarm_steps(alarm_id, at, step, tier, actor, note) "            \
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")                                            \
    X(ALARM_STEPS, "SELECT at, step, tier, actor, note FROM alarm_steps WHERE alarm_id = ?1 "      \
                   "ORDER BY id")                                                                  \
    /* 银龄 volunteers (volunteerstore.c) */                                                    \
    X(VOL_INSERT, "INSERT INTO volunteers(person_id, skills, registered_by, registered_at) "       \
                  "VALUES(?1, ?2, ?3, ?4) RETURNING id")                                           \
    X(VOL_SELECT, "SELECT v.id, v.person_id, v.skills, p.name, p.id_masked, p.division, "          \
                  "(SELECT count(*) FROM volunteer_pairs x WHERE x.volunteer_id = v.id), "         \
                  "(SELECT coalesce(sum(minutes), 0) FROM volunteer_hours h WHERE "                \
                  "h.volunteer_id = v.id) FROM volunteers v JOIN persons p ON p.id = v.person_id " \
                  "WHERE (?1 = 0 OR v.person_id = ?1) AND EXISTS (SELECT 1 FROM json_each(?2) j "  \
                  "WHERE p.division >= j.value AND p.division < j.value || ':') ORDER BY v.id")    \
    X(VOL_PAIR_ADD, "INSERT INTO volunteer_pairs(target_id, volunteer_id, since, paired_by) "      \
                    "VALUES(?1, ?2, ?3, ?4)")                                                      \
    X(VOL_PAIR_OF, "SELECT v.person_id, p.name FROM volunteer_pairs x JOIN volunteers v ON "    \
                   "v.id = x.volunteer_id JOIN persons p ON p.id = v.person_id "                   \
                   "WHERE x.target_id = ?1")                                                       \
    X(VOL_HOURS_ADD, "INSERT INTO volunteer_hours(volunteer_id, served_on, activity, minutes, "    \
                     "visit_id, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, nullif(?5, 0), "  \
                     "?6, ?7)")                                                                    \
    /* a person's id by blind index (the unique index alone, no row read) */                  \
    X(P_ID_BY_INDEX, "SELECT id FROM persons WHERE id_index = ?1")                                 \
    /* the residents' portal (portalstore.c): sign-in codes, the SMS outbox,
     * residents' sessions, how a case was applied for */                    \
    X(RC_INSERT, "INSERT INTO resident_codes(id_index, person_id, salt, code_hash, created, "      \
                 "expires) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")                                        \
    X(RC_RECENT, "SELECT count(*) FROM resident_codes WHERE id_index = ?1 AND created > ?2")      \
    X(RC_LIVE, "SELECT id, person_id, salt, code_hash, tries FROM resident_codes "                 \
               "WHERE id_index = ?1 AND used = 0 AND expires > ?2 ORDER BY id DESC LIMIT 1")       \
    X(RC_TRY, "UPDATE resident_codes SET tries = tries + 1 WHERE id = ?1")                         \
    X(RC_USE, "UPDATE resident_codes SET used = 1 WHERE id_index = ?1")                            \
    X(SMS_INSERT, "INSERT INTO sms_outbox(sealed, created_at) VALUES(?1, ?2)")                     \
    X(SMS_LIST, "SELECT id, sealed, created_at, coalesce(sent_at, '') FROM sms_outbox "            \
                "WHERE ?1 OR sent_at IS NULL ORDER BY id")                                         \
    X(SMS_SENT, "UPDATE sms_outbox SET sent_at = ?2 WHERE id = ?1 AND sent_at IS NULL")            \
    X(RS_INSERT, "INSERT INTO resident_sessions(token_hash, person_id, created, expires) "         \
                 "VALUES(?1, ?2, ?3, ?4)")                                                         \
    X(RS_GET, "SELECT person_id, expires FROM resident_sessions WHERE token_hash = ?1")           \
    X(RS_DELETE, "DELETE FROM resident_sessions WHERE token_hash = ?1")                            \
    X(RS_PURGE, "DELETE FROM resident_sessions WHERE expires <= ?1")                               \
    X(APP_INSERT, "INSERT INTO case_applications(case_id, channel, applied_by, consent_version, "  \
                  "consent_sm3, consent_at, consent_ref) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")      \
    X(APP_GET, "SELECT channel, applied_by, consent_version, consent_sm3, consent_at, "            \
               "coalesce(consent_ref, '') FROM case_applications WHERE case_id = ?1")              \
    X(CASE_OF_HH, "SELECT id FROM cases WHERE household_id = ?1 ORDER BY id DESC")                 \
    X(NOTICE_OF_HH, "SELECT number, program, decision, amount, as_of, effective, issued, sm3, "    \
                    "text, coalesce(verify_code, ''), EXISTS (SELECT 1 FROM notice_pdfs p "        \
                    "WHERE p.sm3 = notices.sm3) FROM notices WHERE household_id = ?1 ORDER BY id")  \
    X(N_PDF_PUT, "INSERT INTO notice_pdfs(sm3, pdf) VALUES(?1, ?2)")                               \
    X(N_PDF_GET, "SELECT pdf FROM notice_pdfs WHERE sm3 = ?1")                                     \
    CARE_SQL_STATEMENTS(X)                                                                         \
    ORG_SQL_STATEMENTS(X)                                                                          \
    PLACE_SQL_STATEMENTS(X)                                                                        \
    CHILD_SQL_STATEMENTS(X)                                                                     \
    AUTOGRANT_SQL_STATEMENTS(X)                                                                 \
    AFFAIRS_SQL_STATEMENTS(X)                                                                      \
    RECORD_SQL_STATEMENTS(X)                                                                       \
    SUPERVISE_SQL_STATEMENTS(X)

#endif
