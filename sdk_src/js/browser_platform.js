// The only module of the parent-page SDK that touches window / document.
// Every function is called from the Python core (hence snake_case).
import { createCommonPlatform, plainData } from './platform_common.js';

export function createBrowserPlatform(prefix) {
  const { g, guarded, listen, log, platform } = createCommonPlatform(prefix);
  return Object.assign(platform, {
    has_dom: () => typeof g.window === 'object' && typeof g.document === 'object' && g.document !== null &&
      typeof g.document.createElement === 'function',
    page_origin: () => g.location.origin,
    language: () => (g.navigator && typeof g.navigator.language === 'string' && g.navigator.language) || 'en',
    viewport_width: () => g.innerWidth || (g.document.documentElement && g.document.documentElement.clientWidth) || 0,
    is_element: (value) => typeof g.Element === 'function' && value instanceof g.Element,
    find_container: (target) => {
      if (typeof target !== 'string') return target;
      try { return g.document.querySelector(target); } catch (e) { return null; }
    },
    create_frame: (attrs, container) => {
      const frame = g.document.createElement('iframe');
      for (const key of Object.keys(attrs)) frame.setAttribute(key, attrs[key]);
      (container || g.document.body || g.document.documentElement).appendChild(frame);
      return frame;
    },
    remove_frame: (frame) => { if (frame.parentNode) frame.parentNode.removeChild(frame); },
    set_style: (frame, style) => {
      for (const key of Object.keys(style)) {
        if (style[key] === '') frame.style.removeProperty(key);
        else frame.style.setProperty(key, style[key], 'important');
      }
    },
    frame_window: (frame) => frame.contentWindow,
    post_message: (frame, message, targetOrigin) => {
      const win = frame.contentWindow;
      if (win) win.postMessage(plainData(message), targetOrigin);
    },
    listen_viewport: (handler) => listen(g, 'resize', guarded(handler, 'resize handler')),
    debug: (text, data) => log('debug', [text, plainData(data)]),
  }, locationWatch(g, guarded, listen));
}

// Page tracking (SPA navigation). Nothing of the host's is patched: `history`
// stays exactly as the page (and its other libraries) left it.
function locationWatch(g, guarded, listen) {
  const noop = () => {};
  return {
    current_page: () => {
      try {
        return { href: String(g.location.href), title: typeof g.document.title === 'string' ? g.document.title : '' };
      } catch (e) { return null; }                     // no location (a DOM stand-in): no page to tell
    },
    // handler() is called when the address may have changed (the core reads it and
    // de-duplicates); returns the function that stops watching. Page tracking is a
    // nicety: an environment without these events gets none, never a failed init().
    watch_location: (handler, pollMs) => {
      const changed = guarded(() => handler(), 'location handler');
      const nav = g.navigation;
      if (nav && typeof nav.addEventListener === 'function' && 'currentEntry' in nav) {
        // The Navigation API reports every same-document change, pushState and replaceState included.
        return listen(nav, 'currententrychange', changed);
      }
      const doc = g.document;
      if (typeof g.addEventListener !== 'function' || !doc || typeof doc.addEventListener !== 'function'
        || typeof g.setInterval !== 'function') return noop;
      // popstate (back/forward) and hashchange are events; pushState/replaceState are not, so
      // location.href is compared every pollMs while the tab is visible (a string comparison).
      let last = String(g.location.href);
      let timer = null;
      const tick = () => {
        const href = String(g.location.href);
        if (href !== last) { last = href; changed(); }
      };
      const resume = () => {
        if (timer === null && !g.document.hidden) timer = g.setInterval(guarded(tick, 'location poll'), pollMs);
      };
      const pause = () => { if (timer !== null) { g.clearInterval(timer); timer = null; } };
      const offPop = listen(g, 'popstate', changed);
      const offHash = listen(g, 'hashchange', changed);
      const offVisibility = listen(g.document, 'visibilitychange', guarded(() => {
        if (g.document.hidden) pause(); else { tick(); resume(); }
      }, 'visibility handler'));
      resume();
      return () => { pause(); offPop(); offHash(); offVisibility(); };
    },
  };
}
