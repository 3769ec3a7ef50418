"""Size report: raw, minified, gzip (-9) and brotli (q11) bytes per dist file,
plus, for each ES module entry, the total of the entry and the shared chunks
it imports (what an app that imports only that entry downloads)."""
import gzip
import json
import os
import re

import brotli

from buildtools import esbuild

CHUNK_IMPORT = re.compile(r'''from\s*["']\./(chunks/[\w.-]+\.mjs)["']|import\s*["']\./(chunks/[\w.-]+\.mjs)["']''')


def measure(path):
    with open(path, 'rb') as f:
        raw = f.read()
    text = raw.decode('utf-8')
    # Script-tag files are minified by the build; the npm files are measured as a bundler would minify them.
    minified = text if path.endswith(('embed.js', 'connect.js', 'frame.js', 'stub.js')) else esbuild.minify_source(text)
    mini = minified.encode('utf-8')
    return {
        'raw': len(raw),
        'min': len(mini),
        'gzip': len(gzip.compress(mini, compresslevel=9, mtime=0)),
        'brotli': len(brotli.compress(mini, quality=11)),
    }


def dist_files(dist_dir):
    names = [n for n in sorted(os.listdir(dist_dir)) if n.endswith(('.js', '.mjs', '.cjs'))]
    chunks = os.path.join(dist_dir, 'chunks')
    if os.path.isdir(chunks):
        names += ['chunks/' + n for n in sorted(os.listdir(chunks)) if n.endswith('.mjs')]
    return names


def imported_chunks(dist_dir, name, seen=None):
    seen = set() if seen is None else seen
    with open(os.path.join(dist_dir, name), encoding='utf-8') as f:
        text = f.read()
    for match in CHUNK_IMPORT.finditer(text):
        chunk = match.group(1) or match.group(2)
        if name.startswith('chunks/'):
            chunk = 'chunks/' + os.path.basename(chunk)
        if chunk not in seen:
            seen.add(chunk)
            imported_chunks(dist_dir, chunk, seen)
    return seen


def report(dist_dir):
    files = {name: measure(os.path.join(dist_dir, name)) for name in dist_files(dist_dir)}
    entries = {}
    for name in files:
        if name.endswith('.mjs') and not name.startswith('chunks/'):
            parts = [name] + sorted(imported_chunks(dist_dir, name))
            if len(parts) == 1:
                continue
            entries[name] = {key: sum(files[p][key] for p in parts) for key in ('raw', 'min', 'gzip', 'brotli')}
            entries[name]['files'] = parts
    return {'files': files, 'esm_entries_with_chunks': entries}


def write(dist_dir, sizes):
    with open(os.path.join(dist_dir, 'size.json'), 'w') as f:
        json.dump(sizes, f, indent=2, sort_keys=True)
        f.write('\n')


def table(sizes):
    lines = ['%-28s %9s %9s %9s %9s' % ('file', 'raw', 'min', 'gzip', 'brotli')]
    for name, s in sizes['files'].items():
        lines.append('%-28s %9d %9d %9d %9d' % (name, s['raw'], s['min'], s['gzip'], s['brotli']))
    lines.append('ES module entry + the chunks it imports:')
    for name, s in sizes['esm_entries_with_chunks'].items():
        lines.append('%-28s %9d %9d %9d %9d' % (name, s['raw'], s['min'], s['gzip'], s['brotli']))
    return '\n'.join(lines)
