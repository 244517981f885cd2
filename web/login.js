// Sign in: POST /api/v1/login sets the session cookie; then on to the page
// asked for (a page of this UI only) or the caller's landing page (app.js landing).
import { api, chrome, el, landing, page, param } from './app.js';

chrome(null);
const main = page('工作人员登录');
const error = el('p', { className: 'alert', role: 'alert', id: 'error' });
const name = el('input', { id: 'name', name: 'name', autocomplete: 'username', required: true });
const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
const submit = el('button', { type: 'submit' }, '登录');
const form = el('form', { className: 'card', noValidate: true },
  el('label', { htmlFor: 'name' }, '账户名'), name,
  el('label', { htmlFor: 'password' }, '密码'), password,
  error, el('p', {}, submit));
main.append(form);
name.focus();

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  error.textContent = '';
  if (!name.value.trim() || !password.value) {
    error.textContent = !name.value.trim() ? '请填写账户名' : '请填写密码';
    (!name.value.trim() ? name : password).focus();
    return;
  }
  submit.disabled = true;
  try {
    const r = await api('/api/v1/login', { method: 'POST', body: { name: name.value.trim(), password: password.value }, redirect401: false });
    const next = param('next');
    location.href = next && /^[a-z]+\.html(\?[\w=&%-]*)?$/.test(next) ? `/web/${next}` : landing(r.user);
  } catch (e) {
    error.textContent = e.status === 401 ? '账户名或密码不正确' : e.message;
    password.value = '';
    password.focus();
  } finally {
    submit.disabled = false;
  }
});
