// 婚姻登记: registrations (a refusal is an ApiError whose code names the
// rule; its detail carries the articles), the status check, refusals,
// replacements, divorces with their windows and counselling, appointments
// and the 户口 moves joined with 公安.
import { query, request } from './request.js';

const post = (path, body = {}) => request(path, { method: 'POST', body });

export const marriages = (params = {}) => request(`/api/v1/marriages${query(params)}`);
export const marriage = (id) => request(`/api/v1/marriages/${encodeURIComponent(id)}`);
export const register = (body) => post('/api/v1/marriages', body);
export const replace = (id, body) => post(`/api/v1/marriages/${encodeURIComponent(id)}/replacements`, body);
export const status = (params) => request(`/api/v1/marriage-status${query(params)}`);
export const refusals = (params = {}) => request(`/api/v1/marriage-refusals${query(params)}`);

export const divorces = (params = {}) => request(`/api/v1/divorces${query(params)}`);
export const divorce = (id) => request(`/api/v1/divorces/${encodeURIComponent(id)}`);
export const applyDivorce = (body) => post('/api/v1/divorces', body);
export const divorceStep = (id, action, body) => post(`/api/v1/divorces/${encodeURIComponent(id)}/${action}`, body);
export const timeline = (params) => request(`/api/v1/divorce-timeline${query(params)}`);

export const appointments = (params = {}) => request(`/api/v1/marriage-appointments${query(params)}`);
export const book = (body) => post('/api/v1/marriage-appointments', body);
export const cancelAppointment = (id) => post(`/api/v1/marriage-appointments/${encodeURIComponent(id)}/cancel`);

export const hukouMoves = (params = {}) => request(`/api/v1/hukou-moves${query(params)}`);
export const hukouMessage = (id) => request(`/api/v1/hukou-moves/${encodeURIComponent(id)}/message`);
export const hukouStep = (id, action, body = {}) => post(`/api/v1/hukou-moves/${encodeURIComponent(id)}/${action}`, body);
