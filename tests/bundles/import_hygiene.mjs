// Importing a bundle leaves the built-in prototypes as the host page had them:
// host-defined methods stay, nothing new is enumerable, no new globals.
import assert from 'node:assert/strict';

const bundle = process.argv[2];
const hostFormat = function format() { return 'host'; };
String.prototype.format = hostFormat;            // defined by the host page first (enumerable)
const hostRemove = function remove() { return 'host'; };
Array.prototype.remove = hostRemove;
const enumerable = (proto) => { const keys = []; for (const k in proto) keys.push(k); return keys.sort(); };
const before = [enumerable(Array.prototype), enumerable(String.prototype), enumerable(Function.prototype)];
const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));

const loaded = await import(bundle);
assert.ok(Object.keys(bundle.endsWith('.cjs') ? loaded.default : loaded).length > 0, 'bundle exports something');
assert.equal(String.prototype.format, hostFormat);
assert.equal(Array.prototype.remove, hostRemove);
assert.deepEqual([enumerable(Array.prototype), enumerable(String.prototype), enumerable(Function.prototype)], before);
const added = Object.getOwnPropertyNames(globalThis).filter((k) => !globalsBefore.has(k));
assert.deepEqual(added, []);
console.log('ok');
