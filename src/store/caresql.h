/* The SQL statements of elderly care (providerstore.c …), part of the one
 * table of statements (store/sql.h includes this list). */
#ifndef MZ_CARESQL_H
#define MZ_CARESQL_H

#define PROVIDER_COLS                                                                              \
    "p.id, p.code, p.name, p.kind, p.division, p.address, p.lon, p.lat, p.capacity, p.occupancy, " \
    "p.slot_capacity, coalesce(p.parent_id, 0), coalesce(p.closed_on, ''), coalesce(p.closed_reason, '')"

#define ORDER_COLS                                                                                 \
    "o.id, o.person_id, o.household_id, o.division, o.provider_id, o.service, o.price, o.slot, "   \
    "o.orderer, o.orderer_name, o.ordered_by, o.distance, o.located, o.state, "                     \
    "coalesce(o.worker_id, 0), coalesce(o.checkin_at, ''), coalesce(o.checkin_lon, 0), "           \
    "coalesce(o.checkin_lat, 0), coalesce(o.checkin_distance, 0), o.checkin_far, "                 \
    "coalesce(o.checkout_at, ''), coalesce(o.done_on, ''), coalesce(o.rating, 0), "                \
    "coalesce(o.complaint, ''), coalesce(o.complaint_office, ''), o.subsidy, "                     \
    "coalesce(o.settle_roll, 0), o.created_at"

/* The filter of an order list: ?1 prefixes (JSON array or NULL), ?2
 * provider (0 any), ?3 state (NULL any), ?4 complaints only. */
#define ORDER_WHERE                                                                                \
    " WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM json_each(?1) j WHERE o.division LIKE "           \
    "j.value || '%')) AND (?2 = 0 OR o.provider_id = ?2) AND (?3 IS NULL OR o.state = ?3) "        \
    "AND (?4 = 0 OR o.complaint IS NOT NULL)"

/* Settlement reaches orders through their provider (care_orders_slot):
 * the candidates from the county's providers ('+' keeps the planner off
 * other indexes), a draft's orders through its lines; settle_roll has no
 * index, so marking a million orders settled rewrites rows only. */
#define ORDER_SQL_STATEMENTS(X)                                                                    \
    X(OR_INSERT, "INSERT INTO care_orders(person_id, household_id, division, provider_id, "         \
                 "service, price, slot, orderer, orderer_name, ordered_by, distance, located, "    \
                 "state, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "   \
                 "'dispatched', ?13) RETURNING id")                                                \
    X(OR_GET, "SELECT " ORDER_COLS " FROM care_orders o WHERE o.id = ?1")                          \
    X(OR_OPEN_OF_PERSON, "SELECT id FROM care_orders WHERE person_id = ?1 AND state IN "            \
                         "('dispatched', 'serving') ORDER BY id")                                  \
    X(OR_SLOT_TAKEN, "SELECT count(*) FROM care_orders WHERE provider_id = ?1 AND slot = ?2 "      \
                     "AND state <> 'cancelled'")                                                   \
    X(OR_UPDATE, "UPDATE care_orders SET state = ?2, completed_at = CASE WHEN ?2 = 'done' THEN "  \
                 "coalesce(completed_at, ?14) END, worker_id = nullif(?3, 0), checkin_at = "       \
                 "nullif(?4, ''), checkin_lon = ?5, checkin_lat = ?6, checkin_distance = ?7, "     \
                 "checkin_far = ?8, checkout_at = nullif(?9, ''), done_on = nullif(?10, ''), "     \
                 "rating = nullif(?11, 0), complaint = nullif(?12, ''), complaint_office = "       \
                 "nullif(?13, '') WHERE id = ?1")                                                  \
    X(OR_LIST, "SELECT " ORDER_COLS " FROM care_orders o" ORDER_WHERE                              \
               " ORDER BY o.slot DESC, o.id DESC LIMIT ?5 OFFSET ?6")                              \
    X(OR_COUNT, "SELECT o.state, count(*) FROM care_orders o" ORDER_WHERE " GROUP BY o.state")     \
    X(OR_CLIENTS, "SELECT person_id, household_id, group_concat(DISTINCT service) FROM "           \
                  "(SELECT person_id, household_id, service FROM care_orders WHERE provider_id = " \
                  "?1 AND state <> 'cancelled' UNION ALL SELECT person_id, household_id, '助餐' "   \
                  "FROM meals WHERE canteen_id = ?1 ORDER BY 3) GROUP BY person_id "               \
                  "ORDER BY person_id LIMIT 1000")                                                 \
    X(OR_SETTLE_CANDIDATES, "SELECT o.id, o.person_id, o.household_id, o.provider_id, o.price, "   \
                            "o.slot, o.division, h.rural FROM providers p CROSS JOIN care_orders " \
                            "o ON o.provider_id = p.id JOIN households h ON h.id = o.household_id "\
                            "WHERE p.division LIKE ?1 || '%' AND o.state = 'done' AND "            \
                            "+o.done_on < ?2 AND +o.completed_at <= ?5 AND NOT (?4 IS NOT NULL "   \
                            "AND +o.done_on < ?3 AND +o.completed_at <= ?4)")                      \
    X(OR_SETTLEMENT_PUT, "INSERT INTO care_settlements(roll_id, unit, month, through) "           \
                         "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(roll_id) DO UPDATE SET through = "   \
                         "excluded.through")                                                       \
    X(OR_SETTLEMENT_PREV, "SELECT roll_id, month, through FROM care_settlements WHERE unit = ?1 "  \
                          "AND month < ?2 ORDER BY month DESC LIMIT 1")                            \
    X(OR_SETTLEMENT_LATER, "SELECT count(*) FROM care_settlements WHERE unit = ?1 AND month > ?2") \
    X(OR_SETTLED_SUM, "SELECT coalesce(sum(subsidy), 0) FROM care_orders WHERE person_id = ?1 AND " \
                      "slot >= ?2 AND slot < ?3 AND settle_roll IS NOT NULL")                      \
    X(OR_SETTLE, "UPDATE care_orders SET settle_roll = ?2, subsidy = ?3 WHERE id = ?1")            \
    X(OR_RELEASE, "UPDATE care_orders SET settle_roll = NULL, subsidy = 0 WHERE settle_roll = ?1 " \
                  "AND provider_id IN (SELECT provider_id FROM care_settle_lines WHERE "          \
                  "roll_id = ?1)")                                                                 \
    X(OR_LINES_DELETE, "DELETE FROM care_settle_lines WHERE roll_id = ?1")                         \
    X(OR_LINE_INSERT, "INSERT INTO care_settle_lines(roll_id, provider_id, orders, subsidised, "   \
                      "amount) VALUES(?1, ?2, ?3, ?4, ?5)")                                        \
    X(OR_LINES, "SELECT provider_id, orders, subsidised, amount FROM care_settle_lines WHERE "      \
                "roll_id = ?1 ORDER BY provider_id")

#define MEAL_SQL_STATEMENTS(X)                                                                     \
    X(ML_INSERT, "INSERT INTO meals(canteen_id, day, person_id, household_id, division, meal, "    \
                 "price, paid, subsidy, source, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "\
                 "?9, ?10, ?11) ON CONFLICT DO NOTHING")                                           \
    X(ML_SUBSIDY_OF_DAY, "SELECT coalesce(sum(subsidy), 0) FROM meals WHERE person_id = ?1 AND "   \
                         "day = ?2")                                                               \
    X(ML_REJECT, "INSERT INTO meal_rejects(canteen_id, day, line, id_masked, reason, source, "     \
                 "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")                                 \
    X(ML_LIST, "SELECT m.id, m.day, m.person_id, p.name, p.id_masked, m.meal, m.price, m.paid, "   \
               "m.subsidy FROM meals m JOIN persons p ON p.id = m.person_id WHERE m.canteen_id = " \
               "?1 AND m.day LIKE ?2 || '%' ORDER BY m.day DESC, m.id DESC LIMIT 500")            \
    X(ML_REJECTS, "SELECT day, line, id_masked, reason, created_at FROM meal_rejects WHERE "       \
                  "canteen_id = ?1 ORDER BY id DESC LIMIT 500")                                    \
    X(ML_MONTH, "SELECT count(*), count(DISTINCT person_id), count(DISTINCT day), "                \
                "coalesce(sum(price), 0), coalesce(sum(paid), 0), coalesce(sum(subsidy), 0), "     \
                "count(DISTINCT CASE WHEN subsidy > 0 THEN person_id END) FROM meals WHERE "       \
                "canteen_id = ?1 AND day >= ?2 AND day < ?3")                                      \
    X(ML_COST_PUT, "INSERT INTO canteen_costs(canteen_id, month, amount) VALUES(?1, ?2, ?3) "      \
                   "ON CONFLICT(canteen_id, month) DO UPDATE SET amount = excluded.amount")        \
    X(ML_COST_GET, "SELECT amount FROM canteen_costs WHERE canteen_id = ?1 AND month = ?2")        

#define CARE_SQL_STATEMENTS(X)                                                                     \
    X(PV_INSERT, "INSERT INTO providers(code, name, kind, division, address, lon, lat, capacity, " \
                 "occupancy, slot_capacity, parent_id, created_at, updated_at) VALUES(?1, ?2, ?3, "\
                 "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id")                       \
    X(PV_UPDATE, "UPDATE providers SET name = ?2, kind = ?3, division = ?4, address = ?5, "        \
                 "lon = ?6, lat = ?7, capacity = ?8, occupancy = ?9, slot_capacity = ?10, "        \
                 "parent_id = ?11, updated_at = ?12 WHERE id = ?1")                                \
    X(PV_GET, "SELECT " PROVIDER_COLS " FROM providers p WHERE p.id = ?1")                         \
    X(PV_BY_CODE, "SELECT " PROVIDER_COLS " FROM providers p WHERE p.code = ?1")                   \
    X(PV_SCAN, "SELECT " PROVIDER_COLS " FROM providers p WHERE (?1 IS NULL OR EXISTS (SELECT 1 "  \
               "FROM json_each(?1) j WHERE p.division LIKE j.value || '%')) "                      \
               "AND (?2 IS NULL OR p.kind = ?2) ORDER BY p.id")                                    \
    X(PV_OFFERING, "SELECT " PROVIDER_COLS ", s.price FROM provider_services s JOIN providers p "   \
                   "ON p.id = s.provider_id WHERE s.service = ?1 AND p.division LIKE ?2 || '%' "   \
                   "AND (p.closed_on IS NULL OR p.closed_on > coalesce(?3, '9999')) ORDER BY p.id") \
    X(PV_CLOSE, "UPDATE providers SET closed_on = ?2, closed_reason = ?3, updated_at = ?4 "        \
                "WHERE id = ?1 AND closed_on IS NULL")                                                                \
    X(PV_CHILDREN, "SELECT count(*) FROM providers WHERE parent_id = ?1")                          \
    X(PV_SERVICE_PUT, "INSERT INTO provider_services(provider_id, service, price) "                \
                      "VALUES(?1, ?2, ?3) ON CONFLICT(provider_id, service) DO UPDATE SET "        \
                      "price = excluded.price")                                                    \
    X(PV_SERVICE_DEL, "DELETE FROM provider_services WHERE provider_id = ?1 AND service = ?2")     \
    X(PV_SERVICE_PRICE, "SELECT price FROM provider_services WHERE provider_id = ?1 AND "          \
                        "service = ?2")                                                            \
    X(PV_SERVICES_OF, "SELECT service, price FROM provider_services WHERE provider_id = ?1 "       \
                      "ORDER BY service")                                                          \
    X(PV_WORKER_ADD, "INSERT INTO provider_workers(provider_id, name, created_at) "                \
                     "VALUES(?1, ?2, ?3) ON CONFLICT(provider_id, name) DO NOTHING")               \
    X(PV_WORKER_FIND, "SELECT id FROM provider_workers WHERE provider_id = ?1 AND name = ?2")      \
    X(PV_WORKER_GET, "SELECT provider_id, name FROM provider_workers WHERE id = ?1")               \
    X(PV_WORKERS_OF, "SELECT id, name FROM provider_workers WHERE provider_id = ?1 ORDER BY id")   \
    ORDER_SQL_STATEMENTS(X)                                                                        \
    MEAL_SQL_STATEMENTS(X)

#endif
