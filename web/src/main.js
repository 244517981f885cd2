// The console's entry: the caller's account asked for first (early.js),
// then Vue, the Element Plus components every page uses (zh-CN through the
// config provider of App.vue) and their styles before ours, the router.
import './early.js';
import { createApp } from 'vue';
import element from './element/global.js';
import './styles.css';
import App from './App.vue';
import { router } from './router.js';

createApp(App).use(element).use(router).mount('#app');
