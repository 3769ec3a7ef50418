// Strict-page tests: the host's own calls. The config (with a token minted by the
// test) arrives through window.__cfg, set by the test before the page loads, so
// the page itself needs no connect-src.
window.track();
window.SDK.init(window.__cfg);
window.SDK.open();
window.SDK.sendMessage('hello from a strict page');
