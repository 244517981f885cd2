// 申请案件: the cases in the caller's scope (GET /api/v1/cases), filtered by
// type and deadline (已逾期, 临近期限), each linking to its case page.
import { api, CASE_TYPES, deadline, el, field, page, pageParam, pager, param, run, table } from './app.js';

const PER_PAGE = 20;
const FLAGS = [['', '全部'], ['overdue', '已逾期（未办结）'], ['due_soon', '临近期限（未办结）']];

run(async () => {
  const main = page('申请案件');
  const type = field('type', '申请类型', { options: [['', '全部'], ...CASE_TYPES] });
  const flag = field('flag', '期限', { options: FLAGS });
  type.input.value = param('type') ?? '';
  flag.input.value = param('flag') ?? '';
  main.append(el('form', { className: 'card', method: 'get', action: '/web/cases.html' },
    el('div', { className: 'row' }, el('div', {}, type.box), el('div', {}, flag.box),
      el('div', {}, el('button', { type: 'submit' }, '筛选')))));
  const pageNo = pageParam();
  const q = new URLSearchParams({ page: pageNo, per_page: PER_PAGE });
  if (type.input.value) q.set('type', type.input.value);
  if (flag.input.value) q.set('flag', flag.input.value);
  const r = await api(`/api/v1/cases?${q}`);
  main.append(
    el('p', { id: 'total' }, `共 ${r.total} 件`),
    r.items.length ? table([
      { label: '案件', value: (c) => el('a', { href: `/web/case.html?id=${c.id}` }, `案件 ${c.id}`) },
      { label: '申请类型', value: (c) => c.type_label },
      { label: '家庭', value: (c) => el('a', { href: `/web/household.html?id=${c.household_id}` }, c.household_no) },
      { label: '状态', value: (c) => c.state_label },
      { label: '受理日期', value: (c) => c.accepted_on },
      { label: '法定办结期限', value: (c) => deadline(c.deadline, c.flag === 'none' ? null : c.days_left) },
      { label: '本环节时限', value: (c) => deadline(c.state_due, c.state_days_left) },
    ], r.items) : el('p', { className: 'note' }, '没有符合条件的案件。'),
    pager(pageNo, r.total, PER_PAGE));
});
