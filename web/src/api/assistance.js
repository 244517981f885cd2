// Social assistance: the work queue, warnings, cases, reviews, programs,
// payment rolls, the managers' simulations and the public self-check.
import { download, query, request, upload } from './request.js';

const post = (path, body = {}) => request(path, { method: 'POST', body });

export const queue = (params) => request(`/api/v1/queue${query(params)}`);

export const warning = (id) => request(`/api/v1/warnings/${encodeURIComponent(id)}`);
export const warningStep = (id, action, text) => post(`/api/v1/warnings/${id}/${action}`, { text });
export const warningCase = (id, type) => post(`/api/v1/warnings/${id}/case`, { type });

export const cases = (params) => request(`/api/v1/cases${query(params)}`);
export const caseGet = (id) => request(`/api/v1/cases/${encodeURIComponent(id)}`);
export const caseOpen = (body) => post('/api/v1/cases', body);
export const caseStep = (id, body) => post(`/api/v1/cases/${id}/steps`, body);
export const caseExtend = (id, body) => post(`/api/v1/cases/${id}/extend`, body);
export const caseContest = (id, body) => post(`/api/v1/cases/${id}/contest`, body);
export const caseTypes = () => request('/api/v1/case-types');
export const caseFileAdd = (id, file) => upload(`/api/v1/cases/${id}/attachments`, file);
export const caseFileUrl = (id, fid) => `/api/v1/cases/${id}/attachments/${fid}`;

export const reviews = (household) => request(`/api/v1/reviews${query({ household })}`);
export const reviewDone = (enrolment) => post(`/api/v1/reviews/${enrolment}/done`);

export const programs = () => request('/api/v1/programs');

export const rolls = () => request('/api/v1/rolls');
export const roll = (id, params) => request(`/api/v1/rolls/${encodeURIComponent(id)}${query(params)}`);
export const rollBuild = (program, month) => post('/api/v1/rolls', { program, month });
export const rollApprove = (id) => post(`/api/v1/rolls/${id}/approve`);
export const rollPaid = (id) => post(`/api/v1/rolls/${id}/paid`);
export const rollExport = (r, format) =>
  download(`/api/v1/rolls/${r.id}/export?format=${format}`, `roll-${r.id}-${r.program}-${r.month}.${format}`);
// The SM2 signature of the roll's last exported bank file (base64 of the DER).
export const rollExportSig = (r) =>
  download(`/api/v1/rolls/${r.id}/export.sig`, `roll-${r.id}-${r.program}-${r.month}.${r.bank_file.format}.sig`);

export const simulationParams = () => request('/api/v1/simulations');
export const simulate = (body) => post('/api/v1/simulations', body);
export const simulationExport = (body) => download('/api/v1/simulations?format=xlsx', '政策模拟.xlsx', body);

export const selfcheckForm = () => request('/api/v1/selfcheck', { redirect401: false });
export const selfcheck = (body) => request('/api/v1/selfcheck', { method: 'POST', body, redirect401: false });
// the public verification of a notice by the code of its QR code
export const verifyNotice = (code) => request(`/api/v1/verify/${encodeURIComponent(code)}`, { redirect401: false });

// 免申即享: the street's list, confirmation or refusal, a member's consent.
export const autograntFindings = (params) => request(`/api/v1/autogrant/findings${query(params)}`);
export const autograntConfirm = (id, body = {}) => post(`/api/v1/autogrant/findings/${id}/confirm`, body);
export const autograntRefuse = (id, reason) => post(`/api/v1/autogrant/findings/${id}/refuse`, { reason });
export const autograntConsent = (person, body) => post(`/api/v1/persons/${person}/autogrant-consent`, body);
