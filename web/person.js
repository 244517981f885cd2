// A person's record page. Roles allowed to see full ID and phone numbers get
// them here only, and the server writes each such view to the audit log.
import { api, chrome, el, failed, page, param } from './app.js';
import { factsTable } from './vars.js';

async function main() {
  const me = await api('/api/v1/me');
  chrome(me);
  const id = param('id');
  if (!/^\d+$/.test(id ?? '')) throw Object.assign(new Error('地址缺少人员编号'), { status: 404 });
  const p = await api(`/api/v1/persons/${id}`);
  const main = page(p.name);
  main.append(
    p.full ? el('p', { className: 'note', id: 'audit-note' }, '本页显示完整证件号码和电话，您的查看已记入审计日志。') : null,
    el('div', { className: 'card' }, el('dl', { className: 'facts' },
      el('dt', {}, '身份证号'), el('dd', { id: 'id-number' }, p.id_number ?? p.id_number_masked),
      el('dt', {}, '性别'), el('dd', {}, p.sex),
      el('dt', {}, '出生日期'), el('dd', {}, p.birth_date),
      el('dt', {}, '户籍'), el('dd', {}, p.hukou),
      el('dt', {}, '区划'), el('dd', {}, p.division),
      el('dt', {}, '与户主关系'), el('dd', {}, p.relation),
      el('dt', {}, '电话'), el('dd', {}, p.phone ?? p.phone_masked ?? '—'))),
    el('h2', {}, '个人情况（当前有效）'),
    factsTable(p.facts),
    el('p', {}, el('a', { href: `/web/household.html?id=${p.household_id}` }, '查看所在家庭')));
}

main().catch((e) => { if (e.status !== 401) failed(e); });
