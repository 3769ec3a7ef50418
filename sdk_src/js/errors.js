// Public functions throw real Errors. The Python core raises Transcrypt
// exception objects (not `instanceof Error`, and `String(e)` throws), so every
// public function is wrapped and converts them here.
export class SdkError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'SdkError';
    this.code = code;
  }
}
export class ConfigError extends SdkError {
  constructor(message, code) { super(message, code); this.name = 'ConfigError'; }
}
export class ArgumentError extends SdkError {
  constructor(message, code) { super(message, code); this.name = 'ArgumentError'; }
}
export class StateError extends SdkError {
  constructor(message, code) { super(message, code); this.name = 'StateError'; }
}
const CLASSES = { ConfigError, ArgumentError, StateError };

export function toJsError(e) {
  if (e instanceof Error) return e;
  if (e && e.__class__ && typeof e.sdk_message === 'string') {
    const Cls = CLASSES[e.__class__.__name__] || SdkError;
    return new Cls(e.sdk_message, e.code);
  }
  return new SdkError('Unexpected internal error', 'internal');
}

// Every function of a facade (a dict of Python closures) rethrows as a real Error.
export function wrapApi(api) {
  const out = {};
  for (const key of Object.keys(api)) {
    const value = api[key];
    out[key] = typeof value === 'function'
      ? function (...args) {
        try { return value(...args); } catch (e) { throw toJsError(e); }
      }
      : value;
  }
  return Object.freeze(out);
}
