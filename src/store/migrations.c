/* The schema, as forward-only numbered migrations. Migration N is applied
 * once, in a transaction with `PRAGMA user_version = N`; a released
 * migration is never edited — add a new one. */
#include "store/migrations.h"

static const char *const migrations[] = {
    /* 1: registry */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    /* Administrative divisions by GB/T 2260 / statistical code; codes are
     * kept in their natural length (2, 4, 6, 9, 12 digits) so that a
     * prefix is an ancestor. A division that changes gets a new row
     * version; valid_to is exclusive and NULL while current. */
    "CREATE TABLE divisions(\n"
    "  code TEXT NOT NULL, name TEXT NOT NULL, level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 5),\n"
    "  parent TEXT, pinyin TEXT, valid_from TEXT NOT NULL, valid_to TEXT,\n"
    "  PRIMARY KEY(code, valid_from));\n"
    "CREATE INDEX divisions_parent ON divisions(parent, valid_from);\n"
    "CREATE TABLE division_changes(id INTEGER PRIMARY KEY, effective TEXT NOT NULL,\n"
    "  old_code TEXT NOT NULL, new_code TEXT NOT NULL, note TEXT, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX division_changes_old ON division_changes(old_code);\n"
    "CREATE TABLE households(id INTEGER PRIMARY KEY, hh_no TEXT NOT NULL UNIQUE,\n"
    "  division TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', rural INTEGER NOT NULL,\n"
    "  created_at TEXT NOT NULL);\n"
    "CREATE INDEX households_division ON households(division);\n"
    /* ID numbers: SM4-CTR sealed with HMAC-SM3 (id_sealed), looked up by a
     * keyed blind index (id_index), shown masked (id_masked). */
    "CREATE TABLE persons(id INTEGER PRIMARY KEY, id_index BLOB NOT NULL UNIQUE,\n"
    "  id_sealed BLOB NOT NULL, id_masked TEXT NOT NULL, name TEXT NOT NULL,\n"
    "  sex INTEGER NOT NULL CHECK(sex IN (1, 2)), birth TEXT NOT NULL,\n"
    "  rural_hukou INTEGER NOT NULL, division TEXT NOT NULL, phone BLOB,\n"
    "  created_at TEXT NOT NULL);\n"
    "CREATE TABLE memberships(person_id INTEGER NOT NULL REFERENCES persons(id),\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id), relation TEXT NOT NULL,\n"
    "  valid_from TEXT NOT NULL, valid_to TEXT, PRIMARY KEY(person_id, valid_from));\n"
    "CREATE UNIQUE INDEX memberships_open ON memberships(person_id) WHERE valid_to IS NULL;\n"
    "CREATE INDEX memberships_household ON memberships(household_id);\n"
    /* Temporal facts: (entity, variable, value, effective date, source,
     * recorded at). Appended, never overwritten: a correction is a newer
     * recorded_at for the same effective date. */
    "CREATE TABLE facts(id INTEGER PRIMARY KEY,\n"
    "  entity TEXT NOT NULL CHECK(entity IN ('person', 'household')),\n"
    "  entity_id INTEGER NOT NULL, variable TEXT NOT NULL, value TEXT NOT NULL,\n"
    "  effective TEXT NOT NULL, source TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX facts_entity ON facts(entity, entity_id, variable, effective);\n",
    /* 2: the audit log, a hash chain: mac = HMAC-SM3(audit key, previous
     * mac and every field of the entry); before/after are keyed digests
     * (HMAC-SM3, first 16 bytes) of the record, never the personal data. */
    "CREATE TABLE audit_log(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,\n"
    "  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,\n"
    "  before_digest BLOB, after_digest BLOB, detail TEXT NOT NULL, mac BLOB NOT NULL);\n",
    /* 3: evaluation runs: every program over every household as of a day,
     * as known at a time, with the policy version (content hash) that
     * decided; the eligible rows and the totals per program. */
    "CREATE TABLE eval_runs(id INTEGER PRIMARY KEY, as_of TEXT NOT NULL, known_at TEXT,\n"
    "  policy_version TEXT NOT NULL, started_at TEXT NOT NULL, households INTEGER NOT NULL,\n"
    "  persons INTEGER NOT NULL);\n"
    "CREATE TABLE eval_totals(run_id INTEGER NOT NULL REFERENCES eval_runs(id),\n"
    "  program TEXT NOT NULL, label TEXT NOT NULL, entity TEXT NOT NULL,\n"
    "  eligible INTEGER NOT NULL, amount INTEGER NOT NULL, PRIMARY KEY(run_id, program));\n"
    "CREATE TABLE eval_results(run_id INTEGER NOT NULL REFERENCES eval_runs(id),\n"
    "  program TEXT NOT NULL, entity_id INTEGER NOT NULL, household_id INTEGER NOT NULL,\n"
    "  amount INTEGER NOT NULL, PRIMARY KEY(run_id, program, entity_id)) WITHOUT ROWID;\n",
    /* 4: accounts and sessions. Passwords are scrypt hashes with their
     * parameters; sessions are keyed by the SM3 digest of the token (the
     * token itself is never stored); times are Unix seconds. Indexes for
     * the API's person search and scoped lists. */
    "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,\n"
    "  division TEXT NOT NULL, pw_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at TEXT NOT NULL);\n"
    "CREATE TABLE sessions(token_hash TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id), created INTEGER NOT NULL,\n"
    "  expires INTEGER NOT NULL);\n"
    "CREATE INDEX sessions_user ON sessions(user_id);\n"
    "CREATE TABLE login_failures(id INTEGER PRIMARY KEY, user_name TEXT NOT NULL,\n"
    "  at INTEGER NOT NULL);\n"
    "CREATE INDEX login_failures_user ON login_failures(user_name, at);\n"
    "CREATE INDEX persons_name ON persons(name);\n"
    "CREATE INDEX persons_division ON persons(division);\n",
    /* 5: decision notices issued: number (unique, sequence per year), the
     * household, program, decision and monthly amount in fen, the days it
     * speaks of, the policy version, the SM3 of the signed PDF (how
     * `mz notice verify` knows the bureau issued it) and the notice text. */
    "CREATE TABLE notices(id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,\n"
    "  year INTEGER NOT NULL, seq INTEGER NOT NULL,\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id), program TEXT NOT NULL,\n"
    "  decision TEXT NOT NULL CHECK(decision IN ('approve', 'reject', 'stop', 'change')),\n"
    "  amount INTEGER NOT NULL, as_of TEXT NOT NULL, effective TEXT NOT NULL,\n"
    "  issued TEXT NOT NULL, policy_version TEXT NOT NULL, sm3 TEXT NOT NULL UNIQUE,\n"
    "  text TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE(year, seq));\n"
    "CREATE INDEX notices_household ON notices(household_id, program, issued);\n",
    /* 6: cases: the working-day calendar (official holidays and adjusted
     * working days, per known year) and case files: one row per case with
     * its current state and deadlines, the steps taken (actor, day, reason,
     * note), their attachments (file name + SM3) and the decisions with the
     * policy engine's explanation and version at decision time. */
    "CREATE TABLE calendar_years(year INTEGER PRIMARY KEY, source TEXT NOT NULL,\n"
    "  imported_at TEXT NOT NULL);\n"
    "CREATE TABLE calendar_days(day TEXT PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('holiday', 'workday')), name TEXT NOT NULL);\n"
    "CREATE TABLE cases(id INTEGER PRIMARY KEY, type TEXT NOT NULL,\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id),\n"
    "  applicant_id INTEGER NOT NULL REFERENCES persons(id), division TEXT NOT NULL,\n"
    "  state TEXT NOT NULL, staff_relative INTEGER NOT NULL, spot_checked INTEGER,\n"
    "  spot_ordinal INTEGER, opened_on TEXT NOT NULL, accepted_on TEXT, deadline TEXT,\n"
    "  extend_reason TEXT, state_since TEXT NOT NULL, state_due TEXT, closed_on TEXT,\n"
    "  created_at TEXT NOT NULL);\n"
    "CREATE INDEX cases_division ON cases(division);\n"
    "CREATE INDEX cases_household ON cases(household_id);\n"
    "CREATE TABLE case_steps(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "  action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL,\n"
    "  at TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT, note TEXT,\n"
    "  late_days INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE INDEX case_steps_case ON case_steps(case_id, id);\n"
    "CREATE TABLE case_attachments(step_id INTEGER NOT NULL REFERENCES case_steps(id),\n"
    "  name TEXT NOT NULL, sm3 TEXT NOT NULL, bytes INTEGER NOT NULL);\n"
    "CREATE INDEX case_attachments_step ON case_attachments(step_id);\n"
    "CREATE TABLE case_decisions(step_id INTEGER PRIMARY KEY REFERENCES case_steps(id),\n"
    "  case_id INTEGER NOT NULL REFERENCES cases(id), outcome TEXT NOT NULL,\n"
    "  policy_version TEXT NOT NULL, as_of TEXT NOT NULL, engine_eligible INTEGER NOT NULL,\n"
    "  engine_amount INTEGER NOT NULL, explanation TEXT NOT NULL);\n",
    /* 7: monitoring (low-income dynamic monitoring): feed records by their
     * record key (idempotent re-sending), rejected records with reasons,
     * each household's current eligible programs and the conditions of
     * warning rules that hold for it (so only changes raise warnings), and
     * the warnings with their lifecycle. At most one open warning per
     * condition (cond_key = rule|household|person). */
    "CREATE TABLE feed_records(feed TEXT NOT NULL, record_key TEXT NOT NULL,\n"
    "  digest TEXT NOT NULL, household_id INTEGER, received_at TEXT NOT NULL,\n"
    "  PRIMARY KEY(feed, record_key)) WITHOUT ROWID;\n"
    "CREATE TABLE feed_rejects(id INTEGER PRIMARY KEY, feed TEXT NOT NULL, source TEXT NOT NULL,\n"
    "  line INTEGER NOT NULL, record_key TEXT NOT NULL, reason TEXT NOT NULL,\n"
    "  received_at TEXT NOT NULL);\n"
    "CREATE INDEX feed_rejects_feed ON feed_rejects(feed, id);\n"
    "CREATE UNIQUE INDEX feed_rejects_once ON feed_rejects(feed, record_key, reason)\n"
    "  WHERE record_key <> '';\n"
    "CREATE TABLE monitor_decisions(household_id INTEGER NOT NULL REFERENCES households(id),\n"
    "  program TEXT NOT NULL, amount INTEGER NOT NULL, as_of TEXT NOT NULL,\n"
    "  PRIMARY KEY(household_id, program)) WITHOUT ROWID;\n"
    "CREATE TABLE monitor_state(household_id INTEGER NOT NULL REFERENCES households(id),\n"
    "  rule TEXT NOT NULL, person_id INTEGER NOT NULL, value TEXT NOT NULL,\n"
    "  PRIMARY KEY(household_id, rule, person_id)) WITHOUT ROWID;\n"
    "CREATE TABLE warnings(id INTEGER PRIMARY KEY, rule TEXT NOT NULL, label TEXT NOT NULL,\n"
    "  severity TEXT NOT NULL CHECK(severity IN ('high', 'medium', 'low')),\n"
    "  program TEXT NOT NULL, household_id INTEGER NOT NULL REFERENCES households(id),\n"
    "  person_id INTEGER NOT NULL, cond_key TEXT NOT NULL, value TEXT NOT NULL,\n"
    "  office TEXT NOT NULL, evidence TEXT NOT NULL, raised_by TEXT NOT NULL,\n"
    "  raised_on TEXT NOT NULL, due TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('open', 'assigned', 'verified', 'closed', 'dismissed')),\n"
    "  assignee TEXT, outcome TEXT, reason TEXT, created_at TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX warnings_one_open ON warnings(cond_key)\n"
    "  WHERE state IN ('open', 'assigned', 'verified');\n"
    "CREATE INDEX warnings_cond ON warnings(cond_key, value);\n"
    "CREATE INDEX warnings_office ON warnings(office, state);\n",
    /* 8: payment rolls: enrolments (a household, or a person of it, in a
     * program from a start month to an end month, NULL while open;
     * person_id 0 for household programs; at most one open enrolment per
     * program and entity; last_review: month of the last periodic review
     * 动态管理, NULL if none yet), one roll per program and month (draft →
     * approved → paid, with preparer and approver), and its lines keyed by
     * household, person and month of origin (the roll's month for the
     * regular line, a past month for arrears 补发 and recovery 追缴), so
     * no one is paid twice for one month and program. Months are
     * "YYYY-MM"; amounts in fen. */
    "CREATE TABLE enrolments(id INTEGER PRIMARY KEY, program TEXT NOT NULL,\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id),\n"
    "  person_id INTEGER NOT NULL DEFAULT 0, start_month TEXT NOT NULL, end_month TEXT,\n"
    "  source TEXT NOT NULL, last_review TEXT, created_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX enrolments_open ON enrolments(program, household_id, person_id)\n"
    "  WHERE end_month IS NULL;\n"
    "CREATE INDEX enrolments_start ON enrolments(start_month);\n"
    "CREATE TABLE rolls(id INTEGER PRIMARY KEY, program TEXT NOT NULL, month TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('draft', 'approved', 'paid')),\n"
    "  policy_version TEXT NOT NULL, prepared_by TEXT NOT NULL, prepared_at TEXT NOT NULL,\n"
    "  approved_by TEXT, approved_at TEXT, paid_at TEXT, lines INTEGER NOT NULL,\n"
    "  total INTEGER NOT NULL, UNIQUE(program, month));\n"
    "CREATE TABLE roll_lines(roll_id INTEGER NOT NULL REFERENCES rolls(id),\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id), person_id INTEGER NOT NULL,\n"
    "  origin_month TEXT NOT NULL, enrolment_id INTEGER NOT NULL REFERENCES enrolments(id),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('regular', 'arrears', 'recovery')),\n"
    "  status TEXT NOT NULL, due INTEGER NOT NULL, paid_before INTEGER NOT NULL,\n"
    "  amount INTEGER NOT NULL, change TEXT NOT NULL, reason TEXT NOT NULL,\n"
    "  PRIMARY KEY(roll_id, household_id, person_id, origin_month)) WITHOUT ROWID;\n"
    "CREATE INDEX roll_lines_origin ON roll_lines(origin_month, household_id);\n",
    /* 9: a case opened from a warning (`mz warning case`, POST
     * /api/v1/warnings/{id}/case): at most one case per warning, and one
     * warning per case. */
    "CREATE TABLE case_warnings(case_id INTEGER PRIMARY KEY REFERENCES cases(id),\n"
    "  warning_id INTEGER NOT NULL UNIQUE REFERENCES warnings(id));\n",
    /* 10: contests (异议, 行政复议): a case of a contest procedure linked to
     * the decision it contests (the case and its decision step), with the
     * reproduction made when it was opened: the registry as known when the
     * decision was recorded (known_at), the engine's verdict, amount, policy
     * version and explanation, whether all of it matches the stored
     * decision, and what differs if not. */
    "CREATE TABLE case_contests(case_id INTEGER PRIMARY KEY REFERENCES cases(id),\n"
    "  of_case INTEGER NOT NULL REFERENCES cases(id),\n"
    "  decision_step INTEGER NOT NULL REFERENCES case_decisions(step_id),\n"
    "  known_at TEXT NOT NULL, matches INTEGER NOT NULL, engine_eligible INTEGER NOT NULL,\n"
    "  engine_amount INTEGER NOT NULL, policy_version TEXT NOT NULL,\n"
    "  differences TEXT NOT NULL, explanation TEXT NOT NULL);\n"
    "CREATE INDEX case_contests_of ON case_contests(of_case);\n",
    /* 11: why an enrolment ended (an exit recorded by hand: moved away,
     * refused work, …); NULL while open or when a roll ended it. */
    "ALTER TABLE enrolments ADD COLUMN end_reason TEXT;\n",
    /* 12: the payee's bank account of an enrolment: the bank's name, the
     * account number sealed like ID numbers (SM4 + HMAC-SM3, vault.h) and
     * its masked form for lists ("6222 **** **** 1234"); NULL until set. */
    "ALTER TABLE enrolments ADD COLUMN bank TEXT;\n"
    "ALTER TABLE enrolments ADD COLUMN account_sealed BLOB;\n"
    "ALTER TABLE enrolments ADD COLUMN account_masked TEXT;\n",
    /* 13: machine tokens: a department system's long-lived credential for
     * the feed API, keyed by the SM3 digest of the token (never the token),
     * with the feeds it may post to (names separated by spaces). A revoked
     * token keeps its row (revoked_at set); a name is unique among the
     * tokens not revoked. */
    "CREATE TABLE machine_tokens(id INTEGER PRIMARY KEY, name TEXT NOT NULL,\n"
    "  token_hash TEXT NOT NULL UNIQUE, feeds TEXT NOT NULL, created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL, revoked_at TEXT);\n"
    "CREATE UNIQUE INDEX machine_tokens_live ON machine_tokens(name) WHERE revoked_at IS NULL;\n",
    /* 14: the web UI's look-ups: persons by the pinyin initials of their name
     * (filled by the registry; '' until computed) and by masked ID number,
     * and a household's payment lines. */
    "ALTER TABLE persons ADD COLUMN initials TEXT NOT NULL DEFAULT '';\n"
    "CREATE INDEX persons_initials ON persons(initials);\n"
    "CREATE INDEX persons_masked ON persons(id_masked);\n"
    "CREATE INDEX roll_lines_household ON roll_lines(household_id);\n",
    /* 15: failed logins counted by account and source address, so that a
     * stranger's guesses do not lock the account out everywhere. */
    "ALTER TABLE login_failures ADD COLUMN source TEXT NOT NULL DEFAULT '';\n"
    "DROP INDEX login_failures_user;\n"
    "CREATE INDEX login_failures_user ON login_failures(user_name, source, at);\n",
    /* 16: delegations: an account's consent, given with its password, that
     * an operating-system user may act for it on the command line (mz
     * --as NAME) without typing the password each time. A revoked one
     * keeps its row. */
    "CREATE TABLE delegations(id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id), os_user TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL, revoked_at TEXT);\n"
    "CREATE UNIQUE INDEX delegations_live ON delegations(user_id, os_user)\n"
    "  WHERE revoked_at IS NULL;\n",
    /* 17: rolls per paying unit (the county that pays: unit, 6 digits, and
     * unit_scope, the division code prefixes of its households separated by
     * spaces — its own code and those merged into it; '' for the city-wide
     * rolls made before), one roll per program, month and unit; and the
     * bank file of the roll as last exported: its batch reference, format
     * and SM3 digest, so the bank can check the file it received. The table
     * is rebuilt to change its key (migrations run with foreign keys off).
     * An enrolment paid once (临时救助) carries its amount in once_amount
     * (fen) and runs one month; NULL for monthly enrolments.
     * 专项救助 referrals: a household (person_id 0) or a member referred to
     * a department because of its enrolment in basis (低保, 特困), once per
     * department, entity and basis; when the department's file took it
     * (exported_at) and its answer (answer: 已救助 | 不符合 | 办理中). */
    "CREATE TABLE rolls_v15(id INTEGER PRIMARY KEY, program TEXT NOT NULL, month TEXT NOT NULL,\n"
    "  unit TEXT NOT NULL DEFAULT '', unit_scope TEXT NOT NULL DEFAULT '',\n"
    "  state TEXT NOT NULL CHECK(state IN ('draft', 'approved', 'paid')),\n"
    "  policy_version TEXT NOT NULL, prepared_by TEXT NOT NULL, prepared_at TEXT NOT NULL,\n"
    "  approved_by TEXT, approved_at TEXT, paid_at TEXT, lines INTEGER NOT NULL,\n"
    "  total INTEGER NOT NULL, batch_ref TEXT, bank_format TEXT, bank_sm3 TEXT,\n"
    "  bank_at TEXT, UNIQUE(program, month, unit));\n"
    "INSERT INTO rolls_v15(id, program, month, state, policy_version, prepared_by, prepared_at,\n"
    "  approved_by, approved_at, paid_at, lines, total)\n"
    "  SELECT id, program, month, state, policy_version, prepared_by, prepared_at, approved_by,\n"
    "  approved_at, paid_at, lines, total FROM rolls;\n"
    "DROP TABLE rolls;\n"
    "ALTER TABLE rolls_v15 RENAME TO rolls;\n"
    "ALTER TABLE enrolments ADD COLUMN once_amount INTEGER;\n"
    "CREATE TABLE referrals(id INTEGER PRIMARY KEY, department TEXT NOT NULL,\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id), person_id INTEGER NOT NULL,\n"
    "  basis TEXT NOT NULL, reason TEXT NOT NULL, created_at TEXT NOT NULL, exported_at TEXT,\n"
    "  answer TEXT, answer_note TEXT, answered_at TEXT, answered_by TEXT,\n"
    "  UNIQUE(department, household_id, person_id, basis));\n"
    "CREATE INDEX referrals_household ON referrals(household_id);\n",
    /* 18: key rotation: the key epoch each audit entry's digests and MAC
     * are under (crypto/vault.h); entries before rotation are under the
     * first key. */
    "ALTER TABLE audit_log ADD COLUMN key_epoch INTEGER NOT NULL DEFAULT 1;\n",
    /* 19: 老年人能力评估 (GB/T 42195-2022, src/care/assess.c): one row per
     * assessment of a person on a date by two distinct assessors, with every
     * item score and recorded condition ("name=value" in the scale's order),
     * the report (total, preliminary and final level, the reasons for the
     * change, one per line), the reassessment due date, the policy version
     * that scored it and the household division at the time (scope). */
    "CREATE TABLE assessments(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), division TEXT NOT NULL,\n"
    "  assessed_on TEXT NOT NULL, reason TEXT NOT NULL,\n"
    "  assessor1 TEXT NOT NULL, assessor2 TEXT NOT NULL CHECK(assessor1 <> assessor2),\n"
    "  scores TEXT NOT NULL, conditions TEXT NOT NULL, total INTEGER NOT NULL,\n"
    "  preliminary TEXT NOT NULL, final_level TEXT NOT NULL, reasons TEXT NOT NULL,\n"
    "  next_due TEXT NOT NULL, policy_version TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX assessments_person ON assessments(person_id, assessed_on);\n"
    "CREATE INDEX assessments_division ON assessments(division, assessed_on);\n",
    /* 20: look-ups from a county's, street's or community's households:
     * their warnings (the work queue, the warnings list) and enrolments
     * (periodic reviews, the dashboard's coverage), instead of scans of
     * the whole city's. Households by division carry the address, so a
     * search by address reads the index only, not every household row. */
    "CREATE INDEX warnings_household ON warnings(household_id);\n"
    "CREATE INDEX enrolments_household ON enrolments(household_id);\n"
    "DROP INDEX households_division;\n"
    "CREATE INDEX households_division ON households(division, address);\n",
    /* 21: elderly care — the provider network (机构建中心带站点进家庭),
     * home-service orders and meal help. providers: institutions, street
     * centres, community stations, home care beds and canteens, each with a
     * unique code (机构编码), division, coordinates (WGS-84 degrees), capacity
     * (beds or seats) and occupancy, the orders it takes per time slot, and
     * the provider that runs it (parent). provider_services: its catalogue
     * with prices (fen); provider_workers: its staff. A provider account
     * (users.provider_id) works for one provider only. */
    "CREATE TABLE providers(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL, kind TEXT NOT NULL\n"
    "  CHECK(kind IN ('institution', 'centre', 'station', 'home_bed', 'canteen')),\n"
    "  division TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', lon REAL NOT NULL,\n"
    "  lat REAL NOT NULL, capacity INTEGER NOT NULL CHECK(capacity >= 0),\n"
    "  occupancy INTEGER NOT NULL CHECK(occupancy >= 0), slot_capacity INTEGER NOT NULL\n"
    "  CHECK(slot_capacity >= 0), parent_id INTEGER REFERENCES providers(id),\n"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
    "CREATE INDEX providers_division ON providers(division);\n"
    "CREATE INDEX providers_parent ON providers(parent_id);\n"
    "CREATE TABLE provider_services(provider_id INTEGER NOT NULL REFERENCES providers(id),\n"
    "  service TEXT NOT NULL, price INTEGER NOT NULL CHECK(price >= 0),\n"
    "  PRIMARY KEY(provider_id, service)) WITHOUT ROWID;\n"
    "CREATE INDEX provider_services_service ON provider_services(service);\n"
    "CREATE TABLE provider_workers(id INTEGER PRIMARY KEY,\n"
    "  provider_id INTEGER NOT NULL REFERENCES providers(id), name TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL, UNIQUE(provider_id, name));\n"
    "ALTER TABLE users ADD COLUMN provider_id INTEGER REFERENCES providers(id);\n"
    /* Home-service orders: the elderly person and household, the service
     * from the provider's catalogue at its price (fen), the time slot
     * ("YYYY-MM-DDTHH", two hours), who ordered it, the provider it was
     * dispatched to and the straight-line distance (metres) from the home
     * (located: 'derived' when the home's position was derived from its
     * division); the worker's check-in and check-out with time and place,
     * completion, rating and complaint (routed to the county office); the
     * subsidy granted and the settlement roll that paid it (NULL until
     * settled: an order is settled once). */
    "CREATE TABLE care_orders(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id), division TEXT NOT NULL,\n"
    "  provider_id INTEGER NOT NULL REFERENCES providers(id), service TEXT NOT NULL,\n"
    "  price INTEGER NOT NULL, slot TEXT NOT NULL, orderer TEXT NOT NULL\n"
    "  CHECK(orderer IN ('caseworker', 'resident', 'family')), orderer_name TEXT NOT NULL,\n"
    "  ordered_by TEXT NOT NULL, distance INTEGER NOT NULL, located TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('dispatched', 'serving', 'done', 'cancelled')),\n"
    "  worker_id INTEGER REFERENCES provider_workers(id), checkin_at TEXT, checkin_lon REAL,\n"
    "  checkin_lat REAL, checkin_distance INTEGER, checkin_far INTEGER NOT NULL DEFAULT 0,\n"
    "  checkout_at TEXT, checkout_lon REAL, checkout_lat REAL, done_on TEXT,\n"
    "  rating INTEGER CHECK(rating BETWEEN 1 AND 5), complaint TEXT, complaint_office TEXT,\n"
    "  subsidy INTEGER NOT NULL DEFAULT 0, settle_roll INTEGER REFERENCES rolls(id),\n"
    "  completed_at TEXT, created_at TEXT NOT NULL);\n"
    "CREATE INDEX care_orders_slot ON care_orders(provider_id, slot);\n"
    "CREATE INDEX care_orders_person ON care_orders(person_id, slot);\n"
    /* A settlement with providers is a roll (four eyes, states, unit) whose
     * payee is 'provider'; its lines, one per provider, are here, and the
     * moment through which it took completed orders (care_settlements):
     * an order is settled by the first settlement of its county whose
     * month it was done in or before and whose moment it was completed
     * (completed_at, recorded at check-out) by; only subsidised orders
     * carry their settlement (settle_roll) and subsidy. */
    "ALTER TABLE rolls ADD COLUMN payee TEXT NOT NULL DEFAULT 'household';\n"
    "CREATE TABLE care_settle_lines(roll_id INTEGER NOT NULL REFERENCES rolls(id),\n"
    "  provider_id INTEGER NOT NULL REFERENCES providers(id), orders INTEGER NOT NULL,\n"
    "  subsidised INTEGER NOT NULL, amount INTEGER NOT NULL,\n"
    "  PRIMARY KEY(roll_id, provider_id)) WITHOUT ROWID;\n"
    "CREATE TABLE care_settlements(roll_id INTEGER PRIMARY KEY REFERENCES rolls(id),\n"
    "  unit TEXT NOT NULL, month TEXT NOT NULL, through TEXT NOT NULL, UNIQUE(unit, month));\n"
    /* Meal help (老年助餐): each meal a canteen served — day, diner (a
     * registry person, with the household and division of the day), meal
     * (午餐, 晚餐 …), price, what the diner paid and the subsidy the policy
     * granted (meal_subsidy, at most meal_subsidy_daily a person a day);
     * diners not found go to the reject queue with the reason (ID number
     * masked); a canteen's running cost per month for its sustainability. */
    "CREATE TABLE meals(id INTEGER PRIMARY KEY,\n"
    "  canteen_id INTEGER NOT NULL REFERENCES providers(id), day TEXT NOT NULL,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), household_id INTEGER NOT NULL,\n"
    "  division TEXT NOT NULL, meal TEXT NOT NULL, price INTEGER NOT NULL CHECK(price >= 0),\n"
    "  paid INTEGER NOT NULL, subsidy INTEGER NOT NULL, source TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL, UNIQUE(canteen_id, day, person_id, meal));\n"
    "CREATE INDEX meals_person ON meals(person_id, day);\n"
    "CREATE TABLE meal_rejects(id INTEGER PRIMARY KEY,\n"
    "  canteen_id INTEGER NOT NULL REFERENCES providers(id), day TEXT NOT NULL,\n"
    "  line INTEGER NOT NULL, id_masked TEXT NOT NULL, reason TEXT NOT NULL,\n"
    "  source TEXT NOT NULL, created_at TEXT NOT NULL);\n"
    "CREATE TABLE canteen_costs(canteen_id INTEGER NOT NULL REFERENCES providers(id),\n"
    "  month TEXT NOT NULL, amount INTEGER NOT NULL CHECK(amount >= 0),\n"
    "  PRIMARY KEY(canteen_id, month)) WITHOUT ROWID;\n",
    /* 22: elderly care (docs/eldercare-visits.md). 探访关爱 visits: a
     * person visited on a day, how (上门, 电话, 视频), by whom (an account
     * or a 银龄 volunteer), what was found and whether help is needed;
     * recording one also writes the person's last_contact fact. */
    "CREATE TABLE visits(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), visited_on TEXT NOT NULL,\n"
    "  method TEXT NOT NULL CHECK(method IN ('上门', '电话', '视频')), visitor TEXT NOT NULL,\n"
    "  findings TEXT NOT NULL DEFAULT '', needs_help INTEGER NOT NULL DEFAULT 0,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX visits_person ON visits(person_id, visited_on);\n"
    /* Smart alarms (docs/eldercare-alarms.md): devices in elderly people's
     * homes, each served by a station (a provider) and with a family
     * contact (phone sealed); alarms, one per device and event key, at tier
     * 1 (the station), 2 (its parent centre) or 3 (the family) since
     * tier_since (Beijing time, YYYY-MM-DD HH:MM); every step logged. */
    "CREATE TABLE devices(id INTEGER PRIMARY KEY, device_no TEXT NOT NULL UNIQUE,\n"
    "  kind TEXT NOT NULL, person_id INTEGER NOT NULL REFERENCES persons(id),\n"
    "  station_id INTEGER NOT NULL REFERENCES providers(id), contact_name TEXT NOT NULL,\n"
    "  contact_phone BLOB NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL);\n"
    "CREATE TABLE alarms(id INTEGER PRIMARY KEY,\n"
    "  device_id INTEGER NOT NULL REFERENCES devices(id), event_key TEXT NOT NULL,\n"
    "  occurred_at TEXT NOT NULL, tier INTEGER NOT NULL CHECK(tier BETWEEN 1 AND 3),\n"
    "  tier_since TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('open', 'acknowledged', 'closed')),\n"
    "  acknowledged_by TEXT, acknowledged_at TEXT, outcome TEXT, closed_by TEXT,\n"
    "  closed_at TEXT, UNIQUE(device_id, event_key));\n"
    "CREATE INDEX alarms_state ON alarms(state);\n"
    "CREATE TABLE alarm_steps(id INTEGER PRIMARY KEY,\n"
    "  alarm_id INTEGER NOT NULL REFERENCES alarms(id), at TEXT NOT NULL, step TEXT NOT NULL,\n"
    "  tier INTEGER NOT NULL, actor TEXT NOT NULL, note TEXT NOT NULL);\n"
    "CREATE INDEX alarm_steps_alarm ON alarm_steps(alarm_id);\n"
    /* 银龄行动 volunteers (docs/eldercare-volunteers.md): a registry person
     * with skills (探访, 助餐 … separated by 、); each visit target paired
     * with at most one volunteer; the time bank's entries in minutes (a
     * visit by a volunteer credits one, naming the visit). */
    "CREATE TABLE volunteers(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL UNIQUE REFERENCES persons(id), skills TEXT NOT NULL,\n"
    "  registered_by TEXT NOT NULL, registered_at TEXT NOT NULL);\n"
    "CREATE TABLE volunteer_pairs(target_id INTEGER PRIMARY KEY REFERENCES persons(id),\n"
    "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id), since TEXT NOT NULL,\n"
    "  paired_by TEXT NOT NULL);\n"
    "CREATE INDEX volunteer_pairs_volunteer ON volunteer_pairs(volunteer_id);\n"
    "CREATE TABLE volunteer_hours(id INTEGER PRIMARY KEY,\n"
    "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id), served_on TEXT NOT NULL,\n"
    "  activity TEXT NOT NULL, minutes INTEGER NOT NULL CHECK(minutes > 0),\n"
    "  visit_id INTEGER REFERENCES visits(id), recorded_by TEXT NOT NULL,\n"
    "  recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX volunteer_hours_volunteer ON volunteer_hours(volunteer_id);\n",
    /* 23: 渝悦救助通, the residents' portal (docs/portal.md). One-time sign-in
     * codes by the blind index of the ID number (the code kept only as a
     * keyed digest with its salt; tries counted), the SMS outbox a gateway
     * drains (phone and text sealed), residents' sessions (SM3 of the
     * token, like staff sessions), how a case was applied for (网上申请 by
     * the resident, 代办 by a worker) with the consent to data checks, and
     * case attachments rebuilt to hold the uploaded file sealed: by case,
     * the step that used them (NULL until one does), type, uploader. */
    "CREATE TABLE resident_codes(id INTEGER PRIMARY KEY, id_index BLOB NOT NULL,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), salt TEXT NOT NULL,\n"
    "  code_hash TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL,\n"
    "  tries INTEGER NOT NULL DEFAULT 0, used INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE INDEX resident_codes_index ON resident_codes(id_index, created);\n"
    "CREATE TABLE sms_outbox(id INTEGER PRIMARY KEY, sealed BLOB NOT NULL,\n"
    "  created_at TEXT NOT NULL, sent_at TEXT);\n"
    "CREATE INDEX sms_outbox_unsent ON sms_outbox(id) WHERE sent_at IS NULL;\n"
    "CREATE TABLE resident_sessions(token_hash TEXT PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), created INTEGER NOT NULL,\n"
    "  expires INTEGER NOT NULL);\n"
    "CREATE TABLE case_applications(case_id INTEGER PRIMARY KEY REFERENCES cases(id),\n"
    "  channel TEXT NOT NULL CHECK(channel IN ('online', 'proxy')), applied_by TEXT NOT NULL,\n"
    "  consent_version TEXT NOT NULL, consent_sm3 TEXT NOT NULL, consent_at TEXT NOT NULL,\n"
    "  consent_ref TEXT);\n"
    "CREATE TABLE case_attachments_v19(id INTEGER PRIMARY KEY,\n"
    "  case_id INTEGER NOT NULL REFERENCES cases(id), step_id INTEGER REFERENCES case_steps(id),\n"
    "  name TEXT NOT NULL, mime TEXT, sm3 TEXT NOT NULL, bytes INTEGER NOT NULL, content BLOB,\n"
    "  uploaded_by TEXT, uploaded_at TEXT);\n"
    "INSERT INTO case_attachments_v19(case_id, step_id, name, sm3, bytes)\n"
    "  SELECT s.case_id, a.step_id, a.name, a.sm3, a.bytes FROM case_attachments a\n"
    "  JOIN case_steps s ON s.id = a.step_id ORDER BY a.rowid;\n"
    "DROP TABLE case_attachments;\n"
    "ALTER TABLE case_attachments_v19 RENAME TO case_attachments;\n"
    "CREATE INDEX case_attachments_case ON case_attachments(case_id);\n"
    "CREATE INDEX case_attachments_step ON case_attachments(step_id);\n",
    /* 24: the bureaus' electronic seals (印章, GB/T 38540): name, code, the
     * certificate of the key that signs with it, its picture and the
     * SESeal made from them, valid from/to; and for each notice the SM3
     * of its OFD and the code its QR code carries to the public
     * verification page; the staff's second factor. */
    "CREATE TABLE seals(id INTEGER PRIMARY KEY, esid TEXT NOT NULL UNIQUE, name TEXT NOT NULL,\n"
    "  cert BLOB NOT NULL, picture BLOB NOT NULL, seal BLOB NOT NULL,\n"
    "  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL);\n"
    "CREATE INDEX seals_name ON seals(name, valid_to);\n"
    "ALTER TABLE notices ADD COLUMN ofd_sm3 TEXT;\n"
    "ALTER TABLE notices ADD COLUMN verify_code TEXT;\n"
    "CREATE UNIQUE INDEX notices_verify_code ON notices(verify_code);\n"
    /* and the staff's second factor (TOTP, 等保 level 3): the sealed secret
     * (NULL: not enrolled) and the last time step accepted (no code twice) */
    "ALTER TABLE users ADD COLUMN totp BLOB;\n"
    "ALTER TABLE users ADD COLUMN totp_step INTEGER NOT NULL DEFAULT 0;\n"
    /* and when each session was last used (idle sessions end) */
    "ALTER TABLE sessions ADD COLUMN last_seen INTEGER;\n"
    /* and the anchors of purged audit entries: the seq, MAC and time of
     * the last entry purged, when, and the SM2 signature over them (the
     * chain goes on verifying from there) */
    "CREATE TABLE audit_anchors(seq INTEGER PRIMARY KEY, mac BLOB NOT NULL,\n"
    "  entry_at TEXT NOT NULL, purged_at TEXT NOT NULL, signature TEXT NOT NULL);\n"
    /* and spot checks: the draw (program, division, share, seed, month,
     * sizes) and the households sampled in order, with their SM3 rank */
    "CREATE TABLE spot_checks(id INTEGER PRIMARY KEY, program TEXT NOT NULL,\n"
    "  division TEXT NOT NULL, share INTEGER NOT NULL, seed TEXT NOT NULL, as_of TEXT NOT NULL,\n"
    "  population INTEGER NOT NULL, sample INTEGER NOT NULL, drawn_at TEXT NOT NULL,\n"
    "  drawn_by TEXT NOT NULL);\n"
    "CREATE TABLE spot_check_items(check_id INTEGER NOT NULL REFERENCES spot_checks(id),\n"
    "  ordinal INTEGER NOT NULL, household_id INTEGER NOT NULL REFERENCES households(id),\n"
    "  rank TEXT NOT NULL, PRIMARY KEY(check_id, ordinal)) WITHOUT ROWID;\n",
    /* 25: social organizations and charity (docs/organizations.md,
     * docs/charity.md): the registered bodies with their status history and
     * procedures (dates due computed from policy), annual reports with
     * their figures and review, the credit lists with cause and computed
     * exit day; charity campaigns with their filed plan, ledgers and the
     * disclosures due; charitable trusts; charity projects that take
     * referrals of warned households (with the household's consent) and
     * the help given, which the household's assistance chain shows;
     * 慈善阵地 (community charity points) and 联合体 memberships. */
    "CREATE TABLE organizations(id INTEGER PRIMARY KEY, uscc TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('association', 'service', 'foundation')),\n"
    "  field TEXT NOT NULL, supervisor TEXT NOT NULL,\n"
    "  legal_rep INTEGER NOT NULL REFERENCES persons(id), division TEXT NOT NULL,\n"
    "  address TEXT NOT NULL, funds INTEGER NOT NULL, public_fundraising INTEGER NOT NULL,\n"
    "  members_individual INTEGER NOT NULL, members_unit INTEGER NOT NULL,\n"
    "  status TEXT NOT NULL CHECK(status IN ('applied', 'registered', 'deregistered')),\n"
    "  registered_on TEXT, charity_on TEXT, fundraising_on TEXT, created_at TEXT NOT NULL);\n"
    "CREATE INDEX organizations_division ON organizations(division);\n"
    "CREATE TABLE org_events(id INTEGER PRIMARY KEY,\n"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id), kind TEXT NOT NULL,\n"
    "  filed_on TEXT NOT NULL, due_on TEXT, done_on TEXT, outcome TEXT, note TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX org_events_org ON org_events(org_id);\n"
    "CREATE TABLE org_reports(id INTEGER PRIMARY KEY,\n"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id), year INTEGER NOT NULL,\n"
    "  due_on TEXT NOT NULL, submitted_on TEXT NOT NULL, income INTEGER NOT NULL,\n"
    "  prev_income INTEGER NOT NULL, charitable INTEGER NOT NULL, admin INTEGER NOT NULL,\n"
    "  other_spending INTEGER NOT NULL, spending INTEGER NOT NULL, net_assets INTEGER NOT NULL,\n"
    "  prev_net_assets INTEGER NOT NULL, result TEXT, findings TEXT, rectify_by TEXT,\n"
    "  reviewed_by TEXT, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL,\n"
    "  UNIQUE(org_id, year));\n"
    "CREATE TABLE org_credit(id INTEGER PRIMARY KEY,\n"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id),\n"
    "  list TEXT NOT NULL CHECK(list IN ('abnormal', 'serious')), cause TEXT NOT NULL,\n"
    "  entered_on TEXT NOT NULL, exit_on TEXT, exited_on TEXT, exit_reason TEXT,\n"
    "  recorded_by TEXT NOT NULL);\n"
    "CREATE INDEX org_credit_org ON org_credit(org_id);\n"
    "CREATE TABLE charity_campaigns(id INTEGER PRIMARY KEY,\n"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id), name TEXT NOT NULL,\n"
    "  purpose TEXT NOT NULL, platform TEXT NOT NULL, filed_on TEXT NOT NULL,\n"
    "  starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, emergency INTEGER NOT NULL,\n"
    "  goal INTEGER NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE TABLE charity_disclosures(id INTEGER PRIMARY KEY,\n"
    "  campaign_id INTEGER NOT NULL REFERENCES charity_campaigns(id),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('interim', 'final')), due_on TEXT NOT NULL,\n"
    "  disclosed_on TEXT, UNIQUE(campaign_id, due_on));\n"
    "CREATE TABLE charity_ledger(id INTEGER PRIMARY KEY,\n"
    "  campaign_id INTEGER NOT NULL REFERENCES charity_campaigns(id),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('donation', 'spending')), on_day TEXT NOT NULL,\n"
    "  amount INTEGER NOT NULL CHECK(amount > 0), party TEXT NOT NULL, note TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX charity_ledger_campaign ON charity_ledger(campaign_id);\n"
    "CREATE TABLE charity_trusts(id INTEGER PRIMARY KEY, name TEXT NOT NULL,\n"
    "  trustee_id INTEGER NOT NULL REFERENCES organizations(id), signed_on TEXT NOT NULL,\n"
    "  filed_on TEXT NOT NULL, due_on TEXT NOT NULL, amount INTEGER NOT NULL,\n"
    "  purpose TEXT NOT NULL, recorded_by TEXT NOT NULL);\n"
    "CREATE TABLE charity_projects(id INTEGER PRIMARY KEY,\n"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id), name TEXT NOT NULL,\n"
    "  division TEXT NOT NULL, rules TEXT NOT NULL, help TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE TABLE charity_referrals(id INTEGER PRIMARY KEY,\n"
    "  warning_id INTEGER NOT NULL REFERENCES warnings(id),\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id),\n"
    "  project_id INTEGER NOT NULL REFERENCES charity_projects(id),\n"
    "  state TEXT NOT NULL CHECK(state IN ('offered', 'accepted', 'declined', 'helped')),\n"
    "  consent_by TEXT NOT NULL, offered_on TEXT NOT NULL, answered_on TEXT, note TEXT,\n"
    "  offered_by TEXT NOT NULL, UNIQUE(warning_id, project_id));\n"
    "CREATE INDEX charity_referrals_household ON charity_referrals(household_id);\n"
    "CREATE INDEX charity_referrals_project ON charity_referrals(project_id);\n"
    "CREATE TABLE charity_help(id INTEGER PRIMARY KEY,\n"
    "  referral_id INTEGER NOT NULL REFERENCES charity_referrals(id),\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id), given_on TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL, amount INTEGER NOT NULL, note TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX charity_help_household ON charity_help(household_id);\n"
    "CREATE TABLE charity_points(id INTEGER PRIMARY KEY, name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL, division TEXT NOT NULL, org_id INTEGER REFERENCES organizations(id),\n"
    "  opened_on TEXT NOT NULL, recorded_by TEXT NOT NULL, UNIQUE(name, division));\n"
    "CREATE TABLE charity_unions(id INTEGER PRIMARY KEY, union_name TEXT NOT NULL,\n"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id), joined_on TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, UNIQUE(union_name, org_id));\n"
    "ALTER TABLE users ADD COLUMN org_id INTEGER REFERENCES organizations(id);\n",
    /* 26: place names and division changes (docs/placenames.md, docs/registry.md).
     * A division change is an event (its date, document and approving body)
     * of steps (create, move, rename, retire); a moved division gets a new
     * version under its new parent, so the divisions whose parent is not the
     * prefix of their own code ("displaced") are the few the scope of an
     * account must follow (divisions_displaced). The gazetteer keeps each
     * standard name with its parts, romanization and search keys (toneless
     * letters and initials of the place-name readings, and the letters of
     * the specific part for the homophone check); naming cases carry
     * the 地名管理条例 steps with their due dates. */
    "CREATE TABLE division_events(id INTEGER PRIMARY KEY, effective TEXT NOT NULL,\n"
    "  title TEXT NOT NULL, document TEXT NOT NULL, approved_by TEXT NOT NULL,\n"
    "  script TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE TABLE division_event_steps(event_id INTEGER NOT NULL REFERENCES division_events(id),\n"
    "  seq INTEGER NOT NULL, op TEXT NOT NULL, code TEXT NOT NULL, arg TEXT NOT NULL,\n"
    "  PRIMARY KEY(event_id, seq)) WITHOUT ROWID;\n"
    "CREATE INDEX divisions_displaced ON divisions(code, valid_from) WHERE level > 1 AND\n"
    "  parent IS NOT substr(code, 1, CASE level WHEN 2 THEN 2 WHEN 3 THEN 4 WHEN 4 THEN 6\n"
    "  ELSE 9 END);\n"
    "CREATE TABLE placenames(id INTEGER PRIMARY KEY, name TEXT NOT NULL,\n"
    "  specific TEXT NOT NULL, generic TEXT NOT NULL, pinyin TEXT NOT NULL,\n"
    "  letters TEXT NOT NULL, initials TEXT NOT NULL, specific_letters TEXT NOT NULL,\n"
    "  class TEXT NOT NULL,\n"
    "  division TEXT NOT NULL, lon REAL, lat REAL, meaning TEXT NOT NULL DEFAULT '',\n"
    "  history TEXT NOT NULL DEFAULT '', named_on TEXT, approved_by TEXT NOT NULL DEFAULT '',\n"
    "  document TEXT NOT NULL DEFAULT '', culture TEXT NOT NULL DEFAULT '',\n"
    "  products TEXT NOT NULL DEFAULT '',\n"
    "  status TEXT NOT NULL CHECK(status IN ('proposed', 'standard', 'abolished')),\n"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
    "CREATE INDEX placenames_division ON placenames(division);\n"
    "CREATE INDEX placenames_name ON placenames(name);\n"
    "CREATE INDEX placenames_letters ON placenames(letters);\n"
    "CREATE INDEX placenames_initials ON placenames(initials);\n"
    "CREATE TABLE placename_cases(id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('name', 'rename')),\n"
    "  placename_id INTEGER NOT NULL REFERENCES placenames(id), old_name TEXT NOT NULL,\n"
    "  new_name TEXT NOT NULL, reasons TEXT NOT NULL, applicant TEXT NOT NULL,\n"
    "  division TEXT NOT NULL, opened_on TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('applied', 'approved', 'done', 'rejected')),\n"
    "  approved_on TEXT, approved_by TEXT, document TEXT, filing_due TEXT, filed_on TEXT,\n"
    "  notice_due TEXT, announced_on TEXT, reject_reason TEXT, opened_by TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL);\n"
    "CREATE INDEX placename_cases_division ON placename_cases(division, state);\n",
    /* 27: child and disability welfare (docs/children.md): the dated records of the
     * categories a child in difficulty (困境儿童) falls in, with the labels
     * that held on the day ("" once none does), and the visits of 儿童主任
     * (入户探访, 电话联系, 监护指导, 心理健康转介). */
    "CREATE TABLE child_records(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), as_of TEXT NOT NULL,\n"
    "  reasons TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX child_records_person ON child_records(person_id, as_of);\n"
    "CREATE TABLE child_visits(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), visited_on TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL, visitor TEXT NOT NULL, findings TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX child_visits_person ON child_visits(person_id, visited_on);\n"
    /* 免申即享 of the disability subsidies: the consent of the person (or
     * their guardian) to be enrolled from the 残联 data without applying. */
    "CREATE TABLE disability_consents(person_id INTEGER PRIMARY KEY REFERENCES persons(id),\n"
    "  given_on TEXT NOT NULL, given_by TEXT NOT NULL, recorded_by TEXT NOT NULL,\n"
    "  recorded_at TEXT NOT NULL);\n"
    /* 精康融合行动: referrals of people with serious mental disorders to
     * a community rehabilitation service, and their progress. */
    "CREATE TABLE rehab_referrals(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), referred_on TEXT NOT NULL,\n"
    "  service TEXT NOT NULL, state TEXT NOT NULL CHECK(state IN\n"
    "  ('referred', 'received', 'in_rehab', 'closed')), referred_by TEXT NOT NULL,\n"
    "  recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX rehab_referrals_person ON rehab_referrals(person_id);\n"
    "CREATE TABLE rehab_progress(id INTEGER PRIMARY KEY,\n"
    "  referral_id INTEGER NOT NULL REFERENCES rehab_referrals(id), on_day TEXT NOT NULL,\n"
    "  state TEXT NOT NULL, note TEXT NOT NULL, recorded_by TEXT NOT NULL,\n"
    "  recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX rehab_progress_referral ON rehab_progress(referral_id);\n",
    /* 28: social affairs — 婚姻登记 (docs/marriage.md) and 殡葬
     * (docs/funeral.md). In the registry: family relations recorded as
     * parent links (出生医学证明, 户籍, 亲子鉴定: kin_links), read with the
     * memberships' relations to the head for the prohibited kinship of
     * 民法典第1048条. Marriages: each registration with its office (county
     * code), day and certificate number, its two parties (ID number sealed
     * and blind-indexed like persons', the registry person when there is
     * one, the SM3 of the signed declaration) and how it ended; every
     * certificate number ever issued (J 结婚证, L 离婚证, BJ/BL 补发),
     * one sequence per kind, office and year, never reused; divorces by
     * registration with their cooling-off and appearance windows, and the
     * counselling offered during them; refusals with the rule and article
     * (parties masked only); appointments; the 户口 move joined with 公安
     * (结婚落户一件事: the message sealed, its state and deadline). Funeral:
     * each death cascaded once (deaths, keyed by person) with its 身后一件事
     * summary, every report of a death (the medical certificate, the 公安
     * feed, a second report); funeral homes, cemeteries and columbaria with
     * their licence, price list (basic services marked) and complaints;
     * cremations with the fees, the waiver and the policy that decided it;
     * where the ashes were placed and the eco-burial reward. */
    "CREATE TABLE kin_links(person_id INTEGER NOT NULL REFERENCES persons(id),\n"
    "  parent_id INTEGER NOT NULL REFERENCES persons(id) CHECK(parent_id <> person_id),\n"
    "  source TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL,\n"
    "  PRIMARY KEY(person_id, parent_id));\n"
    "CREATE INDEX kin_links_parent ON kin_links(parent_id);\n"
    "CREATE TABLE marriages(id INTEGER PRIMARY KEY, office TEXT NOT NULL,\n"
    "  registered_on TEXT NOT NULL, cert_no TEXT NOT NULL UNIQUE,\n"
    "  state TEXT NOT NULL CHECK(state IN ('married', 'divorced', 'widowed', 'annulled')),\n"
    "  ended_on TEXT, end_note TEXT, archived INTEGER NOT NULL DEFAULT 0,\n"
    "  appointment_id INTEGER, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX marriages_office ON marriages(office, registered_on);\n"
    "CREATE TABLE marriage_parties(marriage_id INTEGER NOT NULL REFERENCES marriages(id),\n"
    "  sex INTEGER NOT NULL CHECK(sex IN (1, 2)), id_index BLOB NOT NULL, id_sealed BLOB NOT NULL,\n"
    "  id_masked TEXT NOT NULL, name TEXT NOT NULL, birth TEXT NOT NULL,\n"
    "  person_id INTEGER REFERENCES persons(id), declaration_sm3 TEXT NOT NULL DEFAULT '',\n"
    "  illness_disclosed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(marriage_id, sex));\n"
    "CREATE INDEX marriage_parties_index ON marriage_parties(id_index);\n"
    "CREATE INDEX marriage_parties_person ON marriage_parties(person_id);\n"
    "CREATE TABLE divorces(id INTEGER PRIMARY KEY,\n"
    "  marriage_id INTEGER NOT NULL REFERENCES marriages(id), office TEXT NOT NULL,\n"
    "  applied_on TEXT NOT NULL, cooling_ends TEXT NOT NULL, appear_from TEXT NOT NULL,\n"
    "  appear_by TEXT NOT NULL, provisional INTEGER NOT NULL DEFAULT 0,\n"
    "  state TEXT NOT NULL CHECK(state IN ('cooling', 'withdrawn', 'lapsed', 'registered')),\n"
    "  agreement_sm3 TEXT NOT NULL, ended_on TEXT, withdrawn_by INTEGER, cert_no TEXT UNIQUE,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX divorces_open ON divorces(marriage_id) WHERE state = 'cooling';\n"
    "CREATE INDEX divorces_office ON divorces(office, applied_on);\n"
    "CREATE TABLE divorce_counselling(id INTEGER PRIMARY KEY,\n"
    "  divorce_id INTEGER NOT NULL REFERENCES divorces(id), day TEXT NOT NULL,\n"
    "  outcome TEXT NOT NULL CHECK(outcome IN ('offered', 'held', 'declined')),\n"
    "  counsellor TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', recorded_by TEXT NOT NULL,\n"
    "  recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX divorce_counselling_divorce ON divorce_counselling(divorce_id);\n"
    "CREATE TABLE marriage_certs(number TEXT PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('J', 'L', 'BJ', 'BL')), office TEXT NOT NULL,\n"
    "  year INTEGER NOT NULL, seq INTEGER NOT NULL CHECK(seq BETWEEN 1 AND 999999),\n"
    "  marriage_id INTEGER NOT NULL REFERENCES marriages(id),\n"
    "  divorce_id INTEGER REFERENCES divorces(id), holder_sex INTEGER, replaces TEXT,\n"
    "  issued_on TEXT NOT NULL, issued_by TEXT NOT NULL, pdf_sm3 TEXT, created_at TEXT NOT NULL,\n"
    "  UNIQUE(kind, office, year, seq));\n"
    "CREATE INDEX marriage_certs_marriage ON marriage_certs(marriage_id);\n"
    "CREATE TABLE marriage_refusals(id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('marriage', 'divorce', 'replacement')),\n"
    "  office TEXT NOT NULL, day TEXT NOT NULL, rule TEXT NOT NULL, article TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL, parties TEXT NOT NULL, recorded_by TEXT NOT NULL,\n"
    "  recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX marriage_refusals_office ON marriage_refusals(office, day);\n"
    "CREATE TABLE marriage_appointments(id INTEGER PRIMARY KEY, office TEXT NOT NULL,\n"
    "  day TEXT NOT NULL, slot TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('marriage', 'divorce', 'replacement')),\n"
    "  parties TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('booked', 'attended', 'cancelled')),\n"
    "  booked_by TEXT NOT NULL, booked_at TEXT NOT NULL);\n"
    "CREATE INDEX marriage_appointments_slot ON marriage_appointments(office, day, slot);\n"
    "CREATE TABLE hukou_moves(id INTEGER PRIMARY KEY,\n"
    "  marriage_id INTEGER NOT NULL UNIQUE REFERENCES marriages(id),\n"
    "  mover_sex INTEGER NOT NULL CHECK(mover_sex IN (1, 2)),\n"
    "  to_household_id INTEGER NOT NULL REFERENCES households(id), message BLOB NOT NULL,\n"
    "  message_sm3 TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('queued', 'sent', 'accepted', 'done', 'refused')),\n"
    "  due TEXT NOT NULL, sent_at TEXT, answered_at TEXT, answer_note TEXT,\n"
    "  created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
    "CREATE INDEX hukou_moves_state ON hukou_moves(state, due);\n"
    "CREATE TABLE deaths(person_id INTEGER PRIMARY KEY REFERENCES persons(id),\n"
    "  died_on TEXT NOT NULL, source TEXT NOT NULL, household_id INTEGER, division TEXT NOT NULL,\n"
    "  summary TEXT NOT NULL, cascaded_by TEXT NOT NULL, cascaded_at TEXT NOT NULL);\n"
    "CREATE INDEX deaths_division ON deaths(division, died_on);\n"
    "CREATE TABLE death_reports(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), died_on TEXT NOT NULL,\n"
    "  source TEXT NOT NULL, certificate_no TEXT NOT NULL DEFAULT '',\n"
    "  place TEXT NOT NULL DEFAULT '', first INTEGER NOT NULL, reported_by TEXT NOT NULL,\n"
    "  reported_at TEXT NOT NULL);\n"
    "CREATE INDEX death_reports_person ON death_reports(person_id);\n"
    "CREATE TABLE funeral_facilities(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('funeral_home', 'cemetery', 'columbarium')),\n"
    "  division TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',\n"
    "  licence_no TEXT NOT NULL DEFAULT '', licence_until TEXT, approved_by TEXT NOT NULL DEFAULT '',\n"
    "  capacity INTEGER NOT NULL DEFAULT 0 CHECK(capacity >= 0), created_at TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL);\n"
    "CREATE INDEX funeral_facilities_division ON funeral_facilities(division);\n"
    "CREATE TABLE funeral_prices(facility_id INTEGER NOT NULL REFERENCES funeral_facilities(id),\n"
    "  service TEXT NOT NULL, price INTEGER NOT NULL CHECK(price >= 0), unit TEXT NOT NULL,\n"
    "  basic INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(facility_id, service)) WITHOUT ROWID;\n"
    "CREATE TABLE funeral_complaints(id INTEGER PRIMARY KEY,\n"
    "  facility_id INTEGER NOT NULL REFERENCES funeral_facilities(id), received_on TEXT NOT NULL,\n"
    "  complainant TEXT NOT NULL, text TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('open', 'closed')), outcome TEXT, office TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, closed_by TEXT, closed_at TEXT);\n"
    "CREATE INDEX funeral_complaints_facility ON funeral_complaints(facility_id);\n"
    "CREATE TABLE cremations(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL UNIQUE REFERENCES persons(id),\n"
    "  facility_id INTEGER NOT NULL REFERENCES funeral_facilities(id), cremated_on TEXT NOT NULL,\n"
    "  cert_no TEXT NOT NULL UNIQUE, services TEXT NOT NULL, fees INTEGER NOT NULL,\n"
    "  waived INTEGER NOT NULL, waiver_basis TEXT NOT NULL, policy_version TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX cremations_facility ON cremations(facility_id, cremated_on);\n"
    "CREATE TABLE ash_placements(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL UNIQUE REFERENCES persons(id),\n"
    "  facility_id INTEGER REFERENCES funeral_facilities(id), placed_on TEXT NOT NULL,\n"
    "  method TEXT NOT NULL, plot TEXT NOT NULL DEFAULT '', reward INTEGER NOT NULL,\n"
    "  policy_version TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX ash_placements_facility ON ash_placements(facility_id, placed_on);\n",
    /* 29: the registry's change journal, which keeps the on-disk snapshot
     * of the whole city current (policy/snapload.c): every change to a
     * household, its members, a member's person record or a fact stamps
     * the household with the current generation n; a snapshot records the
     * generation it was built at and reloads only the households stamped
     * later. Triggers, so no writer can forget it. A bulk load (bulk = 1,
     * inside its transaction) stamps nothing and instead raises `floor`:
     * no snapshot built before it is used again. `instance` tells this
     * database from another put at the same path. */
    "CREATE TABLE registry_gen(one INTEGER PRIMARY KEY CHECK(one = 1), n INTEGER NOT NULL,\n"
    "  floor INTEGER NOT NULL, bulk INTEGER NOT NULL, instance TEXT NOT NULL);\n"
    "INSERT INTO registry_gen VALUES(1, 1, 0, 0, lower(hex(randomblob(16))));\n"
    "CREATE TABLE registry_changes(household_id INTEGER PRIMARY KEY, gen INTEGER NOT NULL);\n"
    "CREATE INDEX registry_changes_gen ON registry_changes(gen);\n"
    "CREATE TRIGGER registry_fact_in AFTER INSERT ON facts\n"
    "  WHEN NOT (SELECT bulk FROM registry_gen) BEGIN\n"
    "  INSERT INTO registry_changes SELECT NEW.entity_id, n FROM registry_gen\n"
    "    WHERE NEW.entity = 'household'\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "  INSERT INTO registry_changes SELECT m.household_id, g.n FROM memberships m, registry_gen g\n"
    "    WHERE NEW.entity = 'person' AND m.person_id = NEW.entity_id\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n"
    "CREATE TRIGGER registry_fact_out AFTER DELETE ON facts BEGIN\n"
    "  INSERT INTO registry_changes SELECT OLD.entity_id, n FROM registry_gen\n"
    "    WHERE OLD.entity = 'household'\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "  INSERT INTO registry_changes SELECT m.household_id, g.n FROM memberships m, registry_gen g\n"
    "    WHERE OLD.entity = 'person' AND m.person_id = OLD.entity_id\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n"
    "CREATE TRIGGER registry_fact_up AFTER UPDATE ON facts BEGIN\n"
    "  INSERT INTO registry_changes SELECT OLD.entity_id, n FROM registry_gen\n"
    "    WHERE OLD.entity = 'household'\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "  INSERT INTO registry_changes SELECT NEW.entity_id, n FROM registry_gen\n"
    "    WHERE NEW.entity = 'household'\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "  INSERT INTO registry_changes SELECT m.household_id, g.n FROM memberships m, registry_gen g\n"
    "    WHERE (OLD.entity = 'person' AND m.person_id = OLD.entity_id)\n"
    "       OR (NEW.entity = 'person' AND m.person_id = NEW.entity_id)\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n"
    "CREATE TRIGGER registry_person_up AFTER UPDATE OF birth, sex, rural_hukou ON persons\n"
    "  WHEN NOT (SELECT bulk FROM registry_gen) BEGIN\n"
    "  INSERT INTO registry_changes SELECT m.household_id, g.n FROM memberships m, registry_gen g\n"
    "    WHERE m.person_id = NEW.id\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n"
    "CREATE TRIGGER registry_member_in AFTER INSERT ON memberships\n"
    "  WHEN NOT (SELECT bulk FROM registry_gen) BEGIN\n"
    "  INSERT INTO registry_changes SELECT NEW.household_id, n FROM registry_gen WHERE true\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n"
    "CREATE TRIGGER registry_member_up AFTER UPDATE ON memberships\n"
    "  WHEN NOT (SELECT bulk FROM registry_gen) BEGIN\n"
    "  INSERT INTO registry_changes SELECT OLD.household_id, n FROM registry_gen WHERE true\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "  INSERT INTO registry_changes SELECT NEW.household_id, n FROM registry_gen WHERE true\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n"
    "CREATE TRIGGER registry_member_out AFTER DELETE ON memberships BEGIN\n"
    "  INSERT INTO registry_changes SELECT OLD.household_id, n FROM registry_gen WHERE true\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n"
    "CREATE TRIGGER registry_household_up AFTER UPDATE OF division, rural ON households\n"
    "  WHEN NOT (SELECT bulk FROM registry_gen) BEGIN\n"
    "  INSERT INTO registry_changes SELECT NEW.id, n FROM registry_gen WHERE true\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n"
    "CREATE TRIGGER registry_household_out AFTER DELETE ON households BEGIN\n"
    "  INSERT INTO registry_changes SELECT OLD.id, n FROM registry_gen WHERE true\n"
    "    ON CONFLICT DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen;\n"
    "END;\n",
    /* 30: supervision (docs/supervision.md). The staff register: the
     * bureau's staff and village (community) committee members whose near
     * relatives' enrolments must be filed (近亲属备案), each a registry
     * person with the post, the kind (staff | village), the division they
     * serve and the days the post began and ended. */
    "CREATE TABLE staff_register(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('staff', 'village')), post TEXT NOT NULL,\n"
    "  division TEXT NOT NULL, since TEXT NOT NULL, until TEXT,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX staff_register_open ON staff_register(person_id) WHERE until IS NULL;\n"
    /* and the payee's account's keyed blind index (like ID numbers'), so
     * that one account paid for several households is found without
     * decrypting; NULL for accounts recorded before */
    "ALTER TABLE enrolments ADD COLUMN account_index BLOB;\n"
    "CREATE INDEX enrolments_account ON enrolments(account_index) WHERE account_index IS NOT NULL;\n",
    /* 31: 免申即享 for every program granted without application
     * (docs/cases.md): the consents to data checks (授权核对) of persons —
     * for a person program theirs, for a household program a member's —
     * until now the disability subsidies' own table; the monitoring's
     * findings (a household or person eligible and not enrolled) as the
     * street office's tasks, with the consent, the caseworker's
     * confirmation or refusal, the enrolment and the decision notice; and
     * the signed PDF of each notice issued from now on (sealed), so that
     * residents read it online. */
    "ALTER TABLE disability_consents RENAME TO autogrant_consents;\n"
    "CREATE TABLE autogrant_findings(id INTEGER PRIMARY KEY, program TEXT NOT NULL,\n"
    "  household_id INTEGER NOT NULL REFERENCES households(id),\n"
    "  person_id INTEGER NOT NULL DEFAULT 0, office TEXT NOT NULL, found_on TEXT NOT NULL,\n"
    "  amount INTEGER NOT NULL DEFAULT 0,\n"
    "  state TEXT NOT NULL CHECK(state IN ('found', 'enrolled', 'refused')),\n"
    "  decided_on TEXT, decided_by TEXT, reason TEXT, enrolment_id INTEGER,\n"
    "  start_month TEXT, notice_number TEXT, found_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX autogrant_findings_open ON autogrant_findings(program, household_id,\n"
    "  person_id) WHERE state = 'found';\n"
    "CREATE INDEX autogrant_findings_office ON autogrant_findings(office, state);\n"
    "CREATE TABLE notice_pdfs(id INTEGER PRIMARY KEY, sm3 TEXT NOT NULL UNIQUE,\n"
    "  pdf BLOB NOT NULL);\n",
    /* 32: child-welfare institutions, orphans' entitlements and 重度残疾人托养
     * (docs/children.md). Institutions (儿童福利机构, 未成年人救助保护机构)
     * with their capacity and licence; the placements of children (one open
     * per child; a move closes one and opens the next, linked by moved_from),
     * the services delivered to a placed child; institution accounts bound to
     * their institution (users.institution_id). The entitlements derived by
     * rule for orphans and 事实无人抚养 children (one open per child and kind;
     * checked_on is the last day a run found it held). The 托养 placements of
     * severely disabled persons with an elderly-care provider. */
    "CREATE TABLE child_institutions(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('welfare', 'protection')), division TEXT NOT NULL,\n"
    "  capacity INTEGER NOT NULL CHECK(capacity > 0), licence TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL, created_at TEXT NOT NULL);\n"
    "CREATE INDEX child_institutions_division ON child_institutions(division);\n"
    "CREATE TABLE child_placements(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),\n"
    "  institution_id INTEGER NOT NULL REFERENCES child_institutions(id),\n"
    "  admitted_on TEXT NOT NULL, reason TEXT NOT NULL, source TEXT NOT NULL,\n"
    "  moved_from INTEGER REFERENCES child_placements(id), left_on TEXT, destination TEXT,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX child_placements_open ON child_placements(person_id)\n"
    "  WHERE left_on IS NULL;\n"
    "CREATE INDEX child_placements_institution ON child_placements(institution_id, left_on);\n"
    "CREATE TABLE child_services(id INTEGER PRIMARY KEY,\n"
    "  placement_id INTEGER NOT NULL REFERENCES child_placements(id),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('medical', 'education', 'rehab', 'psych')),\n"
    "  served_on TEXT NOT NULL, note TEXT NOT NULL, recorded_by TEXT NOT NULL,\n"
    "  recorded_at TEXT NOT NULL);\n"
    "CREATE INDEX child_services_placement ON child_services(placement_id, served_on);\n"
    "ALTER TABLE users ADD COLUMN institution_id INTEGER REFERENCES child_institutions(id);\n"
    "CREATE TABLE child_entitlements(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id), kind TEXT NOT NULL,\n"
    "  start_on TEXT NOT NULL, end_on TEXT, checked_on TEXT NOT NULL,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX child_entitlements_open ON child_entitlements(person_id, kind)\n"
    "  WHERE end_on IS NULL;\n"
    "CREATE INDEX child_entitlements_person ON child_entitlements(person_id, start_on);\n"
    "CREATE TABLE tuoyang_placements(id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER NOT NULL REFERENCES persons(id),\n"
    "  provider_id INTEGER NOT NULL REFERENCES providers(id),\n"
    "  mode TEXT NOT NULL CHECK(mode IN ('寄宿', '日间')), start_on TEXT NOT NULL, end_on TEXT,\n"
    "  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
    "CREATE UNIQUE INDEX tuoyang_placements_open ON tuoyang_placements(person_id)\n"
    "  WHERE end_on IS NULL;\n"
    "CREATE INDEX tuoyang_placements_provider ON tuoyang_placements(provider_id);\n",
    /* 33: the registry records of one household or person read through an
     * index (store/recordsql.h): enrolments in a person's own name, the
     * person lines of rolls, a case's decisions, a person's posts on the
     * staff register, which a write's evaluation of its household otherwise
     * found by reading every row of the city. */
    "CREATE INDEX enrolments_person ON enrolments(person_id) WHERE person_id > 0;\n"
    "CREATE INDEX roll_lines_person ON roll_lines(person_id) WHERE person_id > 0;\n"
    "CREATE INDEX case_decisions_case ON case_decisions(case_id);\n"
    "CREATE INDEX staff_register_person ON staff_register(person_id, since);\n",
    /* 34: supervision's remaining rules (docs/supervision.md): a provider's
     * closure (it takes no new order or check-in from that day), the
     * household a charity campaign's spending went to (checked against
     * the help on the household's chain), and the SM2 signature of each
     * bank file the server sealed (by the file's SM3, so the signature
     * offered is the one of the file downloaded last). */
    "ALTER TABLE providers ADD COLUMN closed_on TEXT;\n"
    "ALTER TABLE providers ADD COLUMN closed_reason TEXT;\n"
    "ALTER TABLE charity_ledger ADD COLUMN household_id INTEGER REFERENCES households(id);\n"
    "CREATE INDEX charity_ledger_household ON charity_ledger(household_id)\n"
    "  WHERE household_id IS NOT NULL;\n"
    "CREATE TABLE bank_file_sigs(roll_id INTEGER NOT NULL REFERENCES rolls(id),\n"
    "  sm3 TEXT NOT NULL, sig TEXT NOT NULL, signed_at TEXT NOT NULL,\n"
    "  PRIMARY KEY(roll_id, sm3));\n",
    /* 35: spot-check results (docs/supervision.md): each sampled
     * household's result as the checker recorded it (合格, 不合格, 未核查),
     * with a note, who and when; NULL until recorded. */
    "ALTER TABLE spot_check_items ADD COLUMN result TEXT\n"
    "  CHECK(result IN ('合格', '不合格', '未核查'));\n"
    "ALTER TABLE spot_check_items ADD COLUMN note TEXT;\n"
    "ALTER TABLE spot_check_items ADD COLUMN checked_by TEXT;\n"
    "ALTER TABLE spot_check_items ADD COLUMN checked_at TEXT;\n",
    /* 36: 三权分立 (docs/security.md): the person holding an account, by ID
     * number sealed and as its blind index (required of the three
     * administrator accounts, one person never holding two of them), and
     * when the account last signed in. */
    "ALTER TABLE users ADD COLUMN holder_sealed BLOB;\n"
    "ALTER TABLE users ADD COLUMN holder_index BLOB;\n"
    "ALTER TABLE users ADD COLUMN last_login TEXT;\n"
    "CREATE INDEX users_holder ON users(holder_index) WHERE holder_index IS NOT NULL;\n",
    /* 37: a warning's finding (核实情况) kept apart from its result (办理结果):
     * both were written to outcome, so closing a verified warning wrote
     * its result over what the verification found. A warning verified
     * and not yet closed holds its finding there: moved. (The findings of
     * warnings closed before this were overwritten and are gone.) */
    "ALTER TABLE warnings ADD COLUMN finding TEXT;\n"
    "UPDATE warnings SET finding = outcome, outcome = NULL WHERE state = 'verified';\n",
};

int migrations_count(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *migration_sql(int n)
{
    return n >= 1 && n <= migrations_count() ? migrations[n - 1] : 0;
}
