// The one place that calls the server: JSON in and out with the session
// cookie. A problem+json answer becomes an ApiError carrying the server's
// Chinese message (detail), its stable code, the field it names and a title
// saying the cause (未登录, 无权办理, 未找到…), never a bare "出错了".
// A 401 on a page that needs a session calls the handler set by the router
// (to the login page).

const TITLES = {
  400: '请求有误',
  401: '请先登录',
  403: '无权办理',
  404: '未找到',
  405: '不支持的操作',
  409: '当前状态不允许此操作',
  413: '内容过大',
  415: '格式不支持',
  422: '填写有误',
  429: '操作过于频繁',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `请求失败（状态 ${status}）`);
    this.status = status;
    this.code = problem?.code ?? '';
    this.field = problem?.field ?? '';
    this.title = TITLES[status] ?? `请求失败（状态 ${status}）`;
  }
}

let onUnauthenticated = () => {};

// Sets what a 401 does (the router: to the login page, back here after).
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

async function send(path, { method = 'GET', body, redirect401 = true } = {}) {
  const opts = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch(path, opts);
  } catch {
    throw new ApiError(0, { detail: '无法连接服务器，请检查网络后重试' });
  }
  if (r.status === 401 && redirect401) {
    onUnauthenticated();
  }
  return r;
}

// A JSON request; resolves to the answer (null for 204), rejects with ApiError.
export async function request(path, options = {}) {
  const r = await send(path, options);
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

// A file answer (XLSX, CSV) saved as a download named filename.
export async function download(path, filename, body) {
  const r = await send(path, body === undefined ? {} : { method: 'POST', body });
  if (!r.ok) throw new ApiError(r.status, await r.json().catch(() => null));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await r.blob());
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(a.href);
}

// A file sent as multipart/form-data (field "file"); resolves to the
// answer, rejects with ApiError (413 too large, 415 not PDF/JPEG/PNG…).
export async function upload(path, file, { redirect401 = true } = {}) {
  const form = new FormData();
  form.append('file', file, file.name);
  let r;
  try {
    r = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: form });
  } catch {
    throw new ApiError(0, { detail: '无法连接服务器，请检查网络后重试' });
  }
  if (r.status === 401 && redirect401) onUnauthenticated();
  const data = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

export const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};
