"""README.md as a document: every code block is either an example the test
suite runs (tests/consumer/test_readme_examples.py) or explicitly marked as not
runnable; its links and file references stay inside the repository; the
tarball names it tells people to install are the ones `npm pack` writes; the
async stub it prints is the built one."""
import json
import os
import re
import subprocess

import pytest
from readme_blocks import EXAMPLE_NAME, ROOT, RUNNABLE_LANGS, parse_blocks, read_readme
from sdk_src.limits import LIMITS
from sdk_src.profiles import PROFILES

GENERATED = ('dist/', 'dist-masheev/', 'build/', 'reports/', 'node_modules/', '.venv/')


def prose(text):
    """The README without its code blocks (their lines blanked, so line numbers stay)."""
    lines = text.split('\n')
    for block in parse_blocks(text):
        end = block.line + block.code.count('\n')
        for i in range(block.line - 1, end + 1):
            lines[i] = ''
    return lines


def repository_files():
    """Tracked files plus new ones that are not ignored (what a clone will have once committed)."""
    out = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard'], cwd=ROOT,
                         capture_output=True, text=True, timeout=30, check=True).stdout
    files = set(out.split('\n')) - {''}
    return {f for f in files if os.path.exists(os.path.join(ROOT, f))}


def exists_in_repository(path, files):
    path = path.rstrip('/')
    return path in files or any(f.startswith(path + '/') for f in files)


def slug(heading):
    """GitHub's anchor for a heading."""
    text = re.sub(r'[`*_]', '', heading.strip().lower())
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def test_every_code_block_is_an_example_or_marked_not_runnable():
    unmarked = [b.where() for b in parse_blocks(read_readme()) if b.kind is None or not b.label]
    assert unmarked == [], (
        'Code blocks without a marker on the line above the opening fence: %s. Put '
        '`<!-- example: <name> -->` (and add a runner for <name> to tests/consumer/test_readme_examples.py) or '
        '`<!-- not-runnable: <reason> -->` there.' % unmarked)


def test_quick_start_code_is_run():
    """Every html/js/ts/tsx block a site owner would copy from the quick start is run."""
    text = read_readme()
    start, end = text.index('## Quick start for site owners'), text.index('\n## ', text.index('## Quick start') + 3)
    first_line, last_line = text[:start].count('\n') + 1, text[:end].count('\n') + 1
    in_quick_start = [b for b in parse_blocks(text) if first_line <= b.line <= last_line]
    code = [b for b in in_quick_start if b.lang in RUNNABLE_LANGS]
    assert len(code) >= 8
    unrun = [b.where() for b in code if b.kind != 'example']
    assert unrun == [], 'site-owner code in the quick start that no test runs'
    # Shell blocks are the only ones left out there, each with a reason.
    assert {b.lang for b in in_quick_start if b.kind != 'example'} <= {'sh', 'shell', 'bash', 'console'}


def test_example_names_are_unique_and_runnable():
    names = [b.label for b in parse_blocks(read_readme()) if b.kind == 'example']
    assert len(names) == len(set(names)), names
    for block in parse_blocks(read_readme()):
        if block.kind == 'example':
            assert EXAMPLE_NAME.match(block.label), block.where()
            assert block.lang in RUNNABLE_LANGS, block.where()


def test_links_and_file_references_stay_inside_the_repository():
    text = read_readme()
    files = repository_files()
    headings = {slug(m.group(1)) for m in re.finditer(r'^#{1,6}\s+(.*)$', text, re.M)}
    problems = []
    for number, line in enumerate(prose(text), 1):
        if '../' in line or re.search(r'(^|[\s(`])/(work|home|tmp|Users)/', line):
            problems.append('%d: a path outside the repository: %s' % (number, line.strip()))
        for target in re.findall(r'\]\(([^)\s]+)\)', line) + re.findall(r'^\[[^\]]+\]:\s*(\S+)', line):
            if re.match(r'^(https?:|mailto:)', target):
                continue
            if target.startswith('#'):
                if target[1:] not in headings:
                    problems.append('%d: no heading for the anchor %s' % (number, target))
                continue
            path = os.path.normpath(target.split('#')[0])
            if path.startswith('..') or os.path.isabs(path):
                problems.append('%d: a link outside the repository: %s' % (number, target))
            elif path.startswith(GENERATED) or not exists_in_repository(path, files):
                problems.append('%d: a link to a file a clone does not have: %s' % (number, target))
        # `path/like/this.py` references: files of the repository (generated ones aside).
        for ref in re.findall(r'`([\w.-]+(?:/[\w.-]+)+/?)`', line):
            top = ref.split('/')[0]
            if ref.startswith(GENERATED) or not os.path.isdir(os.path.join(ROOT, top)) or top.startswith('.'):
                continue
            if not exists_in_repository(ref, files):
                problems.append('%d: `%s` is not a file of the repository' % (number, ref))
    assert problems == []


def test_tarball_names_are_what_npm_pack_writes():
    """The README says which file `npm pack` writes and what to install; the names follow the versions."""
    with open(os.path.join(ROOT, 'package.json')) as f:
        root_version = json.load(f)['version']
    expected = set()
    for profile in PROFILES.values():
        version = profile['version'] or root_version
        expected.add(profile['packageName'].lstrip('@').replace('/', '-') + '-' + version + '.tgz')
    mentioned = set(re.findall(r'[\w.-]+\.tgz', read_readme()))
    assert mentioned == expected, 'README names %s; npm pack writes %s' % (sorted(mentioned), sorted(expected))


def test_async_stub_example_is_the_built_stub():
    """The README says the snippet "is dist/stub.js": it is, byte for byte."""
    path = os.path.join(ROOT, 'dist', 'stub.js')
    if not os.path.isfile(path):
        pytest.fail('dist/stub.js is missing: run `python build.py --all` (make build does)')
    with open(path) as f:
        built = f.read().strip()
    block = next(b for b in parse_blocks(read_readme()) if b.kind == 'example' and b.label == 'async-stub')
    inline = re.match(r'<script>\n(.*?)\n</script>\n', block.code, re.S)
    assert inline, 'the async-stub example starts with the stub in a <script> of its own'
    assert inline.group(1).strip() == built, 'README.md\'s stub differs from dist/stub.js: paste the built one'


# Bounds of the postMessage envelope itself, not something a site owner can run into.
PROTOCOL_ONLY_LIMITS = {'idMax', 'codeMax', 'typeMax'}


def test_every_limit_is_in_the_generated_limits_table():
    """The README states limits only through the generated table (templates/readme_api.md.j2), so a limit
    added to sdk_src/limits.py must get a row there (or be declared protocol-only above)."""
    with open(os.path.join(ROOT, 'templates', 'readme_api.md.j2')) as f:
        template = f.read()
    missing = [key for key in LIMITS if key not in PROTOCOL_ONLY_LIMITS and 'limits.' + key + ' ' not in template]
    assert missing == [], 'limits without a row in the README\'s Limits table: %s' % missing
    assert [key for key in PROTOCOL_ONLY_LIMITS if key not in LIMITS] == []
