"""Drives the esbuild binary from the pinned npm package (see package.json).

No PyPI package ships esbuild's bundler, so the binary comes from
node_modules (installed by `npm ci`); this module finds it and runs it.
"""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class EsbuildMissing(RuntimeError):
    pass


class EsbuildFailed(RuntimeError):
    pass


def find_binary(root=ROOT):
    candidates = [
        os.environ.get('ESBUILD_BINARY_PATH', ''),
        os.path.join(root, 'node_modules', '.bin', 'esbuild'),
        os.path.join(root, 'node_modules', 'esbuild', 'bin', 'esbuild'),
    ]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise EsbuildMissing(
        'esbuild was not found in node_modules. Run `npm ci` in ' + root + ' (it installs the version pinned in '
        'package-lock.json), or set ESBUILD_BINARY_PATH to an esbuild binary.')


def version(root=ROOT):
    out = subprocess.run([find_binary(root), '--version'], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def bundle(entry, outfile, fmt, platform='neutral', target='es2018', minify=False, sourcemap=True,
           external=(), define=None, extra=(), cwd=ROOT):
    """Bundle one entry point. Raises EsbuildFailed with esbuild's own message."""
    args = [find_binary(cwd), entry, '--bundle', '--format=' + fmt, '--platform=' + platform,
            '--target=' + target, '--outfile=' + outfile, '--log-level=warning', '--charset=utf8',
            '--legal-comments=none']
    if minify:
        args.append('--minify')
    if sourcemap:
        args.append('--sourcemap')
    for name in external:
        args.append('--external:' + name)
    for key, value in (define or {}).items():
        args.append('--define:' + key + '=' + value)
    args.extend(extra)
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        raise EsbuildFailed('esbuild failed for ' + entry + ':\n' + result.stderr.strip())
    if result.stderr.strip():
        print(result.stderr.strip())


def minify_source(source, cwd=ROOT):
    """Minify a JS source string (used for the size report's `min` column)."""
    result = subprocess.run([find_binary(cwd), '--minify', '--loader=js', '--log-level=error'], input=source,
                            capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        raise EsbuildFailed('esbuild --minify failed:\n' + result.stderr.strip())
    return result.stdout
