// The only module of the parent-side SDK that touches window / document.
// Every function is called from the Python core (hence snake_case) and reads
// globals lazily, so importing the package during server rendering is safe.
export function createBrowserPlatform(prefix) {
  const g = globalThis;
  const log = (level, args) => { if (g.console && g.console[level]) g.console[level](...args); };
  const guarded = (fn, label) => (...args) => {
    // A bug in the SDK must never surface as an exception inside the host page's event loop.
    try { fn(...args); } catch (e) { log('error', [prefix + 'internal error in ' + label + ':', e]); }
  };
  const listen = (type, listener) => {
    g.addEventListener(type, listener);
    return () => g.removeEventListener(type, listener);
  };
  return {
    has_dom: () => typeof g.window === 'object' && typeof g.document === 'object' && g.document !== null &&
      typeof g.document.createElement === 'function',
    page_origin: () => g.location.origin,
    language: () => (g.navigator && typeof g.navigator.language === 'string' && g.navigator.language) || 'en',
    encode_component: (text) => encodeURIComponent(text),
    parse_url: (text) => {
      let u;
      try { u = new URL(text); } catch (e) { return null; }
      return {
        protocol: u.protocol, username: u.username, password: u.password, hostname: u.hostname, port: u.port,
        host: u.host, origin: u.origin, pathname: u.pathname, search: u.search, hash: u.hash, href: u.href,
      };
    },
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
      // JSON round trip: the frame receives plain data only, never runtime helpers.
      if (win) win.postMessage(JSON.parse(JSON.stringify(message)), targetOrigin);
    },
    listen_messages: (handler) =>
      listen('message', guarded((event) => handler(event.origin, event.source, event.data), 'message handler')),
    listen_viewport: (handler) => listen('resize', guarded(handler, 'resize handler')),
    set_timeout: (fn, ms) => g.setTimeout(guarded(fn, 'timer'), ms),
    clear_timeout: (handle) => g.clearTimeout(handle),
    request_frame: (fn) => (typeof g.requestAnimationFrame === 'function'
      ? g.requestAnimationFrame(guarded(fn, 'animation frame'))
      : -g.setTimeout(guarded(fn, 'animation frame'), 16)),
    cancel_frame: (handle) => (handle < 0 ? g.clearTimeout(-handle) : g.cancelAnimationFrame(handle)),
    call_async: (fn, onOk, onErr) => {
      Promise.resolve().then(() => fn()).then(guarded(onOk, 'async result'), guarded(onErr, 'async error'));
    },
    call_listener: (fn, arg, label) => {
      try {
        if (arg === null || arg === undefined) fn(); else fn(arg);
      } catch (e) {
        log('error', [prefix + 'a "' + label + '" callback threw; other callbacks still ran:', e]);
      }
    },
    warn: (text) => log('warn', [text]),
    report: (text) => log('error', [text]),
  };
}
