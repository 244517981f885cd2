// 发放名册: the monthly payment rolls (GET /api/v1/rolls), latest month
// first, each linking to its page; managers build or rebuild a month's roll
// (POST /api/v1/rolls) of any program paid monthly (GET /api/v1/programs;
// those with rolls first, the others marked as a first roll) and go to it.
import { api, el, field, isManager, page, postForm, run, table } from './app.js';

run(async (me) => {
  const main = page('发放名册');
  const r = await api('/api/v1/rolls');
  main.append(r.items.length ? table([
    { label: '月份', value: (x) => el('a', { href: `/web/roll.html?id=${x.id}` }, `${x.month} ${x.program_label}`) },
    { label: '状态', value: (x) => x.state_label },
    { label: '制表人', value: (x) => x.prepared_by },
    { label: '审核人', value: (x) => x.approved_by },
    { label: '笔数', value: (x) => String(x.lines) },
    { label: '合计（元）', value: (x) => x.total_yuan },
  ], r.items) : el('p', { className: 'note' }, '还没有名册。'));
  if (!isManager(me)) return;
  const rolled = new Set(r.items.map((x) => x.program));
  const monthly = (await api('/api/v1/programs')).items.filter((p) => p.monthly)
    .sort((a, b) => rolled.has(b.program) - rolled.has(a.program));
  main.append(postForm({
    id: 'build', title: '生成名册（草稿可重新生成）', button: '生成',
    fields: [
      field('program', '项目', {
        options: monthly.map((p) => [p.program, rolled.has(p.program) ? p.label : `${p.label}（尚无名册，首次生成）`]),
      }),
      field('month', '月份（如 2026-04）', { required: true }),
    ],
    path: '/api/v1/rolls', done: (b) => { location.href = `/web/roll.html?id=${b.roll.id}`; },
  }));
});
