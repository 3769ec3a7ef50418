"""ruff (pinned in pyproject) over the whole tree, and the Transcrypt checker's
command line over sdk_src/: both part of the test command."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, '-m', 'ruff', 'check', '--output-format', 'concise', '.'], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_transcrypt_rules_cli_is_clean_on_sdk_src():
    result = subprocess.run([sys.executable, os.path.join('buildtools', 'transcrypt_rules.py'), 'sdk_src'], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout
