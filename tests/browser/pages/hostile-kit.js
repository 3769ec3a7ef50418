// A hostile host page (served at /t/hostile-kit.js; loaded after /devkit.js and
// BEFORE the SDK). It replaces built-ins the way old libraries and careless
// pages do, and restores nothing:
//   /t/hostile.html?frame=<origin>&traps=<name>,<name>,...   (or traps=all)
// The page's own helpers below (the same roles as harness.js: SDK, credentials,
// track, count, last) are written so that they never call a trapped built-in,
// and __dump() encodes values without JSON.stringify or any toJSON, so the test
// can read the page's state whatever the SDK did. Every call of a trap is logged
// in __trapCalls with its stack; `fromSdk` says whether the SDK's script was on it.
(function () {
  var PROFILE = window.DEVKIT.profile;
  var EVENTS = ['ready', 'open', 'close', 'message', 'error', 'resize', 'unread-count', 'conversation-opened',
    'session-expired'];
  var params = new URLSearchParams(location.search);
  var keys = Object.keys;
  var isArray = Array.isArray;

  Object.defineProperty(window, 'SDK', { get: function () { return window[PROFILE.globalName]; } });
  window.PUBLIC_INBOX = 'your-inbox-id';
  window.FRAME = params.get('frame');
  window.__events = [];
  window.__trapCalls = [];

  function has(list, item) {
    for (var i = 0; i < list.length; i++) if (list[i] === item) return true;
    return false;
  }

  // A stack frame of the SDK: any script of this origin but the test's own
  // (/t/..., /devkit.js): /embed.js, /headless.mjs and whatever chunks they load.
  function isSdkFrame(line) {
    var at = line.indexOf(location.origin + '/');
    if (at < 0) return false;
    var path = line.slice(at + location.origin.length);
    return path.indexOf('/t/') !== 0 && path.indexOf('/devkit.js') !== 0;
  }

  function note(name) {
    var stack = String(new Error('trap').stack);
    var lines = stack.split('\n');
    var fromSdk = false;
    for (var i = 1; i < lines.length; i++) if (isSdkFrame(lines[i])) fromSdk = true;
    window.__trapCalls.push({ name: name, fromSdk: fromSdk, stack: stack });
  }

  // Playwright's own scripts in the page (UtilityScript, InjectedScript, the
  // expressions a test evaluates) are the test tool, not the host page: when the
  // direct caller of a trap is such code (it has no URL) it gets the original.
  // The SDK's code always has one (/embed.js, /headless.mjs, their chunks).
  // (Stack: Error, fromTestTool, the trap, its callers; built-in frames such as
  // `at Reflect.apply (<anonymous>)` are skipped.)
  function fromTestTool() {
    var lines = String(new Error('trap').stack).split('\n');
    for (var i = 3; i < lines.length; i++) {
      if (lines[i].split('(<anonymous>)').length > 1) continue;
      return lines[i].split('://').length === 1;
    }
    return false;
  }

  function thrower(name, original) {
    return function () {
      if (fromTestTool()) return original.apply(this, arguments);
      note(name);
      throw new Error('hostile host: ' + name + ' was called');
    };
  }

  // Every trap the page can install: name -> installer. Plain assignments, as the
  // legacy libraries do (a new property is then enumerable; a replaced built-in
  // keeps its attributes).
  function replaceMethod(owner, ownerName, key) {
    return function () { owner[key] = thrower(ownerName + '.' + key, owner[key]); };
  }
  var TRAPS = {
    'Array.prototype.includes': replaceMethod(Array.prototype, 'Array.prototype', 'includes'),
    'Array.prototype.indexOf': replaceMethod(Array.prototype, 'Array.prototype', 'indexOf'),
    'Array.prototype.map': replaceMethod(Array.prototype, 'Array.prototype', 'map'),
    'Array.prototype.forEach': replaceMethod(Array.prototype, 'Array.prototype', 'forEach'),
    'Array.prototype.filter': replaceMethod(Array.prototype, 'Array.prototype', 'filter'),
    // Prototype.js 1.6: Array#toJSON returns a JSON *string*, so JSON.stringify
    // double-encodes every array ('["a"]' becomes '"[\"a\"]"').
    'Array.prototype.toJSON': function () {
      Array.prototype.toJSON = function () { note('Array.prototype.toJSON'); return '["hostile array"]'; };
    },
    'Object.prototype.toJSON': function () {
      Object.prototype.toJSON = function () { note('Object.prototype.toJSON'); return 'hostile object'; };
    },
    'Function.prototype.bind': replaceMethod(Function.prototype, 'Function.prototype', 'bind'),
    // JSON.stringify that returns well-formed garbage, or (the -throws variant) throws.
    'JSON.stringify': function () {
      var original = JSON.stringify;
      JSON.stringify = function () {
        if (fromTestTool()) return original.apply(this, arguments);
        note('JSON.stringify');
        return '{"hostile":"garbage"}';
      };
    },
    'JSON.stringify-throws': replaceMethod(JSON, 'JSON', 'stringify'),
  };
  window.TRAP_NAMES = keys(TRAPS);

  // ---- helpers that need none of the trapped built-ins --------------------------------------------

  // JSON text of plain data, ignoring every toJSON (own enumerable keys only).
  function dump(value) {
    if (value === undefined) return 'null';
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'string') return '"' + escape(value) + '"';
      if (typeof value === 'number') return isFinite(value) ? String(value) : 'null';
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      return 'null';   // functions, symbols
    }
    var out = '';
    if (isArray(value)) {
      for (var i = 0; i < value.length; i++) out += (i ? ',' : '') + dump(value[i]);
      return '[' + out + ']';
    }
    var names = keys(value);
    for (var j = 0; j < names.length; j++) {
      out += (j ? ',' : '') + '"' + escape(names[j]) + '":' + dump(value[names[j]]);
    }
    return '{' + out + '}';
  }
  function escape(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      var ch = text.charAt(i);
      if (ch === '"' || ch === '\\') out += '\\' + ch;
      else if (c < 0x20) out += '\\u' + ('000' + c.toString(16)).slice(-4);
      else out += ch;
    }
    return out;
  }
  window.__dump = dump;

  window.mint = function () {
    return fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      .then(function (r) { return r.json(); }).then(function (d) { return d.token; });
  };
  window.credentials = function () {
    if (!PROFILE.requiresToken) return Promise.resolve({ inboxId: window.PUBLIC_INBOX, baseUrl: window.FRAME });
    return window.mint().then(function (token) { return { token: token, baseUrl: window.FRAME }; });
  };
  function recorder(name) {
    return function (payload) {
      window.__events.push({ name: name, payload: payload === undefined ? null : payload });
    };
  }
  window.track = function (api) {
    api = api || window.SDK;
    for (var i = 0; i < EVENTS.length; i++) api.on(EVENTS[i], recorder(EVENTS[i]));
  };
  window.count = function (name) {
    var n = 0;
    for (var i = 0; i < window.__events.length; i++) if (window.__events[i].name === name) n++;
    return n;
  };
  window.last = function (name) {
    for (var i = window.__events.length - 1; i >= 0; i--) {
      if (window.__events[i].name === name) return window.__events[i].payload;
    }
    return undefined;
  };
  window.countMessages = function (role) {
    var n = 0;
    for (var i = 0; i < window.__events.length; i++) {
      var e = window.__events[i];
      if (e.name === 'message' && e.payload && e.payload.role === role) n++;
    }
    return n;
  };
  // The headless client's conversation (hostile-headless.html), without the greeting.
  window.headlessState = function () {
    var s = window.client.getState();
    var messages = [];
    for (var i = 0; i < s.messages.length; i++) {
      var m = s.messages[i];
      if (m.id !== 'greeting') messages.push({ id: m.id, role: m.role, content: m.content, loading: !!m.isLoading });
    }
    return { token: s.session ? s.session.sessionToken : null, status: s.connectionStatus, loading: s.isLoading,
      error: s.error === undefined ? null : String(s.error), messages: messages };
  };
  window.sdkTrapCalls = function () {
    var out = [];
    for (var i = 0; i < window.__trapCalls.length; i++) {
      if (window.__trapCalls[i].fromSdk) out.push(window.__trapCalls[i]);
    }
    return out;
  };

  // Positive controls: the page itself calls a (possibly trapped) built-in; a
  // callback the SDK runs calls __noteForControl (logged like a trap call).
  var FIRE = {
    'Array.prototype.includes': function () { return [1].includes(1); },
    'Array.prototype.indexOf': function () { return [1].indexOf(1); },
    'Array.prototype.map': function () { return [1].map(function (x) { return x; }); },
    'Array.prototype.forEach': function () { return [1].forEach(function () {}); },
    'Array.prototype.filter': function () { return [1].filter(function () { return true; }); },
    'Function.prototype.bind': function () { return typeof function () {}.bind(null); },
    'JSON.stringify': function () { return JSON.stringify({ a: ['x'] }); },
  };
  window.fireTrap = function (name) {
    try { return ['returned', FIRE[name]()]; } catch (e) { return ['threw', String(e.message)]; }
  };
  window.__noteForControl = function () { note('control'); };

  // ---- the traps ---------------------------------------------------------------------------------------
  var wanted = (params.get('traps') || '').split(',');
  var installed = [];
  for (var name in TRAPS) {
    if (!Object.prototype.hasOwnProperty.call(TRAPS, name)) continue;
    var all = has(wanted, 'all') && name !== 'JSON.stringify-throws';   // `all`: the garbage JSON.stringify
    if (all || has(wanted, name)) { TRAPS[name](); installed.push(name); }
  }
  for (var k = 0; k < wanted.length; k++) {
    if (wanted[k] && wanted[k] !== 'all' && !has(installed, wanted[k])) throw new Error('unknown trap ' + wanted[k]);
  }
  window.__installedTraps = installed;
})();
