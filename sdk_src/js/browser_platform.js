// The only module of the parent-page SDK that touches window / document.
// Every function is called from the Python core (hence snake_case).
import { createCommonPlatform, plainData } from './platform_common.js';

// The chat widget's platform: the shared parent-page one plus the loading
// strategies' launcher and waits and the page tracking (connect() carries none of those).
export function createWidgetPlatform(prefix) {
  const common = createCommonPlatform(prefix);
  const { g, guarded, listen } = common;
  return Object.assign(hostPlatform(common), loadingPlatform(g, guarded, listen), locationWatch(g, guarded, listen));
}

export function createBrowserPlatform(prefix) {
  return hostPlatform(createCommonPlatform(prefix));
}

// The iframe's and the launcher's CSS ('' clears a property). !important: the
// host page's own rules (iframe { ... }, button { ... }) must not restyle them.
function applyStyle(node, style) {
  for (const key of Object.keys(style)) {
    if (style[key] === '') node.style.removeProperty(key);
    else node.style.setProperty(key, style[key], 'important');
  }
}

function detach(node) {
  if (node.parentNode) node.parentNode.removeChild(node);
}

function hostPlatform({ g, guarded, listen, log, platform }) {
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
    remove_frame: detach,
    set_style: applyStyle,
    frame_window: (frame) => frame.contentWindow,
    post_message: (frame, message, targetOrigin) => {
      const win = frame.contentWindow;
      if (win) win.postMessage(plainData(message), targetOrigin);
    },
    listen_viewport: (handler) => listen(g, 'resize', guarded(handler, 'resize handler')),
    debug: (text, data) => log('debug', [text, plainData(data)]),
  });
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

// ---- loading strategies (config `loading`): the stand-in launcher drawn on the
// host page before the chat frame exists, and the idle / visibility waits.
// DOM is built with createElement(NS) and styled through the CSSOM only (no
// innerHTML, no style attribute): it works under Trusted Types and a CSP
// without 'unsafe-inline' styles. What it looks like comes from the core
// (widget.launcher_spec); this only applies it.
const SVG_NS = 'http://www.w3.org/2000/svg';

function loadingPlatform(g, guarded, listen) {
  const specs = new WeakMap();   // launcher -> its current spec (hover and focus styles come and go)
  const parts = new WeakMap();   // launcher -> {icon, path, badge}
  const restore = (launcher, style) => {
    const button = specs.get(launcher).button;
    const back = {};
    for (const key of Object.keys(style)) back[key] = button[key] === undefined ? '' : button[key];
    applyStyle(launcher, back);
  };
  const update = (launcher, spec) => {
    const { icon, path, badge } = parts.get(launcher);
    specs.set(launcher, spec);
    launcher.setAttribute('aria-label', spec.label);
    path.setAttribute('d', spec.icon);
    badge.textContent = spec.badge;
    applyStyle(launcher, spec.button);
    applyStyle(icon, spec['icon-style']);
    applyStyle(badge, spec['badge-style']);
  };
  return {
    prefers_dark: () => typeof g.matchMedia === 'function' && g.matchMedia('(prefers-color-scheme: dark)').matches,
    create_launcher: (spec) => {
      const doc = g.document;
      const launcher = doc.createElement('button');
      launcher.setAttribute('type', 'button');
      launcher.setAttribute('aria-haspopup', 'dialog');
      launcher.setAttribute('data-embed-launcher', '');
      const icon = doc.createElementNS(SVG_NS, 'svg');
      icon.setAttribute('viewBox', '0 0 24 24');
      icon.setAttribute('aria-hidden', 'true');
      icon.setAttribute('focusable', 'false');
      const path = doc.createElementNS(SVG_NS, 'path');
      icon.appendChild(path);
      const badge = doc.createElement('span');
      badge.setAttribute('aria-hidden', 'true');
      launcher.appendChild(icon);
      launcher.appendChild(badge);
      parts.set(launcher, { icon, path, badge });
      update(launcher, spec);
      (doc.body || doc.documentElement).appendChild(launcher);
      return launcher;
    },
    update_launcher: update,
    // handler(what): hover | focus | pointerdown | click | blur. Also shows the
    // hover and keyboard-focus styles (a style attribute cannot hold :hover).
    listen_launcher: (launcher, handler) => {
      const on = (type, what, effect) => listen(launcher, type, guarded((event) => {
        if (effect) effect(event);
        if (what) handler(what);
      }, 'launcher ' + type + ' handler'));
      const offs = [
        on('pointerenter', 'hover', () => applyStyle(launcher, specs.get(launcher)['hover-style'])),
        on('pointerleave', null, () => restore(launcher, specs.get(launcher)['hover-style'])),
        on('pointerdown', 'pointerdown', null),
        on('focus', 'focus', () => {
          let visible = true;
          try { visible = launcher.matches(':focus-visible'); } catch (e) { visible = true; }
          if (visible) applyStyle(launcher, specs.get(launcher)['focus-style']);
        }),
        on('blur', 'blur', () => restore(launcher, specs.get(launcher)['focus-style'])),
        on('click', 'click', null),
      ];
      return () => { for (let i = 0; i < offs.length; i++) offs[i](); };
    },
    launcher_focused: (launcher) => g.document.activeElement === launcher,
    remove_launcher: detach,
    focus_frame: (frame) => { if (typeof frame.focus === 'function') frame.focus(); },
    // fn() once the page has loaded and the browser is idle; at most timeoutMs
    // after this call in any case. Returns the function that cancels the wait.
    when_idle: (fn, timeoutMs) => {
      let done = false;
      let offLoad = null;
      let idle = null;
      let soon = null;
      const cancel = () => {
        done = true;
        g.clearTimeout(timer);
        if (offLoad) offLoad();
        if (idle !== null) g.cancelIdleCallback(idle);
        if (soon !== null) g.clearTimeout(soon);
      };
      const run = guarded(() => { if (!done) { cancel(); fn(); } }, 'idle callback');
      const timer = g.setTimeout(run, timeoutMs);
      const loaded = () => {
        if (typeof g.requestIdleCallback === 'function') idle = g.requestIdleCallback(run, { timeout: timeoutMs });
        else soon = g.setTimeout(run, 1);   // no requestIdleCallback: right after the load event
      };
      if (g.document.readyState === 'complete') loaded();
      else offLoad = listen(g, 'load', () => { offLoad(); offLoad = null; loaded(); });
      return cancel;
    },
    // fn() once the element is within 200 px of the viewport (at once without
    // IntersectionObserver). Returns the function that stops watching.
    observe_visible: (element, fn) => {
      let done = false;
      let observer = null;
      let soon = null;
      const stop = () => {
        done = true;
        if (observer) observer.disconnect();
        if (soon !== null) g.clearTimeout(soon);
      };
      const run = guarded(() => { if (!done) { stop(); fn(); } }, 'visibility callback');
      if (typeof g.IntersectionObserver === 'function') {
        observer = new g.IntersectionObserver((entries) => {
          for (let i = 0; i < entries.length; i++) if (entries[i].isIntersecting) { run(); return; }
        }, { rootMargin: '200px' });
        observer.observe(element);
      } else {
        soon = g.setTimeout(run, 0);
      }
      return stop;
    },
  };
}
