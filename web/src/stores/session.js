// The session store: the signed-in account (null before sign-in or after
// sign-out) and 大字模式 (large type, kept in localStorage). The only global
// state of the console.
import { reactive } from 'vue';
import * as api from '../api/session.js';

const LARGE_KEY = 'mz-large-type';

export const session = reactive({
  user: null,
  large: localStorage.getItem(LARGE_KEY) === '1',
});

function applyLarge() {
  document.documentElement.classList.toggle('large', session.large);
}
applyLarge();

export function toggleLarge() {
  session.large = !session.large;
  localStorage.setItem(LARGE_KEY, session.large ? '1' : '0');
  applyLarge();
}

let asking = null; // the question in flight, shared by those who ask meanwhile

// The signed-in account, asked once; null without a session.
export function currentUser() {
  if (session.user) return Promise.resolve(session.user);
  asking ??= api.me().then(
    (u) => (session.user = u),
    (e) => {
      if (e.status !== 401) throw e;
      return null;
    },
  ).finally(() => {
    asking = null;
  });
  return asking;
}

export async function signIn(name, password, otp) {
  const r = await api.login(name, password, otp);
  session.user = null;
  return currentUser().then((u) => u ?? r.user);
}

export async function signOut() {
  await api.logout().catch(() => {});
  session.user = null;
}

export const forget = () => {
  session.user = null;
};

// Managers (区县民政, 市级管理员) see rolls, the dashboard and simulations.
export const isManager = (u) => u?.role === 'city_admin' || u?.role === 'district';

// District accounts (区县民政) build, approve and pay their unit's rolls.
export const isDistrict = (u) => u?.role === 'district';
