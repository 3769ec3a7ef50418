"""Post-transpile pass over Transcrypt's output (build/transpiled, build/parity).

Rewrites what Transcrypt 3.9.5 emits into code that costs less and trusts the
host page less, line for line (every output line is its input line rewritten or
emptied, so Transcrypt's line-granular source maps stay right). The shipped
bundles and the parity tier run the same rewritten code.

    method        get m () {return __get__ (this, function (self, a) {   ->  m: (self, a) => {
                  });},                                                   ->  },
                  (the runtime binds `self` once per instance instead of building two closures per access)
    raise         var __except0__ = E (...);  __except0__.__cause__ = null;  throw __except0__;
                                                                          ->  throw E (...);
    default arg   if (typeof a == 'undefined' || (a != null && a.hasOwnProperty ("__kwargtrans__"))) {;
                                                                          ->  if (a === undefined) {;
                  (kwargs are off, and a host object without hasOwnProperty no longer throws)
                  and, when the default is a literal right after the header:
                  function (a) {  if (a === undefined) {;  var a = null;  };
                                                                          ->  function (a = null) {
                  (a JS default applies exactly when the argument is undefined; shorter)
    dict literal  dict ({...})                                            ->  ({...})
    class         X = __class__ (...)                                     ->  X = /* @__PURE__ */ __class__ (...)
    constant      X = [f (a), T ['k']];                                   ->  X = /* @__PURE__ */ (() => [...])();
                  (unused classes and data tables drop out of a bundle: module-level code in
                  sdk_src only defines things, the checker's 'module-statement' rule sees to it)
    __module__    `__module__: __name__,` and `var __name__ = '...';`     ->  (empty line)
    function      var f = function (a) {                                  ->  var f = (a) => {

Then it checks that every name the code takes from the runtime is one the SDK's
own runtime (sdk_src/org/transcrypt/__runtime__.js) exports: a Python construct
that needs a helper we do not ship fails the build here, not in a customer's page.
"""
import os
import re

RUNTIME_MODULE = 'org.transcrypt.__runtime__.js'
EMITTED_MARK = "// Transcrypt'ed from Python"
RUNTIME_IMPORT = re.compile(r"^import \{([^}]*)\} from '\./org\.transcrypt\.__runtime__\.js';$")

METHOD = re.compile(r'^(\t+)get (\w+) \(\) \{return __get__ \(this, function \((.*)\) \{$')
RAISE = re.compile(r'^(\s*)var (__except\d+__) = (.*);$')
CAUSE = re.compile(r'^\s*(__except\d+__)\.__cause__ = null;$')
DEFAULT_ARG = re.compile(r'^(\s*)if \(typeof (\w+) == \'undefined\' \|\| \(\2 != null && \2\.hasOwnProperty '
                         r'\("__kwargtrans__"\)\)\) \{;$')
DICT_LITERAL = re.compile(r'\bdict \(\{')
CLASS_DEF = re.compile(r'^((?:export )?var \w+ = +)(__class__ \()')
# A module-level constant computed on one line (data tables: calls, lookups).
MODULE_CONSTANT = re.compile(r'^((?:export )?var \w+ = )(?!function \()(.*[(\[].*);$')
FUNCTION_EXPR = re.compile(r'^(\s*(?:(?:export )?var \w+ = |\w+: ))function \(([^()]*)\) \{$')
MODULE_ATTR = re.compile(r'^\s*__module__: __name__,$')
MODULE_NAME = re.compile(r"^var __name__ = '[\w.]+';$")
TIDY_DEFAULT = re.compile(r'^\s*if \((\w+) === undefined\) \{;$')
LITERAL_DEFAULT = re.compile(r"^\s*var (\w+) = (null|true|false|-?\d+(?:\.\d+)?|'[^'\\]*');$")
FUNCTION_HEADER = re.compile(r'^(.*\bfunction \()([^()]*)(\) \{)$')

# Helpers of the stock runtime that emitted code may name (Transcrypt 3.9.5's
# exports, read from its __core__.js / __builtin__.js / __runtime__.py).
STRING_OR_COMMENT = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|//[^\n]*")


class TidyError(Exception):
    pass


def tidy_source(text, filename='<module>'):
    """The rewritten module text (same number of lines)."""
    lines = text.split('\n')
    out = list(lines)
    open_methods = []  # indents of method bodies being rewritten, innermost last
    for i, line in enumerate(lines):
        method = METHOD.match(line)
        if method:
            indent, name, params = method.groups()
            out[i] = '%s%s: function (%s) {' % (indent, name, params)
            open_methods.append(indent)
            continue
        if open_methods and line in (open_methods[-1] + '});},', open_methods[-1] + '});}'):
            out[i] = open_methods.pop() + ('},' if line.endswith(',') else '}')
            continue
        if MODULE_ATTR.match(line):
            out[i] = ''
            continue
        default = DEFAULT_ARG.match(line)
        if default:
            out[i] = '%sif (%s === undefined) {;' % (default.group(1), default.group(2))
            continue
        if CAUSE.match(line):
            out[i] = ''
            continue
        line = DICT_LITERAL.sub('({', line)
        line = CLASS_DEF.sub(r'\1/* @__PURE__ */ \2', line)
        constant = MODULE_CONSTANT.match(line)
        if constant and '__class__' not in line:
            # esbuild keeps any unused statement with a call or a property read in it;
            # module-level code in sdk_src only builds constants, so say so.
            line = '%s/* @__PURE__ */ (() => %s)();' % constant.groups()
        out[i] = line
    if open_methods:
        raise TidyError('%s: a method body opened with `get ... __get__` was not closed where expected' % filename)
    # `var E = ...; <cause line emptied>; throw E;` -> `throw ...;` on the first line.
    for i, line in enumerate(out):
        raised = RAISE.match(line)
        if raised and i + 2 < len(out) and out[i + 1] == '' and out[i + 2].strip() == 'throw %s;' % raised.group(2):
            out[i] = '%sthrow %s;' % (raised.group(1), raised.group(3))
            out[i + 2] = ''
    if not re.search(r'\barguments\b', STRING_OR_COMMENT.sub('', '\n'.join(out))):
        out = literal_defaults_in_headers(out)
    body = '\n'.join(out)
    if len(re.findall(r'\b__name__\b', STRING_OR_COMMENT.sub('', body))) == 1:
        out = ['' if MODULE_NAME.match(line) else line for line in out]
    # Function expressions become arrows (shorter, no prototype object each) unless the
    # module reads `this` or `arguments`, which arrows do not rebind.
    if not re.search(r'\b(this|arguments)\b', STRING_OR_COMMENT.sub('', '\n'.join(out))):
        out = [FUNCTION_EXPR.sub(r'\1(\2) => {', line) for line in out]
    if len(out) != len(lines):
        raise TidyError(filename + ': line count changed')
    return '\n'.join(out)


def literal_defaults_in_headers(out):
    """`function (a) {` followed by `if (a === undefined) {; var a = <literal>; };` blocks
    -> `function (a = <literal>) {` and the blocks emptied (same line count)."""
    out = list(out)
    for i, line in enumerate(out):
        check = TIDY_DEFAULT.match(line)
        if not check or i + 2 >= len(out) or out[i + 2].strip() != '};':
            continue
        value = LITERAL_DEFAULT.match(out[i + 1])
        if not value or value.group(1) != check.group(1):
            continue
        k = i - 1
        while k >= 0 and out[k] == '':   # earlier defaults of the same header, already moved
            k -= 1
        header = FUNCTION_HEADER.match(out[k]) if k >= 0 else None
        if not header:
            continue
        params = [p.strip() for p in header.group(2).split(',')]
        if check.group(1) not in params:
            continue
        params[params.index(check.group(1))] = check.group(1) + ' = ' + value.group(2)
        out[k] = header.group(1) + ', '.join(params) + header.group(3)
        out[i] = out[i + 1] = out[i + 2] = ''
    return out


def exported_names(js_text):
    names = set(re.findall(r'^export (?:var|function|const|let|class) (\w+)', js_text, re.M))
    for group in re.findall(r'^export \{([^}]*)\}', js_text, re.M):
        names |= {part.strip().split(' as ')[-1] for part in group.split(',') if part.strip()}
    return names


def stock_runtime_names():
    """Every name Transcrypt's own runtime exports (what emitted code may refer to)."""
    import transcrypt
    base = os.path.join(os.path.dirname(transcrypt.__file__ or os.path.join(transcrypt.__path__[0], 'x')),
                        'modules', 'org', 'transcrypt')
    names = set()
    for part in ('__core__.js', '__builtin__.js'):
        with open(os.path.join(base, part), encoding='utf-8') as f:
            names |= exported_names(f.read())
    with open(os.path.join(base, '__runtime__.py'), encoding='utf-8') as f:
        names |= set(re.findall(r'^(?:class|def) (\w+)', f.read(), re.M))
    return names


def free_runtime_names(text, stock_names):
    """Stock-runtime names a transpiled module uses as identifiers (not properties,
    strings or its own declarations)."""
    code = '\n'.join(line for line in STRING_OR_COMMENT.sub('""', text).split('\n')
                     if not line.startswith('import '))
    declared = set(re.findall(r'\b(?:var|let|const|function) (\w+)', code))
    for params in re.findall(r'function \w* ?\(([^)]*)\)', code):
        declared |= {p.strip() for p in params.split(',') if p.strip()}
    used = set(re.findall(r'(?<![\w$.])([A-Za-z_$][\w$]*)(?!\s*:(?!:))', code))
    return (used & stock_names) - declared


def tidy_dir(folder, runtime_path):
    """Rewrite every transpiled module in `folder` and check its runtime needs against
    the runtime at `runtime_path`. Returns {module: [runtime names used]}."""
    with open(runtime_path, encoding='utf-8') as f:
        ours = exported_names(f.read())
    stock = stock_runtime_names()
    needs, problems = {}, []
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.js') or name == RUNTIME_MODULE:
            continue
        path = os.path.join(folder, name)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        if not text.startswith(EMITTED_MARK):
            continue  # a JS-only module (jsvalues.js): hand-written, not emitted
        tidied = tidy_source(text, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(tidied)
        used = free_runtime_names(tidied, stock)
        needs[name] = sorted(used)
        missing = sorted(used - ours)
        if missing:
            problems.append('%s uses %s, which the SDK runtime does not provide' % (name, ', '.join(missing)))
    if problems:
        raise TidyError('transpiled code needs runtime helpers that %s lacks (write the Python differently, or '
                        'add the helper there with a test):\n  %s' % (os.path.basename(runtime_path),
                                                                      '\n  '.join(problems)))
    return needs
