"""The code blocks of README.md, as the README's readers see them.

Every fenced block is preceded, on the line right above its opening fence, by
one marker:

    <!-- example: <name> -->          a site owner's example: extracted and run,
                                      unchanged, by tests/consumer/test_readme_examples.py
    <!-- not-runnable: <reason> -->   anything else (shell commands, ...), on purpose

tests/test_readme.py checks that no block goes without one, so no example is
silently left out of the test run.
"""
import os
import re
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, 'README.md')

FENCE = re.compile(r'^(\s*)(```+|~~~+)\s*([^\s`]*)[^`]*$')
MARKER = re.compile(r'^<!--\s*(example|not-runnable):\s*(.*?)\s*-->$')
EXAMPLE_NAME = re.compile(r'^[a-z][a-z0-9-]*$')
RUNNABLE_LANGS = ('html', 'js', 'javascript', 'jsx', 'ts', 'typescript', 'tsx')


@dataclass
class Block:
    line: int            # 1-based line of the opening fence
    lang: str
    code: str            # the block's text, exactly as in the README (indentation of the fence removed)
    kind: str | None     # 'example', 'not-runnable' or None (unmarked)
    label: str | None    # the example's name, or the reason it is not runnable
    section: str         # the nearest heading above it

    def where(self):
        return 'README.md:%d (%s, ```%s)' % (self.line, self.section, self.lang)


def read_readme(path=README):
    with open(path, encoding='utf-8') as f:
        return f.read()


def parse_blocks(text):
    """Every fenced block of a Markdown text, with the marker above it."""
    lines = text.split('\n')
    blocks = []
    section = '(top)'
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = re.match(r'^#{1,6}\s+(.*)$', line)
        if heading:
            section = heading.group(1).strip()
        fence = FENCE.match(line)
        if not fence:
            i += 1
            continue
        indent, ticks, lang = fence.group(1), fence.group(2), fence.group(3)
        body = []
        j = i + 1
        while j < len(lines) and not re.match(r'^\s*' + re.escape(ticks[0]) + '{%d,}\\s*$' % len(ticks), lines[j]):
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        if j == len(lines):
            raise ValueError('README.md:%d: the code block is never closed' % (i + 1))
        kind = label = None
        marker = MARKER.match(lines[i - 1].strip()) if i > 0 else None
        if marker:
            kind, label = marker.group(1), marker.group(2)
        blocks.append(Block(i + 1, lang.lower(), '\n'.join(body) + '\n', kind, label, section))
        i = j + 1
    return blocks


def examples(text=None):
    """{name: Block} of the README's examples (the name is unique; tests/test_readme.py checks it)."""
    return {b.label: b for b in parse_blocks(read_readme() if text is None else text) if b.kind == 'example'}
