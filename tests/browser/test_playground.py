"""The dev server's playground (http://127.0.0.1:8000/) drives whichever build
the server was started with (`--profile`): init, a message and its reply, and
the token button only where the build takes a token."""


def log_lines(page):
    return page.locator('#log li').all_inner_texts()


def test_playground_runs_the_served_build(probe, servers):
    page = probe.page
    page.goto(servers.host + '/')
    page.click('#init')
    page.wait_for_selector('#ready.on')
    assert page.evaluate('p => typeof window[p]', probe.profile['globalName']) == 'object'
    assert page.is_visible('#token') is probe.profile['requiresToken']
    page.fill('#text', 'hello from the playground')
    page.click('#send')
    page.wait_for_function('[...document.querySelectorAll("#log li")].some(li => '
                           'li.textContent.includes("event message") && li.textContent.includes(\'"role":"ai"\'))')
    lines = log_lines(page)
    assert any('called init(' in line for line in lines), lines
    assert not any('threw' in line for line in lines), lines
    assert any('"content":"hello from the playground"' in line for line in lines), lines
    chat = probe.chat_frame()
    assert chat is not None
    chat.wait_for_selector('li.user', state='attached')   # the chat is closed: in the DOM, not shown
    assert chat.locator('li.user').first.text_content() == 'hello from the playground'
    assert probe.errors == []
