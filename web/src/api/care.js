// Elderly care: 探访关爱 (the month's visit schedule, a person's visits,
// recording a visit).
import { query, request } from './request.js';

export const visitSchedule = (params) => request(`/api/v1/visits/schedule${query(params)}`);
export const visits = (personId) => request(`/api/v1/visits${query({ person_id: personId })}`);
export const visitRecord = (body) => request('/api/v1/visits', { method: 'POST', body });
