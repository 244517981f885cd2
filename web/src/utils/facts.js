// A recorded fact as people read it: the server labels each fact's
// variable (label) and gives its kind; money is kept in fen.
import { fen } from './format.js';

export function factValue(f) {
  if (f.kind === 'money' && /^-?\d+$/.test(f.value)) return fen(Number(f.value));
  if (f.kind === 'bool') return f.value === '1' ? '是' : '否';
  return f.value;
}
