// A paged and sorted list of the API kept in the route's query (page,
// sort, order), so Back and a reload return to the same page in the same
// order: params() for the API call, and the handlers and initial state of
// an el-table with `sortable="custom"` columns and an el-pagination.
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export const PER_PAGE = 20;

export function useList() {
  const route = useRoute();
  const router = useRouter();
  const page = computed(() => Math.max(1, Number(route.query.page) || 1));
  const sort = computed(() => String(route.query.sort ?? ''));
  const desc = computed(() => route.query.order === 'desc');
  // to the same page with query (empty values left out)
  const go = (query) => router.push({ query: Object.fromEntries(Object.entries(query).filter(([, v]) => v)) });
  return {
    page,
    go,
    params: () => ({
      page: page.value, per_page: PER_PAGE, sort: sort.value || undefined, order: sort.value && desc.value ? 'desc' : undefined,
    }),
    // el-table's default-sort: the column the list is sorted by
    defaultSort: computed(() => (sort.value ? { prop: sort.value, order: desc.value ? 'descending' : 'ascending' } : undefined)),
    // a header clicked: that order from the first page (none: the list's own order)
    onSort: ({ prop, order }) => go({
      ...route.query, page: undefined, sort: order ? prop : undefined, order: order === 'descending' ? 'desc' : undefined,
    }),
    onPage: (p) => go({ ...route.query, page: p }),
  };
}
