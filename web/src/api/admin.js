// 三权分立: the system, security and audit administrators' own routes.
import { query, request } from './request.js';

export const accounts = () => request('/api/v1/admin/accounts');
export const addAccount = (body) => request('/api/v1/admin/accounts', { method: 'POST', body });
export const accountStep = (name, action, body = {}) =>
  request(`/api/v1/admin/accounts/${encodeURIComponent(name)}/${action}`, { method: 'POST', body });
export const securityAccounts = () => request('/api/v1/security/accounts');
export const securityStep = (name, action) =>
  request(`/api/v1/security/accounts/${encodeURIComponent(name)}/${action}`, { method: 'POST', body: {} });
export const securityEvents = (params) => request(`/api/v1/security/events${query(params)}`);
export const auditLog = (params) => request(`/api/v1/audit/log${query(params)}`);
export const auditVerify = () => request('/api/v1/audit/verify');

// The audit log's actions and actors in words (no internal names on screen).
const ACTIONS = {
  'user.login': '登录', 'user.login_2fa': '登录（动态口令）', 'user.logout': '退出登录', 'user.login_failed': '登录失败',
  'user.unlock': '解除锁定', 'user.passwd': '重设密码', 'user.totp_enroll': '启用动态口令', 'user.totp_remove': '取消动态口令',
  'user.sessions_end': '结束会话', 'user.disable': '停用账户', 'user.add': '新增账户',
  'admin.accounts': '查看账户', 'security.accounts': '查看账户安全状态', 'security.events': '查看安全事件',
  'audit.read': '查看审计日志', 'audit.verify': '校验审计日志',
};
const ENTITIES = { person: '人员', household: '家庭', case: '案件', fact: '事实', user: '账户', warning: '预警', roll: '名册' };
export const actionLabel = (a, entity) => ACTIONS[a] ?? `${ENTITIES[entity] ?? '业务'}记录的操作`;
export const actorLabel = (a) => (a.startsWith('user:') ? `账户 ${a.slice(5)}` : a.startsWith('source:') ? '登录页'
  : a.startsWith('cli:') ? '服务器命令' : '系统');
