// Loading a page's data: { data, error, reload } for PageState; a 401 has
// already sent the browser to the sign-in page, so it is not an error here.
import { ref } from 'vue';

export function useLoad(fn) {
  const data = ref(null);
  const error = ref(null);
  async function reload() {
    try {
      data.value = await fn();
      error.value = null;
    } catch (e) {
      if (e.status !== 401) error.value = e;
    }
    return data.value;
  }
  reload();
  return { data, error, reload };
}
