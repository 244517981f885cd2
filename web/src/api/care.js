// 养老服务: the ability assessment form (the policy's scale), assessments
// recorded and read, and a person's care page (assessments, 长护险 status).
import { query, request } from './request.js';

export const assessmentForm = () => request('/api/v1/care/assessment-form');
export const assessments = (params = {}) => request(`/api/v1/care/assessments${query(params)}`);
export const assessment = (id) => request(`/api/v1/care/assessments/${encodeURIComponent(id)}`);
export const addAssessment = (body) => request('/api/v1/care/assessments', { method: 'POST', body });
export const personCare = (id) => request(`/api/v1/persons/${encodeURIComponent(id)}/care`);
