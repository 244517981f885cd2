/* The SQL statements of child and disability welfare (childstore.c), part of the one
 * table of statements (store/sql.h includes this list). */
#ifndef MZ_CHILDSQL_H
#define MZ_CHILDSQL_H

/* A referral with its person (REHAB_GET, REHAB_LIST). */
#define REHAB_COLS                                                                                 \
    "SELECT r.id, r.person_id, p.name, p.id_masked, p.division, r.referred_on, r.service, "        \
    "r.state, ifnull((SELECT max(on_day) FROM rehab_progress g WHERE g.referral_id = r.id), '') "  \
    "FROM rehab_referrals r JOIN persons p ON p.id = r.person_id "

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
    X(REHAB_INSERT, "INSERT INTO rehab_referrals(person_id, referred_on, service, state, "         \
                    "referred_by, recorded_at) VALUES(?1, ?2, ?3, 'referred', ?4, ?5) RETURNING id") \
    X(REHAB_OPEN_OF, "SELECT count(*) FROM rehab_referrals WHERE person_id = ?1 "                  \
                     "AND state <> 'closed'")                                                      \
    X(REHAB_GET, REHAB_COLS "WHERE r.id = ?1")                                                     \
    X(REHAB_SET_STATE, "UPDATE rehab_referrals SET state = ?2 WHERE id = ?1")                      \
    X(REHAB_PROGRESS_INSERT, "INSERT INTO rehab_progress(referral_id, on_day, state, note, "       \
                             "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")           \
    X(REHAB_LIST, REHAB_COLS "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE p.division >= "    \
                  "j.value AND p.division < j.value || ':') ORDER BY p.division, r.id")            \
    X(REHAB_CANDIDATES, "SELECT DISTINCT entity_id FROM facts WHERE entity = 'person' AND "        \
                        "((variable = 'disability_type' AND value = '精神') OR "                     \
                        "(variable = 'serious_mental_disorder' AND value IN ('是', 'true', '1'))) "  \
                        "ORDER BY entity_id LIMIT ?1")                                             \
    X(REHAB_PROGRESS_OF, "SELECT on_day, state, note, recorded_by FROM rehab_progress "            \
                         "WHERE referral_id = ?1 ORDER BY on_day, id")

#endif
