// A warning (预警): its evidence, state and due date; the lifecycle steps
// (POST /api/v1/warnings/{id}/{action}, each with its text) and 开案, which
// opens a case of the chosen type from it (POST /api/v1/warnings/{id}/case)
// and goes to the case page.
import { api, card, CASE_TYPES, deadline, el, field, idParam, page, postForm, run } from './app.js';

// The lifecycle (as src/monitor/warning.c): action, button, its text, the states it may leave.
const STEPS = [
  ['assign', '分派', '经办人', ['open', 'assigned']],
  ['verify', '核实', '核实情况', ['assigned']],
  ['close', '办结', '办理结果', ['verified']],
  ['dismiss', '撤销', '撤销理由', ['open', 'assigned', 'verified']],
];

const stepForm = (w, [action, button, label, from]) => postForm({
  id: `step-${action}`, className: 'step', fields: [field(`text-${action}`, label, { name: 'text', required: true })], button,
  path: `/api/v1/warnings/${w.id}/${action}`, done: () => location.reload(),
  why: from.includes(w.state) ? null : `当前状态“${w.state_label}”不能${button}`,
});

function caseForm(w) {
  const types = [...CASE_TYPES].sort(([a], [b]) => (b === w.program) - (a === w.program));
  return postForm({
    id: 'open-case', title: '开案（由此预警立案）', fields: [field('case-type', '申请类型', { name: 'type', options: types })],
    button: '开案', path: `/api/v1/warnings/${w.id}/case`, done: (c) => { location.href = `/web/case.html?id=${c.id}`; },
  });
}

run(async () => {
  const w = await api(`/api/v1/warnings/${idParam()}`);
  const main = page(`预警 ${w.id}：${w.label}`);
  const done = w.state === 'closed' || w.state === 'dismissed';
  main.append(
    card([
      ['状态', el('strong', { id: 'state' }, w.state_label)],
      ['严重程度', w.severity_label],
      ['家庭', el('a', { href: `/web/household.html?id=${w.household_id}` }, w.household_no)],
      ['成员', w.person && `${w.person.name}（${w.person.id_number_masked}）`],
      ['责任街道', w.office],
      ['发现日期', `${w.raised_on}（${w.raised_by}）`],
      ['办理期限', done ? w.due : deadline(w.due, w.days_left)],
      ['经办人', w.assignee],
      ['办理结果', w.outcome],
      ['撤销理由', w.reason],
      ['关联案件', w.case_id && el('a', { href: `/web/case.html?id=${w.case_id}`, id: 'case-link' }, `案件 ${w.case_id}`)],
    ]),
    el('h2', {}, '预警依据'),
    el('pre', { className: 'explain', id: 'evidence' }, w.evidence));
  if (done) return;
  main.append(el('h2', {}, '办理'), el('div', { className: 'card steps' }, STEPS.map((s) => stepForm(w, s))));
  if (!w.case_id) main.append(caseForm(w));
});
