// What the parent-page and frame platforms share: timers, animation frames,
// window message listeners, host-callback isolation, URL parsing and logging.
// Every function reads globals lazily (safe to import during server rendering).
export function createCommonPlatform(prefix) {
  const g = globalThis;
  const log = (level, args) => { if (g.console && g.console[level]) g.console[level](...args); };
  const guarded = (fn, label) => (...args) => {
    // A bug in the SDK must never surface as an exception inside the page's event loop.
    try { fn(...args); } catch (e) { log('error', [prefix + 'internal error in ' + label + ':', e]); }
  };
  const listen = (target, type, listener) => {
    target.addEventListener(type, listener);
    return () => target.removeEventListener(type, listener);
  };
  return {
    g, log, guarded, listen,
    platform: {
      parse_url: (text) => {
        let u;
        try { u = new URL(text); } catch (e) { return null; }
        return {
          protocol: u.protocol, username: u.username, password: u.password, hostname: u.hostname, port: u.port,
          host: u.host, origin: u.origin, pathname: u.pathname, search: u.search, hash: u.hash, href: u.href,
        };
      },
      encode_component: (text) => encodeURIComponent(text),
      listen_messages: (handler) => listen(g, 'message',
        guarded((event) => handler(event.origin, event.source, event.data), 'message handler')),
      set_timeout: (fn, ms) => g.setTimeout(guarded(fn, 'timer'), ms),
      clear_timeout: (handle) => g.clearTimeout(handle),
      request_frame: (fn) => (typeof g.requestAnimationFrame === 'function'
        ? g.requestAnimationFrame(guarded(fn, 'animation frame'))
        : -g.setTimeout(guarded(fn, 'animation frame'), 16)),
      cancel_frame: (handle) => (handle < 0 ? g.clearTimeout(-handle) : g.cancelAnimationFrame(handle)),
      now: () => Date.now(),
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
      listen_visibility: (handler) => {
        const changed = guarded(() => handler(!g.document.hidden), 'visibility handler');
        const offVisibility = listen(g.document, 'visibilitychange', changed);
        const offFocus = listen(g, 'focus', changed);
        return () => { offVisibility(); offFocus(); };
      },
      is_visible: () => !g.document.hidden,
      // The token travels only in the Authorization header: never a URL, a cookie or a Referer.
      request_json: (method, url, token, body, done) => {
        const finish = guarded(done, 'request callback');
        const headers = { 'content-type': 'application/json' };
        if (token) headers.authorization = 'Bearer ' + token;
        const payload = body === null || body === undefined ? undefined : JSON.stringify(plainData(body));
        g.fetch(url, {
          method, headers, body: payload, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
        }).then(async (response) => {
          let json = null;
          try { json = await response.json(); } catch (e) { json = null; }
          const retryAfter = Number(response.headers.get('retry-after'));
          finish(response.status, json, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
        }, () => finish(0, null, null));
      },
      warn: (text) => log('warn', [text]),
      report: (text) => log('error', [text]),
    },
  };
}

// Plain data only crosses the window boundary (no runtime helpers, no functions).
export function plainData(message) {
  return JSON.parse(JSON.stringify(message));
}
