// Test helpers for host pages (served at /t/harness.js). The frame origin
// comes from the page URL: /t/<page>.html?frame=<origin>. The build under test
// is whatever the dev server serves at /embed.js; /devkit.js (loaded
// first) says which, so `SDK` is that build's global under any brand.
(function () {
  var PROFILE = window.DEVKIT.profile;
  var EVENTS = ['ready', 'open', 'close', 'message', 'error', 'resize', 'unread-count', 'conversation-opened',
    'session-expired'];
  // A getter: the async stub's global is replaced by the real SDK when embed.js arrives.
  Object.defineProperty(window, 'SDK', { get: function () { return window[PROFILE.globalName]; } });
  window.PUBLIC_INBOX = 'your-inbox-id';   // seeded by the dev server, open to its host origin
  window.FRAME = new URLSearchParams(location.search).get('frame');
  window.__events = [];
  window.__expired = 0;
  window.mint = function (body) {
    return fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body || {}) }).then(function (r) { return r.json(); }).then(function (d) { return d.token; });
  };
  // What init() needs besides options: a fresh chat token for builds that take
  // one, the inbox for builds that are keyed by inbox; and the dev frame origin.
  window.credentials = function (body) {
    if (!PROFILE.requiresToken) return Promise.resolve({ inboxId: window.PUBLIC_INBOX, baseUrl: window.FRAME });
    return window.mint(body).then(function (token) { return { token: token, baseUrl: window.FRAME }; });
  };
  window.track = function (api) {
    api = api || window.SDK;
    EVENTS.forEach(function (name) {
      api.on(name, function (payload) {
        window.__events.push({ name: name, payload: payload === undefined ? null : payload, t: performance.now() });
      });
    });
  };
  window.count = function (name) { return window.__events.filter(function (e) { return e.name === name; }).length; };
  window.last = function (name) {
    var found = window.__events.filter(function (e) { return e.name === name; });
    return found.length ? found[found.length - 1].payload : undefined;
  };
  // init with fresh credentials from this page's backend; `extra` overrides anything.
  window.startWidget = function (extra) {
    return window.credentials().then(function (base) {
      window.track();
      window.SDK.init(Object.assign(base, extra || {}));
    });
  };
})();
