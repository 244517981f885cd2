// The registry: divisions, households (list, search, page, overview) and persons.
import { query, request } from './request.js';

export const division = (code) => request(`/api/v1/divisions/${encodeURIComponent(code)}`);
export const households = (params) => request(`/api/v1/households${query(params)}`);
export const household = (id) => request(`/api/v1/households/${encodeURIComponent(id)}`);
export const householdOverview = (id) => request(`/api/v1/households/${encodeURIComponent(id)}/overview`);
export const person = (id) => request(`/api/v1/persons/${encodeURIComponent(id)}`);
