/* The SQL statements of elderly care (providerstore.c …), part of the one
 * table of statements (store/sql.h includes this list). */
#ifndef MZ_CARESQL_H
#define MZ_CARESQL_H

#define PROVIDER_COLS                                                                              \
    "p.id, p.code, p.name, p.kind, p.division, p.address, p.lon, p.lat, p.capacity, p.occupancy, " \
    "p.slot_capacity, ifnull(p.parent_id, 0)"

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
                   "ORDER BY p.id")                                                                \
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
    X(PV_WORKERS_OF, "SELECT id, name FROM provider_workers WHERE provider_id = ?1 ORDER BY id")

#endif
