// Accounts and sessions: sign in and out, the caller's account.
import { request } from './request.js';

export const me = () => request('/api/v1/me', { redirect401: false });
export const login = (name, password, otp) =>
  request('/api/v1/login', { method: 'POST', body: otp ? { name, password, otp } : { name, password }, redirect401: false });
export const logout = () => request('/api/v1/logout', { method: 'POST', redirect401: false });
