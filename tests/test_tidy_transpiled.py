"""buildtools/tidy_transpiled.py: literal defaults move into the function header."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from buildtools.tidy_transpiled import tidy_source  # noqa: E402

EMITTED = '\n'.join([
    'export var reset = function (on_done, on_error) {',
    "\tif (typeof on_done == 'undefined' || (on_done != null && on_done.hasOwnProperty (\"__kwargtrans__\"))) {;",
    '\t\tvar on_done = null;',
    '\t};',
    "\tif (typeof on_error == 'undefined' || (on_error != null && on_error.hasOwnProperty (\"__kwargtrans__\"))) {;",
    "\t\tvar on_error = 'none';",
    '\t};',
    '\treturn [on_done, on_error];',
    '};',
    'export var later = function (a) {',
    "\tif (typeof a == 'undefined' || (a != null && a.hasOwnProperty (\"__kwargtrans__\"))) {;",
    '\t\tvar a = make ();',
    '\t};',
    '\treturn a;',
    '};',
])


def test_literal_defaults_move_into_the_header():
    out = tidy_source(EMITTED).split('\n')
    assert len(out) == len(EMITTED.split('\n'))
    assert out[0] == "export var reset = (on_done = null, on_error = 'none') => {"
    assert out[1:7] == [''] * 6


def test_a_computed_default_stays_in_the_body():
    # negative control: `make ()` would run in the parameter scope; only literals move
    out = tidy_source(EMITTED).split('\n')
    assert out[9] == 'export var later = (a) => {' and out[10] == '\tif (a === undefined) {;'


def test_a_module_reading_arguments_keeps_its_defaults_in_the_body():
    text = EMITTED + '\nexport var n = function () { return arguments.length; };'
    out = tidy_source(text).split('\n')
    assert out[0] == 'export var reset = function (on_done, on_error) {' and out[1] == '\tif (on_done === undefined) {;'


def test_the_rewritten_defaults_behave_like_the_emitted_ones():
    js = tidy_source(EMITTED).replace('export var', 'var') + '\nvar make = () => 7;\n' + \
        'console.log(JSON.stringify([reset (), reset (undefined, 1), reset (0, null), later (), later (null)]));'
    result = subprocess.run(['node', '-e', js], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[[null,"none"],[null,1],[0,null],7,null]'
