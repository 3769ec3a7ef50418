// The built npm entry in Node: SSR-safe import, real Errors, detached methods,
// plain payload objects, independent instances, clean destroy.
import assert from 'node:assert/strict';
import { installDom } from './dom_shim.mjs';

const bundle = process.argv[2];
let checks = 0;
const check = (fn, label) => { try { fn(); checks++; } catch (e) { console.error('FAILED: ' + label); throw e; } };

const loaded = await import(bundle);    // no DOM yet: importing must not touch window/document
const sdk = bundle.endsWith(".cjs") ? loaded.default : loaded;
check(() => assert.equal(typeof sdk.version, 'string'), 'version');
check(() => {
  for (const name of ['init', 'open', 'close', 'toggle', 'sendMessage', 'updateContext', 'updateContact',
    'setQuestions', 'setTheme', 'setLocale', 'setToken', 'destroy', 'isReady', 'on', 'once', 'off', 'create']) {
    assert.equal(typeof sdk[name], 'function', name);
  }
}, 'named exports');
check(() => {
  assert.throws(() => sdk.init({ token: 't' }), (e) => e instanceof Error && e.name === 'StateError' &&
    e.code === 'no-browser' && e instanceof sdk.StateError && e instanceof sdk.SdkError);
}, 'init without a DOM is a clear StateError');
check(() => assert.throws(() => sdk.open(), (e) => e.name === 'StateError' && e.code === 'not-initialized'),
  'command before init');
check(() => assert.throws(() => sdk.on('nope', () => {}), (e) => e instanceof Error && e.code === 'unknown-event'
  && /ready, open, close/.test(e.message) && String(e).startsWith('ArgumentError')), 'unknown event');

const dom = installDom();
const { init, on, open, sendMessage, destroy, isReady } = sdk;   // detached
let caught;
try { init({ token: 't', baseUrl: 'http://chat.example.com' }); } catch (e) { caught = e; }
check(() => {
  assert.ok(caught instanceof Error && caught instanceof sdk.ConfigError);
  assert.equal(caught.name, 'ConfigError');
  assert.equal(caught.code, 'invalid-config');
  assert.match(caught.message, /baseUrl/);
  assert.match(caught.message, /https:/);
  assert.ok(typeof caught.stack === 'string');
}, 'ConfigError is a real Error naming field and rule');

const seen = [];
const unsubscribe = on('message', (payload) => seen.push(payload));
check(() => assert.equal(typeof unsubscribe, 'function'), 'on returns a function');
init({ token: 'tok', baseUrl: 'https://chat.example.com', mode: 'embedded', container: '#chat' });
open();
sendMessage('hello');
check(() => assert.equal(isReady(), false), 'not ready before handshake');
const frame = dom.containers['#chat'].children[0];
check(() => {
  assert.equal(frame.attributes.sandbox, 'allow-scripts allow-same-origin allow-forms allow-popups');
  assert.equal(frame.attributes.src, 'https://chat.example.com/?parentOrigin=https%3A%2F%2Fshop.example');
  assert.equal(frame.style.props.width, '100% !important');
}, 'iframe attributes and embedded size');
dom.deliver('https://chat.example.com.evil.io', frame.contentWindow, { source: 'pilot-status-embed', v: 1, type: 'ready' });
dom.deliver('https://chat.example.com', {}, { source: 'pilot-status-embed', v: 1, type: 'ready' });
check(() => assert.equal(frame.posted.length, 0), 'wrong origin / window ignored');
dom.deliver('https://chat.example.com', frame.contentWindow, { source: 'pilot-status-embed', v: 1, type: 'ready' });
check(() => assert.deepEqual(frame.posted.map((p) => p.data.type), ['init', 'open', 'sendMessage']), 'flush order');
check(() => assert.equal(frame.posted[0].data.payload.locale, 'pt-BR'), 'locale from navigator');
check(() => assert.deepEqual(Object.keys(frame.posted[0].data), ['source', 'v', 'type', 'payload']), 'envelope');
dom.deliver('https://chat.example.com', frame.contentWindow,
  { source: 'pilot-status-embed', v: 1, type: 'message', payload: { role: 'ai', content: 'yo', extra: 1 } });
check(() => {
  assert.equal(seen.length, 1);
  assert.equal(Object.getPrototypeOf(seen[0]), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyNames(seen[0]), ['role', 'content']);
  assert.deepEqual(JSON.parse(JSON.stringify(seen[0])), { role: 'ai', content: 'yo' });
}, 'payload is a plain object');
unsubscribe();
check(() => assert.equal(isReady(), true), 'ready');

// An independent instance.
const other = sdk.create();
check(() => assert.equal(other.isReady(), false), 'create() is independent');
check(() => assert.ok(Object.isFrozen(other)), 'instance is frozen');
const rawListenersBefore = dom.listeners.message.size;
other.init({ token: 'tok2', baseUrl: 'https://other.example.com' });
check(() => assert.equal(dom.listeners.message.size, rawListenersBefore + 1), 'second instance listens');
other.destroy();
destroy();
check(() => assert.equal(dom.listeners.message.size, 0), 'destroy removes every message listener');
check(() => assert.equal(dom.listeners.resize.size, 0), 'destroy removes every resize listener');
check(() => assert.equal(dom.frames().length + dom.containers['#chat'].children.length, 0), 'no iframe left');
check(() => assert.throws(() => open(), (e) => e.code === 'not-initialized' && /destroy/.test(e.message)),
  'after destroy');
console.log('ok ' + checks + ' checks');
