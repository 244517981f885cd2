/* The SQL statements of social organizations and charity (orgstore.c,
 * charitystore.c), part of the one table of statements (store/sql.h
 * includes this list). */
#ifndef MZ_ORGSQL_H
#define MZ_ORGSQL_H

#define ORG_COLS                                                                                   \
    "SELECT o.id, o.uscc, o.name, o.kind, o.field, o.supervisor, o.legal_rep, o.division, "        \
    "o.address, o.funds, o.public_fundraising, o.members_individual, o.members_unit, o.status, "   \
    "coalesce(o.registered_on, ''), coalesce(o.charity_on, ''), coalesce(o.fundraising_on, ''), "  \
    "p.name FROM organizations o JOIN persons p ON p.id = o.legal_rep "
#define ORG_REPORT_COLS                                                                            \
    "SELECT id, org_id, year, due_on, submitted_on, income, prev_income, charitable, admin, "      \
    "other_spending, spending, net_assets, prev_net_assets, coalesce(result, ''), "                \
    "coalesce(findings, ''), coalesce(rectify_by, ''), coalesce(reviewed_by, ''), recorded_by "    \
    "FROM org_reports "
#define ORG_CREDIT_COLS                                                                            \
    "SELECT c.id, c.org_id, c.list, c.cause, c.entered_on, coalesce(c.exit_on, ''), "              \
    "coalesce(c.exited_on, ''), coalesce(c.exit_reason, ''), c.recorded_by, o.name, o.uscc "       \
    "FROM org_credit c JOIN organizations o ON o.id = c.org_id "
#define CHARITY_CAMPAIGN_COLS                                                                      \
    "SELECT c.id, c.org_id, c.name, c.purpose, c.platform, c.filed_on, c.starts_on, c.ends_on, "   \
    "c.emergency, c.goal, o.name, "                                                                \
    "(SELECT coalesce(sum(amount), 0) FROM charity_ledger l WHERE l.campaign_id = c.id "          \
    "AND l.kind = 'donation'), (SELECT coalesce(sum(amount), 0) FROM charity_ledger l "            \
    "WHERE l.campaign_id = c.id AND l.kind = 'spending') FROM charity_campaigns c "                \
    "JOIN organizations o ON o.id = c.org_id "
#define CHARITY_REFERRAL_COLS                                                                      \
    "SELECT r.id, r.warning_id, r.household_id, r.project_id, r.state, r.consent_by, "            \
    "r.offered_on, coalesce(r.answered_on, ''), coalesce(r.note, ''), r.offered_by, p.name, "      \
    "p.org_id, o.name, w.label, h.division FROM charity_referrals r "                              \
    "JOIN charity_projects p ON p.id = r.project_id JOIN organizations o ON o.id = p.org_id "     \
    "JOIN warnings w ON w.id = r.warning_id JOIN households h ON h.id = r.household_id "

#define ORG_SQL_STATEMENTS(X)                                                                      \
    X(ORG_INSERT, "INSERT INTO organizations(uscc, name, kind, field, supervisor, legal_rep, "     \
                  "division, address, funds, public_fundraising, members_individual, "             \
                  "members_unit, status, registered_on, created_at) VALUES(?1, ?2, ?3, ?4, ?5, "   \
                  "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, nullif(?14, ''), ?15) RETURNING id")        \
    X(ORG_UPDATE, "UPDATE organizations SET status = ?2, registered_on = nullif(?3, ''), "         \
                  "charity_on = nullif(?4, ''), fundraising_on = nullif(?5, ''), "                 \
                  "supervisor = ?6, address = ?7, legal_rep = ?8, funds = ?9, "                    \
                  "members_individual = ?10, members_unit = ?11, public_fundraising = ?12 "        \
                  "WHERE id = ?1")                                                                 \
    X(ORG_GET, ORG_COLS "WHERE o.id = ?1")                                                         \
    X(ORG_FIND, ORG_COLS "WHERE o.name = ?1 OR o.uscc = ?1")                                       \
    X(ORG_LIST, ORG_COLS "WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM json_each(?1) j "             \
                "WHERE o.division LIKE j.value || '%')) AND instr(o.name, ?2) > 0 "                \
                "AND (?3 = '' OR o.kind = ?3) ORDER BY o.name LIMIT ?4")                           \
    X(ORG_EVENT_INSERT, "INSERT INTO org_events(org_id, kind, filed_on, due_on, done_on, "         \
                        "outcome, note, recorded_by, recorded_at) VALUES(?1, ?2, ?3, "             \
                        "nullif(?4, ''), nullif(?5, ''), nullif(?6, ''), ?7, ?8, ?9) RETURNING id") \
    X(ORG_EVENT_CLOSE, "UPDATE org_events SET done_on = ?3, outcome = ?4 WHERE id = (SELECT id "   \
                       "FROM org_events WHERE org_id = ?1 AND kind = ?2 AND done_on IS NULL "      \
                       "ORDER BY id DESC LIMIT 1)")                                                \
    X(ORG_EVENTS, "SELECT id, org_id, kind, filed_on, coalesce(due_on, ''), coalesce(done_on, ''), " \
                  "coalesce(outcome, ''), note, recorded_by, recorded_at FROM org_events "         \
                  "WHERE org_id = ?1 ORDER BY id")                                                 \
    X(ORG_REPORT_INSERT, "INSERT INTO org_reports(org_id, year, due_on, submitted_on, income, "    \
                         "prev_income, charitable, admin, other_spending, spending, net_assets, "  \
                         "prev_net_assets, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, "  \
                         "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id")                  \
    X(ORG_REPORT_REVIEW, "UPDATE org_reports SET result = ?2, findings = ?3, "                     \
                         "rectify_by = nullif(?4, ''), reviewed_by = ?5 WHERE id = ?1")            \
    X(ORG_REPORT_GET, ORG_REPORT_COLS "WHERE org_id = ?1 AND year = ?2")                           \
    X(ORG_REPORTS, ORG_REPORT_COLS "WHERE ?1 = 0 OR org_id = ?1 ORDER BY year DESC, org_id")       \
    X(ORG_CREDIT_INSERT, "INSERT INTO org_credit(org_id, list, cause, entered_on, exit_on, "       \
                         "recorded_by) VALUES(?1, ?2, ?3, ?4, nullif(?5, ''), ?6) RETURNING id")   \
    X(ORG_CREDIT_UPDATE, "UPDATE org_credit SET exit_on = nullif(?2, ''), "                        \
                         "exited_on = nullif(?3, ''), exit_reason = nullif(?4, '') WHERE id = ?1") \
    X(ORG_CREDITS, ORG_CREDIT_COLS "WHERE (?1 = 0 OR c.org_id = ?1) AND (?2 = 0 OR "               \
                   "c.exited_on IS NULL) ORDER BY c.entered_on DESC, c.id DESC")                   \
    CHARITY_SQL_STATEMENTS(X)

#define CHARITY_SQL_STATEMENTS(X)                                                                  \
    X(CH_CAMPAIGN_INSERT, "INSERT INTO charity_campaigns(org_id, name, purpose, platform, "        \
                          "filed_on, starts_on, ends_on, emergency, goal, recorded_by, "           \
                          "recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "     \
                          "RETURNING id")                                                          \
    X(CH_CAMPAIGN_GET, CHARITY_CAMPAIGN_COLS "WHERE c.id = ?1")                                    \
    X(CH_CAMPAIGNS, CHARITY_CAMPAIGN_COLS "WHERE ?1 = 0 OR c.org_id = ?1 ORDER BY c.starts_on "    \
                    "DESC, c.id DESC")                                                             \
    X(CH_DISCLOSURE_INSERT, "INSERT INTO charity_disclosures(campaign_id, kind, due_on) "          \
                            "VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING")                           \
    X(CH_DISCLOSE, "UPDATE charity_disclosures SET disclosed_on = ?2 WHERE id = (SELECT id FROM "  \
                   "charity_disclosures WHERE campaign_id = ?1 AND disclosed_on IS NULL "          \
                   "ORDER BY due_on LIMIT 1) RETURNING id")                                        \
    X(CH_DISCLOSURES, "SELECT d.id, d.campaign_id, d.kind, d.due_on, coalesce(d.disclosed_on, ''), " \
                      "c.name, c.org_id, o.name FROM charity_disclosures d JOIN charity_campaigns " \
                      "c ON c.id = d.campaign_id JOIN organizations o ON o.id = c.org_id "         \
                      "WHERE (?1 = 0 OR d.campaign_id = ?1) AND (?2 = 0 OR c.org_id = ?2) "        \
                      "AND (?3 = '' OR (d.disclosed_on IS NULL AND d.due_on < ?3)) "               \
                      "ORDER BY d.due_on, d.id")                                                   \
    X(CH_LEDGER_INSERT, "INSERT INTO charity_ledger(campaign_id, kind, on_day, amount, party, "    \
                        "note, recorded_by, recorded_at, household_id) "                           \
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id")                                                            \
    X(CH_LEDGER, "SELECT l.id, l.campaign_id, l.kind, l.on_day, l.amount, l.party, l.note, "       \
                 "coalesce(l.household_id, 0), coalesce(h.hh_no, '') FROM charity_ledger l "       \
                 "LEFT JOIN households h ON h.id = l.household_id "                                \
                 "WHERE l.campaign_id = ?1 ORDER BY l.on_day, l.id")                                     \
    X(CH_TRUST_INSERT, "INSERT INTO charity_trusts(name, trustee_id, signed_on, filed_on, due_on, " \
                       "amount, purpose, recorded_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "     \
                       "RETURNING id")                                                             \
    X(CH_PROJECT_INSERT, "INSERT INTO charity_projects(org_id, name, division, rules, help, "      \
                         "recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "           \
                         "RETURNING id")                                                           \
    X(CH_PROJECTS, "SELECT p.id, p.org_id, p.name, p.division, p.rules, p.help, o.name "           \
                   "FROM charity_projects p JOIN organizations o ON o.id = p.org_id "              \
                   "WHERE (?1 = 0 OR p.id = ?1) AND (?2 = 0 OR p.org_id = ?2) ORDER BY p.id")      \
    X(CH_REFERRAL_INSERT, "INSERT INTO charity_referrals(warning_id, household_id, project_id, "   \
                          "state, consent_by, offered_on, offered_by) VALUES(?1, ?2, ?3, "         \
                          "'offered', ?4, ?5, ?6) RETURNING id")                                   \
    X(CH_REFERRAL_SET, "UPDATE charity_referrals SET state = ?2, answered_on = ?3, note = ?4 "      \
                       "WHERE id = ?1")                                                            \
    X(CH_REFERRAL_GET, CHARITY_REFERRAL_COLS "WHERE r.id = ?1")                                    \
    X(CH_REFERRALS, CHARITY_REFERRAL_COLS "WHERE (?1 = 0 OR p.org_id = ?1) AND "                   \
                    "(?2 = 0 OR r.household_id = ?2) ORDER BY r.id DESC")                          \
    X(CH_REFERRAL_EXISTS, "SELECT count(*) FROM charity_referrals WHERE warning_id = ?1 "          \
                          "AND project_id = ?2")                                                   \
    X(CH_HELP_INSERT, "INSERT INTO charity_help(referral_id, household_id, given_on, kind, "       \
                      "amount, note, recorded_by, recorded_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, "    \
                      "?7, ?8) RETURNING id")                                                      \
    X(CH_HELP_OF_HOUSEHOLD, "SELECT h.id, h.referral_id, h.given_on, h.kind, h.amount, h.note, "   \
                            "p.name, o.name FROM charity_help h JOIN charity_referrals r ON "      \
                            "r.id = h.referral_id JOIN charity_projects p ON p.id = r.project_id " \
                            "JOIN organizations o ON o.id = p.org_id WHERE h.household_id = ?1 "   \
                            "ORDER BY h.given_on, h.id")                                           \
    X(CH_POINT_INSERT, "INSERT INTO charity_points(name, kind, division, org_id, opened_on, "       \
                       "recorded_by) VALUES(?1, ?2, ?3, nullif(?4, 0), ?5, ?6) RETURNING id")      \
    X(CH_POINTS, "SELECT p.id, p.name, p.kind, p.division, coalesce(p.org_id, 0), "                \
                 "coalesce(o.name, ''), p.opened_on FROM charity_points p LEFT JOIN organizations o "\
                 "ON o.id = p.org_id WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM json_each(?1) j " \
                 "WHERE p.division LIKE j.value || '%')) AND (?2 = 0 OR p.org_id = ?2) "           \
                 "ORDER BY p.division, p.id")                                                      \
    X(CH_UNION_INSERT, "INSERT INTO charity_unions(union_name, org_id, joined_on, recorded_by) "  \
                       "VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING RETURNING id")               \
    X(CH_UNIONS, "SELECT id, union_name, org_id, joined_on FROM charity_unions WHERE org_id = ?1 " \
                 "ORDER BY joined_on, id")

#endif
