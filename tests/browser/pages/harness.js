// Test helpers for host pages (served at /t/harness.js). The frame origin
// comes from the page URL: /t/<page>.html?frame=<origin>.
(function () {
  var EVENTS = ['ready', 'open', 'close', 'message', 'error', 'resize', 'unread-count', 'conversation-opened',
    'session-expired'];
  window.FRAME = new URLSearchParams(location.search).get('frame');
  window.__events = [];
  window.__expired = 0;
  window.mint = function (body) {
    return fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body || {}) }).then(function (r) { return r.json(); }).then(function (d) { return d.token; });
  };
  window.track = function (api) {
    api = api || window.PilotStatus;
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
  // init with a fresh token from this page's backend; `extra` overrides anything.
  window.startWidget = function (extra) {
    return window.mint().then(function (token) {
      window.track();
      window.PilotStatus.init(Object.assign({ token: token, baseUrl: window.FRAME }, extra || {}));
    });
  };
})();
