// Policy simulation (区县民政, 市级管理员): change standards from a date and
// see who gains or loses and the monthly cost by county within the caller's
// division, as a chart and tables; export to XLSX. POST /api/v1/simulations
// stores nothing.
import { api, apiTable, chart, chrome, download, el, failed, isManager, page } from './app.js';

let params; // GET /api/v1/simulations
let serial = 0;

function changeRow() {
  const n = ++serial;
  const param = el('select', { id: `param-${n}`, dataset: { name: 'param' } },
    params.map((p) => el('option', { value: p.name }, p.label)));
  const scope = el('select', { id: `scope-${n}`, dataset: { name: 'scope' } },
    el('option', { value: 'urban' }, '城镇'), el('option', { value: 'rural' }, '农村'), el('option', { value: 'all' }, '城镇和农村'));
  const value = el('input', { id: `value-${n}`, inputMode: 'decimal', autocomplete: 'off', dataset: { name: 'value' } });
  const current = el('p', { className: 'note' });
  const sync = () => {
    const p = params.find((x) => x.name === param.value);
    const now = scope.value === 'rural' ? p.rural : p.urban;
    current.textContent = p.urban === p.rural ? `现行：${p.urban}` : `现行：城镇 ${p.urban}，农村 ${p.rural}`;
    value.value = now;
  };
  param.addEventListener('change', sync);
  scope.addEventListener('change', sync);
  const row = el('fieldset', { className: 'card change' }, el('legend', {}, '调整'),
    el('div', { className: 'row' },
      el('div', {}, el('label', { htmlFor: param.id }, '参数'), param),
      el('div', {}, el('label', { htmlFor: scope.id }, '适用'), scope),
      el('div', {}, el('label', { htmlFor: value.id }, '新值'), value)),
    current,
    el('button', { type: 'button', className: 'secondary', onclick: () => { if (row.parentNode.children.length > 1) row.remove(); } }, '删除此项'));
  sync();
  return row;
}

function showResult(out, body, r) {
  const [byProgram, byCounty, changes] = r.tables;
  const moved = byProgram.rows.filter((p) => p.gain || p.lose || p.cost_change);
  const counties = [...new Set(byCounty.rows.map((c) => c.county_name))];
  const programs = [...new Set(byCounty.rows.map((c) => c.program))];
  const cell = (county, program, key) => byCounty.rows.find((c) => c.county_name === county && c.program === program)?.[key] ?? 0;
  out.replaceChildren(el('div', {},
    el('h2', { id: 'result-title', tabIndex: -1 }, `共 ${r.changed} 户（人）的结论或金额发生变化`),
    el('p', { className: 'note' }, `自 ${r.from} 起：${r.changes.join('；')}（范围：${r.division}）。模拟不保存任何数据。`),
    el('div', { className: 'actions' }, el('button', {
      type: 'button', id: 'export',
      onclick: () => download('/api/v1/simulations?format=xlsx', '政策模拟.xlsx', body).catch((e) => alert(e.message)),
    }, '导出 Excel')),
    apiTable({ ...byProgram, rows: moved }),
    apiTable(byCounty, { figure: counties.length ? chart('各区县每月支出增减（元）', {
      legend: { top: 0 },
      grid: { left: 80, right: 20, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: counties },
      yAxis: { type: 'value', name: '元/月' },
      series: programs.map((p) => ({ name: p, type: 'bar', data: counties.map((c) => cell(c, p, 'cost_change')) })),
    }, 'cost-chart') : null }),
    apiTable(changes, { cell: (key, row) => (key === 'household_no' ? el('a', { href: `/web/household.html?id=${row.household_id}` }, row.household_no) : undefined) }),
    r.changed > changes.rows.length ? el('p', { className: 'note' }, `只列出前 ${changes.rows.length} 条，全部变化请导出 Excel。`) : null));
  out.querySelector('#result-title').focus();
}

async function main() {
  const me = await api('/api/v1/me');
  chrome(me);
  if (!isManager(me)) throw Object.assign(new Error('政策模拟仅限区县民政和市级管理员。'), { status: 403 });
  const main = page('政策模拟');
  ({ params } = await api('/api/v1/simulations'));
  const rows = el('div', { id: 'changes' }, changeRow());
  const from = el('input', { id: 'from', type: 'date', value: new Date().toISOString().slice(0, 10) });
  const error = el('p', { className: 'alert', role: 'alert', id: 'error' });
  const out = el('div', { id: 'result', 'aria-live': 'polite' });
  const run = el('button', { type: 'submit', id: 'run' }, '运行模拟');
  const form = el('form', { noValidate: true },
    el('p', {}, '调整一项或几项标准，看本辖区哪些家庭新增或退出、每月支出如何变化。只在您的管辖区划内调整。'),
    rows,
    el('div', { className: 'card' }, el('label', { htmlFor: 'from' }, '起始日期'), from),
    el('div', { className: 'actions' },
      el('button', { type: 'button', className: 'secondary', id: 'add-change', onclick: () => rows.append(changeRow()) }, '再加一项'),
      run),
    error);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const body = {
      from: from.value,
      changes: [...rows.children].map((r) => Object.fromEntries([...r.querySelectorAll('[data-name]')].map((x) => [x.dataset.name, x.value.trim()]))),
    };
    run.disabled = true;
    run.textContent = '正在计算…';
    try {
      showResult(out, body, await api('/api/v1/simulations', { method: 'POST', body }));
    } catch (e) {
      error.textContent = e.message;
    } finally {
      run.disabled = false;
      run.textContent = '运行模拟';
    }
  });
  main.append(form, out);
}

main().catch((e) => { if (e.status !== 401) failed(e); });
