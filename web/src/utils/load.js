// Loading a page's data: { data, error, loading, reload } for PageState.
import { ref } from 'vue';
import { ElMessageBox } from 'element-plus';

export function useLoad(fn, { immediate = true } = {}) {
  const data = ref(null);
  const error = ref(null);
  const loading = ref(false);
  async function reload() {
    loading.value = true;
    try {
      data.value = await fn();
      error.value = null;
    } catch (e) {
      if (e.status !== 401) error.value = e;
    } finally {
      loading.value = false;
    }
    return data.value;
  }
  if (immediate) reload();
  return { data, error, loading, reload };
}

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
