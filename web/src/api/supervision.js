// Supervision: the managers' dashboard and its export; the supervision
// dashboard (监督看板), the integrity report for 纪检, spot checks and
// their results.
import { download, query, request } from './request.js';

export const stats = () => request('/api/v1/stats');
export const statsExport = () => download('/api/v1/stats?format=xlsx', '管理看板.xlsx');

export const summary = (from, to) => request(`/api/v1/supervision/summary${query({ from, to })}`);
export const reportExport = (from, to) => download(`/api/v1/supervision/report.xlsx${query({ from, to })}`,
  `廉政报告（${from}至${to}）.xlsx`);
// the warnings of one rule in one county (the findings a dashboard row counts)
export const findings = (rule, division) => request(`/api/v1/warnings${query({ rule, division, per_page: 100 })}`);
export const spotchecks = () => request('/api/v1/spotchecks');
export const spotcheck = (id) => request(`/api/v1/spotchecks/${encodeURIComponent(id)}`);
export const spotcheckResult = (id, household, result, note) =>
  request(`/api/v1/spotchecks/${encodeURIComponent(id)}/results`, { method: 'POST', body: { household, result, note } });
