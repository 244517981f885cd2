// 残疾人福利: the 免申即享 consents and the 精康融合行动 referrals of the
// account's area, and 重度残疾人托养 placements. Only 街道/乡镇经办,
// 区县民政 and 市级管理员 are answered.
import { query, request } from './request.js';

export const consents = () => request('/api/v1/disability/consents');
export const consent = (personId, body) =>
  request(`/api/v1/persons/${encodeURIComponent(personId)}/disability-consent`, { method: 'POST', body });
export const referrals = () => request('/api/v1/rehab/referrals');
export const refer = (body) => request('/api/v1/rehab/referrals', { method: 'POST', body });
export const progress = (id, body) =>
  request(`/api/v1/rehab/referrals/${encodeURIComponent(id)}/progress`, { method: 'POST', body });
export const placements = () => request('/api/v1/tuoyang');
export const place = (body) => request('/api/v1/tuoyang', { method: 'POST', body });
export const endCare = (personId, body) =>
  request(`/api/v1/tuoyang/${encodeURIComponent(personId)}/end`, { method: 'POST', body });
// The person of a full ID number in the account's area (null if none).
export async function personByNumber(number) {
  const r = await request(`/api/v1/persons${query({ id_number: number })}`);
  return r.items[0] ?? null;
}
