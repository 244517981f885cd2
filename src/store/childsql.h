/* The SQL statements of child and disability welfare (childstore.c), part of the one
 * table of statements (store/sql.h includes this list). */
#ifndef MZ_CHILDSQL_H
#define MZ_CHILDSQL_H

/* A referral with its person (REHAB_GET, REHAB_LIST). */
#define REHAB_COLS                                                                                 \
    "SELECT r.id, r.person_id, p.name, p.id_masked, p.division, r.referred_on, r.service, "        \
    "r.state, coalesce((SELECT max(on_day) FROM rehab_progress g WHERE g.referral_id = r.id), '') " \
    "FROM rehab_referrals r JOIN persons p ON p.id = r.person_id "

/* An institution with its occupancy (INST_GET, INST_LIST). */
#define INST_COLS                                                                                  \
    "SELECT i.id, i.name, i.kind, i.division, i.capacity, i.licence, (SELECT count(*) FROM "       \
    "child_placements c WHERE c.institution_id = i.id AND c.left_on IS NULL) "                     \
    "FROM child_institutions i "

/* A placement with its institution and child (PLACEMENT_*). */
#define PLACEMENT_COLS                                                                             \
    "SELECT c.id, c.person_id, c.institution_id, coalesce(c.moved_from, 0), i.name, p.name, "      \
    "p.id_masked, p.birth, c.admitted_on, c.reason, c.source, coalesce(c.left_on, ''), "           \
    "coalesce(c.destination, '') FROM child_placements c "                                          \
    "JOIN child_institutions i ON i.id = c.institution_id JOIN persons p ON p.id = c.person_id "

/* A 托养 placement with its person and provider (TY_OPEN, TY_LIST). */
#define TY_COLS                                                                                    \
    "SELECT t.id, t.person_id, t.provider_id, p.name, p.id_masked, p.division, v.name, t.mode, "   \
    "t.start_on, coalesce(t.end_on, '') FROM tuoyang_placements t "                                \
    "JOIN persons p ON p.id = t.person_id JOIN providers v ON v.id = t.provider_id "

#define CHILD_SQL_STATEMENTS(X)                                                                    \
    X(TY_INSERT, "INSERT INTO tuoyang_placements(person_id, provider_id, mode, start_on, "         \
                 "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) RETURNING id")          \
    X(TY_OPEN, TY_COLS "WHERE t.person_id = ?1 AND t.end_on IS NULL")                              \
    X(TY_END, "UPDATE tuoyang_placements SET end_on = ?2 WHERE id = ?1 AND end_on IS NULL")        \
    X(TY_LIST, TY_COLS "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE p.division >= "          \
               "j.value AND p.division < j.value || ':') "                                         \
               "ORDER BY t.end_on IS NOT NULL, t.start_on DESC, t.id DESC")                        \
    X(INST_INSERT, "INSERT INTO child_institutions(name, kind, division, capacity, licence, "      \
                   "created_by, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id")      \
    X(INST_GET, INST_COLS "WHERE i.id = ?1")                                                       \
    X(INST_LIST, INST_COLS "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE i.division >= "      \
                 "j.value AND i.division < j.value || ':') ORDER BY i.division, i.name")           \
    X(PLACEMENT_INSERT, "INSERT INTO child_placements(person_id, institution_id, admitted_on, "    \
                        "reason, source, moved_from, recorded_by, recorded_at) "                   \
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id")                     \
    X(PLACEMENT_OPEN, PLACEMENT_COLS "WHERE c.person_id = ?1 AND c.left_on IS NULL")               \
    X(PLACEMENT_CLOSE, "UPDATE child_placements SET left_on = ?2, destination = ?3 WHERE id = ?1 " \
                       "AND left_on IS NULL")                                                      \
    X(PLACEMENTS_OF, PLACEMENT_COLS "WHERE c.person_id = ?1 ORDER BY c.admitted_on, c.id")         \
    X(PLACEMENTS_IN, PLACEMENT_COLS "WHERE c.institution_id = ?1 AND (?2 = 0 OR c.left_on IS "     \
                     "NULL) ORDER BY c.admitted_on DESC, c.id DESC")                               \
    X(INST_SERVICE_INSERT, "INSERT INTO child_services(placement_id, kind, served_on, note, "      \
                           "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) RETURNING id") \
    X(INST_SERVICES_OF, "SELECT s.id, s.placement_id, i.name, s.kind, s.served_on, s.note "        \
                        "FROM child_services s JOIN child_placements c ON c.id = s.placement_id "  \
                        "JOIN child_institutions i ON i.id = c.institution_id "                    \
                        "WHERE c.person_id = ?1 ORDER BY s.served_on DESC, s.id DESC")             \
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
    X(ENT_INSERT, "INSERT INTO child_entitlements(person_id, kind, start_on, checked_on, "         \
                  "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) RETURNING id")         \
    X(ENT_CHECKED, "UPDATE child_entitlements SET checked_on = ?2 WHERE id = ?1")                  \
    X(ENT_CLOSE, "UPDATE child_entitlements SET end_on = ?2 WHERE id = ?1 AND end_on IS NULL")     \
    X(ENT_OF, "SELECT id, person_id, kind, start_on, coalesce(end_on, ''), checked_on "            \
              "FROM child_entitlements WHERE person_id = ?1 ORDER BY start_on DESC, id DESC")       \
    X(ENT_HOUSEHOLDS, "SELECT DISTINCT m.household_id FROM memberships m "                         \
                      "JOIN households h ON h.id = m.household_id "                                \
                      "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE h.division >= "           \
                      "j.value AND h.division < j.value || ':') "                                  \
                      "AND m.valid_from <= ?2 AND (m.valid_to IS NULL OR m.valid_to > ?2) "        \
                      "AND (EXISTS (SELECT 1 FROM facts f WHERE f.entity = 'person' AND "          \
                      "f.entity_id = m.person_id AND f.variable IN ('orphan', "                    \
                      "'de_facto_unsupported') AND f.value IN ('1', 'true', '是')) OR EXISTS "     \
                      "(SELECT 1 FROM child_entitlements e WHERE e.person_id = m.person_id AND "   \
                      "e.end_on IS NULL)) ORDER BY m.household_id")                                \
    X(DIS_CONSENT_LIST, "SELECT c.person_id, p.name, p.id_masked, p.division, c.given_on, "        \
                        "c.given_by FROM autogrant_consents c JOIN persons p ON p.id = c.person_id " \
                        "WHERE EXISTS (SELECT 1 FROM json_each(?1) j WHERE p.division >= "        \
                        "j.value AND p.division < j.value || ':') "                                \
                        "ORDER BY c.given_on DESC, c.person_id")                                   \
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
