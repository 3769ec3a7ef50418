// The reference chat page (runs inside the iframe on the frame origin), built on
// the frame kit (dist/frame.js -> window.PilotStatusFrame) and the widget REST +
// WebSocket API of the development server. It is what the browser tests drive.
//
// Sizes: the host sizes the iframe per mode (chat-widget: the 64 px launcher box
// when closed, 460 x 750 or the whole screen when open; prompt-input: full width,
// max(100, reported height); embedded: the container). The kit reports
// document.body's height, and 0 means "nothing to show": the host collapses the
// iframe. So the body fills the iframe, except in prompt-input (content height)
// and when there is nothing to draw (data-empty: 0 px).
(function () {
  'use strict';
  // The frame kit's global name depends on the build profile; the page tells us which.
  var kit = window[document.querySelector('script[data-kit-global]').getAttribute('data-kit-global')];
  var $ = function (id) { return document.getElementById(id); };
  var STRINGS = {
    en: {
      title: 'Chat', open: 'Open chat', unreadOne: 'Open chat, 1 unread message',
      unreadMany: 'Open chat, {n} unread messages', close: 'Close chat', send: 'Send', message: 'Message',
      placeholder: 'Ask anything...', messages: 'Messages', questions: 'Suggested questions', start: 'Start chat',
      consentText: 'Before we start: this chat is answered by an AI assistant and your messages are processed to answer you.',
      consentLabel: 'I agree to the processing of my data.', privacy: 'Privacy policy',
      consentFirst: 'Please accept the terms above first.', notice: 'AI-powered · may make mistakes',
      expired: 'Session expired. Reconnecting...', rejected: 'This chat cannot be shown on this page.',
      tooLong: 'This message is too long: {n} characters (at most {max}).',
      sendFailed: 'Your message was not sent. Please try again.',
    },
    pt: {
      title: 'Chat', open: 'Abrir chat', unreadOne: 'Abrir chat, 1 mensagem não lida',
      unreadMany: 'Abrir chat, {n} mensagens não lidas', close: 'Fechar chat', send: 'Enviar', message: 'Mensagem',
      placeholder: 'Pergunte qualquer coisa...', messages: 'Mensagens', questions: 'Perguntas sugeridas',
      start: 'Iniciar chat',
      consentText: 'Antes de começar: este chat é respondido por um assistente de IA e suas mensagens são tratadas para responder a você.',
      consentLabel: 'Concordo com o tratamento dos meus dados.', privacy: 'Política de privacidade',
      consentFirst: 'Aceite os termos acima primeiro.', notice: 'Com tecnologia de IA · pode cometer erros',
      expired: 'Sessão expirada. Reconectando...', rejected: 'Este chat não pode ser exibido nesta página.',
      tooLong: 'Esta mensagem é longa demais: {n} caracteres (no máximo {max}).',
      sendFailed: 'Sua mensagem não foi enviada. Tente novamente.',
    },
  };
  var FALLBACK_MAX_LENGTH = 4000;   // kits older than messageMaxLength; the server's limit
  var CLOSE_MS = 140;               // the panel's exit animation (chat.css: panel-out)
  var TELL = { tell: true };
  var reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  var state = {
    options: {}, locale: 'en', isOpen: false, session: null, socket: null, unread: 0,
    messages: new Map(), consentGiven: false, context: {}, questions: [], placeholder: null,
    initialized: false, empty: false, chipsUsed: false, epoch: 0, conversationId: null,
    page: null,                       // the host page the visitor is on (the kit's `page` event)
  };

  function t(key, vars) {
    var text = (STRINGS[state.locale.slice(0, 2).toLowerCase()] || STRINGS.en)[key];
    return text.replace(/\{(\w+)\}/g, function (_, name) { return number(vars[name]); });
  }
  function number(n) {
    try { return n.toLocaleString(state.locale); } catch (e) { return String(n); }   // a tag Intl does not know
  }
  function mode() { return state.options.mode || 'chat-widget'; }
  function status(text) { $('status').textContent = text || ''; }
  function maxLength() { return typeof kit.messageMaxLength === 'number' ? kit.messageMaxLength : FALLBACK_MAX_LENGTH; }
  function needsConsent() { return !!state.options.requireConsent && !state.consentGiven; }

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
          err.code = json && typeof json.code === 'string' ? json.code : null;
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
    document.querySelectorAll('[data-t]').forEach(function (el) { el.textContent = t(el.dataset.t); });
    document.querySelectorAll('[data-t-label]').forEach(function (el) { el.setAttribute('aria-label', t(el.dataset.tLabel)); });
    $('agent-name').textContent = state.options.agentName || t('title');
    $('input').placeholder = state.placeholder || t('placeholder');
    labelLauncher();
    checkLength();
  }
  function renderQuestions() {
    var box = $('questions');
    box.textContent = '';
    state.questions.forEach(function (q) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = q;               // data, never markup
      b.addEventListener('click', function () { send(q); $('input').focus(); });
      box.appendChild(b);
    });
  }
  function render() {
    var m = mode();
    var shown = state.initialized && !state.empty;
    var gate = needsConsent();
    document.body.toggleAttribute('data-empty', state.empty);
    document.body.toggleAttribute('data-open', state.isOpen);
    $('app').hidden = !shown;
    $('panel').hidden = !shown || (m === 'chat-widget' && !state.isOpen);
    $('bubble').hidden = !shown || m !== 'chat-widget' || state.isOpen;
    $('bubble').setAttribute('aria-expanded', String(state.isOpen));
    // hideHeader is an embedded-mode option (Masheev spec: "embedded mode only").
    $('header').hidden = m === 'embedded' && !!state.options.hideHeader;
    $('close').hidden = m === 'embedded';
    $('consent').hidden = !gate;
    $('messages').hidden = gate;
    $('questions').hidden = gate || state.chipsUsed || state.questions.length === 0;
    // The collapsed prompt bar keeps its composer; focusing it opens the gate.
    $('composer').hidden = gate && (m !== 'prompt-input' || !state.isOpen);
  }
  function setUnread(n) {
    var changed = n !== state.unread;
    state.unread = n;
    $('badge').hidden = n === 0;
    $('badge').textContent = n > 99 ? '99+' : String(n);
    labelLauncher();
    if (changed) kit.reportUnread(n);
  }
  function laterThan(seq) {
    var items = $('messages').children;
    for (var i = 0; i < items.length; i++) {
      if (items[i].dataset.id === 'greeting') continue;
      if (!items[i].dataset.seq || Number(items[i].dataset.seq) > seq) return items[i];
    }
    return null;
  }
  function labelLauncher() {
    var n = state.unread;
    $('bubble').setAttribute('aria-label', n === 0 ? t('open') : n === 1 ? t('unreadOne') : t('unreadMany', { n: n }));
  }
  // seq (optional): the server's order of a stored message; history is placed by it,
  // before anything newer or not stored yet.
  function upsertMessage(id, role, content, streaming, first, seq) {
    var list = $('messages');
    var item = state.messages.get(id);
    var created = !item;
    if (created) {
      item = document.createElement('li');
      item.className = role;
      item.dataset.id = id;
      state.messages.set(id, item);
      list.insertBefore(item, first ? list.firstChild : typeof seq === 'number' ? laterThan(seq) : null);
    }
    if (typeof seq === 'number' && !streaming) item.dataset.seq = String(seq);
    item.textContent = content;        // data, never markup
    item.classList.toggle('streaming', !!streaming);
    item.setAttribute('aria-busy', String(!!streaming));   // announce the reply once, not every chunk
    list.scrollTop = list.scrollHeight;   // not scrollIntoView: that would scroll the host page too
    return created;
  }

  // ---- open / close ---------------------------------------------------------

  function focusComposer() {
    if (needsConsent()) $('consent-box').focus();
    else $('input').focus();
  }
  // how.tell: the change started in this frame, so the host must hear about it;
  // how.quiet: do not move focus (a reply arrived, the user may be elsewhere).
  function setOpen(open, how) {
    how = how || {};
    $('panel').classList.remove('closing');   // an open() during the exit animation keeps it open
    if (state.isOpen === open) return;
    state.isOpen = open;
    var hadFocus = document.hasFocus();
    render();
    if (open) {
      if (mode() === 'chat-widget') setUnread(0);
      if (!how.quiet) focusComposer();
      startSession();
    } else if (mode() === 'chat-widget' && hadFocus) {
      $('bubble').focus();             // focus goes back where the user was
    }
    if (how.tell && open) kit.requestOpen();
    if (how.tell && !open) kit.requestClose();
  }
  function closeFromInside() {
    var panel = $('panel');
    if (mode() !== 'chat-widget' || reducedMotion.matches) { setOpen(false, TELL); return; }
    // Play the exit animation while the host still gives us the big box.
    panel.classList.add('closing');
    setTimeout(function () { if (panel.classList.contains('closing')) setOpen(false, TELL); }, CLOSE_MS);
  }

  // ---- conversation ---------------------------------------------------------

  function sessionBody() {
    var scope = kit.getScope();
    var inboxId = state.options.inboxId || (scope && scope.whatsappNumberIds[0]);
    var body = { inboxId: inboxId, visitorId: visitorId() };
    var user = state.options.user;
    if (user) {
      // userId too: with a verified token the server refuses a different one (user-mismatch).
      body.customerInfo = { name: user.name, email: user.email, phone: user.phone, userId: user.userId };
    }
    if (state.consentGiven && state.consentAt) body.consent = { timestamp: state.consentAt };
    return body;
  }
  function openSession() {
    return api('POST', '/api/widget/session', kit.getToken(), sessionBody()).catch(function (err) {
      if (err.code === 'user-mismatch') kit.reportError('user-mismatch', err.message);
      throw err;
    });
  }
  function ensureSession() {
    if (state.session) return Promise.resolve(state.session);
    if (state.sessionPromise) return state.sessionPromise;
    var epoch = state.epoch;
    state.sessionPromise = openSession().then(function (session) {
      if (epoch !== state.epoch) { var gone = new Error('reset'); gone.reset = true; throw gone; }   // a logout won the race
      adopt(session);
      return session;
    }, function (err) { if (epoch === state.epoch) state.sessionPromise = null; throw err; });
    return state.sessionPromise;
  }
  function adopt(session) {
    // The server decides the conversation (with a verified user: that user's, on any
    // device). Another one than shown: what is shown belongs to someone else.
    if (state.conversationId && state.conversationId !== session.conversationId) clearConversation();
    state.conversationId = session.conversationId;
    state.session = session;
    state.sessionPromise = null;
    if (session.disclosure) { $('disclosure').textContent = session.disclosure; $('disclosure').hidden = false; }
    // The greeting opens the conversation, even if the user wrote before it arrived.
    if (session.greeting && !state.messages.has('greeting')) upsertMessage('greeting', 'ai', session.greeting, false, true);
    kit.conversationOpened(session.conversationId);
    connectSocket();
    if (session.isResumed) loadHistory(session);
  }
  // A resumed conversation (this browser earlier, or the same verified user elsewhere).
  function loadHistory(session) {
    api('GET', '/api/widget/messages?after=0', session.sessionToken).then(function (data) {
      if (state.session !== session || !data || !Array.isArray(data.messages)) return;
      data.messages.forEach(function (m) {
        var id = m.clientMessageId && state.messages.has(m.clientMessageId) ? m.clientMessageId : m.messageId;
        upsertMessage(id, m.role === 'user' ? 'user' : 'ai', String(m.content), false, false, m.seq);
      });
    }).catch(function () { /* the live conversation goes on; the next resume retries */ });
  }
  function clearConversation() {
    state.messages.clear();
    $('messages').textContent = '';
    $('disclosure').hidden = true;
    setUnread(0);
  }
  // A new token (setToken, or a refresh): ask the server whose conversation it opens.
  // A refresh or the same user gets the same one back and nothing changes.
  function recheckSession() {
    var current = state.session;
    var epoch = state.epoch;
    if (!current) return;
    openSession().then(function (fresh) {
      if (epoch !== state.epoch || state.session !== current || fresh.conversationId === current.conversationId) return;
      dropSession();
      adopt(fresh);
    }, function (err) {
      // Refused for the new token (another user's page, user-mismatch): show nothing of the old one.
      if (epoch !== state.epoch || state.session !== current || err.status !== 403) return;
      dropSession();
      clearConversation();
    });
  }
  // When the conversation becomes visible: fetch the session now, so the greeting comes first.
  function startSession() {
    if (state.initialized && !state.empty && !needsConsent() && (mode() === 'embedded' || state.isOpen)) {
      ensureSession().catch(function () { /* retried by the next send */ });
    }
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
      if (state.socket !== socket) return;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (!frame || frame.type !== 'message.new' || !frame.payload) return;
      var p = frame.payload;
      var role = p.sender && p.sender.type === 'user' ? 'user' : 'ai';
      var id = p.clientMessageId && state.messages.has(p.clientMessageId) ? p.clientMessageId : p.messageId;
      upsertMessage(id, role, String(p.content), p.streaming, false, p.seq);
      if (role === 'ai' && mode() === 'prompt-input' && !state.isOpen) setOpen(true, { tell: true, quiet: true });   // show the reply
      if (role === 'ai' && !p.streaming) {
        kit.reportMessage('ai', String(p.content));
        if (!state.isOpen && mode() === 'chat-widget') setUnread(state.unread + 1);
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

  // Returns false (and says why) when the text is not sent.
  function send(text) {
    text = String(text || '').trim();
    if (!text) return false;
    if (needsConsent()) { status(t('consentFirst')); return false; }
    if (text.length > maxLength()) {
      // Refused before it shows as sent (the host's sendMessage checks too).
      status(t('tooLong', { n: text.length, max: maxLength() }));
      kit.reportError('message-too-long', 'The message has ' + text.length + ' characters; the limit is ' + maxLength() + '.');
      return false;
    }
    state.chipsUsed = true;
    status('');
    render();
    var clientId = 'c_' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    upsertMessage(clientId, 'user', text, false);
    kit.reportMessage('user', text);
    var body = messageBody(text, clientId);   // the page it was written on, also when retried
    var post = function (session) {
      return api('POST', '/api/widget/message', session.sessionToken, body);
    };
    ensureSession().then(post).catch(function (err) {
      if (err.status !== 401) throw err;
      dropSession();                     // the session token was refused: one fresh session, one retry
      return ensureSession().then(post);
    }).catch(function (err) {
      if (err.reset) return;             // logged out meanwhile: nothing to report
      status(t('sendFailed'));
      kit.reportError('send-failed', 'Sending the message failed: ' + err.message);
    });
    return true;
  }

  // What the agent gets with the message, for this message only (the server keeps
  // neither): the host page the visitor wrote it on, and the host's updateContext data.
  function messageBody(text, clientId) {
    var body = { content: text, clientMessageId: clientId };
    if (state.page) body.page = { url: state.page.url, title: state.page.title };
    if (Object.keys(state.context).length > 0) body.context = state.context;
    return body;
  }

  // The composer's inline error: the over-long text stays in the input, unsent.
  function checkLength() {
    var input = $('input');
    var n = input.value.trim().length;
    var tooLong = n > maxLength();
    input.setAttribute('aria-invalid', String(tooLong));
    $('input-error').hidden = !tooLong;
    $('input-error').textContent = tooLong ? t('tooLong', { n: n, max: maxLength() }) : '';
    return !tooLong;
  }

  function updateContact(fields) {
    ensureSession().then(function (session) {
      return api('PATCH', '/api/widget/contact', session.sessionToken, fields);
    }).catch(function (err) {
      // Fire-and-forget for the host page; the frame reports it as an error event.
      var code = err.status === 429 ? 'rate-limited' : err.code === 'user-mismatch' ? 'user-mismatch' : 'contact-failed';
      kit.reportError(code, 'updateContact failed: ' + err.message);
    });
  }

  // The conversation's session belongs to the chat token: when the token expires
  // it goes too; with the renewed token the same visitor resumes the conversation.
  function dropSession() {
    var socket = state.socket;
    state.session = null;
    state.sessionPromise = null;
    state.socket = null;
    if (socket) socket.close(1000);
  }

  // Logout on a shared computer: forget this visitor and conversation, synchronously.
  function forget() {
    state.epoch += 1;                  // requests in flight cannot bring the old session back
    dropSession();
    state.conversationId = null;
    state.context = {};                // the host's data about the visitor goes too (the page stays)
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf('chat.') === 0) localStorage.removeItem(key);   // visitorId, consent, ...
      }
    } catch (e) { /* storage unavailable: nothing was kept */ }
    state.messages.clear();
    $('messages').textContent = '';
    $('disclosure').hidden = true;
    $('input').value = '';
    state.consentGiven = false;
    state.consentAt = null;
    state.chipsUsed = false;
    state.resume = false;
    $('consent-box').checked = false;
    $('consent-start').disabled = true;
    status('');
    checkLength();
    setUnread(0);
    render();
  }

  // ---- wiring -----------------------------------------------------------------

  kit.on('init', function (init) {
    state.options = init.options || {};
    state.questions = state.options.questions || [];
    state.placeholder = state.options.placeholder || null;
    state.isOpen = init.open;
    state.consentGiven = (function () { try { return localStorage.getItem('chat.consent') !== null; } catch (e) { return false; } })();
    document.body.dataset.mode = mode();
    document.body.dataset.position = state.options.position === 'left' ? 'left' : 'right';
    // A floating chat is a dialog; inline (embedded, prompt bar) it is a region of the page.
    $('panel').setAttribute('role', mode() === 'chat-widget' ? 'dialog' : 'region');
    $('agent-title').textContent = state.options.agentTitle || '';
    if (state.options.privacyUrl && /^https?:\/\//.test(state.options.privacyUrl)) {
      $('privacy').href = state.options.privacyUrl;
      $('privacy').hidden = false;
    }
    state.initialized = true;
    state.empty = false;
    applyTheme(init.theme);
    applyLocale(init.locale);
    renderQuestions();
    render();
    status('');
    startSession();
  });
  kit.on('open', function () { setOpen(true); });
  kit.on('close', function () { setOpen(false); });
  kit.on('set-theme', function (p) { applyTheme(p.theme); });
  kit.on('set-locale', function (p) { applyLocale(p.locale); });
  kit.on('setQuestions', function (p) { state.questions = p.questions; state.chipsUsed = false; renderQuestions(); render(); });
  kit.on('sendMessage', function (p) { send(p.text); });
  kit.on('updateContext', function (p) { Object.assign(state.context, p.context); });
  try {
    // Nothing is shown for it: the page goes to the agent with the next message.
    kit.on('page', function (p) { state.page = { url: p.url, title: p.title }; });
  } catch (e) { /* a kit without the page event (ArgumentError): messages go without it */ }
  kit.on('updateContact', function (p) { updateContact(p.fields); });
  // Refused: nothing to show (the host got the error event); the text stays for diagnostics.
  kit.on('rejected', function (p) { state.empty = true; render(); status(t('rejected') + ' (' + p.code + ')'); });
  kit.on('expired', function () {
    if (!state.initialized) { state.empty = true; render(); return; }   // refused before anything was drawn
    status(t('expired'));
    if (state.session) { state.resume = true; dropSession(); }
  });
  kit.on('token', function () {
    status('');
    if (state.resume) { state.resume = false; ensureSession().catch(function () { /* the next send retries */ }); }
    else recheckSession();
  });
  try {
    kit.on('reset', forget);
  } catch (e) { /* a kit without the reset event (ArgumentError): the page works without it */ }

  $('bubble').addEventListener('click', function () { setOpen(true, TELL); });
  $('close').addEventListener('click', closeFromInside);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && state.isOpen && mode() !== 'embedded') { event.preventDefault(); closeFromInside(); }
  });
  $('composer').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = $('input');
    if (!checkLength()) { input.focus(); return; }
    if (send(input.value)) input.value = '';
  });
  $('input').addEventListener('input', function () {
    checkLength();
    if (mode() === 'prompt-input' && !state.isOpen) setOpen(true, TELL);   // typing after Escape
  });
  $('input').addEventListener('focus', function () {
    if (mode() === 'prompt-input' && !state.isOpen) setOpen(true, TELL);
  });
  // The prompt bar shrinks back when the user moves on to the host page.
  window.addEventListener('blur', function () {
    if (mode() === 'prompt-input' && state.isOpen) setOpen(false, TELL);
  });
  $('consent-box').addEventListener('change', function () { $('consent-start').disabled = !$('consent-box').checked; });
  $('consent-start').addEventListener('click', function () {
    state.consentGiven = true;
    state.consentAt = new Date().toISOString();
    try { localStorage.setItem('chat.consent', state.consentAt); } catch (e) { /* storage unavailable: consent for this page only */ }
    status('');
    render();
    $('input').focus();
    startSession();
  });

  try {
    kit.start();
  } catch (e) {
    // Opened outside an iframe (or without parentOrigin): say why, in the page itself.
    $('app').hidden = false;
    $('panel').hidden = false;
    status(e.message);
  }
})();
