// The confirmation before anything that moves money or cannot be undone
// (ElMessageBox.confirm): 确认… focused, 取消 or Escape go back.
import { ElMessageBox } from 'element-plus';

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
