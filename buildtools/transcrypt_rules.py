"""AST checker for the Python that Transcrypt 3.9.5 (-b -n -m) compiles to JavaScript.

Flags constructs that ../shared/TRANSCRYPT.md (sections 2 and 3) measured as miscompiled,
rejected or silently different in JavaScript; every message names the safe idiom.
Checks every Python module a transpile compiles: transpiled_files(entry, search_dirs)
follows the entry's imports the way Transcrypt does (skip blocks dropped, `#?` executable
comments included, the entry's folder searched first), so build.py (sdk_src/transpile_root.py)
and the parity tier (tests/parity/main.py: the tests' fake platform and scenarios) check
exactly what they transpile; tests/test_transcrypt_rules.py compares that list with the
modules Transcrypt itself reports. Lines inside `# __pragma__ ('skip')` ... `# __pragma__
('noskip')` and lines marked `#__: skip` are ignored. A violation is reported on the line
where its node starts; that line opts out with a trailing `# transcrypt-ok: <reason>`
(the reason is required).

    python buildtools/transcrypt_rules.py [dir | file.py ...]   # file:line: RULE message; exit 1 if any
    python buildtools/transcrypt_rules.py --entry main.py --search dir ...   # a transpile's closure
"""
import ast
import io
import os
import re
import sys
import tokenize
from typing import NamedTuple

# Directory mode (check_tree) only: modules of sdk_src that are never transpiled. The build and the
# parity tier check their transpile's import closure instead (transpiled_files), which needs no list.
CPYTHON_ONLY = {'pyvalues.py', 'profiles.py', 'platform_contract.py'}
SHIM = 'the jsvalues/pyvalues shim'

# Methods of Python's str and list. The SDK's own Transcrypt runtime
# (sdk_src/org/transcrypt/__runtime__.js) adds nothing to String.prototype or
# Array.prototype, so in JavaScript each of these is either missing (append, strip)
# or JavaScript's own method with other semantics (split, replace, index, find...).
PY_SEQUENCE_METHODS = frozenset(name for cls in (str, list) for name in dir(cls) if not name.startswith('_'))
# On a plain JS object these throw (Transcrypt calls obj.py_get etc.).
DICT_METHODS = frozenset({'keys', 'items', 'values', 'get', 'pop', 'setdefault', 'update'})

METHOD_IDIOMS = {
    'append': 'push(items, x)', 'extend': 'a for loop with push(items, x)', 'insert': 'a new list built with push()',
    'remove': 'remove_at(items, index_of(items, x))', 'index': 'index_of(items, x)',
    'copy': 'copy_list(items) / plain(obj)', 'clear': 'assigning a new [] or {}',
    'pop': 'items[i] then remove_at(items, i); for objects obj[key] then del obj[key]',
    'sort': 'a hand-written insertion loop', 'strip': 'trim(text)', 'lower': 'lower(text)',
    'startswith': 'starts_with(text, prefix)', 'endswith': 'ends_with(text, suffix)', 'find': 'contains(text, part)',
    'join': 'join(parts, separator)', 'split': 'split_on(text, separator)',
    'replace': 'join(split_on(text, old), new)', 'splitlines': "split_on(text, '\\n')",
    'format': "concatenation with '+' and str(x)", 'keys': 'own_keys(obj)',
    'items': 'for key in own_keys(obj): ... obj[key]', 'values': 'for key in own_keys(obj): ... obj[key]',
    'get': 'obj[key] if has_own(obj, key) else default', 'setdefault': 'if not has_own(obj, key): obj[key] = v',
    'update': 'for key in own_keys(src): dst[key] = src[key]',
}
DEFAULT_IDIOM = ('a function of ' + SHIM + ' (push, remove_at, index_of, copy_list, trim, lower, starts_with, '
                 'ends_with, contains, join, split_on, substring, own_keys, has_own) or a new twin in both')
IMPORTS = {'json': 'platform.to_json (JSON in the JS platform)', 'enum': 'a class with string constants',
           'dataclasses': 'a plain class with __init__', '__future__': 'nothing (drop the import)',
           'typing': 'plain `import typing` and typing.X'}

# rule id -> (construct, safe idiom); some rules pass a more specific text when reporting.
RULES = {
    'walrus': ('walrus `:=` is miscompiled', 'a separate assignment statement'),
    'match': ('`match` statement is miscompiled', 'an if/elif chain'),
    'posonly-param': ('positional-only parameter `/` drops arguments', 'plain positional parameters'),
    'ellipsis': ('`...` aborts the transpile', '`pass` or `None`'),
    'star-unpack': ('starred unpacking `[*a, x]` / `a, *b = x` is miscompiled or aborts',
                    'explicit indexing and a for loop with push()'),
    'dict-unpack': ('`{**d}` aborts the transpile', 'a for loop over own_keys(d) copying d[key]'),
    'kwargs': ('`**kwargs` / `f(**d)` does not work without the kwargs pragma', 'an options dict passed positionally'),
    'call-keyword': ('keyword argument at a call site is silently ignored', 'positional arguments'),
    'fstring-format': ('f-string format spec / conversion (`{x:.2f}`, `{x!r}`) is dropped',
                       'a bare `{x}`, str(x) or a platform formatting helper'),
    'percent-format': ('`%` string formatting gives NaN', "concatenation with '+' and str(x)"),
    'type-alias': ('PEP 695 `type X = ...` / type parameters are miscompiled', 'a plain assignment'),
    'import': ('module unavailable in Transcrypt', 'a platform helper'),
    'negative-index': ('negative index / slice bound gives undefined', 'x[len(x) - 1] / substring(x, 0, len(x) - 1)'),
    'is-none': ('`is None` / `is not None` misses JS undefined', '`== None` / `!= None`'),
    'container-compare': ('`==` / `!=` with a list/tuple/dict display compares identity',
                          'len(x) == 0 or comparing elements one by one'),
    'list-concat': ('`+` / `+=` with a list/tuple display concatenates strings',
                    'push(items, x) (a for loop with push() to extend) from ' + SHIM),
    'sequence-repeat': ('`*` on a list display or string literal gives 0/NaN', 'a for loop building the value'),
    'comprehension': ('comprehension / generator expression calls list.append, which JavaScript arrays lack',
                      'a for loop with push(items, x) from ' + SHIM),
    'prototype-method': ('Python str/list method on a JavaScript string or array', DEFAULT_IDIOM),
    'slice': ('slice `x[a:b]` calls __getslice__, which the SDK runtime does not add to strings and arrays',
              'substring(text, a, b) or copy_list(items)'),
    'dict-method': ('dict method on a possibly plain JS object', DEFAULT_IDIOM),
    'getattr-default': ('getattr() with a default ignores the default', 'hasattr(obj, name) first'),
    'mutable-default': ('mutable default argument is rebuilt on every call in JS',
                        'a None default and `if x == None: x = []` in the body'),
    'lambda-default': ('lambda default argument is None in JS', 'a factory function: def make(n): return lambda: n'),
    'print': ('print() adds console noise and runtime code', 'platform.warn(...) / platform.report(...)'),
    'module-statement': ('module-level code that does something other than define names (the bundler keeps every '
                         'module-level call, and the build marks module-level constants as side-effect free)',
                         'a function the entry points call, or a constant assignment'),
    'except-lookup': ('a missing dict key / list index raises nothing in JS (the value is undefined), so '
                      '`except KeyError` / `except IndexError` never runs',
                      '`key in d` / a bounds check before the lookup'),
    'isinstance-dict': ('`isinstance(x, dict)` is False in JS for every plain object (dict literals included)',
                        "kind(x) == 'object' from " + SHIM),
    'dict-copy': ('`dict(x)` copies only a plain object\'s own keys in JS (a list of pairs or an object of a '
                  'Python class gives other keys)', 'plain(obj) or a for loop over own_keys(obj)'),
    'loop-variable': ('loop variable read after its loop: after `for i in range(n)` JS leaves n (CPython n - 1), '
                      'and after an empty loop JS gives undefined where CPython raises NameError',
                      'a separate variable assigned inside the loop'),
    'int-key': ('non-string dict key: JS object keys are strings (`{1: x}` has key "1", `"1" in d` is True)',
                "string keys ('1')"),
    'eq-method': ('`__eq__` / comparison methods are not called by `==` / `<` in JS (it compares identity)',
                  'a named method (same_as(other)) called explicitly'),
    'opt-out-reason': ('`# transcrypt-ok` without a reason', '`# transcrypt-ok: <why this line is safe>`'),
    'syntax-error': ('source does not parse', 'valid Python 3.11 syntax'),
}

DISPLAYS = (ast.List, ast.Tuple, ast.Dict, ast.ListComp)
LISTS = (ast.List, ast.ListComp, ast.Tuple)
MUTABLE = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
SIMPLE = {ast.NamedExpr: 'walrus', ast.Match: 'match', ast.ListComp: 'comprehension', ast.SetComp: 'comprehension',
          ast.DictComp: 'comprehension', ast.GeneratorExp: 'comprehension'}
if hasattr(ast, 'TypeAlias'):  # Python 3.12+
    SIMPLE[ast.TypeAlias] = 'type-alias'


class Violation(NamedTuple):
    file: str
    line: int
    rule: str
    message: str

    def __str__(self):
        return f'{self.file}:{self.line}: {self.rule} {self.message}'


def message(rule, construct=None, idiom=None):
    return f'{construct or RULES[rule][0]}; use {idiom or RULES[rule][1]} instead'


def skipped_lines(text):
    """Line numbers inside `# __pragma__ ('skip')` ... ('noskip') blocks or marked `#__: skip`."""
    skipped, skipping = set(), False
    for number, line in enumerate(text.splitlines(), 1):
        pragma = re.match(r"\s*#\s*__pragma__\s*\(\s*'(no)?skip'\s*\)", line)
        if pragma:
            skipping = not pragma.group(1)
        if skipping or pragma or re.search(r'#\s*__:\s*skip\b', line):
            skipped.add(number)
    return skipped


def opt_outs(text):
    """{line: reason} for `# transcrypt-ok: reason` comments (reason may be '')."""
    found = {}
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        m = tok.type == tokenize.COMMENT and re.search(r'#\s*transcrypt-ok\b:?(.*)', tok.string)
        if m:
            found[tok.start[0]] = m.group(1).strip()
    return found


def is_negative_constant(node):
    return (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)))


LOOKUP_ERRORS = {'KeyError', 'IndexError', 'LookupError'}
COMPARISON_METHODS = {'__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__'}
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def position(node):
    return (node.lineno, node.col_offset)


def end_position(node):
    return (node.end_lineno, node.end_col_offset)


def scope_nodes(scope):
    """Every node of one function (or module) body, not those of nested functions and classes."""
    pending = list(scope.body) if isinstance(scope.body, list) else [scope.body]
    while len(pending) > 0:
        node = pending.pop()
        yield node
        if not isinstance(node, SCOPES):
            pending.extend(ast.iter_child_nodes(node))


def loop_variable_reads(scope):
    """Name loads, in `scope`, of a `for` loop's target after the loop's body, with no
    assignment of that name between the loop and the load."""
    nodes = list(scope_nodes(scope))
    stores, loads = {}, []
    for node in nodes:
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                loads.append(node)
            else:
                stores.setdefault(node.id, []).append(position(node))
        elif isinstance(node, ast.arg):
            stores.setdefault(node.arg, []).append(position(node))
    found = []
    for loop in nodes:
        if not isinstance(loop, (ast.For, ast.AsyncFor)):
            continue
        body_end = end_position(loop.body[len(loop.body) - 1])
        names = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
        for load in loads:
            at = position(load)
            if load.id in names and at > body_end and not any(body_end < s < at for s in stores.get(load.id, [])):
                found.append(load)
    return found


def dict_bound_names(nodes):
    """Names and `self.<attr>` attributes assigned a dict display or dict() call among `nodes`."""
    names, attrs = set(), set()
    for node in nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and (
                isinstance(node.value, ast.Dict) or (isinstance(node.value, ast.Call) and
                                                     isinstance(node.value.func, ast.Name) and
                                                     node.value.func.id == 'dict')):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(target, ast.Name):
                    names.add(target.id)
                elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id == 'self':
                    attrs.add(target.attr)
    return names, attrs


def is_non_string_key(node):
    return (isinstance(node, ast.Constant) and not isinstance(node.value, str)) or is_negative_constant(node)


class Checker(ast.NodeVisitor):
    def __init__(self, tree=None):
        self.found = []          # (line, rule, message)
        self.class_methods = []  # method names of the enclosing classes, innermost last
        # self.<attr> bound to a dict anywhere in the module; local names per function scope, innermost last
        self.dict_attrs = dict_bound_names(ast.walk(tree))[1] if tree is not None else set()
        self.dict_names = [set()]

    def is_dict(self, node):
        names = self.dict_names[len(self.dict_names) - 1]
        return ((isinstance(node, ast.Name) and node.id in names) or
                (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == 'self'
                 and node.attr in self.dict_attrs))

    def visit_Module(self, node):
        self.dict_names = [dict_bound_names(scope_nodes(node))[0]]
        for load in loop_variable_reads(node):
            self.add(load, 'loop-variable', 'loop variable `' + load.id + '` read after its loop: after `for '
                     + load.id + ' in range(n)` JS leaves n (CPython n - 1), and after an empty loop JS gives '
                     'undefined where CPython raises NameError')
        self.generic_visit(node)

    def visit_ExceptHandler(self, node):
        caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
        for name in caught:
            if isinstance(name, ast.Name) and name.id in LOOKUP_ERRORS:
                self.add(node, 'except-lookup', 'a missing dict key / list index raises nothing in JS (the '
                         'value is undefined), so `except ' + name.id + '` never runs')
        self.generic_visit(node)

    def add(self, node, rule, construct=None, idiom=None):
        self.found.append((node.lineno, rule, message(rule, construct, idiom)))

    def generic_visit(self, node):
        if type(node) in SIMPLE:
            self.add(node, SIMPLE[type(node)])
        if getattr(node, 'type_params', None):
            self.add(node, 'type-alias')
        super().generic_visit(node)

    def visit_ClassDef(self, node):
        self.class_methods.append({n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))})
        self.generic_visit(node)
        self.class_methods.pop()

    def visit_FunctionDef(self, node):
        if not isinstance(node, ast.Lambda):
            for load in loop_variable_reads(node):
                self.add(load, 'loop-variable', 'loop variable `' + load.id + '` read after its loop: after `for '
                         + load.id + ' in range(n)` JS leaves n (CPython n - 1), and after an empty loop JS '
                         'gives undefined where CPython raises NameError')
            if len(self.class_methods) > 0 and node.name in COMPARISON_METHODS:
                self.add(node, 'eq-method', '`' + node.name + '` is not called by the operator in JS (it '
                         'compares identity)')
        args = node.args
        if args.posonlyargs:
            self.add(node, 'posonly-param')
        if args.kwarg:
            self.add(node, 'kwargs', '`**' + args.kwarg.arg + '` parameter does not work without the kwargs pragma')
        defaults = args.defaults + [d for d in args.kw_defaults if d]
        if isinstance(node, ast.Lambda) and defaults:
            self.add(node, 'lambda-default')
        for default in defaults:
            if isinstance(default, MUTABLE):
                self.add(default, 'mutable-default')
        self.dict_names.append(dict_bound_names(scope_nodes(node))[0])
        self.generic_visit(node)
        self.dict_names.pop()

    visit_AsyncFunctionDef = visit_Lambda = visit_FunctionDef

    def visit_Constant(self, node):
        if node.value is Ellipsis:
            self.add(node, 'ellipsis')

    def visit_List(self, node):
        for elt in node.elts:
            if isinstance(elt, ast.Starred):
                self.add(elt, 'star-unpack')
        self.generic_visit(node)

    visit_Tuple = visit_Set = visit_List

    def visit_Dict(self, node):
        if None in node.keys:
            self.add(node, 'dict-unpack')
        for key in node.keys:
            if key is not None and is_non_string_key(key):
                self.add(key, 'int-key')
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        for kw in node.keywords:
            if kw.arg is None:
                self.add(kw.value, 'kwargs', '`f(**d)` does not work without the kwargs pragma')
            else:
                self.add(kw.value, 'call-keyword', 'keyword argument `' + kw.arg + '=` is silently ignored')
        if isinstance(func, ast.Name) and func.id == 'getattr' and len(node.args) == 3:
            self.add(node, 'getattr-default')
        if isinstance(func, ast.Name) and func.id == 'print':
            self.add(node, 'print')
        if isinstance(func, ast.Name) and func.id == 'isinstance' and len(node.args) == 2:
            classes = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
            if any(isinstance(c, ast.Name) and c.id == 'dict' for c in classes):
                self.add(node, 'isinstance-dict')
        if isinstance(func, ast.Name) and func.id == 'dict' and len(node.args) == 1:
            self.add(node, 'dict-copy')
        if isinstance(func, ast.Attribute):
            self.check_method(node, func.value, func.attr)
        self.generic_visit(node)

    def check_method(self, node, receiver, name):
        if (isinstance(receiver, ast.Name) and receiver.id == 'self' and len(self.class_methods) > 0
                and name in self.class_methods[len(self.class_methods) - 1]):
            return  # self.method() of the enclosing class
        idiom = METHOD_IDIOMS.get(name, DEFAULT_IDIOM)
        if name in DICT_METHODS:
            self.add(node, 'dict-method', '`.' + name + '()` throws on a plain JS object (Transcrypt calls .py_'
                     + name + ') and may be a host-replaced prototype method', idiom + ' from ' + SHIM)
        elif name in PY_SEQUENCE_METHODS:
            self.add(node, 'prototype-method', '`.' + name + '()` is a Python str/list method that JavaScript '
                     'strings and arrays lack or define differently (the SDK runtime adds none)', idiom)

    def visit_JoinedStr(self, node):
        for value in node.values:
            if isinstance(value, ast.FormattedValue) and (value.format_spec or value.conversion != -1):
                self.add(value, 'fstring-format')
        self.generic_visit(node)

    def visit_BinOp(self, node):
        sides = (node.left, node.right)
        if isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            self.add(node, 'percent-format')
        if isinstance(node.op, ast.Add) and any(isinstance(s, LISTS) for s in sides):
            self.add(node, 'list-concat')
        if isinstance(node.op, ast.Mult) and any(isinstance(s, ast.List) or (isinstance(s, ast.Constant) and
                                                                              isinstance(s.value, str)) for s in sides):
            self.add(node, 'sequence-repeat')
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        if isinstance(node.op, ast.Add) and isinstance(node.value, LISTS):
            self.add(node, 'list-concat')
        self.generic_visit(node)

    def visit_Compare(self, node):
        operands = [node.left] + node.comparators
        for i, op in enumerate(node.ops):
            pair = (operands[i], operands[i + 1])
            if isinstance(op, (ast.Is, ast.IsNot)) and any(isinstance(p, ast.Constant) and p.value is None
                                                           for p in pair):
                self.add(node, 'is-none')
            if isinstance(op, (ast.Eq, ast.NotEq)) and any(isinstance(p, DISPLAYS) for p in pair):
                self.add(node, 'container-compare')
            if isinstance(op, (ast.In, ast.NotIn)) and is_non_string_key(pair[0]) and self.is_dict(pair[1]):
                self.add(node, 'int-key')
        self.generic_visit(node)

    def visit_Subscript(self, node):
        index = node.slice
        bounds = [index.lower, index.upper] if isinstance(index, ast.Slice) else [index]
        if any(is_negative_constant(b) for b in bounds):
            self.add(node, 'negative-index')
        elif isinstance(index, ast.Slice):
            self.add(node, 'slice')
        elif is_non_string_key(index) and self.is_dict(node.value):
            self.add(node, 'int-key')
        self.generic_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            top = alias.name.split('.')[0]
            if top in IMPORTS and top != 'typing':
                self.add(node, 'import', '`import ' + alias.name + '` is unavailable in Transcrypt', IMPORTS[top])

    def visit_ImportFrom(self, node):
        top = (node.module or '').split('.')[0]
        if node.level == 0 and top in IMPORTS:
            self.add(node, 'import', '`from ' + node.module + ' import ...` fails to transpile or load', IMPORTS[top])


DEFINITIONS = (ast.Import, ast.ImportFrom, ast.Assign, ast.FunctionDef, ast.ClassDef)


def module_statements(tree):
    """(line, rule, message) for module-level statements that are not definitions
    (docstrings allowed): sdk_src modules only define things."""
    found = []
    for node in tree.body:
        docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if not isinstance(node, DEFINITIONS) and not docstring:
            found.append((node.lineno, 'module-statement', message('module-statement')))
    return found


def check_source(text, filename='<string>', definitions_only=True):
    """Violations in one module's source text, sorted by line. `definitions_only`:
    module-level code may only define names (true for sdk_src; the tests' transpiled
    scenario modules register scenarios at import)."""
    try:
        tree = ast.parse(text, filename)
    except SyntaxError as err:
        return [Violation(filename, err.lineno or 1, 'syntax-error', message('syntax-error', err.msg))]
    skipped, reasons = skipped_lines(text), opt_outs(text)
    checker = Checker(tree)
    checker.visit(tree)
    if definitions_only:
        checker.found.extend(module_statements(tree))
    result = {Violation(filename, line, rule, msg) for line, rule, msg in checker.found
              if line not in skipped and not reasons.get(line)}
    for line, reason in reasons.items():
        if not reason and line not in skipped:
            result.add(Violation(filename, line, 'opt-out-reason', message('opt-out-reason')))
    return sorted(result, key=lambda v: (v.line, v.rule, v.message))


def checked_files(root_dir):
    for folder, dirs, files in os.walk(root_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(('.', '__')))
        for name in sorted(files):
            if name.endswith('.py') and name not in CPYTHON_ONLY:
                yield os.path.join(folder, name)


def check_tree(root_dir):
    result = []
    for path in checked_files(root_dir):
        with open(path, encoding='utf-8') as f:
            result.extend(check_source(f.read(), path))
    return result


def compiled_text(text):
    """The source as Transcrypt compiles it (with ecom): lines in skip blocks blanked,
    `#?` executable comments turned into code. Line numbers are kept."""
    skipped, lines = skipped_lines(text), []
    for number, line in enumerate(text.splitlines(), 1):
        m = re.match(r'(\s*)#\?(.*)$', line)
        lines.append('' if number in skipped else (m.group(1) + m.group(2) if m else line))
    return '\n'.join(lines) + '\n'


def resolve(module, search_dirs):
    """The .py file Transcrypt would compile for `module`, or None (a JS module such as
    jsvalues.js, or one Transcrypt provides itself, such as typing)."""
    parts = module.split('.')
    for folder in search_dirs:
        for candidate in (os.path.join(folder, *parts) + '.py', os.path.join(folder, *parts, '__init__.py')):
            if os.path.isfile(candidate):
                return os.path.abspath(candidate)
    return None


def imported_modules(text, path):
    """Dotted names of the modules a source imports as Transcrypt sees it (with
    `from a import b`, also `a.b` in case b is a submodule)."""
    tree = ast.parse(compiled_text(text), path)
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names.extend(node.module + '.' + alias.name for alias in node.names)
    return names


def transpiled_files(entry, search_dirs=()):
    """Absolute paths of the Python modules Transcrypt compiles when given `entry` and
    `-xp search_dirs`: the entry's import closure, resolved in the entry's folder first,
    then search_dirs (Transcrypt's order). Sorted; the entry included."""
    dirs = [os.path.dirname(os.path.abspath(entry))] + [os.path.abspath(d) for d in search_dirs]
    seen, pending = set(), [os.path.abspath(entry)]
    while len(pending) > 0:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        try:
            modules = imported_modules(text, path)
        except SyntaxError:
            continue  # check_files reports it
        for module in modules:
            found = resolve(module, dirs)
            if found is not None and found not in seen:
                pending.append(found)
    return sorted(seen)


def check_files(paths, definitions_only_under=()):
    """Violations in the given files. The module-statement rule applies to files
    under one of `definitions_only_under` (sdk_src: its modules only define names)."""
    roots = [os.path.abspath(r) + os.sep for r in definitions_only_under]
    result = []
    for path in paths:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        result.extend(check_source(text, path, any(os.path.abspath(path).startswith(r) for r in roots)))
    return result


def main(argv):
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    args = argv[1:]
    if len(args) >= 2 and args[0] == '--entry':
        search = args[3:] if len(args) > 2 and args[2] == '--search' else []
        violations = check_files(transpiled_files(args[1], search), [os.path.join(here, 'sdk_src')])
    elif len(args) > 0 and args[0].endswith('.py'):
        violations = check_files(args, [os.path.join(here, 'sdk_src')])
    else:
        violations = check_tree(args[0] if len(args) > 0 else os.path.join(here, 'sdk_src'))
    for v in violations:
        print(v)
    return 1 if violations else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
