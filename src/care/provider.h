/* The elderly-care provider network (机构建中心带站点进家庭): institutions
 * (养老机构) run street centres (街道养老服务中心), centres run community
 * stations (社区养老服务站), stations and centres serve home care beds
 * (家庭养老床位); canteens (老年食堂/助餐点) stand alone or belong to a centre
 * or station. Each provider has a division, an address and coordinates,
 * capacity and occupancy, the home-service orders it takes per time slot,
 * a service catalogue with prices and its staff.
 *
 * Input arrives as text (files, the API, the command line); every refusal
 * names the field in err->field. Every change is audited under the
 * registry's actor (reg_set_actor) in the transaction that makes it.
 * Functions return 0, or -1 with a Chinese message on err. */
#ifndef MZ_CARE_PROVIDER_H
#define MZ_CARE_PROVIDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "registry/registry.h"
#include "store/providerstore.h"

/* The Chinese name of a kind ("centre" → "街道养老服务中心"); NULL if
 * unknown. */
const char *care_kind_label(const char *kind);
/* The kind named by text: its code ("station") or its Chinese name. */
int care_kind_parse(const char *text, const char **kind, struct mz_err *err);
/* The services a catalogue may offer (NULL-terminated Chinese names:
 * 助餐, 助浴, 助洁, …), after GB/T 43153-2023's home-service types. */
extern const char *const care_services[];
/* Whether service is one of care_services. */
bool care_service_known(const char *service);

/* A provider as text fields. code (机构编码) says which provider: added if
 * new, else updated. parent is the code of the provider that runs it, or
 * NULL/"". lon/lat: decimal degrees within China (within Chongqing for a
 * division under 50); capacity, occupancy and slot_capacity: whole
 * numbers, occupancy not above capacity. */
struct care_provider_in {
    const char *code, *name, *kind, *division, *address, *lon, *lat, *capacity, *occupancy,
        *slot_capacity, *parent;
};
int care_provider_put(struct registry *r, const struct care_provider_in *in, int64_t *id,
                      enum put_result *res, struct mz_err *err);

/* Loads providers from a CSV or XLSX file with the header 机构编码, 机构名称,
 * 类型, 区划代码, 地址, 经度, 纬度, 床位或座位数, 已入住, 每时段接单数, 上级机构编码
 * (English names accepted: code, name, kind, division, address, lon, lat,
 * capacity, occupancy, slot_capacity, parent). All or nothing: each bad row
 * is written to report as "FILE:LINE: 列 C（header）: reason" and then
 * nothing is stored. A parent may be a row above it in the same file. */
struct care_import_stats {
    long rows, added, updated, unchanged;
};
int care_provider_import(struct registry *r, const char *path, FILE *report,
                         struct care_import_stats *st, struct mz_err *err);

/* The catalogue: sets the price (yuan text, "35" or "35.50") of a service
 * of provider id; removes a service. */
int care_service_set(struct registry *r, int64_t provider_id, const char *service,
                     const char *price, struct mz_err *err);
int care_service_remove(struct registry *r, int64_t provider_id, const char *service,
                        struct mz_err *err);

/* Closes provider id from day (YYYY-MM-DD) for reason (required, a note's
 * length): from that day it takes no order, check-in or meal, and the
 * subsidies settled for its services on or after it are a supervision
 * finding (subsidy_closed_provider). Audited provider.close. Closing a
 * closed provider is refused (409 provider_closed). */
int care_provider_close(struct registry *r, int64_t provider_id, const char *day,
                        const char *reason, struct mz_err *err);
/* 0 if provider p is open on day, else -1 provider_closed naming field. */
int care_provider_open(const struct provider_row *p, const char *day, const char *field,
                       struct mz_err *err);

/* Adds a worker (a name) to provider id; *worker_id gets its id (the
 * existing one if the provider has a worker of that name). */
int care_worker_add(struct registry *r, int64_t provider_id, const char *name, int64_t *worker_id,
                    struct mz_err *err);

/* Binds provider account `account` to provider id (auth_user_bind_provider
 * after checking the provider exists). */
int care_provider_bind(struct registry *r, const char *account, int64_t provider_id,
                       struct mz_err *err);

/* Parses yuan text ("12", "12.5", "12.50") into fen, 0 to 1,000,000 yuan;
 * -1 naming field otherwise. */
int care_yuan_parse(const char *text, const char *field, int64_t *fen, struct mz_err *err);

/* Parses a position (decimal degrees, fields lon and lat): within
 * Chongqing for a division under 50, else within China. */
int care_coords_parse(const char *lon, const char *lat, const char *division, double *lonv,
                      double *latv, struct mz_err *err);

/* Straight-line (great-circle) distance in metres between two points in
 * degrees. */
double care_distance_m(double lon1, double lat1, double lon2, double lat2);

#endif
