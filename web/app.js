// Shared by every page: the JSON API client (session cookie), the page
// chrome (title bar, large-type toggle stored in localStorage, logout), and
// small DOM helpers that only ever set text, never HTML.
export const LARGE_KEY = 'mz-large-type';

export function applyLargeType() {
  document.documentElement.classList.toggle('large', localStorage.getItem(LARGE_KEY) === '1');
}
applyLargeType();

// el('td', {dataset: {label: '姓名'}}, '张三', child…): text children are text nodes.
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v == null) continue;
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : String(c));
  return e;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `请求失败（${status}）`);
    this.status = status;
    this.problem = problem;
  }
}

// Calls the API; a 401 on a page that needs a session goes to the login page.
export async function api(path, { method = 'GET', body, redirect401 = true } = {}) {
  const opts = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const r = await fetch(path, opts);
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (r.status === 401 && redirect401) {
    location.href = `/web/login.html?next=${encodeURIComponent(location.pathname.replace(/^\/web\//, '') + location.search)}`;
    throw new ApiError(401, data);
  }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

// Managers (区县民政, 市级管理员) see the rolls, the dashboard and simulations.
export const isManager = (user) => user.role === 'city_admin' || user.role === 'district';

// Where a user lands after login: street and community caseworkers on their
// work queue, everyone else on the households of their area.
export const landing = (user) =>
  (user.role === 'street' || user.role === 'community' ? '/web/queue.html' : '/web/home.html');

function navLinks(user) {
  return [
    ['/web/queue.html', '工作台'],
    ['/web/home.html', '我的辖区'],
    ['/web/cases.html', '申请案件'],
    ...(isManager(user) ? [['/web/rolls.html', '发放名册'], ['/web/dashboard.html', '管理看板'], ['/web/simulate.html', '政策模拟']] : []),
  ];
}

// The title bar: brand, the menu and the caller (if signed in), large type, logout.
export function chrome(user) {
  const large = el('button', { type: 'button', className: 'secondary', id: 'large-type' }, '大字模式');
  const sync = () => large.setAttribute('aria-pressed', String(localStorage.getItem(LARGE_KEY) === '1'));
  large.addEventListener('click', () => {
    localStorage.setItem(LARGE_KEY, localStorage.getItem(LARGE_KEY) === '1' ? '0' : '1');
    applyLargeType();
    sync();
  });
  sync();
  const bar = el('header', { className: 'top' },
    el('a', { className: 'brand', href: user ? landing(user) : '/' }, '数字民政'),
    user ? el('nav', { 'aria-label': '主菜单' }, navLinks(user).map(([href, text]) =>
      el('a', { href, 'aria-current': location.pathname === href ? 'page' : null }, text))) : null,
    el('span', { className: 'spacer' }));
  if (user) {
    bar.append(el('span', { className: 'who', id: 'who' }, `${user.name}（${user.role_label}，${user.division}）`));
  }
  bar.append(large);
  if (user) {
    bar.append(el('button', {
      type: 'button', className: 'secondary', id: 'logout',
      onclick: async () => { await api('/api/v1/logout', { method: 'POST', redirect401: false }).catch(() => {}); location.href = '/web/login.html'; },
    }, '退出登录'));
  }
  document.body.prepend(el('a', { className: 'skip', href: '#main' }, '跳到正文'), bar);
}

// The page's main element, emptied, with an h1.
export function page(title) {
  const main = document.getElementById('main');
  main.replaceChildren(el('h1', {}, title));
  document.title = `${title} - 数字民政`;
  return main;
}

// A page that could not load: not found (or out of scope, answered alike) or another error.
export function failed(e) {
  const main = page(e.status === 404 ? '未找到' : '出错了');
  main.append(el('p', { className: 'alert', role: 'alert', id: 'error' },
    e.status === 404 ? '没有这条记录，或它不在您的管辖范围内。' : e.message),
  el('p', {}, el('a', { href: '/web/home.html' }, '返回我的辖区')));
}

// Starts a page that needs a session: the caller, the title bar, then
// body(me); a failure shows the error page (a 401 has gone to the login).
export function run(body) {
  (async () => {
    const me = await api('/api/v1/me');
    chrome(me);
    await body(me);
  })().catch((e) => { if (e.status !== 401) failed(e); });
}

export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

// The record id of the page's address (?id=), or a 404 for the page.
export function idParam() {
  const id = param('id');
  if (!/^\d+$/.test(id ?? '')) throw Object.assign(new Error('地址缺少编号'), { status: 404 });
  return id;
}

// The page number of the address (?page=, from 1).
export const pageParam = () => Math.max(1, Number(param('page')) || 1);

// Previous/next links of a paged list: the address with another ?page=.
export function pager(pageNo, total, perPage) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const link = (n, text, rel) => {
    const q = new URLSearchParams(location.search);
    q.set('page', n);
    return el('a', { className: 'button', href: `${location.pathname}?${q}`, rel }, text);
  };
  return el('nav', { className: 'pager', 'aria-label': '翻页' },
    pageNo > 1 ? link(pageNo - 1, '上一页', 'prev') : null,
    el('span', { id: 'page-of' }, `第 ${pageNo} / ${pages} 页`),
    pageNo < pages ? link(pageNo + 1, '下一页', 'next') : null);
}

// A record as a card of terms and values (null values are left out).
export function card(pairs, id) {
  return el('div', { className: 'card', id }, el('dl', { className: 'facts' },
    pairs.filter(([, v]) => v != null && v !== '').flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
}

// A deadline with its urgency in words as well as colour: days = working
// days left (< 0: overdue; null: not running).
export function deadline(day, days) {
  if (!day) return '—';
  const [cls, text] = days == null ? ['', '']
    : days < 0 ? ['overdue', `⚠ 已逾期 ${-days} 个工作日`]
      : days === 0 ? ['soon', '今天到期']
        : [days <= 3 ? 'soon' : '', `剩 ${days} 个工作日`];
  return el('span', { className: `due ${cls}` }, day, text ? el('span', { className: 'flag' }, `（${text}）`) : null);
}

// A labelled control in a .field box: a text input, or {textarea}, {type:
// 'date'}, or a select of options [[value, text]…]; name is the member of
// the request body it fills (postForm); returns {box, input, label, required}.
export function field(id, label, { name = id, type = 'text', options, textarea, required = false } = {}) {
  const input = options ? el('select', { id, name }, options.map(([v, t]) => el('option', { value: v }, t)))
    : textarea ? el('textarea', { id, name, rows: 2 })
      : el('input', { id, name, type, autocomplete: 'off' });
  return { box: el('div', { className: 'field' }, el('label', { htmlFor: id }, label), input), input, label, required };
}

// An empty message area that screen readers announce.
export const alertBox = (id) => el('p', { className: 'alert', role: 'alert', id });

// Runs a write from a button: the button is disabled meanwhile and the
// server's Chinese message goes to out on failure; resolves to the result
// (undefined on failure).
export async function act(button, out, fn) {
  button.disabled = true;
  out.textContent = '';
  try {
    return await fn();
  } catch (e) {
    if (e.status !== 401) out.textContent = e.message;
    return undefined;
  } finally {
    button.disabled = false;
  }
}

// An empty message area for a done write, announced politely.
export const statusBox = (id) => el('p', { className: 'status', role: 'status', id, tabIndex: -1 });

// A write that asks first: the button turns into the question with 确认 and
// 取消 (focus on 确认; 取消 or Escape goes back); 确认 runs fn as act() does
// (the server's message to out) and calls done(result).
export function confirmAction({ button, question, out, fn, done }) {
  const start = el('button', { type: 'button', className: 'secondary' }, button);
  const yes = el('button', { type: 'button' }, '确认');
  const no = el('button', { type: 'button', className: 'secondary' }, '取消');
  const ask = el('span', { className: 'confirm', role: 'group', 'aria-label': question, hidden: true },
    el('span', {}, question), yes, no);
  const asking = (on) => { start.hidden = on; ask.hidden = !on; (on ? yes : start).focus(); };
  start.addEventListener('click', () => asking(true));
  no.addEventListener('click', () => asking(false));
  ask.addEventListener('keydown', (e) => { if (e.key === 'Escape') asking(false); });
  yes.addEventListener('click', async () => {
    const r = await act(yes, out, fn);
    if (r) done(r);
  });
  return el('span', { className: 'confirm-action' }, start, ask);
}

// 复核完成 for a periodic review (动态管理) due: enrolment id of household
// no (POST /api/v1/reviews/{id}/done, this month); done(result) after.
export const reviewDone = (id, no, out, done) => confirmAction({
  button: '复核完成', question: `确认户 ${no} 本月的动态管理复核已完成？`, out, done,
  fn: () => api(`/api/v1/reviews/${id}/done`, { method: 'POST', body: {} }),
});

// A form of labelled fields (field()) and one button that POSTs the filled
// fields (after the members of `fixed`) as a JSON body to path, then calls
// done(result); a required field left empty is named and focused; why (if
// given) disables the button and says why. Returns the form.
export function postForm({ id, title, fields, button, path, done, why, fixed = {}, className = 'card' }) {
  const out = alertBox(`${id}-error`);
  const submit = el('button', { type: 'submit', disabled: Boolean(why), 'aria-describedby': why ? `${id}-why` : null }, button);
  const form = el('form', { className, id }, title ? el('h2', {}, title) : null, fields.map((f) => f.box),
    el('div', { className: 'actions' }, submit, why ? el('span', { className: 'note', id: `${id}-why` }, why) : null), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const empty = fields.find((f) => f.required && !f.input.value.trim());
    if (empty) { out.textContent = `请填写${empty.label}`; empty.input.focus(); return; }
    const body = { ...fixed, ...Object.fromEntries(fields.filter((f) => f.input.value.trim()).map((f) => [f.input.name, f.input.value.trim()])) };
    const r = await act(submit, out, () => api(path, { method: 'POST', body }));
    if (r) done(r);
  });
  return form;
}

// The case types a case may be opened as (labels as src/cases/procedure.c).
export const CASE_TYPES = [
  ['dibao', '最低生活保障'], ['dibao_edge', '低保边缘家庭'], ['tekun', '特困人员救助供养'],
  ['rigid', '刚性支出困难家庭'], ['temporary', '临时救助'], ['disability', '残疾人两项补贴'],
  ['orphan', '孤儿、事实无人抚养儿童基本生活保障'],
];

export function table(columns, rows, caption) {
  return el('div', { className: 'scroll' }, el('table', { className: 'cards' },
    caption ? el('caption', { className: 'note' }, caption) : null,
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c.label)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, columns.map((c) =>
      el('td', { dataset: { label: c.label } }, c.value(r) ?? '—')))))));
}

// Yuan as text with two decimals and thousands separators.
export function yuan(n) {
  return Number(n).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

// A labelled form control for an input described by the API
// ({name, label, type: money|int|ratio|bool|enum, unit, options, max}); the
// control carries data-name for reading the form back.
export function fieldFor(input, id) {
  const label = input.unit ? `${input.label}（${input.unit}）` : input.label;
  let control;
  if (input.type === 'bool') {
    return el('div', { className: 'field check' },
      el('label', { htmlFor: id, className: 'inline' },
        el('input', { type: 'checkbox', id, dataset: { name: input.name } }), input.label));
  }
  if (input.type === 'enum') {
    control = el('select', { id, dataset: { name: input.name } },
      el('option', { value: '' }, '（不填）'), input.options.map((o) => el('option', { value: o }, o)));
  } else {
    control = el('input', {
      id, type: 'text', inputMode: input.type === 'int' ? 'numeric' : 'decimal', autocomplete: 'off',
      dataset: { name: input.name }, placeholder: input.type === 'money' ? '0.00' : '',
    });
    if (input.max !== undefined) control.setAttribute('aria-description', `0 到 ${input.max}`);
  }
  return el('div', { className: 'field' }, el('label', { htmlFor: id }, label), control);
}

// Saves a response as a download (exports: XLSX); with a body, POSTs it.
export async function download(path, filename, body) {
  const r = await fetch(path, body === undefined ? { credentials: 'same-origin' } : {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!r.ok) throw new ApiError(r.status, await r.json().catch(() => null));
  const a = el('a', { href: URL.createObjectURL(await r.blob()), download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(a.href);
}

// A table of the API ({title, columns: [{key, label}], rows}) under its
// title, after `figure` (a chart) if given; cell(key, row) may return a node
// or text for a column, else the value is shown (numbers of columns whose
// label mentions 元 as yuan).
export function apiTable(t, { cell = () => undefined, figure = null } = {}) {
  return el('section', { className: 'table' }, el('h2', {}, t.title), figure,
    t.rows.length ? table(t.columns.map((c) => ({
      label: c.label,
      value: (r) => cell(c.key, r) ?? (typeof r[c.key] === 'number' && c.label.includes('元') ? yuan(r[c.key]) : r[c.key]),
    })), t.rows) : el('p', { className: 'note' }, '没有数据。'));
}

// An ECharts chart (window.echarts, from /web/vendor/echarts.min.js) in a
// new element with a text alternative; SVG so that it stays sharp when
// enlarged. Returns the element.
export function chart(label, option, id) {
  const box = el('div', { className: 'chart', role: 'img', 'aria-label': label, id });
  requestAnimationFrame(() => {
    const c = window.echarts.init(box, null, { renderer: 'svg' });
    c.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, tooltip: { trigger: 'axis' }, ...option });
    addEventListener('resize', () => c.resize());
  });
  return box;
}
