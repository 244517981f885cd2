// The managers' dashboard (区县民政, 市级管理员): people covered by program
// and county, warnings raised and closed on time, case processing time
// against the legal deadline, monthly spending — charts and tables from
// GET /api/v1/stats (the caller's scope), exported with ?format=xlsx.
import { api, apiTable, chart, chrome, download, el, failed, isManager, page } from './app.js';

const uniq = (xs) => [...new Set(xs)];

// A bar chart of one row per category, one series per [key, name].
function bars(label, id, rows, category, series, stack) {
  return chart(label, {
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 30, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r[category]) },
    yAxis: { type: 'value' },
    series: series.map(([key, name]) => ({ name, type: 'bar', stack, data: rows.map((r) => (typeof key === 'function' ? key(r) : r[key])) })),
  }, id);
}

// Pivots rows (x, series name, value) into one series per name.
function pivot(label, id, rows, x, name, value, type) {
  const xs = uniq(rows.map((r) => r[x])), names = uniq(rows.map((r) => r[name]));
  return chart(label, {
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 30, containLabel: true },
    xAxis: { type: 'category', data: xs },
    yAxis: { type: 'value' },
    series: names.map((n) => ({ name: n, type, data: xs.map((v) => rows.find((r) => r[x] === v && r[name] === n)?.[value] ?? 0) })),
  }, id);
}

async function main() {
  const me = await api('/api/v1/me');
  chrome(me);
  if (!isManager(me)) throw Object.assign(new Error('管理看板仅限区县民政和市级管理员。'), { status: 403 });
  const main = page('管理看板');
  const s = await api('/api/v1/stats');
  const [coverage, warnings, cases, spending] = s.tables;
  main.append(
    el('p', { className: 'note' }, `范围：${s.division}；截至 ${s.as_of}。`),
    el('div', { className: 'actions' }, el('button', {
      type: 'button', id: 'export',
      onclick: () => download('/api/v1/stats?format=xlsx', '管理看板.xlsx').catch((e) => alert(e.message)),
    }, '导出 Excel')),
    apiTable(coverage, { figure: pivot('各区县享受救助的家庭数（按项目）', 'coverage-chart', coverage.rows, 'county_name', 'program_label', 'households', 'bar') }),
    apiTable(warnings, { figure: bars('每月预警：按期办结、逾期办结、逾期未办结', 'warnings-chart', warnings.rows, 'month', [
      ['on_time', '按期办结'], [(r) => r.closed - r.on_time, '逾期办结'], ['overdue_open', '逾期未办结'],
      [(r) => r.raised - r.closed - r.overdue_open, '办理中（未到期）']], 'w') }),
    apiTable(cases, { figure: bars('各类申请：法定期限内决定、超期决定、超期未决定', 'cases-chart', cases.rows, 'type_label', [
      ['on_time', '期限内决定'], [(r) => r.decided - r.on_time, '超期决定'], ['overdue_open', '超期未决定']], 'c') }),
    apiTable(spending, { figure: pivot('每月发放金额（元，按项目）', 'spending-chart', spending.rows, 'month', 'program_label', 'amount', 'line') }));
}

main().catch((e) => { if (e.status !== 401) failed(e); });
