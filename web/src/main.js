// The console's entry: Vue, the Element Plus components it uses (zh-CN
// through the config provider of App.vue) and their styles before ours,
// the router. The caller's account is asked for at once, while the page's
// own script loads.
import { createApp } from 'vue';
import element from './element.js';
import './styles.css';
import App from './App.vue';
import { router } from './router.js';
import { currentUser } from './stores/session.js';

currentUser().catch(() => {});
createApp(App).use(element).use(router).mount('#app');
