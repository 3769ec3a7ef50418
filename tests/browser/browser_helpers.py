"""Helpers shared by the browser tests (conftest.py puts this folder on sys.path)."""
import socket
import time
import urllib.parse

from playwright.sync_api import Error as PlaywrightError

SDK_FRAME = 'iframe[title="Pilot Status chat"]'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def enc(text):
    return urllib.parse.quote(text, safe='')


def start(probe, config=None):
    """init() with a fresh token from the host page's backend; waits for `ready`."""
    probe.page.evaluate('cfg => startWidget(cfg)', config or {})
    probe.page.wait_for_function('count("ready") === 1')


def poll(probe, expression, seconds=10):
    """wait_for_function without string eval (works under a strict CSP)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe.page.evaluate(expression):
            return
        time.sleep(0.05)
    raise AssertionError('timed out waiting for ' + expression)


def wait_in(frame, expression, seconds=8):
    """Poll `expression` inside a frame that may still be navigating."""
    deadline = time.monotonic() + seconds
    last_error = None
    while time.monotonic() < deadline:
        try:
            if frame.evaluate(expression):
                return
        except PlaywrightError as error:   # context destroyed by a navigation: try again
            last_error = error
        time.sleep(0.05)
    raise AssertionError('timed out waiting in %s for %s (%s)' % (frame.url, expression, last_error))


def sdk_frame(probe):
    return probe.page.wait_for_selector(SDK_FRAME, state='attached').content_frame()


def wait_active(probe, seconds=8):
    chat = sdk_frame(probe)
    wait_in(chat, 'window.PilotStatusFrame && PilotStatusFrame.getState() === "active"', seconds)
    return chat


def sdk_console(probe, kind=None):
    return [text for t, text in probe.console if '[PilotStatus' in text and (kind is None or t == kind)]
