// The raw postMessage baseline, host side: what a hand-written embed needs at
// least (iframe, exact origin and source checks, a hello handshake, ping/pong).
// compare.py also measures the evaluation time of this file as "raw".
window.RawBridge = {
  connect: function (src) {
    var origin = new URL(src).origin;
    var iframe = document.createElement('iframe');
    var pending = new Map();
    var resolveReady;
    var ready = new Promise(function (resolve) { resolveReady = resolve; });
    function onMessage(event) {
      if (event.origin !== origin || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (!data || typeof data !== 'object') return;
      if (data.type === 'hello') {
        resolveReady();
      } else if (data.type === 'pong' && pending.has(data.id)) {
        pending.get(data.id)();
        pending.delete(data.id);
      }
    }
    window.addEventListener('message', onMessage);
    iframe.src = src;
    document.body.appendChild(iframe);
    return {
      ready: ready,
      ping: function (id) {
        return new Promise(function (resolve) {
          pending.set(id, resolve);
          iframe.contentWindow.postMessage({ type: 'ping', id: id }, origin);
        });
      },
      destroy: function () {
        window.removeEventListener('message', onMessage);
        pending.clear();
        iframe.remove();
      },
    };
  },
};
