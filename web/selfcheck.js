// 我能享受哪些救助: a resident describes the household (the fields come from
// the policies, GET /api/v1/selfcheck) and sees the programs it may qualify
// for, why, and how to apply. Nothing is stored: POST /api/v1/selfcheck
// only evaluates.
import { api, chrome, el, fieldFor, page, yuan } from './app.js';

let form; // GET /api/v1/selfcheck
let members; // the <div> holding one fieldset per member
let serial = 0; // unique ids for the fields of added members

// The fields of one member, grouped: who, income per month, assets, the rest.
function memberFieldset() {
  const n = ++serial;
  const basic = ['relation', 'sex', 'age'];
  const groups = [ // title, which inputs, folded (less common: open when needed)
    ['基本情况', (i) => basic.includes(i.name), false],
    ['每月收入', (i) => i.type === 'money' && i.unit === '元/月', false],
    ['财产和支出', (i) => i.type === 'money' && i.unit === '元', true],
    ['残疾、疾病、就业和其他情况', (i) => i.type !== 'money' && !basic.includes(i.name), true],
  ];
  const fs = el('fieldset', { className: 'card member' }, el('legend', {}, '家庭成员'));
  for (const [title, pick, folded] of groups) {
    const fields = el('div', { className: 'fields' }, form.inputs.filter(pick).map((i) => fieldFor(i, `m${n}-${i.name}`)));
    fs.append(folded ? el('details', {}, el('summary', {}, `${title}（没有可不填）`), fields) : el('div', {}, el('h3', {}, title), fields));
  }
  fs.append(el('p', {}, el('button', {
    type: 'button', className: 'secondary remove',
    onclick: () => { if (members.children.length > 1) { fs.remove(); renumber(); } },
  }, '删除此成员')));
  return fs;
}

function renumber() {
  [...members.children].forEach((fs, k) => { fs.querySelector('legend').textContent = `第 ${k + 1} 位家庭成员`; });
}

// The member's answers as the API wants them; empty fields are left out.
function memberValues(fs) {
  const m = {};
  for (const input of fs.querySelectorAll('[data-name]')) {
    const name = input.dataset.name;
    if (input.type === 'checkbox') { if (input.checked) m[name] = true; }
    else if (input.value.trim() !== '') m[name] = name === 'age' ? Number(input.value) : input.value.trim();
  }
  return m;
}

function programCard(p) {
  const held = p.criteria ?? p.members.find((m) => m.eligible)?.criteria ?? p.members[0].criteria;
  return el('section', { className: `card program ${p.eligible ? 'yes' : 'no'}`, 'aria-label': p.label },
    el('h3', {}, p.label, p.eligible && p.amount > 0 ? el('span', { className: 'amount' }, `约 ${yuan(p.amount)} 元/月`) : null),
    el('ul', { className: 'criteria' }, held.map((c) => el('li', { className: c.held ? 'held' : 'failed' },
      `${c.held ? '✓ 符合' : '✗ 不符合'}：${c.label}`))),
    p.eligible ? el('div', { className: 'apply' },
      el('p', {}, el('strong', {}, '到哪里申请：'), p.apply.where),
      el('p', {}, el('strong', {}, '需要带的材料：'), p.apply.bring)) : null,
    el('details', {}, el('summary', {}, '查看详细计算依据'), el('pre', { className: 'explain' }, p.explanation)));
}

function showResult(out, r) {
  const yes = r.programs.filter((p) => p.eligible), no = r.programs.filter((p) => !p.eligible);
  out.replaceChildren(el('div', {},
    el('h2', { id: 'result-title', tabIndex: -1 }, yes.length ? `您家可能符合 ${yes.length} 项救助` : '按您填写的情况，暂未发现符合的救助项目'),
    el('p', { className: 'note' }, `按 ${r.as_of} 的政策计算，仅供参考，以乡镇（街道）审核确认的结果为准。您填写的信息没有被保存。`),
    el('div', { id: 'eligible' }, yes.map(programCard)),
    no.length ? el('details', { className: 'card' }, el('summary', {}, `暂不符合的项目（${no.length} 项）及原因`),
      el('div', { id: 'not-eligible' }, no.map(programCard))) : null));
  out.querySelector('#result-title').focus();
  out.scrollIntoView();
}

async function main() {
  chrome(null);
  const main = page('我能享受哪些救助');
  form = await api('/api/v1/selfcheck', { redirect401: false });
  const error = el('p', { className: 'alert', role: 'alert', id: 'error' });
  const out = el('div', { id: 'result', 'aria-live': 'polite' });
  members = el('div', { id: 'members' }, memberFieldset());
  renumber();
  const county = el('select', { id: 'county', required: true },
    el('option', { value: '' }, '请选择'), form.counties.map((c) => el('option', { value: c.code }, c.name)));
  const radio = (value, text) => el('label', { className: 'inline' },
    el('input', { type: 'radio', name: 'rural', value, required: true }), text);
  const f = el('form', { noValidate: true },
    el('p', {}, '填写您家共同生活的成员和收入、财产等情况，马上看到可能符合的救助项目、原因和申请方法。',
      el('strong', {}, '不需要登录，填写的内容不会被保存。')),
    el('div', { className: 'card' },
      el('label', { htmlFor: 'county' }, '所在区县'), county,
      el('fieldset', { className: 'plain' }, el('legend', {}, '家庭类别'), radio('0', '城镇家庭'), radio('1', '农村家庭'))),
    members,
    el('p', { className: 'row' },
      el('button', {
        type: 'button', className: 'secondary', id: 'add-member',
        onclick: () => {
          if (members.children.length >= form.max_members) { error.textContent = `家庭成员最多填写 ${form.max_members} 位`; return; }
          const fs = memberFieldset(); members.append(fs); renumber(); fs.querySelector('select, input').focus();
        },
      }, '添加家庭成员'),
      el('button', { type: 'submit', id: 'check' }, '查看结果')),
    error);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const rural = f.querySelector('input[name=rural]:checked');
    const body = { county: county.value, rural: rural ? rural.value === '1' : null, members: [...members.children].map(memberValues) };
    try {
      showResult(out, await api('/api/v1/selfcheck', { method: 'POST', body, redirect401: false }));
    } catch (e) {
      error.textContent = e.message;
      const m = /^members\[(\d+)\]\.(\w+)$/.exec(e.problem?.field ?? '');
      const target = m ? members.children[Number(m[1])]?.querySelector(`[data-name="${m[2]}"]`)
        : e.problem?.field === 'county' ? county : e.problem?.field === 'rural' ? f.querySelector('input[name=rural]') : null;
      const fold = target?.closest('details');
      if (fold) fold.open = true;
      target?.focus();
    }
  });
  main.append(f, out);
}

main().catch((e) => { document.getElementById('main').append(el('p', { className: 'alert', role: 'alert' }, e.message)); });
