// dist/embed.js as a classic script in a fresh realm (node:vm): the async
// snippet queues calls before the script arrives; the script defines only the
// global and replays the queue in order; a second copy keeps the first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { installDom } from './dom_shim.mjs';

const [embedPath, stubPath] = process.argv.slice(2);
const embed = fs.readFileSync(embedPath, 'utf8');
const stub = fs.readFileSync(stubPath, 'utf8');
let checks = 0;
const check = (fn, label) => { try { fn(); checks++; } catch (e) { console.error('FAILED: ' + label); throw e; } };

const warnings = [];
const context = vm.createContext({
  console: { log() {}, warn: (...a) => warnings.push(a.join(' ')), error: (...a) => warnings.push(a.join(' ')) },
  setTimeout, clearTimeout, URL, Promise,
});
const dom = installDom(context);
const run = (code) => vm.runInContext(code, context);
const keys = () => new Set(Object.getOwnPropertyNames(run('globalThis')));

run(stub);
run(`
  window.log = [];
  PilotStatus.on('ready', function () { log.push('ready'); });
  PilotStatus.on('open', function () { log.push('open'); });
  PilotStatus.init({ token: 'tok', baseUrl: 'https://chat.example.com' });
  PilotStatus.open();
  PilotStatus.sendMessage('queued before the script loaded');
  PilotStatus.bogus && PilotStatus.bogus();
`);
check(() => assert.equal(run('PilotStatus.q.length'), 5), 'stub queued the calls');
const before = keys();
run(embed);
const added = [...keys()].filter((k) => !before.has(k));
check(() => assert.deepEqual(added, []), 'embed.js adds no global besides replacing PilotStatus: ' + added);
check(() => assert.equal(typeof run('PilotStatus.version'), 'string'), 'real API installed');
check(() => assert.equal(run('typeof PilotStatus.q'), 'undefined'), 'stub replaced');
const frame = dom.frames()[0];
check(() => assert.equal(dom.frames().length, 1), 'init replayed: one frame');
dom.deliver('https://chat.example.com', frame.contentWindow, { source: 'pilot-status-embed', v: 1, type: 'ready' });
check(() => assert.deepEqual(frame.posted.map((p) => p.data.type), ['init', 'open', 'sendMessage']), 'replayed order');
check(() => assert.deepEqual(JSON.parse(run('JSON.stringify(log)')), ['open', 'ready']), 'listeners registered through the stub fire');
// A second copy of the script (double include) keeps the first instance.
const api = run('PilotStatus');
run(embed);
check(() => assert.equal(run('PilotStatus'), api), 'second copy keeps the first');
check(() => assert.equal(dom.frames().length, 1), 'still one frame');
check(() => assert.equal(dom.listeners.message.size, 1), 'still one listener');
check(() => assert.ok(warnings.some((w) => /loaded more than once/.test(w))), 'double include warns');
// Without the stub, in a clean realm, the script defines exactly one global.
const clean = vm.createContext({ console, setTimeout, clearTimeout, URL, Promise });
const cleanBefore = new Set(Object.getOwnPropertyNames(vm.runInContext('globalThis', clean)));
vm.runInContext(embed, clean);
const cleanAdded = Object.getOwnPropertyNames(vm.runInContext('globalThis', clean)).filter((k) => !cleanBefore.has(k));
check(() => assert.deepEqual(cleanAdded, []), 'no window: nothing defined, nothing thrown');
const withWindow = vm.createContext({ console, setTimeout, clearTimeout, URL, Promise });
vm.runInContext('var window = globalThis;', withWindow);
const wBefore = new Set(Object.getOwnPropertyNames(vm.runInContext('globalThis', withWindow)));
vm.runInContext(embed, withWindow);
const wAdded = Object.getOwnPropertyNames(vm.runInContext('globalThis', withWindow)).filter((k) => !wBefore.has(k));
check(() => assert.deepEqual(wAdded, ['PilotStatus']), 'only window.PilotStatus: ' + wAdded);
check(() => {
  let n = 0;
  vm.runInContext('for (var k in [1, 2]) __n++;', Object.assign(withWindow, { __n: 0 }));
  n = withWindow.__n;
  assert.equal(n, 2);
}, 'for..in over an array sees only indices');
check(() => {
  vm.runInContext('var __s = []; for (var k in "ab") __s.push(k); __s = __s.join(",");', withWindow);
  assert.equal(withWindow.__s, '0,1');
  assert.equal(vm.runInContext('Object.getOwnPropertyDescriptor(String.prototype, "format")', withWindow), undefined);
}, 'for..in over a string sees only indices; no String.prototype.format left behind');
console.log('ok ' + checks + ' checks');
