"""reset(): logout on a shared computer, end to end in Chromium against the dev
server on SQLite. User A writes and logs out; user B writes on the same browser;
B's messages land in a conversation A never saw. Positive control: plain
destroy() + init() keeps the visitor, so the conversation resumes."""
import sqlite3
import time


from browser_helpers import poll, start, wait_active
from test_lifecycle import open_host


def conversation_messages(db_path):
    db = sqlite3.connect('file:%s?mode=ro' % db_path, uri=True, timeout=2)
    try:
        return [tuple(row) for row in db.execute(
            'SELECT c.id, c.visitor_id, m.role, m.content FROM messages m '
            'JOIN conversations c ON c.id = m.conversation_id ORDER BY m.seq')]
    finally:
        db.close()


def send_and_wait_for_row(probe, db_path, text, seconds=8):
    probe.page.evaluate('text => SDK.sendMessage(text)', text)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = [r for r in conversation_messages(db_path) if r[2] == 'user' and r[3] == text]
        if rows:
            return rows[0]
        time.sleep(0.1)
    raise AssertionError('%r never reached the dev server\'s SQLite: %r' % (text, conversation_messages(db_path)))



def first_visit(probe, servers, text):
    """Open the host page, start the widget and write `text`; its SQLite row."""
    open_host(probe, servers)
    start(probe)
    wait_active(probe)
    return send_and_wait_for_row(probe, servers.db_path, text)


def restart(probe, ready_count):
    probe.page.evaluate('startWidget()')
    poll(probe, 'count("ready") === %d' % ready_count)
    return wait_active(probe)


def test_after_reset_the_next_user_gets_a_new_visitor_and_conversation(probe, sqlite_servers):
    db = sqlite_servers.db_path
    a_conversation, a_visitor, _, _ = first_visit(probe, sqlite_servers, 'A: my order is 1234')

    outcome = probe.page.evaluate('SDK.reset().then(() => "resolved", e => "rejected " + e.code)')
    assert outcome == 'resolved'
    assert probe.page.evaluate('document.querySelectorAll("iframe").length') == 0

    chat = restart(probe, 2)
    b_conversation, b_visitor, _, _ = send_and_wait_for_row(probe, db, 'B: hello')
    assert b_visitor != a_visitor and b_conversation != a_conversation
    b_rows = [r for r in conversation_messages(db) if r[0] == b_conversation]
    assert all(not r[3].startswith('A:') for r in b_rows), b_rows
    # Nor does B's chat page show anything of A's.
    assert 'my order is 1234' not in chat.evaluate('document.body.innerText')
    assert probe.errors == []


def test_destroy_alone_keeps_the_visitor_and_resumes_the_conversation(probe, sqlite_servers):
    db = sqlite_servers.db_path
    first_conversation, first_visitor, _, _ = first_visit(probe, sqlite_servers, 'same person, first visit')
    probe.page.evaluate('SDK.destroy()')
    restart(probe, 2)
    conversation, visitor, _, _ = send_and_wait_for_row(probe, db, 'same person, again')
    assert (conversation, visitor) == (first_conversation, first_visitor)
