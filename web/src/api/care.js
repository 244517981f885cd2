// Elderly care: the provider network, home-service orders, settlements
// with providers, meal help (canteen reports, the meal-service circle).
import { query, request } from './request.js';

const post = (path, body = {}) => request(path, { method: 'POST', body });

export const providers = (params) => request(`/api/v1/providers${query(params)}`);
export const provider = (id) => request(`/api/v1/providers/${encodeURIComponent(id)}`);
export const providerClients = (id) => request(`/api/v1/providers/${encodeURIComponent(id)}/clients`);
export const providerService = (id, service, price) => post(`/api/v1/providers/${id}/services`, { service, price });

export const orders = (params) => request(`/api/v1/orders${query(params)}`);
export const orderPlace = (body) => post('/api/v1/orders', body);
export const orderStep = (id, action, body) => post(`/api/v1/orders/${id}/${action}`, body);

export const canteenReport = (id, month) => request(`/api/v1/canteens/${encodeURIComponent(id)}/report${query({ month })}`);
export const meals = (canteen, day) => request(`/api/v1/meals${query({ canteen, day })}`);
export const mealRejects = (canteen) => request(`/api/v1/meal-rejects${query({ canteen })}`);
export const mealCoverage = (division) => request(`/api/v1/meal-coverage${query({ division })}`);
