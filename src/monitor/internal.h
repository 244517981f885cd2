/* Monitor-internal helpers shared by warning.c and sweep.c. */
#ifndef MZ_MONITOR_INTERNAL_H
#define MZ_MONITOR_INTERNAL_H

#include "monitor/monitor.h"

/* Cuts a UTF-8 sequence left incomplete at the end of s (after snprintf
 * truncated it), so stored text stays valid UTF-8. */
void mon_utf8_trim(char *s);

#endif
