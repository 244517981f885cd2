// 渝悦救助通, the residents' portal: the only caller of /api/v1/portal/.
// A 401 is the portal's own (the resident signs in again), never the staff
// sign-in page.
import { request, upload } from './request.js';

const opts = (o = {}) => ({ ...o, redirect401: false });

export const sendCode = (id_number, name, phone) =>
  request('/api/v1/portal/code', opts({ method: 'POST', body: { id_number, name, phone } }));
export const signIn = (id_number, code) =>
  request('/api/v1/portal/login', opts({ method: 'POST', body: { id_number, code } }));
export const signOut = () => request('/api/v1/portal/logout', opts({ method: 'POST' }));
export const me = () => request('/api/v1/portal/me', opts());
export const programs = () => request('/api/v1/portal/programs', opts());
export const cases = () => request('/api/v1/portal/cases', opts());
export const apply = (body) => request('/api/v1/portal/cases', opts({ method: 'POST', body }));
export const caseOf = (id) => request(`/api/v1/portal/cases/${id}`, opts());
export const addFile = (id, file) => upload(`/api/v1/portal/cases/${id}/attachments`, file, opts());
export const fileUrl = (id, fid) => `/api/v1/portal/cases/${id}/attachments/${fid}`;
export const object = (id, reason) =>
  request(`/api/v1/portal/cases/${id}/objection`, opts({ method: 'POST', body: { reason } }));
// 免申即享: what the bureau found for the household, the consent online,
// and the signed PDF of a notice (by its verification code), inline.
export const autogrant = () => request('/api/v1/portal/autogrant', opts());
export const autograntConsent = () =>
  request('/api/v1/portal/autogrant/consent', opts({ method: 'POST', body: { consent: true } }));
export const noticeUrl = (code) => `/api/v1/portal/notices/${code}`;
