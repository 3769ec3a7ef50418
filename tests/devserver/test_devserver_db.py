"""`python -m devkit.devserver --db FILE`: what one run stores is there after a
restart. The server is started as the README says (the real command line), on
loopback ports; the same sequence without --db is the control that shows the
observation can tell the difference."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def call(method, url, body=None, token=None):
    headers = {'content-type': 'application/json'}
    if token is not None:
        headers['authorization'] = 'Bearer ' + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b'null')


class DevServer:
    def __init__(self, db):
        self.frame = None
        self.db = db

    def __enter__(self):
        host_port, frame_port = free_port(), free_port()
        cmd = [sys.executable, '-m', 'devkit.devserver', '--host-port', str(host_port),
               '--frame-port', str(frame_port), '--bot-delay', '0']
        if self.db is not None:
            cmd += ['--db', self.db]
        env = {k: v for k, v in os.environ.items() if k != 'DEVKIT_DB_PATH'}
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        self.frame = 'http://127.0.0.1:%d' % frame_port
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(self.frame + '/frame.js', timeout=1):
                    return self
            except (OSError, urllib.error.URLError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise AssertionError('the dev server did not start:\n' + self.process.stdout.read()) from None
                time.sleep(0.05)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process.stdout.close()

    def session(self, visitor):
        return call('POST', self.frame + '/api/widget/session', {'inboxId': 'inbox_demo', 'visitorId': visitor})

    def say(self, token, text):
        return call('POST', self.frame + '/api/widget/message', {'content': text}, token)

    def history(self, token):
        return call('GET', self.frame + '/api/widget/messages?after=0', None, token)


def contents(history):
    return json.dumps(history)


def run_twice(db):
    with DevServer(db) as server:
        first = server.session('visitor-db-1')
        server.say(first['sessionToken'], 'remember me please')
    with DevServer(db) as server:
        again = server.session('visitor-db-1')
        history = server.history(again['sessionToken'])
    return first, again, history


def test_db_file_keeps_conversations_across_restarts(tmp_path):
    db = str(tmp_path / 'dev.sqlite3')
    first, again, history = run_twice(db)
    assert os.path.getsize(db) > 0
    assert first['isResumed'] is False
    assert again['isResumed'] is True and again['conversationId'] == first['conversationId']
    assert 'remember me please' in contents(history)


def test_without_db_a_restart_forgets(tmp_path):
    # Control: the default in-memory store starts empty each run.
    first, again, history = run_twice(None)
    assert first['isResumed'] is False and again['isResumed'] is False
    assert 'remember me please' not in contents(history)
