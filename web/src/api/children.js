// 儿童福利: the 困境儿童 of the account's area (the visit list and the
// county's dashboard), a child's record, and recording a visit, guidance or
// referral. Only 儿童主任, 儿童督导员, 区县民政 and 市级管理员 are answered.
import { query, request } from './request.js';

export const children = (params = {}) => request(`/api/v1/children${query(params)}`);
export const child = (id) => request(`/api/v1/children/${encodeURIComponent(id)}`);
export const recordVisit = (id, body) =>
  request(`/api/v1/children/${encodeURIComponent(id)}/visits`, { method: 'POST', body });

// Child-welfare institutions: the register with occupancy, one institution
// with its children, a child's placement history and services; admission,
// move, leaving and services. Institution accounts are answered for their
// own institution's children only.
export const institutions = () => request('/api/v1/child-institutions');
export const addInstitution = (body) => request('/api/v1/child-institutions', { method: 'POST', body });
export const institution = (id, all = false) =>
  request(`/api/v1/child-institutions/${encodeURIComponent(id)}${all ? '?all=true' : ''}`);
export const admit = (id, body) =>
  request(`/api/v1/child-institutions/${encodeURIComponent(id)}/placements`, { method: 'POST', body });
export const placements = (personId) => request(`/api/v1/child-placements/${encodeURIComponent(personId)}`);
const placementStep = (step) => (personId, body) =>
  request(`/api/v1/child-placements/${encodeURIComponent(personId)}/${step}`, { method: 'POST', body });
export const move = placementStep('move');
export const leave = placementStep('leave');
export const serve = placementStep('services');
