// The development Connect page: pairs a number with the token in its URL and
// reports to the embedding page over the same envelope as the chat frame,
// always to the exact parentOrigin. (The real page would show a QR code.)
(function () {
  'use strict';
  var SOURCE = '__ENVELOPE_SOURCE__';   // filled in by the dev server from sdk_src/profiles.py
  var params = new URLSearchParams(location.search);
  var parentOrigin = params.get('parentOrigin');
  var pairingToken = params.get('pairingToken') || '';
  var stateEl = document.getElementById('state');
  var pairButton = document.getElementById('pair');
  var finished = false;

  function isExactOrigin(value) {
    try { var u = new URL(value); return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value; }
    catch (e) { return false; }
  }
  if (!isExactOrigin(parentOrigin) || window.parent === window) {
    stateEl.textContent = 'This page must be embedded by the SDK (missing or invalid parentOrigin).';
    return;
  }
  function post(type, payload) {
    window.parent.postMessage({ source: SOURCE, v: 1, type: type, payload: payload || {} }, parentOrigin);
  }
  window.addEventListener('message', function (e) {
    if (e.origin !== parentOrigin || e.source !== window.parent) return;
    var d = e.data;
    if (!d || d.source !== SOURCE || d.v !== 1 || d.type !== 'init' || !d.payload) return;
    if (typeof d.payload.theme === 'string') document.documentElement.setAttribute('data-theme', d.payload.theme);
    if (typeof d.payload.locale === 'string') document.documentElement.lang = d.payload.locale;
  });
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(function () {
      post('resize', { height: Math.ceil(document.body.getBoundingClientRect().height) });
    }).observe(document.body);
  }

  function api(method, path) {
    return fetch(path, { method: method, cache: 'no-store', referrerPolicy: 'no-referrer', credentials: 'omit' })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); });
  }
  function show(result) {
    if (finished) return;
    var status = result.body && result.body.status;
    if (result.status === 410 || status === 'expired') {
      finished = true;
      stateEl.textContent = 'This pairing link expired. Ask for a new one.';
      pairButton.hidden = true;
      post('connect:expired');
    } else if (status === 'paired') {
      finished = true;
      stateEl.textContent = 'Paired.';
      pairButton.hidden = true;
      post('connect:paired', result.body.whatsappNumberId ? { whatsappNumberId: result.body.whatsappNumberId } : {});
    } else if (status === 'pending') {
      stateEl.textContent = 'Waiting for the phone to pair.';
      pairButton.hidden = false;
    } else {
      stateEl.textContent = 'Unknown pairing link.';
      post('error', { code: 'pairing-invalid', message: 'The pairing token is not valid.' });
      finished = true;
    }
  }
  function check() {
    api('GET', '/v1/numbers/remote-pairing/' + encodeURIComponent(pairingToken)).then(show, function () {
      stateEl.textContent = 'Network error; retrying.';
    });
  }
  pairButton.addEventListener('click', function () {
    api('POST', '/v1/numbers/remote-pairing/' + encodeURIComponent(pairingToken) + '/complete').then(check);
  });
  post('ready');
  check();
  var timer = setInterval(function () { if (finished) clearInterval(timer); else check(); }, 2000);
})();
