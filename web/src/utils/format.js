// The one formatter for money and the one for dates and deadlines, so every
// page shows ¥1,234.00 and 2026-03-01 alike.

const money = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

// Yuan (a number or a decimal string) as ¥1,234.00; '—' when absent.
export function yuan(n) {
  if (n === null || n === undefined || n === '' || Number.isNaN(Number(n))) return '—';
  const v = Number(n);
  return `${v < 0 ? '-' : ''}¥${money.format(Math.abs(v))}`;
}

// Fen (integer) as ¥1,234.00.
export const fen = (n) => (n === null || n === undefined ? '—' : yuan(Number(n) / 100));

// A money input as typed ("1,500", "１５００", " 1500.5 元") to the decimal
// string the API takes ("1500", "1500.5"); other text is passed on for the
// server to refuse with its message.
export function moneyInput(text) {
  return String(text ?? '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[，,\s]|元$/g, '')
    .replace(/^¥/, '')
    .trim();
}

// A date (YYYY-MM-DD…) as YYYY-MM-DD; '—' when absent.
export const day = (d) => (d ? String(d).slice(0, 10) : '—');

// A time the server records (ISO, UTC) as Beijing time, to the second:
// 2026-12-03 17:42:11; '—' when absent.
export const moment = (t) => (t ? new Date(t).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }) : '—');

// A count with thousands separators.
export const count = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));

// A deadline's urgency in words: days = working days left (< 0 overdue,
// null not running) → { text, type } for an ElTag.
export function urgency(days) {
  if (days === null || days === undefined) return null;
  if (days < 0) return { text: `⚠ 已逾期 ${-days} 个工作日`, type: 'danger' };
  if (days === 0) return { text: '今天到期', type: 'warning' };
  return { text: `剩 ${days} 个工作日`, type: days <= 3 ? 'warning' : 'info' };
}

// Today in Asia/Shanghai as YYYY-MM-DD.
export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

// The engine's explanation as caseworkers read it: the internal names it
// prints beside each label ("年龄（周岁）（age_years）") and the division
// code of its heading ("区划 500103001003，") left out.
export const forPeople = (text) => String(text ?? '')
  .replace(/（[a-z][a-z0-9_.@=]*）/g, '')
  .replace(/区划 \d{6,12}，/g, '');
