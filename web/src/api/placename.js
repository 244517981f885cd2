// 地名和区划: the public search (no account), the gazetteer and naming
// cases of the account's area, division changes and reports as of a day.
import { query, request } from './request.js';

const post = (path, body = {}) => request(path, { method: 'POST', body });

export const publicSearch = (params = {}) => request(`/api/v1/public/placenames${query(params)}`);
export const romanize = (name) => request(`/api/v1/public/romanize${query({ name })}`);
export const classes = () => request('/api/v1/placename-classes');

export const placenames = (params = {}) => request(`/api/v1/placenames${query(params)}`);
export const placenameAdd = (body) => post('/api/v1/placenames', body);

export const cases = (params = {}) => request(`/api/v1/placename-cases${query(params)}`);
export const caseOpen = (body) => post('/api/v1/placename-cases', body);
export const caseStep = (id, action, body) => post(`/api/v1/placename-cases/${encodeURIComponent(id)}/${action}`, body);

export const divisionEvents = () => request('/api/v1/division-events');
export const divisionReport = (params = {}) => request(`/api/v1/division-report${query(params)}`);
