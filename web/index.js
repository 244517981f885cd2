// The landing page: the resident self-check (public) and the staff sign-in.
import { chrome, el, page } from './app.js';

chrome(null);
const main = page('数字民政');
main.append(
  el('p', {}, '社会救助、养老服务、儿童福利等民政业务的统一平台。'),
  el('div', { className: 'choices' },
    el('a', { className: 'card', href: '/web/selfcheck.html', id: 'to-selfcheck' }, '居民自查：我能享受哪些救助'),
    el('a', { className: 'card', href: '/web/login.html', id: 'to-login' }, '工作人员登录')));
