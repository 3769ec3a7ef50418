"""Parity: the same scenarios through CPython and through the transpiled
JavaScript in Node; the traces must be identical, line for line."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, 'build', 'parity')

sys.path.insert(0, HERE)
import scenarios  # noqa: E402


def parse(stdout):
    traces, current = {}, None
    for line in stdout.splitlines():
        if line.startswith('### '):
            current = line[4:]
            traces[current] = []
        elif current is not None:
            traces[current].append(line)
    return traces


@pytest.fixture(scope='module')
def js_traces():
    search = '$'.join([os.path.join(ROOT, 'sdk_src'), os.path.join(ROOT, 'tests'), HERE])
    cmd = [sys.executable, '-m', 'transcrypt', '-b', '-n', '-xp', search, '-od', os.path.relpath(OUT, HERE),
           os.path.join(HERE, 'main.py')]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and 'Error' not in result.stdout, result.stdout + result.stderr
    with open(os.path.join(OUT, 'package.json'), 'w') as f:
        f.write('{"type": "module"}\n')
    run = subprocess.run(['node', os.path.join(OUT, 'main.js')], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return parse(run.stdout)


@pytest.fixture(scope='module')
def py_traces():
    return {name: lines for name, lines in scenarios.run_all()}


def test_there_are_at_least_40_scenarios():
    assert len(scenarios.SCENARIOS) >= 40
    names = [name for name, _ in scenarios.SCENARIOS]
    assert len(set(names)) == len(names)


def test_js_ran_every_scenario(js_traces, py_traces):
    assert list(js_traces) == list(py_traces)


@pytest.mark.parametrize('name', [name for name, _ in scenarios.SCENARIOS])
def test_trace_is_identical(name, js_traces, py_traces):
    assert js_traces[name] == py_traces[name]
    assert not any('SCENARIO CRASHED' in line for line in py_traces[name]), py_traces[name]
