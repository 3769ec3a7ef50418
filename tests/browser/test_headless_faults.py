"""Fault test: while a headless conversation runs, the dev server drops every
conversation WebSocket (and, now and then, refuses new ones for a moment),
more than 20 times. At the end the client's message list must equal the
server's history: nothing lost, nothing doubled, same order."""
import json
import random
import time
import urllib.request

import pytest

DROPS = 24


@pytest.fixture(scope='module')
def faulty_servers(dev_server_factory):
    return dev_server_factory(extra_env={'DEVKIT_FAULT_INJECTION': '1'})


def post(url, body=None):
    request = urllib.request.Request(url, data=json.dumps(body or {}).encode(), method='POST',
                                     headers={'content-type': 'application/json'})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def history(base, token):
    request = urllib.request.Request(base + '/api/widget/messages?after=0', headers={'authorization': 'Bearer '
                                                                                                      + token})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())['messages']


def test_socket_drops_lose_and_double_nothing(probe, faulty_servers):
    servers = faulty_servers
    rng = random.Random(7)
    page = probe.page
    page.goto(servers.page('headless.html') + '?frame=' + servers.frame)
    page.wait_for_function('window.headlessReady')
    page.evaluate('client.sendMessage("m-start")')
    page.wait_for_function('client.getState().connectionStatus === "connected"')
    dropped = 0
    refusals = 0
    started = time.monotonic()
    for i in range(DROPS):
        page.evaluate('text => { client.sendMessage(text); }', 'm%02d' % i)
        page.wait_for_timeout(rng.randint(0, 60))          # sometimes mid-stream, sometimes after
        hit = post(servers.frame + '/__faults/ws/drop')['dropped'] > 0
        dropped += hit
        if hit:   # let the client notice before waiting for it to be back
            page.wait_for_function('client.getState().connectionStatus !== "connected"', timeout=10000)
        if i % 5 == 4:
            refusals += 1
            post(servers.frame + '/__faults/ws/refuse', {'refuse': True})
            page.wait_for_timeout(400)
            post(servers.frame + '/__faults/ws/refuse', {'refuse': False})
        page.wait_for_function('client.getState().connectionStatus === "connected"', timeout=20000)
        page.wait_for_timeout(1600)                        # stay up long enough to reset the backoff
    page.wait_for_function('(() => { const s = client.getState(); return !s.isLoading && s.connectionStatus === '
                           '"connected"; })()', timeout=20000)
    state = page.evaluate('(() => { const s = client.getState(); return {token: s.session.sessionToken, '
                          'messages: s.messages.map(m => ({id: m.id, role: m.role, content: m.content, '
                          'loading: !!m.isLoading}))}; })()')
    server = history(servers.frame, state['token'])
    client_messages = [m for m in state['messages'] if m['id'] != 'greeting']
    assert dropped >= 20, dropped
    assert not any(m['loading'] for m in client_messages)
    assert [m['id'] for m in client_messages] == [m['messageId'] for m in server]
    assert [(m['role'], m['content']) for m in client_messages] == [(m['role'], m['content']) for m in server]
    users = [m['content'] for m in client_messages if m['role'] == 'user']
    assert users == ['m-start'] + ['m%02d' % i for i in range(DROPS)]
    assert len(server) == 2 * (DROPS + 1)
    print('fault test: %d drops (+%d refusal windows), %d messages, %.1f s'
          % (dropped, refusals, len(server), time.monotonic() - started))
