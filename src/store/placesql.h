/* The SQL statements of division changes (divstore.c) and place names
 * (placestore.c), part of the one table of statements (store/sql.h
 * includes this list). */
#ifndef MZ_PLACESQL_H
#define MZ_PLACESQL_H

/* A division's natural parent: the prefix of its code one level up. */
#define DIV_NATURAL_PARENT                                                                         \
    "substr(code, 1, CASE level WHEN 2 THEN 2 WHEN 3 THEN 4 WHEN 4 THEN 6 ELSE 9 END)"

/* A list of division code prefixes (?N, a JSON array) matched by ranges,
 * so the division indexes serve it. */
#define IN_PREFIXES(col, n)                                                                        \
    "EXISTS (SELECT 1 FROM json_each(?" #n ") j WHERE " col " >= j.value AND " col                 \
    " < j.value || ':')"

#define PLACENAME_COLS                                                                             \
    "id, name, specific, generic, pinyin, letters, initials, specific_letters, class, division, coalesce(lon, 0), "  \
    "coalesce(lat, 0), lon IS NOT NULL, meaning, history, coalesce(named_on, ''), approved_by, "   \
    "document, culture, products, status, created_at, updated_at"

#define PLACECASE_COLS                                                                             \
    "id, kind, placename_id, old_name, new_name, reasons, applicant, division, opened_on, state, " \
    "coalesce(approved_on, ''), coalesce(approved_by, ''), coalesce(document, ''), "               \
    "coalesce(filing_due, ''), coalesce(filed_on, ''), coalesce(notice_due, ''), "                 \
    "coalesce(announced_on, ''), coalesce(reject_reason, ''), opened_by, updated_at"

#define PLACE_SQL_STATEMENTS(X)                                                                    \
    X(DIV_REVISE, "UPDATE divisions SET name = ?3, parent = ?4, pinyin = ?5 "                      \
                  "WHERE code = ?1 AND valid_from = ?2")                                           \
    X(DIV_DISPLACED, "SELECT code FROM divisions WHERE level > 1 AND parent IS NOT "               \
                     DIV_NATURAL_PARENT " AND valid_from <= ?1 AND (valid_to IS NULL OR "          \
                     "valid_to > ?1) ORDER BY code")                                               \
    X(DIVEV_INSERT, "INSERT INTO division_events(effective, title, document, approved_by, "        \
                    "script, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "        \
                    "RETURNING id")                                                                \
    X(DIVEV_STEP, "INSERT INTO division_event_steps(event_id, seq, op, code, arg) "                \
                  "VALUES(?1, ?2, ?3, ?4, ?5)")                                                    \
    X(DIVEV_LIST, "SELECT e.id, e.effective, e.title, e.document, e.approved_by, e.recorded_by, "  \
                  "e.recorded_at, (SELECT count(*) FROM division_event_steps s "                   \
                  "WHERE s.event_id = e.id) FROM division_events e ORDER BY e.effective, e.id")    \
    X(DIVEV_STEPS, "SELECT seq, op, code, arg FROM division_event_steps WHERE event_id = ?1 "       \
                   "ORDER BY seq")                                                                 \
    X(DIV_REROUTE_WARNINGS, "UPDATE warnings SET office = ?2, updated_at = ?3 WHERE state IN "     \
                            "('open', 'assigned', 'verified') AND office <> ?2 AND household_id "  \
                            "IN (SELECT id FROM households WHERE division >= ?1 AND "              \
                            "division < ?1 || ':')")                                               \
    X(DIV_COUNT_HOUSEHOLDS, "SELECT count(*) FROM households h WHERE "                             \
                            IN_PREFIXES("h.division", 1))                                          \
    X(DIV_COUNT_PERSONS, "SELECT count(*) FROM memberships m JOIN households h "                   \
                         "ON h.id = m.household_id WHERE m.valid_to IS NULL AND "                  \
                         IN_PREFIXES("h.division", 1))                                             \
    /* place names */                                                                              \
    X(PN_INSERT, "INSERT INTO placenames(name, specific, generic, pinyin, letters, initials, "     \
                 "specific_letters, class, division, lon, lat, meaning, history, named_on, "       \
                 "approved_by, document, culture, products, status, created_at, updated_at) "      \
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, nullif(?14, ''), " \
                 "?15, ?16, ?17, ?18, ?19, ?20, ?20) RETURNING id")                                \
    X(PN_UPDATE, "UPDATE placenames SET name = ?2, specific = ?3, generic = ?4, pinyin = ?5, "     \
                 "letters = ?6, initials = ?7, specific_letters = ?8, history = ?9, "              \
                 "named_on = nullif(?10, ''), approved_by = ?11, document = ?12, status = ?13, "   \
                 "updated_at = ?14 "                                                               \
                 "WHERE id = ?1")                                                                  \
    X(PN_GET, "SELECT " PLACENAME_COLS " FROM placenames WHERE id = ?1")                           \
    X(PN_SEARCH, "SELECT " PLACENAME_COLS " FROM placenames WHERE (status = 'standard' OR "        \
                 "(?6 AND status = 'proposed')) AND "                                              \
                 "(?1 = '' OR name LIKE '%' || ?1 || '%' OR letters LIKE ?1 || '%' OR "            \
                 "initials LIKE ?1 || '%') AND (?2 IS NULL OR " IN_PREFIXES("division", 2) ") "    \
                 "AND (?3 = '' OR class = ?3) ORDER BY name, id LIMIT ?4 OFFSET ?5")               \
    X(PN_SAME, "SELECT " PLACENAME_COLS " FROM placenames WHERE status <> 'abolished' AND "        \
               "id <> ?1 AND class = ?2 AND (specific = ?3 OR specific_letters = ?4) AND (?5 IS NULL OR "   \
               IN_PREFIXES("division", 5) ") ORDER BY specific = ?3 DESC, id LIMIT 1")             \
    /* naming cases */                                                                             \
    X(PC_INSERT, "INSERT INTO placename_cases(kind, placename_id, old_name, new_name, reasons, "   \
                 "applicant, division, opened_on, state, opened_by, updated_at) VALUES(?1, ?2, "   \
                 "?3, ?4, ?5, ?6, ?7, ?8, 'applied', ?9, ?10) RETURNING id")                       \
    X(PC_UPDATE, "UPDATE placename_cases SET state = ?2, approved_on = nullif(?3, ''), "           \
                 "approved_by = nullif(?4, ''), document = nullif(?5, ''), "                       \
                 "filing_due = nullif(?6, ''), filed_on = nullif(?7, ''), "                        \
                 "notice_due = nullif(?8, ''), announced_on = nullif(?9, ''), "                    \
                 "reject_reason = nullif(?10, ''), updated_at = ?11 WHERE id = ?1")                \
    X(PC_GET, "SELECT " PLACECASE_COLS " FROM placename_cases WHERE id = ?1")                      \
    X(PC_LIST, "SELECT " PLACECASE_COLS " FROM placename_cases WHERE (?1 IS NULL OR "              \
               IN_PREFIXES("division", 1) ") AND (?2 = '' OR state = ?2) ORDER BY id DESC "        \
               "LIMIT ?3")                                                                         \
    X(PC_OPEN_FOR, "SELECT id FROM placename_cases WHERE placename_id = ?1 AND state IN "          \
                   "('applied', 'approved') LIMIT 1")

#endif
