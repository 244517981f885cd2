/* What the web UI needs to know of procedures: how a resident applies for
 * a program (the public self-check) and the name of an application type.
 * Kept apart from procedure.h so that callers which know accounts (whose
 * roles share names with the procedure roles) can include it. Implemented
 * in procedure.c. */
#ifndef MZ_PROCINFO_H
#define MZ_PROCINFO_H

struct proc_apply {
    const char *procedure; /* label of the procedure, or NULL if none applies */
    const char *where, *bring;
};

/* Fills out for policy program `program` (static strings; a general
 * answer when no procedure lists the program). */
void proc_apply_for(const char *program, struct proc_apply *out);

/* The Chinese name of application type `type` ("最低生活保障"), or type
 * itself if there is no such procedure. Static or borrowed from type. */
const char *proc_type_label(const char *type);
/* The Chinese name of state `state` of application type `type`, or state
 * itself. */
const char *proc_state_label(const char *type, const char *state);

#endif
