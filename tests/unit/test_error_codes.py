"""One table of error codes (api_spec.ERROR_CODES) and the code that raises them.

- errors.py names exactly the table's codes;
- no error is raised, rejected or emitted in sdk_src with a code written as a
  string literal (code sites use the names, so a typo is an undefined name);
- every code in the table is used somewhere (sdk_src Python, the hand-written JS
  modules or the templates);
- the generated TypeScript union and error classes come from the table.
"""
import ast
import os
import re

import api_spec
import build
import errors

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SDK_SRC = os.path.join(ROOT, 'sdk_src')
TEMPLATES = os.path.join(ROOT, 'templates')
# What the headless client's failures carry (headless_errors.py).
HEADLESS_CODES = {'network', 'auth', 'not-found', 'rate-limited', 'bot-check', 'server', 'bad-response', 'gave-up',
                  'timeout', 'request-failed'}
# Calls whose first argument is an error code.
CODE_CALLS = {'SdkError', 'ConfigError', 'ArgumentError', 'StateError', 'emit_error', 'reject'}


def code_names():
    return {name: value for name, value in vars(errors).items() if name.isupper() and isinstance(value, str)}


def test_errors_module_names_exactly_the_table():
    table = [row['code'] for row in api_spec.ERROR_CODES]
    assert len(table) == len(set(table))
    assert sorted(code_names().values()) == sorted(table)


def test_the_headless_codes_are_in_the_table():
    table = {row['code'] for row in api_spec.ERROR_CODES}
    assert HEADLESS_CODES <= table
    assert HEADLESS_CODES == {row['code'] for row in api_spec.ERROR_CODES if 'headless' in row['where']} - \
        {'invalid-config', 'invalid-argument', 'not-initialized', 'queue-full'}


def literal_codes(source, filename='<source>'):
    """(line, code) for every CODE_CALLS call whose code is a string literal, and
    every upper-case name used as a code that errors.py does not define."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in CODE_CALLS:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, first.value))
        elif isinstance(first, ast.Name) and first.id.isupper() and first.id not in code_names():
            found.append((node.lineno, first.id))
    return found


def sdk_python_files():
    for name in sorted(os.listdir(SDK_SRC)):
        if name.endswith('.py') and name not in ('errors.py', 'api_spec.py'):
            yield os.path.join(SDK_SRC, name)


def test_sdk_src_raises_no_code_written_as_a_literal():
    problems = []
    for path in sdk_python_files():
        with open(path) as f:
            problems += ['%s:%d %s' % (os.path.basename(path), line, code)
                         for line, code in literal_codes(f.read(), path)]
    assert problems == []


def test_the_literal_scan_finds_literals_and_unknown_names():
    source = ("raise StateError('oops', 'x')\nkit.reject(ORIGIN_NOT_ALLOWED, 'm')\nself.emit_error(TIMEOT, 'm')\n"
              "self.emit_error(code, message)\n")
    assert literal_codes(source) == [(1, 'oops'), (3, 'TIMEOT')]


JS_LITERAL_CODE = re.compile(r'''(?:Error|reject)\(\s*['"][a-z-]+['"]|\bcode:\s*['"][a-z-]+['"]''')


def test_js_and_templates_raise_no_code_written_as_a_literal():
    problems = []
    for folder in (os.path.join(SDK_SRC, 'js'), TEMPLATES):
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name)) as f:
                problems += [name + ': ' + m for m in JS_LITERAL_CODE.findall(f.read())]
    assert problems == []
    assert JS_LITERAL_CODE.findall("throw StateError('no-provider', m); x = { code: 'queue-full' }") != []


def used_names():
    """Code names used outside errors.py/api_spec.py: Python names, JS identifiers and {{ codes.X }}."""
    names = set()
    for path in sdk_python_files():
        with open(path) as f:
            names |= {n.id for n in ast.walk(ast.parse(f.read())) if isinstance(n, ast.Name)}
    for folder in (os.path.join(SDK_SRC, 'js'), TEMPLATES):
        for name in os.listdir(folder):
            if name.endswith('.d.ts'):
                continue
            with open(os.path.join(folder, name)) as f:
                text = f.read()
            names |= set(re.findall(r'\bcodes\.([A-Z_]+)', text))
            if name.endswith('.js'):
                names |= set(re.findall(r'\b([A-Z][A-Z_]+)\b', text))
    return names


def test_every_code_in_the_table_is_used():
    by_value = {value: name for name, value in code_names().items()}
    used = used_names()
    unused = [row['code'] for row in api_spec.ERROR_CODES
              if by_value[row['code']] not in used]
    assert unused == []
    # The scan sees real uses: the frame kit's rejection codes and the React ones.
    assert {'ORIGIN_NOT_ALLOWED', 'NO_PROVIDER', 'QUEUE_FULL', 'REQUEST_FAILED'} <= used


def test_typescript_union_and_error_classes_come_from_the_table():
    ctx = build.error_context()
    union = ctx['error_codes']
    for row in api_spec.ERROR_CODES:
        assert '"%s"' % row['code'] in union
    assert union.count('|') == len(api_spec.ERROR_CODES) - 1
    assert ctx['error_classes'] == ['SdkError', 'ConfigError', 'ArgumentError', 'StateError']
    assert ctx['frame_error_classes'] == ['SdkError', 'ArgumentError', 'StateError']
    state = [c for c in ctx['error_class_docs'] if c['name'] == 'StateError'][0]
    assert 'no-provider' in state['codes'] and 'not-initialized' in state['codes']


def test_frame_rejections_carry_the_table_codes():
    with open(os.path.join(SDK_SRC, 'frame.py')) as f:
        source = f.read()
    rejected = [node.args[0].id for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'reject']
    assert sorted(rejected) == ['ORIGIN_NOT_ALLOWED', 'TOKEN_MISSING', 'VERIFY_FAILED']
    frame_rows = [row['code'] for row in api_spec.ERROR_CODES if row['where'] == ['frame']]
    assert sorted(frame_rows) == sorted(code_names()[n] for n in rejected)
