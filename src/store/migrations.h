/* The schema migrations (store-internal). */
#ifndef MZ_MIGRATIONS_H
#define MZ_MIGRATIONS_H

/* Number of migrations; the schema version of an up-to-date database. */
int migrations_count(void);

/* SQL of migration n (1-based), or NULL. */
const char *migration_sql(int n);

#endif
