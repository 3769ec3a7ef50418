"""Importing any built npm entry changes no JavaScript built-in (issue 9).

builtins_diff.mjs snapshots every own property and descriptor of the built-in
constructors, their prototypes and globalThis, imports one entry in a fresh Node
process, and lists every difference: an added property counts even when it is
non-enumerable (the host page's polyfills, feature detection and
Object.getOwnPropertyNames see it). Every entry of every build profile's package
is checked (each profile's dist folder, from outDir in sdk_src/profiles.py).
React is an optional peer dependency and not installed here: the script then
gives the React entries a do-nothing stand-in, so their own import-time effects
are still measured.

Run `python build.py --all` first (`make test` does); a missing file fails.
"""
import json
import os
import subprocess

import pytest

from devkit.pages import profile_dist
from sdk_src.profiles import PROFILES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(HERE, 'builtins_diff.mjs')
ENTRIES = ['index.mjs', 'index.cjs', 'frame.mjs', 'frame.cjs', 'headless.mjs', 'headless.cjs', 'react.mjs',
           'react.cjs', 'headless-react.mjs', 'headless-react.cjs']
REACT_ENTRIES = {'react.mjs', 'react.cjs', 'headless-react.mjs', 'headless-react.cjs'}


def diff(path, *flags):
    """(exit status, the script's JSON report) for one module."""
    result = subprocess.run(['node', SCRIPT, path, *flags], capture_output=True, text=True, timeout=60, cwd=ROOT)
    lines = result.stdout.strip().splitlines()
    assert lines, 'builtins_diff.mjs printed nothing for %s:\n%s' % (path, result.stderr)
    try:
        report = json.loads(lines[-1])
    except ValueError:
        raise AssertionError('builtins_diff.mjs: unexpected output for %s:\n%s\n%s'
                             % (path, result.stdout, result.stderr)) from None
    return result.returncode, report


def entry_path(profile_id, name):
    path = profile_dist(profile_id) / name
    if not path.is_file():
        pytest.fail('%s is missing (entry %s of the %s build): run `python build.py --all` first'
                    % (path, name, profile_id))
    return str(path)


@pytest.mark.parametrize('name', ENTRIES)
@pytest.mark.parametrize('profile_id', sorted(PROFILES))
def test_importing_an_entry_changes_no_builtin(profile_id, name):
    status, report = diff(entry_path(profile_id, name))
    assert report['exports'] > 0, 'the entry exported nothing: was it imported at all? %r' % report
    assert report['checked'] > 500, report     # the snapshot really covered the built-ins
    if name in REACT_ENTRIES:
        assert report['react'] in ('real', 'stub'), report
    diffs = report['diffs']
    assert diffs == [], '%s/%s changes %d built-in properties, e.g.:\n  %s' % (
        profile_id, name, len(diffs), '\n  '.join(diffs[:15]))
    assert status == 0, report


# ---- the script itself ----------------------------------------------------------------------------

CLEAN = {
    # Uses lazily defined Node globals and plain built-ins, changes nothing.
    'clean.mjs': 'export const n = new TextEncoder().encode("ab").length + atob("YQ==").length + [1].includes(1);\n'
                 'export const f = typeof fetch;\n',
    'clean.cjs': 'module.exports = { n: new TextEncoder().encode("ab").length, m: new Map([[1, 2]]).get(1) };\n',
    # Imports the optional React peer like the React entries do.
    'clean-react.mjs': 'import { useState } from "react";\nexport const hook = typeof useState;\n',
    'clean-react.cjs': 'const react = require("react");\nmodule.exports = { hook: typeof react.useState };\n',
}


@pytest.fixture
def clean_modules(tmp_path):
    for name, source in CLEAN.items():
        (tmp_path / name).write_text(source)
    return tmp_path


@pytest.mark.parametrize('name', sorted(CLEAN))
def test_a_module_that_changes_nothing_has_no_difference(clean_modules, name):
    status, report = diff(str(clean_modules / name))
    assert report['diffs'] == [] and status == 0, report
    assert report['exports'] > 0
    assert report['react'] == ('stub' if 'react' in name else None), report


@pytest.mark.parametrize('name', ['clean.mjs', 'clean.cjs', 'clean-react.cjs'])
def test_every_kind_of_change_is_reported(clean_modules, name):
    # Positive control: the changes a Python-to-JS runtime typically makes.
    status, report = diff(str(clean_modules / name), '--control')
    assert status != 0
    assert sorted(report['diffs']) == sorted([
        'Array.prototype: added "__control_hidden__" (value function, non-enumerable)',
        'String.prototype: added "__control_enumerable__" (value function, enumerable)',
        'Map.prototype: changed "get" (value)',
        'Function.prototype: changed "toString" (enumerable)',
        'globalThis: added "__control_global__" (value number, enumerable)',
        'Object.prototype: added [Symbol(control)] (value number, non-enumerable)',
    ]), report


@pytest.mark.parametrize('profile_id', sorted(PROFILES))
def test_a_missing_entry_fails_and_names_it(monkeypatch, tmp_path, profile_id):
    monkeypatch.setitem(PROFILES[profile_id], 'outDir', str(tmp_path / 'nowhere'))
    with pytest.raises(pytest.fail.Exception) as failure:
        entry_path(profile_id, 'react.cjs')
    assert 'react.cjs' in str(failure.value) and 'nowhere' in str(failure.value)
    assert profile_id in str(failure.value)
