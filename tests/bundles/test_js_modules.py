"""The hand-written React bindings (sdk_src/js/react_hook.js, headless_react.js)
are type-checked with `tsc --checkJs` (strict) against React's signatures
(js_check/react.d.ts) and the declared shape of the facts build.py generates next
to them (sdk_src/js/*_facts.d.ts); the generated facts export every declared name;
and the modules keep the host-page rules (no replaceable built-in is called on
host values). Run `python build.py --all` first (`make test` does).
"""
import os
import re
import shutil
import subprocess

import pytest

from sdk_src.profiles import PROFILES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JS = os.path.join(ROOT, 'sdk_src', 'js')
CHECK = os.path.join(HERE, 'js_check')
TSC = os.path.join(ROOT, 'node_modules', '.bin', 'tsc')
# module -> the generated facts module it imports
MODULES = {'react_hook.js': 'react_facts', 'headless_react.js': 'headless_react_facts'}


def tsc(project):
    assert os.path.isfile(TSC), 'node_modules/.bin/tsc is missing: run `npm ci` (typescript is a devDependency)'
    return subprocess.run([TSC, '-p', project], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_react_modules_type_check():
    result = tsc(os.path.join(CHECK, 'tsconfig.json'))
    assert result.returncode == 0, result.stdout + result.stderr


def test_type_check_catches_a_misspelt_fact(tmp_path):
    # Positive control: the same check on a copy whose error code name is misspelt fails.
    for name in ('react_hook.js', 'react_facts.d.ts'):
        shutil.copy(os.path.join(JS, name), tmp_path / name)
    shutil.copy(os.path.join(CHECK, 'react.d.ts'), tmp_path / 'react.d.ts')
    hook = tmp_path / 'react_hook.js'
    text = hook.read_text()
    assert 'code: QUEUE_FULL' in text
    hook.write_text(text.replace('code: QUEUE_FULL', 'code: QUEUE_FUL'))
    with open(os.path.join(CHECK, 'tsconfig.json')) as f:
        config = f.read()
    (tmp_path / 'tsconfig.json').write_text(re.sub(r'"files": \[[^\]]*\]', '"files": ["react.d.ts", "react_hook.js"]',
                                                   config))
    result = tsc(str(tmp_path / 'tsconfig.json'))
    assert result.returncode != 0 and 'QUEUE_FUL' in result.stdout, result.stdout + result.stderr


def declared_names(dts):
    with open(os.path.join(JS, dts)) as f:
        return set(re.findall(r'^export declare (?:const|function) (\w+)', f.read(), re.M))


def exported_names(path):
    with open(path) as f:
        text = f.read()
    names = set(re.findall(r'^export const (\w+)', text, re.M))
    for group in re.findall(r'^export \{([^}]*)\} from', text, re.M):
        names.update(n.strip() for n in group.split(',') if n.strip())
    return names


@pytest.mark.parametrize('facts', sorted(MODULES.values()))
@pytest.mark.parametrize('profile_id', sorted(PROFILES))
def test_generated_facts_export_what_the_modules_expect(profile_id, facts):
    path = os.path.join(ROOT, 'build', 'generated', profile_id, facts + '.js')
    if not os.path.isfile(path):
        pytest.fail('%s is missing: run `python build.py --all` first' % path)
    declared = declared_names(facts + '.d.ts')
    assert len(declared) > 5, declared
    missing = declared - exported_names(path)
    assert not missing, '%s does not export %s (declared in sdk_src/js/%s.d.ts)' % (path, sorted(missing), facts)


# Array/Function methods a host page may replace, and JSON.stringify (see README's host-page section).
HOST_UNSAFE = re.compile(r'\.(includes|indexOf|map|forEach|filter|bind|call|apply)\(|JSON\.stringify')


def unsafe_calls(text):
    return [m.group(0) for m in HOST_UNSAFE.finditer(re.sub(r'//.*|/\*[\s\S]*?\*/', '', text))]


@pytest.mark.parametrize('module', sorted(MODULES))
def test_react_modules_call_no_replaceable_builtin(module):
    with open(os.path.join(JS, module)) as f:
        assert unsafe_calls(f.read()) == []


def test_the_builtin_scan_finds_a_call():
    assert unsafe_calls('const a = list.map((x) => x); JSON.stringify(a); // list.filter(f)') == ['.map(',
                                                                                                  'JSON.stringify']
