"""The Masheev-compatible build (python build.py --profile masheev) in Chromium:
the spec's script-tag sample, pointed at the dev server, runs unchanged."""
import pytest
from browser_helpers import wait_true

pytestmark = pytest.mark.only_profile('masheev')


def test_script_tag_sample_runs_unchanged(probe, servers):
    page = probe.page
    page.goto(servers.page('masheev-script-tag.html') + '?frame=' + servers.frame)
    page.wait_for_function('Masheev.isReady()')
    src = page.eval_on_selector('iframe', 'e => e.src')
    assert src.startswith(servers.frame + '/widget/your-inbox-id?parentOrigin=')
    assert page.evaluate('Masheev.version') == '0.2.0'
    assert page.evaluate('typeof window.PilotStatus') == 'undefined'
    page.evaluate('Masheev.open(); Masheev.sendMessage("I need help with billing")')
    page.wait_for_function('document.querySelector("iframe").getBoundingClientRect().width === 460')
    for _ in range(100):
        if any(text.startswith('ai You said: "I need help with billing"') for _, text in probe.console):
            break
        page.wait_for_timeout(100)
    lines = [text for _, text in probe.console]
    assert 'user I need help with billing' in lines
    assert any(text.startswith('ai You said: "I need help with billing"') for text in lines)
    # The methods of the spec's JS SDK API section all work on this build.
    page.evaluate("""() => {
        Masheev.updateContext({ name: "Jane Doe", email: "[email protected]" });
        Masheev.updateContact({
            name: "Jane Doe", email: "[email protected]", phone: "+14155551234", company: "Acme Inc" });
        Masheev.setQuestions(["How does pricing work?", "Do you offer a free trial?"]);
        Masheev.close();
        Masheev.toggle();
    }""")
    chat = next(f for f in page.frames if '/widget/your-inbox-id' in f.url)
    wait_true(chat, 'document.querySelectorAll("#questions button").length === 2')
    unsubscribe_type = page.evaluate('typeof Masheev.on("message", function () {})')
    assert unsubscribe_type == 'function'
    page.evaluate('Masheev.destroy()')
    assert page.evaluate('document.querySelectorAll("iframe").length') == 0
    assert probe.errors == []
