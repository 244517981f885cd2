// 养老服务: the ability assessment form (the policy's scale), assessments
// recorded and read, and a person's care page (assessments, 长护险 status).
import { query, request } from './request.js';

export const assessmentForm = () => request('/api/v1/care/assessment-form');
export const assessments = (params = {}) => request(`/api/v1/care/assessments${query(params)}`);
export const assessment = (id) => request(`/api/v1/care/assessments/${encodeURIComponent(id)}`);
export const addAssessment = (body) => request('/api/v1/care/assessments', { method: 'POST', body });
export const personCare = (id) => request(`/api/v1/persons/${encodeURIComponent(id)}/care`);

// 探访关爱: the month's visit schedule, a person's visits, recording a visit.
export const visitSchedule = (params) => request(`/api/v1/visits/schedule${query(params)}`);
export const visits = (personId) => request(`/api/v1/visits${query({ person_id: personId })}`);
export const visitRecord = (body) => request('/api/v1/visits', { method: 'POST', body });

// The alarm board (the server first escalates what is due), acknowledging
// and closing an alarm.
export const alarms = () => request('/api/v1/alarms');
export const alarmAcknowledge = (id) => request(`/api/v1/alarms/${id}/acknowledge`, { method: 'POST', body: {} });
export const alarmClose = (id, outcome) => request(`/api/v1/alarms/${id}/close`, { method: 'POST', body: { outcome } });

// 银龄 volunteers: the list with pairs and time bank, pairing the month's
// visit targets.
export const volunteers = () => request('/api/v1/volunteers');
export const volunteerMatch = (month) => request('/api/v1/volunteers/match', { method: 'POST', body: { month } });
