// Host-page hygiene in Node: the page defines its own prototype methods (as
// legacy libraries do) before the SDK loads; the SDK must leave them in place,
// add nothing enumerable, and still work without ever calling them.
import assert from 'node:assert/strict';
import { installDom } from './dom_shim.mjs';

const bundle = process.argv[2];
let checks = 0;
const check = (fn, label) => { try { fn(); checks++; } catch (e) { console.error('FAILED: ' + label); throw e; } };

const hostile = () => { throw new Error('host-defined prototype method was called by the SDK'); };
const HOST = {
  String: ['format', 'startswith', 'endswith', 'strip', 'join', 'lower', 'upper', 'capitalize', 'find'],
  Array: ['append', 'remove', 'index', 'extend', 'insert', 'add', 'discard'],
};
const protoOf = { String: String.prototype, Array: Array.prototype };
const hostFns = {};
for (const [type, names] of Object.entries(HOST)) {
  for (const name of names) {
    const fn = function () { return hostile(); };
    hostFns[type + '.' + name] = fn;
    protoOf[type][name] = fn;       // plain assignment: enumerable, like legacy libraries
  }
}
const enumerable = (proto) => { const keys = []; for (const k in proto) keys.push(k); return keys.sort(); };
const before = { Array: enumerable(Array.prototype), String: enumerable(String.prototype),
  Function: enumerable(Function.prototype), Object: enumerable(Object.prototype) };
const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));

const dom = installDom();
const loaded = await import(bundle);
const sdk = bundle.endsWith(".cjs") ? loaded.default : loaded;

check(() => {
  for (const [type, names] of Object.entries(HOST)) {
    for (const name of names) assert.equal(protoOf[type][name], hostFns[type + '.' + name], type + '.' + name);
  }
}, 'host-defined methods are still the host\'s');
check(() => assert.deepEqual(enumerable(Array.prototype), before.Array), 'no new enumerable Array.prototype keys');
check(() => assert.deepEqual(enumerable(String.prototype), before.String), 'no new enumerable String.prototype keys');
check(() => assert.deepEqual(enumerable(Function.prototype), before.Function), 'Function.prototype');
check(() => assert.deepEqual(enumerable(Object.prototype), before.Object), 'Object.prototype');
check(() => {
  const added = Object.getOwnPropertyNames(globalThis).filter((k) => !globalsBefore.has(k));
  // Only what the DOM shim itself installed.
  assert.deepEqual(added.sort(), ['Element', 'addEventListener', 'cancelAnimationFrame', 'document', 'innerWidth',
    'location', 'navigator', 'removeEventListener', 'requestAnimationFrame', 'window'].sort());
}, 'no new globals');

// The whole flow still works with every host method booby-trapped.
const events = [];
sdk.on('ready', () => events.push('ready'));
sdk.on('message', (p) => events.push(p));
sdk.on('error', (p) => events.push(p));
let err = null;
try { sdk.init({ token: 'tok', baseUrl: 'http://chat', nope: 1 }); } catch (e) { err = e; }
check(() => { assert.ok(err instanceof Error); assert.equal(err.name, 'ConfigError'); }, 'config error with hostile host');
check(() => assert.match(err.message, /Unknown option "nope"/), 'error message built without host methods');
sdk.init({ token: 'tok-secret', baseUrl: 'https://chat.example.com/', theme: 'dark', questions: [' A? '] });
sdk.sendMessage('queued');
sdk.updateContact({ name: '  Jane ', email: '' });
const [frame] = dom.frames();
dom.deliver('https://chat.example.com', frame.contentWindow, { source: 'pilot-status-embed', v: 1, type: 'ready' });
dom.deliver('https://chat.example.com', frame.contentWindow,
  { source: 'pilot-status-embed', v: 1, type: 'message', payload: { role: 'ai', content: 'hi', __proto__x: 1 } });
check(() => assert.deepEqual(frame.posted.map((p) => p.data.type), ['init', 'sendMessage', 'updateContact']),
  'handshake + queue flush');
check(() => assert.deepEqual(frame.posted[2].data.payload, { fields: { name: 'Jane' } }), 'updateContact trimmed');
check(() => assert.deepEqual(frame.posted[0].data.payload.options.questions, ['A?']), 'questions trimmed');
check(() => assert.ok(frame.posted.every((p) => p.targetOrigin === 'https://chat.example.com')), 'exact targetOrigin');
check(() => assert.deepEqual(events, ['ready', { role: 'ai', content: 'hi' }]), 'events delivered');
console.log('ok ' + checks + ' checks');
