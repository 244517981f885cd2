/* How a resident applies for a program (the public self-check): the
 * procedure, the office to go to and what to bring. Kept apart from
 * procedure.h so that callers which know accounts (whose roles share names
 * with the procedure roles) can include it. Implemented in procedure.c. */
#ifndef MZ_APPLY_H
#define MZ_APPLY_H

struct proc_apply {
    const char *procedure; /* label of the procedure, or NULL if none applies */
    const char *where, *bring;
};

/* Fills out for policy program `program` (static strings; a general
 * answer when no procedure lists the program). */
void proc_apply_for(const char *program, struct proc_apply *out);

#endif
