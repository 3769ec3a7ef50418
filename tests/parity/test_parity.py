"""Parity measures transpile fidelity: the same scenarios, on the same fake
platform (tests/fake_platform.py, transpiled too), through CPython and through
the transpiled JavaScript in Node; the traces must be identical, line for line.
A pass says the JavaScript does what the Python does; it says nothing about
whether that is the specified behaviour (a scenario whose trace is wrong in both
passes here). Behaviour is asserted by tests/unit (and tests/unit/test_pair.py),
JS-only platform code by tests/unit/test_platform_contract.py. The parent
side's scenarios (scenarios.py) and the frame kit's (frame_scenarios.py, names
prefixed 'frame: ') and the headless client's (headless_scenarios.py, names
prefixed 'headless: ') run in one Node process."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, 'build', 'parity')
# What Transcrypt is given here: the Node entry, with sdk_src (the SDK and its runtime),
# tests (the fake platform) and this folder (the scenarios) as search path.
ENTRY = os.path.join(HERE, 'main.py')
SEARCH = [os.path.join(ROOT, 'sdk_src'), os.path.join(ROOT, 'tests'), HERE]

sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)
import build  # noqa: E402
from buildtools import tidy_transpiled, transcrypt_rules  # noqa: E402
import frame_scenarios  # noqa: E402
import headless_scenarios  # noqa: E402
import scenarios  # noqa: E402

# Scenarios whose traces are known to differ between CPython and JavaScript
# because of a real difference in sdk_src (not in the tests): name -> reason.
# Scenario name -> reason, for a difference between CPython and the transpiled JS
# that is known and not yet fixed (each becomes a strict xfail). Empty is the goal.
KNOWN_DIVERGENCES = {}


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
    # Every module this transpile compiles (the fake and the scenarios too) first passes the checker.
    violations = transcrypt_rules.check_files(transcrypt_rules.transpiled_files(ENTRY, SEARCH),
                                              [os.path.join(ROOT, 'sdk_src')])
    assert violations == [], '\n'.join(str(v) for v in violations)
    cmd = [sys.executable, '-m', 'transcrypt', '-b', '-n', '-xp', '$'.join(SEARCH), '-od', os.path.relpath(OUT, HERE),
           ENTRY]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and 'Error' not in result.stdout, result.stdout + result.stderr
    # The same post-transpile pass as the shipped bundles, on the same runtime.
    tidy_transpiled.tidy_dir(OUT, build.RUNTIME)
    with open(os.path.join(OUT, 'package.json'), 'w') as f:
        f.write('{"type": "module"}\n')
    run = subprocess.run(['node', os.path.join(OUT, 'main.js')], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return parse(run.stdout)


@pytest.fixture(scope='module')
def py_traces():
    traces = {name: lines for name, lines in scenarios.run_all()}
    traces.update({name: lines for name, lines in frame_scenarios.run_frame_all()})
    traces.update({name: lines for name, lines in headless_scenarios.run_headless_all()})
    return traces


def test_there_are_at_least_40_scenarios():
    assert len(scenarios.SCENARIOS) >= 40
    names = [name for name, _ in scenarios.SCENARIOS]
    assert len(set(names)) == len(names)


def test_there_are_at_least_15_frame_scenarios():
    assert len(frame_scenarios.FRAME_SCENARIOS) >= 15
    names = [name for name, _ in frame_scenarios.FRAME_SCENARIOS]
    assert len(set(names)) == len(names)
    assert all(name.startswith('frame: ') for name in names)
    assert not set(names) & {name for name, _ in scenarios.SCENARIOS}
    assert set(KNOWN_DIVERGENCES) <= set(names)


def test_there_are_at_least_15_headless_scenarios():
    assert len(headless_scenarios.HEADLESS_SCENARIOS) >= 15
    names = [name for name, _ in headless_scenarios.HEADLESS_SCENARIOS]
    assert len(set(names)) == len(names)
    assert all(name.startswith('headless: ') for name in names)
    others = {name for name, _ in scenarios.SCENARIOS} | {name for name, _ in frame_scenarios.FRAME_SCENARIOS}
    assert not set(names) & others


def test_js_ran_every_scenario(js_traces, py_traces):
    assert list(js_traces) == list(py_traces)


def trace_params():
    params = [name for name, _ in scenarios.SCENARIOS]
    for name, _ in frame_scenarios.FRAME_SCENARIOS + headless_scenarios.HEADLESS_SCENARIOS:
        if name in KNOWN_DIVERGENCES:
            params.append(pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DIVERGENCES[name])))
        else:
            params.append(name)
    return params


@pytest.mark.parametrize('name', trace_params())
def test_transpiled_trace_matches_cpython(name, js_traces, py_traces):
    assert js_traces[name] == py_traces[name]
    assert not any('SCENARIO CRASHED' in line for line in py_traces[name]), py_traces[name]
