// One payment roll (GET /api/v1/rolls/{id}): header and totals, the
// caller's share and its changes against last month, the lines in scope a
// page at a time (filter by change); managers approve it (four eyes: the
// server refuses the preparer with 409 four_eyes, shown as it says), mark
// it paid and download the bank file as CSV or XLSX.
import { act, alertBox, api, card, download, el, idParam, isManager, page, pageParam, pager, param, run, table } from './app.js';

const PER_PAGE = 50;
const KIND = { regular: '当月', arrears: '补发', recovery: '追缴' };
const STATUS = { pay: '发放', recheck: '待复核', withheld: '暂停发放', stopped: '停发', deferred: '暂缓追缴', taper: '渐退' };
const CHANGE = { new: '新增', changed: '金额变化', same: '无变化', stopped: '停发' };

function buttons(x) {
  const out = alertBox('roll-error');
  const write = (text, action) => el('button', {
    type: 'button', id: action,
    onclick: async (ev) => { if (await act(ev.target, out, () => api(`/api/v1/rolls/${x.id}/${action}`, { method: 'POST' }))) location.reload(); },
  }, text);
  const file = (format) => el('button', {
    type: 'button', className: 'secondary', id: `export-${format}`,
    onclick: (ev) => act(ev.target, out, () => download(`/api/v1/rolls/${x.id}/export?format=${format}`, `roll-${x.id}-${x.program}-${x.month}.${format}`)),
  }, `导出${format === 'csv' ? ' CSV' : ' Excel'}（银行代发文件）`);
  return el('div', {}, el('div', { className: 'actions' },
    x.state === 'draft' ? write('审核通过', 'approve') : null,
    x.state === 'approved' ? write('标记已发放', 'paid') : null,
    x.state !== 'draft' ? [file('csv'), file('xlsx')] : null), out);
}

run(async (me) => {
  const pageNo = pageParam();
  const change = param('change') ?? '';
  const q = new URLSearchParams({ page: pageNo, per_page: PER_PAGE });
  if (change) q.set('change', change);
  const x = await api(`/api/v1/rolls/${idParam()}?${q}`);
  const main = page(`${x.month} ${x.program_label}发放名册`);
  const ch = x.scope.changes;
  main.append(
    card([
      ['状态', el('strong', { id: 'state' }, x.state_label)],
      ['制表人', `${x.prepared_by}（${x.prepared_at.slice(0, 10)}）`],
      ['审核人', x.approved_by && `${x.approved_by}（${x.approved_at.slice(0, 10)}）`],
      ['发放日期', x.paid_at?.slice(0, 10)],
      ['全市合计', `${x.total_yuan} 元`],
      [`本辖区（${x.scope.division || '全市'}）`, el('span', { id: 'scope-total' }, `${x.scope.total_yuan} 元，${x.lines.total} 笔`)],
      ['与上月相比', el('span', { id: 'changes' }, `新增 ${ch.new}，金额变化 ${ch.changed}，无变化 ${ch.same}`)],
      ['政策版本', x.policy_version.slice(0, 12)],
    ], 'roll-head'),
    isManager(me) ? buttons(x) : el('p', { className: 'note' }, '名册的审核、发放和导出由区县民政办理。'),
    el('form', { className: 'card', method: 'get', action: '/web/roll.html' },
      el('input', { type: 'hidden', name: 'id', value: x.id }),
      el('div', { className: 'row' },
        el('div', {}, el('label', { htmlFor: 'change' }, '与上月相比'),
          el('select', { id: 'change', name: 'change' }, [['', '全部'], ['new', '新增'], ['changed', '金额变化'], ['same', '无变化']]
            .map(([v, t]) => el('option', { value: v, selected: v === change }, t)))),
        el('div', {}, el('button', { type: 'submit' }, '筛选')))),
    x.lines.items.length ? table([
      { label: '家庭', value: (l) => el('a', { href: `/web/household.html?id=${l.household_id}` }, l.household_no) },
      { label: '对象', value: (l) => l.person && `${l.person.name_masked}（${l.person.id_number_masked}）` },
      { label: '所属月份', value: (l) => `${l.origin_month}（${KIND[l.kind] ?? l.kind}）` },
      { label: '状态', value: (l) => STATUS[l.status] ?? l.status },
      { label: '金额（元）', value: (l) => l.amount_yuan },
      { label: '与上月相比', value: (l) => CHANGE[l.change] ?? l.change },
      { label: '原因', value: (l) => l.reason || null },
    ], x.lines.items, '本辖区的名册明细') : el('p', { className: 'note' }, '本辖区没有名册明细。'),
    pager(pageNo, x.lines.total, PER_PAGE),
    el('p', {}, el('a', { href: '/web/rolls.html' }, '返回发放名册')));
});
