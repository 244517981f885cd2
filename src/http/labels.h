/* What the API says in words beside its codes (http-internal): division
 * names beside division codes, staff accounts beside audit actors
 * ("user:dista"), Chinese labels beside fact variables. The console shows
 * the words and never the codes. */
#ifndef MZ_HTTP_LABELS_H
#define MZ_HTTP_LABELS_H

#include <jansson.h>

#include "http/api.h"

/* The names of a division from its county down ("渝中区 解放碑街道 某社区";
 * a city or province by its own name), as of today; the code itself if
 * the registry does not know it. A new JSON string (NULL only when out of
 * memory). */
json_t *http_division_name(const struct http_req *req, const char *code);

/* An audit actor as people read it: a staff account "user:NAME" as
 * "NAME（区县民政，渝中区）", a department feed by its label
 * ("部门数据推送（医保…）"), the city-wide sweep, a case ("case:ID" as
 * "案件 ID") or the command line by what they are, "ROLE:NAME" as NAME. A
 * new JSON string. */
json_t *http_actor_label(const struct http_req *req, const char *actor);

/* A warning's evidence as people read it: its trigger in words
 * ("触发：sweep" or "触发：feed:NAME" as "触发：全市定期排查") and each staff
 * account it names ("由 user:NAME 审核确认") by name, role and area, as
 * http_actor_label says them; the stored evidence is not changed. A new
 * JSON string. */
json_t *http_evidence(const struct http_req *req, const char *stored, const char *raised_by);

/* Adds "label" (the Chinese label) and "kind" (money, int, bool, date,
 * enum) of fact variable `variable` to the fact object o; money values
 * stay in fen. An unknown variable is labelled by its name. */
void http_fact_labels(json_t *o, const char *variable);

#endif
