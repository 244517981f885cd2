/* Division change events: a dated change with its document, approving
 * body and steps, read from a small script (one step a line) and applied
 * all or nothing, audited, with the records that move by rule moved:
 *
 *   date 2025-11-06
 *   title 撤销江北区、渝北区，设立两江新区
 *   document 重庆市人民政府新闻发布会（2025-11-06）
 *   approved 国务院
 *   create 500199 两江新区 5001      new division: code, name, parent
 *   move 500112133 500109           a division (with its children) to a new parent
 *   move-children 500105 500199     every child of one division to another
 *   rename 500115001 凤城街道         a new name
 *   retire 500105 500199            ends a division (emptied first), naming its successor
 *   recode 500115001 500115010      a new code: create, move-children, retire
 *
 * Records keep their codes (docs/registry.md): households, persons, cases
 * and assessments stay coded where they were made, and who serves them
 * follows the division tree of the day. The rule that moves records: the
 * open warnings of the households of a community (12 digits) moved to
 * another street or town go to that street's office; closed ones keep the
 * office that handled them. */
#ifndef MZ_DIVCHANGE_H
#define MZ_DIVCHANGE_H

#include <stdint.h>

#include "base/err.h"

struct registry;

struct div_event_result {
    int64_t event_id;
    int steps;
    int moved;             /* divisions given a new parent */
    int warnings_rerouted; /* open warnings moved to a new office */
};

/* Applies the change script `text` (named `source` in messages:
 * "FILE:LINE: …") in one transaction, audited under reg_actor(r). A bad
 * line or a refused step fails naming the line and field; nothing is
 * written. */
int div_event_apply(struct registry *r, const char *source, const char *text,
                    struct div_event_result *res, struct mz_err *err);

#endif
