// The reference chat page (runs inside the iframe on the frame origin), built on
// the frame kit (dist/frame.js -> window.PilotStatusFrame) and the widget REST +
// WebSocket API of the development server. It is what the browser tests drive.
(function () {
  'use strict';
  // The frame kit's global name depends on the build profile; the page tells us which.
  var kit = window[document.querySelector('script[data-kit-global]').getAttribute('data-kit-global')];
  var $ = function (id) { return document.getElementById(id); };
  var STRINGS = {
    en: { send: 'Send', open: 'Open chat', close: 'Close chat', start: 'Start chat', expired: 'Session expired. Reconnecting...', rejected: 'This chat cannot be shown on this page.', placeholder: 'Ask anything...', message: 'Message' },
    pt: { send: 'Enviar', open: 'Abrir chat', close: 'Fechar chat', start: 'Iniciar chat', expired: 'Sessao expirada. Reconectando...', rejected: 'Este chat nao pode ser exibido nesta pagina.', placeholder: 'Pergunte qualquer coisa...', message: 'Mensagem' },
  };
  var state = {
    options: {}, locale: 'en', isOpen: false, session: null, socket: null, unread: 0,
    messages: new Map(), consentGiven: false, context: {}, questions: [], placeholder: null,
  };

  function t(key) { var lang = state.locale.slice(0, 2).toLowerCase(); return (STRINGS[lang] || STRINGS.en)[key]; }
  function status(text) { $('status').textContent = text || ''; }

  function authHeaders(token) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;   // no chat token in the Masheev flow
    return headers;
  }

  function api(method, path, token, body) {
    return fetch(path, {
      method: method, headers: authHeaders(token), body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (json) {
        if (!response.ok) {
          var err = new Error((json && json.error) || ('HTTP ' + response.status));
          err.status = response.status;
          throw err;
        }
        return json;
      });
    });
  }

  function visitorId() {
    // A stable anonymous id per browser (not a secret; the tokens never go to storage).
    try {
      var id = localStorage.getItem('chat.visitorId');
      if (!id) { id = 'v_' + Math.random().toString(36).slice(2) + Date.now().toString(36); localStorage.setItem('chat.visitorId', id); }
      return id;
    } catch (e) { return 'v_ephemeral'; }
  }

  // ---- rendering ---------------------------------------------------------

  function applyTheme(theme) { document.documentElement.setAttribute('data-theme', theme); }
  function applyLocale(locale) {
    state.locale = locale;
    document.documentElement.lang = locale;
    $('send').textContent = t('send');
    $('bubble').setAttribute('aria-label', t('open'));
    $('close').setAttribute('aria-label', t('close'));
    $('consent-start').textContent = t('start');
    $('input-label').textContent = t('message');
    $('input').placeholder = state.placeholder || t('placeholder');
  }
  function renderQuestions() {
    var box = $('questions');
    box.textContent = '';
    state.questions.forEach(function (q) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = q;               // data, never markup
      b.addEventListener('click', function () { send(q); });
      box.appendChild(b);
    });
  }
  function renderOpen() {
    var mode = state.options.mode || 'chat-widget';
    var showPanel = mode !== 'chat-widget' || state.isOpen;
    $('panel').hidden = !showPanel;
    $('bubble').hidden = mode !== 'chat-widget' || state.isOpen;
    $('bubble').setAttribute('aria-expanded', String(state.isOpen));
    $('close').hidden = mode === 'embedded';
    if (state.isOpen) setUnread(0);
    var needsConsent = state.options.requireConsent && !state.consentGiven;
    $('consent').hidden = !needsConsent;
    $('composer').hidden = needsConsent;
  }
  function setUnread(n) {
    state.unread = n;
    $('badge').hidden = n === 0;
    $('badge').textContent = n > 99 ? '99+' : String(n);
    kit.reportUnread(n);
  }
  function upsertMessage(id, role, content, streaming) {
    var item = state.messages.get(id);
    var created = !item;
    if (created) {
      item = document.createElement('li');
      item.className = role;
      item.dataset.id = id;
      state.messages.set(id, item);
      $('messages').appendChild(item);
    }
    item.textContent = content;        // data, never markup
    item.classList.toggle('streaming', !!streaming);
    item.scrollIntoView({ block: 'end' });
    return created;
  }

  // ---- conversation ---------------------------------------------------------

  function ensureSession() {
    if (state.session) return Promise.resolve(state.session);
    if (state.sessionPromise) return state.sessionPromise;
    var scope = kit.getScope();
    var inboxId = state.options.inboxId || (scope && scope.whatsappNumberIds[0]);
    var body = { inboxId: inboxId, visitorId: visitorId() };
    if (state.options.user) {
      body.customerInfo = { name: state.options.user.name, email: state.options.user.email, phone: state.options.user.phone };
    }
    if (state.consentGiven && state.consentAt) body.consent = { timestamp: state.consentAt };
    state.sessionPromise = api('POST', '/api/widget/session', kit.getToken(), body).then(function (session) {
      state.session = session;
      state.sessionPromise = null;
      if (session.disclosure) { $('disclosure').textContent = session.disclosure; $('disclosure').hidden = false; }
      if (session.greeting && !state.messages.has('greeting')) upsertMessage('greeting', 'ai', session.greeting, false);
      kit.conversationOpened(session.conversationId);
      connectSocket();
      return session;
    }, function (err) { state.sessionPromise = null; throw err; });
    return state.sessionPromise;
  }

  function connectSocket() {
    var session = state.session;
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var socket = new WebSocket(scheme + location.host + '/ws/conversation/' + encodeURIComponent(session.conversationId)
      + '?token=' + encodeURIComponent(session.sessionToken) + '&source=widget');
    state.socket = socket;
    var ping = setInterval(function () { if (socket.readyState === 1) socket.send(JSON.stringify({ type: 'ping' })); }, 25000);
    socket.addEventListener('message', function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (!frame || frame.type !== 'message.new' || !frame.payload) return;
      var p = frame.payload;
      var role = p.sender && p.sender.type === 'user' ? 'user' : 'ai';
      var id = p.clientMessageId && state.messages.has(p.clientMessageId) ? p.clientMessageId : p.messageId;
      upsertMessage(id, role, String(p.content), p.streaming);
      if (role === 'ai' && !p.streaming) {
        kit.reportMessage('ai', String(p.content));
        if (!state.isOpen && (state.options.mode || 'chat-widget') === 'chat-widget') setUnread(state.unread + 1);
      }
    });
    socket.addEventListener('close', function (event) {
      clearInterval(ping);
      if (state.socket === socket && event.code === 4401) {
        // The server refused the session: start a fresh one (same visitor, same conversation).
        dropSession();
        ensureSession().catch(function () { state.resume = true; });   // else: when a new token arrives
        return;
      }
      if (state.socket === socket) { state.socket = null; setTimeout(function () { if (state.session && !state.socket) connectSocket(); }, 1000); }
    });
  }

  function send(text) {
    text = String(text || '').trim();
    if (!text) return;
    if (state.options.requireConsent && !state.consentGiven) { status('Please accept the consent first.'); return; }
    var clientId = 'c_' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    upsertMessage(clientId, 'user', text, false);
    kit.reportMessage('user', text);
    var post = function (session) {
      return api('POST', '/api/widget/message', session.sessionToken, { content: text, clientMessageId: clientId });
    };
    ensureSession().then(post).catch(function (err) {
      if (err.status !== 401) throw err;
      dropSession();                     // the session token was refused: one fresh session, one retry
      return ensureSession().then(post);
    }).catch(function (err) {
      status(err.message);
      kit.reportError('send-failed', 'Sending the message failed: ' + err.message);
    });
  }

  function updateContact(fields) {
    ensureSession().then(function (session) {
      return api('PATCH', '/api/widget/contact', session.sessionToken, fields);
    }).catch(function (err) {
      // Fire-and-forget for the host page; the frame reports it as an error event.
      kit.reportError(err.status === 429 ? 'rate-limited' : 'contact-failed', 'updateContact failed: ' + err.message);
    });
  }

  // ---- wiring -----------------------------------------------------------------

  kit.on('init', function (init) {
    state.options = init.options || {};
    state.questions = state.options.questions || [];
    state.placeholder = state.options.placeholder || null;
    state.isOpen = init.open;
    state.consentGiven = (function () { try { return localStorage.getItem('chat.consent') !== null; } catch (e) { return false; } })();
    document.body.dataset.mode = state.options.mode || 'chat-widget';
    document.body.dataset.position = state.options.position || 'right';
    $('agent-name').textContent = state.options.agentName || 'Chat';
    $('agent-title').textContent = state.options.agentTitle || '';
    $('header').hidden = !!state.options.hideHeader;
    if (state.options.privacyUrl && /^https?:\/\//.test(state.options.privacyUrl)) {
      $('privacy').href = state.options.privacyUrl;
      $('privacy').hidden = false;
    }
    applyTheme(init.theme);
    applyLocale(init.locale);
    renderQuestions();
    renderOpen();
    $('app').hidden = false;
    status('');
  });
  kit.on('open', function () { state.isOpen = true; renderOpen(); });
  kit.on('close', function () { state.isOpen = false; renderOpen(); });
  kit.on('set-theme', function (p) { applyTheme(p.theme); });
  kit.on('set-locale', function (p) { applyLocale(p.locale); });
  kit.on('setQuestions', function (p) { state.questions = p.questions; renderQuestions(); });
  kit.on('sendMessage', function (p) { send(p.text); });
  kit.on('updateContext', function (p) { Object.assign(state.context, p.context); });
  kit.on('updateContact', function (p) { updateContact(p.fields); });
  kit.on('rejected', function (p) { $('app').hidden = false; $('panel').hidden = true; $('bubble').hidden = true; status(t('rejected') + ' (' + p.code + ')'); });
  // The conversation's session belongs to the chat token: when the token expires
  // it goes too; with the renewed token the same visitor resumes the conversation.
  function dropSession() {
    var socket = state.socket;
    state.session = null;
    state.socket = null;
    if (socket) socket.close(1000);
  }
  kit.on('expired', function () { status(t('expired')); if (state.session) { state.resume = true; dropSession(); } });
  kit.on('token', function () {
    status('');
    if (state.resume) { state.resume = false; ensureSession().catch(function (err) { status(err.message); }); }
  });

  $('bubble').addEventListener('click', function () { state.isOpen = true; renderOpen(); kit.requestOpen(); });
  $('close').addEventListener('click', function () { state.isOpen = false; renderOpen(); kit.requestClose(); });
  $('composer').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = $('input');
    send(input.value);
    input.value = '';
  });
  $('input').addEventListener('focus', function () {
    if ((state.options.mode || 'chat-widget') === 'prompt-input' && !state.isOpen) { state.isOpen = true; renderOpen(); kit.requestOpen(); }
  });
  $('consent-box').addEventListener('change', function () { $('consent-start').disabled = !$('consent-box').checked; });
  $('consent-start').addEventListener('click', function () {
    state.consentGiven = true;
    state.consentAt = new Date().toISOString();
    try { localStorage.setItem('chat.consent', state.consentAt); } catch (e) { /* storage unavailable: consent for this page only */ }
    renderOpen();
  });

  try {
    kit.start();
  } catch (e) {
    $('app').hidden = false;
    status(e.message);
  }
})();
