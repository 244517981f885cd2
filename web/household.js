// A household: its record, its members (masked ID and phone numbers, each
// linking to the person page), the household facts in force today, each
// program's decision today with the explanation, its cases, its payments
// and every recorded fact of the household and its members as a timeline
// with its source (GET /api/v1/households/{id}/overview); its periodic
// reviews due (GET /api/v1/reviews), each marked done here (复核完成); and
// 开案, which opens a case of the household without a warning (POST
// /api/v1/cases) and goes to the case page.
import {
  alertBox, api, card, CASE_TYPES, chrome, el, failed, field, page, param, postForm, reviewDone, statusBox, table, yuan,
} from './app.js';
import { factLabel, factsTable, factText } from './vars.js';

function decisions(programs) {
  const sorted = [...programs].sort((a, b) => b.eligible - a.eligible);
  return table([
    { label: '项目', value: (p) => p.label },
    { label: '结论', value: (p) => el('span', { className: p.eligible ? 'yes' : 'no' }, p.eligible ? '符合' : '不符合') },
    { label: '金额（元/月）', value: (p) => (p.eligible ? yuan(p.amount) : '—') },
    {
      label: '依据',
      value: (p) => el('details', {}, el('summary', {}, '逐条说明'), el('pre', { className: 'explain' }, p.explanation)),
    },
  ], sorted);
}

// The household's periodic reviews due this month or before, in box; a
// review marked done leaves the list.
async function reviews(box, h, programs) {
  const label = (p) => programs.find((x) => x.program === p)?.label ?? p;
  const out = alertBox('review-error');
  const told = statusBox('review-status');
  const show = async () => {
    const due = (await api('/api/v1/reviews')).items.filter((v) => v.household_id === h.id);
    box.replaceChildren(told, out, due.length ? table([
      { label: '项目', value: (v) => label(v.program) },
      { label: '复核原因', value: (v) => `${v.why}（每 ${v.interval_months} 个月）` },
      { label: '应复核月份', value: (v) => v.due_month },
      { label: '上次复核（或起始）月份', value: (v) => v.since },
      {
        label: '办理',
        value: (v) => reviewDone(v.enrolment_id, h.household_no, out, (d) => {
          told.textContent = `已记录${label(v.program)}的动态管理复核（${d.reviewed_month}）。`;
          show().then(() => told.focus(), (e) => { out.textContent = e.message; });
        }),
      },
    ], due) : el('p', { className: 'note' }, '本月没有到期的动态管理复核。'));
  };
  await show();
}

// 开案: a case of the household of a chosen type, the applicant optional.
const caseForm = (h) => postForm({
  id: 'open-case', title: '开案（登记申请）', button: '开案', path: '/api/v1/cases', fixed: { household_no: h.household_no },
  fields: [
    field('case-type', '申请类型', { name: 'type', options: CASE_TYPES }),
    field('applicant', '申请人身份证号（不填为户主）', { name: 'applicant_id_number' }),
    field('case-note', '备注（可不填）', { name: 'note', textarea: true }),
  ],
  done: (c) => { location.href = `/web/case.html?id=${c.id}`; },
});

function timeline(facts) {
  if (!facts.length) return el('p', { className: 'note' }, '暂无记录。');
  return el('ol', { className: 'timeline', id: 'timeline' }, facts.map((f) => el('li', {},
    el('time', {}, f.effective), ' ',
    el('strong', {}, f.entity === 'household' ? '家庭' : f.person), ' ',
    `${factLabel(f.variable)}：${factText(f.variable, f.value)}`,
    el('span', { className: 'note' }, `（来源：${f.source}；登记于 ${f.recorded_at.slice(0, 10)}）`))));
}

async function main() {
  const me = await api('/api/v1/me');
  chrome(me);
  const id = param('id');
  if (!/^\d+$/.test(id ?? '')) throw Object.assign(new Error('地址缺少家庭编号'), { status: 404 });
  const h = await api(`/api/v1/households/${id}`);
  const main = page(`家庭 ${h.household_no}`);
  main.append(
    card([['户编号', h.household_no], ['区划', h.division], ['城乡', h.rural], ['住址', h.address || '—']]),
    el('h2', {}, `家庭成员（${h.members.length} 人）`),
    table([
      { label: '姓名', value: (m) => el('a', { href: `/web/person.html?id=${m.id}` }, m.name) },
      { label: '与户主关系', value: (m) => m.relation },
      { label: '身份证号', value: (m) => m.id_number_masked },
      { label: '性别', value: (m) => m.sex },
      { label: '出生日期', value: (m) => m.birth_date },
      { label: '电话', value: (m) => m.phone_masked },
    ], h.members),
    el('h2', {}, '家庭情况（当前有效）'),
    factsTable(h.facts));
  const o = await api(`/api/v1/households/${id}/overview`);
  const reviewBox = el('div', { id: 'reviews' });
  main.append(
    el('h2', {}, `各项目审核结论（${o.as_of}）`),
    o.programs.length ? decisions(o.programs) : el('p', { className: 'note' }, '暂无结论。'),
    el('h2', {}, '动态管理复核'),
    reviewBox,
    el('h2', {}, '申请和办理'),
    o.cases.length ? table([
      { label: '编号', value: (c) => el('a', { href: `/web/case.html?id=${c.id}` }, `案件 ${c.id}`) },
      { label: '申请类型', value: (c) => c.type_label },
      { label: '状态', value: (c) => c.state_label },
      { label: '受理日期', value: (c) => c.accepted_on },
      { label: '法定办结期限', value: (c) => c.deadline },
      { label: '本步骤期限', value: (c) => c.state_due },
    ], o.cases) : el('p', { className: 'note' }, '暂无申请。'),
    caseForm(h),
    el('h2', {}, '发放记录'),
    o.payments.length ? table([
      { label: '名册月份', value: (p) => p.month },
      { label: '项目', value: (p) => p.program_label },
      { label: '所属月份', value: (p) => `${p.origin_month}（${p.kind}）` },
      { label: '对象', value: (p) => p.person || '全户' },
      { label: '金额（元）', value: (p) => yuan(p.amount) },
    ], o.payments) : el('p', { className: 'note' }, '暂无发放记录。'),
    el('h2', {}, '情况变化时间线（含来源）'),
    timeline(o.timeline),
    el('p', {}, el('a', { href: '/web/home.html' }, '返回我的辖区')));
  await reviews(reviewBox, h, o.programs);
}

main().catch((e) => { if (e.status !== 401) failed(e); });
