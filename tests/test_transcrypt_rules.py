"""Tests of buildtools/transcrypt_rules.py, plus the check of the real sdk_src/."""
import os
import sys
import textwrap

import pytest
from buildtools import transcrypt_rules
from buildtools.transcrypt_rules import PY_SEQUENCE_METHODS, RULES, check_source, check_tree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY312 = sys.version_info >= (3, 12)


def found(source, definitions_only=False):
    """(line, rule) pairs for a snippet; its first line is line 1. Snippets are
    module-level code, so the module-statement rule is off unless asked for."""
    return [(v.line, v.rule) for v in check_source(textwrap.dedent(source).lstrip('\n'), 'snippet.py',
                                                    definitions_only)]


# (rule, snippet whose line 2 violates the rule)
POSITIVE = [
    ('walrus', 'x = [1]\nif (n := len(x)) > 2:\n    pass\n'),
    ('match', 'cmd = 1\nmatch cmd:\n    case 1:\n        pass\n'),
    ('posonly-param', 'x = 1\ndef f(a, /, b):\n    return a\n'),
    ('ellipsis', 'def f():\n    ...\n'),
    ('star-unpack', 'a = 1\ny = [*a, 4]\n'),
    ('star-unpack', 'x = 1\na, *b = x\n'),
    ('dict-unpack', 'd = 1\ny = {**d, "b": 2}\n'),
    ('kwargs', 'x = 1\ndef f(*args, **kw):\n    pass\n'),
    ('kwargs', 'd = 1\nf(1, **d)\n'),
    ('call-keyword', 'x = 1\nf(x, key=1)\n'),
    ('fstring-format', 'x = 1\ns = f"{x:.2f}"\n'),
    ('fstring-format', 'x = 1\ns = f"{x!r}"\n'),
    ('percent-format', 'a = 1\ns = "%s has %d" % (a, 3)\n'),
    ('import', 'import typing\nimport json\n'),
    ('import', 'import typing\nimport enum\n'),
    ('import', 'import typing\nimport dataclasses\n'),
    ('import', 'import typing\nfrom dataclasses import dataclass\n'),
    ('import', 'import typing\nfrom typing import Optional\n'),
    ('import', '"""doc"""\nfrom __future__ import annotations\n'),
    ('slice', 'x = "ab"\ny = x[0:1]\n'),
    ('module-statement', 'x = []\npush(x, 1)\n'),
    ('module-statement', 'x = []\nfor y in x:\n    pass\n'),
    ('slice', 'x = [1]\ny = x[1:]\n'),
    ('negative-index', 'x = [1]\ny = x[-1]\n'),
    ('negative-index', 'x = [1]\ny = x[:-1]\n'),
    ('negative-index', 'x = [1]\ny = x[-2:]\n'),
    ('is-none', 'x = 1\nif x is None:\n    pass\n'),
    ('is-none', 'x = 1\nok = x is not None\n'),
    ('is-none', 'x = 1\nok = None is x\n'),
    ('container-compare', 'x = 1\nif x == []:\n    pass\n'),
    ('container-compare', 'x = 1\nok = x != ()\n'),
    ('container-compare', 'x = 1\nok = {} == x\n'),
    ('list-concat', 'a = []\ny = a + [1]\n'),
    ('list-concat', 'a = []\na += [1]\n'),
    ('list-concat', 'a = []\ny = [1] + a\n'),
    ('sequence-repeat', 'n = 3\ny = [0] * n\n'),
    ('sequence-repeat', 'n = 3\ns = "-" * n\n'),
    ('comprehension', 'y = []\nz = [x for x in y]\n'),
    ('comprehension', 'y = []\nz = {x for x in y}\n'),
    ('comprehension', 'y = []\nz = {k: 1 for k in y}\n'),
    ('comprehension', 'y = []\nz = sum(x for x in y)\n'),
    ('prototype-method', 'items = []\nitems.append(1)\n'),
    ('prototype-method', 'parts = []\ns = ", ".join(parts)\n'),
    ('prototype-method', 'x = 1\ns = "{}".format(x)\n'),
    ('prototype-method', 's = ""\nt = s.strip()\n'),
    ('prototype-method', 'x = []\nx.sort()\n'),
    ('prototype-method', 'x = []\nx.remove(1)\n'),
    ('prototype-method', 'x = ""\nok = x.startswith("a")\n'),
    ('dict-method', 'cfg = {}\nv = cfg.get("x", 0)\n'),
    ('dict-method', 'd = {}\nfor k in d.keys():\n    pass\n'),
    ('dict-method', 'd = {}\nfor k, v in d.items():\n    pass\n'),
    ('dict-method', 'd = {}\nvs = d.values()\n'),
    ('dict-method', 'd = {}\nv = d.pop("k")\n'),
    ('dict-method', 'd = {}\nd.update({})\n'),
    ('dict-method', 'd = {}\nd.setdefault("k", 1)\n'),
    ('getattr-default', 'o = 1\nv = getattr(o, "k", None)\n'),
    ('mutable-default', 'x = 1\ndef f(x, b=[]):\n    return b\n'),
    ('mutable-default', 'x = 1\ndef f(x=None, *, b={}):\n    return b\n'),
    ('lambda-default', 'k = 1\nf = lambda k=k: k\n'),
    ('print', 'x = 1\nprint(x)\n'),
    ('except-lookup', 'try: x = 1\nexcept KeyError:\n    pass\n'),
    ('except-lookup', 'try: x = 1\nexcept (ValueError, IndexError):\n    pass\n'),
    ('except-lookup', 'try: x = 1\nexcept LookupError as err:\n    pass\n'),
    ('isinstance-dict', 'x = 1\nok = isinstance(x, dict)\n'),
    ('isinstance-dict', 'x = 1\nok = isinstance(x, (list, dict))\n'),
    ('dict-copy', 'x = {}\ny = dict(x)\n'),
    ('loop-variable', 'for i in range(3): pass\ny = i\n'),
    ('loop-variable', 'for k, v in pairs: pass\nlast = v\n'),
    ('int-key', 'x = 1\nd = {1: x}\n'),
    ('int-key', 'x = 1\nd = {"a": 1, True: x}\n'),
    ('int-key', 'd = {}\nd[1] = 2\n'),
    ('int-key', 'd = dict()\nv = d[0]\n'),
    ('int-key', 'd = {}\nok = 1 in d\n'),
    ('eq-method', 'class V:\n    def __eq__(self, other):\n        return True\n'),
    ('eq-method', 'class V:\n    def __lt__(self, other):\n        return True\n'),
]
if PY312:
    POSITIVE += [('type-alias', 'x = 1\ntype Pair = tuple\n'), ('type-alias', '\ndef f[T](x):\n    return x\n')]

NEGATIVE = [
    'x = [1]\nn = len(x)\nif n > 2:\n    pass\n',
    'cmd = 1\nif cmd == 1:\n    pass\nelif cmd == 2:\n    pass\n',
    'def f(a, b=None):\n    pass\n',
    'def f(*args):\n    return g(*args)\n',
    'a = [1]\ny = [a[0], 4]\nfirst = a[0]\n',
    'd = {}\ny = {"b": 2, "c": d}\n',
    'x = 1\nf(x, {"flag": True})\n',
    'x = 1\ns = f"{x} items, {x + 1} more"\n',
    'a = 1\ns = "cart has " + str(a)\nr = a % 3\n',
    'import typing\nfrom api_spec import LIMITS\nfrom . import json\n\n\ndef f(x: typing.Optional[int]):\n    pass\n',
    'x = [1]\ny = x[len(x) - 1]\nz = substring(x, 1, len(x))\nn = -1\n',
    'x = 1\nif x == None or x != None:\n    pass\nsame = x is f\n',
    'x = []\nif len(x) == 0 or x == 1:\n    pass\n',
    'a = []\npush(a, 1)\ns = "a" + str(a)\nn = 1 + 2\n',
    'n = 3\ny = n * 3\n',
    'y = []\nz = []\nfor x in y:\n    push(z, x)\n',
    'parts = []\ns = join(parts, ", ")\nok = starts_with(s, "a")\nt = trim(s)\n',
    'platform.warn("x")\nself.platform.report("y")\np.then(ok, fail)\nwidget.command("open", None)\n',
    'class A:\n    def find(self):\n        return 1\n\n    def g(self):\n        return self.find()\n',
    'cfg = {}\nv = cfg["x"] if has_own(cfg, "x") else 0\nfor k in own_keys(cfg):\n    v = cfg[k]\n',
    'o = 1\nv = getattr(o, "k") if hasattr(o, "k") else None\n',
    'def f(x, b=None, c=0, d="s", e=(1, 2)):\n    pass\n',
    'def make(n):\n    return lambda: n\n',
    'try: x = 1\nexcept ValueError:\n    pass\nexcept Exception:\n    pass\n',
    "x = 1\nok = isinstance(x, list) or kind(x) == 'object'\n",
    'x = {}\ny = dict()\nz = plain(x)\n',
    'for i in range(3):\n    last = i\ny = last\nfor i in range(2):\n    pass\n',
    'i = 0\nfor i in range(3):\n    pass\ni = 5\ny = i\n',
    'for i in range(3):\n    y = i\n',
    'def f(xs):\n    for x in xs:\n        pass\n\n\ndef g(x):\n    return x\n',
    'items = [1]\nv = items[0]\nd = {"1": 2}\nd["1"] = 3\nok = "1" in d\n',
    'def f():\n    d = {}\n    return d\n\n\ndef g():\n    d = [1]\n    return d[0]\n',
    'class V:\n    def same_as(self, other):\n        return True\n\n    def __init__(self):\n        pass\n',
]


@pytest.mark.parametrize('rule, source', POSITIVE)
def test_rule_is_reported_on_its_line(rule, source):
    assert (2, rule) in found(source, rule == 'module-statement')


def test_module_level_definitions_and_docstrings_pass():
    source = '"""doc"""\nimport typing\nX = [1]\n\n\ndef f():\n    push(X, 2)\n\n\nclass A:\n    pass\n'
    assert found(source, True) == []


@pytest.mark.parametrize('source', NEGATIVE)
def test_safe_idiom_passes(source):
    assert found(source) == []


def test_every_rule_has_a_positive_case():
    covered = {rule for rule, _ in POSITIVE} | {'opt-out-reason', 'syntax-error'}
    missing = set(RULES) - covered - (set() if PY312 else {'type-alias'})
    assert missing == set()


@pytest.mark.parametrize('rule, source', POSITIVE)
def test_message_names_construct_and_safe_idiom(rule, source):
    violation = next(v for v in check_source(source, 'snippet.py') if v.rule == rule)
    assert ' instead' in violation.message and '; use ' in violation.message
    construct, idiom = violation.message.split('; use ')
    assert len(construct) > 10 and len(idiom) > len(' instead')


def test_method_messages_are_specific():
    append, = check_source('items.append(1)\n', 'snippet.py', False)
    assert '`.append()`' in append.message and 'push(items, x)' in append.message
    get, = check_source('v = cfg.get("x")\n')
    assert '`.get()`' in get.message and 'has_own(obj, key)' in get.message
    keyword, = check_source('f(1, flag=True)\n', 'snippet.py', False)
    assert '`flag=`' in keyword.message


def test_loop_variable_in_functions_and_for_else():
    source = '''
        def f(xs):
            for x in xs:
                pass
            else:
                last = x
            return x
    '''
    assert found(source) == [(5, 'loop-variable'), (6, 'loop-variable')]
    # A read inside a nested function is its own scope (not checked); a loop in the
    # nested function is checked there.
    nested = '''
        def f(xs):
            for x in xs:
                pass

            def g():
                for y in range(2):
                    pass
                return y
            return g
    '''
    assert found(nested) == [(8, 'loop-variable')]


def test_int_key_needs_a_dict_bound_in_the_same_scope():
    source = '''
        class A:
            def __init__(self):
                self.byid = {}
                self.items = [1]

            def f(self):
                self.byid[2] = 1
                return self.items[0]
    '''
    assert found(source) == [(7, 'int-key')]


def test_type_alias_on_this_python():
    if PY312:
        assert (1, 'type-alias') in found('type Pair = tuple\n')
    else:  # 3.11 cannot parse PEP 695; the checker reports it instead of crashing
        assert found('x = 1\ntype Pair = tuple\n') == [(2, 'syntax-error')]


def test_skip_blocks_are_ignored():
    source = '''
        # __pragma__ ('ecom')
        # __pragma__ ('skip')
        import json
        from pyvalues import push
        if x is None:
            items.append(1)
        # __pragma__ ('noskip')
        #?from jsvalues import push
        items.append(2)
        last = items[-1]  #__: skip
        # __pragma__ ('skip')
        print([x for x in items])
    '''
    assert found(source) == [(9, 'prototype-method')]


def test_skip_block_inside_a_function():
    source = '''
        def f(x):
            # __pragma__ ('skip')
            return x[-1]
            # __pragma__ ('noskip')
            return x[-2]
    '''
    assert found(source) == [(5, 'negative-index')]


def test_opt_out_with_reason_silences_its_line_only():
    source = '''
        items.append(1)  # transcrypt-ok: items is a Python class with its own append()
        items.append(2)
        ok = x is None  # noqa: E711 # transcrypt-ok: x is never undefined here
    '''
    assert found(source) == [(2, 'prototype-method')]


def test_opt_out_without_reason_is_flagged_and_does_not_silence():
    assert found('items.append(1)  # transcrypt-ok\n') == [(1, 'opt-out-reason'), (1, 'prototype-method')]
    assert found('x = 1  # transcrypt-ok:   \n') == [(1, 'opt-out-reason')]


def test_opt_out_text_inside_a_string_is_not_an_opt_out():
    assert found('s = "# transcrypt-ok"\nitems.append(s)\n') == [(2, 'prototype-method')]


def test_violation_format():
    violation, = check_source('x = 1\nprint(x)\n', 'sdk_src/a.py', False)
    assert str(violation).startswith('sdk_src/a.py:2: print print() ')


def test_check_tree_skips_cpython_only_modules_and_runs_as_a_script(tmp_path, capsys):
    for name in ('pyvalues.py', 'profiles.py'):
        (tmp_path / name).write_text('import json\nx = [y for y in []]\n')
    (tmp_path / 'notes.txt').write_text('import json\n')
    (tmp_path / 'ok.py').write_text('x = 1\n')
    assert check_tree(str(tmp_path)) == []
    assert transcrypt_rules.main(['transcrypt_rules.py', str(tmp_path)]) == 0
    (tmp_path / 'pkg').mkdir()
    (tmp_path / 'pkg' / 'bad.py').write_text('x = 1\ny = x[-1]\n')
    bad = str(tmp_path / 'pkg' / 'bad.py')
    assert [(v.file, v.line, v.rule) for v in check_tree(str(tmp_path))] == [(bad, 2, 'negative-index')]
    capsys.readouterr()
    assert transcrypt_rules.main(['transcrypt_rules.py', str(tmp_path)]) == 1
    assert capsys.readouterr().out.startswith(bad + ':2: negative-index ')


def test_python_sequence_methods_are_all_flagged():
    # The list is CPython's own: any str/list method called on a value is reported.
    expected = {'append', 'pop', 'split', 'format', 'join', 'startswith', 'count', 'title', 'reverse'}
    assert expected <= PY_SEQUENCE_METHODS
    assert found('x = "a"\ny = x.title()\n') == [(2, 'prototype-method')]


def build_closure():
    import build
    return transcrypt_rules.transpiled_files(build.TRANSPILE_ENTRY, build.TRANSPILE_SEARCH)


def parity_closure():
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'parity'))
    import test_parity
    return transcrypt_rules.transpiled_files(test_parity.ENTRY, test_parity.SEARCH)


def test_checked_files_are_what_build_and_parity_transpile():
    # Derived from the transpile entries, not a hand list: the SDK, the tests' fake
    # platform and every parity scenario module; never the CPython-only modules.
    rel = sorted(os.path.relpath(p, ROOT) for p in set(build_closure()) | set(parity_closure()))
    assert {'tests/fake_platform.py', 'tests/parity/harness.py', 'tests/parity/scenarios.py',
            'tests/parity/frame_scenarios.py', 'tests/parity/headless_scenarios.py', 'tests/parity/main.py',
            'sdk_src/widget.py', 'sdk_src/frame.py', 'sdk_src/headless.py', 'sdk_src/config.py'} <= set(rel)
    assert not {'sdk_src/pyvalues.py', 'sdk_src/profiles.py', 'sdk_src/platform_contract.py',
                'tests/parity/test_parity.py'} & set(rel)


def transcrypt_modules(entry, search, out_dir):
    """The .py modules Transcrypt itself compiled (its .project file lists them)."""
    import json
    import subprocess
    cmd = [sys.executable, '-m', 'transcrypt', '-b', '-n', '-od', str(out_dir), entry]
    if search:
        cmd[5:5] = ['-xp', '$'.join(search)]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    name = os.path.splitext(os.path.basename(entry))[0] + '.project'
    with open(os.path.join(str(out_dir), name)) as f:
        project = json.load(f)
    return sorted(os.path.realpath(m['source']) for m in project['modules'] if m['source'].endswith('.py'))


def test_closure_matches_what_transcrypt_compiles(tmp_path):
    import build
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'parity'))
    import test_parity
    for entry, search, closure in ((build.TRANSPILE_ENTRY, build.TRANSPILE_SEARCH, build_closure()),
                                   (test_parity.ENTRY, test_parity.SEARCH, parity_closure())):
        out = tmp_path / os.path.basename(entry)
        assert transcrypt_modules(entry, search, out) == sorted(os.path.realpath(p) for p in closure)


def test_closure_follows_executable_comments_and_ignores_skip_blocks(tmp_path):
    (tmp_path / 'main.py').write_text("# __pragma__ ('skip')\nimport hidden\n# __pragma__ ('noskip')\n"
                                      '#?import shown\nfrom pkg import sub\n')
    for name in ('hidden', 'shown', 'unused'):
        (tmp_path / (name + '.py')).write_text('x = 1\n')
    (tmp_path / 'lib').mkdir()
    (tmp_path / 'lib' / 'pkg').mkdir()
    (tmp_path / 'lib' / 'pkg' / '__init__.py').write_text('')
    (tmp_path / 'lib' / 'pkg' / 'sub.py').write_text('import deep\n')
    (tmp_path / 'lib' / 'deep.py').write_text('x = 1\n')
    files = transcrypt_rules.transpiled_files(str(tmp_path / 'main.py'), [str(tmp_path / 'lib')])
    assert sorted(os.path.relpath(p, str(tmp_path)) for p in files) == [
        'lib/deep.py', 'lib/pkg/__init__.py', 'lib/pkg/sub.py', 'main.py', 'shown.py']


def test_transpiled_test_code_has_no_violations():
    # The parity tier transpiles the fake platform and the scenarios with the same runtime.
    violations = transcrypt_rules.check_files(parity_closure(), [os.path.join(ROOT, 'sdk_src')])
    assert violations == [], '\n' + '\n'.join(str(v) for v in violations)


def test_real_sdk_src_has_no_violations():
    violations = transcrypt_rules.check_files(build_closure(), [os.path.join(ROOT, 'sdk_src')])
    assert violations == [], '\n' + '\n'.join(str(v) for v in violations)
    assert check_tree(os.path.join(ROOT, 'sdk_src')) == []


def test_cli_checks_a_transpile_closure(tmp_path, capsys):
    (tmp_path / 'main.py').write_text('import helper\n')
    (tmp_path / 'helper.py').write_text('try: x = 1\nexcept KeyError:\n    pass\n')
    assert transcrypt_rules.main(['transcrypt_rules.py', '--entry', str(tmp_path / 'main.py')]) == 1
    assert capsys.readouterr().out.startswith(str(tmp_path / 'helper.py') + ':2: except-lookup ')


# Each new rule's claim, measured: the same functions under CPython and transpiled
# (Transcrypt + tidy + the SDK runtime) in Node print different lines. If the runtime
# ever makes one of these behave the same, this test says which rule to revisit.
DIVERGENCES = '''
class V:
    def __init__(self, x):
        self.x = x

    def __eq__(self, other):
        return self.x == other.x


def except_lookup():
    d = {'a': 1}
    try:
        return 'missing ' + str(d['b'])
    except KeyError:
        return 'KeyError'


def isinstance_dict():
    return str(isinstance({'a': 1}, dict))


def dict_copy():
    return str('k' in dict([['k', 'v']]))


def loop_variable():
    for i in range(3):
        pass
    return str(i)


def int_key():
    d = {1: 'one'}
    return str('1' in d)


def eq_method():
    return str(V(1) == V(1))


def run():
    for f in [except_lookup, isinstance_dict, dict_copy, loop_variable, int_key, eq_method]:
        print(f())
'''
DIVERGENT_RULES = ['except-lookup', 'isinstance-dict', 'dict-copy', 'loop-variable', 'int-key', 'eq-method']


def test_each_new_rule_guards_a_real_divergence(tmp_path):
    import subprocess
    import build
    from buildtools import tidy_transpiled
    src = tmp_path / 'divergences.py'
    src.write_text(DIVERGENCES + '\n\nrun()\n')
    rules = {v.rule for v in check_source(DIVERGENCES, 'd.py', False)}
    assert set(DIVERGENT_RULES) <= rules
    py = subprocess.run([sys.executable, str(src)], capture_output=True, text=True, timeout=60)
    assert py.returncode == 0, py.stderr
    out = tmp_path / 'js'
    # -xp sdk_src: Transcrypt takes the SDK's own runtime from there, as build.py does.
    result = subprocess.run([sys.executable, '-m', 'transcrypt', '-b', '-n', '-xp', os.path.join(ROOT, 'sdk_src'),
                             '-od', str(out), str(src)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    try:
        tidy_transpiled.tidy_dir(str(out), build.RUNTIME)
    except tidy_transpiled.TidyError as e:  # the rewrite is done; KeyError is not in the SDK runtime
        assert 'KeyError' in str(e)
    (out / 'package.json').write_text('{"type": "module"}\n')
    js = subprocess.run(['node', str(out / 'divergences.js')], capture_output=True, text=True, timeout=60)
    assert js.returncode == 0, js.stderr
    pairs = list(zip(DIVERGENT_RULES, py.stdout.splitlines(), js.stdout.splitlines(), strict=True))
    assert [rule for rule, a, b in pairs if a == b] == [], pairs
