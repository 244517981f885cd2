// Whether the screen is phone-sized (at most 768 px wide), kept current.
import { ref } from 'vue';

const query = window.matchMedia('(max-width: 768px)');
export const narrow = ref(query.matches);
query.addEventListener('change', (e) => { narrow.value = e.matches; });
