// @ts-check
// React bindings of the headless client: the provider owns one createHeadless()
// client; the hooks read its store with useSyncExternalStore. The facts they need
// (options, actions, the initial state, names, codes, and the core through the
// package's own entry) come from ./headless_react_facts.js, generated per build
// profile from sdk_src/api_spec.py (templates/headless_react_facts.js.j2; its types:
// headless_react_facts.d.ts). build.py copies this file next to it; the entry
// (templates/headless_react.js.j2) exports these under the profile's names.
// Type-checked by tests/bundles/test_js_modules.py.
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useRef, useState,
  useSyncExternalStore } from 'react';
import { createHeadless, StateError, PREFIX, PROVIDER_NAME, HOOK_NAME, OPTIONS, IDENTITY, INITIAL_STATE, ASYNC, SYNC,
  NO_PROVIDER } from './headless_react_facts.js';

/**
 * @typedef {object} Store
 * @property {(listener: () => void) => () => void} subscribe
 * @property {() => Record<string, any>} getState
 */
/** @typedef {Store & Record<string, any>} Client */
/**
 * @typedef {object} Hub  Stable actions; calls made before the client exists wait for it.
 * @property {Client | null} client
 * @property {unknown} failure
 * @property {((client: Client | null) => void)[]} pending
 * @property {Record<string, (...args: any[]) => any>} actions
 * @property {(client: Client | null) => void} flush
 */

/**
 * @template T
 * @param {T} value
 * @returns {T}
 */
function deepFreeze(value) {
  if (value !== null && typeof value === 'object') {
    const record = /** @type {Record<string, unknown>} */ (value);
    for (const key of Object.keys(record)) deepFreeze(record[key]);
    Object.freeze(value);
  }
  return value;
}

function noop() {}
function unsubscribed() { return noop; }

/** @param {Record<string, any>} state @returns {Store} */
function waitingStore(state) {
  return { subscribe: unsubscribed, getState: () => state };
}

// What a fresh client reports: the state rendered on the server and before the client exists.
const INITIAL = deepFreeze(INITIAL_STATE);
const PLACEHOLDER = waitingStore(INITIAL);

/** @returns {Hub} */
function makeHub() {
  /** @type {Hub} */
  const hub = { client: null, failure: null, pending: [], actions: {}, flush: noop };
  for (const name of ASYNC) {
    hub.actions[name] = (...args) => {
      if (hub.client !== null) return hub.client[name](...args);
      // createSession() resolves null when there is no session (the spec); the others reject.
      /** @type {(resolve: (value: any) => void, reject: (reason: unknown) => void) => void} */
      const failed = (resolve, reject) => (name === 'createSession' ? resolve(null) : reject(hub.failure));
      if (hub.failure !== null) return new Promise(failed);
      return new Promise((resolve, reject) => {
        hub.pending.push((client) => {
          if (client === null) {
            failed(resolve, reject);
            return;
          }
          try { client[name](...args).then(resolve, reject); } catch (e) { reject(e); }
        });
      });
    };
  }
  for (const name of SYNC) {
    hub.actions[name] = (...args) => {
      if (hub.client !== null) return hub.client[name](...args);
      if (hub.failure !== null) return undefined;
      hub.pending.push((client) => {
        if (client === null) return;
        try { client[name](...args); } catch (e) { console.error(PREFIX + name + '() failed:', e); }
      });
      return undefined;
    };
  }
  Object.freeze(hub.actions);
  hub.flush = (client) => {
    const pending = hub.pending;
    hub.pending = [];
    for (const run of pending) run(client);
  };
  return hub;
}

/** @type {import('react').Context<{ store: Store, actions: Hub['actions'] } | null>} */
const Context = createContext(/** @type {{ store: Store, actions: Hub['actions'] } | null} */ (null));

/**
 * Owns one headless client for its subtree; closes it on unmount, re-creates it when an identity prop changes.
 * @param {Record<string, any>} props
 */
export function Provider(props) {
  const latest = useRef(props);
  useEffect(() => { latest.current = props; });
  const [hub] = useState(makeHub);
  const [store, setStore] = useState(/** @type {Store} */ (PLACEHOLDER));
  /** @type {unknown[]} */
  const deps = [];
  for (const name of IDENTITY) deps.push(props[name]);
  useEffect(() => {
    hub.failure = null;
    /** @type {Record<string, any>} */
    const options = {};
    for (const key of OPTIONS) {
      if (latest.current[key] !== undefined) options[key] = latest.current[key];
    }
    /** @type {Client} */
    let client;
    try {
      client = createHeadless(options);
    } catch (e) {
      // A bad option shows up as the store's error (and in the console), not as a crash.
      console.error(PREFIX + 'createHeadless() failed:', e);
      hub.failure = e;
      const failure = /** @type {{ message?: unknown } | null} */ (e);
      setStore(waitingStore(deepFreeze({ ...INITIAL, error: String(failure && failure.message) })));
      hub.flush(null);
      return undefined;
    }
    hub.client = client;
    setStore(client);
    hub.flush(client);
    return () => {
      if (hub.client === client) hub.client = null;
      client.close();
      setStore(PLACEHOLDER);
    };
  }, deps);

  const value = useMemo(() => ({ store, actions: hub.actions }), [store, hub]);
  return createElement(Context.Provider, { value }, props.children);
}
/** @type {any} */ (Provider).displayName = PROVIDER_NAME;

/** @param {string} name */
function useHub(name) {
  const value = useContext(Context);
  if (value === null) {
    throw StateError(NO_PROVIDER, name + '() must be used inside <' + PROVIDER_NAME + '>: wrap this '
      + 'component in <' + PROVIDER_NAME + ' inboxId="...">.');
  }
  return value;
}

/** @param {Store} store */
function useHeadlessState(store) {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

/** Everything: session, connection, messages and the actions. */
export function useChat() {
  const { store, actions } = useHub(HOOK_NAME);
  const s = useHeadlessState(store);
  return useMemo(() => ({
    session: s.session, isConnected: s.isConnected, connectionStatus: s.connectionStatus, error: s.error,
    messages: s.messages, isLoading: s.isLoading, isOpen: s.isOpen, greeting: s.greeting,
    disclosure: s.disclosure, isResumed: s.isResumed, ...actions,
  }), [s, actions]);
}

/** Chat operations only. */
export function useWidgetChat() {
  const { store, actions } = useHub('useWidgetChat');
  const s = useHeadlessState(store);
  const { messages, isLoading, error } = s;
  return useMemo(() => ({ messages, sendMessage: actions.sendMessage, isLoading, error }),
    [messages, isLoading, error, actions]);
}

/** Session management. */
export function useWidgetSession() {
  const { store, actions } = useHub('useWidgetSession');
  const s = useHeadlessState(store);
  const { session, error, sessionLoading } = s;
  return useMemo(() => ({ session, error, isLoading: sessionLoading, createSession: actions.createSession }),
    [session, error, sessionLoading, actions]);
}

/** Connection indicator: re-renders only when the socket status changes. */
export function useWidgetSocket() {
  const { store } = useHub('useWidgetSocket');
  const status = useCallback(() => store.getState().connectionStatus, [store]);
  const value = useSyncExternalStore(store.subscribe, status, status);
  return useMemo(() => ({ status: value }), [value]);
}

