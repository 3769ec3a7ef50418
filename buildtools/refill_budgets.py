"""Rewrite GZIP_BUDGETS in tests/bundles/test_bundles.py from the size reports of
the last `python build.py --all`: each budget is the measured gzip size plus 2%,
rounded up. Run it after a change that moves bundle sizes on purpose, and say
why in the commit message; the budget test catches the ones that are not.

    python -m buildtools.refill_budgets
"""
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST_FILE = os.path.join(ROOT, 'tests', 'bundles', 'test_bundles.py')
MARGIN = 1.02


def budgets():
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'bundles'))
    sys.path.insert(0, ROOT)
    import test_bundles  # the test's own reading of the reports, so both agree on the names
    result = {}
    for profile_id in sorted(test_bundles.GZIP_BUDGETS):
        sizes = test_bundles.measured(test_bundles.size_report(profile_id))
        result[profile_id] = {name: math.ceil(size * MARGIN) for name, size in sorted(sizes.items())}
    return result


def render(table):
    lines = ['GZIP_BUDGETS = {']
    for profile_id in sorted(table, key=lambda p: p != 'pilot-status'):
        items = ["'%s': %d" % (name, size) for name, size in table[profile_id].items()]
        body, line = [], '       '
        for item in items:
            if len(line) + len(item) + 2 > 116:
                body.append(line.rstrip())
                line = '       '
            line += ' ' + item + ','
        body.append(line.rstrip().rstrip(','))
        lines.append("    '%s': {" % profile_id)
        lines.extend(body)
        lines.append('    },')
    lines.append('}')
    return '\n'.join(lines)


def main():
    with open(TEST_FILE) as f:
        source = f.read()
    new = re.sub(r'GZIP_BUDGETS = \{\n.*?\n\}', lambda _: render(budgets()), source, count=1, flags=re.S)
    with open(TEST_FILE, 'w') as f:
        f.write(new)
    print('GZIP_BUDGETS rewritten' if new != source else 'GZIP_BUDGETS already current')


if __name__ == '__main__':
    main()
