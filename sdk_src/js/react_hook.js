// @ts-check
// The iframe SDK as a React hook. One SDK instance per mounted hook, created with
// create() in an effect (never during rendering, so server rendering touches no
// window) and destroyed on unmount. The facts it needs (events, commands, options,
// codes, and the core through the package's own entry) come from ./react_facts.js,
// generated per build profile from sdk_src/api_spec.py (templates/react_facts.js.j2;
// its types: react_facts.d.ts). build.py copies this file next to it; the entry
// (templates/react.js.j2) exports the hook under the profile's name. Type-checked
// by tests/bundles/test_js_modules.py.
//
// Host-proof: no includes/indexOf/map/forEach/filter/bind/call/apply/JSON.stringify
// (a host page may have replaced them); loops over our own arrays instead.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { create, ArgumentError, StateError, EVENTS, COMMANDS, QUEUE_MAX, PREFIX, IDENTITY, LIVE, CALLBACKS,
  UNKNOWN_EVENT, INVALID_ARGUMENT, QUEUE_FULL, NOT_INITIALIZED, INVALID_CONFIG } from './react_facts.js';

/** @typedef {import('./react_facts.js').ChatInstance} Sdk */
/** @typedef {{ message: string, code: string }} ErrorPayload */
/** @typedef {(payload?: any) => void} Listener */
/**
 * @typedef {object} Box  Per-hook state that outlives SDK instances.
 * @property {Sdk | null} sdk
 * @property {[string, any[]][]} pending
 * @property {Record<string, Listener[]>} listeners
 * @property {Record<string, string | undefined>} applied
 * @property {() => Promise<void>} reset
 */

/** @param {any} value */
function describe(value) {
  return typeof value === 'string' ? '"' + value + '"' : value === null ? 'null' : typeof value;
}

/**
 * Array.prototype.indexOf without calling it (a host page may have replaced it).
 * @param {readonly unknown[]} list
 * @param {unknown} item
 */
function indexOf(list, item) {
  for (let i = 0; i < list.length; i++) if (list[i] === item) return i;
  return -1;
}

/**
 * A string that changes exactly when an option's value (plain data) does: built
 * here, not with JSON.stringify or toJSON, which a host page may have replaced.
 * Parts are length-prefixed, so no two values share a key.
 * @param {any} value
 * @returns {string | undefined}
 */
function keyOf(value) {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? typeof value + ':' + value : typeof value;
  }
  const array = Array.isArray(value);
  let key = array ? '[' : '{';
  for (const k of Object.keys(value)) {
    const item = keyOf(value[k]) || '';
    key += (array ? '' : k.length + ':' + k) + item.length + ':' + item;
  }
  return key;
}

/** @param {string} text @param {unknown} [error] */
function report(text, error) {
  if (typeof console !== 'undefined' && console.error) console.error(PREFIX + text, error);
}

/** @param {string} method @param {unknown} name @param {unknown} callback */
function checkListener(method, name, callback) {
  if (typeof name !== 'string' || indexOf(EVENTS, name) < 0) {
    throw ArgumentError(UNKNOWN_EVENT, method + '(): unknown event ' + describe(name)
      + '; events are: ' + EVENTS.join(', ') + '.');
  }
  if (typeof callback !== 'function') {
    throw ArgumentError(INVALID_ARGUMENT, method + '(name, callback): callback must be a function; '
      + 'got ' + describe(callback) + '.');
  }
}

// Listeners registered through the hook outlive SDK instances (a re-init keeps
// them); each instance forwards its events here.
/** @param {Box} box @param {string} name @param {unknown} payload */
function dispatch(box, name, payload) {
  const list = box.listeners[name].slice();
  for (const fn of list) {
    if (indexOf(box.listeners[name], fn) < 0) continue;
    try {
      if (payload === undefined || payload === null) fn(); else fn(payload);
    } catch (e) {
      report('a "' + name + '" callback threw; other callbacks still ran:', e);
    }
  }
}

/** @param {Box} box */
function makeApi(box) {
  /** @type {Record<string, Function>} */
  const api = {};
  for (const name of COMMANDS) {
    api[name] = function (/** @type {any[]} */ ...args) {
      if (box.sdk !== null) return box.sdk[name](...args);
      // Before the instance exists (first render, child effects run before ours,
      // between a re-init's destroy and create): held and replayed after init().
      if (box.pending.length >= QUEUE_MAX) {
        dispatch(box, 'error', { message: name + '() was dropped: ' + QUEUE_MAX + ' calls are already waiting '
          + 'for the widget.', code: QUEUE_FULL });
        return undefined;
      }
      box.pending.push([name, args]);
      return undefined;
    };
  }
  /** @param {string} name @param {Listener} callback */
  api.on = function (name, callback) {
    checkListener('on', name, callback);
    const list = box.listeners[name];
    if (indexOf(list, callback) < 0) list.push(callback);
    return () => api.off(name, callback);
  };
  /** @param {string} name @param {Listener} callback */
  api.off = function (name, callback) {
    checkListener('off', name, callback);
    const list = box.listeners[name];
    const index = indexOf(list, callback);
    if (index >= 0) list.splice(index, 1);
  };
  api.reset = () => box.reset();
  return api;
}

/**
 * The chat widget for a React component. Returns stable functions (same
 * identity on every render) plus `isReady`, `unreadCount` and `error`.
 * Re-initialises only when an identity option (or, in embedded mode, the container) changes.
 * @param {Record<string, any> | null | undefined} config
 */
export function useChatWidget(config) {
  const cfg = config || {};
  const latest = useRef(cfg);
  /** @type {{ current: Box | null }} */
  const boxRef = useRef(/** @type {Box | null} */ (null));
  if (boxRef.current === null) {
    /** @type {Record<string, Listener[]>} */
    const listeners = {};
    for (const name of EVENTS) listeners[name] = [];
    boxRef.current = { sdk: null, pending: [], listeners, applied: {}, reset: () => Promise.resolve() };
  }
  const box = boxRef.current;
  const [api] = useState(() => makeApi(box));
  const [containerNode, setContainerNode] = useState(/** @type {HTMLElement | null} */ (null));
  const containerRef = useCallback((/** @type {HTMLElement | null} */ node) => setContainerNode(node || null), []);
  const [isReady, setReady] = useState(false);
  const [unreadCount, setUnreadCount] = useState(0);
  const [error, setError] = useState(/** @type {ErrorPayload | null} */ (null));
  // Bumped after reset(): the next visitor gets a fresh instance while the component stays mounted.
  const [visitor, setVisitor] = useState(0);
  box.reset = () => {
    const sdk = box.sdk;
    if (sdk === null) {
      return Promise.reject(StateError(NOT_INITIALIZED, 'reset() needs the chat widget to be mounted '
        + 'and initialised.'));
    }
    const again = () => { if (box.sdk === sdk) box.sdk = null; setVisitor((n) => n + 1); };
    return sdk.reset().then(again, (e) => { again(); throw e; });
  };

  // Runs before the init effect below, so init() sees the committed config.
  useEffect(() => { latest.current = cfg; });

  const embedded = cfg.mode === 'embedded';
  const container = containerNode !== null ? containerNode : cfg.container;
  /** @type {unknown[]} */
  const instanceDeps = [];
  for (const name of IDENTITY) instanceDeps.push(cfg[name]);
  instanceDeps.push(embedded ? container : null, visitor);
  useEffect(() => {
    if (embedded && (container === undefined || container === null)) return undefined;   // wait for containerRef
    const current = latest.current;
    /** @type {Record<string, any>} */
    const options = {};
    for (const key of Object.keys(current)) {
      if (current[key] !== undefined) options[key] = current[key];
    }
    for (const name of CALLBACKS) {
      if (typeof current[name] === 'function') {
        options[name] = (/** @type {any[]} */ ...args) => {
          const fn = latest.current[name];
          return typeof fn === 'function' ? fn(...args) : undefined;
        };
      }
    }
    if (container !== undefined && container !== null) options.container = container;
    else delete options.container;
    const sdk = create();
    for (const name of EVENTS) sdk.on(name, (payload) => dispatch(box, name, payload));
    // The hook's own `error` listener is not the app handling it: when no callback of the
    // app listens, the error still reaches the console once (the core sees a listener here).
    sdk.on('error', (/** @type {ErrorPayload} */ payload) => {
      setError(payload);
      if (box.listeners.error.length === 0) report(payload.message + ' (code: ' + payload.code + ')');
    });
    sdk.on('ready', () => { setReady(true); setError(null); });
    sdk.on('unread-count', (/** @type {{ count: number }} */ payload) => setUnreadCount(payload.count));
    try {
      sdk.init(options);
    } catch (e) {
      // A bad config is reported, not thrown into React's commit phase; as an
      // `error` event after this commit's effects (so listeners added there hear it).
      sdk.destroy();
      report('init() failed:', e);
      const failure = /** @type {{ message?: unknown, code?: string } | null} */ (e);
      const payload = { message: String(failure && failure.message),
        code: (failure && failure.code) || INVALID_CONFIG };
      setError(payload);
      Promise.resolve().then(() => dispatch(box, 'error', payload));
      return undefined;
    }
    box.sdk = sdk;
    box.applied = {};
    for (const o of LIVE) box.applied[o.option] = keyOf(current[o.option]);
    const pending = box.pending;
    box.pending = [];
    for (const [name, args] of pending) {
      try { sdk[name](...args); } catch (e) { report(name + '() failed:', e); }
    }
    return () => {
      if (box.sdk === sdk) box.sdk = null;
      sdk.destroy();
      setReady(false);
      setUnreadCount(0);
    };
  }, instanceDeps);

  // Options with a run-time command (theme -> setTheme, ...) are applied when they
  // change, without re-creating the instance.
  /** @type {(string | undefined)[]} */
  const liveKeys = [];
  for (const o of LIVE) liveKeys.push(keyOf(cfg[o.option]));
  useEffect(() => {
    for (let i = 0; i < LIVE.length; i++) {
      const { option, command } = LIVE[i];
      const key = liveKeys[i];
      if (box.sdk === null || box.applied[option] === key || key === undefined) continue;
      box.applied[option] = key;
      try { box.sdk[command](latest.current[option]); } catch (e) { report(command + '() failed:', e); }
    }
  }, liveKeys);

  return useMemo(() => Object.freeze({ ...api, containerRef, isReady, unreadCount, error }),
    [api, containerRef, isReady, unreadCount, error]);
}

