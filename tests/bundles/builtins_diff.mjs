// Zero-diff check of the JavaScript built-ins around importing one built entry.
//
//   node builtins_diff.mjs <entry.mjs|entry.cjs> [--control]
//
// Snapshots every own property (Reflect.ownKeys: string and symbol keys) with
// its full descriptor (value / get / set identity, enumerable, writable,
// configurable), the [[Prototype]] and extensibility of the built-in
// constructors and their prototypes, plus every own property of globalThis;
// imports the entry (ESM via import(), CJS via require()); waits for timers the
// import may have scheduled; snapshots again and prints one JSON line:
//   {"bundle", "react", "exports", "checked", "diffs": ["Array.prototype: added ...", ...]}
// Exit status 0 only when there is no difference at all (non-enumerable
// additions count: a host page that uses Object.getOwnPropertyNames, Reflect,
// feature detection or its own polyfills sees them).
//
// React entries import `react`, an optional peer dependency. When it cannot be
// resolved from the entry's folder, a tiny stand-in (hooks that do nothing) is
// installed for both loaders BEFORE the first snapshot, so the entry's own
// import-time effects are still measured; "react" in the output says which.
//
// --control (positive control of this script): after the import, the script
// itself makes the changes a Python-to-JS runtime typically makes (a
// non-enumerable prototype method, an enumerable one, a replaced method, a
// redefined descriptor, a new global, a symbol-keyed property) and must report
// each of them.
import { createRequire } from 'node:module';
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const control = args.includes('--control');
const bundle = path.resolve(args.find((a) => !a.startsWith('--')) || '');

// Everything this script itself needs, captured before the entry runs.
const { ownKeys } = Reflect;
const { getOwnPropertyDescriptor, getPrototypeOf, isExtensible, defineProperty, is } = Object;
const SafeMap = Map;
const stringify = JSON.stringify;

const CONSTRUCTORS = ['Object', 'Array', 'String', 'Function', 'Number', 'Boolean', 'RegExp', 'Promise', 'Map', 'Set',
  'Uint8Array', 'Symbol', 'Error', 'TypeError', 'Date', 'WeakMap', 'WeakSet', 'ArrayBuffer', 'BigInt'];
const TARGETS = [];
for (const name of CONSTRUCTORS) {
  const ctor = globalThis[name];
  TARGETS.push([name, ctor]);
  TARGETS.push([name + '.prototype', ctor.prototype]);
}
const TypedArray = getPrototypeOf(Uint8Array);
TARGETS.push(['%TypedArray%', TypedArray], ['%TypedArray%.prototype', TypedArray.prototype]);
TARGETS.push(['JSON', JSON], ['Math', Math], ['Reflect', Reflect]);
TARGETS.push(['%IteratorPrototype%', getPrototypeOf(getPrototypeOf([][Symbol.iterator]()))]);
TARGETS.push(['%ArrayIteratorPrototype%', getPrototypeOf([][Symbol.iterator]())]);
TARGETS.push(['globalThis', globalThis]);

const label = (key) => (typeof key === 'symbol' ? '[' + String(key) + ']' : stringify(key));

function snapshot() {
  const result = new SafeMap();
  for (const [name, target] of TARGETS) {
    const props = new SafeMap();
    for (const key of ownKeys(target)) props.set(key, getOwnPropertyDescriptor(target, key));
    result.set(name, { props, proto: getPrototypeOf(target), extensible: isExtensible(target) });
  }
  return result;
}

function describe(d) {
  const kind = 'value' in d ? 'value ' + (typeof d.value) : 'accessor';
  return kind + ', ' + (d.enumerable ? 'enumerable' : 'non-enumerable');
}

function compare(before, after) {
  const diffs = [];
  for (const [name] of TARGETS) {
    const a = before.get(name);
    const b = after.get(name);
    if (!is(a.proto, b.proto)) diffs.push(name + ': [[Prototype]] replaced');
    if (a.extensible !== b.extensible) diffs.push(name + ': extensibility changed');
    for (const [key, d] of b.props) {
      const old = a.props.get(key);
      if (old === undefined) {
        diffs.push(name + ': added ' + label(key) + ' (' + describe(d) + ')');
        continue;
      }
      const changed = [];
      if (!is(old.value, d.value)) changed.push('value');        // identity (Object.is: NaN is NaN)
      if (old.get !== d.get) changed.push('getter');
      if (old.set !== d.set) changed.push('setter');
      for (const flag of ['enumerable', 'writable', 'configurable']) if (old[flag] !== d[flag]) changed.push(flag);
      if (changed.length) diffs.push(name + ': changed ' + label(key) + ' (' + changed.join(', ') + ')');
    }
    for (const key of a.props.keys()) if (!b.props.has(key)) diffs.push(name + ': removed ' + label(key));
  }
  return diffs;
}

// ---- the optional React peer ----------------------------------------------------------------------
const REACT_STUB = `
const noop = () => {};
export const version = 'stub';
export const useState = (v) => [typeof v === 'function' ? v() : v, noop];
export const useRef = (v) => ({ current: v });
export const useMemo = (f) => f();
export const useCallback = (f) => f;
export const useEffect = noop;
export const useLayoutEffect = noop;
export const useContext = (c) => (c ? c._value : undefined);
export const useSyncExternalStore = (subscribe, get) => get();
export const createContext = (v) => ({ _value: v, Provider: 'Provider', Consumer: 'Consumer' });
export const createElement = (type, props) => ({ type, props });
export const Fragment = 'Fragment';
export default { version, useState, useRef, useMemo, useCallback, useEffect, useLayoutEffect, useContext,
  useSyncExternalStore, createContext, createElement, Fragment };
`;
const HOOKS = `
const STUB = ${stringify('data:text/javascript,' + encodeURIComponent(REACT_STUB))};
export async function resolve(specifier, context, next) {
  if (specifier === 'react') return { url: STUB, shortCircuit: true };
  return next(specifier, context);
}
`;
let react = null;
const entrySource = (await import('node:fs')).readFileSync(bundle, 'utf8');
if (/from\s*"react"|require\("react"\)/.test(entrySource)) {
  try {
    createRequire(bundle).resolve('react');
    react = 'real';
  } catch {
    react = 'stub';
    Module.register('data:text/javascript,' + encodeURIComponent(HOOKS));
    const stub = await import('data:text/javascript,' + encodeURIComponent(REACT_STUB));
    const load = Module._load;
    Module._load = function (request, ...rest) {
      return request === 'react' ? stub : load.call(this, request, ...rest);
    };
  }
}

// ---- the measurement ---------------------------------------------------------------------------------
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
// Node defines many web globals (TextEncoder, Blob, atob, fetch's dispatcher...)
// as lazy accessors that turn into data properties on first read. Read every
// global once first, so that an entry merely using one is not a difference.
for (let pass = 0; pass < 2; pass++) {
  for (const key of ownKeys(globalThis)) { try { void globalThis[key]; } catch { /* a throwing getter */ } }
}
await settle();
const before = snapshot();
let loaded;
if (bundle.endsWith('.cjs')) loaded = createRequire(import.meta.url)(bundle);
else loaded = await import(pathToFileURL(bundle).href);
await settle();
await settle();

if (control) {
  defineProperty(Array.prototype, '__control_hidden__', { value() {}, writable: true, configurable: true });
  String.prototype.__control_enumerable__ = function () {};
  const originalGet = Map.prototype.get;
  Map.prototype.get = function (k) { return originalGet.call(this, k); };
  defineProperty(Function.prototype, 'toString', { enumerable: true });
  globalThis.__control_global__ = 1;
  defineProperty(Object.prototype, Symbol.for('control'), { value: 1, configurable: true });
}

const after = snapshot();
const diffs = compare(before, after);
let checked = 0;
for (const entry of before.values()) checked += entry.props.size;
const exported = loaded && typeof loaded === 'object' ? Object.keys(loaded).length : 0;
console.log(stringify({ bundle, react, exports: exported, checked, diffs }));
process.exitCode = diffs.length === 0 && exported > 0 ? 0 : 1;
