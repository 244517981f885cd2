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

// The provider network, home-service orders, settlements
// with providers, meal help (canteen reports, the meal-service circle).
const post = (path, body = {}) => request(path, { method: 'POST', body });

export const providers = (params) => request(`/api/v1/providers${query(params)}`);
export const provider = (id) => request(`/api/v1/providers/${encodeURIComponent(id)}`);
export const providerClients = (id) => request(`/api/v1/providers/${encodeURIComponent(id)}/clients`);
export const providerService = (id, service, price) => post(`/api/v1/providers/${id}/services`, { service, price });
export const providerClose = (id, date, reason) => post(`/api/v1/providers/${id}/close`, { date, reason });

export const orders = (params) => request(`/api/v1/orders${query(params)}`);
export const orderPlace = (body) => post('/api/v1/orders', body);
export const orderStep = (id, action, body) => post(`/api/v1/orders/${id}/${action}`, body);

export const canteenReport = (id, month) => request(`/api/v1/canteens/${encodeURIComponent(id)}/report${query({ month })}`);
export const meals = (canteen, day) => request(`/api/v1/meals${query({ canteen, day })}`);
export const mealRejects = (canteen) => request(`/api/v1/meal-rejects${query({ canteen })}`);
export const mealCoverage = (division) => request(`/api/v1/meal-coverage${query({ division })}`);
