// A household: its record, its members (masked ID and phone numbers, each
// linking to the person page) and the household facts in force today.
import { api, chrome, el, failed, page, param, table } from './app.js';
import { factsTable } from './vars.js';

async function main() {
  const me = await api('/api/v1/me');
  chrome(me);
  const id = param('id');
  if (!/^\d+$/.test(id ?? '')) throw Object.assign(new Error('地址缺少家庭编号'), { status: 404 });
  const h = await api(`/api/v1/households/${id}`);
  const main = page(`家庭 ${h.household_no}`);
  main.append(
    el('div', { className: 'card' }, el('dl', { className: 'facts' },
      el('dt', {}, '户编号'), el('dd', {}, h.household_no),
      el('dt', {}, '区划'), el('dd', {}, h.division),
      el('dt', {}, '城乡'), el('dd', {}, h.rural),
      el('dt', {}, '住址'), el('dd', {}, h.address || '—'))),
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
    factsTable(h.facts),
    el('p', {}, el('a', { href: '/web/home.html' }, '返回我的辖区')));
}

main().catch((e) => { if (e.status !== 401) failed(e); });
