// The playground: every SDK command as a button and a live event log.
(function () {
  'use strict';
  // The build this dev server serves (--profile): its global, and whether it takes a chat token.
  var PROFILE = window.DEVKIT.profile;
  var PS = window[PROFILE.globalName];
  var $ = function (id) { return document.getElementById(id); };
  var EVENTS = ['ready', 'open', 'close', 'message', 'error', 'resize', 'unread-count', 'conversation-opened', 'session-expired'];

  function log(text) {
    var li = document.createElement('li');
    li.textContent = new Date().toISOString().slice(11, 23) + '  ' + text;
    $('log').appendChild(li);
    li.scrollIntoView({ block: 'end' });
  }
  function run(label, fn) {
    try { fn(); log('called ' + label); } catch (e) { log('threw ' + e.name + ' (' + e.code + '): ' + e.message); }
  }
  function mintToken() {
    return fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (!data.token) throw new Error(data.error || 'no token'); return data.token; });
  }
  function mode() { return document.querySelector('input[name="mode"]:checked').value; }
  function subscribe() {
    EVENTS.forEach(function (name) {
      PS.on(name, function (payload) {
        log('event ' + name + (payload === undefined ? '' : ' ' + JSON.stringify(payload)));
        if (name === 'ready') { $('ready').textContent = 'ready'; $('ready').classList.add('on'); }
      });
    });
  }

  $('init').addEventListener('click', function () {
    var m = mode();
    document.body.classList.toggle('embedded', m === 'embedded');
    subscribe();
    run('init({mode: "' + m + '"})', function () {
      var credentials = PROFILE.requiresToken
        ? { getToken: mintToken, onSessionExpired: function () { log('onSessionExpired()'); } }
        : { inboxId: 'your-inbox-id' };
      PS.init(Object.assign(credentials, {
        baseUrl: window.DEVKIT.frameOrigin,
        mode: m,
        position: $('position').value,
        container: m === 'embedded' ? '#container' : undefined,
        requireConsent: $('consent').checked,
        agentName: 'Pilot', agentTitle: 'AI assistant',
        questions: ['What can you do?', 'Talk to a person'],
      }));
    });
  });
  $('destroy').addEventListener('click', function () {
    run('destroy()', function () { PS.destroy(); });
    $('ready').textContent = 'not ready'; $('ready').classList.remove('on');
  });
  document.querySelectorAll('[data-cmd]').forEach(function (b) {
    b.addEventListener('click', function () { run(b.dataset.cmd + '()', function () { PS[b.dataset.cmd](); }); });
  });
  document.querySelectorAll('[data-theme]').forEach(function (b) {
    b.addEventListener('click', function () { run('setTheme', function () { PS.setTheme(b.dataset.theme); }); });
  });
  document.querySelectorAll('[data-locale]').forEach(function (b) {
    b.addEventListener('click', function () { run('setLocale', function () { PS.setLocale(b.dataset.locale); }); });
  });
  $('send').addEventListener('click', function () { run('sendMessage', function () { PS.sendMessage($('text').value); }); });
  $('questions').addEventListener('click', function () {
    run('setQuestions', function () { PS.setQuestions(['Pricing?', 'Opening hours?']); });
  });
  $('context').addEventListener('click', function () {
    run('updateContext', function () { PS.updateContext({ userId: 'u-42', customAttributes: { page: location.pathname } }); });
  });
  $('contact').addEventListener('click', function () {
    run('updateContact', function () { PS.updateContact({ name: 'Jane Doe', email: 'jane@example.com', phone: '+1 415 555 1234' }); });
  });
  $('token').hidden = !PROFILE.requiresToken;
  $('token').addEventListener('click', function () {
    mintToken().then(function (t) { run('setToken(<fresh>)', function () { PS.setToken(t); }); }, function (e) { log('mint failed: ' + e.message); });
  });
})();
