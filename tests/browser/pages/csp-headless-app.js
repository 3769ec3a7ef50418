// Headless client on a strict page: REST + WebSocket to the API origin only.
import { createHeadless } from '/headless.mjs';

window.client = createHeadless(window.__cfg);
window.headlessReady = true;
