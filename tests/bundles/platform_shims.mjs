// Drives the real platform shims (sdk_src/js/*_platform.js, copied by the test
// next to a {"type": "module"} package.json) in Node with a fake window, fetch,
// WebSocket, timers and console, and prints what they did as JSON for
// tests/unit/test_platform_contract.py to assert on.
//   node platform_shims.mjs <dir with the shims> <log prefix>
import { installDom } from './dom_shim.mjs';

const [dir, prefix] = process.argv.slice(2);
const { createBrowserPlatform, createWidgetPlatform } = await import(dir + '/browser_platform.js');
const { createFramePlatform } = await import(dir + '/frame_platform.js');
const { createHeadlessPlatform } = await import(dir + '/headless_platform.js');

const g = globalThis;
const out = {};
const tick = () => new Promise((resolve) => setImmediate(resolve));
const realSetTimeout = setTimeout;

// Console and timers under the test's control.
const consoleLog = [];
for (const level of ['error', 'warn', 'debug']) {
  g.console[level] = (...args) => consoleLog.push([level, ...args.map((a) => (a instanceof Error ? 'Error:' + a.message : a))]);
}
const timers = [];
let timerSeq = 0;
g.setTimeout = (fn, ms) => { timers.push({ handle: ++timerSeq, fn, ms }); return timerSeq; };
g.clearTimeout = (handle) => { const i = timers.findIndex((t) => t.handle === handle); if (i >= 0) timers.splice(i, 1); };
const fire = (handle) => { const t = timers.find((x) => x.handle === handle); g.clearTimeout(handle); t.fn(); };
const windowListeners = {};
g.addEventListener = (type, fn) => { (windowListeners[type] = windowListeners[type] || []).push(fn); };
g.removeEventListener = (type, fn) => {
  const list = windowListeners[type] || [];
  const i = list.indexOf(fn);
  if (i >= 0) list.splice(i, 1);
};
const dispatch = (type, event) => { for (const fn of [...(windowListeners[type] || [])]) fn(event); };

const browser = createBrowserPlatform(prefix);
const frame = createFramePlatform(prefix);
const headless = createHeadlessPlatform(prefix);
const shape = (p) => Object.fromEntries(Object.keys(p).sort().map((k) => [k, typeof p[k] === 'function' ? p[k].length : null]));
out.methods = { browser: shape(browser), widget: shape(createWidgetPlatform(prefix)), frame: shape(frame), headless: shape(headless) };

// ---- common: timers, frames, messages, listeners, async ----
{
  const ran = [];
  const h1 = browser.set_timeout(() => ran.push('t1'), 250);
  const h2 = browser.set_timeout(() => { throw new Error('boom'); }, 10);
  const h3 = browser.set_timeout(() => ran.push('t3'), 5);
  const scheduled = timers.map((t) => t.ms);
  browser.clear_timeout(h3);
  fire(h2);   // must not throw into the event loop
  fire(h1);
  consoleLog.length = 0;
  fire(browser.set_timeout(() => { throw new Error('boom'); }, 0));
  const timerError = consoleLog.slice();
  g.requestAnimationFrame = undefined;
  const fallback = frame.request_frame(() => ran.push('frame'));
  const fallbackMs = timers[timers.length - 1].ms;
  frame.cancel_frame(fallback);
  const cancelledFallback = timers.length;
  let rafCalls = 0;
  let cancelled = null;
  g.requestAnimationFrame = (fn) => { rafCalls++; fn(); return 7; };
  g.cancelAnimationFrame = (h) => { cancelled = h; };
  const raf = frame.request_frame(() => ran.push('raf'));
  frame.cancel_frame(raf);
  delete g.requestAnimationFrame;
  delete g.cancelAnimationFrame;
  const messages = [];
  const source = { name: 'win' };
  const unlisten = browser.listen_messages((origin, src, data) => messages.push([origin, src === source, data]));
  dispatch('message', { origin: 'https://a.example', source, data: { x: 1 } });
  unlisten();
  dispatch('message', { origin: 'https://b.example', source, data: 2 });
  consoleLog.length = 0;
  const args = [];
  browser.call_listener(function () { args.push(arguments.length); }, null, 'ready');
  browser.call_listener((v) => args.push(v), 5, 'count');
  browser.call_listener(() => { throw new TypeError('host bug'); }, null, 'open');
  const listenerError = consoleLog.slice();
  const asyncResults = [];
  browser.call_async(() => Promise.resolve('tok'), (v) => asyncResults.push(['ok', v]), (e) => asyncResults.push(['err', String(e)]));
  browser.call_async(() => { throw new Error('nope'); }, (v) => asyncResults.push(['ok', v]), (e) => asyncResults.push(['err', e.message]));
  const syncResults = asyncResults.length;
  await tick();
  await tick();
  consoleLog.length = 0;
  browser.warn('w');
  browser.report('r');
  out.common = {
    ran, scheduled, timerError, fallback: fallback < 0, fallbackMs, cancelledFallback, rafCalls, raf, cancelled,
    messages, args, listenerError, asyncResults, syncResults, logs: consoleLog.slice(),
    url: browser.parse_url('HTTPS://User:pw@Chat.Example.com:443/a/b?q=1#h'), badUrl: browser.parse_url('not a url'),
    encoded: browser.encode_component('a b&c=d/é'),
  };
}

// ---- browser: DOM, frames, postMessage ----
{
  const ownListeners = [g.addEventListener, g.removeEventListener];
  const dom = installDom(g, { origin: 'https://shop.example', width: 900 });
  consoleLog.length = 0;
  const created = browser.create_frame({ src: 'https://chat.example/?parentOrigin=x', title: 'Chat', sandbox: 'allow-scripts' }, null);
  const inContainer = browser.create_frame({ src: 'https://chat.example/' }, dom.containers['#chat']);
  browser.set_style(created, { position: 'fixed', width: '400px' });
  browser.set_style(created, { width: '' });
  const message = { source: 'x', type: 'init', payload: { token: 't', cb: () => 1, list: [1, undefined, NaN] } };
  Array.prototype.toJSON = () => 'HOSTILE';
  browser.post_message(created, message, 'https://chat.example');
  delete Array.prototype.toJSON;
  const posted = created.posted[0];
  const dataIsCopy = posted.data !== message && posted.data.payload !== message.payload;
  browser.remove_frame(inContainer);
  browser.debug('note', { a: [1], f: () => 1 });
  const badSelector = g.document.querySelector;
  g.document.querySelector = () => { throw new SyntaxError('bad selector'); };
  const invalid = browser.find_container('##');
  g.document.querySelector = badSelector;
  let resized = 0;
  const unResize = browser.listen_viewport(() => { resized++; });
  for (const fn of [...dom.listeners.resize]) fn({});
  unResize();
  out.browser = {
    hasDom: browser.has_dom(), origin: browser.page_origin(), language: browser.language(),
    width: browser.viewport_width(),
    isElement: [browser.is_element(dom.containers['#chat']), browser.is_element({ tagName: 'div' })],
    found: browser.find_container('#chat') === dom.containers['#chat'], missing: browser.find_container('#none'),
    passThrough: browser.find_container(dom.containers['#chat']) === dom.containers['#chat'], invalid,
    tag: created.tagName, attributes: created.attributes, inBody: dom.body.children.includes(created),
    inContainer: dom.containers['#chat'].children.length, style: created.style.props,
    frameWindow: browser.frame_window(created) === created.contentWindow,
    posted: { data: posted.data, targetOrigin: posted.targetOrigin, dataIsCopy },
    resized, listenersLeft: dom.listeners.resize.size, debug: consoleLog.slice(),
  };
  for (const key of ['window', 'document', 'Element', 'location', 'innerWidth', 'navigator']) delete g[key];
  [g.addEventListener, g.removeEventListener] = ownListeners;
}

// ---- network side: fetch (both frame and headless use the same code) ----
async function requests(p) {
  const calls = [];
  const results = [];
  let respond = null;
  g.fetch = (url, init) => {
    calls.push({ url, init: { ...init, headers: { ...init.headers } } });
    return respond();
  };
  const done = (...args) => results.push(args);
  respond = () => Promise.resolve({ status: 201, json: async () => ({ ok: true }), headers: { get: (h) => (h === 'retry-after' ? '7' : null) } });
  const savedStringify = JSON.stringify;
  Array.prototype.toJSON = () => 'HOSTILE';
  JSON.stringify = () => 'HOSTILE';
  p.request_json('POST', 'https://api.example/v1/embed/x?a=1', 'secret.token.value', { text: 'olá "q"\n', list: [1, 2], fn: () => 1, n: NaN }, done);
  JSON.stringify = savedStringify;
  delete Array.prototype.toJSON;
  respond = () => Promise.resolve({ status: 204, json: async () => { throw new SyntaxError('empty'); }, headers: { get: () => 'soon' } });
  p.request_json('GET', 'https://api.example/v1/y', null, null, done);
  respond = () => Promise.reject(new TypeError('offline'));
  p.request_json('GET', 'https://api.example/v1/z', '', undefined, done);
  for (let i = 0; i < 6; i++) await tick();
  return { calls, results };
}

// ---- frame ----
{
  const parentPosts = [];
  g.location = { search: '?parentOrigin=https%3A%2F%2Fshop.example&x=1' };
  g.parent = { postMessage: (data, targetOrigin) => parentPosts.push({ data, targetOrigin }) };
  const message = { source: 's', type: 'ready', payload: { f: () => 1, a: [undefined] } };
  frame.post_to_parent(message, 'https://shop.example');
  const framed = frame.parent_window() === g.parent;
  g.parent = g;
  const unframed = frame.parent_window();
  const payload = Buffer.from(JSON.stringify({ sub: 'ção', exp: 5 })).toString('base64url');
  let visible = null;
  g.document = { hidden: false, body: { getBoundingClientRect: () => ({ height: 99.2 }) }, addEventListener: (t, fn) => { g.__vis = fn; }, removeEventListener: () => { g.__vis = null; } };
  const heights = [];
  frame.observe_height((h) => heights.push(h));
  let observed = null;
  let disconnected = false;
  g.ResizeObserver = class { constructor(fn) { this.fn = fn; } observe(el) { observed = el; this.fn(); } disconnect() { disconnected = true; } };
  const stop = frame.observe_height((h) => heights.push(h));
  stop();
  delete g.ResizeObserver;
  const unVisible = frame.listen_visibility((v) => { visible = v; });
  g.document.hidden = true;
  g.__vis();
  const afterHide = visible;
  g.document.hidden = false;
  dispatch('focus', {});
  unVisible();
  const now = frame.now();
  out.frame = {
    parentOrigin: frame.parent_origin_param(), framed, unframed, parentPosts, heights,
    observedBody: observed === g.document.body, disconnected,
    claims: frame.jwt_claims('h.' + payload + '.sig'), badClaims: [frame.jwt_claims('nope'), frame.jwt_claims('a.!!.c')],
    visibility: [afterHide, visible], isVisible: frame.is_visible(), nowIsClock: Math.abs(now - Date.now()) < 60000,
    requests: await requests(frame),
  };
  for (const key of ['location', 'parent', 'document', '__vis']) delete g[key];
}

// ---- headless ----
{
  const sockets = [];
  class FakeWebSocket {
    constructor(url) {
      if (url === 'wss://fail.example/') throw new SyntaxError('bad url');
      this.url = url; this.readyState = 0; this.sent = []; this.closed = []; this.listeners = {};
      sockets.push(this);
    }
    addEventListener(type, fn) { this.listeners[type] = fn; }
    send(text) { this.sent.push(text); }
    close(code) { this.closed.push(code); if (this.throwOnClose) throw new Error('closed'); }
  }
  g.WebSocket = FakeWebSocket;
  const events = [];
  const socket = headless.open_socket('wss://api.example/v1/ws/c1?token=abc', () => events.push('open'),
    (text) => events.push(['message', text]), (code) => events.push(['close', code]));
  headless.socket_send(socket, 'early');
  socket.readyState = 1;
  socket.listeners.open();
  socket.listeners.message({ data: '{"t":1}' });
  socket.listeners.message({ data: new ArrayBuffer(2) });
  headless.socket_send(socket, 'hello');
  socket.listeners.close({ code: 4001 });
  headless.socket_close(socket);
  socket.throwOnClose = true;
  headless.socket_close(socket);
  headless.socket_close(null);
  const failed = headless.open_socket('wss://fail.example/', () => events.push('open2'), () => {}, (code) => events.push(['close2', code]));
  const beforeTask = events.length;
  fire(timers[timers.length - 1].handle);
  const store = {};
  g.localStorage = { getItem: (k) => (k in store ? store[k] : null), setItem: (k, v) => { store[k] = v; } };
  headless.storage_set('visitor', 'v1');
  const stored = headless.storage_get('visitor');
  g.localStorage = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  headless.storage_set('visitor', 'v2');
  const denied = headless.storage_get('visitor');
  delete g.localStorage;
  const r = headless.random();
  out.headless = {
    url: socket.url, events, sent: socket.sent, closed: socket.closed, failed, beforeTask, stored, denied, store,
    json: [headless.json_parse('{"a":[1]}'), headless.json_parse('{bad')],
    timestamp: headless.make_timestamp(0) instanceof Date && headless.make_timestamp(5).getTime() === 5,
    iso: /^\d{4}-\d\d-\d\dT/.test(headless.iso_now()), random: r >= 0 && r < 1,
    requests: await requests(headless),
  };
}

g.setTimeout = realSetTimeout;
process.stdout.write(JSON.stringify(out) + '\n');
