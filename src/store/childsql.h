/* The SQL statements of child and disability welfare (childstore.c), part of the one
 * table of statements (store/sql.h includes this list). */
#ifndef MZ_CHILDSQL_H
#define MZ_CHILDSQL_H

#define CHILD_SQL_STATEMENTS(X)                                                                    \
    X(CHILD_RECORD_INSERT, "INSERT INTO child_records(person_id, as_of, reasons, recorded_by, "    \
                           "recorded_at) VALUES(?1, ?2, ?3, ?4, ?5) RETURNING id")                 \
    X(CHILD_RECORDS_OF, "SELECT id, person_id, as_of, reasons, recorded_by, recorded_at "          \
                        "FROM child_records WHERE person_id = ?1 ORDER BY as_of DESC, id DESC "    \
                        "LIMIT ?2")                                                                \
    X(CHILD_VISIT_INSERT, "INSERT INTO child_visits(person_id, visited_on, kind, visitor, "        \
                          "findings, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) " \
                          "RETURNING id")                                                          \
    X(CHILD_VISITS_OF, "SELECT id, person_id, visited_on, kind, visitor, findings, recorded_by, "  \
                       "recorded_at FROM child_visits WHERE person_id = ?1 "                       \
                       "ORDER BY visited_on DESC, id DESC LIMIT ?2")                               \
    X(CHILD_HOUSEHOLDS, "SELECT DISTINCT m.household_id FROM memberships m "                       \
                        "JOIN persons p ON p.id = m.person_id "                                    \
                        "JOIN households h ON h.id = m.household_id "                              \
                        "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE h.division >= "         \
                        "j.value AND h.division < j.value || ':') AND p.birth > ?2 "               \
                        "AND m.valid_from <= ?3 AND (m.valid_to IS NULL OR m.valid_to > ?3) "      \
                        "ORDER BY m.household_id")                                                  \
    X(DIS_CONSENT_PUT, "INSERT INTO disability_consents(person_id, given_on, given_by, "           \
                       "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5) "                     \
                       "ON CONFLICT(person_id) DO UPDATE SET given_on = ?2, given_by = ?3, "       \
                       "recorded_by = ?4, recorded_at = ?5")                                       \
    X(DIS_CONSENTS, "SELECT person_id, given_on, given_by FROM disability_consents "               \
                    "ORDER BY person_id")

#endif
