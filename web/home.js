// The caseworker home: the households of the caller's scope, page by page,
// filtered by a division below the scope, and a person search (masked) by
// name, pinyin initials ("zsf" finds 张三丰), full or masked ID number.
// Page and filter live in the address (?page=&division=) so Back works.
import { api, chrome, el, failed, page, pageParam, pager, param, table } from './app.js';

const PER_PAGE = 20;

async function divisionNames(code) {
  try {
    const d = await api(`/api/v1/divisions/${encodeURIComponent(code)}`);
    return d;
  } catch {
    return null;
  }
}

function searchForm() {
  const input = el('input', { id: 'q', name: 'q', autocomplete: 'off', placeholder: '如 张三、zs 或身份证号' });
  const out = el('div', { id: 'search-results', 'aria-live': 'polite' });
  const form = el('form', { className: 'card', role: 'search' },
    el('label', { htmlFor: 'q' }, '查找人员（姓名、拼音首字母或身份证号）'),
    el('div', { className: 'row' }, el('div', {}, input), el('div', {}, el('button', { type: 'submit' }, '查找'))),
    out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) { out.replaceChildren(el('p', { className: 'alert', role: 'alert' }, '请输入姓名、拼音首字母或身份证号')); return; }
    const key = /^\d{6}(\d{8}|\*{8})\d{3}[\dXx]$/.test(q) ? 'id_number' : /^[a-zA-Z]+$/.test(q) ? 'initials' : 'name';
    const value = key === 'initials' ? q.toLowerCase() : key === 'id_number' ? q.toUpperCase() : q;
    try {
      const r = await api(`/api/v1/persons?${key}=${encodeURIComponent(value)}`);
      out.replaceChildren(r.items.length
        ? table([
          { label: '姓名', value: (p) => el('a', { href: `/web/person.html?id=${p.id}` }, p.name) },
          { label: '身份证号', value: (p) => p.id_number_masked },
          { label: '区划', value: (p) => p.division },
        ], r.items)
        : el('p', {}, '您的辖区内没有找到此人。'));
    } catch (e) {
      out.replaceChildren(el('p', { className: 'alert', role: 'alert' }, e.message));
    }
  });
  return form;
}

async function main() {
  const me = await api('/api/v1/me');
  chrome(me);
  const main = page('我的辖区家庭');
  const pageNo = pageParam();
  const division = param('division') || '';
  const scope = await divisionNames(me.division);
  const names = new Map((scope?.children ?? []).map((c) => [c.code, c.name]));

  const select = el('select', { id: 'division', name: 'division' },
    el('option', { value: '' }, `全部（${scope?.name ?? me.division}）`),
    (scope?.children ?? []).map((c) => el('option', { value: c.code, selected: c.code === division }, c.name)));
  const filter = el('form', { className: 'card', method: 'get', action: '/web/home.html' },
    el('div', { className: 'row' },
      el('div', {}, el('label', { htmlFor: 'division' }, '所属区划'), select),
      el('div', {}, el('button', { type: 'submit' }, '筛选'))));
  main.append(searchForm(), filter);

  const q = new URLSearchParams({ page: pageNo, per_page: PER_PAGE });
  if (division) q.set('division', division);
  const r = await api(`/api/v1/households?${q}`);
  const divName = (code) => names.get(code.slice(0, (scope?.children?.[0]?.code ?? '').length)) ?? '';
  main.append(
    el('p', { id: 'total' }, `共 ${r.total} 户`),
    table([
      { label: '户编号', value: (h) => el('a', { href: `/web/household.html?id=${h.id}` }, h.household_no) },
      { label: '区划', value: (h) => `${divName(h.division)} ${h.division}`.trim() },
      { label: '城乡', value: (h) => h.rural },
      { label: '住址', value: (h) => h.address || '—' },
    ], r.items),
    pager(pageNo, r.total, PER_PAGE));
}

main().catch((e) => { if (e.status !== 401) failed(e); });
