// The landing page: staff sign in. The resident self-check is not built yet.
import { chrome, el, page } from './app.js';

chrome(null);
const main = page('数字民政');
main.append(
  el('p', {}, '社会救助、养老服务、儿童福利等民政业务的统一平台。'),
  el('div', { className: 'choices' },
    el('a', { className: 'card', href: '/web/login.html', id: 'to-login' }, '工作人员登录'),
    el('p', { className: 'card note' }, '居民自查“我能享受哪些救助”尚在建设中，请先到所在街道（乡镇）或社区（村）咨询。')));
