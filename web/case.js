// A case (办理案件): household, applicant (masked), type, state, legal
// deadline; its steps with actor, notes, attachments and the decision's
// explanation; the warning it came from; one button per action the
// procedure allows now (GET /api/v1/cases/{id} `actions`, posted to
// /steps), the extension (/extend) and, once decided, an objection or
// appeal (/contest, which opens a case of its own).
import { act, alertBox, api, card, deadline, el, field, idParam, page, postForm, run, table } from './app.js';

const hash = (a) => `${a.name}（${a.bytes} 字节，SM3 ${a.sm3.slice(0, 12)}…）`;

function steps(c) {
  return table([
    { label: '日期', value: (s) => s.day },
    { label: '步骤', value: (s) => s.action_label },
    { label: '办理后状态', value: (s) => s.to_label },
    { label: '办理人', value: (s) => s.actor },
    { label: '理由和备注', value: (s) => [s.reason, s.note].filter(Boolean).join('；') || '—' },
    { label: '附件', value: (s) => (s.attachments.length ? s.attachments.map(hash).join('；') : '—') },
    { label: '逾期', value: (s) => (s.late_days > 0 ? el('span', { className: 'due overdue' }, `⚠ 晚 ${s.late_days} 天`) : '按期') },
  ], c.steps, '办理过程');
}

function decisions(c) {
  return c.steps.filter((s) => s.decision).map((s) => el('section', { className: 'card decision' },
    el('h3', {}, `${s.day} ${s.decision.outcome_label}`),
    el('p', { className: 'note' }, `系统评估：${s.decision.engine_eligible ? '符合' : '不符合'}，${(s.decision.engine_amount_fen / 100).toFixed(2)} 元/月；`
      + `政策版本 ${s.decision.policy_version.slice(0, 12)}，评估日 ${s.decision.as_of}`),
    el('details', { open: true }, el('summary', {}, '决定依据（逐条说明）'), el('pre', { className: 'explain' }, s.decision.explanation))));
}

// One button per allowed action, sharing the reason, note and date fields.
function actionsForm(c) {
  const reason = field('reason', '理由（部分步骤必填）', { textarea: true });
  const note = field('note', '备注');
  const date = field('date', '办理日期（补录纸质材料时填写，默认今天）', { type: 'date' });
  const out = alertBox('action-error');
  const buttons = c.actions.map((a) => {
    const why = !a.allowed_for_me ? `仅限${a.role_label}办理`
      : a.needs_attachment ? '此步骤须上传附件，请用命令 mz case step --attach 办理' : '';
    const b = el('button', { type: 'submit', value: a.action, disabled: Boolean(why), 'aria-describedby': why ? `why-${a.action}` : null },
      a.label, a.needs_reason ? '（须填理由）' : '');
    return el('div', { className: 'action' }, b, why ? el('span', { className: 'note', id: `why-${a.action}` }, why) : null);
  });
  const form = el('form', { className: 'card', id: 'actions' }, el('h2', {}, '可办理的步骤'),
    reason.box, note.box, date.box, el('div', { className: 'actions' }, buttons), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const a = c.actions.find((x) => x.action === ev.submitter?.value);
    if (!a) return;
    if (a.needs_reason && !reason.input.value.trim()) {
      out.textContent = `“${a.label}”须填写理由`;
      reason.input.focus();
      return;
    }
    const body = { action: a.action };
    if (reason.input.value.trim()) body.reason = reason.input.value.trim();
    if (note.input.value.trim()) body.note = note.input.value.trim();
    if (date.input.value) body.date = date.input.value;
    if (await act(ev.submitter, out, () => api(`/api/v1/cases/${c.id}/steps`, { method: 'POST', body }))) location.reload();
  });
  return form;
}

run(async () => {
  const c = await api(`/api/v1/cases/${idParam()}`);
  const main = page(`案件 ${c.id}：${c.type_label}`);
  const decided = c.steps.some((s) => s.decision);
  main.append(card([
    ['状态', el('strong', { id: 'state' }, c.state_label)],
    ['家庭', el('a', { href: `/web/household.html?id=${c.household_id}` }, c.household_no)],
    ['申请人', c.applicant && `${c.applicant.name}（${c.applicant.id_number_masked}）`],
    ['登记日期', c.opened_on],
    ['受理日期', c.accepted_on],
    ['法定办结期限', c.deadline && [deadline(c.deadline, c.days_left), c.extended ? `（已延期：${c.extend_reason}）` : '', c.provisional ? `（${c.provisional}）` : '']],
    ['期限状态', c.flag_label !== '—' ? el('span', { id: 'flag', className: `due ${c.flag === 'overdue' ? 'overdue' : c.flag === 'due_soon' ? 'soon' : ''}` }, c.flag_label) : null],
    ['本环节时限', c.state_due && deadline(c.state_due, c.state_days_left)],
    ['办结日期', c.closed_on],
    ['抽查', c.spot_checked == null ? null : c.spot_checked ? '已抽中，须区县入户' : '未抽中'],
  ], 'case-head'));
  if (c.warning) {
    main.append(el('section', { className: 'card', id: 'warning' }, el('h2', {}, '来源预警'),
      el('p', {}, el('a', { href: `/web/warning.html?id=${c.warning.id}` }, `预警 ${c.warning.id}：${c.warning.label}`),
        `（${c.warning.state_label}，${c.warning.raised_on} 发现）`),
      el('pre', { className: 'explain' }, c.warning.evidence)));
  }
  if (c.contest) {
    main.append(el('section', { className: 'card', id: 'contest' }, el('h2', {}, '所异议的决定'),
      el('p', {}, el('a', { href: `/web/case.html?id=${c.contest.of_case}` }, `案件 ${c.contest.of_case}`),
        `：按决定时的数据重现${c.contest.matches ? '，结果一致' : `，不一致：${c.contest.differences}`}`)));
  }
  main.append(steps(c), ...decisions(c));
  if (c.actions.length) main.append(actionsForm(c));
  if (!c.is_final && c.accepted_on && !c.extended && !decided) {
    main.append(postForm({
      id: 'extend', title: '延长办理期限（30 个工作日延至 45 个）', button: '申请延期',
      fields: [field('extend-reason', '延期理由', { name: 'reason', required: true })],
      path: `/api/v1/cases/${c.id}/extend`, done: () => location.reload(),
    }));
  }
  if (decided && !c.contest) {
    main.append(postForm({
      id: 'contest-form', title: '对决定提出异议或行政复议', button: '提出',
      fields: [field('contest-type', '类型', { name: 'type', options: [['objection', '异议'], ['appeal', '行政复议']] }),
        field('contest-reason', '理由', { name: 'reason', required: true })],
      path: `/api/v1/cases/${c.id}/contest`, done: (n) => { location.href = `/web/case.html?id=${n.id}`; },
    }));
  }
  main.append(el('p', {}, el('a', { href: '/web/cases.html' }, '返回申请案件列表')));
});
