// Supervision: the managers' dashboard and its export.
import { download, request } from './request.js';

export const stats = () => request('/api/v1/stats');
export const statsExport = () => download('/api/v1/stats?format=xlsx', '管理看板.xlsx');
