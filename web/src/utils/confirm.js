// The confirmation before anything that moves money or cannot be undone
// (ElMessageBox.confirm): 确认… focused, 取消 or Escape go back.
import { ElMessageBox } from '../element/feedback.js';

// Asks before a write that moves money or cannot be undone; true to go on.
// message says what will happen (and how much money moves).
export async function confirmed(message, title, confirmButtonText = '确认') {
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText, cancelButtonText: '取消', type: 'warning', autofocus: true, closeOnClickModal: false,
    });
    return true;
  } catch {
    return false;
  }
}

// Asks for a written reason before a write that needs one (approving
// against the engine's verdict): the reason typed, trimmed, or null when
// cancelled. Confirming with an empty reason is refused in the box, so
// nothing is sent without one. initial prefills the field.
export async function reasonGiven(message, title, confirmButtonText, initial = '') {
  try {
    const { value } = await ElMessageBox.prompt(message, title, {
      confirmButtonText, cancelButtonText: '取消', type: 'warning', closeOnClickModal: false,
      inputType: 'textarea', inputValue: initial, inputPlaceholder: '写明理由（必填）',
      inputValidator: (v) => Boolean(v?.trim()), inputErrorMessage: '须写明理由，否则不能确认',
    });
    return value.trim();
  } catch {
    return null;
  }
}
