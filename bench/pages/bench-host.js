// Host page of bench/compare.py: host.html?lib=raw|sdk|penpal&frame=<frame origin>
// loads that one library and gives compare.py the same operations for each
// (window.bench). Every wait is bounded: page.evaluate() itself has no timeout.
(function () {
  var params = new URLSearchParams(location.search);
  var LIB = params.get('lib');
  var FRAME = params.get('frame');
  var SCRIPTS = { raw: '/raw-host.js', sdk: '/embed.js', penpal: '/penpal.min.js' };
  var PARENT = encodeURIComponent(location.origin);
  var TIMEOUT_MS = 15000;

  function within(promise, what) {
    var timer;
    var timeout = new Promise(function (resolve, reject) {
      timer = setTimeout(function () { reject(new Error(LIB + ': ' + what + ' timed out')); }, TIMEOUT_MS);
    });
    return Promise.race([promise, timeout]).finally(function () { clearTimeout(timer); });
  }

  // One task per cycle without setTimeout's 4 ms clamp.
  var channel = new MessageChannel();
  var wake = null;
  channel.port1.onmessage = function () { wake(); };
  function nextTask() {
    return new Promise(function (resolve) { wake = resolve; channel.port2.postMessage(null); });
  }

  // connect(opts) -> {ready: Promise, ping(id): Promise, destroy()}; the iframe
  // is created inside connect(), so the ready time includes it for every library.
  var ADAPTERS = {
    raw: function () {
      return window.RawBridge.connect(FRAME + '/raw-frame.html?parentOrigin=' + PARENT);
    },
    sdk: function (opts) {
      var widget = window.PilotStatus.create();
      var pending = new Map();
      var ready = new Promise(function (resolve, reject) {
        widget.once('ready', resolve);
        widget.once('error', function (e) { reject(new Error(e.code + ': ' + e.message)); });
      });
      ready.catch(function () {});   // a destroyed cycle never becomes ready
      // The frame echoes updateContext back as a `message` (compare.py installs
      // the echo through the frame kit): neither is coalesced per animation frame.
      widget.on('message', function (m) {
        var resolve = pending.get(m.content);
        if (m.role === 'user' && resolve) { pending.delete(m.content); resolve(); }
      });
      widget.init({ token: opts.token, baseUrl: FRAME });
      return {
        ready: ready,
        ping: function (id) {
          return new Promise(function (resolve) {
            pending.set(String(id), resolve);
            widget.updateContext({ userId: String(id) });
          });
        },
        destroy: function () { widget.destroy(); },
      };
    },
    penpal: function () {
      var iframe = document.createElement('iframe');
      iframe.src = FRAME + '/penpal-frame.html?parentOrigin=' + PARENT;
      document.body.appendChild(iframe);
      var connection = window.Penpal.connect({
        messenger: new window.Penpal.WindowMessenger({ remoteWindow: iframe.contentWindow, allowedOrigins: [FRAME] }),
        methods: {},
      });
      var remote = null;
      var ready = connection.promise.then(function (r) { remote = r; });
      ready.catch(function () {});   // destroy() rejects it
      return {
        ready: ready,
        ping: function (id) { return remote.ping(id); },
        destroy: function () { connection.destroy(); iframe.remove(); },
      };
    },
  };

  var current = null;
  window.bench = {
    loaded: within(new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = SCRIPTS[LIB];
      script.onload = resolve;
      script.onerror = function () { reject(new Error('could not load ' + SCRIPTS[LIB])); };
      document.head.appendChild(script);
    }), 'loading ' + SCRIPTS[LIB]),
    // Milliseconds from connect() (iframe creation) to ready.
    connect: function (opts) {
      var t0 = performance.now();
      current = ADAPTERS[LIB](opts);
      return within(current.ready, 'ready').then(function () { return performance.now() - t0; });
    },
    // `count` samples after `warmup` not kept; a sample is the mean of `batch`
    // back-to-back round trips, as performance.now() is coarsened to 0.1 ms on
    // pages that are not cross-origin isolated.
    pings: async function (warmup, count, batch) {
      var times = [];
      var id = 0;
      for (var i = 0; i < warmup + count; i++) {
        var t0 = performance.now();
        for (var j = 0; j < batch; j++) await within(current.ping(id++), 'ping');
        if (i >= warmup) times.push((performance.now() - t0) / batch);
      }
      return times;
    },
    close: function () { current.destroy(); current = null; },
    // connect + destroy `count` times, one task each, never waiting for ready.
    cycles: async function (count, opts) {
      for (var i = 0; i < count; i++) {
        ADAPTERS[LIB](opts).destroy();
        await nextTask();
      }
      return document.querySelectorAll('iframe').length;
    },
  };
})();
