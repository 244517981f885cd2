// 工作台: the caller's work queue (GET /api/v1/queue) — unfinished warnings,
// open cases and periodic reviews due — overdue first, then by due date;
// each row links to its page (a review to its household); a review is
// marked done from its row (复核完成, confirmed) and leaves the queue.
import { alertBox, api, deadline, el, page, pageParam, pager, reviewDone, run, statusBox, table } from './app.js';

const PER_PAGE = 50;
const KINDS = {
  warning: ['预警', (i) => `/web/warning.html?id=${i.id}`],
  case: ['申请', (i) => `/web/case.html?id=${i.id}`],
  review: ['复核', (i) => `/web/household.html?id=${i.household_id}`],
};

run(async () => {
  const main = page('工作台');
  const pageNo = pageParam();
  const out = alertBox('queue-error');
  const told = statusBox('queue-status');
  const list = el('div', { id: 'queue' });
  main.append(told, out, list);
  const show = async () => {
    const r = await api(`/api/v1/queue?page=${pageNo}&per_page=${PER_PAGE}`);
    const overdue = r.items.filter((i) => i.overdue).length;
    list.replaceChildren(
      el('p', { id: 'total' }, `共 ${r.total} 项待办`, overdue ? `，本页 ${overdue} 项已逾期` : '', '。'),
      r.items.length ? table([
        { label: '紧急', value: (i) => (i.overdue ? el('strong', { className: 'due overdue' }, '⚠ 逾期') : '') },
        { label: '类别', value: (i) => KINDS[i.kind][0] },
        { label: '事项', value: (i) => el('a', { href: KINDS[i.kind][1](i) }, i.title) },
        { label: '户编号', value: (i) => el('a', { href: `/web/household.html?id=${i.household_id}` }, i.household_no) },
        { label: '期限', value: (i) => (i.due ? [`${i.due_kind}：`, deadline(i.due, i.days_left)] : '—') },
        {
          label: '办理',
          value: (i) => (i.kind === 'review' ? reviewDone(i.id, i.household_no, out, (d) => {
            told.textContent = `已记录户 ${i.household_no} 的动态管理复核（${d.reviewed_month}），已从工作台移除。`;
            show().then(() => told.focus(), (e) => { out.textContent = e.message; });
          }) : ''),
        },
      ], r.items) : el('p', { className: 'note' }, '没有待办事项。'),
      pager(pageNo, r.total, PER_PAGE));
  };
  await show();
});
