"""build.py fails loudly (non-zero exit, file and line) and never leaves a
half-written dist/."""
import os
import shutil
import subprocess
import sys

import pytest

from buildtools import esbuild

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def project(tmp_path):
    """A copy of what build.py needs, with an existing dist/ to protect."""
    for name in ('build.py', 'package.json', 'README.md', 'CHANGELOG.md'):
        shutil.copy(os.path.join(ROOT, name), tmp_path / name)
    for name in ('buildtools', 'sdk_src', 'templates'):
        shutil.copytree(os.path.join(ROOT, name), tmp_path / name,
                        ignore=shutil.ignore_patterns('__pycache__'))
    os.symlink(os.path.join(ROOT, 'node_modules'), tmp_path / 'node_modules')
    (tmp_path / 'dist').mkdir()
    (tmp_path / 'dist' / 'embed.js').write_text('previous build')
    return tmp_path


def run_build(project):
    return subprocess.run([sys.executable, 'build.py'], cwd=project, capture_output=True, text=True, timeout=120)


def append(path, text):
    with open(path, 'a') as f:
        f.write(text)


def assert_dist_untouched(project):
    assert sorted(os.listdir(project / 'dist')) == ['embed.js']
    assert (project / 'dist' / 'embed.js').read_text() == 'previous build'


def test_construct_transcrypt_cannot_handle_names_file_and_line(project):
    widget = project / 'sdk_src' / 'widget.py'
    line = len(widget.read_text().splitlines()) + 4
    append(widget, '\n\ndef broken():\n    return ...\n')
    result = run_build(project)
    assert result.returncode == 1
    assert 'widget.py:%d' % line in result.stderr
    assert 'ellipsis' in result.stderr
    assert_dist_untouched(project)


def test_python_syntax_error_names_file_and_line(project):
    config = project / 'sdk_src' / 'config.py'
    line = len(config.read_text().splitlines()) + 2
    append(config, '\ndef broken(:\n')
    result = run_build(project)
    assert result.returncode == 1
    assert 'config.py:%d' % line in result.stderr
    assert_dist_untouched(project)


def test_transcrypt_error_is_reported(project):
    append(project / 'sdk_src' / 'protocol.py', '\nimport module_that_does_not_exist\n')
    result = run_build(project)
    assert result.returncode == 1
    assert 'Transcrypt failed' in result.stderr
    assert 'module_that_does_not_exist' in result.stderr or 'protocol' in result.stderr
    assert_dist_untouched(project)


def test_successful_build_replaces_dist_atomically(project):
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    names = set(os.listdir(project / 'dist'))
    assert {'embed.js', 'embed.js.map', 'index.mjs', 'index.cjs', 'index.d.ts', 'size.json', 'stub.js'} <= names
    assert (project / 'dist' / 'embed.js').read_text() != 'previous build'
    assert not (project / 'dist.old').exists()
    assert not (project / 'build' / 'dist-staging').exists()
    # The size table is printed.
    assert 'embed.js' in result.stdout and 'gzip' in result.stdout and 'brotli' in result.stdout


def test_missing_esbuild_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv('ESBUILD_BINARY_PATH', raising=False)
    with pytest.raises(esbuild.EsbuildMissing, match='npm ci'):
        esbuild.find_binary(str(tmp_path))
