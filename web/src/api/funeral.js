// 殡葬: deaths and their 身后一件事, death registration, funeral facilities
// with their price lists and complaints, cremations and placements.
import { query, request } from './request.js';

const post = (path, body = {}) => request(path, { method: 'POST', body });

export const deaths = (params = {}) => request(`/api/v1/deaths${query(params)}`);
export const death = (id) => request(`/api/v1/deaths/${encodeURIComponent(id)}`);
export const registerDeath = (body) => post('/api/v1/deaths', body);

export const facilities = (params = {}) => request(`/api/v1/funeral/facilities${query(params)}`);
export const facility = (id) => request(`/api/v1/funeral/facilities/${encodeURIComponent(id)}`);
export const putFacility = (body) => post('/api/v1/funeral/facilities', body);
export const putPrice = (id, body) => post(`/api/v1/funeral/facilities/${encodeURIComponent(id)}/prices`, body);
export const addComplaint = (id, body) => post(`/api/v1/funeral/facilities/${encodeURIComponent(id)}/complaints`, body);
export const complaints = () => request('/api/v1/funeral/complaints');
export const closeComplaint = (id, outcome) => post(`/api/v1/funeral/complaints/${encodeURIComponent(id)}/close`, { outcome });

export const cremate = (body) => post('/api/v1/funeral/cremations', body);
export const place = (body) => post('/api/v1/funeral/placements', body);
export const records = (params = {}) => request(`/api/v1/funeral/records${query(params)}`);
