/* The SQL statements of 免申即享 (autograntstore.c), part of the one table
 * of statements (store/sql.h includes this list). */
#ifndef MZ_AUTOGRANTSQL_H
#define MZ_AUTOGRANTSQL_H

/* A finding with its household, head of household and the latest consent
 * of a current member (AG_FINDING_GET, AG_FINDINGS). */
#define AG_FINDING_COLS                                                                            \
    "SELECT f.id, f.program, f.household_id, f.person_id, f.office, f.found_on, f.amount, "        \
    "f.state, coalesce(f.decided_on, ''), coalesce(f.decided_by, ''), coalesce(f.reason, ''), "    \
    "coalesce(f.enrolment_id, 0), coalesce(f.start_month, ''), coalesce(f.notice_number, ''), h.hh_no, " \
    "coalesce((SELECT p.name FROM memberships m JOIN persons p ON p.id = m.person_id "             \
    "WHERE m.household_id = h.id AND m.valid_to IS NULL AND m.relation = '户主' LIMIT 1), ''), "    \
    "coalesce((SELECT c.given_on || ' ' || c.given_by FROM autogrant_consents c WHERE "            \
    "(f.person_id > 0 AND c.person_id = f.person_id) OR (f.person_id = 0 AND c.person_id IN "      \
    "(SELECT m.person_id FROM memberships m WHERE m.household_id = h.id AND m.valid_to IS NULL)) " \
    "ORDER BY c.given_on DESC LIMIT 1), '') "                                                      \
    "FROM autogrant_findings f JOIN households h ON h.id = f.household_id "

#define AUTOGRANT_SQL_STATEMENTS(X)                                                                \
    X(AG_CONSENT_PUT, "INSERT INTO autogrant_consents(person_id, given_on, given_by, "             \
                      "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5) "                      \
                      "ON CONFLICT(person_id) DO UPDATE SET given_on = ?2, given_by = ?3, "        \
                      "recorded_by = ?4, recorded_at = ?5")                                        \
    X(AG_CONSENTS, "SELECT person_id, given_on, given_by FROM autogrant_consents "                 \
                   "ORDER BY person_id")                                                           \
    X(AG_ENROLLED, "SELECT DISTINCT household_id, person_id FROM enrolments WHERE program = ?1 "   \
                   "AND (end_month IS NULL OR end_month >= ?2) "                                     \
                   "ORDER BY household_id, person_id")                                             \
    X(AG_FINDING_INSERT, "INSERT INTO autogrant_findings(program, household_id, person_id, "       \
                         "office, found_on, amount, state, found_by, recorded_at) "                \
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, 'found', ?7, ?8) "                        \
                         "ON CONFLICT DO NOTHING RETURNING id")                                    \
    X(AG_FINDING_DECIDE, "UPDATE autogrant_findings SET state = ?2, decided_on = ?3, "             \
                         "decided_by = ?4, reason = ?5, enrolment_id = ?6, start_month = ?7, "     \
                         "notice_number = ?8 WHERE id = ?1 AND state = 'found'")                   \
    X(AG_FINDING_GET, AG_FINDING_COLS "WHERE f.id = ?1")                                           \
    X(AG_FINDINGS, AG_FINDING_COLS "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE "           \
                   "f.office >= j.value AND f.office < j.value || ':') "                           \
                   "AND (?2 = '' OR f.state = ?2) AND (?3 = 0 OR f.household_id = ?3) "           \
                   "ORDER BY f.state = 'found' DESC, f.found_on DESC, f.id DESC LIMIT ?4")

#endif
