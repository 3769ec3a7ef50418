// What the parent-page, frame and headless platforms share: timers, animation
// frames, window message listeners, host-callback isolation, URL parsing and
// logging; networkPlatform() adds what only the frame and headless sides use
// (clock, visibility, JSON requests), so the script tag does not carry it.
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
    },
  };
}

export function networkPlatform({ g, guarded, listen }) {
  return {
    now: () => Date.now(),
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
      const payload = body === null || body === undefined ? undefined : toJson(body);
      g.fetch(url, {
        method, headers, body: payload, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
      }).then(async (response) => {
        let json = null;
        try { json = await response.json(); } catch (e) { json = null; }
        const retryAfter = Number(response.headers.get('retry-after'));
        finish(response.status, json, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
      }, () => finish(0, null, null));
    },
  };
}

// What crosses the window boundary (postMessage) and the network (fetch bodies) is
// built here from the SDK's own plain data, never by a JSON round trip: a host
// page's Array.prototype.toJSON (Prototype.js 1.6 has one), Object.prototype.toJSON
// or replaced JSON.stringify must not change what the frame or the server receives.
// Both follow JSON's rules: functions and undefined values are left out of
// objects (null in arrays), non-finite numbers become null, and toJSON is ignored.
const MAX_DEPTH = 64;

export function plainData(value, depth = 0) {
  if (typeof value === 'number') return isFinite(value) ? value : null;
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (depth > MAX_DEPTH) throw new TypeError('data nested deeper than ' + MAX_DEPTH + ' levels');
  if (Array.isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length; i++) {
      const item = plainData(value[i], depth + 1);
      out[i] = item === undefined ? null : item;
    }
    return out;
  }
  const out = {};
  for (const key of Object.keys(value)) {
    const item = plainData(value[key], depth + 1);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

export function toJson(value) {
  const data = plainData(value);
  return data === undefined ? 'null' : encode(data);
}

function encode(data) {
  if (data === null) return 'null';
  if (typeof data === 'string') return quote(data);
  if (typeof data !== 'object') return '' + data;
  let out = '';
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) out += (i > 0 ? ',' : '') + encode(data[i]);
    return '[' + out + ']';
  }
  for (const key of Object.keys(data)) out += (out === '' ? '' : ',') + quote(key) + ':' + encode(data[key]);
  return '{' + out + '}';
}

const SHORT_ESCAPES = { __proto__: null, 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

function quote(text) {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const short = code < 93 ? SHORT_ESCAPES[code] : undefined;
    if (short !== undefined) {
      out += short;
    } else if (code < 0x20 || (code >= 0xdc00 && code <= 0xdfff)) {
      out += '\\u' + ('000' + code.toString(16)).slice(-4);   // control character or lone low surrogate
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { out += text[i] + text[i + 1]; i++; }
      else out += '\\u' + code.toString(16);                   // lone high surrogate
    } else {
      out += text[i];
    }
  }
  return out + '"';
}
