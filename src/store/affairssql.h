/* The SQL statements of social affairs — family relations in the registry
 * (kinstore.c), 婚姻登记 (marriagestore.c) and 殡葬 (funeralstore.c) —,
 * part of the one table of statements (store/sql.h includes this list).
 * Scope filters take ?1 as a JSON array of division code prefixes (NULL:
 * everywhere), as db_bind_prefix_list binds it. */
#ifndef MZ_AFFAIRSSQL_H
#define MZ_AFFAIRSSQL_H

#define IN_SCOPE(col)                                                                              \
    "(?1 IS NULL OR EXISTS (SELECT 1 FROM json_each(?1) j WHERE " col " LIKE j.value || '%'))"

#define MARRIAGE_COLS                                                                              \
    "m.id, m.office, m.registered_on, m.cert_no, m.state, coalesce(m.ended_on, ''), "              \
    "coalesce(m.end_note, ''), m.archived, coalesce(m.appointment_id, 0), m.recorded_by, "         \
    "m.recorded_at, man.name, man.id_masked, woman.name, woman.id_masked"
#define MARRIAGE_FROM                                                                              \
    " FROM marriages m JOIN marriage_parties man ON man.marriage_id = m.id AND man.sex = 1 "       \
    "JOIN marriage_parties woman ON woman.marriage_id = m.id AND woman.sex = 2 "
/* ?2 state ('' any), ?3 name ('' any), ?4 1: registered here only (not the archive) */
#define MARRIAGE_WHERE                                                                             \
    "WHERE " IN_SCOPE("m.office") " AND (?2 = '' OR m.state = ?2) AND (?3 = '' OR man.name = ?3 " \
    "OR woman.name = ?3 OR m.cert_no = ?3) AND (?4 = 0 OR m.archived = 0)"

#define DIVORCE_COLS                                                                               \
    "d.id, d.marriage_id, d.office, d.applied_on, d.cooling_ends, d.appear_from, d.appear_by, "    \
    "d.provisional, d.state, d.agreement_sm3, coalesce(d.ended_on, ''), "                          \
    "coalesce(d.withdrawn_by, 0), coalesce(d.cert_no, ''), d.recorded_by, d.recorded_at, man.name, " \
    "man.id_masked, woman.name, woman.id_masked, m.cert_no"
#define DIVORCE_FROM                                                                               \
    " FROM divorces d JOIN marriages m ON m.id = d.marriage_id JOIN marriage_parties man ON "      \
    "man.marriage_id = m.id AND man.sex = 1 JOIN marriage_parties woman ON woman.marriage_id = "   \
    "m.id AND woman.sex = 2 "

#define CERT_COLS                                                                                  \
    "number, kind, office, year, seq, marriage_id, coalesce(divorce_id, 0), coalesce(holder_sex, 0), " \
    "coalesce(replaces, ''), issued_on, issued_by, coalesce(pdf_sm3, ''), created_at"

#define HUKOU_COLS                                                                                 \
    "k.id, k.marriage_id, k.mover_sex, k.to_household_id, k.message_sm3, k.state, k.due, "        \
    "coalesce(k.sent_at, ''), coalesce(k.answered_at, ''), coalesce(k.answer_note, ''), k.created_by, " \
    "k.created_at, k.updated_at, m.cert_no, m.office, h.hh_no, h.division, man.name, woman.name"
#define HUKOU_FROM                                                                                 \
    " FROM hukou_moves k JOIN marriages m ON m.id = k.marriage_id JOIN households h ON h.id = "    \
    "k.to_household_id JOIN marriage_parties man ON man.marriage_id = m.id AND man.sex = 1 JOIN "  \
    "marriage_parties woman ON woman.marriage_id = m.id AND woman.sex = 2 "

#define DEATH_COLS                                                                                 \
    "d.person_id, d.died_on, d.source, coalesce(d.household_id, 0), d.division, d.summary, "      \
    "d.cascaded_by, d.cascaded_at, p.name, p.id_masked, p.sex, p.birth"

#define FACILITY_COLS                                                                              \
    "f.id, f.code, f.name, f.kind, f.division, f.address, f.licence_no, "                          \
    "coalesce(f.licence_until, ''), f.approved_by, f.capacity, f.created_at, "                     \
    "(SELECT count(*) FROM cremations c WHERE c.facility_id = f.id), "                             \
    "(SELECT count(*) FROM ash_placements a WHERE a.facility_id = f.id), "                         \
    "(SELECT count(*) FROM funeral_complaints c WHERE c.facility_id = f.id AND c.state = 'open')"

#define COMPLAINT_COLS                                                                             \
    "c.id, c.facility_id, c.received_on, c.complainant, c.text, c.state, coalesce(c.outcome, ''), " \
    "c.office, c.recorded_by, c.recorded_at, coalesce(c.closed_by, ''), coalesce(c.closed_at, ''), " \
    "f.name"

#define BURIAL_COLS                                                                                \
    "p.id, p.name, p.id_masked, coalesce(d.died_on, ''), coalesce(c.id, 0), coalesce(c.facility_id, 0), " \
    "coalesce(cf.name, ''), coalesce(c.cremated_on, ''), coalesce(c.cert_no, ''), coalesce(c.services, " \
    "''), coalesce(c.fees, 0), coalesce(c.waived, 0), coalesce(c.waiver_basis, ''), coalesce(a.id, 0), " \
    "coalesce(a.facility_id, 0), coalesce(af.name, ''), coalesce(a.placed_on, ''), coalesce(a.method, " \
    "''), coalesce(a.plot, ''), coalesce(a.reward, 0)"
#define BURIAL_FROM                                                                                \
    " FROM persons p LEFT JOIN deaths d ON d.person_id = p.id LEFT JOIN cremations c ON "          \
    "c.person_id = p.id LEFT JOIN funeral_facilities cf ON cf.id = c.facility_id LEFT JOIN "       \
    "ash_placements a ON a.person_id = p.id LEFT JOIN funeral_facilities af ON af.id = "          \
    "a.facility_id "

#define AFFAIRS_SQL_STATEMENTS(X)                                                                  \
    /* family relations: parent links, and memberships with their relation */                     \
    X(KIN_INSERT, "INSERT INTO kin_links(person_id, parent_id, source, recorded_by, recorded_at) " \
                  "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")                             \
    X(KIN_PARENTS, "SELECT parent_id, source FROM kin_links WHERE person_id = ?1 ORDER BY 1")     \
    X(KIN_CHILDREN, "SELECT person_id, source FROM kin_links WHERE parent_id = ?1 ORDER BY 1")    \
    X(KIN_MEMBERSHIPS, "SELECT m.household_id, m.relation, m.valid_from, coalesce(m.valid_to, ''), " \
                       "h.hh_no FROM memberships m JOIN households h ON h.id = m.household_id "    \
                       "WHERE m.person_id = ?1 ORDER BY m.valid_from")                             \
    X(KIN_HOUSEHOLD, "SELECT person_id, relation, valid_from, coalesce(valid_to, '') FROM "       \
                     "memberships WHERE household_id = ?1 AND relation = ?2 ORDER BY person_id")   \
    /* 婚姻登记 */                                                                                  \
    X(MAR_INSERT, "INSERT INTO marriages(office, registered_on, cert_no, state, archived, "        \
                  "appointment_id, recorded_by, recorded_at) VALUES(?1, ?2, ?3, 'married', ?4, "   \
                  "nullif(?5, 0), ?6, ?7) RETURNING id")                                           \
    X(MAR_PARTY_INSERT, "INSERT INTO marriage_parties(marriage_id, sex, id_index, id_sealed, "     \
                        "id_masked, name, birth, person_id, declaration_sm3, illness_disclosed) "  \
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, 0), ?9, ?10)")             \
    X(MAR_GET, "SELECT " MARRIAGE_COLS MARRIAGE_FROM "WHERE m.id = ?1")                            \
    X(MAR_BY_CERT, "SELECT m.id FROM marriages m WHERE m.cert_no = ?1 UNION SELECT marriage_id "   \
                   "FROM marriage_certs WHERE number = ?1 LIMIT 1")                                \
    X(MAR_LIST, "SELECT " MARRIAGE_COLS MARRIAGE_FROM MARRIAGE_WHERE                               \
                " ORDER BY m.registered_on DESC, m.id DESC LIMIT ?5 OFFSET ?6")                    \
    X(MAR_COUNT, "SELECT count(*)" MARRIAGE_FROM MARRIAGE_WHERE)                                   \
    X(MAR_END, "UPDATE marriages SET state = ?2, ended_on = ?3, end_note = ?4 WHERE id = ?1 AND "  \
               "state = 'married'")                                                                \
    X(MAR_SET_CERT, "UPDATE marriages SET cert_no = ?2 WHERE id = ?1")                             \
    X(MAR_PARTY_GET, "SELECT sex, id_masked, name, birth, coalesce(person_id, 0), declaration_sm3, " \
                     "illness_disclosed, id_sealed, id_index FROM marriage_parties WHERE "         \
                     "marriage_id = ?1 AND sex = ?2")                                              \
    X(MAR_OF_INDEX, "SELECT m.id, m.registered_on, m.state, coalesce(m.ended_on, ''), p.sex FROM " \
                    "marriage_parties p JOIN marriages m ON m.id = p.marriage_id WHERE "           \
                    "p.id_index = ?1 ORDER BY m.registered_on DESC, m.id DESC")                    \
    X(MAR_OF_PERSON, "SELECT marriage_id FROM marriage_parties WHERE person_id = ?1 ORDER BY 1")   \
    X(MAR_STATS, "SELECT count(*), sum(m.state = 'married'), sum(m.registered_on >= ?2), "         \
                 "sum(m.archived = 0) FROM marriages m WHERE " IN_SCOPE("m.office"))               \
    X(CERT_NEXT, "SELECT coalesce(max(seq), 0) + 1 FROM marriage_certs WHERE kind = ?1 AND "       \
                 "office = ?2 AND year = ?3")                                                      \
    X(CERT_INSERT, "INSERT INTO marriage_certs(number, kind, office, year, seq, marriage_id, "     \
                   "divorce_id, holder_sex, replaces, issued_on, issued_by, created_at) "          \
                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), nullif(?8, 0), nullif(?9, ''), " \
                   "?10, ?11, ?12)")                                                               \
    X(CERT_GET, "SELECT " CERT_COLS " FROM marriage_certs WHERE number = ?1")                      \
    X(CERTS_OF, "SELECT " CERT_COLS " FROM marriage_certs WHERE marriage_id = ?1 ORDER BY "        \
                "created_at, number")                                                              \
    X(CERT_PDF, "UPDATE marriage_certs SET pdf_sm3 = ?2 WHERE number = ?1")                        \
    X(CERT_BY_PDF, "SELECT number FROM marriage_certs WHERE pdf_sm3 = ?1")                         \
    X(DVC_INSERT, "INSERT INTO divorces(marriage_id, office, applied_on, cooling_ends, "           \
                  "appear_from, appear_by, provisional, state, agreement_sm3, recorded_by, "       \
                  "recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 'cooling', ?8, ?9, ?10) "       \
                  "RETURNING id")                                                                  \
    X(DVC_GET, "SELECT " DIVORCE_COLS DIVORCE_FROM "WHERE d.id = ?1")                              \
    X(DVC_OF_MARRIAGE, "SELECT " DIVORCE_COLS DIVORCE_FROM "WHERE d.marriage_id = ?1 ORDER BY "    \
                       "d.id")                                                                     \
    X(DVC_END, "UPDATE divorces SET state = ?2, ended_on = ?3, withdrawn_by = nullif(?4, 0), "     \
               "cert_no = nullif(?5, '') WHERE id = ?1 AND state = 'cooling'")                     \
    X(DVC_LIST, "SELECT " DIVORCE_COLS DIVORCE_FROM "WHERE " IN_SCOPE("d.office")                 \
                " AND (?2 = '' OR d.state = ?2) ORDER BY d.applied_on DESC, d.id DESC LIMIT ?3 "   \
                "OFFSET ?4")                                                                       \
    X(DVC_COUNT, "SELECT count(*) FROM divorces d WHERE " IN_SCOPE("d.office")                    \
                 " AND (?2 = '' OR d.state = ?2)")                                                 \
    X(DVC_LAPSING, "SELECT id FROM divorces WHERE state = 'cooling' AND appear_by < ?1 ORDER BY "  \
                   "id")                                                                           \
    X(CNS_INSERT, "INSERT INTO divorce_counselling(divorce_id, day, outcome, counsellor, note, "   \
                  "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id")     \
    X(CNS_OF, "SELECT id, day, outcome, counsellor, note, recorded_by, recorded_at FROM "          \
              "divorce_counselling WHERE divorce_id = ?1 ORDER BY day, id")                        \
    X(MRF_INSERT, "INSERT INTO marriage_refusals(kind, office, day, rule, article, reason, "       \
                  "parties, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) " \
                  "RETURNING id")                                                                  \
    X(MRF_LIST, "SELECT id, kind, office, day, rule, article, reason, parties, recorded_by, "       \
                "recorded_at FROM marriage_refusals r WHERE " IN_SCOPE("r.office")                \
                " AND (?2 = '' OR r.kind = ?2) ORDER BY r.day DESC, r.id DESC LIMIT ?3 OFFSET ?4") \
    X(MRF_COUNT, "SELECT count(*) FROM marriage_refusals r WHERE " IN_SCOPE("r.office")            \
                 " AND (?2 = '' OR r.kind = ?2)")                                                  \
    X(APT_INSERT, "INSERT INTO marriage_appointments(office, day, slot, kind, parties, state, "    \
                  "booked_by, booked_at) VALUES(?1, ?2, ?3, ?4, ?5, 'booked', ?6, ?7) RETURNING "  \
                  "id")                                                                            \
    X(APT_TAKEN, "SELECT count(*) FROM marriage_appointments WHERE office = ?1 AND day = ?2 AND "  \
                 "slot = ?3 AND state <> 'cancelled'")                                             \
    X(APT_GET, "SELECT id, office, day, slot, kind, parties, state, booked_by, booked_at FROM "    \
               "marriage_appointments WHERE id = ?1")                                              \
    X(APT_STATE, "UPDATE marriage_appointments SET state = ?2 WHERE id = ?1 AND state = 'booked'") \
    X(APT_LIST, "SELECT id, office, day, slot, kind, parties, state, booked_by, booked_at FROM "   \
                "marriage_appointments a WHERE " IN_SCOPE("a.office")                             \
                " AND a.day >= ?2 AND a.day <= ?3 ORDER BY a.day, a.slot, a.id LIMIT 500")        \
    X(HK_INSERT, "INSERT INTO hukou_moves(marriage_id, mover_sex, to_household_id, message, "      \
                 "message_sm3, state, due, created_by, created_at, updated_at) VALUES(?1, ?2, "    \
                 "?3, ?4, ?5, 'queued', ?6, ?7, ?8, ?8) RETURNING id")                             \
    X(HK_GET, "SELECT " HUKOU_COLS HUKOU_FROM "WHERE k.id = ?1")                                   \
    X(HK_OF_MARRIAGE, "SELECT k.id FROM hukou_moves k WHERE k.marriage_id = ?1")                   \
    X(HK_MESSAGE, "SELECT message FROM hukou_moves WHERE id = ?1")                                 \
    X(HK_UPDATE, "UPDATE hukou_moves SET state = ?2, sent_at = nullif(?3, ''), answered_at = "     \
                 "nullif(?4, ''), answer_note = nullif(?5, ''), updated_at = ?6 WHERE id = ?1")    \
    X(HK_LIST, "SELECT " HUKOU_COLS HUKOU_FROM "WHERE (" IN_SCOPE("m.office") " OR "               \
               IN_SCOPE("h.division") ") AND (?2 = '' OR k.state = ?2) ORDER BY k.due, k.id "      \
               "LIMIT 500")                                                                        \
    /* 殡葬: deaths and their reports */                                                           \
    X(DEATH_INSERT, "INSERT INTO deaths(person_id, died_on, source, household_id, division, "      \
                    "summary, cascaded_by, cascaded_at) VALUES(?1, ?2, ?3, nullif(?4, 0), ?5, "     \
                    "'', ?6, ?7) ON CONFLICT DO NOTHING")                                          \
    X(DEATH_SUMMARY, "UPDATE deaths SET summary = ?2 WHERE person_id = ?1")                        \
    X(DEATH_GET, "SELECT " DEATH_COLS " FROM deaths d JOIN persons p ON p.id = d.person_id "       \
                 "WHERE d.person_id = ?1")                                                         \
    X(DEATH_LIST, "SELECT " DEATH_COLS " FROM deaths d JOIN persons p ON p.id = d.person_id "      \
                  "WHERE " IN_SCOPE("d.division") " AND (?2 = '' OR p.name = ?2) ORDER BY "        \
                  "d.died_on DESC, d.person_id DESC LIMIT ?3 OFFSET ?4")                           \
    X(DEATH_COUNT, "SELECT count(*) FROM deaths d JOIN persons p ON p.id = d.person_id WHERE "     \
                   IN_SCOPE("d.division") " AND (?2 = '' OR p.name = ?2)")                         \
    X(DEATH_PENDING, "SELECT f.entity_id, f.value, f.source FROM facts f WHERE f.entity = "       \
                     "'person' AND f.variable = 'death' AND f.id = (SELECT max(g.id) FROM facts "  \
                     "g WHERE g.entity = 'person' AND g.entity_id = f.entity_id AND g.variable = " \
                     "'death') AND NOT EXISTS (SELECT 1 FROM deaths d WHERE d.person_id = "        \
                     "f.entity_id) ORDER BY f.entity_id LIMIT ?1")                                 \
    X(DREP_INSERT, "INSERT INTO death_reports(person_id, died_on, source, certificate_no, place, " \
                   "first, reported_by, reported_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")      \
    X(DREP_OF, "SELECT id, died_on, source, certificate_no, place, first, reported_by, "           \
               "reported_at FROM death_reports WHERE person_id = ?1 ORDER BY id")                  \
    X(CASE_SET_APPLICANT, "UPDATE cases SET applicant_id = ?2 WHERE id = ?1")                     \
    X(DEATH_WARNING, "SELECT id, due FROM warnings WHERE cond_key = ?1 AND state IN ('open', "     \
                     "'assigned', 'verified') ORDER BY id DESC LIMIT 1")                           \
    X(DEATH_OPEN_CASES, "SELECT id FROM cases WHERE applicant_id = ?1 AND closed_on IS NULL "      \
                        "ORDER BY id")                                                             \
    X(DEATH_OVERPAID, "SELECT coalesce(sum(l.amount), 0), count(*) FROM roll_lines l JOIN rolls r " \
                      "ON r.id = l.roll_id WHERE l.enrolment_id = ?1 AND l.origin_month > ?2 "     \
                      "AND r.state IN ('approved', 'paid') AND l.amount > 0")                      \
    /* 殡葬: facilities, their price lists and complaints */                                       \
    X(FAC_UPSERT, "INSERT INTO funeral_facilities(code, name, kind, division, address, "          \
                  "licence_no, licence_until, approved_by, capacity, created_at, updated_at) "     \
                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, ''), ?8, ?9, ?10, ?10) ON "           \
                  "CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "      \
                  "division = excluded.division, address = excluded.address, licence_no = "       \
                  "excluded.licence_no, licence_until = excluded.licence_until, approved_by = "   \
                  "excluded.approved_by, capacity = excluded.capacity, updated_at = "              \
                  "excluded.updated_at RETURNING id")                                              \
    X(FAC_GET, "SELECT " FACILITY_COLS " FROM funeral_facilities f WHERE f.id = ?1")               \
    X(FAC_BY_CODE, "SELECT f.id FROM funeral_facilities f WHERE f.code = ?1")                      \
    X(FAC_LIST, "SELECT " FACILITY_COLS " FROM funeral_facilities f WHERE " IN_SCOPE("f.division") \
                " AND (?2 = '' OR f.kind = ?2) ORDER BY f.kind, f.division, f.code")               \
    X(FP_PUT, "INSERT INTO funeral_prices(facility_id, service, price, unit, basic) VALUES(?1, "   \
              "?2, ?3, ?4, ?5) ON CONFLICT(facility_id, service) DO UPDATE SET price = "           \
              "excluded.price, unit = excluded.unit, basic = excluded.basic")                      \
    X(FP_OF, "SELECT service, price, unit, basic FROM funeral_prices WHERE facility_id = ?1 "      \
             "ORDER BY basic DESC, service")                                                       \
    X(FC_INSERT, "INSERT INTO funeral_complaints(facility_id, received_on, complainant, text, "    \
                 "state, office, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, 'open', ?5, ?6, " \
                 "?7) RETURNING id")                                                               \
    X(FC_GET, "SELECT " COMPLAINT_COLS " FROM funeral_complaints c JOIN funeral_facilities f ON "  \
              "f.id = c.facility_id WHERE c.id = ?1")                                              \
    X(FC_CLOSE, "UPDATE funeral_complaints SET state = 'closed', outcome = ?2, closed_by = ?3, "   \
                "closed_at = ?4 WHERE id = ?1 AND state = 'open'")                                 \
    X(FC_LIST, "SELECT " COMPLAINT_COLS " FROM funeral_complaints c JOIN funeral_facilities f ON " \
               "f.id = c.facility_id WHERE " IN_SCOPE("f.division")                               \
               " AND (?2 = 0 OR c.facility_id = ?2) ORDER BY c.state DESC, c.received_on DESC, "   \
               "c.id DESC LIMIT 200")                                                              \
    /* 殡葬: cremations and where the ashes went */                                                \
    X(CR_NEXT, "SELECT count(*) + 1 FROM cremations WHERE facility_id = ?1 AND substr(cremated_on, " \
               "1, 4) = ?2")                                                                       \
    X(CR_INSERT, "INSERT INTO cremations(person_id, facility_id, cremated_on, cert_no, services, " \
                 "fees, waived, waiver_basis, policy_version, recorded_by, recorded_at) "          \
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id")              \
    X(AP_INSERT, "INSERT INTO ash_placements(person_id, facility_id, placed_on, method, plot, "    \
                 "reward, policy_version, recorded_by, recorded_at) VALUES(?1, nullif(?2, 0), ?3, " \
                 "?4, ?5, ?6, ?7, ?8, ?9) RETURNING id")                                           \
    X(BURIAL_OF, "SELECT " BURIAL_COLS BURIAL_FROM "WHERE p.id = ?1")                              \
    X(BURIAL_LIST, "SELECT " BURIAL_COLS BURIAL_FROM "WHERE (c.id IS NOT NULL OR a.id IS NOT "     \
                   "NULL) AND (?2 = 0 OR c.facility_id = ?2 OR a.facility_id = ?2) AND ("          \
                   IN_SCOPE("cf.division") " OR " IN_SCOPE("af.division") " OR "                   \
                   IN_SCOPE("d.division") ") ORDER BY max(coalesce(c.cremated_on, ''), "           \
                   "coalesce(a.placed_on, '')) DESC, p.id DESC LIMIT 500")

#endif
