// Evaluated before the rest of the console (main.js imports it first): the
// signed-in account is asked for at once, while the browser still
// evaluates Element Plus and the router, instead of after them.
import { currentUser } from './stores/session.js';

currentUser().catch(() => {});
