/* The SQLite adapter's own header: the connection under a struct db, for
 * the adapter (db.c, sqlite.c) and for tests that look into the file.
 * The store's other files use stmt.h and never see sqlite3. */
#ifndef MZ_STORE_SQLITE_H
#define MZ_STORE_SQLITE_H

#include <sqlite3.h>

#include "store/stmt.h"

sqlite3 *db_conn(struct db *db);

#endif
