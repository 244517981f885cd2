/* The SQL statements of the supervision dashboards and the integrity
 * report (supervisestore.c) and of spot-check results (spotstore.c), part
 * of the one table of statements (store/sql.h includes this list). ?1 is
 * a division code prefix: a row is under it when its code starts with it. */
#ifndef MZ_SUPERVISESQL_H
#define MZ_SUPERVISESQL_H

#include "store/recordsql.h"

/* A code column under the prefix in parameter p ("?1"). */
#define SV_UNDER(col, p) "(" col " >= " p " AND " col " < " p " || ':') "
/* A draw with its results so far (SPOT_GET, SV_SPOTS). */
#define SPOT_COLS                                                                                  \
    "SELECT s.id, s.program, s.division, s.share, s.seed, s.as_of, s.population, s.sample, "      \
    "s.drawn_at, s.drawn_by, "                                                                     \
    "(SELECT count(*) FROM spot_check_items i WHERE i.check_id = s.id AND i.result = '合格'), "    \
    "(SELECT count(*) FROM spot_check_items i WHERE i.check_id = s.id AND i.result = '不合格'), "  \
    "(SELECT count(*) FROM spot_check_items i WHERE i.check_id = s.id AND i.result = '未核查') "   \
    "FROM spot_checks s "

#define SUPERVISE_SQL_STATEMENTS(X)                                                                \
    /* warnings raised in [?2, ?3] for an office or a household under ?1, \
     * with the day they were closed or dismissed */                       \
    X(SV_FINDINGS, "SELECT w.id, w.rule, w.label, w.office, w.state, w.raised_on, "                \
                   "CASE WHEN w.state IN ('closed', 'dismissed') THEN substr(w.updated_at, 1, 10) " \
                   "ELSE '' END, w.evidence, coalesce(w.outcome, ''), coalesce(w.reason, ''), h.hh_no " \
                   "FROM warnings w JOIN households h ON h.id = w.household_id "                   \
                   "WHERE (" SV_UNDER("w.office", "?1") " OR " SV_UNDER("h.division", "?1") ") "                \
                   "AND w.raised_on >= ?2 AND w.raised_on <= ?3 ORDER BY w.id")                    \
    /* who took each step of a warning, when (the audit log) */            \
    X(SV_STEPS, "SELECT at, actor, detail FROM audit_log WHERE entity = 'warning' "                \
                "AND entity_id = ?1 AND action = 'warning.step' ORDER BY seq")                     \
    /* households under ?2 enrolled on ?1 with members on the staff        \
     * register or whose parent, child or sibling is (recordsql.h: ?1 is   \
     * the day there), with their programs and the cases filed as 近亲属备案 */ \
    X(SV_STAFF_KIN,                                                                                \
      "SELECT h.hh_no, substr(h.division, 1, 6), group_concat(DISTINCT e.program), "               \
      "(SELECT count(*) FROM memberships m WHERE m.household_id = h.id AND " REC_MEMBER_ON         \
      "AND " REC_STAFF_KIN ") AS kin, "                                                            \
      "(SELECT count(*) FROM cases c WHERE c.household_id = h.id AND c.staff_relative = 1 "        \
      "AND c.opened_on <= ?1) FROM households h JOIN enrolments e ON e.household_id = h.id "       \
      "WHERE " SV_UNDER("h.division", "?2") "AND " REC_ENROLLED_IN                                  \
      "GROUP BY h.id HAVING kin > 0 ORDER BY h.hh_no")                                             \
    X(SV_SPOTS, SPOT_COLS "WHERE " SV_UNDER("s.division", "?1") "AND s.as_of >= ?2 AND s.as_of <= ?3 "   \
                "ORDER BY s.id")                                                                   \
    X(SPOT_GET, SPOT_COLS "WHERE s.id = ?1")                                                       \
    X(SPOT_ITEM_FIND, "SELECT i.household_id, h.division, coalesce(i.result, '') "                 \
                      "FROM spot_check_items i JOIN households h ON h.id = i.household_id "        \
                      "WHERE i.check_id = ?1 AND h.hh_no = ?2")                                    \
    X(SPOT_ITEM_RESULT, "UPDATE spot_check_items SET result = ?3, note = ?4, checked_by = ?5, "     \
                        "checked_at = ?6 WHERE check_id = ?1 AND household_id = ?2")

#endif
