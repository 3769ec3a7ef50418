// JavaScript twin of pyvalues.py (see there). Transcrypt copies this JS-only
// module next to the transpiled code. It calls no built-in method a host page
// commonly replaces (indexOf, includes, map, forEach, filter, bind, call):
// loops and a few string/array primitives only (see the README's host-page
// section for the line).
export function kind(value) {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'bigint' || t === 'symbol' ? 'object' : t;
}
export function is_finite_number(value) { return typeof value === 'number' && isFinite(value); }
export function has_own(obj, key) {
  return obj !== null && typeof obj === 'object' && Object.getOwnPropertyDescriptor(obj, key) !== undefined;
}
export function own_keys(obj) { return obj !== null && typeof obj === 'object' ? Object.keys(obj) : []; }
export function plain(obj) { return Object.assign({}, obj); }
export function push(items, item) { items[items.length] = item; }
export function remove_at(items, index) { items.splice(index, 1); }
export function index_of(items, item) {
  for (let i = 0; i < items.length; i++) if (items[i] === item) return i;
  return -1;
}
export function copy_list(items) { return items.slice(); }
export function trim(text) { return text.trim(); }
export function lower(text) { return text.toLowerCase(); }
export function starts_with(text, prefix) { return text.slice(0, prefix.length) === prefix; }
export function ends_with(text, suffix) { return suffix.length === 0 || text.slice(-suffix.length) === suffix; }
export function contains(text, part) {
  for (let i = 0; i + part.length <= text.length; i++) if (text.slice(i, i + part.length) === part) return true;
  return false;
}
export function join(parts, separator) { return parts.join(separator); }
export function split_on(text, separator) { return text.split(separator); }
export function is_integer(value) { return Number.isInteger(value); }
export function to_int(value) { return Math.round(value); }
export function error_text(err) {
  if (err === null || err === undefined) return 'unknown error';
  if (typeof err === 'object' || typeof err === 'function') {
    if (typeof err.sdk_message === 'string') return err.sdk_message;
    // A Python exception from Transcrypt: its message is the first constructor argument.
    if (err.__class__ && Array.isArray(err.__args__)) {
      return err.__args__.length > 0 ? String(err.__args__[0]) : err.__class__.__name__;
    }
    if (typeof err.message === 'string' && err.message.length > 0) return err.message;
    if (typeof err.name === 'string' && err.name.length > 0) return err.name;
  }
  try { return String(err); } catch (e) { return 'unknown error'; }
}
export function substring(text, start, end) { return text.slice(start, end); }
