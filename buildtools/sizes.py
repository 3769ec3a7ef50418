"""Size report: raw, minified, gzip (-9) and brotli (q11) bytes per dist file."""
import gzip
import json
import os

import brotli

from buildtools import esbuild


def measure(path):
    with open(path, 'rb') as f:
        raw = f.read()
    text = raw.decode('utf-8')
    minified = text if path.endswith('embed.js') else esbuild.minify_source(text)
    mini = minified.encode('utf-8')
    return {
        'raw': len(raw),
        'min': len(mini),
        'gzip': len(gzip.compress(mini, compresslevel=9, mtime=0)),
        'brotli': len(brotli.compress(mini, quality=11)),
    }


def report(dist_dir):
    sizes = {}
    for name in sorted(os.listdir(dist_dir)):
        if name.endswith(('.js', '.mjs', '.cjs')):
            sizes[name] = measure(os.path.join(dist_dir, name))
    return sizes


def write(dist_dir, sizes):
    with open(os.path.join(dist_dir, 'size.json'), 'w') as f:
        json.dump(sizes, f, indent=2, sort_keys=True)
        f.write('\n')


def table(sizes):
    lines = ['%-16s %9s %9s %9s %9s' % ('file', 'raw', 'min', 'gzip', 'brotli')]
    for name, s in sizes.items():
        lines.append('%-16s %9d %9d %9d %9d' % (name, s['raw'], s['min'], s['gzip'], s['brotli']))
    return '\n'.join(lines)
