"""Drives the esbuild binary from the pinned npm package (see package.json).

No PyPI package ships esbuild's bundler, so the binary comes from
node_modules (installed by `npm ci`); this module finds it and runs it.
"""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# Property names esbuild may shorten: snake_case names, which in the bundles are
# only the Python core's own attributes and the platform methods it calls (the
# public API and every wire/config key are camelCase or quoted; Transcrypt's
# py_ aliases and dunders are left alone). Safe because every object with such
# properties is created and read inside one bundle (or one split build).
MANGLE_PROPS = r'^[a-z][a-z0-9]*(_[a-z0-9]+)+$'
RESERVE_PROPS = r'^py_'
COMMON_ARGS = ['--log-level=warning', '--charset=utf8', '--legal-comments=none', '--mangle-props=' + MANGLE_PROPS,
               '--reserve-props=' + RESERVE_PROPS]


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
            '--target=' + target, '--outfile=' + outfile] + COMMON_ARGS
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


def bundle_split(entries, outdir, target='es2018', cwd=ROOT):
    """Bundle ES module entries [(out name, path)] in one run with code splitting:
    <outdir>/<name>.mjs per entry, shared code in <outdir>/chunks/*.mjs."""
    args = [find_binary(cwd)] + [name + '=' + path for name, path in entries] + [
        '--bundle', '--format=esm', '--splitting', '--platform=neutral', '--target=' + target,
        '--outdir=' + outdir, '--out-extension:.js=.mjs', '--chunk-names=chunks/[name]-[hash]',
        '--sourcemap'] + COMMON_ARGS
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        raise EsbuildFailed('esbuild failed for ' + ', '.join(path for _, path in entries) + ':\n'
                            + result.stderr.strip())
    if result.stderr.strip():
        print(result.stderr.strip())


def minify_source(source, cwd=ROOT):
    """Minify a JS source string (used for the size report's `min` column)."""
    result = subprocess.run([find_binary(cwd), '--minify', '--loader=js', '--log-level=error'], input=source,
                            capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        raise EsbuildFailed('esbuild --minify failed:\n' + result.stderr.strip())
    return result.stdout
