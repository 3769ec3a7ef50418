// The SDK's own Transcrypt runtime. Transcrypt looks for org/transcrypt/__runtime__
// in the source tree before its own, so this file replaces the stock runtime
// (69 KB, which patches Array/String/Function.prototype at load) for every
// transpile: the shipped bundles and the parity tier alike.
//
// It holds only what the transpiled sdk_src (and the tests' fakes) use, after
// buildtools/tidy_transpiled.py has rewritten the emitted code:
//   - no top-level side effects and no access to window/document at load;
//   - no assignment to any built-in prototype, and no call of a prototype method
//     a host page can replace (includes, indexOf, map, forEach, filter, bind,
//     call, apply, toJSON): only syntax, Object.* statics and Array.isArray.
// buildtools/tidy_transpiled.py fails the build when transpiled code names a
// stock-runtime helper this file does not export.

const own = (obj, key) => Object.getOwnPropertyDescriptor(obj, key) !== undefined;

// Classes. A class is a callable (`Widget (profile, platform)` constructs; `new`
// works too), its methods and class attributes are own properties of it
// (`Base.__init__ (self)` reads the plain function), and its instances inherit
// from `cls.prototype`, on which each method is a getter that binds `self` once
// per instance. Prototypes chain along the first base, so `instanceof` works.
export var object = /* @__PURE__ */ makeRoot();

function makeRoot() {
  const root = function () {};
  root.__name__ = 'object';
  root.__bases__ = [];
  root.__attrs__ = { __init__(self) {} };
  root.__init__ = root.__attrs__.__init__;
  return root;
}

function boundGetter(key, fn) {
  return {
    configurable: true,
    get() {
      const self = this;
      const bound = (...args) => fn(self, ...args);
      Object.defineProperty(self, key, { value: bound, writable: true, configurable: true });
      return bound;
    },
    set(value) {
      Object.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: true });
    },
  };
}

// `error`: the class is BaseException; its subclasses inherit the flag. Their
// instances are real Errors (`instanceof Error`, a stack, `name`, `message`), so
// what the core raises reaches the host page as the Error it expects.
export function __class__(name, bases, attrs, error) {
  const base = bases[0];
  const isError = error === true || base.__error__ === true;
  const proto = Object.create(error === true ? Error.prototype : base.prototype);
  const cls = function (...args) {
    const self = isError ? Reflect.construct(Error, [], cls) : Object.create(proto);
    cls.__init__(self, ...args);
    return self;
  };
  // Reversed, so that the first base wins (Python's MRO for the single and simple
  // multiple inheritance sdk_src uses).
  const merged = {};
  for (let i = bases.length - 1; i >= 0; i--) Object.assign(merged, bases[i].__attrs__);
  Object.assign(merged, attrs);
  for (const key of Object.keys(merged)) {
    const value = merged[key];
    cls[key] = value;
    if (typeof value === 'function') Object.defineProperty(proto, key, boundGetter(key, value));
    else proto[key] = value;
  }
  cls.__attrs__ = merged;
  cls.__name__ = name;
  cls.__bases__ = bases;
  cls.__error__ = isError;
  cls.prototype = proto;
  Object.defineProperty(proto, '__class__', { value: cls, configurable: true });
  if (isError) Object.defineProperty(proto, 'name', { value: name, configurable: true, writable: true });
  return cls;
}

// Exceptions. `__args__` holds the constructor arguments, as in CPython; the
// first one is also the Error's message.
export var BaseException = /* @__PURE__ */ __class__('BaseException', [object], {
  __init__(self, ...args) {
    self.__args__ = args;
    Object.defineProperty(self, 'message', {
      value: args.length > 0 ? str(args[0]) : '', writable: true, configurable: true,
    });
  },
  __str__(self) { return self.__args__.length > 0 ? str(self.__args__[0]) : ''; },
}, true);
export var Exception = /* @__PURE__ */ __class__('Exception', [BaseException], {});
export var ValueError = /* @__PURE__ */ __class__('ValueError', [Exception], {});

// Builtins with CPython's results on the values sdk_src passes them.

// `{...}` literals are rewritten to plain object literals before bundling; a call
// of dict() on a mapping is a shallow copy, as in CPython.
export function dict(mapping) {
  const copy = {};
  if (mapping !== null && mapping !== undefined) {
    for (const key of Object.keys(mapping)) copy[key] = mapping[key];
  }
  return copy;
}

export function len(value) {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  return Object.keys(value).length;
}

export function str(value) {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'object' && typeof value.__str__ === 'function') return value.__str__();
  return '' + value;
}

// `x in container`: an element of a list, a substring of a string, an own key of
// an object. Loops instead of indexOf/includes, which a host page can replace.
export function __in__(item, container) {
  if (container === null || container === undefined) return false;
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) if (container[i] === item) return true;
    return false;
  }
  if (typeof container === 'string') {
    const text = '' + item;
    for (let i = 0; i + text.length <= container.length; i++) {
      if (container.slice(i, i + text.length) === text) return true;
    }
    return false;
  }
  return own(container, item);
}

// isinstance(x, cls): x's class is cls or derives from it. JS values (a host
// callback's TypeError, say) are instances of no Python class, as in Transcrypt.
export function isinstance(value, classes) {
  if (Array.isArray(classes)) {
    for (const cls of classes) if (isinstance(value, cls)) return true;
    return false;
  }
  if (value === null || value === undefined || typeof value !== 'object') return false;
  const pending = [value.__class__];
  while (pending.length > 0) {
    const cls = pending.pop();
    if (cls === classes) return true;
    if (cls && Array.isArray(cls.__bases__)) for (const base of cls.__bases__) pending.push(base);
  }
  return false;
}

export function hasattr(obj, name) {
  return obj !== null && obj !== undefined && obj[name] !== undefined;
}

// Used by the tests' fakes and scenarios (transpiled for the parity tier); a
// bundle that does not use them drops them.

export function int(value) {
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return +value;
  if (typeof value === 'number' && isFinite(value)) return Math.trunc(value);
  if (value === true || value === false) return value ? 1 : 0;
  throw ValueError('invalid literal for int(): ' + str(value));
}

export function float(value) {
  if (typeof value === 'number') return value;
  const text = ('' + value).trim().toLowerCase();
  if (text === 'nan') return NaN;
  if (text === 'inf' || text === '+inf' || text === 'infinity') return Infinity;
  if (text === '-inf' || text === '-infinity') return -Infinity;
  const number = Number(text);
  if (text === '' || Number.isNaN(number)) throw ValueError('could not convert string to float: ' + str(value));
  return number;
}

export function list(items) {
  const copy = [];
  if (items !== null && items !== undefined) for (const item of items) copy.push(item);
  return copy;
}

export function ord(character) {
  return character.codePointAt(0);
}

// Python's `%` on numbers: the result takes the sign of the divisor.
export function __mod__(a, b) {
  return ((a % b) + b) % b;
}

export function print(...values) {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i > 0 ? ' ' : '') + str(values[i]);
  console.log(line);
}
