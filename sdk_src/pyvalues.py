"""CPython twin of jsvalues.js: the few primitives whose JavaScript and Python
semantics differ, so the core can be written once.

Transcrypt never compiles this module: sdk_src imports it inside a
`__pragma__('skip')` block and imports `jsvalues.js` instead. Each function
here must behave exactly like its twin; the parity tests hold them to it.
"""


def kind(value):
    """JavaScript-style type tag: 'null' (None/null/undefined), 'boolean',
    'number', 'string', 'array', 'function' or 'object'."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, (list, tuple)):
        return 'array'
    if callable(value):
        return 'function'
    return 'object'


def is_finite_number(value):
    return kind(value) == 'number' and value == value and value not in (float('inf'), float('-inf'))


def has_own(obj, key):
    """Own-property test; never consults a prototype chain."""
    if isinstance(obj, dict):
        return key in obj
    return False


def own_keys(obj):
    if isinstance(obj, dict):
        return list(obj.keys())
    return []


def plain(obj):
    """A shallow copy that is a plain object (no Transcrypt helpers)."""
    return dict(obj)


def push(items, item):
    items.append(item)


def remove_at(items, index):
    del items[index]


def index_of(items, item):
    """Identity search, like Array.prototype.indexOf on objects."""
    for i in range(len(items)):
        if items[i] is item:
            return i
    return -1


def copy_list(items):
    return list(items)


def trim(text):
    # JavaScript's String.prototype.trim strips the same whitespace set for
    # the characters a form field produces; parity tests cover the common ones.
    return text.strip()


def lower(text):
    return text.lower()


def starts_with(text, prefix):
    return text.startswith(prefix)


def ends_with(text, suffix):
    return text.endswith(suffix)


def contains(text, part):
    return part in text


def join(parts, separator):
    return separator.join(parts)


def split_on(text, separator):
    return text.split(separator)


def is_integer(value):
    if not is_finite_number(value):
        return False
    return isinstance(value, int) or float(value).is_integer()


def to_int(value):
    """Round a finite number to the nearest integer, halves up (Math.round)."""
    floor = int(value // 1)
    if value - floor >= 0.5:
        return floor + 1
    return floor


def error_text(err):
    """A readable one-line description of anything thrown or rejected."""
    if err is None:
        return 'unknown error'
    if isinstance(err, BaseException):
        text = str(err)
        return text if len(text) > 0 else type(err).__name__
    return str(err)


def substring(text, start, end):
    """text[start:end] for 0 <= start <= end <= len(text)."""
    return text[start:end]
