// 社会组织与慈善: the register, an organization's page, annual reports and
// their review, the credit lists, campaigns, charity projects and their
// referrals, and the public query (no account).
import { query, request } from './request.js';

const post = (path, body = {}) => request(path, { method: 'POST', body });
const id = (x) => encodeURIComponent(x);

export const publicOrgs = (q) => request(`/api/v1/public/orgs${query({ q })}`);
export const orgs = (params = {}) => request(`/api/v1/orgs${query(params)}`);
export const org = (x) => request(`/api/v1/orgs/${id(x)}`);
export const orgReport = (x, body) => post(`/api/v1/orgs/${id(x)}/reports`, body);
export const orgReview = (x, year, body) => post(`/api/v1/orgs/${id(x)}/reports/${id(year)}`, body);
export const orgReports = (params = {}) => request(`/api/v1/org-reports${query(params)}`);
export const creditEntries = (params = {}) => request(`/api/v1/credit-entries${query(params)}`);
export const campaigns = () => request('/api/v1/campaigns');
export const charityPoints = () => request('/api/v1/charity-points');
export const charityReferrals = () => request('/api/v1/charity-referrals');
export const referralStep = (x, action, body) => post(`/api/v1/charity-referrals/${id(x)}/${action}`, body);
