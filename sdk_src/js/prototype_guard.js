// Host-page hygiene. Imported before the Transcrypt runtime, this module
// records the built-in prototypes as the host page left them; restorePrototypes()
// (called once the runtime has run) then
//  - makes every property the runtime added non-enumerable, so `for..in` over
//    the host's arrays and strings sees nothing new, and
//  - puts back any same-named property the host had defined first, so the
//    host's code keeps working. The SDK core never calls those method names
//    (buildtools/transcrypt_rules.py forbids them in sdk_src), so it does not depend
//    on which version is installed.
const PROTOTYPES = [Array.prototype, String.prototype, Function.prototype, Uint8Array.prototype];
const snapshot = PROTOTYPES.map((proto) => {
  const before = new Map();
  for (const key of Reflect.ownKeys(proto)) before.set(key, Object.getOwnPropertyDescriptor(proto, key));
  return before;
});

// The runtime installs String.prototype.format as a non-configurable,
// enumerable getter unless one already exists. A configurable placeholder makes
// it skip that; restorePrototypes() then deletes the placeholder, leaving
// String.prototype exactly as the host had it (the SDK never calls `format`).
const hadFormat = Object.prototype.hasOwnProperty.call(String.prototype, 'format');
const placeholder = function format() { throw new Error('String.prototype.format is not provided'); };
if (!hadFormat) {
  Object.defineProperty(String.prototype, 'format', { value: placeholder, configurable: true, writable: true });
}

function sameDescriptor(a, b) {
  return a.value === b.value && a.get === b.get && a.set === b.set;
}

export function restorePrototypes() {
  if (!hadFormat && String.prototype.format === placeholder) delete String.prototype.format;
  PROTOTYPES.forEach((proto, i) => {
    const before = snapshot[i];
    for (const key of Reflect.ownKeys(proto)) {
      const now = Object.getOwnPropertyDescriptor(proto, key);
      if (!now.configurable) continue;
      const old = before.get(key);
      if (old === undefined) {
        if (now.enumerable) Object.defineProperty(proto, key, { enumerable: false });
      } else if (!sameDescriptor(old, now)) {
        Object.defineProperty(proto, key, old);
      }
    }
  });
}
