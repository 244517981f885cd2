// 儿童福利: the 困境儿童 of the account's area (the visit list and the
// county's dashboard), a child's record, and recording a visit, guidance or
// referral. Only 儿童主任, 儿童督导员, 区县民政 and 市级管理员 are answered.
import { query, request } from './request.js';

export const children = (params = {}) => request(`/api/v1/children${query(params)}`);
export const child = (id) => request(`/api/v1/children/${encodeURIComponent(id)}`);
export const recordVisit = (id, body) =>
  request(`/api/v1/children/${encodeURIComponent(id)}/visits`, { method: 'POST', body });
