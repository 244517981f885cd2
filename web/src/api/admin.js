// 三权分立: the system, security and audit administrators' own routes.
import { query, request } from './request.js';

export const accounts = () => request('/api/v1/admin/accounts');
export const addAccount = (body) => request('/api/v1/admin/accounts', { method: 'POST', body });
export const accountStep = (name, action, body = {}) =>
  request(`/api/v1/admin/accounts/${encodeURIComponent(name)}/${action}`, { method: 'POST', body });
export const securityAccounts = () => request('/api/v1/security/accounts');
export const securityStep = (name, action) =>
  request(`/api/v1/security/accounts/${encodeURIComponent(name)}/${action}`, { method: 'POST', body: {} });
export const securityEvents = (params) => request(`/api/v1/security/events${query(params)}`);
export const auditLog = (params) => request(`/api/v1/audit/log${query(params)}`);
export const auditVerify = () => request('/api/v1/audit/verify');
